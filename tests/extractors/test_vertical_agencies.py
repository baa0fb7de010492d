"""Issue 13 (letters from agencies the extractor never saw): vertical agencies under a parent line, branch
headers, semicolon lists under a shared head, tasks opened by 'Thực hiện', subjectless items after an item
that names its own subject, a window inside one item, 'Các <head>' for the addressees under that head, and
acronyms the letter defines in the Nơi nhận. Each class is written here in several wordings and layouts;
the letters of corpora/written (047-054) are not the cases.
"""
from __future__ import annotations

import pytest

from congvan.extractors.units import unit_key
from congvan.pipeline import extract_text, to_result

QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"


def _letter(header: list[str], body: str, *, kg: str = "Kính gửi: Các đơn vị trực thuộc.", layout: str = "lines",
            place: str = "Hà Nội", tail: str = "- Như trên;\n- Lưu: VT.") -> str:
    if layout == "portal":  # the header on one line, as a law portal prints it
        head = (" ".join(header) + " ------- " + QH.replace("\n", " ").replace("--------------- ", "---------------")
                + f" Số: 120/XX-VP V/v triển khai nhiệm vụ {place}, ngày 05 tháng 8 năm 2025\n\n")
    else:
        head = "\n".join(header) + "\n-------\n" + QH + f"Số: 120/XX-VP\nV/v triển khai nhiệm vụ\n{place}, ngày 05 tháng 8 năm 2025\n"
    return head + kg + "\n" + body.strip() + f"\nNơi nhận:\n{tail}\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An\n"


def _result(text: str) -> dict:
    return to_result(extract_text(text))


def _keys(units) -> set[str]:
    return {unit_key(u["name"]) for u in units}


# ---- issuer: the local office of a vertical agency, the branch of a bank
VERTICAL = [
    (["CỤC THỐNG KÊ", "THỐNG KÊ TỈNH NGHỆ AN"], "Thống kê tỉnh Nghệ An"),
    (["CỤC THUẾ", "THUẾ THÀNH PHỐ HẢI PHÒNG"], "Thuế thành phố Hải Phòng"),
    (["KHO BẠC NHÀ NƯỚC", "KHO BẠC NHÀ NƯỚC KHU VỰC V"], "Kho bạc Nhà nước khu vực V"),
    (["BẢO HIỂM XÃ HỘI VIỆT NAM", "BẢO HIỂM XÃ HỘI TỈNH CAO BẰNG"], "Bảo hiểm xã hội tỉnh Cao Bằng"),
    (["NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "CHI NHÁNH TỈNH THANH HÓA"], "Ngân hàng Nhà nước Việt Nam Chi nhánh tỉnh Thanh Hóa"),
    (["NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM", "CHI NHÁNH TỈNH LẠNG SƠN"],
     "Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam Chi nhánh tỉnh Lạng Sơn"),
    # (not a vertical office: the parent's own unit, a department under the province)
    (["UBND TỈNH LÂM ĐỒNG", "SỞ Y TẾ"], "Sở Y tế tỉnh Lâm Đồng"),
    (["BỘ TÀI CHÍNH", "CỤC HẢI QUAN"], "Cục Hải quan"),
]


@pytest.mark.parametrize("layout", ["lines", "portal"])
@pytest.mark.parametrize("header, issuer", VERTICAL)
def test_the_local_office_or_branch_is_the_issuer(header, issuer, layout):
    r = _result(_letter(header, "Đề nghị các đơn vị báo cáo kết quả trước ngày 20/8/2025./.", layout=layout))
    assert unit_key(r["document"]["issuer"]["name"]) == unit_key(issuer)


# ---- recipients: a shared head over a semicolon list whose items have commas of their own
SEMICOLON_LISTS = [
    ("- Các Phòng: Quản lý hộ kinh doanh, cá nhân và thu khác; Tin học;",
     ["Phòng Quản lý hộ kinh doanh, cá nhân và thu khác", "Phòng Tin học"]),
    ("- Các Sở: Văn hóa, Thể thao và Du lịch; Nội vụ; Trung tâm Phục vụ hành chính công tỉnh;",
     ["Sở Văn hóa, Thể thao và Du lịch", "Sở Nội vụ", "Trung tâm Phục vụ hành chính công tỉnh"]),
    ("- Các Ban: Tổ chức, cán bộ; Kế hoạch - Tài chính.",
     ["Ban Tổ chức, cán bộ", "Ban Kế hoạch - Tài chính"]),
    # (without semicolons the commas split, as before)
    ("- Các Phòng: Tư pháp, Nội vụ, Y tế;", ["Phòng Tư pháp", "Phòng Nội vụ", "Phòng Y tế"]),
]


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("line, names", SEMICOLON_LISTS)
def test_a_shared_head_over_a_semicolon_list(line, names, first):
    kg = f"Kính gửi: {line.lstrip('- ')}" if first else f"Kính gửi:\n{line}\n- Văn phòng Sở."
    r = _result(_letter(["UBND TỈNH LÂM ĐỒNG", "SỞ TÀI CHÍNH"], "Đề nghị các đơn vị báo cáo trước ngày 20/8/2025./.",
                        kg=kg, place="Lâm Đồng"))
    got = _keys(r["document"]["recipients"])
    assert {unit_key(n) for n in names} <= got
    assert len(got) == len(names) + (0 if first else 1)


# ---- obligations
LEAD = "Thực hiện Công văn số 512/BTC-KBNN ngày 01/8/2025 của Bộ Tài chính, Kho bạc Nhà nước khu vực V đề nghị Quý đơn vị thực hiện các nội dung sau:"
KBNN = ["KHO BẠC NHÀ NƯỚC", "KHO BẠC NHÀ NƯỚC KHU VỰC V"]
ADDRESSEE = "Kính gửi: Các đơn vị sử dụng ngân sách nhà nước có giao dịch tại Kho bạc Nhà nước khu vực V."
WHOLE = "các đơn vị sử dụng ngân sách nhà nước có giao dịch tại kho bạc nhà nước khu vực v"


def _deadlines(r) -> set[tuple[str, str]]:
    return {(unit_key(u["name"]), ((o["deadline"] or {}).get("date") or {}).get("iso"))
            for o in r["obligations"] for u in o["responsible"]}


TASKS = [("đối chiếu số dư tài khoản tiền gửi với Kho bạc Nhà nước, gửi biên bản đối chiếu", "2025-09-12"),
         ("rà soát các khoản tạm ứng quá hạn, báo cáo kết quả", "2025-09-19"),
         ("cơ cấu lại thời hạn trả nợ cho khách hàng bị thiệt hại, báo cáo kết quả", "2025-09-26")]


@pytest.mark.parametrize("opener", ["", "Thực hiện ", "Thực hiện việc ", "Triển khai "])
@pytest.mark.parametrize("task, due", TASKS)
def test_an_item_that_opens_with_thuc_hien_is_its_task(task, due, opener):
    y, m, d = due.split("-")
    item = f"2. {opener}{task}" if opener else f"2. {task[:1].upper()}{task[1:]}"
    # (the second item: the first may be read as the lead's own task list opening)
    body = (f"{LEAD}\n1. Gửi hồ sơ thanh toán trước ngày 19/12/2025.\n{item} trước ngày {d}/{m}/{y}.\n"
            "3. Cập nhật thông tin tài khoản trên Dịch vụ công./.")
    r = _result(_letter(KBNN, body, kg=ADDRESSEE, place="Nghệ An"))
    assert (WHOLE, due) in _deadlines(r)


@pytest.mark.parametrize("preamble", ["Thực hiện Công văn số 512/BTC-KBNN ngày 01/8/2025 của Bộ Tài chính",
                                      "Thực hiện chỉ đạo của Bộ Tài chính tại Công văn số 512/BTC-KBNN",
                                      "Thực hiện hướng dẫn của Kho bạc Nhà nước"])
def test_a_preamble_opened_by_thuc_hien_is_no_duty(preamble):
    body = f"{preamble}, Kho bạc Nhà nước khu vực V thông báo lịch giao dịch cuối năm như sau./."
    r = _result(_letter(KBNN, body, kg=ADDRESSEE, place="Nghệ An"))
    assert r["obligations"] == []


@pytest.mark.parametrize("own", ["2. Đối với vốn đầu tư công, chủ đầu tư thanh toán khối lượng hoàn thành chậm nhất ngày 26/12/2025.",
                                 "2. Chủ đầu tư các dự án thu hồi tạm ứng chậm nhất ngày 26/12/2025."])
@pytest.mark.parametrize("third", ["3. Thực hiện đối chiếu số dư dự toán, gửi biên bản trước ngày 09/01/2026.",
                                   "3. Đối chiếu số dư dự toán, gửi biên bản trước ngày 09/01/2026.",
                                   "3. Gửi biên bản đối chiếu số dư dự toán trước ngày 09/01/2026."])
def test_a_subjectless_item_takes_the_leads_units_not_the_item_before(own, third):
    body = f"{LEAD}\n1. Gửi hồ sơ thanh toán trước ngày 19/12/2025.\n{own}\n{third}\nTrân trọng./."
    r = _result(_letter(KBNN, body, kg=ADDRESSEE, place="Nghệ An"))
    dl = _deadlines(r)
    assert (WHOLE, "2026-01-09") in dl
    assert not any(iso == "2026-01-09" and unit != WHOLE for unit, iso in dl)


@pytest.mark.parametrize("window", ["(số liệu tính từ ngày 01/01/2025 đến hết ngày 30/6/2025)",
                                    "số liệu từ ngày 01/01/2025 đến ngày 30/6/2025,"])
def test_a_window_inside_one_item_is_that_items(window):
    body = ("Sở Tài chính đề nghị các đơn vị thực hiện các nội dung sau:\n"
            "1. Phòng Kế hoạch rà soát kế hoạch vốn năm 2026, báo cáo trước ngày 15/8/2025.\n"
            f"2. Phòng Quản lý giá tổng hợp kết quả kiểm tra giá {window} gửi về Sở trước ngày 20/8/2025.\n"
            "3. Phòng Tin học cập nhật dữ liệu giá lên Cơ sở dữ liệu quốc gia, báo cáo trước ngày 25/8/2025./.")
    r = _result(_letter(["UBND TỈNH LÂM ĐỒNG", "SỞ TÀI CHÍNH"], body,
                        kg="Kính gửi: Các Phòng: Kế hoạch; Quản lý giá; Tin học.", place="Lâm Đồng"))
    wins = {unit_key(u["name"]) for o in r["obligations"] if o["data_window"] for u in o["responsible"]}
    assert wins == {unit_key("Phòng Quản lý giá")}


@pytest.mark.parametrize("head, places", [("Điện lực", ["Hạ Long", "Cẩm Phả", "Uông Bí"]),
                                          ("Sở", ["Tài chính", "Xây dựng", "Y tế"]),
                                          ("Chi cục", ["Thuế khu vực I", "Thuế khu vực II"])])
def test_cac_head_names_the_addressees_under_that_head(head, places):
    kg = f"Kính gửi:\n- Các {head}: {', '.join(places)};\n- Văn phòng Công ty."
    body = (f"Công ty yêu cầu các đơn vị thực hiện các nội dung sau:\n1. Các {head} kiểm tra, lập danh sách tồn tại, "
            "gửi về Công ty trước ngày 20/8/2025.\n2. Văn phòng Công ty tổng hợp, báo cáo Giám đốc trước ngày 25/8/2025./.")
    r = _result(_letter(["TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC", "CÔNG TY ĐIỆN LỰC QUẢNG NINH"], body, kg=kg, place="Quảng Ninh"))
    got = {u for u, iso in _deadlines(r) if iso == "2025-08-20"}
    assert got == {unit_key(f"{head} {p}") for p in places}


# ---- cc: an acronym the letter defines is written out
@pytest.mark.parametrize("name, abbr, entry, expect", [
    ("Ngân hàng Nhà nước Việt Nam", "NHNN", "- Thống đốc NHNN (để b/c);", "Thống đốc Ngân hàng Nhà nước Việt Nam"),
    ("Tổng công ty Điện lực miền Bắc", "EVNNPC", "- EVNNPC (để b/c);", "Tổng công ty Điện lực miền Bắc"),
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh", "BQLDA", "- BQLDA (để t/h);", "Ban Quản lý dự án đầu tư xây dựng tỉnh"),
])
def test_a_letter_defined_acronym_in_the_cc(name, abbr, entry, expect):
    body = f"Thực hiện chỉ đạo của {name} ({abbr}), đề nghị các đơn vị báo cáo trước ngày 20/8/2025./."
    r = _result(_letter(["UBND TỈNH LÂM ĐỒNG", "SỞ TÀI CHÍNH"], body, place="Lâm Đồng",
                        tail=f"- Như trên;\n{entry}\n- Lưu: VT."))
    assert unit_key(expect) in _keys(r["document"]["cc"])
