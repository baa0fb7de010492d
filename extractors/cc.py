"""Nơi nhận: the copies list, without ``Như trên`` and ``Lưu``."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from congvan.pipeline.legacy import plausible_syllable
from congvan.pipeline.line_joins import specks_line

from .base import LEAD_SPACE, Match, data, is_upper, line_matches, lines, strip_span
from .signer import AUTHORITY
from .recipients import entries
from .units import canonical_unit, is_group, unit_key

NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.M)
# what marks an entry of the list: a dash, an en dash, a plus, a bullet ("– Bộ Tài chính;", "• Như trên;")
_BULLETS = ("-", "–", "+", "•")
# "Như trên", "Như Điều 3", "Như thành phần mời", "Lưu: VT" (data/cc.json 'not_copies')
_SKIP = re.compile(r"^(?:" + "|".join(data("cc")["not_copies"]) + r")\b", re.I)
# "Sở Nội vụ (b/c)", "(đ/b)", "(b/©)" as OCR read it: a purpose note, no part of the name
_SHORT_NOTE = re.compile(data("cc")["short_note"])
_TRAILING_NOTE = re.compile(data("cc")["trailing_note"])  # "Sở Y tế - để b/c"
# a speck OCR read after an entry's purpose note: "Bộ Tư pháp (để báo cáo); đã"
_AFTER_NOTE = re.compile(r"(?<=\(để\s[^()]*\))\s*[;,.:]?\s*\S{1,5}\s*$")
_WORDS = re.compile(r"[\p{L}]+")
_ENTRY_SEP = re.compile(r";[ \t]*[-–+•]\s*(?=\p{Lu})")
# a list without dashes run onto one line ("Nơi nhận: Như trên; Bộ Tài chính; Lưu VT."): one entry per ';'
_UNDASHED_SEP = re.compile(r";[ \t]*[-–+•]?\s*(?=\p{Lu})")
_UNCLOSED_NOTE = re.compile(r"\s*\((?:để\s+)?[\p{L}/.]{0,8}$")  # "Sở Nội vụ (b" (a note cut off)


def _is_words(raw: str) -> bool:
    """Not an OCR smudge: at least two thirds of the entry's words (abbreviations in capitals
    and single letters aside) are Vietnamese syllables (``Ai vi-luyc lẤh`` is not an entry)."""
    words = [w for w in _WORDS.findall(raw) if len(w) > 1 and sum(c.isupper() for c in w) < 2]
    if not words:
        return bool(_WORDS.search(raw))
    bad = sum(not plausible_syllable(w) for w in words)
    return bad * 3 < len(words) or bad < 2


def _internal(raw: str, issuer: str | None) -> bool:
    """``VPCP: BTCN, các PCN, ...``: the sender's own distribution, like ``Lưu``."""
    m = re.match(r"^([^:]{1,40}):", raw)
    if not m or not issuer:
        return False
    return unit_key(canonical_unit(m.group(1))) == unit_key(issuer)


# one named body, then its own leaders and departments in abbreviations ("VPCP: BTCN, các PCN, Trợ lý
# TTg, Cổng TTĐT, các Vụ: KGVX, TCCV"): an entry of that body (a plural head, "Các Bộ: Tài chính, Nội vụ",
# is a shared head and is split)
_PARTS_OF = re.compile(r"^(?P<body>(?!các\s|Các\s)[^:,;()]{2,40}?)\s*:\s*(?P<parts>(?:các\s+)?(?:BTCN|PCN|BT|TT|CVP|PCVP|"
                       r"Trợ\s+lý|Thư\s+ký|TGĐ|Cổng|Công\s+báo|Vụ|Cục|Lãnh\s+đạo|VP)\b.*)$")


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    """Words that open a unit's name ("Phòng", "Sở", "Văn phòng" ...; data/units.json 'heads')."""
    return tuple(h + " " for h in data("units")["heads"])


_LUU = re.compile(r"^[-–+•]?\s*Lưu\b")


def _after_signature(text: str, start: int, end: int) -> list[list[int]] | None:
    """The rest of a Nơi nhận list that a two-column page read row by row put below the signature block
    (``- Cơ quan trung ương của các đoàn thể;`` / ``THỦ TƯỚNG`` / ``Phạm Minh Chính`` / ``- VPCP: ...;`` /
    ``- Lưu: VT``): the dashed lines right after the block's title and name lines, when they end the list
    with ``Lưu`` (within 25 entries). Anything else (an appendix, a body) is no part of the list."""
    from .signer import _SIGNED_NOTE, _is_name

    out: list[list[int]] = []
    skipped = 0
    for line in lines(text, start, end):
        t = line.text.strip()
        if not t:
            continue
        if t[:1] in ".,'`~" and t.lstrip(".,'`~ ").startswith(_BULLETS):
            t = t.lstrip(".,'`~ ")  # ".- VPCP: ...": a speck OCR read before the dash
        if not out:
            if t.startswith(_BULLETS):
                if not skipped:
                    return None
            elif skipped < 8 and (AUTHORITY.match(t) or is_upper(t) or _is_name(t) or _SIGNED_NOTE.match(t)
                                  or specks_line(t)):
                skipped += 1
                continue
            else:
                return None
        if not t.startswith(_BULLETS) or len(out) >= 25:
            return None
        out.append([line.start, line.end])
        if _LUU.match(t):
            return out
    return None


def _letter_acronyms(text: str, end: int) -> dict[str, str]:
    """The acronyms the letter defines for units (``Tổng công ty Điện lực miền Bắc (EVNNPC)``), whole-token keys."""
    from .frames import find_aliases

    out = {}
    for m in find_aliases(text, end=end):
        abbr, name = m.value
        if abbr.isupper() and " " not in abbr and name[:1].isupper():
            out.setdefault(abbr, name)
    return out


def _with_letter_acronyms(name: str, piece: str, acronyms: dict[str, str]) -> str:
    """``Thống đốc NHNN`` -> ``Thống đốc Ngân hàng Nhà nước Việt Nam`` where the letter wrote that name out with
    ``(NHNN)``: the letter's own definition before the lexicon's (``canonical_unit`` of the entry as written)."""
    if not acronyms or not any(a in piece for a in acronyms):
        return name
    out = re.sub(r"(?<![\p{L}&])(" + "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
                 + r")(?![\p{L}&])", lambda m: acronyms[m.group(1)], piece)
    return canonical_unit(out) if out != piece else name


def find_cc(text: str, *, end: int | None = None, issuer: str | None = None) -> Iterator[Match]:
    end = len(text) if end is None else end
    found = list(line_matches(NOI_NHAN, text, "Nơi", LEAD_SPACE, 0, end))  # NOI_NHAN.finditer(text, 0, end)
    if not found:
        return
    head = found[-1]
    items: list[list[int]] = []  # [start, end] of each entry
    resumed = None
    dashed = False  # the list marks its entries with dashes: a line without one goes on with the last
    for line in lines(text, head.end(), end):
        t = line.text.strip()
        if not t:
            continue
        if AUTHORITY.match(t) or (is_upper(t) and not t.startswith(_BULLETS)):
            rest = _after_signature(text, line.start, end) if dashed else None
            if rest is None:
                break
            resumed = rest  # the list goes on below the signature block (two columns read row by row)
            break
        if t.startswith(_BULLETS):
            items.append([line.start, line.end])
            dashed = True
        elif items and text[items[-1][0]:items[-1][1]].rstrip().endswith(";") and (not dashed or t.startswith(_heads())):
            # entries written without dashes, one a line; in a dashed list, an entry whose dash OCR lost
            # ("- Đ/c Đậu Xuân Bảo - PGĐ;" / "Phòng PV01, PC04 (thực hiện);")
            items.append([line.start, line.end])
        elif items:
            items[-1][1] = line.end  # continuation of the previous entry
        elif line.start == head.end() or text[head.end():line.start].strip() == "":
            items.append([line.start, line.end])
        else:
            break
        if re.match(r"^[-–+•]?\s*Lưu\b", t):
            break
    if resumed is not None and not any(re.match(r"^\s*[-–+•]?\s*Lưu\b", text[s:e]) for s, e in items):
        items.extend(resumed)
    # "Nơi nhận: - Như trên; - Bộ trưởng (để b/c); - Lưu: VT." on one line: one entry per ';'
    split: list[list[int]] = []
    for s, e in items:
        pos = s
        for m in (_ENTRY_SEP if dashed else _UNDASHED_SEP).finditer(text, s, e):
            split.append([pos, m.start() + 1])
            pos = m.end()
        split.append([pos, e])
    items = [it for it in split if text[it[0]:it[1]].strip(" \t-–+•;,.")]
    # an entry over sub-items of its own ("- Các sở, ngành:" / "+ Sở Tài chính;"): OCR also reads "UBND tỉnh;" as
    # "UBND tỉnh:", so only a colon with "+" items under it makes a heading
    headings = {(a, b) for (a, b), (c, _) in zip(items, items[1:]) if text[c:c + 4].lstrip()[:1] in ("+", "*")}
    acronyms = _letter_acronyms(text, head.start())
    for s, e in items:
        raw_text = text[s:e]
        a, b = strip_span(text, s, e, " \t-–+•;,.~`'_*")  # "~- Như trên;": a speck OCR read before the dash
        raw = re.sub(r"\s+", " ", text[a:b])
        if _AFTER_NOTE.search(raw):
            raw = _AFTER_NOTE.sub("", raw)
            b = a + len(raw)
        if not raw or _SKIP.match(raw) or _internal(raw, issuer) or (raw.endswith(":") and (s, e) in headings):
            continue  # ("Các sở, ngành:" over its "+ Sở Tài chính;" items: a heading, the items are the copies)
        raw = _UNCLOSED_NOTE.sub("", raw)
        raw = _TRAILING_NOTE.sub("", raw) if "để" in raw or "đề" in raw else raw
        if _SHORT_NOTE.search(raw) and canonical_unit(raw).endswith(")"):
            raw = _SHORT_NOTE.sub("", raw)  # a note the unit names do not know ("(b/©)"): the name ends before it
        parts = _PARTS_OF.match(raw)
        if parts:  # "VPCP: BTCN, các PCN, Trợ lý TTg, các Vụ: KTTH, NN": that office, through its parts
            name = canonical_unit(parts.group("body"))
            yield Match("cc", a, a + len(raw), raw_text, {"name": name, "raw": raw, "is_group": is_group(name)})
            continue
        for start, piece, name in entries(a, raw):
            if not name or not _is_words(name):
                continue
            name = _with_letter_acronyms(name, piece, acronyms)
            yield Match("cc", start, start + len(piece), raw_text if piece == raw else piece,
                        {"name": name, "raw": piece, "is_group": is_group(name)})
