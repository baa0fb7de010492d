"""The pen's ink in a number or date box: where it lies, and what the handwritten digit model
(``digits.py``) reads in it.

Blue (or violet) ink is set apart from the type when the page is split (``page_image``): its mask
is the pen's alone. A black or blue-black pen (dev014: ``932`` before ``/QĐ-TTg``, on a grey scan)
is not: its strokes are in the printed layer with the type. In a box between the printed words
(the label ``Số:`` and the symbol, ``ngày`` and ``tháng``) the dark strokes are the pen's, all but
the edges of the words around it, so ``dark_mask`` takes the dark strokes that lie mostly inside
the box and on its text line, whole, and gives up where a stroke is as much outside as inside
(a digit written into the symbol's slash, which no one can part from the type). What is read
there is kept only as the digit model reads every digit, and always with its warning and box.
"""
from __future__ import annotations

import logging
import subprocess

import numpy as np
from PIL import ImageOps

from .page_image import PageImage, ink_share

log = logging.getLogger(__name__)

INK = 0.004  # share of a box's pixels in coloured ink that means something is written there
DARK = 128  # grey level under which a pixel of the printed layer is a dark stroke (type or black pen)
INSIDE = 0.8  # share of a dark stroke's pixels inside the box for it to be the pen's (the rest: a word's edge)
MAX_DIGITS = {"number": 5, "day": 2, "month": 2}


def _ink(pimg: PageImage, box: tuple[int, int, int, int]) -> float:
    """Blue (or violet) ink in the box: a pen. Red there is a seal or an arrival stamp."""
    return ink_share(pimg.blue, box)


def pen_digits(kind: str, pimg: PageImage, box: tuple[int, int, int, int], limit: int,
               *, gap: tuple[int, int, int, int] | None = None, dark: bool = True):
    """The pen ink of ``box`` read by the handwritten digit model (``digits.py``): the blue ink,
    or where the box has none, the dark strokes that are the pen's (``dark_mask``). None where
    there is no pen ink, no model, a digit in doubt, a digit wholly outside ``gap`` (the box
    between the printed words, before it was grown to the ink: a note written beside it is not
    part of the number), or a value that cannot be there (a day 35, a 31st of April, a number of
    six digits). ``dark=False``: the blue ink only (the box's sides are a guess, and a black
    pen's digit beyond them would be left out)."""
    from . import digits

    if _ink(pimg, box) >= INK:
        mask = np.asarray(pimg.blue.crop(box)) > 127
        printed = np.asarray(pimg.printed.crop(box)) < 128
        origin = box[0]
    else:
        found = dark_mask(pimg, box) if dark else None
        if found is None:
            return None
        origin, mask = found
        printed = None  # the type is in the same layer: no crossing to tell apart
    if not digits.available():
        return None
    reading = digits.read_digits(mask, line_height=max(1.0, (box[3] - box[1]) / 2), printed=printed)
    log.debug("%s box: digit model %r (%s)", kind, reading.text, reading.reason)
    text = reading.text
    if gap is not None and any(origin + d.box[2] <= gap[0] or origin + d.box[0] >= gap[2] for d in reading.digits):
        log.debug("%s box: a digit outside the gap: left empty", kind)
        return None
    if text is None or not 1 <= len(text) <= MAX_DIGITS[kind] or not 0 < int(text) <= limit:
        return None
    return reading


def dark_mask(pimg: PageImage, box: tuple[int, int, int, int]) -> tuple[int, np.ndarray] | None:
    """(the page x of the mask's left edge, the mask) of the dark strokes a black pen wrote in
    ``box``; None where there are none, or where one cannot be parted from the type around it.

    The strokes (8-connected, in the box's rows, looking one box height to either side) that
    touch the box's text line are taken whole where ``INSIDE`` of their ink lies inside the box
    (a pen's digit runs over the gap's edge: the ``2`` of dev014's ``932``). A stroke on the line
    that is partly inside but less than that is the edge of a word (the label's colon where the
    boxes were guessed, the symbol's slash) when it is small or mostly outside; one of a digit's
    height with a good share inside, or a kept stroke that runs to the edge of the wider view
    (ink joined to the type), leaves the box to the reviewer."""
    from .digits import components
    from .handwriting import _line_box

    height = box[3] - box[1]
    x_from, x_to = max(0, box[0] - height), min(pimg.printed.width, box[2] + height)
    view = np.asarray(pimg.printed.crop((x_from, box[1], x_to, box[3]))) < DARK
    if not view.any():
        return None
    line = _line_box(box)
    band = (line[1] - box[1], line[3] - box[1])  # the text line, in the view's rows
    line_height = max(1.0, height / 2)
    bx0, bx1 = box[0] - x_from, box[2] - x_from
    keep = np.zeros_like(view)
    for (x0, y0, x1, y1), own in components(view):
        if y1 <= band[0] or y0 >= band[1]:
            continue  # a rule or the line above or below
        ys, xs = np.nonzero(own)
        xs = xs + x0
        inside = float(((xs >= bx0) & (xs < bx1)).mean())
        if inside == 0.0:
            continue  # a word of the line
        if inside < INSIDE:
            if (y1 - y0) >= 0.45 * line_height and inside >= 0.25:
                log.debug("dark box: a stroke %d-%d as much outside as in it: left empty", x0 + x_from, x1 + x_from)
                return None
            continue
        if x0 == 0 or x1 == view.shape[1]:
            log.debug("dark box: a stroke runs into the type: left empty")
            return None
        keep[y0:y1, x0:x1] |= own
    if not keep.any():
        return None
    cols = np.flatnonzero(keep.any(axis=0))
    a, b = int(cols[0]), int(cols[-1]) + 1
    return x_from + a, keep[:, a:b]


def ink_box(pimg: PageImage, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``box`` grown to take in the pen ink that starts in it and runs over its edges (the hand
    does not keep to the gap), looking one box height to either side."""
    h = box[3] - box[1]
    wide = (max(0, box[0] - h), box[1], min(pimg.blue.width, box[2] + h), box[3])
    ink = pimg.blue.crop(wide).getbbox()
    if ink is None:
        return box
    x0, x1 = wide[0] + ink[0], wide[0] + ink[2]
    if x1 < box[0] or x0 > box[2]:
        return box  # ink beside the box, not in it
    return (min(box[0], x0 - 2), box[1], max(box[2], x1 + 2), box[3])


def dark_box(pimg: PageImage, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``box`` widened to the dark strokes (black pen or type) on its line that run over its
    left or right edge, at most one box height each way: the box between the printed words is
    guessed from Tesseract's word boxes, and a number written in black runs out of it (dev014:
    the ``2`` of ``932`` half outside), so the crop a reviewer reads it from holds all of it. Only
    the warning's box: what is read stays the box as it was."""
    from .handwriting import _line_box

    line = _line_box(box)
    reach = box[3] - box[1]
    x_from, x_to = max(0, box[0] - reach), min(pimg.printed.width, box[2] + reach)
    cols = (np.asarray(pimg.printed.crop((x_from, line[1], x_to, line[3]))) < DARK).any(axis=0)
    x0, x1 = box[0] - x_from, box[2] - 1 - x_from
    while x0 > 0 and cols[x0] and cols[x0 - 1]:
        x0 -= 1
    while x1 < len(cols) - 1 and cols[x1] and cols[x1 + 1]:
        x1 += 1
    return (x_from + x0, box[1], x_from + x1 + 1, box[3])


def digits_of_ink(pimg: PageImage, box: tuple[int, int, int, int]) -> int:
    """The fewest digits the pen ink in ``box`` can be: a handwritten digit is at most about as wide
    as the line is high, so ink 2.5 line heights wide is at least two digits (``298`` read as
    ``4`` is a part of it, not the number)."""
    ink = pimg.blue.crop(box).getbbox()
    if ink is None:
        return 1
    height = max(1, (box[3] - box[1]) / 2)  # the box is about two text heights tall
    return max(1, int((ink[2] - ink[0]) / (1.2 * height)))


TRIES = 4  # places in a word where its symbol may start, read again at most


def symbol_start(pimg: PageImage, box: tuple[int, int, int, int], word: dict, symbol: str,
                 *, timeout: float) -> tuple[int, int, int, int] | None:
    """``box`` with its right side where the symbol ``symbol`` starts in ``word``, the one word
    Tesseract read for the number and the symbol (``55/UBND-NV``: the pen's digits touch the
    type). The side guessed from the share of characters is no place to part a black pen's
    digits from the type, so the places where ink starts after a white column on the line, the
    guess's nearest first, are read again to the word's end: the side is where that reads as the
    symbol (not ``5/UBND-NV``, not ``UBND-NV``): exactly, or the slash and the end of it where the page
    OCR read a letter more (``/UUBND-NV``). None where no place does (then the dark
    strokes are not read)."""
    from .handwriting import _line_box
    from .ocr import _tesseract_words

    right = word["left"] + word["width"]
    line = _line_box(box)
    cols = (np.asarray(pimg.printed.crop((box[0], line[1], right, line[3]))) < DARK).any(axis=0)
    starts = [x for x in range(1, len(cols)) if cols[x] and not cols[x - 1]]
    starts.sort(key=lambda x: abs(x - (box[2] - box[0])))
    want = "".join(symbol.split())
    margin = max(2, (line[3] - line[1]) // 4)
    for x in starts[:TRIES]:
        crop = pimg.printed.crop((box[0] + x - 1, max(0, line[1] - margin), right + 2, line[3] + margin))
        crop = ImageOps.expand(crop, border=max(8, pimg.dpi // 15), fill=255)
        try:
            words = _tesseract_words(crop, timeout=timeout, psm=7, dpi=pimg.dpi)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            log.warning("symbol not read again: %s", exc)
            return None
        read = "".join(w["text"] for w in words)
        log.debug("number glued to its symbol: from x %d read %r for %r", box[0] + x, read, want)
        if read == want or (read[:1] in "/-" and len(read) >= 4 and read[1:2] not in "/-" and want.endswith(read[1:])):
            # the page OCR's reading may have a letter more at the start (/UUBND-NV for /UBND-NV)
            return (box[0], box[1], box[0] + x - 1, box[3])
    return None
