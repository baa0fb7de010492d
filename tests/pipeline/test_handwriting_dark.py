"""A number written in black pen (pipeline/handwriting.py): never read by guess; read from the pen
(``pen_digits``) where its digits stand apart from the symbol, left empty where its ``2`` runs
into the slash (dev014: ``932`` in dark pen, its ``2`` half outside the gap guessed from
Tesseract's word boxes), with a ``handwritten_number`` warning whose box holds the whole of the ink."""
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.corpora.render import FONTS
from congvan.pipeline.handwriting import read_head_fields
from congvan.pipeline.ocr import tesseract_status
from congvan.pipeline.page_image import finish

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(tesseract_status() is not None, reason=str(tesseract_status()))]

FONT = ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), 54)  # 13 pt at 300 dpi


def _word(text, box, conf):
    return {"block": 1, "par": 1, "line": 1, "left": int(box[0]), "top": int(box[1]),
            "width": int(box[2] - box[0]), "height": int(box[3] - box[1]), "conf": conf, "text": text}


def _pen_932(d, x, base, ink):
    """A clerk's 932 in pen strokes: a looped 9, a 3 of two bows, a 2 with a long foot."""
    w = 6
    d.ellipse((x, base - 58, x + 26, base - 30), outline=ink, width=w)
    d.line((x + 25, base - 44, x + 16, base), fill=ink, width=w)
    x += 34
    d.arc((x, base - 60, x + 26, base - 30), start=200, end=90, fill=ink, width=w)
    d.arc((x, base - 32, x + 28, base + 2), start=270, end=160, fill=ink, width=w)
    x += 36
    d.arc((x, base - 60, x + 28, base - 26), start=190, end=40, fill=ink, width=w)
    d.line((x + 26, base - 36, x + 2, base), fill=ink, width=w)
    d.line((x + 2, base, x + 40, base - 4), fill=ink, width=w)
    return x + 42


@pytest.mark.parametrize("ink", [(20, 20, 25), (70, 70, 75)])  # black and a grey ballpoint
@pytest.mark.parametrize("gap, kept", [(2, "932"), (-3, None)])  # apart from the slash; into it, as on dev014
def test_a_number_in_dark_pen_is_read_apart_from_the_type_or_left_empty(ink, gap, kept):
    img = Image.new("RGB", (1600, 1400), (246, 244, 240))  # the Số line in the top 0.45 of the page
    d = ImageDraw.Draw(img)
    y = 300
    label = d.textbbox((400, y), "Số:", font=FONT)
    d.text((400, y), "Số:", font=FONT, fill=(30, 30, 30))
    x_digits = label[2] + 24
    base = label[3] - 2
    x_ink_end = _pen_932(d, x_digits, base, ink)
    sym_x = x_ink_end + gap
    d.text((sym_x, y), "/QĐ-TTg", font=FONT, fill=(30, 30, 30))
    sym = d.textbbox((sym_x, y), "/QĐ-TTg", font=FONT)
    pimg = finish(img, scale=300 / 72, dpi=300, deskew=False)
    # as Tesseract read dev014's line: the pen digits glued to the symbol, at a low confidence
    words = [_word("Số:", label, 93.0), _word("Ở4#/QĐ-TTg", (x_digits, label[1], sym[2], label[3]), 35.0)]
    found = read_head_fields(words, pimg, 1, timeout=60)
    assert [w["text"] for w in words] == ["Số:", *([kept] if kept else []), "/QĐ-TTg"]
    assert len(found) == 1 and found[0].kind == "number" and found[0].value == kept
    assert kept is None or found[0].by == "digits"
    x0, _, x1, _ = found[0].bbox  # PDF points
    scale = 300 / 72
    assert x0 <= x_digits / scale + 1 and x1 >= (x_ink_end - 4) / scale


@pytest.mark.parametrize("page_conf, crop_read, kept", [
    (52.0, ("09", 0.0), None),  # pool070: two weak reads agree on part of a grey-pen 409: not kept
    (52.0, ("09", 88.0), "09"),  # the crop reads it with confidence: typed digits, kept
    (70.0, ("09", 0.0), "09"),  # the page OCR read it with some confidence (flagged where under 80)
])
def test_two_weak_reads_that_agree_do_not_confirm_a_number(monkeypatch, page_conf, crop_read, kept):
    from congvan.pipeline import handwriting

    img = Image.new("RGB", (1600, 1400), (246, 244, 240))
    d = ImageDraw.Draw(img)
    y = 300
    label = d.textbbox((400, y), "Số:", font=FONT)
    d.text((400, y), "Số:", font=FONT, fill=(30, 30, 30))
    x_digits = label[2] + 24
    x_end = _pen_932(d, x_digits, label[3] - 2, (90, 90, 95))
    d.text((x_end + 10, y), "/TTr-CAT", font=FONT, fill=(30, 30, 30))
    sym = d.textbbox((x_end + 10, y), "/TTr-CAT", font=FONT)
    pimg = finish(img, scale=300 / 72, dpi=300, deskew=False)
    # Tesseract's second read of the crop, as it read pool070's (a stand-in: the decision is tested)
    monkeypatch.setattr(handwriting, "_reread", lambda *a, **k: crop_read)
    monkeypatch.setattr(handwriting, "_pen_digits", lambda *a, **k: None)
    words = [_word("Số:", label, 60.0), _word("09", (x_digits + 36, label[1], x_end, label[3]), page_conf),
             _word("/TTr-CAT", sym, 78.0)]
    found = read_head_fields(words, pimg, 1, timeout=60)
    texts = [w["text"] for w in words]
    if kept is None:
        assert texts == ["Số:", "/TTr-CAT"] and found and found[0].value is None
    else:
        assert texts == ["Số:", kept, "/TTr-CAT"]
