"""A tracker fed incrementally (export --since, /api/documents?since=, the ICS feed) sees every
change a reviewer makes: a correction, its undo and a review decision each deliver the document
again, with the value then in effect."""
from __future__ import annotations

import json

import icalendar
import pytest

from congvan.pipeline.export import export
from congvan.pipeline.ingest import ingest
from congvan.pipeline.review import correct
from congvan.pipeline.store import Store


@pytest.fixture
def feed_db(tmp_path, sample, seeds):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in [sample, seeds[-1]]:
        (inbox / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "feed.db"
    assert ingest(inbox, db, progress=None).stored == 2
    store = Store(db)
    store.add_reviewer("lan", "mật-khẩu-dài")
    return store


def _sample_id(store: Store) -> int:
    return store.db.execute("SELECT id FROM documents WHERE file_name = 'mau_cong_van.txt'").fetchone()[0]


class Tracker:
    """Keeps the last delivered copy of each document, as a tracker fed by a cursor would."""

    def __init__(self, pull):
        self.pull, self.cursor, self.docs, self.deliveries = pull, 0, {}, []

    def sync(self) -> list[str]:
        results, self.cursor = self.pull(self.cursor)
        got = []
        for r in results:
            self.docs[r["source"]["sha256"]] = r
            got.append(r["source"]["path"].rsplit("/", 1)[-1])
        self.deliveries.append(got)
        return got


def _export_pull(store):
    def pull(cursor):
        data, _, new = export(store, "jsonl", since=cursor)
        return [json.loads(x) for x in data.decode("utf-8").splitlines()], new
    return pull


def _api_pull(store):
    from congvan.pipeline.web import create_app

    client = create_app(store.path).test_client()
    headers = {"Authorization": f"Bearer {store.new_api_token('lan')}"}

    def pull(cursor):
        out = []
        while True:  # pages of one document, to walk the cursor as a tracker does
            page = client.get(f"/api/documents?since={cursor}&limit=1", headers=headers).json
            out += [d["result"] for d in page["documents"]]
            cursor = page["next_since"]
            if not page["more"]:
                return out, cursor
    return pull


@pytest.mark.parametrize("make_pull", [_export_pull, _api_pull], ids=["export", "api"])
def test_a_tracker_follows_a_correction_its_undo_and_a_review(feed_db, make_pull, seeds):
    store = feed_db
    tracker = Tracker(make_pull(store))
    first = tracker.sync()
    assert sorted(first) == sorted(["mau_cong_van.txt", seeds[-1].name])
    assert tracker.sync() == []  # nothing changed: nothing delivered
    doc = _sample_id(store)
    sha = store.document_row(doc)["sha256"]
    ob = store.effective(doc)["result"]["obligations"][0]
    old = ob["deadline"]
    correct(store, doc, ob["id"], "deadline", {"value": "20/7/2025", "relation": "no_later_than"}, author="lan")
    assert tracker.sync() == ["mau_cong_van.txt"]
    got = next(o for o in tracker.docs[sha]["obligations"] if o["id"] == ob["id"])
    assert got["deadline"]["date"]["iso"] == "2025-07-20" and got["deadline"]["relation"] == "no_later_than"
    assert tracker.sync() == []
    # the undo is a correction back to the extracted value: delivered too, the tracker is right again
    correct(store, doc, ob["id"], "deadline",
            {"value": old["date"]["iso"], "relation": old["relation"]}, author="lan")
    assert tracker.sync() == ["mau_cong_van.txt"]
    got = next(o for o in tracker.docs[sha]["obligations"] if o["id"] == ob["id"])
    assert got["deadline"]["date"] == old["date"] and got["deadline"]["relation"] == old["relation"]
    store.set_review(doc, "accepted", author="lan")
    assert tracker.sync() == ["mau_cong_van.txt"]
    assert tracker.sync() == []


def test_the_ics_feed_redelivers_a_corrected_obligation(feed_db):
    store = feed_db
    _, _, cursor = export(store, "ics")
    assert export(store, "ics", since=cursor)[1] == 0
    doc = _sample_id(store)
    ob = store.effective(doc)["result"]["obligations"][0]
    correct(store, doc, ob["id"], "deadline", {"value": "20/7/2025", "relation": "before"}, author="lan")
    data, n, new = export(store, "ics", since=cursor)
    assert n == 1 and new > cursor
    todo = next(t for t in icalendar.Calendar.from_ical(data).walk("VTODO") if str(t["UID"]).startswith(ob["id"]))
    assert todo["DUE"].dt.isoformat() == "2025-07-20" and str(todo["SUMMARY"]).startswith("Trước 20/7/2025")


def test_a_re_extraction_is_delivered_again(feed_db, sample):
    from congvan.pipeline import extract, to_result

    store = feed_db
    cursor = store.cursor()
    store.store_run(path=str(sample), size=1, result=to_result(extract(sample)), version="9.9",
                    started_at="2026-11-23T00:00:00+00:00", seconds=0.1)
    assert [r["source"]["path"] for _, r in store.results(since=cursor)] == [str(sample)]
