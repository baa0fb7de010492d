"""The due-date board: what is overdue, due this week and due this month, per responsible unit,
from the effective obligations (corrections applied) of every letter not rejected; each entry
names its letter and obligation so the page links to them, and the same selection feeds the
existing exports (CSV and iCalendar)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from .store import Store

BUCKETS = ("overdue", "week", "month")
MAX_ROWS = 500  # per bucket on the page; the export has them all


@dataclass
class Due:
    doc_id: int
    label: str
    ob_id: str
    number: int  # the obligation's place in its letter (#3)
    units: list[str]
    deadline: str  # ISO date
    description: str
    period: str | None
    accepted: bool


def _bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    week_end = today + dt.timedelta(days=6 - today.weekday())
    nxt = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return week_end, max(nxt - dt.timedelta(days=1), week_end)


def _effective_obligations(store: Store):
    """(doc id, label, [obligation, ...]) of every letter not rejected: the extraction tables for
    letters without corrections, the corrected result for the others."""
    statuses = store.review_statuses()
    corrected = {r[0] for r in store.db.execute(
        "SELECT DISTINCT document_id FROM corrections WHERE field != '_accepted'")}
    per_doc: dict[int, list[dict]] = {}
    labels: dict[int, str] = {}
    for doc_id, number, symbol in store.db.execute("SELECT id, number, symbol FROM documents "
                                                   "WHERE latest_run_id IS NOT NULL"):
        labels[doc_id] = f"{number or '…'}/{symbol}" if symbol else (number or f"#{doc_id}")
    for doc_id, raw in store.db.execute(
            "SELECT o.document_id, o.obligation_json FROM current_obligations o ORDER BY o.document_id, o.pk"):
        if doc_id not in corrected:
            per_doc.setdefault(doc_id, []).append(json.loads(raw))
    for doc_id in corrected:
        view = store.effective(doc_id)
        if view is not None:
            per_doc[doc_id] = view["result"]["obligations"]
    for doc_id, obs in per_doc.items():
        if statuses.get(doc_id) != "rejected":
            yield doc_id, labels.get(doc_id, ""), obs


def board(store: Store, today: dt.date, *, unit: str | None = None) -> dict:
    """{"today", "week_end", "month_end", "buckets": {bucket: {unit: [Due, ...]}}, "counts"}."""
    week_end, month_end = _bounds(today)
    accepted: dict[int, set[str]] = {}
    for doc_id, target, value in store.db.execute(
            "SELECT document_id, target, new_value FROM corrections WHERE field = '_accepted' ORDER BY id"):
        (accepted.setdefault(doc_id, set()).add if json.loads(value) else accepted.setdefault(doc_id, set()).discard)(target)
    needle = " ".join((unit or "").lower().split())
    buckets: dict[str, dict[str, list[Due]]] = {b: {} for b in BUCKETS}
    counts = dict.fromkeys(BUCKETS, 0)
    for doc_id, label, obs in _effective_obligations(store):
        for n, ob in enumerate(obs, 1):
            iso = (((ob.get("deadline") or {}).get("date")) or {}).get("iso")
            if not iso:
                continue
            day = dt.date.fromisoformat(iso)
            bucket = "overdue" if day < today else "week" if day <= week_end else "month" if day <= month_end else None
            if bucket is None:
                continue
            names = [u["name"] for u in ob["responsible"]]
            if needle and not any(needle in u.lower() for u in names):
                continue
            counts[bucket] += 1
            item = Due(doc_id, label, ob["id"], n, names, iso, ob.get("description") or "", ob.get("period"),
                       ob["id"] in accepted.get(doc_id, set()))
            for name in names:
                buckets[bucket].setdefault(name, []).append(item)
    for groups in buckets.values():
        for items in groups.values():
            items.sort(key=lambda d: (d.deadline, d.label, d.number))
    ordered = {b: dict(sorted(g.items(), key=lambda kv: kv[0].lower())) for b, g in buckets.items()}
    return {"today": today, "week_end": week_end, "month_end": month_end, "buckets": ordered, "counts": counts}


def due_counts(store: Store, today: dt.date, *, soon_days: int = 7) -> dict[str, int]:
    """Overdue and due-within-``soon_days`` obligation counts, for the queue's header."""
    overdue = soon = 0
    limit = today + dt.timedelta(days=soon_days)
    for _, _, obs in _effective_obligations(store):
        for ob in obs:
            iso = (((ob.get("deadline") or {}).get("date")) or {}).get("iso")
            if iso:
                day = dt.date.fromisoformat(iso)
                overdue += day < today
                soon += today <= day <= limit
    return {"overdue": overdue, "due_soon": soon}


def export_results(store: Store, today: dt.date) -> list[dict]:
    """The effective results cut to the obligations on the board (overdue up to this month's end),
    in the shape ``pipeline.export`` writes."""
    _, month_end = _bounds(today)
    out, statuses = [], store.review_statuses()
    for _, r in store.results():
        if statuses.get(store.document_id(r["source"]["sha256"])) == "rejected":
            continue
        obs = [o for o in r["obligations"] if (iso := (((o.get("deadline") or {}).get("date")) or {}).get("iso"))
               and dt.date.fromisoformat(iso) <= month_end]
        if obs:
            out.append({**r, "obligations": obs})
    return out
