"""What keeps the review app's logins and requests safe (issue 18), apart from the routes.

- The session key is not in the database (anyone who could read the file, or browse it in
  Datasette, could sign a login): ``CONGVAN_SECRET_KEY``, else a file ``<db>.key`` beside the
  database, created 0600.
- Sessions are server-side: the signed cookie holds a random id whose hash is a ``sessions`` row;
  a cookie without a live row (logged out, password changed, expired, or signed by someone who
  found a key) is emptied before any route sees it.
- Login attempts are limited per name and per address (failures in a sliding window).
- Cookies are ``Secure`` unless the app is reached on localhost.
- ``next`` after login is a path on this site only.
- Integers in URLs and query strings are bounded (SQLite's 64-bit range); an out-of-range one is a
  400, not a 500. A database busy past its timeout answers 503 "try again", never a 500.
- Page images are rendered at a scale that bounds their pixels, whatever the page size.
"""
from __future__ import annotations

import logging
import math
import os
import secrets
import sqlite3
import string
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask, jsonify, render_template, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.routing import IntegerConverter

from ..shared_db import FILE_MODE, is_locked

log = logging.getLogger(__name__)

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
MAX_INT = 2**63 - 1
# login failures allowed in WINDOW_S seconds, per reviewer name and per client address
NAME_FAILURES, ADDRESS_FAILURES, WINDOW_S = 5, 20, 15 * 60
# page images: at most this many pixels on the longest side and in all (a 14,400-point page at
# 144 dpi would be 28,800 px square, 3.3 GB of RGB)
MAX_IMAGE_SIDE, MAX_IMAGE_PIXELS = 2400, 4_000_000


# ---------------------------------------------------------------- the session key


def session_key(db_path: str | Path) -> str:
    """``CONGVAN_SECRET_KEY`` or the key file beside the database (made 0600 on first use)."""
    env = os.environ.get("CONGVAN_SECRET_KEY")
    if env:
        return env
    path = Path(str(db_path) + ".key")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, 0o600)
            log.warning("%s was readable by other users (mode %o); made 0600", path, mode)
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise ValueError(f"{path}: the session key is too short; delete the file to make a new one")
        return key
    with os.fdopen(fd, "w", encoding="ascii") as f:
        key = secrets.token_hex(32)
        f.write(key + "\n")
    return key


# ---------------------------------------------------------------- login rate limit


class LoginLimiter:
    """Failures per name and per address in a sliding window; a success clears the name's."""

    def __init__(self, *, per_name: int = NAME_FAILURES, per_address: int = ADDRESS_FAILURES,
                 window: float = WINDOW_S):
        self.per_name, self.per_address, self.window = per_name, per_address, window
        self._fails: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._fails[key]
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def wait(self, name: str, address: str) -> int:
        """Seconds until a try is allowed again (0: now)."""
        now = time.monotonic()
        with self._lock:
            waits = []
            for key, cap in ((("name", name.casefold()), self.per_name), (("address", address), self.per_address)):
                q = self._recent(key, now)
                if len(q) >= cap:
                    waits.append(q[len(q) - cap] + self.window - now)
            return math.ceil(max(waits)) if waits else 0

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._fails[("name", name.casefold())].append(now)
            self._fails[("address", address)].append(now)
            if len(self._fails) > 10_000:  # many names tried: drop the idle ones
                for key in [k for k in self._fails if not self._recent(k, now)]:
                    del self._fails[key]

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._fails.pop(("name", name.casefold()), None)


# ---------------------------------------------------------------- redirects, hosts, integers

_SAFE_PATH_CHARS = set(string.ascii_letters + string.digits + "-._~/?=&%+:@!$'()*,;#")


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a path on this site (``/doc/3?x=1``), else None. Browsers drop tabs and
    newlines and read ``\\`` as ``/``, so ``/%09/evil.example`` or ``/\\evil.example`` would leave
    the site: anything but plain URL characters is refused, as is a second leading slash, in the
    value as given and percent-decoded."""
    if not value or len(value) > 2000:
        return None
    for form in (value, unquote(value)):  # percent-encoded, a tab or slash is refused just the same
        if not form.startswith("/") or form.startswith("//") or any(c not in _SAFE_PATH_CHARS for c in form):
            return None
        parts = urlsplit(form)
        if parts.scheme or parts.netloc:
            return None
    return value


def is_local(host: str) -> bool:
    """``host`` (a Host header, port included or not) is this machine."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]" in LOCAL_HOSTS
    return host.rsplit(":", 1)[0] in LOCAL_HOSTS if host.count(":") == 1 else host in LOCAL_HOSTS


class BoundedInt(IntegerConverter):
    """``<int:...>`` in routes, no larger than SQLite can hold (larger ones are a 404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_INT if max is None else max, signed=signed)


class _Sessions(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config.get("SESSION_COOKIE_SECURE"):
            return True
        try:
            return not is_local(request.host)
        except RuntimeError:  # outside a request
            return False


def page_scale(width: float, height: float, scale: float) -> float:
    """``scale`` reduced so a ``width`` x ``height`` point page stays within the pixel bounds."""
    w, h = max(width, 1.0), max(height, 1.0)
    return min(scale, MAX_IMAGE_SIDE / max(w, h), math.sqrt(MAX_IMAGE_PIXELS / (w * h)))


# ---------------------------------------------------------------- the hooks


def install(app: Flask, store) -> LoginLimiter:
    """Wire the session check, the cookie policy, bounded integers and the error answers into
    ``app``; ``store()`` gives the request's Store. Call before the routes are added."""
    app.url_map.converters["int"] = BoundedInt
    app.session_interface = _Sessions()
    limiter = LoginLimiter()

    @app.before_request
    def _live_session():
        who = session.get("reviewer")
        if who is None and "sid" not in session:
            return
        sid = session.get("sid")
        if not sid or store().session_owner(sid) != who:
            log.warning("refused a session cookie for %r without a live server-side session", who)
            session.clear()

    @app.errorhandler(OverflowError)
    def _too_large(exc):
        msg = "a number in the request is out of range"
        if request.path.startswith("/api/"):
            return jsonify(error=msg), 400
        return render_template("error.html", error=_Plain(400, msg)), 400

    @app.errorhandler(sqlite3.OperationalError)
    def _busy(exc):
        if not is_locked(exc):
            raise exc
        log.warning("database busy past the timeout on %s %s", request.method, request.path)
        msg = ("the database is busy (an ingest may be writing); nothing was saved - try again in a moment")
        headers = {"Retry-After": "5"}
        if request.path.startswith("/api/"):
            return jsonify(error=msg), 503, headers
        return render_template("error.html", error=_Plain(503, msg)), 503, headers

    return limiter


def start_session(store, name: str, *, hours: float) -> None:
    """After a good password: a fresh cookie with a new server-side session id."""
    session.clear()
    session.permanent = True
    session["sid"] = store.new_session(name, hours=hours)
    session["reviewer"] = name


def end_session(store) -> None:
    sid = session.get("sid")
    if sid:
        store.end_session(sid)
    session.clear()


def client_address() -> str:
    return request.remote_addr or "?"


class _Plain:
    """What error.html reads from an HTTP error."""

    def __init__(self, code: int, description: str):
        self.code, self.description, self.name = code, description, "Error"
