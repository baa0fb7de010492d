"""congvan as a spaCy component (the optional ``.[spacy]`` extra): ``nlp.add_pipe("congvan")`` on a
blank pipeline (no model download) sets obligation, unit and date spans over the text given, from
the same extractors as ``congvan extract``."""
from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install -e '.[spacy]')")

from congvan.pipeline.textfold import fold  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _letters(s: str) -> str:
    """Letters and digits only, accents and case ignored (the original may carry ``**bold**``)."""
    return "".join(c for c in fold(s).lower() if c.isalnum())


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("congvan")
    return nlp


@pytest.fixture(scope="module")
def docs(nlp, sample, seeds):
    return [nlp(p.read_text("utf-8")) for p in [sample, *seeds[1:]]]


def test_the_factory_is_found_through_the_entry_point_without_an_import():
    code = ("import sys, spacy; nlp = spacy.blank('xx'); nlp.add_pipe('congvan'); "
            "assert 'congvan.pipeline.spacy_component' in sys.modules; "
            "doc = nlp(open(sys.argv[1], encoding='utf-8').read()); print(len(doc.spans['obligations']))")
    r = subprocess.run([sys.executable, "-c", code, str(ROOT / "corpora/sample/mau_cong_van.txt")],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == 1


def test_one_obligation_span_per_duty_over_its_evidence(docs):
    total = inline = 0
    for doc in docs:
        result = doc._.congvan
        spans = {s.kb_id_: s for s in doc.spans["obligations"]}
        assert {s.label_ for s in doc.spans["obligations"]} <= {"OBLIGATION"}
        assert set(spans) == {o["id"] for o in result["obligations"]}
        for ob in result["obligations"]:
            got, want = _letters(spans[ob["id"]].text), _letters(ob["evidence"][0]["text"])
            # the span holds the evidence's words in order, from its first to its last; where the
            # text given has a footnote inline that the normalised text moved to the end, the
            # span covers it too (the words as they stand in doc.text)
            matched = sum(b.size for b in difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks())
            assert matched == len(want) and got[:8] == want[:8] and got.endswith(want[-8:]), (ob["id"], spans[ob["id"]].text)
            inline += len(got) > len(want) + 3
            total += 1
    assert total >= 100 and inline < total // 10  # the sample and four seeds; few inline footnotes


def test_dates_are_the_issue_date_the_deadlines_and_the_other_dates(docs):
    sample = docs[0]
    by_label = {}
    for s in sample.spans["dates"]:
        by_label.setdefault(s.label_, []).append(s.text)
    assert by_label["ISSUED_DATE"] == ["Mẫu Sơn, ngày 03 tháng 6 năm 2025"]
    assert [t.rstrip(".") for t in by_label["DEADLINE"]] == ["trước ngày 15/6/2025"]
    assert "10/5/2025" in by_label["DATE"]  # the date of the cited Công văn 1131/SNV-CCHC
    for doc in docs:
        raws = {(o["id"], o["deadline"]["raw"]) for o in doc._.congvan["obligations"] if o["deadline"]}
        for s in doc.spans["dates"]:
            if s.label_ == "DEADLINE":
                assert any(k == s.kb_id_ and _letters(raw) in _letters(s.text) for k, raw in raws)


def test_units_name_the_recipients_and_the_responsible_units_whole(docs):
    from congvan.extractors.units import unit_key

    sample = docs[0]
    # span edges are token edges: the blank Vietnamese tokenizer keeps "vụ," as one token
    recipients = [s.text.rstrip(",;.") for s in sample.spans["units"] if s.label_ == "RECIPIENT"]
    assert recipients == ["Nội vụ", "Tư pháp", "Tài chính - Kế hoạch", "Văn phòng HĐND và UBND huyện",
                          "UBND các xã, thị trấn"]
    # "đề nghị các cơ quan, đơn vị": resolved to the recipients, whose words are not in the sentence
    assert not [s for s in sample.spans["units"] if s.label_ == "RESPONSIBLE"]
    named = 0
    for doc in docs[1:]:
        obligations = {o["id"]: o for o in doc._.congvan["obligations"]}
        for s in doc.spans["units"]:
            if s.label_ in ("RESPONSIBLE", "COOPERATING"):
                role = "responsible" if s.label_ == "RESPONSIBLE" else "cooperating"
                keys = {unit_key(u["name"]) for u in obligations[s.kb_id_][role]}
                assert unit_key(s.text.rstrip(",;.")) in keys, s.text
                named += 1
    assert named >= 50


def test_min_confidence_is_a_keyword_option(sample):
    nlp = spacy.blank("xx")
    nlp.add_pipe("congvan", config={"min_confidence": 1.01})
    doc = nlp(sample.read_text("utf-8"))
    assert doc._.congvan["obligations"] and len(doc.spans["obligations"]) == 0
