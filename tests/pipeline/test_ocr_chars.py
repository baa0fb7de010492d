"""A digit the page OCR printed as § read again from the word's own crop (pipeline/ocr_chars.py)."""
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.corpora.render import FONTS
from congvan.pipeline.ocr import tesseract_status
from congvan.pipeline.ocr_chars import digit_for_unread, recover_unread_digits


@pytest.mark.parametrize("word, reread, fixed", [
    # the § is a 5 in one word and an 8 in another on the same real scan (dev001): the second read says which
    ("/CAT-PA0§", "/CAT-PA05", "/CAT-PA05"),
    ("/CAT-PA0§", "/CAT-PA05_", "/CAT-PA05"),
    ("2025-0§-20T15:14:49~07:00", "2025-08-20T15:1+3:49~07:00", "2025-08-20T15:14:49~07:00"),
    # nothing on the page there: a speck read as § (dev007, pool086: 'Quyết định số 28/QĐ-TTg')
    ("28§/QĐ-", "28/QĐ-", "28/QĐ-"),
    ("28§/QĐ-", "ô 28/QĐ-", "28/QĐ-"),
    # the second read does not settle it: the § stays for the reviewer
    ("/CAT-PA0§", "/CAT-PA0", "/CAT-PA0§"),  # the last digit lost again
    ("/CAT-PA0§", "/CAT-PA057", "/CAT-PA0§"),  # more than one digit there
    ("2025-0§-20", "2025-0§-20", "2025-0§-20"),
    ("2025-0§-20", "2025-08-21", "2025-0§-20"),  # the characters around it differ
    ("2025-0§-20", "2025-08-20 2025-03-20", "2025-0§-20"),  # two digits: neither
    ("A§B", "A5B", "A§B"),  # no digit beside it
])
def test_a_digit_read_as_section_sign_is_settled_by_a_second_read(word, reread, fixed):
    assert digit_for_unread(word, reread) == fixed


def test_the_label_of_the_number_line_is_not_read_as_a_digit():
    # '§6:' is 'Số:' (number_label); only what follows the label is looked at
    assert digit_for_unread("§6:40/PA0§", "Số:40/PA05", start=3) == "§6:40/PA05"


def _font(size):
    return ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), size)  # the renderer's font


def _page_with(texts):
    """A grey page at 300 dpi with each (x, y, text) in 13 pt type, and the words' boxes."""
    img = Image.new("L", (1400, 400), 240)
    d = ImageDraw.Draw(img)
    font = _font(54)
    boxes = []
    for x, y, text in texts:
        d.text((x, y), text, font=font, fill=25)
        boxes.append(d.textbbox((x, y), text, font=font))
    return img, boxes


@pytest.mark.slow
@pytest.mark.skipif(tesseract_status() is not None, reason=str(tesseract_status()))
def test_words_with_an_unread_digit_are_put_right_from_their_crop():
    img, boxes = _page_with([(100, 60, "/CAT-PA05"), (700, 60, "28/QĐ-TTg"), (100, 220, "Số:40/HCCV")])
    words = [{"text": t, "left": b[0], "top": b[1], "width": b[2] - b[0], "height": b[3] - b[1], "conf": 40.0}
             for t, b in zip(["/CAT-PA0§", "28§/QĐ-TTg", "§6:40/HCCV"], boxes)]
    recover_unread_digits(words, img, dpi=300, timeout=60)
    # the label's '§6' is left to the number line's own reading
    assert [w["text"] for w in words] == ["/CAT-PA05", "28/QĐ-TTg", "§6:40/HCCV"]
