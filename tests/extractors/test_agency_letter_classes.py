"""Phrasing classes of agencies the corpus had not seen (issue 13, third round: schools, hospitals, courts, universities,
companies, communes), each a rule for every letter that words it so. Sentences are written for these tests (none is a
written letter's); each class is a table of rewordings that must give the same units, obligation or field, and the
neighbours it must not change. Compared: names by matching key, deadline dates, windows where they matter."""
from __future__ import annotations

import pytest

from congvan.extractors.issuer import find_issuer
from congvan.extractors.recipients import entries
from congvan.extractors.units import unit_key
from congvan.pipeline import extract_text, to_result

from .test_metamorphic import letter
from .test_unseen_letter_classes import _pairs, _result, _want  # the same helpers: a letter, its (unit, deadline) pairs


def _names(line: str) -> list[str]:
    return [unit_key(name) for _, _, name in entries(0, line)]


# a. a school's units: "Các tổ chuyên môn: A, B" gives "Tổ chuyên môn A", ...; "các tổ chuyên môn" in the body means
# those addressees; class teachers, subject teachers and the office team are units
GROUPS = ["Tổ chuyên môn Toán - Tin", "Tổ chuyên môn Ngữ văn", "Tổ chuyên môn Lịch sử - Địa lí"]


@pytest.mark.parametrize("line", [
    "Các tổ chuyên môn: Toán - Tin, Ngữ văn, Lịch sử - Địa lí",
    "Các Tổ chuyên môn: Toán - Tin, Ngữ văn, Lịch sử - Địa lí",
    "Các tổ chuyên môn: Toán - Tin; Ngữ văn; Lịch sử - Địa lí",
])
def test_a_school_shared_head_is_distributed(line):
    assert _names(line) == [unit_key(g) for g in GROUPS]


@pytest.mark.parametrize("duty", [
    "1. Các tổ chuyên môn ra đề kiểm tra học kỳ I, nộp về Phó Hiệu trưởng trước ngày 05/12/2025.",
    "Đề nghị các tổ chuyên môn ra đề kiểm tra học kỳ I, nộp về Phó Hiệu trưởng trước ngày 05/12/2025.",
    "Các Tổ chuyên môn khẩn trương ra đề kiểm tra học kỳ I, nộp về Phó Hiệu trưởng trước ngày 05/12/2025.",
    "Nhà trường yêu cầu các tổ chuyên môn ra đề kiểm tra học kỳ I, hoàn thành trước ngày 05/12/2025.",
])
def test_the_school_groups_are_the_addressees(duty):
    kg = ["Các tổ chuyên môn: Toán - Tin, Ngữ văn, Lịch sử - Địa lí", "Tổ Văn phòng"]
    assert _pairs(duty, kg) == _want(*[(g, "2025-12-05") for g in GROUPS])


@pytest.mark.parametrize("unit", ["Giáo viên chủ nhiệm các lớp", "Giáo viên bộ môn", "Tổ Văn phòng",
                                  "Hiệu trưởng các trường trung học phổ thông", "Các khoa lâm sàng, cận lâm sàng",
                                  "Các phân xưởng", "Quản đốc các phân xưởng"])
@pytest.mark.parametrize("duty", [
    "{u} rà soát danh sách học sinh, hoàn thành chậm nhất ngày 12/12/2025.",
    "Đề nghị {u} rà soát danh sách học sinh, hoàn thành chậm nhất ngày 12/12/2025.",
    "{u} có trách nhiệm rà soát danh sách học sinh, hoàn thành chậm nhất ngày 12/12/2025.",
])
def test_units_of_schools_hospitals_and_plants(unit, duty):
    assert _pairs(duty.format(u=unit), ["Các đơn vị"]) == _want((unit, "2025-12-12"))


# b. a Sở named with its province, no level word, over a body whose name ends with the level word: the province is
# the parent's (on two lines or flattened on one); a body whose name has no level word takes no place
@pytest.mark.parametrize("header, want", [
    ("SỞ Y TẾ ĐIỆN BIÊN\nBỆNH VIỆN ĐA KHOA TỈNH", "Bệnh viện Đa khoa tỉnh Điện Biên"),
    ("SỞ Y TẾ ĐIỆN BIÊN BỆNH VIỆN ĐA KHOA TỈNH", "Bệnh viện Đa khoa tỉnh Điện Biên"),
    ("SỞ Y TẾ CAO BẰNG\nBỆNH VIỆN Y DƯỢC CỔ TRUYỀN TỈNH", "Bệnh viện Y dược cổ truyền tỉnh Cao Bằng"),
    ("SỞ Y TẾ BÌNH ĐỊNH\nTRUNG TÂM KIỂM SOÁT BỆNH TẬT TỈNH", "Trung tâm Kiểm soát bệnh tật tỉnh Bình Định"),
    ("SỞ Y TẾ TỈNH ĐIỆN BIÊN\nBỆNH VIỆN ĐA KHOA TỈNH", "Bệnh viện Đa khoa tỉnh Điện Biên"),
    # no level word at the child's end: nothing added
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO LẠNG SƠN\nTRƯỜNG THPT CHU VĂN AN", "Trường Trung học phổ thông Chu Văn An"),
])
def test_a_parent_sos_province_places_the_child(header, want):
    text = header + "\n-------\nSố: 12/BV-KHTH\nV/v triển khai\n"
    m = find_issuer(text, end=len(text), place=None)
    assert m is not None and unit_key(m.value) == unit_key(want)


# c. a unit name whose last word is a verb of the list, cut short before: "tổng hợp" before "chủ trì" is the name's
@pytest.mark.parametrize("unit", ["Phòng Kế hoạch tổng hợp", "Phòng Hành chính tổng hợp", "Văn phòng Tổng hợp"])
@pytest.mark.parametrize("duty", [
    "{u} chủ trì, phối hợp với Phòng Điều dưỡng kiểm tra hồ sơ bệnh án, báo cáo trước ngày 14/11/2025.",
    "Giao {u} chủ trì, phối hợp với Phòng Điều dưỡng kiểm tra hồ sơ bệnh án, báo cáo trước ngày 14/11/2025.",
    "2. {u} chủ trì kiểm tra hồ sơ bệnh án, báo cáo Giám đốc trước ngày 14/11/2025.",
])
def test_a_name_ending_in_a_verb_is_not_cut(unit, duty):
    assert _pairs(duty.format(u=unit), ["Các khoa, phòng"]) == _want((unit, "2025-11-14"))


def test_the_verb_after_a_name_still_ends_it():
    assert _pairs("Sở Tài chính tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 14/11/2025.", ["Sở Tài chính"]) \
        == _want(("Sở Tài chính", "2025-11-14"))


# d. several posts on one addressee line, each opening with its title and naming its body: one addressee each
# (a bare title before a post that names the body, "Chủ tịch, PCT UBND xã", stays one entry as the gold writes it)
@pytest.mark.parametrize("line, want", [
    ("Chánh tòa các Tòa chuyên trách, Chánh Văn phòng, Trưởng phòng Tổ chức - Hành chính",
     ["Chánh tòa các Tòa chuyên trách", "Chánh Văn phòng", "Trưởng phòng Tổ chức - Hành chính"]),
    ("Trưởng Công an xã, Chỉ huy trưởng Ban Chỉ huy Quân sự xã", ["Trưởng Công an xã", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã"]),
    ("Đồng chí Trưởng Công an xã, Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
     ["Trưởng Công an xã", "Chỉ huy trưởng Ban Chỉ huy Quân sự xã"]),
    ("Chánh án Tòa án nhân dân khu vực 1, Chánh án Tòa án nhân dân khu vực 2",
     ["Chánh án Tòa án nhân dân khu vực 1", "Chánh án Tòa án nhân dân khu vực 2"]),
    ("Hiệu trưởng Trường THPT Lê Lợi, Hiệu trưởng Trường THPT Hùng Vương",
     ["Hiệu trưởng Trường trung học phổ thông Lê Lợi", "Hiệu trưởng Trường trung học phổ thông Hùng Vương"]),
    ("Chủ tịch, PCT UBND xã", ["Chủ tịch, Phó Chủ tịch Ủy ban nhân dân xã"]),
])
def test_posts_on_one_line_are_one_addressee_each(line, want):
    assert _names(line) == [unit_key(w) for w in want]


# e. "các đồng chí" / "các cơ quan, đơn vị" before "thực hiện như sau:": the numbered items below are theirs, and a
# deadline in the sentence after an item is that item's
KG = ["Chánh án Tòa án nhân dân khu vực 1", "Chánh Văn phòng"]


@pytest.mark.parametrize("lead", [
    "Chánh án Tòa án nhân dân tỉnh yêu cầu các đồng chí thực hiện như sau:",
    "Thực hiện Công văn số 512/TANDTC-VP ngày 12/9/2025 của Tòa án nhân dân tối cao, Chánh án Tòa án nhân dân tỉnh yêu "
    "cầu các đồng chí thực hiện như sau:",
    "Để kịp thời tổng hợp, báo cáo Tòa án nhân dân tối cao, đề nghị các đồng chí triển khai thực hiện như sau:",
    "Đề nghị các cơ quan, đơn vị thực hiện một số nội dung cụ thể như sau:",
])
@pytest.mark.parametrize("items", [
    "1. Xây dựng báo cáo tổng kết công tác năm 2025, gửi về Văn phòng chậm nhất ngày 10/10/2025.",
    "1. Xây dựng báo cáo tổng kết công tác năm 2025. Báo cáo gửi về Văn phòng chậm nhất ngày 10/10/2025.",
    "1. Rà soát số liệu thống kê.\n2. Báo cáo gửi về Văn phòng chậm nhất ngày 10/10/2025.",
])
def test_do_as_follows_gives_the_items_to_the_addressees(lead, items):
    got = _pairs(f"{lead}\n{items}", KG)
    assert _want(*[(u, "2025-10-10") for u in KG]) <= got
    assert {u for u, _ in got} == {unit_key(u) for u in KG}


@pytest.mark.parametrize("duty", [
    "Đề nghị các đồng chí Trưởng thôn chuẩn bị báo cáo tình hình an ninh trật tự. Báo cáo gửi về Văn phòng xã trước "
    "16 giờ 00 ngày 12/12/2025.",
    "Đề nghị các đồng chí Trưởng thôn chuẩn bị báo cáo tình hình an ninh trật tự, gửi về Văn phòng xã trước ngày "
    "12/12/2025.",
    "Các đồng chí Trưởng thôn chuẩn bị báo cáo tình hình an ninh trật tự, gửi về Văn phòng xã trước ngày 12/12/2025.",
])
def test_comrades_named_by_post_are_the_addressee_class(duty):
    kg = ["Trưởng Công an xã", "Các đồng chí Trưởng thôn trên địa bàn xã"]
    assert _pairs(duty, kg) == _want(("Các đồng chí Trưởng thôn trên địa bàn xã", "2025-12-12"))


# f. university and company bodies in Nơi nhận written out; a bare inner organ before the one naming the body takes it
@pytest.mark.parametrize("line, want", [
    ("HĐQT, Ban Giám đốc Công ty", ["Hội đồng quản trị Công ty", "Ban Giám đốc Công ty"]),
    ("HĐQT, Ban Kiểm soát Công ty", ["Hội đồng quản trị Công ty", "Ban Kiểm soát Công ty"]),
    ("Đảng ủy, Công đoàn Trường", ["Đảng ủy Trường", "Công đoàn Trường"]),
    ("Chủ tịch HĐT", ["Chủ tịch Hội đồng trường"]),
    ("Hội đồng trường", ["Hội đồng trường"]),
    ("Ban Đào tạo ĐHQGHN", ["Ban Đào tạo Đại học Quốc gia Hà Nội"]),
    ("TT Đảng ủy, TT HĐND xã", ["Thường trực Đảng ủy", "Thường trực Hội đồng nhân dân xã"]),
    ("VPUB", ["Văn phòng Ủy ban nhân dân"]),
    # a named body keeps its own name
    ("Sở Tư pháp, Ban Giám đốc Công ty", ["Sở Tư pháp", "Ban Giám đốc Công ty"]),
])
def test_bodies_in_copies_written_out(line, want):
    assert _names(line) == [unit_key(w) for w in want]


# g. a bare plural class then another class noun, in capitals, is one class
@pytest.mark.parametrize("units", ["Các Khoa, Bộ môn trực thuộc", "Các khoa, bộ môn trực thuộc", "Các Khoa, Phòng"])
def test_a_list_of_class_nouns_is_one_class(units):
    duty = f"{units} gửi danh mục đề xuất về Phòng Khoa học công nghệ trước ngày 14/11/2025."
    assert _pairs(duty, ["Các đơn vị trong Trường"]) == _want((units, "2025-11-14"))


# h. a year report due in a month before the period ends is due the next year; the half-year one in its own year
@pytest.mark.parametrize("sent", [
    "Định kỳ 6 tháng và năm, các cơ quan, đơn vị báo cáo kết quả thực hành tiết kiệm gửi Sở Tài chính: báo cáo 6 tháng "
    "trước ngày 10/7; báo cáo năm trước ngày 15/01 năm sau.",
    "Các cơ quan, đơn vị báo cáo kết quả thực hành tiết kiệm gửi Sở Tài chính: báo cáo 6 tháng trước ngày 10/7, báo "
    "cáo năm trước ngày 15/01 năm sau.",
])
def test_a_year_report_falls_due_next_year(sent):
    r = to_result(extract_text(letter(sent, recipients=["Sở Nội vụ"], signed="2024-01-22")))
    got = {(o["period"], o["deadline"]["date"]["iso"]) for o in r["obligations"]}
    assert got == {("H1-2024", "2024-07-10"), ("Y-2024", "2025-01-15")}


# i. a window label with its own words and a colon ("Số liệu đánh giá: từ ... đến ...") states the plan's window
@pytest.mark.parametrize("label", ["Số liệu đánh giá", "- Số liệu đánh giá", "Thời gian chốt số liệu", "Số liệu báo cáo"])
def test_a_labelled_window_line(label):
    body = (f"II. THỜI GIAN, PHẠM VI\n{label}: từ ngày 01/01/2025 đến ngày 31/10/2025.\nIII. TỔ CHỨC THỰC HIỆN\nĐề nghị Sở Nội vụ tổng hợp kết quả tự đánh giá, báo cáo "
            "Sở Y tế chậm nhất ngày 16/12/2025.")
    r = _result(body, ["Sở Nội vụ"])
    (ob,) = r["obligations"]
    assert (ob["data_window"]["start"]["iso"], ob["data_window"]["end"]["iso"]) == ("2025-01-01", "2025-10-31")


# j. "thuộc Công ty" / "trực thuộc Sở" after a named unit says whose it is (the sender's): no part of its name; a class
# named by it keeps it
@pytest.mark.parametrize("unit, want", [
    ("Xí nghiệp Quản lý mạng lưới thuộc Công ty", "Xí nghiệp Quản lý mạng lưới"),
    ("Trung tâm Kiểm định trực thuộc Sở", "Trung tâm Kiểm định"),
    ("Phân xưởng Cơ điện thuộc Công ty", "Phân xưởng Cơ điện"),
    ("Các đơn vị thuộc Sở", "Các đơn vị thuộc Sở"),
])
def test_whose_unit_is_no_part_of_its_name(unit, want):
    duty = f"{unit} chủ trì kiểm tra đường ống, báo cáo Giám đốc trước ngày 31/10/2025."
    assert _pairs(duty, ["Các phòng, ban"]) == _want((want, "2025-10-31"))


# k. a plan's trích yếu under its kind heading may open with "Thực hiện"; a preamble citing a paper there is none
@pytest.mark.parametrize("line, want", [
    ("Thực hiện đánh giá chỉ số cải thiện môi trường kinh doanh năm 2025",
     "Thực hiện đánh giá chỉ số cải thiện môi trường kinh doanh năm 2025"),
    ("Thực hiện chương trình chuyển đổi số năm 2025", "Thực hiện chương trình chuyển đổi số năm 2025"),
    ("Thực hiện Công văn số 12/BNV-CCHC ngày 02/01/2025, Sở Nội vụ ban hành Kế hoạch như sau:", None),
    ("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Nội vụ ban hành Kế hoạch như sau:", None),
])
def test_a_plan_title_opening_with_thuc_hien(line, want):
    from congvan.extractors.subject import find_subject
    text = f"ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 98/KH-UBND\nBắc Giang, ngày 11 tháng 4 năm 2025\nKẾ HOẠCH\n{line}\nI. MỤC ĐÍCH\n"
    m = find_subject(text, end=len(text))
    assert (m.value if m else None) == want
