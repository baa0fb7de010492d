"""``congvan eval``: value-level scores of the document fields against gold files.

Scalar fields score accuracy (null == null counts as correct); list fields (recipients, cc,
references) score micro-averaged precision / recall / F1 over the set of normalised values.
Unit names compare by ``unit_key`` (case, punctuation, joins and a bare level word ignored);
strings compare after normalisation and case-folding; references compare by (number, symbol).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import regex as re

from congvan.extractors.units import unit_key

from . import baselines as bl
from .normalise import normalise_string
from .run import body_range, extract, to_result

SCALAR = ["number", "symbol", "doc_type", "issuer", "place", "issued_date", "subject", "signer",
          "signer_name", "urgency", "confidentiality"]
LISTS = ["recipients", "cc", "references"]


def _norm(s):
    if s is None:
        return None
    return re.sub(r"[\s.;:,]+$", "", normalise_string(str(s)).casefold())


def scalar_value(doc: dict, field: str):
    if field == "issuer":
        return unit_key(doc["issuer"]["name"]) if doc.get("issuer") else None
    if field == "issued_date":
        d = doc.get("issued_date")
        return None if not d else (d["year"], d["month"], d["day"])
    if field == "signer":
        s = doc.get("signer")
        return None if not s else (_norm(s.get("name")), _norm(s.get("title")), s.get("authority"))
    if field == "signer_name":
        s = doc.get("signer")
        return None if not s else _norm(s.get("name"))
    return _norm(doc.get(field))


def list_values(doc: dict, field: str) -> set:
    if field == "references":
        return {(r.get("number"), _norm(r.get("symbol")).upper() if r.get("symbol") else None)
                for r in doc.get("references", [])}
    return {unit_key(u["name"]) for u in doc.get(field, [])}


def resolve_source(gold_file: Path, gold: dict, shared: Path | None) -> Path:
    rel = gold["source"]["path"]
    candidate = (gold_file.parent / rel).resolve()
    if shared is not None and not candidate.exists():
        parts = Path(rel).parts
        if "shared" in parts:
            candidate = shared.joinpath(*parts[parts.index("shared") + 1:])
    return candidate


OBLIGATION_SETS = ("obligation_units", "unit_deadline_pairs", "data_windows")
# the summary groups: "overall" is the mean of the three group means (each the mean of its fields'
# accuracy or F1, fields with nothing to score left out)
GROUPS = {"document fields": SCALAR, "recipients, cc": ["recipients", "cc"], "obligations": list(OBLIGATION_SETS)}


def obligation_values(obligations: list[dict], what: str) -> set:
    """Value-level sets that obligations are scored on (each responsible unit counted once).

    ``obligation_units``: unit keys of responsible units; ``unit_deadline_pairs``: (unit, deadline
    date) for obligations with a dated deadline; ``data_windows``: (unit, start, end).
    """
    out = set()
    for ob in obligations:
        dl = (ob.get("deadline") or {}).get("date") or {}
        win = ob.get("data_window") or {}
        for u in ob.get("responsible") or []:
            key = unit_key(u["name"])
            if what == "obligation_units":
                out.add(key)
            elif what == "unit_deadline_pairs" and dl.get("iso"):
                out.add((key, dl["iso"]))
            elif what == "data_windows" and win:
                out.add((key, (win.get("start") or {}).get("iso"), (win.get("end") or {}).get("iso")))
    return out


def _tally(counts: list[int], gold: set, predicted: set) -> None:
    counts[0] += len(gold & predicted)
    counts[1] += len(predicted - gold)
    counts[2] += len(gold - predicted)


def _prf(tp: int, fp: int, fn: int) -> dict:
    """Micro P/R/F1; all None when neither gold nor prediction has any value (nothing to score)."""
    if not tp + fp + fn:
        return {"precision": None, "recall": None, "f1": None, "tp": 0, "fp": 0, "fn": 0}
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def _num(x, width: int) -> str:
    return f"{'n/a':>{width}}" if x is None else f"{x:>{width}.3f}"


def _baseline(doc, result: dict) -> list[dict]:
    body = doc.body
    start, end = body_range(body)
    year = ((result["document"].get("issued_date") or {}).get("year")
            or next((int(y) for y in re.findall(r"năm\s+(20\d\d)", body)), None))
    return bl.baseline_obligations(body, start=start, end=end, year=year)


def evaluate(gold_dir: Path, *, shared: Path | None = None, baselines: bool = True,
             transform: Callable[[Path], Path] | None = None) -> dict:
    """Scores per field over every gold file; obligation sets also per gold folder (``seeds``,
    ``public``) and, when ``baselines``, for the NER + dateparser baseline on the same documents.

    ``transform`` maps each gold source to the file actually extracted (``benchmarks/ocr.py``
    scores scanned versions of the gold letters this way)."""
    files = sorted(p for p in gold_dir.rglob("*.json") if p.name != "eval.json")
    per_doc, missing = [], []
    tallies = {f: [0, 0] for f in SCALAR}
    counts = {f: [0, 0, 0] for f in (*LISTS, *OBLIGATION_SETS)}  # tp, fp, fn
    by_set: dict[str, dict[str, list[int]]] = {}
    base_note = bl.available() if baselines else "baselines not requested"
    base_counts = {f: [0, 0, 0] for f in OBLIGATION_SETS}
    base_by_set: dict[str, dict[str, list[int]]] = {}
    scored_obligations = 0
    for gf in files:
        gold = json.loads(gf.read_text(encoding="utf-8"))
        if "document" not in (gold.get("annotation", {}).get("scope") or ["document"]):
            continue
        src = resolve_source(gf, gold, shared)
        if not src.exists():
            missing.append(str(gf))
            continue
        doc = extract(transform(src) if transform else src)
        result = to_result(doc)
        g, p = gold["document"], result["document"]
        row = {"gold": str(gf), "errors": {}}
        for f in SCALAR:
            ok = scalar_value(g, f) == scalar_value(p, f)
            tallies[f][0] += ok
            tallies[f][1] += 1
            if not ok:
                row["errors"][f] = {"gold": scalar_value(g, f), "predicted": scalar_value(p, f)}
        for f in LISTS:
            gv, pv = list_values(g, f), list_values(p, f)
            counts[f][0] += len(gv & pv)
            counts[f][1] += len(pv - gv)
            counts[f][2] += len(gv - pv)
            if gv != pv:
                row["errors"][f] = {"missed": sorted(map(str, gv - pv)), "extra": sorted(map(str, pv - gv))}
        if "obligations" in (gold.get("annotation", {}).get("scope") or []):
            scored_obligations += 1
            group = gf.parent.name
            sets = by_set.setdefault(group, {f: [0, 0, 0] for f in OBLIGATION_SETS})
            base = _baseline(doc, result) if base_note is None else None
            bsets = base_by_set.setdefault(group, {f: [0, 0, 0] for f in OBLIGATION_SETS})
            for f in OBLIGATION_SETS:
                gv, pv = obligation_values(gold["obligations"], f), obligation_values(result["obligations"], f)
                _tally(counts[f], gv, pv)
                _tally(sets[f], gv, pv)
                if gv != pv:
                    row["errors"][f] = {"missed": sorted(map(str, gv - pv)), "extra": sorted(map(str, pv - gv))}
                if base is not None:
                    bv = obligation_values(base, f)
                    _tally(base_counts[f], gv, bv)
                    _tally(bsets[f], gv, bv)
        per_doc.append(row)
    fields = {}
    for f, (ok, n) in tallies.items():
        fields[f] = {"accuracy": round(ok / n, 4) if n else None, "n": n}
    for f, c in counts.items():
        fields[f] = _prf(*c)
    report = {"documents": len(per_doc), "obligation_documents": scored_obligations, "fields": fields,
              "summary": summary(fields),
              "sets": {g: {f: _prf(*c) for f, c in v.items()} for g, v in sorted(by_set.items())},
              "baselines": {"note": base_note}, "per_document": per_doc, "missing": missing}
    if base_note is None:
        report["baselines"].update(
            {"method": "units: underthesea ner ORG entities per body sentence; deadline: dateparser "
                       "search_dates in the same sentence",
             "fields": {f: _prf(*c) for f, c in base_counts.items()},
             "sets": {g: {f: _prf(*c) for f, c in v.items()} for g, v in sorted(base_by_set.items())}})
    return report


def summary(fields: dict) -> dict:
    """Group means of the field scores and their mean, ``overall`` (see ``GROUPS``)."""
    out = {}
    for group, names in GROUPS.items():
        vals = [s.get("accuracy", s.get("f1")) for f in names if (s := fields.get(f))]
        vals = [v for v in vals if v is not None]
        out[group] = round(sum(vals) / len(vals), 4) if vals else None
    means = [v for v in out.values() if v is not None]
    out["overall"] = round(sum(means) / len(means), 4) if means else None
    return out


def format_report(report: dict) -> str:
    out = [f"documents scored: {report['documents']} (obligations annotated in "
           f"{report.get('obligation_documents', 0)})", "",
           f"{'field':<20}{'acc':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for f, s in report["fields"].items():
        if "accuracy" in s:
            out.append(f"{f:<20}{_num(s['accuracy'], 7)}")  # None when no document could be scored
        else:
            out.append(f"{f:<20}{'':>7}{_num(s['precision'], 8)}{_num(s['recall'], 8)}{_num(s['f1'], 8)}")
    out += ["", "summary: " + ", ".join(f"{k} {_num(v, 0)}" for k, v in (report.get("summary") or {}).items())]
    base = report.get("baselines") or {}
    out += ["", "obligations per gold set: F1 (congvan / baseline NER + dateparser)",
            f"{'set':<10}{'field':<22}{'P':>7}{'R':>7}{'F1':>7}{'base F1':>9}"]
    for group, fields in (report.get("sets") or {}).items():
        for f, sc in fields.items():
            b = ((base.get("sets") or {}).get(group) or {}).get(f)
            out.append(f"{group:<10}{f:<22}{_num(sc['precision'], 7)}{_num(sc['recall'], 7)}{_num(sc['f1'], 7)}"
                       f"{_num(b['f1'] if b else None, 9)}")
    if base.get("note"):
        out.append(base["note"])
    if report["missing"]:
        out.append(f"\nsource documents not found for {len(report['missing'])} gold file(s)")
    return "\n".join(out)
