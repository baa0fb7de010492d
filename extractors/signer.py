"""Signature block: authority prefix (TM./KT./TL./TUQ./Q.), title, name."""
from __future__ import annotations

import regex as re

from .base import Match, data, is_upper, lines
from .units import sentence_case

AUTHORITY = re.compile(r"^\s*(TM|KT|TL|TUQ|Q)\s*\.\s*")
_NAME = re.compile(r"^(?:\p{Lu}[\p{Ll}\p{Lu}]*\.?\s+){1,5}\p{Lu}[\p{Ll}\p{Lu}]*$")


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def canonical_title(raw: str) -> str:
    titles = {t.lower(): t for t in data("signer")["titles"]}
    t = re.sub(r"\s+", " ", raw).strip(" ,.")
    return titles.get(t.lower()) or sentence_case(t)


def _is_title_line(t: str) -> bool:
    return bool(AUTHORITY.match(t)) or (is_upper(t) and len(t) <= 60 and not re.search(r"\d", t))


def _is_name(t: str) -> bool:
    if len(t) > 40 or re.search(r"[\d:;,()/]", t) or t.lower() in {x.lower() for x in data("signer")["titles"]}:
        return False
    words = t.split()
    if not 2 <= len(words) <= 5:
        return False
    return bool(_NAME.match(t)) and not AUTHORITY.match(t)


def find_signer(text: str, *, end: int | None = None) -> Match | None:
    end = len(text) if end is None else end
    tail = list(lines(text, max(0, end - 3000), end))[-45:]
    tail = [l for l in tail if l.text.strip()]
    for k in range(len(tail) - 1, -1, -1):
        t = tail[k].text.strip()
        if not (_is_name(t) and k > 0 and _is_title_line(tail[k - 1].text.strip())):
            continue
        block = []
        j = k - 1
        while j >= 0 and _is_title_line(tail[j].text.strip()) and len(block) < 5:
            block.insert(0, tail[j])
            if AUTHORITY.match(tail[j].text.strip()) and (j == 0 or not AUTHORITY.match(tail[j - 1].text.strip())):
                break
            j -= 1
        # outermost authority: the first prefixed line of the block
        authority = None
        for b in block:
            m = AUTHORITY.match(b.text.strip())
            if m:
                authority = m.group(1) + "."
                break
        title_raw = AUTHORITY.sub("", block[-1].text.strip())
        if "," in title_raw and len(block) == 1:
            title_raw = title_raw.split(",")[-1]
        name = t if not is_upper(t) else _title_case(t)
        start = block[0].start if block else tail[k].start
        value = {"name": name, "title": canonical_title(title_raw) if title_raw else None,
                 "authority": authority}
        return Match("signer", start, tail[k].end, text[start: tail[k].end], value)
    # unsigned block: no name line
    for k in range(len(tail) - 1, -1, -1):
        t = tail[k].text.strip()
        if AUTHORITY.match(t):
            m = AUTHORITY.match(t)
            title_line = tail[k + 1].text.strip() if k + 1 < len(tail) and _is_title_line(tail[k + 1].text.strip()) else AUTHORITY.sub("", t)
            value = {"name": None, "title": canonical_title(AUTHORITY.sub("", title_line)),
                     "authority": m.group(1) + "."}
            return Match("signer", tail[k].start, tail[k].end, t, value, confidence=0.6)
    return None
