"""Reviewer accounts of the store: passwords (werkzeug hashes), API tokens and web sessions
(kept as their sha256 only, with expiry and revocation), and the app's own secrets. A mixin of
``store.Store``: its methods use the store's ``db`` and raise ``StoreError``.
"""
from __future__ import annotations

import datetime as dt

from .store_schema import _now


class StoreError(Exception):
    pass


class ReviewerAccounts:
    """Accounts, tokens and sessions; ``self.db`` is the store's sqlite_utils database."""

    def add_reviewer(self, name: str, password: str) -> int:
        from werkzeug.security import generate_password_hash

        name = name.strip()
        if not name or len(password) < 8:
            raise StoreError("a reviewer needs a name and a password of at least 8 characters")
        if self.db.execute("SELECT 1 FROM reviewers WHERE name = ?", [name]).fetchone():
            raise StoreError(f"reviewer {name!r} exists already")
        with self.db.atomic():
            return self.db["reviewers"].insert({"name": name, "password_hash": generate_password_hash(password),
                                                "created_at": _now()}).last_pk

    def check_reviewer(self, name: str, password: str) -> bool:
        from werkzeug.security import check_password_hash

        row = self.db.execute("SELECT password_hash FROM reviewers WHERE name = ?", [name]).fetchone()
        if row is None:
            check_password_hash("scrypt:32768:8:1$x$" + "0" * 128, password)  # same time as a real check
            return False
        return check_password_hash(row[0], password)

    def reviewers(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM reviewers ORDER BY name")]

    def new_api_token(self, name: str, *, days: float = 90) -> str:
        """A new token for the JSON API (``Authorization: Bearer ...``), valid ``days``; only its
        hash is kept."""
        import hashlib
        import secrets

        row = self.db.execute("SELECT id FROM reviewers WHERE name = ?", [name]).fetchone()
        if row is None:
            raise StoreError(f"no reviewer {name!r}")
        if not 0 < days <= 3660:
            raise StoreError("a token lives between a moment and ten years (--days)")
        token = secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.timezone.utc)
        with self.db.atomic():
            self.db["api_tokens"].insert({"reviewer_id": row[0], "token_sha256": hashlib.sha256(token.encode()).hexdigest(),
                                          "created_at": now.isoformat(timespec="seconds"),
                                          "expires_at": (now + dt.timedelta(days=days)).isoformat(timespec="seconds")})
        return token

    def token_owner(self, token: str) -> str | None:
        """The reviewer a token belongs to, while it is neither expired nor revoked."""
        import hashlib

        row = self.db.execute("SELECT r.name, t.expires_at, t.revoked_at FROM api_tokens t JOIN reviewers r "
                              "ON r.id = t.reviewer_id WHERE t.token_sha256 = ?",
                              [hashlib.sha256(token.encode()).hexdigest()]).fetchone()
        if row is None or row[2] is not None or not row[1] or row[1] <= _now():
            return None
        return row[0]

    def revoke_tokens(self, name: str) -> int:
        """Revoke every live API token of a reviewer; returns how many."""
        if not self.db.execute("SELECT 1 FROM reviewers WHERE name = ?", [name]).fetchone():
            raise StoreError(f"no reviewer {name!r}")
        with self.db.atomic():
            return self.db.execute("UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL AND reviewer_id = "
                                   "(SELECT id FROM reviewers WHERE name = ?)", [_now(), name]).rowcount

    def set_password(self, name: str, password: str) -> int:
        """A new password; every login session of the reviewer ends. Returns the sessions ended."""
        from werkzeug.security import generate_password_hash

        if len(password) < 8:
            raise StoreError("a password needs at least 8 characters")
        with self.db.atomic():
            if not self.db.execute("UPDATE reviewers SET password_hash = ? WHERE name = ?",
                                   [generate_password_hash(password), name]).rowcount:
                raise StoreError(f"no reviewer {name!r}")
            return self.end_sessions(name)

    # ------------------------------------------------------------------ login sessions
    def new_session(self, name: str, *, hours: float = 12) -> str:
        """A random session id for a reviewer who just logged in; only its hash is kept."""
        import hashlib
        import secrets

        sid = secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.timezone.utc)
        with self.db.atomic():
            row = self.db.execute("SELECT id FROM reviewers WHERE name = ?", [name]).fetchone()
            if row is None:
                raise StoreError(f"no reviewer {name!r}")
            self.db.execute("DELETE FROM sessions WHERE expires_at <= ?", [_now()])  # keep the table small
            self.db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                            [hashlib.sha256(sid.encode()).hexdigest(), row[0], now.isoformat(timespec="seconds"),
                             (now + dt.timedelta(hours=hours)).isoformat(timespec="seconds")])
        return sid

    def session_owner(self, sid: str) -> str | None:
        import hashlib

        row = self.db.execute("SELECT r.name, s.expires_at FROM sessions s JOIN reviewers r ON r.id = s.reviewer_id "
                              "WHERE s.id_sha256 = ?", [hashlib.sha256(sid.encode()).hexdigest()]).fetchone()
        return row[0] if row and row[1] > _now() else None

    def end_session(self, sid: str) -> None:
        import hashlib

        with self.db.atomic():
            self.db.execute("DELETE FROM sessions WHERE id_sha256 = ?", [hashlib.sha256(sid.encode()).hexdigest()])

    def end_sessions(self, name: str) -> int:
        with self.db.atomic():
            return self.db.execute("DELETE FROM sessions WHERE reviewer_id = (SELECT id FROM reviewers WHERE name = ?)",
                                   [name]).rowcount

    def secret(self, name: str) -> str:
        """A random secret kept in the database (the web app's session key), made on first use."""
        import secrets

        row = self.db.execute("SELECT value FROM app_secrets WHERE name = ?", [name]).fetchone()
        if row:
            return row[0]
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO app_secrets VALUES (?, ?)", [name, secrets.token_hex(32)])
        return self.db.execute("SELECT value FROM app_secrets WHERE name = ?", [name]).fetchone()[0]
