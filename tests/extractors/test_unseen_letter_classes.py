"""Phrasing classes missed on the written hold-out letters (issue 13, the classes a-i of its second round), each a
rule for every letter that words it so. Sentences are written for these tests (none is a hold-out letter's); each
class is a table of rewordings that must give the same obligation, and the neighbours it must not swallow.
Compared: the responsible units (by matching key), deadline date, and where it matters window, rule or relation."""
from __future__ import annotations

import pytest

from congvan.extractors.issuer import find_issuer
from congvan.extractors.units import unit_key
from congvan.pipeline import extract_text, to_result

from .test_metamorphic import letter


def _result(body: str, recipients: list[str]) -> dict:
    return to_result(extract_text(letter(body, recipients=recipients)))


def _pairs(body: str, recipients: list[str]) -> set[tuple[str, str | None]]:
    r = _result(body, recipients)
    return {(unit_key(u["name"]), ((o.get("deadline") or {}).get("date") or {}).get("iso"))
            for o in r["obligations"] for u in o["responsible"]}


def _want(*pairs) -> set[tuple[str, str | None]]:
    return {(unit_key(u), d) for u, d in pairs}


def _issuer(header: str, place: str | None) -> str | None:
    text = header + "\nSố: 45-CV/TU\nV/v triển khai\n"
    m = find_issuer(text, end=len(text), place=place)
    return m.value if m else None


# a. a party committee named by its level alone takes its place from the Đảng bộ line above it, else from the
# date line where that place is of its level (the gold writes "Tỉnh ủy Hà Tĩnh", as "Tỉnh đoàn Thanh Hóa")
@pytest.mark.parametrize("header, place, want", [
    ("ĐẢNG BỘ TỈNH NGHỆ AN\nTỈNH ỦY\n*", "Nghệ An", "Tỉnh ủy Nghệ An"),
    ("ĐẢNG BỘ TỈNH NGHỆ AN\nTỈNH ỦY", None, "Tỉnh ủy Nghệ An"),
    ("TỈNH ỦY NGHỆ AN\n*", "Nghệ An", "Tỉnh ủy Nghệ An"),
    ("TỈNH ỦY\n*", "Nghệ An", "Tỉnh ủy Nghệ An"),
    ("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG\nTHÀNH ỦY", "Hải Phòng", "Thành ủy Hải Phòng"),
    ("ĐẢNG BỘ HUYỆN CAO LỘC\nHUYỆN ỦY", "Cao Lộc", "Huyện ủy Cao Lộc"),
    ("ĐẢNG BỘ THỊ XÃ SƠN TÂY\nTHỊ ỦY", "Sơn Tây", "Thị ủy Sơn Tây"),
    ("ĐẢNG BỘ QUẬN BA ĐÌNH\nQUẬN ỦY", "Ba Đình", "Quận ủy Ba Đình"),
    # the date line's place is no province: the committee stays unplaced rather than wrongly placed
    ("TỈNH ỦY\n*", "Vinh", "Tỉnh ủy"),
    ("HUYỆN ỦY\n*", "Nghệ An", "Huyện ủy"),
    # a committee that is no level's keeps its name and takes the province as any body does
    ("ĐẢNG BỘ TỈNH LÂM ĐỒNG\nĐẢNG ỦY CÁC CƠ QUAN TỈNH", "Lâm Đồng", "Đảng ủy các cơ quan tỉnh Lâm Đồng"),
])
def test_a_party_committee_takes_its_place(header, place, want):
    assert _issuer(header, place) == want


# b. a list of unit classes sharing one "trực thuộc X" tail is one class, whatever classes it lists and whatever
# the sentence does with it
COMMITTEES = ["Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
              "Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
              "Các quận ủy, huyện ủy, đảng ủy trực thuộc Thành ủy",
              "Các thị ủy, huyện ủy trực thuộc Tỉnh ủy"]


@pytest.mark.parametrize("units", COMMITTEES)
@pytest.mark.parametrize("duty", [
    "{u} tổ chức sơ kết 5 năm thực hiện Chỉ thị, gửi báo cáo về Tỉnh ủy trước ngày 20/9/2025.",
    "{u} báo cáo kết quả thực hiện về Ban Tổ chức trước ngày 20/9/2025.",
    "Ban Thường vụ đề nghị {u} báo cáo kết quả thực hiện trước ngày 20/9/2025.",
])
def test_unit_classes_with_a_shared_tail_are_one_class(units, duty):
    body = duty.format(u=units)
    assert _pairs(body, [units]) == _want((units, "2025-09-20"))


# c. a commune civil servant named by the post's field is the unit responsible; "công chức" alone names none
@pytest.mark.parametrize("post", ["Công chức Văn hóa - Xã hội", "Công chức Tư pháp - Hộ tịch",
                                  "Công chức Địa chính - Xây dựng", "Công chức Văn phòng - Thống kê",
                                  "Công chức Tài chính - Kế toán"])
@pytest.mark.parametrize("duty", [
    "{p} xây dựng kế hoạch tuyên truyền, hoàn thành trước ngày 14/8/2025.",
    "{p} phối hợp với Trạm Y tế xã xây dựng kế hoạch tuyên truyền, hoàn thành trước ngày 14/8/2025.",
    "Giao {p} xây dựng kế hoạch tuyên truyền, hoàn thành trước ngày 14/8/2025.",
])
def test_a_commune_post_is_a_unit(post, duty):
    assert _pairs(duty.format(p=post), ["Trạm Y tế xã"]) == _want((post, "2025-08-14"))


def test_civil_servants_as_a_class_of_persons_are_no_unit():
    assert _pairs("Cán bộ, công chức, viên chức thực hiện nghiêm quy định về giờ làm việc.", ["Trạm Y tế xã"]) == set()


# d. a data window inside a "Unit: content" item of a list is that unit's, the deadline its own or the letter's
WINDOW_ITEMS = [
    "- Sở Nội vụ: báo cáo kết quả cải cách hành chính (số liệu từ ngày 01/01/2025 đến ngày 30/6/2025), trước ngày "
    "10/7/2025.",
    "- Sở Nội vụ: báo cáo kết quả cải cách hành chính, số liệu tính từ ngày 01/01/2025 đến ngày 30/6/2025; gửi trước "
    "ngày 10/7/2025.",
    "1. Sở Nội vụ: Báo cáo kết quả cải cách hành chính từ ngày 01/01/2025 đến ngày 30/6/2025, gửi trước ngày "
    "10/7/2025.",
]


def _windows(body: str, recipients: list[str]) -> set[tuple]:
    r = _result(body, recipients)
    return {(unit_key(u["name"]), ((o.get("deadline") or {}).get("date") or {}).get("iso"),
             ((o.get("data_window") or {}).get("start") or {}).get("iso"),
             ((o.get("data_window") or {}).get("end") or {}).get("iso"))
            for o in r["obligations"] for u in o["responsible"]}


@pytest.mark.parametrize("item", WINDOW_ITEMS)
def test_a_window_inside_a_unit_item_is_that_units(item):
    body = ("Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị thực hiện:\n" + item + "\n- Sở Tài chính: báo cáo tình "
            "hình giải ngân vốn đầu tư công, gửi trước ngày 15/7/2025.")
    assert _windows(body, ["Sở Nội vụ", "Sở Tài chính"]) == {
        (unit_key("Sở Nội vụ"), "2025-07-10", "2025-01-01", "2025-06-30"),
        (unit_key("Sở Tài chính"), "2025-07-15", None, None)}


def test_the_items_of_one_ask_to_several_units_are_each_units():
    # "cung cấp các thông tin sau: 1. A: ...; 2. B: ...": each unit delivers its item, by the letter's deadline
    body = ("Sở Y tế đề nghị Quý cơ quan cung cấp các thông tin sau:\n1. Sở Nội vụ: Số lượng biên chế được giao năm "
            "2025.\n2. Ủy ban nhân dân các huyện: Hiện trạng cơ sở vật chất các trạm y tế xã tính đến ngày 30/6/2025.\n"
            "Văn bản cung cấp thông tin đề nghị gửi về Sở Y tế trước ngày 20/8/2025.")
    assert _windows(body, ["Sở Nội vụ", "Ủy ban nhân dân các huyện"]) == {
        (unit_key("Sở Nội vụ"), "2025-08-20", None, None),
        (unit_key("Ủy ban nhân dân các huyện"), "2025-08-20", None, "2025-06-30")}


def test_a_window_in_one_duty_is_not_the_next_duty():
    body = ("1. Các sở, ban, ngành tổ chức tổng kết 10 năm thực hiện Chỉ thị, số liệu tính từ ngày 01/01/2015 đến ngày "
            "31/12/2024; gửi báo cáo về Sở Nội vụ trước ngày 20/3/2025.\n2. Giao Sở Nội vụ xây dựng dự thảo báo cáo "
            "tổng kết, trình Ủy ban nhân dân tỉnh chậm nhất ngày 10/4/2025.")
    assert _windows(body, ["Các sở, ban, ngành", "Sở Nội vụ"]) == {
        (unit_key("Các sở, ban, ngành"), "2025-03-20", "2015-01-01", "2024-12-31"),
        (unit_key("Sở Nội vụ"), "2025-04-10", None, None)}


# e. an exhortation to cooperate is no duty unless it names a deliverable or a day
@pytest.mark.parametrize("sent", [
    "Các sở, ban, ngành phối hợp chặt chẽ với Sở Nội vụ trong quá trình triển khai.",
    "Các sở, ban, ngành theo chức năng, nhiệm vụ được giao phối hợp chặt chẽ với Sở Nội vụ trong quá trình triển khai.",
    "Các sở, ban, ngành phối hợp chặt chẽ.",
    "Đề nghị các sở, ban, ngành phối hợp chặt chẽ với Sở Nội vụ để triển khai Kế hoạch.",
    "Các sở, ban, ngành phối hợp thường xuyên, chặt chẽ với Sở Nội vụ.",
])
def test_cooperating_alone_is_no_duty(sent):
    assert _pairs(sent, ["Các sở, ban, ngành"]) == set()


@pytest.mark.parametrize("sent, day", [
    ("Các sở, ban, ngành phối hợp với Sở Nội vụ tổ chức hội nghị tập huấn trước ngày 30/9/2025.", "2025-09-30"),
    ("Các sở, ban, ngành phối hợp với Sở Nội vụ rà soát thủ tục hành chính.", None),
    ("Các sở, ban, ngành phối hợp chặt chẽ với Sở Nội vụ, hoàn thành trước ngày 30/9/2025.", "2025-09-30"),
])
def test_cooperating_on_a_deliverable_is_a_duty(sent, day):
    assert _pairs(sent, ["Các sở, ban, ngành"]) == _want(("Các sở, ban, ngành", day))


# f. a unit's heading alone on its line (no colon) carries to the task lines under it, whatever the task's verb
@pytest.mark.parametrize("heading, unit", [
    ("2. Ủy ban nhân dân các xã, phường", "Ủy ban nhân dân các xã, phường"),
    ("b) Sở Tài chính", "Sở Tài chính"),
    ("3. Văn phòng Sở", "Văn phòng Sở"),
    ("2. Các cơ quan, đơn vị được kiểm tra", "Các cơ quan, đơn vị được kiểm tra"),
])
@pytest.mark.parametrize("task", [
    "Bảo đảm kinh phí, phương tiện phục vụ Đoàn kiểm tra, hoàn thành trước ngày 15/9/2025.",
    "Thành lập Tổ công tác, hoàn thành trước ngày 15/9/2025.",
    "Tự kiểm tra, báo cáo theo đề cương, gửi về Sở Nội vụ trước ngày 15/9/2025.",
    "- Rà soát, báo cáo kết quả về Sở Nội vụ trước ngày 15/9/2025.",
])
def test_a_heading_alone_carries_to_its_tasks(heading, unit, task):
    body = "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\nChủ trì tổng hợp kết quả, báo cáo trước ngày 30/9/2025.\n" \
           f"{heading}\n{task}"
    assert _pairs(body, ["Các sở, ban, ngành"]) == _want(("Sở Nội vụ", "2025-09-30"), (unit, "2025-09-15"))


# g. days before an event: no date, the event's offset kept in the rule (and a warning), the other order too
@pytest.mark.parametrize("due, rule", [
    ("chậm nhất 07 ngày trước ngày kiểm tra", "EVENT;OFFSET=-P7D"),
    ("trước ngày khai mạc 10 ngày", "EVENT;OFFSET=-P10D"),
    ("trước ngày khai mạc Đại hội ít nhất 15 ngày làm việc", "EVENT;OFFSET=-P15WD"),
    ("trước 05 ngày so với ngày kiểm tra", "EVENT;OFFSET=-P5D"),
    ("trước khi tổ chức Hội nghị", "EVENT"),
])
def test_a_day_relative_to_an_event_stays_unresolved(due, rule):
    r = _result(f"Đề nghị Sở Nội vụ gửi báo cáo về Ban Tổ chức {due}.", ["Sở Nội vụ"])
    (ob,) = r["obligations"]
    assert ob["deadline"]["date"] is None and ob["deadline"]["rule"] == rule
    assert "deadline_unresolved" in {w["code"] for w in r["warnings"]}


# h. a preamble before the cue hides none of the items' duties, whatever the items open with
@pytest.mark.parametrize("lead", [
    "Căn cứ Nghị định số 151/2017/NĐ-CP ngày 26/12/2017 của Chính phủ, Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị:",
    "Căn cứ Nghị định số 151/2017/NĐ-CP ngày 26/12/2017 của Chính phủ, Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị "
    "thực hiện các nội dung sau:",
    "Thực hiện Công văn số 12/BNV-CCHC ngày 02/01/2025 của Bộ Nội vụ, Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị "
    "thực hiện:",
    "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị triển khai một số nội dung sau:",
])
@pytest.mark.parametrize("second", [
    "2. Định kỳ hằng năm, báo cáo tình hình sử dụng tài sản công, gửi về Sở Tài chính trước ngày 15/12/2025.",
    "2. Hằng năm, rà soát, báo cáo tình hình sử dụng tài sản công, gửi về Sở Tài chính trước ngày 15/12/2025.",
    "2. Báo cáo tình hình sử dụng tài sản công, gửi về Sở Tài chính trước ngày 15/12/2025.",
])
def test_a_preamble_hides_no_items(lead, second):
    body = f"{lead}\n1. Rà soát, báo cáo tình hình quản lý tài sản công, gửi về Sở Tài chính chậm nhất ngày 31/10/2025.\n" \
           f"{second}"
    units = ["Sở Nội vụ", "Ủy ban nhân dân các huyện"]
    assert _pairs(body, units) == _want(*[(u, d) for u in units for d in ("2025-10-31", "2025-12-15")])


# i. two deliverables with two days in one sentence: an obligation a deliverable, each with its day
@pytest.mark.parametrize("sent", [
    "Đề nghị Sở Nội vụ báo cáo sơ kết trước ngày 15/6/2025 và báo cáo tổng kết trước ngày 15/12/2025.",
    "Sở Nội vụ gửi báo cáo sơ kết trước ngày 15/6/2025 và gửi báo cáo tổng kết trước ngày 15/12/2025.",
    "Giao Sở Nội vụ xây dựng kế hoạch trước ngày 15/6/2025, đồng thời báo cáo kết quả trước ngày 15/12/2025.",
    "Sở Nội vụ xây dựng kế hoạch, trình Ủy ban nhân dân tỉnh trước ngày 15/6/2025; báo cáo kết quả thực hiện trước "
    "ngày 15/12/2025.",
])
def test_two_deliverables_two_days(sent):
    r = _result(sent, ["Sở Nội vụ"])
    assert sorted(o["deadline"]["date"]["iso"] for o in r["obligations"]) == ["2025-06-15", "2025-12-15"]
    assert {unit_key(u["name"]) for o in r["obligations"] for u in o["responsible"]} == {unit_key("Sở Nội vụ")}


def test_one_deliverable_after_its_day_is_no_second():
    # a day then a new clause with its own subject is no second deliverable of this duty
    r = _result("Sở Nội vụ báo cáo kết quả trước ngày 15/6/2025, Sở Tài chính tổng hợp trước ngày 15/12/2025.",
                ["Sở Nội vụ", "Sở Tài chính"])
    assert {(unit_key(u["name"]), o["deadline"]["date"]["iso"]) for o in r["obligations"] for u in o["responsible"]} \
        <= _want(("Sở Nội vụ", "2025-06-15"), ("Sở Tài chính", "2025-12-15"))


@pytest.mark.parametrize("body", [
    "Đề nghị Sở Nội vụ thẩm định hồ sơ công nhận Ban vận động thành lập Hiệp hội Du lịch tỉnh, báo cáo trước ngày "
    "30/9/2025.",
    "Đề nghị Sở Nội vụ thẩm định hồ sơ công nhận Ban vận động\nthành lập Hiệp hội Du lịch tỉnh, báo cáo trước ngày "
    "30/9/2025.",
])
def test_founding_is_a_verb_but_not_in_a_founding_committees_name(body):
    # "thành lập" opens a task ("Thành lập Tổ công tác ..."), but "Ban vận động thành lập Hội X" is a name
    assert _pairs(body, ["Sở Nội vụ"]) == _want(("Sở Nội vụ", "2025-09-30"))
