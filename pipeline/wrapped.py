"""Plain text whose lines were broken at a fixed width: an e-mail body, a pdftotext copy, a page laid
out in a fixed font. A PDF line says by its position whether it runs to the right margin; a text line
says it by its length: a line was broken there because the next line's first word did not fit on it.
"""
from __future__ import annotations

from functools import lru_cache

from congvan.extractors import fastre as re

_MIN_LINES = 8  # lines of 20 characters or more: fewer, and no width can be told
_MAX_WIDTH = 130  # the longest line a page in a small font, or a pdftotext copy of it, holds


def wrap_width(lengths: list[int]) -> int | None:
    """The width a plain text's lines were broken at (``lengths``: its lines' lengths, spaces
    collapsed), or None where they were not: a text with a paragraph a line has no such width, its
    lengths spread far below its longest. The width is the 95th percentile of the lines of 20
    characters or more, where a third of them or more stand within 12 characters under it (a line
    broken at a width is that width less the next word, a word being 7 letters at most)."""
    long = sorted(n for n in lengths if n >= 20)
    if len(long) < _MIN_LINES:
        return None
    width = long[int(0.95 * (len(long) - 1))]
    if width > _MAX_WIDTH:
        return None  # paragraphs of like length, one a line (no page, no mail client breaks lines so long)
    near = sum(1 for n in long if width - 12 <= n <= width)
    return width if near * 3 >= len(long) else None


def fills_line(prev: str, nxt: str, width: int | None) -> bool:
    """``prev`` was broken where it is because ``nxt``'s first word would have run past ``width``."""
    if not width or len(prev) < width - 20:
        return False  # the quick answer for most short lines
    word = nxt.split(" ", 1)[0]
    return len(prev) + 1 + len(word) >= width


_TITLE_WORD = re.compile(r"(?<![\p{L}\d])\p{Lu}\p{Ll}+$")


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Places (data/places.json) and the heads of unit names of one or two words that a name follows ("Bộ", "Sở",
    "Văn phòng"; data/units.json 'heads' less 'whole_heads'), and the level words a place follows ("tỉnh")."""
    from congvan.extractors.base import data

    places = data("places")
    units = data("units")
    heads = {h for h in units["heads"] + units["header_child_heads"] if h.count(" ") <= 1} - set(units["whole_heads"])
    levels = frozenset(w for w in units["level_words"] if " " not in w and w.islower())  # "tỉnh", "huyện", "xã"
    return frozenset(places["provinces"] + places["cities"]), frozenset(heads), levels


def name_runs_on(prev: str, nxt: str) -> bool:
    """The break falls inside a proper name: ``... tỉnh Lâm`` / ``Đồng xem xét``, ``... của Bộ`` / ``Nội vụ``,
    ``... của Ban`` / ``Thường trực``: ``nxt`` opens with a capitalised word, and the words across the break
    are a place's (``tỉnh`` / ``Lâm Đồng``, ``Điện lực`` / ``Lâm Đồng`` too), or ``prev`` ends with a unit's
    head ("Bộ", "Văn phòng"). A line that ends a paragraph
    ends a name whole."""
    if not nxt[:1].isupper() or not nxt[1:2].islower():
        return False
    words = prev[-32:].split()
    tail = words[-2:]
    places, heads, levels = _names()
    for n in (1, 2):  # "... của Bộ" / "Nội vụ", "... về Văn phòng" / "Chính phủ"; not "Sở Nội Vụ", a name whole
        if len(words) >= n and " ".join(words[-n:]) in heads and not (len(words) > n and words[-n - 1][:1].isupper()):
            return True
    head = [w.rstrip(",.;:()") for w in nxt.split(" ", 3)[:3]]
    if tail and tail[-1] in levels:  # "... tỉnh" / "Lâm Đồng"
        return any(" ".join(head[:j]) in places for j in (1, 2, 3))
    if prev[-1:].isalpha() and any(" ".join(head[:j]) in places and not nxt.split(" ", j)[j - 1].endswith(",")
                                   for j in (2, 3) if len(head) >= j):  # (not "Hà Nội, ngày 12/5/2015")
        return True  # "... Công ty Điện lực" / "Lâm Đồng kiểm tra ...": a line opens with a place only inside a name
    if not _TITLE_WORD.search(prev):
        return False
    return any(" ".join(tail[-k:] + head[:j]) in places for k in (1, 2) for j in (1, 2) if len(tail) >= k)
