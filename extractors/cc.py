"""Nơi nhận: the copies list, without ``Như trên`` and ``Lưu``."""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .base import Match, is_upper, lines, strip_span
from .signer import AUTHORITY
from .units import canonical_unit, is_group

NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.M)
_SKIP = re.compile(r"^(?:Như\s+trên|Như\s+kính\s+gửi|Như\s+điều|Lưu\b)", re.I)


def find_cc(text: str, *, end: int | None = None) -> Iterator[Match]:
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
        if not raw or _SKIP.match(raw):
            continue
        name = canonical_unit(raw)
        yield Match("cc", a, b, raw_text, {"name": name, "raw": raw, "is_group": is_group(name)})
