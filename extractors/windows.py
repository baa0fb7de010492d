"""Data windows (``thời gian chốt số liệu``): the span a report's figures must cover.

``Thời gian chốt số liệu tính từ ngày 10 tháng 12 của năm trước kỳ báo cáo đến ngày 10 tháng 3
thuộc kỳ báo cáo`` -> start 10/12 (year offset -1), end 10/3 (offset 0). Years are resolved later
against the reporting period's year (``resolve``). A window line that names its period
(``Báo cáo Quý I, thời gian chốt số liệu ...``) carries that period's code.
"""
from __future__ import annotations

import calendar
from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data, lines
from .dates import partial_date
from .periods import find_periods, find_spans

# (a time of day may stand first: "từ 00h00 ngày 01/01/2025 đến 24 giờ ngày 30/6/2025")
_TIME = r"(?:\d{1,2}\s*(?:giờ|h|g)(?:\s*\d{1,2}(?:\s*phút|')?)?\s*,?\s*(?=ngày))?"
_DAY = (_TIME.replace("{", "{{").replace("}", "}}") + r"(?:ngày\s+(?:từ\s+ngày\s+)?)?(?:(?P<{p}d>\d{{1,2}})\s*[/.-]\s*(?P<{p}m>\d{{1,2}})(?:\s*[/.-]\s*(?P<{p}y>\d{{4}}))?"
        r"|(?P<{p}d2>\d{{1,2}})\s+tháng\s+(?P<{p}m2>\d{{1,2}})(?:\s+năm\s+(?P<{p}y2>\d{{4}}))?"
        # a month alone: "từ tháng 01/2025 đến hết tháng 6/2025" (its first day / its last day); the first
        # month may leave its year to the last ("từ tháng 01 đến hết tháng 11 năm 2025": range_value)
        r"|tháng\s+(?P<{p}m3>\d{{1,2}})(?:(?:\s*/\s*|\s+năm\s+)(?P<{p}y3>\d{{4}})(?!\d)|(?![\s/.-]*\d)))")
_QUAL = (r"(?:\s*(?P<{p}q>(?:của\s+)?năm\s+trước(?:\s+(?:kỳ\s+báo\s+cáo|liền\s+kề))?"
         r"|thuộc\s+kỳ\s+báo\s+cáo|(?:của\s+)?năm\s+báo\s+cáo|(?:của\s+)?năm\s+thực\s+hiện))?")
# "từ ... đến (hết) ...", "từ ... tới ...", "từ ... cho đến ...", "từ 01/01/2025 - 30/6/2025"
RANGE = re.compile(r"từ\s+" + _DAY.format(p="s") + _QUAL.format(p="s") + r"\s*(?:,\s*)?(?:(?:cho\s+)?(?:đến|tới)\s+(?:hết\s+)?|[-–]\s*)"
                   + _DAY.format(p="e") + _QUAL.format(p="e"), re.I)
# a range is a data window where the line says whose figures it bounds: "chốt số liệu", "số liệu
# (báo cáo) tính từ", "kỳ báo cáo", "thời gian lấy số liệu" (a bare "từ ngày ... đến ngày" is often
# the period a task runs, not the figures it reports)
# ("Số liệu đánh giá: từ ngày ... đến ngày ...": the words may end with a colon)
# ("số liệu <a few words> (tính) từ" only before a day or a month: "số liệu từ các sở" is where they come from)
CUE = re.compile(r"chốt\s+số\s+liệu|số\s+liệu(?:\s+(?!từ\b|tính\b|được\b|lấy\b)[\p{L}]+){0,4}?\s*:?\s+(?:được\s+)?"
                 r"(?:tính|lấy|thống\s+kê|tổng\s+hợp)?\s*(?:\(\s*)?(?:từ|trong\s+khoảng\s+thời\s+gian\s+từ)\s+(?=(?:ngày\s+)?\d|tháng\s+\d)"
                 # (and only where the span has its other end: the walk sets aside the deadlines a cue's span holds)
                 r"(?=[^.;\n]{0,60}?\s(?:đến|tới)\s|[^.;\n]{0,40}?\d\s*[-–]\s*\d)|"
                 r"(?:thời\s+gian|thời\s+điểm)\s+(?:lấy|tính|thống\s+kê|tổng\s+hợp)\s+số\s+liệu|kỳ\s+báo\s+cáo\s*(?:[^.;:()\n]{0,30}:|\(\s*(?=từ)|được\s+tính|tính|từ)|"
                 r"phạm\s+vi\s+số\s+liệu|"  # "Phạm vi số liệu: từ ngày ... đến ngày ..."
                 # "báo cáo số liệu năm 2010 (tính từ 01/01/2010 đến 31/12/2010)": the span in parentheses
                 r"(?<=liệu[^.;()\n]{0,40})\(\s*tính\s+từ\s+(?=(?:ngày\s+)?\d)(?=[^.;\n]{0,60}?\s(?:đến|tới)\s)",
                 re.I)
CUE_WORDS = ("liệu", "kỳ báo cáo")  # every form of CUE holds one: a cheap test before the pattern
# a report's period with its span in parentheses: "báo cáo kết quả 6 tháng đầu năm 2025 (từ ngày ... đến
# ngày ...)", "báo cáo kết quả ... kỳ 6 tháng (từ ngày 15/12/2025 đến ngày 14/6/2026, gửi trước ngày
# 20/6/2026)" (a window of the document, not a cue that sets the sentence's deadlines aside)
PERIOD_SPAN = re.compile(r"(?:báo\s+cáo|kết\s+quả)[^()\n.;]{0,80}?(?:tháng|quý|năm|kỳ)[^()\n]{0,25}\(\s*(?=từ\s)", re.I)
# a report's results or state over a span, on its own line: "báo cáo kết quả thực hiện từ ngày ... đến ngày ..."
_REPORT_RANGE = re.compile(r"báo\s+cáo\s+(?:[^.;:()\n\d]{0,60}?\s)?(?:kết\s+quả|tình\s+hình)[^.;:()\n\d]{0,60}?\s"
                           r"(?=từ\s+(?:ngày\s+)?\d)", re.I)
# the figures' last day after the words that introduce it: "31/10/2025", "31/10", "31 tháng 10 năm 2025",
# "31-10-2025" and "31.10.2025" (with a dot or a dash only where the year follows: "2.5" is a number)
_LAST_DAY = (r"(?:(?P<d>\d{1,2})\s*(?:/|[.-](?=\s*\d{1,2}\s*[.-]\s*\d{4}(?!\d)))\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
             r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)")
# "tính đến thời điểm 20/8/2011", "số liệu tính đến hết ngày 30/6": figures up to a day
_UNTIL = re.compile(r"(?:số\s+liệu\s+)?tính\s+(?:đến|tới)\s+(?:thời\s+điểm\s+|hết\s+|cuối\s+)?" + _TIME + r"(?:(?:hết\s+)?ngày\s+)?"
                    + _LAST_DAY, re.I)
# "(số liệu đến hết ngày 31/10/2025)", "thời điểm chốt số liệu: ngày 31/10/2025", "chốt số liệu đến
# ngày 15/12": the figures' last day, with no "tính" ("gửi số liệu đến Sở ..." is where they go, and
# names no day right after "đến")
_FIGURES_UNTIL = re.compile(r"(?<!gửi\s)(?:(?:thời\s+(?:điểm|gian)\s+(?:tổng\s+hợp|lấy)\s+số\s+liệu|(?:thời\s+(?:điểm|gian)\s+)?chốt\s+số\s+liệu)(?:\s+(?:là|vào|tại))?\s*:?\s*(?:(?:đến|tới)\s+)?"
                            # ("số liệu ước thực hiện đến 31/12/2025"; not "số liệu gửi đến ngày ...": where they go)
                            r"|số\s+liệu(?:\s+(?!đến|tới|gửi|chuyển|nộp|báo\s+cáo\s+về)\p{L}+){0,3}?\s+(?:chốt\s+)?(?:đến|tới)\s+)(?:hết\s+)?(?:thời\s+điểm\s+)?"
                            + _TIME + r"(?:ngày\s+)?"  # (a time of day first: "số liệu chốt đến 24 giờ 00 ngày 30/11/2025")
                            + _LAST_DAY, re.I)
# "báo cáo tình hình thực hiện đến hết ngày 30/9/2025, gửi về Sở X trước ngày 10/10/2025": the results' last day,
# where a deadline of its own follows in the sentence (without one, "đến hết ngày" is left to the deadlines)
_RESULTS_UNTIL = re.compile(r"(?:kết\s+quả|tình\s+hình)(?:\s+[^.;:()\n\d]{1,80}?)?\s+(?:đến|tới)\s+hết\s+"
                            r"(?:ngày\s+)?" + _LAST_DAY + r"(?=[^.;\n]{0,200}?(?:trước|chậm\s+nhất|hạn\s+cuối)\s)", re.I)
# "(lũy kế) từ đầu năm đến ngày 31/10/2025": from 1 January of that day's year
_YEAR_TO_DATE = re.compile(r"từ\s+đầu\s+năm(?:\s+(?P<y0>\d{4}))?\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?"
                           r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", re.I)
# "số liệu tính từ ngày 01/01/2025 đến nay", "số liệu từ ngày 01/7/2025 đến thời điểm báo cáo":
# figures from a day to the report
_SINCE = re.compile(r"(?:số\s+liệu\s+(?:(?!từ\b|tính\b)\p{L}+\s+){0,5}?(?:tính\s+)?|tính\s+)từ\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?"
                    r"\s+(?:đến|tới)\s+(?:nay|hiện\s+nay|thời\s+điểm\s+báo\s+cáo|ngày\s+báo\s+cáo)", re.I)
# "số liệu giai đoạn 2021 - 2025", "số liệu từ năm 2021 đến năm 2025": figures of a span of years
# ("số liệu 05 năm (2021 - 2025)", "số liệu năm học 2024 - 2025")
_YEARS_DATA = re.compile(r"số\s*liệu(?:[^.;:\d]{0,60}?)(?:\s+\d{1,2}\s+năm)?\s*(?:\s(?:giai\s+đoạn|từ\s+năm|năm\s+học)\s+|\(\s*)"
                         r"(?P<a>\d{4})\s*(?:[-–]|đến(?:\s+năm)?)\s*(?P<b>\d{4})", re.I)

# "số liệu từ năm 2021 đến nay", "tính từ năm 2021 đến năm 2024", "báo cáo kết quả thực hiện từ năm 2021 đến
# nay": figures from a year (to now: no end, as "từ ngày ... đến nay"; to a year: that year)
_YEARS_FROM = re.compile(r"(?:số\s*liệu[^.;:,\d]{0,60}?\s|tính\s+|báo\s+cáo\s+(?:[^.;:,()\n\d]{0,60}?\s)?(?:kết\s+quả|tình\s+hình)"
                         r"[^.;:,()\n\d]{0,60}?\s)(?:tính\s+)?từ\s+năm\s+(?P<a>\d{4})\s+(?:đến|tới)\s+(?:(?:hết\s+)?năm\s+(?P<b>\d{4})(?!\d)"
                         r"|nay|hiện\s+nay|thời\s+điểm\s+báo\s+cáo|ngày\s+báo\s+cáo)", re.I)
# "báo cáo tổng kết 5 năm (2021 - 2025)", "báo cáo sơ kết 05 năm thực hiện Đề án (2021-2025)": a report of a
# stage with its years in parentheses (a stage named without them, "báo cáo tổng kết giai đoạn 2021-2025",
# is a report's name, as "báo cáo kết quả năm 2024" is)
_STAGE_YEARS = re.compile(r"báo\s+cáo\s+(?:[^.;:,()\n\d]{0,60}?\s)?(?P<n>\d{1,2})\s+năm(?:\s+[^.;:,()\n\d]{1,60}?)?\s*\(\s*"
                          r"(?:giai\s+đoạn\s+|từ\s+năm\s+)?(?P<a>\d{4})\s*(?:[-–]|đến(?:\s+năm)?)\s*(?P<b>\d{4})\s*\)", re.I)


def _end(m: re.Match, p: str) -> dict:
    q = (m.group(f"{p}q") or "").lower()
    if m.group(f"{p}m3"):  # a month alone: from its first day (start) or to its last (end)
        y3 = m.group(f"{p}y3")
        return _edge(int(y3) if y3 else None, int(m.group(f"{p}m3")), 1 if p == "s" else None, last=p == "e")
    d = m.group(f"{p}d") or m.group(f"{p}d2")
    mo = m.group(f"{p}m") or m.group(f"{p}m2")
    y = m.group(f"{p}y") or m.group(f"{p}y2")
    return {"day": int(d), "month": int(mo), "year": int(y) if y else None,
            "year_offset": -1 if "trước" in q else 0}


def _edge(year: int | None, month: int | None, day: int | None, *, last: bool = False) -> dict:
    """One end of a window before its year is resolved; ``last``: the month's last day (it depends on
    the year, so ``resolve`` sets it)."""
    e = {"day": day, "month": month, "year": year, "year_offset": 0}
    if last:
        e["last"] = True
    return e


def range_value(m: re.Match, period: str | None = None) -> dict:
    """A window's value from a ``RANGE`` match (years still to resolve). A first month written without
    its year takes the last one's (``từ tháng 01 đến hết tháng 11 năm 2025``; the year before where the
    months run over New Year: ``từ tháng 12 đến tháng 02/2025``)."""
    start, end = _end(m, "s"), _end(m, "e")
    if m.group("sm3") and start["year"] is None and end["year"] is not None and end["month"]:
        start["year"] = end["year"] - (start["month"] > end["month"])
    return {"start": start, "end": end, "period": period, "raw": m.group(0)}


def find_windows(text: str) -> Iterator[Match]:
    """The letter's windows: ranges introduced by ``chốt số liệu`` on their line or on one of the two
    lines before, a label line (``Kỳ báo cáo: quý III/2025``), then the periods requested reports are
    named by (``find_report_windows``)."""
    recent: list[bool] = []
    stated: list[Match] = []
    named: list = []  # the lines that say "báo cáo", for the last loop (each line lowered once)
    for line in lines(text):
        low = line.text.lower()
        if "báo cáo" in low:
            named.append(line)
        recent.append(any(w in low for w in CUE_WORDS) and bool(CUE.search(line.text))
                      or ("(từ" in low or "( từ" in low) and bool(PERIOD_SPAN.search(line.text)))
        # "báo cáo kết quả thực hiện từ ngày 01/01/2025 đến ngày 30/6/2025": the span a report's results cover
        own = "báo cáo" in low and "từ" in low and bool(_REPORT_RANGE.search(line.text))
        cued = any(recent[-3:]) or own
        head = low[:40]
        if not cued and not ("liệu" in head or "kỳ" in head or "phạm vi" in head):
            continue
        ranged = False
        if cued:
            periods = list(find_periods(line.text))
            for m in RANGE.finditer(line.text):
                before = [p for p in periods if p.start < m.start()]
                value = range_value(m, before[-1].value["code"] if before else None)
                ranged = True
                yield Match("data_window", line.start + m.start(), line.start + m.end(), m.group(0), value)
        label = None if ranged else _LABEL_LINE().match(line.text)
        if label:  # "Kỳ báo cáo: 6 tháng đầu năm 2025", "Số liệu báo cáo tính đến hết ngày 30/11/2025.": the
            # letter's window, stated in a paragraph of its own
            w = next(find_open_windows(line.text), None)
            if w is not None and w.start <= label.end() + 12:
                stated.append(Match("data_window", line.start + w.start, line.start + w.end, w.text, w.value))
    # after the ranges: "3. Thời hạn chốt số liệu báo cáo CCHC quý I năm 2024:" announces the range below it
    yield from stated
    # the periods requested reports are named by, after every window the letter states in its own words
    for line in named:
        for w in find_report_windows(line.text):
            yield Match("data_window", line.start + w.start, line.start + w.end, w.text, w.value)


@lru_cache(maxsize=None)
def _LABEL_LINE() -> re.Pattern:
    """A line that opens with a window label, with a colon and up to three words before it (``3. Kỳ báo
    cáo:``, ``- Phạm vi số liệu:``, ``Kỳ báo cáo năm:``) or with the window right after it (``Số liệu báo
    cáo tính đến hết ngày ...``, ``(Số liệu tính đến ...)``)."""
    words = sorted(data("windows")["labels"], key=len, reverse=True)
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in words)
    return re.compile(rf"^\s*(?:[-+•–*]\s*|\(?[\dIVXa-zđ]{{1,4}}[.)]\s*(?:\d{{1,2}}[.)]\s*)*)?\(?\s*(?:{alt})"
                      rf"(?:(?:\s+\p{{L}}+){{0,3}}?\s*:)?", re.I)


_DIGIT = re.compile(r"\d")


def find_open_windows(text: str) -> Iterator[Match]:
    """Windows written without ``chốt số liệu``: up to a day (``tính đến thời điểm 20/8/2011``: no
    start), from a day (``tính từ ngày 01/01/2025 đến nay``: no end), one year's or a span of years'
    figures (``số liệu ... năm 2009``, ``số liệu giai đoạn 2021 - 2025``, ``số liệu từ năm 2021 đến nay``,
    ``báo cáo tổng kết 5 năm (2021 - 2025)``: month and day left null), a
    named period after a cue (``kỳ báo cáo 6 tháng đầu năm 2025``, ``số liệu quý III/2025``: its first
    to its last day), up to a period's end (``số liệu tính đến hết tháng 6/2025``, ``lũy kế từ đầu năm
    đến hết tháng 9/2025``). Where two overlap the first form wins."""
    low = text.lower()
    years = "từ năm" in low or "(" in low and "báo cáo" in low  # (the forms of years only: _years_windows)
    opened = any(w in low for w in _OPEN_WORDS)
    if not years and not opened:
        return  # every form below holds one of these
    out: list[Match] = []

    def add(m_start: int, m_end: int, start: dict | None, end: dict | None) -> None:
        if any(o.start < m_end and m_start < o.end for o in out):
            return
        raw = " ".join(text[m_start:m_end].split())
        out.append(Match("data_window", m_start, m_end, text[m_start:m_end],
                         {"start": start, "end": end, "period": None, "raw": raw}))

    if not opened:  # only the forms of years can match
        _years_windows(text, add)
        yield from out
        return
    untils = list(_UNTIL.finditer(text))
    untils += [m for m in _FIGURES_UNTIL.finditer(text) if not any(u.start() <= m.start() < u.end() for u in untils)]
    if "hết" in low and ("kết quả" in low or "tình hình" in low):
        untils += [m for m in _RESULTS_UNTIL.finditer(text) if not any(u.start() <= m.start() < u.end() for u in untils)]
    for m in sorted(untils, key=lambda m: m.start()):
        y = m.group("y") or m.group("y2")
        add(m.start(), m.end(), None, _edge(int(y) if y else None, int(m.group("m") or m.group("m2")),
                                            int(m.group("d") or m.group("d2"))))
    dated = bool(untils) or _DIGIT.search(text) is not None  # (the next forms but "từ đầu năm đến nay" need a digit)
    for m in _YEAR_TO_DATE.finditer(text) if dated else ():
        y = int(m.group("y"))
        add(m.start(), m.end(), _edge(int(m.group("y0") or y), 1, 1), _edge(y, int(m.group("m")), int(m.group("d"))))
    for m in _SINCE.finditer(text) if dated else ():
        add(m.start(), m.end(), _edge(int(m.group("y")) if m.group("y") else None, int(m.group("m")), int(m.group("d"))), None)
    for m in _YEAR_START_SINCE.finditer(text):
        add(m.start(), m.end(), _edge(int(m.group("y0")) if m.group("y0") else None, 1, 1), None)
    for m in _YEARS_DATA.finditer(text) if dated else ():
        add(m.start(), m.end(), _edge(int(m.group("a")), None, None), _edge(int(m.group("b")), None, None))
    if years:
        _years_windows(text, add)
    if not out and _maybe_span(low) and not (("từ" in low or "kỳ" in low) and _has_range(text)):
        # a period is the weakest form: only where the sentence states no day and no range
        # ("báo cáo kết quả 6 tháng đầu năm 2025 (số liệu từ ngày 15/12/2024 đến ngày 14/6/2025)")
        for sp in find_spans(text):
            _span_window(text, sp, add)
    yield from out


def _years_windows(text: str, add) -> None:
    """``_YEARS_FROM`` and ``_STAGE_YEARS``: windows of years alone (month and day left null)."""
    for m in _YEARS_FROM.finditer(text):
        if m.group("b") is None or int(m.group("b")) >= int(m.group("a")):
            add(m.start(), m.end(), _edge(int(m.group("a")), None, None),
                _edge(int(m.group("b")), None, None) if m.group("b") else None)
    for m in _STAGE_YEARS.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if b - a in (int(m.group("n")), int(m.group("n")) - 1):  # "5 năm (2021 - 2025)", "5 năm (2020-2025)"
            add(m.start(), m.end(), _edge(a, None, None), _edge(b, None, None))


def _has_range(text: str) -> bool:
    return any(CUE.search(text[max(0, m.start() - 60):m.start() + 20]) or PERIOD_SPAN.search(text, 0, m.start() + 1)
               for m in RANGE.finditer(text))


_OPEN_WORDS = ("tính", "liệu", "đầu năm", "lũy", "luỹ", "kỳ báo cáo", "kỳ thống kê", "phạm vi", "hết ngày")


def _maybe_span(low: str) -> bool:
    return "năm" in low or "quý" in low or "tháng" in low


# up to a period's end: "(số liệu) tính đến hết tháng 6/2025", "lũy kế (từ đầu năm) đến hết quý III/2025"
_UNTIL_SPAN = re.compile(r"(?:(?P<c>tính|lũy\s+kế|luỹ\s+kế|số\s+liệu(?:\s+(?!đến|tới)\p{L}+){0,3}?)\s+)?"
                         r"(?P<ytd>từ\s+đầu\s+năm(?:\s+(?P<y0>\d{4}))?\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+)?(?:thời\s+điểm\s+)?$",
                         re.I)
# "từ đầu năm (2025) đến nay" after a word of figures: from 1 January to the report
_YEAR_START_SINCE = re.compile(r"(?:số\s+liệu|lũy\s+kế|luỹ\s+kế|tính)\s+(?:\p{L}+\s+){0,3}?từ\s+đầu\s+năm(?:\s+(?P<y0>\d{4}))?\s+"
                               r"(?:đến|tới)\s+(?:nay|hiện\s+nay|thời\s+điểm\s+báo\s+cáo|ngày\s+báo\s+cáo)", re.I)


@lru_cache(maxsize=None)
def _span_leads() -> tuple[re.Pattern, re.Pattern]:
    """The words before a period that make it the figures' period: a cue (``kỳ báo cáo``, ``số liệu``), a
    few words of what the figures are about, then ``:``, ``là``, ``trong``, ``của`` or nothing; or a
    report's name (``báo cáo kết quả thực hiện``), up to ten words, the period right after."""
    w = data("windows")
    alt = lambda words: "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in sorted(words, key=len, reverse=True))
    gap = r"(?P<gap>(?:\s+(?!(?:đến|tới|hết|từ|trước|sau|trong|chậm|hạn|vào)\b)[^\s.;:,\d()\[\]]+){0,%d}?)"
    cue = re.compile(rf"(?:{alt(w['cues'])}){gap % 8}\s*(?::\s*|\s+(?:là|trong|của|thuộc)\s+|\s+)$", re.I)
    report = re.compile(rf"(?<!(?:căn\s+cứ|theo|tại|kèm)\s)(?:{alt(w['report_words'])}){gap % 10}\s+$", re.I)
    return cue, report


@lru_cache(maxsize=None)
def _named_things() -> re.Pattern:
    words = sorted(data("windows")["named_things"], key=len, reverse=True)
    return re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in words) + r")(?![\p{L}])", re.I)


_PRIOR_YEAR = re.compile(r"\s+(?:của\s+)?(năm\s+)?trước(?!\s+(?:ngày|khi|thời|\d))(?![\p{L}\d])", re.I)


def _span_window(text: str, sp: Match, add, *, report: bool = False) -> None:
    """The window period ``sp`` gives after a cue or, with ``report``, as a report's name."""
    v = sp.value
    before = text[max(0, sp.start - 100):sp.start]
    a, b, y = v["first_month"], v["last_month"], v["year"]
    u = _UNTIL_SPAN.search(before)
    if u and (u.group("c") or u.group("ytd")):
        # up to the end of the period: its last day (the last of December for a year)
        end = _edge(y, b or 12, None, last=True) if (b or y) else None
        start = _edge(int(u.group("y0")) if u.group("y0") else y, 1, 1) if u.group("ytd") else None
        if end is not None and not report:
            add(sp.start - len(before) + u.start(), sp.end, start, end)
        return
    cue, named = _span_leads()
    lead = cue.search(before)
    if report:
        if lead is not None or a is None or y is None:
            return  # a cue's period is the sentence's; "báo cáo kết quả năm 2024", "báo cáo quý I": a name only
        lead = named.search(before)
    if not lead or _named_things().search(lead.group("gap") or ""):
        return
    stop = sp.end
    prior = None if y is not None else _PRIOR_YEAR.match(text, sp.end)
    if a is None:  # a whole year: the year alone, as the contract's gold writes it ("năm 2009")
        start, end = _edge(y, None, None), _edge(y, None, None)
    else:
        start, end = _edge(y, a, 1), _edge(y, b, None, last=True)
        if prior and (prior.group(1) or sp.text.lower().endswith("năm")):
            # "số liệu quý IV năm trước", "6 tháng cuối năm trước": the year before the report's
            start["year_offset"] = end["year_offset"] = -1
            stop = prior.end()
    add(sp.start - len(before) + lead.start(), stop, start, end)


def find_report_windows(text: str) -> Iterator[Match]:
    """The period a requested report is named by, with its year: ``báo cáo kết quả thực hiện quý III/2025``,
    ``báo cáo tình hình 6 tháng đầu năm 2025`` (its first to its last day). The weakest window: a letter's
    own ``chốt số liệu`` or range, anywhere, says more, so ``find_windows`` gives these last."""
    low = text.lower()
    if "báo cáo" not in low or not _maybe_span(low):
        return
    out: list[Match] = []

    def add(m_start: int, m_end: int, start: dict | None, end: dict | None) -> None:
        out.append(Match("data_window", m_start, m_end, text[m_start:m_end],
                         {"start": start, "end": end, "period": None, "raw": " ".join(text[m_start:m_end].split()),
                          "report": True}))

    for sp in find_spans(text):
        _span_window(text, sp, add, report=True)
    yield from out


def resolve(window: dict, year: int | None) -> dict:
    """The contract's date_range for a window in reporting year ``year``."""
    def one(e: dict | None) -> dict | None:
        if e is None:
            return None
        y = e["year"] if e["year"] is not None else (year + e["year_offset"] if year else None)
        day = e["day"]
        if e.get("last") and y and e["month"]:
            day = calendar.monthrange(y, e["month"])[1]
        return partial_date(y, e["month"], day)
    return {"start": one(window["start"]), "end": one(window["end"]), "raw": window["raw"]}
