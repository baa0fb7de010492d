"""``congvan backfill SOURCE --out DIR``: an archive across many machines, with the results one
machine's ``congvan ingest`` would give (issue 17).

The driver (this process) lists SOURCE, leaves out what the manifest of ``--out`` says is done
(same path, size and mtime, same extractor version), cuts the rest into batches of consecutive
files and hands them to an engine (``congvan.pipeline.engines``; Dask now). On a worker each batch is one
call of :func:`congvan.pipeline.ingest.ingest` over its list of paths into a throw-away SQLite file: the
same extraction, the same per-file timeout (plus time per OCR page), the same memory limit on the
child process that reads each file, the same quarantine reasons as ``congvan ingest``. The batch
comes back as records; the driver writes them as one shard (temp file, fsync, rename) and then
appends the batch to the manifest (``congvan.pipeline.shards``).

A batch whose worker died (killed, out of memory) is run again by the scheduler on another worker;
one that still fails is split into single files, and a single file that still fails is quarantined
with the reason. ``congvan ingest --from-shards DIR --db FILE`` loads the shards into the store.

Paths are made absolute here and must name the same files on every node (the archive on storage
that every node reads, mounted at the same place).
"""
from __future__ import annotations

import contextlib
import ctypes
import glob
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import socket
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

from . import EXTRACTOR_VERSION
from .engines import Engine, EngineUnavailable, WorkerLost, make_engine
from .ingest import inbox_files, ingest
from .shards import Output

log = logging.getLogger(__name__)


class VersionMismatch(RuntimeError):
    """A worker runs another congvan extractor version than the driver: its results would differ."""


# --------------------------------------------------------------------------- the source
def list_source(source: str | Path) -> list[str]:
    """The files of SOURCE as absolute paths, in a stable order: a folder (walked as ``ingest``
    walks an inbox), ``@FILE`` (a list of paths, one a line; ``#`` comments and blank lines left
    out; relative paths are relative to the list's folder), a glob (``archive/**/*.pdf``,
    sorted), or one file."""
    return list(dict.fromkeys(_list_source(source)))  # a path named twice is one file


def _list_source(source: str | Path) -> list[str]:
    raw = str(source)
    if raw.startswith("@"):
        listing = Path(raw[1:])
        base = listing.resolve().parent
        out = []
        for line in listing.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(os.path.abspath(base / line))
        return out
    p = Path(raw)
    if p.is_dir() or p.is_file():
        return [os.path.abspath(f) for f in inbox_files(p)]
    if glob.has_magic(raw):
        return [os.path.abspath(f) for f in sorted(glob.glob(raw, recursive=True)) if os.path.isfile(f)]
    raise FileNotFoundError(f"{raw}: no such folder, file or matching glob")


# --------------------------------------------------------------------------- on a worker
_PR_SET_PDEATHSIG = 1
_hooked = False


def _die_with_parent() -> None:
    """In each child forked for extraction: die when the Dask worker that forked it dies (a worker
    killed mid-file must not leave its extraction process running, blocked on a pipe forever)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the orphan ends when it next writes to the pipe
        pass


@contextlib.contextmanager
def _children_allowed():
    """Dask's nanny starts worker processes as multiprocessing daemons, and a daemon may not
    start children; ``ingest`` needs one (it is itself a daemon, killed with the worker)."""
    proc = multiprocessing.current_process()
    was = proc._config.get("daemon")
    proc._config["daemon"] = False
    try:
        yield
    finally:
        proc._config["daemon"] = was


def worker_version() -> str:
    return EXTRACTOR_VERSION


def run_batch(paths: list[str], *, version: str, timeout: float, ocr: bool,
              ocr_timeout_per_page: float, max_memory_mb: int | None) -> dict:
    """One batch on a worker: ``ingest`` over ``paths`` into a temp store, read back as records."""
    global _hooked
    if version != EXTRACTOR_VERSION:
        raise VersionMismatch(f"worker {socket.gethostname()} runs congvan {EXTRACTOR_VERSION}, "
                              f"the driver {version}; install the same version on every node")
    if not _hooked:
        os.register_at_fork(after_in_child=_die_with_parent)
        _hooked = True
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="congvan-batch-") as tmp, _children_allowed():
        db = Path(tmp) / "batch.db"
        summary = ingest(list(paths), db, workers=1, timeout=timeout, ocr=ocr,
                         ocr_timeout_per_page=ocr_timeout_per_page, max_memory_mb=max_memory_mb,
                         progress=None, version=version)
        records, files = _read_batch(db, paths, version)
    return {"records": records, "files": files, "pages": summary.pages, "seconds": time.perf_counter() - t0,
            "host": socket.gethostname(), "pid": os.getpid()}


def _stat(path: str) -> tuple[int | None, int | None]:
    try:
        st = os.stat(path)
        return st.st_size, st.st_mtime_ns
    except OSError:
        return None, None


def _sha_of(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _read_batch(db: Path, paths: list[str], version: str) -> tuple[list[dict], list[dict]]:
    """The batch store as shard records (stored runs, quarantine rows) and manifest entries."""
    con = sqlite3.connect(db)
    records: list[dict] = []
    files: dict[str, dict] = {}
    for path, sha, reason, detail in con.execute("SELECT path, sha256, reason, detail FROM quarantine ORDER BY id"):
        records.append({"kind": "quarantine", "path": path, "sha256": sha, "reason": reason, "detail": detail,
                        "version": version})
        files[path] = {"sha256": sha, "status": "quarantined", "reason": reason}
    for row in con.execute(
            "SELECT d.path, d.size, r.result_json, r.started_at, r.seconds, t.original_text, t.normalised_text, "
            "l.blocks_json, l.field_evidence_json FROM documents d JOIN runs r ON r.id = d.latest_run_id "
            "JOIN texts t ON t.run_id = r.id LEFT JOIN layouts l ON l.run_id = r.id ORDER BY d.id"):
        path, size, result, started, seconds, original, normalised, blocks, evidence = row
        result = json.loads(result)
        records.append({"kind": "run", "path": path, "size": size, "result": result, "started_at": started,
                        "seconds": seconds, "original_text": original, "normalised_text": normalised,
                        "blocks": json.loads(blocks) if blocks else None,
                        "field_evidence": json.loads(evidence) if evidence else None, "version": version})
        files[path] = {"sha256": result["source"]["sha256"], "status": "stored", "pages": result["source"]["pages"]}
    for path, sha in con.execute("SELECT p.path, d.sha256 FROM document_paths p JOIN documents d "
                                 "ON d.id = p.document_id"):
        files.setdefault(path, {"sha256": sha, "status": "duplicate"})
    con.close()
    entries = []
    for path in paths:
        entry = files.get(path)
        if entry is None:  # a copy of a file ingest quarantined (it records no path for it), or left out
            sha = _sha_of(path)
            seen = {e["sha256"] for e in files.values()}
            entry = {"sha256": sha, "status": "duplicate"} if sha in seen else \
                {"sha256": sha, "status": "skipped", "reason": "not stored by ingest"}
        size, mtime = _stat(path)
        entries.append({"path": path, "size": size, "mtime_ns": mtime, **entry})
    return records, entries


# --------------------------------------------------------------------------- the driver
@dataclass
class BackfillSummary:
    seen: int = 0
    done_before: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    batches: int = 0
    split: int = 0
    seconds: float = 0.0
    startup: float = 0.0
    engine: str = ""
    interrupted: bool = False
    aborted: str = ""
    contents: set = field(default_factory=set, repr=False)

    def line(self) -> str:
        if self.engine == "nothing to do":
            return f"{self.seen} file(s), all done before (the manifest says so): nothing to do"
        q = sum(self.quarantined.values())
        why = ", ".join(f"{k} {v}" for k, v in sorted(self.quarantined.items()))
        done = self.stored + self.duplicates + q
        work = self.seconds - self.startup
        rate = f"{done / work:.2f} files/s, {self.pages / work:.1f} pages/s" if done and work > 0 else "-"
        return (f"{self.seen} file(s): {self.done_before} done before, {self.stored} stored, "
                f"{self.duplicates} duplicate(s), {q} quarantined{f' ({why})' if why else ''}; "
                f"{self.pages} page(s), {self.batches} batch(es){f', {self.split} split after failing' if self.split else ''}"
                f" in {self.seconds:.1f}s ({rate} after {self.startup:.1f}s to start) on {self.engine}"
                f"{' - interrupted' if self.interrupted else ''}{f' - aborted: {self.aborted}' if self.aborted else ''}")


class Progress:
    """One status line on a terminal: files done, pages/s, ETA, failures; silent elsewhere."""

    def __init__(self, total: int, stream: TextIO | None):
        self.total, self.stream, self.t0 = total, stream, time.perf_counter()
        self.files = self.pages = self.failed = 0

    def update(self, files: int, pages: int, failed: int) -> None:
        self.files, self.pages, self.failed = self.files + files, self.pages + pages, self.failed + failed
        if not self.stream:
            return
        el = time.perf_counter() - self.t0
        rate = self.files / el if el else 0.0
        eta = (self.total - self.files) / rate if rate else 0.0
        self.stream.write(f"\r\x1b[Kbackfill {self.files}/{self.total} files {rate:.1f} files/s "
                          f"{self.pages / el if el else 0:.1f} pages/s ETA {int(eta // 3600)}:"
                          f"{int(eta % 3600 // 60):02d}:{int(eta % 60):02d} {self.failed} failed")
        self.stream.flush()

    def close(self) -> None:
        if self.stream and self.files:
            self.stream.write("\n")


def backfill(source: str | Path, out: str | Path, *, engine: Engine | None = None, scheduler: str | None = None,
             workers: int | None = None, batch_size: int = 16, timeout: float = 120.0, ocr: bool = True,
             ocr_timeout_per_page: float = 60.0, max_memory_mb: int | None = 2048,
             progress: TextIO | None = None, version: str = EXTRACTOR_VERSION,
             batch_fn: Callable[..., dict] = run_batch) -> BackfillSummary:
    """Backfill SOURCE into the shards under ``out``; see the module docstring. ``engine`` is one
    made by the caller (left open); otherwise a Dask engine on ``scheduler`` or a LocalCluster of
    ``workers`` processes is made and closed here. ``batch_fn`` runs a batch on a worker: ``run_batch``
    or a wrapper around it (an importable function; the tests use one that kills its worker)."""
    t0 = time.perf_counter()
    summary = BackfillSummary()
    files = list_source(source)
    output = Output(out)
    own = engine is None
    try:
        removed = output.remove_orphans()
        if removed:
            log.info("%s: removed %d shard(s) no manifest line names (an interrupted run)", out, removed)
        done = output.done(version)
        run = output.next_run()
        todo: list[tuple[str, list[int]]] = []
        for seq, path in enumerate(files):
            summary.seen += 1
            if path in done and _stat(path) == (done[path].get("size"), done[path].get("mtime_ns")):
                summary.done_before += 1
                summary.contents.add(done[path].get("sha256"))  # a copy of it now is a duplicate
            else:
                todo.append((path, [run, seq]))
        if not todo:
            summary.engine = "nothing to do"
            return summary
        if own:
            engine = make_engine("dask", scheduler=scheduler, workers=workers or os.cpu_count())
        summary.engine = engine.describe()
        summary.startup = time.perf_counter() - t0
        output.append({"type": "run", "run": run, "started": _now(), "source": str(source), "version": version,
                       "engine": summary.engine, "files": len(files), "todo": len(todo)})
        if todo:
            _check_versions(engine, version)
            _drive(engine, batch_fn, output, todo, run, batch_size, summary, Progress(len(todo), progress),
                   dict(version=version, timeout=timeout, ocr=ocr, ocr_timeout_per_page=ocr_timeout_per_page,
                        max_memory_mb=max_memory_mb))
    except KeyboardInterrupt:
        summary.interrupted = True
    except (VersionMismatch, EngineUnavailable) as exc:
        if own and engine is None:
            raise  # no cluster to start or reach: the caller says so
        summary.aborted = str(exc)  # what is done is in the manifest; a rerun goes on from there
    finally:
        summary.seconds = time.perf_counter() - t0
        if own and engine is not None:
            engine.close()
        if not summary.interrupted and engine is not None:
            output.append({"type": "end", "at": _now(), "summary": summary.line()})
        output.close()
    return summary


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _check_versions(engine: Engine, version: str) -> None:
    try:
        found = engine.run_on_workers(worker_version)
    except Exception as exc:  # noqa: BLE001 - e.g. a worker without congvan installed
        raise VersionMismatch(f"cannot run congvan on the workers: {type(exc).__name__}: {exc}") from exc
    other = {w: v for w, v in found.items() if v != version}
    if other:
        raise VersionMismatch(f"workers with another congvan version than this one ({version}): "
                              + ", ".join(f"{w} {v}" for w, v in sorted(other.items())))


def _drive(engine: Engine, batch_fn: Callable[..., dict], output: Output, todo: list[tuple[str, list[int]]], run: int, batch_size: int,
           summary: BackfillSummary, bar: Progress, options: dict) -> None:
    queue = [(f"{run:03d}-{k // batch_size:06d}", todo[k:k + batch_size]) for k in range(0, len(todo), batch_size)]
    queue.reverse()
    started: dict[str, list[tuple[str, list[int]]]] = {}
    try:
        while queue or engine.pending():
            room = 2 * engine.capacity() - engine.pending()  # backpressure: two batches a thread
            batch = [queue.pop() for _ in range(min(room, len(queue)))]
            started.update(batch)
            engine.start(batch_fn, [(key, [p for p, _ in items]) for key, items in batch], **options)
            key, outcome = engine.next_done()
            items = started.pop(key)
            if isinstance(outcome, VersionMismatch):
                raise outcome
            if isinstance(outcome, BaseException):
                _failed(output, key, items, outcome, queue, summary, bar, options["version"])
                continue
            _record(output, key, items, outcome, summary, bar, options["version"])
    finally:
        bar.close()


def _record(output: Output, key: str, items: list, outcome: dict, summary: BackfillSummary, bar: Progress,
            version: str) -> None:
    shard = output.write_shard(key, outcome["records"])
    order = dict(items)  # the place of each file in this run's listing decides which copy is the document
    files = [{**f, "order": order[f["path"]]} for f in outcome["files"]]
    output.append({"type": "batch", "run": items[0][1][0], "batch": key, "shard": shard, "version": version,
                   "host": outcome["host"], "pid": outcome["pid"], "seconds": round(outcome["seconds"], 3),
                   "files": files})
    summary.batches += 1
    failed = 0
    for f in outcome["files"]:
        if f["status"] == "duplicate" or (f["sha256"] and f["sha256"] in summary.contents):
            summary.duplicates += 1  # as ingest counts: a content seen before in this run
            continue
        summary.contents.add(f["sha256"])
        if f["status"] == "stored":
            summary.stored += 1
        else:
            reason = f.get("reason") or f["status"]
            summary.quarantined[reason] = summary.quarantined.get(reason, 0) + 1
            failed += 1
    summary.pages += outcome["pages"]
    bar.update(len(outcome["files"]), outcome["pages"], failed)


def _failed(output: Output, key: str, items: list, exc: BaseException, queue: list, summary: BackfillSummary,
            bar: Progress, version: str) -> None:
    """A batch that failed for good on the engine: split into single files, which run again; a
    single file that fails is quarantined with the reason."""
    if len(items) > 1:
        log.warning("batch %s failed (%s); running its %d files one by one", key, exc, len(items))
        summary.split += 1
        queue.extend(reversed([(f"{key}.{j:03d}", [item]) for j, item in enumerate(items)]))
        return
    path = items[0][0]
    sha = _sha_of(path)
    reason = "crash"
    detail = f"{type(exc).__name__}: {exc}" if not isinstance(exc, WorkerLost) else str(exc)
    size, mtime = _stat(path)
    outcome = {"records": [{"kind": "quarantine", "path": path, "sha256": sha, "reason": reason, "detail": detail,
                            "version": version}],
               "files": [{"path": path, "size": size, "mtime_ns": mtime, "sha256": sha,
                          "status": "quarantined", "reason": reason}],
               "pages": 0, "seconds": 0.0, "host": socket.gethostname(), "pid": os.getpid()}
    _record(output, key, items, outcome, summary, bar, version)


def main_progress_stream(enabled: bool) -> TextIO | None:
    return sys.stderr if enabled and sys.stderr.isatty() else None
