"""Deadlines, data windows and obligations: case tables and the Tân Kỳ schedule."""
from __future__ import annotations

from pathlib import Path

import pytest

from congvan.extractors.deadlines import find_deadlines
from congvan.extractors.windows import find_windows, resolve
from congvan.pipeline import extract, extract_text, to_result


@pytest.mark.parametrize("text, relation, iso, partial, rule", [
    ("gửi về UBND huyện trước ngày 01/3/2024.", "before", "2024-03-01", None, None),
    ("gửi chậm nhất ngày 15/11/2024 để tổng hợp", "no_later_than", "2024-11-15", None, None),
    ("chậm nhất là ngày 10 tháng 01 của năm thực hiện", "no_later_than", None, (None, 1, 10), None),
    ("trước ngày 28 tháng 2. Thời gian", "before", None, (None, 2, 28), None),
    ("trước 17 giờ 00 ngày 25/11/2025", "before", "2025-11-25", None, None),
    ("chậm nhất ngày 12 của tháng cuối kỳ báo cáo", "no_later_than", None, (None, None, 12),
     "PERIOD_LAST_MONTH;BYMONTHDAY=12"),
    ("trong thời hạn 07 ngày làm việc kể từ ngày kết thúc Đại hội", "within", None, None, "P7WD"),
])
def test_deadline_forms(text, relation, iso, partial, rule):
    m = next(find_deadlines(text))
    assert m.value["relation"] == relation and m.value["rule"] == rule
    date = m.value["date"]
    if iso:
        assert date["iso"] == iso
    if partial:
        assert (date["year"], date["month"], date["day"]) == partial
    assert text[m.start:m.end] == m.text  # offsets point at the words


def test_impossible_deadline_is_flagged():
    assert next(find_deadlines("trước ngày 31/4/2024")).value.get("impossible")


@pytest.mark.parametrize("text, year, start, end", [
    ("Thời gian chốt số liệu tính từ ngày 01 tháng 12 của năm trước kỳ báo cáo đến ngày 28 tháng 02 "
     "thuộc kỳ báo cáo.", 2024, "2023-12-01", "2024-02-28"),
    ("+ Báo cáo Quý I, thời gian chốt số liệu tính từ ngày 10/12 năm trước liền kề đến ngày 10/3 năm báo cáo.",
     2025, "2024-12-10", "2025-03-10"),
    ("Thời gian chốt số liệu tính từ ngày 10 tháng 6 đến ngày 10 tháng 9 thuộc kỳ báo cáo.", 2023,
     "2023-06-10", "2023-09-10"),
    # ranges without "chốt": the line says they bound the figures; dates without "ngày"
    ("Số liệu báo cáo tính từ ngày 01/01/2025 đến hết ngày 30/11/2025.", 2025, "2025-01-01", "2025-11-30"),
    ("(số liệu tính từ 01/01/2025 đến 30/9/2025)", 2025, "2025-01-01", "2025-09-30"),
    ("Kỳ báo cáo: từ ngày 15/12/2024 đến ngày 14/12/2025.", 2025, "2024-12-15", "2025-12-14"),
    # "Phạm vi số liệu", a report's period with its span in parentheses
    ("Phạm vi số liệu: từ ngày 01/01/2025 đến ngày 31/10/2025.", 2025, "2025-01-01", "2025-10-31"),
    ("Các đơn vị báo cáo kết quả kỳ 6 tháng (từ ngày 15/12/2025 đến ngày 14/6/2026, gửi trước ngày 20/6/2026).",
     2026, "2025-12-15", "2026-06-14"),
    ("Báo cáo kết quả thực hiện 6 tháng đầu năm 2025 (từ ngày 15/12/2024 đến ngày 14/6/2025).", 2025,
     "2024-12-15", "2025-06-14"),
])
def test_data_windows_resolve(text, year, start, end):
    w = next(find_windows(text))
    r = resolve(w.value, year)
    assert (r["start"]["iso"], r["end"]["iso"]) == (start, end)


@pytest.mark.parametrize("sentence, units, coop, iso", [
    ("Giao Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp tham mưu UBND huyện báo cáo kết quả trước ngày 20/11/2024.",
     ["Phòng Nội vụ"], ["Phòng Tư pháp"], "2024-11-20"),
    ("- Phòng Tư pháp: Báo cáo tiêu chí về cải cách thể chế chậm nhất ngày 15/11/2024.",
     ["Phòng Tư pháp"], [], "2024-11-15"),
    ("Phòng Nội vụ, Phòng Tư pháp, Phòng Tài chính - Kế hoạch báo cáo kết quả chậm nhất ngày 15/11/2024.",
     ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch"], [], "2024-11-15"),
    ("Đề nghị Sở Tư pháp, Sở Tài chính góp ý dự thảo và gửi về Sở Nội vụ chậm nhất ngày 27/8/2025.",
     ["Sở Tư pháp", "Sở Tài chính"], [], "2025-08-27"),
])
def test_assignment_patterns(sentence, units, coop, iso):
    doc = extract_text("Kính gửi: Các cơ quan\nThực hiện Kế hoạch số 1/KH-UBND ngày 02/01/2024 của UBND huyện, "
                       "UBND huyện hướng dẫn như sau:\n" + sentence)
    obs = to_result(doc)["obligations"]
    assert obs, sentence
    ob = obs[0]
    assert [u["name"] for u in ob["responsible"]] == units
    assert [u["name"] for u in ob["cooperating"]] == coop
    assert ob["deadline"]["date"]["iso"] == iso
    ev = ob["evidence"][0]
    assert doc.text[ev["start"]:ev["end"]] == ev["text"]


@pytest.mark.parametrize("text, start, end", [
    ("số liệu tính đến hết ngày 30 tháng 11 năm 2025", None, (2025, 11, 30)),
    ("Số liệu tính từ ngày 01/01/2025 đến nay.", (2025, 1, 1), None),
    ("báo cáo số liệu giai đoạn 2021 - 2025", (2021, None, None), (2025, None, None)),
    ("số liệu từ năm 2021 đến năm 2025", (2021, None, None), (2025, None, None)),
    ("số liệu về hiện trạng rừng năm 2009", (2009, None, None), (2009, None, None)),
    # the figures' last day without "tính": "số liệu (báo cáo) đến hết ngày", "(thời điểm) chốt số liệu: ngày"
    ("(số liệu đến hết ngày 31/10/2025)", None, (2025, 10, 31)),
    ("số liệu thống kê đến ngày 31/10/2025", None, (2025, 10, 31)),
    ("thời điểm chốt số liệu: ngày 31/10/2025", None, (2025, 10, 31)),
    ("Thời gian chốt số liệu báo cáo đến hết ngày 30/11/2025.", None, (2025, 11, 30)),
    ("chốt số liệu đến ngày 15 tháng 12 năm 2025", None, (2025, 12, 15)),
    # from the start of the year, or from a day to the report
    ("lũy kế từ đầu năm đến ngày 30/11/2025", (2025, 1, 1), (2025, 11, 30)),
    ("số liệu từ ngày 01/7/2025 đến thời điểm báo cáo", (2025, 7, 1), None),
    ("số liệu thống kê từ 01/01/2025 đến thời điểm báo cáo", (2025, 1, 1), None),
    ("(số liệu chốt đến ngày 30/6/2025)", None, (2025, 6, 30)),
])
def test_open_windows(text, start, end):
    from congvan.extractors.windows import find_open_windows
    found = list(find_open_windows(text))
    assert len(found) == 1, found
    w = found[0].value
    assert (w["start"] and (w["start"]["year"], w["start"]["month"], w["start"]["day"])) == start
    assert (w["end"] and (w["end"]["year"], w["end"]["month"], w["end"]["day"])) == end


def test_year_left_out_is_the_issue_year_and_a_day_before_the_letter_is_flagged():
    # the contract fills the issue year; "trước ngày 05/01" in a letter of 28/12/2025 then falls before
    # the letter, which the reviewer is told about
    text = LETTER.format(kg=PROVINCES, body="Đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương báo "
                                            "cáo trước ngày 05/01.").replace("10 tháng 11 năm 2025", "28 tháng 12 năm 2025")
    r = to_result(extract_text(text))
    assert r["obligations"][0]["deadline"]["date"]["iso"] == "2025-01-05"
    assert any(w["code"] == "deadline_before_issue_date" for w in r["warnings"])


@pytest.mark.parametrize("text", [
    "gửi số liệu đến Sở Tài chính trước ngày 10/12/2025",  # where the figures go, not up to when
    "Số liệu gửi đến ngày 10/12/2025",
    "Thời gian thực hiện: từ đầu năm 2025",
])
def test_no_open_window(text):
    from congvan.extractors.windows import find_open_windows
    assert list(find_open_windows(text)) == []


def _window_pair(body: str) -> tuple:
    r = to_result(extract_text(LETTER.format(kg=PROVINCES, body=body)))
    assert len(r["obligations"]) == 1, r["obligations"]
    o = r["obligations"][0]
    w = o["data_window"] or {}
    return ((o["deadline"] or {}).get("date", {}).get("iso") if o["deadline"] else None,
            (w.get("start") or {}).get("iso"), (w.get("end") or {}).get("iso"))


@pytest.mark.parametrize("body, expected", [
    # a window then the deadline in one sentence: the range's "đến ngày B" is not the deadline, the
    # "trước ngày C" after it is
    ("Đề nghị Ủy ban nhân dân các tỉnh báo cáo kết quả thực hiện, số liệu tính từ ngày 01/01/2025 đến ngày "
     "30/6/2025, gửi về Bộ Tài chính trước ngày 15/7/2025.", ("2025-07-15", "2025-01-01", "2025-06-30")),
    ("Đề nghị Ủy ban nhân dân các tỉnh báo cáo kết quả thực hiện 6 tháng đầu năm 2025 (số liệu từ ngày "
     "15/12/2024 đến ngày 14/6/2025), gửi về Bộ Tài chính trước ngày 20/6/2025.", ("2025-06-20", "2024-12-15", "2025-06-14")),
    ("Đề nghị Ủy ban nhân dân các tỉnh báo cáo kết quả thực hiện (số liệu báo cáo tính từ ngày 01/01/2025 đến ngày "
     "31/10/2025) và gửi về Bộ Tài chính chậm nhất là ngày 10/11/2025.", ("2025-11-10", "2025-01-01", "2025-10-31")),
    ("Đề nghị Ủy ban nhân dân các tỉnh báo cáo tình hình giải ngân trong kỳ báo cáo (từ ngày 01/01/2025 đến ngày "
     "31/10/2025); báo cáo gửi về Bộ Tài chính trước ngày 10/11/2025.", ("2025-11-10", "2025-01-01", "2025-10-31")),
    # an open window then the deadline
    ("Để có cơ sở tổng hợp, Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh báo cáo tình hình giải ngân (số liệu "
     "đến hết ngày 31/10/2025) và gửi về Bộ Tài chính trước ngày 10/11/2025.", ("2025-11-10", None, "2025-10-31")),
    ("Đề nghị Ủy ban nhân dân các tỉnh báo cáo tình hình thực hiện (thời điểm chốt số liệu: ngày 31/10/2025), "
     "gửi về Bộ Tài chính trước ngày 05/11/2025.", ("2025-11-05", None, "2025-10-31")),
    ("Đề nghị Ủy ban nhân dân các tỉnh tổng hợp, báo cáo số liệu từ ngày 01/7/2025 đến thời điểm báo cáo, gửi "
     "về Bộ Tài chính trước ngày 10/11/2025.", ("2025-11-10", "2025-07-01", None)),
    ("Đề nghị Ủy ban nhân dân các tỉnh báo cáo tình hình giải ngân lũy kế từ đầu năm đến ngày 30/11/2025, gửi về "
     "Bộ Tài chính chậm nhất ngày 05/12/2025.", ("2025-12-05", "2025-01-01", "2025-11-30")),
    # the window in the sentence after the duty
    ("Đề nghị Ủy ban nhân dân các tỉnh báo cáo kết quả thực hiện, gửi về Bộ Tài chính trước ngày 05/12/2025. "
     "Thời gian chốt số liệu báo cáo đến hết ngày 30/11/2025.", ("2025-12-05", None, "2025-11-30")),
    # where the figures go is no window
    ("Đề nghị Ủy ban nhân dân các tỉnh gửi số liệu đến Bộ Tài chính trước ngày 10/12/2025 để tổng hợp.",
     ("2025-12-10", None, None)),
])
def test_window_and_deadline_in_one_duty(body, expected):
    assert _window_pair(body) == expected


def test_a_report_for_two_periods_in_one_sentence_is_one_obligation_a_period():
    body = ("Các đơn vị, địa phương báo cáo kết quả công tác kiểm soát kỳ 6 tháng (từ ngày 15/12/2025 đến ngày "
            "14/6/2026, gửi trước ngày 20/6/2026) và kỳ 12 tháng (từ ngày 15/12/2025 đến ngày 14/12/2026, gửi trước "
            "ngày 20/12/2026) gửi về Bộ Tài chính.")
    r = to_result(extract_text(LETTER.format(kg=PROVINCES, body=body)))
    got = sorted((o["deadline"]["date"]["iso"], o["data_window"]["start"]["iso"], o["data_window"]["end"]["iso"])
                 for o in r["obligations"])
    assert got == [("2026-06-20", "2025-12-15", "2026-06-14"), ("2026-12-20", "2025-12-15", "2026-12-14")]
    assert len({o["id"] for o in r["obligations"]}) == 2


@pytest.mark.parametrize("kg, body, expected", [
    # who speaks before the colon is no duty; what they said is read as its own sentence
    ("Sở Tài chính; Sở Nội vụ.", "Ủy ban nhân dân tỉnh nhận được Công văn số 55/STC-NS ngày 10/11/2025 của Sở Tài chính. "
     "Ủy ban nhân dân tỉnh có ý kiến như sau: Thống nhất với đề xuất của Sở Tài chính tại Công văn nêu trên.", set()),
    ("Sở Y tế.", "Sau khi xem xét, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến chỉ đạo: Đồng ý chủ trương theo đề xuất của "
     "Sở Y tế. Sở Y tế chịu trách nhiệm hoàn thiện hồ sơ, thủ tục theo quy định.", {("Sở Y tế", None, None)}),
    ("Ủy ban nhân dân tỉnh Lâm Đồng.", "Về việc này, Phó Thủ tướng Chính phủ Trần Hồng Hà có ý kiến như sau: Bộ Xây dựng "
     "chủ trì, phối hợp với Bộ Nông nghiệp và Môi trường xem xét, xử lý kiến nghị của Ủy ban nhân dân tỉnh, báo cáo "
     "Thủ tướng Chính phủ trước ngày 30/11/2025.", {("Bộ Xây dựng", "2025-11-30", None)}),
    # a letter passed on to units for them to act on
    ("Bộ Công Thương; Bộ Xây dựng.", "Theo đề nghị của Ủy ban nhân dân tỉnh Lâm Đồng, Bộ Tài chính chuyển văn bản "
     "nêu trên đến các Bộ: Công Thương, Xây dựng để xem xét, giải quyết theo thẩm quyền.",
     {("Bộ Công Thương", None, None), ("Bộ Xây dựng", None, None)}),
])
def test_relayed_opinions_and_forwarded_letters(kg, body, expected):
    assert _pairs(kg, body) == expected


@pytest.mark.parametrize("kg, body, expected", [
    # duties of several units, one after another, separated by ";"
    ("Sở Xây dựng; Sở Nội vụ; Sở Tư pháp.", "Bộ Tài chính đề nghị Sở Xây dựng rà soát kinh phí, báo cáo trước ngày "
     "10/12/2025; Sở Nội vụ tổng hợp biên chế, báo cáo trước ngày 15/12/2025; Sở Tư pháp thẩm định dự thảo trước ngày "
     "20/12/2025.", {("Sở Xây dựng", "2025-12-10", None), ("Sở Nội vụ", "2025-12-15", None),
                     ("Sở Tư pháp", "2025-12-20", None)}),
    # a shared head over names that are also verbs ("Xây dựng", "Công Thương")
    ("Sở Xây dựng; Sở Công Thương; Sở Y tế.", "Để triển khai kịp thời, Bộ Tài chính yêu cầu các Sở: Y tế, Xây dựng, "
     "Công Thương khẩn trương tổ chức thực hiện, báo cáo kết quả trước ngày 20/12/2025.",
     {("Sở Y tế", "2025-12-20", None), ("Sở Xây dựng", "2025-12-20", None), ("Sở Công Thương", "2025-12-20", None)}),
])
def test_unit_lists_and_successive_duties(kg, body, expected):
    assert _pairs(kg, body) == expected


@pytest.mark.parametrize("body, expected", [
    # what a unit answers for is no deliverable; what it must do after "và" is
    ("Thủ tướng Chính phủ đồng ý với đề nghị của Bộ Công Thương. Bộ Công Thương chịu trách nhiệm về nội dung báo cáo, "
     "số liệu và hoàn thiện hồ sơ theo quy định trước ngày 10/12/2025.", {("Bộ Công Thương", "2025-12-10", None)}),
    ("Bộ Công Thương chịu trách nhiệm trước Thủ tướng Chính phủ về tính chính xác của số liệu báo cáo.", set()),
])
def test_accountability_and_the_duty_after_it(body, expected):
    assert _pairs("Bộ Công Thương.", body) == expected


@pytest.mark.parametrize("items", ["1) Rà soát số lượng công chức; 2) Báo cáo kết quả",
                                   "a) Rà soát số lượng công chức; b) Báo cáo kết quả",
                                   "1. Rà soát số lượng công chức; 2. Báo cáo kết quả"])
def test_items_numbered_inside_the_ask(items):
    # "đề nghị X: 1) ...; 2) ...": each item is X's
    body = f"Bộ Tài chính đề nghị Ủy ban nhân dân các xã, phường: {items} về Bộ Tài chính trước ngày 30/11/2025."
    assert _pairs("Ủy ban nhân dân các xã, phường.", body) == {
        ("Ủy ban nhân dân các xã, phường", None, None), ("Ủy ban nhân dân các xã, phường", "2025-11-30", None)}


def test_units_named_above_are_those_addressees():
    # "Chủ tịch UBND các tỉnh, thành phố nêu trên:" over lettered items: each item is the named provinces'
    kg = "\n- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Quảng Ngãi, Đà Nẵng;\n- Bộ Quốc phòng."
    body = ("Để chủ động ứng phó với bão, Bộ Tài chính đề nghị:\n1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố nêu "
            "trên:\na) Tổ chức theo dõi chặt chẽ diễn biến của bão.\nb) Triển khai phương án sơ tán dân, hoàn thành trước "
            "17 giờ ngày 11/11/2025.\n2. Bộ Quốc phòng sẵn sàng lực lượng, phương tiện hỗ trợ người dân.")
    qn, dn = "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi", "Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng"
    assert _pairs(kg, body) == {(qn, None, None), (dn, None, None), (qn, "2025-11-11", None), (dn, "2025-11-11", None),
                                ("Bộ Quốc phòng", None, None)}


def test_a_heading_units_duty_opening_with_a_basis_clause():
    # "3. <units>" then "Căn cứ ..., <verb> ...": the heading's units are told to do it
    body = ("IV. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\nTham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
            "2. Các sở, ban, ngành, Ủy ban nhân dân các xã, phường\nCăn cứ nội dung Kế hoạch, xây dựng kế hoạch triển "
            "khai tại cơ quan, đơn vị, địa phương; báo cáo kết quả về Bộ Tài chính trước ngày 05/12/2025.")
    assert _pairs("Các sở, ban, ngành; Ủy ban nhân dân các xã, phường.", body) == {
        ("Sở Tài chính", None, None), ("Các sở, ban, ngành", "2025-12-05", None),
        ("Ủy ban nhân dân các xã, phường", "2025-12-05", None)}


SNV = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 321/SNV-CCVC\nV/v triển khai rà soát biên chế\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
       "NAM\nĐộc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 10 tháng 11 năm 2025\nKính gửi: Ủy ban nhân dân các xã, phường.\n"
       "Thực hiện Kế hoạch số 45/KH-UBND ngày 01/10/2025 của Ủy ban nhân dân tỉnh, Sở Nội vụ hướng dẫn Ủy ban nhân dân các "
       "xã, phường {lead}\n1. Rà soát, thống kê số lượng cán bộ, công chức cấp xã.\n2. Lập danh sách đề nghị tinh giản "
       "biên chế, gửi về Sở Nội vụ trước ngày 30/11/2025.\nTrân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT, CCVC.\n"
       "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn A\n")


@pytest.mark.parametrize("lead", ["triển khai một số nội dung sau:", "thực hiện như sau:",
                                  "thực hiện các nhiệm vụ cụ thể sau đây:"])
def test_items_the_sender_guides_units_through_are_those_units_duties(lead):
    # "Sở Nội vụ hướng dẫn X ... nội dung sau:" is the sender's own act; the items below are X's duties
    r = to_result(extract_text(SNV.format(lead=lead)))
    got = [([u["name"] for u in o["responsible"]], o["action"], (o["deadline"] or {}).get("date", {}).get("iso")
            if o["deadline"] else None) for o in r["obligations"]]
    assert got == [(["Ủy ban nhân dân các xã, phường"], "rà soát", None),
                   (["Ủy ban nhân dân các xã, phường"], "lập", "2025-11-30")]


def test_a_bare_range_is_no_data_window():
    # "Thời gian thực hiện: từ ... đến ...": the period a task runs, not the figures it reports
    assert list(find_windows("Thời gian thực hiện: từ ngày 01/10/2025 đến ngày 30/11/2025.")) == []
    # an event's days in parentheses, no report
    assert list(find_windows("Tổ chức hội nghị trong tháng 10 (từ ngày 01/10 đến ngày 05/10).")) == []


LETTER = ("BỘ TÀI CHÍNH\nSố: 1234/BTC-NSNN\nV/v báo cáo\nHà Nội, ngày 10 tháng 11 năm 2025\nKính gửi: {kg}\n"
          "{body}\nTrân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n")
PROVINCES = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương."


def _pairs(kg: str, body: str) -> set:
    r = to_result(extract_text(LETTER.format(kg=kg, body=body)))
    return {(u["name"], (o["deadline"] or {}).get("date", {}).get("iso") if o["deadline"] else None,
             ((o["data_window"] or {}).get("end") or {}).get("iso")) for o in r["obligations"] for u in o["responsible"]}


U = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"


@pytest.mark.parametrize("kg, body, expected", [
    # the items of an addressee heading, numbered, are the addressee's duties
    (PROVINCES, "Đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:\n1. Chỉ đạo rà soát nhu cầu "
     "kinh phí.\n2. Gửi báo cáo về Bộ Tài chính trước ngày 30/11/2025.", {(U, None, None), (U, "2025-11-30", None)}),
    (PROVINCES, "Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương thực hiện một số "
     "nội dung sau:\na) Rà soát nhu cầu kinh phí.\nb) Gửi báo cáo về Bộ Tài chính trước ngày 30/11/2025.",
     {(U, None, None), (U, "2025-11-30", None)}),
    # the end of the figures is not the deadline; the window in the next sentence is the duty's
    (PROVINCES, "Đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương báo cáo (số liệu tính đến hết ngày "
     "30 tháng 11 năm 2025) gửi về Bộ Tài chính trước ngày 15/12/2025.", {(U, "2025-12-15", "2025-11-30")}),
    (PROVINCES, "Đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương báo cáo kết quả gửi về Bộ Tài chính "
     "trước ngày 15/12/2025. Số liệu tính đến ngày 31/10/2025.", {(U, "2025-12-15", "2025-10-31")}),
    # a shared head inside the sentence, a clause before the verb
    ("Sở Tài chính, Sở Nội vụ, Sở Y tế.", "Văn phòng đề nghị các Sở: Tài chính, Nội vụ, Y tế căn cứ chức năng, "
     "nhiệm vụ, tham mưu văn bản chỉ đạo trước ngày 20/11/2025.",
     {("Sở Tài chính", "2025-11-20", None), ("Sở Nội vụ", "2025-11-20", None), ("Sở Y tế", "2025-11-20", None)}),
    # "UBND các tỉnh" of a letter to named provinces means those provinces
    ("Ủy ban nhân dân các tỉnh Lâm Đồng, Đắk Lắk và Gia Lai.", "Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh rà "
     "soát, báo cáo Bộ Tài chính trước ngày 05/12/2025.",
     {(f"Ủy ban nhân dân tỉnh {p}", "2025-12-05", None) for p in ("Lâm Đồng", "Đắk Lắk", "Gia Lai")}),
    # the deliverable's own sentence, the sender's act before it and a courtesy after it
    (PROVINCES, "Bộ Tài chính gửi kèm theo dự thảo Thông tư. Ý kiến tham gia đề nghị gửi về Bộ Tài chính trước ngày "
     "20/11/2025. Đề nghị Quý cơ quan quan tâm, phối hợp.", {(U, "2025-11-20", None)}),
    # "các đồng chí" is the letter's addressees; under a bare cue each item is an ask, whatever its verb
    ("Sở Nội vụ.", "Kính đề nghị các đồng chí gửi kết quả về Công an tỉnh (qua Phòng An ninh mạng, địa chỉ: 04 Trần "
     "Bình Trọng, Phường 5) trước ngày 15/6/2025 để tập hợp.", {("Sở Nội vụ", "2025-06-15", None)}),
    (PROVINCES, "Văn phòng Chính phủ trân trọng đề nghị:\n1. Bộ Công an báo cáo kết quả gửi về Văn phòng Chính phủ "
     "trước ngày 10/01/2026.\n2. Các đại biểu dự họp đúng thành phần được mời, đăng ký qua hộp thư điện tử: "
     "dangkyhop@chinhphu.vn trước 14 giờ, ngày 11 tháng 01 năm 2026./.",
     {("Bộ Công an", "2026-01-10", None), (U, "2026-01-11", None)}),
    # a shared head in lower case over field names that hold "và"
    ("Sở Giao thông vận tải; Sở Nông nghiệp và Phát triển nông thôn; Sở Thông tin và Truyền thông; Sở Xây dựng.",
     "Giao các sở: Giao thông vận tải, Nông nghiệp và Phát triển nông thôn, Thông tin và Truyền thông, Xây dựng đôn "
     "đốc các hội hoàn thành tổ chức đại hội trước ngày 31/12/2025.",
     {(f"Sở {n}", "2025-12-31", None) for n in ("Giao thông vận tải", "Nông nghiệp và Phát triển nông thôn",
                                                "Thông tin và Truyền thông", "Xây dựng")}),
    # an ask for a report with its object, "như sau:": a duty itself, the items its contents
    (PROVINCES, "Bộ Tài chính trân trọng đề nghị Sở Tài chính, Sở Nội vụ báo cáo tổng kết công tác phòng, chống ma "
     "túy năm 2025 và dự kiến nhiệm vụ trọng tâm năm 2026, như sau:\n1. Về nội dung: Thực hiện theo đề cương gửi "
     "kèm.\n2. Báo cáo tổng kết đề nghị gửi về Bộ Tài chính trước ngày 20/12/2025.",
     {("Sở Tài chính", "2025-12-20", None), ("Sở Nội vụ", "2025-12-20", None)}),
    # an item that ends with a colon (its link lost) does not make the next item its contents
    (PROVINCES, "Văn phòng Chính phủ trân trọng đề nghị:\n1. Bộ Công an báo cáo kết quả gửi về Văn phòng Chính phủ "
     "trước ngày 10/01/2026.\n2. Các Bộ, cơ quan, địa phương tải tài liệu Phiên họp tại:\n3. Các đại biểu dự họp đúng "
     "thành phần được mời, đăng ký qua hộp thư điện tử: dangkyhop@chinhphu.vn trước 14 giờ, ngày 11 tháng 01 năm "
     "2026./.", {("Bộ Công an", "2026-01-10", None), (U, None, None), (U, "2026-01-11", None)}),
    # "giao các Bộ: A, B, C": a shared head after the cue, not a "X: task" line
    ("Các Bộ: Công an, Quốc phòng, Ngoại giao.", "Thủ tướng Chính phủ giao các Bộ: Công an, Quốc phòng, Ngoại giao "
     "theo chức năng, nhiệm vụ được giao khẩn trương nghiên cứu, báo cáo Thủ tướng Chính phủ trước ngày 30/6/2011.",
     {(f"Bộ {b}", "2011-06-30", None) for b in ("Công an", "Quốc phòng", "Ngoại giao")}),
    # an alias the ask itself defines, used in the next sentence
    (PROVINCES, "Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương (sau đây gọi chung là "
     "các tỉnh) chỉ đạo tổng hợp số liệu. Các tỉnh gửi báo cáo về Bộ Nội vụ trước ngày 15/12/2025.",
     {(U, None, None), (U, "2025-12-15", None)}),
    # a class after an ambiguous head, a field name after the ministry head
    (PROVINCES, "Bộ Công an đề nghị Công an các đơn vị, địa phương khẩn trương rà soát, báo cáo trước ngày "
     "15/12/2025.", {("Công an các đơn vị, địa phương", "2025-12-15", None)}),
    (PROVINCES, "Bộ Y tế đề nghị Sở Y tế các tỉnh, thành phố trực thuộc Trung ương, Y tế các Bộ, ngành chỉ đạo các "
     "đơn vị báo cáo trước ngày 15/12/2025.", {("Sở Y tế các tỉnh, thành phố trực thuộc Trung ương", "2025-12-15", None),
                                               ("Y tế các Bộ, ngành", "2025-12-15", None)}),
    # national bodies listed together; a verb after "các" and "công trình" are nouns; a ministry's unit name
    (PROVINCES, "Đề nghị Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam tuyên truyền, báo "
     "cáo trước ngày 15/12/2025.", {(n, "2025-12-15", None) for n in ("Đài Truyền hình Việt Nam",
                                                                        "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam")}),
    (PROVINCES, "Đề nghị Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội phối hợp, báo "
     "cáo trước ngày 15/12/2025.", {("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "2025-12-15", None),
                                      ("Các tổ chức chính trị - xã hội", "2025-12-15", None)}),
    (PROVINCES, "Đề nghị Tòa án nhân dân tối cao, Viện kiểm sát nhân dân tối cao phối hợp, báo cáo trước ngày "
     "15/12/2025.", {("Tòa án nhân dân tối cao", "2025-12-15", None), ("Viện kiểm sát nhân dân tối cao", "2025-12-15", None)}),
    (PROVINCES, "Giao Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh khẩn trương hoàn thành hồ sơ "
     "trước ngày 15/12/2025.", {("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "2025-12-15", None)}),
    # a verb the list lacks after an adverb, the list's verbs deep in the sentence; the addressee before a colon
    ("Ủy ban nhân dân tỉnh Lâm Đồng.", "Đề nghị Ủy ban nhân dân tỉnh sớm cấp giấy chứng nhận quyền sử dụng đất đối với "
     "các cơ sở cai nghiện ma túy cho Công an tỉnh theo Quyết định số 984/QĐ-BCA-C04 ngày 21/02/2025 của Bộ Công an "
     "phê duyệt Đề án tiếp nhận nhiệm vụ quản lý nhà nước về cai nghiện ma túy.",
     {("Ủy ban nhân dân tỉnh Lâm Đồng", None, None)}),
    ("Ủy ban nhân dân tỉnh Lâm Đồng.", "Đề nghị UBND tỉnh: chỉ đạo các sở, ban, ngành có liên quan sớm ban hành kế "
     "hoạch chi tiết triển khai thực hiện các nội dung trước ngày 30/11/2025.",
     {("Ủy ban nhân dân tỉnh Lâm Đồng", "2025-11-30", None)}),
    # the leadership of a unit is an addressee
    ("Ủy ban nhân dân tỉnh Lâm Đồng.", "Nhằm giải quyết khó khăn nêu trên, Bộ Tài chính đề nghị Lãnh đạo Ủy ban nhân dân "
     "tỉnh xem xét, có văn bản thống nhất cho các hội tạm thời sử dụng Điều lệ cũ trước ngày 15/12/2025.",
     {("Lãnh đạo Ủy ban nhân dân tỉnh", "2025-12-15", None)}),
    # names the ask defines with "(gọi là ...)", units that "được X giao ...", their headings below
    ("Các bộ, cơ quan trung ương; Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
     "Bộ Tài chính đề nghị các bộ, cơ quan chủ dự án thành phần (gọi là chủ dự án thành phần), các bộ, cơ quan trung "
     "ương và UBND cấp tỉnh được Thủ tướng Chính phủ giao kế hoạch vốn thực hiện Chương trình (gọi là cơ quan chủ "
     "quản Chương trình) thực hiện một số nội dung sau:\n1. Chủ dự án thành phần:\na) Lập kế hoạch giai đoạn 2026-2030 "
     "gửi về Bộ Tài chính trước ngày 30/9/2025.\n2. Cơ quan chủ quản Chương trình:\na) Lập kế hoạch thực hiện Chương "
     "trình hằng năm.", {("Các bộ, cơ quan chủ dự án thành phần", "2025-09-30", None),
                         ("Các bộ, cơ quan trung ương", None, None), ("Ủy ban nhân dân cấp tỉnh", None, None)}),
    # "(gọi là X)" after the addressee is no part of its name
    (PROVINCES, "Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương (gọi là chủ quản dự "
     "án) chỉ đạo rà soát kinh phí trước ngày 15/12/2025.", {(U, "2025-12-15", None)}),
    # a role given is no task
    ("Ủy ban nhân dân tỉnh Lâm Đồng.", "Bộ Công an giao Cục Cảnh sát điều tra tội phạm về ma túy là cơ quan thường "
     "trực Chương trình, giúp Chủ Chương trình quản lý, tổ chức thực hiện Chương trình.", set()),
])
def test_addressees_lists_and_windows(kg, body, expected):
    assert _pairs(kg, body) == expected


TO_TRINH = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 77/TTr-SNV\nV/v sáp nhập hội\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 10 tháng 11 năm 2025\nTỜ TRÌNH\n"
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng.\n{body}\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "GIÁM ĐỐC\nNguyễn Văn A\n")
CT = "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"


def _to_trinh_pairs(body: str) -> list:
    r = to_result(extract_text(TO_TRINH.format(body=body)))
    return sorted((u["name"], o["action"]) for o in r["obligations"] for u in o["responsible"])


@pytest.mark.parametrize("body, expected", [
    # what another party asked, as a noun ("việc X đề nghị ... là cần thiết"), is discussed, not asked
    ("Do đó, việc Hội Golf các tỉnh Lâm Đồng, Bình Thuận (trước sắp xếp) đề nghị Chủ tịch UBND tỉnh xem xét, cho "
     "phép sáp nhập Hội Golf tỉnh Bình Thuận vào Hội Golf tỉnh Lâm Đồng là cần thiết, phù hợp.\nKính trình Chủ tịch "
     "Ủy ban nhân dân tỉnh xem xét, quyết định./.", [(CT, "xem xét")]),
    ("Do đó, việc công dân đề nghị Chủ tịch UBND tỉnh xem xét, công nhận Ban vận động thành lập Hội Thừa phát lại "
     "tỉnh là phù hợp với quy định.", []),
    # a source's content ("Tại Kết luận, X đề nghị ...")
    ("Tại Kết luận, Ban Thường vụ Tỉnh ủy đề nghị Ban Cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo Hội Khuyến học tỉnh "
     "rà soát Điều lệ Quỹ Khuyến học.", []),
    # what is, was or is planned, told ("Hiện nay, ...", "Tại Công văn số ..., X có ý kiến", "X có Công văn số ...")
    ("Hiện nay, Liên đoàn Yoga tỉnh Bình Thuận và Liên đoàn Yoga tỉnh Lâm Đồng thực hiện quy trình, thủ tục và gửi "
     "hồ sơ đề nghị cho phép sáp nhập đảm bảo theo đúng quy định.", []),
    ("Tại Công văn số 2601/SVHTTDL-QLTDTT ngày 02/12/2025, Sở Văn hóa, Thể thao và Du lịch có ý kiến thống nhất.", []),
    ("Đối với Hội Tin học, Sở Thông tin và Truyền thông có Công văn số 1774/STTTT-VP ngày 10/10/2024 báo cáo Hội Tin "
     "học sẽ tổ chức đại hội nhiệm kỳ vào Quý IV/2024.", []),
    ("Tại Đại hội, các đại biểu tham dự Đại hội đã thông qua dự thảo Điều lệ để trình Chủ tịch UBND tỉnh phê duyệt.",
     []),
    ("“Ngày 25/9/2025, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh ban hành Công văn số 227/MTTQ-BTT về việc công nhận chức danh lãnh đạo các hội.",
     []),
    ("3. Ý kiến của cơ quan tham mưu quản lý hoạt động chính của hội\n- Ý kiến của Sở Xây dựng: Tại Công văn số "
     "2873/SXD-QLN ngày 15/4/2026 về việc góp ý đề nghị công nhận Ban vận động thành lập Hiệp hội Bất động sản tỉnh, "
     "Sở Xây dựng có ý kiến: Thống nhất tham mưu Chủ tịch UBND tỉnh xem xét, công nhận Ban vận động.", []),
    # a document handed to the chairman is not his duty; the ask after it is
    ("Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh văn bản thông báo việc tổ chức đại hội của Liên đoàn Quần "
     "vợt tỉnh.\nKính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./.", [(CT, "xem xét")]),
    # an earlier letter's assignment, cited
    ("Thực hiện chỉ đạo của UBND tỉnh tại Công văn số 7377/UBND-NC ngày 19/11/2025; trong đó, UBND tỉnh giao Sở Nội "
     "vụ chủ trì, phối hợp với cơ quan liên quan xử lý đề nghị của Ban vận động.\nKính đề nghị Chủ tịch Ủy ban nhân "
     "dân tỉnh xem xét, có văn bản trả lời công dân./.", [(CT, "xem xét")]),
    # what a received paper asked; an opinion told
    ("Liên đoàn Luật sư Việt Nam nhận được Tờ trình của Đoàn Luật sư tỉnh Lâm Đồng, Đoàn Luật sư tỉnh Bình Thuận "
     "đề nghị Liên đoàn cho ý kiến về Đề án hợp nhất của các Đoàn Luật sư.", []),
    ("Sở Tài nguyên và Môi trường, Sở Giáo dục và Đào tạo thống nhất đề xuất giải thể 05 hội.", []),
    # what a paper issued earlier asked
    ("Sau kiểm tra, Đoàn kiểm tra đã ban hành các thông báo kết quả kiểm tra, đề nghị các cơ quan, đơn vị, địa "
     "phương xây dựng kế hoạch khắc phục các tồn tại, hạn chế.", []),
    # a draft handed over; a plan told; a verb that names the subject ("Nhà thầu xây dựng chưa lập ...")
    ("Từ các nội dung trên, Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh dự thảo Quyết định công nhận Điều "
     "lệ (sửa đổi, bổ sung) Quỹ Khuyến học tỉnh.\nKính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./.",
     [(CT, "xem xét")]),
    ("Trung tâm Văn hóa tỉnh dự kiến tổ chức Hội nghị vào ngày 18/11/2025, mời Lãnh đạo UBND tỉnh, các Sở, ngành và "
     "một số địa phương tham dự.", []),
    ("Hiệp hội Nhà thầu xây dựng chưa lập hồ sơ báo cáo tổ chức đại hội theo quy định.", []),
    # a second ask after "; đồng thời," is a duty of its own
    ("Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, chỉ đạo; đồng thời, đề nghị Sở Tài chính xem xét, "
     "tổng hợp./.", [(CT, "xem xét"), ("Sở Tài chính", "xem xét")]),
    # a report's closing ask without "kính"; what the sender says it will report later is no ask
    ("Sở Nội vụ báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo./.", [(CT, "xem xét")]),
    ("Qua thời gian này, các hội không tổ chức đại hội, Sở Nội vụ sẽ báo cáo Chủ tịch Ủy ban nhân dân tỉnh xem xét, "
     "xử lý theo quy định.", []),
    # "ý kiến chỉ đạo" is a noun; an opinion on an assessment; who gave a task ("do Đảng, Nhà nước giao")
    ("Chủ tịch tiếp thu ý kiến chỉ đạo.", []),
    ("Căn cứ Hướng dẫn số 37/HD-BCA-C04 ngày 24/9/2025 của Bộ Công an, Phòng PC01 thống nhất với nội dung đánh "
     "giá, nhận xét của Phòng PC04.", []),
    ("Theo đó, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp tỉnh có trách nhiệm thực hiện sắp xếp tổ chức "
     "bộ máy của các hội quần chúng do Đảng, Nhà nước giao nhiệm vụ.", []),
    # what is not yet allowed, told ("chưa", "đã", "không" between the units and the verb)
    ("Đồng thời, hiện nay chưa có tỉnh cho phép thành lập hội này; tương tự, các hội mang tính chất ái hữu, giao "
     "lưu dựa trên ngôn ngữ nước ngoài cũng chưa được cho phép thành lập mà chủ yếu là các hội hữu nghị.", []),
    # leave to act is no duty; "trình tự" is a noun
    ("Ban Chấp hành có thể tổ chức họp trực tiếp hoặc qua nền tảng ứng dụng trực tuyến.", []),
    ("Ban Chấp hành Hội quy định cụ thể hành vi vi phạm, thẩm quyền, trình tự, thủ tục đình chỉ công tác.", []),
])
def test_narration_and_cited_requests_are_no_duty(body, expected):
    assert _to_trinh_pairs(body) == expected


CHARTER = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
           "ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)\nHIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN\n(Kèm theo Quyết định số ... /QĐ-UBND ngày "
           "... tháng ... năm ... của Chủ tịch UBND tỉnh Bình Thuận)\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Tên gọi\n"
           "{body}\n")


@pytest.mark.parametrize("body, expected", [
    # a charter sent on its own states rules; only a directive cue in it assigns
    ("Hằng năm, Hiệp hội phải báo cáo tình hình tổ chức, hoạt động của Hiệp hội với Ủy ban nhân dân cấp tỉnh trước "
     "ngày 31 tháng 12.\nBan Thường trực hoạt động theo Quy chế do Ban Chấp hành ban hành.", []),
    ("Đề nghị Ban Thường trực Hiệp hội rà soát danh sách hội viên trước ngày 31 tháng 12.",
     [("Ban Thường trực Hiệp hội", "rà soát")]),
])
def test_a_rules_document_sent_alone_assigns_only_by_cue(body, expected):
    r = to_result(extract_text(CHARTER.format(body=body)))
    assert sorted((u["name"], o["action"]) for o in r["obligations"] for u in o["responsible"]) == expected


def test_exhortation_is_not_an_obligation():
    doc = extract_text("Kính gửi: Các cơ quan\nUBND huyện yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.")
    assert to_result(doc)["obligations"] == []


def test_tan_ky_schedule_per_period_with_windows_rrules_and_warning(seeds):
    tan_ky = next(p for p in seeds if p.name.startswith("001_"))
    r = to_result(extract(tan_ky))
    periodic = [o for o in r["obligations"] if o["period"]]
    assert {o["period"] for o in periodic} == {"Q1-2023", "H1-2023", "Q3-2023", "Y-2023"}
    q1 = [o for o in periodic if o["period"] == "Q1-2023" and o["action"] == "gửi"]
    assert {o["responsible"][0]["name"] for o in q1} == {"Các phòng, ban, ngành cấp huyện",
                                                         "Ủy ban nhân dân các xã, thị trấn"}
    for o in q1:
        assert o["deadline"]["date"]["iso"] == "2023-02-28" and o["deadline"]["relation"] == "before"
        assert (o["data_window"]["start"]["iso"], o["data_window"]["end"]["iso"]) == ("2022-12-10", "2023-03-10")
        assert o["recurrence"] == "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28"
    ids = {o["id"] for o in q1}
    assert any(w["code"] == "deadline_before_window_end" and w.get("obligation_id") in ids
               and "28/02/2023" in w["message"] and "10/03/2023" in w["message"] for w in r["warnings"])


def test_obligation_ids_are_stable(sample: Path):
    a = [o["id"] for o in to_result(extract(sample))["obligations"]]
    b = [o["id"] for o in to_result(extract(sample))["obligations"]]
    assert a and a == b


def test_every_quarter_of_a_schedule_is_materialised():
    """A schedule of four quarterly reports: Q2 and Q4 were dropped when only Q1, H1, Q3 and the
    year were known to the materialiser."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 12/UBND-NC\nCao Bằng, ngày 05 tháng 01 năm 2025\n"
            "Kính gửi: Các sở, ban, ngành\n"
            "1. Các sở, ban, ngành báo cáo kết quả cải cách hành chính hằng quý gửi về UBND tỉnh (qua Sở Nội vụ).\n"
            "2. Thời gian chốt số liệu và gửi báo cáo\n"
            "- Thời gian các cơ quan, đơn vị gửi báo cáo về UBND tỉnh (qua Sở Nội vụ) chậm nhất ngày 12 "
            "của tháng cuối kỳ báo cáo.\n"
            "- Thời gian chốt số liệu báo cáo như sau:\n"
            "+ Báo cáo Quý I, thời gian chốt số liệu tính từ ngày 10/12 năm trước liền kề đến ngày 10/3 năm báo cáo.\n"
            "+ Báo cáo Quý II, thời gian chốt số liệu tính từ ngày 11/3 đến ngày 10/6 năm báo cáo.\n"
            "+ Báo cáo Quý III, thời gian chốt số liệu tính từ ngày 11/6 đến ngày 10/9 năm báo cáo.\n"
            "+ Báo cáo Quý IV, thời gian chốt số liệu tính từ ngày 11/9 đến ngày 10/12 năm báo cáo.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\n\nNguyễn Văn A\n")
    obs = to_result(extract_text(text))["obligations"]
    got = sorted((o["period"], o["deadline"]["date"]["iso"], o["data_window"]["start"]["iso"],
                  o["data_window"]["end"]["iso"]) for o in obs if o["period"])
    assert got == [("Q1-2025", "2025-03-12", "2024-12-10", "2025-03-10"),
                   ("Q2-2025", "2025-06-12", "2025-03-11", "2025-06-10"),
                   ("Q3-2025", "2025-09-12", "2025-06-11", "2025-09-10"),
                   ("Q4-2025", "2025-12-12", "2025-09-11", "2025-12-10")]


@pytest.mark.parametrize("to, expected", [
    ("về Ủy ban nhân dân tỉnh (để phê duyệt Nội quy)”", "Ủy ban nhân dân tỉnh"),
    ("về Sở Nội vụ (qua Phòng Tổ chức biên chế)", "Sở Nội vụ (qua Phòng Tổ chức biên chế)"),
    ("về Sở Nội vụ", "Sở Nội vụ"),
])
def test_submit_to_without_purpose_notes(to, expected):
    text = ("UBND TỈNH LÂM ĐỒNG\nSỞ TƯ PHÁP\nSố: 12/STP-VP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Lâm Đồng, ngày 2 tháng 9 năm 2025\nKính gửi: Hội Công chứng viên tỉnh.\n"
            f"Đề nghị Hội Công chứng viên tỉnh gửi hồ sơ {to} trước ngày 10/9/2025.\n")
    obs = to_result(extract_text(text))["obligations"]
    assert [o["submit_to"] for o in obs] == [expected]


_PLAN_TASKS = ("- Chủ trì, hướng dẫn các cơ quan triển khai Kế hoạch.\n"
               "- Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2025.\n")
_PLAN_TASKS_2 = "- Xây dựng kế hoạch thực hiện, gửi Sở Nội vụ trước ngày 30/10/2025.\n"


@pytest.mark.parametrize("first, second", [
    # the headings a plan's organisation section names its units with, each giving the same duties
    ("1. Sở Nội vụ:", "2. Các sở, ban, ngành:"),
    ("1. Sở Nội vụ", "2. Các sở, ban, ngành"),
    ("a) Sở Nội vụ:", "b) Các sở, ban, ngành:"),
    ("1. Giao Sở Nội vụ:", "2. Giao các sở, ban, ngành:"),
    ("1. Sở Nội vụ có trách nhiệm:", "2. Các sở, ban, ngành có trách nhiệm:"),
    ("1. Trách nhiệm của Sở Nội vụ", "2. Trách nhiệm của các sở, ban, ngành"),
    ("1. Nhiệm vụ của Sở Nội vụ:", "2. Nhiệm vụ của các sở, ban, ngành:"),
    ("1. SỞ NỘI VỤ", "2. CÁC SỞ, BAN, NGÀNH"),
])
def test_plan_unit_headings(first, second):
    from congvan.extractors.units import unit_key

    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 215/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 05 tháng 8 năm 2025\nKẾ HOẠCH\n"
            "Triển khai công tác cải cách hành chính năm 2025\nIV. TỔ CHỨC THỰC HIỆN\n"
            f"{first}\n{_PLAN_TASKS}{second}\n{_PLAN_TASKS_2}")
    got = {(unit_key(u["name"]), ((o.get("deadline") or {}).get("date") or {}).get("iso"))
           for o in to_result(extract_text(text))["obligations"] for u in o["responsible"]}
    assert got == {("sở nội vụ", None), ("sở nội vụ", "2025-12-15"), ("các sở ban ngành", "2025-10-30")}


# issue 13u: letters of the second written set (corpora/written/019-028), each phrasing as agencies write it
SO_GD = "Các Sở Giáo dục và Đào tạo"
XA = "Ủy ban nhân dân các xã, thị trấn"
CA = "Công an các tỉnh, thành phố trực thuộc Trung ương"


@pytest.mark.parametrize("kg, body, expected", [
    # an item of an announced list that starts with "Báo cáo" is the units' duty, not a dated report (noun)
    (SO_GD + ".", "Bộ Giáo dục và Đào tạo đề nghị các Sở Giáo dục và Đào tạo:\n1. Báo cáo tình hình thực hiện "
     "Chương trình giáo dục phổ thông, gửi về Bộ Giáo dục và Đào tạo chậm nhất là ngày 30/11/2025.\n2. Rà soát "
     "đội ngũ giáo viên, xong trước ngày 20/11/2025.", {(SO_GD, "2025-11-30", None), (SO_GD, "2025-11-20", None)}),
    # a body's name before a generic phrase: the addressees that bear it
    (CA + ".", "Bộ Công an đề nghị Công an các đơn vị, địa phương rà soát dữ liệu dân cư trên địa bàn, hoàn thành "
     "trước ngày 30/11/2025.", {(CA, "2025-11-30", None)}),
    # a range after what is counted, due within days of receipt: the figures' window
    (CA + ".", "Đề nghị Công an các tỉnh, thành phố trực thuộc Trung ương thống kê số trường hợp sai sót thông tin "
     "từ ngày 01/01/2025 đến hết ngày 31/10/2025, báo cáo Bộ Công an trong thời hạn 05 ngày làm việc kể từ ngày "
     "nhận được văn bản này.", {(CA, None, "2025-10-31")}),
    # a schedule fronted before the unit: one obligation a quarter
    ("Bảo hiểm xã hội các huyện.", "Hướng dẫn Bảo hiểm xã hội các huyện (sau đây gọi tắt là BHXH huyện) như sau:\n"
     "1. Hằng quý, trước ngày 20 của tháng cuối quý, BHXH huyện báo cáo kết quả phát triển người tham gia về Bảo "
     "hiểm xã hội tỉnh.",
     {("Bảo hiểm xã hội các huyện", f"2025-{m:02d}-20", None) for m in (3, 6, 9, 12)}),
    # a unit name that holds "tham gia"
    ("Các phòng nghiệp vụ.", "Phòng Truyền thông và Phát triển người tham gia xây dựng kế "
     "hoạch truyền thông năm 2026, trình Giám đốc trước ngày 30/11/2025.",
     {("Phòng Truyền thông và Phát triển người tham gia", "2025-11-30", None)}),
    # an alias defined for addressees named by an abbreviated head, after the issuer's own abbreviation
    ("Kho bạc Nhà nước các tỉnh, thành phố trực thuộc Trung ương.", "Kho bạc Nhà nước (KBNN) hướng dẫn KBNN các "
     "tỉnh, thành phố (sau đây gọi là KBNN tỉnh) như sau:\n1. KBNN tỉnh lập báo cáo thu, chi ngân sách, gửi về KBNN "
     "chậm nhất ngày 15/12/2025.", {("Kho bạc Nhà nước các tỉnh, thành phố trực thuộc Trung ương", "2025-12-15", None)}),
    # a class head before places named one by one: a unit per place
    ("Sở Xây dựng.", "Ủy ban nhân dân các huyện Nghi Lộc, Diễn Châu và Quỳnh Lưu hoàn thành việc kiểm đếm, xong "
     "trước ngày 15/12/2025.", {(f"Ủy ban nhân dân huyện {p}", "2025-12-15", None)
                                for p in ("Nghi Lộc", "Diễn Châu", "Quỳnh Lưu")}),
])
def test_second_written_set_phrasings(kg, body, expected):
    assert _pairs_dated_or_not(kg, body) == expected


def _pairs_dated_or_not(kg: str, body: str) -> set:
    """(unit, deadline day or None, window end or None), a deadline without a date ("trong thời hạn 05 ngày") too."""
    r = to_result(extract_text(LETTER.format(kg=kg, body=body)))
    return {(u["name"], ((o["deadline"] or {}).get("date") or {}).get("iso"),
             ((o["data_window"] or {}).get("end") or {}).get("iso")) for o in r["obligations"] for u in o["responsible"]}


def test_a_deadline_counted_from_the_decision_taking_effect_is_no_closing_formula():
    # "kể từ ngày Quyết định này có hiệu lực" dates a duty; "Quyết định này có hiệu lực kể từ ngày ký" closes
    got = _pairs("Sở Tài chính.", "Sở Tài chính công bố danh mục dự án trên Cổng thông tin điện tử trong thời hạn 10 "
                 "ngày kể từ ngày Quyết định này có hiệu lực; tổng hợp kết quả, báo cáo Bộ Tài chính trước ngày "
                 "15/12/2025.")
    assert ("Sở Tài chính", "2025-12-15", None) in got
    assert _pairs("Sở Tài chính.", "Quyết định này có hiệu lực kể từ ngày ký.") == set()


INVITATION = ("UBND TỈNH THANH HÓA\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1200/GM-SGDĐT\nThanh Hóa, ngày 10 tháng 11 năm 2025\n"
              "GIẤY MỜI\nDự Hội nghị sơ kết học kỳ I\nSở Giáo dục và Đào tạo Thanh Hóa trân trọng kính mời:\n"
              "- Trưởng phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố;\n"
              "- Hiệu trưởng các trường trung học phổ thông trực thuộc Sở.\n"
              "Thời gian: 08 giờ 00 ngày 25/11/2025.\n"
              "Các trường trung học phổ thông trực thuộc Sở gửi báo cáo sơ kết về Sở chậm nhất là ngày 20/11/2025.\n"
              "Rất mong các đồng chí tham dự đầy đủ, đúng thời gian./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
              "GIÁM ĐỐC\nNguyễn Văn A\n")


def test_an_invitation_lists_whom_it_invites_and_its_courtesy_is_no_duty():
    # (issue 13u, written/023) "trân trọng kính mời:" heads the addressee list of a giấy mời; a school class keeps
    # "trung học phổ thông" in its name; "Rất mong các đồng chí tham dự" is a courtesy
    r = to_result(extract_text(INVITATION))
    assert [u["name"] for u in r["document"]["recipients"]] == [
        "Trưởng phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố", "Hiệu trưởng các trường trung học phổ thông trực thuộc Sở"]
    assert {(u["name"], o["deadline"]["date"]["iso"]) for o in r["obligations"] for u in o["responsible"]} == {
        ("Các trường trung học phổ thông trực thuộc Sở", "2025-11-20")}
