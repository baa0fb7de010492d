// Review page: select a field to see its evidence on the text and the page image, and drive
// everything from the keyboard. Document text is only ever set with textContent.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const items = Array.from(document.querySelectorAll("#fields .item"));
  const textPane = document.getElementById("text");
  const img = document.getElementById("page-img");
  const boxLayer = document.getElementById("boxes");
  const addForm = document.getElementById("add-form");
  let current = -1;
  let shownPage = 1;
  let pending = null; // {start, end, text} of the last text selection

  function spansOf(key) {
    return Array.from(textPane.querySelectorAll(".hl")).filter((s) => s.dataset.keys.split(" ").includes(key));
  }

  function showPage(page) {
    if (!img) return;
    if (page !== shownPage) {
      shownPage = page;
      img.src = img.src.replace(/\/page\/\d+\.png$/, "/page/" + page + ".png");
    }
    document.querySelectorAll(".pagenav button").forEach((b) => b.classList.toggle("on", +b.dataset.page === page));
  }

  function drawBoxes(key) {
    if (!boxLayer) return;
    boxLayer.replaceChildren();
    const boxes = (data.boxes[key] || []);
    if (boxes.length) showPage(boxes[0].page);
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

  function select(i, opts) {
    if (i < 0 || i >= items.length) return;
    opts = opts || {};
    if (current >= 0) items[current].classList.remove("selected");
    current = i;
    const it = items[i];
    it.classList.add("selected");
    const key = it.dataset.key;
    textPane.querySelectorAll(".hl.active").forEach((s) => s.classList.remove("active"));
    const spans = spansOf(key);
    spans.forEach((s) => s.classList.add("active"));
    if (opts.scrollText !== false && spans.length) spans[0].scrollIntoView({block: "center"});
    if (opts.scrollItem !== false) it.scrollIntoView({block: "nearest"});
    drawBoxes(key);
    history.replaceState(null, "", "#item-" + key);
  }

  function editing() {
    const a = document.activeElement;
    return a && (a.tagName === "INPUT" || a.tagName === "TEXTAREA" || a.tagName === "SELECT");
  }

  function openEditor() {
    if (current < 0) return;
    const form = items[current].querySelector("form.editor");
    form.hidden = false;
    const first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); if (first.select) first.select(); }
  }

  function closeEditors() {
    document.querySelectorAll("form.editor").forEach((f) => { f.hidden = true; });
    addForm.hidden = true;
    if (current >= 0) items[current].focus();
  }

  function rejectCurrent() {
    if (current < 0) return;
    const it = items[current];
    const ob = it.closest(".obligation");
    const form = ob ? ob.querySelector("form.delete") : it.querySelector("form.reject");
    if (form) form.submit();
  }

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

  function openAdd() {
    const s = readSelection() || pending;
    if (!s) { flashHint("Select the obligation's text in the letter first."); return; }
    addForm.hidden = false;
    addForm.elements.start.value = s.start;
    addForm.elements.end.value = s.end;
    addForm.elements.description.value = s.text.replace(/\s+/g, " ").trim();
    addForm.scrollIntoView({block: "nearest"});
    addForm.elements.responsible.focus();
  }

  function flashHint(msg) {
    let p = document.getElementById("hint");
    if (!p) {
      p = document.createElement("p");
      p.id = "hint";
      p.className = "flash error";
      document.querySelector("main").prepend(p);
    }
    p.textContent = msg;
  }

  items.forEach((it, i) => it.addEventListener("click", (ev) => {
    if (ev.target.closest("form")) return;
    select(i, {scrollItem: false});
  }));
  textPane.addEventListener("click", (ev) => {
    const span = ev.target.closest(".hl");
    if (!span || !window.getSelection().isCollapsed) return;
    const keys = span.dataset.keys.split(" ");
    const at = current >= 0 ? keys.indexOf(items[current].dataset.key) : -1;
    const key = keys[(at + 1) % keys.length];  // clicking again walks through overlapping values
    const i = items.findIndex((it) => it.dataset.key === key);
    if (i >= 0) select(i, {scrollText: false});
  });
  textPane.addEventListener("mouseup", () => {
    const s = readSelection();
    if (s) { pending = s; flashHint("Press " + data.keys.add_obligation[0] + " to add an obligation from the selected text."); }
  });
  document.querySelectorAll("form .cancel").forEach((b) => b.addEventListener("click", closeEditors));
  document.querySelectorAll(".pagenav button").forEach((b) => b.addEventListener("click", () => {
    showPage(+b.dataset.page);
    if (current >= 0) drawBoxes(items[current].dataset.key);
  }));
  document.querySelectorAll("textarea").forEach((t) => t.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); t.form.requestSubmit(); }
  }));

  const actions = {
    next_field: () => select(current + 1),
    previous_field: () => select(Math.max(current - 1, 0)),
    edit: openEditor, reject_value: rejectCurrent, add_obligation: openAdd,
    accept: () => document.getElementById("accept-form").submit(),
    reject_document: () => document.getElementById("reject-form").submit(),
    next_document: () => { const n = document.getElementById("next-doc"); if (n) location.href = n.href; },
    toggle_keys: () => document.getElementById("keys").classList.toggle("hidden"),
  };
  const bound = {};  // key -> action, from the server's key map (congvan serve --keys)
  Object.entries(data.keys).forEach(([action, keys]) => keys.forEach((k) => { bound[k] = action; }));

  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") { closeEditors(); return; }
    if (editing() || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const action = bound[ev.key];
    if (action) { ev.preventDefault(); actions[action](); }
  });

  const fromHash = location.hash.startsWith("#item-") ? items.findIndex((it) => "#item-" + it.dataset.key === decodeURIComponent(location.hash)) : -1;
  const first = fromHash >= 0 ? fromHash : items.findIndex((it) => !it.classList.contains("nospan"));
  if (first >= 0) select(first);
})();
