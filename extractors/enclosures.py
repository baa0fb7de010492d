"""Where the letter ends and what it encloses.

A cover letter ends with its ``Nơi nhận`` list and signature; what follows is enclosed: a phụ lục or
đề cương of the letter's own schedule (its duties still count), a dự thảo (a draft decision whose
``Số: /QĐ-UBND`` and articles are not the letter's), a phiếu or biểu mẫu to fill in, or another
letter sent with it (its own Quốc hiệu).

``letter_end(text, body_start)`` is the offset of the first ``Nơi nhận`` after the body;
``find_enclosures(text, start)`` yields each enclosure after ``start`` with its kind.
"""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .base import LEAD_BLANKS, Match, is_upper, line_matches

_NOI_NHAN = re.compile(r"^[ \t]*Nơi\s+nhận\b", re.M)
# what opens an enclosure, with its kind; the letter's own schedules keep their duties
_STARTS = [
    ("phu_luc", re.compile(r"^[ \t]*(?:PHỤ\s+LỤC|Phụ\s+lục\s+(?:số\s+)?[\dIVX]+[a-zA-Z]?\s*$)", re.M)),
    ("de_cuong", re.compile(r"^[ \t]*ĐỀ\s+CƯƠNG", re.M)),
    ("du_thao", re.compile(r"^[ \t]*(?:\(?\s*DỰ\s+THẢO\s*\)?|\(?\s*Dự\s+thảo\s*\)?)\s*(?:\d+\s*)?$", re.M)),
    ("phieu", re.compile(r"^[ \t]*PHIẾU\s+\p{Lu}", re.M)),
    ("bieu_mau", re.compile(r"^[ \t]*(?:BIỂU\s+MẪU|Mẫu\s+số\s+\S+\s*$|Biểu\s+(?:mẫu\s+)?số\s+\S+\s*$)", re.M)),
    ("van_ban", re.compile(r"^[ \t]*C[ỘÔ]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘÔ]I\s+CH[ỦU]\s+NGH[ĨI]A", re.M)),
]
OWN_SCHEDULES = {"phu_luc", "de_cuong", "bieu_mau"}


def letter_end(text: str, body_start: int) -> int:
    """Offset of the cover letter's ``Nơi nhận`` (the first after the body), else the text's end."""
    m = next(line_matches(_NOI_NHAN, text, "Nơi", LEAD_BLANKS, body_start), None)  # _NOI_NHAN.search(text, body_start)
    return m.start() if m else len(text)


_AUTHORITY = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\b")
_NUMBER_LINE = re.compile(r"^Số\s*:\s*[\d\s]*/\s*\p{Lu}")  # "Số: 511/TTr-CAT", "Số: /TTr-CAT(PC04)"


def _with_agency(text: str, pos: int, floor: int) -> int:
    """Move an enclosure's start back over the agency lines above its mark (``ỦY BAN NHÂN DÂN`` /
    ``TỈNH LÂM ĐỒNG`` / ``Dự thảo``): up to three lines in capitals that are no signature title, and
    the enclosure's own ``Số:`` line where the layout put it between them and the Quốc hiệu."""
    for _ in range(4):
        prev_end = text.rfind("\n", floor, pos)
        if prev_end < 0:
            break
        prev_start = text.rfind("\n", floor, prev_end) + 1
        line = text[prev_start:prev_end].strip()
        if _NUMBER_LINE.match(line):
            pos = prev_start  # the enclosure's own Số line, laid out between its agency and Quốc hiệu
            continue
        if not line or not is_upper(line) or _AUTHORITY.match(line) or line.startswith(("-", "+")):
            break
        pos = prev_start
    return pos


def find_enclosures(text: str, start: int) -> Iterator[Match]:
    """Enclosures after ``start`` (the letter's end), in order; each runs to the next one."""
    opens: list[tuple[int, str]] = []
    for kind, pat in _STARTS:
        for m in pat.finditer(text, start):
            opens.append((m.start(), kind))
    opens.sort()
    merged: list[tuple[int, str]] = []
    for pos, kind in opens:
        # a dự thảo or another letter carries its own Quốc hiệu a few lines below its first mark
        if merged and pos - merged[-1][0] < 400 and "\n\n" not in text[merged[-1][0]:pos] \
                and kind == "van_ban":
            continue
        merged.append((pos, kind))
    merged = [(_with_agency(text, pos, start), kind) for pos, kind in merged]
    for k, (pos, kind) in enumerate(merged):
        end = merged[k + 1][0] if k + 1 < len(merged) else len(text)
        title = text[pos: text.find("\n", pos) if "\n" in text[pos:end] else end].strip()
        yield Match("enclosure", pos, end, title, {"kind": kind, "title": title})
