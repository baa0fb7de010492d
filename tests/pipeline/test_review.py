"""The review logic apart from HTTP: reviewer input -> contract values, highlight geometry, the
queue order, and corrections that survive a re-extraction."""
from __future__ import annotations

import copy

import pytest

from congvan.pipeline.review import (ReviewError, boxes, correct, date_text, parse_date, parse_field, parse_units, queue,
                             segments)
from congvan.pipeline.run import extract, to_result
from congvan.pipeline.store import Store


@pytest.mark.parametrize("text, expected", [
    ("20/11/2024", (2024, 11, 20, "2024-11-20")),
    ("2024-11-20", (2024, 11, 20, "2024-11-20")),
    ("5.3.2024", (2024, 3, 5, "2024-03-05")),
    ("../02/2024", (2024, 2, None, None)),
    ("11/2024", (2024, 11, None, None)),
    ("2025", (2025, None, None, None)),
    ("", None),
])
def test_parse_date(text, expected):
    d = parse_date(text)
    assert (d if d is None else (d["year"], d["month"], d["day"], d["iso"])) == expected
    if d:
        assert parse_date(date_text(d)) == d  # what the editor shows reads back the same


@pytest.mark.parametrize("text, why", [("31/04/2025", "does not exist"), ("13/13/2025", "no month"),
                                       ("mai", "not a date"), ("20/../2025", "needs its month")])
def test_parse_date_refuses(text, why):
    with pytest.raises(ReviewError, match=why):
        parse_date(text)


def test_parse_units_keeps_what_the_extraction_had():
    old = [{"name": "Phòng Nội vụ", "raw": "Phòng Nội vụ huyện", "is_group": False}]
    got = parse_units("Phòng Nội vụ\n  Các sở,  ban, ngành ;\n\nỦy ban nhân dân các xã", old)
    assert got == [old[0], {"name": "Các sở, ban, ngành", "raw": "Các sở, ban, ngành", "is_group": True},
                   {"name": "Ủy ban nhân dân các xã", "raw": "Ủy ban nhân dân các xã", "is_group": True}]


@pytest.mark.parametrize("kind, form, expected", [
    ("deadline", {"value": "15/6/2025", "relation": "before"},
     {"date": {"year": 2025, "month": 6, "day": 15, "iso": "2025-06-15"}, "relation": "before", "raw": "15/6/2025",
      "rule": None}),
    ("deadline", {"value": "", "relation": "before"}, None),
    ("signer", {"authority": "KT.", "title": "Phó Chủ tịch", "name": " Nguyễn  Văn A "},
     {"authority": "KT.", "title": "Phó Chủ tịch", "name": "Nguyễn Văn A"}),
    ("signer", {}, None),
    ("doc_type", {"value": "ke_hoach"}, "ke_hoach"),
    ("text", {"value": "  hai   dòng\n nối "}, "hai dòng nối"),
])
def test_parse_field(kind, form, expected):
    assert parse_field(kind, form, None) == expected


@pytest.mark.parametrize("kind, form, why", [("doc_type", {"value": "thu_tay"}, "not a document type"),
                                             ("window", {"start": "10/06/2025", "end": "01/06/2025"}, "ends before"),
                                             ("deadline", {"value": "1/1/2025", "relation": "soon"}, "relation")])
def test_parse_field_refuses(kind, form, why):
    with pytest.raises(ReviewError, match=why):
        parse_field(kind, form, None)


def test_segments_cover_the_text_once_with_overlaps():
    text = "Số: 215/UBND-NV ngày 03/6/2025"
    segs = segments(text, {"a": [[5, 15]], "b": [[9, 30]], "c": [[100, 120]]})
    assert "".join(s["text"] for s in segs) == text
    assert [(s["start"], s["refs"]) for s in segs] == [(0, []), (5, ["a"]), (9, ["a", "b"]), (15, ["b"])]


def test_boxes_cut_a_line_in_proportion():
    blocks = [[0, 10, 1, 100.0, 50.0, 200.0, 60.0], [11, 21, 2, 0.0, 0.0, 50.0, 10.0], [22, 30, None]]
    assert boxes(blocks, [[5, 15]]) == [
        {"page": 1, "x0": 150.0, "x1": 200.0, "top": 50.0, "bottom": 60.0},
        {"page": 2, "x0": 0.0, "x1": 20.0, "top": 0.0, "bottom": 10.0}]


@pytest.fixture
def store(tmp_path, sample):
    s = Store(tmp_path / "r.db")
    doc = extract(sample)
    s.store_run(path=str(sample), size=1, result=to_result(doc), version="1", started_at="t", seconds=0,
                normalised_text=doc.text)
    return s


def test_corrections_survive_a_re_extraction_that_changes_obligation_ids(store, sample):
    doc_id = 1
    ob = store.effective(doc_id)["result"]["obligations"][0]
    correct(store, doc_id, ob["id"], "deadline", {"value": "20/06/2025", "relation": "before"}, author="lan")
    correct(store, doc_id, "document", "subject", {"value": "chủ đề đã sửa"}, author="lan")
    # a newer extractor that numbers obligations differently: every obligation id changes
    newer = to_result(extract(sample))
    newer["obligations"] = [dict(copy.deepcopy(o), id=o["id"] + "-v2") for o in newer["obligations"]]
    store.store_run(path=str(sample), size=1, result=newer, version="2", started_at="t", seconds=0)
    result = store.effective(doc_id)["result"]
    assert result["document"]["subject"] == "chủ đề đã sửa"
    assert result["obligations"][0]["id"] == ob["id"] + "-v2"
    assert result["obligations"][0]["deadline"]["date"]["iso"] == "2025-06-20"
    assert not [w for w in result["warnings"] if w["code"] == "correction_unanchored"]


def test_a_correction_that_finds_no_obligation_is_reported_not_dropped(store, sample):
    ob = store.effective(1)["result"]["obligations"][0]
    correct(store, 1, ob["id"], "action", {"value": "tổng hợp"}, author="lan")
    newer = to_result(extract(sample))
    for o in newer["obligations"]:
        o["id"] += "-v2"
        o["evidence"][0]["text"] = "một câu khác hẳn"
    store.store_run(path=str(sample), size=1, result=newer, version="2", started_at="t", seconds=0)
    warnings = [w for w in store.effective(1)["result"]["warnings"] if w["code"] == "correction_unanchored"]
    assert len(warnings) == 1 and ob["id"] in warnings[0]["message"]


def test_a_change_that_breaks_the_contract_is_refused(store):
    ob = store.effective(1)["result"]["obligations"][0]
    with pytest.raises(ReviewError, match="responsible"):
        correct(store, 1, ob["id"], "responsible", {"value": "  "}, author="lan")
    assert correct(store, 1, "document", "symbol", {"value": store.effective(1)["result"]["document"]["symbol"]},
                   author="lan") is None  # no change, no record
    assert store.counts()["corrections"] == 0


def test_queue_order_and_filters(store):
    rows = queue(store)
    assert [r.status for r in rows] == ["unreviewed"]
    assert queue(store, unit="nội vụ") and not queue(store, unit="Sở Y tế")
    assert queue(store, deadline_from="2025-06-01", deadline_to="2025-06-30")
    assert not queue(store, deadline_from="2025-07-01")
    store.set_review(1, "accepted", author="lan")
    assert queue(store, status="accepted") and not queue(store, status="unreviewed")
    with pytest.raises(ReviewError):
        queue(store, status="done")


def test_the_default_key_map_is_valid_and_overridable():
    from congvan.pipeline.review import keymap

    keys = keymap()
    assert keys["accept"]["keys"] == ["a"] and all(v["label"] and v["keys"] for v in keys.values())
    assert keymap({"accept": ["y"], "next_field": ["label ignored", ["l"]]})["accept"]["keys"] == ["y"]
    assert keymap({"next_field": ["label ignored", ["l"]]})["next_field"]["keys"] == ["l"]
    with pytest.raises(ReviewError, match="unknown action"):
        keymap({"launch": ["l"]})
    with pytest.raises(ReviewError, match="given to"):
        keymap({"accept": ["j"]})  # j already moves to the next field


def test_references_are_read_by_the_reference_extractor():
    from congvan.pipeline.review import parse_references

    old = [{"doc_type": "cong_van", "number": "1", "symbol": "X", "date": None, "raw": "giữ nguyên"}]
    got = parse_references("giữ nguyên\nCông văn số 983/SNV-TCBC ngày 30/6/2023 của Sở Nội vụ", old)
    assert got[0] == old[0]
    assert (got[1]["number"], got[1]["symbol"], got[1]["date"]["iso"]) == ("983", "SNV-TCBC", "2023-06-30")
    with pytest.raises(ReviewError, match="not a document reference"):
        parse_references("xem ở trên")
