"""Reporting periods named in text: ``quý I``, ``6 tháng đầu năm``, ``quý III``, ``năm``.

``find_periods`` returns matches whose value is ``{"code": "Q1", "end_month": 3}``; the names and
codes are in ``extractors/data/obligations.json``. ``year`` is set where the text gives one
(``quý I năm 2024``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data, trie_alternation


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


@lru_cache(maxsize=None)
def _span_pattern() -> re.Pattern:
    w = data("windows")
    names = trie_alternation(w["spans"], fold=True)  # (a trie: the same matches as the names longest first, sooner)
    quarters = "|".join(sorted((re.escape(q) for q in data("deadlines")["quarters"]), key=len, reverse=True))
    return re.compile(
        rf"(?<![\p{{L}}\d])(?:(?P<named>{names})(?:\s+(?P<ny>\d{{4}}))?(?![\p{{L}}\d])"
        rf"|quý\s+(?P<q>{quarters})(?![\p{{L}}\d])(?:\s*(?:/|năm|-)\s*(?P<qy>\d{{4}}))?"
        rf"|tháng\s+(?P<mo>\d{{1,2}})(?:\s*/\s*|\s+năm\s+)(?P<my>\d{{4}})"
        rf"|(?:cả\s+)?năm\s+(?P<yy>\d{{4}})(?!\s*[-–/]\s*\d|\s+(?:đến|tới)\s))(?![\d/])", re.I)


def span_value(m: re.Match) -> dict | None:
    """The months and year of a ``find_spans`` match: ``{"first_month", "last_month", "year"}``;
    both months ``None`` for a whole year (``năm 2025``: the contract keeps the year alone)."""
    w = data("windows")
    if m.group("named"):
        a, b = w["spans"][" ".join(m.group("named").lower().split())]
        y = m.group("ny")
    elif m.group("q"):
        q = data("deadlines")["quarters"][m.group("q").upper()]
        a, b = w["quarter_months"][str(q)]
        y = m.group("qy")
    elif m.group("mo"):
        a = b = int(m.group("mo"))
        if not 1 <= a <= 12:
            return None
        y = m.group("my")
    else:
        a = b = None
        y = m.group("yy")
    return {"first_month": a, "last_month": b, "year": int(y) if y else None}


def find_spans(text: str) -> Iterator[Match]:
    """Spans of time a period names, with their months: ``6 tháng đầu năm 2025`` (1-6), ``quý III/2025``
    (7-9), ``tháng 10/2025`` (10), ``9 tháng năm 2025`` (1-9), ``năm 2025`` (the year alone); the year
    ``None`` where the text leaves it out (``6 tháng đầu năm``). A month or a year needs its number."""
    for m in _span_pattern().finditer(text):
        value = span_value(m)
        if value is not None:
            yield Match("period_span", m.start(), m.end(), m.group(0), value)
