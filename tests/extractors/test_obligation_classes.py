"""Phrasing classes of duties found on letters nobody tuned on (issue 13): each a case table with rows
that failed before the class became a rule (the others guard its neighbours). Compared: the responsible units (by matching key) and the
deadline's date, as the eval scores them."""
from __future__ import annotations

import pytest

from congvan.extractors.units import unit_key
from congvan.pipeline import extract_text, to_result

from .test_metamorphic import letter


def _found(body: str, recipients: list[str], **kw) -> set[tuple[str, str | None]]:
    r = to_result(extract_text(letter(body, recipients=recipients, **kw)))
    return {(unit_key(u["name"]), ((o.get("deadline") or {}).get("date") or {}).get("iso"))
            for o in r["obligations"] for u in o["responsible"]}


def _want(*pairs) -> set[tuple[str, str | None]]:
    return {(unit_key(u), d) for u, d in pairs}


# a verb that the list lacked right after the unit: the tagger had read it as part of the name
# ("Sở Tài chính thẩm tra", "Ủy ban nhân dân các xã niêm yết")
@pytest.mark.parametrize("body, unit, day", [
    ("Đề nghị Sở Tài chính thẩm tra, quyết toán kinh phí trước ngày 30/6/2025.", "Sở Tài chính", "2025-06-30"),
    ("Yêu cầu Ủy ban nhân dân các xã niêm yết công khai thủ tục hành chính trước ngày 15/7/2025.",
     "Ủy ban nhân dân các xã", "2025-07-15"),
    ("Ủy ban nhân dân tỉnh yêu cầu Công an tỉnh tăng cường tuần tra, kiểm soát trước ngày 01/9/2025.",
     "Công an tỉnh", "2025-09-01"),
    ("Sở Nội vụ đề nghị Ban Chấp hành Hội Luật gia tỉnh điều chỉnh thời gian tổ chức Đại hội trước ngày "
     "30/6/2025.", "Ban Chấp hành Hội Luật gia tỉnh", "2025-06-30"),
    ("Giao Sở Tài chính thu hồi số tiền đã tạm ứng trước ngày 30/6/2025.", "Sở Tài chính", "2025-06-30"),
])
def test_a_verb_the_list_lacked_ends_the_unit(body, unit, day):
    assert _found(body, [unit]) == _want((unit, day))


def test_a_verb_after_a_semicolon_has_no_subject_before_it():
    # a plan's objective listing who gets powers, then the next task after ';': no duty of those units
    body = ("Triển khai thực hiện Nghị quyết số 04/NQ-CP ngày 10/01/2022 của Chính phủ; đẩy mạnh phân cấp, ủy quyền "
            "cho các sở, ban, ngành, UBND các huyện, thành phố; tăng cường thanh tra, kiểm tra các nội dung đã phân cấp.")
    assert _found(body, ["Sở Nội vụ"]) == set()


# the letter handed to a unit for it to act on: "..., gửi X tổng hợp", "Kính chuyển X ...", "chuyển ... đến X
# xem xét" (no "để"); not a copy ("gửi X biết"), a purpose ("gửi ý kiến để X tổng hợp"), the deliverable's way
# ("gửi về X") or another unit's sending told or asked ("Các xã gửi Sở Nội vụ ...")
HANDOVER = [
    ("Trên đây là ý kiến góp ý của Ủy ban nhân dân tỉnh, gửi Sở Nội vụ tổng hợp./.", ["Sở Nội vụ"], {("Sở Nội vụ", None)}),
    ("Vậy, Ủy ban nhân dân tỉnh gửi Sở Nội vụ nghiên cứu, tổng hợp./.", ["Sở Nội vụ"], {("Sở Nội vụ", None)}),
    ("Kính chuyển Sở Nội vụ nghiên cứu, tham mưu./.", ["Sở Nội vụ"], {("Sở Nội vụ", None)}),
    ("Ủy ban nhân dân tỉnh chuyển đơn của ông Nguyễn Văn A đến Ủy ban nhân dân huyện Đức Trọng xem xét, giải "
     "quyết theo thẩm quyền, báo cáo kết quả trước ngày 30/6/2025.", ["Ủy ban nhân dân huyện Đức Trọng"],
     {("Ủy ban nhân dân huyện Đức Trọng", "2025-06-30")}),
    ("Vậy, Ủy ban nhân dân tỉnh gửi Sở Nội vụ biết, tổng hợp./.", ["Sở Nội vụ"], set()),
    ("Ủy ban nhân dân tỉnh gửi ý kiến để Sở Nội vụ tổng hợp chung./.", ["Sở Nội vụ"], set()),
    ("Ủy ban nhân dân tỉnh cử thành viên như trên gửi Sở Nội vụ được biết, tổng hợp thực hiện./.", ["Sở Nội vụ"], set()),
    ("Trên đây là báo cáo của Ủy ban nhân dân tỉnh, gửi Bộ Nội vụ để tổng hợp./.", ["Bộ Nội vụ"], set()),
    ("Ngày 01/10/2025, Sở Tư pháp đã gửi Sở Nội vụ tổng hợp.", ["Sở Nội vụ"], set()),
    ("Các xã gửi Sở Nội vụ tổng hợp trước ngày 30/6/2025.", ["Các xã"], {("Các xã", "2025-06-30")}),
    # the sender, a verb phrase of its own, then the hand-over (pool066: "Sở X có ý kiến trao đổi gửi Sở Nội vụ
    # tổng hợp"): the unit handed to acts, the sender's "có ý kiến" is no duty; another unit so worded keeps its own
    ("Ủy ban nhân dân tỉnh có ý kiến trao đổi gửi Sở Nội vụ tổng hợp./.", ["Sở Nội vụ"], {("Sở Nội vụ", None)}),
    ("Ủy ban nhân dân tỉnh có ý kiến như trên gửi Sở Nội vụ tổng hợp, tham mưu./.", ["Sở Nội vụ"], {("Sở Nội vụ", None)}),
    ("Ủy ban nhân dân huyện Đức Trọng có ý kiến gửi Sở Nội vụ tổng hợp trước ngày 30/6/2025.",
     ["Ủy ban nhân dân huyện Đức Trọng"], {("Ủy ban nhân dân huyện Đức Trọng", "2025-06-30")}),
    ("Ủy ban nhân dân tỉnh đề nghị các sở có ý kiến gửi Sở Nội vụ tổng hợp trước ngày 30/6/2025.", ["Các sở"],
     {("Các sở", "2025-06-30")}),
]


@pytest.mark.parametrize("body, recipients, expected", HANDOVER)
def test_a_letter_handed_to_a_unit_for_it_to_act(body, recipients, expected):
    assert _found(body, recipients) == _want(*expected)


# a person's title before a unit written in lower case ("Trưởng phòng Giáo dục ...", "Trưởng thôn"), and the
# sender announcing what follows ("UBND xã thông báo: ..."): the unit, not the announcer, is responsible
@pytest.mark.parametrize("body, recipients, expected", [
    ("Sở Giáo dục và Đào tạo đề nghị Trưởng phòng Giáo dục và Đào tạo các huyện chỉ đạo các trường rà soát, gửi báo "
     "cáo về Sở trước ngày 12/5/2025.", ["Các Phòng Giáo dục và Đào tạo"],
     {("Trưởng phòng Giáo dục và Đào tạo các huyện", "2025-05-12")}),
    ("Ủy ban nhân dân tỉnh thông báo: Trưởng các thôn có trách nhiệm thông báo rộng rãi cho nhân dân trước ngày "
     "20/5/2025.", ["Trưởng các thôn"], {("Trưởng các thôn", "2025-05-20")}),
    ("Đề nghị Đài Truyền thanh xã thông báo: lịch tiếp công dân trước ngày 20/5/2025.", ["Đài Truyền thanh xã"],
     {("Đài Truyền thanh xã", "2025-05-20")}),
])
def test_a_title_or_an_announcer_before_the_unit(body, recipients, expected):
    assert _found(body, recipients) == _want(*expected)


# a verb inside the subject's name ("Ban Vận động thành lập Liên đoàn X", a name with its object) and the
# predicate told after it: narration, no duty; a verb whose object is no unit keeps its duty
@pytest.mark.parametrize("body, recipients, expected", [
    ("Ban Vận động thành lập Liên đoàn Pickleball tỉnh Lâm Đồng đã thực hiện đầy đủ thủ tục theo quy định.",
     ["Chủ tịch Ủy ban nhân dân tỉnh"], set()),
    ("Ban Vận động thành lập liên đoàn Pickleball tỉnh được Chủ tịch Ủy ban nhân dân tỉnh công nhận tại Quyết định "
     "số 180/QĐ-UBND ngày 15/01/2026.", ["Chủ tịch Ủy ban nhân dân tỉnh"], set()),
    ("Ủy ban nhân dân các xã rà soát Kế hoạch cải cách hành chính năm 2025 những nhiệm vụ được Ủy ban nhân dân tỉnh "
     "giao, báo cáo trước ngày 15/12/2025.", ["Ủy ban nhân dân các xã"], {("Ủy ban nhân dân các xã", "2025-12-15")}),
])
def test_a_verb_inside_the_subjects_name(body, recipients, expected):
    assert _found(body, recipients) == _want(*expected)


def test_a_head_alone_names_no_unit():
    # a garbled text layer ("Giao cho Ban ch6p hanh ...") leaves a bare head: no unit to hold to a duty
    assert _found("Giao cho Ban ch6p hanh m0 rQng li6n k6t b6 sung c6c thirnh vi()n trước ngày 30/6/2025.",
                  ["Sở Nội vụ"]) == set()


# the listed verb stands in a clause of time or condition after the unit's own predicate ("... đi vào hoạt động
# khi có quyết định phê duyệt ...", "... được giữ nguyên nếu ... tổ chức"): no task of the unit
@pytest.mark.parametrize("body", [
    "Ban Chấp hành Liên đoàn Võ thuật cổ truyền tỉnh nhiệm kỳ 2025-2030, chính thức đi vào hoạt động khi có quyết định "
    "phê duyệt của cơ quan nhà nước có thẩm quyền./.",
    "Ban Kiểm tra Hội Luật gia tỉnh, giữ nguyên số lượng nếu Đại hội thống nhất tổ chức lại theo Điều lệ.",
])
def test_a_verb_in_a_clause_of_time_or_condition(body):
    assert _found(body, ["Sở Nội vụ"]) == set()


# an article's heading that names whose duties follow, run into the first of them (a decision's "Điều 2.
# Chức năng, nhiệm vụ của X <Task>"): X's duty; a copula sentence about duties is none
@pytest.mark.parametrize("body, expected", [
    ("Điều 2. Chức năng, nhiệm vụ của Tổ Công tác cải cách hành chính Nghiên cứu, đề xuất với Ủy ban nhân dân tỉnh "
     "triển khai các nhiệm vụ về cải cách hành chính.", {("Tổ Công tác cải cách hành chính", None)}),
    ("Điều 3. Nhiệm vụ, quyền hạn của Ban Chỉ đạo Chỉ đạo, đôn đốc các cơ quan triển khai thực hiện Kế hoạch; báo cáo "
     "Ủy ban nhân dân tỉnh trước ngày 15/12/2025.", {("Ban Chỉ đạo", "2025-12-15")}),
    ("Điều 2. Trách nhiệm của Sở Nội vụ Theo dõi, đôn đốc, tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày "
     "15/12/2025.", {("Sở Nội vụ", "2025-12-15")}),
    ("Nhiệm vụ của Ban Chỉ đạo là chỉ đạo các cơ quan triển khai thực hiện.", set()),
])
def test_a_heading_naming_whose_duties_follow(body, expected):
    assert _found(body, ["Sở Nội vụ"]) == _want(*expected)


# the same headings on a line of their own ("Điều 2. Trách nhiệm của Sở Nội vụ:" then its items), and in a
# charter sent on its own ("Nhiệm vụ và quyền hạn của Ban Chấp hành:"), where they state powers, not asks
@pytest.mark.parametrize("body, expected", [
    ("Điều 2. Nhiệm vụ của Tổ Công tác cải cách hành chính\nNghiên cứu, đề xuất với Ủy ban nhân dân tỉnh các nhiệm "
     "vụ cải cách hành chính; báo cáo trước ngày 15/12/2025.\nĐiều 3. Quyết định này có hiệu lực kể từ ngày ký.",
     {("Tổ Công tác cải cách hành chính", "2025-12-15")}),
    ("Điều 2. Trách nhiệm của Sở Nội vụ:\n1. Theo dõi, đôn đốc việc thực hiện.\n2. Tổng hợp, báo cáo Ủy ban nhân dân "
     "tỉnh trước ngày 15/12/2025.", {("Sở Nội vụ", None), ("Sở Nội vụ", "2025-12-15")}),
])
def test_an_article_heading_naming_whose_duties_follow(body, expected):
    assert _found(body, ["Sở Nội vụ"]) == _want(*expected)


def test_a_charters_powers_are_no_duties():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "ĐIỀU LỆ\nHIỆP HỘI DOANH NGHIỆP TỈNH\n(Kèm theo Quyết định số 12/QĐ-UBND ngày 01/3/2025 của Chủ tịch UBND tỉnh)\n"
            "Điều 20. Ban Chấp hành Hiệp hội\n2. Nhiệm vụ và quyền hạn của Ban Chấp hành:\na) Tổ chức triển khai thực hiện "
            "nghị quyết Đại hội;\nb) Chuẩn bị và quyết định triệu tập Đại hội;\n"
            "Điều 21. Nhiệm vụ của Ban Kiểm tra\nKiểm tra, giám sát việc thực hiện Điều lệ Hiệp hội.\n")
    assert to_result(extract_text(text))["obligations"] == []


# what stands beside the unit's name: its role in parentheses, after a dash or "là", "với vai trò ..."; "trên địa
# bàn tỉnh" after it; "Riêng" before it; two bodies one office serves ("Văn phòng Đoàn ĐBQH và HĐND tỉnh")
@pytest.mark.parametrize("body, recipients, expected", [
    ("Giao Sở Nội vụ (cơ quan thường trực Hội đồng Thi đua - Khen thưởng tỉnh) chủ trì, phối hợp với các cơ quan liên "
     "quan tổng hợp, báo cáo trước ngày 15/12/2025.", ["Sở Nội vụ"], {("Sở Nội vụ", "2025-12-15")}),
    ("Giao Sở Nội vụ - cơ quan thường trực Hội đồng Thi đua - Khen thưởng tỉnh tổng hợp, báo cáo trước ngày 15/12/2025.",
     ["Sở Nội vụ"], {("Sở Nội vụ", "2025-12-15")}),
    ("Giao Sở Nội vụ là cơ quan thường trực, chủ trì tổng hợp, báo cáo trước ngày 15/12/2025.", ["Sở Nội vụ"],
     {("Sở Nội vụ", "2025-12-15")}),
    ("Sở Nội vụ, với vai trò cơ quan thường trực, có trách nhiệm tổng hợp, báo cáo trước ngày 15/12/2025.",
     ["Sở Nội vụ"], {("Sở Nội vụ", "2025-12-15")}),
    ("UBND các xã, phường, đặc khu trên địa bàn tỉnh rà soát, báo cáo trước ngày 15/12/2025.",
     ["Ủy ban nhân dân các xã, phường, đặc khu"], {("Ủy ban nhân dân các xã, phường, đặc khu", "2025-12-15")}),
    ("Riêng Sở Nội vụ tổng hợp, báo cáo trước ngày 15/12/2025.", ["Sở Nội vụ"], {("Sở Nội vụ", "2025-12-15")}),
    ("Đề nghị Văn phòng Tỉnh ủy, Văn phòng Đoàn ĐBQH và HĐND tỉnh phối hợp rà soát, báo cáo trước ngày 15/12/2025.",
     ["Văn phòng Tỉnh ủy", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"],
     {("Văn phòng Tỉnh ủy", "2025-12-15"), ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "2025-12-15")}),
    # a qualifier in parentheses that is part of how the unit is named stays
    ("Đề nghị Ban Chấp hành Hội Luật gia tỉnh Bình Thuận (cũ) hoàn thiện hồ sơ trước ngày 15/12/2025.",
     ["Sở Nội vụ"], {("Ban Chấp hành Hội Luật gia tỉnh Bình Thuận (cũ)", "2025-12-15")}),
])
def test_what_stands_beside_the_units_name(body, recipients, expected):
    assert _found(body, recipients) == _want(*expected)


# an exhortation ("nghiêm túc ...") is no duty, unless the task names a report due by a day
@pytest.mark.parametrize("body, expected", [
    ("Yêu cầu Sở Nội vụ nghiêm túc rút kinh nghiệm và báo cáo giải trình trước ngày 15/12/2025.",
     {("Sở Nội vụ", "2025-12-15")}),
    ("Đề nghị Sở Nội vụ nghiêm túc thực hiện, gửi báo cáo kết quả chậm nhất ngày 20/12/2025.", {("Sở Nội vụ", "2025-12-20")}),
    ("Đề nghị Sở Nội vụ nghiêm túc thực hiện./.", set()),
    ("Đề nghị Sở Nội vụ quan tâm phối hợp./.", set()),
])
def test_an_exhortation_with_a_report_due(body, expected):
    assert _found(body, ["Sở Nội vụ"]) == _want(*expected)


# a sentence the reader kept broken over two lines (a short PDF line): the next line, in lower case, goes on
@pytest.mark.parametrize("body, expected", [
    ("Trên đây là nội dung góp ý của Sở Khoa học và Công nghệ, gửi Sở Nội vụ\ntổng hợp./.", [["Sở Nội vụ"]]),
    ("Đề nghị Sở Nội vụ\ntổng hợp, báo cáo trước ngày 15/12/2025./.", [["Sở Nội vụ"]]),
    # a lettered item under a heading is no continuation
    ("1. Về ban hành Kế hoạch cải cách hành chính\na) Hằng năm, Sở Nội vụ xây dựng Kế hoạch.", [["Sở Nội vụ"]]),
])
def test_a_sentence_broken_over_two_lines(body, expected):
    from congvan.extractors.obligations import find_obligations

    found = list(find_obligations(body, recipients=[{"name": "Sở Nội vụ", "raw": "Sở Nội vụ", "is_group": False}]))
    assert [[u["name"] for u in ob.value["responsible"]] for ob in found] == expected
    assert all(body[ob.start:ob.end].replace("\n", " ").strip() == ob.value["description"] for ob in found[:1])


# the addressee named in the body with its words in another order, a count before it ("Ban Chấp hành 03 Hội công
# chứng viên Lâm Đồng, Đắk Nông, Bình Thuận (cũ)" for "Ban Chấp hành Hội công chứng viên tỉnh Lâm Đồng, Bình Thuận,
# Đắk Nông (cũ)"); "quy định cụ thể" after a cue is the ask, not part of the name (as a subject's verb: a rule)
KG = "Ban Chấp hành Hội công chứng viên tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ)"


@pytest.mark.parametrize("body, expected", [
    ("Sở Tư pháp đề nghị Ban Chấp hành 03 Hội công chứng viên Lâm Đồng, Đắk Nông, Bình Thuận (cũ) khẩn trương hoàn "
     "thiện hồ sơ, gửi về Sở Tư pháp chậm nhất ngày 10/9/2025.", {(KG, "2025-09-10")}),
    ("Vì vậy, đề nghị Ban Chấp hành Hội công chứng viên quy định cụ thể thời gian Đại hội trước ngày 30/9/2025.",
     {(KG, "2025-09-30")}),
    ("Ban Chấp hành Hội quy định cụ thể hành vi vi phạm, thẩm quyền đình chỉ công tác.", set()),
])
def test_the_addressee_named_in_another_order(body, expected):
    assert _found(body, [KG]) == _want(*expected)


# a shared head opening the sentence or after a title ("Các Sở: Tư pháp, Nội vụ ...", "Giám đốc các Sở: ...") and a
# count of places with their names in parentheses ("Hội Luật gia của 02 tỉnh (Lâm Đồng, Bình Thuận cũ)"): one unit each
@pytest.mark.parametrize("body, expected", [
    ("Thực hiện Kế hoạch số 12/KH-UBND. Các Sở: Tư pháp, Nội vụ rà soát, báo cáo trước ngày 15/12/2025.",
     {("Sở Tư pháp", "2025-12-15"), ("Sở Nội vụ", "2025-12-15")}),
    ("Đề nghị Giám đốc các Sở: Tư pháp, Nội vụ chỉ đạo rà soát, báo cáo trước ngày 15/12/2025.",
     {("Giám đốc Sở Tư pháp", "2025-12-15"), ("Giám đốc Sở Nội vụ", "2025-12-15")}),
    ("Đề nghị Hội Luật gia của 02 tỉnh (Lâm Đồng, Bình Thuận cũ) hoàn thiện hồ sơ trước ngày 15/12/2025.",
     {("Hội Luật gia tỉnh Lâm Đồng", "2025-12-15"), ("Hội Luật gia tỉnh Bình Thuận", "2025-12-15")}),
])
def test_one_unit_of_each_name_a_shared_head_or_count_gives(body, expected):
    assert _found(body, ["Sở Tư pháp", "Sở Nội vụ"]) == _want(*expected)


# a ministry or department head shared without a colon ("các Bộ Công an, Quốc phòng"): one unit each, up to a unit
# with its own head; one field ("các Sở Giáo dục và Đào tạo", a class) or a list of units stays as written
@pytest.mark.parametrize("body, expected", [
    ("Đề nghị các Bộ Công an, Quốc phòng phối hợp kiểm tra, báo cáo trước ngày 15/12/2025.",
     {("Bộ Công an", "2025-12-15"), ("Bộ Quốc phòng", "2025-12-15")}),
    ("Đề nghị các Bộ Công an, Quốc phòng và Ủy ban nhân dân các tỉnh phối hợp kiểm tra, báo cáo trước ngày 15/12/2025.",
     {("Bộ Công an", "2025-12-15"), ("Bộ Quốc phòng", "2025-12-15"), ("Ủy ban nhân dân các tỉnh", "2025-12-15")}),
    ("Các Bộ Tài chính, Kế hoạch và Đầu tư xem xét, xử lý; báo cáo Thủ tướng Chính phủ trước ngày 15/12/2025.",
     {("Bộ Tài chính", "2025-12-15"), ("Bộ Kế hoạch và Đầu tư", "2025-12-15")}),
    ("Đề nghị các Sở Giáo dục và Đào tạo báo cáo trước ngày 15/12/2025.", {("Các Sở Giáo dục và Đào tạo", "2025-12-15")}),
    ("Đề nghị các Sở Văn hóa, Thể thao và Du lịch báo cáo trước ngày 15/12/2025.",
     {("Sở Văn hóa, Thể thao và Du lịch", "2025-12-15")}),
])
def test_a_head_shared_without_a_colon(body, expected):
    assert _found(body, ["Bộ Công an"]) == _want(*expected)


# what a unit owns, then a modal and the verb ("Đại hội của tất cả các Hội công chứng viên cần tổ chức xong ..."): the
# owner's duty; a passive after the modal ("... cần được tổng hợp") is none
@pytest.mark.parametrize("body, recipients, expected", [
    ("Đại hội của tất cả các Hội công chứng viên cần tổ chức xong trước ngày 31/12/2025.", ["Các Hội công chứng viên"],
     {("Các Hội công chứng viên", "2025-12-31")}),
    # (a generic owner means the letter's addressees)
    ("Báo cáo của các đơn vị phải gửi về Ủy ban nhân dân tỉnh trước ngày 31/12/2025.", ["Sở Nội vụ", "Sở Tài chính"],
     {("Sở Nội vụ", "2025-12-31"), ("Sở Tài chính", "2025-12-31")}),
    ("Ý kiến của Sở Nội vụ cần được tổng hợp trước ngày 31/12/2025.", ["Sở Nội vụ"], set()),
])
def test_what_a_unit_owns_then_a_modal(body, recipients, expected):
    assert _found(body, recipients) == _want(*expected)


# a window cue with no window after it ("thời điểm chốt số liệu" as the thing to agree on): the
# deadlines after the cue stay deadlines (before, every deadline after such a cue was dropped)
@pytest.mark.parametrize("body, unit, day", [
    ("Đề nghị Sở Tài chính thống nhất thời điểm chốt số liệu, gửi về UBND tỉnh trước ngày 20/12/2025.",
     "Sở Tài chính", "2025-12-20"),
    ("Đề nghị Sở Tài chính báo cáo số liệu giải ngân tính từ ngày 01/01/2025 đến ngày 30/11/2025, gửi về "
     "UBND tỉnh trước ngày 10/12/2025.", "Sở Tài chính", "2025-12-10"),
])
def test_a_window_cue_without_a_window_keeps_the_deadline(body, unit, day):
    assert _found(body, [unit]) == _want((unit, day))


# a passive assignment in the letter's own directive ("Sở Nội vụ được giao chủ trì, phối hợp ...", "X được phân công
# ..."): the unit's duty; not told ("đã được giao"), not one the sentence cites ("tại Quyết định số ..."), not the
# sender's own charge (why it writes), not a role ("được giao là cơ quan thường trực"), not tasks as a noun
PASSIVE = [
    ("Sở Nội vụ được giao chủ trì, phối hợp với Sở Tài chính tham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch trước "
     "ngày 30/6/2025.", ["Sở Nội vụ"], {("Sở Nội vụ", "2025-06-30")}),
    ("Sở Tư pháp được phân công thẩm định dự thảo trước ngày 30/6/2025.", ["Sở Tư pháp"], {("Sở Tư pháp", "2025-06-30")}),
    ("Văn phòng Ủy ban nhân dân tỉnh được giao nhiệm vụ tổng hợp, báo cáo kết quả trước ngày 15/7/2025.",
     ["Văn phòng Ủy ban nhân dân tỉnh"], {("Văn phòng Ủy ban nhân dân tỉnh", "2025-07-15")}),
    ("Sở Tư pháp đã được phân công thẩm định dự thảo.", ["Sở Tư pháp"], set()),
    ("Sở Tư pháp được Ủy ban nhân dân tỉnh giao chủ trì thẩm định dự thảo tại Quyết định số 12/QĐ-UBND.",
     ["Sở Tư pháp"], set()),
    ("Ủy ban nhân dân tỉnh được Chính phủ giao chủ trì tổ chức Hội nghị; đề nghị Sở Tư pháp chuẩn bị tài liệu trước "
     "ngày 30/6/2025.", ["Sở Tư pháp"], {("Sở Tư pháp", "2025-06-30")}),
    ("Các nhiệm vụ được giao chủ trì phải hoàn thành trước ngày 30/6/2025.", ["Sở Tư pháp"], set()),
    ("Sở Tư pháp được giao là cơ quan thường trực.", ["Sở Tư pháp"], set()),
]


@pytest.mark.parametrize("body, recipients, expected", PASSIVE)
def test_a_passive_assignment_is_the_units_duty(body, recipients, expected):
    assert _found(body, recipients) == _want(*expected)


def test_a_passive_assignment_keeps_who_cooperates():
    body = ("Sở Nội vụ được giao chủ trì, phối hợp với Sở Tài chính tham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch "
            "trước ngày 30/6/2025.")
    r = to_result(extract_text(letter(body, recipients=["Sở Nội vụ"])))
    assert [[u["name"] for u in o["cooperating"]] for o in r["obligations"]] == [["Sở Tài chính"]]


# a deadline before the meeting the letter calls ("trước Hội nghị"): the meeting's day from the letter's own
# "Thời gian:" line where it gives exactly one, else undated; a continuation after ";" that carries it stays one duty
# with its first part (gold public/012), while a numbered item of its own stays its own deliverable
_MEETING = "Văn phòng Chính phủ kính mời dự Hội nghị.\nI. Thời gian: 08 giờ, ngày 09 tháng 10 năm 2025.\n"
MEETING = [
    (_MEETING + "II. Đề nghị Bộ Công an:\n- Chuẩn bị 60 bộ tài liệu; Gửi tài liệu đến các điểm cầu địa phương trước Hội "
     "nghị.", 1, {("Bộ Công an", "2025-10-09")}),
    (_MEETING + "Đề nghị Bộ Y tế chậm nhất trước ngày khai mạc Hội nghị gửi danh sách đại biểu.", 1,
     {("Bộ Y tế", "2025-10-09")}),
    ("Đề nghị Bộ Công an:\n- Chuẩn bị 60 bộ tài liệu; Gửi tài liệu đến các điểm cầu địa phương trước Hội nghị.", 1,
     {("Bộ Công an", None)}),
    (_MEETING + "Thời gian: 14 giờ, ngày 10 tháng 10 năm 2025 (ngày thứ hai).\nĐề nghị Bộ Công an gửi tài liệu trước "
     "Hội nghị.", 1, {("Bộ Công an", None)}),
    ("Thời gian: trước ngày 20/10/2025.\nĐề nghị Bộ Công an gửi tài liệu trước Hội nghị.", 1, {("Bộ Công an", None)}),
]


@pytest.mark.parametrize("body, count, expected", MEETING)
def test_a_deadline_before_the_meeting_takes_the_meetings_day(body, count, expected):
    r = to_result(extract_text(letter(body, recipients=["Bộ Công an", "Bộ Y tế"])))
    assert len(r["obligations"]) == count
    assert _found(body, ["Bộ Công an", "Bộ Y tế"]) == _want(*expected)


# a task that opens with an adverb before its verb, under a unit's heading or after "X:" in a list ("Tập trung
# thực hiện ...", "Thường xuyên kiểm tra ...", "Tiếp tục theo dõi ...", "Chủ động áp dụng ..."): the unit's duty
# (issue 13l; a báo cáo's "yêu cầu: 1. Thủ trưởng các sở, ban, ngành: a) Tập trung thực hiện ..." gave nothing)
ADVERB_LED = [
    ("1. Sở Tài chính:\nTập trung rà soát các khoản chi chưa đúng quy định.\n2. Sở Y tế:\nThường xuyên kiểm tra an toàn "
     "thực phẩm tại các cơ sở kinh doanh.", ["Sở Tài chính", "Sở Y tế"], {("Sở Tài chính", None), ("Sở Y tế", None)}),
    ("1. Sở Nội vụ:\nTiếp tục theo dõi việc sắp xếp các hội, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2025.",
     ["Sở Nội vụ"], {("Sở Nội vụ", "2025-12-15")}),
    ("Ủy ban nhân dân tỉnh giao nhiệm vụ như sau:\n- Sở Công Thương: Tập trung kiểm tra thị trường dịp cuối năm.\n"
     "- Sở Y tế: Chủ động ứng phó dịch bệnh mùa mưa.", ["Sở Công Thương", "Sở Y tế"],
     {("Sở Công Thương", None), ("Sở Y tế", None)}),
    ("Ủy ban nhân dân tỉnh yêu cầu:\n1. Thủ trưởng các sở, ban, ngành:\na) Chủ động áp dụng, nhân rộng các mô hình cải "
     "cách hành chính phù hợp với đơn vị.\nb) Tập trung thực hiện Quyết định số 1441/QĐ-UBND ngày 25/9/2025.",
     ["Các sở, ban, ngành"], {("Thủ trưởng các sở, ban, ngành", None)}),
    ("3. Ủy ban nhân dân các xã:\nĐịnh kỳ hằng quý báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2025.",
     ["Ủy ban nhân dân các xã"], {("Ủy ban nhân dân các xã", "2025-12-15")}),
    # (an adverb before no verb of a task leads nothing; an exhortation stays none)
    ("1. Sở Tài chính:\nTiếp tục đẩy mạnh công tác tuyên truyền.", ["Sở Tài chính"], set()),
]


@pytest.mark.parametrize("body, recipients, expected", ADVERB_LED)
def test_an_adverb_before_the_tasks_verb_keeps_the_duty(body, recipients, expected):
    assert _found(body, recipients) == _want(*expected)


# a proposal's closing line that names only whom it is put to: that body is to consider it (issue 13l)
@pytest.mark.parametrize("body, unit", [
    ("Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh./.", "Hội đồng nhân dân tỉnh"),
    ("Kính trình Hội đồng nhân dân tỉnh.", "Hội đồng nhân dân tỉnh"),
    ("Ủy ban nhân dân tỉnh kính trình Thường trực Hội đồng nhân dân tỉnh./.", "Thường trực Hội đồng nhân dân tỉnh"),
])
def test_a_bare_submission_puts_the_decision_on_the_addressee(body, unit):
    assert _found("Dự thảo Nghị quyết gửi kèm theo.\n" + body, [unit]) == _want((unit, None))


def test_a_criteria_tables_requirement_label_is_no_ask():
    # a scoring guide sent on its own: "- Yêu cầu: Các cơ quan ... phải ..." is the rule it scores against
    text = ("BỘ NỘI VỤ\nPhụ lục 2\nHƯỚNG DẪN CHẤM ĐIỂM CÁC TIÊU CHÍ (Kèm theo Công văn số 120/BNV-CCHC ngày 15/12/2025 "
            "của Bộ Nội vụ)\n37. TC 5.1 - Bố trí công chức - Yêu cầu: Các cơ quan, tổ chức hành chính của tỉnh phải bố "
            "trí công chức theo vị trí việc làm;\n38. TC 5.2 - Yêu cầu: Các sở phải cập nhật dữ liệu đúng hạn.\n")
    assert to_result(extract_text(text))["obligations"] == []


# a council written out ("Hội đồng nhân dân tỉnh", "Hội đồng thẩm định"): its head "Hội" was read as the word
# "hội" before a lower-case word ("hội nghị"), so the council was no unit; "HĐND tỉnh" was (issue 13l)
@pytest.mark.parametrize("body, unit, day", [
    ("Đề nghị Hội đồng nhân dân tỉnh xem xét, thông qua Nghị quyết trước ngày 10/12/2025.", "Hội đồng nhân dân tỉnh",
     "2025-12-10"),
    ("Ủy ban nhân dân tỉnh đề nghị Hội đồng thẩm định tỉnh thẩm định hồ sơ dự án trước ngày 15/11/2025.",
     "Hội đồng thẩm định tỉnh", "2025-11-15"),
    ("Giao Hội đồng Thi đua - Khen thưởng tỉnh tổng hợp, trình khen thưởng trước ngày 30/11/2025.",
     "Hội đồng Thi đua - Khen thưởng tỉnh", "2025-11-30"),
    ("Hội đồng nhân dân huyện Đức Trọng có trách nhiệm giám sát việc thực hiện, báo cáo kết quả trước ngày 31/12/2025.",
     "Hội đồng nhân dân huyện Đức Trọng", "2025-12-31"),
])
def test_a_council_written_out_is_a_unit(body, unit, day):
    assert _found(body, [unit]) == _want((unit, day))


def test_a_meeting_is_still_no_unit():
    assert _found("Hội nghị toàn quốc tổng kết công tác năm 2025 sẽ được tổ chức trước ngày 20/12/2025.",
                  ["Sở Nội vụ"]) == set()


# unit names that carry a verb or lower-case words after their head: "Ban vận động (thành lập Hội X)", "Ban kiểm
# soát", "Ban chủ nhiệm", "Đoàn công tác" (the head "Ban" / "Đoàn" before a lower-case word read as a word, "thành
# lập" read as the verb "lập"), and the youth union written "Tỉnh Đoàn" (issue 13l: 47 "Ban vận động" in the pool)
@pytest.mark.parametrize("body, unit, day", [
    ("Đề nghị Ban vận động thành lập Hiệp hội Bất động sản tỉnh hoàn thiện hồ sơ trước ngày 30/10/2025.",
     "Ban vận động thành lập Hiệp hội Bất động sản tỉnh", "2025-10-30"),
    ("Sở Nội vụ đề nghị Ban vận động bổ sung hồ sơ, gửi Sở Nội vụ trước ngày 30/10/2025.", "Ban vận động",
     "2025-10-30"),
    ("Ban vận động có trách nhiệm hoàn chỉnh hồ sơ thành lập Hiệp hội, gửi Sở Nội vụ trước ngày 30/10/2025.",
     "Ban vận động", "2025-10-30"),
    ("Đề nghị Ban kiểm soát Quỹ Khuyến học tỉnh rà soát báo cáo tài chính trước ngày 31/12/2025.",
     "Ban kiểm soát Quỹ Khuyến học tỉnh", "2025-12-31"),
    ("Sở Tư pháp đề nghị Ban chủ nhiệm Đoàn Luật sư tỉnh bổ sung hồ sơ trước ngày 15/11/2025.",
     "Ban chủ nhiệm Đoàn Luật sư tỉnh", "2025-11-15"),
    ("Giao Đoàn công tác liên ngành kiểm tra thực tế, báo cáo kết quả trước ngày 15/11/2025.",
     "Đoàn công tác liên ngành", "2025-11-15"),
])
def test_a_unit_name_with_a_verb_after_its_head(body, unit, day):
    assert _found(body, [unit]) == _want((unit, day))


def test_the_youth_union_is_a_unit_of_a_list():
    body = ("Đề nghị Liên đoàn Lao động tỉnh, Tỉnh Đoàn, Hội Liên hiệp Phụ nữ tỉnh cử đại diện tham gia Ban Chỉ đạo, gửi "
            "danh sách về Sở Nội vụ trước ngày 30/9/2025.")
    units = ["Liên đoàn Lao động tỉnh", "Tỉnh Đoàn", "Hội Liên hiệp Phụ nữ tỉnh"]
    assert _found(body, units) == _want(*[(u, "2025-09-30") for u in units])


def test_a_plain_verb_after_a_unit_is_still_the_verb():
    # "vận động", "thành lập", "lập" after a unit that is not "Ban": the unit's action
    assert _found("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động các tổ chức ủng hộ trước ngày 30/9/2025.",
                  ["Sở Nội vụ"]) == _want(("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "2025-09-30"))
    assert _found("Đề nghị Sở Nội vụ lập danh sách gửi về Ủy ban nhân dân tỉnh trước ngày 30/9/2025.",
                  ["Sở Nội vụ"]) == _want(("Sở Nội vụ", "2025-09-30"))


def test_a_conclusions_item_with_a_verb_the_list_lacked_first():
    body = ("1. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính xây dựng phương án, báo cáo Ủy ban nhân dân tỉnh trước "
            "ngày 20/12/2025.\n2. Sở Tài chính: Cân đối, bố trí kinh phí thực hiện.")
    assert _found(body, ["Sở Y tế", "Sở Tài chính"]) == _want(("Sở Y tế", "2025-12-20"), ("Sở Tài chính", None))


# a numbered paper cited with "Theo": what it assigned or asked is its content, told, as with "Tại" (issue 13l);
# "Theo đề nghị của X, ..." (at X's request) still opens the letter's own ask
@pytest.mark.parametrize("body, expected", [
    ("Theo Công văn số 123/UBND-NV ngày 15/10/2025, Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì tổng hợp, báo cáo "
     "trước ngày 30/10/2025.", set()),
    ("Theo Kế hoạch số 45/KH-UBND ngày 01/9/2025, Sở Nội vụ chủ trì tổng hợp, báo cáo trước ngày 30/10/2025.", set()),
    ("Theo Thông báo số 77/TB-VPUBND ngày 02/9/2025, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Sở Nội vụ báo cáo trước "
     "ngày 30/10/2025.", set()),
    ("Theo đề nghị của Sở Tài chính, Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì tổng hợp, báo cáo trước ngày "
     "30/10/2025.", {("Sở Nội vụ", "2025-10-30")}),
])
def test_a_cited_papers_content_is_no_duty(body, expected):
    assert _found(body, ["Sở Nội vụ"]) == _want(*expected)


# a plan's organisation section: a long heading that names units, joined by the reader to its first line ("... xã hội
# tỉnh Phối hợp tuyên truyền"), and a role that goes on to give a duty ("là cơ quan thường trực, có trách nhiệm
# theo dõi ..."); a bare role stays none (issue 13l)
ORGANISATION = [
    ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\nTham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.\n2. Ủy ban "
     "Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh\nPhối hợp tuyên truyền, vận động đoàn viên, "
     "hội viên hưởng ứng.", {("Sở Tài chính", None), ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", None),
                             ("Các tổ chức chính trị - xã hội tỉnh", None)}),
    ("Ủy ban nhân dân các xã, phường và các tổ chức đoàn thể cấp xã Phối hợp tuyên truyền đến người dân.",
     {("Ủy ban nhân dân các xã, phường", None), ("Các tổ chức đoàn thể cấp xã", None)}),
    ("Giao Sở Nội vụ là cơ quan thường trực, có trách nhiệm theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
     {("Sở Nội vụ", None)}),
    ("Sở Nội vụ là cơ quan thường trực, chịu trách nhiệm tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 20/12/2025.",
     {("Sở Nội vụ", "2025-12-20")}),
    ("Giao Sở Nội vụ là cơ quan thường trực của Ban Chỉ đạo.", set()),
    # (a table's cells run together by the layout: no clean unit list before the capitalised verb)
    ("Văn phòng 3 hành Quy chế quản lý nền UBND tỉnh tảng số dùng chung của tỉnh Tuyên truyền về chuyển đổi số.", set()),
]


@pytest.mark.parametrize("body, expected", ORGANISATION)
def test_an_organisation_sections_duties(body, expected):
    assert _found(body, ["Sở Nội vụ"]) == _want(*expected)


# a schedule every quarter in the duty's own sentence: one obligation a party and quarter, the rule's day in the
# quarter's last month of the document year (GUIDELINE, recurring schedules; issue 13l)
@pytest.mark.parametrize("body", [
    "Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành báo cáo định kỳ hằng quý, gửi về Sở Nội vụ trước ngày 15 của "
    "tháng cuối quý.",
    "Các sở, ban, ngành báo cáo kết quả thực hiện mỗi quý một lần, gửi về Sở Nội vụ trước ngày 15 của tháng cuối quý.",
    "Định kỳ hàng quý, các sở, ban, ngành gửi báo cáo về Sở Nội vụ trước ngày 15 của tháng cuối quý.",
])
def test_a_quarterly_schedule_gives_one_obligation_a_quarter(body):
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    got = sorted((o["period"], o["deadline"]["date"]["iso"], o["recurrence"]) for o in r["obligations"])
    assert got == [("Q1-2025", "2025-03-15", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15"),
                   ("Q2-2025", "2025-06-15", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15"),
                   ("Q3-2025", "2025-09-15", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=15"),
                   ("Q4-2025", "2025-12-15", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15")]


def test_the_last_month_rule_without_a_schedule_stays_one_undated_duty():
    assert _found("Đề nghị các sở, ban, ngành báo cáo kết quả trước ngày 15 của tháng cuối quý.",
                  ["Các sở, ban, ngành"]) == _want(("Các sở, ban, ngành", None))


# reports of several periods asked in one sentence, each named just before its own day: one obligation a period
# (issue 13l); one period with one day stays one obligation without a period
@pytest.mark.parametrize("body", [
    "Các sở, ban, ngành báo cáo 6 tháng trước ngày 15/6/2025, báo cáo năm trước ngày 15/12/2025.",
    "Đề nghị các sở, ban, ngành gửi kết quả thực hiện (báo cáo 6 tháng gửi trước ngày 15/6, báo cáo năm gửi trước "
    "ngày 15/12) về Sở Nội vụ.",
    "Các sở, ban, ngành gửi báo cáo 6 tháng đầu năm về Sở Nội vụ chậm nhất ngày 15/6/2025 và báo cáo năm chậm nhất "
    "ngày 15/12/2025.",
    # the first period named after what the report is on (issue 13r)
    "Các sở, ban, ngành báo cáo kết quả thực hiện 6 tháng đầu năm 2025 về Sở Nội vụ trước ngày 15/6/2025; báo cáo năm "
    "2025 trước ngày 15/12/2025.",
    "Đề nghị các sở, ban, ngành báo cáo tình hình thực hiện 6 tháng đầu năm trước ngày 15/6/2025 và báo cáo năm trước "
    "ngày 15/12/2025.",
])
def test_reports_of_several_periods_in_one_sentence(body):
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert sorted((o["period"], o["deadline"]["date"]["iso"]) for o in r["obligations"]) == \
        [("H1-2025", "2025-06-15"), ("Y-2025", "2025-12-15")]


# a half-year and a year schedule whose periods and days are listed apart: one obligation a period, each with
# its own day and yearly rule (issue 13n)
@pytest.mark.parametrize("body", [
    "Định kỳ 6 tháng và hằng năm, các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/6 và 15/12.",
    "Các sở, ban, ngành báo cáo kết quả thực hiện định kỳ 06 tháng, hàng năm về Sở Nội vụ trước ngày 15/6 và ngày 15/12.",
    # a half-year cadence alone, its two days the half-year's and the year's (issue 13r)
    "Định kỳ 6 tháng, các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/6 và 15/12 hằng năm.",
    "Các sở, ban, ngành báo cáo kết quả thực hiện định kỳ 06 tháng một lần về Sở Nội vụ trước ngày 15/6 và ngày 15/12.",
    # the two days under the other deadline cues
    "Định kỳ 6 tháng, các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ, hạn cuối ngày 15/6 và 15/12 hằng năm.",
    "Định kỳ 6 tháng, các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ chậm nhất vào ngày 15/6 và ngày 15/12 "
    "hằng năm.",
    "Định kỳ 6 tháng, các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ không muộn hơn ngày 15/6 và 15/12 "
    "hằng năm.",
])
def test_a_half_year_and_year_schedule_listed_apart(body):
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert sorted((o["period"], o["deadline"]["date"]["iso"], o["recurrence"]) for o in r["obligations"]) == \
        [("H1-2025", "2025-06-15", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15"),
         ("Y-2025", "2025-12-15", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15")]


def test_one_report_with_one_day_has_no_period_of_its_own():
    r = to_result(extract_text(letter("Đề nghị các sở, ban, ngành gửi báo cáo năm về Sở Nội vụ trước ngày 15/12/2025.",
                                      recipients=["Các sở, ban, ngành"])))
    assert [(o["period"], o["deadline"]["date"]["iso"]) for o in r["obligations"]] == [(None, "2025-12-15")]


# a report (báo cáo, biên bản: narrative) telling under a label and its colon what a unit did or does: no duty
# without a cue ("Đơn vị sự nghiệp thuộc UBND tỉnh: UBND tỉnh ban hành Quyết định ..."); a cue after the colon is one
@pytest.mark.parametrize("body, expected", [
    ("- Đơn vị sự nghiệp thuộc Ủy ban nhân dân tỉnh: Ủy ban nhân dân tỉnh ban hành Quyết định tiếp nhận nguyên trạng "
     "03 đơn vị sự nghiệp thuộc tỉnh Bình Thuận.", set()),
    ("- Đơn vị sự nghiệp thuộc UBND tỉnh: UBND tỉnh Lâm Đồng ban hành Quyết định thành lập 05 Ban Quản lý dự án.", set()),
    ("- Đối với các cơ quan ngành dọc: Cục Thống kê tỉnh báo cáo số liệu trước ngày 15/01/2026.", set()),
    ("- Đối với các cơ quan ngành dọc: đề nghị Cục Thống kê tỉnh báo cáo số liệu trước ngày 15/01/2026.",
     {("Cục Thống kê tỉnh", "2026-01-15")}),
])
def test_a_report_tells_under_a_label_what_a_unit_did(body, expected):
    from congvan.extractors.obligations import find_obligations

    found = {(unit_key(u["name"]), ((m.value["deadline"] or {}).get("date") or {}).get("iso"))
             for m in find_obligations(body, narrative=True, issued={"year": 2025}) for u in m.value["responsible"]}
    assert found == _want(*expected)


# a duty to have a subordinate compile figures ("chỉ đạo X thống kê ...") is a report, so the letter's "Thời hạn:"
# paragraph governs it (issue 13r)
@pytest.mark.parametrize("body", [
    "Đề nghị Sở Nội vụ chỉ đạo Trung tâm Lưu trữ lịch sử thống kê số lượng tài liệu lưu trữ theo biểu mẫu kèm theo.\n"
    "Thời hạn: báo cáo gửi về Ủy ban nhân dân tỉnh trước ngày 15/12/2025.",
    "Đề nghị Sở Nội vụ chỉ đạo Trung tâm Lưu trữ lịch sử tổng hợp số lượng tài liệu lưu trữ theo biểu mẫu kèm theo.\n"
    "Thời hạn gửi báo cáo: trước ngày 15/12/2025.",
])
def test_a_directed_compilation_takes_the_letters_deadline(body):
    r = to_result(extract_text(letter(body, recipients=["Sở Nội vụ"])))
    assert [(u["name"], o["deadline"]["date"]["iso"] if o["deadline"] else None)
            for o in r["obligations"] for u in o["responsible"]] == [("Sở Nội vụ", "2025-12-15")]


# what a plan's aims say units should do is an aim, not a duty (GUIDELINE); its organisation section assigns the
# duties (issue 13r)
@pytest.mark.parametrize("aims", [
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Bảo đảm trên 95% trẻ em trong diện được tiêm đủ mũi.\n"
    "2. Các đơn vị tăng cường tuyên truyền, vận động người dân về lợi ích của tiêm chủng.",
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao chất lượng tiêm chủng.\n2. Yêu cầu\n"
    "- Các sở, ban, ngành tăng cường phối hợp, chủ động triển khai các nội dung của Kế hoạch.",
])
def test_a_plans_aims_are_no_duties(aims):
    body = (f"{aims}\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế tổ chức tập huấn cho cán bộ y tế, hoàn thành trước ngày "
            f"30/9/2025.")
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert [(u["name"], o["deadline"]["date"]["iso"] if o["deadline"] else None)
            for o in r["obligations"] for u in o["responsible"]] == [("Sở Y tế", "2025-09-30")]


# a schedule between the unit and its verb is not part of the unit's name (issue 13r)
@pytest.mark.parametrize("body", [
    "Các sở, ban, ngành định kỳ 6 tháng báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/6 và ngày 15/12 hằng năm.",
    "Các sở, ban, ngành định kỳ 06 tháng, hằng năm báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/6 và 15/12.",
    "Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành thực hiện các nội dung sau:\n- Định kỳ 6 tháng, báo cáo kết quả "
    "thực hiện về Sở Nội vụ trước ngày 15/6 và 15/12 hằng năm.",
])
def test_a_schedule_before_the_verb_leaves_the_unit_alone(body):
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert sorted((u["name"], o["period"], o["deadline"]["date"]["iso"]) for o in r["obligations"] if o["deadline"]
                  for u in o["responsible"]) == [("Các sở, ban, ngành", "H1-2025", "2025-06-15"),
                                                 ("Các sở, ban, ngành", "Y-2025", "2025-12-15")]


# a contact person's line is a courtesy, not a duty (issue 13r)
@pytest.mark.parametrize("contact", [
    "Đề nghị các sở, ban, ngành liên hệ đồng chí Trần Văn Bình, chuyên viên Phòng Quản lý ngân sách, điện thoại "
    "0239.3855123 để phối hợp.",
    "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ đồng chí Trần Văn Bình, số điện thoại 0912.345.678.",
    "Mọi thông tin chi tiết, đề nghị các đơn vị liên hệ với đồng chí Trần Văn Bình, Phòng Tổng hợp, điện thoại "
    "0239.3855123./.",
])
def test_a_contact_line_is_no_duty(contact):
    body = f"Đề nghị các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12/2025.\n{contact}"
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert [(o["action"], o["deadline"]["date"]["iso"] if o["deadline"] else None) for o in r["obligations"]] == \
        [("báo cáo", "2025-12-15")]


def test_each_period_of_a_sentence_keeps_its_own_window():
    # (issue 13r: the year report took the half-year report's "6 tháng đầu năm 2025")
    body = ("Các sở, ban, ngành báo cáo kết quả thực hiện 6 tháng đầu năm 2025 về Sở Nội vụ trước ngày 15/6/2025; "
            "báo cáo tình hình thực hiện quý III/2025 trước ngày 15/9/2025.")
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert sorted((o["period"], o["data_window"]["start"]["iso"] if o["data_window"] else None)
                  for o in r["obligations"]) == [("H1-2025", "2025-01-01"), ("Q3-2025", "2025-07-01")]


# a yearly schedule: the year's obligation, with its day and yearly rule (issue 13r)
@pytest.mark.parametrize("body", [
    "Định kỳ hằng năm, các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12.",
    "Các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12 hằng năm.",
    "Các sở, ban, ngành định kỳ hàng năm gửi báo cáo kết quả thực hiện về Sở Nội vụ chậm nhất ngày 15/12.",
])
def test_a_yearly_schedule_is_the_years_obligation(body):
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert [(o["period"], o["deadline"]["date"]["iso"], o["recurrence"]) for o in r["obligations"]] == \
        [("Y-2025", "2025-12-15", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15")]


def test_a_dated_yearly_report_keeps_its_date_and_no_period():
    body = "Các sở, ban, ngành báo cáo kết quả thực hiện kế hoạch hằng năm về Sở Nội vụ trước ngày 15/12/2025."
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert [(o["period"], o["deadline"]["date"]["iso"]) for o in r["obligations"]] == [(None, "2025-12-15")]
