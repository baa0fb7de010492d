"""``congvan ingest INBOX --watch``: keep ingesting a folder as files arrive (polling).

Every ``interval`` seconds the inbox is listed (the same walk as ingest, mail included). A file is
taken only once it is *settled*: its size and modification time are the same as at the previous
poll and it has not been modified for ``settle`` seconds, so a letter still being copied or
scanned into the folder is not read half-way. A file taken is remembered by (size, mtime): it is
taken again only when it changes (a copy finished after a long pause is simply read again, and
ingest's sha256 check keeps what it had already). What the walk does not read (hidden files, links
out of the inbox ...) is listed with its reason once, as ``congvan ingest`` lists it; so is what a
taken message does not yield (mail without a PDF, attachments that are not PDFs). Ctrl-C stops it cleanly: a batch in progress
keeps the documents it finished (ingest writes one document per transaction) and the summary of
what was done is printed.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Callable, TextIO

log = logging.getLogger(__name__)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:  # gone between the listing and now
        return None
    return st.st_size, st.st_mtime_ns


class Watcher:
    """The polling state: what was seen at the last poll and what was already ingested."""

    def __init__(self, inbox: Path, *, settle: float):
        self.inbox, self.settle = inbox, settle
        self.last: dict[Path, tuple[int, int]] = {}
        self.taken: dict[Path, tuple[int, int]] = {}
        # what the walk does not read (hidden, links out of the inbox ...): listed once per (path, reason)
        self.reported: dict[str, str] = {}
        self.new_skips: list[tuple[str, str, str]] = []

    def settled(self, now: float | None = None) -> list[Path]:
        """Files new or changed since they were taken, unchanged since the last poll, quiet for ``settle`` s."""
        from .ingest import walk
        from .mail import mail_kind

        now = time.time() if now is None else now
        entries, not_read = walk(self.inbox)
        self.new_skips = [s for s in not_read if self.reported.get(s[0]) != s[1]]
        self.reported.update((s[0], s[1]) for s in self.new_skips)
        ready, current = [], {}
        for path in (Path(e.path) for e in entries):
            sig = _signature(path)
            if sig is None or mail_kind(path) == "partial":
                continue
            current[path] = sig
            if self.taken.get(path) == sig:
                continue
            if self.last.get(path) == sig and now - sig[1] / 1e9 >= self.settle:
                ready.append(path)
        self.last = current
        return ready

    def take(self, paths: list[Path]) -> None:
        for p in paths:
            self.taken[p] = self.last[p]


def watch(inbox: str | Path, db: str | Path, *, interval: float = 2.0, settle: float = 3.0,
          attachments_dir: str | Path | None = None, log_stream: TextIO | None = sys.stderr,
          stop: Callable[[], bool] | None = None, **options) -> int:
    """Poll ``inbox`` until Ctrl-C (or ``stop()``); returns the exit status (0 when stopped)."""
    from .mail import ingest_inbox

    inbox = Path(inbox)
    watcher = Watcher(inbox, settle=settle)
    totals = {"stored": 0, "batches": 0}
    before = _documents(db)

    def say(line: str) -> None:
        if log_stream:
            print(line, file=log_stream, flush=True)

    say(f"congvan ingest: watching {os.path.abspath(inbox)} every {interval:g}s (Ctrl-C stops)")
    try:
        while not (stop and stop()):
            ready = watcher.settled()
            if ready or watcher.new_skips:
                summary, mail = ingest_inbox(inbox, db, files=ready, attachments_dir=attachments_dir,
                                             skipped=watcher.new_skips, **options)
                watcher.take(ready)
                totals["stored"] += summary.stored
                totals["batches"] += 1
                say(summary.line() + (f"; {mail.line()}" if mail.messages or mail.unreadable else ""))
                if summary.interrupted:
                    break
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    # what the store holds now, not only what the summaries said: a Ctrl-C that lands after a batch
    # committed but before its summary came back would otherwise undercount it
    stored = max(totals["stored"], _documents(db) - before)
    say(f"congvan ingest: stopped watching; {stored} document(s) stored in {totals['batches']} batch(es)")
    return 0


def _documents(db: str | Path) -> int:
    """Documents in the store at ``db`` (0 where there is none yet)."""
    import sqlite3

    if not Path(db).exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True, timeout=30)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0
