"""``congvan ingest INBOX --db FILE``: a whole inbox into the store, nothing lost, nothing twice.

Each file is read once in the parent to get its sha256; files already stored (or quarantined) with
the current extractor version are skipped, and a second file with the same content under another
name is recorded as another path of the same document. The rest run in ``workers`` worker
processes (forked after the extractors are imported and warmed up), each file under a wall-clock
timeout and the worker under an address-space limit; a worker that times out, runs out of memory
or dies is replaced and its file goes to quarantine with the reason.
Only the parent writes to the database, one document per transaction, so Ctrl-C or kill -9 at any
moment leaves whole documents, and the next run finishes the rest.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing as mp
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, TextIO

from . import EXTRACTOR_VERSION
from .load import sha256_of
from .store import Store

log = logging.getLogger(__name__)

# warnings that mean nothing usable could be read: the file goes to quarantine with that reason
QUARANTINE_CODES = {"corrupt": "corrupt", "encrypted": "encrypted", "not_pdf": "not_pdf",
                    "unreadable": "unreadable", "empty_file": "empty", "no_text_layer": "no_text_layer"}


@dataclass
class Summary:
    seen: int = 0
    stored: int = 0
    skipped: int = 0
    duplicates: int = 0
    quarantined: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def line(self) -> str:
        q = sum(self.quarantined.values())
        why = ", ".join(f"{k} {v}" for k, v in sorted(self.quarantined.items()))
        return (f"{self.seen} file(s): {self.stored} stored, {self.skipped} skipped (already stored), "
                f"{self.duplicates} duplicate(s), {q} quarantined{f' ({why})' if why else ''}"
                f" in {self.seconds:.1f}s{' - interrupted' if self.interrupted else ''}")


def inbox_files(inbox: Path) -> list[Path]:
    """Every regular file under ``inbox`` (hidden files and links left out), in a stable order."""
    if inbox.is_file():
        return [inbox]
    out = []
    for root, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root) / name
            if not name.startswith(".") and p.is_file() and not p.is_symlink():
                out.append(p)
    return out


def _warm_up() -> None:
    from .run import extract_text

    sample = Path(__file__).resolve().parent.parent / "corpora" / "sample" / "mau_cong_van.txt"
    try:
        extract_text(sample.read_text(encoding="utf-8"))
    except OSError:  # an installed package without the sample: imports alone still help
        pass


def _payload(path: str, *, ocr: bool = True, on_ocr: Callable[[int], None] | None = None) -> dict:
    from .run import extract, layout_blocks, to_result

    t0 = time.perf_counter()
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        doc = extract(path, ocr=ocr, on_ocr=on_ocr)
        return {"result": to_result(doc), "original": doc.original_text or "", "normalised": doc.text or "",
                "blocks": layout_blocks(doc), "field_evidence": doc.evidence,
                "seconds": time.perf_counter() - t0, "started": started}
    except MemoryError:
        return {"error": "memory", "detail": "the memory limit was reached"}
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return {"error": "crash", "detail": f"{type(exc).__name__}: {exc}"}


def _worker(conn, max_memory: int | None, ocr: bool = True) -> None:
    """A worker process: paths in, JSON payloads out, until the parent closes the pipe.

    Before OCR it sends ``{"extend": pages}`` so that the parent gives the file more time."""
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    os.environ.setdefault("CONGVAN_OCR_WORKERS", "1")  # documents are spread over workers already
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return  # the parent is done with this worker
        payload = _payload(path, ocr=ocr,
                           on_ocr=lambda n: conn.send_bytes(json.dumps({"extend": n}).encode("utf-8")))
        conn.send_bytes(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        if payload.get("error") == "memory":
            return  # the heap may be broken; the parent starts a fresh worker


class _Worker:
    def __init__(self, ctx, max_memory: int | None, ocr: bool = True):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, max_memory, ocr), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[Path, str, int] | None = None
        self.deadline = 0.0

    def give(self, task: tuple[Path, str, int], timeout: float) -> None:
        self.task, self.deadline = task, time.monotonic() + timeout
        self.conn.send(str(task[0]))

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


class Progress:
    """One status line on a terminal (rate and ETA); silent elsewhere (CI, pipes)."""

    def __init__(self, total: int, stream: TextIO | None):
        self.total, self.stream, self.done, self.t0 = total, stream, 0, time.perf_counter()

    def step(self, note: str = "") -> None:
        self.done += 1
        if not self.stream:
            return
        el = time.perf_counter() - self.t0
        rate = self.done / el if el else 0.0
        eta = (self.total - self.done) / rate if rate else 0.0
        self.stream.write(f"\r\x1b[Kingest {self.done}/{self.total} {rate:.1f} doc/s "
                          f"ETA {int(eta // 60)}:{int(eta % 60):02d} {note[:50]}")
        self.stream.flush()

    def close(self) -> None:
        if self.stream and self.done:
            self.stream.write("\n")


def ingest(inbox: str | Path, db_path: str | Path, *, workers: int = 1, timeout: float = 120.0,
           ocr: bool = True, ocr_timeout_per_page: float = 60.0,
           max_memory_mb: int | None = 2048, progress: TextIO | None = None,
           version: str = EXTRACTOR_VERSION, on_stored: Callable[[str], None] | None = None) -> Summary:
    """Ingest every file under ``inbox`` into the store at ``db_path``; see the module docstring."""
    t0 = time.perf_counter()
    store = Store(db_path)
    summary = Summary()
    todo: list[tuple[Path, str, int]] = []
    first_of: dict[str, str] = {}
    later_paths: list[tuple[str, str]] = []
    for path in inbox_files(Path(inbox)):
        summary.seen += 1
        try:
            data = path.read_bytes()
        except OSError as exc:
            store.quarantine(path=str(path), sha256=None, reason="unreadable", detail=str(exc), version=version)
            summary.quarantined["unreadable"] = summary.quarantined.get("unreadable", 0) + 1
            continue
        sha = sha256_of(data)
        if sha in first_of:
            summary.duplicates += 1
            later_paths.append((sha, str(path)))
            continue
        first_of[sha] = str(path)
        if store.has_run(sha, version) or store.is_quarantined(sha, version):
            summary.skipped += 1
            store.add_path(sha, str(path))
            continue
        todo.append((path, sha, len(data)))
    bar = Progress(len(todo), progress)
    if todo:
        _warm_up()  # forked workers inherit the imported extractors and their compiled patterns
    ctx = mp.get_context("fork")
    max_memory = max_memory_mb * 1024 * 1024 if max_memory_mb else None
    pool = [_Worker(ctx, max_memory, ocr) for _ in range(max(1, min(workers, len(todo))))] if todo else []
    queue = list(reversed(todo))

    def done(w: _Worker, payload: dict) -> None:
        path, sha, size = w.task
        w.task = None
        _finish(store, summary, str(path), sha, size, payload, version)
        bar.step(path.name)
        if on_stored:
            on_stored(str(path))

    try:
        while True:
            for i, w in enumerate(pool):
                if w.task is None and queue:
                    if not w.proc.is_alive():
                        w.stop()
                        pool[i] = w = _Worker(ctx, max_memory, ocr)
                    w.give(queue.pop(), timeout)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                break
            soonest = min(w.deadline for w in busy)
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=max(0.0, soonest - time.monotonic()))
            for w in busy:
                if w.conn in ready or w.proc.sentinel in ready:
                    try:
                        payload = json.loads(w.conn.recv_bytes().decode("utf-8"))
                        if "extend" in payload:  # OCR starts: this file gets time per page
                            w.deadline += ocr_timeout_per_page * payload["extend"]
                            continue
                    except (EOFError, OSError):
                        w.proc.join(5)
                        code = w.proc.exitcode
                        payload = {"error": "crash", "detail": f"worker exited with code {code}"
                                   + (" (killed: out of memory?)" if code and code < 0 else "")}
                    done(w, payload)
                elif time.monotonic() >= w.deadline:
                    w.stop(kill=True)
                    done(w, {"error": "timeout", "detail": f"no result within {timeout:g}s"
                                                        " (plus the time allowed for its OCR pages)"})
            for i, w in enumerate(pool):
                if not w.proc.is_alive() and w.task is None and queue:
                    w.stop()
                    pool[i] = _Worker(ctx, max_memory, ocr)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        for w in pool:
            w.stop(kill=summary.interrupted)
        bar.close()
        for sha, path in later_paths:
            store.add_path(sha, path)
        summary.seconds = time.perf_counter() - t0
    return summary


def _finish(store: Store, summary: Summary, path: str, sha: str, size: int, payload: dict, version: str) -> None:
    if "error" in payload:
        reason = payload["error"]
        store.quarantine(path=path, sha256=sha, reason=reason, detail=payload["detail"], version=version)
        summary.quarantined[reason] = summary.quarantined.get(reason, 0) + 1
        return
    result = payload["result"]
    bad = next((w for w in result["warnings"] if w["code"] in QUARANTINE_CODES), None)
    if bad is not None:
        reason = QUARANTINE_CODES[bad["code"]]
        store.quarantine(path=path, sha256=sha, reason=reason, detail=bad["message"], version=version)
        summary.quarantined[reason] = summary.quarantined.get(reason, 0) + 1
        return
    store.store_run(path=path, size=size, result=result, version=version, started_at=payload["started"],
                    seconds=payload["seconds"], original_text=payload["original"],
                    normalised_text=payload["normalised"], blocks=payload.get("blocks"),
                    field_evidence=payload.get("field_evidence"))
    summary.stored += 1
    summary.pages += result["source"]["pages"] or 0


def main_progress_stream(enabled: bool) -> TextIO | None:
    return sys.stderr if enabled and sys.stderr.isatty() else None
