"""A clerk's working day in a real headless Chromium (Debian's, through Playwright): leafing through
pages with a value selected, Tab + Enter on every button, a refused value kept in its editor, an
ended session that asks for the password and replays the save, undo of every kind, Next inside a
filter, two reviewers on one value, bulk accept, the due-date board, Vietnamese on every page and
axe-core with no serious violation."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from congvan.pipeline import review_actions
from congvan.pipeline.calibration import calibrated
from congvan.pipeline.store import Store

from .conftest import PASSWORD, VIEWER_PASSWORD, doc_id

pytestmark = pytest.mark.slow
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def open_as(browser, server, name, password=PASSWORD, **kw):
    ctx = browser.new_context(viewport={"width": 1500, "height": 950}, base_url=server, **kw)
    pg = ctx.new_page()
    pg.problems = []
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.goto("/login")
    pg.fill("input[name=name]", name)
    pg.fill("input[name=password]", password)
    with pg.expect_navigation():
        pg.press("input[name=password]", "Enter")
    return ctx, pg


@pytest.fixture
def page(browser, team_server):
    ctx, pg = open_as(browser, team_server, "lan")
    yield pg
    assert pg.problems == []
    ctx.close()


def symbol_id(db, symbol):
    return doc_id(Store(db), symbol)


def goto_doc(pg, doc, hash_=""):
    pg.goto(f"/doc/{doc}{hash_}")
    pg.wait_for_selector("#fields .item.selected")


def select_key(pg, key):
    pg.locator(f"[id='item-{key}']").click()
    assert "selected" in pg.locator(f"[id='item-{key}']").get_attribute("class")


def wait_idle(pg):
    pg.wait_for_load_state("networkidle")


# ------------------------------------------------------------------ pages and keys


def test_leaf_through_pages_while_a_field_is_selected(page, team_db):
    doc = symbol_id(team_db, "UBND-DAI")
    goto_doc(page, doc)
    selected = page.locator("#fields .item.selected").get_attribute("data-key")
    assert page.locator(".pagenav button[data-page]").count() >= 35
    page.click(".pagenav button[data-page='5']")
    page.wait_for_timeout(300)
    assert "/page/5?" in page.locator("#page-img").get_attribute("src")
    assert page.locator("#fields .item.selected").get_attribute("data-key") == selected  # selection kept
    page.locator("#text").click(position={"x": 5, "y": 5})  # focus off the button, then page keys
    page.keyboard.press("]")
    page.wait_for_timeout(200)
    assert "/page/6?" in page.locator("#page-img").get_attribute("src")  # stays where the reviewer put it
    page.keyboard.press("+")
    assert page.locator("#zoom-level").inner_text() == "125 %"
    page.reload()
    page.wait_for_selector("#fields .item.selected")
    assert page.locator("#zoom-level").inner_text() == "125 %"  # zoom stays too
    assert page.locator("#page-img").evaluate("img => img.complete && img.naturalWidth > 300")
    r = page.request.get(f"/doc/{doc}/page/1?w=900", headers={"Accept": "image/webp,*/*"})
    assert r.headers["content-type"] == "image/webp" and len(r.body()) < 300_000
    page.evaluate("localStorage.clear()")


def test_tab_and_enter_press_buttons_and_shortcuts_wait(page, team_db):
    doc = symbol_id(team_db, "UBND-LICH")
    goto_doc(page, doc)
    store = Store(team_db)
    first = store.effective(doc)["result"]["obligations"][0]["id"]
    accept = page.locator(f"#card-{first} [data-action=accept-ob]")
    accept.focus()
    page.keyboard.press("Enter")  # presses the button; no editor opens
    page.wait_for_selector(f"#card-{first}.accepted")
    assert page.locator("form.editor:not([hidden])").count() == 0
    assert first in review_actions.accepted(store, doc)
    # shortcuts do nothing while a button has focus
    page.locator(".pagenav button[data-page='1']").focus()
    for key in ("a", "x", "r"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert store.review_status(doc)["status"] == "unreviewed"
    assert page.locator("#confirm").is_hidden()
    # Tab from the page buttons reaches the next button and Enter presses it
    page.locator(".pagenav button[data-action=prev-page]").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.locator(".pagenav button.on").get_attribute("data-page") == "1"
    page.locator("[data-action=view-table]").focus()
    page.keyboard.press("Enter")
    assert page.locator("#obtable").is_visible() and page.locator("#cards").is_hidden()
    page.locator("[data-action=view-cards]").focus()
    page.keyboard.press("Enter")
    assert page.locator("#cards").is_visible()
    # Delete asks in the page (its "Xóa" has the focus, Enter confirms); Restore brings it back
    second = Store(team_db).effective(doc)["result"]["obligations"][1]["id"]
    page.locator(f"#card-{second} [data-action=delete-ob]").focus()
    page.keyboard.press("Enter")
    assert page.locator("#confirm").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#card-{second}.deleted")
    page.locator(f"#card-{second} [data-action=restore]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#card-{second}:not(.deleted)")
    assert second in {o["id"] for o in Store(team_db).effective(doc)["result"]["obligations"]}
    # the undo button (it undoes the restore: the card is deleted again), Restore once more
    page.locator("#undo").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#card-{second}.deleted")
    page.locator(f"#card-{second} [data-action=restore]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#card-{second}:not(.deleted)")
    # the accepted card's button now un-accepts
    page.locator(f"#card-{first} [data-action=accept-ob]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#card-{first}:not(.accepted)")
    assert first not in review_actions.accepted(Store(team_db), doc)
    # Enter on the Next link opens the next letter
    page.locator("#next-doc").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/doc/{doc}" not in page.url


def test_a_refused_value_stays_in_its_editor_with_the_reason(page, team_db):
    doc = symbol_id(team_db, "UBND-LICH")
    goto_doc(page, doc)
    select_key(page, "document.issued_date")
    top = page.locator(".layout").bounding_box()["y"]
    page.keyboard.press("e")
    page.keyboard.press("Control+a")
    page.keyboard.type("31/09/2025")
    page.keyboard.press("Enter")
    error = page.locator("[id='item-document.issued_date'] .field-error")
    error.wait_for(state="visible")
    assert "31/09/2025" in error.inner_text() and "không có trong lịch" in error.inner_text()
    field = page.locator("[id='item-document.issued_date'] input[name=value]")
    assert field.is_visible() and field.input_value() == "31/09/2025"
    assert page.locator(".layout").bounding_box()["y"] == top  # no banner pushed the layout down
    assert page.url.endswith("#item-document.issued_date")  # no reload
    page.keyboard.press("Escape")


def test_an_ended_session_asks_to_log_in_and_replays_the_edit(browser, team_server, team_db):
    ctx, pg = open_as(browser, team_server, "lan")
    doc = symbol_id(team_db, "UBND-LICH2")
    goto_doc(pg, doc)
    select_key(pg, "document.subject")
    pg.keyboard.press("e")
    pg.keyboard.press("Control+a")
    pg.keyboard.type("chế độ báo cáo định kỳ năm 2025 (sửa sau khi hết phiên)")
    ctx.clear_cookies()  # the session ends while the reviewer types
    pg.keyboard.press("Enter")
    dialog = pg.locator("#relogin")
    dialog.wait_for(state="visible")
    pg.fill("#relogin input[name=password]", PASSWORD)
    pg.press("#relogin input[name=password]", "Enter")
    dialog.wait_for(state="hidden")
    pg.wait_for_function("() => document.querySelector(\"[id='item-document.subject'] .value\").textContent.includes('hết phiên')")
    assert Store(team_db).effective(doc)["result"]["document"]["subject"].endswith("(sửa sau khi hết phiên)")
    assert pg.problems == []
    ctx.close()


def test_undo_of_each_kind(page, team_db):
    doc = symbol_id(team_db, "UBND-NV")
    store = Store(team_db)
    ob = store.effective(doc)["result"]["obligations"][0]["id"]
    goto_doc(page, doc)
    # a correction, undone
    select_key(page, "document.subject")
    page.keyboard.press("e")
    page.keyboard.press("Control+a")
    page.keyboard.type("trích yếu đã sửa")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector(\"[id='item-document.subject'] .value\").textContent === 'trích yếu đã sửa'")
    page.keyboard.press("u")
    page.wait_for_function("() => document.querySelector(\"[id='item-document.subject'] .value\").textContent !== 'trích yếu đã sửa'")
    assert Store(team_db).effective(doc)["result"]["document"]["subject"].startswith("báo cáo kết quả")
    # r on the deadline clears only the deadline; undo puts it back
    select_key(page, f"{ob}.deadline")
    page.keyboard.press("r")
    page.wait_for_function(f"() => document.querySelector(\"[id='item-{ob}.deadline'] .value\").textContent === '—'")
    assert any(o["id"] == ob for o in Store(team_db).effective(doc)["result"]["obligations"])
    page.keyboard.press("u")
    page.wait_for_function(f"() => document.querySelector(\"[id='item-{ob}.deadline'] .value\").textContent.includes('15/06/2025')")
    # r on the units asks first; the deleted card keeps its place; undo restores it
    select_key(page, f"{ob}.responsible")
    page.keyboard.press("r")
    assert page.locator("#confirm").is_visible()
    page.keyboard.press("Enter")  # the focused "Xóa" button
    page.wait_for_selector(f"#card-{ob}.deleted")
    assert not Store(team_db).effective(doc)["result"]["obligations"]
    page.keyboard.press("u")
    page.wait_for_selector(f"#card-{ob}:not(.deleted)")
    assert Store(team_db).effective(doc)["result"]["obligations"][0]["id"] == ob
    # accepting an obligation, undone
    select_key(page, f"{ob}.deadline")
    page.keyboard.press("c")
    page.wait_for_selector(f"#card-{ob}.accepted")
    page.keyboard.press("u")
    page.wait_for_selector(f"#card-{ob}:not(.accepted)")
    assert ob not in review_actions.accepted(Store(team_db), doc)
    # a rejected letter (Tab + Enter on Từ chối) set back to unreviewed
    page.locator("#reject-form button").focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    if f"/doc/{doc}" not in page.url:
        goto_doc(page, doc)
    assert Store(team_db).review_status(doc)["status"] == "rejected"
    page.click("#unreview-form button")
    page.wait_for_function("() => document.getElementById('status').textContent === 'Chưa duyệt'")
    assert Store(team_db).review_status(doc)["status"] == "unreviewed"
    # the audit keeps both sides of every undo
    page.goto(f"/audit?doc={doc}")
    text = page.locator("table.audit").inner_text()
    assert text.count("hoàn tác") >= 4 and "trích yếu đã sửa" in text and "Đã từ chối" in text
    assert f"#1 {Store(team_db).effective(doc)['result']['obligations'][0]['responsible'][0]['name']} — Thời hạn" in text


def test_next_stays_inside_the_filter(page, team_db):
    store = Store(team_db)
    inside = {symbol_id(team_db, "UBND-LICH"), symbol_id(team_db, "UBND-LICH2")}
    page.goto("/?unit=Quản lý đô thị")
    links = page.locator("table.queue tbody a")
    assert links.count() == 2
    with page.expect_navigation():
        links.first.click()
    seen = []
    for _ in range(3):
        page.wait_for_selector("#fields .item.selected")
        seen.append(int(page.url.split("/doc/")[1].split("?")[0].split("#")[0]))
        page.locator("#text").click(position={"x": 5, "y": 5})
        with page.expect_navigation():
            page.keyboard.press("n")
    assert set(seen) == inside and seen[0] != seen[1]
    assert store.review_status(seen[0])["status"] == "unreviewed"
    # accepting moves on inside the filter too
    page.wait_for_selector("#fields .item.selected")
    here = int(page.url.split("/doc/")[1].split("?")[0].split("#")[0])
    page.locator("#text").click(position={"x": 5, "y": 5})
    with page.expect_navigation():
        page.keyboard.press("a")
    assert Store(team_db).review_status(here)["status"] == "accepted"
    after = int(page.url.split("/doc/")[1].split("?")[0].split("#")[0])
    assert after in inside - {here} and "unit=" in page.url
    from congvan.pipeline import review_actions as ra
    ra.undo_review(Store(team_db), here, ra.versions(Store(team_db), here)["_review"], author="lan")


def test_two_reviewers_saving_the_same_field(browser, team_server, team_db):
    doc = symbol_id(team_db, "UBND-LICH2")
    ctx1, lan = open_as(browser, team_server, "lan")
    goto_doc(lan, doc)
    ctx2, minh = open_as(browser, team_server, "minh")
    goto_doc(minh, doc)
    assert "lan" in minh.locator("#presence").inner_text()  # "Đang được duyệt bởi: lan"
    for pg in (lan, minh):
        select_key(pg, "document.place")
        pg.keyboard.press("e")
        pg.keyboard.press("Control+a")
    lan.keyboard.type("Thị trấn Mẫu Sơn")
    lan.keyboard.press("Enter")
    lan.wait_for_function("() => document.querySelector(\"[id='item-document.place'] .value\").textContent === 'Thị trấn Mẫu Sơn'")
    minh.keyboard.type("Huyện Mẫu Sơn")
    minh.keyboard.press("Enter")
    error = minh.locator("[id='item-document.place'] .field-error")
    error.wait_for(state="visible")
    assert "lan" in error.inner_text() and "Thị trấn Mẫu Sơn" in error.inner_text()
    assert minh.locator("[id='item-document.place'] input[name=value]").input_value() == "Huyện Mẫu Sơn"
    assert Store(team_db).effective(doc)["result"]["document"]["place"] == "Thị trấn Mẫu Sơn"  # not overwritten
    minh.keyboard.press("Enter")  # told, minh saves again on purpose
    minh.wait_for_function("() => document.querySelector(\"[id='item-document.place'] .value\").textContent === 'Huyện Mẫu Sơn'")
    assert lan.problems == [] and minh.problems == []
    ctx1.close()
    ctx2.close()


def test_bulk_accept_in_the_table_view(page, team_db):
    doc = symbol_id(team_db, "UBND-LICH")
    goto_doc(page, doc)
    obs = Store(team_db).effective(doc)["result"]["obligations"]
    assert len(obs) == 70
    page.locator("#text").click(position={"x": 5, "y": 5})
    page.keyboard.press("t")
    assert page.locator("#obtable").is_visible() and page.locator("#obtable tbody tr").count() == 70
    page.select_option("#bulk-threshold", "0.8")
    page.locator("#obtable tbody tr").first.click()
    page.keyboard.press("b")
    page.wait_for_selector("#obtable tbody tr.accepted")
    done = review_actions.accepted(Store(team_db), doc)
    assert done == {o["id"] for o in obs if calibrated(o["confidence"]) >= 0.8} and done
    assert page.locator("#obtable tbody tr.accepted").count() == len(done)
    assert page.locator("#obtable").is_visible()  # the view stays as it was
    page.keyboard.press("u")
    page.wait_for_function("() => document.querySelectorAll('#obtable tbody tr.accepted').length === 0")
    assert not review_actions.accepted(Store(team_db), doc)
    page.keyboard.press("t")
    page.evaluate("localStorage.clear()")


def test_o_fills_the_new_obligation_from_the_selected_text(page, team_db):
    doc = symbol_id(team_db, "UBND-LICH")
    text = Store(team_db).effective(doc)["text"]
    start = text.index("Phòng Tư pháp báo cáo")
    end = text.index(".", start) + 1
    goto_doc(page, doc)
    page.evaluate("""([a, b]) => {
        const spans = Array.from(document.querySelectorAll('#text [data-s]'));
        const at = (o) => { const s = spans.filter(x => +x.dataset.s <= o).pop(); return [s.firstChild, o - +s.dataset.s]; };
        const r = document.createRange(); r.setStart(...at(a)); r.setEnd(...at(b));
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
    }""", [start, end])
    page.keyboard.press("o")
    form = page.locator("#add-form")
    page.wait_for_function("() => document.querySelector('#add-form [name=deadline]').value !== ''")
    assert form.locator("[name=responsible]").input_value() == "Phòng Tư pháp"
    assert form.locator("[name=deadline]").input_value() == "15/03/2025"
    assert form.locator("[name=relation]").input_value() == "before"
    page.keyboard.press("Escape")


def test_a_viewer_reads_and_an_admin_manages_accounts(browser, team_server, team_db):
    doc = symbol_id(team_db, "UBND-NV")
    ctx, pg = open_as(browser, team_server, "xem", VIEWER_PASSWORD)
    goto_doc(pg, doc)
    assert pg.locator("form.editor").count() == 0 and pg.locator("#accept-form").count() == 0
    for key in ("e", "r", "c", "b", "u", "a", "x", "t", "t"):  # nothing to do for a viewer, and no script error
        pg.keyboard.press(key)
    pg.wait_for_timeout(300)
    assert pg.problems == [] and Store(team_db).review_status(doc)["status"] == "unreviewed"
    token = pg.evaluate("fetch('/api/session').then(r => r.json()).then(j => j.csrf)")
    r = pg.request.post(f"/api/documents/{doc}/fields", form={"csrf_token": token, "target": "document",
                                                              "field": "place", "value": "x"})
    assert r.status == 403
    assert pg.request.get("/admin/accounts").status == 403
    ctx.close()
    ctx, pg = open_as(browser, team_server, "quan")
    pg.goto("/admin/accounts")
    pg.fill("form.filters input[name=name]", "thu")
    pg.fill("form.filters input[name=password]", "mat-khau-moi-1")
    pg.select_option("form.filters select[name=role]", "viewer")
    with pg.expect_navigation():
        pg.click("form.filters button[type=submit]")
    assert "thu" in pg.locator("table.accounts").inner_text()
    from congvan.pipeline.web.roles import role_of
    assert role_of(Store(team_db), "thu") == "viewer"
    ctx.close()


# ------------------------------------------------------------------ the board


def test_the_due_date_board(page, team_db):
    doc = symbol_id(team_db, "UBND-LICH")
    page.goto("/board?today=2025-06-10")
    week = page.locator("#week")
    assert "Phòng Nội vụ" in week.inner_text() and "15/06/2025" in week.inner_text()
    assert "Quá hạn" in page.locator("#overdue h2").inner_text() and "15/03/2025" in page.locator("#overdue").inner_text()
    link = week.locator(f"a[href^='/doc/{doc}#item-']").first
    href = link.get_attribute("href")
    r = page.request.get("/board/export.csv?today=2025-06-10")
    assert r.status == 200 and "15/6/2025" in r.text() or "2025-06-15" in r.text()
    ics = page.request.get("/board/export.ics?today=2025-06-10").text()
    assert "BEGIN:VTODO" in ics and "DUE;VALUE=DATE:20250615" in ics
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden() and week.is_visible()
    page.emulate_media(media="screen")
    with page.expect_navigation():
        link.click()
    key = href.split("#item-")[1]
    page.wait_for_selector(f"[id='item-{key}'].selected")
    page.goto("/")
    assert "Nghĩa vụ quá hạn" in page.locator(".counts").inner_text()


# ------------------------------------------------------------------ words and accessibility

PAGES = ["/", "/?unit=Nội vụ", "/doc/{lich}", "/doc/{nv}", "/board?today=2025-06-10", "/audit"]
ENGLISH = ["Accept", "Reject", "Queue", "Log out", "Save", "Cancel", "Deadline", "Obligations", "Warnings",
           "cong_van", "no_later_than", "unreviewed", "confidence", "Next"]


@pytest.mark.parametrize("path", PAGES + ["/admin/accounts", "/login"])
def test_vietnamese_text_and_no_serious_axe_violations(browser, team_server, team_db, path):
    ids = {"lich": symbol_id(team_db, "UBND-LICH"), "nv": symbol_id(team_db, "UBND-NV")}
    if path == "/login":
        ctx = browser.new_context(base_url=team_server, bypass_csp=True)  # axe is injected as an inline script
        pg = ctx.new_page()
        pg.problems = []
    else:
        ctx, pg = open_as(browser, team_server, "quan", bypass_csp=True)
    pg.goto(path.format(**ids))
    wait_idle(pg)
    assert pg.locator("html").get_attribute("lang") == "vi"
    visible = pg.locator("body").inner_text()
    letter_text = pg.locator("#text").inner_text() if pg.locator("#text").count() else ""
    ui = visible.replace(letter_text, "")
    for path_line in pg.locator(".docbar .meta").all_inner_texts():  # the file's path is the clerk's, not ours
        ui = ui.replace(path_line.split(" · ")[0], "")
    for word in ENGLISH:
        assert word not in ui, f"{word!r} on {path}"
    assert any(w in ui for w in ("Đăng nhập", "Hàng đợi", "Văn bản", "Nhật ký", "Tài khoản"))
    pg.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, ensure_ascii=False)
    assert pg.problems == []
    ctx.close()
