"""The parts Nghị định 30/2020 gives a document: where the header ends and the body begins."""
from __future__ import annotations

from dataclasses import dataclass

from . import fastre as re

from .base import QUOC_HIEU, is_upper, lines

KINH_GUI = re.compile(r"^\s*(?:\p{Lu}[\p{L} ]{0,40}\s)?(?:Kính\s+gửi|điện)\s*:", re.M)
_BODY_START = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Để\s|Nhằm\s|Theo\s|Ngày\s+\d|Qua\s|Sau\s+khi|"
                         r"Trên\s+cơ\s+sở|Xét\s)")
_HEADER_MARK = re.compile(r"^\s*(?:Số\s*[:：]|V/v|Về\s+việc)|ngày\s*\d{0,2}\s*tháng", re.M)


@dataclass(slots=True)
class Parts:
    has_header: bool
    header_end: int  # offset where the body (or Kính gửi) starts
    body_start: int


def find_parts(text: str) -> Parts:
    window = text[:2500]
    has_header = bool(QUOC_HIEU.search(window)) or bool(_HEADER_MARK.search(window[:1200]))
    kg = KINH_GUI.search(text[:4000])
    body_start = 0
    if kg:
        header_end = kg.start()
        # addressees run until the first line that is not a list item and not a continuation
        body_start = kg.end()
        for line in lines(text, kg.end()):
            t = line.text.strip()
            if line.start == kg.end() or t.startswith(("-", "+", "•", "–")) or not t:
                body_start = line.end
                continue
            body_start = line.start
            break
        return Parts(has_header, header_end, body_start)
    if not has_header:
        return Parts(False, 0, 0)
    header_end = 0
    for line in lines(text, 0, min(len(text), 4000)):
        t = line.text.strip()
        if _BODY_START.match(t) or (len(t) > 160 and not is_upper(t) and not t.startswith("V/v")):
            header_end = line.start
            break
    return Parts(True, header_end, header_end)
