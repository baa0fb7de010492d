"""Tracker feeds from the store: every format readable by the standard tool for it."""
from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest
from openpyxl import load_workbook

from pipeline.export import FORMATS, ROW_FIELDS, export
from pipeline.ingest import ingest
from pipeline.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory, seeds, sample):
    inbox = tmp_path_factory.mktemp("exp")
    for p in [sample, *seeds]:
        (inbox / p.name).write_bytes(p.read_bytes())
    db = inbox.parent / "exp.db"
    assert ingest(inbox, db).stored == len(seeds) + 1
    return Store(db)


def _obligations(store) -> list[dict]:
    return [o for _, r in store.results() for o in r["obligations"]]


def test_ics_parses_and_round_trips_due_and_rrule(store):
    data, n, _ = export(store, "ics")
    cal = icalendar.Calendar.from_ical(data)
    todos = list(cal.walk("VTODO"))
    obligations = {o["id"]: o for o in _obligations(store)}
    assert len(todos) == len(obligations) and n == 6
    recurring = 0
    for todo in todos:
        ob = obligations[str(todo["UID"]).removesuffix("@congvan")]
        due = ((ob.get("deadline") or {}).get("date") or {}).get("iso")
        assert (todo["DUE"].dt.isoformat() if "DUE" in todo else None) == due
        assert todo["STATUS"] == "NEEDS-ACTION" and "DTSTAMP" in todo
        if ob["recurrence"] and due:
            recurring += 1
            parsed = icalendar.vRecur.from_ical(ob["recurrence"])
            assert todo["RRULE"] == parsed  # same rule, whatever the part order
        assert ob["evidence"][0]["text"][:30].replace("\n", " ") in str(todo["DESCRIPTION"]).replace("\n", " ")
    assert recurring >= 4  # the Tân Kỳ and Cao Bằng schedules


def test_ics_uids_are_stable_between_exports(store):
    a = [t["UID"] for t in icalendar.Calendar.from_ical(export(store, "ics")[0]).walk("VTODO")]
    b = [t["UID"] for t in icalendar.Calendar.from_ical(export(store, "ics")[0]).walk("VTODO")]
    assert a == b and len(set(a)) == len(a)


def test_csv_and_xlsx_have_one_row_per_obligation(store):
    n_ob = len(_obligations(store))
    rows = list(csv.DictReader(io.StringIO(export(store, "csv")[0].decode("utf-8-sig"))))
    assert len(rows) == n_ob and list(rows[0]) == ROW_FIELDS
    assert any(r["document"] == "215/UBND-NV" and r["deadline"] == "2025-06-15" for r in rows)
    ws = load_workbook(io.BytesIO(export(store, "xlsx")[0])).active
    assert ws.max_row == n_ob + 1 and [c.value for c in ws[1]] == ROW_FIELDS


def test_jsonl_is_the_contract_and_nd30_has_the_appendix_fields(store):
    from pipeline.contract import validate

    lines = export(store, "jsonl")[0].decode().splitlines()
    assert len(lines) == 6 and all(validate(json.loads(x)) == [] for x in lines)
    meta = [json.loads(x) for x in export(store, "nd30")[0].decode().splitlines()]
    keys = {"CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject", "TypeName", "Position",
            "FullName", "Priority", "ToPlaces", "DueDate"}
    assert all(keys <= set(m) for m in meta)
    m = next(m for m in meta if m["CodeNotation"] == "UBND-NV" and m["CodeNumber"] == "215")
    assert (m["IssuedDate"], m["TypeName"], m["DueDate"], m["Priority"]) == ("2025-06-03", "Công văn", "2025-06-15", "Thường")


def test_since_cursor_gives_only_what_changed(store, sample):
    _, n, cursor = export(store, "jsonl")
    assert n == 6
    assert export(store, "jsonl", since=cursor)[1] == 0
    from pipeline import extract, to_result
    store.store_run(path=str(sample), size=1, result=to_result(extract(sample)), version="9.9",
                    started_at="2026-11-23T00:00:00+00:00", seconds=0.1)
    data, n, new_cursor = export(store, "jsonl", since=cursor)
    assert n == 1 and new_cursor > cursor and json.loads(data)["document"]["number"] == "215"


def test_unknown_format_is_refused(store):
    assert "ics" in FORMATS
    with pytest.raises(ValueError, match="unknown format"):
        export(store, "pdf")
