"""Real-looking scans: colour JPEG pages at 200 dpi with a red seal over the signature and the
number and day written in blue ink (``congvan.corpora.scan.inbox_scan_pdf`` from the rendered sample),
read through the OCR path with real Tesseract; and the page-image, layout and text-layer checks
that path relies on."""
from __future__ import annotations

from collections import Counter

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pathlib import Path

from congvan import corpora
from congvan.corpora.render import render_file, render_letter
from congvan.corpora.scan import inbox_scan_pdf, scan_pdf
from congvan.pipeline import extract, to_result
from congvan.pipeline.legacy import dropped_letters
from congvan.pipeline.ocr import _runs, _tesseract_words, ocr_pages, prepare_page, tesseract_status
from congvan.pipeline.ocr_blocks import keep_every_line
from congvan.pipeline.page_image import split_inks
from congvan.pipeline.pdf_layout import lines_from_runs

FONTS = Path(corpora.__file__).parent / "fonts"
needs_tesseract = pytest.mark.skipif(tesseract_status() is not None,
                                     reason=f"OCR not available: {tesseract_status()}")


@pytest.fixture(scope="module")
def inbox_scan(sample, tmp_path_factory):
    """(text PDF, inbox scan of it): 215 and 03 erased and written again in blue, a seal on KT."""
    d = tmp_path_factory.mktemp("inbox")
    pdf = render_file(sample, d)
    return pdf, inbox_scan_pdf(pdf, d / "inbox.pdf", dpi=200, quality=70)


def test_colour_layers_are_split():
    img = Image.new("RGB", (4, 1), (255, 255, 255))
    img.putpixel((0, 0), (20, 20, 20))  # black type
    img.putpixel((1, 0), (215, 40, 45))  # seal red
    img.putpixel((2, 0), (100, 100, 150))  # a faded ballpoint (dev023)
    img.putpixel((3, 0), (30, 8, 10))  # black type under the seal's ink: stays type
    printed, blue, red, coloured = split_inks(img)
    assert coloured
    assert [printed.getpixel((x, 0)) < 128 for x in range(4)] == [True, False, False, True]
    assert [blue.getpixel((x, 0)) for x in range(4)] == [0, 0, 255, 0]
    assert [red.getpixel((x, 0)) for x in range(4)] == [0, 255, 0, 0]
    grey = Image.new("RGB", (2, 1), (128, 128, 128))
    assert split_inks(grey)[3] is False  # a greyscale scan: nothing set apart


@needs_tesseract
def test_inbox_scan_reads_like_the_text_and_never_guesses_handwriting(inbox_scan):
    pdf, scan = inbox_scan
    text = to_result(extract(pdf))["document"]
    r = to_result(extract(scan))
    d = r["document"]
    assert r["source"]["text_layer"] == "ocr"
    # the printed parts, under a seal and on cream JPEG paper, read as in the text PDF
    for field in ("symbol", "doc_type", "place", "subject", "signer"):
        assert d[field] == text[field], field
    assert [u["name"] for u in d["recipients"]] == [u["name"] for u in text["recipients"]]
    assert (d["issued_date"]["year"], d["issued_date"]["month"]) == (2025, 6)
    # the handwritten number and day: right, or empty with a warning that boxes the ink
    warned = {w["code"]: w for w in r["warnings"]}
    for value, truth, code, label in ((d["number"], "215", "handwritten_number", "Số:"),
                                      (d["issued_date"]["day"], 3, "handwritten_date", "ngày")):
        assert value in (None, truth)
        assert code in warned
        x0, top, x1, bottom = warned[code]["bbox"]
        tx0, ttop, tx1, tbottom = _digits_box(pdf, label)
        assert x0 - 4 <= tx0 and tx1 <= x1 + 4 and top - 4 <= ttop and tbottom <= bottom + 4, (warned[code], label)


def _digits_box(pdf_path, label: str):
    """The box (points, top-left origin) of the digits after ``label`` on page 1 of the text PDF."""
    from congvan.corpora.scan import _digits_after

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return _digits_after(pdf[0], label, 1.0)[1]
    finally:
        pdf.close()


@needs_tesseract
def test_every_ocr_line_is_in_the_text_exactly_once(inbox_scan):
    _, scan = inbox_scan
    pdf = pdfium.PdfDocument(str(scan))
    page = pdf[0]
    pimg = prepare_page(page)
    width = page.get_width()
    pdf.close()
    words = _tesseract_words(pimg.printed, timeout=120, dpi=pimg.dpi)
    runs = _runs(words, pimg.scale)
    laid = lines_from_runs(runs, width=width, page_no=1)
    want = Counter(t for run in runs for t in run.text.split())
    out = keep_every_line(laid, words, scale=pimg.scale, width=width, page_no=1)
    assert Counter(t for l in out for t in l.text.split()) == want
    # a zone the layout loses comes back, once, where it was on the page
    lost = next(k for k, l in enumerate(laid) if l.text.startswith("Kính gửi"))
    damaged = laid[:lost] + laid[lost + 1:]
    back = keep_every_line(damaged, words, scale=pimg.scale, width=width, page_no=1)
    assert Counter(t for l in back for t in l.text.split()) == want
    new = [k for k, l in enumerate(back) if all(l is not d for d in damaged)]
    assert Counter(t for k in new for t in back[k].text.split()) == Counter(laid[lost].text.split())
    assert new[0] == lost and back[:lost] == damaged[:lost]  # in its place, Tesseract's order inside


def test_page_furniture_is_not_put_back():
    words = [{"block": 1, "par": 1, "line": 1, "left": 300, "top": 10, "width": 20, "height": 20, "conf": 95, "text": "2"}]
    assert keep_every_line([], words, scale=1.0, width=600, page_no=2) == []


@needs_tesseract
def test_pages_of_a_scan_are_read_in_parallel_with_the_same_result(sample, tmp_path):
    text = sample.read_text(encoding="utf-8")
    head, _, rest = text.partition("Thực hiện")
    body, _, tail = rest.partition("Nơi nhận:")
    long = head + ("Thực hiện" + body) * 9 + "Nơi nhận:" + tail  # two pages
    scan = scan_pdf(render_letter(long, tmp_path / "long.pdf"), tmp_path / "long-scan.pdf")
    pdf = pdfium.PdfDocument(str(scan))
    try:
        assert len(pdf) >= 2
        one = [(n, [l.text for l in r.lines]) for n, r in ocr_pages(pdf, list(range(1, len(pdf) + 1)), workers=1)]
        two = [(n, [l.text for l in r.lines]) for n, r in ocr_pages(pdf, list(range(1, len(pdf) + 1)), workers=2)]
    finally:
        pdf.close()
    assert one == two and all(lines for _, lines in one)


@pytest.mark.parametrize("drop, flagged", [("", ""), ("HDNT", "HNT"), ("nh", "nh")])
def test_text_layers_that_drop_letters_are_flagged(sample, drop, flagged):
    text = sample.read_text(encoding="utf-8") * 3  # a full page's worth of letters
    assert dropped_letters(text.translate(str.maketrans("", "", drop))) == flagged


@needs_tesseract
def test_a_layer_without_its_capitals_is_read_by_ocr(sample, tmp_path):
    """A page whose picture prints every letter but whose text layer lacks H, N and T (as some
    signing tools write it): the page is OCR'd, and the text has those capitals again."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    src = render_file(sample, tmp_path)
    pdf = pdfium.PdfDocument(str(src))
    png = tmp_path / "page.png"
    pdf[0].render(scale=200 / 72).to_pil().save(png)
    layer = "\n".join(l for l in sample.read_text(encoding="utf-8").splitlines() if l.strip())
    layer = (layer + "\n") * 2
    pdf.close()
    out = FPDF(unit="pt", format=(595.28, 841.89))
    out.add_font("serif", "", str(FONTS / "LiberationSerif-Regular.ttf"))
    out.add_page()
    out.image(str(png), x=0, y=0, w=595.28, h=841.89)
    out.set_font("serif", size=9)
    out.text_mode = TextMode.INVISIBLE
    y = 40
    for line in layer.translate(str.maketrans("", "", "HNT")).splitlines():
        out.text(40, y, line)
        y += 11
    broken = tmp_path / "broken.pdf"
    out.output(str(broken))
    r = to_result(extract(broken))
    assert r["source"]["text_layer"] == "ocr"
    ocr = next(w for w in r["warnings"] if w["code"] == "ocr")
    assert "unreadable text layer" in ocr["message"]
    assert r["document"]["issuer"]["name"] == to_result(extract(src))["document"]["issuer"]["name"]


def _real_scans():
    """The gold-dev letters whose PDF is a scan (no text layer, or one that is not Vietnamese)."""
    from tests.conftest import SHARED

    gold = SHARED / "gold-dev"
    if not gold.is_dir():
        return []
    import json

    from congvan.pipeline.load import load

    out = []
    for g in sorted(gold.glob("dev*.json")):
        src = (g.parent / json.loads(g.read_text(encoding="utf-8"))["source"]["path"]).resolve()
        if src.exists() and load(src, ocr=False).needs_ocr:
            out.append(g)
    return out


NUMBER_WARNINGS = {"handwritten_number", "number_blank", "number_line_not_found"}
DATE_WARNINGS = {"handwritten_date", "issued_date_partial", "date_line_not_found"}


@needs_tesseract
@pytest.mark.parametrize("gold_file", _real_scans(), ids=lambda p: p.stem)
def test_no_number_or_date_on_a_real_scan_is_wrong_without_a_warning(gold_file):
    import json

    from congvan.pipeline.evaluate import scalar_value

    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    r = to_result(extract((gold_file.parent / gold["source"]["path"]).resolve()))
    codes = {w["code"] for w in r["warnings"]}
    if scalar_value(r["document"], "number") != scalar_value(gold["document"], "number"):
        assert codes & NUMBER_WARNINGS, (r["document"]["number"], gold["document"]["number"], codes)
    if scalar_value(r["document"], "issued_date") != scalar_value(gold["document"], "issued_date"):
        assert codes & DATE_WARNINGS, (r["document"]["issued_date"], gold["document"]["issued_date"], codes)
