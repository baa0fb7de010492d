"""The store's schema rules: migrations, append-only corrections, kept runs, Datasette-ready."""
from __future__ import annotations

import json
import sqlite3

import pytest

from congvan.pipeline import extract, to_result
from congvan.pipeline.store import SCHEMA_VERSION, Store, StoreError


@pytest.fixture()
def store(tmp_path, sample):
    s = Store(tmp_path / "s.db")
    doc = extract(sample)
    s.store_run(path=str(sample), size=sample.stat().st_size, result=to_result(doc), version="0.1.0",
                started_at="2026-11-23T00:00:00+00:00", seconds=0.1, normalised_text=doc.text)
    return s


def test_new_database_is_migrated_and_in_wal_mode(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert Store(store.path).migrate() == []  # opening again applies nothing


def test_a_newer_schema_is_refused(store):
    store.db.execute("INSERT INTO schema_migrations VALUES (?, 'future', 'now')", [SCHEMA_VERSION + 1])
    store.db.conn.commit()
    with pytest.raises(StoreError, match="Upgrade congvan"):
        Store(store.path)


def test_a_version_1_database_migrates_with_its_corrections(tmp_path, sample):
    """A store written before the review app (schema 1) opens, gains the review tables, and keeps
    applying its corrections, which have no run recorded."""
    import sqlite_utils

    from congvan.pipeline.store import MIGRATIONS

    path = tmp_path / "v1.db"
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
               "applied_at TEXT NOT NULL)")
    MIGRATIONS[0][2](db)
    db.execute("INSERT INTO schema_migrations VALUES (1, 'v1', 'then')")
    result = to_result(extract(sample))
    db["documents"].insert({"id": 1, "sha256": result["source"]["sha256"], "path": str(sample), "first_seen": "then"})
    run = db["runs"].insert({"document_id": 1, "extractor_version": "0.1", "started_at": "t", "finished_at": "t",
                             "status": "ok", "result_json": json.dumps(result)}).last_pk
    db.execute("UPDATE documents SET latest_run_id = ?", [run])
    db["corrections"].insert({"document_id": 1, "target": "document", "field": "subject", "old_value": "null",
                              "new_value": json.dumps("sửa"), "author": "lan", "at": "then"})
    db.conn.commit()
    db.conn.close()
    s = Store(path)
    assert s.schema_version() == SCHEMA_VERSION and not s._pending()
    assert {"signatures", "copies"} <= set(s.db.table_names())
    assert {"layouts", "reviewers", "reviews", "api_tokens"} <= set(s.db.table_names())
    view = s.effective(1)
    assert view["result"]["document"]["subject"] == "sửa" and view["blocks"] == [] and view["review"]["status"] == "unreviewed"
    # the change log starts with the run (keeping its id as the cursor) and the correction after it
    assert s.db.execute("SELECT id, kind FROM changes ORDER BY id").fetchall() == [(run, "run"), (run + 1, "correction")]
    assert [c for c, _ in s.results(since=run)] == [run + 1]


def test_reviews_are_append_only_and_the_latest_wins(store):
    store.set_review(1, "accepted", author="lan")
    store.set_review(1, "rejected", author="minh")
    assert store.review_status(1)["status"] == "rejected" and store.review_statuses() == {1: "rejected"}
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM reviews")
    with pytest.raises(StoreError, match="unknown review status"):
        store.set_review(1, "done", author="lan")


def test_tables_have_foreign_keys_and_full_text_search(store):
    fks = {fk.other_table for fk in store.db["obligations"].foreign_keys}
    assert fks == {"runs", "documents"}
    assert store.db["texts"].detect_fts() and store.db["obligations"].detect_fts()
    hits = list(store.db["obligations"].search("cải cách"))
    assert hits and all("cải cách" in h["description"].lower() for h in hits)


def test_corrections_are_append_only_and_runs_are_kept(store):
    sha = store.db.execute("SELECT sha256 FROM documents").fetchone()[0]
    store.add_correction(sha256=sha, target="document", field="subject", old_value="a", new_value="b", author="lan")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE corrections SET new_value = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM corrections")
    with pytest.raises(sqlite3.IntegrityError, match="kept"):
        store.db.execute("DELETE FROM runs")


def test_reextraction_keeps_earlier_runs_and_every_correction(store, sample):
    sha = store.db.execute("SELECT sha256 FROM documents").fetchone()[0]
    (_, before), = store.results()
    ob = before["obligations"][0]
    store.add_correction(sha256=sha, target=ob["id"], field="deadline",
                         old_value=ob["deadline"], new_value={"date": {"year": 2025, "month": 6, "day": 20,
                                                                       "iso": "2025-06-20"},
                                                              "relation": "before", "raw": "20/6/2025", "rule": None},
                         author="lan")
    store.add_correction(sha256=sha, target="document", field="subject", old_value=before["document"]["subject"],
                         new_value="báo cáo CCHC 6 tháng", author="lan")
    # a newer extractor runs on the same document
    store.store_run(path=str(sample), size=1, result=to_result(extract(sample)), version="0.2.0",
                    started_at="2026-11-24T00:00:00+00:00", seconds=0.1)
    assert store.db["runs"].count == 2 and store.db["corrections"].count == 2
    (_, after), = store.results()
    assert after["document"]["subject"] == "báo cáo CCHC 6 tháng"
    assert next(o for o in after["obligations"] if o["id"] == ob["id"])["deadline"]["date"]["iso"] == "2025-06-20"
    # the extraction itself is untouched
    raw = store.db.execute("SELECT result_json FROM runs ORDER BY id DESC").fetchone()[0]
    assert "báo cáo CCHC 6 tháng" not in raw


def test_a_document_is_stored_whole_or_not_at_all(tmp_path, sample):
    """A failure half-way through one document leaves no trace of it: no document row, no run,
    no obligations (what a kill -9 between statements would otherwise leave behind)."""
    s = Store(tmp_path / "atomic.db")
    result = to_result(extract(sample))
    result["obligations"].append({"responsible": []})  # no id: the insert fails after the run row
    with pytest.raises(KeyError):
        s.store_run(path=str(sample), size=1, result=result, version="0.1.0",
                    started_at="2026-11-23T00:00:00+00:00", seconds=0.1)
    assert s.counts() == {"documents": 0, "runs": 0, "obligations": 0, "quarantine": 0, "corrections": 0}
    assert s.db["texts"].count == 0 and s.db["document_paths"].count == 0
