"""Regenerate docs/review-document.png: the review app's document page on the bundled sample
letter (rendered as a PDF), with the obligation's deadline selected.

    .venv/bin/python docs/screenshot.py

Needs Debian's chromium and the test extras (playwright). Everything runs in a temporary folder.
"""
from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from corpora.render import render_file
    from pipeline.ingest import ingest
    from pipeline.store import Store
    from pipeline.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        render_file(ROOT / "corpora/sample/mau_cong_van.txt", inbox)
        db = Path(tmp) / "review.db"
        ingest(inbox, db)
        store = Store(db)
        store.add_reviewer("lan", "mat-khau-mau-1")
        ob = store.effective(1)["result"]["obligations"][0]["id"]
        srv = make_server("127.0.0.1", 0, create_app(db), threaded=True)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{srv.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless=new", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1500, "height": 900}, base_url=base)
            page.goto("/login")
            page.fill("input[name=name]", "lan")
            page.fill("input[name=password]", "mat-khau-mau-1")
            with page.expect_navigation():
                page.press("input[name=password]", "Enter")
            page.goto(f"/doc/1#item-{ob}.deadline")
            page.wait_for_function("document.getElementById('page-img').complete")
            out = ROOT / "docs/review-document.png"
            page.screenshot(path=str(out))
            browser.close()
        srv.shutdown()
    print(out)


if __name__ == "__main__":
    main()
