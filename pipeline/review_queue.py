"""The review app's queue: per document what the list shows and filters on (status, units,
deadlines, the least confidence, OCR quality), the search over texts and obligations, the next
document to review, and the accepted documents as gold files. Reads through
:class:`congvan.pipeline.store.Store` only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from congvan.extractors import fastre as re

from .review_forms import ReviewError, parse_date
from .store import REVIEW_STATUSES, Store

LOW_CONFIDENCE = 0.7  # a field's confidence under this marks the document in the queue


@dataclass
class QueueRow:
    id: int
    label: str
    subject: str | None
    issuer: str | None
    status: str
    min_confidence: float | None
    warnings: int
    obligations: int
    deadlines: list[str]
    units: list[str]
    path: str
    ocr_confidence: float | None = None  # mean Tesseract word confidence (0..100) of an OCR'd letter

    @property
    def low_confidence(self) -> bool:
        return self.min_confidence is not None and self.min_confidence < LOW_CONFIDENCE

    @property
    def low_ocr(self) -> bool:
        return self.ocr_confidence is not None and self.ocr_confidence < LOW_OCR

    @property
    def calibrated(self) -> float | None:
        from .calibration import calibrated

        return None if self.min_confidence is None else calibrated(self.min_confidence)


LOW_OCR = 80.0
_OCR_MEAN = re.compile(r"mean word confidence (\d+(?:\.\d+)?)%")


def _summaries(store: Store) -> dict[int, dict]:
    """Per document, what the queue shows and filters on, from the extraction tables in a few
    grouped queries; documents with corrections are summarised from their effective result."""
    out: dict[int, dict] = {}
    for doc_id, run_id, number, symbol, subject, issuer, path in store.db.execute(
            "SELECT id, latest_run_id, number, symbol, subject, issuer, path FROM documents "
            "WHERE latest_run_id IS NOT NULL"):
        out[doc_id] = {"run": run_id, "number": number, "symbol": symbol, "subject": subject, "issuer": issuer,
                       "path": path, "confidence": None, "obligations": 0, "warnings": 0, "deadlines": set(),
                       "units": set(), "ocr": None}
    for doc_id, low, n, deadlines in store.db.execute(
            "SELECT d.id, min(o.confidence), count(*), group_concat(o.deadline, ' ') FROM documents d "
            "JOIN obligations o ON o.run_id = d.latest_run_id GROUP BY d.id"):
        out[doc_id].update(confidence=low, obligations=n, deadlines=set((deadlines or "").split()))
    for doc_id, n in store.db.execute("SELECT d.id, count(*) FROM documents d JOIN warnings w "
                                      "ON w.run_id = d.latest_run_id GROUP BY d.id"):
        out[doc_id]["warnings"] = n
    for doc_id, message in store.db.execute("SELECT d.id, w.message FROM documents d JOIN warnings w "
                                            "ON w.run_id = d.latest_run_id WHERE w.code = 'ocr'"):
        m = _OCR_MEAN.search(message or "")
        out[doc_id]["ocr"] = float(m[1]) if m else None
    for doc_id, name in store.db.execute(
            "SELECT DISTINCT d.id, u.name FROM documents d JOIN obligations o ON o.run_id = d.latest_run_id "
            "JOIN obligation_units ou ON ou.obligation_pk = o.pk JOIN units u ON u.id = ou.unit_id"):
        out[doc_id]["units"].add(name)
    corrected = [r[0] for r in store.db.execute("SELECT DISTINCT document_id FROM corrections "
                                                "WHERE field != '_accepted'")]
    for doc_id in corrected:
        if doc_id not in out:
            continue
        raw = store.db.execute("SELECT result_json FROM runs WHERE id = ?", [out[doc_id]["run"]]).fetchone()[0]
        r = store.apply_corrections(doc_id, json.loads(raw))
        d, obs = r["document"], r["obligations"]
        out[doc_id].update(
            number=d.get("number"), symbol=d.get("symbol"), subject=d.get("subject"),
            issuer=(d.get("issuer") or {}).get("name"), warnings=len(r["warnings"]), obligations=len(obs),
            confidence=min((o["confidence"] for o in obs), default=None),
            deadlines={x for o in obs if (x := ((o.get("deadline") or {}).get("date") or {}).get("iso"))},
            units={u["name"] for o in obs for u in o["responsible"] + (o.get("cooperating") or [])})
    return out


def search(store: Store, text: str) -> set[int]:
    """Documents whose latest text holds every word of ``text`` (the store's full-text index)."""
    words = [w.replace('"', "") for w in text.split() if w.replace('"', "")]
    if not words:
        return set()
    query = " ".join(f'"{w}"' for w in words)
    return {r[0] for r in store.db.execute(
        "SELECT d.id FROM texts_fts f JOIN texts t ON t.rowid = f.rowid JOIN documents d "
        "ON d.latest_run_id = t.run_id WHERE texts_fts MATCH ?", [query])}


FILTERS = ("status", "unit", "deadline_from", "deadline_to", "q")


def queue(store: Store, *, status: str | None = None, unit: str | None = None, deadline_from: str | None = None,
          deadline_to: str | None = None, q: str | None = None) -> list[QueueRow]:
    """Documents to review, filtered on the effective values (corrections applied), in the order a
    clerk should take them: unreviewed first; among those, letters where no obligation was found
    (the likeliest misses), then letters read by OCR with a low word confidence, then the lowest
    calibrated obligation confidence, then the most warnings."""
    if status and status not in REVIEW_STATUSES:
        raise ReviewError(f"unknown status {status!r}")
    # bounds as the clerk types them (dd/mm/yyyy) or ISO
    deadline_from, deadline_to = ((parse_date(x) or {}).get("iso") or x if x else None for x in (deadline_from, deadline_to))
    statuses = store.review_statuses()
    needle = " ".join((unit or "").lower().split())
    found = search(store, q) if q and q.strip() else None
    rows = []
    for doc_id, s in _summaries(store).items():
        st = statuses.get(doc_id, "unreviewed")
        if status and st != status:
            continue
        if found is not None and doc_id not in found:
            continue
        if needle and not any(needle in u.lower() for u in s["units"]):
            continue
        deadlines = sorted(s["deadlines"])
        if (deadline_from or deadline_to) and not any(
                (not deadline_from or d >= deadline_from) and (not deadline_to or d <= deadline_to) for d in deadlines):
            continue
        label = f"{s['number'] or '…'}/{s['symbol']}" if s["symbol"] else (s["number"] or "")
        rows.append(QueueRow(doc_id, label, s["subject"], s["issuer"], st, s["confidence"], s["warnings"],
                             s["obligations"], deadlines, sorted(s["units"]), s["path"] or "", s["ocr"]))
    rank = {"unreviewed": 0, "rejected": 1, "accepted": 2}
    rows.sort(key=lambda r: (rank[r.status], r.obligations > 0, not r.low_ocr,
                             r.calibrated if r.calibrated is not None else 1.0, -r.warnings, r.id))
    return rows


def next_in_queue(store: Store, current: int, **filters: str | None) -> int | None:
    """The letter to open after ``current`` inside the queue's current ``filters``: the next one
    after it in queue order that is still unreviewed (any status when the filter names one),
    wrapping round to the start; None when there is no other."""
    rows = queue(store, **{k: v or None for k, v in filters.items() if k in FILTERS})
    if not filters.get("status"):
        rows = [r for r in rows if r.status == "unreviewed" or r.id == current]
    ids = [r.id for r in rows]
    if current in ids:
        i = ids.index(current)
        ids = ids[i + 1:] + ids[:i]
    return ids[0] if ids else None


def gold_files(store: Store, *, since: int = 0) -> list[tuple[str, dict]]:
    """(file name, effective result) of every accepted document: reviewed work as gold files."""
    statuses = store.review_statuses()
    out = []
    for run_id, r in store.results(since=since):
        doc_id = store.document_id(r["source"]["sha256"])
        if statuses.get(doc_id) != "accepted":
            continue
        r["warnings"] = [w for w in r["warnings"] if w["code"] != "correction_unanchored"]
        stem = re.sub(r"[^\w.-]+", "_", (r["source"]["path"].rsplit("/", 1)[-1]).rsplit(".", 1)[0])[:60]
        out.append((f"{stem}_{r['source']['sha256'][:12]}.json", r))
    return out
