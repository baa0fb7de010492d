"""Load stage: a file on disk -> a ``Document`` with its lines and source facts."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .document import Document
from .integrity import problems
from .legacy import convert, diagnose, dropped_letters
from .text_input import lines_from_text
from .pdf import PdfError, read_pdf
from .signatures import file_as_signed
from .sniff import READ_FORMATS, kind

log = logging.getLogger(__name__)

MEDIA_TYPES = {".pdf": "application/pdf", ".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown"}
SUPPORTED = tuple(MEDIA_TYPES)
MIN_CHARS_PER_PAGE = 40  # below this a page is taken to have no usable text layer


class LoadError(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes) -> tuple[str, str | None]:
    for enc in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(enc)
            if enc == "utf-16" and not data[:2] in (b"\xff\xfe", b"\xfe\xff"):
                continue
            return text, None
        except UnicodeDecodeError:
            continue
    return data.decode("cp1258", errors="replace"), "text is not UTF-8; read as Windows-1258"


def load(path: str | Path, *, display_path: str | None = None, ocr: bool = True) -> Document:
    """Read ``path``. Raises ``LoadError`` only when the file cannot be read at all. ``ocr=False``:
    no quick OCR to check a text layer that seems to drop letters."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError("unreadable", f"cannot read {p}: {exc.strerror or exc}") from exc
    name = Path(display_path).name if display_path else p.name
    suffix = Path(name).suffix.lower()  # the shown name's: ingest reads through /proc/self/fd/N
    doc = Document(path=display_path or str(path), sha256=sha256_of(data),
                   media_type=MEDIA_TYPES.get(suffix, "application/octet-stream"), file=str(p))
    doc.ocr = ocr
    if not data:
        doc.text_layer = "none"
        doc.pages = 0
        doc.warn("empty_file", "the file is empty")
        return doc
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        doc.media_type = "application/pdf"
        if data[:5] != b"%PDF-" and b"%PDF-" not in data[:1024]:
            raise LoadError("not_pdf", f"{name} has a .pdf name but is not {kind(data[:8192]) or 'a PDF'}")
        try:
            pages = read_pdf(str(p))
        except PdfError as exc:
            raise LoadError(exc.reason, str(exc)) from exc
        doc.pages = pages.pages
        doc.lines = pages.lines
        # what pdfium repaired without a word (pipeline/integrity.py); a file whose last signature's
        # digest shows every byte as signed has not been damaged since: only its end is looked at
        damage = problems(data, as_signed=bool(pages.signatures) and file_as_signed(pages.signatures, data))
        if damage:
            doc.warn("pdf_damaged", "the file is damaged, the text may differ from the letter; check it against "
                                    "the page: " + "; ".join(damage))
        doc.signature_raw, doc.signature_widgets = pages.signatures, pages.signature_widgets
        _repair_legacy(doc)
        for i, n in enumerate(pages.chars_per_page):
            if n < MIN_CHARS_PER_PAGE and i + 1 not in pages.bad_pages:
                doc.needs_ocr[i + 1] = "no_text"
        if pages.bad_pages:
            doc.warn("pages_unreadable", f"the file counts {pages.pages} pages but pages "
                     f"{', '.join(map(str, pages.bad_pages))} cannot be loaded (a damaged page tree); "
                     "the other pages are read", pages.bad_pages[0])
        doc.text_layer = "none" if len(doc.needs_ocr) == pages.pages or not doc.lines else "native"
        return doc
    what = kind(data[:8192])
    if what:  # an image, archive, office file or program, whatever its name says
        raise LoadError("not_a_letter", f"{name} is {what}; congvan reads {READ_FORMATS}")
    text, note = _decode(data)
    doc.text_layer = "plain_text"
    doc.media_type = MEDIA_TYPES.get(suffix, "text/plain")
    doc.lines = lines_from_text(text)
    doc.pages = None
    if note:
        doc.warn("text_encoding", note)
    return doc


_ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC, .VnTime fonts)", "vni": "VNI (VNI-Times fonts)"}


def _repair_legacy(doc: Document) -> None:
    """Convert pages typed in a legacy font encoding to Unicode; flag pages no table repairs."""
    by_page: dict[int, list] = {}
    for line in doc.lines:
        by_page.setdefault(line.page, []).append(line)
    converted: dict[str, list[int]] = {}
    for page, lines in by_page.items():
        verdict = diagnose("\n".join(l.text for l in lines))
        if verdict.encoding:
            for line in lines:
                line.text = convert(line.text, verdict.encoding)
            converted.setdefault(verdict.encoding, []).append(page)
            continue
        if not verdict.readable:
            doc.needs_ocr[page] = (f"unreadable: the text layer is not Vietnamese as written (score "
                                   f"{verdict.score:.0%}; a broken font map, or OCR without the Vietnamese model)")
        elif (missing := dropped_letters("\n".join(l.text for l in lines))) and doc.ocr:
            from .ocr import confirm_dropped  # a quick OCR of the page says whether they are printed

            if confirm_dropped(doc.file, page, missing):
                doc.needs_ocr[page] = (f"dropped glyphs: the text layer never has the letters {', '.join(missing)}, "
                                       "which the page shows (a font subset the signing tool broke)")
        for line in lines:  # a soft hyphen inside a Unicode word is invisible
            if "\u00ad" in line.text:
                line.text = line.text.replace("\u00ad", "")
    for enc, pages in converted.items():
        doc.warn("legacy_encoding", f"text layer typed in {_ENCODING_NAMES[enc]}; converted to Unicode "
                                    f"(pages {', '.join(map(str, pages))}); check the converted text",
                 pages[0])
