"""A page's characters as runs, step 1 of reading a text layer (``pdf``): broken at line ends and
at wide horizontal gaps, words set apart by positioning given their space, superscript footnote
markers dropped, a flattened page's stamped characters read where they sit (``stamped``).

Every character of every page goes through pdfium's box call, so the call is made the cheapest way
there is: the loop compiled (``_charruns.c``), else cffi's ABI mode, else a bare ctypes prototype;
all three give the same runs (tests/pipeline/test_charruns.py, test_pdf.py).

Apart from ``pdf_layout`` (runs -> lines and column zones) because it is about pdfium's character
calls; OCR words (``ocr``) become runs without them.
"""
from __future__ import annotations

import ctypes
import logging
import os

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_layout import Run
from .stamped import SPACE, stamp_indices, stamped_order

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
