"""What the document page shows, worked out apart from the routes: the document fields with the
warnings that concern each, and one card per obligation in a stable order (a deleted obligation
keeps its place and number, greyed, with its undo), its fields, its warnings beside the field they
concern, whether a reviewer accepted it, and the version of every value for optimistic saves."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import review, review_actions
from ..calibration import calibrated

# which field a warning concerns, by code; the rest are shown under the letter's fields
WARNING_FIELD = {
    "deadline_before_window_end": "data_window", "deadline_before_issue_date": "deadline",
    "deadline_on_weekend": "deadline", "deadline_on_public_holiday": "deadline", "impossible_date": "deadline",
    "deadline_unresolved": "deadline", "number_blank": "number", "number_line_not_found": "number",
    "issuer_not_found": "issuer", "header_not_found": "issuer", "date_line_not_found": "issued_date",
    "issued_date_partial": "issued_date",
}


# templates included in the field pane after the letter's fields, one per extra group of values
EXTRA_FIELD_GROUPS: list[str] = ["_signatures.html"]  # signatures and copy stamp (issue 14)


@dataclass
class Card:
    ob: dict
    number: int
    items: list[review.Item]
    deleted: bool = False
    accepted: bool = False
    warnings: dict[str, list[dict]] = field(default_factory=dict)  # field -> warnings; "" for the card

    @property
    def id(self) -> str:
        return self.ob["id"]

    @property
    def confidence(self) -> float:
        return calibrated(self.ob.get("confidence") or 0.0)


def build(view: dict) -> dict:
    """{"doc_items", "doc_warnings" (field -> [w]), "other_warnings", "cards", "versions", "items"}."""
    all_items = review.items(view)
    result = view["result"]
    effective = {o["id"]: o for o in result["obligations"]}
    order = [o["id"] for o in view["extracted"]["obligations"]]
    added = {}
    for c in view["corrections"]:
        if c["field"] == "_added" and c["target"] not in added:
            added[c["target"]] = c["new_value"]
    order += [i for i in added if i not in order]
    order += [i for i in effective if i not in order]  # corrections anchored to a renamed obligation
    extracted = {o["id"]: o for o in view["extracted"]["obligations"]} | added
    by_target: dict[str, list[review.Item]] = {}
    for it in all_items:
        by_target.setdefault(it.target, []).append(it)
    ob_warnings: dict[str, list[dict]] = {}
    doc_warnings: dict[str, list[dict]] = {}
    other: list[dict] = []
    for w in result["warnings"]:
        if w.get("obligation_id"):
            ob_warnings.setdefault(w["obligation_id"], []).append(w)
        elif WARNING_FIELD.get(w["code"]) in review.EDITOR:
            doc_warnings.setdefault(WARNING_FIELD[w["code"]], []).append(w)
        else:
            other.append(w)
    accepted = view.get("accepted", set())
    cards = []
    for n, ob_id in enumerate(order, 1):
        if ob_id in effective:
            ob, items = effective[ob_id], by_target.get(ob_id, [])
            grouped: dict[str, list[dict]] = {}
            for w in ob_warnings.get(ob_id, []):
                f = WARNING_FIELD.get(w["code"], "")
                grouped.setdefault(f if f in review.OB_EDITOR else "", []).append(w)
            cards.append(Card(ob, n, items, accepted=ob_id in accepted, warnings=grouped))
        elif ob_id in extracted:
            cards.append(Card(extracted[ob_id], n, [], deleted=True))
    return {"doc_items": by_target.get("document", []), "doc_warnings": doc_warnings, "other_warnings": other,
            "cards": cards, "items": all_items, "extra_groups": list(EXTRA_FIELD_GROUPS)}


def context(store, view: dict, doc_id: int) -> dict:
    view["accepted"] = review_actions.accepted(store, doc_id)
    out = build(view)
    out["versions"] = review_actions.versions(store, doc_id)
    return out
