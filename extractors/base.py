"""Shared pieces of the extractors: the match type, the language data, line iteration."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from . import fastre as re


@dataclass(slots=True)
class Match:
    """One extracted thing: its value and where it stands in the text."""

    kind: str
    start: int
    end: int
    text: str
    value: Any = None
    confidence: float = 1.0
    spans: list[tuple[int, int]] = field(default_factory=list)  # extra evidence spans


@lru_cache(maxsize=None)
def data(name: str) -> dict[str, Any]:
    """Load ``extractors/data/<name>.json``."""
    with resources.files("congvan.extractors").joinpath("data", f"{name}.json").open(encoding="utf-8") as f:
        return json.load(f)


@dataclass(slots=True)
class TextLine:
    start: int
    end: int
    text: str


def lines(text: str, start: int = 0, end: int | None = None) -> Iterator[TextLine]:
    """The lines of ``text[start:end]`` with their offsets into ``text``."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield TextLine(pos, stop, text[pos:stop])
        pos = stop + 1


def strip_span(text: str, start: int, end: int, chars: str = " \t-–;,.:") -> tuple[int, int]:
    """Shrink ``[start, end)`` past leading/trailing ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


# what ``line_matches`` reads back over before its literal: ``^\s*`` and ``^[ \t]*`` patterns
LEAD_SPACE = re.compile(r"(?r)\s*")
LEAD_BLANKS = re.compile(r"(?r)[ \t]*")


def line_matches(pattern, text: str, literal: str, lead, pos: int = 0, endpos: int | None = None) -> Iterator:
    """``pattern.finditer(text, pos, endpos)`` for a MULTILINE pattern that reads ``^``, then ``lead``
    (a reverse pattern of what may stand before it: ``(?r)\\s*``, ``(?r)[ \\t]*``), then ``literal``
    (``Nơi nhận`` lines): tried only at the line start before each ``literal`` that ``str.find`` gives.
    The regex engine tries ``^`` at every position of a letter (a scan of each was 2-5 % of the
    fields). Same matches: one can start only at a line start from which ``lead`` runs to a
    ``literal``, and at any such start it matches or fails alike (what follows the literal decides)."""
    endpos = len(text) if endpos is None else endpos
    done = pos  # the end of the last match: the next starts there or later
    at = text.find(literal, pos, endpos)
    while at >= 0:
        run = lead.match(text, done, at).start()  # the lead before the literal (not before ``done``)
        if run == 0 or text[run - 1] == "\n":
            start = run
        else:
            nl = text.find("\n", run, at)
            start = nl + 1 if nl >= 0 else -1
        m = pattern.match(text, start, endpos) if start >= 0 else None
        if m is not None:
            yield m
            done = m.end()
            at = text.find(literal, max(done, at + 1), endpos)
        else:
            at = text.find(literal, at + 1, endpos)


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


QUOC_HIEU = re.compile(r"C[ỘÔO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘÔ]I|Độc\s+lập\s*[-–]\s*Tự\s+do", re.I)


def phrase_alternation(phrases) -> str:
    """``phrases`` as one regex alternation, longest first, a space matching any run of whitespace
    (the plain form of ``trie_alternation``, for short lists)."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


def trie_alternation(phrases, *, fold: bool = False) -> str:
    """One regex alternation of ``phrases``, factored into a character trie (``báo cáo|báo cáo về|
    bố trí`` -> ``b(?:áo\\s+cáo(?:\\s+về)?|ố\\s+trí)``). Same matches as the phrases sorted longest
    first, far fewer steps for the engine on long word lists. A space in a phrase matches any run of
    whitespace. ``fold``: phrases are lowercased (for a pattern compiled with IGNORECASE)."""
    root: dict = {}
    for p in phrases:
        node = root
        for ch in " ".join((p.lower() if fold else p).split()):  # a space: any run of whitespace
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(root) or "(?!)"


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        tok = r"\s+" if ch == " " else re.escape(ch)
        branches.append(tok + _trie_regex(node[ch]))
    if not branches:
        return ""
    if len(branches) > 1:
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body
    return "(?:" + branches[0] + ")?" if ends else branches[0]


_ATOMS = frozenset({str, int, float, bool, type(None)})  # exactly these types: returned as they are


def plain_copy(value):
    """A deep copy of plain values (dicts, lists, tuples of str, int, float, bool, None): what
    ``copy.deepcopy`` gives for them, several times faster (it was a tenth of the obligations pass)."""
    kind = type(value)  # plain dicts and lists first, their plain leaves without a call each
    if kind is dict:
        return {k: v if type(v) in _ATOMS else plain_copy(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _ATOMS else plain_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain_copy(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return copy.deepcopy(value)
