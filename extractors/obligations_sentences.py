"""How a letter's body splits for the obligation walk (``obligations``): list markers, heading levels
(``I.``, ``1.``, ``1.1.``, ``a)``, ``Điều 2.``) and sentences (``.`` ``;`` ``!`` ``?`` before a capital, a digit or a
cue; ``;`` not after a bare list of units; a hard line break inside a sentence mended)."""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .obligations_units import _split_units
from .obligations_vocab import _actions

_MARKER = re.compile(r"^(?:[-+•–]\s*|(?:\d+(?:\.\d+)*[.)]?|[a-zđ]\)|[IVX]+\.|Điều\s+\d+\.?)\s+)*(?:Đối\s+với\s+)?", re.I)


def _marker_end(s: str) -> int:
    """``_MARKER.match(s).end()``; 0 without the pattern where ``s`` opens with a letter that starts no marker (an
    ASCII letter not of a Roman numeral, not before ")"): most lines and sentences ("Căn cứ", "Sở", "Báo cáo")."""
    c = s[:1]
    if c.isascii() and c.isalpha() and c not in "IVXivx" and s[1:2] != ")":
        return 0
    return _MARKER.match(s).end()


# a sentence ends at . ; ! ? before a capital or a digit, not at an item number after a colon
# ("đề nghị X: 1. Rà soát ...; 2. Báo cáo ..."), and before an item lettered inside it ("...; b) Báo cáo")
# an item marker at the sentence's start ("...; b) Báo cáo ...", "...; 2. Báo cáo ...")
_ITEM_BEFORE = re.compile(r"(?:^|(?<=[\s;]))(?:[a-zđ]|\d{1,2})[.)]\s")
_SENT = re.compile(r"(?<=[.;!?])\s+(?=[\p{Lu}\d]|[a-zđ]\)\s|(?:đồng\s+thời,?\s+)?(?:(?:kính|trân\s+trọng)\s+)?(?:đề\s+nghị|giao|yêu\s+cầu)\s)|(?<=\./\.)\s*")  # (a lettered item: after ';' only)
_ITEM_NUMBER_BEFORE = re.compile(r"[:;]\s*\d{1,2}\.$")  # (tested on the few characters before a "." split)
# every _SENT break is the spaces right after one of these: trying _SENT only there finds the same breaks as
# scanning each line with it (that scan, a lookbehind at every character, was a twentieth of the walk)
_SENT_PUNCT = re.compile(r"[.;!?]")


# (compiled here: _level is asked of every line of the body)
_ROMAN_HEAD, _ARTICLE_HEAD, _NUMBER_HEAD, _LETTER_HEAD, _CAPITAL_HEAD = (
    re.compile(r"^[IVX]+\.\s"), re.compile(r"^Điều\s+\d+\.?\s"), re.compile(r"^(\d+(?:\.\d+)*)\.?\s"),
    re.compile(r"^[a-zđ]\)\s"), re.compile(r"^[A-Z]\.\s"))


def _level(line: str) -> int:
    """Heading level: I. = 0, 1. = 1, 1.1. = 2, a) = 3, bullets = 9 (not a heading)."""
    c = line[:1]  # (each pattern tried only after the first character it needs)
    if c in "IVX" and _ROMAN_HEAD.match(line):
        return 0
    if c == "Đ" and _ARTICLE_HEAD.match(line):
        return 0  # a decision's article: "Điều 2. Nhiệm vụ của Tổ Công tác" may name whose tasks follow (its items 1., 2.)
    m = _NUMBER_HEAD.match(line) if c.isdigit() else None
    if m:
        return 1 + m.group(1).count(".")
    if line[1:2] == ")" and _LETTER_HEAD.match(line):
        return 3
    if line[1:2] == "." and _CAPITAL_HEAD.match(line):
        return 0
    return 9


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans; ``;`` ends one unless what precedes is only a list of units."""
    spans: list[list[int]] = []
    pos = start
    for p in _SENT_PUNCT.finditer(text, max(start - 1, 0), end):
        m = _SENT.match(text, p.end(), end)
        if m is None:
            continue
        before = text[m.start() - 1]
        if before == "." and _ITEM_NUMBER_BEFORE.search(text, max(start, m.start() - 8), m.start()):
            continue  # "đề nghị X: 1. Rà soát ...": the item's number, not a sentence's end
        if before != ";" and m.end() < end and text[m.end()].islower():
            continue  # a lettered item ("b) ...") starts a sentence only after ';'
        if m.start() > pos:
            spans.append([pos, m.start()])
        pos = m.end()
    if pos < end:
        spans.append([pos, end])
    merged: list[list[int]] = []
    for sp in spans:
        if merged:
            prev = text[merged[-1][0]:merged[-1][1]]
            if prev.count("(") > prev.count(")"):
                merged[-1][1] = sp[1]  # "(Số 04 Trần Bình Trọng; số điện thoại ...)": an aside goes on
                continue
            if prev.endswith(";") and _split_units(_MARKER.sub("", prev, count=1).rstrip(" ;")) \
                    and not any(a.group(0)[:1].islower() for a in _actions(prev)):
                # "Sở A; Sở B; Sở C báo cáo ...": a list of units goes on ("Sở A tổng hợp ...; Sở B ..." does not)
                merged[-1][1] = sp[1]
                continue
        merged.append(sp)
    for a, b in merged:
        yield a, b


_LETTERED = re.compile(r"[a-zđ]\)\s")
_SENTENCE_END = re.compile(r"[.;!?:](?:\s|$)|\./\.")


def _broken_sentence(text: str, s0: int, line_end: int, end: int) -> int | None:
    """Where the sentence that starts at ``s0`` ends when it goes on after ``line_end`` (a hard line break the reader
    kept: the line does not end a sentence and the next starts in lower case, ``gửi Sở Nội vụ`` / ``tổng hợp./.``);
    None otherwise. Only the next line is taken."""
    if line_end >= end or text[s0:line_end].rstrip()[-1:] in ".;:!?" or not text[line_end + 1: line_end + 2].islower() \
            or _LETTERED.match(text, line_end + 1):
        return None  # (not a lettered item, "a) Hằng năm, ...", under a heading)
    nxt = text.find("\n", line_end + 1, end)
    nxt = end if nxt < 0 else nxt
    m = _SENTENCE_END.search(text, line_end + 1, nxt)
    return m.end() if m else nxt
