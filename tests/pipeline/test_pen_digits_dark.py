"""A number or day written in black (or blue-black, or grey) pen: its strokes stay in the printed
layer with the type, so the digit model reads them there (``pipeline/pen_digits.py``) where the
box's sides are Tesseract's own word boxes or the symbol is found again, and the value is kept
with a warning that it was read from handwriting, its confidence and its box; where a side is a
guess it is left empty, never read short."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.corpora.render import FONTS, render_letter
from congvan.corpora.scan import DARK_INK, inbox_scan_pdf
from congvan.pipeline import digits, extract, handwriting, to_result
from congvan.pipeline.document import Document
from congvan.pipeline.ocr import tesseract_status
from congvan.pipeline.page_image import finish

needs_model = pytest.mark.skipif(not digits.available(), reason="no handwritten digit model")
needs_tesseract = pytest.mark.skipif(tesseract_status() is not None, reason=str(tesseract_status()))

TYPE = ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), 54)  # 13 pt at 300 dpi
HAND = ImageFont.truetype(str(FONTS / "LiberationSerif-Italic.ttf"), 66)  # a hand a little larger than the type
INKS = {"black": (20, 20, 25), "blue-black": (35, 38, 55), "grey ballpoint": (70, 70, 75)}


def _word(text, box, conf):
    return {"block": 1, "par": 1, "line": 1, "left": int(box[0]), "top": int(box[1]),
            "width": int(box[2] - box[0]), "height": int(box[3] - box[1]), "conf": conf, "text": text}


def _number_line(value: str, ink):
    """A page with ``Số:`` and ``/QĐ-TTg`` typed in black and ``value`` written between them in
    ``ink``: (the page image, the label's box, the ink's box, the symbol's box) in pixels."""
    img = Image.new("RGB", (1600, 1400), (246, 244, 240))  # the Số line in the top 0.45 of the page
    d = ImageDraw.Draw(img)
    y = 300
    label = d.textbbox((400, y), "Số:", font=TYPE)
    d.text((400, y), "Số:", font=TYPE, fill=(30, 30, 30))
    at = (label[2] + 24, label[3] + 6)
    written = d.textbbox(at, " ".join(value), font=HAND, anchor="ls")
    d.text(at, " ".join(value), font=HAND, fill=ink, anchor="ls")
    sym_x = written[2] + 16
    d.text((sym_x, y), "/QĐ-TTg", font=TYPE, fill=(30, 30, 30))
    sym = d.textbbox((sym_x, y), "/QĐ-TTg", font=TYPE)
    return finish(img, scale=300 / 72, dpi=300, deskew=False), label, written, sym


@needs_model
@pytest.mark.parametrize("ink", INKS.values(), ids=INKS.keys())
@pytest.mark.parametrize("value", ["730", "35", "2035"])
def test_a_number_in_dark_ink_between_whole_words_is_read_from_the_pen(monkeypatch, ink, value):
    pimg, label, written, sym = _number_line(value, ink)
    assert pimg.blue.getbbox() is None  # nothing set apart as pen ink: the strokes are in the printed layer
    # Tesseract's reads fail as on dev014 (the page OCR a guess at 35 %, the crop nothing)
    monkeypatch.setattr(handwriting, "_reread", lambda *a, **k: ("", 0.0))
    words = [_word("Số:", label, 93.0), _word("Ở4#", written, 35.0), _word("/QĐ-TTg", sym, 91.0)]
    found = handwriting.read_head_fields(words, pimg, 1, timeout=60)
    assert [w["text"] for w in words] == ["Số:", value, "/QĐ-TTg"]
    assert len(found) == 1 and found[0].value == value and found[0].by == "digits"
    x0, _, x1, _ = found[0].bbox  # PDF points: the box holds the ink
    assert x0 <= written[0] / pimg.scale + 1 and x1 >= written[2] / pimg.scale - 1
    doc = Document(path="x.pdf", sha256="0", media_type="application/pdf", text_layer="ocr")
    handwriting.handwriting_warnings(doc, found)
    [w] = doc.warnings
    assert w.code == "handwritten_number" and w.bbox == found[0].bbox
    assert "read from the handwriting as " + value in w.message and "with confidence" in w.message
    assert handwriting.read_from_pen(doc, "number")


@needs_model
@pytest.mark.parametrize("symbol_text, starts_at", [
    ("QĐ-TTg", "last digit"),  # the slash and the last digit lost in the symbol's word (5/UBND-NV read UBND-NV)
    ("/QĐ-TTg", "last digit"),  # the symbol's word box swallowing the last digit (ends a guess)
])
def test_dark_ink_beyond_a_side_that_is_a_guess_is_not_read_short(monkeypatch, symbol_text, starts_at):
    pimg, label, written, sym = _number_line("730", INKS["black"])
    monkeypatch.setattr(handwriting, "_reread", lambda *a, **k: ("", 0.0))
    last = written[0] + 2 * (written[2] - written[0]) // 3  # about where the 0 starts
    if symbol_text.startswith("/"):  # read apart, glued into one word with the first digits
        words = [_word("Số:", label, 93.0), _word("73" + symbol_text, (written[0], sym[1], sym[2], sym[3]), 40.0)]
        monkeypatch.setattr("congvan.pipeline.pen_digits.symbol_start", lambda *a, **k: None)
    else:
        words = [_word("Số:", label, 93.0), _word("73", (written[0], written[1], last - 4, written[3]), 40.0),
                 _word(symbol_text, (last, sym[1], sym[2], sym[3]), 80.0)]
    found = handwriting.read_head_fields(words, pimg, 1, timeout=60)
    assert "730" not in [w["text"] for w in words] and "73" not in [w["text"] for w in words]
    assert len(found) == 1 and found[0].value is None


@needs_model
@pytest.mark.parametrize("ink", [INKS["black"], INKS["grey ballpoint"]], ids=["black", "grey"])
@pytest.mark.parametrize("day", ["20", "03", "25", "07"])  # 26, 15, 09, 12, 31, 18 in this face: left empty
def test_a_day_in_dark_ink_is_read_from_the_pen(monkeypatch, ink, day):
    img = Image.new("RGB", (2400, 1400), (246, 244, 240))
    d = ImageDraw.Draw(img)
    y, x, words = 300, 900, []
    for text in ("Hà", "Nội,", "ngày", None, "tháng", "8", "năm", "2025"):
        if text is None:  # the day in pen
            at = (x + 10, y + 58)
            box = d.textbbox(at, " ".join(day), font=HAND, anchor="ls")
            d.text(at, " ".join(day), font=HAND, fill=ink, anchor="ls")
            words.append(_word("ZÉ", box, 20.0))
            x = box[2] + 24
            continue
        box = d.textbbox((x, y), text, font=TYPE)
        d.text((x, y), text, font=TYPE, fill=(30, 30, 30))
        words.append(_word(text, box, 95.0))
        x = box[2] + 20
    pimg = finish(img, scale=300 / 72, dpi=300, deskew=False)
    monkeypatch.setattr(handwriting, "_reread", lambda *a, **k: ("", 0.0))
    found = handwriting.read_head_fields(words, pimg, 1, timeout=60)
    assert [w["text"] for w in words][2:4] == ["ngày", day]
    assert [(h.kind, h.value, h.by) for h in found] == [("day", day, "digits")]


@needs_tesseract
@needs_model
@pytest.mark.slow
@pytest.mark.parametrize("number, day", [("753", "09"), ("752", "03")])
def test_a_scan_with_the_number_and_day_written_in_black(sample, tmp_path, number, day):
    """The sample letter with another number and day, rendered, the digits erased and written in
    again in black pen strokes touching the symbol (a JPEG inbox scan at 200 dpi with a seal),
    read through the whole OCR path: each value is right or empty, never another number, each
    with its warning and box; at least one of them is read from the pen, and says so (measured:
    753, 752 and both days read by the digit model; a one-digit number glued to the symbol, 5 or
    9, is left empty without a warning, as before: not yet a case here)."""
    text = (sample.read_text(encoding="utf-8").replace("Số: 215/", f"Số: {number}/")
            .replace("ngày 03 tháng", f"ngày {day} tháng"))
    pdf = render_letter(text, tmp_path / "letter.pdf")
    scan = inbox_scan_pdf(pdf, tmp_path / "scan.pdf", ink=DARK_INK)
    r = to_result(extract(scan))
    d = r["document"]
    warned = {w["code"]: w for w in r["warnings"] if w["code"].startswith("handwritten_")}
    for value, truth, code in ((d["number"], number, "handwritten_number"),
                               (d["issued_date"]["day"], int(day), "handwritten_date")):
        assert value in (None, truth), (value, truth)
        if value is None:
            assert code in warned and warned[code]["bbox"]
    pen = [w for w in warned.values() if "read from the handwriting" in w["message"]]
    assert pen and all("with confidence" in w["message"] and w["bbox"] for w in pen), warned
