"""File names that are not valid UTF-8 (issue 18).

Python gives such a name with surrogate escapes (``b"c\\xf4ng.pdf"`` -> ``"c\\udcf4ng.pdf"``);
a surrogate cannot be encoded as UTF-8, so it breaks JSON, SQLite text, logs and terminals.
``shown`` writes the undecodable bytes as ``\\xNN`` (readable, valid UTF-8); ``on_disk`` finds
the file again from that form.
"""
from __future__ import annotations

import os
from pathlib import Path

import regex as re

_ESCAPE = re.compile(rb"\\x([0-9a-f]{2})")


def shown(path: str | os.PathLike) -> str:
    """``path`` as valid UTF-8 text: undecodable bytes as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_clean(path: str | os.PathLike) -> bool:
    return shown(path) == os.fsdecode(os.fsencode(path))


def on_disk(text: str) -> Path:
    """The file a ``shown`` name stands for (the name itself when it is a real path)."""
    p = Path(text)
    if p.exists() or "\\x" not in text:
        return p
    return Path(os.fsdecode(_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8"))))
