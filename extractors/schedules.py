"""Recurring schedules and reporting periods that obligations resolve against: a period's months (a window
stated after a period obligation must name them), the period a report's clause names after what it reports on,
a monthly day's first date, a yearly day's obligation (GUIDELINE: recurring schedules)."""
from __future__ import annotations

import calendar
from functools import lru_cache

from . import fastre as re

from .base import data, Match, phrase_alternation
from .dates import partial_date


@lru_cache(maxsize=None)
def _period_months() -> dict[str, tuple[int, int]]:
    w = data("windows")
    out = {f"Q{q}": tuple(m) for q, m in w["quarter_months"].items()}
    out.update({"H1": tuple(w["spans"]["6 tháng đầu năm"]), "9M": tuple(w["spans"]["9 tháng đầu năm"]), "Y": (1, 12)})
    return out


def _fits(window: dict, period: str) -> bool:
    """A window whose months are the period's, or that names no months (a year, a day's cut-off)."""
    months = _period_months().get(period)
    a, b = (window.get("start") or {}).get("month"), (window.get("end") or {}).get("month")
    if months is None or a is None or b is None:
        return True
    return (a, b) == months


@lru_cache(maxsize=None)
def _period_names() -> re.Pattern:
    return re.compile(r"(?<![\p{L}\d])(?P<name>" + phrase_alternation(data("obligations")["periods"])
                      + r")(?![\p{L}])(?:\s*(?:/|năm)?\s*(?P<y>\d{4}))?", re.I)


def _period_in(sent: str, a: int, b: int) -> list[Match]:
    """The period a report's clause names after what it reports on (``báo cáo kết quả thực hiện 6 tháng đầu năm 2024
    về Sở Nội vụ trước ngày ...``): the first period name in ``sent[a:b]``, as ``find_periods`` gives one."""
    seg = sent[a:b]
    if "báo cáo" not in seg.lower():
        return []
    m = _period_names().search(seg)
    if m is None:
        return []
    name = " ".join(m.group("name").split())
    code = next((v for k, v in data("obligations")["periods"].items() if k.lower() == name.lower()), None)
    if code is None:
        return []
    return [Match("period", a + m.start(), a + m.end(), m.group(0), {**code, "year": int(m.group("y")) if m.group("y") else None})]


def _next_monthly(v: dict, issued: dict | None) -> None:
    """A monthly schedule's day (``hằng tháng ... trước ngày 20``) as its first date from the letter's own date on
    (the concrete deadline the GUIDELINE asks of a recurring schedule); its rule stays the recurrence."""
    dl = v.get("deadline") or {}
    date = dl.get("date") or {}
    if not (dl.get("rule") or "").startswith("FREQ=MONTHLY") or date.get("month") or not date.get("day") \
            or not (issued or {}).get("iso"):
        return
    y, m, d = (int(x) for x in issued["iso"].split("-"))
    if date["day"] < d:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    dl["date"] = partial_date(y, m, min(date["day"], calendar.monthrange(y, m)[1]))


_YEARLY = re.compile(r"(?:hằng|hàng)\s+năm(?![\p{L}\d])", re.I)


def _yearly(ob: Match, sent: str) -> bool:
    """A yearly schedule (``Định kỳ hằng năm, ... báo cáo ... trước ngày 15/12``, ``trước ngày 15/12 hằng năm``):
    a reporting duty whose one day has no year of its own; ``ob`` becomes the year's obligation (period ``Y``, its
    yearly rule and the document year filled by ``_resolve``), as the GUIDELINE's recurring schedules say."""
    dl = ob.value["deadline"] or {}
    date = dl.get("date") or {}
    if not date.get("day") or not date.get("month") or date.get("year") or dl.get("rule") or not _YEARLY.search(sent):
        return False
    ob.value["period"], ob.value["_period_year"] = "Y", None
    return True
