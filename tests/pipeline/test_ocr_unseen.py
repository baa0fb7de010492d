"""OCR lines as Tesseract gave them on real scans nobody tuned on (pool scans of ../shared/corpora/pool:
the header and the signature block), and what the OCR fixes make of them."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.pipeline.document import Line
from congvan.pipeline.ocr import confirm_name, fix_ocr_line, fix_ocr_lines, fix_ocr_text, tesseract_status
from congvan.pipeline.ocr_accents import restore_word_accents


def _lines(*rows):
    return [Line(text=t, page=1, bbox=(0, 0, 1, 1), column=c) for c, t in rows]


@pytest.mark.parametrize("line, fixed", [
    # the month word of the date line (pool037, pool081)
    ("Lâm Đồng, ngày 26 thóng 8 năm 2025", "Lâm Đồng, ngày 26 tháng 8 năm 2025"),
    ("Lâm Đồng, ngày _ 'thảng 12 năm 2025", "Lâm Đồng, ngày tháng 12 năm 2025"),
    # the V/v label (pool048) and Kính gửi with its K under an arrival stamp (pool029)
    ("Ư/v cử đại diện lãnh đạo tham gia", "V/v cử đại diện lãnh đạo tham gia"),
    ("<ính gửi:", "Kính gửi: "),
    # short signer titles one look-alike letter off (pool037), a quote a seal left before one (pool089)
    ("GLÁM ĐÓC", "GIÁM ĐỐC"),
    ("“THỦ TƯỚNG", "THỦ TƯỚNG"),
    # accents of common terms of the subject line (pool039, 047, 070, 071)
    ("V/v trao đôi thông tin thành viên", "V/v trao đổi thông tin thành viên"),
    ("phụ nữ và tô thư ký, giúp việc", "phụ nữ và tổ thư ký, giúp việc"),
    ("xét duyệt địa bàn câp tỉnh không ma túy", "xét duyệt địa bàn cấp tỉnh không ma túy"),
    ("quốc gia phòng, chồng và kiểm soát ma túy", "quốc gia phòng, chống và kiểm soát ma túy"),
    ("- Bộ Chí huy Quân sự tỉnh;", "- Bộ Chỉ huy Quân sự tỉnh;"),
    # a speck glued before the term of a body in a signature block (pool020)
    ("_NHIỆM KỲ IV (2019-2025)", "NHIỆM KỲ IV (2019-2025)"),
    # a title behind a seal's edge (public 045); an e-mail's @ read '(2' (public 038); 'vẻ' for 'về'
    ("ơn Ta GIÁM ĐỐC", "GIÁM ĐỐC"),
    ("Email: vanphongubqg(2gmail. com) trước ngày", "Email: vanphongubqg@gmail. com) trước ngày"),
    ("CỤC CANH SÁT ĐIÊU TRA", "CỤC CẢNH SÁT ĐIỀU TRA"),
    ("tỉnh cũ đề làm thủ tục", "tỉnh cũ để làm thủ tục"),
    # what must not change: a real month word, 'gần với', a 'tháng' with no date after it, prefixes
    ("Hà Nội, ngày 01 tháng 10 năm 2025", "Hà Nội, ngày 01 tháng 10 năm 2025"),
    ("gần với khu dân cư", "gần với khu dân cư"),
    ("thông tin của tháng", "thông tin của tháng"),
    ("-_ đến năm 2030", "đến năm 2030"),  # public 036: a speck opening the subject's last line
    ("TM. GIÁM ĐỐC", "TM. GIÁM ĐỐC"),
    ("SỞ GIÁM ĐỐC", "SỞ GIÁM ĐỐC"),
])
def test_ocr_lines_of_unseen_scans(line, fixed):
    assert fix_ocr_line(line) == fixed


@pytest.mark.parametrize("word, fixed", [("rhân", "nhân"), ("Rhân", "Nhân"), ("nhân", "nhân"), ("Rh", "Rh"),
                                        ("VẺ", "VỀ"), ("vẻ", "về"), ("vẽ", "vẽ"),
                                        # an abbreviation with a digit for a letter (public 041); symbols stay
                                        ("MT1Q", "MTTQ"), ("MT1Q,", "MTTQ,"), ("PC04", "PC04"), ("V01", "V01")])
def test_ocr_word_confusions(word, fixed):
    assert fix_ocr_text(word) == fixed


@pytest.mark.parametrize("rows, expected", [
    # KT. block: the deputy's title behind a seal's specks, a speck word between (pool039)
    ([("right", "KT.GIÁM ĐỐC"), ("right", "TẮNG"), ("right", "ĐỀ đau GIÁM ĐỌC"), ("right", "Thượng tá Phạm Thanh Hùng")],
     ["KT.GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Thượng tá Phạm Thanh Hùng"]),
    # specks before the name on its own line (pool089, pool029, pool070)
    ([("right", "THỦ TƯỚNG"), ("right", "T Phạm Minh Chính")], ["THỦ TƯỚNG", "Phạm Minh Chính"]),
    ([("right", "TM. BAN THƯỜNG VỤ"), ("right", "CHỦ TỊCH"), ("right", "_ES. TS. Đỗ Ngọc Thịnh")],
     ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Đỗ Ngọc Thịnh"]),
    ([("right", "GIÁM ĐỐC"), ("right", "2< 240145407 lay - Thiếu tướng Trương Minh Đương")],
     ["GIÁM ĐỐC", "Thiếu tướng Trương Minh Đương"]),
    # a piece of the name read twice (pool087)
    ([("right", "GIÁM ĐỐC"), ("right", "Trương Minh"), ("right", "Thiếu tướng Trương Minh Đương")],
     ["GIÁM ĐỐC", "Thiếu tướng Trương Minh Đương"]),
    # the seal's specks under a title one look-alike off go with it (pool037)
    ([("right", "GLÁM ĐÓC"), ("right", "Lư"), ("right", "7 nay/"), ("right", "Hồ Quang Huệ")],
     ["GIÁM ĐỐC", "Hồ Quang Huệ"]),
    # a rank whose first word OCR misread (public 036); Nơi nhận's lines interleaved with the block,
    # and specks with digits and strokes that are no name (public 045)
    ([("right", "THỨ TRƯỞNG"), ("right", "Vướn tướng Nguyễn Văn Long")], ["THỨ TRƯỞNG", "Nguyễn Văn Long"]),
    ([("right", "GIÁM ĐỐC"), ("left", "- Như kính gửi;"), ("left", "- Đ/c Đại tá Nguyễn Tường Vũ - PGĐCA tỉnh;"),
      ("left", "- Lưu: VT, PC06 (ĐI)."), ("right", "V/V Nề."), ("right", "II sảy Ý l2W/ À"), ("right", "le NA# J2, sửnh"),
      ("right", "\\x@wSj -- -"), ("right", "2/2"), ("right", "Thiếu tướng Trương Minh Đương")],
     ["GIÁM ĐỐC", "- Như kính gửi;", "- Đ/c Đại tá Nguyễn Tường Vũ - PGĐCA tỉnh;", "- Lưu: VT, PC06 (ĐI).",
      "Thiếu tướng Trương Minh Đương"]),
    # a garbled "Nơi nhận:" under the closing formula, over the copies list without "Như trên" (pool029)
    ([("full", "Trân trọng./."), ("left", "Tâm"), ("left", "- Bộ Tư pháp (để b/c);"), ("left", "- Cục Bổ trợ tư pháp-BTP;")],
     ["Trân trọng./.", "Nơi nhận:", "- Bộ Tư pháp (để b/c);", "- Cục Bổ trợ tư pháp-BTP;"]),
    ([("full", "Các đơn vị thực hiện."), ("left", "Tâm"), ("left", "- Bộ Tư pháp;"), ("left", "- Cục Bổ trợ;")],
     ["Các đơn vị thực hiện.", "Tâm", "- Bộ Tư pháp;", "- Cục Bổ trợ;"]),
    # real words before a name are no specks: left alone
    ([("right", "GIÁM ĐỐC"), ("right", "Giao Nguyễn Văn An")], ["GIÁM ĐỐC", "Giao Nguyễn Văn An"]),
])
def test_signature_blocks_of_unseen_scans(rows, expected):
    assert [l.text for l in fix_ocr_lines(_lines(*rows))] == expected


def _font(size):
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    pytest.skip("no TrueType font to draw the name with")


@pytest.mark.slow
@pytest.mark.skipif(tesseract_status() is not None, reason=str(tesseract_status()))
def test_name_under_a_seal_is_read_from_the_last_band_of_type():
    """A seal whited out of the page image and a signature's strokes over the strip under the title
    (pool071): Tesseract reads nothing in the whole strip, the name's own band reads."""
    from congvan.pipeline.ocr_signer import _last_text_band, recover_signer_name

    scale = 300 / 72
    img = Image.new("L", (int(595 * scale), int(842 * scale)), 235)
    d = ImageDraw.Draw(img)
    d.text((int(360 * scale), int(534 * scale)), "GIÁM ĐỐC", font=_font(int(12 * scale)), fill=20)
    cx, cy, r = int(420 * scale), int(590 * scale), int(52 * scale)
    # a seal's ring, white-out blobs where its red was, a signature's strokes
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=20, width=int(3 * scale))
    for k in range(14):
        x, y = cx - r + k * 8 * scale, cy - r / 2 + (k % 3) * 12 * scale
        d.ellipse((x, y, x + 9 * scale, y + 9 * scale), fill=255)
    d.line((int(300 * scale), int(640 * scale), int(560 * scale), int(585 * scale)), fill=20, width=int(1.5 * scale))
    d.line((int(380 * scale), int(620 * scale), int(470 * scale), int(560 * scale)), fill=20, width=int(2 * scale))
    d.text((int(320 * scale), int(655 * scale)), "Thiếu tướng Trương Minh Đương", font=_font(int(12 * scale)), fill=20)
    title = Line(text="GIÁM ĐỐC", page=1, bbox=(358, 534, 461, 547), column="right")
    box = (278, 548, 541, 677)
    band = _last_text_band(img, box, scale)
    assert band is not None and 645 <= band[1] <= 660 and band[3] <= 677
    lines = recover_signer_name(img, [title], scale=scale, width=595, page_no=1, timeout=60)
    assert [l.text for l in lines][-1] == "Thiếu tướng Trương Minh Đương"


@pytest.mark.parametrize("line, fixed", [
    # a syllable no word of the list has, beside one it makes no word with (public 038, 039, 041, 046)
    ("Ủy ban Quôc gia", "Ủy ban Quốc gia"),
    ("TỘI PHAM VỀ MA TÚY", "TỘI PHẠM VỀ MA TÚY"),
    ("kỹ thuât số", "kỹ thuật số"),
    ("chuân bị tổ chức", "chuẩn bị tổ chức"),
    ("tiêp nhận hồ sơ", "tiếp nhận hồ sơ"),
    # what stays: syllables of the list (Nơi nhận would make Nội nhân), family names, new-style tones,
    # a syllable that makes a word with its other neighbour (các cơ quan: not cắc cớ)
    ("Nơi nhận:", "Nơi nhận:"),
    ("Nguyễn Văn Long", "Nguyễn Văn Long"),
    ("phòng, chống ma tuý", "phòng, chống ma tuý"),
    ("các cơ quan", "các cơ quan"),
    ("Đội ứng cứu sự cố", "Đội ứng cứu sự cố"),
])
def test_accents_from_the_word_list(line, fixed):
    from congvan.pipeline.ocr_accents import _words

    if not _words()[0]:
        pytest.skip("underthesea's word list is not installed")
    assert restore_word_accents(line) == fixed


@pytest.mark.parametrize("name, expected", [
    ("Nguyên Văn Long", "Nguyễn Văn Long"),  # public 038: one family name has those letters
    ("Trương Minh Đương", "Trương Minh Đương"),
    ("Bon Yô Soan", "Bon Yô Soan"),  # no family name of those letters: left
])
def test_family_name_one_accent_off(name, expected):
    assert confirm_name(name, "") == expected


def test_wrapped_list_entry_is_one_line_again():
    """Public 038: an addressee wrapped onto a second line; the list goes on after it."""
    from congvan.pipeline.ocr_blocks import join_wrapped_items

    rows = [("full", (160, 120, 540, 132), "- Các Bộ, ngành thành viên Ủy ban Quốc gia phòng, chống"),
            ("full", (160, 135, 300, 147), "AIDS, ma túy, mại dâm;"),
            ("full", (160, 150, 540, 162), "- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương."),
            # a seal's word under an entry is no piece of it (pool029: "TINH.")
            ("full", (160, 165, 400, 177), "- Sở Nội vụ tỉnh Lâm Đồng"), ("full", (170, 179, 210, 186), "TINH."),
            # a body line under an entry that ended as entries do: left alone
            ("full", (90, 195, 540, 207), "Thực hiện Quy chế công tác của Ủy ban Quốc gia phòng, chống AIDS;")]
    lines = [Line(text=t, page=1, bbox=b, column=c) for c, b, t in rows]
    assert [l.text for l in join_wrapped_items(lines)] == [
        "- Các Bộ, ngành thành viên Ủy ban Quốc gia phòng, chống AIDS, ma túy, mại dâm;",
        "- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.", "- Sở Nội vụ tỉnh Lâm Đồng", "TINH.",
        "Thực hiện Quy chế công tác của Ủy ban Quốc gia phòng, chống AIDS;"]


def test_addressees_after_the_header_read_out_of_order():
    """Pool029: 'Kính gửi:' alone, the right header column next, then the list with a speck inside it
    and a body line that OCR opened with '-_'."""
    from congvan.extractors.recipients import find_recipients

    text = ("Kính gửi:\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Hà Nội, ngày tháng 10 năm 2025\n- Đoàn Luật sư tỉnh Lâm Đồng;\n- Đoàn Luật sư tỉnh Bình Thuận;\nTớ\n"
            "- Đoàn Luật sư tỉnh Đắk Nông.\n"
            + fix_ocr_line("-_ Liên đoàn Luật sư Việt Nam nhận được Tờ trình số 197/TTr-ĐLS của các Đoàn Luật sư.") + "\n")
    assert [m.value["name"] for m in find_recipients(text)] == [
        "Đoàn Luật sư tỉnh Lâm Đồng", "Đoàn Luật sư tỉnh Bình Thuận", "Đoàn Luật sư tỉnh Đắk Nông"]


def test_tall_speck_of_a_stamp_is_left_out_of_the_layout():
    """Public 045: 'TS' at 8 % confidence, three lines of type tall (an arrival stamp's edge), beside a
    two-line title made the layout join the two lines and shuffle their words."""
    from congvan.pipeline.ocr import _without_tall_specks

    def w(text, top, height, conf, left=0):
        return {"block": 1, "par": 1, "line": 1, "left": left, "top": top, "width": 40, "height": height,
                "conf": conf, "text": text}

    words = [w(f"chữ{k}", 100 + 50 * k, 40, 95, 200) for k in range(12)]
    speck, digits, word = w("TS", 650, 130, 7.8), w("4", 650, 130, 5.0), w("Đề", 650, 130, 85.0)
    kept = _without_tall_specks(words + [speck, digits, word])
    assert speck not in kept and digits in kept and word in kept and len(kept) == 14


@pytest.mark.parametrize("rows, expected", [
    # a symbol broken after its hyphen at a line's end (dev007, dev001, dev016, public 036/041/046)
    ([("full", "Điều 6 Quyết định số 28/QĐ-"), ("full", "TTg ngày 24/8/2025 của Thủ tướng")],
     ["Điều 6 Quyết định số 28/QĐ-TTg", "ngày 24/8/2025 của Thủ tướng"]),
    ([("full", "thực hiện Phương án số 02/PA-BCA-"), ("full", "C04 và Kế hoạch số 376/KH-BCA-C04;")],
     ["thực hiện Phương án số 02/PA-BCA-C04", "và Kế hoạch số 376/KH-BCA-C04;"]),
    ([("full", "Quyết định số 706/QĐ-"), ("full", "UBND, ngày 11/8/2025 của Ủy ban")],
     ["Quyết định số 706/QĐ-UBND,", "ngày 11/8/2025 của Ủy ban"]),
    # what stays: no symbol before the hyphen, a word that is no symbol's part, another column
    ([("full", "giai đoạn 2021-"), ("full", "HĐND tỉnh thông qua")], ["giai đoạn 2021-", "HĐND tỉnh thông qua"]),
    ([("full", "theo Công văn số 12/UBND-"), ("full", "Văn phòng tổng hợp")],
     ["theo Công văn số 12/UBND-", "Văn phòng tổng hợp"]),
    ([("left", "Số: 12/UBND-"), ("right", "VP ngày 3")], ["Số: 12/UBND-", "VP ngày 3"]),
])
def test_a_symbol_broken_over_two_lines_is_put_back_together(rows, expected):
    from congvan.pipeline.ocr_blocks import join_broken_symbols

    lines = [Line(text=t, page=1, bbox=(80, 100 + 16 * i, 500, 112 + 16 * i), column=c) for i, (c, t) in enumerate(rows)]
    assert [l.text for l in join_broken_symbols(lines)] == expected
