"""Deadlines: ``trước ngày 01/3/2024``, ``chậm nhất ngày 15/11/2024``, ``trước ngày 28 tháng 2``,
``chậm nhất ngày 12 của tháng cuối kỳ báo cáo``, ``trong thời hạn 05 ngày làm việc kể từ ...``.

Each match's value is the contract's deadline plus what resolution needs later:

- ``date``: a partial date as written; the year stays ``None`` when the text leaves it out
  (``obligations`` fills it from the reporting period or the issue year, per GUIDELINE).
- ``relation``: from the words before the date (``extractors/data/obligations.json``).
- ``rule``: for a deadline that is a rule, not a date. Notation (ours, documented here):
  ``PERIOD_LAST_MONTH;BYMONTHDAY=12`` = day 12 of the last month of each reporting period;
  ``P5WD`` / ``P5D`` = within 5 working / calendar days of the event named in ``raw``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data
from .dates import partial_date

_TIME = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s*)?"
_DATE = (r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?(?!\s*/?\d)"
         r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm\s+|/\s*)(?P<y2>\d{4}))?"
         r"|(?P<rd>\d{1,2})\s+(?:của\s+)?tháng\s+cuối\s+(?:của\s+)?kỳ\s+báo\s+cáo)")


@lru_cache(maxsize=None)
def _relation_pattern() -> re.Pattern:
    rel = sorted(data("obligations")["deadline_relations"], key=len, reverse=True)
    words = "|".join(re.escape(r).replace(r"\ ngày", "") for r in rel)
    # "chậm nhất ngày", "trước 17 giờ ngày", "hoàn thành trước ngày"
    return re.compile(rf"(?P<rel>{words})\s+(?:{_TIME})?(?:ngày\s+)?{_DATE}", re.I)


_WITHIN = re.compile(
    r"trong\s+(?:thời\s+hạn\s+|vòng\s+)?(?P<n>\d{1,3})\s+ngày(?P<wd>\s+làm\s+việc)?"
    r"(?:\s*,?\s*kể\s+từ\s+(?P<anchor>[^.;,]{3,80}))?", re.I)


def _relation(words: str) -> str:
    table = data("obligations")["deadline_relations"]
    key = " ".join(words.lower().split())
    for phrase, rel in table.items():
        if phrase.replace(" ngày", "") == key:
            return rel
    return "on"


def find_deadlines(text: str) -> Iterator[Match]:
    """Every deadline expression in ``text``, in order, with offsets."""
    found: list[Match] = []
    for m in _relation_pattern().finditer(text):
        rel = _relation(m.group("rel"))
        if m.group("rd"):
            value = {"date": partial_date(None, None, int(m.group("rd"))), "relation": rel,
                     "raw": m.group(0), "rule": f"PERIOD_LAST_MONTH;BYMONTHDAY={int(m.group('rd'))}"}
        else:
            d = m.group("d") or m.group("d2")
            mo = m.group("m") or m.group("m2")
            y = m.group("y") or m.group("y2")
            value = {"date": partial_date(int(y) if y else None, int(mo), int(d)), "relation": rel,
                     "raw": m.group(0), "rule": None}
            if not 1 <= int(mo) <= 12 or not 1 <= int(d) <= 31 or (y and value["date"]["iso"] is None):
                value["impossible"] = True
        found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
    for m in _WITHIN.finditer(text):
        unit = "WD" if m.group("wd") else "D"
        value = {"date": None, "relation": "within", "raw": m.group(0).strip(),
                 "rule": f"P{int(m.group('n'))}{unit}"}
        found.append(Match("deadline", m.start(), m.start() + len(m.group(0).rstrip()), m.group(0), value))
    yield from sorted(found, key=lambda x: x.start)
