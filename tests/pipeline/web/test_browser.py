"""The review app in a real headless Chromium (Debian's, driven by Playwright): log in, open a
document, see the highlights, correct a deadline with the keyboard, accept, and find the
correction in the audit view and in the gold export."""
from __future__ import annotations

import json

import pytest

from congvan.pipeline.store import Store

from .conftest import PASSWORD, doc_id

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1500, "height": 950}, base_url=server)
    pg = ctx.new_page()
    pg.problems = []
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.goto("/login")
    pg.fill("input[name=name]", "lan")
    pg.fill("input[name=password]", PASSWORD)
    pg.press("input[name=password]", "Enter")
    pg.wait_for_url(f"{server}/")
    yield pg
    ctx.close()


def test_review_a_deadline_with_the_keyboard(page, review_db, tmp_path):
    store = Store(review_db)
    doc = doc_id(store, "UBND-NV")
    ob = store.effective(doc)["result"]["obligations"][0]
    assert ob["deadline"]["date"]["iso"] == "2025-06-15"

    page.click("text=215/UBND-NV")  # from the queue
    page.wait_for_url(f"**/doc/{doc}*")
    assert page.locator("#text .hl").count() >= 8  # number, date, subject, recipients, signer, obligation ...
    assert page.locator("#page-img").evaluate("img => img.complete && img.naturalWidth > 500")

    # walk to the obligation's deadline with j, as a reviewer would
    keys = page.locator("#fields .item").evaluate_all("els => els.map(e => e.dataset.key)")
    target = keys.index(f"{ob['id']}.deadline")
    current = keys.index(page.locator("#fields .item.selected").get_attribute("data-key"))
    for _ in range(target - current):
        page.keyboard.press("j")
    item = page.locator(f"[id='item-{ob['id']}.deadline']")
    assert "selected" in item.get_attribute("class")
    # its evidence is marked on the text and boxed on the page image
    assert "15/6/2025" in " ".join(page.locator("#text .hl.active").all_inner_texts())
    assert page.locator("#boxes .box").count() >= 1

    page.keyboard.press("e")
    field = item.locator("input[name=value]")
    assert field.evaluate("el => el === document.activeElement")
    page.keyboard.press("Control+a")
    page.keyboard.type("20/06/2025")
    page.keyboard.press("Enter")  # saved with fetch: the page does not reload
    item = page.locator(f"[id='item-{ob['id']}.deadline']")
    page.wait_for_function(f"() => document.querySelector(\"[id='item-{ob['id']}.deadline'] .value\").textContent.includes('20/06/2025')")
    assert "corrected" in item.get_attribute("class")
    assert "selected" in item.get_attribute("class")  # the page comes back on the field just edited

    with page.expect_navigation():
        page.keyboard.press("a")  # accept: the app moves on to the next document in the queue
    assert f"/doc/{doc}" not in page.url
    assert Store(review_db).review_status(doc)["status"] == "accepted"

    page.goto("/audit")
    row = page.locator("table.audit tbody tr").filter(has_text="Thời hạn").first
    assert "lan" in row.inner_text() and "20/06/2025" in row.inner_text() and "15/06/2025" in row.inner_text()

    from congvan.pipeline.export import export_gold

    written, _ = export_gold(Store(review_db), tmp_path)
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in written]
    sample = next(g for g in gold if g["document"]["symbol"] == "UBND-NV")
    assert sample["obligations"][0]["deadline"]["date"]["iso"] == "2025-06-20"
    assert page.problems == []


def test_html_in_a_letter_renders_as_text(page, review_db):
    doc = doc_id(Store(review_db), "UBND-VP")
    page.goto(f"/doc/{doc}")
    text = page.locator("#text").inner_text()
    assert "<script>alert('body')</script>" in text and "<b>đậm</b>" in text
    assert page.locator("#text script, #text img, #text b").count() == 0
    assert "<script>alert('subject')</script>" in page.locator(".docbar .subject").inner_text()
    page.wait_for_timeout(300)
    assert page.problems == []  # no alert() ran


def test_select_text_and_add_an_obligation(page, review_db):
    store = Store(review_db)
    doc = doc_id(store, "UBND-NV")
    page.goto(f"/doc/{doc}")
    n = len(store.effective(doc)["result"]["obligations"])
    text = store.effective(doc)["text"]
    start = text.index("Thực hiện Công văn")
    # select the sentence's first 40 characters with the mouse-equivalent DOM range
    page.evaluate("""([a, b]) => {
        const spans = Array.from(document.querySelectorAll('#text [data-s]'));
        const at = (o) => { const s = spans.filter(x => +x.dataset.s <= o).pop();
                            return [s.firstChild, o - +s.dataset.s]; };
        const r = document.createRange();
        r.setStart(...at(a)); r.setEnd(...at(b));
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
    }""", [start, start + 40])
    page.keyboard.press("o")
    form = page.locator("#add-form")
    assert form.is_visible()
    assert form.locator("textarea[name=description]").input_value() == " ".join(text[start:start + 40].split())
    form.locator("textarea[name=responsible]").fill("Phòng Tư pháp")
    form.locator("input[name=deadline]").fill("30/06/2025")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#add-form", state="hidden")
    result = Store(review_db).effective(doc)["result"]
    assert len(result["obligations"]) == n + 1
    added = result["obligations"][-1]
    assert added["responsible"][0]["name"] == "Phòng Tư pháp"
    assert (added["evidence"][0]["start"], added["evidence"][0]["end"]) == (start, start + 40)
    assert page.problems == []


def test_shortcuts_follow_a_configured_key_map(browser, review_db):
    """``congvan serve --keys``: accept on y instead of a; the page shows and obeys the new key."""
    from werkzeug.serving import make_server
    import threading

    from congvan.pipeline.web import create_app

    srv = make_server("127.0.0.1", 0, create_app(review_db, keys={"accept": ["y"]}), threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    ctx = browser.new_context(base_url=f"http://127.0.0.1:{srv.server_port}")
    try:
        pg = ctx.new_page()
        pg.goto("/login")
        pg.fill("input[name=name]", "lan")
        pg.fill("input[name=password]", PASSWORD)
        with pg.expect_navigation():
            pg.press("input[name=password]", "Enter")
        doc = doc_id(Store(review_db), "UBND-VP")
        pg.goto(f"/doc/{doc}")
        assert "y chấp nhận văn bản" in pg.locator("#keys").inner_text()
        pg.keyboard.press("a")  # no longer bound
        pg.wait_for_timeout(300)
        assert Store(review_db).review_status(doc)["status"] != "accepted"
        with pg.expect_navigation():
            pg.keyboard.press("y")
        assert Store(review_db).review_status(doc)["status"] == "accepted"
    finally:
        ctx.close()
        srv.shutdown()
