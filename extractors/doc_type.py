"""Kind of document: the title in the header, else the ``V/v`` line (công văn), else the symbol
code, else what the text says of itself."""
from __future__ import annotations

import regex as re

from .base import Match, data, is_upper, lines

_SELF = [
    (re.compile(r"ban\s+hành\s+Kế\s+hoạch|Kế\s+hoạch\s+này", re.I), "ke_hoach"),
    (re.compile(r"(?:kèm|tại|theo)\s+(?:theo\s+)?[Cc]ông\s+văn\s+này|[Cc]ông\s+văn\s+này"), "cong_van"),
    (re.compile(r"Văn\s+bản\s+này\s+thay\s+thế|văn\s+bản\s+này", re.I), "cong_van"),
    (re.compile(r"Hướng\s+dẫn\s+này", re.I), "huong_dan"),
    (re.compile(r"Thông\s+báo\s+này", re.I), "thong_bao"),
    (re.compile(r"Quyết\s+định\s+này", re.I), "quyet_dinh"),
]


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
        if is_upper(t) and t.lower() in titles and t.lower() not in ("văn bản", "luật"):
            return Match("doc_type", line.start, line.end, t, titles[t.lower()])
    return None


def find_doc_type(text: str, *, header_end: int, has_header: bool, symbol: str | None,
                  subject: Match | None) -> Match | None:
    title = find_title(text, end=max(header_end, 0) or min(len(text), 1500))
    if title:
        return title
    if subject is not None and subject.text.lstrip().startswith(("V/v", "Về việc")):
        return Match("doc_type", subject.start, subject.end, subject.text, "cong_van")
    if has_header and symbol:
        return Match("doc_type", 0, 0, symbol, kind_of_symbol(symbol), confidence=0.7)
    intro = text[: min(len(text), 6000)]
    for pat, kind in _SELF:
        m = pat.search(intro) or pat.search(text)
        if m:
            return Match("doc_type", m.start(), m.end(), m.group(0), kind, confidence=0.6)
    return None
