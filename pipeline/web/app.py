"""Routes of the review app. Pages need a logged-in reviewer; every POST needs the session's CSRF
token; the JSON API takes the login session or an API token (``Authorization: Bearer ...``)."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import io
import logging
import secrets
from collections import OrderedDict
from pathlib import Path
from threading import Lock

from flask import Flask, abort, flash, g, jsonify, redirect, render_template, request, session, url_for

from .. import review
from ..review import ReviewError
from ..store import REVIEW_STATUSES, Store

log = logging.getLogger(__name__)

_ARROWS = {"ArrowDown": "↓", "ArrowUp": "↑", "ArrowLeft": "←", "ArrowRight": "→", " ": "Space"}
QUEUE_PAGE = 100  # documents per queue page
PAGE_SCALE = 2.0  # page images at 144 dpi


def create_app(db_path: str | Path, *, secret_key: str | None = None, keys: dict | None = None) -> Flask:
    """The app over the store at ``db_path``; ``keys`` overrides shortcuts (see ``review.keymap``)."""
    db_path = str(db_path)
    keymap = review.keymap(keys)
    shortcuts = [(" / ".join(_ARROWS.get(k, k) for k in v["keys"]), v["label"]) for v in keymap.values()]
    shortcuts.insert(3, ("Esc", "cancel edit"))
    Store(db_path)  # create / migrate once, before serving
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or Store(db_path).secret("session_key"),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12), DB_PATH=db_path,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    images = _PageImages()

    def store() -> Store:
        if "store" not in g:
            g.store = Store(db_path)  # one connection per request: sqlite connections stay in their thread
        return g.store

    @app.teardown_appcontext
    def _close(_exc):
        s = g.pop("store", None)
        if s is not None:
            s.db.conn.close()

    # ------------------------------------------------------------ security
    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return session["csrf"]

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["SHORTCUTS"] = shortcuts
    app.jinja_env.globals["KEYS"] = {a: _ARROWS.get(v["keys"][0], v["keys"][0]) for a, v in keymap.items()}

    @app.before_request
    def _csrf():
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
            expected = session.get("csrf", "")
            if not expected or not hmac.compare_digest(sent, expected):
                log.warning("refused %s %s: missing or wrong CSRF token", request.method, request.path)
                abort(400, description="missing or wrong CSRF token; reload the page and try again")

    @app.after_request
    def _headers(resp):
        resp.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                                "style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        return resp

    def login_required(fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            if not session.get("reviewer"):
                return redirect(url_for("login", next=request.full_path if request.method == "GET" else None))
            return fn(*a, **kw)
        return wrapper

    def api_auth(fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            who = session.get("reviewer")
            auth = request.headers.get("Authorization", "")
            if not who and auth.startswith("Bearer "):
                who = store().token_owner(auth[7:].strip())
            if not who:
                return jsonify(error="login or an API token (Authorization: Bearer ...) is required"), 401
            return fn(*a, **kw)
        return wrapper

    @app.get("/favicon.ico")
    def favicon():
        return "", 204

    # ------------------------------------------------------------ login
    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "POST":
            name, password = request.form.get("name", "").strip(), request.form.get("password", "")
            if store().check_reviewer(name, password):
                session.clear()
                session.permanent = True
                session["reviewer"] = name
                csrf_token()
                log.info("reviewer %s logged in", name)
                nxt = request.form.get("next") or ""
                return redirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else url_for("queue"))
            flash("Wrong name or password.", "error")
        return render_template("login.html", next=request.values.get("next", ""),
                               no_reviewers=not store().reviewers())

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login"))

    # ------------------------------------------------------------ queue
    @app.get("/")
    @login_required
    def queue():
        f = {k: request.args.get(k, "").strip() for k in ("status", "unit", "deadline_from", "deadline_to")}
        try:
            rows = review.queue(store(), status=f["status"] or None, unit=f["unit"] or None,
                                deadline_from=f["deadline_from"] or None, deadline_to=f["deadline_to"] or None)
        except ReviewError as exc:
            flash(str(exc), "error")
            rows = []
        page = max(request.args.get("page", 1, type=int), 1)
        pages = max((len(rows) + QUEUE_PAGE - 1) // QUEUE_PAGE, 1)
        return render_template("queue.html", rows=rows[(page - 1) * QUEUE_PAGE: page * QUEUE_PAGE], total=len(rows),
                               page=page, pages=pages, f=f, statuses=REVIEW_STATUSES, counts=store().counts())

    # ------------------------------------------------------------ document
    @app.get("/doc/<int:doc_id>")
    @login_required
    def document(doc_id: int):
        view = store().effective(doc_id)
        if view is None:
            abort(404, description=f"no document {doc_id}")
        items = review.items(view)
        spans = {it.key: it.spans for it in items if it.spans}
        pages = images.sizes(view["row"])
        layout = {it.key: review.boxes(view["blocks"], it.spans) for it in items if it.spans} if pages else {}
        deleted = sorted({c["target"] for c in view["corrections"] if c["field"] == "_deleted"}
                         - {o["id"] for o in view["result"]["obligations"]})
        obligations = [(ob, [it for it in items if it.target == ob["id"]]) for ob in view["result"]["obligations"]]
        return render_template(
            "document.html", view=view, doc=view["result"]["document"], row=view["row"],
            doc_items=[it for it in items if it.target == "document"], obligations=obligations,
            segments=review.segments(view["text"], spans), pages=pages, deleted=deleted,
            page_data={"pages": pages, "boxes": layout, "doc": doc_id,
                       "keys": {a: v["keys"] for a, v in keymap.items()}},
            choices={"doc_type": review.DOC_TYPES, "urgency": review.URGENCY,
                     "confidentiality": review.CONFIDENTIALITY, "relation": review.RELATIONS,
                     "authority": review.AUTHORITIES})

    @app.get("/doc/<int:doc_id>/next")
    @login_required
    def next_document(doc_id: int):
        """The next document to review, worked out when asked (the queue is not cheap on a big store)."""
        nxt = review.next_in_queue(store(), doc_id)
        if nxt is None:
            flash("No other unreviewed document.", "ok")
        return redirect(url_for("document", doc_id=nxt) if nxt else url_for("queue"))

    def _back(doc_id: int, key: str | None = None):
        return redirect(url_for("document", doc_id=doc_id) + (f"#item-{key}" if key else ""))

    @app.post("/doc/<int:doc_id>/edit")
    @login_required
    def edit(doc_id: int):
        target, field = request.form.get("target", ""), request.form.get("field", "")
        try:
            cid = review.correct(store(), doc_id, target, field, request.form.to_dict(), author=session["reviewer"])
            flash("Saved." if cid else "No change.", "ok")
        except ReviewError as exc:
            flash(str(exc), "error")
        return _back(doc_id, f"{target}.{field}")

    @app.post("/doc/<int:doc_id>/obligations/<ob_id>/delete")
    @login_required
    def delete(doc_id: int, ob_id: str):
        restore = request.form.get("restore") == "1"
        try:
            review.delete_obligation(store(), doc_id, ob_id, author=session["reviewer"], restore=restore)
            flash("Obligation restored." if restore else "Obligation deleted (it can be restored below).", "ok")
        except ReviewError as exc:
            flash(str(exc), "error")
        return _back(doc_id)

    @app.post("/doc/<int:doc_id>/obligations/add")
    @login_required
    def add(doc_id: int):
        try:
            _, ob_id = review.add_obligation(store(), doc_id, request.form.to_dict(), author=session["reviewer"])
            flash("Obligation added.", "ok")
            return _back(doc_id, f"{ob_id}.responsible")
        except ReviewError as exc:
            flash(str(exc), "error")
            return _back(doc_id)

    @app.post("/doc/<int:doc_id>/review")
    @login_required
    def set_review(doc_id: int):
        status = request.form.get("status", "")
        if store().document_row(doc_id) is None:
            abort(404)
        if status not in REVIEW_STATUSES:
            abort(400, description=f"unknown status {status!r}")
        store().set_review(doc_id, status, author=session["reviewer"])
        flash(f"Document {status}.", "ok")
        nxt = review.next_in_queue(store(), doc_id)
        return redirect(url_for("document", doc_id=nxt) if nxt else url_for("queue"))

    @app.get("/doc/<int:doc_id>/page/<int:page>.png")
    @login_required
    def page_image(doc_id: int, page: int):
        row = store().document_row(doc_id)
        if row is None:
            abort(404)
        png = images.png(row, page)
        if png is None:
            abort(404, description="the PDF is not where it was ingested, or it changed since")
        return png, 200, {"Content-Type": "image/png", "Cache-Control": "private, max-age=3600"}

    # ------------------------------------------------------------ audit
    @app.get("/audit")
    @login_required
    def audit():
        doc = request.args.get("doc", type=int)
        author = request.args.get("author", "").strip()
        rows = store().corrections(document_id=doc)
        if author:
            rows = [c for c in rows if c["author"] == author]
        rows.reverse()
        return render_template("audit.html", rows=rows[:1000], total=len(rows), doc=doc, author=author,
                               reviewers=store().reviewers(), dumps=review.dumps)

    # ------------------------------------------------------------ JSON API
    def _limit() -> int:
        return max(1, min(request.args.get("limit", 100, type=int), 1000))

    @app.get("/api/documents")
    @api_auth
    def api_documents():
        since, limit = request.args.get("since", 0, type=int), _limit()
        statuses = store().review_statuses()
        out, cursor = [], since
        for run_id, result in store().results(since=since, limit=limit):
            doc_id = store().document_id(result["source"]["sha256"])
            out.append({"id": doc_id, "cursor": run_id, "review_status": statuses.get(doc_id, "unreviewed"),
                        "result": result})
            cursor = run_id
        return jsonify(documents=out, next_since=cursor, more=len(out) == limit)

    @app.get("/api/documents/<int:doc_id>")
    @api_auth
    def api_document(doc_id: int):
        view = store().effective(doc_id)
        if view is None:
            return jsonify(error=f"no document {doc_id}"), 404
        return jsonify(id=doc_id, review=view["review"], result=view["result"], corrections=view["corrections"])

    @app.get("/api/obligations")
    @api_auth
    def api_obligations():
        since, limit = request.args.get("since", 0, type=int), _limit()
        # a page is ``limit`` documents' obligations: a document never straddles two pages
        docs = list(store().results(since=since, limit=limit))
        out = [{"document_sha256": r["source"]["sha256"], "cursor": run_id, **ob} for run_id, r in docs
               for ob in r["obligations"]]
        cursor, more = (docs[-1][0] if docs else since), len(docs) == limit
        return jsonify(obligations=out, next_since=cursor, more=more)

    @app.get("/api/corrections")
    @api_auth
    def api_corrections():
        since, limit = request.args.get("since", 0, type=int), _limit()
        rows = store().corrections(since=since, limit=limit)
        return jsonify(corrections=rows, next_since=rows[-1]["id"] if rows else since, more=len(rows) == limit)

    @app.errorhandler(400)
    @app.errorhandler(404)
    def _error(exc):
        if request.path.startswith("/api/"):
            return jsonify(error=exc.description), exc.code
        return render_template("error.html", error=exc), exc.code

    return app


class _PageImages:
    """Page images of the stored PDFs, rendered on demand (pypdfium2) and kept in a small cache;
    a file that moved or changed since ingest gives none rather than a wrong page."""

    def __init__(self, size: int = 48):
        self._png: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._ok: dict[tuple[str, float, int], bool] = {}
        self._size = size
        self._lock = Lock()

    def _file(self, row: dict) -> Path | None:
        p = Path(row["path"])
        if not row.get("media_type") == "application/pdf" or not p.is_file():
            return None
        st = p.stat()
        key = (str(p), st.st_mtime, st.st_size)
        if key not in self._ok:
            self._ok[key] = hashlib.sha256(p.read_bytes()).hexdigest() == row["sha256"]
        return p if self._ok[key] else None

    def sizes(self, row: dict) -> list[dict]:
        """[{page, width, height}] in PDF points; empty where there is no PDF to show."""
        p = self._file(row)
        if p is None:
            return []
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(p))
        try:
            return [{"page": i + 1, "width": pdf[i].get_width(), "height": pdf[i].get_height()} for i in range(len(pdf))]
        finally:
            pdf.close()

    def png(self, row: dict, page: int) -> bytes | None:
        key = (row["sha256"], page)
        with self._lock:
            if key in self._png:
                self._png.move_to_end(key)
                return self._png[key]
        p = self._file(row)
        if p is None:
            return None
        import pypdfium2 as pdfium

        from ..stamped import open_document

        pdf = open_document(str(p))  # with its form environment: seals and signing stamps are drawn
        try:
            if not 1 <= page <= len(pdf):
                return None
            image = pdf[page - 1].render(scale=PAGE_SCALE).to_pil()
        finally:
            pdf.close()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        data = buf.getvalue()
        with self._lock:
            self._png[key] = data
            while len(self._png) > self._size:
                self._png.popitem(last=False)
        return data
