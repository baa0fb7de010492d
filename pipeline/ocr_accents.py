"""Accents Tesseract confused inside two-syllable words, put back from a word list.

Tesseract's Vietnamese model often drops or swaps one mark of a syllable and makes one Vietnamese
has no word with (``quôc gia``, ``địa bàn câp``, ``TỘI PHAM``, ``tiêp nhận``). Where such a syllable,
found in no word of underthesea's Viet74K list, stands beside another with which it forms no word,
and exactly one two-syllable word of the list has the same letters once accents are set aside,
that word's accents are taken. A syllable of the list is never changed, even where a word would
come of it (``Nơi nhận``, not in the list, would become ``Nội nhân``; ``các cơ`` ``cắc cớ``), and a
syllable that makes a word with its other neighbour stays too. Only OCR text is touched
(``ocr.fix_ocr_line``); letter case is kept.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex as re

_SYLLABLE = re.compile(r"\p{L}+")


@lru_cache(maxsize=1)
def _bare_table() -> dict[int, str]:
    """Each accented Latin letter (and đ) to its bare letter; combining marks dropped."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0xC0, 0x2000):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)
        if base != ch and base[0].isascii():
            table[code] = base[0].lower()
        elif unicodedata.category(ch) == "Mn":
            table[code] = ""
    return table


def _bare(text: str) -> str:
    """``Đồng`` -> ``dong``: case-folded, accents and đ's bar set aside."""
    return unicodedata.normalize("NFC", text).casefold().translate(_bare_table())


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], dict[str, tuple[str, ...]], frozenset[str]]:
    """The two-syllable words (case-folded, NFC, the letters' tone placement), by their bare form
    the words that share it, and every syllable of the list's words (empty where underthesea is
    absent)."""
    from .syllables import traditional_tones

    try:  # the file's place, without importing underthesea (its import alone takes most of a second)
        from importlib.util import find_spec
        from pathlib import Path

        spec = find_spec("underthesea")
        raw = (Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt").read_text("utf-8")
    except (ImportError, AttributeError, TypeError, FileNotFoundError, OSError):
        return frozenset(), {}, frozenset()
    entries = [unicodedata.normalize("NFC", traditional_tones(w.strip().casefold())) for w in raw.splitlines()]
    words = frozenset(w for w in entries if w.count(" ") == 1)
    syllables = frozenset(s for w in entries for s in w.split())
    by_bare: dict[str, set[str]] = {}
    for w in words:
        by_bare.setdefault(_bare(w), set()).add(w)
    return words, {k: tuple(sorted(v)) for k, v in by_bare.items()}, syllables


def _with_case(new: str, old: str) -> str:
    """``new``'s letters in ``old``'s case, letter by letter (same length: accents only differ)."""
    return "".join(n.upper() if o.isupper() else n for n, o in zip(new, old))


def restore_word_accents(text: str) -> str:
    """``CỤC CANH SÁT ĐIÊU TRA`` -> ``CỤC CẢNH SÁT ĐIỀU TRA``; ``hội quân chúng`` -> ``hội quần chúng``."""
    words, by_bare, syllables = _words()
    if not words:
        return text
    toks = [m for m in _SYLLABLE.finditer(unicodedata.normalize("NFC", text))]
    if len(toks) < 2:
        return text
    text = unicodedata.normalize("NFC", text)
    low = [m.group(0).casefold() for m in toks]
    # neighbours: syllables next to each other with only one space between
    adjacent = [text[toks[i].end():toks[i + 1].start()] == " " for i in range(len(toks) - 1)]
    paired = [adjacent[i] and f"{low[i]} {low[i + 1]}" in words for i in range(len(toks) - 1)]
    supported = [False] * len(toks)
    for i, ok in enumerate(paired):
        if ok:
            supported[i] = supported[i + 1] = True
    from .syllables import traditional_tones
    from .ocr import _surnames

    # a family name (``Nguyễn``: not in the list) is no misread; nor is a tone mark set the new way (``tuý``)
    known = [w in syllables or traditional_tones(w) in syllables or w in _surnames() for w in low]
    new = list(low)
    for i in range(len(toks) - 1):
        if not adjacent[i] or paired[i] or len(low[i]) < 2 or len(low[i + 1]) < 2:
            continue
        if supported[i] and supported[i + 1]:
            continue
        cands = by_bare.get(f"{_bare(low[i])} {_bare(low[i + 1])}", ())
        if len(cands) != 1:
            continue
        a, b = cands[0].split(" ")
        if len(a) != len(low[i]) or len(b) != len(low[i + 1]):
            continue
        if (a != low[i] and (supported[i] or known[i])) or (b != low[i + 1] and (supported[i + 1] or known[i + 1])):
            continue  # only a syllable no word of the list has changes; one that makes a word stays
        new[i], new[i + 1] = a, b
    if new == low:
        return text
    out, last = [], 0
    for m, n, o in zip(toks, new, low):
        out.append(text[last:m.start()])
        out.append(m.group(0) if n == o else _with_case(n, m.group(0)))
        last = m.end()
    out.append(text[last:])
    return "".join(out)
