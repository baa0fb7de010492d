"""Accent folding for search: what a clerk types without a Vietnamese keyboard (``don vi``)
finds what the letter says (``đơn vị``).

NFD, combining marks dropped, ``đ``/``Đ`` -> ``d``/``D`` (a letter of its own in Unicode, so no
decomposition removes its stroke), then NFC. Offsets are not kept: the folded text is a search
column only, never evidence.
"""
from __future__ import annotations

import unicodedata

_STROKES = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
