"""Data windows as a grammar: the phrasing table (``data/window_phrasings.tsv``) read in full, phrasings
that are no window, a window reworded many ways giving the same obligation, and the language data."""
from __future__ import annotations

import calendar
import unicodedata
from pathlib import Path

import pytest

from congvan.extractors.base import data
from congvan.extractors.deadlines import _number_words
from congvan.extractors.periods import find_spans
from congvan.extractors.windows import find_open_windows, find_windows, resolve
from congvan.pipeline import extract_text, to_result
from congvan.pipeline.syllables import traditional_tones

from .test_data_files import _strings  # every string of a data file, keys too

TABLE = Path(__file__).parent / "data" / "window_phrasings.tsv"


def _rows():
    for line in TABLE.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        phrase, start, end = (line.split("\t") + ["", ""])[:3]
        yield pytest.param(phrase, start or None, end or None, id=phrase)


def _window(text: str):
    """The window a sentence states: a range after a cue (the letter's window) or an open one."""
    return next(find_windows(text), None) or next(find_open_windows(text), None)


def _show(d: dict | None) -> str | None:
    if d is None:
        return None
    return d["iso"] if d["iso"] else str(d["year"]) if d["month"] is None else f"{d['year']}-{d['month']}-{d['day']}"


def test_the_table_has_many_phrasings():
    assert sum(1 for _ in _rows()) >= 60


@pytest.mark.parametrize("phrase, start, end", list(_rows()))
def test_window_phrasing(phrase, start, end):
    text = f"Đề nghị các đơn vị báo cáo kết quả thực hiện, {phrase}, gửi về Sở Tài chính."
    w = _window(text)
    assert w is not None, phrase
    r = resolve(w.value, 2025)
    assert (_show(r["start"]), _show(r["end"])) == (start, end)
    assert text[w.start:w.end] == w.text  # offsets point at the words


@pytest.mark.parametrize("text", [
    "Đề nghị các đơn vị hoàn thành trong quý III/2025.",                 # a deadline, not figures
    "Đề nghị các đơn vị báo cáo kết quả thực hiện nhiệm vụ năm 2024.",   # a report named by its year alone
    "Đề nghị các đơn vị gửi báo cáo quý I về Sở Nội vụ.",                # no year: the report's name only
    "Đề nghị Tổng cục Thống kê cung cấp số liệu kết quả Tổng điều tra dân số và nhà ở năm 2009.",  # the census's year
    "Đề nghị các sở cung cấp số liệu theo Kế hoạch năm 2025.",          # the plan's year
    "Đề nghị các đơn vị tổng hợp số liệu từ các phòng, ban gửi về Sở trước ngày 10/12/2025.",
    "Đề nghị các đơn vị gửi báo cáo trước tháng 6/2026.",
    "Đề nghị các đơn vị tổng hợp số liệu, báo cáo trong tháng 12/2025.",
    "Thời gian thực hiện: từ đầu năm 2025",
    "Từ đầu năm đến nay, tỉnh đã thu hút 12 dự án.",
    # a report named by its stage, as by its year alone; a programme's stage; a term of office (issue 13n)
    "Đề nghị các đơn vị gửi báo cáo tổng kết giai đoạn 2021-2025 về Sở Nội vụ.",
    "Đề nghị các sở báo cáo kết quả thực hiện Chương trình mục tiêu giai đoạn 2016 - 2020.",
    "Đề nghị Hội báo cáo kết quả đại hội nhiệm kỳ II (2025 - 2030) về Sở Nội vụ.",
    "Từ năm 2021 đến nay, Hội đã kết nạp 120 hội viên.",
    "Đề nghị các đơn vị gửi báo cáo tổng kết 5 năm (2021 - 2023) về Sở Nội vụ.",  # 5 years are not 2021-2023
])
def test_no_window(text):
    assert _window(text) is None, [w.text for w in [*find_windows(text), *find_open_windows(text)]]


def test_a_period_yields_to_the_range_its_sentence_states():
    text = ("Đề nghị các đơn vị báo cáo kết quả thực hiện 6 tháng đầu năm 2025 (số liệu từ ngày 15/12/2024 đến "
            "ngày 14/6/2025), gửi về Bộ Tài chính trước ngày 20/6/2025.")
    assert list(find_open_windows(text)) == []
    r = resolve(next(find_windows(text)).value, 2025)
    assert (r["start"]["iso"], r["end"]["iso"]) == ("2024-12-15", "2025-06-14")


@pytest.mark.parametrize("text, months, year", [
    ("6 tháng đầu năm 2025", (1, 6), 2025), ("sáu tháng cuối năm", (7, 12), None), ("quý III/2025", (7, 9), 2025),
    ("quý IV năm 2025", (10, 12), 2025), ("quý 2-2025", (4, 6), 2025), ("tháng 10/2025", (10, 10), 2025),
    ("9 tháng năm 2025", (1, 9), 2025), ("năm 2025", (None, None), 2025),
])
def test_period_spans(text, months, year):
    m = next(find_spans(text))
    assert ((m.value["first_month"], m.value["last_month"]), m.value["year"]) == (months, year)


@pytest.mark.parametrize("text", ["năm học 2024-2025", "giai đoạn năm 2021-2025", "tháng 10", "quý"])
def test_not_a_period_span(text):
    assert list(find_spans(text)) == []


# --- metamorphic: one duty, its window reworded, the same obligation --------------------------------

LETTER = ("BỘ TÀI CHÍNH\nSố: 1234/BTC-NSNN\nV/v báo cáo\nHà Nội, ngày 10 tháng 11 năm 2025\nKính gửi: {kg}\n"
          "{body}\nTrân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n")
KG = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương."
DUTY = "Đề nghị Ủy ban nhân dân các tỉnh báo cáo tình hình giải ngân vốn đầu tư công"
SEND = "gửi về Bộ Tài chính trước ngày 10/10/2025"

# the third quarter's figures, said eleven ways (in the sentence, in parentheses, after it, on a line of
# their own, with the year left out)
Q3 = [
    f"{DUTY} quý III/2025, {SEND}.",
    f"{DUTY} quý III năm 2025, {SEND}.",
    f"{DUTY} (số liệu quý III/2025), {SEND}.",
    f"{DUTY}, số liệu tính từ ngày 01/7/2025 đến hết ngày 30/9/2025, {SEND}.",
    f"{DUTY} (số liệu từ 01/7/2025 đến 30/9/2025), {SEND}.",
    f"{DUTY}, số liệu từ tháng 7/2025 đến hết tháng 9/2025, {SEND}.",
    f"{DUTY} kỳ báo cáo quý III/2025, {SEND}.",
    f"{DUTY}, {SEND}. Số liệu báo cáo tính từ ngày 01/7/2025 đến ngày 30/9/2025.",
    f"{DUTY}, {SEND}.\nKỳ báo cáo: quý III/2025.",
    f"{DUTY}, {SEND}.\n2. Phạm vi số liệu: từ ngày 01/7/2025 đến ngày 30/9/2025.",
    f"{DUTY}, {SEND}.\nThời gian chốt số liệu: từ ngày 01 tháng 7 đến ngày 30 tháng 9 năm 2025.",
    # the span in parentheses right after the figures (issue 13l)
    # the first month without its year, which the last one gives
    f"{DUTY}, số liệu tính từ tháng 7 đến hết tháng 9 năm 2025, {SEND}.",
    f"{DUTY} (số liệu từ tháng 07 đến tháng 9/2025), {SEND}.",
    f"{DUTY}, kèm theo số liệu (từ ngày 01/7/2025 đến ngày 30/9/2025), {SEND}.",
    f"{DUTY} và số liệu tổng hợp (từ 01/7/2025 đến 30/9/2025) {SEND}.",
    # the span in parentheses after the figures and a period or year of theirs: the days win
    f"{DUTY}, số liệu báo cáo (tính từ ngày 01/7/2025 đến ngày 30/9/2025), {SEND}.",
    f"{DUTY} kèm số liệu quý III (tính từ 01/7/2025 đến 30/9/2025), {SEND}.",
    # the range right after what the report counts, a deadline of its own after it (issue 13r)
    f"Đề nghị Ủy ban nhân dân các tỉnh thống kê thiệt hại do mưa lũ trên địa bàn từ ngày 01/7/2025 đến ngày 30/9/2025, "
    f"{SEND}.",
    f"Đề nghị Ủy ban nhân dân các tỉnh tổng hợp kết quả thực hiện từ ngày 01/7/2025 đến hết ngày 30/9/2025, {SEND}.",
    # when the things counted happened ("phát sinh trong"): the figures' period, not a deadline
    f"Đề nghị Ủy ban nhân dân các tỉnh thống kê các hộ nghèo phát sinh trong quý III/2025, {SEND}.",
]
# up to a day, said seven ways
UNTIL = [
    f"{DUTY} (số liệu tính đến hết ngày 30/9/2025), {SEND}.",
    f"{DUTY} (tính đến thời điểm ngày 30/9/2025), {SEND}.",
    f"{DUTY}, số liệu tính đến hết tháng 9/2025, {SEND}.",
    f"{DUTY}, số liệu tính đến hết quý III/2025, {SEND}.",
    f"{DUTY} (số liệu chốt đến ngày 30/9/2025), {SEND}.",
    f"{DUTY}, {SEND}. Số liệu tính đến ngày 30 tháng 9 năm 2025.",
    f"{DUTY} (thời điểm chốt số liệu: ngày 30/9/2025), {SEND}.",
    # "đến thời điểm" without "tính", and the results up to a day before a deadline of their own (issue 13l)
    f"{DUTY}, số liệu đến thời điểm 30/9/2025, {SEND}.",
    f"{DUTY} (số liệu đến thời điểm ngày 30/9/2025) {SEND}.",
    f"{DUTY} đến hết ngày 30/9/2025, {SEND}.",
    f"Đề nghị Ủy ban nhân dân các tỉnh báo cáo kết quả thực hiện Nghị quyết đến hết ngày 30/9/2025 và {SEND}.",
    # the day written with dashes or dots (issue 13n)
    f"{DUTY} (số liệu tính đến ngày 30-9-2025), {SEND}.",
    f"{DUTY}, tính đến thời điểm 30.9.2025, {SEND}.",
    # a time of day before the last day
    f"{DUTY} (số liệu chốt đến 24 giờ 00 ngày 30/9/2025), {SEND}.",
    f"{DUTY}, thời điểm chốt số liệu: 17 giờ ngày 30/9/2025, {SEND}.",
]
# the year to date, said four ways
YTD = [
    f"{DUTY} lũy kế từ đầu năm đến ngày 30/9/2025, {SEND}.",
    f"{DUTY} lũy kế từ đầu năm đến hết tháng 9/2025, {SEND}.",
    f"{DUTY} (số liệu 9 tháng năm 2025), {SEND}.",
    f"{DUTY} 9 tháng đầu năm 2025 (số liệu từ ngày 01/01/2025 đến ngày 30/9/2025), {SEND}.",
]


def _one(body: str) -> tuple:
    r = to_result(extract_text(LETTER.format(kg=KG, body=body)))
    assert len(r["obligations"]) == 1, [o["description"] for o in r["obligations"]]
    o = r["obligations"][0]
    w = o["data_window"] or {}
    return ([u["name"] for u in o["responsible"]], o["deadline"]["date"]["iso"] if o["deadline"] else None,
            (w.get("start") or {}).get("iso"), (w.get("end") or {}).get("iso"))


U = ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]


@pytest.mark.parametrize("body", Q3, ids=[f"q3-{i}" for i in range(len(Q3))])
def test_a_quarter_reworded_is_the_same_window(body):
    assert _one(body) == (U, "2025-10-10", "2025-07-01", "2025-09-30")


@pytest.mark.parametrize("body", UNTIL, ids=[f"until-{i}" for i in range(len(UNTIL))])
def test_an_end_reworded_is_the_same_window(body):
    assert _one(body) == (U, "2025-10-10", None, "2025-09-30")


@pytest.mark.parametrize("body", YTD, ids=[f"ytd-{i}" for i in range(len(YTD))])
def test_the_year_to_date_reworded_is_the_same_window(body):
    assert _one(body) == (U, "2025-10-10", "2025-01-01", "2025-09-30")


# the figures' period named in the duty's own sentence, with no cue word (issue 13r: Bộ letters word it so)
OWN_PERIOD = [
    f"{DUTY} 5 tháng đầu năm 2025, {SEND}.",
    f"Để có cơ sở tổng hợp, báo cáo Chính phủ tại phiên họp thường kỳ tháng 6/2025, Bộ Tài chính đề nghị Ủy ban nhân "
    f"dân các tỉnh đánh giá tình hình thực hiện dự toán thu, chi ngân sách địa phương 5 tháng đầu năm 2025, ước thực "
    f"hiện 6 tháng đầu năm 2025, {SEND}.",
    f"Đề nghị Ủy ban nhân dân các tỉnh rà soát, thống kê các trường hợp vi phạm phát sinh 5 tháng năm 2025, {SEND}.",
]
# a period that is not the figures': a meeting's month, the coming period's tasks, a deadline's period
NOT_OWN_PERIOD = [
    f"Để có cơ sở báo cáo Chính phủ tại phiên họp thường kỳ tháng 9/2025, {DUTY}, {SEND}.",
    f"{DUTY} và phương hướng, nhiệm vụ 6 tháng cuối năm 2025, {SEND}.",
    f"Để chuẩn bị Hội nghị sơ kết 9 tháng đầu năm 2025, {DUTY}, {SEND}.",
    # a period that begins after the duty is due: the coming period's plan or needs
    f"Đề nghị Ủy ban nhân dân các tỉnh đề xuất nhu cầu đào tạo, bồi dưỡng 6 tháng đầu năm 2026, {SEND}.",
    f"Đề nghị Ủy ban nhân dân các tỉnh đăng ký lịch công tác quý I/2026, {SEND}.",
    # the time a task runs, then its report
    f"Đề nghị Ủy ban nhân dân các tỉnh tổ chức kiểm tra công tác phòng cháy từ ngày 01/7/2025 đến ngày 30/9/2025, báo "
    f"cáo kết quả về Bộ Tài chính trước ngày 10/10/2025.",
]


@pytest.mark.parametrize("body", OWN_PERIOD, ids=[f"own-{i}" for i in range(len(OWN_PERIOD))])
def test_the_period_the_duty_names_is_its_window(body):
    assert _one(body) == (U, "2025-10-10", "2025-01-01", "2025-05-31")


@pytest.mark.parametrize("body", NOT_OWN_PERIOD, ids=[f"not-own-{i}" for i in range(len(NOT_OWN_PERIOD))])
def test_a_meetings_or_the_coming_periods_time_is_no_window(body):
    assert _one(body) == (U, "2025-10-10", None, None)


def test_a_report_named_by_its_period_yields_to_the_letters_cut_off():
    # the report's period is the weakest window: the letter's own "chốt số liệu" range, in another
    # paragraph, is the one its figures cover
    body = (f"1. {DUTY} quý III/2025, {SEND}.\n2. Thời gian chốt số liệu: từ ngày 15/6/2025 đến ngày 14/9/2025.")
    assert _one(body) == (U, "2025-10-10", "2025-06-15", "2025-09-14")


@pytest.mark.parametrize("line, start, end", [
    ("Số liệu báo cáo tính đến hết ngày 30/11/2025.", None, "2025-11-30"),
    ("(Số liệu tính từ ngày 01/01/2025 đến nay).", "2025-01-01", None),
    ("3. Kỳ báo cáo năm: năm 2025.", "2025", "2025"),
    ("- Phạm vi số liệu: quý III/2025.", "2025-07-01", "2025-09-30"),
])
def test_a_window_in_a_paragraph_of_its_own_is_the_letters(line, start, end):
    # two paragraphs after the duty: not the duty's sentence, so the letter's window for its reports
    text = f"{DUTY}, {SEND}.\nBáo cáo cần nêu rõ khó khăn, vướng mắc và kiến nghị.\n{line}"
    r = resolve(next(find_windows(text)).value, 2025)
    assert (_show(r["start"]), _show(r["end"])) == (start, end)


def test_a_heading_that_announces_the_cut_off_gives_way_to_it():
    # the heading names the report's quarter; the range under it is the window (seed 000 writes it so)
    text = ("3. Thời hạn chốt số liệu báo cáo CCHC quý I năm 2024:\nThời gian chốt số liệu tính từ ngày 01 tháng 12 "
            "của năm trước kỳ báo cáo đến ngày 28 tháng 02 thuộc kỳ báo cáo.")
    r = resolve(next(find_windows(text)).value, 2024)
    assert (r["start"]["iso"], r["end"]["iso"]) == ("2023-12-01", "2024-02-28")


def test_a_bare_range_in_a_line_that_only_mentions_a_term_is_no_window():
    # "nhiệm kỳ" holds "kỳ": a line is read for a label, but its bare range is no window
    assert list(find_windows("Trong nhiệm kỳ 2020-2025, từ ngày 01/10/2025 đến ngày 30/11/2025 Hội đã tổ chức 5 hội nghị.")) == []


def test_a_paragraph_about_where_the_figures_go_is_no_window():
    assert list(find_windows("Số liệu của các tỉnh gửi về Bộ Tài chính trước ngày 10/12/2025 để tổng hợp.")) == []


def test_a_cited_report_names_no_window():
    body = f"Căn cứ Báo cáo kết quả thực hiện quý II/2025 của các tỉnh, {DUTY[0].lower() + DUTY[1:]}, {SEND}."
    assert _one(body) == (U, "2025-10-10", None, None)


def test_figures_from_a_month_without_an_end_keep_the_deadline():
    # a span with no other end is no window cue: the walk would set the deadline after it aside
    body = "Đề nghị Ủy ban nhân dân các tỉnh cung cấp số liệu giải ngân từ tháng 01/2025, gửi về Bộ Tài chính trước ngày 10/12/2025."
    assert _one(body) == (U, "2025-12-10", None, None)


def test_figures_from_somewhere_keep_the_deadline():
    # "số liệu từ các sở" says where the figures come from: no window cue, so the deadline stays
    body = "Đề nghị Ủy ban nhân dân các tỉnh tổng hợp số liệu từ các sở, ngành, gửi về Bộ Tài chính trước ngày 10/12/2025."
    assert _one(body) == (U, "2025-12-10", None, None)


# --- the language data --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["windows", "deadlines"])
def test_phrasing_data_is_canonical_text(name):
    for s in _strings(data(name)):
        assert unicodedata.normalize("NFC", s) == s, s
        assert traditional_tones(s) == s, s
        assert s == " ".join(s.split()), s


def test_window_data_is_consistent():
    w = data("windows")
    for name, (a, b) in w["spans"].items():
        assert name == name.lower() and name.endswith("năm") and 1 <= a <= b <= 12, name
    assert {int(k): tuple(v) for k, v in w["quarter_months"].items()} == {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
    for key in ("cues", "labels", "report_words", "named_things"):
        assert w[key] and len(w[key]) == len(set(w[key])), key
        assert all(x == x.lower() for x in w[key]), key


def test_deadline_word_data_is_consistent():
    d = data("deadlines")
    assert set(d["relations"].values()) <= {"before", "no_later_than", "on", "from", "within"}
    assert set(d["weekdays"].values()) <= {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    assert set(d["halves"].values()) == {1, 2}
    assert len(d["labels"]) == len(set(d["labels"]))
    nums = _number_words()
    assert sorted(set(nums.values())) == list(range(1, 100))  # every number from 1 to 99 can be written
    assert (nums["năm"], nums["mười lăm"], nums["hai mươi mốt"], nums["ba mươi"], nums["bốn mươi tư"]) == (5, 15, 21, 30, 44)
    assert calendar.monthrange(2024, 2)[1] == 29  # (the last-day rule the window ends use)


def test_the_results_last_day_is_a_window_only_before_a_deadline_of_its_own():
    # "kết quả ... đến hết ngày X" is the figures' last day where the sentence gives its deadline after it; alone,
    # "đến hết ngày X" is when the report is due
    body = "Đề nghị Ủy ban nhân dân các tỉnh báo cáo kết quả thực hiện đến hết ngày 30/9/2025."
    assert _one(body) == (U, "2025-09-30", None, None)


def test_a_zero_padded_period_is_the_same_window():
    # (issue 13r: "06 tháng đầu năm" as letters write it)
    assert _one(f"{DUTY} 06 tháng đầu năm 2025, {SEND}.") == (U, "2025-10-10", "2025-01-01", "2025-06-30")
    assert _one(f"{DUTY} 09 tháng năm 2025, {SEND}.") == (U, "2025-10-10", "2025-01-01", "2025-09-30")


@pytest.mark.parametrize("body", [
    f"Đề nghị Ủy ban nhân dân các tỉnh báo cáo tình hình kinh tế - xã hội tháng 9/2025 thuộc lĩnh vực quản lý, {SEND}.",
    f"Đề nghị Ủy ban nhân dân các tỉnh rà soát các khách hàng có sản lượng tháng 9/2025 tăng trên 30% so với tháng "
    f"8/2025, {SEND}.",
])
def test_a_month_right_after_the_figures_is_their_window(body):
    # (issue 13r; a month alone elsewhere, "phiên họp thường kỳ tháng 9/2025", stays none: see NOT_OWN_PERIOD)
    assert _one(body) == (U, "2025-10-10", "2025-09-01", "2025-09-30")
