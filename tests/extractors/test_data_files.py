"""The language data files are well formed: NFC, traditional tones, valid enum values."""
import json
import unicodedata
from importlib import resources

import pytest

from congvan.extractors.base import data
from congvan.pipeline.contract import schema
from congvan.pipeline.syllables import traditional_tones

FILES = ["abbreviations", "doc_types", "units", "signer", "stamps", "places", "cc", "dates", "recipients"]


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


@pytest.mark.parametrize("name", FILES)
def test_data_file_text_is_canonical(name):
    raw = resources.files("congvan.extractors").joinpath("data", f"{name}.json").read_text("utf-8")
    json.loads(raw)
    for s in _strings(data(name)):
        assert unicodedata.normalize("NFC", s) == s, s
        assert traditional_tones(s) == s, s


def test_doc_type_values_are_in_the_contract():
    allowed = set(schema()["$defs"]["doc_type"]["enum"]) - {None}
    d = data("doc_types")
    assert set(d["titles"].values()) <= allowed
    assert set(d["symbol_codes"].values()) <= allowed


def test_stamp_values_are_in_the_contract():
    props = schema()["properties"]["document"]["properties"]
    assert set(data("stamps")["urgency"].values()) <= set(props["urgency"]["enum"])
    assert set(data("stamps")["confidentiality"].values()) <= set(props["confidentiality"]["enum"])


def test_authorities_match_the_contract():
    enum = schema()["properties"]["document"]["properties"]["signer"]["properties"]["authority"]["enum"]
    assert set(data("signer")["authorities"]) == set(enum) - {None}


@pytest.mark.parametrize("name", ["titles", "heads"])
def test_lists_have_no_duplicates(name):
    values = data("signer")["titles"] if name == "titles" else data("units")["heads"]
    assert len(values) == len(set(values))


def test_obligation_vocabulary_is_consistent():
    from congvan.extractors.base import data

    d = data("obligations")
    assert set(d["reporting_actions"]) <= set(d["actions"])
    assert set(d["deadline_relations"].values()) <= {"before", "no_later_than", "on", "from", "within"}
    for name, p in d["periods"].items():
        assert p["code"] and 1 <= p["end_month"] <= 12, name
    for md in d["holidays"]["fixed"] + [x for v in d["holidays"]["by_year"].values() for x in v]:
        month, day = map(int, md.split("-"))
        assert 1 <= month <= 12 and 1 <= day <= 31, md
