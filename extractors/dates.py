"""Dates: the place-and-date line (``Cao Lộc, ngày   tháng 02 năm 2024``) and dates in text.

A date is a partial date: any of day, month, year may be blank (left for the signing stamp), and
``iso`` is set only when all three are known and form a real date.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterator

from . import fastre as re

from .base import Match, data, lines

_D = r"(?P<d>\d{1,2})"
_M = r"(?P<m>\d{1,2})"
_Y = r"(?P<y>\d\s?\d\s?\d\s?\d)"

# the line's words as OCR reads them too ("thảng", "nãm"), and what stands in a blank part (data/dates.json)
_W = data("dates")["words"]
_BL = data("dates")["blank_marks"]
# "Cao Lộc, ngày 15 tháng 11 năm 2024", blanks allowed; the place is optional (stamped lines)
DATE_LINE = re.compile(
    r"(?:(?P<place>\p{Lu}[\p{L}.'\- ]{1,40}?)\s*,\s*)?" + _W["day"] + _BL + r"(?:" + _D + r")?" + _BL + _W["month"]
    + _BL + r"(?:" + _M + r")?" + _BL + _W["year"] + r"\s*(?:" + _Y + r")?",
    re.I,
)
# "Hà Nội, ngày 02/3/2025": the date in digits (a copy or a template that does not write it out); the
# place is required, so the body's "Ngày 30/8/2025, Sở Nội vụ nhận được ..." is no date line
DATE_LINE_DIGITS = re.compile(r"(?P<place>\p{Lu}[\p{L}.'\- ]{1,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*"
                              r"(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)", re.I)
# "Hà Nội ngày 12 tháng 3 năm 2015", "Hà Nội; ngày ...": the comma a copy lost or mistyped; the line is only that
# (a place's word: "Hà", "TP.", "Tp."; not an acronym, "ĐTND ngày 05 tháng 11 năm 2025." the rest of a broken symbol)
_PW = r"\p{Lu}(?:\p{Ll}+\.?|\p{Lu}{0,2}\.|(?=\s))"
DATE_LINE_NO_COMMA = re.compile(
    r"^\s*(?P<place>(?!(?:" + "|".join(data("dates")["not_places"]) + r")(?!\p{L}))" + _PW + r"(?:(?:(?<=\.)\s*|\s+|\s*[-–]\s*)" + _PW + r"){0,4})"
    r"\s*[;]?\s+(?i:" + _W["day"] + r")" + _BL + r"(?:" + _D + r")?" + _BL + r"(?i:" + _W["month"] + r")" + _BL
    + r"(?:" + _M + r")?" + _BL + r"(?i:" + _W["year"] + r")\s*(?:" + _Y + r")?[\s.]*$")  # the place's capitals as written
_DAY_WORD = re.compile(_W["day"], re.I)
_COMMA_DAY = re.compile(r",\s*(?:" + _W["day"] + ")", re.I)
_SPACE_BACK = re.compile(r"(?r)\s*")


def _date_line_search(text: str):
    """``DATE_LINE.search(text) or DATE_LINE_DIGITS.search(text)``, tried only where a match can
    start: at a day word (DATE_LINE without its place), or up to 41 characters (a place) and the
    spaces before a comma that a day word follows (with a place; DATE_LINE_DIGITS always has one,
    and its "ngày" is a day word). The optional place, tried at every position of every line, had
    made this the costliest search of the fields (~0.2 ms a line)."""
    days = [m.start() for m in _DAY_WORD.finditer(text)]
    if not days:
        return None
    placed: list[int] = []  # where a place can start
    for c in _COMMA_DAY.finditer(text):
        run = _SPACE_BACK.match(text, 0, c.start()).start()
        placed.extend(range(max(0, run - 41), c.start() - 1))
    for at in sorted(set(days).union(placed)):
        m = DATE_LINE.match(text, at)
        if m is not None:
            return m
    for at in sorted(set(placed)):
        m = DATE_LINE_DIGITS.match(text, at)
        if m is not None:
            return m
    return None
NUMERIC_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})(?!\d)")
WORDS_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.I)


def partial_date(year: int | None, month: int | None, day: int | None) -> dict:
    """The contract's partial_date; out-of-range parts become null rather than invalid values."""
    if month is not None and not 1 <= month <= 12:
        month = None
    if day is not None and not 1 <= day <= 31:
        day = None
    iso = None
    if year and month and day:
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            iso = None
    return {"year": year, "month": month, "day": day, "iso": iso}


def _int(s: str | None) -> int | None:
    return int(s.replace(" ", "")) if s else None


def find_date_lines(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Match]:
    """Place-and-date lines (``Địa danh, ngày ... tháng ... năm ...``) at the start of a line."""
    for line in lines(text, start, end):
        m = _date_line_search(line.text)
        if m is not None and m.group("place") is None and line.text[:m.start()].strip():
            m = DATE_LINE_NO_COMMA.match(line.text) or m
        if not m:
            continue
        lead = line.text[: m.start()].strip()
        if lead and not lead.endswith(("năm", "phúc")):  # must stand at the start of its line
            continue
        place = m.group("place")
        if place:
            place = re.sub(r"\s+", " ", place).strip().rstrip(" .")  # "Lâm Đồng. ngày ...": OCR's dot for the comma
            if place.lower().startswith(("từ", "đến", "trước", "sau", "vào", "kể")):
                continue
        if not place and not (m.start() == 0 or lead):
            continue
        value = {
            "place": place,
            "date": partial_date(_int(m.group("y")), _int(m.group("m")), _int(m.group("d"))),
        }
        s = line.start + m.start()
        yield Match("issued_date", s, line.start + m.end(), text[s: line.start + m.end()], value)


def find_dates(text: str) -> Iterator[Match]:
    """Complete dates in running text: ``30/6/2023``, ``ngày 15 tháng 11 năm 2024``."""
    for pat in (NUMERIC_DATE, WORDS_DATE):
        for m in pat.finditer(text):
            value = partial_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            yield Match("date", m.start(), m.end(), m.group(0), value)


def first_date(text: str) -> dict | None:
    m = min(find_dates(text), key=lambda x: x.start, default=None)
    return m.value if m else None
