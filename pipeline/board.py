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
MAX_ROWS = 300  # entries per bucket on the page (the most pressing); the export has them all


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


def _effective_obligations(store: Store, until: str):
    """(doc id, label, [(number, obligation), ...]) of every letter not rejected, for obligations due
    by ``until`` (ISO): the extraction table's columns for letters without corrections, the
    corrected result for the others. ``number`` is the obligation's place in its letter."""
    statuses = store.review_statuses()
    corrected = {r[0] for r in store.db.execute(
        "SELECT DISTINCT document_id FROM corrections WHERE field != '_accepted'")}
    labels: dict[int, str] = {}
    for doc_id, number, symbol in store.db.execute("SELECT id, number, symbol FROM documents "
                                                   "WHERE latest_run_id IS NOT NULL"):
        labels[doc_id] = f"{number or '…'}/{symbol}" if symbol else (number or f"#{doc_id}")
    per_doc: dict[int, list] = {}
    for doc_id, n, ob_id, responsible, deadline, description, period in store.db.execute(
            "SELECT document_id, n, id, responsible, deadline, description, period FROM (SELECT o.*, "
            "row_number() OVER (PARTITION BY o.run_id ORDER BY o.pk) AS n FROM current_obligations o) "
            "WHERE deadline IS NOT NULL AND deadline <= ?", [until]):
        if doc_id not in corrected:
            per_doc.setdefault(doc_id, []).append((n, {
                "id": ob_id, "responsible": [{"name": x} for x in (responsible or "").split("; ") if x],
                "deadline": {"date": {"iso": deadline}}, "description": description, "period": period}))
    for doc_id in corrected:
        view = store.effective(doc_id)
        if view is not None:
            per_doc[doc_id] = list(enumerate(view["result"]["obligations"], 1))
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
    for doc_id, label, obs in _effective_obligations(store, month_end.isoformat()):
        for n, ob in obs:
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
    ordered, shown = {}, {}
    for b, groups in buckets.items():
        # overdue: the most recent first (the oldest are the least likely still open); else the soonest
        pool = sorted(((d.deadline, name, i) for name, items in groups.items() for i, d in enumerate(items)),
                      reverse=(b == "overdue"))[:MAX_ROWS]
        keep = {(name, i) for _, name, i in pool}
        trimmed = {name: [d for i, d in enumerate(items) if (name, i) in keep] for name, items in groups.items()}
        ordered[b] = dict(sorted(((k, v) for k, v in trimmed.items() if v), key=lambda kv: kv[0].lower()))
        shown[b] = len({(d.doc_id, d.ob_id) for items in trimmed.values() for d in items})
    return {"today": today, "week_end": week_end, "month_end": month_end, "buckets": ordered, "counts": counts,
            "shown": shown}


def due_counts(store: Store, today: dt.date, *, soon_days: int = 7) -> dict[str, int]:
    """Overdue and due-within-``soon_days`` obligation counts, for the queue's header: the
    extraction table's deadline column for letters without corrections (one query), the
    corrected result for the others."""
    soon_end = (today + dt.timedelta(days=soon_days)).isoformat()
    day = today.isoformat()
    statuses = store.review_statuses()
    corrected = {r[0] for r in store.db.execute(
        "SELECT DISTINCT document_id FROM corrections WHERE field != '_accepted'")}
    deadlines = [iso for doc_id, iso in store.db.execute(
        "SELECT document_id, deadline FROM current_obligations WHERE deadline IS NOT NULL")
        if doc_id not in corrected and statuses.get(doc_id) != "rejected"]
    for doc_id in corrected:
        view = store.effective(doc_id)
        if view is not None and statuses.get(doc_id) != "rejected":
            deadlines += [iso for o in view["result"]["obligations"]
                          if (iso := (((o.get("deadline") or {}).get("date")) or {}).get("iso"))]
    return {"overdue": sum(d < day for d in deadlines), "due_soon": sum(day <= d <= soon_end for d in deadlines)}


def export_results(store: Store, today: dt.date) -> list[dict]:
    """The effective results cut to the obligations on the board (overdue up to this month's end),
    in the shape ``congvan.pipeline.export`` writes."""
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
