"""The reviewer web app (``congvan serve``): Flask + Jinja2 server-rendered pages over the store.

Flask is the small, well-known stack chosen for it: Jinja2 escapes every value by default (the
letters' text is untrusted input), its signed session cookie gives logins without a session
table, and the routes stay a thin layer over :mod:`congvan.pipeline.review` and :mod:`congvan.pipeline.store`.
"""
from .app import create_app

__all__ = ["create_app"]
