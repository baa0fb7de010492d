"""What a scan loses against its text layer (``benchmarks/robustness.py --scan``), put back.

The signer's family name a seal hides on a grey scan (``ocr_signer.recover_name_start``): the
page OCR reads the given names (``Đức Vũ``) or loses the first letter (``rần Hữu Tuấn``) where the
seal's edge crosses the start of the name; the name's strip is read again with only the darkest
ink, and a known family name before the same given names is put in. The italic 1 of a typed day
(``2/`` for 21) is read as a 1 in the date line's day box."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from congvan import corpora
from congvan.pipeline.document import Line
from congvan.pipeline.ocr import tesseract_status
from congvan.pipeline.ocr_signer import recover_name_start

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(tesseract_status() is not None, reason=f"OCR not available: {tesseract_status()}")]

FONTS = Path(corpora.__file__).parent / "fonts"
SCALE = 300 / 72
WIDTH = 595.0


def _page(name: str, *, seal: bool = True) -> tuple[Image.Image, tuple[float, float, float, float], float]:
    """A grey page with a signature block: the title, a seal's grey ring over the start of ``name``
    (bold, at 400 pt from the left); returns the image, the name's box and where its second word starts (points)."""
    img = Image.new("L", (int(WIDTH * SCALE), int(300 * SCALE)), 255)
    draw = ImageDraw.Draw(img)
    bold = ImageFont.truetype(str(FONTS / "LiberationSerif-Bold.ttf"), int(13 * SCALE))
    draw.text((380 * SCALE, 100 * SCALE), "KT. GIÁM ĐỐC", font=bold, fill=0)
    draw.text((375 * SCALE, 116 * SCALE), "PHÓ GIÁM ĐỐC", font=bold, fill=0)
    x, y = 380 * SCALE, 200 * SCALE
    draw.text((x, y), name, font=bold, fill=0)
    first = name.split()[0] + " "
    second = x + draw.textlength(first, font=bold)
    box = draw.textbbox((x, y), name, font=bold)
    if seal:  # a ring of lighter ink whose edge runs through the family name; the type stays dark under it
        ring = Image.new("L", img.size, 255)
        pen = ImageDraw.Draw(ring)
        r = 70 * SCALE
        cx, cy = x - 52 * SCALE, y + 5 * SCALE
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), outline=140, width=int(3 * SCALE))
        pen.ellipse((cx - r + 8 * SCALE, cy - r + 8 * SCALE, cx + r - 8 * SCALE, cy + r - 8 * SCALE),
                    outline=150, width=int(2 * SCALE))
        img = ImageChops.darker(img, ring)
    return img, tuple(v / SCALE for v in box), second / SCALE


def _lines(seen: str, name_box) -> list[Line]:
    return [Line("KT. GIÁM ĐỐC", 1, (380, 100, 470, 110), column="right"),
            Line("PHÓ GIÁM ĐỐC", 1, (375, 116, 470, 126), column="right"),
            Line(seen, 1, name_box, column="right")]


@pytest.mark.parametrize("printed, seen, expected", [
    ("Nguyễn Đức Vũ", "Đức Vũ", "Nguyễn Đức Vũ"),  # the family name lost under the seal
    ("Trần Quang Minh", "rần Quang Minh", "Trần Quang Minh"),  # its first letter lost
    ("Lê Thanh Liêm", "ê Thanh Liêm", "Lê Thanh Liêm"),
    ("Nguyễn Văn An", "Đức Vũ", "Đức Vũ"),  # the strip reads other given names: left as read
    ("Phạm Minh Chính", "Phạm Minh Chính", "Phạm Minh Chính"),  # a whole name: not read again
])
def test_family_name_under_a_seal_is_read_again(printed, seen, expected):
    img, box, second = _page(printed)
    # the page OCR's box: the given names only where it lost the family name
    name_box = (second, box[1], box[2], box[3]) if not seen[:1].islower() and seen != printed else box
    lines = recover_name_start(img, _lines(seen, name_box), scale=SCALE, width=WIDTH, timeout=30)
    assert lines[-1].text == expected


@pytest.mark.parametrize("seen, limit, digits", [
    ("2/", 31, "21"),  # the italic 1 of a day an e-signed letter stamps, read as a slash
    ("/5", 31, "15"),
    ("3Ï", 31, "31"),  # ... or as an I with a diaeresis
    ("76", 31, "16"),  # ... or as a 7: no day as read
    ("79", 30, "19"),
    ("71", 12, "11"),  # a month
    ("27", 31, None),  # a day as read: judged as it is
    ("21", 31, None),  # digits: judged as they are
    ("07", 12, None),
    ("75", 12, None),  # 15 is no month either
    ("//", 31, None),  # no typed digit beside it: no day
    ("7", 31, None),
    ("2/5", 31, None),  # a day has two digits at most
])
def test_italic_one_of_a_typed_day(seen, limit, digits):
    from congvan.pipeline.typed_digits import italic_one

    assert italic_one(seen, limit) == digits


def _digits_image(text: str, *, size: int = 46) -> Image.Image:
    """Typed digits in a grey, noisy line, as a 300 dpi scan of a number set larger than the line."""
    import random

    font = ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), size)
    img = Image.new("L", (40 + int(font.getlength(text)), size + 30), 235)
    ImageDraw.Draw(img).text((20, 10), text, font=font, fill=25)
    rng = random.Random(7)
    px = img.load()
    for _ in range(img.width * img.height // 6):
        x, y = rng.randrange(img.width), rng.randrange(img.height)
        px[x, y] = max(0, min(255, px[x, y] + rng.randint(-40, 40)))
    return img


@pytest.mark.parametrize("printed, asked, agrees", [
    ("8151", "8151", True),  # the page OCR's digits at 24 %: the Latin model reads the same
    ("963", "963", True),
    ("951", "951", True),
    ("8151", "6151", False),  # what the Vietnamese model read of the same crop
    ("963", "968", False),
])
def test_typed_digits_confirmed_by_the_latin_model(printed, asked, agrees):
    from congvan.pipeline.typed_digits import _has_latin, latin_reads

    if not _has_latin():
        pytest.skip("Tesseract's Latin model (eng) is not installed")
    assert latin_reads(_digits_image(printed), asked, dpi=300, timeout=30) is agrees


@pytest.mark.parametrize("read, title", [
    ("GLAM ĐÒC", "GIÁM ĐỐC"),  # one look-alike off
    ("ZEEGIÁM ĐÓC", "GIÁM ĐỐC"),  # a seal's specks glued before it
    ("/Z=SIÁM ĐÓC", "GIÁM ĐỐC"),  # ... and its edge over the first letter
    ("PHÓ GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("x%PHO GIAM ĐÓC", "PHÓ GIÁM ĐỐC"),  # the longest title the line ends with
    ("LÁM ĐÓC", None),  # two letters lost: not guessed
    ("NỘI VỤ", None),  # the seal's own words
    ("BÌNH S0 kẻ", None),
    ("Đỗ Văn Chung", None),
])
def test_a_title_read_again_above_the_name(read, title):
    from congvan.pipeline.ocr_signer import _title_read

    assert _title_read(read) == title


@pytest.mark.parametrize("line, rest", [
    ("2N PHI CHÍNH PHỦ", "PHI CHÍNH PHỦ"),  # 'VỤ TỔ CHỨC PHI CHÍNH PHỦ' with a seal over its start
    ("/% ;1 CÔNG NGHỆ THÔNG TIN", "CÔNG NGHỆ THÔNG TIN"),
    ("VỤ TỔ CHỨC PHI CHÍNH PHỦ", None),  # a whole title line
    ("KT. CHÁNH VĂN PHÒNG", None),  # an authority prefix is no speck (public 031)
    ("TL. CHỦ TỊCH", None),
    ("T/M UBND TỈNH", None),
    ("uc; PHÓ CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),  # public 032
    ("2N Phi chính phủ", None),  # not in capitals
    ("2N PHI", None),  # one word left: too little to be a title line
])
def test_title_line_behind_seal_specks(line, rest):
    from congvan.pipeline.ocr_blocks import _title_after_specks

    assert _title_after_specks(line) == rest


def test_a_line_in_capitals_under_the_title_does_not_end_the_signature_block():
    """'VỤ TRƯỞNG' then the title's unit garbled by a seal ('2N PHI CHÍNH PHỦ', three syllables): the
    strip under it is still read for the name the page OCR lost."""
    from congvan.pipeline.ocr_signer import recover_signer_name

    img = Image.new("L", (int(WIDTH * SCALE), int(400 * SCALE)), 255)
    draw = ImageDraw.Draw(img)
    bold = ImageFont.truetype(str(FONTS / "LiberationSerif-Bold.ttf"), int(13 * SCALE))
    draw.text((380 * SCALE, 300 * SCALE), "Thang Thị Hạnh", font=bold, fill=0)
    lines = [Line("TL. BỘ TRƯỞNG", 1, (367, 197, 478, 209), column="right"),
             Line("VỤ TRƯỞNG.", 1, (380, 210, 469, 227), column="right"),
             Line("2N PHI CHÍNH PHỦ", 1, (327, 229, 523, 240), column="right")]
    out = recover_signer_name(img, lines, scale=SCALE, width=WIDTH, page_no=1, timeout=30)
    assert out[-1].text == "Thang Thị Hạnh"


@pytest.mark.parametrize("line, fixed", [
    ("SỞ ï NỘI VỤ", "SỞ NỘI VỤ"),  # a speck of the rule under the unit's name, inside its line
    ("UBND TỈNH Ï LÂM ĐỒNG", "UBND TỈNH LÂM ĐỒNG"),
    ("BỘ NỘI VỤ", "BỘ NỘI VỤ"),
    ("CCHC ở UBND", "CCHC ở UBND"),  # a word between capitals in a sentence stays
    ("Sở ï Nội vụ", "Sở ï Nội vụ"),  # only in a line in capitals
])
def test_speck_inside_a_line_in_capitals(line, fixed):
    from congvan.pipeline.ocr import fix_ocr_line

    assert fix_ocr_line(line) == fixed


def _stamped_page(frame: bool = True) -> tuple[object, list[dict]]:
    """A 300 dpi grey page head with an arrival stamp's frame (when ``frame``) round its words, the
    letter's agency line run into the frame's right side, and Tesseract-like words (page pixels)."""
    from congvan.pipeline.page_image import PageImage

    img = Image.new("L", (2480, 1200), 240)
    draw = ImageDraw.Draw(img)
    if frame:  # outer frame, the rule under the office's name; grainy, a pixel off level
        for y in (28, 86):
            for x in range(26, 586, 9):
                draw.line((x, y + (x > 300), x + 6, y + (x > 300)), fill=40, width=3)
        draw.line((26, 314, 586, 314), fill=40, width=3)
        draw.line((26, 28, 26, 314), fill=40, width=3)
        draw.line((586, 28, 586, 314), fill=40, width=3)
    pimg = PageImage(printed=img, colour=img.convert("RGB"), blue=Image.new("L", img.size, 0),
                     red=Image.new("L", img.size, 0), dpi=300, coloured=False, scale=300 / 72)

    def w(text, left, top, right, bottom, line=1):
        return {"block": 1, "par": 1, "line": line, "left": left, "top": top, "width": right - left,
                "height": bottom - top, "conf": 90.0, "text": text}

    words = [w("VP.UBND", 46, 46, 212, 71), w("TỈNH", 225, 33, 321, 71), w("ĐẾN", 50, 129, 221, 179, 2),
             w("Số:....1874", 240, 110, 560, 140, 2), w("Ngày", 240, 150, 330, 190, 3),
             w("Số", 39, 267, 96, 296, 4), w("và", 104, 271, 150, 300, 4), w("ký", 167, 271, 213, 308, 4),
             w("hiệu", 225, 271, 313, 308, 4), w("HS", 320, 250, 400, 300, 4),
             w("UBND", 410, 250, 541, 304, 4), w("TỈNH", 554, 238, 679, 308, 4),  # the agency's line: over the side
             w("BÌNH", 700, 238, 825, 288, 4), w("SỞ", 571, 308, 641, 350, 5), w("NỘI", 654, 308, 754, 362, 5)]
    return pimg, words


@pytest.mark.parametrize("frame, dropped", [
    (True, ["VP.UBND", "TỈNH", "ĐẾN", "Số:....1874", "Ngày", "Số", "và", "ký", "hiệu", "HS", "UBND"]),
    (False, []),  # the stamp's words but no frame round them: nothing is taken out
])
def test_arrival_stamp_words_inside_its_frame_are_left_out(frame, dropped):
    from congvan.pipeline.ocr_stamps import without_arrival_stamp

    pimg, words = _stamped_page(frame)
    kept = without_arrival_stamp(list(words), pimg)
    assert [w["text"] for w in words if w not in kept] == dropped
    assert [w["text"] for w in kept][-4:] == (["TỈNH", "BÌNH", "SỞ", "NỘI"] if frame else ["TỈNH", "BÌNH", "SỞ", "NỘI"])


def test_a_frame_without_a_stamps_words_is_no_stamp():
    """A table's cell or a box round the title: framed words that no arrival stamp prints stay."""
    from congvan.pipeline.ocr_stamps import without_arrival_stamp

    pimg, words = _stamped_page(True)
    words = [dict(w, text="BÁO") if w["text"] in ("ĐẾN", "Số") else w for w in words]
    assert without_arrival_stamp(list(words), pimg) == words


@pytest.mark.parametrize("line, fixed", [
    ("TĨNH BÌNH THUẬN", "TỈNH BÌNH THUẬN"),  # a tilde for the hook on a line without its UBND
    ("SỞ NỘI VỤ TINH LAM DONG", "SỞ NỘI VỤ TỈNH LÂM ĐỒNG"),
    ("UBND TĨNH HÀ TĨNH", "UBND TỈNH HÀ TĨNH"),
    ("Hà Tĩnh", "Hà Tĩnh"),  # the province's own name stays
    ("huyện Tĩnh Gia", "huyện Tĩnh Gia"),
])
def test_tinh_before_a_province(line, fixed):
    from congvan.pipeline.ocr import fix_ocr_line

    assert fix_ocr_line(line) == fixed


@pytest.mark.parametrize("read, seen, more", [
    ("Hồi", "Hôi", True),  # the grave over the circumflex, lost by the page OCR
    ("Tuấn", "Tuân", True),
    ("Nguyễn", "Nguyên", True),
    ("Trẫn", "Trần", False),  # another tone, not one more: the page's word stays
    ("Hôi", "Hồi", False),  # a mark fewer
    ("Hoi", "Hôi", False),
    ("Tuấn", "Tuần", False),
    ("Ñguyễn", "Nguyễn", False),  # a mark on a consonant is a speck
])
def test_a_mark_more_in_the_names_read_again(read, seen, more):
    from congvan.pipeline.ocr_signer import _more_marks

    assert _more_marks(read, seen) is more


@pytest.mark.parametrize("printed, seen, expected", [
    ("Nguyễn Văn Hồi", "Nguyên Văn Hôi", "Nguyễn Văn Hồi"),  # tone marks over the circumflex put back
    ("Trần Hữu Tuấn", "Trần Hữu Tuân", "Trần Hữu Tuấn"),
    ("Nguyễn Văn Hồi", "Nguyễn Văn Hồi", "Nguyễn Văn Hồi"),  # read whole: unchanged
    ("Lê Minh Hoan", "Lê Minh Hoàn", "Lê Minh Hoàn"),  # the strip has fewer marks: the page's read stays
])
def test_signer_name_marks_read_again_from_its_line(printed, seen, expected):
    from congvan.pipeline.ocr_signer import recover_name_marks

    img, box, _ = _page(printed, seal=False)
    lines = recover_name_marks(img, _lines(seen, box), scale=SCALE, width=WIDTH, timeout=30)
    assert lines[-1].text == expected
