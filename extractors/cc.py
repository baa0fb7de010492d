"""Nơi nhận: the copies list, without ``Như trên`` and ``Lưu``."""
from __future__ import annotations

import unicodedata
from typing import Iterator

from . import fastre as re

from pipeline.legacy import is_syllable

from .base import Match, is_upper, lines, strip_span
from .signer import AUTHORITY
from .recipients import expand_item
from .units import canonical_unit, is_group, unit_key

NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.M)
_SKIP = re.compile(r"^(?:Như\s+trên|Như\s+kính\s+gửi|Như\s+điều|Lưu\b)", re.I)
# a speck OCR read after an entry's purpose note: "Bộ Tư pháp (để báo cáo); đã"
_AFTER_NOTE = re.compile(r"(?<=\(để\s[^()]*\))\s*[;,.:]?\s*\S{1,5}\s*$")
_WORDS = re.compile(r"[\p{L}]+")
_UNCLOSED_NOTE = re.compile(r"\s*\((?:để\s+)?[\p{L}/.]{0,8}$")  # "Sở Nội vụ (b" (a note cut off)


def _plausible(word: str) -> bool:
    """A Vietnamese syllable, and one ending in p, t, c or ch carries a sắc or nặng tone, as
    every such syllable does (``luyc`` is not one)."""
    if not is_syllable(word):
        return False
    if word[-1:].lower() not in "ptch" or word.lower().endswith(("nh", "ng")):
        return True
    marks = unicodedata.normalize("NFD", word)
    return "\u0301" in marks or "\u0323" in marks


def _is_words(raw: str) -> bool:
    """Not an OCR smudge: at least two thirds of the entry's words (abbreviations in capitals
    and single letters aside) are Vietnamese syllables (``Ai vi-luyc lẤh`` is not an entry)."""
    words = [w for w in _WORDS.findall(raw) if len(w) > 1 and sum(c.isupper() for c in w) < 2]
    if not words:
        return bool(_WORDS.search(raw))
    bad = sum(not _plausible(w) for w in words)
    return bad * 3 < len(words) or bad < 2


# "Thủ tướng, các PTTg", "Hội đồng Dân tộc và các Ủy ban của Quốc hội": two entries on one line
_JOINED_ENTRIES = re.compile(r"\s*[,;]\s+(?=\p{Lu}|các\s+\p{Lu})|\s+và\s+(?=các\s+\p{L})")


def _entries(a: int, raw: str) -> Iterator[tuple[int, str, str]]:
    """The units of one Nơi nhận line: a shared head distributed (``Các Vụ: A, B``, ``UBND các tỉnh:
    A, B``), names run together with commas split where each piece starts a name."""
    if ":" in raw:
        for m in expand_item(raw, a):
            yield m.start, m.value["raw"], m.value["name"]
        return
    pos = 0
    pieces = []
    for m in _JOINED_ENTRIES.finditer(raw):
        pieces.append((pos, raw[pos:m.start()]))
        pos = m.end()
    pieces.append((pos, raw[pos:]))
    names = [canonical_unit(p) for _, p in pieces]
    if len(pieces) > 1 and all(_starts_name(n) for n in names) and not _comma_name(raw) \
            and not _BARE_TITLE.match(names[0]):
        for (off, piece), name in zip(pieces, names):
            yield a + off, piece, name
        return
    yield a, raw, canonical_unit(raw)


# "Chủ tịch, các PCT UBND huyện", "C, PCVP": titles sharing the body named at the end stay one entry
_BARE_TITLE = re.compile(r"^(?:Phó\s+)?(?:Chủ\s+tịch|Giám\s+đốc|Chánh(?:\s+Văn\s+phòng)?|Trưởng\s+ban|Bí\s+thư|"
                         r"Chủ\s+nhiệm|Cục\s+trưởng|Vụ\s+trưởng|\p{Lu}{1,4})$")


def _starts_name(name: str) -> bool:
    return bool(name) and name[:1].isupper() and len(name.split()) >= 1


def _comma_name(raw: str) -> bool:
    from .base import data

    return any(n.lower() in raw.lower() for n in data("units")["comma_names"])


def _internal(raw: str, issuer: str | None) -> bool:
    """``VPCP: BTCN, các PCN, ...``: the sender's own distribution, like ``Lưu``."""
    m = re.match(r"^([^:]{1,40}):", raw)
    if not m or not issuer:
        return False
    return unit_key(canonical_unit(m.group(1))) == unit_key(issuer)


def find_cc(text: str, *, end: int | None = None, issuer: str | None = None) -> Iterator[Match]:
    end = len(text) if end is None else end
    found = list(NOI_NHAN.finditer(text, 0, end))
    if not found:
        return
    head = found[-1]
    items: list[list[int]] = []  # [start, end] of each entry
    for line in lines(text, head.end(), end):
        t = line.text.strip()
        if not t:
            continue
        if AUTHORITY.match(t) or (is_upper(t) and not t.startswith(("-", "+"))):
            break
        if t.startswith(("-", "+", "•")):
            items.append([line.start, line.end])
        elif items:
            items[-1][1] = line.end  # continuation of the previous entry
        elif line.start == head.end() or text[head.end():line.start].strip() == "":
            items.append([line.start, line.end])
        else:
            break
        if re.match(r"^[-+•]?\s*Lưu\b", t):
            break
    for s, e in items:
        raw_text = text[s:e]
        a, b = strip_span(text, s, e, " \t-–+•;,.")
        raw = re.sub(r"\s+", " ", text[a:b])
        if _AFTER_NOTE.search(raw):
            raw = _AFTER_NOTE.sub("", raw)
            b = a + len(raw)
        if not raw or _SKIP.match(raw) or _internal(raw, issuer):
            continue
        raw = _UNCLOSED_NOTE.sub("", raw)
        for start, piece, name in _entries(a, raw):
            if not name or not _is_words(name):
                continue
            yield Match("cc", start, start + len(piece), raw_text if piece == raw else piece,
                        {"name": name, "raw": piece, "is_group": is_group(name)})
