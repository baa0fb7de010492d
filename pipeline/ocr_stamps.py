"""An arrival stamp on a scan, kept out of the letter's text.

The office that receives a letter stamps it (Nghị định 30/2020, Phụ lục IV: a frame holding the
office's name, ``ĐẾN``, ``Số: ...``, ``Ngày: ...``, ``Chuyển: ...``, ``Số và ký hiệu HS: ...``), most
often in the blank top left of the first page, where the letter's own header stands. A text PDF
carries it as an image, so its text layer never holds it; a scan of the page does, and the page
OCR reads the stamp into the header: the office's name into the issuer (``VP.UBND TỈNH BÌNH THUẬN
/ HỆ SVNG....„ v0E 36 ...`` before ``SỞ NỘI VỤ``), the stamp's ``Số`` and ``Ngày`` beside the number
and the date, its last line glued to the agency's line (``Số và ky hieu risUBND TĨNH BÌNH THUẬN``).

Here the stamp is found by its words (``ĐẾN`` in capitals, ``Chuyển:``, ``Số và ký hiệu``; the
``anchors`` of ``data/ocr_fixes.json``'s ``arrival_stamp``), its frame by the rules drawn round them
(a long dark row above and below the anchor, a long dark column left and right of it, within a
stamp's size), and the words lying wholly inside the frame are taken out before the layout. A word
that reaches out of the frame (the agency's line the stamp was put over) stays. Where no frame is
found nothing is taken out.
"""
from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache

import numpy as np

from .page_image import PageImage

log = logging.getLogger(__name__)

HEAD = 0.5  # the stamp is looked for in this top share of the page
SIZE = ((0.8, 4.0), (0.4, 2.2))  # a frame's width and height, inches
DARK = 128  # grey levels under which a pixel is ink


@lru_cache(maxsize=1)
def _anchors() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    from .ocr import _fixes

    table = _fixes()["arrival_stamp"]
    return frozenset(table["capital_words"]), tuple(tuple(p.split()) for p in table["phrases"])


def _bare(word: str) -> str:
    d = unicodedata.normalize("NFD", word.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in d if unicodedata.category(c) != "Mn").casefold().strip(".,:;…_-")


def _anchor_words(words: list[dict], height: int) -> list[dict]:
    """The words of the page's head that only an arrival stamp prints: ``ĐẾN`` alone in capitals,
    the first word of ``Chuyển:`` or ``Số và ký hiệu`` (accents aside)."""
    capitals, phrases = _anchors()
    head = [w for w in words if w["top"] < HEAD * height]
    out = []
    for i, w in enumerate(head):
        text = w["text"].strip(".,:;…_-")
        if text.isupper() and _bare(text) in capitals:
            out.append(w)
            continue
        for phrase in phrases:
            got = [_bare(x["text"]) for x in head[i:i + len(phrase)]]
            if got and all(g.startswith(p) for g, p in zip(got, phrase)) and len(got) == len(phrase):
                out.append(w)
                break
    return out


def _runs(mask: np.ndarray, gap: int) -> np.ndarray:
    """The longest run of True in each row of ``mask``, gaps of up to ``gap`` pixels bridged (a
    scanned rule is grainy and broken), each row taken with its neighbours (a rule a pixel or two
    off level)."""
    mask = mask.copy()
    mask[1:] |= mask[:-1].copy()
    mask[:-1] |= mask[1:].copy()
    best = np.zeros(mask.shape[0], dtype=int)
    cur = np.zeros(mask.shape[0], dtype=int)
    off = np.zeros(mask.shape[0], dtype=int)
    for x in range(mask.shape[1]):
        on = mask[:, x]
        cur = np.where(on, cur + off + 1, np.where(off >= gap, 0, cur))
        off = np.where(on, 0, np.where(off >= gap, 0, off + 1))
        best = np.maximum(best, cur)
    return best


def stamp_frame(pimg: PageImage, anchor: dict) -> tuple[int, int, int, int] | None:
    """The frame (page pixels) drawn round ``anchor``: a long dark row above it (the highest of the
    few nearest: the office's name has a rule under it inside the frame) and the nearest below,
    and the nearest dark columns left and right of it that run from the one to the other, within
    a stamp's size; None where there is none."""
    img = pimg.printed
    dpi = pimg.scale * 72
    (w_min, w_max), (h_min, h_max) = [(int(a * dpi), int(b * dpi)) for a, b in SIZE]
    cx = anchor["left"] + anchor["width"] // 2
    x0, x1 = max(0, cx - w_max), min(img.width, cx + w_max)
    y0, y1 = max(0, anchor["top"] - h_max), min(img.height, anchor["top"] + anchor["height"] + h_max)
    ink = np.asarray(img.crop((x0, y0, x1, y1))) < DARK
    gap = max(3, int(dpi / 50))
    rows = _runs(ink, gap)
    rules = np.flatnonzero(rows >= w_min * 0.9)
    a_top, a_bottom = anchor["top"] - y0, anchor["top"] + anchor["height"] - y0
    a_left, a_right = anchor["left"] - x0, anchor["left"] + anchor["width"] - x0
    # the highest rule above that makes a frame with the nearest one below: a stamp's top band
    # (the office's name) has a rule under it inside the frame
    for top in _rules(rules[rules < a_top])[::-1][:4][::-1]:
        for bottom in _rules(rules[rules > a_bottom])[:3]:
            if not h_min <= bottom - top <= h_max:
                continue
            cols = _runs(ink[top:bottom + 1].T, gap)
            sides = np.flatnonzero(cols >= 0.85 * (bottom - top))
            left, right = sides[sides < a_left], sides[sides > a_right]
            if not left.size or not right.size:
                continue
            lx, rx = int(left.max()), int(right.min())
            if w_min <= rx - lx <= w_max:
                return (x0 + lx, y0 + top, x0 + rx, y0 + bottom)
    return None


def _rules(rows: np.ndarray) -> list[int]:
    """Rows of rules, each run of neighbouring rows as its middle one, top to bottom."""
    out: list[list[int]] = []
    for r in rows.tolist():
        if out and r - out[-1][-1] <= 2:
            out[-1].append(r)
        else:
            out.append([r])
    return [g[len(g) // 2] for g in out]


def without_arrival_stamp(words: list[dict], pimg: PageImage) -> list[dict]:
    """``words`` (Tesseract's, page pixels) less those wholly inside an arrival stamp's frame."""
    frames = []
    for anchor in _anchor_words(words, pimg.printed.height):
        if any(f[0] <= anchor["left"] and anchor["left"] + anchor["width"] <= f[2]
               and f[1] <= anchor["top"] and anchor["top"] + anchor["height"] <= f[3] for f in frames):
            continue
        frame = stamp_frame(pimg, anchor)
        if frame is not None:
            frames.append(frame)
    if not frames:
        return words
    pad = max(2, int(pimg.scale))

    def inside(w: dict) -> bool:
        return any(f[0] - pad <= w["left"] and w["left"] + w["width"] <= f[2] + pad
                   and f[1] - pad <= w["top"] and w["top"] + w["height"] <= f[3] + pad for f in frames)

    kept = [w for w in words if not inside(w)]
    log.info("arrival stamp: %d word(s) in %d frame(s) left out (%s)", len(words) - len(kept), len(frames),
             " ".join(w["text"] for w in words if inside(w))[:120])
    return kept

