"""The document page's JSON endpoints over a real store (Flask's test client): refusals with the
reason, optimistic versions, undo records of every kind, bulk accept, roles, Next inside a filter,
the board and the audit rows, and store migration 5."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from congvan.pipeline import board, review, review_actions
from congvan.pipeline.store import Store
from congvan.pipeline.web.auditview import entries

from .conftest import PASSWORD, VIEWER_PASSWORD, csrf, doc_id


def login(app, name, password=PASSWORD):
    c = app.test_client()
    c.post("/login", data={"name": name, "password": password, "csrf_token": csrf(c.get("/login").text)})
    return c, c.get("/api/session").json["csrf"]


@pytest.fixture(scope="module")
def app(team_db):
    from congvan.pipeline.web import create_app

    return create_app(team_db)


def test_refused_value_conflict_and_undo(app, team_db):
    doc = doc_id(Store(team_db), "UBND-NV")
    lan, t1 = login(app, "lan")
    minh, t2 = login(app, "minh")
    url = f"/api/documents/{doc}/fields"
    r = lan.post(url, data={"csrf_token": t1, "target": "document", "field": "issued_date", "value": "31/09/2025",
                            "version": 0})
    assert r.status_code == 422 and "không có trong lịch" in r.json["error"]
    r = lan.post(url, data={"csrf_token": t1, "target": "document", "field": "place", "value": "Xã Mẫu", "version": 0})
    assert r.status_code == 200 and r.json["undo"]["kind"] == "correction" and "Xã Mẫu" in r.json["fields_html"]
    r = minh.post(url, data={"csrf_token": t2, "target": "document", "field": "place", "value": "Khác", "version": 0})
    assert r.status_code == 409 and "lan" in r.json["error"] and r.json["conflict"]["new_value"] == "Xã Mẫu"
    assert Store(team_db).effective(doc)["result"]["document"]["place"] == "Xã Mẫu"
    cid = r.json["conflict"]["version"]
    r = lan.post(f"/api/documents/{doc}/undo", data={"csrf_token": t1, "kind": "correction", "id": cid})
    assert r.status_code == 200
    assert Store(team_db).effective(doc)["result"]["document"]["place"] == "Mẫu Sơn"
    undo = Store(team_db).corrections(document_id=doc)[-1]
    assert undo["new_value"] == "Mẫu Sơn" and undo["old_value"] == "Xã Mẫu"
    assert Store(team_db).db.execute("SELECT undoes FROM corrections WHERE id = ?", [undo["id"]]).fetchone()[0] == cid
    # undoing an older change is refused (it would drop the newer one silently)
    r = lan.post(f"/api/documents/{doc}/undo", data={"csrf_token": t1, "kind": "correction", "id": cid})
    assert r.status_code == 422 and "mới nhất" in r.json["error"]


def test_bulk_accept_delete_restore_and_review_undo(app, team_db):
    store = Store(team_db)
    doc = doc_id(store, "UBND-LICH2")
    lan, t = login(app, "lan")
    r = lan.post(f"/api/documents/{doc}/obligations/accept-above", data={"csrf_token": t, "threshold": "0.95"})
    ids = r.json["undo"]["ids"] if r.json["undo"] else []
    assert len(review_actions.accepted(Store(team_db), doc)) == len(ids)
    if ids:
        lan.post(f"/api/documents/{doc}/undo", data={"csrf_token": t, "kind": "bulk", "id": ",".join(map(str, ids))})
    assert not review_actions.accepted(Store(team_db), doc)
    ob = store.effective(doc)["result"]["obligations"][2]["id"]
    r = lan.post(f"/api/documents/{doc}/obligations/{ob}/delete", data={"csrf_token": t})
    assert f'id="card-{ob}"' in r.json["fields_html"] and "deleted" in r.json["fields_html"].split(f'id="card-{ob}"')[0][-40:]
    lan.post(f"/api/documents/{doc}/undo", data={"csrf_token": t, "kind": "correction", "id": r.json["undo"]["id"]})
    assert ob in {o["id"] for o in Store(team_db).effective(doc)["result"]["obligations"]}
    r = lan.post(f"/api/documents/{doc}/review", data={"csrf_token": t, "decision": "rejected", "version": 0})
    assert Store(team_db).review_status(doc)["status"] == "rejected"
    lan.post(f"/api/documents/{doc}/undo", data={"csrf_token": t, "kind": "review", "id": r.json["undo"]["id"]})
    assert Store(team_db).review_status(doc)["status"] == "unreviewed"
    rows = [e for e in entries(Store(team_db), "vi", doc=doc)[0] if e.kind == "review"]
    assert [e.new for e in rows[:2]] == ["Chưa duyệt", "Đã từ chối"] and rows[0].undoes


def test_a_viewer_cannot_change_anything(app, team_db):
    doc = doc_id(Store(team_db), "UBND-NV")
    xem, t = login(app, "xem", VIEWER_PASSWORD)
    for path, data in [("fields", {"target": "document", "field": "place", "value": "x"}),
                       ("review", {"decision": "accepted"}), ("obligations/accept-above", {"threshold": "0"})]:
        assert xem.post(f"/api/documents/{doc}/{path}", data={"csrf_token": t, **data}).status_code == 403
    assert xem.post(f"/doc/{doc}/review", data={"csrf_token": t, "status": "accepted"}).status_code == 403
    assert 'class="editor"' not in xem.get(f"/doc/{doc}").text


def test_next_inside_a_filter_and_the_queue_order(team_db):
    store = Store(team_db)
    lich, lich2 = doc_id(store, "UBND-LICH"), doc_id(store, "UBND-LICH2")
    assert review.next_in_queue(store, lich, unit="Quản lý đô thị") == lich2
    assert review.next_in_queue(store, lich2, unit="Quản lý đô thị") == lich
    assert {r.id for r in review.queue(store, q="rà soát thủ tục")} == {doc_id(store, "UBND-DAI")}
    rows = review.queue(store)
    assert [r.obligations > 0 for r in rows if r.status == "unreviewed"] == sorted(
        r.obligations > 0 for r in rows if r.status == "unreviewed")  # letters with none found first


def test_the_board_buckets(team_db):
    b = board.board(Store(team_db), dt.date(2025, 6, 10))
    assert b["week_end"] == dt.date(2025, 6, 15) and b["month_end"] == dt.date(2025, 6, 30)
    week = [d for items in b["buckets"]["week"].values() for d in items]
    assert week and all(d.deadline <= "2025-06-15" for d in week)
    assert all(d.deadline < "2025-06-10" for items in b["buckets"]["overdue"].values() for d in items)
    assert set(board.due_counts(Store(team_db), dt.date(2025, 6, 10))) == {"overdue", "due_soon"}


def test_migration_5_adds_roles_undo_links_and_presence(team_db):
    store = Store(team_db)
    assert store.schema_version() >= 5
    assert {"role"} <= {c.name for c in store.db["reviewers"].columns}
    assert "undoes" in {c.name for c in store.db["corrections"].columns}
    review_actions.touch(store, 1, "lan")
    assert review_actions.others_here(store, 1, "minh") == ["lan"]
    json.dumps(review_actions.versions(store, 1))


def test_audit_filters_by_letter_reviewer_and_local_date(app, team_db):
    lan, _ = login(app, "lan")
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y")
    html = lan.get(f"/audit?letter=UBND-NV&author=lan&from={today}&to={today}").text
    assert "Địa danh" in html and "giờ Việt Nam" in html
    assert "Chưa có thao tác nào" in lan.get("/audit?letter=KHONG-CO").text
    assert "Chưa có thao tác nào" in lan.get("/audit?letter=UBND-NV&to=01/01/2020").text


def test_cli_adds_an_admin(tmp_path, monkeypatch, capsys):
    import io

    from congvan.pipeline.cli import main
    from congvan.pipeline.web.roles import role_of

    db = tmp_path / "a.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-quan-tri\n"))
    assert main(["reviewer", "add", "an", "--db", str(db), "--create", "--password-stdin", "--role", "admin"]) == 0
    assert role_of(Store(db), "an") == "admin"


def test_low_ocr_confidence_comes_ahead(team_db):
    store = Store(team_db)
    dai = doc_id(store, "UBND-DAI")
    run = store.db.execute("SELECT latest_run_id FROM documents WHERE id = ?", [dai]).fetchone()[0]
    with store.db.atomic():
        wid = store.db["warnings"].insert({"run_id": run, "code": "ocr", "page": 1, "message":
                                           "text of pages 1 read by OCR (Tesseract, Vietnamese, 300 dpi), mean word "
                                           "confidence 55%; check numbers and names against the page"}).last_pk
    try:
        rows = [r for r in review.queue(store) if r.status == "unreviewed"]
        first_with_obligations = next(r for r in rows if r.obligations)
        assert first_with_obligations.id == dai and first_with_obligations.ocr_confidence == 55.0
    finally:
        with store.db.atomic():
            store.db.execute("DELETE FROM warnings WHERE id = ?", [wid])


def test_english_is_the_second_locale_and_sticks(app):
    lan, _ = login(app, "lan")
    assert "Văn bản cần duyệt" in lan.get("/").text
    assert "Documents to review" in lan.get("/?lang=en").text
    html = lan.get("/board?today=2025-06-10").text
    assert 'lang="en"' in html and "Due this week" in html
    assert "Văn bản cần duyệt" in lan.get("/?lang=vi").text
