"""A backfill's output folder: shards of results, the manifest, and loading them into the store
(issue 17).

    OUT/manifest.jsonl      one line per run ("run"), per finished batch ("batch": every file of it
                            with its sha256, size, mtime and status: stored / duplicate / quarantined
                            with the reason) and per finished run ("end"); appended and fsynced by
                            the driver only after the batch's shard is in place
    OUT/shards/KEY.jsonl    one batch: a line per stored document {"kind": "run", "result": <contract
                            JSON>, "path", "size", "started_at", "seconds", "original_text",
                            "normalised_text", "blocks", "field_evidence", "version"} and per
                            quarantined file {"kind": "quarantine", "path", "sha256", "reason",
                            "detail", "version"}; written to a temp file, fsynced, then renamed
    OUT/.lock               held (flock) by the one backfill writing here

The manifest is what counts: a shard it does not name (the driver died between the rename and
the manifest line) is removed by the next run, which does that batch again; a torn last manifest
line is ignored the same way. So a rerun skips exactly what the manifest says is done, and no file
is in two shards of one extractor version.

``load_shards`` puts the shards into the SQLite store as ``congvan ingest`` would have put the same
files: for each content (sha256) the copy first in the listing is the document (its result, its
quarantine reason), every other path is another path of it; what the store already has (same
extractor version) is skipped, so loading twice adds nothing.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .store import Store

log = logging.getLogger(__name__)

MANIFEST = "manifest.jsonl"
SHARDS = "shards"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def write_atomic(path: Path, lines: list[dict]) -> None:
    """``lines`` as JSON lines at ``path``: a temp file beside it, fsynced, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_jsonl(path: Path) -> Iterator[dict]:
    """The JSON lines of ``path``; a torn (unparseable) line is skipped with a warning."""
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s:%d: torn line skipped (an interrupted write)", path, n)


class OutputBusy(RuntimeError):
    pass


class Output:
    """The output folder of a backfill, locked for one writer while open."""

    def __init__(self, out: str | Path, *, write: bool = True):
        self.dir = Path(out)
        self.manifest = self.dir / MANIFEST
        self.shards = self.dir / SHARDS
        self._lock = None
        self._lines: list[dict] | None = None
        if write:
            self.shards.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.dir / ".lock", "w")
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._lock.close()
                raise OutputBusy(f"another congvan backfill is writing to {self.dir}") from None

    def close(self) -> None:
        if self._lock:
            self._lock.close()
            self._lock = None

    def lines(self) -> list[dict]:
        if self._lines is None:
            self._lines = list(read_jsonl(self.manifest)) if self.manifest.exists() else []
        return self._lines

    def batches(self) -> list[dict]:
        """The finished batches, in the order of their files in the listings (run, then place)."""
        out = [b for b in self.lines() if b.get("type") == "batch"]
        return sorted(out, key=lambda b: min((tuple(f["order"]) for f in b["files"]), default=(0, 0)))

    def next_run(self) -> int:
        return 1 + max((int(x.get("run", 0)) for x in self.lines()), default=0)

    def done(self, version: str) -> dict[str, dict]:
        """path -> manifest entry (size, mtime_ns, sha256, status) of every file a batch of this
        extractor version finished; the latest where a path was done twice (changed between runs)."""
        return {f["path"]: f for b in self.batches() if b.get("version") == version for f in b["files"]}

    def remove_orphans(self) -> int:
        """Remove shards no manifest line names and temp files left by an interrupted write."""
        named = {b["shard"] for b in self.batches()}
        gone = 0
        for p in self.shards.iterdir():
            if f"{SHARDS}/{p.name}" not in named:
                p.unlink()
                gone += 1
        return gone

    def append(self, line: dict) -> None:
        self.lines().append(line)
        with self.manifest.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def write_shard(self, key: str, records: list[dict]) -> str:
        rel = f"{SHARDS}/{key}.jsonl"
        write_atomic(self.dir / rel, records)
        return rel


@dataclass
class LoadSummary:
    batches: int = 0
    stored: int = 0
    quarantined: dict[str, int] = field(default_factory=dict)
    paths: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        q = sum(self.quarantined.values())
        why = ", ".join(f"{k} {v}" for k, v in sorted(self.quarantined.items()))
        return (f"{self.batches} shard(s): {self.stored} stored, {q} quarantined{f' ({why})' if why else ''}, "
                f"{self.paths} other path(s), {self.skipped} skipped (already in the store)"
                + (f"; {len(self.problems)} problem(s): " + "; ".join(self.problems[:5]) if self.problems else ""))


def load_shards(out: str | Path, db_path: str | Path) -> LoadSummary:
    """Load a backfill's shards into the store at ``db_path``; see the module docstring."""
    output = Output(out, write=False)
    if not output.manifest.exists():
        raise FileNotFoundError(f"no backfill manifest at {output.manifest}")
    store = Store(db_path)
    summary = LoadSummary()
    batches = output.batches()
    winner: dict[str, tuple] = {}  # sha256 -> (order, path) of the copy that is the document
    for b in batches:
        for f in b["files"]:
            if f.get("sha256") and f["status"] in ("stored", "quarantined"):
                cand = (tuple(f["order"]), f["path"])
                if f["sha256"] not in winner or cand < winner[f["sha256"]]:
                    winner[f["sha256"]] = cand
    for b in batches:
        summary.batches += 1
        shard = output.dir / b["shard"]
        if not shard.exists():
            summary.problems.append(f"{b['shard']} is named in the manifest but missing")
            continue
        for rec in read_jsonl(shard):
            _load_record(store, summary, rec, winner)
    for b in batches:
        for f in b["files"]:
            sha = f.get("sha256")
            if not sha or winner.get(sha, (None, None))[1] == f["path"]:
                continue
            known = store.db.execute("SELECT 1 FROM document_paths p JOIN documents d ON d.id = p.document_id "
                                     "WHERE d.sha256 = ? AND p.path = ?", [sha, f["path"]]).fetchone()
            if not known and store.add_path(sha, f["path"]):
                summary.paths += 1
    return summary


def _load_record(store: Store, summary: LoadSummary, rec: dict, winner: dict[str, tuple]) -> None:
    sha = rec["result"]["source"]["sha256"] if rec["kind"] == "run" else rec.get("sha256")
    if sha and winner.get(sha, (None, None))[1] != rec["path"]:
        return  # a later copy of a content another path stands for
    version = rec["version"]
    if sha and (store.has_run(sha, version) or store.is_quarantined(sha, version)):
        summary.skipped += 1
        return
    if rec["kind"] == "quarantine":
        if not sha and store.db.execute("SELECT 1 FROM quarantine WHERE path = ? AND extractor_version = ?",
                                        [rec["path"], version]).fetchone():
            summary.skipped += 1
            return
        store.quarantine(path=rec["path"], sha256=sha, reason=rec["reason"], detail=rec["detail"], version=version)
        summary.quarantined[rec["reason"]] = summary.quarantined.get(rec["reason"], 0) + 1
        return
    store.store_run(path=rec["path"], size=rec["size"], result=rec["result"], version=version,
                    started_at=rec["started_at"], seconds=rec["seconds"], original_text=rec["original_text"],
                    normalised_text=rec["normalised_text"], blocks=rec.get("blocks"),
                    field_evidence=rec.get("field_evidence"))
    summary.stored += 1
