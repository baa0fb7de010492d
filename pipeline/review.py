"""What the review app does, apart from HTTP: the values a reviewer checks with their evidence
spans, highlight geometry, and corrections (a field, an obligation deleted or added) checked
against the contract. The fields and form values are in ``review_forms``, the queue in
``review_queue``; both are imported here, so ``review.X`` stays the app's one API.

Everything here reads and writes through :class:`congvan.pipeline.store.Store`; the web layer
(``congvan.pipeline.web``) only renders and routes. A change is refused (``ReviewError``) when the
corrected result would no longer follow the contract, so that exports and gold files stay valid.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from .contract import validate
# the fields and form values (review_forms) and the queue (review_queue), part of this API
from .review_forms import (  # noqa: F401
    AUTHORITIES, CONFIDENTIALITY, DOC_TYPES, DOCUMENT_FIELDS, EDITOR, OB_EDITOR, OBLIGATION_FIELDS, RELATIONS,
    URGENCY, ReviewError, _text, date_text, parse_date, parse_field, parse_references, parse_units, units_text,
    value_text)
from .review_queue import FILTERS, LOW_CONFIDENCE, QueueRow, gold_files, next_in_queue, queue, search  # noqa: F401
from .store import Store

# ---------------------------------------------------------------- the page's fields


@dataclass
class Item:
    """One value the reviewer checks: a document field or a field of one obligation."""

    key: str  # "document.number", "ob-1a2b.deadline"
    target: str
    field: str
    label: str
    kind: str
    value: Any
    spans: list[list[int]] = field(default_factory=list)
    corrected: bool = False

    @property
    def shown(self) -> str:
        return value_text(self.kind, self.value)

    def form(self) -> dict[str, str]:
        """The inputs of its editor, filled with the current value."""
        v = self.value
        if self.kind == "signer":
            v = v or {}
            return {"name": v.get("name") or "", "title": v.get("title") or "", "authority": v.get("authority") or ""}
        if self.kind == "deadline":
            v = v or {}
            return {"value": date_text(v.get("date")), "relation": v.get("relation") or "no_later_than"}
        if self.kind == "window":
            v = v or {}
            return {"start": date_text(v.get("start")), "end": date_text(v.get("end"))}
        if self.kind == "date":
            return {"value": date_text(v)}
        if self.kind == "units":
            return {"value": units_text(v)}
        if self.kind == "references":
            return {"value": "\n".join(r["raw"] for r in v or [])}
        if self.kind == "unit":
            return {"value": (v or {}).get("name", "")}
        return {"value": "" if v is None else str(v)}


def _find(text: str, needle: str | None, spans: list[list[int]]) -> list[list[int]]:
    """Where ``needle`` stands inside the first of ``spans`` that holds it."""
    if needle:
        for s, e in spans:
            i = text.find(needle, s, e)
            if i >= 0:
                return [[i, i + len(needle)]]
    return []


def items(view: dict) -> list[Item]:
    """Every value on the document page, in page order, with its evidence spans."""
    result, text, ev = view["result"], view["text"], view["field_evidence"]
    corrected = {(c["target"], c["field"]) for c in view["corrections"]}
    out = []
    for name, label, kind in DOCUMENT_FIELDS:
        out.append(Item(f"document.{name}", "document", name, label, kind, result["document"].get(name),
                        [list(s) for s in ev.get(name, [])], ("document", name) in corrected))
    for n, ob in enumerate(result["obligations"], 1):
        spans = [[e["start"], e["end"]] for e in ob.get("evidence") or []]
        for name, label, kind in OBLIGATION_FIELDS:
            value = ob.get(name)
            if name == "description":
                sub = spans
            elif name in ("deadline", "data_window") and value:
                sub = _find(text, value.get("raw"), spans) or spans[:1]
            elif name in ("responsible", "cooperating") and value:
                sub = [s for u in value for s in _find(text, u.get("raw"), spans)] or spans[:1]
            else:
                sub = spans[:1]
            out.append(Item(f"{ob['id']}.{name}", ob["id"], name, f"#{n} {label}", kind, value, sub,
                            (ob["id"], name) in corrected))
    return out


def segments(text: str, spans: dict[str, list[list[int]]]) -> list[dict]:
    """The text cut at every span boundary: [{start, end, text, refs}] where ``refs`` are the item
    keys whose spans cover that piece (empty for plain text). The template escapes ``text``.

    One pass per span over the pieces it covers (bisect on the sorted cuts), not every piece
    against every span: a 70-obligation letter has some 600 spans and 1000 pieces."""
    from bisect import bisect_left

    cuts = {0, len(text)}
    for ranges in spans.values():
        for s, e in ranges:
            if 0 <= s < e <= len(text):
                cuts.update((s, e))
    points = sorted(cuts)
    refs: list[list[str]] = [[] for _ in range(len(points) - 1)]
    for key, ranges in spans.items():
        for s, e in ranges:
            if not 0 <= s < e <= len(text):
                continue
            for i in range(bisect_left(points, s), bisect_left(points, e)):
                if not refs[i] or refs[i][-1] != key:
                    refs[i].append(key)
    return [{"start": a, "end": b, "text": text[a:b], "refs": refs[i]}
            for i, (a, b) in enumerate(zip(points, points[1:]))]


def boxes(blocks: list[list], spans: list[list[int]]) -> list[dict]:
    """Rectangles (PDF points, top-left origin) on the page for each span, from the line blocks:
    a span inside a line is cut in proportion to its characters."""
    out = []
    for s, e in spans:
        for b in blocks:
            if len(b) < 7 or b[1] <= s or b[0] >= e:
                continue
            start, end, page, x0, top, x1, bottom = b
            n = max(end - start, 1)
            a, z = max(s, start) - start, min(e, end) - start
            out.append({"page": page, "x0": x0 + (x1 - x0) * a / n, "x1": x0 + (x1 - x0) * z / n,
                        "top": top, "bottom": bottom})
    return out


# ---------------------------------------------------------------- changes


def correct(store: Store, doc_id: int, target: str, field_name: str, form: dict[str, str], *, author: str) -> int | None:
    """Store the reviewer's new value of one field; None when it equals the current value."""
    view = store.effective(doc_id)
    if view is None:
        raise ReviewError(f"no document {doc_id}")
    result = view["result"]
    if target == "document":
        if field_name not in EDITOR:
            raise ReviewError(f"'{field_name}' is not a document field one can edit")
        old = result["document"].get(field_name)
        new = parse_field(EDITOR[field_name], form, old)
        result["document"][field_name] = new
    else:
        ob = next((o for o in result["obligations"] if o["id"] == target), None)
        if ob is None:
            raise ReviewError(f"no obligation {target} in this document")
        if field_name not in OB_EDITOR:
            raise ReviewError(f"'{field_name}' is not an obligation field one can edit")
        old = ob.get(field_name)
        new = parse_field(OB_EDITOR[field_name], form, old)
        if field_name == "responsible" and not new:
            raise ReviewError("an obligation needs at least one responsible unit; delete it instead")
        if field_name == "description" and not new:
            raise ReviewError("an obligation needs a description")
        if field_name == "action" and new is None:
            new = ""  # the contract's action is a string
        ob[field_name] = new
    if new == old:
        return None
    _check(result)
    return store.add_correction(sha256=view["row"]["sha256"], target=target, field=field_name, old_value=old,
                                new_value=new, author=author)


def delete_obligation(store: Store, doc_id: int, ob_id: str, *, author: str, restore: bool = False) -> int:
    view = store.effective(doc_id)
    if view is None:
        raise ReviewError(f"no document {doc_id}")
    known = {o["id"] for o in view["result"]["obligations"]} | {o["id"] for o in view["extracted"]["obligations"]} \
        | {c["target"] for c in view["corrections"] if c["field"] == "_added"}
    if ob_id not in known:
        raise ReviewError(f"no obligation {ob_id} in this document")
    return store.add_correction(sha256=view["row"]["sha256"], target=ob_id, field="_deleted",
                                old_value=restore, new_value=not restore, author=author)


def add_obligation(store: Store, doc_id: int, form: dict[str, str], *, author: str) -> tuple[int, str]:
    """A missed obligation from a text selection: ``start``/``end`` offsets into the normalised
    text, ``responsible`` (one per line), ``description`` (default: the selection), and optionally
    ``action``, ``deadline`` with ``relation``."""
    view = store.effective(doc_id)
    if view is None:
        raise ReviewError(f"no document {doc_id}")
    text = view["text"]
    try:
        start, end = int(form.get("start", "")), int(form.get("end", ""))
    except ValueError:
        raise ReviewError("select the text of the obligation first") from None
    if not 0 <= start < end <= len(text):
        raise ReviewError("the selection is outside the document text")
    responsible = parse_units(form.get("responsible", ""))
    if not responsible:
        raise ReviewError("name at least one responsible unit (one per line)")
    evidence_text = text[start:end]
    description = _text(form.get("description", "")) or " ".join(evidence_text.split())
    action = _text(form.get("action", "")) or ""
    deadline = parse_field("deadline", {"value": form.get("deadline", ""), "relation": form.get("relation", "")}, None)
    page = next((b[2] for b in view["blocks"] if b[0] <= start < b[1]), None)
    ob_id = "ob-r-" + hashlib.sha1(f"{view['row']['sha256']}|{start}|{end}|{author}|{dt.datetime.now()}".encode()).hexdigest()[:12]
    ob = {"id": ob_id, "responsible": responsible, "cooperating": [], "action": action, "description": description,
          "deadline": deadline, "data_window": None, "period": None, "recurrence": None, "submit_to": None,
          "evidence": [{"page": page, "start": start, "end": end, "text": evidence_text}], "confidence": 1.0}
    result = view["result"]
    result["obligations"].append(ob)
    _check(result)
    cid = store.add_correction(sha256=view["row"]["sha256"], target=ob_id, field="_added", old_value=None,
                               new_value=ob, author=author)
    return cid, ob_id


def _check(result: dict) -> None:
    errors = validate(result)
    if errors:
        raise ReviewError("the change would break the output contract: " + "; ".join(errors[:2]))


def keymap(overrides: dict | None = None) -> dict[str, dict]:
    """The review page's shortcuts: action -> {"label", "keys"}, from ``pipeline/data/review_keys.json``
    with ``overrides`` (action -> [keys] or [label, [keys]]) on top. Raises ReviewError for an
    unknown action or a key given to two actions."""
    from importlib import resources

    raw = json.loads(resources.files("congvan.pipeline").joinpath("data", "review_keys.json").read_text(encoding="utf-8"))
    keys = {a: {"label": v[0], "keys": list(v[1])} for a, v in raw.items() if not a.startswith("_")}
    for action, value in (overrides or {}).items():
        if action.startswith("_"):
            continue
        if action not in keys:
            raise ReviewError(f"unknown action {action!r} in the key map; one of {', '.join(keys)}")
        new = value[1] if len(value) == 2 and isinstance(value[1], list) else value
        if not new or not all(isinstance(k, str) and k for k in new):
            raise ReviewError(f"{action}: give a list of keys, e.g. [\"j\"]")
        keys[action]["keys"] = list(new)
    seen: dict[str, str] = {}
    for action, v in keys.items():
        for k in v["keys"]:
            if k in ("Escape",) or k in seen:
                raise ReviewError(f"key {k!r} is given to {seen.get(k, 'cancel')} and {action}")
            seen[k] = action
    return keys


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
