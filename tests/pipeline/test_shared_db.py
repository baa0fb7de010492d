"""A store that one process keeps open while others write and exit (the review app during an
ingest): nothing it writes is lost, and the file stays a database.

The migrations' lock must not be taken on the database file itself: closing any descriptor of a
file drops every POSIX lock the process holds on it, SQLite's included, so the process that ran the
migrations would hold a connection SQLite no longer knows of; the next process to close its last
connection then takes the file for its own, checkpoints and deletes the WAL under it, and what the
first process writes after that goes to a deleted file (seen as ``database disk image is
malformed`` after a Ctrl-C'd ingest of a mail inbox and its rerun, tests/pipeline/test_mail.py)."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

from congvan.pipeline.store import Store

WRITE = ("import sys; from congvan.pipeline.store import Store; s = Store(sys.argv[1]); "
         "s.skip_path('/other/process.pdf', 'hidden', 'written by another process')")


def test_a_store_kept_open_by_the_process_that_migrated_it_loses_nothing_when_another_exits(tmp_path):
    db = tmp_path / "s.db"
    kept = Store(db)  # a fresh file: this process runs the migrations, and keeps the store open
    kept.skip_path("/first.pdf", "hidden", "before")
    r = subprocess.run([sys.executable, "-c", WRITE, str(db)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "s.db-wal").exists()  # another connection is open: the WAL stays
    kept.skip_path("/after.pdf", "hidden", "written after the other process exited")
    fresh = sqlite3.connect(db)
    assert fresh.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sorted(p for (p,) in fresh.execute("SELECT path FROM skipped_paths")) == [
        "/after.pdf", "/first.pdf", "/other/process.pdf"]
