import pytest

from congvan.extractors.cc import find_cc
from congvan.extractors.dates import find_date_lines, partial_date
from congvan.extractors.number import find_number, split_number
from congvan.extractors.recipients import find_recipients
from congvan.extractors.references import find_references
from congvan.extractors.signer import find_signer
from congvan.extractors.stamps import find_stamps
from congvan.extractors.units import canonical_unit, unit_key


@pytest.mark.parametrize("text, number, symbol", [
    ("Số: 1131/SNV-CCHC", "1131", "SNV-CCHC"),
    ("Số:          /UBND-NV", None, "UBND-NV"),
    ("Số: 3367/TTr-SNV", "3367", "TTr-SNV"),
    ("Số: /SNV-CCHC&VTLT", None, "SNV-CCHC&VTLT"),
    ("Số: 03/2024/QĐ-UBND", "03", "2024/QĐ-UBND"),
])
def test_number_line(text, number, symbol):
    m = find_number("ỦY BAN NHÂN DÂN\n" + text + "\nV/v x")
    assert (m.value["number"], m.value["symbol"]) == (number, symbol)
    assert text.strip().startswith(m.text[:3])


@pytest.mark.parametrize("token, expected", [
    ("45/2020/NĐ-CP", ("45", "2020/NĐ-CP")), ("60-NQ/TU", ("60", "NQ/TU")), ("983/SNV-TCBC", ("983", "SNV-TCBC")),
])
def test_split_number(token, expected):
    assert split_number(token) == expected


@pytest.mark.parametrize("line, place, parts", [
    ("Cao Lộc, ngày        tháng 02 năm 2024", "Cao Lộc", (2024, 2, None)),
    ("Bình Thuận, ngày 28 tháng 11 năm 2024", "Bình Thuận", (2024, 11, 28)),
    ("Hà Nội, ngày tháng năm", "Hà Nội", (None, None, None)),
    ("Lâm Đồng, ngày tháng 01 năm 2026", "Lâm Đồng", (2026, 1, None)),
    # the date in digits, with its place (a body's "Ngày 30/8/2025, ..." has none and is no date line)
    ("Hà Nội, ngày 02/3/2025", "Hà Nội", (2025, 3, 2)),
    ("Hà Nội, ngày 02.3.2025", "Hà Nội", (2025, 3, 2)),
    ("Lâm Đồng, ngày 15-10-2025", "Lâm Đồng", (2025, 10, 15)),
    # a place joined by a dash
    ("Phan Rang - Tháp Chàm, ngày 02 tháng 3 năm 2025", "Phan Rang - Tháp Chàm", (2025, 3, 2)),
])
def test_date_line(line, place, parts):
    m = next(find_date_lines("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" + line))
    d = m.value["date"]
    assert m.value["place"] == place and (d["year"], d["month"], d["day"]) == parts


def test_partial_date_rejects_impossible_dates():
    assert partial_date(2024, 4, 31)["iso"] is None
    assert partial_date(2024, 2, 29)["iso"] == "2024-02-29"


def test_shared_head_recipients_expand_and_groups_stay_whole():
    text = ("Kính gửi:\n- Các Phòng: Tư pháp, Tài chính - Kế hoạch, Văn hóa và Thông tin, Nội vụ;\n"
            "- Văn phòng HĐND và UBND huyện;\n- UBND các xã, thị trấn.\nThực hiện ...")
    found = list(find_recipients(text))
    names = [m.value["name"] for m in found]
    assert names == ["Phòng Tư pháp", "Phòng Tài chính - Kế hoạch", "Phòng Văn hóa và Thông tin", "Phòng Nội vụ",
                     "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", "Ủy ban nhân dân các xã, thị trấn"]
    assert [m.value["is_group"] for m in found] == [False] * 5 + [True]
    for m in found:  # offsets point at the words as written
        assert text[m.start:m.end] == m.value["raw"]


@pytest.mark.parametrize("item, names", [
    ("- Các Bộ: Công an, Tư pháp;", ["Bộ Công an", "Bộ Tư pháp"]),
    ("- Các cơ quan thuộc Chính phủ: Đài Truyền hình Việt Nam, Thông tấn xã Việt Nam;",
     ["Đài Truyền hình Việt Nam", "Thông tấn xã Việt Nam"]),
    ("- Các tổ chức chính trị - xã hội: Tổng Liên đoàn Lao động Việt Nam, Trung ương Hội Nông dân Việt Nam.",
     ["Tổng Liên đoàn Lao động Việt Nam", "Trung ương Hội Nông dân Việt Nam"]),
    ("- Các Ủy ban: Quốc phòng, An ninh và Đối ngoại của Quốc hội, Văn hóa và Xã hội của Quốc hội;",
     ["Ủy ban Quốc phòng, An ninh và Đối ngoại của Quốc hội", "Ủy ban Văn hóa và Xã hội của Quốc hội"]),
    # places named after "các tỉnh" without a colon; a class of units stays whole
    ("- Ủy ban nhân dân các tỉnh Lâm Đồng, Đắk Lắk và Gia Lai.",
     ["Ủy ban nhân dân tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Gia Lai"]),
    ("- UBND các xã Tân Hà, Đạ Huoai;", ["Ủy ban nhân dân xã Tân Hà", "Ủy ban nhân dân xã Đạ Huoai"]),
    ("- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
     ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
    ("- Ủy ban nhân dân các tỉnh Tây Nguyên.", ["Ủy ban nhân dân các tỉnh Tây Nguyên"]),
    # a ministry's short field name after the shared head (CT alone is Chủ tịch, after "Bộ" Công Thương)
    ("- Các Bộ: KH&ĐT, CT, TC, VH, TT&DL;", ["Bộ Kế hoạch và Đầu tư", "Bộ Công Thương", "Bộ Tài chính",
                                            "Bộ Văn hóa, Thể thao và Du lịch"]),
    # a bare body before one that names the places: the places are both bodies'
    ("- HĐND, UBND các tỉnh, thành phố trực thuộc Trung ương;",
     ["Hội đồng nhân dân các tỉnh, thành phố trực thuộc Trung ương",
      "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
])
def test_shared_head_is_prefixed_only_when_it_names_a_kind_of_unit(item, names):
    text = f"Kính gửi:\n{item}\nThực hiện ..."
    assert [m.value["name"] for m in find_recipients(text)] == names


@pytest.mark.parametrize("raw, name", [
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
    ("ỦY BAN NHÂN DÂN HUYỆN CAO LỘC", "Ủy ban nhân dân huyện Cao Lộc"),
    ("UBND các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn"),
    ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
    ("Chủ tịch UBND tỉnh Lâm Đồng", "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"),
    # a class of office holders, written formally
    ("các đồng chí Trưởng thôn", "Trưởng các thôn"),
    ("các Chủ tịch UBND xã", "Chủ tịch Ủy ban nhân dân các xã"),
    # a party committee introduces a place; "Thuế" is a field name
    ("BAN TỔ CHỨC TỈNH ỦY LÂM ĐỒNG", "Ban Tổ chức Tỉnh ủy Lâm Đồng"),
    ("CỤC THUẾ TỈNH BÌNH DƯƠNG", "Cục Thuế tỉnh Bình Dương"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH BÀ RỊA - VŨNG TÀU", "Sở Giáo dục và Đào tạo tỉnh Bà Rịa - Vũng Tàu"),
    # a note on who they are is not part of the name
    ("Các đồng chí thành viên Ban Chỉ đạo (Theo Quyết định số 2319/QĐ-TTg ngày 20/10/2025)",
     "Các đồng chí thành viên Ban Chỉ đạo"),
    # a name in capitals: the field after the agency's type word takes its capital (Nghị định 30, Phụ lục II);
    # a level word or a plural after it does not
    ("CỤC CẢNH SÁT GIAO THÔNG", "Cục Cảnh sát giao thông"),
    ("BỆNH VIỆN ĐA KHOA TỈNH", "Bệnh viện Đa khoa tỉnh"),
    ("CÔNG AN TỈNH LÂM ĐỒNG", "Công an tỉnh Lâm Đồng"),
    ("SỞ Y TẾ", "Sở Y tế"),
    # abbreviations of Nơi nhận entries, expanded as the formal name (a gold reader writes them out)
    ("Lãnh đạo SNV", "Lãnh đạo Sở Nội vụ"),
    ("BGĐ Sở", "Ban Giám đốc Sở"),
    ("Trang TTĐT STP", "Trang thông tin điện tử Sở Tư pháp"),
    ("Đ/c Trần Thị Thu Hằng - PCVP", "Đ/c Trần Thị Thu Hằng - Phó Chánh Văn phòng"),
    ("C, PCVP UBND tỉnh", "Chánh, Phó Chánh Văn phòng Ủy ban nhân dân tỉnh"),
    ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"),
    ("BHXH tỉnh", "Bảo hiểm xã hội tỉnh"),
    ("KBNN huyện", "Kho bạc Nhà nước huyện"),
])
def test_canonical_unit(raw, name):
    assert canonical_unit(raw) == name


@pytest.mark.parametrize("raw, name", [
    # what a copy is for, after its name, is not part of it
    ("Báo Lâm Đồng (đưa tin)", "Báo Lâm Đồng"),
    ("Cổng TTĐT tỉnh (đăng tải)", "Cổng thông tin điện tử tỉnh"),
    ("Sở Nội vụ (thay b/c)", "Sở Nội vụ"),
    ("Đài PT-TH tỉnh", "Đài Phát thanh - Truyền hình tỉnh"),
])
def test_purpose_notes_and_abbreviations(raw, name):
    assert canonical_unit(raw) == name


def test_unit_key_joins_spellings():
    assert unit_key("Văn phòng HĐND&UBND huyện") == unit_key("VP HĐND - UBND huyện") == \
        unit_key("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện")


@pytest.mark.parametrize("block, expected", [
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nDương Xuân Huyên", ("Dương Xuân Huyên", "Phó Chủ tịch", "TM.")),
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nVũ Hòa Bình", ("Vũ Hòa Bình", "Chánh Văn phòng", "TL.")),
    ("GIÁM ĐỐC\nĐỗ Văn Chung", ("Đỗ Văn Chung", "Giám đốc", None)),
    ("TL. BỘ TRƯỞNG\nVỤ TRƯỞNG\nVỤ CẢI CÁCH HÀNH CHÍNH\nPhạm Minh Hùng",
     ("Phạm Minh Hùng", "Vụ trưởng Vụ Cải cách hành chính", "TL.")),
    # a degree or a rank before the name is not part of it
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTS. Nguyễn Văn An", ("Nguyễn Văn An", "Phó Giám đốc", "KT.")),
    ("GIÁM ĐỐC\nPGS.TS. Trần Thị Bình", ("Trần Thị Bình", "Giám đốc", None)),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐại tá Huỳnh Ngọc Liêm", ("Huỳnh Ngọc Liêm", "Phó Giám đốc", "KT.")),
    # the e-office signing stamp under the title: its "Ký bởi" names the signer; its other lines do not
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nKý bởi: Nguyễn Văn An\nEmail: an@lamdong.gov.vn\nThời gian ký: 10.11.2025 09:12:00 +07:00",
     ("Nguyễn Văn An", "Phó Giám đốc", "KT.")),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nKý bởi: Sở Nội vụ\nThời gian ký: 10.11.2025\nNguyễn Văn An",
     ("Nguyễn Văn An", "Phó Giám đốc", "KT.")),
])
def test_signer(block, expected):
    text = "... thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block
    s = find_signer(text).value
    assert (s["name"], s["title"], s["authority"]) == expected


@pytest.mark.parametrize("closing", [
    "(Đính kèm dự thảo Quyết định cho phép sáp nhập của Liên đoàn Võ thuật tỉnh./.",
    "(Gửi kèm hồ sơ đề nghị của Hội./.",
    "Kính trình Chủ tịch UBND tỉnh xem xét (kèm dự thảo Quyết định",
])
def test_signer_after_a_parenthesis_left_open(closing):
    # a parenthesis the body never closes must not hide the signature block below Nơi nhận
    text = f"... xem xét, quyết định.\n{closing}\nNơi nhận:\n- Như trên;\n- Lưu: VT, TCBC.\n" \
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Đức Vũ"
    s = find_signer(text).value
    assert (s["name"], s["title"], s["authority"]) == ("Nguyễn Đức Vũ", "Phó Giám đốc", "KT.")


@pytest.mark.parametrize("mark", ["-", "–", "+", "•"])
def test_cc_entries_whatever_marks_them(mark):
    # an entry in capitals and abbreviations ("Các Bộ: KH&ĐT, CT, GTVT") is an entry, not the signature
    # block, whatever mark the list uses
    text = (f"Nơi nhận:\n{mark} Như trên;\n{mark} Thủ tướng Chính phủ;\n{mark} Các Bộ: KH&ĐT, CT, GTVT, TN&MT, NN&PTNT, VH, TT&DL;\n"
            f"{mark} UBND tỉnh Nghệ An;\n{mark} Lưu: VT, CN.\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Văn An")
    names = [m.value["name"] for m in find_cc(text)]
    assert names == ["Thủ tướng Chính phủ", "Bộ Kế hoạch và Đầu tư", "Bộ Công Thương", "Bộ Giao thông vận tải",
                     "Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn",
                     "Bộ Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân tỉnh Nghệ An"]


def test_signer_not_hidden_by_a_parenthesis_never_closed():
    """OCR read an e-mail's @ as '(' (public 038): the '(' never closes, yet the block is no aside."""
    text = ("Báo cáo gửi về Bộ Công an (qua Văn phòng, Email: vanphong(2gmail. com) trước ngày 20/12/2025.\n"
            "Trân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Nguyễn Văn Long")
    s = find_signer(text).value
    assert (s["name"], s["title"], s["authority"]) == ("Nguyễn Văn Long", "Thứ trưởng", "KT.")


def test_list_titled_danh_sach_without_a_so_line():
    """A header without a Số line ends at the kind title (pool020): DANH SÁCH is a kind (other), its
    title gives the subject, and the table under it does not run into the subject."""
    from congvan.pipeline import extract_text

    text = ("UBND TỈNH BÌNH THUẬN\nHIỆP HỘI DOANH NGHIỆP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nDANH SÁCH NHÂN SỰ DỰ KIẾN BAN KIỂM TRA\n"
            "HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN\nKHÓA V, NHIỆM KỲ (2025-2030)\nSTT Họ và tên Đơn vị\n"
            "1 Trương Bình Định Giám đốc Công ty\nTM. BAN CHẤP HÀNH\nNHIỆM KỲ IV (2019-2025)\n"
            "PHÓ CHỦ TỊCH THƯỜNG TRỰC\nLê Văn Lợi\n")
    f = extract_text(text).fields
    assert unit_key(f["issuer"]["name"]) == unit_key("Hiệp hội Doanh nghiệp tỉnh Bình Thuận")
    assert f["doc_type"] == "other"
    assert f["subject"].casefold() == ("nhân sự dự kiến ban kiểm tra hiệp hội doanh nghiệp tỉnh bình thuận khóa v, "
                                       "nhiệm kỳ (2025-2030)")


def test_subject_ends_at_the_motto():
    """OCR of a two-column header reads the motto after the V/v lines (pool047)."""
    from congvan.pipeline import extract_text

    text = ("HỘI LHPN TỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBAN THƯỜNG VỤ\nSố: 113/CV-BTV\n"
            "V/v giới thiệu lãnh đạo tham gia Ban Vì sự tiến bộ của phụ nữ và tổ thư ký, giúp việc\n"
            "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 11 tháng 9 năm 2025\nKính gửi: Lãnh đạo Sở Nội vụ\n"
            "Ban Thường vụ lập danh sách.\n")
    assert extract_text(text).fields["subject"] == \
        "giới thiệu lãnh đạo tham gia Ban Vì sự tiến bộ của phụ nữ và tổ thư ký, giúp việc"


def test_cc_drops_nhu_tren_and_luu():
    text = "Nơi nhận:\n- Như trên;\n- Giám đốc Sở (để b/c);\n- Các phòng, ban, đơn vị thuộc sở;\n- Lưu: VT, TCBC.\nKT. GIÁM ĐỐC"
    assert [m.value["name"] for m in find_cc(text)] == ["Giám đốc Sở", "Các phòng, ban, đơn vị thuộc sở"]


@pytest.mark.parametrize("entries, names", [
    # purpose notes in every spelling, OCR's slash lost or not
    ("- Đ/c Phan Nhật Thanh (t/h);\n- Lãnh đạo Sở Xây dựng (đ/b);", ["Đ/c Phan Nhật Thanh", "Lãnh đạo Sở Xây dựng"]),
    ("- Đ/c Phan Nhật Thanh (th);\n- Bộ trưởng (để b/c);", ["Đ/c Phan Nhật Thanh", "Bộ trưởng"]),
    # a speck read after the purpose note; an entry OCR made of a smudge; a lone mark
    ("- Bộ Tư pháp (để báo cáo); đã\n- Bộ trưởng (để bíc), NHaệ", ["Bộ Tư pháp", "Bộ trưởng"]),
    ("Ai vi-luyc lẤh\n- Lãnh đạo Sở;\n- _", ["Lãnh đạo Sở"]),
    # abbreviations and single letters are not smudges
    ("- VPCP: BTCN, PCN Đỗ Ngọc Huỳnh, Trợ lý, Thư ký của: TTg, PTTg Lê Thành Long;",
     ["Văn phòng Chính phủ"]),  # that office, through its own leaders (as the dev gold reads it)
])
def test_cc_entries(entries, names):
    text = f"Nơi nhận:\n{entries}\n- Lưu: VT.\nGIÁM ĐỐC"
    assert [m.value["name"] for m in find_cc(text)] == names


def test_references_each_once_with_party_numbers():
    text = ("Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; Nghị quyết số 60-NQ/TU, "
            "ngày 15/12/2021; Nghị định số 45/2020/NĐ-CP. Theo Nghị quyết số 76/NQ-CP ...")
    refs = [m.value for m in find_references(text)]
    assert [(r["number"], r["symbol"], r["doc_type"]) for r in refs] == [
        ("76", "NQ-CP", "nghi_quyet"), ("60", "NQ/TU", "nghi_quyet"), ("45", "2020/NĐ-CP", "nghi_dinh")]
    assert refs[0]["date"]["iso"] == "2021-07-15" and refs[0]["issuer"] == "Chính phủ"


def test_references_exclude_the_document_itself():
    text = "Số: 253/TTr-SNV\nCông văn số 253/TTr-SNV và Công văn số 298/VP-NCKSTTHC"
    assert [m.value["number"] for m in find_references(text, exclude=("253", "TTr-SNV"))] == ["298"]


@pytest.mark.parametrize("text, kind, value", [
    ("BỘ NỘI VỤ\nHỎA TỐC\nSố: 1/BNV", "urgency", "hoa_toc"),
    ("BỘ NỘI VỤ\nMẬT\nSố: 1/BNV", "confidentiality", "mat"),
    ("BỘ NỘI VỤ\nKHẨN\nSố: 1/BNV", "urgency", "khan"),
])
def test_stamps(text, kind, value):
    assert [(m.kind, m.value) for m in find_stamps(text)] == [(kind, value)]


def test_no_stamp_in_running_text():
    assert list(find_stamps("Đề nghị khẩn trương thực hiện; tài liệu mật được bảo quản")) == []


def test_reference_scan_near_tokens_finds_what_the_whole_scan_finds(seeds):
    """``_reference_hits`` scans only near number tokens; it must give ``REFERENCE.finditer``'s matches."""
    from congvan.extractors.references import REFERENCE, _reference_hits

    texts = [p.read_text(encoding="utf-8") for p in seeds]
    texts.append("Căn cứ Công văn số 12/UBND-" + "A" * 300 + " và Quyết định 5/QĐ-UBND ngày 1/2/2024; số 7/2024/NĐ-CP")
    texts.append("Công văn số 1234567/X, Kế hoạch số 01/KH-UBND---BB và Thông báo kết luận số 3/TB-VPCP")
    for text in texts:
        assert [(m.span(), m.group(0)) for m in _reference_hits(text)] == \
            [(m.span(), m.group(0)) for m in REFERENCE.finditer(text)]


@pytest.mark.parametrize("header, issuer", [
    # a state parent gives its place to the body below it
    ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", "Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ", "Sở Nội vụ tỉnh Lâm Đồng"),
    # ... once, where the body names its level already
    ("UBND TỈNH LÂM ĐỒNG\nBAN QUẢN LÝ DỰ ÁN\nĐẦU TƯ XÂY DỰNG TỈNH", "Ban Quản lý dự án đầu tư xây dựng tỉnh Lâm Đồng"),
    ("BỘ CÔNG AN\nCÔNG AN TỈNH LÂM ĐỒNG", "Công an tỉnh Lâm Đồng"),
    # a national body over its local branch: the branch, with its own place
    ("TỔNG LIÊN ĐOÀN LAO ĐỘNG\nVIỆT NAM\nLIÊN ĐOÀN LAO ĐỘNG\nTỈNH LÂM ĐỒNG", "Liên đoàn Lao động tỉnh Lâm Đồng"),
    ("TẬP ĐOÀN\nBƯU CHÍNH VIỄN THÔNG\nVIỆT NAM\nVIỄN THÔNG LÂM ĐỒNG", "Viễn thông Lâm Đồng"),
    ("HỘI NÔNG DÂN VIỆT NAM\nBCH HỘI NÔNG DÂN TỈNH LÂM ĐỒNG", "Ban Chấp hành Hội Nông dân tỉnh Lâm Đồng"),
    # three levels: the lowest body, with the top one's place
    ("BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\nCỤC THUẾ TỈNH BÌNH DƯƠNG", "Cục Thuế tỉnh Bình Dương"),
    ("UBND TỈNH LÂM ĐỒNG\nSỞ Y TẾ\nBỆNH VIỆN ĐA KHOA TỈNH", "Bệnh viện đa khoa tỉnh Lâm Đồng"),
    ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nVĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nPHÒNG NỘI VỤ", "Phòng Nội vụ huyện Đức Trọng"),
    # a two-level header a copy put on one line reads as its two lines
    ("UBND TỈNH LÂM ĐỒNG SỞ Y TẾ", "Sở Y tế tỉnh Lâm Đồng"),
    ("UBND THÀNH PHỐ HẢI PHÒNG SỞ Y TẾ", "Sở Y tế thành phố Hải Phòng"),
    ("UBND THÀNH PHỐ HẢI PHÒNG", "Ủy ban nhân dân thành phố Hải Phòng"),
    ("UBND TỈNH QUẢNG NAM VĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Quảng Nam"),
    ("ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch huyện Đức Trọng"),
    ("BỘ NỘI VỤ VỤ TỔ CHỨC CÁN BỘ", "Vụ Tổ chức cán bộ"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI CỤC VIỆC LÀM", "Cục Việc làm"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nCỤC VIỆC LÀM", "Cục Việc làm"),  # no place "xã Hội"
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
    ("BỘ TÀI CHÍNH KHO BẠC NHÀ NƯỚC", "Kho bạc Nhà nước"),
    ("BỘ CÔNG AN CÔNG AN TỈNH LÂM ĐỒNG", "Công an tỉnh Lâm Đồng"),
    # a national body alone is the issuer
    ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Tổng Liên đoàn Lao động Việt Nam"),
    # a collegial body names no agency alone: the organisation above it is part of the name (pool029,
    # pool047, public 041)
    ("LIÊN ĐOÀN LUẬT SƯ VIỆT NAM\nBAN THƯỜNG VỤ", "Ban Thường vụ Liên đoàn Luật sư Việt Nam"),
    ("HỘI LHPN TỈNH LÂM ĐỒNG _\nBAN THƯỜNG VỤ", "Ban Thường vụ Hội Liên hiệp Phụ nữ tỉnh Lâm Đồng"),
    ("ỦY BAN MTTQ VIỆT NAM\nTỈNH LÂM ĐỒNG\nBAN THƯỜNG TRỰC", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng"),
])
def test_issuer_from_header_lines(header, issuer):
    from congvan.pipeline import extract_text

    text = (f"{header}\nSố: 12/CV-X\nV/v cử nhân sự\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Lâm Đồng, ngày 10 tháng 11 năm 2025\nKính gửi: Sở Nội vụ.\nĐề nghị Sở Nội vụ xem xét.\nNơi nhận:\n"
            "- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn A\n")
    assert unit_key(extract_text(text).fields["issuer"]["name"]) == unit_key(issuer)


@pytest.mark.parametrize("kg, expected", [
    ("Kính gửi: Sở Tài chính, Sở Y tế và Ủy ban nhân dân các xã.", ["Sở Tài chính", "Sở Y tế", "Ủy ban nhân dân các xã"]),
    ("Kính gửi: Văn phòng Đoàn ĐBQH và HĐND tỉnh.", ["Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"]),
    ("Kính gửi: Văn phòng HĐND và UBND huyện.", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]),
    ("Kính gửi: Sở Kế hoạch và Đầu tư.", ["Sở Kế hoạch và Đầu tư"]),
    # an entry that ends with ';' goes on on the next line without a dash
    ("Kính gửi: Thường trực Tỉnh ủy;\nThường trực HĐND tỉnh.", ["Thường trực Tỉnh ủy", "Thường trực Hội đồng nhân dân tỉnh"]),
    # ... but a body line after a comma is the body
    ("Kính gửi: Sở Y tế,\nỦy ban nhân dân tỉnh nhận được Công văn số 55/SYT-KH ngày 10/11/2025 của Sở Y tế về việc", ["Sở Y tế"]),
])
def test_recipients_joined_and_continued(kg, expected):
    from congvan.extractors.recipients import find_recipients

    text = f"UBND TỈNH LÂM ĐỒNG\nSố: 1/UBND\nV/v x\n{kg}\nĐề nghị các đơn vị thực hiện.\n"
    assert [m.value["name"] for m in find_recipients(text)] == expected


@pytest.mark.parametrize("kg, expected", [
    # "các tỉnh, thành phố: A, B": a city run by the centre is a thành phố, the others tỉnh
    ("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố: Quảng Ngãi, Gia Lai, Đà Nẵng.",
     ["Ủy ban nhân dân tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Gia Lai", "Ủy ban nhân dân thành phố Đà Nẵng"]),
    ("Kính gửi: Chủ tịch UBND các tỉnh, thành phố: Khánh Hòa, TP. Hồ Chí Minh.",
     ["Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa", "Chủ tịch Ủy ban nhân dân thành phố Hồ Chí Minh"]),
])
def test_recipients_of_mixed_levels(kg, expected):
    from congvan.extractors.recipients import find_recipients

    text = f"UBND TỈNH LÂM ĐỒNG\nSố: 1/UBND\nV/v x\n{kg}\nĐề nghị các đơn vị thực hiện.\n"
    assert [m.value["name"] for m in find_recipients(text)] == expected



_TITLE_HEADER = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 16 /TTr-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 09 tháng 01 năm 2026\nTỜ TRÌNH\n")


@pytest.mark.parametrize("subject_lines, expected", [
    # the subject's last line, a name of letters alone, sits right above "Kính gửi:" (a PDF keeps
    # the lines as set); it was read as a prefix of "Kính gửi" (as "THỦ TƯỚNG CHÍNH PHỦ điện:" is),
    # so the header ended above it and the subject lost its last line
    (["Về việc đề nghị công nhận Ban vận động thành lập", "Liên đoàn Pickleball tỉnh Lâm Đồng"],
     "đề nghị công nhận Ban vận động thành lập Liên đoàn Pickleball tỉnh Lâm Đồng"),
    (["Về việc công nhận Điều lệ sửa đổi, bổ sung", "Quỹ Khuyến học tỉnh Bình Thuận"],
     "công nhận Điều lệ sửa đổi, bổ sung Quỹ Khuyến học tỉnh Bình Thuận"),
    (["Về việc giải thể Hiệp hội rau quả Đà Lạt"], "giải thể Hiệp hội rau quả Đà Lạt"),
])
def test_subject_line_above_kinh_gui_is_the_subject(subject_lines, expected):
    from congvan.extractors.parts import find_parts
    from congvan.extractors.subject import find_subject

    text = _TITLE_HEADER + "\n".join(subject_lines) + "\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh\n" \
        "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./.\n"
    parts = find_parts(text)
    assert text[parts.header_end:].startswith("Kính gửi:")
    assert find_subject(text, end=parts.header_end).value == expected
    assert [r.value["name"] for r in find_recipients(text)] == ["Chủ tịch Ủy ban nhân dân tỉnh"]


def test_sender_before_dien_still_opens_the_addressees():
    from congvan.extractors.parts import KINH_GUI

    text = "CÔNG ĐIỆN\nVề việc phòng, chống bão\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n- Ủy ban nhân dân các tỉnh;"
    m = KINH_GUI.search(text)
    assert m and text[m.start():m.end()].strip() == "THỦ TƯỚNG CHÍNH PHỦ điện:"


_PLAN_HEADER = ("UBND TỈNH LÂM ĐỒNG\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                "Lâm Đồng, ngày 02 tháng 3 năm 2025\n")


@pytest.mark.parametrize("titled, subject", [
    # the trích yếu under a kind title, over several centred lines as a PDF keeps them (a line that
    # starts with a capital is not joined upstream); it ends at the body's first line or heading
    ("KẾ HOẠCH\nTổ chức các hoạt động kỷ niệm 80 năm Ngày Cách mạng\nTháng Tám và Quốc khánh 2/9\n"
     "Thực hiện Kế hoạch số 1/KH-TU, UBND tỉnh ban hành Kế hoạch.\n",
     "Tổ chức các hoạt động kỷ niệm 80 năm Ngày Cách mạng Tháng Tám và Quốc khánh 2/9"),
    ("KẾ HOẠCH\nTriển khai thực hiện công tác cải cách hành chính\nnăm 2026 trên địa bàn tỉnh\nI. MỤC ĐÍCH, YÊU CẦU\n",
     "Triển khai thực hiện công tác cải cách hành chính năm 2026 trên địa bàn tỉnh"),
    ("THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp\nvề công tác chuyển đổi số\n"
     "Ngày 30/12/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp.\n",
     "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về công tác chuyển đổi số"),
    ("BÁO CÁO\nTình hình thực hiện nhiệm vụ năm 2025\n1. Kết quả\nĐã hoàn thành.\n", "Tình hình thực hiện nhiệm vụ năm 2025"),
    ("KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2026\n______________\n"
     "Căn cứ Kế hoạch số 5/KH-UBND, Ủy ban nhân dân tỉnh ban hành Kế hoạch.\n", "Tuyên truyền cải cách hành chính năm 2026"),
    ("TỜ TRÌNH\nVề việc đề nghị phê duyệt Đề án\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh.\n", "đề nghị phê duyệt Đề án"),
])
def test_titled_subject_over_several_lines(titled, subject):
    from congvan.extractors.parts import find_parts
    from congvan.extractors.subject import find_subject

    text = _PLAN_HEADER + titled
    assert find_subject(text, end=find_parts(text).header_end).value == subject


@pytest.mark.parametrize("text, issuer", [
    # the issuer after "của" keeps the lower-case words of agency names and titles the lexicons know
    ("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị;", "Bộ Chính trị"),
    ("theo Quyết định số 123/QĐ-TTg ngày 1/1/2025 của Thủ tướng Chính phủ về việc", "Thủ tướng Chính phủ"),
    ("văn bản số 1369/BGDĐT-CTHSSV ngày 15 tháng 3 năm 2011 của Bộ Giáo dục và Đào tạo về việc", "Bộ Giáo dục và Đào tạo"),
    ("Hướng dẫn số 37/HD-BCA-C04 ngày 24/9/2025 của Bộ Công an về trình tự", "Bộ Công an"),
    ("Công văn số 55/STP-VP ngày 2/3/2025 của Sở Tư pháp;", "Sở Tư pháp"),
    # and stops at what the issuer did, or at the next document
    ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể", "Chính phủ"),
    ("Quyết định số 12/QĐ-UBND ngày 5/1/2025 của UBND tỉnh triển khai Kế hoạch", "UBND tỉnh"),
    ("Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ và Thông tư số 01/2011/TT-BNV", "Chính phủ"),
    ("Công văn số 1/UBND-VP ngày 1/1/2025 của UBND tỉnh và các văn bản liên quan", "UBND tỉnh"),
])
def test_reference_issuer(text, issuer):
    assert next(iter(find_references(text))).value["issuer"] == issuer


@pytest.mark.parametrize("head", ["Kính gửi:", "KÍNH GỬI:", "Kính gửi"])
def test_addressees_whatever_the_kinh_gui_line(head):
    # in capitals, or without its colon where the list's dashes follow
    text = (f"BỘ Y TẾ\nSố: 12/BYT-KH\nV/v báo cáo\nHà Nội, ngày 02 tháng 3 năm 2025\n{head}\n"
            "- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;\n- Các bệnh viện trực thuộc Bộ.\n"
            "Bộ Y tế đề nghị các đơn vị báo cáo.\n")
    assert [m.value["name"] for m in find_recipients(text)] == [
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "Các bệnh viện trực thuộc Bộ"]


def test_kinh_gui_in_a_sentence_is_no_addressee_line():
    text = "BỘ Y TẾ\nSố: 12/BYT-KH\nHà Nội, ngày 02 tháng 3 năm 2025\nKính gửi kèm theo Công văn này dự thảo Quyết định.\n"
    assert list(find_recipients(text)) == []


def test_a_body_sentence_dated_in_digits_is_no_date_line():
    assert list(find_date_lines("Ngày 30/8/2025, Sở Nội vụ nhận được Đơn đề nghị của Hiệp hội.")) == []


def test_a_flattened_header_keeps_a_place_joined_by_a_dash():
    from congvan.pipeline import extract_text

    text = ("UBND TỈNH BÀ RỊA - VŨNG TÀU SỞ Y TẾ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
            "Số: 12/SYT-VP V/v báo cáo Bà Rịa - Vũng Tàu, ngày 5 tháng 3 năm 2025\n\nKính gửi: Các bệnh viện.\n")
    assert extract_text(text).fields["place"] == "Bà Rịa - Vũng Tàu"


@pytest.mark.parametrize("kg, expected", [
    # the colon ends its line and the addressee stands alone below it (tab-aligned on the page, or a copy
    # that broke the line there)
    ("Kính gửi:\nBộ Kế hoạch và Đầu tư.\n", ["Bộ Kế hoạch và Đầu tư"]),
    ("Kính gửi:\nSở Nông nghiệp và Phát triển nông thôn các tỉnh, thành phố trực thuộc Trung ương\n",
     ["Sở Nông nghiệp và Phát triển nông thôn các tỉnh, thành phố trực thuộc Trung ương"]),
    ("Kính gửi:\nBộ Kế hoạch và Đầu tư;\nBộ Tài chính.\n", ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"]),
    # the body's first sentence is no addressee
    ("Kính gửi:\nSở Nội vụ nhận được Công văn số 12/UBND của Ủy ban nhân dân tỉnh.\n", []),
    ("Kính gửi:\nSở Nội vụ báo cáo Chủ tịch UBND tỉnh như sau:\n", []),
])
def test_addressee_alone_below_kinh_gui(kg, expected):
    text = f"VĂN PHÒNG CHÍNH PHỦ\nSố: 3348/VPCP-KGVX\nV/v x\nHà Nội, ngày 12 tháng 05 năm 2015\n{kg}Xét đề nghị của Bộ Công Thương.\n"
    assert [m.value["name"] for m in find_recipients(text)] == expected


def test_signer_title_under_a_wrapped_principal():
    # the prefixed line's long name wraps onto the next lines; the signer's title is the line that opens with one
    text = ("Trân trọng./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. BỘ TRƯỞNG\nKT. CỤC TRƯỞNG CỤC CƠ SỞ VẬT\n"
            "CHẤT VÀ THIẾT BỊ TRƯỜNG HỌC\nPHÓ CỤC TRƯỞNG\nPhạm Ngọc Phương")
    s = find_signer(text).value
    assert (s["authority"], s["title"], s["name"]) == ("TL.", "Phó Cục trưởng", "Phạm Ngọc Phương")
