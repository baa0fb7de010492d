"""``regex`` with a cheap pattern cache, for the module-level calls in the extractors.

``regex.match(pattern, text)`` looks its compiled pattern up through a cache whose key building
(flag enums, argument checks) costs ~10 µs per call; the extractors make ~1,400 such calls per
page, which was 15 % of end-to-end time (benchmarks/speed.py --profile). Here the compiled
pattern comes from an ``lru_cache`` keyed on (pattern, flags). Same functions, same results;
anything not wrapped here falls through to ``regex``.
"""
from __future__ import annotations

from functools import lru_cache

import regex


@lru_cache(maxsize=4096)
def compile(pattern, flags=0):  # noqa: A001 - the regex API's name
    return pattern if isinstance(pattern, regex.Pattern) else regex.compile(pattern, flags)


def match(pattern, string, flags=0, **kw):
    return compile(pattern, flags).match(string, **kw)


def fullmatch(pattern, string, flags=0, **kw):
    return compile(pattern, flags).fullmatch(string, **kw)


def search(pattern, string, flags=0, **kw):
    return compile(pattern, flags).search(string, **kw)


def sub(pattern, repl, string, count=0, flags=0, **kw):
    return compile(pattern, flags).sub(repl, string, count=count, **kw)


def subn(pattern, repl, string, count=0, flags=0, **kw):
    return compile(pattern, flags).subn(repl, string, count=count, **kw)


def split(pattern, string, maxsplit=0, flags=0, **kw):
    return compile(pattern, flags).split(string, maxsplit=maxsplit, **kw)


def findall(pattern, string, flags=0, **kw):
    return compile(pattern, flags).findall(string, **kw)


def finditer(pattern, string, flags=0, **kw):
    return compile(pattern, flags).finditer(string, **kw)


def __getattr__(name):  # escape, I, IGNORECASE, Pattern, Match, error, ...
    return getattr(regex, name)
