"""Data windows stated relative to the reporting period (GUIDELINE: a recurring schedule gives each period's
concrete window): ``số liệu tính từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý`` is, for
Q1-2024, 15/12/2023 - 14/3/2024; for Q2-2024, 15/3/2024 - 14/6/2024."""
from __future__ import annotations

from . import fastre as re

from .dates import partial_date
from .schedules import _period_months

_PERIOD = r"(?:kỳ\s+báo\s+cáo|kỳ|quý|6\s+tháng)"
RELATIVE_WINDOW = re.compile(
    r"(?:số\s+liệu\s+)?(?:(?:được\s+)?tính\s+)?từ\s+ngày\s+(?P<d1>\d{1,2})\s+(?:của\s+)?tháng\s+(?P<before>trước|đầu)\s+"
    rf"(?:của\s+)?{_PERIOD}\s+(?:đến|tới)\s+(?:hết\s+)?ngày\s+(?P<d2>\d{{1,2}})\s+(?:của\s+)?tháng\s+cuối\s+(?:của\s+)?{_PERIOD}",
    re.I)


def relative_window(text: str, period: str, year: int | None) -> tuple[re.Match, dict] | None:
    """The window ``text`` states relative to its period, made concrete for ``period`` (``Q1`` ...) of ``year``."""
    m = RELATIVE_WINDOW.search(text)
    months = _period_months().get(period)
    if m is None or months is None or year is None:
        return None
    first, last = months
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if not (1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    sy, sm = (year, first - 1) if m.group("before").lower() == "trước" else (year, first)
    if sm == 0:
        sy, sm = year - 1, 12  # "tháng trước kỳ báo cáo" of Q1: December of the year before
    return m, {"start": partial_date(sy, sm, d1), "end": partial_date(year, last, d2), "raw": " ".join(m.group(0).split())}
