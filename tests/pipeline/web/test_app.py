"""The review app over HTTP (Flask's test client against a real store): login, CSRF, escaping,
corrections kept apart from the extraction, gold export, the JSON API."""
from __future__ import annotations

import json

import pytest

from congvan.pipeline.cli import main
from congvan.pipeline.store import Store

from .conftest import PASSWORD, csrf, doc_id


@pytest.mark.parametrize("method, path", [
    ("get", "/"), ("get", "/doc/1"), ("get", "/audit"), ("get", "/doc/1/page/1.png"),
])
def test_pages_need_a_login(client, method, path):
    r = getattr(client, method)(path)
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/api/documents", "/api/obligations", "/api/corrections", "/api/documents/1"])
def test_api_needs_a_login_or_token(client, path):
    assert client.get(path).status_code == 401


def test_wrong_password_is_refused(client):
    token = csrf(client.get("/login").text)
    r = client.post("/login", data={"name": "lan", "password": "wrong-password", "csrf_token": token})
    assert r.status_code == 200 and "Sai tên đăng nhập hoặc mật khẩu" in r.text
    assert client.get("/").status_code == 302


def test_passwords_are_stored_hashed(review_db):
    stored = Store(review_db).db.execute("SELECT password_hash FROM reviewers WHERE name = 'lan'").fetchone()[0]
    assert PASSWORD not in stored and stored.startswith("scrypt:")


def _edit_form(store, doc, page_html, **extra):
    return {"csrf_token": csrf(page_html), "target": "document", "field": "subject", "value": "mới", **extra}


def test_a_post_without_the_csrf_token_is_refused(logged_in, review_db):
    store = Store(review_db)
    doc = doc_id(store, "UBND-NV")
    before = store.counts()["corrections"]
    page = logged_in.get(f"/doc/{doc}").text
    form = _edit_form(store, doc, page)
    for bad in ({k: v for k, v in form.items() if k != "csrf_token"}, {**form, "csrf_token": "forged"}):
        r = logged_in.post(f"/doc/{doc}/edit", data=bad)
        assert r.status_code == 400 and "Phiên đăng nhập đã hết hoặc trang đã cũ" in r.text
    r = logged_in.post(f"/doc/{doc}/review", data={"status": "accepted"})
    assert r.status_code == 400
    assert Store(review_db).counts()["corrections"] == before
    assert Store(review_db).review_status(doc)["status"] != "accepted"


def test_a_post_without_login_is_refused(client, review_db):
    store = Store(review_db)
    doc = doc_id(store, "UBND-NV")
    token = csrf(client.get("/login").text)  # a valid token of an anonymous session
    before = store.counts()["corrections"]
    r = client.post(f"/doc/{doc}/edit", data={"csrf_token": token, "target": "document", "field": "subject",
                                              "value": "x"})
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert Store(review_db).counts()["corrections"] == before


def test_document_text_with_html_is_escaped(logged_in, review_db):
    doc = doc_id(Store(review_db), "UBND-VP")
    html = logged_in.get(f"/doc/{doc}").text
    assert "<script>alert(" not in html and "<img src=x" not in html and "<b>đậm</b>" not in html
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    queue = logged_in.get("/").text
    assert "<script>alert(" not in queue and "&lt;script&gt;" in queue


def test_responses_forbid_inline_scripts(logged_in):
    csp = logged_in.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_a_correction_is_kept_apart_and_wins(logged_in, review_db):
    store = Store(review_db)
    doc = doc_id(store, "UBND-VP")
    view = store.effective(doc)
    ob = view["result"]["obligations"][0]
    page = logged_in.get(f"/doc/{doc}").text
    r = logged_in.post(f"/doc/{doc}/edit", data={"csrf_token": csrf(page), "target": ob["id"], "field": "deadline",
                                                 "value": "25/06/2025", "relation": "no_later_than"})
    assert r.status_code == 302
    after = Store(review_db).effective(doc)
    assert after["extracted"]["obligations"][0]["deadline"]["date"]["iso"] == "2025-06-20"  # extraction untouched
    new = next(o for o in after["result"]["obligations"] if o["id"] == ob["id"])
    assert new["deadline"]["date"]["iso"] == "2025-06-25" and new["deadline"]["relation"] == "no_later_than"
    c = after["corrections"][-1]
    assert (c["author"], c["field"], c["old_value"]["date"]["iso"]) == ("lan", "deadline", "2025-06-20")
    assert "Chậm nhất 25/06/2025" in logged_in.get(f"/audit?doc={doc}").text  # in words, dd/mm/yyyy


def test_an_invalid_date_is_refused_with_a_reason(logged_in, review_db):
    store = Store(review_db)
    doc = doc_id(store, "UBND-VP")
    n = store.counts()["corrections"]
    page = logged_in.get(f"/doc/{doc}").text
    r = logged_in.post(f"/doc/{doc}/edit", data={"csrf_token": csrf(page), "target": "document",
                                                 "field": "issued_date", "value": "31/04/2025"}, follow_redirects=True)
    assert "Ngày &#39;31/04/2025&#39; không có trong lịch" in r.text
    assert Store(review_db).counts()["corrections"] == n


def test_add_and_delete_obligations(logged_in, review_db):
    store = Store(review_db)
    doc = doc_id(store, "UBND-VP")
    text = store.effective(doc)["text"]
    start = text.index("Phòng Nội vụ báo cáo")
    page = logged_in.get(f"/doc/{doc}").text
    r = logged_in.post(f"/doc/{doc}/obligations/add", data={
        "csrf_token": csrf(page), "start": start, "end": start + 40, "responsible": "Văn phòng HĐND và UBND huyện",
        "action": "tổng hợp", "deadline": "30/06/2025", "relation": "before"})
    assert r.status_code == 302
    result = Store(review_db).effective(doc)["result"]
    added = result["obligations"][-1]
    assert added["id"].startswith("ob-r-") and added["evidence"][0]["text"] == text[start:start + 40]
    assert added["deadline"]["date"]["iso"] == "2025-06-30"
    logged_in.post(f"/doc/{doc}/obligations/{added['id']}/delete", data={"csrf_token": csrf(page)})
    assert added["id"] not in {o["id"] for o in Store(review_db).effective(doc)["result"]["obligations"]}
    logged_in.post(f"/doc/{doc}/obligations/{added['id']}/delete", data={"csrf_token": csrf(page), "restore": "1"})
    assert added["id"] in {o["id"] for o in Store(review_db).effective(doc)["result"]["obligations"]}


def test_accept_moves_on_and_gold_export_has_the_accepted_document(logged_in, review_db, tmp_path, capsys):
    store = Store(review_db)
    doc = doc_id(store, "UBND-VP")
    page = logged_in.get(f"/doc/{doc}").text
    r = logged_in.post(f"/doc/{doc}/review", data={"csrf_token": csrf(page), "status": "accepted"})
    assert r.status_code == 302
    assert Store(review_db).review_status(doc)["status"] == "accepted"
    assert main(["export", "--db", str(review_db), "--format", "gold", "-o", str(tmp_path)]) == 0
    files = list(tmp_path.glob("*.json"))
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    assert [g["document"]["symbol"] for g in golds] == ["UBND-VP"]
    assert main(["validate", *map(str, files)]) == 0
    assert golds[0]["obligations"] == Store(review_db).effective(doc)["result"]["obligations"]


def test_api_with_a_token_and_a_since_cursor(client, review_db):
    token = Store(review_db).new_api_token("lan")
    h = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/documents", headers={"Authorization": "Bearer nope"}).status_code == 401
    first = client.get("/api/documents?limit=1", headers=h).json
    assert len(first["documents"]) == 1 and first["more"]
    rest = client.get(f"/api/documents?since={first['next_since']}", headers=h).json
    assert len(rest["documents"]) == 1 and rest["documents"][0]["id"] != first["documents"][0]["id"]
    assert client.get(f"/api/documents?since={rest['next_since']}", headers=h).json["documents"] == []
    obligations = client.get("/api/obligations", headers=h).json["obligations"]
    assert obligations and all("document_sha256" in o for o in obligations)
    corr = client.get("/api/corrections", headers=h).json
    again = client.get(f"/api/corrections?since={corr['next_since']}", headers=h).json
    assert again["corrections"] == []


def test_page_image_and_missing_pdf(logged_in, review_db):
    store = Store(review_db)
    pdf_doc, txt_doc = doc_id(store, "UBND-NV"), doc_id(store, "UBND-VP")
    r = logged_in.get(f"/doc/{pdf_doc}/page/1.png")
    assert r.status_code == 200 and r.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert logged_in.get(f"/doc/{pdf_doc}/page/9.png").status_code == 404
    assert logged_in.get(f"/doc/{txt_doc}/page/1.png").status_code == 404
    assert "văn bản gốc không phải PDF" in logged_in.get(f"/doc/{txt_doc}").text


def test_cli_reviewer_and_serve_help(tmp_path, capsys, monkeypatch):
    import io

    db = tmp_path / "r.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["reviewer", "add", "minh", "--db", str(db), "--password-stdin"]) == 2  # a typo makes no database
    assert not db.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["reviewer", "add", "minh", "--db", str(db), "--password-stdin", "--create"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["reviewer", "add", "hoa", "--db", str(db), "--password-stdin"]) == 2
    assert main(["reviewer", "list", "--db", str(db)]) == 0
    assert capsys.readouterr().out.split() == ["minh"]
    assert main(["reviewer", "token", "minh", "--db", str(db)]) == 0
    assert Store(db).token_owner(capsys.readouterr().out.strip()) == "minh"
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    with pytest.raises(SystemExit) as e:
        main(["serve", "--help"])
    assert e.value.code == 0 and "127.0.0.1" in capsys.readouterr().out


def test_next_document_and_queue_filters(logged_in, review_db):
    store = Store(review_db)
    a, b = doc_id(store, "UBND-NV"), doc_id(store, "UBND-VP")
    statuses = store.review_statuses()
    unreviewed = [d for d in (a, b) if statuses.get(d, "unreviewed") == "unreviewed"]
    r = logged_in.get(f"/doc/{a}/next")
    expected = [d for d in unreviewed if d != a]
    assert r.headers["Location"] == (f"/doc/{expected[0]}" if expected else "/")
    html = logged_in.get("/?unit=Tư pháp").text
    assert "215/UBND-NV" in html and "216/UBND-VP" not in html
    # the filters read the corrected values
    from congvan.pipeline.review import correct

    ob = store.effective(b)["result"]["obligations"][0]["id"]
    correct(store, b, ob, "deadline", {"value": "09/07/2025", "relation": "before"}, author="lan")
    html = logged_in.get("/?deadline_from=2025-07-08&deadline_to=2025-07-10").text
    assert "216/UBND-VP" in html and "215/UBND-NV" not in html
    assert logged_in.get("/?status=nonsense").status_code == 200  # refused with a message, not a crash
