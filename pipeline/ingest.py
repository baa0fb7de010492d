"""``congvan ingest INBOX --db FILE``: a whole inbox into the store, nothing lost, nothing twice.

Each file is read once in the parent to get its sha256; files already stored (or quarantined) with
the current extractor version are skipped, and a second file with the same content under another
name is recorded as another path of the same document. The rest run in worker processes (forked,
one per file, at most ``workers`` at a time) under a wall-clock timeout and an address-space limit;
a worker that times out, runs out of memory or dies puts its file in quarantine with the reason.
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


def _work(path: str, conn, max_memory: int | None) -> None:
    """In the worker process: extract one file and send the payload back as JSON."""
    try:
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        from .run import extract, to_result

        t0 = time.perf_counter()
        started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        doc = extract(path)
        payload = {"result": to_result(doc), "original": doc.original_text or "", "normalised": doc.text or "",
                   "seconds": time.perf_counter() - t0, "started": started}
        conn.send_bytes(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except MemoryError:
        conn.send_bytes(json.dumps({"error": "memory", "detail": "the memory limit was reached"}).encode())
    except BaseException as exc:  # noqa: BLE001 - one bad file must not stop the batch
        conn.send_bytes(json.dumps({"error": "crash", "detail": f"{type(exc).__name__}: {exc}"}).encode())
    finally:
        conn.close()


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
    ctx = mp.get_context("fork")
    max_memory = max_memory_mb * 1024 * 1024 if max_memory_mb else None
    running: dict = {}  # reader connection -> (process, path, sha, size, deadline)
    queue = list(reversed(todo))
    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                path, sha, size = queue.pop()
                reader, writer = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_work, args=(str(path), writer, max_memory), daemon=True)
                proc.start()
                writer.close()
                running[reader] = (proc, path, sha, size, time.monotonic() + timeout)
            soonest = min(v[4] for v in running.values())
            ready = wait(list(running), timeout=max(0.0, soonest - time.monotonic()))
            for reader in ready:
                proc, path, sha, size, _ = running.pop(reader)
                try:
                    payload = json.loads(reader.recv_bytes().decode("utf-8"))
                except (EOFError, OSError):
                    proc.join(5)
                    payload = {"error": "crash", "detail": f"worker exited with code {proc.exitcode}"
                               + (" (killed: out of memory?)" if proc.exitcode and proc.exitcode < 0 else "")}
                reader.close()
                proc.join(5)
                _finish(store, summary, str(path), sha, size, payload, version)
                if on_stored:
                    on_stored(str(path))
                bar.step(path.name)
            now = time.monotonic()
            for reader, (proc, path, sha, size, deadline) in list(running.items()):
                if now >= deadline:
                    proc.kill()
                    proc.join(5)
                    reader.close()
                    del running[reader]
                    _finish(store, summary, str(path), sha, size,
                            {"error": "timeout", "detail": f"no result within {timeout:g}s"}, version)
                    bar.step(path.name)
    except KeyboardInterrupt:
        summary.interrupted = True
        for reader, (proc, *_rest) in running.items():
            proc.kill()
            proc.join(5)
            reader.close()
    finally:
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
                    normalised_text=payload["normalised"])
    summary.stored += 1
    summary.pages += result["source"]["pages"] or 0


def main_progress_stream(enabled: bool) -> TextIO | None:
    return sys.stderr if enabled and sys.stderr.isatty() else None
