"""Routes of the review app. Pages need a logged-in reviewer; every POST needs the session's CSRF
token; the JSON API takes the login session or an API token (``Authorization: Bearer ...``)."""
from __future__ import annotations

import datetime as dt
import functools
import hmac
import logging
import secrets
from pathlib import Path

from flask import Flask, abort, flash, g, jsonify, redirect, render_template, request, session, url_for

from .. import review, review_actions
from ..models import checked
from ..review import ReviewError
from ..store import REVIEW_STATUSES, Store
from . import actions, docview, i18n, pages as extra_pages, security
from .images import PageImages
from .roles import can, requires, role_of

log = logging.getLogger(__name__)

_ARROWS = {"ArrowDown": "↓", "ArrowUp": "↑", "ArrowLeft": "←", "ArrowRight": "→", " ": "Space"}
QUEUE_PAGE = 100  # documents per queue page


SESSION_HOURS = 12


def create_app(db_path: str | Path, *, secret_key: str | None = None, keys: dict | None = None,
               secure_cookies: bool = False) -> Flask:
    """The app over the store at ``db_path``; ``keys`` overrides shortcuts (see ``review.keymap``).
    Cookies are ``Secure`` when ``secure_cookies`` or when a request does not come to localhost."""
    db_path = str(db_path)
    keymap = review.keymap(keys)
    shortcuts = [(" / ".join(_ARROWS.get(k, k) for k in v["keys"]), a) for a, v in keymap.items()]
    shortcuts.insert(3, ("Esc", "cancel"))
    Store(db_path)  # create / migrate once, before serving
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or security.session_key(db_path),  # not in the database (issue 18)
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS), DB_PATH=db_path,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    images = PageImages()

    def store() -> Store:
        if "store" not in g:
            g.store = Store(db_path)  # one connection per request: sqlite connections stay in their thread
        return g.store

    @app.teardown_appcontext
    def _close(_exc):
        s = g.pop("store", None)
        if s is not None:
            s.db.conn.close()

    limiter = security.install(app, store)  # server-side sessions, bounded ints, 503 when busy

    # ------------------------------------------------------------ security
    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return session["csrf"]

    app.jinja_env.globals["csrf_token"] = csrf_token

    # ------------------------------------------------------------ language: Vietnamese first
    def locale() -> str:
        if "locale" not in g:
            asked = request.args.get("lang") or request.cookies.get("lang") or i18n.DEFAULT
            g.locale = asked if asked in i18n.LOCALES else i18n.DEFAULT
        return g.locale

    @app.after_request
    def _remember_locale(resp):
        if request.args.get("lang") in i18n.LOCALES:
            resp.set_cookie("lang", request.args["lang"], max_age=365 * 86400, samesite="Lax", httponly=True)
        return resp

    @app.context_processor
    def _words():
        loc = locale()
        return {"locale": loc, "_": lambda msgid, **kw: i18n.gettext(loc, msgid, **kw),
                "code": lambda group, c: i18n.code_label(loc, group, c),
                "show": lambda kind, v: i18n.show(loc, kind, v), "warning": lambda c: i18n.warning_text(loc, c),
                "localtime": i18n.local_time, "ddmmyyyy": i18n.date_text,
                "flashtext": lambda m: i18n.error_text(loc, m),
                "role": role_of(store(), session.get("reviewer")) if session.get("reviewer") else None}

    app.jinja_env.filters["ddmmyyyy"] = i18n.date_text
    app.jinja_env.filters["warning"] = lambda c: i18n.warning_text(locale(), c)

    def say(msgid: str, **kw) -> str:
        return i18n.gettext(locale(), msgid, **kw)
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
        status = 200
        if request.method == "POST":
            name, password = request.form.get("name", "").strip(), request.form.get("password", "")
            address = security.client_address()
            wait = limiter.wait(name, address)
            if wait:
                log.warning("login for %r from %s refused: too many failures", name, address)
                flash(f"Too many failed logins; try again in {max(1, wait // 60)} minute(s).", "error")
                status = 429
            elif store().check_reviewer(name, password):
                limiter.succeeded(name)
                security.start_session(store(), name, hours=SESSION_HOURS)
                csrf_token()
                log.info("reviewer %s logged in", name)
                return redirect(security.safe_next(request.form.get("next")) or url_for("queue"))
            else:
                limiter.failed(name, address)
                flash("Wrong name or password.", "error")
        nxt = security.safe_next(request.values.get("next")) or ""
        return render_template("login.html", next=nxt, no_reviewers=not store().reviewers()), status

    @app.post("/logout")
    def logout():
        security.end_session(store())  # the server-side session ends: a copied cookie stops working
        return redirect(url_for("login"))

    # ------------------------------------------------------------ queue
    def filters() -> dict[str, str]:
        return {k: request.values.get(k, "").strip() for k in review.FILTERS}

    def filter_query(f: dict) -> dict[str, str]:
        return {k: v for k, v in f.items() if v}

    @app.get("/")
    @login_required
    def queue():
        f = filters()
        try:
            rows = review.queue(store(), **{k: v or None for k, v in f.items()})
        except ReviewError as exc:
            flash(i18n.error_text(locale(), str(exc)), "error")
            rows = []
        page = max(request.args.get("page", 1, type=int), 1)
        pages = max((len(rows) + QUEUE_PAGE - 1) // QUEUE_PAGE, 1)
        statuses = store().review_statuses()
        status_counts = {s: 0 for s in REVIEW_STATUSES}
        for doc_id, in store().db.execute("SELECT id FROM documents WHERE latest_run_id IS NOT NULL"):
            status_counts[statuses.get(doc_id, "unreviewed")] += 1
        from ..board import due_counts

        return render_template("queue.html", rows=rows[(page - 1) * QUEUE_PAGE: page * QUEUE_PAGE], total=len(rows),
                               page=page, pages=pages, f=f, fq=filter_query(f), statuses=REVIEW_STATUSES,
                               counts=store().counts(), status_counts=status_counts,
                               due=due_counts(store(), i18n.local_today()))

    # ------------------------------------------------------------ document
    def page_context(doc_id: int) -> dict:
        view = store().effective(doc_id)
        if view is None:
            abort(404, description=say("error.no_document", id=doc_id))
        ctx = docview.context(store(), view, doc_id)
        return {"view": view, "doc": view["result"]["document"], "row": view["row"], "ctx": ctx,
                "versions": ctx["versions"], "can_edit": can(role_of(store(), session.get("reviewer")), "reviewer"),
                "choices": {"doc_type": review.DOC_TYPES, "urgency": review.URGENCY,
                            "confidentiality": review.CONFIDENTIALITY, "relation": review.RELATIONS,
                            "authority": review.AUTHORITIES}}

    @app.get("/doc/<int:doc_id>")
    @login_required
    def document(doc_id: int):
        pc = page_context(doc_id)
        view, items = pc["view"], pc["ctx"]["items"]
        spans = {it.key: it.spans for it in items if it.spans}
        pages = images.sizes(view["row"])
        layout = {it.key: review.boxes(view["blocks"], it.spans) for it in items if it.spans} if pages else {}
        me = session["reviewer"]
        if pc["can_edit"]:
            review_actions.touch(store(), doc_id, me)
        fq = filter_query(filters())
        return render_template(
            "document.html", **pc, segments=review.segments(view["text"], spans), pages=pages, fq=fq,
            others=review_actions.others_here(store(), doc_id, me),
            page_data={"pages": pages, "boxes": layout, "doc": doc_id, "filters": fq, "can_edit": pc["can_edit"],
                       "keys": {a: v["keys"] for a, v in keymap.items()}, "t": i18n.js_strings(locale()),
                       "me": me})

    @app.get("/doc/<int:doc_id>/next")
    @login_required
    def next_document(doc_id: int):
        """The next letter inside the queue's current filter, worked out when asked."""
        f = filters()
        nxt = review.next_in_queue(store(), doc_id, **f)
        if nxt is None:
            flash(say("flash.no_next"), "ok")
        return redirect(url_for("document", doc_id=nxt, **filter_query(f)) if nxt else url_for("queue", **filter_query(f)))

    def _back(doc_id: int, key: str | None = None):
        return redirect(url_for("document", doc_id=doc_id) + (f"#item-{key}" if key else ""))

    # the form posts below are the page without its script; the script saves through actions.py
    @app.post("/doc/<int:doc_id>/edit")
    @login_required
    @requires("reviewer", store)
    def edit(doc_id: int):
        target, field = request.form.get("target", ""), request.form.get("field", "")
        try:
            review_actions.check_version(store(), doc_id, f"{target}.{field}", request.form.get("version"))
            cid = review.correct(store(), doc_id, target, field, request.form.to_dict(), author=session["reviewer"])
            flash(say("js.saved") if cid else say("js.no_change"), "ok")
        except ReviewError as exc:
            flash(i18n.error_text(locale(), str(exc)), "error")
        return _back(doc_id, f"{target}.{field}")

    @app.post("/doc/<int:doc_id>/obligations/<ob_id>/delete")
    @login_required
    @requires("reviewer", store)
    def delete(doc_id: int, ob_id: str):
        restore = request.form.get("restore") == "1"
        try:
            review.delete_obligation(store(), doc_id, ob_id, author=session["reviewer"], restore=restore)
            flash(say("js.restored") if restore else say("js.deleted"), "ok")
        except ReviewError as exc:
            flash(i18n.error_text(locale(), str(exc)), "error")
        return _back(doc_id)

    @app.post("/doc/<int:doc_id>/obligations/add")
    @login_required
    @requires("reviewer", store)
    def add(doc_id: int):
        try:
            _, ob_id = review.add_obligation(store(), doc_id, request.form.to_dict(), author=session["reviewer"])
            flash(say("js.added"), "ok")
            return _back(doc_id, f"{ob_id}.responsible")
        except ReviewError as exc:
            flash(i18n.error_text(locale(), str(exc)), "error")
            return _back(doc_id)

    @app.post("/doc/<int:doc_id>/review")
    @login_required
    @requires("reviewer", store)
    def set_review(doc_id: int):
        status = request.form.get("status", "")
        if store().document_row(doc_id) is None:
            abort(404)
        if status not in REVIEW_STATUSES:
            abort(400, description=f"unknown status {status!r}")
        review_actions.set_review(store(), doc_id, status, author=session["reviewer"])
        flash(say("js.status_set", status=say("status." + status)), "ok")
        f = filters()
        nxt = review.next_in_queue(store(), doc_id, **f) if status != "unreviewed" else doc_id
        return redirect(url_for("document", doc_id=nxt, **filter_query(f)) if nxt else url_for("queue"))

    @app.get("/doc/<int:doc_id>/page/<int:page>.png")
    @login_required
    def page_png(doc_id: int, page: int):
        row = store().document_row(doc_id)
        if row is None:
            abort(404)
        png = images.png(row, page)
        if png is None:
            abort(404, description="the PDF is not where it was ingested, or it changed since")
        return png, 200, {"Content-Type": "image/png", "Cache-Control": "private, max-age=3600"}

    @app.get("/doc/<int:doc_id>/page/<int:page>")
    @login_required
    def page_image(doc_id: int, page: int):
        """The page as a compressed image sized to the pane: WebP where the browser takes it, else
        JPEG; ``w`` (pixels) is rounded up to a step so that a few sizes are cached."""
        row = store().document_row(doc_id)
        if row is None:
            abort(404)
        width = min(max(request.args.get("w", 900, type=int), 200), 2400)
        fmt = "webp" if "image/webp" in request.headers.get("Accept", "") else "jpeg"
        data = images.compressed(row, page, width, fmt)
        if data is None:
            abort(404, description="the PDF is not where it was ingested, or it changed since")
        return data, 200, {"Content-Type": f"image/{fmt}", "Cache-Control": "private, max-age=3600", "Vary": "Accept"}

    actions.register(app, store, page_context, locale)
    extra_pages.register(app, store, locale, login_required)

    # ------------------------------------------------------------ audit
    @app.get("/audit")
    @login_required
    def audit():
        from .auditview import entries

        f = {"doc": request.args.get("doc", type=int), "letter": request.args.get("letter", "").strip(),
             "author": request.args.get("author", "").strip(),
             "from": request.args.get("from", "").strip(), "to": request.args.get("to", "").strip()}
        try:
            days = [i18n.iso_day(f[k]) if f[k] else "" for k in ("from", "to")]
        except ReviewError as exc:
            flash(i18n.error_text(locale(), str(exc)), "error")
            days = ["", ""]
        rows, total = entries(store(), locale(), doc=f["doc"], letter=f["letter"], author=f["author"], day_from=days[0], day_to=days[1])
        return render_template("audit.html", rows=rows, total=total, f=f, reviewers=store().reviewers())

    # ------------------------------------------------------------ JSON API
    def _limit() -> int:
        return max(1, min(request.args.get("limit", 100, type=int), 1000))

    @app.get("/api/documents")
    @api_auth
    def api_documents():
        since, limit = request.args.get("since", 0, type=int), _limit()
        statuses = store().review_statuses()
        out, cursor = [], since
        # cursors are ids of the store's change log: a corrected or reviewed document comes again
        for run_id, result in store().results(since=since, limit=limit):
            doc_id = store().document_id(result["source"]["sha256"])
            # not through pipeline/models.py here: validating 100 results costs ~2x the page
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
        result, errors = checked(view["result"])  # typed by the contract's models (pipeline/models.py)
        return jsonify(id=doc_id, review=view["review"], result=result, corrections=view["corrections"],
                       **({"contract_errors": errors} if errors else {}))

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
    @app.errorhandler(403)
    @app.errorhandler(404)
    def _error(exc):
        if request.path.startswith("/api/"):
            return jsonify(error=exc.description), exc.code
        return render_template("error.html", error=exc), exc.code

    return app
