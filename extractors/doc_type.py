"""Kind of document: the title in the header, else the ``V/v`` line (công văn), else the symbol
code, else what the text says of itself."""
from __future__ import annotations

from bisect import bisect_left
from typing import Iterator

from . import fastre as re

from .base import Match, data, is_upper, lines

# what a headless letter calls itself: "ban hành Kế hoạch" in its opening, else "<kind> này"
_ISSUES_PLAN = re.compile(r"(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+\p{Ll}+\s+ban\s+hành\s+Kế\s+hoạch")
_SELF = re.compile(r"(công\s+văn|văn\s+bản|kế\s+hoạch|hướng\s+dẫn|thông\s+báo|quyết\s+định|tờ\s+trình)\s+này",
                   re.I)
_ADDRESSED = re.compile(r"^[ \t]*Kính\s+gửi\s*:", re.M)
_SELF_KIND = {"công văn": "cong_van", "văn bản": "cong_van", "kế hoạch": "ke_hoach", "hướng dẫn": "huong_dan",
              "thông báo": "thong_bao", "quyết định": "quyet_dinh", "tờ trình": "to_trinh"}


def _self_mentions(text: str) -> Iterator[re.Match]:
    """``_SELF.finditer(text)``, tried only where a kind's first word starts (each of _SELF's phrases is a
    key of _SELF_KIND), found with ``str.find`` on the lowercased text (where each character stays one;
    with IGNORECASE the pattern takes no other character for these letters than those whose lowercase
    they are). Each is matched up to the first "này" after it, where a match from there must end (no
    kind holds "này"): unbounded, the engine first looks for "này" through the rest of the letter. The
    IGNORECASE scan of every position of a long letter was most of find_doc_type."""
    low = text.lower()
    if len(low) != len(text):
        yield from _SELF.finditer(text)
        return
    nay = _all_at(low, "này")
    if not nay:
        return
    starts: set[int] = set()
    for word in {k.split()[0] for k in _SELF_KIND}:
        starts.update(_all_at(low, word))
    done = 0  # the end of the last match: the next starts there or later
    for at in sorted(starts):
        k = bisect_left(nay, at)
        if k == len(nay):
            break
        # two words (the kind's) and spaces before that "này", or no match: told without the engine
        if at >= done and len(low[at:nay[k]].split(None, 2)) == 2 and (m := _SELF.match(text, at, nay[k] + 3)) is not None:
            yield m
            done = m.end()


def _all_at(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def kind_of_title(title: str) -> str | None:
    return data("doc_types")["titles"].get(title.strip().lower())


def kind_of_symbol(symbol: str | None) -> str | None:
    """``KH-UBND`` -> ke_hoach; a symbol that names only the issuer (``UBND-NV``) -> cong_van."""
    if not symbol:
        return None
    codes = data("doc_types")["symbol_codes"]
    parts = re.split(r"[-/]", symbol)
    for part in parts[:2]:
        if part in codes:
            return codes[part]
    return "cong_van"


def find_title(text: str, *, start: int = 0, end: int | None = None) -> Match | None:
    """A header line that is only a kind name in capitals (``KẾ HOẠCH``, ``TỜ TRÌNH``)."""
    titles = data("doc_types")["titles"]
    for line in lines(text, start, end):
        t = line.text.strip()
        if t.lower() in titles and is_upper(t) and t.lower() not in ("văn bản", "luật"):  # the lookup first: cheap
            return Match("doc_type", line.start, line.end, t, titles[t.lower()])
    return find_title_prefix(text, start=start, end=end)


_PREFIX_TITLES = ("báo cáo", "kế hoạch", "thông báo", "tờ trình", "nghị quyết", "quyết định", "biên bản",
                  "công điện", "chỉ thị", "hướng dẫn", "danh sách")
_PREFIX_STARTS = tuple(kind + " " for kind in _PREFIX_TITLES)


def find_title_prefix(text: str, *, start: int = 0, end: int | None = None) -> Match | None:
    """``BÁO CÁO KIỂM ĐIỂM`` / ``KẾ HOẠCH TỔ CHỨC ...``: the kind name opening a title line that goes on
    with its subject (the match's ``text`` is the title line; ``spans`` holds the subject's start).
    Not on the first two lines, where the agency stands."""
    titles = data("doc_types")["titles"]
    for k, line in enumerate(lines(text, start, end)):
        t = line.text.strip()
        if k < 2 or len(t) > 120:
            continue
        low = t.lower()
        if not low.startswith(_PREFIX_STARTS) or not is_upper(t):  # no kind opens it (most lines): no count of capitals
            continue
        for kind in _PREFIX_TITLES:
            if low.startswith(kind + " ") and kind in titles and not re.search(r"\d|[,:]", t[len(kind):][:3]):
                lead = len(line.text) - len(line.text.lstrip())
                return Match("doc_type", line.start, line.end, t, titles[kind],
                             spans=[(line.start + lead + len(kind) + 1, line.end)])
    return None


def find_doc_type(text: str, *, header_end: int, has_header: bool, symbol: str | None,
                  subject: Match | None) -> Match | None:
    title = find_title(text, end=max(header_end, 0) or min(len(text), 1500))
    if title:
        return title
    if subject is not None and subject.text.lstrip(" “\"").startswith(("V/v", "V/V", "v/v", "Về việc")):
        return Match("doc_type", subject.start, subject.end, subject.text, "cong_van")
    if has_header and symbol:
        return Match("doc_type", 0, 0, symbol, kind_of_symbol(symbol), confidence=0.7)
    m = _ISSUES_PLAN.search(text, 0, min(len(text), 1500))
    if m:
        return Match("doc_type", m.start(), m.end(), m.group(0), "ke_hoach", confidence=0.7)
    votes: dict[str, list] = {}
    for m in _self_mentions(text):
        kind = _SELF_KIND[re.sub(r"\s+", " ", m.group(1).lower())]
        votes.setdefault(kind, []).append(m)
    if votes:
        kind, ms = max(votes.items(), key=lambda kv: (len(kv[1]), -kv[1][0].start()))
        return Match("doc_type", ms[0].start(), ms[0].end(), ms[0].group(0), kind, confidence=0.6)
    kg = _ADDRESSED.search(text, 0, min(len(text), 3000))
    if kg:  # a letter addressed to someone that names no kind of its own is a công văn
        return Match("doc_type", kg.start(), kg.end(), kg.group(0), "cong_van", confidence=0.5)
    return None
