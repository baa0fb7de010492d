"""Data windows (``thời gian chốt số liệu``): the span a report's figures must cover.

``Thời gian chốt số liệu tính từ ngày 10 tháng 12 của năm trước kỳ báo cáo đến ngày 10 tháng 3
thuộc kỳ báo cáo`` -> start 10/12 (year offset -1), end 10/3 (offset 0). Years are resolved later
against the reporting period's year (``resolve``). A window line that names its period
(``Báo cáo Quý I, thời gian chốt số liệu ...``) carries that period's code.
"""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .base import Match, lines
from .dates import partial_date
from .periods import find_periods

_DAY = (r"(?:ngày\s+(?:từ\s+ngày\s+)?)?(?:(?P<{p}d>\d{{1,2}})\s*[/.-]\s*(?P<{p}m>\d{{1,2}})(?:\s*[/.-]\s*(?P<{p}y>\d{{4}}))?"
        r"|(?P<{p}d2>\d{{1,2}})\s+tháng\s+(?P<{p}m2>\d{{1,2}})(?:\s+năm\s+(?P<{p}y2>\d{{4}}))?)")
_QUAL = (r"(?:\s*(?P<{p}q>(?:của\s+)?năm\s+trước(?:\s+(?:kỳ\s+báo\s+cáo|liền\s+kề))?"
         r"|thuộc\s+kỳ\s+báo\s+cáo|(?:của\s+)?năm\s+báo\s+cáo|(?:của\s+)?năm\s+thực\s+hiện))?")
RANGE = re.compile(r"từ\s+" + _DAY.format(p="s") + _QUAL.format(p="s") + r"\s*(?:,\s*)?đến\s+(?:hết\s+)?"
                   + _DAY.format(p="e") + _QUAL.format(p="e"), re.I)
# a range is a data window where the line says whose figures it bounds: "chốt số liệu", "số liệu
# (báo cáo) tính từ", "kỳ báo cáo", "thời gian lấy số liệu" (a bare "từ ngày ... đến ngày" is often
# the period a task runs, not the figures it reports)
CUE = re.compile(r"chốt\s+số\s+liệu|số\s+liệu(?:\s+(?:báo\s+cáo|thống\s+kê|tổng\s+hợp))?\s+(?:được\s+)?"
                 r"(?:tính|lấy|thống\s+kê|tổng\s+hợp)?\s*(?:từ|trong\s+khoảng\s+thời\s+gian\s+từ)\s|"
                 r"(?:thời\s+gian|thời\s+điểm)\s+(?:lấy|tính|thống\s+kê)\s+số\s+liệu|kỳ\s+báo\s+cáo\s*(?::|\(\s*(?=từ)|được\s+tính|tính|từ)|"
                 r"phạm\s+vi\s+số\s+liệu",  # "Phạm vi số liệu: từ ngày ... đến ngày ..."
                 re.I)
CUE_WORDS = ("liệu", "kỳ báo cáo")  # every form of CUE holds one: a cheap test before the pattern
# a report's period with its span in parentheses: "báo cáo kết quả 6 tháng đầu năm 2025 (từ ngày ... đến
# ngày ...)", "báo cáo kết quả ... kỳ 6 tháng (từ ngày 15/12/2025 đến ngày 14/6/2026, gửi trước ngày
# 20/6/2026)" (a window of the document, not a cue that sets the sentence's deadlines aside)
PERIOD_SPAN = re.compile(r"(?:báo\s+cáo|kết\s+quả)[^()\n.;]{0,80}?(?:tháng|quý|năm|kỳ)[^()\n]{0,25}\(\s*(?=từ\s)", re.I)
# the figures' last day after the words that introduce it: "31/10/2025", "31/10", "31 tháng 10 năm 2025"
_LAST_DAY = (r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?"
             r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)")
# "tính đến thời điểm 20/8/2011", "số liệu tính đến hết ngày 30/6": figures up to a day
_UNTIL = re.compile(r"(?:số\s+liệu\s+)?tính\s+(?:đến|tới)\s+(?:thời\s+điểm\s+|hết\s+)?(?:(?:hết\s+)?ngày\s+)?"
                    + _LAST_DAY, re.I)
# "(số liệu đến hết ngày 31/10/2025)", "thời điểm chốt số liệu: ngày 31/10/2025", "chốt số liệu đến
# ngày 15/12": the figures' last day, with no "tính" ("gửi số liệu đến Sở ..." is where they go, and
# names no day right after "đến")
_FIGURES_UNTIL = re.compile(r"(?<!gửi\s)(?:(?:thời\s+(?:điểm|gian)\s+)?chốt\s+số\s+liệu(?:\s+(?:là|vào|tại))?\s*:?\s*(?:(?:đến|tới)\s+)?"
                            r"|số\s+liệu(?:\s+(?:báo\s+cáo|thống\s+kê|tổng\s+hợp))?\s+(?:chốt\s+)?(?:đến|tới)\s+)(?:hết\s+)?(?:ngày\s+)?"
                            + _LAST_DAY, re.I)
# "(lũy kế) từ đầu năm đến ngày 31/10/2025": from 1 January of that day's year
_YEAR_TO_DATE = re.compile(r"từ\s+đầu\s+năm(?:\s+(?P<y0>\d{4}))?\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?"
                           r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", re.I)
# "số liệu tính từ ngày 01/01/2025 đến nay", "số liệu từ ngày 01/7/2025 đến thời điểm báo cáo":
# figures from a day to the report
_SINCE = re.compile(r"(?:số\s+liệu\s+(?:(?:báo\s+cáo|thống\s+kê|tổng\s+hợp)\s+)?(?:tính\s+)?|tính\s+)từ\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?"
                    r"\s+(?:đến|tới)\s+(?:nay|hiện\s+nay|thời\s+điểm\s+báo\s+cáo|ngày\s+báo\s+cáo)", re.I)
# "số liệu giai đoạn 2021 - 2025", "số liệu từ năm 2021 đến năm 2025": figures of a span of years
_YEARS_DATA = re.compile(r"số\s*liệu(?:[^.;:\d]{0,60}?)\s+(?:giai\s+đoạn\s+|từ\s+năm\s+)(?P<a>\d{4})\s*(?:[-–]|đến(?:\s+năm)?)\s*(?P<b>\d{4})",
                         re.I)
# "số liệu về hiện trạng rừng năm 2009": figures of one year
_YEAR_DATA = re.compile(r"số\s*liệu(?:[^.;:\d]{0,60}?)\s+năm\s+(?P<y>\d{4})(?!\s*[-–/]\s*\d|\s+đến)", re.I)


def _end(m: re.Match, p: str) -> dict:
    d = m.group(f"{p}d") or m.group(f"{p}d2")
    mo = m.group(f"{p}m") or m.group(f"{p}m2")
    y = m.group(f"{p}y") or m.group(f"{p}y2")
    q = (m.group(f"{p}q") or "").lower()
    return {"day": int(d), "month": int(mo), "year": int(y) if y else None,
            "year_offset": -1 if "trước" in q else 0}


def range_value(m: re.Match, period: str | None = None) -> dict:
    """A window's value from a ``RANGE`` match (years still to resolve)."""
    return {"start": _end(m, "s"), "end": _end(m, "e"), "period": period, "raw": m.group(0)}


def find_windows(text: str) -> Iterator[Match]:
    """Ranges introduced by ``chốt số liệu`` on their line or on one of the two lines before."""
    recent: list[bool] = []
    for line in lines(text):
        low = line.text.lower()
        recent.append(any(w in low for w in CUE_WORDS) and bool(CUE.search(line.text))
                      or ("(từ" in low or "( từ" in low) and bool(PERIOD_SPAN.search(line.text)))
        if not any(recent[-3:]):
            continue
        periods = list(find_periods(line.text))
        for m in RANGE.finditer(line.text):
            before = [p for p in periods if p.start < m.start()]
            value = range_value(m, before[-1].value["code"] if before else None)
            yield Match("data_window", line.start + m.start(), line.start + m.end(), m.group(0), value)


def find_open_windows(text: str) -> Iterator[Match]:
    """Windows written without ``chốt số liệu``: up to a day (``tính đến thời điểm 20/8/2011``: no
    start), from a day (``tính từ ngày 01/01/2025 đến nay``: no end), one year's or a span of years'
    figures (``số liệu ... năm 2009``, ``số liệu giai đoạn 2021 - 2025``: month and day left null)."""
    low = text.lower()
    if "tính" not in low and "liệu" not in low and "đầu năm" not in low:
        return  # every form below holds one of these
    untils = list(_UNTIL.finditer(text))
    untils += [m for m in _FIGURES_UNTIL.finditer(text) if not any(u.start() <= m.start() < u.end() for u in untils)]
    for m in sorted(untils, key=lambda m: m.start()):
        y = m.group("y") or m.group("y2")
        end = {"day": int(m.group("d") or m.group("d2")), "month": int(m.group("m") or m.group("m2")),
               "year": int(y) if y else None, "year_offset": 0}
        yield Match("data_window", m.start(), m.end(), m.group(0),
                    {"start": None, "end": end, "period": None, "raw": " ".join(m.group(0).split())})
    for m in _YEAR_TO_DATE.finditer(text):
        y = int(m.group("y"))
        yield Match("data_window", m.start(), m.end(), m.group(0),
                    {"start": {"day": 1, "month": 1, "year": int(m.group("y0") or y), "year_offset": 0},
                     "end": {"day": int(m.group("d")), "month": int(m.group("m")), "year": y, "year_offset": 0},
                     "period": None, "raw": " ".join(m.group(0).split())})
    for m in _SINCE.finditer(text):
        start = {"day": int(m.group("d")), "month": int(m.group("m")),
                 "year": int(m.group("y")) if m.group("y") else None, "year_offset": 0}
        yield Match("data_window", m.start(), m.end(), m.group(0),
                    {"start": start, "end": None, "period": None, "raw": m.group(0)})
    for m in _YEARS_DATA.finditer(text):
        a = {"day": None, "month": None, "year": int(m.group("a")), "year_offset": 0}
        b = {"day": None, "month": None, "year": int(m.group("b")), "year_offset": 0}
        yield Match("data_window", m.start(), m.end(), m.group(0),
                    {"start": a, "end": b, "period": None, "raw": " ".join(m.group(0).split())})
    for m in _YEAR_DATA.finditer(text):
        y = {"day": None, "month": None, "year": int(m.group("y")), "year_offset": 0}
        yield Match("data_window", m.start(), m.end(), m.group(0),
                    {"start": dict(y), "end": dict(y), "period": None, "raw": " ".join(m.group(0).split())})


def resolve(window: dict, year: int | None) -> dict:
    """The contract's date_range for a window in reporting year ``year``."""
    def one(e: dict | None) -> dict | None:
        if e is None:
            return None
        y = e["year"] if e["year"] is not None else (year + e["year_offset"] if year else None)
        return partial_date(y, e["month"], e["day"])
    return {"start": one(window["start"]), "end": one(window["end"]), "raw": window["raw"]}
