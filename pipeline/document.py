"""The document object that travels through every stage.

One ``Document`` is created per input file. Each stage reads it and enriches it, and records a
``StageResult`` (status, errors, seconds). A stage that fails records its error and later stages
still run on what is there, so one bad file never stops a batch.

Offsets: every ``Match`` and every evidence span is a character offset into ``Document.text``
(the normalised text). ``Document.blocks`` maps spans of that text back to the page (and bbox
where the source is a PDF) they came from.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


@dataclass(slots=True)
class Line:
    """One visual line of the source, in reading order, before normalisation."""

    text: str
    page: int  # 1-based
    bbox: BBox | None = None
    column: str = "full"  # "left" | "right" | "full" (header and signature zones have two)
    size: float | None = None  # median glyph height, used to tell footnotes from body text
    kind: str = "body"  # "body" | "footnote"


@dataclass(slots=True)
class Block:
    """A span of the normalised text and where it came from."""

    start: int
    end: int
    page: int | None
    bbox: BBox | None = None
    kind: str = "body"  # "body" | "footnote"


@dataclass(slots=True)
class Warning:
    code: str
    message: str
    page: int | None = None
    obligation: str | None = None  # id of the obligation it is about (an extra key the schema allows)
    bbox: BBox | None = None  # the box on the page it is about, PDF points (handwriting: the crop)

    def to_dict(self) -> dict[str, Any]:
        d = {"code": self.code, "message": self.message, "page": self.page}
        if self.obligation:
            d["obligation_id"] = self.obligation
        if self.bbox:
            d["bbox"] = [round(v, 1) for v in self.bbox]
        return d


@dataclass(slots=True)
class StageResult:
    name: str
    status: str  # "ok" | "error" | "skipped"
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Document:
    path: str
    sha256: str
    media_type: str
    pages: int | None = None
    text_layer: str = "none"  # "native" | "ocr" | "plain_text" | "none"
    lines: list[Line] = field(default_factory=list)
    original_text: str = ""  # the lines as read, joined by newlines
    text: str = ""  # normalised text: body paragraphs, then footnotes
    blocks: list[Block] = field(default_factory=list)
    footnotes_start: int | None = None  # offset where footnote bodies begin in ``text``
    fields: dict[str, Any] = field(default_factory=dict)  # document fields as contract values
    evidence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    obligations: list[dict[str, Any]] = field(default_factory=list)
    enclosures: list[dict[str, Any]] = field(default_factory=list)  # what follows the cover letter
    warnings: list[Warning] = field(default_factory=list)
    stages: list[StageResult] = field(default_factory=list)
    # pages (1-based) whose text must come from OCR, with why: "no_text" or "unreadable: ..."
    needs_ocr: dict[int, str] = field(default_factory=dict)
    file: str = ""  # the file on disk the document was read from (``path`` may be a display name)
    ocr: bool = True  # run OCR on those pages when Tesseract is installed
    on_ocr: Any = None  # called with the number of pages before OCR starts (ingest extends its timeout)
    # signature dictionaries and widgets pdfium gave at load (before flattening), for the signatures stage
    signature_raw: list[dict[str, Any]] = field(default_factory=list)
    signature_widgets: list = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)  # pipeline/signatures.py, in signing order
    copy: dict[str, Any] | None = None  # an electronic copy's stamp (SAO Y ...): pipeline/signed.py
    trust_roots: Any = None  # certificates to check signature chains against (None: trust "unknown")
    # (blocks, their count, their start offsets) for page_at, which every obligation's evidence asks
    _block_starts: Any = field(default=None, repr=False, compare=False)

    def warn(self, code: str, message: str, page: int | None = None, *, obligation: str | None = None,
             bbox: BBox | None = None) -> None:
        if not any(w.code == code and w.message == message for w in self.warnings):
            self.warnings.append(Warning(code, message, page, obligation, bbox))

    @property
    def body(self) -> str:
        """The normalised text without footnote bodies."""
        return self.text if self.footnotes_start is None else self.text[: self.footnotes_start]

    def page_at(self, offset: int) -> int | None:
        """Page (1-based) of the character at ``offset`` in the normalised text."""
        if not self.blocks:
            return None
        cached = self._block_starts
        if cached is None or cached[0] is not self.blocks or cached[1] != len(self.blocks):
            cached = self._block_starts = (self.blocks, len(self.blocks), [b.start for b in self.blocks])
        i = bisect.bisect_right(cached[2], offset) - 1
        return self.blocks[max(i, 0)].page

    @property
    def failed(self) -> bool:
        return any(s.status == "error" for s in self.stages)
