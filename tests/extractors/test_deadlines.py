"""Deadlines as a grammar: the phrasing table (``data/deadline_phrasings.tsv``) read in full."""
from __future__ import annotations

from pathlib import Path

import pytest

from congvan.extractors.deadlines import find_deadlines

TABLE = Path(__file__).parent / "data" / "deadline_phrasings.tsv"


def _rows():
    for line in TABLE.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        phrase, rel, y, m, d, rule = (line.split("\t") + [""] * 6)[:6]
        yield pytest.param(phrase, rel, *(int(v) if v else None for v in (y, m, d)), rule or None, id=phrase)


def test_the_table_has_at_least_100_phrasings():
    assert sum(1 for _ in _rows()) >= 100


@pytest.mark.parametrize("phrase, relation, year, month, day, rule", list(_rows()))
def test_phrasing(phrase, relation, year, month, day, rule):
    text = f"Đề nghị các đơn vị gửi báo cáo {phrase}."
    found = list(find_deadlines(text))
    assert len(found) == 1, [m.text for m in found]
    m = found[0]
    assert (m.value["relation"], m.value["rule"]) == (relation, rule)
    date = m.value["date"]
    if year or month or day:
        assert (date["year"], date["month"], date["day"]) == (year, month, day)
    else:
        assert date is None
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", [
    "Công văn số 123/UBND-VP ngày 15/11/2024 của UBND tỉnh",   # a cited letter's date
    "Từ ngày 15 tháng 01 đến hết ngày 19 tháng 01 năm 2018, Chủ tịch đi công tác",  # "đến hết" of a span: a from
    "trong năm 2025, tỉnh đã triển khai",
])
def test_not_a_day_precise_deadline(text):
    assert not [m for m in find_deadlines(text) if m.value["relation"] != "from" and m.value["date"]
                and m.value["date"].get("day") and not m.value["rule"]]


@pytest.mark.parametrize("text", [
    "thống kê các hộ nghèo phát sinh trong quý I/2024",  # when the things counted happened (issue 13r)
    "báo cáo số vụ tai nạn xảy ra trong tháng 5/2024",
    "tổng hợp kết quả đạt được trong 6 tháng đầu năm 2024",
])
def test_when_the_counted_things_happened_is_no_deadline(text):
    assert list(find_deadlines(text)) == []


LETTER = ("BỘ TÀI CHÍNH\nSố: 1234/BTC-NSNN\nV/v báo cáo\nHà Nội, ngày 10 tháng 11 năm 2025\nKính gửi: Ủy ban nhân dân "
          "các tỉnh, thành phố trực thuộc Trung ương.\n{body}\nTrân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
          "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n")


@pytest.mark.parametrize("tail, rule, recurrence, unresolved", [
    ("chậm nhất 03 ngày trước ngày tổ chức Hội nghị", "EVENT;OFFSET=-P3D", None, True),
    ("hằng tuần, trước 16 giờ thứ Năm", "FREQ=WEEKLY;BYDAY=TH", "FREQ=WEEKLY;BYDAY=TH", True),
    ("trong thời hạn năm (05) ngày làm việc kể từ ngày nhận được văn bản", "P5WD", None, False),
    # a period deadline is its period's month, as written (gold-dev dev004 'Trong tháng 11/2025'): nothing to warn of
    ("trong 6 tháng đầu năm 2026", "END_OF_HALF;H=1", None, False),
    ("hoàn thành trong tháng 12/2025", "END_OF_MONTH", None, False),
    ("hoàn thành trong quý I/2026", "END_OF_QUARTER;Q=1", None, False),
    ("trong tháng 12", "END_OF_MONTH", None, False),  # the year filled from the issue year
    ("trước khi tổ chức Đại hội", "EVENT", None, True),
])
def test_a_deadline_without_a_day_reaches_the_obligation_with_a_warning(tail, rule, recurrence, unresolved):
    from congvan.pipeline import extract_text, to_result
    r = to_result(extract_text(LETTER.format(body=f"Đề nghị Ủy ban nhân dân các tỉnh gửi báo cáo về Bộ Tài chính {tail}.")))
    (ob,) = r["obligations"]
    assert (ob["deadline"]["rule"], ob["recurrence"]) == (rule, recurrence)
    assert any(w["code"] == "deadline_unresolved" and w.get("obligation_id") == ob["id"] for w in r["warnings"]) == unresolved


# a monthly schedule: its day, however the sentence places "hằng tháng", is the first such day from the letter's
# date on, with the monthly rule as its recurrence (issue 13r); the letter is dated 10/11/2025
@pytest.mark.parametrize("sentence, iso", [
    ("Đề nghị Ủy ban nhân dân các tỉnh gửi báo cáo về Bộ Tài chính trước ngày 20 hằng tháng.", "2025-11-20"),
    ("Đề nghị Ủy ban nhân dân các tỉnh hằng tháng gửi báo cáo về Bộ Tài chính trước ngày 20.", "2025-11-20"),
    ("Đề nghị Ủy ban nhân dân các tỉnh hằng tháng báo cáo kết quả xử lý về Bộ Tài chính (qua Vụ Ngân sách nhà nước) "
     "trước ngày 05.", "2025-12-05"),
    ("Đề nghị Ủy ban nhân dân các tỉnh thực hiện các nội dung sau:\n1. Rà soát các khoản chi chưa đúng quy định.\n"
     "2. Kể từ tháng 11/2025, hằng tháng báo cáo kết quả xử lý về Bộ Tài chính trước ngày 20.", "2025-11-20"),
])
def test_a_monthly_schedule_is_due_on_its_next_day(sentence, iso):
    from congvan.pipeline import extract_text, to_result
    r = to_result(extract_text(LETTER.format(body=sentence)))
    monthly = [o for o in r["obligations"] if o["recurrence"] == "FREQ=MONTHLY;BYMONTHDAY=" + str(int(iso[-2:]))]
    assert [o["deadline"]["date"]["iso"] for o in monthly] == [iso]
    assert not any(w["code"] == "deadline_unresolved" for w in r["warnings"])
