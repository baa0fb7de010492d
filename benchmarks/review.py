"""Review app response times on a store of realistic size.

    .venv/bin/python benchmarks/review.py [--docs 1000] [--keep DIR] [--repeat 5]

Renders ``--docs`` letters (``benchmarks/ingest.py``'s inbox), ingests them with the text PDFs of
the public corpus, creates a reviewer, and prints the median time and size of the queue, a
filtered queue, two document pages, the audit view and one API page (Flask's test client, in
process: the figures are the app's own work, without a network). Then the long letters: a 35-page
letter and a 70-obligation schedule (``corpora/schedule.py``; seed 002 of ``../shared`` too where
present), their document page's first and median time, a page image's size; and, in Debian's
chromium, the key presses one full review of the 70-obligation letter takes (``--no-browser``
skips it). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", metavar="DIR", help="keep the inbox and database here and reuse them")
    ap.add_argument("--no-browser", action="store_true", help="skip the key-press count (needs chromium)")
    args = ap.parse_args()

    from ingest import build_inbox

    from congvan.pipeline.ingest import ingest
    from congvan.pipeline.store import Store
    from congvan.pipeline.web import create_app

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="congvan-review-"))
    inbox, db = folder / "inbox", folder / "review.db"
    if not inbox.exists():
        inbox.mkdir(parents=True)
        build_inbox(inbox, args.docs)
    if not db.exists():
        ingest(inbox, db, workers=2)
        public = ROOT.parent / "shared/corpora/public"
        if public.is_dir():
            ingest(public, db, workers=2, ocr=False)
        Store(db).add_reviewer("bench", "bench-password")
    client = create_app(db).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": "bench", "password": "bench-password", "csrf_token": token})
    counts = Store(db).counts()
    print(f"store: {counts['documents']} documents, {counts['obligations']} obligations ({db})")
    last = counts["documents"]
    for path in ["/", "/?unit=Nội vụ", "/doc/5", f"/doc/{last}", "/audit", "/api/documents?limit=100"]:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = client.get(path)
            times.append(time.perf_counter() - t0)
        print(f"{path:28s} HTTP {r.status_code}  median {1000 * statistics.median(times):7.1f} ms  "
              f"{len(r.data) // 1024:5d} KiB")
    long_letters(folder, args.repeat, None if args.no_browser else key_presses)
    return 0


def long_letters(folder: Path, repeat: int, keys) -> None:
    """The 35-page and 70-obligation letters in a store of their own."""
    from congvan.corpora.render import render_file
    from congvan.corpora.schedule import long_letter, schedule_letter
    from congvan.pipeline.ingest import ingest
    from congvan.pipeline.store import Store
    from congvan.pipeline.web import create_app

    inbox, db = folder / "long-inbox", folder / "long.db"
    if not db.exists():
        src = folder / "long-src"
        src.mkdir(parents=True, exist_ok=True)
        inbox.mkdir(exist_ok=True)
        (src / "dai.txt").write_text(long_letter(), encoding="utf-8")
        (src / "lich.txt").write_text(schedule_letter(69), encoding="utf-8")
        seed = ROOT.parent / "shared/corpora/seeds/002_eb43b66f398cc233.txt"
        if seed.is_file():
            (src / "seed002.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
        for f in sorted(src.iterdir()):
            render_file(str(f), str(inbox))
        ingest(inbox, db, progress=None)
        Store(db).add_reviewer("bench", "bench-password")
    store = Store(db)
    client = create_app(db).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": "bench", "password": "bench-password", "csrf_token": token})
    for doc_id, name, pages in store.db.execute("SELECT id, file_name, pages FROM documents ORDER BY id"):
        n = len(store.effective(doc_id)["result"]["obligations"])
        times = []
        for _ in range(repeat + 1):
            t0 = time.perf_counter()
            r = client.get(f"/doc/{doc_id}")
            times.append(time.perf_counter() - t0)
        img = client.get(f"/doc/{doc_id}/page/1?w=900", headers={"Accept": "image/webp"})
        jpg = client.get(f"/doc/{doc_id}/page/1?w=900")
        png = client.get(f"/doc/{doc_id}/page/1.png")
        print(f"{name:14s} {pages:3d} pages {n:3d} obligations: document page first {1000 * times[0]:6.1f} ms, "
              f"median of {repeat} after {1000 * statistics.median(times[1:]):6.1f} ms ({len(r.data) // 1024} KiB); "
              f"page 1 image WebP {len(img.data) // 1024} KiB, JPEG {len(jpg.data) // 1024} KiB, "
              f"PNG {len(png.data) // 1024} KiB")
    if keys is not None:  # on a copy, so every run starts from an unreviewed letter
        import shutil

        doc = store.db.execute("SELECT id FROM documents WHERE file_name = 'lich.pdf'").fetchone()[0]
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        fresh = folder / "keys.db"
        shutil.copyfile(db, fresh)
        Store(fresh).db.execute("DELETE FROM presence")
        keys(fresh, doc)


def key_presses(db: Path, doc: int) -> None:  # noqa: C901 - one scripted review, step by step
    """Drive one full review of the 70-obligation letter by keyboard and count the presses: every
    document field visited with j, the obligation table (t) shown to its last row (PageDown), the
    sure obligations accepted in bulk (b, at the page's default threshold), every other obligation
    reached (j) and accepted (c), and the letter accepted (a)."""
    import shutil
    import threading

    from werkzeug.serving import make_server

    from congvan.pipeline import review_actions
    from congvan.pipeline.store import Store
    from congvan.pipeline.web import create_app

    if not shutil.which("chromium"):
        print("key presses: skipped (no chromium)")
        return
    from playwright.sync_api import sync_playwright

    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    srv = make_server("127.0.0.1", 0, create_app(db), threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    presses: list[str] = []
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless=new", "--no-sandbox"])
            pg = b.new_page(viewport={"width": 1500, "height": 950}, base_url=f"http://127.0.0.1:{srv.server_port}")
            pg.goto("/login")
            pg.fill("input[name=name]", "bench")
            pg.fill("input[name=password]", "bench-password")
            with pg.expect_navigation():
                pg.press("input[name=password]", "Enter")
            pg.goto(f"/doc/{doc}")
            pg.wait_for_selector("#fields .item.selected")

            def press(key):
                presses.append(key)
                pg.keyboard.press(key)
                if key == "PageDown":
                    pg.wait_for_timeout(250)  # let the scroll finish before looking again

            n_doc = pg.locator("#fields-inner > .item").count()
            start = pg.locator("#fields-inner > .item").evaluate_all(
                "els => els.findIndex(e => e.classList.contains('selected'))")
            for _ in range(n_doc - 1 - start):
                press("j")
            press("t")
            last = pg.locator("#obtable tbody tr").last
            while not last.evaluate("r => { const a = r.getBoundingClientRect(), p = document.getElementById('fields')"
                                    ".getBoundingClientRect(); return a.bottom <= p.bottom && a.top >= p.top; }"):
                press("PageDown")
                if len(presses) > 600:
                    break
            press("b")
            pg.wait_for_timeout(1500)
            left = [r.get_attribute("data-ob") for r in pg.locator("#obtable tbody tr:not(.accepted):not(.deleted)").all()]
            for ob in left:
                rows = pg.locator("#obtable tbody tr").evaluate_all("els => els.map(e => e.dataset.ob)")
                at = rows.index(pg.locator("#obtable tbody tr.selected").get_attribute("data-ob"))
                to = rows.index(ob)
                for _ in range(abs(to - at)):
                    press("j" if to > at else "k")
                press("c")
                pg.wait_for_timeout(300)
            press("a")
            pg.wait_for_timeout(1000)
            b.close()
    finally:
        srv.shutdown()
    store = Store(db)
    total = len(store.effective(doc)["result"]["obligations"])
    done = len(review_actions.accepted(store, doc))
    print(f"key presses for one full review of a {total}-obligation letter: {len(presses)} "
          f"({', '.join(f'{k} x{presses.count(k)}' for k in sorted(set(presses)))}); {done}/{total} obligations "
          f"accepted, letter {store.review_status(doc)['status']}; was 572 presses of j to see every value")


if __name__ == "__main__":
    sys.exit(main())
