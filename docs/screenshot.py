"""Regenerate the review app's screenshots in docs/: the document page (a reporting schedule with
an obligation's deadline selected), the due-date board and the audit view.

    .venv/bin/python docs/screenshot.py

Needs Debian's chromium and the test extras (playwright). Everything runs in a temporary folder:
the bundled sample letter and a 70-obligation schedule (corpora/schedule.py) rendered as PDFs,
ingested, with a few corrections and decisions made through the app so the audit has rows.
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

    from congvan.corpora.render import render_file
    from congvan.corpora.schedule import schedule_letter
    from congvan.pipeline.ingest import ingest
    from congvan.pipeline.store import Store
    from congvan.pipeline.web import create_app

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        inbox, src = Path(tmp) / "inbox", Path(tmp) / "src"
        inbox.mkdir()
        src.mkdir()
        (src / "lich_bao_cao.txt").write_text(schedule_letter(69), encoding="utf-8")
        render_file(ROOT / "corpora/sample/mau_cong_van.txt", inbox)
        render_file(src / "lich_bao_cao.txt", inbox)
        db = Path(tmp) / "review.db"
        ingest(inbox, db, progress=None)
        store = Store(db)
        store.add_reviewer("lan", "mat-khau-mau-1")
        doc = store.db.execute("SELECT id FROM documents WHERE symbol = 'UBND-LICH'").fetchone()[0]
        obs = store.effective(doc)["result"]["obligations"]
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
            # a few decisions, made the way a reviewer makes them, for the audit view
            page.goto(f"/doc/{doc}#item-{obs[1]['id']}.deadline")
            page.wait_for_selector("#fields .item.selected")
            page.keyboard.press("e")
            page.keyboard.press("Control+a")
            page.keyboard.type("16/06/2025")
            page.keyboard.press("Enter")
            page.wait_for_timeout(600)
            page.keyboard.press("c")
            page.wait_for_timeout(600)
            page.goto(f"/doc/{doc}?v=1#item-{obs[0]['id']}.deadline")
            page.wait_for_selector("#fields .item.selected")
            page.keyboard.press("c")
            page.wait_for_timeout(600)
            page.goto(f"/doc/{doc}?v=2#item-{obs[2]['id']}.deadline")
            page.wait_for_function("() => document.getElementById('page-img').complete")
            page.wait_for_timeout(500)
            page.evaluate("() => { document.getElementById('toast').hidden = true; }")
            out.append(ROOT / "docs/review-document.png")
            page.screenshot(path=str(out[-1]))
            page.goto("/board?today=2025-06-10")
            out.append(ROOT / "docs/review-board.png")
            page.screenshot(path=str(out[-1]))
            page.goto("/audit")
            out.append(ROOT / "docs/review-audit.png")
            page.screenshot(path=str(out[-1]))
            browser.close()
        srv.shutdown()
    print("\n".join(map(str, out)))


if __name__ == "__main__":
    main()
