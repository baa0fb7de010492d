"""Document fields in the shapes agencies write them, beyond the letters the extractors were tuned on
(issue 13): each case a layout or wording class, written from the ND30 forms and the pool letters."""
from __future__ import annotations

import pytest

from congvan.extractors.signer import find_signer


@pytest.mark.parametrize("block, expected", [
    # the prefixes written out in words or with dots (older letters, party, Hội and đoàn thể letters)
    ("THAY MẶT ỦY BAN NHÂN DÂN\nKÝ THAY CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Chủ tịch", "TM.")),
    ("THỪA LỆNH BỘ TRƯỞNG\nCHÁNH VĂN PHÒNG\nNguyễn Văn An", ("Nguyễn Văn An", "Chánh Văn phòng", "TL.")),
    ("THỪA ỦY QUYỀN CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\nNguyễn Văn An", ("Nguyễn Văn An", "Giám đốc Sở Nội vụ", "TUQ.")),
    ("THAY MẶT BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Bí thư", "TM.")),
    ("T.M. BAN CHẤP HÀNH\nCHỦ TỊCH\nNguyễn Văn An", ("Nguyễn Văn An", "Chủ tịch", "TM.")),
    ("K.T GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Giám đốc", "KT.")),
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\nNguyễn Văn An", ("Nguyễn Văn An", "Phó Bí thư Thường trực", "TM.")),
    # a principal named by two titles, the block run onto one line by a copy
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Cao Lục", ("Nguyễn Cao Lục", "Phó Chủ nhiệm", "KT.")),
    ("- Lưu: VT, CN (3). KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Cao Lục", ("Nguyễn Cao Lục", "Phó Chủ nhiệm", "KT.")),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Cao Lục", ("Nguyễn Cao Lục", "Phó Chủ nhiệm", "KT.")),
    ("Q. GIÁM ĐỐC\nNguyễn Văn An", ("Nguyễn Văn An", "Giám đốc", "Q.")),
])
def test_signer_prefix_forms(block, expected):
    text = "... thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block
    s = find_signer(text).value
    assert (s["name"], s["title"], s["authority"]) == expected


_H = ("BỘ NỘI VỤ\nSố: 12/BNV-CCHC\nV/v báo cáo\nHà Nội, ngày 02 tháng 01 năm 2026\nKính gửi: Ủy ban nhân dân các tỉnh.\n"
      "Đề nghị Ủy ban nhân dân các tỉnh báo cáo trước ngày 15/01/2026.\nTrân trọng./.\n")
_S = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n"


@pytest.mark.parametrize("block, names", [
    # every "Như ..." entry names the addressees again, not a copy
    ("Nơi nhận:\n- Như thành phần mời;\n- Như Điều 3;\n- Sở Y tế (thay báo cáo);\n- Lưu: VT.\n" + _S, ["Sở Y tế"]),
    # a short slashed purpose note, also as OCR misread it
    ("Nơi nhận:\n- Như trên;\n- Sở Nội vụ (b/©);\n- UBND tỉnh (đ/b);\n- Lưu: VT.\n" + _S, ["Sở Nội vụ", "Ủy ban nhân dân tỉnh"]),
    # one line, the entries separated by ';' without dashes
    ("Nơi nhận: Như trên; Bộ Tài chính; Sở Nội vụ các tỉnh; Lưu VT.\n" + _S, ["Bộ Tài chính", "Sở Nội vụ các tỉnh"]),
    # the list goes on below a signature block that a two-column page read row by row put inside it
    ("Nơi nhận:\n- Như Điều 3;\n- Ban Bí thư Trung ương Đảng;\nTHỦ TƯỚNG\nPhạm Minh Chính\n"
     "- Bộ Tài chính;\n- Lưu: VT, KSTT (2).\n", ["Ban Bí thư Trung ương Đảng", "Bộ Tài chính"]),
    # ... but what follows a signature without a Lưu line (an appendix) is no part of it
    ("Nơi nhận:\n- Như trên;\n- Sở Tài chính;\n" + _S + "PHỤ LỤC\n- Mục 1;\n- Mục 2.\n", ["Sở Tài chính"]),
    # the Thường trực of the party committee and council, abbreviated
    ("Nơi nhận:\n- Như trên;\n- TT TU, TT HĐND tỉnh (b/c);\n- BTV HU;\n- Lưu: VT.\n" + _S,
     ["Thường trực Tỉnh ủy", "Thường trực Hội đồng nhân dân tỉnh", "Ban Thường vụ Huyện ủy"]),
    ("Nơi nhận:\n- Như trên;\n- Thủ tướng, các PTTgCP;\n- UBND các tỉnh, TP trực thuộc TW;\n- Lưu: VT.\n" + _S,
     ["Thủ tướng", "Các Phó Thủ tướng Chính phủ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
])
def test_copies_in_the_shapes_agencies_write(block, names):
    from congvan.pipeline import extract_text, to_result

    assert [c["name"] for c in to_result(extract_text(_H + block))["document"].get("cc") or []] == names


@pytest.mark.parametrize("title, subject_lines, body, subject", [
    ("GIẤY MỜI", "Dự họp giao ban công tác khám chữa bệnh",
     "Bệnh viện Đa khoa tỉnh trân trọng kính mời: Đại diện lãnh đạo các khoa, phòng.\nThời gian: 14 giờ 00, ngày 07/6/2024.",
     "Dự họp giao ban công tác khám chữa bệnh"),
    ("GIẤY MỜI", "Họp bàn triển khai công tác chuyển đổi số", "Thời gian: 08 giờ 00 ngày 10/6/2024.\nĐịa điểm: Hội trường.",
     "Họp bàn triển khai công tác chuyển đổi số"),
    ("BÁO CÁO", "Kết quả thực hiện công tác cải cách hành chính năm 2024",
     "Năm 2024, UBND xã đã thực hiện tốt công tác cải cách hành chính.", "Kết quả thực hiện công tác cải cách hành chính năm 2024"),
    ("BÁO CÁO", "Tình hình thực hiện nhiệm vụ 6 tháng đầu năm\nvà phương hướng 6 tháng cuối năm 2024",
     "Trong 6 tháng đầu năm, Sở đã triển khai các nhiệm vụ.", "Tình hình thực hiện nhiệm vụ 6 tháng đầu năm và phương hướng 6 tháng cuối năm 2024"),
])
def test_titled_subject_ends_where_the_body_begins(title, subject_lines, body, subject):
    from congvan.pipeline import extract_text, to_result

    text = (f"UBND HUYỆN LÂM HÀ\nPHÒNG NỘI VỤ\nSố: 12/BC-PNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"Lâm Hà, ngày 10 tháng 6 năm 2024\n{title}\n{subject_lines}\n{body}\nNơi nhận:\n- Lưu: VT.\nTRƯỞNG PHÒNG\nNguyễn Văn A\n")
    assert to_result(extract_text(text))["document"]["subject"] == subject


@pytest.mark.parametrize("line, place, parts", [
    # the words as OCR reads them, and specks in a blank part
    ("Lâm Đồng, ngày 12 thảng 03 nãm 2020", "Lâm Đồng", (2020, 3, 12)),
    ("Lâm Đồng, ngày 26 thóng 8 năm 2025", "Lâm Đồng", (2025, 8, 26)),
    ("Lâm Đồng, ngày _ 'thảng 12 năm 2025", "Lâm Đồng", (2025, 12, None)),
    ("Đà Lạt, ngảy 05 tháng 9 năm 2025", "Đà Lạt", (2025, 9, 5)),
    ("Lâm Đồng, Ngày 12 Tháng 03 Năm 2020", "Lâm Đồng", (2020, 3, 12)),
    ("Hà Nội, ngày ….. tháng …. năm 2021", "Hà Nội", (2021, None, None)),
])
def test_date_line_as_ocr_and_blanks_leave_it(line, place, parts):
    from congvan.extractors.dates import find_date_lines

    m = next(find_date_lines(line))
    d = m.value["date"]
    assert (m.value["place"], (d["year"], d["month"], d["day"])) == (place, parts)


@pytest.mark.parametrize("block, expected", [
    # a copy's header below the signature (a scan of two copies) is no signer's name
    ("GIÁM ĐỐC\nThiếu tướng Trương Minh Đương\nBỘ CÔNG AN\nCÔNG AN TỈNH LÂM ĐỒNG\nSố: /TTr-CAT",
     ("Trương Minh Đương", "Giám đốc", None)),
    ("TM. BAN CHẤP HÀNH\nCHỦ TỊCH\nNguyễn Duy Ninh\nUBND TỈNH LÂM ĐỒNG\nLIÊN ĐOÀN BÓNG RỔ", ("Nguyễn Duy Ninh", "Chủ tịch", "TM.")),
    # OCR of the signature and the stamp between the title and the name; a rank as OCR reads it
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTG\nThượng tá Phạm Thanh Hùng", ("Phạm Thanh Hùng", "Phó Giám đốc", "KT.")),
    ("GIÁM ĐỐC\nJ AE\nThiêu tướng Trương Minh Đương", ("Trương Minh Đương", "Giám đốc", None)),
    ("GIÁM ĐỐC\nêt xqwz\nNguyễn Văn An", ("Nguyễn Văn An", "Giám đốc", None)),
    # the title's first words garbled by the signature drawn over them: the known title it ends with
    ("KT.GIÁM ĐỐC\nĐỀU đau GIÁM ĐỐC\nThượng tá Phạm Thanh Hùng", ("Phạm Thanh Hùng", "Phó Giám đốc", "KT.")),
])
def test_signer_on_scans(block, expected):
    text = "... thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block
    s = find_signer(text).value
    assert (s["name"], s["title"], s["authority"]) == expected


def test_a_letter_opening_with_its_title_has_no_header_issuer():
    from congvan.extractors.issuer import find_issuer

    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐƠN ĐỀ NGHỊ\nHợp nhất Quỹ Khuyến học tỉnh Đắk Nông\n"
            "Kính gửi: Sở Nội vụ tỉnh Lâm Đồng.\n")
    m = find_issuer(text, end=len(text))
    assert m is None or m.value != "Đơn đề nghị"


@pytest.mark.parametrize("kg, nn", [("Kim: gủi: Sở Nội vụ tỉnh Lâm Đồng", "ơi nhận:"), ("<ính gửi: Sở Nội vụ tỉnh Lâm Đồng", "Nơi nhân:"),
                                    ("Kính gửi: Sở Nội vụ tỉnh Lâm Đồng", "Nới nhận:")])
def test_heads_as_ocr_reads_them(kg, nn):
    from congvan.pipeline import extract_text, to_result

    text = ("CÔNG AN TỈNH LÂM ĐỒNG\nSố: 12/CAT-PC04\nV/v báo cáo\nLâm Đồng, ngày 02 tháng 01 năm 2026\n" + kg + "\n"
            "Đề nghị Sở Nội vụ tỉnh Lâm Đồng báo cáo trước ngày 15/01/2026.\n" + nn + "\n- Như trên;\n- Sở Tư pháp;\n- Lưu: VT.\n"
            "GIÁM ĐỐC\nNguyễn Văn A\n")
    d = to_result(extract_text(text))["document"]
    assert [r["name"] for r in d["recipients"]] == ["Sở Nội vụ tỉnh Lâm Đồng"]
    assert [c["name"] for c in d["cc"]] == ["Sở Tư pháp"]
    assert d["subject"] == "báo cáo"


@pytest.mark.parametrize("entry, name", [
    ("CA các đơn vị, địa phương (đề th/hiện)", "CA các đơn vị, địa phương"),  # "để" as OCR reads it
    ("Văn phòng Ủy ban nhân dân tỉnh (p/hợp chỉ đạo)", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Sở Y tế (đẻ b/e)", "Sở Y tế"),
    ("~- Như trên;\n- Sở Y tế", "Sở Y tế"),  # a speck OCR read before the dash of "Như trên"
    ("Phó Giám đốc Sở (đ/c Bông)", "Phó Giám đốc Sở (đ/c Bông)"),  # a comrade named: no note
    ("Đ/c GĐCAT (để báo cáo)", "Giám đốc Công an tỉnh"),  # "Đ/c" before an abbreviated title is no part of it
    ("Đ/c PCT UBND tỉnh (b/c)", "Phó Chủ tịch Ủy ban nhân dân tỉnh"),
])
def test_purpose_notes_as_ocr_reads_them(entry, name):
    from congvan.pipeline import extract_text, to_result

    block = f"Nơi nhận:\n- Như trên;\n- {entry};\n- Lưu: VT.\n" + _S
    assert [c["name"] for c in to_result(extract_text(_H + block))["document"]["cc"]] == [name]


def test_title_after_specks_of_the_signature():
    s = find_signer("... thực hiện./.\nNơi nhận:\n- Lưu: VT.\nTL. CHỦ TỊCH\nuc; PHÓ CHÁNH VĂN PHÒNG\nThạch Cảnh Minh Vũ").value
    assert (s["name"], s["title"]) == ("Thạch Cảnh Minh Vũ", "Phó Chánh Văn phòng")


def test_an_addressee_line_left_blank_names_nobody():
    from congvan.extractors.recipients import find_recipients

    assert list(find_recipients("BỘ CÔNG AN\nSố: /BCA-C04\nKính gửi: ................................-. cà. .. .\n"
                                "Thực hiện Nghị quyết số 163/2024/QH15 ...\n")) == []


def test_specks_under_the_subject_are_no_part_of_it():
    from congvan.pipeline import extract_text, to_result

    text = ("BỘ CÔNG AN\nCÔNG AN TỈNH LÂM ĐỒNG\nSố: /TTr-CAT-PC06\nLâm Đồng, ngày tháng 10 năm 2025\nTỜ TRÌNH\n"
            "ban hành Báo cáo kết quả triển khai Đề án 06\nF.\\V +... j) @ WH |\nKính gửi: Lãnh đạo UBND tỉnh Lâm Đồng.\n"
            "Công an tỉnh kính trình.\nNơi nhận:\n- Như trên;\n- Đ/c Đậu Xuân Bảo - PGĐ (p/hợp chỉ đạo);\nPhòng PV01, PC04, PX03 (thực hiện);\n"
            "- Lưu: VT.\nGIÁM ĐỐC\nNguyễn Văn A\n")
    d = to_result(extract_text(text))["document"]
    assert d["subject"] == "ban hành Báo cáo kết quả triển khai Đề án 06"
    # a dashed list's entry whose dash OCR lost starts an entry of its own
    assert [c["name"] for c in d["cc"]] == ["Đ/c Đậu Xuân Bảo - Phó Giám đốc", "Phòng PV01, PC04, PX03"]


def test_a_signature_inside_the_copies_list_on_a_scan():
    from congvan.extractors.cc import find_cc

    text = ("Nơi nhận:\n- Như Điều 3;\n- Ban Bí thư Trung ương Đảng;\nTHỦ TƯỚNG\n(/ / (Œ---=- Xếp\n- Văn phòng Quốc hội;\n"
            ".- VPCP: BTCN, các PCN, Trợ lý TTg;\n- Lưu: VT, KSTT (2).\n")
    assert [m.value["name"] for m in find_cc(text, issuer="Thủ tướng Chính phủ")] == [
        "Ban Bí thư Trung ương Đảng", "Văn phòng Quốc hội", "Văn phòng Chính phủ"]


@pytest.mark.parametrize("subject_line, subject", [
    ("Về việc kiện toàn thành viên Ban Chỉ đạo quốc gia về dữ liệu THỦ TƯỚNG CHÍNH PHỦ",
     "kiện toàn thành viên Ban Chỉ đạo quốc gia về dữ liệu"),
    ("Về việc nâng cao các chỉ số PAR INDEX, SIPAS", "nâng cao các chỉ số PAR INDEX, SIPAS"),  # acronyms stay
])
def test_the_authoritys_line_run_onto_the_subject(subject_line, subject):
    from congvan.pipeline import extract_text, to_result

    text = (f"THỦ TƯỚNG CHÍNH PHỦ\nSố: /QĐ-TTg\nHà Nội, ngày 19 tháng 12 năm 2025\nQUYẾT ĐỊNH\n{subject_line}\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n")
    assert to_result(extract_text(text))["document"]["subject"] == subject


def test_a_rank_ocr_garbled_before_the_name():
    s = find_signer("... thực hiện./.\nNơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\nNiều-tư ống Trương Minh Đương\n").value
    assert (s["name"], s["title"]) == ("Trương Minh Đương", "Giám đốc")


@pytest.mark.parametrize("header, issuer", [
    ("CỤC THUẾ TP HÀ NỘI", "Cục Thuế thành phố Hà Nội"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTP. HỒ CHÍ MINH", "Sở Giáo dục và Đào tạo thành phố Hồ Chí Minh"),
    ("UBND QUẬN 1\nPHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch quận 1"),
    ("UBND HUYỆN ĐỨC TRỌNG\nBCĐ PHÒNG CHỐNG DỊCH", "Ban Chỉ đạo phòng chống dịch huyện Đức Trọng"),
    ("BỘ TÀI CHÍNH\nTỔNG CỤC HẢI QUAN", "Tổng cục Hải quan"),
    ("ĐẢNG BỘ TỈNH LÂM ĐỒNG\nHUYỆN ỦY ĐỨC TRỌNG\n*", "Huyện ủy Đức Trọng"),
    ("TÔNG LIÊN ĐOÀN LAO ĐỘNG\nVIỆT NAM\nLIÊN ĐOÀN LAO ĐỘNG TỈNH LÂM ĐỒNG", "Liên đoàn Lao động tỉnh Lâm Đồng"),  # TỔNG as OCR reads it
    # a body named after its own (old) province takes no second place from the parent
    ("UBND TỈNH LÂM ĐỒNG\nHIỆP HỘI DU LỊCH ĐẮK NÔNG", "Hiệp hội Du lịch Đắk Nông"),
    ("UBND TỈNH LÂM ĐỒNG\nBQL CÁC KHU CÔNG NGHIỆP", "Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng"),  # BQL = Ban Quản lý
    # OCR noise in the header: specks at a line's ends, a speck line, the head word's accents misread
    ("UBND TỈNH LÂM ĐỒNG\n_SỞ TƯ PHÁP_", "Sở Tư pháp tỉnh Lâm Đồng"),
    ("UBND TỈNH LÂM ĐỒNG\nSỞ Y TẾ Í\n| |", "Sở Y tế tỉnh Lâm Đồng"),
    ("UBND TỈNH LÂM ĐỒNG\nSỚ XÂY DỰNG", "Sở Xây dựng tỉnh Lâm Đồng"),
    ("UBND HUYỆN ĐỨC TRỌNG\nPHÒNG GD-ĐT", "Phòng Giáo dục và Đào tạo huyện Đức Trọng"),
])
def test_issuer_of_headers_agencies_write(header, issuer):
    from congvan.extractors.issuer import find_issuer
    from congvan.extractors.units import unit_key

    text = (header + "\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 1234/ABC-VP\nV/v báo cáo\n"
            "Hà Nội, ngày 12 tháng 3 năm 2015\n")
    assert unit_key(find_issuer(text, end=len(text)).value) == unit_key(issuer)


@pytest.mark.parametrize("line, number, symbol", [
    ("SỐ: 123/UBND-VP", "123", "UBND-VP"),
    ("Sô: 123/UBND-VP", "123", "UBND-VP"),  # as OCR reads "Số"
    ("Sổ: 45 /TTr-SNV", "45", "TTr-SNV"),
    ("Số: 123/TTr–SNV", "123", "TTr-SNV"),  # an en dash a copy put in the symbol
    ("Số:       /BC-UBND", None, "BC-UBND"),
])
def test_number_line_forms(line, number, symbol):
    from congvan.pipeline import extract_text, to_result

    d = to_result(extract_text(f"SỞ NỘI VỤ TỈNH LÂM ĐỒNG\n{line}\nV/v báo cáo\nLâm Đồng, ngày 12 tháng 3 năm 2025\n"
                               "Kính gửi: Sở Tài chính.\nĐề nghị Sở Tài chính báo cáo.\n"))["document"]
    assert (d["number"], d["symbol"], d["issuer"]["name"]) == (number, symbol, "Sở Nội vụ tỉnh Lâm Đồng")


@pytest.mark.parametrize("text, refs", [
    ("Thông báo sô 1481/TB-UBND ngày 23/12/2021 của UBND huyện Kim Động", [("1481", "TB-UBND")]),  # "số" mistyped
    ("tại Công văn số 200/UBDT-VPngày 05 tháng 4 năm 2010", [("200", "UBDT-VP")]),  # "ngày" glued to the symbol
    ("gửi về Cục Cơ sở vật chất - Bộ Giáo dục và Đào tạo (số 49 - Đại Cồ Việt, Hai Bà Trưng)", []),  # an address
    # a list that names its kind and "số" once
    ("theo các Công văn số 21/STC-NS, 22/STC-NS ngày 03/3/2025 và 23/STC-NS của Sở Tài chính",
     [("21", "STC-NS"), ("22", "STC-NS"), ("23", "STC-NS")]),
    ("Quyết định số 5/QĐ-UBND ngày 01/01/2025, 6/2025/QĐ-UBND ngày 02/01/2025", [("5", "QĐ-UBND"), ("6", "2025/QĐ-UBND")]),
    ("Công văn số 21/STC-NS ngày 03/3/2025, 04/3/2025 và 05/3/2025", [("21", "STC-NS")]),  # dates are no numbers
])
def test_references_as_copies_write_them(text, refs):
    from congvan.extractors.references import find_references

    assert [(m.value["number"], m.value["symbol"]) for m in find_references(text)] == refs


@pytest.mark.parametrize("text, ref", [
    ("Thực hiện Công văn số 1843/SNV-TCBC ngày 01/10/2025 của Sở Nội vụ về việc rà soát",
     ("1843", "SNV-TCBC", "2025-10-01", "Sở Nội vụ")),
    ("Thực hiện Công văn số 1843/SNV-TCBC ngày 01-10-2025 của Sở Nội vụ về việc rà soát",  # the date dashed
     ("1843", "SNV-TCBC", "2025-10-01", "Sở Nội vụ")),
    ("Thực hiện Công văn số 1843/SNV-TCBC ngày 01.10.2025 của Sở Nội vụ về việc rà soát",  # dotted
     ("1843", "SNV-TCBC", "2025-10-01", "Sở Nội vụ")),
    ("Thực hiện Công văn số 1843/SNV-TCBC ngày 01 tháng 10 năm 2025 của Sở Nội vụ về việc rà soát",
     ("1843", "SNV-TCBC", "2025-10-01", "Sở Nội vụ")),
])
def test_a_references_date_and_issuer_whatever_the_date_spelling(text, ref):
    from congvan.extractors.references import find_references

    (m,) = find_references(text)
    assert (m.value["number"], m.value["symbol"], (m.value["date"] or {}).get("iso"), m.value["issuer"]) == ref


@pytest.mark.parametrize("date", ["05/11/2025", "05 tháng 11 năm 2025"])
def test_a_symbol_broken_before_its_date_is_joined(date):
    # the symbol's rest opens the next line before the date ("ĐTND ngày 05 tháng 11 năm 2025."): no date line
    from congvan.pipeline import extract_text, to_result

    text = (f"UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 12/SNV-VP\nV/v phối hợp\nLâm Đồng, ngày 12 tháng 11 năm 2025\n"
            f"Kính gửi: Trung tâm Xúc tiến đầu tư.\nSở Nội vụ thống nhất theo đề xuất tại Tờ trình số 642/TTXT-\n"
            f"ĐTND ngày {date}.\nTrân trọng./.\n")
    refs = to_result(extract_text(text))["document"]["references"]
    assert [(r["number"], r["symbol"], (r["date"] or {}).get("iso")) for r in refs] == [("642", "TTXT-ĐTND", "2025-11-05")]


@pytest.mark.parametrize("lines, subject", [
    ("V/v hướng dẫn thủ tục hải quan\nđối với hàng hóa", "hướng dẫn thủ tục hải quan đối với hàng hóa"),
    ("“V/v hướng dẫn thủ tục hải quan đối với hàng hóa”", "hướng dẫn thủ tục hải quan đối với hàng hóa"),
    ("v/v hướng dẫn thủ tục hải quan đối với hàng hóa", "hướng dẫn thủ tục hải quan đối với hàng hóa"),
])
def test_vv_line_forms(lines, subject):
    from congvan.pipeline import extract_text, to_result

    text = (f"BỘ TÀI CHÍNH\n-------\nSố: 1234/BTC-TCHQ\n{lines}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Hà Nội, ngày 12 tháng 02 năm 2015\nKính gửi: Cục Hải quan các tỉnh.\nĐề nghị báo cáo.\n")
    assert to_result(extract_text(text))["document"]["subject"] == subject


@pytest.mark.parametrize("title_lines, subject", [
    ("KẾ HOẠCH\nTRIỂN KHAI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2015", "Triển khai công tác cải cách hành chính năm 2015"),
    ("QUYẾT ĐỊNH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", None),  # the authority's line, no trích yếu
    ("TỜ TRÌNH\nCÔNG NHẬN BAN VẬN ĐỘNG THÀNH LẬP\nLIÊN ĐOÀN PICKLEBALL TỈNH LÂM ĐỒNG",
     "Công nhận ban vận động thành lập liên đoàn pickleball tỉnh lâm đồng"),  # a unit's name goes on with it
])
def test_a_trich_yeu_in_capitals(title_lines, subject):
    from congvan.pipeline import extract_text, to_result

    text = (f"UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 1234/KH-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"Lâm Đồng, ngày 12 tháng 02 năm 2015\n{title_lines}\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert to_result(extract_text(text))["document"]["subject"] == subject


def test_the_latin_oi_some_fonts_put_for_u_horn():
    from congvan.pipeline import extract_text, to_result

    text = ("UBND TỈNH BÌNH THUẬN\nHIỆP HỘI DOANH NGHIỆP\nSố:……../BC-K4\nBình Thuận, ngày   tháng 6 năm 2025\nBÁO CÁO\n"
            "TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ IV (2019-2025)\nVÀ PH\u01a2\u01a0NG H\u01a2\u1edaNG HOẠT ĐỘNG NHIỆM KỲ V (2025-2030)\n"
            "Giai đoạn 2020 - 2025, tình hình kinh tế diễn biến phức tạp.\n")
    assert to_result(extract_text(text))["document"]["subject"] == (
        "Tổng kết hoạt động nhiệm kỳ IV (2019-2025) và phương hướng hoạt động nhiệm kỳ V (2025-2030)")


# the field labels as letters spell them: "Số :" / "Số 123/..." (no colon), "V/V", "V/v:", "Về việc", "Kính gởi:",
# "Kính gửi :"
@pytest.mark.parametrize("so, vv, kg", [
    ("Số: ", "V/v ", "Kính gửi: "),
    ("Số : ", "V/V ", "Kính gửi : "),
    ("Số ", "V/v: ", "Kính gởi: "),
    ("Số : ", "Về việc ", "Kính gởi: "),
])
def test_field_labels_as_letters_spell_them(so, vv, kg):
    from congvan.pipeline import extract_text, to_result

    text = (f"VĂN PHÒNG CHÍNH PHỦ\n--------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"----------------\n{so}4521/VPCP-KTTH\n{vv}triển khai kế hoạch đầu tư công trung hạn giai đoạn 2026-2030\n"
            f"Hà Nội, ngày 14 tháng 7 năm 2025\n{kg}Bộ Tài chính.\nPhó Thủ tướng yêu cầu Bộ Tài chính báo cáo.\n"
            "Nơi nhận :\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Văn A\n")
    d = to_result(extract_text(text))["document"]
    assert (d["number"], d["symbol"], d["subject"], d["doc_type"], [r["name"] for r in d["recipients"]]) == (
        "4521", "VPCP-KTTH", "triển khai kế hoạch đầu tư công trung hạn giai đoạn 2026-2030", "cong_van", ["Bộ Tài chính"])
    assert d["issuer"]["name"] == "Văn phòng Chính phủ"


def test_a_subject_line_moved_after_the_body_in_other_spellings():
    from congvan.pipeline import extract_text, to_result

    for vv in ("V/v: ", "Về việc "):
        text = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 12/SNV-CCHC\nLâm Đồng, ngày 02 tháng 01 năm 2026\nKính gửi: Các xã.\n"
                f"Đề nghị các xã báo cáo trước ngày 15/01/2026.\nTrân trọng./.\n- Như trên;\n- Lưu VT.\n{vv}báo cáo kết quả rà soát\n"
                "GIÁM ĐỐC\n(đã ký)\nNguyễn Văn A\n")
        assert to_result(extract_text(text))["document"]["subject"] == "báo cáo kết quả rà soát", vv


@pytest.mark.parametrize("line, place, iso", [
    ("Hà Nội ngày 12 tháng 02 năm 2015", "Hà Nội", "2015-02-12"),  # the comma a copy lost
    ("Hà Nội; ngày 12 tháng 02 năm 2015", "Hà Nội", "2015-02-12"),
    ("Trong ngày 12 tháng 02 năm 2015", None, None),  # a time phrase, no place
])
def test_date_line_without_its_comma(line, place, iso):
    from congvan.pipeline import extract_text, to_result

    d = to_result(extract_text(f"BỘ TÀI CHÍNH\nSố: 1234/BTC-TCHQ\nV/v hướng dẫn thủ tục\n{line}\nKính gửi: Cục Hải quan.\n"
                               "Đề nghị báo cáo.\n"))["document"]
    assert (d["place"], (d["issued_date"] or {}).get("iso")) == (place, iso)
    if place:
        assert d["subject"] == "hướng dẫn thủ tục"


@pytest.mark.parametrize("line", ["Chính phủ trong ngày 10 tháng 01 năm 2026.", "Trong ngày 10 tháng 01 năm 2026"])
def test_a_sentence_ending_in_a_date_is_no_date_line(line):
    from congvan.extractors.dates import find_date_lines

    assert list(find_date_lines(line)) == []


@pytest.mark.parametrize("text", [
    # an annex table: its numbered heading in capitals is no agency line
    "Bảng 2\nCHỈ SỐ CẢI CÁCH HÀNH CHÍNH (Ban hành kèm theo Quyết định số 10/QĐ-BNV)\n1. CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH\n"
    "1.1. Thực hiện kế hoạch\n",
    "PHỤ LỤC\nII. NHIỆM VỤ TRỌNG TÂM\nTiếp tục rà soát các thủ tục.\n",
    # a programme's title names an event, not its issuer
    "CHƯƠNG TRÌNH\nHội nghị triển khai công tác phòng, chống ma túy năm 2026\nThời gian: 08 giờ 00, ngày 09/10/2025.\n",
    "KẾ HOẠCH\nHội thảo khoa học về chuyển đổi số\nĐịa điểm: Hội trường tỉnh.\n",
])
def test_no_issuer_from_a_heading_or_an_event(text):
    from congvan.extractors.issuer import find_issuer

    m = find_issuer(text, end=len(text))
    assert m is None or m.value is None


@pytest.mark.parametrize("body, issuer", [
    # a reply without its header introduces its sender with its own verbs
    ("Bộ Xây dựng nhận được Công văn số 45/UBND-KT ngày 02/4/2024 của Ủy ban nhân dân tỉnh Gia Lai.", "Bộ Xây dựng"),
    ("Sau khi nghiên cứu, Bộ Tư pháp có ý kiến như sau:", "Bộ Tư pháp"),
    ("Ngày 10/5/2024, Tổng cục Hải quan đã nhận được văn bản của Công ty TNHH Minh Phát.", "Tổng cục Hải quan"),
    ("Về vấn đề này, Bộ Công Thương trả lời như sau:", "Bộ Công Thương"),
])
def test_a_headerless_reply_names_its_sender(body, issuer):
    from congvan.extractors.issuer import find_issuer

    text = "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n\n" + body + "\n"
    m = find_issuer(text, end=0)
    assert m is not None and m.value == issuer


def test_a_title_run_onto_the_last_copy():
    # the last Nơi nhận entry ends with a comma, and the copy joined the signer's title to it
    s = find_signer("... thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT, PC04, PHÓ GIÁM ĐỐC\nThượng tá Lê Văn Bình\n").value
    assert (s["name"], s["title"], s["authority"]) == ("Lê Văn Bình", "Phó Giám đốc", None)


@pytest.mark.parametrize("block, title", [
    ("KT. TỔNG GIÁM ĐỐC\nPHÓ TỔNG GIÁM ĐỐC\nPhạm Văn Sơn", "Phó Tổng Giám đốc"),
    ("KT. CHÁNH ÁN\nPHÓ CHÁNH ÁN\nLê Minh Tuệ", "Phó Chánh án"),
    ("TM. BAN CHẤP HÀNH\nPHÓ CHỦ TỊCH/TỔNG THƯ KÝ\nHoàng Văn Giang", "Phó Chủ tịch/Tổng Thư ký"),  # one person, two titles
])
def test_titles_written_as_the_contract_does(block, title):
    assert find_signer("... thực hiện./.\nNơi nhận:\n- Lưu: VT.\n" + block).value["title"] == title


@pytest.mark.parametrize("header, subject", [
    # the header's two columns read row by row: the date line cuts the V/v lines in two
    ("Số: 45/STC-QLNS\nV/v hướng dẫn lập dự toán\nĐà Lạt, ngày 10 tháng 7 năm 2024\nngân sách nhà nước năm 2025\n",
     "hướng dẫn lập dự toán ngân sách nhà nước năm 2025"),
    ("Số: 45/STC-QLNS\nV/v hướng dẫn lập dự toán\nĐà Lạt, ngày 10 tháng 7 năm 2024\n", "hướng dẫn lập dự toán"),
    ("Số: 45/STC-QLNS\nV/v hướng dẫn lập dự toán.\nĐà Lạt, ngày 10 tháng 7 năm 2024\nngân sách (phần sau là rác)\n",
     "hướng dẫn lập dự toán"),
])
def test_subject_cut_by_the_date_line(header, subject):
    from congvan.pipeline import extract_text, to_result

    text = ("UBND TỈNH LÂM ĐỒNG\nSỞ TÀI CHÍNH\n" + header + "Kính gửi: Các sở, ban, ngành.\n"
            "Sở Tài chính đề nghị các sở, ban, ngành lập dự toán.\n")
    assert to_result(extract_text(text))["document"]["subject"] == subject


@pytest.mark.parametrize("block, expected", [
    # minutes signed by the secretary and the chair, read one block after the other: the chair signs for the body
    ("THƯ KÝ\nNguyễn Văn An\nTM. BAN CHẤP HÀNH\nCHỦ TỊCH\nTrần Văn Bình", ("Trần Văn Bình", "Chủ tịch", "TM.")),
    ("TM. BAN CHẤP HÀNH\nCHỦ TỊCH\nTrần Văn Bình\nTHƯ KÝ\nNguyễn Văn An", ("Trần Văn Bình", "Chủ tịch", "TM.")),
    ("NGƯỜI GHI BIÊN BẢN\nLê Thị Hoa\nCHỦ TRÌ\nPhạm Văn Đức", ("Phạm Văn Đức", "Chủ trì", None)),
    ("THƯ KÝ\nNguyễn Văn An", ("Nguyễn Văn An", "Thư ký", None)),  # the secretary alone still signs
])
def test_the_chair_not_the_secretary_signs_minutes(block, expected):
    s = find_signer("... thông qua./.\n" + block).value
    assert (s["name"], s["title"], s["authority"]) == expected


@pytest.mark.parametrize("block, expected", [
    # the body signed for with no title line under it: no title, not the body's name as one
    ("TM. HỘI ĐỒNG THẨM ĐỊNH\nĐại tá Lê Văn Bảo", ("Lê Văn Bảo", None, "TM.")),
    ("TM. ỦY BAN NHÂN DÂN\nNguyễn Văn An", ("Nguyễn Văn An", None, "TM.")),
    ("Q. GIÁM ĐỐC\nNguyễn Văn Hải", ("Nguyễn Văn Hải", "Giám đốc", "Q.")),  # a title stays one
])
def test_a_body_signed_for_is_no_title(block, expected):
    s = find_signer("... thực hiện./.\nNơi nhận:\n- Lưu: VT.\n" + block).value
    assert (s["name"], s["title"], s["authority"]) == expected


@pytest.mark.parametrize("date_line", ["Lâm Đồng, ngày 15 thảng 3 năm 2025", "Lâm Đồng, ngảy 15 thóng 3 năm 2025"])
def test_a_date_line_as_ocr_reads_it_stands_alone(date_line):
    # under a V/v line, the place-and-date line with its words as OCR reads them is not run onto the subject
    from congvan.pipeline import extract_text, to_result

    text = f"UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 12/SNV-VP\nV/v báo cáo tình hình\n{date_line}\nKính gửi: Sở Tài chính\n"
    d = to_result(extract_text(text))["document"]
    assert (d["subject"], d["issued_date"]["iso"], d["place"]) == ("báo cáo tình hình", "2025-03-15", "Lâm Đồng")


def test_the_place_without_the_dot_ocr_read_for_its_comma():
    from congvan.pipeline import extract_text, to_result

    text = "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 12/SNV-VP\nV/v báo cáo\nLâm Đồng. ngày 15 tháng 3 năm 2025\nKính gửi: Sở Tài chính\n"
    assert to_result(extract_text(text))["document"]["place"] == "Lâm Đồng"



# a copy in decomposed Unicode (NFD) reads as its composed form, also where words ran together and one of them is
# no Vietnamese syllable (a legacy font read as Latin letters: "hiÇn"; a foreign name: "HàJohn")
@pytest.mark.parametrize("line", ["thñce hiÇn công tác cai nghiÇn ma túy", "Kính gửi: bà Nguyễn Thị HàJohn Smith"])
def test_decomposed_text_reads_as_composed(line):
    import unicodedata

    from congvan.pipeline.text_input import lines_from_text

    assert [x.text for x in lines_from_text(unicodedata.normalize("NFD", line))] == [x.text for x in lines_from_text(line)]
