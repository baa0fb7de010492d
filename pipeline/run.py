"""Run the stages on one document and build the contract result."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable

from congvan.extractors import fastre as re

from congvan.extractors.cc import find_cc
from congvan.extractors.dates import find_date_lines
from congvan.extractors.doc_type import find_doc_type
from congvan.extractors.enclosures import OWN_SCHEDULES, find_enclosures, letter_end
from congvan.extractors.issuer import find_issuer
from congvan.extractors.number import find_number
from congvan.extractors.obligations import find_obligations, non_working_day
from congvan.extractors.parts import find_parts
from congvan.extractors.recipients import find_recipients
from congvan.extractors.references import find_references
from congvan.extractors.signer import find_signer
from congvan.extractors.stamps import find_stamps
from congvan.extractors.subject import find_subject

from .document import Document, StageResult
from .load import LoadError, load, sha256_of
from .models import checked, stage_errors
from .normalise import build_text, normalise_string
from .text_input import lines_from_text
from .pdf_tables import with_pdf_tables
from .signed import signatures_stage

log = logging.getLogger(__name__)

EMPTY_FIELDS = {
    "number": None, "symbol": None, "doc_type": None, "issuer": None, "place": None,
    "issued_date": None, "subject": None, "recipients": [], "signer": None, "cc": [],
    "references": [], "urgency": None, "confidentiality": None,
}


def _stage(doc: Document, name: str, fn: Callable[[Document], None]) -> None:
    t0 = time.perf_counter()
    try:
        fn(doc)
        # typed at each stage: what it wrote must follow the contract's models, or the stage that broke
        # it is named (to_result then warns contract_errors and still returns the result)
        errors = stage_errors(name, doc)
        if errors:
            log.error("stage %s of %s wrote what the contract does not allow: %s", name, doc.path, "; ".join(errors))
        doc.stages.append(StageResult(name, "error" if errors else "ok", errors, seconds=time.perf_counter() - t0))
    except Exception as exc:  # a stage must never lose the document; record and go on
        log.exception("stage %s failed on %s", name, doc.path)
        doc.stages.append(StageResult(name, "error", [f"{type(exc).__name__}: {exc}"],
                                      time.perf_counter() - t0))
        doc.warn("stage_failed", f"stage '{name}' failed: {type(exc).__name__}: {exc}")


def ocr_stage(doc: Document) -> None:
    """OCR the pages the load stage found without a readable text layer (``doc.needs_ocr``)."""
    if not doc.needs_ocr:
        return
    empty = sorted(p for p, why in doc.needs_ocr.items() if why == "no_text")
    unreadable = {p: why for p, why in doc.needs_ocr.items() if why != "no_text"}
    why_not = None if doc.ocr else "OCR is turned off"
    if why_not is None:
        from .ocr import tesseract_status
        why_not = tesseract_status()
    if why_not is not None:
        _no_ocr_warnings(doc, empty, unreadable, why_not)
        return

    from .handwriting import handwriting_warnings
    from .ocr import MAX_PAGES, ocr_pages
    from .stamped import open_document

    pdf = open_document(doc.file)  # with its form environment, so stamps and seals are drawn for OCR
    done: dict[int, float] = {}
    skipped: dict[int, str] = {}

    def skip(page, page_no: int) -> bool:
        if page_no in unreadable and not _has_image(page) and not unreadable[page_no].startswith("dropped"):
            skipped[page_no] = unreadable[page_no]
            return True
        return False

    try:
        blank = [p for p in empty if _is_blank(pdf[p - 1])]  # nothing drawn: nothing to read
        todo = [p for p in sorted(doc.needs_ocr) if p not in blank]
        over = todo[MAX_PAGES:]
        todo = todo[:MAX_PAGES]
        if doc.on_ocr is not None and todo:
            doc.on_ocr(len(todo))
        if blank:
            doc.warn("blank_pages", f"{len(blank)} page(s) have nothing on them and were not OCR'd: "
                                    f"{_page_list(blank)}", blank[0])
        if over:
            doc.warn("ocr_page_limit", f"only the first {MAX_PAGES} pages that need OCR were read; pages "
                                       f"{_page_list(over)} were not (the OCR page limit)", over[0])
        for page_no, result in ocr_pages(pdf, todo, skip=skip):
            if result is None:
                continue
            if isinstance(result, Exception):  # one bad page must not lose the others
                log.warning("OCR of %s page %d failed: %s", doc.path, page_no, result)
                doc.warn("ocr_failed", f"OCR of page {page_no} failed: {result}", page_no)
                continue
            if result.dpi < 299 or result.render_dpi < 150 and not _has_image(pdf[page_no - 1]):
                # drawn smaller than its box says: bounded pixels, or a big drawing read as if A4 wide
                # (a photographed page on an oversized box loses nothing that way: it has an image)
                w, h = pdf.get_page_size(page_no - 1)
                doc.warn("page_too_large", f"page {page_no} is {w / 72 * 25.4:.0f} x {h / 72 * 25.4:.0f} mm; read "
                         f"at {min(result.dpi, result.render_dpi):.0f} dpi instead of 300 to keep memory bounded",
                         page_no)
            doc.lines = [l for l in doc.lines if l.page != page_no]
            doc.lines.extend(result.lines)
            done[page_no] = result.confidence
            handwriting_warnings(doc, result.handwriting)
            log.info("OCR %s page %d: %d lines, skew %.1f°, confidence %.0f, %.1fs", doc.path, page_no,
                     len(result.lines), result.skew, result.confidence, result.seconds)
    finally:
        pdf.close()
    doc.lines.sort(key=lambda l: l.page)  # stable: each page keeps its own reading order
    for page_no, why in skipped.items():
        doc.warn("unreadable_text_layer", f"page {page_no}: {why}; the page has no image to OCR, so its text "
                                          "is used as it is", page_no)
    if done:
        doc.text_layer = "ocr"
        pages = ", ".join(map(str, sorted(done)))
        mean = sum(done.values()) / len(done)
        replaced = sorted(p for p in done if p in unreadable)
        note = f"; pages {', '.join(map(str, replaced))} had an unreadable text layer, replaced" if replaced else ""
        native = [p for p in range(1, (doc.pages or 0) + 1) if p not in done and p not in doc.needs_ocr]
        if native:  # a mixed document: say which pages kept their own text
            note += f"; pages {', '.join(map(str, native))} read from their text layer"
        doc.warn("ocr", f"text of pages {pages} read by OCR (Tesseract, Vietnamese, 300 dpi, red seals and blue "
                        f"ink set apart), mean word confidence {mean:.0f}%{note}; check numbers and names against "
                        "the page", min(done))
    if doc.pages and len(empty) == doc.pages and sum(len(l.text) for l in doc.lines) < 40:
        doc.text_layer = "none"
        doc.warn("no_text_layer", "no usable text layer on any page, and OCR found no text either")


def _is_blank(page) -> bool:
    """A page with no objects at all (no text, image or drawing)."""
    return next(iter(page.get_objects(max_depth=1)), None) is None


def _page_list(pages: list[int]) -> str:
    """``1-3, 7, 9-12``: page numbers in ranges (a 500-page warning stays one short line)."""
    out, start = [], None
    for i, p in enumerate(pages):
        if start is None:
            start = p
        if i + 1 == len(pages) or pages[i + 1] != p + 1:
            out.append(f"{start}-{p}" if p != start else str(p))
            start = None
    return ", ".join(out)


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _no_ocr_warnings(doc: Document, empty: list[int], unreadable: dict[int, str], why_not: str) -> None:
    if doc.pages and len(empty) == doc.pages:
        doc.warn("no_text_layer", f"no usable text layer on any page; the document needs OCR ({why_not})")
    elif empty:
        doc.warn("pages_without_text", f"pages without a text layer (need OCR: {why_not}): {empty}", empty[0])
    for page_no, why in sorted(unreadable.items()):
        doc.warn("unreadable_text_layer", f"page {page_no}: {why}; not OCR'd ({why_not})", page_no)


def normalise_stage(doc: Document) -> None:
    doc.original_text = "\n".join(l.text for l in doc.lines)
    doc.text, doc.blocks, doc.footnotes_start = build_text(doc.lines)
    if doc.text_layer == "ocr":
        from .ocr import restore_accents

        # terms OCR broke across two lines ("tỉnh Lâm / Đông"): the per-line fix could not see them;
        # same-length changes only, so every offset and block stays where it is
        doc.text = restore_accents(doc.text, keep_length=True)


def fields_stage(doc: Document) -> None:
    text = doc.text
    body = doc.body
    f = dict(EMPTY_FIELDS)
    ev: dict[str, list[tuple[int, int]]] = {}

    def keep(name: str, m) -> None:
        if m is not None:
            ev.setdefault(name, []).append((m.start, m.end))

    parts = _parts(body)
    window = max(parts.header_end, min(len(body), 1500)) if parts.has_header else 0
    if not parts.has_header:
        doc.warn("header_not_found", "no header (Quốc hiệu, Số:, date line) in the text; "
                 "header fields are left empty unless the text names them")
    if not body.strip():
        doc.warn("no_text", "no text could be read from the document")
    number = find_number(body, end=window) if parts.has_header else None
    if number:
        f["number"], f["symbol"] = number.value["number"], number.value["symbol"]
        keep("number", number)
        keep("symbol", number)
    date_line = next(find_date_lines(body, end=window), None) if parts.has_header else None
    if date_line is None and not parts.has_header:
        date_line = next(find_date_lines(body, end=min(len(body), 300)), None)
    if date_line is None and parts.has_header:  # a đơn puts its place and date over the signature
        end = letter_end(body, parts.body_start)
        date_line = next((m for m in find_date_lines(body, start=end, end=min(len(body), end + 400))
                          if m.value["place"]), None)
    if date_line:
        f["place"] = date_line.value["place"]
        f["issued_date"] = date_line.value["date"]
        keep("issued_date", date_line)
        keep("place", date_line)
    subject = find_subject(body, end=parts.header_end if parts.has_header else 0) if parts.has_header else None
    if subject and subject.value:
        f["subject"] = normalise_string(subject.value)
        keep("subject", subject)
    dtype = find_doc_type(body, header_end=parts.header_end, has_header=parts.has_header,
                          symbol=f["symbol"], subject=subject)
    if dtype:
        f["doc_type"] = dtype.value
        keep("doc_type", dtype)
    issuer = find_issuer(body, end=window, place=f["place"]) if parts.has_header else \
        find_issuer(body, end=0, place=f["place"])
    if issuer and issuer.value:
        f["issuer"] = {"name": issuer.value, "raw": normalise_string(issuer.text), "is_group": False}
        keep("issuer", issuer)
    recipients = list(find_recipients(body, body_start=parts.body_start or None))
    f["recipients"] = [m.value for m in recipients]
    for m in recipients:
        keep("recipients", m)
    letter = body[: _letter_stop(doc, body, parts.body_start)]  # the cover letter, without its enclosures
    signer = find_signer(letter)
    if signer is not None and parts.has_header and signer.start < parts.body_start:
        signer = None  # the header's agency lines, found because the letter has no signature block
    if signer:
        f["signer"] = signer.value
        if doc.text_layer == "ocr" and signer.value["name"]:
            from .ocr import confirm_name

            signer.value["name"] = confirm_name(signer.value["name"], body)
        keep("signer", signer)
    cc = list(find_cc(letter, issuer=(f["issuer"] or {}).get("name")))
    f["cc"] = [m.value for m in cc]
    for m in cc:
        keep("cc", m)
    refs = list(find_references(text, exclude=(f["number"], f["symbol"]) if f["symbol"] else None))
    f["references"] = [m.value for m in refs]
    for m in refs:
        keep("references", m)
    for m in find_stamps(body, end=window):
        if f[m.kind] is None:
            f[m.kind] = m.value
            keep(m.kind, m)
    if parts.has_header:
        if not number:
            doc.warn("number_line_not_found", "no 'Số:' line in the header")
        if not date_line:
            doc.warn("date_line_not_found", "no place-and-date line in the header")
        if f["issuer"] is None:
            doc.warn("issuer_not_found", "the issuing body could not be read from the header")
    if f["issued_date"] and f["issued_date"]["iso"] is None and f["issued_date"]["year"]:
        doc.warn("issued_date_partial", "the date line has blank parts (left for the signing stamp)")
    if f["number"] is None and f["symbol"]:
        doc.warn("number_blank", "the number is blank in the 'Số:' line (draft or stamped at signing)")
    doc.fields = f
    doc.evidence = ev


# kinds that tell what happened: their subject-verb sentences are narration, not duties
NARRATIVE_KINDS = {"bao_cao", "bien_ban"}


def body_range(body: str) -> tuple[int, int]:
    """Where the duties are: after the header and Kính gửi, up to the cover letter's "Nơi nhận"
    (the whole rest when there is none)."""
    start = _parts(body).body_start
    return start, _letter_end(body, start)


# the fields and the obligations stages read the same body's parts and letter end: found once (pure functions)
_parts = lru_cache(maxsize=8)(find_parts)
_letter_end = lru_cache(maxsize=8)(letter_end)


def _letter_stop(doc: Document, body: str, body_start: int) -> int:
    """Where the cover letter's signature block ends: the first enclosure after its Nơi nhận
    (recorded on ``doc.enclosures`` with its pages), else the end of the text."""
    end = _letter_end(body, body_start)
    doc.enclosures = []
    stop = len(body)
    for m in find_enclosures(body, end):
        if not doc.enclosures:
            stop = m.start
        pages = sorted({p for p in (doc.page_at(m.start), doc.page_at(max(m.start, m.end - 1))) if p})
        doc.enclosures.append({"kind": m.value["kind"], "title": normalise_string(m.value["title"])[:200],
                               "start": m.start, "end": m.end,
                               "pages": list(range(pages[0], pages[-1] + 1)) if pages else []})
    kinds = [e for e in doc.enclosures if e["kind"] not in OWN_SCHEDULES]
    if kinds:
        pages = sorted({p for e in kinds for p in e["pages"]})
        where = f" (pages {', '.join(map(str, pages))})" if pages else ""
        doc.warn("enclosures", f"{len(kinds)} enclosure(s) after the letter's signature{where}: "
                 f"{'; '.join(e['title'][:60] for e in kinds)}; their fields and duties are not the letter's",
                 pages[0] if pages else None)
    return stop


def obligations_stage(doc: Document) -> None:
    """Duties the letter puts on units, with deadlines, data windows and review warnings."""
    body = doc.body
    if not body.strip():
        return
    start, end = body_range(body)
    f = doc.fields or EMPTY_FIELDS
    obligations = []
    issuer = (f.get("issuer") or {}).get("name")
    found = list(find_obligations(body, start=start, end=end, recipients=f.get("recipients") or [],
                                  issued=f.get("issued_date"), issuer=issuer,
                                  narrative=f.get("doc_type") in NARRATIVE_KINDS))
    for enc in doc.enclosures:
        if enc["kind"] in OWN_SCHEDULES:
            # a đề cương / phụ lục after the signature assigns duties too (issue 3: Tân Kỳ parts B, C);
            # a dự thảo, a phiếu or another letter sent with it does not
            found += find_obligations(body, start=enc["start"], end=enc["end"], recipients=f.get("recipients") or [],
                                      issued=f.get("issued_date"), outline=True, issuer=issuer)
    found = with_pdf_tables(doc, found, recipients=f.get("recipients") or [],  # task tables read by their grid
                            year=(f.get("issued_date") or {}).get("year"), ranges=[(start, end)] + [
                                (e["start"], e["end"]) for e in doc.enclosures if e["kind"] in OWN_SCHEDULES])
    for m in found:
        v = m.value
        raw_spans = v.pop("_spans")
        spans = [raw_spans[0]] + sorted(set(raw_spans[1:]) - {raw_spans[0]})  # the sentence first
        v.pop("_reporting", None)
        v.pop("_inherited", None)
        channel = v.pop("_channel", None)
        impossible = v.pop("_impossible", None)
        if channel and channel not in v["description"]:
            v["description"] += f" [kênh: {channel}]"
        key = "|".join([doc.sha256 or "", str(m.start), v["period"] or "",
                        ",".join(u["name"] for u in v["responsible"])])
        ob = {"id": "ob-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], **v,
              "evidence": [{"page": doc.page_at(a), "start": a, "end": b, "text": body[a:b]} for a, b in spans]}
        obligations.append(ob)
        _obligation_warnings(doc, ob, impossible)
    doc.obligations = obligations


def _obligation_warnings(doc: Document, ob: dict, impossible: str | None) -> None:
    """What a reviewer must check: dates that cannot be right or that fall on a day off."""
    who = ", ".join(u["name"] for u in ob["responsible"])
    tag = f"{who}{' ' + ob['period'] if ob['period'] else ''}"
    dl = ob["deadline"]
    if impossible:
        doc.warn("impossible_date", f"{tag}: '{impossible}' is not a real date", ob["evidence"][0]["page"], obligation=ob["id"])
        return
    if dl is None:
        return
    date = dl.get("date")
    if date is None or date.get("iso") is None:
        if (dl.get("rule") or "").startswith("END_OF_") and date and date.get("year"):
            return  # "hoàn thành trong tháng 5/2022", "trong quý III/2025", "trong năm 2025": the period is the date
        if dl.get("relation") != "within":
            doc.warn("deadline_unresolved", f"{tag}: deadline '{dl['raw']}' could not be resolved to a date",
                     ob["evidence"][0]["page"], obligation=ob["id"])
        return
    due = dt.date.fromisoformat(date["iso"])
    win = ob.get("data_window")
    if win and win["end"] and win["end"].get("iso") and due < dt.date.fromisoformat(win["end"]["iso"]):
        doc.warn("deadline_before_window_end",
                 f"{tag}: deadline {due:%d/%m/%Y} falls before its data window ends "
                 f"({dt.date.fromisoformat(win['end']['iso']):%d/%m/%Y})", ob["evidence"][0]["page"], obligation=ob["id"])
    issued = (doc.fields or {}).get("issued_date") or {}
    if issued.get("iso") and due < dt.date.fromisoformat(issued["iso"]):
        doc.warn("deadline_before_issue_date", f"{tag}: deadline {due:%d/%m/%Y} is before the letter's date",
                 ob["evidence"][0]["page"], obligation=ob["id"])
    holiday = non_working_day(due)
    if holiday:
        doc.warn(f"deadline_on_{holiday}", f"{tag}: deadline {due:%d/%m/%Y} falls on a {holiday.replace('_', ' ')}",
                 ob["evidence"][0]["page"], obligation=ob["id"])


STAGES: list[tuple[str, Callable[[Document], None]]] = [
    ("ocr", ocr_stage),
    ("normalise", normalise_stage),
    ("fields", fields_stage),
    ("signatures", signatures_stage),  # after fields (it confirms or fills them), before obligations
    ("obligations", obligations_stage),
]


def _run(doc: Document) -> Document:
    for name, fn in STAGES:
        _stage(doc, name, fn)
    if not doc.fields:
        doc.fields = dict(EMPTY_FIELDS)
    return doc


def extract(path: str | Path, *, display_path: str | None = None, ocr: bool = True,
            on_ocr: Callable[[int], None] | None = None, trust_roots: list | None = None) -> Document:
    """Run every stage on one file. Bad input gives a document with warnings, never an exception.

    ``ocr=False`` leaves pages without a readable text layer unread (with a warning);
    ``on_ocr(n)`` is called before ``n`` pages are sent to OCR; ``trust_roots`` (certificates,
    ``signatures.load_trust_roots``) are what signature chains are checked against."""
    t0 = time.perf_counter()
    try:
        doc = load(path, display_path=display_path, ocr=ocr)
        doc.ocr, doc.on_ocr, doc.trust_roots = ocr, on_ocr, trust_roots
        doc.stages.append(StageResult("load", "ok", seconds=time.perf_counter() - t0))
    except LoadError as exc:
        data = b""
        try:
            data = Path(path).read_bytes()
        except OSError:
            pass
        doc = Document(path=display_path or str(path), sha256=sha256_of(data),
                       media_type="application/pdf" if str(display_path or path).lower().endswith(".pdf")
                       else "application/octet-stream",
                       pages=None, text_layer="none")
        doc.stages.append(StageResult("load", "error", [f"{exc.reason}: {exc}"], time.perf_counter() - t0))
        doc.warn(exc.reason, str(exc))
        doc.fields = dict(EMPTY_FIELDS)
        return doc
    return _run(doc)


def extract_text(text: str, *, path: str = "<text>") -> Document:
    """Run the stages on text already in memory (tests, notebooks, other tools)."""
    doc = Document(path=path, sha256=sha256_of(text.encode("utf-8")), media_type="text/plain",
                   pages=None, text_layer="plain_text")
    doc.lines = lines_from_text(text)
    return _run(doc)


def layout_blocks(doc: Document) -> list[list]:
    """The document's blocks as compact rows for the store: [start, end, page, x0, top, x1, bottom]
    (bbox in PDF points, top-left origin; nulls for text input)."""
    return [[b.start, b.end, b.page, *(round(v, 1) for v in b.bbox)] if b.bbox else [b.start, b.end, b.page]
            for b in doc.blocks]


def to_result(doc: Document) -> dict:
    """The contract JSON (schema version 1) of a document, passed through the contract's models
    (``pipeline/models.py``): what the stages built is validated as a ``Result`` and dumped (the same
    keys in the same order, so the JSON is byte for byte what the stages wrote). A result that does
    not follow the contract is a bug in a stage: it is returned as built, with a ``contract_errors``
    warning naming what is wrong, so the batch goes on and a reviewer sees it."""
    f = doc.fields or EMPTY_FIELDS
    result = {
        "schema_version": "1",
        "source": {"path": doc.path, "sha256": doc.sha256, "media_type": doc.media_type,
                   "pages": doc.pages, "text_layer": doc.text_layer},
        "document": {k: f.get(k, EMPTY_FIELDS[k]) for k in EMPTY_FIELDS},
        "obligations": doc.obligations,
        "warnings": [w.to_dict() for w in doc.warnings],
        **({"enclosures": [{k: e[k] for k in ("kind", "title", "pages")} for e in doc.enclosures]}
           if doc.enclosures else {}),
    }
    # optional additions to contract v1 (README, "Signatures"): only on signed files
    if doc.signatures:
        result["signatures"] = doc.signatures
    if doc.copy:
        result["copy"] = doc.copy
    obligations_ok = any(s.name == "obligations" and s.status == "ok" for s in doc.stages)
    typed, errors = checked(result, obligations_checked=obligations_ok)
    if not errors:
        return typed
    log.error("result of %s does not follow the contract: %s", doc.path, "; ".join(errors))
    doc.warn("contract_errors", f"the result does not follow the contract (a bug in congvan): {'; '.join(errors[:5])}")
    result["warnings"] = [w.to_dict() for w in doc.warnings]
    return result
