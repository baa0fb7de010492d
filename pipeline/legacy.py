"""Text layers typed in legacy Vietnamese font encodings (TCVN3/ABC, VNI) and unreadable ones.

Letters typed before Unicode used fonts such as ``.VnTime`` (TCVN3) or ``VNI-Times`` whose glyphs
sit on Latin-1 codes: their PDFs carry a text layer like ``Céng hoµ x· héi chñ nghÜa ViÖt Nam``
(TCVN3) or ``Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam`` (VNI). Nothing downstream can read that.

``readability`` scores a text by the share of its non-ASCII words that are well-formed
Vietnamese syllables; ``repair`` tries each known encoding and keeps the one that turns the text
into Vietnamese. The tables live in ``data/legacy_encodings.json``.

A layer that no table repairs (scanner software writing its OCR through a broken font map, as in
some signed scans) is reported as unreadable so that the load stage can OCR the page instead.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex as re

# a well-formed syllable once tones are stripped (NFD without the five tone marks)
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = r"(?:uyê|uya|iê|yê|uô|ươ|ưa|ia|ya|ua|oa|oă|oe|uâ|uê|uy|oo|[aăâeêioôơuưy])"
_CODA = r"(?:ch|ng|nh|[cmnpt]|[iyou])?"
_SYLLABLE = re.compile(rf"{_ONSET}{_NUCLEUS}{_CODA}")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_WORD = re.compile(r"[^\s.,;:!?()\[\]\"'“”‘’/\\\-–—_*%+=<>|0-9]+")
_MIXED_CASE = re.compile(r"\p{Ll}\p{Lu}")

READABLE = 0.85  # share of non-ASCII words that must be Vietnamese syllables
MIN_WORDS = 8  # fewer non-ASCII words than this: too little to judge


@lru_cache(maxsize=1)
def _tables() -> dict:
    raw = resources.files("congvan.pipeline").joinpath("data", "legacy_encodings.json").read_text("utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1 << 16)  # a closed inventory (~8,000 syllables, their capitals and smudges): asked again and again
def is_syllable(word: str) -> bool:
    """``nghiệm``, ``Đồng``, ``QUỐC`` are; ``chç``, ``tÉnh``, ``hoµ``, ``Ëa`` are not."""
    if _MIXED_CASE.search(word):
        return False
    base = unicodedata.normalize("NFD", word.lower()).translate(_TONE_MARKS)
    base = unicodedata.normalize("NFC", base)
    return _SYLLABLE.fullmatch(base) is not None


@lru_cache(maxsize=1 << 16)
def plausible_syllable(word: str) -> bool:
    """A Vietnamese syllable whose tone its final allows: one ending in p, t, c or ch carries a sắc
    or nặng tone, as every such syllable does (``luyc``, ``thểt`` are not syllables)."""
    if not is_syllable(word):
        return False
    if word[-1:].lower() not in "ptch" or word.lower().endswith(("nh", "ng")):
        return True
    marks = unicodedata.normalize("NFD", word)
    return "\u0301" in marks or "\u0323" in marks


def readability(text: str) -> tuple[float, int]:
    """(share of non-ASCII words that are Vietnamese syllables, number of such words)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 1.0, 0
    good = sum(1 for w in words if is_syllable(w))
    return good / len(words), len(words)


_HYPHENED = re.compile(r"[\p{L}\-]*\p{L}[\p{L}\-]*")


def from_tcvn3(text: str) -> str:
    """TCVN3 -> Unicode. Its ``ư`` is code 0xAD, the soft hyphen, which PDF readers give as ``-``:
    a ``-`` inside or at the edge of a word becomes ``ư`` where that makes the word a syllable
    (``h-íng`` -> ``hướng``; ``SNV-CCHC`` stays)."""
    table = _tables()["tcvn3"]
    text = "".join(table.get(ch, ch) for ch in text)
    if "-" not in text and "\u00ad" not in text:
        return text

    def fix(m: re.Match) -> str:
        word = m.group(0)
        if "-" not in word:
            return word
        cand = word.replace("-", "ư")
        return cand if is_syllable(cand) else word

    return _HYPHENED.sub(fix, text.replace("\u00ad", "ư"))


def from_vni(text: str) -> str:
    t = _tables()["vni"]
    single, lower, upper = t["single"], t["marks_lower"], t["marks_upper"]
    vowels = set(t["vowels"]) | set("ơưƠƯ")
    out: list[str] = []
    for ch in text:
        if out and len(out[-1]) == 1 and out[-1] in vowels:
            base = out[-1]
            marks = (lower if base.islower() else upper).get(ch)
            if marks and "\u0302" in marks and base.lower() not in "aeo":  # the circumflex: â ê ô
                marks = None
            if marks and "\u0306" in marks and base.lower() != "a":  # the breve: ă
                marks = None
            if marks:
                out[-1] = base + marks
                continue
        out.append(single.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


DECODERS = {"tcvn3": from_tcvn3, "vni": from_vni}


@dataclass(frozen=True, slots=True)
class Verdict:
    encoding: str | None  # "tcvn3" | "vni" | None (already Unicode, or nothing repairs it)
    readable: bool  # the (repaired) text reads as Vietnamese
    score: float  # readability of the text as it was
    repaired_score: float


# characters a TCVN3 or VNI layer is full of and Unicode Vietnamese never has
_SUSPECT = re.compile(r"[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8\u00db\u00dc\u00de"
                      r"\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]")
# every ASCII byte but A-Z and a-z: deleting them leaves the letters to count (a regex findall
# over each page cost twice as much)
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not (65 <= b <= 90 or 97 <= b <= 122))
_OTHER_LETTERS = re.compile(r"[^\x00-\x7f\s\d\p{P}\p{S}]")


def diagnose(text: str) -> Verdict:
    """Decide whether ``text`` is Unicode Vietnamese, a legacy encoding, or unreadable."""
    # fast path for the common case (a Unicode page): no legacy characters, and accented letters
    # as common as Vietnamese has them; only other pages get the word-by-word check
    if not _SUSPECT.search(text):
        accented = len(_OTHER_LETTERS.findall(text))
        ascii_letters = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
        if accented > 0.06 * (accented + ascii_letters):
            return Verdict(None, True, 1.0, 1.0)
    score, n = readability(text)
    words = _WORD.findall(text)
    if len(words) >= 40 and n < 0.08 * len(words):
        # Vietnamese without its accents: OCR run with an English model, or stripped text
        share = n / len(words)
        return Verdict(None, False, share, share)
    if n < MIN_WORDS or score >= READABLE:
        return Verdict(None, True, score, score)
    best, best_score = None, score
    for name, decode in DECODERS.items():
        s, m = readability(decode(text))
        if m >= MIN_WORDS and s > best_score:
            best, best_score = name, s
    if best is not None and best_score >= READABLE:
        return Verdict(best, True, score, best_score)
    return Verdict(None, False, score, best_score)


_SPLIT_CODA = re.compile(r"(?<=\p{L})( )(ng|nh|ch|[cmnpt])(?![\p{L}])")


def convert(text: str, encoding: str) -> str:
    """Decode, then rejoin syllables a reader split at a narrow legacy glyph (``thá ng``)."""
    out = DECODERS[encoding](text)

    def join(m: re.Match) -> str:
        head = re.search(r"\p{L}+$", out[: m.start()]).group(0)
        return m.group(2) if is_syllable(head + m.group(2)) else m.group(0)

    return _SPLIT_CODA.sub(join, out)


# the capitals every Vietnamese administrative page is full of (CỘNG HÒA ... NGHĨA VIỆT NAM, Số,
# Độc lập, Ủy ban nhân dân, Thông tư, Nghị định): a page with many capitals and none of two or
# more of these lost them in its text layer (some signing tools drop the glyphs of a subset font)
_COMMON_CAPITALS = "HNTCĐ"
_COMMON_SMALL = "nhtcgi"
MIN_CAPITALS = 80
MIN_SMALL = 600


_CAPITAL = re.compile(r"\p{Lu}")
_SMALL = re.compile(r"\p{Ll}")


def dropped_letters(text: str) -> str:
    """The common letters a page's text layer never has though it should (``"HNT"``), or ``""``.

    Counted on letters with their accents set aside (``Ộ`` counts for ``O``): a page of at least
    ``MIN_CAPITALS`` capitals without two of ``HNTCĐ``, or of ``MIN_SMALL`` small letters without
    two of ``nhtcgi``, is missing glyphs."""
    # a letter the text has is in its NFD form too: where fewer than two of each set are absent
    # from the text itself, none can be reported, and the page needs neither NFD nor counting
    # (nearly every page: the NFD form and the counts cost ~0.1 s a pass over the speed benchmark)
    if sum(c not in text for c in _COMMON_CAPITALS) < 2 and sum(c not in text for c in _COMMON_SMALL) < 2:
        return ""
    bare = unicodedata.normalize("NFD", text)
    missing = ""
    # counted by the regex engine, not a Python loop over every character (it was a tenth of a text
    # PDF's reading time); a letter is missing when it does not occur at all
    if len(_CAPITAL.findall(bare)) >= MIN_CAPITALS:
        gone = "".join(c for c in _COMMON_CAPITALS if c not in bare)
        if len(gone) >= 2:
            missing += gone
    if len(_SMALL.findall(bare)) >= MIN_SMALL:
        gone = "".join(c for c in _COMMON_SMALL if c not in bare)
        if len(gone) >= 2:
            missing += gone
    return missing
