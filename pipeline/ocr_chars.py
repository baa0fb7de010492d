"""A digit the page OCR printed as ``§``, read again from the word's own crop.

Tesseract reads a page word by word, and a digit it cannot make out inside a code or a date comes
out as ``§`` (``CAT-PA0§`` for ``CAT-PA05``, ``2025-0§-20`` for ``2025-08-20`` on the same real
scan, dev001: the ``§`` is a 5 once and an 8 once, so no look-alike table can say which digit it
is), or a speck beside a digit does (``28§/QĐ-`` where the page shows ``28/QĐ-``: dev007, pool086).
The word's crop read again on its own, as one line, gives the digit or nothing there; it is taken
only where the characters around it read the same both times. Only such words are read again
(none on most pages): one more Tesseract call of a word's crop each, some tens of milliseconds.
"""
from __future__ import annotations

import logging
import subprocess

import regex as re
from PIL import Image, ImageOps

log = logging.getLogger(__name__)

UNREAD = "§"  # what Tesseract prints for a digit it could not read inside a code or a date
_BESIDE_DIGIT = re.compile(r"\d§|§\d")
CONTEXT = 3  # characters on each side of the § that must read the same in the second read
MAX_WORDS = 6  # words read again on one page, at most (a page of § is no page of type)


def read_again(img: Image.Image, box: tuple[int, int, int, int], *, dpi: int, timeout: float) -> str:
    """The line in ``box`` of ``img`` read again on its own (Tesseract, one line), with a margin
    for serifs and accents (a whole line height more took in the next word, and on dev001 the
    stamped date line then read ``0§`` again); "" where Tesseract fails."""
    from .ocr import _tesseract_words, fix_ocr_text

    pad, wide = max(2, (box[3] - box[1]) // 6), max(2, (box[3] - box[1]) // 3)
    crop = img.crop((max(0, box[0] - wide), max(0, box[1] - pad), min(img.width, box[2] + wide),
                     min(img.height, box[3] + pad)))
    crop = ImageOps.expand(crop, border=max(8, dpi // 15), fill=255)  # Tesseract wants a margin
    try:
        words = _tesseract_words(crop, timeout=timeout, psm=7, dpi=dpi)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        log.warning("a word not read again: %s", exc)
        return ""
    return " ".join(fix_ocr_text(w["text"]) for w in words)


def digit_for_unread(word: str, reread: str, *, start: int = 0) -> str:
    """``word`` with each ``§`` beside a digit replaced by the digit the second read ``reread``
    has at that place: the ``CONTEXT`` characters on either side (within the word) must be the
    same in both reads, and a § at the word's end must be followed by no letter or digit in the
    second read (``PA0§`` and ``/CAT-PA05_`` give ``PA05``); where the second read has the
    characters on both sides and nothing between them, the § goes. A § the second read does not
    settle stays. ``start``: where to begin (after the ``Số`` label, whose ``§6:`` is no digit)."""
    out = list(word)
    for m in re.finditer(re.escape(UNREAD), word, pos=start):
        i = m.start()
        if not (i > 0 and word[i - 1].isdigit()) and not (i + 1 < len(word) and word[i + 1].isdigit()):
            continue
        left, right = word[max(0, i - CONTEXT):i], word[i + 1:i + 1 + CONTEXT]
        if UNREAD in left or UNREAD in right:
            continue
        before = "" if i - CONTEXT > 0 else "(?<![\\p{L}\\d])"
        after = "" if i + 1 + CONTEXT < len(word) else "(?![\\p{L}\\d])"
        pattern = f"{before}{re.escape(left)}(\\d){re.escape(right)}{after}"
        found = {g.group(1) for g in re.finditer(pattern, reread)}
        if len(found) == 1:
            out[i] = found.pop()
        elif not found and left and right and re.search(f"{before}{re.escape(left + right)}{after}", reread):
            out[i] = ""  # nothing there: a speck read as § (``28§/QĐ-``, the page shows ``28/QĐ-``)
    return "".join(out)


def recover_unread_digits(words: list[dict], img: Image.Image, *, dpi: int, timeout: float) -> None:
    """Words of the page OCR with a ``§`` beside a digit (see the module text), put right in place
    where a second read of their crop settles the digit."""
    from .handwriting import _patterns

    number_label = _patterns()[0]
    todo = []
    for w in words:
        label = number_label.match(w["text"])
        start = label.end() if label else 0
        if _BESIDE_DIGIT.search(w["text"], pos=start):
            todo.append((w, start))
    for w, start in todo[:MAX_WORDS]:
        box = (w["left"], w["top"], w["left"] + w["width"], w["top"] + w["height"])
        reread = read_again(img, box, dpi=dpi, timeout=timeout)
        fixed = digit_for_unread(w["text"], reread, start=start)
        if fixed != w["text"]:
            log.debug("unread digit: %r -> %r (read again: %r)", w["text"], fixed, reread)
            w["text"] = fixed
