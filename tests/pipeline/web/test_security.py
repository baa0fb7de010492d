"""Sessions nobody can forge (issue 18), against the real store and the real app: the old key
location, server-side sessions (logout, password change), token expiry and revocation, the login
rate limit, Secure cookies, the open redirect, bounded integers, private files, page images."""
from __future__ import annotations

import io
import os
import stat
import time

import pytest
from flask.sessions import SecureCookieSessionInterface

from congvan.pipeline.cli import main
from congvan.pipeline.store import MIGRATIONS, Store
from congvan.pipeline.web import create_app
from congvan.pipeline.web.security import LoginLimiter, page_scale, safe_next

from .conftest import PASSWORD, csrf, doc_id


def _login(client, name="lan", password=PASSWORD, **extra):
    token = csrf(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, **extra})


def _signed(key: str, data: dict) -> str:
    """A session cookie signed the way Flask signs it, with ``key``."""
    from flask import Flask

    app = Flask("forger")
    app.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(app).dumps(data)


def test_a_cookie_signed_with_the_key_from_the_old_location_is_refused(tmp_path, sample):
    """Before: the key sat in app_secrets, readable by anyone who could read the database."""
    import secrets

    import sqlite_utils

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)  # a store as the previous release wrote it: migrations 1 and 2
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
               "applied_at TEXT NOT NULL)")
    for version, _, fn in MIGRATIONS[:2]:
        fn(db)
        db.execute("INSERT INTO schema_migrations VALUES (?, 'old', 'then')", [version])
    old_key = secrets.token_hex(32)
    db.execute("INSERT INTO app_secrets VALUES ('session_key', ?)", [old_key])
    db.conn.commit()
    db.conn.close()
    Store(path).add_reviewer("lan", PASSWORD)  # opening it migrates: the key leaves the database
    assert Store(path).db.execute("SELECT count(*) FROM app_secrets WHERE name = 'session_key'").fetchone() == (0,)
    client = create_app(path).test_client()
    key_file = tmp_path / "old.db.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    for key in (old_key, key_file.read_text().strip()):  # the stolen old key, and even the right one
        client.set_cookie("session", _signed(key, {"reviewer": "lan", "csrf": "x", "_permanent": True}))
        r = client.get("/")
        assert r.status_code == 302 and r.headers["Location"].startswith("/login"), key
        r = client.post("/doc/1/review", data={"status": "accepted", "csrf_token": "x"})
        assert r.status_code in (302, 400) and Store(path).db.execute("SELECT count(*) FROM reviews").fetchone() == (0,)


def test_logout_ends_the_session_and_a_replayed_cookie_fails(client):
    assert _login(client).status_code == 302
    assert client.get("/").status_code == 200
    cookie = client.get_cookie("session").value
    page = client.get("/").text
    client.post("/logout", data={"csrf_token": csrf(page)})
    client.set_cookie("session", cookie)  # the copy an attacker kept
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def test_a_password_change_ends_every_session(client, review_db):
    assert _login(client).status_code == 302 and client.get("/").status_code == 200
    store = Store(review_db)
    assert store.set_password("lan", "mật-khẩu-mới-2") >= 1
    assert client.get("/").status_code == 302
    assert _login(client).status_code == 200  # the old password is gone
    assert _login(client, password="mật-khẩu-mới-2").status_code == 302
    store.set_password("lan", PASSWORD)


def test_api_tokens_expire_and_can_be_revoked(client, review_db, capsys):
    store = Store(review_db)
    short = store.new_api_token("lan", days=1 / 86400)  # one second
    good = store.new_api_token("lan")
    auth = lambda t: {"Authorization": f"Bearer {t}"}  # noqa: E731
    assert client.get("/api/documents", headers=auth(good)).status_code == 200
    time.sleep(1.2)
    assert client.get("/api/documents", headers=auth(short)).status_code == 401
    assert main(["reviewer", "revoke", "lan", "--db", str(review_db)]) == 0
    assert "revoked" in capsys.readouterr().err
    assert client.get("/api/documents", headers=auth(good)).status_code == 401
    assert main(["reviewer", "token", "lan", "--db", str(review_db), "--days", "7"]) == 0
    fresh = capsys.readouterr().out.strip()
    assert client.get("/api/documents", headers=auth(fresh)).status_code == 200


@pytest.mark.parametrize("nxt, goes_to", [
    ("/%09/evil.example", "/"), ("/\t/evil.example", "/"), ("//evil.example", "/"), ("/\\evil.example", "/"),
    ("https://evil.example/", "/"), ("/ /evil.example", "/"), ("javascript:alert(1)", "/"), ("/\n/evil", "/"),
    ("/audit?doc=1", "/audit?doc=1"),
])
def test_next_after_login_stays_on_this_site(client, nxt, goes_to):
    r = _login(client, next=nxt)
    assert r.status_code == 302 and r.headers["Location"] == goes_to


@pytest.mark.parametrize("value, ok", [
    ("/doc/3", True), ("/doc/3?x=1#item-a.b", True), ("/", True), ("//x", False), ("/%09/x", False), ("/%2F/x", False),
    ("/\x09/x", False), ("/\\x", False), ("x", False), ("", False), (None, False), ("http://x/", False),
])
def test_safe_next_table(value, ok):
    assert (safe_next(value) is not None and safe_next(value) == value) is ok


def test_too_many_failed_logins_lock_the_name_even_for_the_right_password(client):
    for _ in range(5):
        assert _login(client, password="sai-mật-khẩu").status_code == 200
    r = _login(client)
    assert r.status_code == 429 and "Đăng nhập sai quá nhiều lần" in r.text  # the interface speaks Vietnamese
    assert client.get("/").status_code == 302


def test_the_limit_per_address_counts_every_name():
    limiter = LoginLimiter(per_name=5, per_address=20, window=60)
    for i in range(20):
        limiter.failed(f"name{i}", "10.0.0.9")
    assert limiter.wait("someone-else", "10.0.0.9") > 0
    assert limiter.wait("someone-else", "10.0.0.10") == 0
    assert limiter.wait("name1", "10.0.0.10") == 0  # one failure for that name, from its own address


def test_cookies_are_secure_off_localhost(client):
    token = csrf(client.get("/login", base_url="http://review.example.org").text)
    r = client.post("/login", base_url="http://review.example.org",
                    data={"name": "lan", "password": PASSWORD, "csrf_token": token})
    assert "Secure" in r.headers["Set-Cookie"]
    r = _login(client)
    assert "Secure" not in r.headers["Set-Cookie"]


@pytest.mark.parametrize("path, code", [
    ("/doc/99999999999999999999999999", 404), ("/doc/9223372036854775807", 404),
    ("/api/documents?since=99999999999999999999999", 400), ("/api/documents?limit=99999999999999999999999", 200),
    ("/api/corrections?since=-99999999999999999999999", 400), ("/audit?doc=99999999999999999999999", 400),
])
def test_huge_integers_are_a_clear_error_not_a_500(logged_in, path, code):
    assert logged_in.get(path).status_code == code


def test_database_and_key_files_are_private(review_db):
    create_app(review_db)
    for p in (review_db, review_db.parent / (review_db.name + "-wal"), review_db.parent / (review_db.name + ".key")):
        if p.exists():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p


def test_a_world_readable_database_is_made_private(tmp_path):
    p = tmp_path / "open.db"
    p.touch()
    os.chmod(p, 0o644)
    Store(p)
    assert stat.S_IMODE(p.stat().st_mode) == 0o600


def test_page_images_have_bounded_pixels(tmp_path):
    """A 14,400-point page (the PDF maximum) as the review app shows it: bounded, not 28,800 px."""
    from fpdf import FPDF
    from PIL import Image

    from congvan.corpora.render import FONTS
    from congvan.pipeline.ingest import ingest

    inbox = tmp_path / "in"
    inbox.mkdir()
    pdf = FPDF(unit="pt", format=(14400, 14400))
    pdf.add_font("Serif", "", str(FONTS / "LiberationSerif-Regular.ttf"))
    pdf.set_font("Serif", size=200)
    pdf.add_page()
    for k in range(6):
        pdf.text(500, 1000 + 800 * k, "Ủy ban nhân dân huyện Mẫu Sơn báo cáo kết quả trước ngày 20/6/2025.")
    pdf.output(str(inbox / "trang lớn.pdf"))
    db = tmp_path / "big.db"
    assert ingest(inbox, db, ocr=False).stored == 1
    Store(db).add_reviewer("lan", PASSWORD)
    client = create_app(db).test_client()
    assert _login(client).status_code == 302
    r = client.get("/doc/1/page/1.png")
    assert r.status_code == 200
    w, h = Image.open(io.BytesIO(r.data)).size
    assert max(w, h) <= 2400 and w * h <= 4_000_000
    assert page_scale(595, 842, 2.0) == 2.0  # A4 keeps its 144 dpi


def test_a_save_while_another_process_holds_the_write_lock_is_a_clear_try_again(client, review_db, monkeypatch):
    """Past the busy timeout the reviewer gets 503 "try again" (nothing half-saved), never a 500;
    once the lock is gone the same save lands."""
    import sqlite3

    from congvan.pipeline import shared_db

    assert _login(client).status_code == 302
    doc = doc_id(Store(review_db), "UBND-NV")
    page = client.get(f"/doc/{doc}").text
    form = {"csrf_token": csrf(page), "target": "document", "field": "subject", "value": "trong lúc khóa"}
    before = Store(review_db).counts()["corrections"]
    monkeypatch.setattr(shared_db, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(shared_db, "BEGIN_ATTEMPTS", 2)
    holder = sqlite3.connect(review_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer (an ingest) holding the lock
    try:
        r = client.post(f"/doc/{doc}/edit", data=form)
        assert r.status_code == 503 and "try again" in r.text and r.headers["Retry-After"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Store(review_db).counts()["corrections"] == before
    assert client.post(f"/doc/{doc}/edit", data=form).status_code == 302
    assert Store(review_db).counts()["corrections"] == before + 1
