"""Reporting periods named in text: ``quý I``, ``6 tháng đầu năm``, ``quý III``, ``năm``.

``find_periods`` returns matches whose value is ``{"code": "Q1", "end_month": 3}``; the names and
codes are in ``extractors/data/obligations.json``. ``year`` is set where the text gives one
(``quý I năm 2024``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data


@lru_cache(maxsize=None)
def _pattern() -> re.Pattern:
    names = sorted(data("obligations")["periods"], key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    # "Báo cáo quý I", "báo cáo 6 tháng đầu năm", "Báo cáo năm", "báo cáo tổng hợp năm"
    return re.compile(rf"(?<![\p{{L}}\d])báo\s+cáo\s+(?P<name>{alts})(?![\p{{L}}])(?:\s+năm\s+(?P<y>\d{{4}}))?",
                      re.I)


def _code(name: str) -> dict:
    key = " ".join(name.split())
    table = data("obligations")["periods"]
    for k, v in table.items():
        if k.lower() == key.lower():
            return dict(v)
    return {"code": None, "end_month": None}


def find_periods(text: str) -> Iterator[Match]:
    for m in _pattern().finditer(text):
        name = m.group("name")
        if name.lower() in ("quý i", "quý iii", "quý ii", "quý iv") and name[-1] not in "IViv":
            continue
        value = _code(name)
        if value["code"] is None:
            continue
        value["year"] = int(m.group("y")) if m.group("y") else None
        yield Match("period", m.start(), m.end(), m.group(0), value)
