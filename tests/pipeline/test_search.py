"""Accent-insensitive search: what a clerk types without accents (``don vi``) finds what the letter
says (``đơn vị``), in the store's search and in a real Datasette over the store, which shows the
tables and columns by their Vietnamese labels."""
from __future__ import annotations

import asyncio
import json
import re
import shutil

import pytest

from congvan.pipeline.ingest import ingest
from congvan.pipeline.store import Store
from congvan.pipeline.textfold import fold


@pytest.mark.parametrize("text, folded", [
    ("đơn vị", "don vi"), ("ĐƠN VỊ", "DON VI"), ("Ủy ban nhân dân", "Uy ban nhan dan"),
    ("thủy", "thuy"), ("hoà", "hoa"), ("Quỳnh Lưu", "Quynh Luu"), ("", ""), (None, ""),
    ("ư ơ ă â ê ô", "u o a a e o"),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.fixture(scope="module")
def db(tmp_path_factory, sample, seeds):
    root = tmp_path_factory.mktemp("search")
    (root / "inbox").mkdir()
    for p in [sample, *seeds[1:]]:
        shutil.copy(p, root / "inbox" / p.name)
    path = root / "congvan.db"
    assert ingest(root / "inbox", path, progress=None).stored == len(seeds)
    return path


def _docs_containing(store: Store, words: str) -> set[int]:
    """Ground truth: the documents whose normalised text holds every word (accents and case kept)."""
    rows = store.db.execute("SELECT d.id, t.normalised_text FROM documents d JOIN texts t ON t.run_id = d.latest_run_id")
    return {i for i, text in rows if all(w in text.lower().split() or w in text.lower() for w in words.split())}


@pytest.mark.parametrize("typed, meant", [("don vi", "đơn vị"), ("cai cach hanh chinh", "cải cách hành chính"),
                                          ("đơn vị", "đơn vị"), ("DON VI", "đơn vị"), ("bao cao", "báo cáo")])
def test_store_search_ignores_accents(db, typed, meant):
    store = Store(db)
    hits = store.search(typed)
    assert hits and set(hits) == _docs_containing(store, meant)


def test_search_of_something_absent_finds_nothing(db):
    assert Store(db).search("xyzzy quetzal") == [] and Store(db).search('  " ') == []


def test_fts_on_obligations_finds_folded_descriptions(db):
    store = Store(db)
    hits = list(store.db["obligations"].search('"bao" "cao"'))
    assert hits and all({"bao", "cao"} <= set(re.findall(r"\w+", fold(h["description"]).lower())) for h in hits)
    accented = {h["pk"] for h in store.db["obligations"].search('"báo" "cáo"')}
    assert accented <= {h["pk"] for h in hits}


def test_migration_folds_a_store_written_before_it(tmp_path, sample):
    """A store at schema 2 (texts without the folded column) gains it, filled, and finds `don vi`."""
    import sqlite_utils

    from congvan.pipeline.run import extract, to_result
    from congvan.pipeline.store import MIGRATIONS

    path = tmp_path / "v2.db"
    db2 = sqlite_utils.Database(path)
    db2.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                "applied_at TEXT NOT NULL)")
    for version, _, fn in MIGRATIONS[:2]:
        fn(db2)
        db2.execute("INSERT INTO schema_migrations VALUES (?, 'old', 'then')", [version])
    doc = extract(sample)
    result = to_result(doc)
    db2["documents"].insert({"id": 1, "sha256": result["source"]["sha256"], "path": str(sample), "first_seen": "then"})
    run = db2["runs"].insert({"document_id": 1, "extractor_version": "0.1", "started_at": "t", "finished_at": "t",
                              "status": "ok", "result_json": json.dumps(result)}).last_pk
    db2["texts"].insert({"run_id": run, "document_id": 1, "original_text": "", "normalised_text": doc.text})
    db2.execute("UPDATE documents SET latest_run_id = ?", [run])
    db2.conn.commit()
    db2.conn.close()
    assert Store(path).search("don vi") == [1]


def test_datasette_finds_don_vi_and_speaks_vietnamese(db, tmp_path):
    datasette = pytest.importorskip("datasette.app", reason="datasette is not installed (pip install datasette)")
    from congvan.pipeline.cli import main

    meta = tmp_path / "metadata.json"
    assert main(["datasette-metadata", "--db", str(db), "-o", str(meta)]) == 0
    ds = datasette.Datasette(files=[str(db)], metadata=json.loads(meta.read_text("utf-8")))
    store = Store(db)

    async def get(path):
        r = await ds.client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        return r

    async def run():
        rows = (await get("/congvan/texts.json?_search=don+vi&_shape=objects&_col=document_id")).json()["rows"]
        accented = (await get("/congvan/texts.json?_search=%C4%91%C6%A1n+v%E1%BB%8B&_shape=objects"
                              "&_col=document_id")).json()["rows"]
        page = (await get("/congvan/obligations")).text
        home = (await get("/congvan")).text
        return rows, accented, page, home

    rows, accented, page, home = asyncio.run(run())
    latest = {r[0] for r in store.db.execute("SELECT document_id FROM texts")}
    want = _docs_containing(store, "đơn vị")
    assert want and {r["document_id"] for r in rows} == want == {r["document_id"] for r in accented} & latest
    assert "Nhiệm vụ" in page and "Đơn vị chủ trì" in page and "Nội dung nhiệm vụ" in page
    assert "Văn bản đến và nhiệm vụ" in home and "app_secrets" not in home


def test_datasette_labels_name_real_tables_and_columns(db):
    from congvan.pipeline.datasette import labels

    store = Store(db)
    data = labels()
    names = set(store.db.table_names()) | set(store.db.view_names())
    for table, (_, _, columns) in data["tables"].items():
        assert table in names, table
        assert set(columns) == {c.name for c in store.db[table].columns}, table
    assert set(data["hidden"]) <= names
    # every table and view a clerk can see is labelled
    visible = {n for n in names if "_fts" not in n} - set(data["hidden"])
    assert visible == set(data["tables"])


@pytest.mark.parametrize("typed, meant", [("don vi", "đơn vị"), ("cai cach hanh chinh", "cải cách hành chính")])
def test_review_queue_search_ignores_accents(db, typed, meant):
    # the review app's queue box (review.queue(q=...)) finds the same letters as the accented words
    from congvan.pipeline import review

    store = Store(db)
    found = {row.id for row in review.queue(store, q=typed)}
    assert found and found == {row.id for row in review.queue(store, q=meant)} == _docs_containing(store, meant)
