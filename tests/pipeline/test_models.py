"""The pydantic models of the contract accept and reject what the contract's JSON Schema does:
their generated JSON Schema, and the models themselves, on real results, every gold file and a
table of broken variants."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from congvan.pipeline.contract import schema
from congvan.pipeline.models import Result, checked, typed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def results(sample, seeds) -> list[dict]:
    from congvan.pipeline import extract, to_result

    return [to_result(extract(p)) for p in [sample, *seeds]]


def _verdicts(doc: dict) -> tuple[bool, bool, bool]:
    contract = jsonschema.Draft202012Validator(schema()).is_valid(doc)
    generated = jsonschema.Draft202012Validator(Result.model_json_schema()).is_valid(doc)
    try:
        Result.model_validate(doc)
        model = True
    except Exception:  # noqa: BLE001 - pydantic's ValidationError
        model = False
    return contract, generated, model


def test_generated_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(Result.model_json_schema())


def test_real_results_and_gold_files_are_accepted_by_all_three(results):
    golds = [json.loads(p.read_text("utf-8")) for p in sorted((ROOT / "gold").rglob("*.json")) if p.name != "eval.json"]
    assert len(golds) >= 20
    for doc in results + golds:
        assert _verdicts(doc) == (True, True, True), doc["source"]["path"]


def _set(path: str, value):
    def mutate(doc):
        *head, last = path.split("/")
        node = doc
        for k in head:
            node = node[int(k)] if isinstance(node, list) else node[k]
        if value is _DELETE:
            del node[int(last) if isinstance(node, list) else last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return mutate


_DELETE = object()
OB = "obligations/0"
CASES = [
    # (what, mutation, valid per the contract)
    ("schema version 2", _set("schema_version", "2"), False),
    ("no source", _set("source", _DELETE), False),
    ("short sha256", _set("source/sha256", "abc"), False),
    ("pages negative", _set("source/pages", -1), False),
    ("pages null", _set("source/pages", None), True),
    ("pages as text", _set("source/pages", "3"), False),
    ("unknown text layer", _set("source/text_layer", "scan"), False),
    ("number null", _set("document/number", None), True),
    ("number missing", _set("document/number", _DELETE), False),
    ("number as int", _set("document/number", 215), False),
    ("unknown doc type", _set("document/doc_type", "thu_tay"), False),
    ("doc type null", _set("document/doc_type", None), True),
    ("issuer null", _set("document/issuer", None), True),
    ("issuer without raw", _set("document/issuer", {"name": "Sở Nội vụ"}), False),
    ("month 13", _set("document/issued_date/month", 13), False),
    ("day 0", _set("document/issued_date/day", 0), False),
    ("iso not a date", _set("document/issued_date/iso", "3/6/2025"), False),
    ("partial date", _set("document/issued_date", {"year": 2025, "month": 6, "day": None, "iso": None}), True),
    ("urgency khan", _set("document/urgency", "khan"), True),
    ("urgency unknown", _set("document/urgency", "gap"), False),
    ("confidentiality mat", _set("document/confidentiality", "mat"), True),
    ("confidentiality unknown", _set("document/confidentiality", "bi_mat"), False),
    ("signer authority unknown", _set("document/signer/authority", "KT"), False),
    ("signer null", _set("document/signer", None), True),
    ("is_group null", _set("document/recipients/0/is_group", None), False),
    ("extra key kept", _set("document/note", "ghi chú"), True),
    ("no responsible", _set(f"{OB}/responsible", []), False),
    ("no evidence", _set(f"{OB}/evidence", []), False),
    ("confidence 1.5", _set(f"{OB}/confidence", 1.5), False),
    ("confidence 1 (int)", _set(f"{OB}/confidence", 1), True),
    ("confidence true", _set(f"{OB}/confidence", True), False),
    ("evidence page 0", _set(f"{OB}/evidence/0/page", 0), False),
    ("evidence start negative", _set(f"{OB}/evidence/0/start", -1), False),
    ("deadline null", _set(f"{OB}/deadline", None), True),
    ("deadline relation unknown", _set(f"{OB}/deadline/relation", "after"), False),
    ("deadline without raw", _set(f"{OB}/deadline/raw", _DELETE), False),
    ("deadline rule null", _set(f"{OB}/deadline/rule", None), True),
    ("action null", _set(f"{OB}/action", None), False),
    ("period missing", _set(f"{OB}/period", _DELETE), False),
    ("window", _set(f"{OB}/data_window", {"start": None, "end": None, "raw": "năm 2024"}), True),
    ("window without raw", _set(f"{OB}/data_window", {"start": None, "end": None}), False),
    ("warning without message", _set("warnings", [{"code": "x"}]), False),
    ("warning with obligation id", _set("warnings", [{"code": "x", "message": "m", "obligation_id": "ob-1"}]), True),
    ("obligations not a list", _set("obligations", {}), False),
]


@pytest.mark.parametrize("what, mutate, valid", CASES, ids=[c[0] for c in CASES])
def test_models_accept_and_reject_what_the_contract_does(results, what, mutate, valid):
    base = next(r for r in results if r["obligations"] and r["document"]["recipients"]
                and r["document"]["issued_date"] and r["document"]["signer"] and r["obligations"][0]["deadline"])
    doc = copy.deepcopy(base)
    mutate(doc)
    assert _verdicts(doc) == (valid, valid, valid)


def test_typed_access_and_the_api_round_trip(sample, results):
    from congvan.pipeline import extract

    r = typed(extract(sample))
    assert r.document.symbol == "UBND-NV" and r.document.issued_date.iso == "2025-06-03"
    assert all(o.responsible and o.evidence for o in r.obligations)
    for doc in results:  # what the API serves through the models is the result itself
        out, errors = checked(doc)
        assert errors == [] and json.loads(json.dumps(out)) == json.loads(json.dumps(doc))
    broken = copy.deepcopy(results[0])
    broken["source"]["text_layer"] = "scan"
    out, errors = checked(broken)
    assert out is broken and errors and "text_layer" in errors[0]


def test_the_run_passes_its_result_through_the_models_byte_for_byte(results, sample, monkeypatch):
    """``to_result`` validates what the stages built as a ``Result`` and returns the model's dump:
    the same JSON as the stages' dict (keys in the same order), and a fresh object."""
    import congvan.pipeline.run as run
    from congvan.pipeline import extract

    doc = extract(sample)
    typed_result = run.to_result(doc)
    monkeypatch.setattr(run, "checked", lambda r, **_: (r, []))  # the stages' dict as built
    built = run.to_result(doc)
    assert json.dumps(typed_result, ensure_ascii=False) == json.dumps(built, ensure_ascii=False)
    assert typed_result["obligations"] is not doc.obligations  # a dump, not the stage's list


def test_a_stage_that_breaks_the_contract_gives_a_warning_not_a_crash(sample, monkeypatch):
    import congvan.pipeline.run as run
    from congvan.pipeline import extract

    def bad_fields(doc):
        real_fields(doc)
        doc.fields["doc_type"] = "cong-van"  # not one of the contract's kinds

    real_fields = run.fields_stage
    monkeypatch.setattr(run, "STAGES", [(n, bad_fields if n == "fields" else f) for n, f in run.STAGES])
    r = run.to_result(extract(sample))
    [w] = [w for w in r["warnings"] if w["code"] == "contract_errors"]
    assert "document/doc_type" in w["message"] and r["document"]["doc_type"] == "cong-van"
    assert r["obligations"]  # the rest of the result is there


def test_each_stage_is_checked_against_the_models_and_the_one_that_breaks_them_is_named(sample, monkeypatch):
    import congvan.pipeline.run as run
    from congvan.pipeline import extract

    def bad_obligations(doc):
        real(doc)
        doc.obligations[0]["deadline"] = {"date": "15/12/2025", "relation": "before", "raw": "x"}  # not a date

    real = run.obligations_stage
    monkeypatch.setattr(run, "STAGES", [(n, bad_obligations if n == "obligations" else f) for n, f in run.STAGES])
    doc = extract(sample)
    stages = {s.name: s for s in doc.stages}
    assert stages["fields"].status == "ok" and stages["obligations"].status == "error"
    assert any(e.startswith("obligations: 0/deadline/date") for e in stages["obligations"].errors)
    result = run.to_result(doc)
    assert any(w["code"] == "contract_errors" for w in result["warnings"])


@pytest.fixture(scope="module")
def signed_result() -> dict:
    from congvan.pipeline import extract, to_result

    pdf = ROOT.parent / "shared" / "corpora" / "public" / "005.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} is absent (../shared/corpora/public)")
    return to_result(extract(pdf))


@pytest.mark.parametrize("mutate, valid", [
    (lambda r: None, True),
    (lambda r: r["signatures"][0].update(trusted="maybe"), False),      # true, false or "unknown"
    (lambda r: r["signatures"][0].update(kind="agency"), False),        # personal or organisation
    (lambda r: r["signatures"][0].update(intact=None), False),
    (lambda r: r.update(copy={"kind": "sao_y"}), False),                 # a copy says by whom and when
])
def test_signatures_and_copy_are_typed(signed_result, mutate, valid):
    r = copy.deepcopy(signed_result)
    assert r.get("signatures"), "public 005 is a signed letter"
    mutate(r)
    assert (not checked(r)[1]) is valid
