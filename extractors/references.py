"""Every other document the text cites with a number, in the body and in footnotes, each once."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data
from .dates import partial_date
from .doc_type import kind_of_symbol
from .number import SYMBOL_TAIL, split_number

_KINDS = sorted(data("doc_types")["titles"], key=len, reverse=True)
REFERENCE = re.compile(
    r"(?P<kind>" + "|".join(re.escape(k) for k in _KINDS) + r")"
    r"(?:\s+(?:số|s[ôồổóố]|kết\s+luận\s+số|liên\s+tịch\s+số))?\s*(?:[:])?\s*"
    r"(?P<token>\d{1,6}[a-zA-Z]?\s*[/-]\s*(?:\d{4}\s*/\s*)?[\p{Lu}Đđ][\p{L}\d&.\-/]*[\p{L}\d]" + SYMBOL_TAIL + ")",
    re.I,
)
BARE = re.compile(r"(?<![\p{L}\d/])s[ốô]\s+(?P<token>\d{1,6}\s*[/-]\s*(?:\d{4}/)?[\p{Lu}][\p{L}\d&.\-/]*[\p{L}\d]"
                  + SYMBOL_TAIL + ")")
# the next number of a list that names its kind once ("các Công văn số 11/STP-VP, 12/STP-VP ngày ...",
# "số 123/BNV-CCHC và 124/BNV-CCHC"): right after a reference, or after its date
_LIST_SEP = re.compile(r"\s*(?:,\s*và|,|;|và)\s*")
_NEXT = re.compile(r"(?P<token>\d{1,6}[a-zA-Z]?\s*/\s*(?:\d{4}\s*/\s*)?[\p{Lu}Đ][\p{L}\d&.\-/]*[\p{L}\d]" + SYMBOL_TAIL + ")")
# the date after a reference: "ngày 05/9/2025", "ngày 05-9-2025", "ngày 05.9.2025", "ngày 5 tháng 9 năm 2025"
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ngày|ban\s+hành\s+ngày)\s+(?:(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})|"
    r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))"
)
_ISSUER_WORDS = ("các|và|nhân|dân|ban|nhà|nước|tỉnh|huyện|xã|thành|phố|hội|đồng|chính|phủ|trực|thường|vụ|trưởng|"
                 "chủ|tịch|quốc|tổ|mặt|trận|ủy|cấp")


# what follows the issuer's name, not part of it: its act ("của Chính phủ ban hành Chương trình ...",
# "của UBND tỉnh triển khai ...") or the next document ("của Chính phủ và Thông tư số ...")
_ISSUER_STOP = re.compile(r"\s+(?:ban\s+hành|tổ\s+chức|triển\s+khai|thành\s+lập|thực\s+hiện|phê\s+duyệt|quy\s+định|"
                          r"hướng\s+dẫn|giao|tại|theo|và\s+(?:Thông\s+tư|Quyết\s+định|Nghị\s+định|Nghị\s+quyết|"
                          r"Công\s+văn|Kế\s+hoạch|Chỉ\s+thị|Văn\s+bản|Hướng\s+dẫn|Thông\s+báo|Luật))(?![\p{L}]).*$")


@lru_cache(maxsize=1)
def _issuer_after() -> re.Pattern:
    """``của <issuer>`` after a reference: capitalised words and the lower-case words of agency names
    and titles in the lexicons (``Bộ Giáo dục và Đào tạo``, ``Bộ Công an``, ``Thủ tướng Chính phủ``,
    ``Bộ Chính trị``; it stopped at ``dục``, ``an``, ``tướng``, ``trị``)."""
    words = set(_ISSUER_WORDS.split("|"))
    names = data("units")["proper_phrases"] + data("units")["heads"] + data("signer")["titles"] + ["Chính trị"]
    words |= {w for n in names for w in n.split() if w.islower() and w.isalpha()}
    alt = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"^\s*(?:của|do)\s+(?P<issuer>(?:\p{{Lu}}[\p{{L}}&\-]*|{alt})"
                      rf"(?:\s+(?:\p{{Lu}}[\p{{L}}&\-]*|{alt})(?![\p{{L}}])){{0,9}})(?![\p{{L}}])")


# where a REFERENCE token can start: the prefilter for the scan (its alternation of kinds, tried
# at every position of a letter, was a tenth of the text stages)
_TOKEN_START = re.compile(r"\d{1,6}[a-zA-Z]?\s*[/-]")
_LEAD = max(map(len, _KINDS)) + 40  # a kind, "kết luận số"/"liên tịch số", a colon and spaces


def _reference_hits(text: str) -> list:
    """``REFERENCE.finditer(text)``, scanning only near the places a token can start.

    A match starts at most ``_LEAD`` characters before its token, so for each token start the
    scan covers the start positions from ``_LEAD`` before it to the token itself (never twice),
    with the text cut ``_TAIL`` after the token; the match found is then read again at the same
    start on the whole text, so a symbol the cut shortened comes out whole. The matches are the same as the whole scan's (checked on the corpora)."""
    hits: list = []
    pos = 0  # the end of the last match: matches do not overlap
    tried = 0  # start positions before this are known to start no match
    n = len(text)
    tokens = list(_TOKEN_START.finditer(text))
    kinds = _kind_starts(text, [(t.start() - _LEAD, t.start()) for t in tokens])
    for t in tokens:
        if t.start() < pos:
            continue
        start = max(pos, tried, t.start() - _LEAD)
        cut = min(n, t.end() + _TAIL)
        if kinds is None:
            m = REFERENCE.search(text, start, cut)
        else:  # the same leftmost match, tried only where a kind starts (REFERENCE opens with one)
            m = None
            for at in kinds[bisect_left(kinds, start):bisect_right(kinds, t.start())]:
                m = REFERENCE.match(text, at, cut)
                if m is not None:
                    break
        if m is not None and m.start() <= t.start():
            if cut < n:  # the same start on the whole text: a symbol the cut shortened is read whole
                m = REFERENCE.match(text, m.start())
            hits.append(m)
            pos = tried = m.end()
        else:
            tried = t.start() + 1
    return hits


_TAIL = 160  # the longest symbol a token runs to after its number


def _kind_starts(text: str, spans: list[tuple[int, int]]) -> list[int] | None:
    """Every position inside ``spans`` (from, to: both included) where a kind name starts, case aside
    (sorted): the only places a REFERENCE match can start. Found with ``str.find`` on the lowercased
    text, where each character stays one (``İ`` does not: None, and the scan is the pattern's own);
    with IGNORECASE the pattern takes no other character for a kind's letters than those whose
    lowercase they are, and ``ſ`` for ``s``."""
    low = text.lower().replace("ſ", "s")
    if len(low) != len(text):
        return None
    merged: list[list[int]] = []
    for a, b in spans:  # in text order: overlapping spans scanned once
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([max(a, 0), b])
    found: set[int] = set()
    for a, b in merged:
        for k in _KINDS_LOWER:
            at = low.find(k, a, b + len(k))
            while at >= 0:
                found.add(at)
                at = low.find(k, at + 1, b + len(k))
    return sorted(found)


_KINDS_LOWER = sorted({k.lower() for k in _KINDS})
# a kind that another one begins ("thông báo", "thông báo kết luận") finds the longer one's starts too
_KINDS_LOWER = [k for k in _KINDS_LOWER if not any(j != k and k.startswith(j) for j in _KINDS_LOWER)]


# a word the copy glued to the symbol ("200/UBDT-VPngày 05 tháng 4"): no part of it
_GLUED_WORD = re.compile(r"(?<=\p{Lu})(?:ngày|của|về|và|tại|năm|tháng|do|theo)$")
# "số 49 - Đại Cồ Việt": a street number in an address, its "symbol" a capitalised word, not a document
_ADDRESS = re.compile(r"^\d{1,4}\s+[-–]\s+\p{Lu}\p{Ll}")


def _clean_token(token: str) -> str:
    return _GLUED_WORD.sub("", re.sub(r"\s+", "", token).rstrip(".-/"))


def _listed_after(text: str, found: list) -> list:
    """The numbers a list runs on after a reference without repeating its kind or ``số``."""
    out = []
    starts = {m.start("token") for m in found}
    for m in found:
        end = m.end()
        while True:
            dm = _DATE_AFTER.match(text[end:end + 60])
            sep = _LIST_SEP.match(text, end + (dm.end() if dm else 0))
            nxt = _NEXT.match(text, sep.end()) if sep else None
            if not nxt or nxt.start("token") in starts:
                break
            out.append((nxt, False))
            starts.add(nxt.start("token"))
            end = nxt.end()
    return out


def find_references(text: str, *, exclude: tuple[str | None, str | None] | None = None) -> Iterator[Match]:
    seen: set[tuple[str | None, str | None]] = set()
    if exclude and exclude[1]:
        seen.add(exclude)
    hits = [(m, True) for m in _reference_hits(text)]
    covered = [(m.start("token"), m.end("token")) for m, _ in hits]  # in text order, apart
    starts = [a for a, _ in covered]
    hits += [(m, False) for m in BARE.finditer(text)
             if not ((i := bisect_right(starts, m.start("token")) - 1) >= 0 and m.start("token") < covered[i][1])
             and not _ADDRESS.match(m.group("token"))]
    hits += _listed_after(text, [m for m, _ in hits])
    for m, has_kind in sorted(hits, key=lambda h: h[0].start()):
        number, symbol = split_number(_clean_token(m.group("token")))
        if not symbol or not re.search(r"\p{Lu}", symbol):
            continue
        key = (number, symbol)
        if key in seen:
            continue
        seen.add(key)
        kind = data("doc_types")["titles"].get(m.group("kind").lower()) if has_kind else None
        if kind in (None, "other"):
            kind = kind_of_symbol(symbol) if kind is None else kind
        end = m.end()
        date = None
        dm = _DATE_AFTER.match(text[end:end + 60])
        if dm:
            d, mo, y = (dm.group("d") or dm.group("d2"), dm.group("m") or dm.group("m2"),
                        dm.group("y") or dm.group("y2"))
            date = partial_date(int(y), int(mo), int(d))
            end += dm.end()
        issuer = None
        im = _issuer_after().match(text[end:end + 160])
        if im:
            issuer = _ISSUER_STOP.sub("", im.group("issuer").strip())
            # a verb's first word left at the end by the window or a word the list lacks ("... tỉnh triển")
            issuer = re.sub(r"(?:\s+(?:về|và|các|của|ban|tổ|triển|thành|thực|phê|quy|hướng))+$", "", issuer)
            end += im.end()
        yield Match("reference", m.start(), end, text[m.start():end],
                    {"doc_type": kind, "number": number, "symbol": symbol, "date": date,
                     "issuer": issuer, "raw": re.sub(r"\s+", " ", text[m.start():end]).strip()})
