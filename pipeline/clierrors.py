"""What the CLI does with a user's mistake: one clear line on stderr and exit status 2, never a
traceback. Exit statuses (the README's CLI table says the same):

- 0: done; 1: done, but some input failed (a file that could not be read, an invalid JSON result);
- 2: the command could not run as asked (a missing file or database, a file that is not JSON or
  not a database, an empty folder, an unwritable output, no terminal to ask a password on);
- 130: stopped with Ctrl-C; 141: the reader of the output went away (``| head``), quietly.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Callable

USAGE, INTERRUPTED, BROKEN_PIPE = 2, 130, 141


class UsageError(Exception):
    """A mistake of the user's: the message is the one line they see."""


def open_store(db: str, *, create: bool = False):
    """The store at ``db``; it must exist unless ``create`` (a typo must not make an empty one)."""
    from .store import Store, StoreError

    path = Path(db)
    if not create and not path.exists():
        raise UsageError(f"no database at {db} (ingest creates one; --create makes an empty one where offered)")
    if path.is_dir():
        raise UsageError(f"{db} is a folder, not a database file")
    try:
        return Store(path)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{db} is not a congvan database ({exc})") from None


def read_json(path: Path):
    """A JSON file's content, or a UsageError naming the file and what is wrong with it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text, so not a JSON file") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None


def run(func: Callable[[], int], prog: str = "congvan") -> int:
    """Run one command, turning the mistakes users make into one line and an exit status."""
    try:
        return func()
    except UsageError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # the reader closed the pipe: stop writing, and keep Python's exit flush from failing too
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return BROKEN_PIPE
    except PermissionError as exc:
        print(f"{prog}: {exc.filename or ''}: permission denied", file=sys.stderr)
        return USAGE
    except IsADirectoryError as exc:
        print(f"{prog}: {exc.filename}: is a folder, not a file", file=sys.stderr)
        return USAGE
    except FileNotFoundError as exc:
        print(f"{prog}: {exc.filename}: no such file or folder", file=sys.stderr)
        return USAGE
    except OSError as exc:
        print(f"{prog}: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return USAGE
    except sqlite3.DatabaseError as exc:
        print(f"{prog}: the database cannot be used: {exc}", file=sys.stderr)
        return USAGE
