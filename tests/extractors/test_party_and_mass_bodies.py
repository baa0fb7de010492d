"""Party, Mặt trận, mass-organisation, police and military letters (issue 13, letters 068-076): the shapes these
bodies write in, each a general rule with a table of sentences written for these tests (none is a corpus letter's)
and metamorphic rewordings that must give the same obligation. Compared: the responsible units (by matching key),
the deadline date and, where it matters, the data window or the unit names."""
from __future__ import annotations

import pytest

from congvan.extractors.deadlines import find_deadlines
from congvan.extractors.period_windows import relative_window
from congvan.extractors.recipients import expand_item
from congvan.extractors.units import canonical_unit, unit_key
from congvan.pipeline import extract_text, to_result

from .test_metamorphic import letter


def _result(body: str, recipients: list[str], signed: str = "2024-01-10") -> dict:
    return to_result(extract_text(letter(body, recipients=recipients, signed=signed)))


def _pairs(body: str, recipients: list[str], signed: str = "2024-01-10") -> set[tuple[str, str | None]]:
    r = _result(body, recipients, signed)
    return {(unit_key(u["name"]), ((o.get("deadline") or {}).get("date") or {}).get("iso"))
            for o in r["obligations"] for u in o["responsible"]}


def _windows(body: str, recipients: list[str], signed: str = "2024-01-10") -> set[tuple]:
    r = _result(body, recipients, signed)
    return {(unit_key(u["name"]), ((o.get("data_window") or {}).get("start") or {}).get("iso"),
             ((o.get("data_window") or {}).get("end") or {}).get("iso"))
            for o in r["obligations"] if o.get("data_window") for u in o["responsible"]}


def _want(*pairs) -> set[tuple[str, str | None]]:
    return {(unit_key(u), d) for u, d in pairs}


# 1. the abbreviations of party, front, mass-organisation, police and military names are expanded
@pytest.mark.parametrize("raw, name", [
    ("Các đ/c Ủy viên BTV Tỉnh ủy", "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("Các đ/c Ủy viên BCH Đảng bộ huyện", "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ huyện"),
    ("Các đ/c Ủy viên UBKT Huyện ủy", "Các đồng chí Ủy viên Ủy ban Kiểm tra Huyện ủy"),
    ("Ban Thường trực UBTW MTTQ Việt Nam (để b/c)", "Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
    ("Trung ương Hội NDVN (để b/c)", "Trung ương Hội Nông dân Việt Nam"),
    ("UB MTTQ xã", "Ủy ban Mặt trận Tổ quốc xã"),
    ("Ban CHQS các xã, thị trấn", "Ban Chỉ huy Quân sự các xã, thị trấn"),
    ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Hội CCB huyện", "Hội Cựu chiến binh huyện"),
    ("Đoàn TNCS Hồ Chí Minh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    # the form of address before an office still goes: the office is the unit
    ("Đ/c Giám đốc Công an tỉnh (để b/c)", "Giám đốc Công an tỉnh"),
])
def test_abbreviated_names_expand(raw, name):
    assert canonical_unit(raw) == name


# 2. a header written in capitals: the inner body's name keeps its capitals (Nghị định 30/2020, Phụ lục II)
@pytest.mark.parametrize("raw, name", [
    ("BCH HỘI NÔNG DÂN TỈNH HÀ NAM", "Ban Chấp hành Hội Nông dân tỉnh Hà Nam"),
    ("BAN CHẤP HÀNH HỘI CỰU CHIẾN BINH TỈNH NAM ĐỊNH", "Ban Chấp hành Hội Cựu chiến binh tỉnh Nam Định"),
    ("ỦY BAN KIỂM TRA", "Ủy ban Kiểm tra"),
    ("BAN TUYÊN GIÁO", "Ban Tuyên giáo"),
    ("SỞ NỘI VỤ TỈNH HÀ NAM", "Sở Nội vụ tỉnh Hà Nam"),
])
def test_capitals_header_casing(raw, name):
    assert canonical_unit(raw) == name


# 3. a shared head whose list closes with the level or party committee every item belongs to
@pytest.mark.parametrize("item, names", [
    ("Các ban: Tổ chức, Tuyên giáo, Dân vận Tỉnh ủy", ["Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy"]),
    ("Các ban: Tổ chức, Dân vận Huyện ủy", ["Ban Tổ chức Huyện ủy", "Ban Dân vận Huyện ủy"]),
    ("Các Phòng: Tư pháp, Nội vụ huyện", ["Phòng Tư pháp huyện", "Phòng Nội vụ huyện"]),
    # each names its own level, or none is named: nothing is added
    ("Các Phòng: Tư pháp, Nội vụ", ["Phòng Tư pháp", "Phòng Nội vụ"]),
    ("Các Phòng: Tư pháp huyện, Nội vụ huyện", ["Phòng Tư pháp huyện", "Phòng Nội vụ huyện"]),
    # a police department's name holds "về"; a rear service is "Hậu cần"
    ("Các phòng: Cảnh sát quản lý hành chính về trật tự xã hội, Tham mưu, Hậu cần",
     ["Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "Phòng Tham mưu", "Phòng Hậu cần"]),
])
def test_shared_head_with_closing_level(item, names):
    assert [m.value["name"] for m in expand_item(item, 0)] == names


# 4. party and mass-organisation units recognised by head and shape as a duty's subject, however the duty is
# worded (the same unit and day each time)
UNITS = ["Ban Tuyên giáo Huyện ủy", "Ủy ban Kiểm tra Huyện ủy", "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
         "Các chi bộ thôn", "Phòng Hậu cần", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
         "Tổ Cảnh sát khu vực", "Các công đoàn cơ sở trực thuộc"]
DUTIES = ["{u} xây dựng kế hoạch, báo cáo Ban Thường vụ trước ngày 20/3/2024.",
          "{u} có trách nhiệm xây dựng kế hoạch, báo cáo Ban Thường vụ trước ngày 20/3/2024.",
          "Giao {u} chủ trì xây dựng kế hoạch, báo cáo Ban Thường vụ trước ngày 20/3/2024.",
          "{u} khẩn trương xây dựng kế hoạch, hoàn thành trước ngày 20/3/2024."]


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("duty", DUTIES)
def test_party_and_mass_units_as_subjects(unit, duty):
    assert _pairs("1. " + duty.format(u=unit), ["Các cơ quan, đơn vị"]) == _want((unit, "2024-03-20"))


# 5. a list of unit classes in the body that names only part of an addressee listing more ("Các công đoàn ngành,
# công đoàn cơ sở trực thuộc"): each class as written; the addressee named in full stays the addressee
@pytest.mark.parametrize("body, want", [
    ("1. Các Liên đoàn Lao động huyện, Công đoàn các Khu công nghiệp và các công đoàn ngành tổng hợp, "
     "gửi về Liên đoàn Lao động tỉnh chậm nhất ngày 06/12/2024.",
     [("Các Liên đoàn Lao động huyện", "2024-12-06"), ("Công đoàn các Khu công nghiệp", "2024-12-06"),
      ("Các công đoàn ngành", "2024-12-06")]),
    ("1. Các công đoàn ngành, công đoàn cơ sở trực thuộc tổng hợp, gửi về Liên đoàn Lao động tỉnh chậm nhất ngày 06/12/2024.",
     [("Các công đoàn ngành, công đoàn cơ sở trực thuộc", "2024-12-06")]),
])
def test_part_of_a_listed_addressee(body, want):
    rec = ["Các Liên đoàn Lao động huyện", "Công đoàn các Khu công nghiệp", "Các công đoàn ngành, công đoàn cơ sở trực thuộc"]
    assert _pairs(body, rec, "2024-11-18") == _want(*want)


# 6. the addressee written in lower case in the body ("đề nghị ủy ban kiểm tra các huyện ủy, ...") and a lead
# "thực hiện (chế độ báo cáo) như sau:" whose numbered items have no subject: the items are the addressee's
LEADS = ["Ủy ban Kiểm tra Tỉnh ủy đề nghị ủy ban kiểm tra các huyện ủy, thành ủy thực hiện chế độ báo cáo như sau:",
         "Ủy ban Kiểm tra Tỉnh ủy đề nghị ủy ban kiểm tra các huyện ủy, thành ủy thực hiện như sau:",
         "Ủy ban Kiểm tra Tỉnh ủy đề nghị Ủy ban kiểm tra các huyện ủy, thành ủy thực hiện một số nội dung sau:"]


@pytest.mark.parametrize("lead", LEADS)
def test_subjectless_items_of_a_lead(lead):
    body = lead + "\n1. Báo cáo kết quả công tác kiểm tra, giám sát, gửi chậm nhất ngày 10/6/2024.\n"
    assert _pairs(body, ["Ủy ban kiểm tra các huyện ủy, thành ủy"]) == \
        _want(("Ủy ban kiểm tra các huyện ủy, thành ủy", "2024-06-10"))


def test_lowercase_addressees_joined_by_va():
    body = ("1. Định kỳ hằng quý, ban tuyên giáo các huyện ủy, thị ủy và ban tuyên giáo các đảng ủy trực thuộc Tỉnh ủy "
            "báo cáo tình hình, gửi về Ban Tuyên giáo Tỉnh ủy trước ngày 15 của tháng cuối quý.")
    rec = ["Ban tuyên giáo các huyện ủy, thị ủy", "Ban tuyên giáo các đảng ủy trực thuộc Tỉnh ủy"]
    want = {(u, f"2024-{m:02d}-15") for u in rec for m in (3, 6, 9, 12)}
    assert _pairs(body, rec) == _want(*want)


# 7. "báo cáo 6 tháng và năm": each report's day and window, a window between them not swallowing the second day
@pytest.mark.parametrize("body", [
    "1. Ủy ban nhân dân các huyện gửi báo cáo 6 tháng chậm nhất ngày 10/6/2024, số liệu tính từ ngày 01/12/2023 đến "
    "ngày 31/5/2024; báo cáo năm gửi chậm nhất ngày 10/12/2024, số liệu tính từ ngày 01/12/2023 đến ngày 30/11/2024.",
    "Sở Nội vụ đề nghị Ủy ban nhân dân các huyện thực hiện như sau:\n1. Báo cáo 6 tháng và năm về công tác thi đua: "
    "báo cáo 6 tháng gửi chậm nhất ngày 10/6/2024, số liệu tính từ ngày 01/12/2023 đến ngày 31/5/2024; báo cáo năm "
    "gửi chậm nhất ngày 10/12/2024, số liệu tính từ ngày 01/12/2023 đến ngày 30/11/2024.",
    "Sở Nội vụ đề nghị ủy ban nhân dân các huyện thực hiện chế độ báo cáo như sau:\n1. Báo cáo 6 tháng và năm về công "
    "tác thi đua: báo cáo 6 tháng gửi chậm nhất ngày 10/6/2024, số liệu tính từ ngày 01/12/2023 đến ngày 31/5/2024; "
    "báo cáo năm gửi chậm nhất ngày 10/12/2024, số liệu tính từ ngày 01/12/2023 đến ngày 30/11/2024.",
])
def test_half_year_and_year_reports(body):
    rec = ["Ủy ban nhân dân các huyện"]
    assert _pairs(body, rec) == _want(("Ủy ban nhân dân các huyện", "2024-06-10"), ("Ủy ban nhân dân các huyện", "2024-12-10"))
    assert _windows(body, rec) == {(unit_key(rec[0]), "2023-12-01", "2024-05-31"), (unit_key(rec[0]), "2023-12-01", "2024-11-30")}


# 8. a span of days to send in ("gửi về X từ ngày A đến ngày B") is due by its last day; a span that is the work's
# period or the figures' is no deadline
@pytest.mark.parametrize("text, want", [
    ("tổng hợp gửi về Liên đoàn Lao động tỉnh (qua Ban Tổ chức) từ ngày 02/12/2024 đến ngày 06/12/2024.", [("2024-12-06", "no_later_than")]),
    ("nộp hồ sơ về Sở Nội vụ từ ngày 01/3/2025 đến hết ngày 15/3/2025.", [("2025-03-15", "no_later_than")]),
    ("gửi báo cáo về Ban Thường vụ từ ngày 10/12 đến ngày 15/12/2024.", [("2024-12-15", "no_later_than")]),
    ("tổ chức Tháng cao điểm từ ngày 17/10/2024 đến ngày 18/11/2024; báo cáo chậm nhất ngày 25/11/2024.",
     [("2024-11-25", "no_later_than")]),
    ("gửi về Sở Nội vụ số liệu từ ngày 01/3/2025 đến ngày 15/3/2025 trước ngày 20/3/2025.", [("2025-03-20", "before")]),
])
def test_days_to_send_in(text, want):
    got = [((m.value["date"] or {}).get("iso"), m.value["relation"]) for m in find_deadlines(text)
           if m.value["relation"] != "from"]
    assert got == want


# 9. a quarterly schedule from a quarter on ("Từ quý III/2024, định kỳ hằng quý"): the quarters from then
@pytest.mark.parametrize("body, months", [
    ("1. Từ quý III/2024, định kỳ hằng quý, Hội Nông dân các huyện báo cáo về Hội Nông dân tỉnh trước ngày 18 tháng cuối quý.", (9, 12)),
    ("1. Kể từ quý II năm 2024, Hội Nông dân các huyện báo cáo hằng quý về Hội Nông dân tỉnh trước ngày 18 tháng cuối quý.", (6, 9, 12)),
    ("1. Định kỳ hằng quý, Hội Nông dân các huyện báo cáo về Hội Nông dân tỉnh trước ngày 18 tháng cuối quý.", (3, 6, 9, 12)),
])
def test_quarterly_from_a_quarter(body, months):
    u = "Hội Nông dân các huyện"
    assert _pairs(body, [u], "2024-06-14") == _want(*((u, f"2024-{m:02d}-18") for m in months))


# 10. a window stated relative to the period, made concrete for each quarter
@pytest.mark.parametrize("text", [
    "số liệu tính từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý",
    "số liệu tính từ ngày 15 tháng trước kỳ báo cáo đến ngày 14 tháng cuối kỳ báo cáo",
    "tính từ ngày 15 của tháng trước quý đến hết ngày 14 của tháng cuối quý",
])
@pytest.mark.parametrize("period, start, end", [
    ("Q1", "2023-12-15", "2024-03-14"), ("Q2", "2024-03-15", "2024-06-14"), ("Q4", "2024-09-15", "2024-12-14"),
])
def test_relative_quarter_window(text, period, start, end):
    _, w = relative_window(text, period, 2024)
    assert (w["start"]["iso"], w["end"]["iso"]) == (start, end)


def test_quarterly_reports_take_their_relative_windows():
    body = ("1. Định kỳ hằng quý, Ủy ban nhân dân các huyện báo cáo tình hình, gửi về Sở Nội vụ trước ngày 15 của tháng "
            "cuối quý; số liệu tính từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý.")
    u = unit_key("Ủy ban nhân dân các huyện")
    assert _windows(body, ["Ủy ban nhân dân các huyện"]) == {
        (u, "2023-12-15", "2024-03-14"), (u, "2024-03-15", "2024-06-14"), (u, "2024-06-15", "2024-09-14"),
        (u, "2024-09-15", "2024-12-14")}


# 11. a dated window in the duty's own sentence beats the period its report is named by
@pytest.mark.parametrize("body", [
    "1. Hội Nông dân các huyện xây dựng báo cáo sơ kết 6 tháng đầu năm 2024, số liệu tính từ ngày 15/12/2023 đến ngày "
    "14/6/2024; gửi về Hội Nông dân tỉnh trước ngày 20/6/2024.\n2. Hội Nông dân các huyện rà soát số hội viên, "
    "gửi biểu thống kê chậm nhất ngày 25/6/2024.",
    "1. Hội Nông dân các huyện xây dựng báo cáo sơ kết 6 tháng đầu năm 2024 (số liệu tính từ ngày 15/12/2023 đến ngày "
    "14/6/2024), gửi về Hội Nông dân tỉnh trước ngày 20/6/2024.\n2. Hội Nông dân các huyện rà soát số hội viên, "
    "gửi biểu thống kê chậm nhất ngày 25/6/2024.",
])
def test_dated_window_beats_named_period(body):
    u = "Hội Nông dân các huyện"
    assert _windows(body, [u], "2024-06-14") == {(unit_key(u), "2023-12-15", "2024-06-14")}


# 12. what is no duty: an exhortation to carry on a movement, a topic "Đối với các trường hợp" is no unit
@pytest.mark.parametrize("body", [
    "3. Đề nghị các đơn vị tiếp tục đẩy mạnh phong trào nông dân thi đua sản xuất, kinh doanh giỏi.",
    "1. Thời gian tới, các chi bộ, ban, ngành, đoàn thể tiếp tục quán triệt, nâng cao nhận thức về chuyển đổi số.",
])
def test_exhortations_are_no_duty(body):
    assert _pairs(body, ["Các chi bộ trực thuộc"]) == set()


def test_cases_are_no_unit():
    body = "2. Đối với các trường hợp thi hành kỷ luật thuộc thẩm quyền, gửi quyết định về Ủy ban Kiểm tra trước ngày 20/3/2024."
    assert not any(k.startswith("các trường hợp") or k == "trường hợp" for k, _ in _pairs(body, ["Các đảng ủy trực thuộc"]))
