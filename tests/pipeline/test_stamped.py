"""Text stamped on the page through annotation appearances (pipeline/stamped.py)."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from congvan.pipeline.pdf import _page_lines, read_page, read_pdf
from congvan.pipeline.stamped import has_stamps, open_document


def _raw_pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, head: bytes = b"") -> bytes:
    return b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def stamped_letter(path: Path) -> Path:
    """An A4 page whose MediaBox is inherited from the page tree, with 'So: [blank] /ABC-VP' and
    'Ha Noi, ngay [blank] thang 8 nam 2025' in its content and a FreeText annotation whose
    appearance draws the day before the number (out of reading order) into the blanks."""
    content = (b"BT /F1 12 Tf 72 800 Td (TOP LINE OF THE PAGE) Tj ET "
               b"BT /F1 12 Tf 72 700 Td (So:) Tj ET BT /F1 12 Tf 140 700 Td (/ABC-VP) Tj ET "
               b"BT /F1 12 Tf 300 700 Td (Ha Noi, ngay) Tj ET BT /F1 12 Tf 400 700 Td (thang 8 nam 2025) Tj ET")
    # the annotation's origin is its Rect's lower-left corner (90, 690)
    appearance = b"BT /F1 12 Tf 288 10 Td (21) Tj ET BT /F1 12 Tf 10 10 Td (963) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Annot /Subtype /FreeText /Rect [90 690 400 715] /F 4 /DA (/F1 12 Tf) /Contents () "
        b"/AP << /N 7 0 R >> >>",
        _stream(appearance, b"/Type /XObject /Subtype /Form /BBox [0 0 310 25] /Resources << /Font << /F1 5 0 R >> >>"),
    ]
    path.write_bytes(_raw_pdf(objects))
    return path


def test_stamp_read_in_place_on_a_page_with_an_inherited_box(tmp_path):
    path = stamped_letter(tmp_path / "stamped.pdf")
    pages = read_pdf(str(path))
    texts = [l.text for l in pages.lines]
    assert "So: 963 /ABC-VP" in texts
    assert "Ha Noi, ngay 21 thang 8 nam 2025" in texts
    # the page kept its A4 height: flattening did not turn it into US Letter and cut the top line
    (top,) = [l for l in pages.lines if l.text == "TOP LINE OF THE PAGE"]
    assert 30 < top.bbox[1] < 45
    # whether the page needs OCR is decided on its own characters, without the stamp's
    own = len("TOPLINEOFTHEPAGE" "So:/ABC-VP" "HaNoi,ngay" "thang8nam2025")
    assert pages.chars_per_page == [own]


def test_pages_without_stamps_read_as_before(public_pdfs):
    """Unsigned pages: the lines through the form-aware reader are those of the plain one."""
    checked = 0
    for path in public_pdfs:
        plain = pdfium.PdfDocument(str(path))
        forms = open_document(str(path))
        try:
            for i in range(len(plain)):
                page = plain[i]
                if has_stamps(page):
                    page.close()
                    continue
                assert [(l.text, l.bbox, l.column) for l in read_page(forms, i)[0]] == \
                       [(l.text, l.bbox, l.column) for l in _page_lines(page, i + 1)], (path.name, i + 1)
                page.close()
                checked += 1
        finally:
            forms.close()
            plain.close()
    assert checked > 50
