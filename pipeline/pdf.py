"""Read a PDF's text layer as a person sees the page.

Backend: pypdfium2. Measured on the public corpus it reads text about 40x faster than pdfplumber,
and it gives every character's box, which is all the layout step needs. Its own reading order
follows the content stream, so a header drawn as a two-column table may come out as
``BỘ NỘI VỤ CỘNG HÒA XÃ HỘI ...`` on one line; this module rebuilds the page from character boxes:

1. characters -> runs (broken at line ends and at wide horizontal gaps);
2. runs -> visual lines (vertical overlap), runs in a line left to right;
3. two-column zones (the agency / Quốc hiệu header, ``Số:`` beside the date, ``Nơi nhận`` beside
   the signature): consecutive lines whose pieces sit in the left or right half; inside a zone
   the left column is read first, then the right one;
4. superscript footnote markers dropped, footnote bodies (small type at the foot of a page)
   marked, page numbers dropped.
"""
from __future__ import annotations

import ctypes
import logging
import os
import statistics
from dataclasses import dataclass, field

import regex
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .document import Line
from .signatures import raw_signatures, signature_widgets
from .stamped import SPACE, flatten_stamps, has_stamps, open_document, stamp_indices, stamped_order

log = logging.getLogger(__name__)


def _bare_prototype(fn, restype, *argtypes):
    """The same pdfium C function behind a plain ctypes prototype (pointers as ``c_void_p``).
    pypdfium2's bindings type-check each pointer argument; on the per-character box call that
    check costs about as much as the call itself (1.9 -> 1.1 µs per character, measured)."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_VP = ctypes.c_void_p
_get_char_box = _bare_prototype(pdfium_c.FPDFText_GetCharBox, ctypes.c_int, _VP, ctypes.c_int, _VP, _VP, _VP, _VP)


def _cffi_char_box():
    """pdfium's per-character box call through cffi's ABI mode, on the library pypdfium2 loaded:
    a third cheaper than ctypes with its four reads (1.3 -> 0.9 µs, measured), on the one call
    made for every character of every page. None where cffi or the library path is not there
    (the ctypes prototype is used then; the boxes are the same)."""
    try:
        from cffi import FFI
        from pypdfium2_raw.bindings import _libs

        ffi = FFI()
        ffi.cdef("int FPDFText_GetCharBox(void*, int, double*, double*, double*, double*);"
                 "double FPDFText_GetFontSize(void*, int);")
        lib = ffi.dlopen(_libs["pdfium"]._name)
        return ffi, lib.FPDFText_GetCharBox, lib.FPDFText_GetFontSize
    except Exception as exc:  # noqa: BLE001 - any failure to load it leaves the ctypes path
        log.debug("cffi box call not available (%s); using ctypes", exc)
        return None


_CFFI_BOX = _cffi_char_box()
_get_font_size = _bare_prototype(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _VP, ctypes.c_int)


def _native_runs():
    """The character loop compiled (``pipeline/_charruns.c``, built where a compiler is found)
    with the addresses of pdfium's box and font-size calls; None runs the loop below in Python.
    ``CONGVAN_PURE_PYTHON=1`` turns it off (the tests compare the two)."""
    if os.environ.get("CONGVAN_PURE_PYTHON"):
        return None
    try:
        from . import _charruns
    except ImportError:
        log.debug("compiled character loop not built; reading characters in Python")
        return None
    box = ctypes.cast(pdfium_c.FPDFText_GetCharBox, ctypes.c_void_p).value
    size = ctypes.cast(pdfium_c.FPDFText_GetFontSize, ctypes.c_void_p).value
    return _charruns.runs, box, size


_NATIVE = _native_runs()


def _box_call(raw) -> tuple:
    """``(get_box, font_size, textpage, p0, p1, p2, p3, box)``: ``get_box(textpage, i, p0, p1, p2,
    p3)`` fills ``box`` with left, right, bottom, top (PDF units) for character ``i``;
    ``font_size(textpage, i)`` is its font size."""
    address = ctypes.cast(raw, ctypes.c_void_p).value
    if _CFFI_BOX is not None:
        ffi, fn, size_fn = _CFFI_BOX
        box = ffi.new("double[4]")  # owned; passed as p0, so the caller's locals keep it alive
        # the four values read through a memoryview: a tenth cheaper than indexing the cdata, on
        # four reads for every character (the same doubles)
        return fn, size_fn, ffi.cast("void*", address), box, box + 1, box + 2, box + 3, \
            memoryview(ffi.buffer(box)).cast("d")
    box = (ctypes.c_double * 4)()
    base = ctypes.addressof(box)
    return _get_char_box, _get_font_size, address, base, base + 8, base + 16, base + 24, box


class PdfError(Exception):
    """The file cannot be read as a PDF; ``reason`` is a short stable code."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(slots=True)
class Run:
    chars: list[str] = field(default_factory=list)
    x0: float = 1e9
    top: float = 1e9
    x1: float = -1e9
    bottom: float = -1e9
    heights: list[float] = field(default_factory=list)
    # (len(heights), their median): heights only ever grow, so the count tells a stale value
    _height: tuple[int, float] = (0, 0.0)

    def add(self, ch: str, box: tuple[float, float, float, float] | None) -> None:
        self.chars.append(ch)
        if box is not None:
            x0, top, x1, bottom = box
            if x0 < self.x0:
                self.x0 = x0
            if x1 > self.x1:
                self.x1 = x1
            if top < self.top:
                self.top = top
            if bottom > self.bottom:
                self.bottom = bottom
            self.heights.append(bottom - top)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    @property
    def height(self) -> float:
        """The median glyph height (asked many times per run by the layout step: kept)."""
        n = len(self.heights)
        if self._height[0] != n:
            self._height = (n, _median(self.heights))
        return self._height[1]

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class PdfPages:
    pages: int
    lines: list[Line]
    chars_per_page: list[int]
    # pages the file counts but pdfium cannot load (a page tree whose /Count is wrong, a damaged
    # page object): the others are read, these get a warning
    bad_pages: list[int] = field(default_factory=list)
    # the signature dictionaries and signature widgets (field, page) pdfium gave before any page
    # was flattened (checked by pipeline/signatures.py)
    signatures: list = field(default_factory=list)
    signature_widgets: list = field(default_factory=list)


def read_pdf(path: str) -> PdfPages:
    try:
        pdf = open_document(path)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        reason = "encrypted" if "password" in msg.lower() or "security" in msg.lower() else "corrupt"
        raise PdfError(reason, f"cannot open PDF: {msg}") from exc
    try:
        lines: list[Line] = []
        counts: list[int] = []
        heights: dict[int, float] = {}
        # before any page is flattened: flattening takes the signature fields out of the form
        try:
            signatures = raw_signatures(pdf)
        except Exception as exc:  # noqa: BLE001 - a broken signature dictionary must not lose the text
            log.warning("signatures of %s could not be read: %s", path, exc)
            signatures = []
        widgets: list | None = [] if signatures else None
        bad: list[int] = []
        for index in range(len(pdf)):
            try:
                page_lines, count, height = read_page(pdf, index, widgets)
            except pdfium.PdfiumError:
                bad.append(index + 1)
                counts.append(0)
                continue
            heights[index + 1] = height
            counts.append(count)
            lines.extend(page_lines)
        _drop_running_lines(lines, heights)
        if bad and len(bad) == len(pdf):
            raise PdfError("corrupt", f"none of the {len(pdf)} pages the file counts can be loaded")
        return PdfPages(pages=len(pdf), lines=[l for l in lines if l.text], chars_per_page=counts, bad_pages=bad,
                        signatures=signatures, signature_widgets=widgets or [])
    finally:
        pdf.close()


def read_page(pdf: pdfium.PdfDocument, index: int, widgets: list | None = None) -> tuple[list[Line], int, float]:
    """One page's lines, the count of characters of its own content (for the OCR decision) and
    its height. A page with signature widgets or stamps is read with their text in place
    (``pipeline/stamped.py``); its count is of its own content alone. ``widgets``: a list to add
    the page's signature widgets to (field name, page), read before flattening."""
    page = pdf[index]
    try:
        height = page.get_height()
        own_text = None
        if widgets is not None and pdfium_c.FPDFPage_GetAnnotCount(page.raw):
            widgets.extend(signature_widgets(pdf, page, index + 1))
        if pdfium_c.FPDFPage_GetAnnotCount(page.raw) and has_stamps(page):
            page, own_text = flatten_stamps(pdf, index, page)
        page_lines = _page_lines(page, index + 1, own_text)
        if own_text is None:
            return page_lines, sum(len(l.text) for l in page_lines), height
        return page_lines, sum(not ch.isspace() for ch in own_text), height
    finally:
        page.close()


def _drop_running_lines(lines: list[Line], heights: dict[int, float]) -> None:
    """Blank running headers and footers: the same line at the top (or foot) of most pages.

    Only lines inside the top or bottom margin (7 % of the page, 20 mm on A4) count; page numbers inside them are
    ignored when comparing (``Trang 2/5``).
    """
    pages = len(heights)
    if pages < 3:
        return
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        if line.text:
            by_page.setdefault(line.page, []).append(line)
    edges: dict[str, list[Line]] = {}
    for page_lines in by_page.values():
        ordered = sorted(page_lines, key=lambda l: l.bbox[1])
        h = heights.get(ordered[0].page, 842.0)
        for line in {id(l): l for l in ordered[:2] + ordered[-2:]}.values():
            if line.bbox[3] > 0.07 * h and line.bbox[1] < 0.93 * h:
                continue
            key = regex.sub(r"\d+", "#", " ".join(line.text.split())).casefold()
            edges.setdefault(key, []).append(line)
    for key, found in edges.items():
        if len({l.page for l in found}) >= max(3, pages // 2) and len(key) >= 4:
            for line in found:
                line.text = ""


def _char_runs(page: pdfium.PdfPage, own_text: str | None = None) -> list[Run]:
    """The page's runs. ``own_text``: the text of a flattened page before flattening; the
    characters the flattening added (stamped text) are read apart, ordered by position."""
    height = page.get_height()
    textpage = page.get_textpage()
    n = textpage.count_chars()
    if n <= 0:
        textpage.close()
        return []
    text = textpage.get_text_range(0, n)
    raw = textpage.raw
    if len(text) != n:  # surrogate pairs or generated chars out of step: ask char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(n))
    if own_text is None and _NATIVE is not None:
        native, box_fn, size_fn = _NATIVE
        found = native(text, ctypes.cast(raw, ctypes.c_void_p).value, box_fn, size_fn, height)
        textpage.close()
        return [Run(list(t), x0, top, x1, bottom, hs) for t, x0, top, x1, bottom, hs in found]
    get_box, font_size, tp, p_left, p_right, p_bottom, p_top, box = _box_call(raw)
    indices, seq = range(n), text
    if own_text is not None:  # a flattened page: its stamped characters read where they sit
        indices, seq, get_box = _stamped_sequence(text, own_text, (get_box, tp, p_left, p_right, p_bottom, p_top,
                                                                   box), height)
    runs: list[Run] = []
    # the current run as locals (its chars, extents and glyph heights): attribute access on a Run
    # for every character cost a fifth of this loop; a Run is made when the run ends
    chars: list[str] = []
    heights: list[float] = []
    rx0 = rtop = 1e9
    rx1 = rbottom = -1e9
    have_prev = False  # a previous character in this pdfium line: its right edge, top, bottom, height
    px1 = py0 = py1 = ph = 0.0
    prev_size = 0.0
    # hot loop (every character of every page): locals only, no per-character generated-flag call
    # (pdfium generates only spaces and line breaks, which the first branch handles anyway)
    for i, ch in zip(indices, seq):
        if ch.isspace():
            if ch == "\r" or ch == "\n":
                if chars:
                    runs.append(Run(chars, rx0, rtop, rx1, rbottom, heights))
                chars, heights, rx0, rtop, rx1, rbottom = [], [], 1e9, 1e9, -1e9, -1e9
                have_prev = False
            elif chars and chars[-1] != " ":
                chars.append(" ")
            continue
        if ch == "\x02":  # pdfium's mark for a soft hyphen (U+00AD)
            # at a line end it is a hyphenation; between letters it is TCVN3's "ư" (code 0xAD)
            nxt = text[i + 1] if i + 1 < n else ""
            ch = "\u00ad" if nxt.isalpha() else "-"
        get_box(tp, i, p_left, p_right, p_bottom, p_top)
        x0, y0, x1, y1 = box[0], height - box[3], box[1], height - box[2]
        h = y1 - y0
        if have_prev:
            gap = x0 - px1
            ref_h = h if h > ph else ph
            if ref_h < 4.0:
                ref_h = 4.0
            same_line = y0 < py1 and y1 > py0
            if same_line and ch.isdigit():
                size = font_size(tp, i)
                if prev_size == 0.0:
                    prev_size = font_size(tp, i - 1)
                raised = y1 < py1 - 0.2 * ref_h
                if size and prev_size and size < 0.8 * prev_size and raised and not chars[-1].isdigit():
                    continue  # superscript footnote marker: "tỉnh¹" -> "tỉnh"
            if not same_line or gap > 2.2 * ref_h or gap < -3 * ref_h:
                runs.append(Run(chars, rx0, rtop, rx1, rbottom, heights))
                chars, heights, rx0, rtop, rx1, rbottom = [], [], 1e9, 1e9, -1e9, -1e9
            elif gap > 0.1 * h and ch.isalpha() and chars and chars[-1].isalpha():
                size = font_size(tp, i)
                if gap > 0.2 * (size if size > 1 else h):
                    chars.append(" ")  # words set apart by positioning, with no space character
        chars.append(ch)
        if x0 < rx0:
            rx0 = x0
        if x1 > rx1:
            rx1 = x1
        if y0 < rtop:
            rtop = y0
        if y1 > rbottom:
            rbottom = y1
        heights.append(h)
        have_prev, px1, py0, py1, ph = True, x1, y0, y1, h
        prev_size = 0.0
    if chars:
        runs.append(Run(chars, rx0, rtop, rx1, rbottom, heights))
    textpage.close()
    for r in runs:
        while r.chars and r.chars[-1] == " ":
            r.chars.pop()
    return [r for r in runs if r.chars and r.heights]


def _stamped_sequence(text: str, own_text: str, call: tuple, height: float) -> tuple[list[int], str, object]:
    """The reading order of a flattened page's characters with its stamped text in place
    (``stamped.stamped_order``), the characters in that order, and the box call to read them
    with (stamped glyphs set just above their line moved onto it)."""
    get_box, tp, p0, p1, p2, p3, box = call
    added = stamp_indices(own_text, text)
    if not added:
        return range(len(text)), text, get_box

    def char_box(i: int) -> tuple[float, float, float, float]:
        get_box(tp, i, p0, p1, p2, p3)
        return box[0], height - box[3], box[1], height - box[2]

    order, shift = stamped_order(text, added, char_box)
    seq = "".join(text[i] if i >= 0 else (" " if i == SPACE else "\n") for i in order)
    if not shift:
        return order, seq, get_box

    def shifted_box(tp_, i, a, b, c, d):  # fills ``box`` as get_box does; PDF y grows upwards
        rc = get_box(tp_, i, a, b, c, d)
        dy = shift.get(i)
        if dy:
            box[2] -= dy
            box[3] -= dy
        return rc

    return order, seq, shifted_box


def _group_lines(runs: list[Run]) -> list[list[Run]]:
    rows: list[list[Run]] = []
    # (the min/max of two floats written out: the same values, without a builtin call per pair)
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        placed = False
        rt, rb = run.top, run.bottom
        for row in reversed(rows[-4:]):
            ref = row[0]
            ft, fb = ref.top, ref.bottom
            overlap = (rb if rb < fb else fb) - (rt if rt > ft else ft)
            a, b = fb - ft, rb - rt
            if overlap > 0.5 * (b if b < a else a):
                row.append(run)
                placed = True
                break
        if not placed:
            rows.append([run])
    for row in rows:
        if len(row) > 1:
            row.sort(key=lambda r: r.x0)
    rows.sort(key=lambda row: row[0].top if len(row) == 1 else min(r.top for r in row))
    return rows


def _segments(row: list[Run]) -> list[Run]:
    """Merge the runs of one visual line that are close together; keep wide gaps apart."""
    segs: list[Run] = []
    for run in row:
        if segs:
            last = segs[-1]
            gap = run.x0 - last.x1
            if gap < 2.2 * max(last.height, run.height, 4.0):
                if gap > 0.12 * max(last.height, 1.0) and last.chars[-1] != " " and run.chars[0] != " ":
                    last.chars.append(" ")
                last.chars.extend(run.chars)
                last.x1 = max(last.x1, run.x1)
                last.top = min(last.top, run.top)
                last.bottom = max(last.bottom, run.bottom)
                last.heights.extend(run.heights)
                continue
        segs.append(Run(list(run.chars), run.x0, run.top, run.x1, run.bottom, list(run.heights)))
    return segs


def _side(seg: Run, mid: float, slack: float) -> str:
    left = seg.x1 <= mid + slack
    right = seg.x0 >= mid - slack
    if left and not right:
        return "left"
    if right and not left:
        return "right"
    return "full"


def _page_lines(page: pdfium.PdfPage, page_no: int, own_text: str | None = None) -> list[Line]:
    return lines_from_runs(_char_runs(page, own_text), width=page.get_width(), page_no=page_no)


def lines_from_runs(runs: list[Run], *, width: float, page_no: int) -> list[Line]:
    """Lay out a page from its runs of characters (from the text layer, or words from OCR)."""
    mid, slack = width / 2, width * 0.02
    rows = [_segments(row) for row in _group_lines(runs)]
    # a page number alone on the first or last row is furniture, not a column
    for edge in (0, -1):
        if rows and len(rows[edge]) == 1 and rows[edge][0].text.strip("- ").isdigit() \
                and len(rows[edge][0].text.strip("- ")) <= 3:
            rows.pop(edge)
    # classify each row: a list of (side, segment)
    classified: list[list[tuple[str, Run]]] = []
    for segs in rows:
        if len(segs) >= 2:
            gaps = [segs[i + 1].x0 - segs[i].x1 for i in range(len(segs) - 1)]
            cut = max(range(len(gaps)), key=gaps.__getitem__)
            left = segs[: cut + 1]
            right = segs[cut + 1 :]
            if left[-1].x1 <= mid + 6 * slack and right[0].x0 >= mid - 6 * slack:
                classified.append([("left", s) for s in left] + [("right", s) for s in right])
                continue
            classified.append([(_side(s, mid, slack), s) for s in segs])
        else:
            classified.append([(_side(segs[0], mid, slack), segs[0])])
    _continuations(classified)
    _extend_zones(classified, mid, slack)
    out: list[Line] = []
    i = 0
    while i < len(classified):
        row = classified[i]
        if any(side == "full" for side, _ in row):
            out.extend(_line([s], page_no, "full") for _, s in row)
            i += 1
            continue
        j = i
        while j < len(classified) and not any(side == "full" for side, _ in classified[j]):
            j += 1
        zone = classified[i:j]
        # "Kính gửi:" in the left column with its addressees to the right: read row by row
        for k, row_ in enumerate(zone):
            if any(side == "left" and _kinh_gui_label(s.text, row_) for side, s in row_):
                if k > 0:
                    j = i + k
                    zone = zone[:k]
                else:
                    for r in classified[i:j]:
                        out.append(_line([s for _, s in r], page_no, "full"))
                    zone = []
                break
        sides = {side for row_ in zone for side, _ in row_}
        if sides == {"left", "right"}:
            for want in ("left", "right"):
                for row_ in zone:
                    pieces = [s for side, s in row_ if side == want]
                    if pieces:  # "Số:" and "/SNV-TCBC" on one row are one line
                        out.append(_line(pieces, page_no, want))
        elif zone:
            for row_ in zone:
                out.append(_line([s for _, s in row_], page_no, "full"))
        i = j
    _mark_page_furniture(out)
    return [l for l in out if l.text]


# the addressee label: "Kính gửi:" or the bare words, its list to the right; not the closing
# sentence "Kính gửi Sở Nội vụ tổng hợp./." whose last line is short enough to look like a left line
_KINH_GUI_LABEL = regex.compile(r"^\s*Kính gửi\s*(?::|$)")


def _kinh_gui_label(text: str, row: list[tuple[str, Run]]) -> bool:
    if not text.lstrip().startswith("Kính gửi"):
        return False
    return bool(_KINH_GUI_LABEL.match(text)) or any(side == "right" for side, _ in row)


def _line(segs: list[Run], page_no: int, column: str) -> Line:
    if len(segs) == 1:  # most lines: one segment, whose median height is kept already (the same value)
        s = segs[0]
        return Line(text=" ".join("".join(s.chars).split()), page=page_no, bbox=(s.x0, s.top, s.x1, s.bottom),
                    column=column, size=s.height if s.heights else None)
    text = " ".join(" ".join(s.text.split()) for s in segs)
    bbox = (min(s.x0 for s in segs), min(s.top for s in segs),
            max(s.x1 for s in segs), max(s.bottom for s in segs))
    heights = [h for s in segs for h in s.heights]
    return Line(text=text, page=page_no, bbox=bbox, column=column, size=_median(heights) if heights else None)


def _median(values: list[float]) -> float:
    """``statistics.median`` without its overhead (called for every line and every run)."""
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _continuations(rows: list[list[tuple[str, Run]]]) -> None:
    """A short line tight against a full-width line is part of its paragraph, not a column.

    The last line of a justified paragraph often ends before the middle of the page; read
    alone it looks like a left-column line and would be pulled into the ``Nơi nhận`` zone
    that follows it (or the zone a page break puts after it).
    """
    def full(r: list[tuple[str, Run]]) -> bool:
        return len(r) == 1 and r[0][0] == "full"

    # the usual gap between two lines of one paragraph on this page
    gaps = sorted(rows[k + 1][0][1].top - rows[k][0][1].bottom
                  for k in range(len(rows) - 1) if full(rows[k]) and full(rows[k + 1]))
    if not gaps:
        return
    leading = max(gaps[len(gaps) // 2], 0.0)
    for k, row in enumerate(rows):
        if len(row) != 1 or row[0][0] != "left":
            continue
        seg = row[0][1]
        for n in (k - 1, k + 1):
            if not 0 <= n < len(rows) or not full(rows[n]):
                continue
            other = rows[n][0][1]
            gap = seg.top - other.bottom if n < k else other.top - seg.bottom
            h = other.bottom - other.top
            if -0.2 * h < gap <= 1.3 * leading + 1 and abs(seg.height - other.height) < 0.15 * h:
                rows[k] = [("full", seg)]
                break


def _extend_zones(rows: list[list[tuple[str, Run]]], mid: float, slack: float) -> None:
    """Inside a two-column zone, a wide line that stays clear of the other column keeps its side.

    ``Nơi nhận`` entries often run past the middle of the page while the signature sits further
    right; without this they would end the zone and split the block.
    """
    right_x0 = left_x1 = None
    prev_bottom = None
    for k, row in enumerate(rows):
        if len(row) == 1:  # (most rows: the same values without the generators)
            side0, seg0 = row[0]
            sides = {side0}
            near = prev_bottom is not None and seg0.top - prev_bottom < 1.5 * seg0.height
            prev_bottom = seg0.bottom
        else:
            sides = {side for side, _ in row}
            top = min(s.top for _, s in row)
            near = prev_bottom is not None and top - prev_bottom < 1.5 * max(s.height for _, s in row)
            prev_bottom = max(s.bottom for _, s in row)
        if "full" not in sides:
            rx = [s.x0 for side, s in row if side == "right"]
            lx = [s.x1 for side, s in row if side == "left"]
            if rx:
                right_x0 = min(rx) if right_x0 is None else min(right_x0, min(rx))
            if lx:
                left_x1 = max(lx) if left_x1 is None else max(left_x1, max(lx))
            continue
        if len(row) == 1 and near and right_x0 is not None and left_x1 is not None:
            seg = row[0][1]
            if seg.x1 < right_x0 - 2 and seg.x0 < mid:
                rows[k] = [("left", seg)]
                continue
            if seg.x0 > left_x1 + 2 and seg.x0 >= right_x0 - 4 * slack:
                rows[k] = [("right", seg)]
                continue
        right_x0 = left_x1 = None


_OCR_NOTE_MARK = regex.compile(r"^[!|¹²³]\s+\p{Lu}")


def _page_footer(bottom_first: list[Line]) -> list[Line]:
    """Up to two centred lines, narrower than the text, at the very foot of the page (an agency's
    address footer), bottom first; empty when the last line is not one."""
    full = [l for l in bottom_first if l.column == "full"]
    if len(full) < 5:
        return []
    # the text block's margins, robust to a stray wide line (a stamp, a rule)
    xs0, xs1 = sorted(l.bbox[0] for l in full), sorted(l.bbox[2] for l in full)
    left, right = xs0[len(xs0) // 10], xs1[-1 - len(xs1) // 10]
    width = right - left
    out: list[Line] = []
    for line in bottom_first[:2]:
        x0, x1 = line.bbox[0], line.bbox[2]
        indented = x0 - left > 0.03 * width and right - x1 > 0.03 * width
        centred = abs((x0 + x1) / 2 - (left + right) / 2) < 0.03 * width
        if line.column != "full" or not (indented and centred):
            break
        out.append(line)
    return out


def _mark_page_furniture(lines: list[Line]) -> None:
    """Drop page numbers; mark footnote bodies (small type at the foot of the page)."""
    if not lines:
        return
    by_y = sorted(lines, key=lambda l: l.bbox[1])
    for edge in (by_y[0], by_y[-1]):
        t = edge.text.strip("- ")
        if t.isdigit() and len(t) <= 3:
            edge.text = ""
    sizes = [l.size for l in lines if l.size and len(l.text) > 20]
    if not sizes:
        return
    body = statistics.median(sizes)
    bottom_first = sorted((l for l in lines if l.text), key=lambda l: l.bbox[1], reverse=True)
    footer = _page_footer(bottom_first)
    foot: list[Line] = []
    for line in bottom_first[len(footer):]:
        if line.size and line.size < 0.88 * body and line.column == "full":
            foot.append(line)
            continue
        break
    # a footnote block starts with its number (OCR reads a raised ¹ as "!" or "|")
    starts = [k for k, l in enumerate(reversed(foot)) if l.text[:1].isdigit() or _OCR_NOTE_MARK.match(l.text)]
    if starts:
        # the page's own footer under the notes (an address line, centred) is furniture as they are
        for line in list(reversed(foot))[starts[0]:] + footer:
            line.kind = "footnote"
            if line.text[:1].isdigit():
                num, _, rest = line.text.partition(" ")
                if num.isdigit() and len(num) <= 2:
                    line.text = f"{num} {rest}".strip()
