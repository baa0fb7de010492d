import pytest

from congvan.pipeline.document import Line
from congvan.pipeline.normalise import build_text, normalise_string
from congvan.pipeline.syllables import traditional_tones


@pytest.mark.parametrize("raw, expected", [
    ("hoà", "hòa"), ("Hoá", "Hóa"), ("thuỷ", "thủy"), ("Uỷ ban", "Ủy ban"), ("UỶ BAN", "ỦY BAN"),
    ("khoẻ", "khỏe"), ("tuỳ", "tùy"), ("quý", "quý"), ("hoàn", "hoàn"), ("thuyết", "thuyết"),
    ("CỘNG HOÀ", "CỘNG HÒA"), ("quỳnh", "quỳnh"),
])
def test_traditional_tones(raw, expected):
    assert traditional_tones(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("**chậm nhất ngày 15/11/2024**", "chậm nhất ngày 15/11/2024"),
    ("Tài chính – Kế hoạch", "Tài chính - Kế hoạch"),
    ("a   b\u00a0c", "a b c"),
    ("688/QĐ\ufffe BCĐ", "688/QĐ-BCĐ"),
    ("118/2025/NĐ- CP", "118/2025/NĐ-CP"),
])
def test_normalise_string(raw, expected):
    assert normalise_string(raw) == expected


def _text(*lines):
    return build_text([Line(t, 1) for t in lines])[0]


@pytest.mark.parametrize("lines, expected", [
    (["Thực hiện Công văn số 983/SNV-TCBC của Sở Nội vụ tỉnh", "Lạng Sơn về việc hướng dẫn"],
     "Thực hiện Công văn số 983/SNV-TCBC của Sở Nội vụ tỉnh Lạng Sơn về việc hướng dẫn"),
    (["ỦY BAN NHÂN DÂN", "HUYỆN CAO LỘC"], "ỦY BAN NHÂN DÂN\nHUYỆN CAO LỘC"),
    (["Kính gửi:", "- Phòng Nội vụ;", "- Phòng Tư pháp."], "Kính gửi:\n- Phòng Nội vụ;\n- Phòng Tư pháp."),
    (["giai đoạn 2021-", "2030"], "giai đoạn 2021-2030"),
    (["CÔNG ĐIỆN", "mời dự Hội nghị"], "CÔNG ĐIỆN\nmời dự Hội nghị"),
    (["BỘ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "BỘ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    # the signer's name ends its line, whatever follows it (a text copy puts the footnotes there)
    (["GIÁM ĐỐC", "Đỗ Văn Chung", "1 Nghị định số 126/2024/NĐ-CP ngày 08/10/2024 của Chính phủ."],
     "GIÁM ĐỐC\nĐỗ Văn Chung\n1 Nghị định số 126/2024/NĐ-CP ngày 08/10/2024 của Chính phủ."),
    (["PHÓ GIÁM ĐỐC", "Nguyễn Thị Bông", "(đ/c Bông) theo dõi."], "PHÓ GIÁM ĐỐC\nNguyễn Thị Bông\n(đ/c Bông) theo dõi."),
    # a name inside a paragraph still runs on
    (["Đề nghị đồng chí Nguyễn Văn An, Phó Giám đốc Sở chủ trì, phối hợp với đồng chí", "Trần Thị Bình thực hiện."],
     "Đề nghị đồng chí Nguyễn Văn An, Phó Giám đốc Sở chủ trì, phối hợp với đồng chí Trần Thị Bình thực hiện."),
])
def test_lines_join_into_paragraphs(lines, expected):
    assert _text(*lines) == expected


def test_footnote_kept_apart_and_marker_dropped():
    lines = [Line("ban hành Kế hoạch CCHC bám sát kế hoạch của tỉnh1 để tổ chức", 1),
             Line(" " * 40, 1), Line(" 1 Kế hoạch số 2216/KH-UBND ngày 17/7/2025 của tỉnh.", 1)]
    from congvan.pipeline.text_input import _mark_text_footnotes
    _mark_text_footnotes(lines)
    text, blocks, start = build_text(lines)
    assert "tỉnh để" in text and "tỉnh1" not in text
    assert start is not None and text[start:].startswith("1 Kế hoạch số 2216/KH-UBND")
    assert {b.kind for b in blocks} == {"body", "footnote"}


@pytest.mark.parametrize("heading", ["Nơi Nhận:", "NƠI NHẬN:", "Nơi nhận:"])
def test_noi_nhan_heading_takes_one_form(heading):
    """public 025 heads its copies list "Nơi Nhận:"; every later stage looks for "Nơi nhận"."""
    from congvan.pipeline.run import extract_text

    doc = extract_text(f"Sở Xây dựng gửi ý kiến./.\n{heading}\n- Như trên;\n- Lãnh đạo Sở Xây dựng (đ/b);\n- Lưu: VT.\n"
                       "GIÁM ĐỐC\n\nLê Ngọc Tiến\n")
    assert "Nơi nhận:" in doc.body
    assert [c["name"] for c in doc.fields["cc"]] == ["Lãnh đạo Sở Xây dựng"]
    assert doc.fields["signer"]["name"] == "Lê Ngọc Tiến"


@pytest.mark.parametrize("text, expected", [
    # syllables a text layer ran together (words set apart by position alone), cut where each piece
    # is a syllable, in the one best way the word list gives
    ("SỞVĂNHÓA,THỂTHAOVÀDULỊCH", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    ("Trung tâm huấn luyện vàthi đấu thểthao", "Trung tâm huấn luyện và thi đấu thể thao"),
    ("Hội Liên hiệp Phụ nữViệt Nam", "Hội Liên hiệp Phụ nữ Việt Nam"),
    ("lùi thời gian Đại hộisang năm 2026", "lùi thời gian Đại hội sang năm 2026"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập"),
    ("Đềnghị các đơn vị thựchiện", "Đề nghị các đơn vị thực hiện"),
    # one syllable, a word without a Vietnamese letter, an abbreviation, a smudge: as they are
    ("Liên đoàn Vovinam, Taekwondo, Billiards và Snooker", "Liên đoàn Vovinam, Taekwondo, Billiards và Snooker"),
    ("Số: 12/QĐ-TTg; PTTg; ThS. Nguyễn Văn A", "Số: 12/QĐ-TTg; PTTg; ThS. Nguyễn Văn A"),
    ("khuyến khích nghiêng ngả", "khuyến khích nghiêng ngả"),
    ("ÊBan bannhândâa hiÇu", "ÊBan bannhândâa hiÇu"),
])
def test_run_together_syllables_are_cut(text, expected):
    from congvan.pipeline.syllables import unjoin_glued

    assert unjoin_glued(text) == expected


def test_decomposed_accents_read_as_composed():
    # a copy from some editors gives each accent as its own code point (NFD): the header is still found
    import unicodedata

    from congvan.pipeline import extract_text, to_result

    # (the two header columns run together row by row, as a law-portal copy gives them)
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc\n"
            "Số: 73/UBND-TH Hậu Giang, ngày 12 tháng 1 năm 2018\nKính gửi: Sở Nội vụ.\n"
            "Đề nghị Sở Nội vụ báo cáo trước ngày 20/01/2018.\n")
    composed = to_result(extract_text(text))["document"]
    decomposed = to_result(extract_text(unicodedata.normalize("NFD", text)))["document"]
    assert composed["issuer"]["name"] == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert decomposed == composed


@pytest.mark.parametrize("raw, expected", [
    # the u of "qu" carries no tone: the y after it does ("Qũy" is a typing and an OCR slip)
    ("Qũy Khuyến học tỉnh", "Quỹ Khuyến học tỉnh"),
    ("qúy vị", "quý vị"),
    ("QŨY", "QUỸ"),
    ("Quỹ, quý, quyết", "Quỹ, quý, quyết"),
])
def test_tone_of_qu_y_on_the_y(raw, expected):
    assert normalise_string(raw) == expected


@pytest.mark.parametrize("line, expected", [
    # Tesseract's ñ for ũ (no Vietnamese word has ñ); a comma read before a word at a line's start or
    # after a conjunction
    ("Hợp nhất Quỹ tỉnh Đắk Nông (cñ) và", "Hợp nhất Quỹ tỉnh Đắk Nông (cũ) và"),
    (",Quỹ Khuyến học tỉnh Bình Thuận (cũ) thành", "Quỹ Khuyến học tỉnh Bình Thuận (cũ) thành"),
    ("Sở Nội vụ và ,Sở Tư pháp", "Sở Nội vụ và Sở Tư pháp"),
    ("Sở Nội vụ, Sở Tư pháp", "Sở Nội vụ, Sở Tư pháp"),
])
def test_ocr_line_specks_and_tilde(line, expected):
    from congvan.pipeline.ocr import fix_ocr_line

    assert fix_ocr_line(line) == expected


@pytest.mark.parametrize("lines, expected", [
    (["Thực hiện Quyết định số 28/QĐ-", "TTg ngày 24/8/2025 của Thủ tướng"],
     "Thực hiện Quyết định số 28/QĐ-TTg ngày 24/8/2025 của Thủ tướng"),
    (["Căn cứ Nghị định số 118/2025/NĐ-", "CP, Bộ Nội vụ hướng dẫn"], "Căn cứ Nghị định số 118/2025/NĐ-CP, Bộ Nội vụ hướng dẫn"),
    (["theo Công văn số 706/UBND-", "KGVX ngày 3/3/2025"], "theo Công văn số 706/UBND-KGVX ngày 3/3/2025"),
    (["theo Công văn số 02/PA-BCA-", "C04 ngày 3/3/2025"], "theo Công văn số 02/PA-BCA-C04 ngày 3/3/2025"),
    # not a symbol: a dash at a line's end before a capital stays a dash
    (["Phòng Tài chính -", "Kế hoạch huyện"], "Phòng Tài chính - Kế hoạch huyện"),
    (["giai đoạn 2021-", "Sở Nội vụ hướng dẫn"], "giai đoạn 2021- Sở Nội vụ hướng dẫn"),
])
def test_a_symbol_broken_after_its_hyphen_is_joined(lines, expected):
    assert _text(*lines) == expected


@pytest.mark.parametrize("lines, expected", [
    # an addressee set right of "Kính gửi:" that its column wrapped inside the place's name
    ([("Ban Thường vụ Hội Khuyến học tỉnh Lâm", (204, 156, 420, 169)), ("Đồng.", (204, 174, 238, 187)),
      ("Căn cứ Kế hoạch số 15/KH-UBND ngày 02/3/2025 của Ủy ban nhân dân tỉnh về việc tổ chức Hội nghị tổng kết", (88, 206, 535, 219)),
      ("công tác khuyến học năm 2024, Sở Giáo dục và Đào tạo đề nghị Hội Khuyến học tỉnh cử đại diện tham dự", (88, 224, 535, 238)),
      ("và phát biểu tham luận tại Hội nghị.", (88, 243, 312, 256))],
     "Ban Thường vụ Hội Khuyến học tỉnh Lâm Đồng.\nCăn cứ Kế hoạch số 15/KH-UBND ngày 02/3/2025 của Ủy ban nhân dân tỉnh về việc"
     " tổ chức Hội nghị tổng kết công tác khuyến học năm 2024, Sở Giáo dục và Đào tạo đề nghị Hội Khuyến học tỉnh cử đại"
     " diện tham dự và phát biểu tham luận tại Hội nghị."),
    # a name that ends its line whole stays apart from the next paragraph
    ([("Kính gửi: Sở Nội vụ tỉnh Lâm Đồng", (130, 156, 420, 169)),
      ("Sở Tư pháp nhận được Công văn số 12/SNV ngày 02/3/2025.", (88, 206, 535, 219))],
     "Kính gửi: Sở Nội vụ tỉnh Lâm Đồng\nSở Tư pháp nhận được Công văn số 12/SNV ngày 02/3/2025."),
])
def test_pdf_lines_join_a_name_broken_by_its_column(lines, expected):
    assert build_text([Line(t, 1, bbox, "full") for t, bbox in lines])[0] == expected


_BODY_LINES = [  # justified body text: first line at the indent (121), the others at the margin (85)
    ("Sở Tư pháp nhận được Công văn số 12/SNV-TCBC ngày 02/3/2025 của Sở Nội vụ về việc cho", (121, 100, 538, 114)),
    ("ý kiến đối với hồ sơ đề nghị công nhận Ban vận động thành lập Hội Luật gia tỉnh; sau khi", (85, 118, 538, 132)),
    ("nghiên cứu, Sở Tư pháp có ý kiến như sau:", (85, 136, 300, 150)),
]


@pytest.mark.parametrize("lines, expected", [
    # a numbered heading that stops short of the margin, then its text at the first-line indent
    ([("1. Ý kiến của cơ quan quản lý nhà nước về lĩnh vực hoạt động chính của hội", (121, 160, 480, 174)),
      ("Tại Công văn số 15/STP-HCTP ngày 05/3/2025, Sở Tư pháp thống nhất với đề nghị của Ban", (121, 180, 538, 194)),
      ("vận động thành lập Hội Luật gia tỉnh.", (85, 198, 290, 212))],
     "1. Ý kiến của cơ quan quản lý nhà nước về lĩnh vực hoạt động chính của hội\n"
     "Tại Công văn số 15/STP-HCTP ngày 05/3/2025, Sở Tư pháp thống nhất với đề nghị của Ban vận động thành lập Hội Luật gia tỉnh."),
    # a list item's hanging lines at that indent go on (a symbol broken after its hyphen)
    ([("- Các thành viên Ban Chỉ đạo (theo Quyết định số 23/QĐ-UBND ngày 20/10/2025 và Quyết định", (121, 160, 526, 174)),
      ("số 27/QĐ-", (135, 178, 190, 192)),
      ("UBND ngày 19/12/2025 của Ủy ban nhân dân tỉnh);", (136, 196, 451, 210))],
     "- Các thành viên Ban Chỉ đạo (theo Quyết định số 23/QĐ-UBND ngày 20/10/2025 và Quyết định số 27/QĐ-UBND"
     " ngày 19/12/2025 của Ủy ban nhân dân tỉnh);"),
])
def test_pdf_first_line_indent_starts_a_paragraph(lines, expected):
    text = build_text([Line(t, 1, bbox, "full") for t, bbox in _BODY_LINES + lines])[0]
    assert text.split("\n", 1)[1] == expected


@pytest.mark.parametrize("lines, expected", [
    # (issue 13u, written/020) a stamp set under the header's rule stays a line of its own
    (["Độc lập - Tự do - Hạnh phúc", "---------------", "KHẨN", "Số: 95/CĐ-TTg"],
     "Độc lập - Tự do - Hạnh phúc\n---------------\nKHẨN\nSố: 95/CĐ-TTg"),
    (["BỘ Y TẾ", "-------", "HỎA TỐC", "Số: 12/BYT-KCB"], "BỘ Y TẾ\n-------\nHỎA TỐC\nSố: 12/BYT-KCB"),
])
def test_a_stamp_line_stands_alone(lines, expected):
    assert _text(*lines) == expected
