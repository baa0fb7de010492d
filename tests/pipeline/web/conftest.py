"""A real store for the review app: the bundled sample letter rendered as a PDF, and a letter whose
text carries HTML and a script (untrusted input), ingested by the real pipeline."""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from congvan.pipeline.ingest import ingest
from congvan.pipeline.store import Store

PASSWORD = "đúng-mật-khẩu-1"
HOSTILE = """ỦY BAN NHÂN DÂN
HUYỆN MẪU SƠN
Số: 216/UBND-VP
V/v <script>alert('subject')</script> kiểm tra <b>đậm</b>

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mẫu Sơn, ngày 04 tháng 6 năm 2025

Kính gửi: Phòng Nội vụ <img src=x onerror="alert('img')">.

Phòng Nội vụ báo cáo <script>alert('body')</script> kết quả & "số liệu" trước ngày 20/6/2025.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Mẫu
"""


@pytest.fixture(scope="module")
def review_db(tmp_path_factory, sample) -> Path:
    from congvan.corpora.render import render_file

    root = tmp_path_factory.mktemp("review")
    inbox = root / "inbox"
    inbox.mkdir()
    render_file(str(sample), str(inbox))
    (inbox / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = root / "review.db"
    assert ingest(inbox, db, progress=None).stored == 2
    Store(db).add_reviewer("lan", PASSWORD)
    return db


def doc_id(store: Store, symbol: str) -> int:
    return store.db.execute("SELECT id FROM documents WHERE symbol = ?", [symbol]).fetchone()[0]


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def client(review_db):
    from congvan.pipeline.web import create_app

    return create_app(review_db).test_client()


@pytest.fixture
def logged_in(client):
    token = csrf(client.get("/login").text)
    r = client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    return client


def _serve(db):
    """The app over ``db`` on a free localhost port in a thread, for the browser."""
    from werkzeug.serving import make_server

    from congvan.pipeline.web import create_app

    srv = make_server("127.0.0.1", 0, create_app(db), threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright (no browser download), one per test module."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[test])")
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/system-packages installs it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-extensions", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(review_db):
    """The app on a free localhost port in a thread, for the browser."""
    yield from _serve(review_db)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: browser and OCR tests; a quick run skips them with -m 'not slow'")


VIEWER_PASSWORD = "chi-xem-thoi-1"


@pytest.fixture(scope="module")
def team_db(tmp_path_factory, sample) -> Path:
    """A store for the review-day tests: the sample letter, two reporting schedules (70 and 65
    obligations), a 35-page letter; reviewers lan and minh, a viewer and an admin."""
    from congvan.corpora.render import render_file
    from congvan.corpora.schedule import long_letter, schedule_letter
    from congvan.pipeline.web.roles import set_role

    root = tmp_path_factory.mktemp("team")
    src, inbox = root / "src", root / "inbox"
    src.mkdir()
    inbox.mkdir()
    (src / "lich.txt").write_text(schedule_letter(69), encoding="utf-8")
    (src / "lich2.txt").write_text(schedule_letter(65, number=305, symbol="LICH2"), encoding="utf-8")
    (src / "dai.txt").write_text(long_letter(), encoding="utf-8")
    for f in [sample, *sorted(src.iterdir())]:
        render_file(str(f), str(inbox))
    db = root / "team.db"
    assert ingest(inbox, db, progress=None).stored == 4
    store = Store(db)
    for name in ("lan", "minh", "xem", "quan"):
        store.add_reviewer(name, VIEWER_PASSWORD if name == "xem" else PASSWORD)
    set_role(store, "xem", "viewer")
    set_role(store, "quan", "admin")
    return db


@pytest.fixture(scope="module")
def team_server(team_db):
    yield from _serve(team_db)
