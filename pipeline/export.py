"""``congvan export``: tracker feeds from the store (issue 4).

Every format reads the effective results (latest run of each document, reviewer corrections
applied) and takes ``since``, a run-id cursor: only documents extracted after it are written, and
the new cursor is returned so that a tracker can ask for what changed next time.

- ``jsonl``: one contract result per line.
- ``csv`` / ``xlsx``: one row per obligation (unit, task, deadline, window, document number, link).
- ``ics``: an iCalendar VTODO per obligation (RFC 5545): stable UID, DTSTAMP, DUE, RRULE for
  recurring ones, STATUS, DESCRIPTION with the evidence.
- ``nd30``: one JSON line per document with the metadata Nghị định 30/2020 Phụ lục VI lists for
  incoming documents (CodeNumber, CodeNotation, IssuedDate, OrganName, Subject, TypeName,
  Position, FullName, Priority, ToPlaces, DueDate).
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
    from extractors.base import data

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


def _link(path: str, page: int | None) -> str:
    try:
        uri = Path(path).resolve().as_uri()
    except ValueError:
        uri = path
    return f"{uri}#page={page}" if page else uri


# ---------------------------------------------------------------- iCalendar


def _ics_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are folded (never inside a UTF-8 sequence)."""
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not out else 74):
            out.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    out.append(cur.decode("utf-8"))
    return "\r\n ".join(out)


def ics(results: Iterable[dict], *, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//congvan//obligations//VI", "CALSCALE:GREGORIAN"]
    for r in results:
        label = _doc_label(r["document"])
        for ob in r["obligations"]:
            due = _iso((ob.get("deadline") or {}).get("date"))
            who = ", ".join(u["name"] for u in ob["responsible"])
            evidence = " | ".join(f"tr. {e.get('page') or '-'}: {e['text']}" for e in ob.get("evidence") or [])
            desc = f"{ob.get('description') or ''}\n\nVăn bản: {label} ({r['source']['path']})\nCăn cứ: {evidence}"
            summary = _ics_text(f"{who}: {ob.get('action') or ''} ({label})")
            lines += ["BEGIN:VTODO", f"UID:{ob['id']}@congvan", f"DTSTAMP:{stamp}", _fold(f"SUMMARY:{summary}")]
            if due:
                lines.append(f"DUE;VALUE=DATE:{due.replace('-', '')}")
                if ob.get("recurrence"):
                    lines.append(f"RRULE:{ob['recurrence']}")
            lines += ["STATUS:NEEDS-ACTION", _fold(f"DESCRIPTION:{_ics_text(desc)}"), "END:VTODO"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# ---------------------------------------------------------------- Nghị định 30, Phụ lục VI


def _signed_by(result: dict) -> tuple[str | None, str | None]:
    """(person, agency) named by the letter's own signatures (a copy's signature left out)."""
    copy_field = (result.get("copy") or {}).get("signature_field")
    own = [s for s in result.get("signatures") or [] if s.get("field") != copy_field and s.get("signer")]
    person = next((s["signer"]["name"] for s in own if s.get("kind") == "personal"), None)
    agency = next((s["signer"]["name"] for s in reversed(own) if s.get("kind") == "organisation"), None)
    return person, agency


def nd30(result: dict) -> dict:
    d = result["document"]
    signer = d.get("signer") or {}
    deadlines = sorted(_iso((o.get("deadline") or {}).get("date")) for o in result["obligations"]
                       if _iso((o.get("deadline") or {}).get("date")))
    person, agency = _signed_by(result)  # what the page lacks, from the certificates
    return {"CodeNumber": d.get("number"), "CodeNotation": d.get("symbol"),
            "IssuedDate": _iso(d.get("issued_date")), "OrganName": (d.get("issuer") or {}).get("name") or agency,
            "Subject": d.get("subject"), "TypeName": _type_name(d.get("doc_type")),
            "Position": signer.get("title"), "FullName": signer.get("name") or person,
            "Priority": PRIORITY.get(d.get("urgency"), d.get("urgency")), "ToPlaces": [u["name"] for u in d.get("recipients") or []],
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
    cursor = store.db.execute("SELECT max(latest_run_id) FROM documents WHERE latest_run_id > ?",
                              [since]).fetchone()[0] or since
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


def export(store: Store, fmt: str, *, since: int = 0) -> tuple[bytes, int, int]:
    """(bytes to write, number of documents, new cursor)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    pairs = list(store.results(since=since))
    cursor = max((run_id for run_id, _ in pairs), default=since)
    results = [r for _, r in pairs]
    if fmt == "jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results).encode("utf-8")
    elif fmt == "nd30":
        data = "".join(json.dumps(nd30(r), ensure_ascii=False) + "\n" for r in results).encode("utf-8")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=ROW_FIELDS)
        w.writeheader()
        w.writerows(rows(results))
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese text right
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "obligations"
        ws.append(ROW_FIELDS)
        for row in rows(results):
            ws.append([row[k] for k in ROW_FIELDS])
        ws.freeze_panes = "A2"
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    else:
        data = ics(results).encode("utf-8")
    return data, len(results), cursor
