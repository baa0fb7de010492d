// Review page. Select a value to see its evidence on the text and on the page image; review by
// obligation card or in the table; everything from the keyboard. Saves go through the JSON API
// (fetch): the page never reloads, a refused value stays in its editor with the reason beside it,
// an ended session asks for the password and then replays the save. Shortcuts act only while the
// focus is not on a control, so Tab + Enter presses buttons. Document text is never set as HTML:
// the field pane comes from the server already escaped by Jinja2.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const T = data.t;
  const api = "/api/documents/" + data.doc;
  const fieldsPane = document.getElementById("fields");
  const textPane = document.getElementById("text");
  const img = document.getElementById("page-img");
  const pageBox = document.getElementById("pagebox");
  const boxLayer = document.getElementById("boxes");
  const addForm = document.getElementById("add-form");
  const toast = document.getElementById("toast");
  let items = [];
  let rows = [];
  let current = -1;       // index into items (cards view) or rows (table view)
  let shownPage = 1;
  let zoom = +(localStorage.getItem("congvan.zoom") || 1);
  let table = localStorage.getItem("congvan.view") === "table";
  let pending = null;     // the last text selection {start, end, text}
  const undos = [];       // undo tokens from the server, newest last
  let csrf = (document.querySelector("input[name=csrf_token]") || {}).value || "";
  let versions = {};

  function fmt(s, vars) { return String(s).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m)); }

  // ------------------------------------------------------------------ messages
  let toastTimer = null;
  function say(msg, opts) {
    opts = opts || {};
    toast.replaceChildren();
    const p = document.createElement("span");
    p.textContent = msg;
    toast.appendChild(p);
    if (opts.undo) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = T.undo;
      b.addEventListener("click", undoLast);
      toast.appendChild(b);
    }
    toast.className = "toast" + (opts.error ? " error" : "");
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, opts.error ? 9000 : 6000);
  }

  // ------------------------------------------------------------------ field pane
  function bind() {
    const inner = document.getElementById("fields-inner");
    versions = JSON.parse(inner.dataset.versions || "{}");
    items = Array.from(fieldsPane.querySelectorAll(".card:not(.deleted) .item, #fields-inner > .item"));
    rows = Array.from(fieldsPane.querySelectorAll("#obtable tbody tr"));
    fieldsPane.querySelectorAll("textarea").forEach((t) => t.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); t.form.requestSubmit(); }
    }));
    setView(table, true);
    const st = document.getElementById("status");
    if (st && inner.dataset.status) {
      st.className = "badge " + inner.dataset.status;
    }
  }

  function swap(html, keep) {
    const scroll = fieldsPane.scrollTop;
    const doc = new DOMParser().parseFromString(html, "text/html");
    const fresh = doc.getElementById("fields-inner");
    document.getElementById("fields-inner").replaceWith(document.adoptNode(fresh));
    bind();
    fieldsPane.scrollTop = scroll;
    if (keep) reselect(keep);
  }

  function keyAt() {
    if (table) return rows[current] ? {ob: rows[current].dataset.ob} : null;
    const it = items[current];
    if (!it) return null;
    const card = it.closest(".card");
    return {key: it.dataset.key, ob: card ? card.dataset.ob : null};
  }

  function reselect(where) {
    if (table) {
      let i = rows.findIndex((r) => r.dataset.ob === where.ob);
      selectRow(i >= 0 ? i : Math.min(current, rows.length - 1));
      return;
    }
    let i = items.findIndex((it) => it.dataset.key === where.key);
    if (i < 0 && where.ob) {
      // the obligation was deleted: stay where it was, on the next card (or the previous)
      const cards = Array.from(fieldsPane.querySelectorAll(".card"));
      const at = cards.findIndex((c) => c.dataset.ob === where.ob);
      for (const c of cards.slice(at + 1).concat(cards.slice(0, Math.max(at, 0)).reverse())) {
        const first = c.querySelector(".item");
        if (first) { i = items.indexOf(first); break; }
      }
      const gone = cards[at];
      if (gone) gone.scrollIntoView({block: "nearest"});
    }
    if (i >= 0) select(i, {scrollItem: false, scrollText: false});
  }

  // ------------------------------------------------------------------ selection and page image
  function spansOf(key) {
    return Array.from(textPane.querySelectorAll(".hl")).filter((s) => s.dataset.keys.split(" ").includes(key));
  }

  function imageUrl(page) {
    const pane = document.getElementById("pagescroll");
    const w = Math.round((pane ? pane.clientWidth : 800) * zoom * (window.devicePixelRatio || 1));
    return "/doc/" + data.doc + "/page/" + page + "?w=" + Math.max(300, w);
  }

  function showPage(page) {
    if (!img || page < 1 || page > data.pages.length) return;
    if (page !== shownPage || !img.dataset.set) {
      shownPage = page;
      img.dataset.set = "1";
      img.src = imageUrl(page);
      img.alt = fmt(T.page_image, {n: page});
    }
    document.querySelectorAll(".pagenav button[data-page]").forEach((b) => {
      const on = +b.dataset.page === page;
      b.classList.toggle("on", on);
      b.setAttribute("aria-current", on ? "page" : "false");
    });
    drawBoxes(null, false);
  }

  function setZoom(z) {
    zoom = Math.min(3, Math.max(0.5, Math.round(z * 4) / 4));
    localStorage.setItem("congvan.zoom", zoom);
    if (pageBox) pageBox.style.width = (100 * zoom) + "%";
    const out = document.getElementById("zoom-level");
    if (out) out.textContent = Math.round(zoom * 100) + " %";
    if (img) { img.dataset.set = ""; showPage(shownPage); }
  }

  let boxKey = null;
  function drawBoxes(key, follow) {
    if (!boxLayer) return;
    if (key !== null) boxKey = key;
    boxLayer.replaceChildren();
    const boxes = data.boxes[boxKey] || [];
    if (follow && boxes.length && !boxes.some((b) => b.page === shownPage)) { showPage(boxes[0].page); return; }
    const size = data.pages.find((p) => p.page === shownPage);
    if (!size) return;
    boxes.filter((b) => b.page === shownPage).forEach((b) => {
      const d = document.createElement("div");
      d.className = "box";
      d.style.left = (100 * (b.x0 - 1) / size.width) + "%";
      d.style.width = (100 * (b.x1 - b.x0 + 2) / size.width) + "%";
      d.style.top = (100 * (b.top - 2) / size.height) + "%";
      d.style.height = (100 * (b.bottom - b.top + 4) / size.height) + "%";
      boxLayer.appendChild(d);
    });
  }

  function mark(key, scrollText) {
    textPane.querySelectorAll(".hl.active").forEach((s) => s.classList.remove("active"));
    const spans = spansOf(key);
    spans.forEach((s) => s.classList.add("active"));
    if (scrollText !== false && spans.length) spans[0].scrollIntoView({block: "center"});
    drawBoxes(key, true);  // the page follows a newly selected value, never a page the reviewer chose
  }

  function select(i, opts) {
    if (i < 0 || i >= items.length) return;
    opts = opts || {};
    items.forEach((x) => x.classList.remove("selected"));
    current = i;
    const it = items[i];
    it.classList.add("selected");
    it.focus({preventScroll: true});
    if (opts.scrollItem !== false) {
      const card = it.closest(".card");
      const head = card && card.querySelector(".obhead");
      if (head) {  // the card's head (units, actions) in view too, where the pane has room for both
        const pane = fieldsPane.getBoundingClientRect(), h = head.getBoundingClientRect(), r = it.getBoundingClientRect();
        if (h.top < pane.top || r.bottom > pane.bottom) {
          fieldsPane.scrollTop += (r.bottom - h.top <= pane.height ? h.top : r.bottom - pane.height) - pane.top;
        }
      } else it.scrollIntoView({block: "nearest"});
    }
    mark(it.dataset.key, opts.scrollText);
    history.replaceState(null, "", location.pathname + location.search + "#item-" + it.dataset.key);
  }

  function selectRow(i) {
    if (i < 0 || i >= rows.length) return;
    rows.forEach((r) => r.classList.remove("selected"));
    current = i;
    const r = rows[i];
    r.classList.add("selected");
    r.focus({preventScroll: true});
    r.scrollIntoView({block: "nearest"});
    mark(r.dataset.ob + ".deadline", true);
  }

  function setView(toTable, quiet) {
    const changed = toTable !== table;
    const where = quiet ? null : keyAt();
    table = toTable;
    localStorage.setItem("congvan.view", table ? "table" : "cards");
    const cards = document.getElementById("cards"), tbl = document.getElementById("obtable");
    if (cards) cards.hidden = table;
    if (tbl) tbl.hidden = !table;
    fieldsPane.querySelectorAll("[data-action=view-cards]").forEach((b) => b.setAttribute("aria-pressed", String(!table)));
    fieldsPane.querySelectorAll("[data-action=view-table]").forEach((b) => b.setAttribute("aria-pressed", String(table)));
    if (changed && where) {
      current = -1;
      if (table) { const i = rows.findIndex((r) => r.dataset.ob === where.ob); selectRow(i >= 0 ? i : 0); }
      else {
        const i = items.findIndex((it) => where.ob && it.closest(".card") && it.closest(".card").dataset.ob === where.ob);
        select(i >= 0 ? i : 0);
      }
    }
  }

  // ------------------------------------------------------------------ talking to the server
  function relogin() {
    return new Promise((resolve) => {
      const form = document.getElementById("relogin");
      const err = form.querySelector(".field-error");
      form.hidden = false;
      err.hidden = true;
      form.elements.password.value = "";
      (form.elements.name.value ? form.elements.password : form.elements.name).focus();
      form.onsubmit = async (ev) => {
        ev.preventDefault();
        try {
          const page = await (await fetch("/login", {credentials: "same-origin"})).text();
          const m = page.match(/name="csrf_token" value="([^"]+)"/);
          const body = new URLSearchParams({name: form.elements.name.value, password: form.elements.password.value,
                                            csrf_token: m ? m[1] : "", next: "/api/session"});
          const r = await fetch("/login", {method: "POST", body: body, credentials: "same-origin"});
          const who = (r.headers.get("Content-Type") || "").includes("json") ? await r.json() : null;
          if (who && who.reviewer) {
            csrf = who.csrf;
            document.querySelectorAll("input[name=csrf_token]").forEach((i) => { i.value = csrf; });
            form.hidden = true;
            form.onsubmit = null;
            resolve();
          } else { err.textContent = T.relogin_failed; err.hidden = false; }
        } catch (e) { err.textContent = T.network_error; err.hidden = false; }
      };
    });
  }

  async function post(url, params, retried) {
    params.set("csrf_token", csrf);
    Object.entries(data.filters || {}).forEach(([k, v]) => { if (!params.has(k)) params.set(k, v); });
    let r;
    try {
      r = await fetch(url, {method: "POST", body: params, credentials: "same-origin", headers: {"Accept": "application/json"}});
    } catch (e) {
      return {ok: false, error: T.network_error};
    }
    if ((r.status === 401 || r.status === 400) && !retried) {
      // the session ended (or its token changed): log in again, then replay this very request
      const who = await (await fetch("/api/session", {credentials: "same-origin"})).json();
      if (!who.reviewer) { say(T.session_expired, {error: true}); await relogin(); }
      else csrf = who.csrf;
      return post(url, params, true);
    }
    if (r.status === 403) return {ok: false, error: T.forbidden};
    try { return await r.json(); } catch (e) { return {ok: false, error: T.network_error}; }
  }

  function applied(res, keep) {
    if (res.fields_html) swap(res.fields_html, keep);
    const undoButton = document.getElementById("undo");
    if (res.undo) { undos.push(res.undo); if (undoButton) undoButton.disabled = false; }
    const st = document.getElementById("status");
    if (st && res.status_label) { st.textContent = res.status_label; st.className = "badge " + res.status; }
    if (res.message) say(res.message, {undo: !!res.undo});
  }

  async function save(form) {
    const err = form.querySelector(".field-error");
    const keep = keyAt();
    const res = await post(api + "/fields", new URLSearchParams(new FormData(form)));
    if (!res.ok) {
      // the value stays in the editor, the reason beside it
      err.textContent = res.error;
      err.hidden = false;
      if (res.conflict) form.elements.version.value = res.conflict.version;
      const first = form.querySelector("[name=value]:not([type=hidden]), [name=name]") ||
        form.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
      return;
    }
    applied(res, keep);
  }

  async function act(path, params, keep) {
    const res = await post(api + path, params || new URLSearchParams());
    if (!res.ok) { say(res.error, {error: true}); return null; }
    applied(res, keep === undefined ? keyAt() : keep);
    return res;
  }

  async function undoLast() {
    const u = undos.pop();
    const undoButton = document.getElementById("undo");
    if (undoButton) undoButton.disabled = !undos.length;
    if (!u) { say(T.nothing_to_undo); return; }
    const ids = u.kind === "bulk" ? u.ids.join(",") : String(u.id);
    const res = await post(api + "/undo", new URLSearchParams({kind: u.kind, id: ids}));
    if (!res.ok) { say(res.error, {error: true}); return; }
    res.undo = null;
    applied(res, keyAt());
  }

  // ------------------------------------------------------------------ actions
  function openEditor() {
    if (table) { const r = rows[current]; if (r) { setView(false); const i = items.findIndex((it) => it.closest(".card") && it.closest(".card").dataset.ob === r.dataset.ob); select(i); } return; }
    const it = items[current];
    const form = it && it.querySelector("form.editor");
    if (!form) return;
    form.hidden = false;
    const first = form.querySelector("[name=value]:not([type=hidden]), [name=name]") ||
      form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); if (first.select) first.select(); }
  }

  function closeEditors() {
    document.querySelectorAll("form.editor").forEach((f) => { f.hidden = true; });
    if (addForm) addForm.hidden = true;
    document.getElementById("confirm").hidden = true;
    if (table) { if (rows[current]) rows[current].focus(); }
    else if (items[current]) items[current].focus();
  }

  function confirmThen(text, yes) {
    const box = document.getElementById("confirm");
    document.getElementById("confirm-text").textContent = text;
    box.hidden = false;
    const y = document.getElementById("confirm-yes"), n = document.getElementById("confirm-no");
    const done = (ok) => { box.hidden = true; y.onclick = n.onclick = null; if (ok) yes(); else closeEditors(); };
    y.onclick = () => done(true);
    n.onclick = () => done(false);
    y.focus();
  }

  function currentCard() {
    if (table) return rows[current] ? fieldsPane.querySelector("#card-" + CSS.escape(rows[current].dataset.ob)) : null;
    return items[current] ? items[current].closest(".card") : null;
  }

  function deleteOb(card) {
    if (!card) return;
    const n = card.querySelector("h3") ? card.querySelector("h3").textContent.split(" ")[0] : "";
    const btn = card.querySelector("[data-action=delete-ob]");
    confirmThen(fmt(T.confirm_delete_ob, {n: n.replace("#", "")}), () =>
      act("/obligations/" + encodeURIComponent(card.dataset.ob) + "/delete",
          new URLSearchParams({version: btn ? btn.dataset.version : ""}), {ob: card.dataset.ob, key: ""}));
  }

  const REQUIRED = ["responsible", "description"];
  function clearValue() {
    if (!data.can_edit) return;
    if (table) { deleteOb(currentCard()); return; }
    const it = items[current];
    if (!it) return;
    if (it.dataset.target !== "document" && REQUIRED.includes(it.dataset.field)) { deleteOb(it.closest(".card")); return; }
    const form = it.querySelector("form.editor");
    if (!form) return;
    const params = new URLSearchParams(new FormData(form));
    form.querySelectorAll("input:not([type=hidden]), textarea").forEach((i) => params.set(i.name, ""));
    form.querySelectorAll("select").forEach((s) => { if (s.name !== "relation") params.set(s.name, ""); });
    act("/fields", params);
  }

  function acceptOb(card) {
    const btn = card && card.querySelector("[data-action=accept-ob]");
    if (!btn) return;
    act("/obligations/" + encodeURIComponent(card.dataset.ob) + "/accept",
        new URLSearchParams({value: btn.dataset.value, version: btn.dataset.version}));
  }

  function bulkAccept() {
    const sel = document.getElementById("bulk-threshold");
    if (sel) act("/obligations/accept-above", new URLSearchParams({threshold: sel.value}));
  }

  async function review(status) {
    const res = await post(api + "/review", new URLSearchParams({decision: status, version: versions._review || 0}));
    if (!res.ok) { say(res.error, {error: true}); return; }
    if (res.next && status !== "unreviewed") {
      const q = new URLSearchParams(data.filters || {}).toString();
      location.href = "/doc/" + res.next + (q ? "?" + q : "");
      return;
    }
    applied(res, keyAt());
  }

  function moveCard(step) {
    if (table) { selectRow(Math.min(Math.max(current + step, 0), rows.length - 1)); return; }
    const cards = Array.from(fieldsPane.querySelectorAll(".card:not(.deleted)"));
    const now = items[current] ? items[current].closest(".card") : null;
    let at = now ? cards.indexOf(now) + step : (step > 0 ? 0 : cards.length - 1);
    at = Math.min(Math.max(at, 0), cards.length - 1);
    if (cards[at]) select(items.indexOf(cards[at].querySelector(".item")));
  }

  // ------------------------------------------------------------------ adding an obligation
  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const span = node.parentElement.closest("[data-s]");
      return span ? +span.dataset.s + offset : null;
    }
    if (node === textPane) {
      const child = textPane.childNodes[offset];
      if (child && child.dataset) return +child.dataset.s;
      const last = textPane.lastElementChild;
      return last ? +last.dataset.s + last.textContent.length : 0;
    }
    const span = node.closest ? node.closest("[data-s]") : null;
    return span ? +span.dataset.s + (offset > 0 ? span.textContent.length : 0) : null;
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    const r = sel.getRangeAt(0);
    if (!textPane.contains(r.startContainer) || !textPane.contains(r.endContainer)) return null;
    const start = offsetOf(r.startContainer, r.startOffset), end = offsetOf(r.endContainer, r.endOffset);
    if (start === null || end === null || end <= start) return null;
    return {start: start, end: end, text: sel.toString()};
  }

  async function openAdd() {
    if (!addForm) return;
    const s = readSelection() || pending;
    if (!s) { say(T.select_first, {error: true}); return; }
    addForm.hidden = false;
    addForm.elements.start.value = s.start;
    addForm.elements.end.value = s.end;
    addForm.elements.description.value = s.text.replace(/\s+/g, " ").trim();
    addForm.scrollIntoView({block: "nearest"});
    addForm.elements.responsible.focus();
    try {
      const r = await fetch(api + "/draft?start=" + s.start + "&end=" + s.end, {credentials: "same-origin"});
      const res = await r.json();
      if (res.ok) {
        ["responsible", "action", "deadline", "relation"].forEach((k) => {
          const el = addForm.elements[k];
          if (el && res.draft[k] && !el.value) el.value = res.draft[k];
        });
        if (res.draft.relation) addForm.elements.relation.value = res.draft.relation;
      }
    } catch (e) { /* the form works without the draft */ }
  }

  // ------------------------------------------------------------------ events
  fieldsPane.addEventListener("click", (ev) => {
    const b = ev.target.closest("[data-action]");
    if (b) {
      const card = b.closest(".card");
      switch (b.dataset.action) {
        case "accept-ob": acceptOb(card); break;
        case "fix-ob": { const first = card.querySelector(".item"); select(items.indexOf(first)); openEditor(); break; }
        case "delete-ob": deleteOb(card); break;
        case "restore": act("/obligations/" + encodeURIComponent(b.dataset.ob) + "/delete",
                            new URLSearchParams({restore: "1", version: b.dataset.version})); break;
        case "bulk-accept": bulkAccept(); break;
        case "view-cards": setView(false); break;
        case "view-table": setView(true); break;
      }
      return;
    }
    if (ev.target.closest("form")) return;
    const it = ev.target.closest(".item");
    if (it && items.includes(it)) { select(items.indexOf(it), {scrollItem: false}); return; }
    const row = ev.target.closest("#obtable tbody tr");
    if (row) selectRow(rows.indexOf(row));
  });
  fieldsPane.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (form.classList.contains("editor")) { ev.preventDefault(); save(form); }
    else if (form === addForm) {
      ev.preventDefault();
      post(api + "/obligations", new URLSearchParams(new FormData(form))).then((res) => {
        const err = form.querySelector(".field-error");
        if (!res.ok) { err.textContent = res.error; err.hidden = false; return; }
        err.hidden = true;
        form.hidden = true;
        form.reset();
        applied(res, {key: res.key});
      });
    }
  });
  fieldsPane.addEventListener("click", (ev) => { if (ev.target.closest("button.cancel")) closeEditors(); });
  document.querySelectorAll(".actions form[data-status]").forEach((f) => f.addEventListener("submit", (ev) => {
    ev.preventDefault();
    review(f.dataset.status);
  }));
  const undoBtn = document.getElementById("undo");
  if (undoBtn) undoBtn.addEventListener("click", undoLast);

  textPane.addEventListener("click", (ev) => {
    const span = ev.target.closest(".hl");
    if (!span || !window.getSelection().isCollapsed) return;
    if (table) setView(false);
    const keys = span.dataset.keys.split(" ");
    const at = current >= 0 && items[current] ? keys.indexOf(items[current].dataset.key) : -1;
    const key = keys[(at + 1) % keys.length];  // clicking again walks through overlapping values
    const i = items.findIndex((it) => it.dataset.key === key);
    if (i >= 0) select(i, {scrollText: false});
  });
  textPane.addEventListener("mouseup", () => {
    const s = readSelection();
    if (s) { pending = s; say(fmt(T.press_o, {key: data.keys.add_obligation[0]})); }
  });
  document.querySelectorAll(".pagenav button").forEach((b) => b.addEventListener("click", () => {
    if (b.dataset.page) showPage(+b.dataset.page);
    else if (b.dataset.action === "prev-page") showPage(shownPage - 1);
    else if (b.dataset.action === "next-page") showPage(shownPage + 1);
    else if (b.dataset.action === "zoom-in") setZoom(zoom + 0.25);
    else if (b.dataset.action === "zoom-out") setZoom(zoom - 0.25);
  }));

  const actions = {
    next_field: () => (table ? selectRow(Math.min(current + 1, rows.length - 1)) : select(Math.min(current + 1, items.length - 1))),
    previous_field: () => (table ? selectRow(Math.max(current - 1, 0)) : select(Math.max(current - 1, 0))),
    next_obligation: () => moveCard(1), previous_obligation: () => moveCard(-1),
    edit: openEditor, reject_value: clearValue, add_obligation: openAdd,
    accept_obligation: () => acceptOb(currentCard()), bulk_accept: bulkAccept,
    toggle_table: () => setView(!table), undo: undoLast,
    accept: () => data.can_edit && review("accepted"),
    reject_document: () => data.can_edit && review("rejected"),
    next_document: () => { const n = document.getElementById("next-doc"); if (n) location.href = n.href; },
    previous_page: () => showPage(shownPage - 1), next_page: () => showPage(shownPage + 1),
    zoom_in: () => setZoom(zoom + 0.25), zoom_out: () => setZoom(zoom - 0.25),
    toggle_keys: () => document.getElementById("keys").classList.toggle("hidden"),
  };
  const bound = {};  // key -> action, from the server's key map (congvan serve --keys)
  Object.entries(data.keys).forEach(([action, keys]) => keys.forEach((k) => { bound[k] = action; }));

  function onControl() {
    const a = document.activeElement;
    if (!a || a === document.body) return false;
    if (a.isContentEditable) return true;
    return ["INPUT", "TEXTAREA", "SELECT", "BUTTON", "A", "SUMMARY", "OUTPUT"].includes(a.tagName) || !!a.closest("form:not([hidden]) .field-error");
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") { closeEditors(); return; }
    if (!document.getElementById("relogin").hidden || !document.getElementById("confirm").hidden) return;
    if (onControl() || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const action = bound[ev.key];
    if (action && actions[action]) { ev.preventDefault(); actions[action](); }
  });

  setInterval(async () => {
    try {
      const res = await post(api + "/presence", new URLSearchParams(), true);
      const p = document.getElementById("presence");
      if (res.ok && p) { p.hidden = !res.others.length; p.textContent = fmt(T.being_reviewed || p.textContent, {who: res.others.join(", ")}); }
    } catch (e) { /* presence is a courtesy */ }
  }, 60000);

  bind();
  setZoom(zoom);
  showPage(1);
  const hash = decodeURIComponent(location.hash);
  const fromHash = hash.startsWith("#item-") ? items.findIndex((it) => "#item-" + it.dataset.key === hash) : -1;
  if (table && fromHash >= 0) setView(false, true);
  if (table) selectRow(0);
  else {
    const first = fromHash >= 0 ? fromHash : items.findIndex((it) => !it.classList.contains("nospan"));
    if (first >= 0) select(first);
    // the browser scrolls to the #item-... anchor itself once the page has loaded: place it again
    if (fromHash >= 0) window.addEventListener("load", () => { if (items[current]) select(current); });
  }
})();
