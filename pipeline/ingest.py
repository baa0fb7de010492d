"""``congvan ingest INBOX --db FILE``: a whole inbox into the store, nothing lost, nothing twice.

Each file is read once in the parent to get its sha256; files already stored (or quarantined) with
the current extractor version are skipped, and a second file with the same content under another
name is recorded as another path of the same document. The rest run in ``workers`` worker
processes (forked after the extractors are imported and warmed up), each file under a wall-clock
timeout and the worker under an address-space limit; a worker that times out, runs out of memory
or dies is replaced and its file goes to quarantine with the reason.

Every path the walk meets is accounted for (issue 18): stored, a duplicate, quarantined with a
reason, or skipped with a reason that the summary counts and the store lists (``skipped_paths``):
hidden files and folders, folders that cannot be listed, symbolic links that leave the inbox,
things that are not regular files, and content that is not a letter (images, archives, office
files, programs; ``pipeline/sniff.py``). Names that are not UTF-8 are stored and shown with their
odd bytes as ``\\xNN`` (``pipeline/paths.py``). A link inside the inbox is resolved once; the
worker opens the file without following links and checks it is the very file (device, inode and
sha256) that was hashed, so a file swapped for a link meanwhile is never read. A file whose worker
was killed is tried once more on the next run; ``retry_quarantined`` tries every quarantined file
again. Workers die with their parent (``PR_SET_PDEATHSIG``), and no file holds a worker longer
than ``max_seconds`` whatever its OCR pages.
Only the parent writes to the database, one document per transaction, so Ctrl-C or kill -9 at any
moment leaves whole documents, and the next run finishes the rest. The worker processes are
``ingest_workers``.
"""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import multiprocessing as mp
import os
import signal
import stat
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, TextIO

from . import EXTRACTOR_VERSION
from .paths import shown
from .sniff import HEAD_BYTES, READ_FORMATS, kind
from .ingest_workers import OPEN_FLAGS, _warm_up, _Worker
from .store import Store

log = logging.getLogger(__name__)

# warnings that mean nothing usable could be read: the file goes to quarantine with that reason
QUARANTINE_CODES = {"corrupt": "corrupt", "encrypted": "encrypted", "not_pdf": "not_pdf",
                    "unreadable": "unreadable", "empty_file": "empty", "no_text_layer": "no_text_layer",
                    "not_a_letter": "not_a_letter"}


@dataclass
class Summary:
    seen: int = 0
    stored: int = 0
    skipped: int = 0
    duplicates: int = 0
    quarantined: dict[str, int] = field(default_factory=dict)
    # paths not read, by reason (hidden, symlink_outside, not_a_letter, unreadable_folder ...)
    ignored: dict[str, int] = field(default_factory=dict)
    retried: int = 0  # quarantined files tried again (a killed worker's, or --retry-quarantined)
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def accounted(self) -> int:
        return self.stored + self.skipped + self.duplicates + sum(self.quarantined.values()) + sum(self.ignored.values())

    def line(self) -> str:
        q = sum(self.quarantined.values())
        why = ", ".join(f"{k} {v}" for k, v in sorted(self.quarantined.items()))
        left = sum(self.ignored.values())
        left_why = ", ".join(f"{k} {v}" for k, v in sorted(self.ignored.items()))
        return (f"{self.seen} path(s): {self.stored} stored, {self.skipped} skipped (already stored), "
                f"{self.duplicates} duplicate(s), {q} quarantined{f' ({why})' if why else ''}, "
                f"{left} not read{f' ({left_why})' if left_why else ''}"
                f"{f', {self.retried} retried' if self.retried else ''}"
                f" in {self.seconds:.1f}s{' - interrupted' if self.interrupted else ''}")


@dataclass
class Entry:
    path: str    # the path as met under the inbox (surrogate escapes where the name is not UTF-8)
    target: str  # what to open: the same path, or the file a link inside the inbox resolves to


def walk(inbox: Path) -> tuple[list[Entry], list[tuple[str, str, str]]]:
    """(files to read, [(path, reason, detail)] of what is not read), in a stable order."""
    inbox = Path(inbox)
    if not inbox.is_dir():
        return [Entry(str(inbox), os.path.realpath(inbox))], []  # one file named: a link to it is resolved
    root = os.path.realpath(inbox)
    files_out: list[Entry] = []
    skipped: list[tuple[str, str, str]] = []

    def inside(real: str) -> bool:
        return real == root or real.startswith(root.rstrip(os.sep) + os.sep)

    def onerror(err: OSError) -> None:
        skipped.append((err.filename, "unreadable_folder", f"cannot list the folder: {err.strerror or err}"))

    for cur, dirs, names in os.walk(inbox, onerror=onerror):
        keep = []
        for d in sorted(dirs):
            full = os.path.join(cur, d)
            if d.startswith("."):
                skipped.append((full, "hidden", "a hidden folder: nothing in it is read"))
            elif os.path.islink(full):
                where = "inside" if inside(os.path.realpath(full)) else "outside"
                skipped.append((full, "symlinked_folder", f"a link to a folder {where} the inbox: not followed"))
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(names):
            full = os.path.join(cur, name)
            if name.startswith("."):
                skipped.append((full, "hidden", "a hidden file"))
                continue
            try:
                st = os.lstat(full)
            except OSError as exc:
                skipped.append((full, "unreadable", f"cannot stat: {exc.strerror or exc}"))
                continue
            if stat.S_ISLNK(st.st_mode):
                real = os.path.realpath(full)
                if not inside(real):
                    skipped.append((full, "symlink_outside", f"a link to {shown(real)}, outside the inbox: not followed"))
                elif not os.path.isfile(real):
                    skipped.append((full, "broken_symlink", "a link to nothing readable"))
                else:
                    files_out.append(Entry(full, real))  # resolved once; opened without following links
            elif not stat.S_ISREG(st.st_mode):
                skipped.append((full, "not_a_regular_file", "a pipe, socket or device: not read"))
            else:
                files_out.append(Entry(full, full))
    return files_out, skipped


def inbox_files(inbox: Path) -> list[Path]:
    """Every file under ``inbox`` that is read (see ``walk``), in a stable order."""
    return [Path(e.path) for e in walk(Path(inbox))[0]]


def _hash(target: str) -> tuple[str, int, bytes, tuple[int, int]]:
    """(sha256, size, first bytes, (device, inode)) of a regular file, opened without following links."""
    fd = os.open(target, OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        h, size, head = hashlib.sha256(), 0, b""
        while chunk := os.read(fd, 1 << 20):
            if not size:
                head = chunk[:HEAD_BYTES]
            h.update(chunk)
            size += len(chunk)
        return h.hexdigest(), size, head, (st.st_dev, st.st_ino)
    finally:
        os.close(fd)


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


def ingest(inbox: str | Path | list[str | Path], db_path: str | Path, *, workers: int = 1, timeout: float = 120.0,
           ocr: bool = True, ocr_timeout_per_page: float = 60.0, max_seconds: float = 600.0,
           max_memory_mb: int | None = 2048, progress: TextIO | None = None,
           version: str = EXTRACTOR_VERSION, on_stored: Callable[[str], None] | None = None,
           retry_quarantined: bool = False, files: list[Path] | None = None,
           skipped: list[tuple[str, str, str]] | None = None) -> Summary:
    """Ingest every file under ``inbox`` into the store at ``db_path``; see the module docstring.

    A file gets ``timeout`` seconds, plus ``ocr_timeout_per_page`` for each page it sends to OCR,
    never more than ``max_seconds`` in all. ``files``: these files instead of the inbox's walk (mail
    attachments, a watch's new files); ``skipped``: more [(path, reason, detail)] not read, counted and
    listed as the walk's are (the walk of a mail inbox, its messages without a PDF). ``inbox`` may also be a list of file paths, taken in that order
    (``congvan backfill`` runs each batch of an archive through here)."""
    if isinstance(inbox, (list, tuple)):
        inbox, files = ".", [Path(p) for p in inbox]
    t0 = time.perf_counter()
    store = Store(db_path)
    summary = Summary()
    if retry_quarantined:
        summary.retried = store.unquarantine(version)
    todo: list[dict] = []
    first_of: dict[str, str] = {}
    later_paths: list[tuple[str, str]] = []
    if files is None:
        entries, not_read = walk(Path(inbox))
    else:
        entries, not_read = [Entry(str(p), os.path.realpath(p)) for p in files], []
    not_read += skipped or []

    def ignore(path: str, reason: str, detail: str, sha: str | None = None) -> None:
        store.skip_path(path, reason, detail, sha)
        summary.ignored[reason] = summary.ignored.get(reason, 0) + 1

    for raw, reason, detail in not_read:
        summary.seen += 1
        ignore(shown(raw), reason, detail)
    for entry in entries:
        summary.seen += 1
        name = shown(entry.path)
        try:
            sha, size, head, ident = _hash(entry.target)
        except OSError as exc:
            why = "it became a symbolic link" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
            ignore(name, "unreadable", f"cannot read: {why}")
            continue
        what = kind(head) if size else None
        if what:
            ignore(name, "not_a_letter", f"{what}; congvan reads {READ_FORMATS}", sha)
            continue
        if sha in first_of:
            summary.duplicates += 1
            later_paths.append((sha, name))
            continue
        first_of[sha] = name
        if store.has_run(sha, version) or store.is_quarantined(sha, version):
            summary.skipped += 1
            if not store.add_path(sha, name):
                _quarantined_copy(store, sha, name, version)
            continue
        if store.db.execute("SELECT 1 FROM quarantine WHERE sha256 = ? AND extractor_version = ?",
                            [sha, version]).fetchone():
            summary.retried += 1  # its worker was killed last time: once more
        todo.append({"path": entry.target, "shown": name, "sha256": sha, "size": size, "ident": list(ident)})
    bar = Progress(len(todo), progress)
    if todo:
        _warm_up()  # forked workers inherit the imported extractors and their compiled patterns
    ctx = mp.get_context("fork")
    max_memory = max_memory_mb * 1024 * 1024 if max_memory_mb else None
    pool = [_Worker(ctx, max_memory, ocr) for _ in range(max(1, min(workers, len(todo))))] if todo else []
    queue = list(reversed(todo))

    def done(w: _Worker, payload: dict) -> None:
        task = w.task
        w.task = None
        _finish(store, summary, task, payload, version)
        bar.step(Path(task["shown"]).name)
        if on_stored:
            on_stored(task["shown"])

    def on_term(signum, frame):  # kill PID stops the batch as Ctrl-C does: workers stopped, summary kept
        raise KeyboardInterrupt

    old_term = signal.signal(signal.SIGTERM, on_term) if threading.current_thread() is threading.main_thread() else None
    try:
        while True:
            for i, w in enumerate(pool):
                if w.task is None and queue:
                    if not w.proc.is_alive():
                        w.stop()
                        pool[i] = w = _Worker(ctx, max_memory, ocr)
                    w.give(queue.pop(), timeout, max_seconds)
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
                        if "extend" in payload:  # OCR starts: this file gets time per page, up to the cap
                            w.deadline = min(w.deadline + ocr_timeout_per_page * payload["extend"], w.limit)
                            continue
                    except (EOFError, OSError):
                        w.proc.join(5)
                        code = w.proc.exitcode
                        if code is not None and code < 0:
                            payload = {"error": "killed", "detail": f"the worker was killed by signal {-code} "
                                       "(out of memory, or killed from outside); tried once more on the next run"}
                        else:
                            payload = {"error": "crash", "detail": f"worker exited with code {code}"}
                    done(w, payload)
                elif time.monotonic() >= w.deadline:
                    w.stop(kill=True)
                    done(w, {"error": "timeout", "detail": f"no result within {time.monotonic() - w.limit + max_seconds:.0f}s "
                                                        f"({timeout:g}s, plus time for its OCR pages, at most {max_seconds:g}s)"})
            for i, w in enumerate(pool):
                if not w.proc.is_alive() and w.task is None and queue:
                    w.stop()
                    pool[i] = _Worker(ctx, max_memory, ocr)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
        for w in pool:
            w.stop(kill=summary.interrupted)
        bar.close()
        for sha, path in later_paths:
            if not store.add_path(sha, path):
                _quarantined_copy(store, sha, path, version)
        summary.seconds = time.perf_counter() - t0
    return summary


def _quarantined_copy(store: Store, sha: str, path: str, version: str) -> None:
    """A second name of a file that is not stored (quarantined, or skipped as changed): listed too."""
    row = store.db.execute("SELECT path, reason FROM quarantine WHERE sha256 = ? AND extractor_version = ?",
                           [sha, version]).fetchone()
    if row is None:
        store.skip_path(path, "duplicate", "same content as a file not stored this run", sha)
    elif row[0] != path:
        store.skip_path(path, "duplicate_of_quarantined", f"same content as {row[0]} (quarantined: {row[1]})", sha)


def _finish(store: Store, summary: Summary, task: dict, payload: dict, version: str) -> None:
    path, sha, size = task["shown"], task["sha256"], task["size"]
    if payload.get("error") == "changed":  # not this file's fault: listed, and read afresh next run
        store.skip_path(path, "changed", payload["detail"], sha)
        summary.ignored["changed"] = summary.ignored.get("changed", 0) + 1
        return
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
    if not store.last_run_new:  # another ingest on the same database stored it first
        summary.skipped += 1
        return
    summary.stored += 1
    summary.pages += result["source"]["pages"] or 0


def main_progress_stream(enabled: bool) -> TextIO | None:
    return sys.stderr if enabled and sys.stderr.isatty() else None
