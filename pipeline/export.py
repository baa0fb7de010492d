"""``congvan export``: tracker feeds from the store (issue 4).

Every format reads the effective results (latest run of each document, reviewer corrections
applied) and takes ``since``, a cursor into the store's change log: only documents that changed
after it (a new run, a correction or its undo, a review decision) are written, and the new cursor
is returned so that a tracker can ask for what changed next time.

- ``jsonl``: one contract result per line.
- ``csv`` / ``xlsx``: one row per obligation (unit, task, deadline, window, document number, link);
  the workbook as a clerk uses it (``pipeline/xlsx.py``).
- ``ics``: an iCalendar VTODO per obligation (RFC 5545; ``pipeline/ics.py``): stable UID,
  DTSTART/DUE, RRULE, units as ATTENDEE, the relation in the summary, CATEGORIES, URL, VALARM.
- ``nd30``: one JSON line per document with the metadata Nghị định 30/2020 Phụ lục VI lists for
  incoming documents (CodeNumber, CodeNotation, IssuedDate, Place, OrganName, Subject, TypeName,
  Position, FullName, Priority, Confidentiality, PageAmount, ToPlaces, ArrivalDate, DueDate ...).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Iterable

from .store import Store

FORMATS = ("jsonl", "csv", "xlsx", "ics", "nd30")
ROW_FIELDS = ["document", "document_date", "issuer", "subject", "obligation_id", "responsible", "cooperating",
              "action", "task", "deadline", "deadline_relation", "deadline_rule", "window_start", "window_end",
              "period", "recurrence", "submit_to", "confidence", "page", "source", "sha256"]
PRIORITY = {None: "Thường", "khan": "Khẩn", "thuong_khan": "Thượng khẩn", "hoa_toc": "Hỏa tốc"}


def _type_name(code: str | None) -> str | None:
    """The first title the language data gives for a doc_type code (``cong_van`` -> ``Công văn``)."""
    from congvan.extractors.base import data

    title = next((t for t, c in data("doc_types")["titles"].items() if c == code), None)
    return title[:1].upper() + title[1:] if title else code


def _iso(d: dict | None) -> str | None:
    return (d or {}).get("iso")


def _doc_label(doc: dict) -> str:
    if doc.get("number") and doc.get("symbol"):
        return f"{doc['number']}/{doc['symbol']}"
    return doc.get("symbol") or doc.get("number") or ""


def rows(results: Iterable[dict]) -> Iterable[dict]:
    """One flat row per obligation."""
    for r in results:
        doc, src = r["document"], r["source"]
        for ob in r["obligations"]:
            dl, win = ob.get("deadline") or {}, ob.get("data_window") or {}
            ev = (ob.get("evidence") or [{}])[0]
            yield {"document": _doc_label(doc), "document_date": _iso(doc.get("issued_date")),
                   "issuer": (doc.get("issuer") or {}).get("name"), "subject": doc.get("subject"),
                   "obligation_id": ob["id"], "responsible": "; ".join(u["name"] for u in ob["responsible"]),
                   "cooperating": "; ".join(u["name"] for u in ob.get("cooperating") or []),
                   "action": ob.get("action"), "task": ob.get("description"), "deadline": _iso(dl.get("date")),
                   "deadline_relation": dl.get("relation"), "deadline_rule": dl.get("rule"),
                   "window_start": _iso(win.get("start")), "window_end": _iso(win.get("end")),
                   "period": ob.get("period"), "recurrence": ob.get("recurrence"), "submit_to": ob.get("submit_to"),
                   "confidence": ob.get("confidence"), "page": ev.get("page"),
                   "source": _link(src["path"], ev.get("page")), "sha256": src["sha256"]}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value, cell=None):
    """A cell value a spreadsheet will not run (OWASP CSV injection): text that begins with ``=``,
    ``+``, ``-``, ``@``, tab or CR. In CSV it gets a leading apostrophe; an XLSX ``cell`` keeps the
    text as it is, typed as a string with Excel's quote prefix (shown as text, and still text when
    edited). Numbers stay numbers."""
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    if cell is None:
        return "'" + value
    cell.value, cell.data_type, cell.quotePrefix = value, "s", True
    return cell


def _link(path: str, page: int | None) -> str:
    try:
        uri = Path(path).resolve().as_uri()
    except ValueError:
        uri = path
    return f"{uri}#page={page}" if page else uri


# ---------------------------------------------------------------- iCalendar


def ics(results: Iterable[dict], *, now: dt.datetime | None = None, urls: dict[str, str] | None = None) -> str:
    """One VTODO per obligation (``pipeline/ics.py`` says what each carries)."""
    from .ics import calendar

    results = list(results)
    types = {r["document"].get("doc_type") for r in results}
    return calendar(results, now=now, urls=urls, type_names={t: _type_name(t) for t in types})


# ---------------------------------------------------------------- Nghị định 30, Phụ lục VI

CONFIDENTIALITY = {None: "Thường", "mat": "Mật", "toi_mat": "Tối mật", "tuyet_mat": "Tuyệt mật"}
VN_TZ = dt.timezone(dt.timedelta(hours=7))

def _signed_by(result: dict) -> tuple[str | None, str | None]:
    """(person, agency) named by the letter's own signatures (a copy's signature left out)."""
    copy_field = (result.get("copy") or {}).get("signature_field")
    own = [s for s in result.get("signatures") or [] if s.get("field") != copy_field and s.get("signer")]
    person = next((s["signer"]["name"] for s in own if s.get("kind") == "personal"), None)
    agency = next((s["signer"]["name"] for s in reversed(own) if s.get("kind") == "organisation"), None)
    return person, agency


def _local_date(stamp: str | None) -> str | None:
    """The Vietnamese calendar date of a timestamp (ISO 8601, with its offset)."""
    try:
        t = dt.datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None
    if t is None:
        return None
    return (t.astimezone(VN_TZ) if t.tzinfo else t).date().isoformat()


def nd30(result: dict, *, first_seen: str | None = None, mail: list[dict] | None = None) -> dict:
    """The incoming-document register's fields the letter (and the store) give. ``first_seen`` is
    when ingest first saw the file, ``mail`` the messages it came with (earliest first): the
    arrival date (ngày đến) is the earliest of them, in Vietnam's time. The register's arrival
    number (số đến) is given by the clerk's register, not by the letter: null here."""
    d = result["document"]
    signer = d.get("signer") or {}
    deadlines = sorted(_iso((o.get("deadline") or {}).get("date")) for o in result["obligations"]
                       if _iso((o.get("deadline") or {}).get("date")))
    person, agency = _signed_by(result)  # what the page lacks, from the certificates
    arrivals = sorted(x for x in [_local_date(first_seen), *(_local_date(m.get("received")) for m in mail or [])] if x)
    first_mail = (mail or [None])[0] or {}
    return {"CodeNumber": d.get("number"), "CodeNotation": d.get("symbol"),
            "IssuedDate": _iso(d.get("issued_date")), "Place": d.get("place"),
            "OrganName": (d.get("issuer") or {}).get("name") or agency,
            "Subject": d.get("subject"), "TypeName": _type_name(d.get("doc_type")),
            "Position": signer.get("title"), "FullName": signer.get("name") or person, "Authority": signer.get("authority"),
            "Priority": PRIORITY.get(d.get("urgency"), d.get("urgency")),
            "Confidentiality": CONFIDENTIALITY.get(d.get("confidentiality"), d.get("confidentiality")),
            "PageAmount": result["source"].get("pages"),
            "ToPlaces": [u["name"] for u in d.get("recipients") or []],
            "CcPlaces": [u["name"] for u in d.get("cc") or []],
            "ArrivalDate": arrivals[0] if arrivals else None, "ArrivalNumber": None,
            "Sender": first_mail.get("sender"), "MailSubject": first_mail.get("subject"),
            "DueDate": deadlines[0] if deadlines else None, "sha256": result["source"]["sha256"]}


# ---------------------------------------------------------------- gold files


def export_gold(store: Store, outdir: Path, *, since: int = 0) -> tuple[list[Path], int]:
    """One contract JSON file per accepted document (corrections applied), so that reviewed work
    grows the gold set; returns the files written and the new cursor. Each file is validated and
    written atomically (a temporary name, then renamed)."""
    from .contract import validate
    from .review import gold_files

    outdir.mkdir(parents=True, exist_ok=True)
    # the cursor covers every document, accepted or not; read it without loading any result
    cursor = max(store.cursor(), since)
    written = []
    for name, result in gold_files(store, since=since):
        errors = validate(result)
        if errors:
            raise ValueError(f"{name}: the corrected result does not follow the contract: {errors[:2]}")
        path = outdir / name
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written, cursor


# ---------------------------------------------------------------- entry point


def export(store: Store, fmt: str, *, since: int = 0,
           base_url: str | None = "http://127.0.0.1:8000") -> tuple[bytes, int, int]:
    """(bytes to write, number of documents, new cursor). ``base_url`` is where the review app
    runs (links to each obligation in the ICS and XLSX feeds; None for none)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    pairs = list(store.results(since=since))
    cursor = max((run_id for run_id, _ in pairs), default=since)
    results = [r for _, r in pairs]
    urls: dict[str, str] = {}
    if fmt in ("ics", "xlsx") and base_url:
        ids = dict(store.db.execute("SELECT sha256, id FROM documents").fetchall())
        urls = {sha: f"{base_url.rstrip('/')}/doc/{i}" for sha, i in ids.items()}
    return encode(results, fmt, store=store, urls=urls), len(results), cursor


def encode(results: list[dict], fmt: str, *, store: Store | None = None, urls: dict[str, str] | None = None) -> bytes:
    """``results`` written in ``fmt`` (the review app's due-date board uses it for its selection).
    ``store`` adds what the Nghị định 30 register takes from it (arrival date, mail); ``urls`` links
    each obligation of the ICS and XLSX feeds to the review app."""
    urls = urls or {}
    if fmt == "jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results).encode("utf-8")
    elif fmt == "nd30":
        lines = []
        ids = dict(store.db.execute("SELECT sha256, id FROM documents").fetchall()) if store is not None else {}
        for r in results:
            sha = r["source"]["sha256"]
            row = (store.document_row(ids[sha]) or {}) if sha in ids else {}
            mail = store.mail_for(sha) if store is not None else None
            lines.append(json.dumps(nd30(r, first_seen=row.get("first_seen"), mail=mail), ensure_ascii=False) + "\n")
        data = "".join(lines).encode("utf-8")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=ROW_FIELDS)
        w.writeheader()
        w.writerows({k: neutralise(v) for k, v in row.items()} for row in rows(results))
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese text right
    elif fmt == "xlsx":
        from .xlsx import workbook

        fields = ROW_FIELDS + (["review_url"] if urls else [])
        data = workbook(({**row, "review_url": f"{urls[row['sha256']]}#ob-{row['obligation_id']}"} if urls else row
                         for row in rows(results)), fields)
    else:
        data = ics(results, urls=urls).encode("utf-8")
    return data
