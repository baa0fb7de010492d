"""Reviewer roles: a ``reviewer`` edits, a ``viewer`` only reads, an ``admin`` edits and manages
accounts. One column (``reviewers.role``, migration 5) and one decorator; the login itself is
elsewhere and untouched by this."""
from __future__ import annotations

import functools

from flask import abort, g, jsonify, request, session

from ..store import Store, StoreError

ROLES = ("reviewer", "viewer", "admin")
_RANK = {"viewer": 0, "reviewer": 1, "admin": 2}


def role_of(store: Store, name: str | None) -> str | None:
    if not name:
        return None
    row = store.db.execute("SELECT role FROM reviewers WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def set_role(store: Store, name: str, role: str) -> None:
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    with store.db.atomic():
        if store.db.execute("UPDATE reviewers SET role = ? WHERE name = ?", [role, name]).rowcount == 0:
            raise StoreError(f"no reviewer {name!r}")


def accounts(store: Store) -> list[dict]:
    return [{"name": n, "role": r, "created_at": c} for n, r, c in
            store.db.execute("SELECT name, role, created_at FROM reviewers ORDER BY name")]


def can(role: str | None, needed: str) -> bool:
    return role is not None and _RANK.get(role, -1) >= _RANK[needed]


def requires(needed: str, store_of):
    """Refuse the view (403; JSON under /api/) unless the logged-in reviewer's role reaches ``needed``."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            role = role_of(store_of(), session.get("reviewer"))
            if not can(role, needed):
                if request.path.startswith("/api/"):
                    return jsonify(error="forbidden", role=role), 403
                abort(403)
            g.role = role
            return fn(*a, **kw)
        return wrapper
    return deco
