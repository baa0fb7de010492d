"""What a scan loses against its text layer (``benchmarks/robustness.py --scan``), put back.

The signer's family name a seal hides on a grey scan (``ocr_blocks.recover_name_start``): the
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
from congvan.pipeline.ocr_blocks import recover_name_start

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


@pytest.mark.parametrize("seen, digits", [
    ("2/", "21"),  # the italic 1 of a day an e-signed letter stamps, read as a slash
    ("/5", "15"),
    ("3Ï", "31"),  # ... or as an I with a diaeresis
    ("21", None),  # digits: judged as they are
    ("//", None),  # no typed digit beside it: no day
    ("7", None),
    ("2/5", None),  # a day has two digits at most
])
def test_italic_one_of_a_typed_day(seen, digits):
    from congvan.pipeline.handwriting import _italic_one

    assert _italic_one(seen) == digits


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
