"""One SQLite file shared by several processes: an ingest, a second ingest, the review app.

What goes wrong without this (measured, issue 18): a transaction that starts deferred and then
writes gets ``database is locked`` at once when another process writes (SQLite cannot wait there:
the busy handler is not called for a read lock that must become a write lock); two processes that
find a fresh file both run the migrations; the file is created readable by everyone.

- ``connect``: the file is created 0600 (SQLite gives its ``-wal`` and ``-shm`` files the same
  mode), the busy timeout is set before anything else (switching to WAL needs a lock too).
- ``SharedDatabase.atomic``: the outermost transaction is ``BEGIN IMMEDIATE``, so a writer waits
  for the write lock up front (busy timeout), and is retried a few times past it; nothing that was
  read inside the transaction can go stale before the write.
- ``migration_lock``: an exclusive ``flock`` on ``DB-migrate.lock`` beside the database while
  migrations run, so one process migrates and the others wait and then find the schema current.
  Not on the database file itself: closing any descriptor of a file drops every POSIX lock the
  process holds on it, SQLite's own included, and the next process to close its last connection
  would then delete the WAL under the one that migrated (tests/pipeline/test_shared_db.py).
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Iterator

import sqlite_utils

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 30.0
BEGIN_ATTEMPTS = 5  # BEGIN IMMEDIATE tries, each waiting up to the busy timeout
FILE_MODE = 0o600


def is_locked(exc: BaseException) -> bool:
    """``database is locked`` / ``database is busy``: another process holds the lock; try again."""
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (an existing file is left as is,
    apart from being made private when it was readable by others)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        os.close(fd)
        return
    except FileExistsError:
        pass
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
            for extra in ("-wal", "-shm"):
                side = Path(str(path) + extra)
                if side.exists():
                    os.chmod(side, side.stat().st_mode & 0o700)
            log.warning("%s was readable by other users (mode %o); made private", path, mode)
    except OSError as exc:  # not ours to change (another owner): say so, go on
        log.warning("cannot make %s private: %s", path, exc)


class SharedDatabase(sqlite_utils.Database):
    """sqlite-utils' database whose write transactions take the write lock when they begin."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator["SharedDatabase"]:
        if self.conn.in_transaction:
            with super().atomic() as db:  # nested: a savepoint in the transaction already open
                yield db
            return
        for attempt in range(1, BEGIN_ATTEMPTS + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if not is_locked(exc) or attempt == BEGIN_ATTEMPTS:
                    raise
                log.warning("database busy (attempt %d of %d); waiting", attempt, BEGIN_ATTEMPTS)
                time.sleep(0.2 * attempt)
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def connect(path: str | Path) -> SharedDatabase:
    path = Path(path)
    create_private(path)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    return SharedDatabase(conn)


@contextlib.contextmanager
def migration_lock(path: str | Path) -> Iterator[None]:
    """An exclusive advisory lock for the time migrations take, on a lock file of its own (never a
    descriptor of the database: see the module docstring). The file stays; it holds nothing."""
    fd = os.open(str(path) + "-migrate.lock", os.O_RDONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
