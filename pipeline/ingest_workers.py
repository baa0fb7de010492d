"""The worker processes of ``ingest``: each extracts the files the parent hands it, one at a time,
and sends back a JSON payload (the result, the texts, the layout) or the reason it could not.

A worker is forked after the extractors are warmed up, opens each file without following links
and checks it is the very file that was hashed, runs under an address-space limit, ignores Ctrl-C
(the parent's to handle) and dies with its parent. The parent (``ingest``) keeps the time limits,
replaces a worker that times out, runs out of memory or dies, and alone writes to the store.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
import resource
import signal
import stat
import threading
import time
from pathlib import Path
from typing import Callable

OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def _warm_up() -> None:
    from .run import extract_text

    sample = Path(__file__).resolve().parent.parent / "corpora" / "sample" / "mau_cong_van.txt"
    try:
        extract_text(sample.read_text(encoding="utf-8"))
    except OSError:  # an installed package without the sample: imports alone still help
        pass


def _payload(task: dict, *, ocr: bool = True, on_ocr: Callable[[int], None] | None = None) -> dict:
    """Extract the file ``task`` names, if it is still the file that was hashed.

    ``task``: ``path`` (to open), ``shown`` (the name results carry), ``sha256`` and ``ident``
    ((device, inode) when hashed). The file is opened without following links, its identity
    compared, and read through ``/proc/self/fd/N``, so a name swapped meanwhile is never read."""
    from .run import extract, layout_blocks, to_result

    t0 = time.perf_counter()
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        fd = os.open(task["path"], OPEN_FLAGS)
    except OSError as exc:
        why = ("the path became a symbolic link after it was hashed; not followed" if exc.errno == errno.ELOOP
               else f"cannot open it again: {exc.strerror or exc}")
        return {"error": "changed", "detail": why}
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or [st.st_dev, st.st_ino] != list(task["ident"]):
            return {"error": "changed", "detail": "the file was replaced after it was hashed; not read"}
        src = f"/proc/self/fd/{fd}" if os.path.isdir("/proc/self/fd") else task["path"]
        doc = extract(src, display_path=task["shown"], ocr=ocr, on_ocr=on_ocr)
        if doc.sha256 != task["sha256"]:
            return {"error": "changed", "detail": "the content changed after it was hashed; read again next run"}
        return {"result": to_result(doc), "original": doc.original_text or "", "normalised": doc.text or "",
                "blocks": layout_blocks(doc), "field_evidence": doc.evidence,
                "seconds": time.perf_counter() - t0, "started": started}
    except MemoryError:
        return {"error": "memory", "detail": "the memory limit was reached"}
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return {"error": "crash", "detail": f"{type(exc).__name__}: {exc}"}
    finally:
        os.close(fd)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies (kill -9 of ``congvan ingest`` included)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: a thread watches the parent instead
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)
        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _worker(conn, max_memory: int | None, ocr: bool = True, parent: int | None = None) -> None:
    """A worker process: tasks in, JSON payloads out, until the parent closes the pipe.

    Before OCR it sends ``{"extend": pages}`` so that the parent gives the file more time."""
    if parent is not None:
        _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    os.environ.setdefault("CONGVAN_OCR_WORKERS", "1")  # documents are spread over workers already
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return  # the parent is done with this worker
        payload = _payload(task, ocr=ocr,
                           on_ocr=lambda n: conn.send_bytes(json.dumps({"extend": n}).encode("utf-8")))
        conn.send_bytes(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        if payload.get("error") == "memory":
            return  # the heap may be broken; the parent starts a fresh worker


class _Worker:
    def __init__(self, ctx, max_memory: int | None, ocr: bool = True):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, max_memory, ocr, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.task: dict | None = None
        self.deadline = self.limit = 0.0

    def give(self, task: dict, timeout: float, max_seconds: float) -> None:
        now = time.monotonic()
        self.task, self.deadline, self.limit = task, now + min(timeout, max_seconds), now + max_seconds
        self.conn.send({k: task[k] for k in ("path", "shown", "sha256", "ident")})

    def stop(self, *, kill: bool = False) -> None:
        # an explicit stop message: forked siblings hold copies of this pipe, so EOF may never come
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.conn.close()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
