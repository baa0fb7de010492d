"""The number and the date a clerk writes by hand, read as a clerk reads them, or not at all.

On a signed letter the number (``Số: 511/TTr-CAT``) and the day (``ngày 23 tháng 12``), often the
month, are written in at signing, mostly in blue ink. Tesseract reads typed text; what it makes of
handwriting is a guess (``511`` -> ``Z⁄``, ``23`` -> ``,#8``, ``932`` -> ``Ở32``), and a guess that
looks like a number (``344`` for ``932``) is worse than none. So, before layout, on the OCR words
of the ``Số`` line and the date line at the head of a page:

- the label is put right as it was printed (``Só:``, ``S6:``, ``Sô`` -> ``Số:``; ``ngày2Otháng`` is
  three words);
- the box of the number (between the label and the symbol) and of the day and month (between
  ``ngày``, ``tháng`` and ``năm``) is judged: typed digits read with confidence stay as they are;
  coloured ink in the box, low confidence, or characters that are not digits mean handwriting;
- handwriting is read once more from its own crop (the ink layer without the type under it, digits
  only), and by the handwritten digit model (``pen_digits``: the blue ink, or the strokes of a
  black pen, which stay with the type in the printed layer); the value is kept only when that
  reads with confidence, with a warning that it was read from handwriting, otherwise the box is left empty
  (``Số: /TTr-CAT``, ``ngày tháng 12 năm 2025``), and either way a ``handwritten_number`` /
  ``handwritten_date`` warning carries the box on the page so that the reviewer sees the crop.

The label spellings Tesseract produces are in ``data/ocr_fixes.json`` (``number_label``).
"""
from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import regex as re
from PIL import ImageOps

from .page_image import PageImage, ink_layer
from .pen_digits import INK, _ink  # noqa: F401 (INK, _ink: also typed_digits')
from .pen_digits import dark_box as _dark_box
from .pen_digits import digits_of_ink as _digits_of_ink
from .pen_digits import ink_box as _ink_box
from .pen_digits import pen_digits as _pen_digits
from .typed_digits import italic_one, latin_agrees

log = logging.getLogger(__name__)

PRINTED_CONF = 80.0  # a typed number reads at 90+; handwriting Tesseract guesses at mostly below 60
DOUBTFUL_CONF = 65.0  # digits in a box without pen ink read at this or better are kept, with a warning
# the crop of handwriting, read as digits only, must reach this to be kept: on the real scans
# Tesseract read 2 of 16 handwritten boxes right, at 83 and 80, and one wrong at 84 (034's 298 as 4)
HAND_CONF = 90.0
HEAD = 0.45  # the Số and date lines are in this top share of the page


@dataclass(slots=True)
class Handwriting:
    kind: str  # "number" | "day" | "month"
    page: int
    bbox: tuple[float, float, float, float]  # PDF points
    value: str | None  # what was kept, or None
    seen: str  # what the page OCR read there ("" where the ink was dropped with the colour)
    confidence: float  # of the re-read crop
    by: str = "ocr"  # what read the value: "ocr" (Tesseract) or "digits" (the handwritten digit model)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    from .ocr import _fixes

    f = _fixes()
    return re.compile(f["number_label"]), re.compile(f["date_words"])


_SYMBOL_START = re.compile(r"[/-]\s*(?=\p{Lu})|(?<![\p{L}\d])(?=\p{Lu}{2,}[\p{Lu}\d]*-\p{Lu})")
_DIGITS = re.compile(r"^\d{1,6}$")


def _lines(words: list[dict]) -> list[list[dict]]:
    """Tesseract's lines, each cut where a gap of three line heights parts two columns
    (``Số: 855/CAT-PA05      Lâm Đồng, ngày 20 tháng 8`` can be one Tesseract line)."""
    by_line: dict[tuple[int, int, int], list[dict]] = {}
    for w in words:
        by_line.setdefault((w["block"], w["par"], w["line"]), []).append(w)
    out = []
    for ws in by_line.values():
        ws = sorted(ws, key=lambda w: w["left"])
        h = sorted(w["height"] for w in ws)[len(ws) // 2]
        seg = [ws[0]]
        for w in ws[1:]:
            if w["left"] - (seg[-1]["left"] + seg[-1]["width"]) > 3 * h:
                out.append(seg)
                seg = []
            seg.append(w)
        out.append(seg)
    return out


_NARROW = set("_-–—.,:;'`‘’~|!()/\\")  # specks and punctuation: about half a letter wide


def _split(w: dict, cuts: list[int]) -> list[dict]:
    """A word cut at character positions ``cuts``, each piece with its share of the box (a
    punctuation mark or speck counted as 0.4 of a letter: ``__—-_§6:40/HCCV``, where a stamp's edge
    was read into the word, has its number box where the digits are)."""
    text, out, last = w["text"], [], 0
    weights = [0.4 if ch in _NARROW else 1.0 for ch in text]
    at = [0.0]
    for x in weights:
        at.append(at[-1] + x)
    total = max(at[-1], 1e-6)
    for c in [*cuts, len(text)]:
        if c <= last:
            continue
        x0 = w["left"] + int(w["width"] * at[last] / total)
        x1 = w["left"] + int(w["width"] * at[c] / total)
        out.append(dict(w, text=text[last:c], left=x0, width=max(1, x1 - x0)))
        last = c
    return out


def _line_box(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The text line inside a number or date box (``_box`` reaches 0.6 of a line height above and
    0.4 below it, room for a pen; typed digits need only their line)."""
    h = (box[3] - box[1]) / 2
    return (box[0], int(box[1] + 0.45 * h), box[2], int(box[3] - 0.25 * h))


def _dark(pimg: PageImage, box: tuple[int, int, int, int]) -> float:
    """Share of dark pixels of the printed layer on the box's line: type the page OCR did not read
    (an italic ``8`` between ``tháng`` and ``năm``) is something there, not a blank."""
    crop = pimg.printed.crop(_line_box(box))
    if crop.width == 0 or crop.height == 0:
        return 0.0
    return sum(crop.histogram()[:128]) / max(1, crop.width * crop.height)


def _reread(pimg: PageImage, box: tuple[int, int, int, int], *, timeout: float) -> tuple[str, float]:
    """Digits read from the crop of ``box`` (ink layer where the box has coloured ink); anything
    but digits inside them makes the caller reject the read."""
    from .ocr import _tesseract_words

    if pimg.blue.crop(box).getbbox() is None:
        box = _line_box(box)  # typed: the rule under the motto above it read with it made "21" "2"
    crop = ink_layer(pimg, box)
    if crop.width < 4 or crop.height < 4:
        return "", 0.0
    crop = ImageOps.expand(crop, border=max(8, pimg.dpi // 15), fill=255)  # Tesseract wants a margin
    try:
        words = _tesseract_words(crop, timeout=timeout, psm=7, dpi=pimg.dpi,
                                 options=("-c", "tessedit_char_whitelist=0123456789/-."))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        log.warning("handwriting not read again: %s", exc)
        return "", 0.0
    # the slash or dash of the symbol may sit in the crop ("215/"): read, then set aside
    text = "".join(w["text"] for w in words).strip("/-.")
    conf = min((w["conf"] for w in words), default=0.0)
    return text, conf


def _judge(kind: str, zone: list[dict], box: tuple[int, int, int, int], pimg: PageImage, page_no: int,
           *, timeout: float, limit: int | None = None, edges=True) -> tuple[str | None, Handwriting | None]:
    """(text to put in the box, the handwriting found or None where the box holds typed digits or
    nothing). ``limit``: the largest value that makes sense there (the days of the month).
    ``edges``: the box's sides are Tesseract's own word boxes (no word cut in two by a guess, the
    symbol's slash read): only then are dark strokes in it read as a black pen's digits (a digit
    beyond a guessed side would be left out of the number); or a function that gives the box with
    its right side found (``pen_digits.symbol_start``), or None."""
    from .ocr import _digitise

    seen = "".join(w["text"] for w in zone).strip()
    digits = _digitise(seen) if seen else ""
    conf = min((w["conf"] for w in zone), default=100.0)
    log.debug("%s box: %r conf %.0f ink %.4f", kind, seen, conf, _ink(pimg, box))
    ink = _ink(pimg, box)
    limit = limit or {"number": 999999, "day": 31, "month": 12}[kind]
    s = pimg.scale
    pts = (box[0] / s, box[1] / s, box[2] / s, box[3] / s)
    if ink < INK and not seen and _dark(pimg, box) < INK:
        return None, None  # left blank on the page (a draft, or a number given at registration)
    italic = kind != "number" and ink < INK and italic_one(digits, limit)
    if italic:  # an italic typed 1 read as a slash, an accented I or a 7 ("2/", "76" for 21, 16): kept, flagged
        digits = italic
    # the symbol's slash lost on a number line without pen ink: what was read may be the number's
    # start (75 ZUBND-NV for a black 753/UBND-NV, the 3 read into the symbol): only confident reads
    short = kind == "number" and edges is False and ink < INK
    if _DIGITS.match(digits) and 0 < int(digits) <= limit:
        # pen ink is not in the image the page OCR read: digits it read there are typed (or black)
        if conf >= PRINTED_CONF and not italic:
            return digits, None
        if conf >= DOUBTFUL_CONF and not short:  # typed on a poor scan, or black handwriting: kept, flagged
            return digits, Handwriting(kind=kind, page=page_no, bbox=pts, value=digits, seen=seen, confidence=conf)
        if ink < INK and not short and latin_agrees(pimg, _line_box(box), digits, timeout=timeout):
            # typed digits read at a low confidence (8151 at 24 %), and the same by the Latin model: kept, flagged
            return digits, Handwriting(kind=kind, page=page_no, bbox=pts, value=digits, seen=seen, confidence=conf)
    gap, box = box, _ink_box(pimg, box)
    shown = box if _ink(pimg, box) >= INK else _dark_box(pimg, box)  # the crop the reviewer sees
    pts = (shown[0] / s, shown[1] / s, shown[2] / s, shown[3] / s)
    value, read_conf = _reread(pimg, box, timeout=timeout)
    if value and value == digits and 0 < int(digits) <= limit and max(conf, read_conf) >= DOUBTFUL_CONF \
            and not short:
        # two reads agree (a typed number glued to its symbol gets the word's low confidence), one
        # of them with some confidence: two weak reads of a pen number agree on part of it (pool070:
        # the page OCR 09 at 52 %, the crop 09 at 0 %, where a grey pen wrote 409)
        if _ink(pimg, box) < INK:
            return digits, None
        return digits, Handwriting(kind=kind, page=page_no, bbox=pts, value=digits, seen=seen,
                                   confidence=max(conf, read_conf))
    keep = (bool(_DIGITS.match(value)) and read_conf >= HAND_CONF and 0 < int(value) <= limit
            and len(value) >= _digits_of_ink(pimg, box) and not short)
    if callable(edges):  # the box's right side a guess: where the symbol starts, if it can be found
        sides = edges() if _ink(pimg, box) < INK else None
        if sides is not None:
            box = gap = sides
        edges = sides is not None
    pen = _pen_digits(kind, pimg, box, limit, gap=gap, dark=edges)
    if pen is not None and (not keep or pen.text == value):
        return pen.text, Handwriting(kind=kind, page=page_no, bbox=pts, value=pen.text, seen=seen,
                                     confidence=pen.confidence, by="digits")
    if pen is not None:  # Tesseract and the digit model read two values: neither is kept
        log.debug("%s box: Tesseract %r, digit model %r: left empty", kind, value, pen.text)
        keep = False
    hand = Handwriting(kind=kind, page=page_no, bbox=pts, value=value if keep else None, seen=seen,
                       confidence=read_conf)
    return (value if keep else ""), hand


def _box(x0: float, x1: float, line: list[dict], pimg: PageImage) -> tuple[int, int, int, int]:
    top = min(w["top"] for w in line)
    bottom = max(w["top"] + w["height"] for w in line)
    h = bottom - top
    return (int(max(0, x0)), int(max(0, top - 0.6 * h)), int(min(pimg.printed.width, x1)),
            int(min(pimg.printed.height, bottom + 0.4 * h)))


def read_head_fields(words: list[dict], pimg: PageImage, page_no: int, *, timeout: float = 60.0) -> list[Handwriting]:
    """Put the ``Số`` line's and the date line's words right in place (see the module text);
    returns the handwriting found. ``words``: Tesseract's words of the page, changed in place."""
    number_label, date_words = _patterns()
    limit = HEAD * pimg.printed.height
    found: list[Handwriting] = []
    done_number = done_date = False
    for line in _lines(words):
        if min(w["top"] for w in line) > limit:
            continue
        if not done_number and (m := number_label.match(line[0]["text"])):
            hand = _number_line(line, m.end(), words, pimg, page_no, timeout=timeout)
            if hand is not None:
                done_number = True
                found.extend(hand)
                continue
        if not done_date and date_words.search(" ".join(w["text"] for w in line)):
            done_date = True
            found.extend(_date_line(line, words, pimg, page_no, timeout=timeout))
    return found


def _replace(words: list[dict], old: list[dict], new: list[dict]) -> None:
    if not old:
        return
    k = next(i for i, w in enumerate(words) if w is old[0])
    for w in old:
        words.remove(w)
    words[k:k] = new


def _number_line(line: list[dict], label_end: int, words: list[dict], pimg: PageImage, page_no: int,
                 *, timeout: float) -> list[Handwriting] | None:
    """None where the line is no ``Số`` line after all (no symbol after a short number box)."""
    first = line[0]
    pieces = _split(first, [label_end])
    label, rest = pieces[0], pieces[1:]
    tokens = [*rest, *line[1:]]
    # the symbol starts at the first "/" or "-" before a capital (or a bare "CAT-PA05")
    zone: list[dict] = []
    symbol: list[dict] = []
    glued = 0.0  # the symbol's first character may lie in the box where one word holds both
    cut: list[dict] = [first] if rest else []  # Tesseract's words the box was cut out of
    for i, w in enumerate(tokens):
        m = _SYMBOL_START.search(w["text"])
        if m:
            parts = _split(w, [m.start()]) if m.start() > 0 else [w]
            if m.start() > 0:
                glued = 0.6 * w["width"] / max(1, len(w["text"]))
                if not any(w is r for r in rest):
                    cut.append(w)
            if m.start() > 0:
                zone.append(parts[0])
            symbol = [parts[-1], *tokens[i + 1:]]
            break
        zone.append(w)
    else:
        return None  # no symbol: not a number line as printed ("Số liệu ...")
    if len(zone) > 2 or sum(len(w["text"]) for w in zone) > 8:
        return None
    x0 = label["left"] + label["width"]
    x1 = symbol[0]["left"] - glued if symbol else x0
    box = _box(x0, max(x1, x0 + 4), line, pimg)
    typed = None
    if cut:
        from .typed_digits import typed_in_cut_words

        typed = typed_in_cut_words(cut, zone, box, pimg, timeout=timeout)
    if typed is not None:
        text, hand = typed, None
    else:
        # UBND-NV read for 5/UBND-NV: the word's box holds the 5, and the box before it not
        edges = not cut and not glued and symbol[0]["text"].startswith(("/", "-"))
        if glued and not rest and symbol[0]["text"].startswith(("/", "-")):  # 55/UBND-NV: one word
            from .pen_digits import symbol_start

            word, sym_text = cut[-1], symbol[0]["text"]
            edges = lambda: symbol_start(pimg, box, word, sym_text, timeout=timeout)  # noqa: E731
        text, hand = _judge("number", zone, box, pimg, page_no, timeout=timeout, edges=edges)
    label = dict(label, text="Số:")
    sym = symbol[0]
    if not sym["text"].startswith(("/", "-")):
        sym = dict(sym, text="/" + sym["text"])  # the slash went with the handwriting ("%CAT-PA05")
    new = [label]
    if text:
        new.append(dict(zone[0] if zone else label, text=text, left=box[0], width=max(1, box[2] - box[0]), conf=100.0))
    new += [sym, *symbol[1:]]
    _replace(words, line, new)
    return [hand] if hand else []


_DATE_CUT = re.compile(r"(?<=\S)(?=(?:tháng|năm)(?!\p{L}))|(?<=(?<!\p{L})(?:ngày|tháng))(?=\S)")


def _date_line(line: list[dict], words: list[dict], pimg: PageImage, page_no: int, *, timeout: float) -> list[Handwriting]:
    tokens: list[dict] = []
    for w in line:
        cuts = [m.start() for m in _DATE_CUT.finditer(w["text"])]
        tokens.extend(_split(w, cuts) if cuts else [w])
    keys = [t["text"].strip(".,;:").casefold() for t in tokens]
    try:
        i_day = keys.index("ngày")
        i_month = keys.index("tháng", i_day + 1)
        i_year = keys.index("năm", i_month + 1)
    except ValueError:
        return []
    found = []
    new = list(tokens)
    month = None
    for kind, a, b in (("month", i_month, i_year), ("day", i_day, i_month)):  # right to left: indexes hold
        zone = tokens[a + 1:b]
        box = _box(tokens[a]["left"] + tokens[a]["width"], tokens[b]["left"], line, pimg)
        days = _days_in(month, _year(tokens[i_year + 1:])) if kind == "day" else None
        edges = any(tokens[a] is w for w in line) and any(tokens[b] is w for w in line)  # not cut by a guess
        text, hand = _judge(kind, zone, box, pimg, page_no, timeout=timeout, limit=days, edges=edges)
        if kind == "month" and text and text.isdigit() and 0 < int(text) <= 12:
            month = int(text)
        if hand is None and text is None:
            continue
        repl = [dict(tokens[a], text=text, left=box[0], width=max(1, box[2] - box[0]), conf=100.0)] if text else []
        new[a + 1:b] = repl
        if hand:
            found.append(hand)
    if new != tokens or len(tokens) != len(line):
        _replace(words, line, new)
    return found[::-1]


def _year(tokens: list[dict]) -> int | None:
    m = re.match(r"(\d{4})", "".join(t["text"] for t in tokens[:2]))
    return int(m.group(1)) if m and 1900 < int(m.group(1)) < 2200 else None


def _days_in(month: int | None, year: int | None) -> int:
    """The days a day of the month can be: 31 where the month is not known, 29 in a February
    whose year is not known."""
    import calendar

    if month is None:
        return 31
    return calendar.monthrange(year or 2024, month)[1]


FROM_PEN = "read from the handwriting"  # in the warning of a value the digit model read


def read_from_pen(doc, kind: str) -> bool:
    """Whether the ``kind`` ("number", "day", "month") of ``doc`` was read by the digit model
    (from the warnings ``handwriting_warnings`` gave it)."""
    code = "handwritten_number" if kind == "number" else "handwritten_date"
    return any(w.code == code and w.message.startswith(_WHAT[kind]) and FROM_PEN in w.message for w in doc.warnings)


_WHAT = {"number": "the number (Số)", "day": "the day of the issue date", "month": "the month of the issue date"}


def handwriting_warnings(doc, found: list[Handwriting]) -> None:
    """One ``handwritten_number`` / ``handwritten_date`` warning per box, with the box."""
    for h in found:
        code = "handwritten_number" if h.kind == "number" else "handwritten_date"
        seen = f" (the page OCR saw {h.seen!r})" if h.seen else ""
        if h.value is not None and h.by == "digits":
            msg = (f"{_WHAT[h.kind]} is handwritten; {FROM_PEN} as {h.value} with confidence {h.confidence:.0f}% "
                   f"(every digit agreed by the handwritten digit model){seen}: check it against the box on page {h.page}")
        elif h.value is not None:
            msg = (f"{_WHAT[h.kind]} looks handwritten or poorly printed; read as {h.value} with confidence "
                   f"{h.confidence:.0f}%{seen}: check it against the box on page {h.page}")
        else:
            msg = (f"{_WHAT[h.kind]} is handwritten and could not be read with confidence{seen}; left empty: "
                   f"read it from the box on page {h.page}")
        doc.warn(code, msg, h.page, bbox=h.bbox)
