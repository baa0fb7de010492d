"""What a reviewer decides, beyond a field's value: accepting obligations one by one or in bulk,
undoing any correction, deletion, accept or review decision, optimistic versions that refuse a
save over a newer change, and who else has a letter open.

Every decision is a new append-only record (``corrections`` with field ``_accepted`` / ``_deleted``,
or ``reviews``); an undo is one more record with ``undoes`` naming what it reverts, so the audit
trail keeps both. Versions are per value: the id of the latest correction of (target, field), which
the page sends back with its save.
"""
from __future__ import annotations

import datetime as dt
import json

from .review import ReviewError
from .store import REVIEW_STATUSES, Store, _now

PRESENCE_SECONDS = 300  # a reviewer counts as "on the letter" this long after the page last said so


class ConflictError(ReviewError):
    """A save made on an older version of a value; ``change`` says what changed since."""

    def __init__(self, message: str, change: dict):
        super().__init__(message)
        self.change = change


def versions(store: Store, doc_id: int) -> dict[str, int]:
    """``"target.field"`` -> id of its latest correction, for every corrected value of the letter;
    ``"_review"`` -> id of the latest review decision."""
    out = {f"{t}.{f}": i for t, f, i in store.db.execute(
        "SELECT target, field, max(id) FROM corrections WHERE document_id = ? GROUP BY target, field", [doc_id])}
    row = store.db.execute("SELECT max(id) FROM reviews WHERE document_id = ?", [doc_id]).fetchone()
    out["_review"] = row[0] or 0
    return out


def check_version(store: Store, doc_id: int, key: str, seen: int | str | None) -> None:
    """Refuse (ConflictError) when ``key`` changed after version ``seen``; None skips the check."""
    if seen in (None, ""):
        return
    try:
        seen = int(seen)
    except (TypeError, ValueError):
        raise ReviewError(f"bad version {seen!r}") from None
    current = versions(store, doc_id).get(key, 0)
    if current == seen:
        return
    if key == "_review":
        st, author, at = store.db.execute("SELECT status, author, at FROM reviews WHERE id = ?", [current]).fetchone()
        raise ConflictError("conflict", {"key": key, "author": author, "at": at, "new_value": st, "old_value": None,
                                         "version": current})
    row = store.db.execute("SELECT author, at, old_value, new_value FROM corrections WHERE id = ?", [current]).fetchone()
    raise ConflictError("conflict", {"key": key, "author": row[0], "at": row[1], "old_value": json.loads(row[2]),
                                     "new_value": json.loads(row[3]), "version": current})


def accepted(store: Store, doc_id: int) -> set[str]:
    """Obligation ids whose latest ``_accepted`` decision is true."""
    out: set[str] = set()
    for target, value in store.db.execute(
            "SELECT target, new_value FROM corrections WHERE document_id = ? AND field = '_accepted' ORDER BY id",
            [doc_id]):
        (out.add if json.loads(value) else out.discard)(target)
    return out


def accept_obligation(store: Store, doc_id: int, ob_id: str, *, author: str, value: bool = True) -> int | None:
    view = store.effective(doc_id)
    if view is None:
        raise ReviewError(f"no document {doc_id}")
    if ob_id not in {o["id"] for o in view["result"]["obligations"]}:
        raise ReviewError(f"no obligation {ob_id} in this document")
    if (ob_id in accepted(store, doc_id)) == value:
        return None
    return store.add_correction(sha256=view["row"]["sha256"], target=ob_id, field="_accepted",
                                old_value=not value, new_value=value, author=author)


def accept_above(store: Store, doc_id: int, threshold: float, *, author: str) -> list[int]:
    """Accept every obligation not yet accepted whose calibrated confidence (the one the page
    shows) is at least ``threshold``."""
    from .calibration import calibrated

    if not 0 <= threshold <= 1:
        raise ReviewError("threshold must be between 0 and 1")
    view = store.effective(doc_id)
    if view is None:
        raise ReviewError(f"no document {doc_id}")
    done = accepted(store, doc_id)
    ids = []
    with store.db.atomic():
        for ob in view["result"]["obligations"]:
            if ob["id"] not in done and calibrated(ob.get("confidence") or 0.0) >= threshold - 1e-9:
                ids.append(store.add_correction(sha256=view["row"]["sha256"], target=ob["id"], field="_accepted",
                                                old_value=False, new_value=True, author=author))
    return ids


def undo_correction(store: Store, doc_id: int, correction_id: int, *, author: str) -> int:
    """A new correction that puts back the value ``correction_id`` replaced. Only the latest change
    of a value can be undone (undoing an older one would silently drop the newer)."""
    row = store.db.execute("SELECT target, field, old_value, new_value FROM corrections WHERE id = ? "
                           "AND document_id = ?", [correction_id, doc_id]).fetchone()
    if row is None:
        raise ReviewError(f"no correction {correction_id} on this document")
    target, field, old, new = row[0], row[1], json.loads(row[2]), json.loads(row[3])
    if field == "_added":  # undoing an added obligation deletes it
        field, old, new = "_deleted", False, True
        latest_key = f"{target}._deleted"
        if versions(store, doc_id).get(latest_key):
            raise ReviewError("undo_not_latest")
    else:
        if versions(store, doc_id).get(f"{target}.{field}") != correction_id:
            raise ReviewError("undo_not_latest")
        old, new = new, old
    sha = store.db.execute("SELECT sha256 FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    if field not in ("_deleted", "_accepted"):
        from .contract import validate

        view = store.effective(doc_id)
        probe = json.loads(json.dumps(view["result"]))
        if target == "document":
            probe["document"][field] = new
        else:
            for ob in probe["obligations"]:
                if ob["id"] == target:
                    ob[field] = new
        if validate(probe):
            raise ReviewError("undo_breaks_contract")
    return store.add_correction(sha256=sha, target=target, field=field, old_value=old, new_value=new,
                                author=author, undoes=correction_id)


def set_review(store: Store, doc_id: int, status: str, *, author: str, undoes: int | None = None) -> int:
    if status not in REVIEW_STATUSES:
        raise ReviewError(f"unknown status {status!r}")
    with store.db.atomic():
        return store.db["reviews"].insert({"document_id": doc_id, "status": status, "author": author, "at": _now(),
                                           "undoes": undoes}).last_pk


def undo_review(store: Store, doc_id: int, review_id: int, *, author: str) -> int:
    """Put the letter back in the status it had before review ``review_id`` (the latest only)."""
    if versions(store, doc_id)["_review"] != review_id:
        raise ReviewError("undo_not_latest")
    before = store.db.execute("SELECT status FROM reviews WHERE document_id = ? AND id < ? ORDER BY id DESC LIMIT 1",
                              [doc_id, review_id]).fetchone()
    return set_review(store, doc_id, before[0] if before else "unreviewed", author=author, undoes=review_id)


def touch(store: Store, doc_id: int, reviewer: str) -> None:
    with store.db.atomic():
        store.db.execute("INSERT INTO presence VALUES (?, ?, ?) ON CONFLICT (document_id, reviewer) "
                         "DO UPDATE SET seen_at = excluded.seen_at", [doc_id, reviewer, _now()])


def others_here(store: Store, doc_id: int, reviewer: str) -> list[str]:
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=PRESENCE_SECONDS)).isoformat(timespec="seconds")
    return [r[0] for r in store.db.execute("SELECT reviewer FROM presence WHERE document_id = ? AND reviewer != ? "
                                           "AND seen_at >= ? ORDER BY reviewer", [doc_id, reviewer, since])]


def draft_obligation(view: dict, start: int, end: int) -> dict[str, str]:
    """The add-obligation form filled from a text selection: the obligation extractor run over the
    selected text (units, task, deadline and its relation), or at least its first deadline."""
    from congvan.extractors.deadlines import find_deadlines
    from congvan.extractors.obligations import find_obligations

    from .review import date_text

    text = view["text"]
    if not 0 <= start < end <= len(text):
        raise ReviewError("the selection is outside the document text")
    piece = text[start:end]
    doc = view["result"]["document"]
    draft = {"responsible": "", "description": " ".join(piece.split()), "action": "", "deadline": "",
             "relation": "no_later_than"}
    try:
        found = next(iter(find_obligations(piece, recipients=doc.get("recipients") or [],
                                           issued=doc.get("issued_date"))), None)
    except Exception:  # noqa: BLE001 - a draft is a help; the reviewer fills the form anyway
        found = None
    deadline = (found.value.get("deadline") if found else None) or next(
        (m.value for m in find_deadlines(piece)), None)
    if found:
        draft["responsible"] = "\n".join(u["name"] for u in found.value["responsible"])
        draft["action"] = found.value.get("action") or ""
    if deadline and deadline.get("date"):
        draft["deadline"] = date_text(deadline["date"])
        draft["relation"] = deadline.get("relation") or "no_later_than"
    return draft
