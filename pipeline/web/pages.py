"""The due-date board (``/board``, its exports) and account management (``/admin/accounts``)."""
from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, url_for

from .. import board as due_board
from ..store import StoreError
from . import i18n
from .roles import ROLES, accounts as list_accounts, requires, set_role


def register(app, store, locale, login_required) -> None:
    def today() -> dt.date:
        asked = request.args.get("today", "")
        try:
            return dt.date.fromisoformat(asked) if asked else i18n.local_today()
        except ValueError:
            abort(400, description=i18n.gettext(locale(), "error.bad_date", value=asked))

    @app.get("/board")
    @login_required
    def board():
        unit = request.args.get("unit", "").strip()
        b = due_board.board(store(), today(), unit=unit or None)
        return render_template("board.html", b=b, unit=unit, max_rows=due_board.MAX_ROWS,
                               today_arg=request.args.get("today") or None)

    @app.get("/board/export.<fmt>")
    @login_required
    def board_export(fmt: str):
        from .. import export

        results = due_board.export_results(store(), today())
        unit = " ".join(request.args.get("unit", "").lower().split())
        if unit:
            results = [{**r, "obligations": obs} for r in results
                       if (obs := [o for o in r["obligations"] if any(unit in u["name"].lower() for u in o["responsible"])])]
        if fmt not in ("csv", "xlsx", "ics"):
            abort(404)
        mime = {"csv": "text/csv; charset=utf-8", "ics": "text/calendar",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[fmt]
        return Response(export.encode(results, fmt), mimetype=mime,
                        headers={"Content-Disposition": f"attachment; filename=han-{today().isoformat()}.{fmt}"})

    @app.route("/admin/accounts", methods=["GET", "POST"])
    @login_required
    @requires("admin", store)
    def accounts():
        if request.method == "POST":
            name, role = request.form.get("name", "").strip(), request.form.get("role", "")
            try:
                if request.form.get("new"):
                    store().add_reviewer(name, request.form.get("password", ""))
                set_role(store(), name, role)
                flash(i18n.gettext(locale(), "accounts.saved", name=name, role=i18n.gettext(locale(), "role." + role)), "ok")
            except StoreError as exc:
                flash(i18n.error_text(locale(), str(exc)), "error")
            return redirect(url_for("accounts"))
        return render_template("accounts.html", accounts=list_accounts(store()), roles=ROLES)
