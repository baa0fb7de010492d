"""A typed number that Tesseract read as one word with the ``Số`` label or the symbol.

On a real scan the number line can come out of the page OCR as one word at a low confidence:
``__—-_§6:40/HCCV`` at 13 % (dev019: an arrival stamp's dashed edge runs into the line and across
the digits), or ``Số:`` ``257`` ``1/VNPT-LĐG-NSTH`` with the last word at 36 % (pool037). The
handwriting step then cuts the word by the share of its characters, the box lies off the digits
(over the ``ố`` and half the ``0``) or takes in the next line's accents, the digits read again
there do not read, and a typed number is left empty as if it were handwritten. Here the digits'
own glyphs are found on the page and read again; the page OCR's digits are kept only where that
second read gives the same digits with confidence (``typed_in_cut_words``), else the box is judged
as any other (``handwriting._judge``).

Typed digits the page OCR read whole but at a low confidence (``8151`` at 24 %, ``963`` at 59 %: a
number set larger than the line, on a grey scan) are read once more by Tesseract's Latin model,
which reads lone digits better than the Vietnamese one (that read the same crop ``6151`` at 92 %, or
nothing); where it reads the same digits they are kept, with the warning that boxes them
(``latin_agrees``). An italic typed 1 is read as a slash, an accented I, or a 7 (``2/``, ``3Ï``,
``76`` for 21, 31, 16): a day or month that is no day or month as read is put right where only the
italic 1 makes it one (``italic_one``).
"""
from __future__ import annotations

import logging
import shutil
import subprocess
from functools import lru_cache

import numpy as np
from PIL import Image, ImageOps

from .page_image import PageImage, red_dropped

log = logging.getLogger(__name__)


def typed_in_cut_words(cut: list[dict], zone: list[dict], box: tuple[int, int, int, int], pimg: PageImage,
                        *, timeout: float) -> str | None:
    """The typed number of a ``Số`` line that Tesseract read as one word with the label or the
    symbol, at a low confidence, where a second read of the digits' own glyphs confirms it; None
    where it does not (then the box is judged as any other).

    dev019: ``__—-_§6:40/HCCV`` at 13 % (an arrival stamp's dashed edge runs through the line):
    the box guessed from the share of characters lay over the ``ố`` and half the ``0``; pool037:
    ``1/VNPT-LĐG-NSTH`` at 36 % after ``257``, and the box read again took in the next line's
    accents. The glyphs of the words (``_digit_runs``) give the places where as many digits as
    the page OCR read can stand; each, nearest the guess first (at most ``TRIES``), is read again,
    digits only, in the red channel of the page, where a red stamp's ink is as light as the
    paper and the type stays dark (the printed layer has white gaps where the stamp's line
    crossed the digits). The number is kept where one reads the same digits as the page OCR at
    ``PRINTED_CONF`` or more; the box must hold no pen ink. (Not the Latin model's read: a black pen's
    ``730`` whose 0 went with the symbol reads ``73`` there at 93 %.)"""
    from .handwriting import _DIGITS, INK, PRINTED_CONF, _ink
    from .ocr import _digitise, _tesseract_words

    seen = _digitise("".join(w["text"] for w in zone).strip())
    if not _DIGITS.match(seen) or int(seen) == 0 or min(w["conf"] for w in cut) >= PRINTED_CONF \
            or _ink(pimg, box) >= INK:
        return None
    red = red_dropped(pimg)  # turned once for the page
    for x0, top, x1, bottom in _digit_runs([*cut, *zone], seen, box, red)[:TRIES]:
        # Tesseract reads so small a crop or not by a few pixels of margin (dev019 read at 0.15 of
        # the digits' height, not at 0.3; the next line's accents in a larger margin cost pool037)
        for share in MARGINS:
            margin = int(share * (bottom - top))
            crop = red.crop((x0, max(0, top - margin), x1, min(red.height, bottom + margin)))
            crop = ImageOps.expand(crop, border=max(8, pimg.dpi // 15), fill=255)
            try:
                words = _tesseract_words(crop, timeout=timeout, psm=7, dpi=pimg.dpi,
                                         options=("-c", "tessedit_char_whitelist=0123456789/-."))
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                log.warning("number not read again: %s", exc)
                return None
            text = "".join(w["text"] for w in words).strip("/-.")
            conf = min((w["conf"] for w in words), default=0.0)
            log.debug("number in cut words: %r, read again at %d-%d: %r at %.0f", seen, x0, x1, text, conf)
            if text == seen and conf >= PRINTED_CONF:
                return seen
            if text:
                break  # these glyphs read as something else: the next place
    return None


MARGINS = (0.15, 0.3)  # above and below the digits, as a share of their height
TRIES = 3  # places read again, at most


def _digit_runs(span: list[dict], digits: str, box: tuple[int, int, int, int],
                red: Image.Image) -> list[tuple[int, int, int, int]]:
    """The boxes of glyphs side by side in the words ``span`` (runs of columns with type on the
    words' core band, in the page's red channel ``red``: a stamp's line across them is no type), one for each
    of ``digits`` and each as wide as that digit can be (a narrow glyph, ``:`` or ``/``, only
    where the digit is a 1), nearest the guessed ``box`` first; [] where there is none (digits
    that touch)."""
    # the band all the words share: the digits' own (a word with a Đ or a low speck reaches out of it)
    top = max(w["top"] for w in span)
    height = max(1, min(w["top"] + w["height"] for w in span) - top)
    x_from = min(w["left"] for w in span)
    x_to = max(w["left"] + w["width"] for w in span)
    core = np.asarray(red.crop((x_from, top + int(0.3 * height), x_to, top + height))) < 128
    cols = np.flatnonzero(core.any(axis=0))
    glyphs: list[tuple[int, int]] = []  # (x0, x1 exclusive) in page pixels
    for x in cols.tolist():
        if glyphs and x == glyphs[-1][1] - x_from:
            glyphs[-1] = (glyphs[-1][0], x_from + x + 1)
        else:
            glyphs.append((x_from + x, x_from + x + 1))
    glyphs = [g for g in glyphs if g[1] - g[0] >= SPECK * height]
    n, centre, runs = len(digits), (box[0] + box[2]) / 2, []
    for i in range(len(glyphs) - n + 1):
        run = glyphs[i:i + n]
        if all((ONE_WIDTH if d == "1" else DIGIT_WIDTH[0]) * height <= g[1] - g[0] <= DIGIT_WIDTH[1] * height
               for d, g in zip(digits, run)):
            runs.append((run[0][0], run[-1][1]))
    runs.sort(key=lambda r: abs((r[0] + r[1]) / 2 - centre))
    pad = max(2, int(0.05 * height))
    y_from, y_to = min(w["top"] for w in span), max(w["top"] + w["height"] for w in span)
    out = []
    for r0, r1 in runs:
        x0, x1 = r0 - pad, r1 + pad
        # the glyphs' rows: the run of rows with type through the band's middle, within the words
        rows = (np.asarray(red.crop((x0, y_from, x1, y_to))) < 128).any(axis=1)
        y0 = y1 = top + height // 2 - y_from
        if not rows[y0]:
            out.append((x0, top, x1, top + height))
            continue
        while y0 > 0 and rows[y0 - 1]:
            y0 -= 1
        while y1 < len(rows) - 1 and rows[y1 + 1]:
            y1 += 1
        out.append((x0, y_from + y0, x1, y_from + y1 + 1))
    return out


SPECK = 0.08  # glyphs narrower than this share of the band's height are specks
DIGIT_WIDTH = (0.2, 0.9)  # a typed digit's width, as a share of the band's height (dev019: 0.35, pool037: 0.5-0.6)
ONE_WIDTH = 0.08  # ... a typed 1's, which is narrow (pool037: 0.2)


def italic_one(digits: str, limit: int = 31) -> str | None:
    """``2/``, ``/5``, ``3Ï``: a day or month of two characters, one a typed digit and the other what
    Tesseract reads for an italic 1 (``italic_day_lookalikes`` of ``data/ocr_fixes.json``), as
    digits; ``76``, ``79`` (a 7 for the italic 1): two digits over ``limit`` (the days of the month,
    12 for a month) whose first, read as a 1, gives a day or month within it; None for anything else."""
    from .ocr import _fixes

    if len(digits) != 2:
        return None
    if digits.isdigit():
        if digits[0] == "7" and int(digits) > limit and 0 < int("1" + digits[1]) <= limit:
            return "1" + digits[1]
        return None
    table = _fixes()["italic_day_lookalikes"]
    if sum(ch.isdigit() for ch in digits) != 1 or not any(ch in table for ch in digits):
        return None
    return "".join(table.get(ch, ch) for ch in digits)


LATIN_CONF = 50.0  # the Latin read must reach this (set below)
LATIN = "eng"  # Tesseract's Latin model (Debian: tesseract-ocr-eng, installed with tesseract-ocr)


@lru_cache(maxsize=1)
def _has_latin() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return LATIN in out.stdout.split()


def latin_agrees(pimg: PageImage, box: tuple[int, int, int, int], digits: str, *, timeout: float) -> bool:
    """Whether Tesseract's Latin model reads ``digits`` in ``box`` (page pixels, the line of the
    digits) of the printed layer, as one line or as one word (a crop that takes in the accents of
    the next line reads only as a word: public 005's ``963``). False where the model is not installed."""
    from .page_image import ink_layer

    return latin_reads(ink_layer(pimg, box), digits, dpi=pimg.dpi, timeout=timeout)


def latin_reads(crop: Image.Image, digits: str, *, dpi: int, timeout: float) -> bool:
    """Whether the Latin model reads ``digits`` in ``crop`` (a line of type, margin added here)."""
    from .ocr import _tesseract_words

    if not _has_latin() or crop.width < 4 or crop.height < 4:
        return False
    crop = ImageOps.expand(crop, border=max(8, dpi // 15), fill=255)
    for psm in (7, 8):
        try:
            words = _tesseract_words(crop, timeout=timeout, psm=psm, dpi=dpi, lang=LATIN,
                                     options=("-c", "tessedit_char_whitelist=0123456789"))
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            log.warning("digits not read again: %s", exc)
            return False
        text = "".join(w["text"] for w in words).strip("/-.")
        conf = min((w["conf"] for w in words), default=0.0)
        log.debug("typed digits %r read by the Latin model (psm %d): %r at %.0f", digits, psm, text, conf)
        if text == digits and conf >= LATIN_CONF:
            return True
    return False
