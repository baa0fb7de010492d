"""Urgency (``KHẨN``, ``THƯỢNG KHẨN``, ``HỎA TỐC``) and confidentiality (``MẬT`` ...) stamps."""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .base import Match, data, lines


def find_stamps(text: str, *, end: int | None = None) -> Iterator[Match]:
    """Stamps standing as whole lines in the header (``KHẨN``; ``ĐỘ MẬT: MẬT`` style too)."""
    table = data("stamps")
    for line in lines(text, 0, end):
        t = re.sub(r"^(?:ĐỘ\s+MẬT|MỨC\s+ĐỘ\s+KHẨN|ĐỘ\s+KHẨN)\s*:\s*", "", line.text.strip(), flags=re.I)
        low = t.lower().strip(" .!")
        for kind in ("urgency", "confidentiality"):
            if low in table[kind] and t.isupper():
                yield Match(kind, line.start, line.end, line.text, table[kind][low])
