"""Windows a duty's own sentence states without a cue word (``chốt số liệu``, ``số liệu``, ``kỳ báo cáo``): the
period it names its figures by (``báo cáo tình hình giải ngân ... 5 tháng đầu năm 2024``) or a range right after
what it counts. ``obligations`` gives one to the duty of that sentence, after a cut-off the letter states
elsewhere and before a report another sentence names by its period (``windows.find_report_windows``)."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data, phrase_alternation
from .periods import find_spans
from .windows import _edge, _named_things, RANGE, range_value


# the words right before a period that make it a deadline or a span's edge, not the figures' period
# ("hoàn thành trong quý III/2025", "đến hết 6 tháng đầu năm 2025")
_TIME_LEAD = re.compile(r"(?:trong|trước|hết|đến|tới|vào|nhất|thành|từ|sau|cuối|đầu)\s*$", re.I)
# a cited report or letter the period names ("Căn cứ Báo cáo kết quả thực hiện quý II/2025 của các tỉnh")
_CITED = re.compile(r"(?:căn\s+cứ|theo|tại)\s+(?:\p{L}+\s+){0,2}?(?:báo\s+cáo|văn\s+bản|công\s+văn)|(?<=\S\s)(?-i:Báo\s+cáo)", re.I)


@lru_cache(maxsize=None)
def _forward() -> re.Pattern:
    return re.compile(r"(?<![\p{L}])(?:" + phrase_alternation(data("windows")["forward_words"]) + r")(?![\p{L}])", re.I)


# "thống kê thiệt hại do mưa lũ trên địa bàn từ ngày 01/8/2023 đến ngày 08/8/2023, gửi về Sở X trước ngày 12/8/2023":
# a range right after what a report counts (no comma between), with a deadline of its own after it; not the time
# a task runs ("tổ chức kiểm tra từ ngày ... đến ngày ...")
_FIGURES_RANGE = re.compile(r"(?:thống\s+kê|báo\s+cáo|tổng\s+hợp)(?P<gap>[^,;.:()\n]{3,80}?)\s(?=từ\s+(?:ngày\s+)?\d)", re.I)
# ("kết quả thực hiện", "tình hình thực hiện" name results, not the task)
_ACTIVITY = re.compile(r"tổ\s+chức|triển\s+khai|(?<!quả\s)(?<!hình\s)thực\s+hiện|kiểm\s+tra|diễn\s+ra|tham\s+gia|tập\s+huấn|hoạt\s+động", re.I)
# (or a span of days it is due within: "..., báo cáo Bộ X trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản")
_DUE_AFTER = re.compile(r"\s(?:trước|chậm\s+nhất|hạn\s+cuối|trong\s+(?:thời\s+hạn|vòng)\s+\d+)\s", re.I)


@lru_cache(maxsize=None)
def _occurred_in() -> re.Pattern:
    """``phát sinh trong``, ``xảy ra trong``: the period after them is when the things counted happened."""
    return re.compile(r"(?:" + phrase_alternation(data("deadlines")["occurred_in"]) + r")\s+trong\s*$", re.I)


@lru_cache(maxsize=None)
def _figures_month() -> re.Pattern:
    """What figures a month alone bounds, right before it: ``có sản lượng tháng 5/2024``, ``tình hình kinh tế - xã
    hội tháng 5/2024`` (up to three words between, no comma)."""
    return re.compile(r"(?<![\p{L}])(?:" + phrase_alternation(data("windows")["figure_nouns"])
                      + r")(?:\s+(?:-\s+)?[^\s,;.:()\d]+){0,3}\s+$", re.I)


def find_duty_spans(text: str) -> Iterator[Match]:
    """The window a duty's own sentence names its figures by, with no cue word: a range right after what it
    counts (``thống kê thiệt hại ... từ ngày 01/8/2023 đến ngày 08/8/2023, gửi ... trước ngày ...``), else a period
    with months and year:
    ``đánh giá tình hình thực hiện dự toán thu, chi ngân sách địa phương 5 tháng đầu năm 2024``,
    ``thống kê các trường hợp vi phạm phát sinh 6 tháng đầu năm 2023``, ``tổng hợp kết quả ... quý I/2025``
    (its first to its last day). Not a year alone, nor a month alone but right after what figures it bounds
    (``có sản lượng tháng 5/2024 tăng ...``; ``tháng 6/2024`` is as often a meeting's or a deadline's month), not a period after a deadline word (``hoàn thành trong quý III/2025``), a
    named thing (``Hội nghị sơ kết 6 tháng đầu năm``) or the coming period's tasks (``phương hướng,
    nhiệm vụ 6 tháng cuối năm``)."""
    low = text.lower()
    if "từ" in low and "ngày" in low:
        for f in _FIGURES_RANGE.finditer(text):
            m = RANGE.match(text, f.end())
            if m and not _ACTIVITY.search(f.group("gap")) and _DUE_AFTER.search(text, m.end()):
                yield Match("data_window", m.start(), m.end(), m.group(0), range_value(m))
                return
    if "tháng" not in low and "quý" not in low:
        return
    for sp in find_spans(text):
        v = sp.value
        before = text[max(0, sp.start - 40):sp.start]
        if v["year"] is None or v["first_month"] is None \
                or v["first_month"] == v["last_month"] and not _figures_month().search(before):
            continue
        if _TIME_LEAD.search(before) and not _occurred_in().search(before) or _named_things().search(before) \
                or _forward().search(before) or _CITED.search(text, 0, sp.start):
            continue
        raw = " ".join(sp.text.split())
        yield Match("data_window", sp.start, sp.end, sp.text,
                    {"start": _edge(v["year"], v["first_month"], 1), "end": _edge(v["year"], v["last_month"], None, last=True),
                     "period": None, "raw": raw})
        return
