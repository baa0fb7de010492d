"""Tracker feeds from the store: every format readable by the standard tool for it."""
from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest
from openpyxl import load_workbook

from congvan.pipeline.export import FORMATS, ROW_FIELDS, export
from congvan.pipeline.ingest import ingest
from congvan.pipeline.store import Store


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
    assert ws.max_row == n_ob + 1 and ws.max_column == len(ROW_FIELDS) + 1  # + the review app link


def test_jsonl_is_the_contract_and_nd30_has_the_appendix_fields(store):
    from congvan.pipeline.contract import validate

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
    from congvan.pipeline import extract, to_result
    store.store_run(path=str(sample), size=1, result=to_result(extract(sample)), version="9.9",
                    started_at="2026-11-23T00:00:00+00:00", seconds=0.1)
    data, n, new_cursor = export(store, "jsonl", since=cursor)
    assert n == 1 and new_cursor > cursor and json.loads(data)["document"]["number"] == "215"


def test_unknown_format_is_refused(store):
    assert "ics" in FORMATS
    with pytest.raises(ValueError, match="unknown format"):
        export(store, "pdf")


# ---------------------------------------------------------------- ICS as calendars expect


def _todos(store, **kw):
    return list(icalendar.Calendar.from_ical(export(store, "ics", **kw)[0]).walk("VTODO"))


def test_ics_dtstart_due_relation_units_categories_url_alarm(store):
    import datetime as dt

    from congvan.pipeline.ics import alarm_days

    obligations = {o["id"]: o for o in _obligations(store)}
    dated = 0
    for todo in _todos(store):
        ob = obligations[str(todo["UID"]).removesuffix("@congvan")]
        attendees = todo.get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees]
        required = [str(a.params["CN"]) for a in attendees if a.params["ROLE"] == "REQ-PARTICIPANT"]
        optional = [str(a.params["CN"]) for a in attendees if a.params["ROLE"] == "OPT-PARTICIPANT"]
        assert required == [u["name"] for u in ob["responsible"]]
        assert optional == [u["name"] for u in ob["cooperating"]]
        assert all(str(a).startswith("urn:congvan:unit:") for a in attendees)
        assert ob["action"] in todo["CATEGORIES"].cats and todo["CATEGORIES"].cats[0] in ("Công văn", "Kế hoạch")
        assert str(todo["URL"]).startswith("http://127.0.0.1:8000/doc/") and str(todo["URL"]).endswith("#ob-" + ob["id"])
        due = ((ob.get("deadline") or {}).get("date") or {}).get("iso")
        if not due:
            assert "DTSTART" not in todo and "RRULE" not in todo and not todo.walk("VALARM")
            continue
        dated += 1
        start, end = todo["DTSTART"].dt, todo["DUE"].dt
        # all-day, DTSTART no later than DUE (RFC 5545 3.8.2.3); an RRULE always has its DTSTART
        assert type(start) is dt.date and type(end) is dt.date and start <= end
        if ob["recurrence"]:
            assert start == end
        word = {"before": "Trước", "no_later_than": "Chậm nhất", "on": "Ngày", "from": "Từ"}.get(
            ob["deadline"]["relation"], "Trong thời hạn")
        assert str(todo["SUMMARY"]).startswith(f"{word} {end.day}/{end.month}/{end.year} · ")
        assert todo["X-CONGVAN-DEADLINE-RELATION"] == ob["deadline"]["relation"]
        (alarm,) = todo.walk("VALARM")
        trigger = alarm["TRIGGER"].dt
        assert alarm["TRIGGER"].params["RELATED"] == "END" and trigger == -dt.timedelta(days=alarm_days(end))
        assert 3 <= alarm_days(end) <= 7  # three working days, weekends (and holidays) skipped
    assert dated >= 10


def test_alarm_skips_weekends_and_public_holidays():
    import datetime as dt

    from congvan.pipeline.ics import alarm_days

    assert alarm_days(dt.date(2025, 6, 20)) == 3   # Friday -> Tuesday
    assert alarm_days(dt.date(2025, 6, 16)) == 5   # Monday -> Wednesday before (Saturday, Sunday skipped)
    assert alarm_days(dt.date(2025, 9, 4)) == 7    # 1-2 September 2025 are holidays: Thursday -> Thursday before


def test_recurring_todos_expand_to_their_deadlines(store):
    """A recurrence expander (recurring-ical-events) turns each RRULE with its DTSTART into the
    deadlines of the following years: same day and month, one a year for a yearly rule."""
    import datetime as dt

    import recurring_ical_events

    obligations = {o["id"]: o for o in _obligations(store)}
    cal = icalendar.Calendar.from_ical(export(store, "ics")[0])
    recurring = [o for o in obligations.values() if o["recurrence"] and o["deadline"]["date"]["iso"]]
    assert len(recurring) >= 4
    for ob in recurring:
        first = dt.date.fromisoformat(ob["deadline"]["date"]["iso"])
        rule = icalendar.vRecur.from_ical(ob["recurrence"])
        hits = [t for t in recurring_ical_events.of(cal, components=["VTODO"]).between(
            first, first.replace(year=first.year + 3)) if str(t["UID"]) == f"{ob['id']}@congvan"]
        dues = sorted(t["DUE"].dt for t in hits)
        assert dues[0] == first, ob["id"]
        if rule["FREQ"] == ["YEARLY"]:
            assert [d.year for d in dues] == [first.year, first.year + 1, first.year + 2]
            assert {(d.month, d.day) for d in dues} == {(first.month, first.day)}


# ---------------------------------------------------------------- XLSX a clerk can use


def test_xlsx_dates_headers_frozen_filtered_widths_links(store):
    import datetime as dt

    from congvan.pipeline.xlsx import HEADERS

    ws = load_workbook(io.BytesIO(export(store, "xlsx")[0])).active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Số, ký hiệu văn bản", "Ngày văn bản", "Cơ quan ban hành", "Trích yếu"]
    assert all(h in HEADERS.values() for h in header) and "Hạn" in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    col = {h: i for i, h in enumerate(header)}
    due = [r[col["Hạn"]] for r in ws.iter_rows(min_row=2)]
    assert any(c.value == dt.datetime(2025, 6, 15) for c in due)  # a date cell, not the text '2025-06-15'
    assert all(c.value is None or (c.is_date and c.number_format == "DD/MM/YYYY") for c in due)
    from openpyxl.utils import get_column_letter
    widths = {h: ws.column_dimensions[get_column_letter(i + 1)].width for h, i in col.items()}
    assert widths["Nội dung nhiệm vụ"] > widths["Trang"] and widths["Nội dung nhiệm vụ"] <= 62
    for row in ws.iter_rows(min_row=2):
        letter, review = row[col["Văn bản gốc"]], row[col["Xem trong ứng dụng rà soát"]]
        assert letter.hyperlink.target.startswith("file:///") and letter.value == "Mở văn bản"
        assert review.hyperlink.target.startswith("http://127.0.0.1:8000/doc/")
    relations = {r[col["Loại hạn"]].value for r in ws.iter_rows(min_row=2)} - {None}
    assert relations and relations <= {"Trước ngày", "Chậm nhất ngày", "Vào ngày", "Từ ngày", "Trong thời hạn"}


# ---------------------------------------------------------------- ND30 metadata


def test_nd30_has_place_confidentiality_pages_and_arrival(tmp_path, sample, store):
    from congvan.corpora.render import render_file

    meta = {m["sha256"]: m for m in map(json.loads, export(store, "nd30")[0].decode().splitlines())}
    keys = {"Place", "Confidentiality", "PageAmount", "ArrivalDate", "ArrivalNumber", "Authority", "CcPlaces"}
    assert all(keys <= set(m) for m in meta.values())
    m = next(m for m in meta.values() if m["CodeNotation"] == "UBND-NV" and m["CodeNumber"] == "215")
    assert (m["Place"], m["Confidentiality"], m["Position"], m["FullName"]) == \
        ("Mẫu Sơn", "Thường", "Phó Chủ tịch", "Nguyễn Văn Mẫu")
    first_seen = store.db.execute("SELECT first_seen FROM documents WHERE sha256 = ?", [m["sha256"]]).fetchone()[0]
    assert m["ArrivalDate"] and abs((__import__("datetime").date.fromisoformat(m["ArrivalDate"])
                                     - __import__("datetime").date.fromisoformat(first_seen[:10])).days) <= 1
    # a PDF has a page count; the register's số đến is the clerk's, not the letter's
    (tmp_path / "in").mkdir()
    pdf = render_file(str(sample), str(tmp_path / "in"))
    db = tmp_path / "nd30.db"
    ingest(tmp_path / "in", db, progress=None)
    (row,) = map(json.loads, export(Store(db), "nd30")[0].decode().splitlines())
    assert row["PageAmount"] >= 1 and row["ArrivalNumber"] is None and str(pdf).endswith(".pdf")
