"""OCR of image-only (or unreadable) PDF pages with Tesseract's Vietnamese model.

Direct calls to the ``tesseract`` binary (Debian: tesseract-ocr, tesseract-ocr-vie) rather than
OCRmyPDF: we need words with boxes for our own layout step, not a new PDF, and OCRmyPDF would add
Ghostscript and a second rasterisation per page. Each page is rendered with pdfium at 300 dpi,
turned to greyscale, deskewed (projection-profile search, Pillow only), and sent to Tesseract on
stdin; its TSV output gives each word's box, which is scaled back to PDF points and laid out by
the same code as a native text layer (``pdf_layout.lines_from_runs``), so header columns, ``Nơi nhận``
and the signature zone come out in the same reading order as from a text PDF.

The words then go through ``fix_ocr_text``: the look-alike characters Tesseract confuses inside
numbers, dates and document symbols (``0/O``, ``1/l/I``, ``Đ/Ð/D``) and broken date separators,
with rules kept in ``data/ocr_fixes.json``.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import shutil
import subprocess
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterator
from importlib import resources

import regex as re
from PIL import Image

from .document import Line
from .handwriting import Handwriting, read_head_fields
from .ocr_chars import recover_unread_digits
from .ocr_stamps import without_arrival_stamp
from .legacy import is_syllable
from .page_image import PageImage, estimate_skew, finish, render  # noqa: F401 (estimate_skew: tests, benchmarks)
from .pdf_layout import Run, lines_from_runs

log = logging.getLogger(__name__)

DPI = 300
# limits that hold whatever a PDF claims (issue 18): at most MAX_PAGES pages of one document go to
# OCR, and a page is rendered at no more than MAX_PIXELS (36 Mpx: A3 at 300 dpi is 17 Mpx) nor
# MAX_SIDE pixels a side (Tesseract's own limit is 32767); a 14,400-point page at 300 dpi would
# be 60,000 px square, 3.6 GB in grey
MAX_PAGES = 40
MAX_PIXELS = 36_000_000
MAX_SIDE = 20_000
LANG = "vie"


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is not installed."""


@lru_cache(maxsize=1)
def tesseract_status() -> str | None:
    """None when OCR can run, else why not (a message for a warning)."""
    exe = shutil.which("tesseract")
    if not exe:
        return "tesseract is not installed (Debian: apt install tesseract-ocr tesseract-ocr-vie)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"tesseract does not run: {exc}"
    if LANG not in out.stdout.split():
        return "tesseract has no Vietnamese model (Debian: apt install tesseract-ocr-vie)"
    return None


@dataclass(slots=True)
class OcrPage:
    lines: list[Line]
    skew: float  # degrees the page was turned by before OCR
    confidence: float  # mean word confidence, 0..100
    seconds: float
    handwriting: list[Handwriting] = field(default_factory=list)  # number / day / month written by hand
    dpi: float = DPI  # lower where the page was too large to render at DPI
    render_dpi: float = DPI  # pixels per inch of the page as its box measures it (an oversized box: fewer)


def render_scale(width: float, height: float, dpi: float = DPI) -> float:
    """Pixels per point for a ``width`` x ``height`` point page: ``dpi``/72 within the caps."""
    w, h = max(width, 1.0), max(height, 1.0)
    return min(dpi / 72, MAX_SIDE / max(w, h), (MAX_PIXELS / (w * h)) ** 0.5)


# --------------------------------------------------------------------------- tesseract


def _tesseract_words(img: Image.Image, *, timeout: float, psm: int = 3, dpi: int = DPI,
                     options: tuple[str, ...] = (), lang: str = LANG) -> list[dict]:
    buf = io.BytesIO()
    # uncompressed BMP: the same words as PNG, written in 1 ms instead of 0.14-0.6 s; Tesseract
    # (Leptonica) reads it as fast as PNG, where PGM cost it 0.15-0.2 s more a page (CPU time,
    # dev014 and public 037)
    img.save(buf, format="BMP")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one core per page; parallelism is per file
    try:
        out = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), *options, "tsv"],
                             input=buf.getvalue(), capture_output=True, timeout=timeout, env=env)
    except FileNotFoundError as exc:
        raise OcrUnavailable(str(exc)) from exc
    if out.returncode != 0:
        raise RuntimeError(f"tesseract failed: {out.stderr.decode('utf-8', 'replace')[-300:]}")
    words = []
    reader = csv.reader(io.StringIO(out.stdout.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if not header:
        return words
    for row in reader:
        if len(row) < 12 or row[0] != "5" or not row[11].strip():
            continue
        words.append({"block": int(row[2]), "par": int(row[3]), "line": int(row[4]),
                      "left": int(row[6]), "top": int(row[7]), "width": int(row[8]), "height": int(row[9]),
                      "conf": float(row[10]), "text": row[11]})
    return words


def _runs(words: list[dict], scale: float) -> list[Run]:
    """One run per word, in PDF points; the layout step groups them into lines and columns.

    Every word takes the vertical extent of the line Tesseract put it in: a word's own box grows
    with its diacritics (``CHỦ`` above, ``TỊCH`` below), which would break one visual line in two.
    The extent is scaled to about a glyph's height, as pdfium reports for a text layer, so that the
    layout thresholds (gaps measured in glyph heights) mean the same for OCR and text PDFs.
    """
    extent: dict[tuple[int, int, int, int], tuple[float, float]] = {}
    keys = _segments(words)
    for w, key in zip(words, keys):
        top, bottom = extent.get(key, (1e9, -1e9))
        extent[key] = (min(top, w["top"]), max(bottom, w["top"] + w["height"]))
    runs = []
    for w, key in zip(words, keys):
        if not w["text"].strip(_MARKS):
            continue  # a lone accent or speck ("ˆ" between the header's two columns joins them)
        line_top, line_bottom = extent[key]
        h = (line_bottom - line_top) / scale
        bottom = line_bottom / scale - 0.2 * h
        top = bottom - 0.6 * h
        x0, x1 = w["left"] / scale, (w["left"] + w["width"]) / scale
        run = Run()
        for ch in w["text"]:
            run.add(ch, (x0, top, x1, bottom))
        run.add(" ", None)  # Tesseract's words are words, however tight the gap: "TỈNH LÂM"
        runs.append(run)
    return runs


def _segments(words: list[dict]) -> list[tuple[int, int, int, int]]:
    """For each word, its Tesseract line and the piece of that line it is in, the line cut where a
    gap of three word heights parts two columns. Tesseract may make one line of ``- Đ/c Giám đốc
    CAT`` in Nơi nhận and ``PHÓ GIÁM ĐỐC`` beside it (dev001): the two pieces stand at different
    heights, and one extent for both would lay the copies list's lines over each other."""
    by_line: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault((w["block"], w["par"], w["line"]), []).append(i)
    keys: list[tuple[int, int, int, int]] = [(0, 0, 0, 0)] * len(words)
    for (b, p, l), idx in by_line.items():
        idx = sorted(idx, key=lambda i: words[i]["left"])
        h = sorted(words[i]["height"] for i in idx)[len(idx) // 2]
        seg, right = 0, None
        for i in idx:
            w = words[i]
            if right is not None and w["left"] - right > 3 * h:
                seg += 1
            keys[i] = (b, p, l, seg)
            right = max(right or 0, w["left"] + w["width"])
    return keys


def ocr_page(page, page_no: int, *, timeout: float = 120.0) -> OcrPage:
    """OCR one ``pypdfium2.PdfPage``; the lines carry page-point boxes like native ones."""
    t0 = time.perf_counter()
    pimg = prepare_page(page)
    return ocr_image(pimg, page_no, width=page.get_width(), timeout=timeout, t0=t0)


def ocr_workers() -> int:
    """Pages of one document OCR'd at once: the cores this process may use (``CONGVAN_OCR_WORKERS``
    overrides; ingest's worker processes set it to 1, since they already spread documents)."""
    if (v := os.environ.get("CONGVAN_OCR_WORKERS")):
        return max(1, int(v))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def ocr_pages(pdf, page_numbers: list[int], *, workers: int | None = None, timeout: float = 120.0,
              skip: Callable[[object, int], bool] | None = None) -> Iterator[tuple[int, OcrPage | Exception | None]]:
    """OCR the pages ``page_numbers`` (1-based) of an open ``pypdfium2.PdfDocument``, ``workers``
    pages at a time, yielding ``(page_no, OcrPage)`` in page order; an exception in place of the
    page where its OCR failed, None where ``skip(page, page_no)`` said to leave it.

    pdfium is not thread-safe: pages are rendered here, in the calling thread; their colour split,
    deskew, the Tesseract runs (child processes) and the layout of their words go to the pool. At most
    ``workers + 1`` rendered pages wait at a time, so a long scan does not hold all its images."""
    from concurrent.futures import ThreadPoolExecutor

    workers = workers or ocr_workers()

    def render_job(page_no: int):
        page = pdf[page_no - 1]
        try:
            if skip is not None and skip(page, page_no):
                return None
            t0 = time.perf_counter()
            return render_page_job(page), page.get_width(), t0
        finally:
            page.close()

    def run(job, page_no: int) -> OcrPage:
        finish_image, width, t0 = job
        return ocr_image(finish_image(), page_no, width=width, timeout=timeout, t0=t0)

    if workers <= 1 or len(page_numbers) <= 1:
        for page_no in page_numbers:
            try:
                job = render_job(page_no)
                yield page_no, (None if job is None else run(job, page_no))
            except Exception as exc:  # one bad page must not lose the others
                yield page_no, exc
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list[tuple[int, object]] = []
        todo = list(page_numbers)
        while todo or pending:
            while todo and len(pending) <= workers:
                page_no = todo.pop(0)
                try:
                    job = render_job(page_no)
                    fut = None if job is None else pool.submit(run, job, page_no)
                except Exception as exc:
                    fut = exc
                pending.append((page_no, fut))
            page_no, fut = pending.pop(0)
            if fut is None or isinstance(fut, Exception):
                yield page_no, fut
                continue
            try:
                yield page_no, fut.result()
            except Exception as exc:
                yield page_no, exc


def confirm_dropped(path: str, page_no: int, missing: str, *, dpi: int = 150) -> bool:
    """True when a quick OCR of the page (``dpi``, greyscale) shows each of the letters ``missing``
    at least five times: the text layer dropped glyphs the page prints (``legacy.dropped_letters``
    picks the candidates; a table of acronyms can lack H and N for real). False where OCR cannot
    run."""
    import pypdfium2 as pdfium

    if tesseract_status() is not None:
        return False
    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[page_no - 1]
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    try:
        words = _tesseract_words(img, timeout=60, dpi=dpi)
    except (OcrUnavailable, RuntimeError, subprocess.TimeoutExpired) as exc:
        log.warning("page %d: dropped glyphs not confirmed: %s", page_no, exc)
        return False
    seen = unicodedata.normalize("NFD", " ".join(w["text"] for w in words))
    return all(seen.count(ch) >= 5 for ch in missing)


def prepare_page(page) -> PageImage:
    """The page rendered and split into printed text and coloured ink (``page_image``), turned level.

    ``CONGVAN_OCR_DPI``, ``CONGVAN_OCR_COLOUR=0``, ``CONGVAN_OCR_CONTRAST=1`` and
    ``CONGVAN_OCR_DESKEW=0`` switch one image step at a time, to measure its effect per field on the
    real scans (README, "Real scans"); the defaults are what those measurements chose."""
    return render_page_job(page)()


def render_page_job(page) -> Callable[[], PageImage]:
    """Render ``page`` now (pdfium is not thread-safe: this stays in the calling thread) and return
    the rest of ``prepare_page`` (colour split, skew search, turning), which may run in any thread
    beside Tesseract on other pages."""
    colour, scale, dpi = render(page, dpi=_env_int("CONGVAN_OCR_DPI"),
                                max_scale=render_scale(page.get_width(), page.get_height(), dpi=10_000))  # issue 18's caps
    options = dict(drop_colour=os.environ.get("CONGVAN_OCR_COLOUR") != "0",
                   contrast=os.environ.get("CONGVAN_OCR_CONTRAST") == "1",
                   deskew=os.environ.get("CONGVAN_OCR_DESKEW") != "0")
    return lambda: finish(colour, scale=scale, dpi=dpi, **options)


def _env_int(name: str) -> int | None:
    v = os.environ.get(name)
    return int(v) if v else None


def ocr_image(pimg: PageImage, page_no: int, *, width: float, timeout: float = 120.0,
              t0: float | None = None) -> OcrPage:
    """OCR a prepared page image (see ``prepare_page``)."""
    t0 = time.perf_counter() if t0 is None else t0
    scale = pimg.scale
    skew = pimg.skew  # turned level when it was prepared
    img = pimg.printed
    # grey, not binarised: a black-and-white page reads about twice as fast, but it loses the
    # handwritten day and number that signing adds (036: "16" -> "Aó", 034: "24" -> "44")
    words = _tesseract_words(img, timeout=timeout, dpi=pimg.dpi)
    for w in words:
        w["text"] = fix_ocr_text(w["text"])
    recover_unread_digits(words, img, dpi=pimg.dpi, timeout=timeout)
    words = without_arrival_stamp(words, pimg)  # before the Số and date lines are looked for
    handwriting = read_head_fields(words, pimg, page_no, timeout=timeout)
    from .ocr_blocks import keep_every_line, recover_signature_block
    from .ocr_signer import (recover_name_marks, recover_name_start, recover_signature_titles, recover_signer_name,
                             recover_signer_title)

    words = _without_tall_specks(words)
    laid = lines_from_runs(_runs(words, scale), width=width, page_no=page_no)
    lines = fix_ocr_lines(keep_every_line(laid, words, scale=scale, width=width, page_no=page_no))
    lines = recover_signature_block(img, lines, scale=scale, width=width, page_no=page_no, timeout=timeout)
    lines = recover_signature_titles(img, lines, scale=scale, width=width, timeout=timeout)
    lines = recover_signer_title(img, lines, scale=scale, width=width, page_no=page_no, timeout=timeout)
    # the family name a seal hides, before (a name read whole is not looked for again under the
    # seal) and after the name is read again under the title (which finds the given names only)
    lines = recover_name_start(img, lines, scale=scale, width=width, timeout=timeout)
    lines = recover_signer_name(img, lines, scale=scale, width=width, page_no=page_no, timeout=timeout)
    lines = recover_name_start(img, lines, scale=scale, width=width, timeout=timeout)
    lines = recover_name_marks(img, lines, scale=scale, width=width, timeout=timeout)
    conf = [w["conf"] for w in words if w["conf"] >= 0]
    return OcrPage(lines=lines, skew=skew, confidence=sum(conf) / len(conf) if conf else 0.0,
                   seconds=time.perf_counter() - t0, handwriting=handwriting, dpi=pimg.dpi,
                   render_dpi=pimg.scale * 72)


def _without_tall_specks(words: list[dict]) -> list[dict]:
    """Words left out of the layout: one to three characters read at almost no confidence in a box
    more than two and a half lines of type tall, with no digit (public 045: ``TS``, the edge of an
    arrival stamp beside a two-line title, joined both lines into one and shuffled their words). The
    handwriting step has seen every word before this."""
    heights = sorted(w["height"] for w in words if w["conf"] >= 60)
    if len(heights) < 10:
        return words
    median = heights[len(heights) // 2]
    return [w for w in words if not (w["height"] > 2.5 * median and w["conf"] < 20
                                     and len(w["text"].strip(_PUNCT)) <= 3 and not re.search(r"\d", w["text"]))]


_AUTHORITY_LINE = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q)\.\s*\p{Lu}")


# --------------------------------------------------------------------------- OCR text fixes


@lru_cache(maxsize=1)
def _fixes() -> dict:
    raw = resources.files("congvan.pipeline").joinpath("data", "ocr_fixes.json").read_text("utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1)
def _compiled() -> tuple[list[tuple[re.Pattern, str]], list[tuple[re.Pattern, str]]]:
    f = _fixes()
    words = [(re.compile(p), r) for p, r in f["word_rules"]]
    lines = [(re.compile(p), r) for p, r in f["labels"] + f["line_rules"]]
    return words, lines


@lru_cache(maxsize=1)
def _after_title() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(p), r) for p, r in _fixes()["after_title"]]


def _digitise(token: str) -> str:
    table = _fixes()["digit_lookalikes"]
    return "".join(table.get(ch, ch) for ch in token)


_NUMERIC_TOKEN = re.compile(r"(?<![\p{L}])([0-9OolI|]*[0-9][0-9OolI|]*)(?![\p{L}])")  # the look-alikes


def fix_ocr_text(word: str) -> str:
    """One OCR word: look-alikes inside numbers (``2O25`` → ``2025``, ``l5`` → ``15``), ``Ð`` → ``Đ``."""
    word = word.translate(_CHAR_MAP)
    for pattern, repl in _compiled()[0]:
        word = pattern.sub(repl, word)
    # a token of digits with letter look-alikes mixed in is a number
    word = _NUMERIC_TOKEN.sub(lambda m: _digitise(m.group(1)) if len(m.group(1)) > 1 else m.group(1), word)
    return _abbreviation(word)


_DIGIT_LETTERS = {"1": "TI", "0": "OĐ"}
_CAPS_WITH_DIGIT = re.compile(r"^(\p{Lu}[\p{Lu}01]{2,7})([.,;:)]*)$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from congvan.extractors.base import data

    return frozenset(k for k in data("abbreviations")["units"] if k.isalpha() and k.isupper())


def _abbreviation(word: str) -> str:
    """``MT1Q`` -> ``MTTQ``: an abbreviation in capitals with a digit Tesseract read for a letter (1 for
    T or I, 0 for O or Đ), where exactly one reading is an abbreviation of the unit names
    (extractors/data/abbreviations.json). Symbols with real digits (``PC04``, ``V01``) read as no
    abbreviation and stay."""
    m = _CAPS_WITH_DIGIT.match(word)
    if not m or not any(c in "01" for c in m.group(1)):
        return word
    readings = [""]
    for ch in m.group(1):
        readings = [r + c for r in readings for c in _DIGIT_LETTERS.get(ch, ch)]
    found = [r for r in readings if r in _abbreviations()]
    return found[0] + m.group(2) if len(found) == 1 else word


def is_noise_line(text: str) -> bool:
    """A line OCR made of a stamp, a signature or specks: nothing in it longer than one character
    once punctuation is set aside (``: Á 8``, ``' .``), or nothing longer than two with a token
    that is neither a number nor a Vietnamese syllable (``À ~ L4``, ``rh he``). Such a line
    between ``KT. GIÁM ĐỐC`` and ``PHÓ GIÁM ĐỐC``, or above the name, breaks the signature block."""
    tokens = [t.strip(_PUNCT) for t in text.split()]
    if all(len(t) <= 1 for t in tokens):
        return True
    return all(len(t) <= 2 for t in tokens) and any(
        t and not t.isdigit() and not (t.isalpha() and t.isupper()) and not is_syllable(t) for t in tokens)


_MARKS = "ˆ˜`´¨˙°·^~¸'‘’\u0300\u0301\u0303\u0309\u0323"
_PUNCT = ".,:;!?'\"`~-–—_()[]{}<>|/\\*^°•…‘’“”"


def fix_ocr_line(text: str, *, previous: str = "") -> str:
    """A whole OCR line: date separators broken apart (``15 /11/ 2024``), ``Số :`` and the like.
    ``previous``: the line above it in the same column, already fixed (after ``KT. BỘ TRƯỞNG``
    the signer's title is the deputy's, ``THỨ TRƯỞNG``)."""
    for pattern, repl in _compiled()[1]:
        text = pattern.sub((lambda m: _digitise(m.group(0))) if repl == "<digits>" else repl, text)
    if previous.isupper() and len(previous.split()) <= 4:  # under the kind of the document: "Về việc ..."
        for pattern, repl in _after_title():
            text = pattern.sub(repl, text)
    text = _QUARTER.sub(_quarter, text)
    from .ocr_accents import restore_word_accents

    return _title_line(restore_word_accents(restore_accents(text)), prefer=_deputy(previous))


def _deputy(line: str) -> str | None:
    """``KT. BỘ TRƯỞNG`` -> ``thứ trưởng``, ``KT. GIÁM ĐỐC`` -> ``phó giám đốc``: who signs for the head."""
    m = re.match(r"^\s*KT\.\s*(\p{Lu}[\p{Lu}\s]*?)\s*$", line)
    if not m:
        return None
    from congvan.extractors.base import data

    head = " ".join(m.group(1).split()).casefold()
    deputies = {k.casefold(): v.casefold() for k, v in data("signer")["deputies"].items()}
    return deputies.get(head, "phó " + head)


def fix_ocr_lines(lines: list) -> list:
    """A page's OCR lines, fixed: a garbled ``Nơi nhận:`` over its first entry ``- Như trên;`` is
    restored (a seal or italic type leaves ``ÀÁg hat nơi`` or ``vn``; the copies list is found by
    that heading), noise lines are dropped, and each line is fixed knowing the line above it in its
    column."""
    for k in range(1, len(lines)):
        head, first = lines[k - 1], lines[k]
        if (re.match(r"^[-–]\s*Như\s+trên\b", first.text) and head.column == first.column != "right"
                and "nhận" not in head.text and len(head.text) <= 20 and not head.text.startswith(("-", "–", "+"))):
            head.text = "Nơi nhận:"
        elif (k >= 2 and _CLOSING.search(lines[k - 2].text) and head.column == first.column != "right"
              and len(head.text) <= 20 and "nhận" not in head.text and not head.text.startswith(("-", "–", "+"))
              and sum(1 for l in lines[k:k + 3] if l.column == head.column and l.text.startswith(("-", "–"))) >= 2):
            head.text = "Nơi nhận:"  # under "Trân trọng./.", over the copies list: "Tâm" (pool029)
    lines = [l for l in lines if not is_noise_line(l.text)]
    above: dict[str, str] = {}
    kt_above: dict[str, str] = {}  # a "KT. ..." line with one speck word under it (pool039: "TẮNG")
    for line in lines:
        previous = above.get(line.column, "")
        if " " not in previous.strip() and kt_above.get(line.column):
            previous = kt_above[line.column]
        line.text = fix_ocr_line(line.text, previous=previous)
        kt_above[line.column] = line.text if _deputy(line.text) else ""
        if " " not in line.text.strip() and previous and _deputy(previous):
            kt_above[line.column] = previous
        above[line.column] = line.text
    from .ocr_blocks import clean_signature, join_broken_symbols, join_wrapped_items

    return clean_signature(join_wrapped_items(join_broken_symbols(lines)))


_CLOSING = re.compile(r"Trân\s+trọng\s*[./!]|\./\.\s*$")


def _edits_within_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one inserted, deleted or replaced character."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


@lru_cache(maxsize=1)
def _titles() -> dict[str, list[str]]:
    from congvan.extractors.base import data

    out: dict[str, list[str]] = {}
    for t in data("signer")["titles"]:
        out.setdefault(_bare(t).replace(" ", ""), []).append(t)
    return out


_SPECKS = "/\\|_-–—.,'`~\"“”‘’ "  # what a seal or a pen stroke leaves before a title ("/ THỦ TƯỚNG", dev014)
_AUTHORITY_PREFIX = re.compile(r"^\s*((?:TM|KT|TL|TUQ|Q)\.\s*)?(.*)$")


def _title_line(text: str, *, prefer: str | None = None) -> str:
    """A signature line in capitals that is a signer title once spaces and accents are set aside,
    or (eight letters or more) one letter off: ``PHO GILAM ĐỌC`` -> ``PHÓ GIÁM ĐỐC``. Where two
    titles fit (``THU TRU ƠNG``: Thứ or Thủ trưởng) the one whose accents agree more with the OCR
    wins, and a tie changes nothing, unless one of them is ``prefer`` (the deputy named by the
    ``KT.`` line above). Lines of more than five words are left alone."""
    m = _AUTHORITY_PREFIX.match(text.lstrip(_SPECKS) if text.lstrip(_SPECKS)[:1].isupper() else text)
    prefix, rest = m.group(1) or "", m.group(2)
    if not prefix and _deputy_line(rest, prefer):
        return prefer.upper()
    if not prefix and (title := _title_behind_specks(rest)):
        return title
    if not rest.isupper() or len(rest.split()) > 5 or not rest.replace(" ", "").isalpha():
        return text
    flat = _bare(rest).replace(" ", "")
    if len(flat) < 5:
        return text
    table = _titles()
    candidates = table.get(flat) or ([t for k, ts in table.items() if _edits_within_one(k, flat) for t in ts]
                                     if len(flat) >= 8 else
                                     [t for k, ts in table.items() if _lookalike_off_by_one(k, flat) for t in ts])
    if not candidates:
        return text
    preferred = [t for t in candidates if t.casefold() == prefer]
    title = preferred[0] if preferred else _closest(candidates, rest.casefold().replace(" ", ""))
    return text if title is None else prefix + title.upper()


@lru_cache(maxsize=1)
def _lookalikes() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in _fixes()["letter_lookalikes"])


def _lookalike_off_by_one(a: str, b: str) -> bool:
    """``giamdoc`` and ``glamdoc``: the same length, one letter replaced by its look-alike
    (``letter_lookalikes`` in ocr_fixes.json). For titles too short for any one-letter slip."""
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and frozenset(diff[0]) in _lookalikes()


def _deputy_line(rest: str, prefer: str | None) -> bool:
    """Under ``KT. GIÁM ĐỐC``: a line that ends in the head's title with a seal's specks where
    ``PHÓ`` stands (``ĐỀ đau GIÁM ĐỐC``, pool039) is the deputy's title line. At most two short
    tokens before the title, none of them a whole title word of the deputy's own."""
    if not prefer or " " not in prefer:
        return False
    head = _bare(prefer.split(" ", 1)[1]).split()
    words = rest.split()
    if len(words) <= len(head) or len(words) > len(head) + 2:
        return False
    if [_bare(w) for w in words[-len(head):]] != head or not all(w.isupper() for w in words[-len(head):]):
        return False
    return all(len(w) <= 4 for w in words[:-len(head)])


_BEHIND_SPECKS = re.compile(r"^((?:\S{1,3}\s+){1,2})(\p{Lu}[\p{Lu}\s]+)$")


def _title_behind_specks(text: str) -> str | None:
    """``ơn Ta GIÁM ĐỐC`` (pool045: a seal's edge before the title): one or two short tokens that are
    no word in capitals nor an authority prefix, then a signer title exactly (accents aside)."""
    m = _BEHIND_SPECKS.match(text.strip())
    if not m:
        return None
    specks = m.group(1).split()
    if any(t.isalpha() and t.isupper() for t in specks) or any(re.match(r"^(?:TM|KT|TL|TUQ|Q)\W*$", t) for t in specks):
        return None
    titles = _titles().get(_bare(m.group(2)).replace(" ", ""), [])
    return titles[0].upper() if len(titles) == 1 else None


def _closest(candidates: list[str], seen: str) -> str | None:
    """The candidate whose letters (accents included, spaces not) agree most with ``seen``; None
    on a tie, so that a guess between two real words is never made."""
    scored = sorted(((sum(a == b for a, b in zip(t.casefold().replace(" ", ""), seen)), t) for t in candidates),
                    reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def _bare(text: str) -> str:
    """Same length as ``text``: each letter without accents, case-folded (``Đồng`` -> ``dong``)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append("d" if base in "đð" else base)
    return "".join(out)


@lru_cache(maxsize=1)
def _lexicon_terms() -> tuple[str, ...]:
    """The terms accents are restored to (NFC): the OCR lexicon, signer titles, multi-word unit names,
    ``tỉnh`` before each province."""
    from congvan.extractors.base import data

    terms = list(_fixes()["lexicon"]) + list(data("signer")["titles"])
    terms += [t for t in data("units")["proper_phrases"] if " " in t]
    # "TĨNH BÌNH THUẬN" (a tilde for the hook, a line without its UBND): a province after tỉnh
    terms += ["tỉnh " + p for p in data("places")["provinces"]]
    return tuple(unicodedata.normalize("NFC", t) for t in terms)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, list[str]], re.Pattern | None]:
    by_bare: dict[str, set[str]] = {}
    for t in _lexicon_terms():
        if len(_bare(t)) == len(t):
            by_bare.setdefault(_bare(t), set()).add(t.casefold())
    table = {k: sorted(v) for k, v in by_bare.items()}
    if not table:
        return table, None
    keys = sorted(table, key=len, reverse=True)
    # OCR glues words together ("TỈNHLÂM"): a term matches with or without its spaces
    alternatives = "|".join(r"\s?".join(map(re.escape, k.split(" "))) for k in keys)
    return table, re.compile(r"(?<![\p{L}])(?:" + alternatives + r")(?![\p{L}])")


def restore_accents(text: str, *, keep_length: bool = False) -> str:
    """Give known terms back the accents OCR lost or confused: ``PHO GIAM ĐÓC`` -> ``PHÓ GIÁM ĐỐC``,
    ``tống hợp`` -> ``tổng hợp``; the OCR'd letter case is kept. Where two terms share a bare form
    (``Thứ trưởng``, ``Thủ trưởng``) the one closer to what OCR read wins, and a tie changes nothing."""
    text = unicodedata.normalize("NFC", text)
    table, pattern = _lexicon()
    if pattern is None:
        return text
    bare = _bare(text)
    glued = {k.replace(" ", ""): k for k in table}
    out, last = [], 0
    for m in pattern.finditer(bare):
        span = text[m.start():m.end()]
        key = "".join(" " if c.isspace() else c for c in m.group(0))  # a term may run over a line break
        candidates = table.get(key) or table.get(glued.get(key.replace(" ", ""), ""), [])
        folded = "".join(" " if c.isspace() else c for c in span.casefold())
        if _capitalised_inside(span):  # "Báo Cao Bằng", the newspaper, is not "báo cáo"
            candidates = [t for t in candidates if t in _proper_terms()]
        if not candidates or folded in candidates:
            continue
        term = _closest(candidates, folded.replace(" ", ""))
        if term is None:
            continue
        letters = iter(ch for ch in span if not ch.isspace())
        fixed = "".join(t if t == " " else (t.upper() if next(letters, "").isupper() else t) for t in term)
        if keep_length:
            if len(fixed) != len(span):
                continue
            fixed = "".join(c if c.isspace() else f for f, c in zip(fixed, span))  # a line break stays one
        out.append(text[last:m.start()])
        out.append(fixed)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _capitalised_inside(span: str) -> bool:
    """A word after the first one capitalised, the span not all capitals: OCR read a name there,
    and only a term that is itself a name (``Lâm Đồng``) may replace it."""
    return not span.isupper() and any(w[:1].isupper() for w in span.split()[1:])


@lru_cache(maxsize=1)
def _proper_terms() -> frozenset[str]:
    """Lexicon terms (case-folded) written with a capital inside: ``Lâm Đồng``, ``Ủy ban nhân dân Tỉnh``."""
    return frozenset(t.casefold() for t in _lexicon_terms() if any(w[:1].isupper() for w in t.split()[1:]))


# "quý III" read as "quý HII" or "quý IlI": a quarter is I, II, III or IV
_QUARTER = re.compile(r"(?<=\b[Qq][Uu][ÝýYy] )([IVHLl1|]{1,4})(?![\p{L}\d])")


def _quarter(m: re.Match) -> str:
    token = m.group(1)
    roman = "".join("V" if c == "V" else "I" for c in token)
    if roman not in ("I", "II", "III", "IV"):
        roman = "IV" if "V" in roman else "III"
    return roman


def confirm_name(name: str, text: str) -> str:
    """A signer's name whose family name OCR misread, as the letter writes it elsewhere: the same
    given names after a known family name one letter away (``Đã Ngọc Huỳnh`` in the signature,
    ``PCN Đỗ Ngọc Huỳnh`` in Nơi nhận). Unchanged where the family name is known, or where none
    or several such spellings are found."""
    words = name.split()
    surnames = _surnames()
    if len(words) < 2 or words[0].casefold() in surnames:
        return name
    given = r"\s+".join(map(re.escape, words[1:]))
    seen = {m.group(1) for m in re.finditer(r"(?<![\p{L}])(\p{Lu}\p{Ll}*)\s+" + given + r"(?![\p{L}])", text)}
    found = {w for w in seen if w.casefold() in surnames and _edits_within_one(_bare(w), _bare(words[0]))}
    if len(found) == 1:
        return " ".join([found.pop(), *words[1:]])
    # not written elsewhere: the one family name with the same letters, accents aside ("Nguyên Văn
    # Long" under a seal, public 038, is Nguyễn)
    same = {s for s in surnames if _bare(s) == _bare(words[0].casefold())}
    if len(same) == 1 and words[0][:1].isupper():
        s = same.pop()
        return " ".join([s[:1].upper() + s[1:], *words[1:]])
    return name


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFC", s).casefold() for s in _fixes()["surnames"])


_CHAR_MAP = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110",  # Ð ð Ɖ -> Đ đ
                           "\u2044": "/", "\u2018": "'", "\u2019": "'", "\u201a": ",", "\u00b8": ",", "\u2014": "-"})
