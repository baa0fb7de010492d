"""Text that signing stamps onto the page: annotation appearances read in place.

An e-office signing tool writes the letter's number and day (``Số: 963/...``, ``ngày 21``) and
its "Ký bởi / Cơ quan / Thời gian ký" box into the appearance streams (``/AP``) of signature
widgets, not into the page's content stream. The page shows them and pdfium's text page leaves
them out. Flattening a page (``FPDFPage_Flatten``) draws every annotation's normal appearance into
the page content, so its glyphs then come through the text page with boxes like any other, and the
layout code puts them in their lines.

Only pages that carry a widget, a FreeText or a Stamp annotation with an appearance are
flattened; every other page is read exactly as before (its lines are byte-identical; checked with
``benchmarks/layout_snapshot.py``). pdfium's flattening reads the page's *own* MediaBox and falls
back to US Letter, so a page whose box is inherited from the page tree gets its own box first (or
its top lines would be cut off). The flattening happens in memory only; the file is not changed,
and the signatures are read from the file's bytes (``pipeline/signatures.py``).
"""
from __future__ import annotations

import bisect
import logging

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

log = logging.getLogger(__name__)

# annotations whose appearance the page shows but whose glyphs the text page does not give
STAMP_SUBTYPES = frozenset({pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT, pdfium_c.FPDF_ANNOT_STAMP})


def open_document(source) -> pdfium.PdfDocument:
    """Open a PDF with its form environment where it has a form (AcroForm or XFA), so that
    widgets are drawn when a page is rendered and their appearances exist when it is flattened.
    pdfium wants this before any page is loaded. A document without a form opens as before."""
    pdf = pdfium.PdfDocument(source)
    try:
        pdf.init_forms()
    except pdfium.PdfiumError as exc:  # a broken AcroForm: read the page content without it
        log.warning("form environment of %s could not be set up: %s", source, exc)
    return pdf


def _has_text(obj, depth: int = 0) -> bool:
    """Whether a page object is text, or a form XObject holding text (a few levels down)."""
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        return True
    if kind != pdfium_c.FPDF_PAGEOBJ_FORM or depth > 4:
        return False
    return any(_has_text(pdfium_c.FPDFFormObj_GetObject(obj, i), depth + 1)
               for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)))


def has_stamps(page: pdfium.PdfPage) -> bool:
    """Whether the page carries an annotation whose appearance shows text the text page lacks
    (a signature widget whose appearance is only the seal's image is not worth a flattening)."""
    raw = page.raw
    count = pdfium_c.FPDFPage_GetAnnotCount(raw)
    for k in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(raw, k)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) in STAMP_SUBTYPES and pdfium_c.FPDFAnnot_HasKey(annot, b"AP") \
                    and any(_has_text(pdfium_c.FPDFAnnot_GetObject(annot, i))
                            for i in range(pdfium_c.FPDFAnnot_GetObjectCount(annot))):
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def _own_box(page: pdfium.PdfPage) -> None:
    """Give a page whose MediaBox is inherited from the page tree a box of its own (the size it
    has now): pdfium's flattening reads only the page's own entry."""
    if page.get_mediabox(fallback_ok=False) is None:
        page.set_mediabox(*page.get_bbox())


def _text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        return textpage.get_text_range(0, n) if n > 0 else ""
    finally:
        textpage.close()


def flatten_stamps(pdf: pdfium.PdfDocument, index: int, page: pdfium.PdfPage) -> tuple[pdfium.PdfPage, str | None]:
    """Draw the page's annotations into its content (in memory) and load it again.

    Returns the page to read and the text of the page's own content (before flattening): the
    reader tells the stamped characters from it, and whether a page needs OCR is still decided on
    what the page itself holds (a stamp on a scan must not stop its OCR). Where flattening fails
    or finds nothing to draw, the page comes back as it was, with None."""
    own_text = _text(page)
    _own_box(page)
    rc = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
    if rc == pdfium_c.FLATTEN_FAIL:
        log.warning("page %d: annotations could not be flattened; stamped text not read", index + 1)
        return page, None
    if rc == pdfium_c.FLATTEN_NOTHINGTODO:
        return page, None
    page.close()
    return pdf[index], own_text


def stamp_indices(own_text: str, text: str) -> list[int]:
    """Indices of the characters of the flattened page's ``text`` that the flattening added.

    pdfium mostly puts the drawn appearances after the page's own characters; where it
    interleaves them (public 003), the added characters are found by aligning the two texts."""
    n0 = len(own_text)
    if text.startswith(own_text):
        return list(range(n0, len(text)))
    import difflib

    added: list[int] = []
    matcher = difflib.SequenceMatcher(None, own_text, text, autojunk=False)
    for op, _a0, _a1, b0, b1 in matcher.get_opcodes():
        if op in ("insert", "replace"):
            added.extend(range(b0, b1))
    return added


SPACE, BREAK = -1, -2  # virtual characters in a reading order: a space, a line break


def _same_line(a: tuple, b: tuple) -> bool:
    """Boxes on one line: overlapping by half the smaller height, of comparable heights (a glyph
    with a broken font box as tall as a paragraph is on no line)."""
    ha, hb = a[3] - a[1], b[3] - b[1]
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(ha, hb) and max(ha, hb) < 3 * max(min(ha, hb), 1.0)


def stamped_order(text: str, added: list[int], box) -> tuple[list[int], dict[int, float]]:
    """A reading order of the flattened page's characters (indices into ``text``; ``SPACE`` and
    ``BREAK`` for a space and a line break put in) with each stamped piece where it sits.

    Stamped glyphs come out of the appearance stream after the page's text, in any order (a day
    drawn after the year it sits before). They are cut into pieces (at spaces, line ends, jumps
    to another line and steps backwards); a piece that falls on a line of the page's own text is
    put between the two characters of that line it sits between (``Số: [963] /SNV``, ``ngày [21]
    tháng``), with a space on each side; a piece on a line of its own (the "Ký bởi" box) comes
    after the page's text, and the layout step places it by its box like any run. ``box(i)``
    gives character ``i``'s box (x0, top, x1, bottom), top-left origin. Also returns how far
    (points, downwards) the boxes of a piece set just above its line are to be moved onto it."""
    is_added = set(added)
    own: list[tuple[int, tuple]] = [(i, box(i)) for i, ch in enumerate(text)
                                    if i not in is_added and not ch.isspace() and ch not in "\x00"]
    pieces: list[list] = []  # [indices, (x0, top, x1, bottom)]
    cur = None
    for i in added:
        ch = text[i]
        if ch.isspace() or ch in "\x00\x02":
            cur = None
            continue
        b = box(i)
        h = max(b[3] - b[1], 1.0)
        if cur is not None:
            cb = cur[1]
            if not _same_line(cb, b) or b[0] < cb[2] - 0.5 * h or b[0] - cb[2] > 2.2 * max(h, 4.0):
                cur = None
        if cur is None:
            cur = [[], b]
            pieces.append(cur)
        cur[0].append(i)
        cb = cur[1]
        cur[1] = (min(cb[0], b[0]), min(cb[1], b[1]), max(cb[2], b[2]), max(cb[3], b[3]))
    shift: dict[int, float] = {}  # stamped index -> how far down its box moves onto its line
    before: dict[int, list[list]] = {}  # own index -> pieces read just before it
    after: dict[int, list[list]] = {}  # own index -> pieces read just after it (line ends)
    alone: list[list] = []
    by_top = sorted(own, key=lambda b: b[1][1])
    tops = [b[1][1] for b in by_top]

    def near(lo: float, hi: float) -> list[tuple[int, tuple]]:  # own characters whose top is in [lo, hi]
        return by_top[bisect.bisect_left(tops, lo):bisect.bisect_right(tops, hi)]

    for piece in pieces:
        pb = piece[1]
        ph = max(pb[3] - pb[1], 4.0)
        mid = (pb[0] + pb[2]) / 2  # glyphs set tight overlap a little: compare centres
        # a box on the piece's line starts above its bottom, and at most 3 heights above its top
        row = [b for b in near(pb[1] - 3 * ph, pb[3]) if _same_line(b[1], pb)]
        left = max(((b[0] + b[2], i) for i, b in row if b[0] + b[2] < 2 * mid), default=None)
        right = min(((b[0] + b[2], i) for i, b in row if b[0] + b[2] >= 2 * mid), default=None)
        if left and right and (right[0] - left[0]) / 2 < 8 * ph:  # in a gap of this line
            before.setdefault(right[1], []).append(piece)
            continue
        if left and pb[0] - left[0] / 2 < 3 * ph:
            after.setdefault(left[1], []).append(piece)  # at the end of the line
            continue
        # set a little above a blank of the line below it ("Số: ¹²⁰⁹⁴/BNV-CCHC", public 007): read in
        # that blank, its boxes moved down onto that line
        below = [b for b in near(pb[1], pb[3] + 0.6 * ph) if pb[1] < b[1][1] < pb[3] + 0.6 * ph]
        left = max(((b[0] + b[2], i) for i, b in below if b[0] + b[2] < 2 * mid), default=None)
        right = min(((b[0] + b[2], i) for i, b in below if b[0] + b[2] >= 2 * mid), default=None)
        if left and right and (right[0] - left[0]) / 2 < 6 * ph:
            target = next(b for i, b in below if i == right[1])
            dy = (target[1] + target[3]) / 2 - (pb[1] + pb[3]) / 2
            before.setdefault(right[1], []).append(piece)
            shift.update((i, dy) for i in piece[0])
            continue
        alone.append(piece)

    def spliced(group: list[list]) -> list[int]:
        out = [SPACE]
        for piece in sorted(group, key=lambda p: p[1][0]):
            out.extend(piece[0])
            out.append(SPACE)
        return out

    order: list[int] = []
    for i, ch in enumerate(text):
        if i in is_added:
            continue
        if i in before:
            order.extend(spliced(before[i]))
        order.append(i)
        if i in after:
            order.extend(spliced(after[i]))
    for piece in alone:
        order.append(BREAK)
        order.extend(piece[0])
    return order, shift
