"""The audit view's rows: every correction and every review decision (accept, reject, back to
unreviewed, obligation accepts and their undos), newest first, with readable targets
(``#3 Phòng Nội vụ — Thời hạn``), full old and new values in words, filtered by letter, reviewer
and local date."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .. import review
from ..store import Store
from . import i18n

MAX_ROWS = 1000


@dataclass
class Entry:
    kind: str  # "correction" | "review"
    id: int
    at: str
    author: str
    document_id: int
    letter: str
    what: str
    old: str
    new: str
    anchor: str
    undoes: int | None


def _label(number, symbol, doc_id) -> str:
    return f"{number or '…'}/{symbol}" if symbol else (number or f"#{doc_id}")


def _obligation_names(store: Store, doc_id: int, cache: dict) -> dict[str, tuple[int, str]]:
    """obligation id -> (its number on the page, its first responsible unit)."""
    if doc_id not in cache:
        row = store.db.execute("SELECT r.result_json FROM documents d JOIN runs r ON r.id = d.latest_run_id "
                               "WHERE d.id = ?", [doc_id]).fetchone()
        obs = json.loads(row[0])["obligations"] if row else []
        for (raw,) in store.db.execute("SELECT new_value FROM corrections WHERE document_id = ? AND field = '_added' "
                                       "ORDER BY id", [doc_id]):
            obs.append(json.loads(raw))
        cache[doc_id] = {o["id"]: (n, (o.get("responsible") or [{}])[0].get("name", "")) for n, o in enumerate(obs, 1)}
    return cache[doc_id]


def _value(locale: str, field: str, value) -> str:
    if field == "_deleted":
        return i18n.gettext(locale, "audit.deleted" if value else "audit.present")
    if field == "_accepted":
        return i18n.gettext(locale, "card.accepted" if value else "card.unreviewed")
    if field == "_added":
        return i18n.show(locale, "units", (value or {}).get("responsible")) + " — " + ((value or {}).get("description") or "") \
            if value else "—"
    kind = review.EDITOR.get(field) or review.OB_EDITOR.get(field) or "text"
    return i18n.show(locale, "period" if field == "period" else kind, value)


def entries(store: Store, locale: str, *, doc: int | None = None, letter: str = "", author: str = "",
            day_from: str = "", day_to: str = "") -> tuple[list[Entry], int]:
    """``letter``: part of the letter's number/symbol (``301/UBND``) as the clerk knows it."""
    where, args = [], []
    if doc:
        where.append("c.document_id = ?")
        args.append(doc)
    if letter.strip():
        where.append("(coalesce(d.number, '') || '/' || coalesce(d.symbol, '')) LIKE ?")
        args.append(f"%{letter.strip()}%")
    if author:
        where.append("c.author = ?")
        args.append(author)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    rows = store.db.execute(
        "SELECT 'correction', c.id, c.at, c.author, c.document_id, d.number, d.symbol, c.target, c.field, "
        "c.old_value, c.new_value, c.undoes FROM corrections c JOIN documents d ON d.id = c.document_id" + cond +
        " UNION ALL SELECT 'review', c.id, c.at, c.author, c.document_id, d.number, d.symbol, 'document', "
        "'_review', NULL, c.status, c.undoes FROM reviews c JOIN documents d ON d.id = c.document_id" + cond +
        " ORDER BY 3 DESC, 2 DESC", args + args).fetchall()
    names: dict[int, dict] = {}
    out = []
    for kind, rid, at, who, doc_id, number, symbol, target, field, old, new, undoes in rows:
        day = i18n.local_time(at)[:10]
        iso_day = f"{day[6:10]}-{day[3:5]}-{day[0:2]}"
        if (day_from and iso_day < day_from) or (day_to and iso_day > day_to):
            continue
        if kind == "review":
            before = store.db.execute("SELECT status FROM reviews WHERE document_id = ? AND id < ? ORDER BY id DESC "
                                      "LIMIT 1", [doc_id, rid]).fetchone()
            out.append(Entry(kind, rid, at, who, doc_id, _label(number, symbol, doc_id),
                             i18n.gettext(locale, "audit.review_status"),
                             i18n.gettext(locale, "status." + (before[0] if before else "unreviewed")),
                             i18n.gettext(locale, "status." + new), "", undoes))
            continue
        old_v, new_v = json.loads(old), json.loads(new)
        if target == "document":
            what = f"{i18n.gettext(locale, 'audit.letter_field')} — {i18n.gettext(locale, 'field.' + field)}"
            anchor = f"#item-document.{field}"
        else:
            n, unit = _obligation_names(store, doc_id, names).get(target, (None, ""))
            head = f"#{n} {unit}" if n else i18n.gettext(locale, "audit.old_obligation", id=target[-6:])
            what = f"{head} — {i18n.gettext(locale, 'audit.field.' + field) if field.startswith('_') else i18n.gettext(locale, 'field.' + field)}"
            anchor = f"#item-{target}.responsible"
        out.append(Entry(kind, rid, at, who, doc_id, _label(number, symbol, doc_id), what,
                         _value(locale, field, old_v), _value(locale, field, new_v), anchor, undoes))
    return out[:MAX_ROWS], len(out)
