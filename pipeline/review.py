"""What the review app does, apart from HTTP: the queue, the fields a reviewer checks with their
evidence spans, turning a reviewer's form input into a contract value, and highlight geometry.

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

from congvan.extractors import fastre as re

from .contract import validate
from .store import REVIEW_STATUSES, Store

DOC_TYPES = ["cong_van", "ke_hoach", "thong_bao", "quyet_dinh", "huong_dan", "bao_cao", "chi_thi", "to_trinh",
             "giay_moi", "nghi_quyet", "nghi_dinh", "thong_tu", "chuong_trinh", "ban_cam_ket", "de_an",
             "cong_dien", "other"]
RELATIONS = ["before", "no_later_than", "on", "from", "within"]
AUTHORITIES = ["TM.", "KT.", "TL.", "TUQ.", "Q."]
URGENCY = ["khan", "thuong_khan", "hoa_toc"]
CONFIDENTIALITY = ["mat", "toi_mat", "tuyet_mat"]
LOW_CONFIDENCE = 0.7

# (field, label shown to the reviewer, editor kind); the order is the order on the page
DOCUMENT_FIELDS = [
    ("number", "Số", "text"), ("symbol", "Ký hiệu", "text"), ("doc_type", "Loại văn bản", "doc_type"),
    ("issuer", "Cơ quan ban hành", "unit"), ("place", "Địa danh", "text"), ("issued_date", "Ngày ban hành", "date"),
    ("subject", "Trích yếu", "text"), ("recipients", "Kính gửi", "units"), ("signer", "Người ký", "signer"),
    ("cc", "Nơi nhận", "units"), ("references", "Văn bản dẫn chiếu", "references"),
    ("urgency", "Độ khẩn", "urgency"), ("confidentiality", "Độ mật", "confidentiality"),
]
OBLIGATION_FIELDS = [
    ("responsible", "Đơn vị chủ trì", "units"), ("cooperating", "Đơn vị phối hợp", "units"),
    ("action", "Hành động", "text"), ("description", "Nhiệm vụ", "text"), ("deadline", "Thời hạn", "deadline"),
    ("data_window", "Chốt số liệu", "window"), ("period", "Kỳ báo cáo", "text"), ("submit_to", "Gửi đến", "text"),
]
EDITOR = {f: kind for f, _, kind in DOCUMENT_FIELDS}
OB_EDITOR = {f: kind for f, _, kind in OBLIGATION_FIELDS}


class ReviewError(ValueError):
    """A reviewer's input that cannot be stored; the message says why, for the page."""


# ---------------------------------------------------------------- values <-> form text


def date_text(d: dict | None) -> str:
    """A partial date as a clerk writes it: ``20/11/2024``, ``../02/2024``; blank for none."""
    if not d:
        return ""
    day = f"{d['day']:02d}" if d.get("day") else ".."
    month = f"{d['month']:02d}" if d.get("month") else ".."
    return f"{day}/{month}/{d['year']}" if d.get("year") else (f"{day}/{month}" if d.get("month") else "")


_DATE = re.compile(r"^\s*(?:(\d{1,2}|\.\.)\s*[/.-]\s*)?(?:(\d{1,2}|\.\.)\s*[/.-]\s*)?(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str) -> dict | None:
    """``20/11/2024``, ``2024-11-20``, ``11/2024``, ``../02/2024`` or ``2024`` -> a partial date;
    blank -> None. Raises ReviewError for anything else or a day that does not exist."""
    text = (text or "").strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DATE.match(text)
        if not m:
            raise ReviewError(f"'{text}' is not a date; write it as dd/mm/yyyy (e.g. 20/11/2024)")
        a, b, year = m[1], m[2], int(m[3])
        if b is None:  # "11/2024": month and year
            day, month = None, None if a in (None, "..") else int(a)
        else:
            day, month = None if a == ".." else int(a), None if b == ".." else int(b)
    if month is not None and not 1 <= month <= 12:
        raise ReviewError(f"'{text}': there is no month {month}")
    iso = None
    if day is not None:
        if month is None:
            raise ReviewError(f"'{text}': a day needs its month")
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            raise ReviewError(f"'{text}' does not exist") from None
    return {"year": year, "month": month, "day": day, "iso": iso}


def units_text(units: list[dict] | None) -> str:
    return "\n".join(u["name"] for u in units or [])


def parse_units(text: str, old: list[dict] | None = None) -> list[dict]:
    """One unit per line; a name the extraction had keeps its ``raw`` and ``is_group``."""
    known = {u["name"]: u for u in old or []}
    out = []
    for line in (text or "").splitlines():
        name = " ".join(line.split()).strip(" ;,")
        if not name:
            continue
        if name in known:
            out.append(dict(known[name]))
        else:
            out.append({"name": name, "raw": name, "is_group": _looks_like_group(name)})
    return out


def parse_references(text: str, old: list[dict] | None = None) -> list[dict]:
    """One cited document per line, as the letter writes it (``Công văn số 983/SNV-TCBC ngày
    30/6/2023``), read by the same extractor as the letters; a line it cannot read is refused."""
    from congvan.extractors.references import find_references

    known = {r["raw"]: r for r in old or []}
    out = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if line in known:
            out.append(dict(known[line]))
            continue
        found = [m.value for m in find_references(line)]
        if not found:
            raise ReviewError(f"'{line}' is not a document reference; write it as 'Công văn số 983/SNV-TCBC "
                              f"ngày 30/6/2023'")
        out.extend(found)
    return out


def _looks_like_group(name: str) -> bool:
    """``Các sở, ban, ngành``, ``Ủy ban nhân dân các xã`` name a class of units."""
    return bool(re.match(r"(?i)^các\b", name) or re.search(r"\scác\s", name))


def _text(value: str) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _choice(value: str, choices: list[str], what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if value not in choices:
        raise ReviewError(f"'{value}' is not a {what}; one of {', '.join(choices)}")
    return value


def parse_field(kind: str, form: dict[str, str], old: Any) -> Any:
    """The contract value of one field from the inputs of its editor."""
    v = form.get("value", "")
    if kind == "text":
        return _text(v)
    if kind == "doc_type":
        return _choice(v, DOC_TYPES, "document type")
    if kind == "urgency":
        return _choice(v, URGENCY, "urgency")
    if kind == "confidentiality":
        return _choice(v, CONFIDENTIALITY, "confidentiality level")
    if kind == "date":
        return parse_date(v)
    if kind == "units":
        return parse_units(v, old)
    if kind == "references":
        return parse_references(v, old)
    if kind == "unit":
        name = _text(v)
        if name is None:
            return None
        return dict(old) if old and old.get("name") == name else {"name": name, "raw": name, "is_group": False}
    if kind == "signer":
        name, title = _text(form.get("name", "")), _text(form.get("title", ""))
        authority = _choice(form.get("authority", ""), AUTHORITIES, "signing authority")
        return None if name is title is authority is None else {"name": name, "title": title, "authority": authority}
    if kind == "deadline":
        date = parse_date(v)
        relation = _choice(form.get("relation", ""), RELATIONS, "deadline relation") or "no_later_than"
        if date is None:
            return None
        raw = (old or {}).get("raw") if old and old.get("date") == date else v.strip()
        rule = (old or {}).get("rule") if old and old.get("date") == date else None
        return {"date": date, "relation": relation, "raw": raw, "rule": rule}
    if kind == "window":
        start, end = parse_date(form.get("start", "")), parse_date(form.get("end", ""))
        if start is None and end is None:
            return None
        if start and end and start["iso"] and end["iso"] and start["iso"] > end["iso"]:
            raise ReviewError("the data window ends before it starts")
        same = old and old.get("start") == start and old.get("end") == end
        return {"start": start, "end": end, "raw": old["raw"] if same else
                f"từ {date_text(start) or '...'} đến {date_text(end) or '...'}"}
    raise ReviewError(f"no editor for {kind!r}")


def value_text(kind: str, value: Any) -> str:
    """How a value reads in the field list."""
    if value in (None, [], ""):
        return "—"
    if kind == "date":
        return date_text(value)
    if kind == "units":
        return "; ".join(u["name"] for u in value)
    if kind == "references":
        return "; ".join(r["raw"] for r in value)
    if kind == "unit":
        return value["name"]
    if kind == "signer":
        return " ".join(x for x in (value.get("authority"), value.get("title"), value.get("name")) if x)
    if kind == "deadline":
        when = date_text(value.get("date")) or value.get("raw", "")
        return f"{value['relation']} {when}" + (f" ({value['rule']})" if value.get("rule") else "")
    if kind == "window":
        return f"{date_text(value.get('start')) or '…'} → {date_text(value.get('end')) or '…'}"
    return str(value)


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


# ---------------------------------------------------------------- the queue


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
