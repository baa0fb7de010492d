"""The document page's JSON endpoints: the page script saves through these with fetch, so nothing
reloads and nothing typed is lost. Every change answers with the re-rendered field pane, the new
value versions and an undo token; a refused value answers 422 with the reason (the page keeps the
editor open beside it), a save over a newer change 409 with what changed, a viewer 403."""
from __future__ import annotations

from flask import jsonify, render_template, request, session

from .. import review, review_actions
from ..review import ReviewError
from ..review_actions import ConflictError
from . import i18n
from .roles import requires


def register(app, store, page_context, locale) -> None:
    """Add the routes to ``app``; ``store()`` is the request's store, ``page_context(doc_id)`` the
    document page's template context, ``locale()`` the request's locale."""
    edit_role = requires("reviewer", store)

    def who() -> str:
        return session["reviewer"]

    def answer(doc_id: int, *, undo: dict | None = None, message: str = "", extra: dict | None = None):
        ctx = page_context(doc_id)
        html = render_template("_fields.html", **ctx)
        return jsonify(ok=True, fields_html=html, versions=ctx["versions"], status=ctx["view"]["review"]["status"],
                       status_label=i18n.gettext(locale(), "status." + ctx["view"]["review"]["status"]),
                       undo=undo, message=message, **(extra or {}))

    def refused(exc: ReviewError, key: str | None = None):
        if isinstance(exc, ConflictError):
            c = exc.change
            text = i18n.gettext(locale(), "js.conflict", who=c["author"], at=i18n.local_time(c["at"]),
                                old=_short(c["old_value"]), new=_short(c["new_value"]))
            return jsonify(ok=False, error=text, conflict=c, key=key), 409
        return jsonify(ok=False, error=i18n.error_text(locale(), str(exc)), key=key), 422

    def login_needed():
        if not session.get("reviewer"):
            return jsonify(ok=False, error="login_required"), 401
        return None

    @app.get("/api/session")
    def api_session():
        """Who is logged in and the CSRF token to send (the page asks after logging in again)."""
        name = session.get("reviewer")
        token = app.jinja_env.globals["csrf_token"]() if name else None
        from .roles import role_of
        return jsonify(reviewer=name, csrf=token, role=role_of(store(), name))

    @app.post("/api/documents/<int:doc_id>/fields")
    def api_edit(doc_id: int):
        return login_needed() or _edit(doc_id)

    @edit_role
    def _edit(doc_id: int):
        form = request.form.to_dict()
        target, field = form.get("target", ""), form.get("field", "")
        key = f"{target}.{field}"
        try:
            review_actions.check_version(store(), doc_id, key, form.get("version"))
            cid = review.correct(store(), doc_id, target, field, form, author=who())
        except ReviewError as exc:
            return refused(exc, key)
        undo = {"kind": "correction", "id": cid} if cid else None
        return answer(doc_id, undo=undo, message=i18n.gettext(locale(), "js.saved" if cid else "js.no_change"),
                      extra={"key": key})

    @app.post("/api/documents/<int:doc_id>/obligations/<ob_id>/delete")
    def api_delete(doc_id: int, ob_id: str):
        return login_needed() or _delete(doc_id, ob_id)

    @edit_role
    def _delete(doc_id: int, ob_id: str):
        restore = request.form.get("restore") == "1"
        try:
            review_actions.check_version(store(), doc_id, f"{ob_id}._deleted", request.form.get("version"))
            cid = review.delete_obligation(store(), doc_id, ob_id, author=who(), restore=restore)
        except ReviewError as exc:
            return refused(exc, f"{ob_id}._deleted")
        return answer(doc_id, undo={"kind": "correction", "id": cid},
                      message=i18n.gettext(locale(), "js.restored" if restore else "js.deleted"))

    @app.post("/api/documents/<int:doc_id>/obligations/<ob_id>/accept")
    def api_accept_ob(doc_id: int, ob_id: str):
        return login_needed() or _accept_ob(doc_id, ob_id)

    @edit_role
    def _accept_ob(doc_id: int, ob_id: str):
        value = request.form.get("value", "1") == "1"
        try:
            review_actions.check_version(store(), doc_id, f"{ob_id}._accepted", request.form.get("version"))
            cid = review_actions.accept_obligation(store(), doc_id, ob_id, author=who(), value=value)
        except ReviewError as exc:
            return refused(exc, f"{ob_id}._accepted")
        return answer(doc_id, undo={"kind": "correction", "id": cid} if cid else None,
                      message=i18n.gettext(locale(), "js.ob_accepted" if value else "js.ob_unaccepted"))

    @app.post("/api/documents/<int:doc_id>/obligations/accept-above")
    def api_bulk(doc_id: int):
        return login_needed() or _bulk(doc_id)

    @edit_role
    def _bulk(doc_id: int):
        try:
            threshold = float(request.form.get("threshold", ""))
            ids = review_actions.accept_above(store(), doc_id, threshold, author=who())
        except ValueError as exc:
            return refused(ReviewError(str(exc)))
        return answer(doc_id, undo={"kind": "bulk", "ids": ids} if ids else None,
                      message=i18n.gettext(locale(), "js.bulk_done", n=len(ids)))

    @app.post("/api/documents/<int:doc_id>/obligations")
    def api_add(doc_id: int):
        return login_needed() or _add(doc_id)

    @edit_role
    def _add(doc_id: int):
        try:
            cid, ob_id = review.add_obligation(store(), doc_id, request.form.to_dict(), author=who())
        except ReviewError as exc:
            return refused(exc)
        return answer(doc_id, undo={"kind": "correction", "id": cid}, message=i18n.gettext(locale(), "js.added"),
                      extra={"key": f"{ob_id}.responsible"})

    @app.post("/api/documents/<int:doc_id>/review")
    def api_review(doc_id: int):
        return login_needed() or _review(doc_id)

    @edit_role
    def _review(doc_id: int):
        status = request.form.get("decision", "")  # "status" is the queue filter the page passes on
        try:
            review_actions.check_version(store(), doc_id, "_review", request.form.get("version"))
            rid = review_actions.set_review(store(), doc_id, status, author=who())
        except ReviewError as exc:
            return refused(exc, "_review")
        filters = {k: request.form.get(k) for k in review.FILTERS}
        nxt = review.next_in_queue(store(), doc_id, **filters) if status != "unreviewed" else None
        return answer(doc_id, undo={"kind": "review", "id": rid},
                      message=i18n.gettext(locale(), "js.status_set", status=i18n.gettext(locale(), "status." + status)),
                      extra={"next": nxt})

    @app.post("/api/documents/<int:doc_id>/undo")
    def api_undo(doc_id: int):
        return login_needed() or _undo(doc_id)

    @edit_role
    def _undo(doc_id: int):
        kind = request.form.get("kind", "")
        try:
            ids = [int(x) for x in request.form.get("id", "").split(",") if x]
            if not ids:
                raise ReviewError("nothing to undo")
            if kind == "review":
                review_actions.undo_review(store(), doc_id, ids[0], author=who())
            elif kind in ("correction", "bulk"):
                with store().db.atomic():
                    for cid in ids:
                        review_actions.undo_correction(store(), doc_id, cid, author=who())
            else:
                raise ReviewError(f"unknown undo kind {kind!r}")
        except ValueError as exc:
            return refused(ReviewError(str(exc)))
        return answer(doc_id, message=i18n.gettext(locale(), "js.undone"))

    @app.get("/api/documents/<int:doc_id>/draft")
    def api_draft(doc_id: int):
        """The add form filled from the selected text (``start``/``end`` offsets)."""
        if not session.get("reviewer"):
            return jsonify(ok=False, error="login_required"), 401
        view = store().effective(doc_id)
        if view is None:
            return jsonify(ok=False, error=i18n.gettext(locale(), "error.no_document", id=doc_id)), 404
        try:
            draft = review_actions.draft_obligation(view, request.args.get("start", -1, type=int),
                                                    request.args.get("end", -1, type=int))
        except ReviewError as exc:
            return refused(exc)
        return jsonify(ok=True, draft=draft)

    @app.post("/api/documents/<int:doc_id>/presence")
    def api_presence(doc_id: int):
        if not session.get("reviewer"):
            return jsonify(ok=False, error="login_required"), 401
        review_actions.touch(store(), doc_id, who())
        return jsonify(ok=True, others=review_actions.others_here(store(), doc_id, who()))


def _short(value) -> str:
    text = value if isinstance(value, str) else review.dumps(value)
    return text if len(text) <= 80 else text[:79] + "…"


__all__ = ["register"]
