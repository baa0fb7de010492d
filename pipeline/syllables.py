"""Vietnamese syllables: where a tone mark sits, and words run together cut back into syllables.

``traditional_tones`` puts the new-style placement back where administrative letters write it
(``hoà`` -> ``hòa``). ``unjoin`` (plain text a copy ran together: ``củaBộ``, ``đềnghị``) and
``unjoin_glued`` (a PDF text layer or OCR without spaces: ``SỞVĂNHÓA``) split a word that cannot be
one syllable where every piece is one, in one best way, with underthesea's word list to decide.
"""
from __future__ import annotations

import re as stdlib_re
from functools import lru_cache

import unicodedata

from congvan.extractors import fastre as re


# New-style tone placement ("hoà", "thuỷ") -> traditional ("hòa", "thủy"), which administrative
# documents use. Only for open syllables: "hoàn", "thuyết" keep the mark on the second vowel.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_TONE_PATTERN = re.compile(
    r"(?<![qQ])([oOuU])((?:\u0302|\u031b)?)([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\p{L}\p{M}])"
)


# what a new-style placement looks like in NFC: o then a toned a or e, u then a toned y ("oà", "uỷ"), not after
# q and ending the word (what _TONE_PATTERN moves; "hoàn", "quý", "toàn" are left as they are, without the NFD trip)
_NEW_STYLE = re.compile(r"(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![\p{L}\p{M}])")


def traditional_tones(text: str) -> str:
    """``hoà`` -> ``hòa``, ``khoẻ`` -> ``khỏe``, ``uỷ`` -> ``ủy``; ``quý``, ``hoàn`` unchanged."""
    if unicodedata.is_normalized("NFC", text) and not _NEW_STYLE.search(text):
        return text  # nothing to move (most lines): skip the NFD round trip
    nfd = unicodedata.normalize("NFD", text)
    if not any(t in nfd for t in _TONES):
        return unicodedata.normalize("NFC", text)
    # In NFD a syllable "hoà" is h o a <grave>. Move the tone back over the first vowel when the
    # rhyme is oa/oe/uy and nothing but the tone follows it inside the word.

    def fix(m: re.Match) -> str:
        first, first_mark, second, tone = m.group(1), m.group(2), m.group(3), m.group(4)
        if first_mark:  # "ươ", "ôa" never occur as oa/uy rhymes; leave alone
            return m.group(0)
        pair = (first + second).lower()
        if pair not in ("oa", "oe", "uy"):
            return m.group(0)
        return first + tone + second

    return unicodedata.normalize("NFC", _TONE_PATTERN.sub(fix, nfd))




_CASE_JOIN = re.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})|(?<=[\p{L}\d][,;])(?=\p{Lu})")
_JOINED = re.compile(r"(?<![\p{L}\d])[\p{L}]{4,}(?![\p{L}\d])")


def unjoin(text: str) -> str:
    """Words a web page or a copy ran together: ``củaBộ`` -> ``của Bộ``, ``2010,Phó`` -> ``2010, Phó``,
    ``đềnghị`` -> ``đề nghị`` (a word that is no Vietnamese syllable but splits into two in exactly
    one way; words without a Vietnamese letter, ``website``, are left alone)."""
    from .legacy import is_syllable

    text = _CASE_JOIN.sub(" ", text)

    def split(m: re.Match) -> str:
        w = m.group(0)
        if w.isascii() or is_syllable(w):
            return w
        cuts = [i for i in range(1, len(w)) if is_syllable(w[:i]) and is_syllable(w[i:])]
        if len(cuts) > 1:  # "thựchiện": "thực hiện" or "thự chiện"; the word list decides
            words = _two_syllable_words()
            cuts = [i for i in cuts if traditional_tones(f"{w[:i]} {w[i:]}".lower()) in words]
        if len(cuts) == 1:
            return f"{w[:cuts[0]]} {w[cuts[0]:]}"
        return " ".join(_syllables(w) or [w]) if not cuts else w

    return _JOINED.sub(split, text)


# a vowel, consonants, a vowel: never inside one Vietnamese syllable (onset, then one vowel group,
# then a final), so a word holding it is several syllables run together, a foreign word or a smudge
_VOWELS = "aăâeêioôơuưy"
_VOWEL_CLASS = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha()
                               and unicodedata.normalize("NFD", c)[0].lower() in _VOWELS}))
# the test alone, once a line: with the standard library's engine, ten times faster on this class
_VCV = stdlib_re.compile(rf"[{_VOWEL_CLASS}][^\W\d_{_VOWEL_CLASS}]+[{_VOWEL_CLASS}]")
_RUN_TOGETHER = re.compile(rf"(?<![\p{{L}}\d])\p{{L}}*[{_VOWEL_CLASS}][^\W\d_{_VOWEL_CLASS}]+[{_VOWEL_CLASS}]\p{{L}}*"
                           r"(?![\p{L}\d])")


def unjoin_glued(text: str) -> str:
    """Syllables a PDF's text layer (or OCR) ran together, with no space between words it set apart by
    position: ``SỞVĂNHÓA,THỂTHAOVÀDULỊCH`` -> ``SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH``, ``vàthi`` -> ``và thi``.
    Only a word with a Vietnamese letter that cannot be one syllable, cut where every piece is a
    syllable its tone allows in one best way (``_syllables``); anything else is left as it is."""
    if not _VCV.search(text):
        return text  # nearly every line
    from .legacy import plausible_syllable

    def split(m: re.Match) -> str:
        w = m.group(0)
        if w.isascii():
            return w
        out = []
        for p in re.split(r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})", w):  # "nữViệt", "NAMĐộc"
            if not p:
                continue
            pieces = [p] if plausible_syllable(p) and len(p) > 1 else _syllables(p)
            if not pieces:
                return w  # a smudge or a foreign word ("hiÇu", "VüThj"): left as it is
            out.extend(pieces)
        return " ".join(out)

    text = _RUN_TOGETHER.sub(split, text)
    return re.sub(r"(?<=\p{L}[,;])(?=\p{Lu}\p{L})", " ", text)


def _syllables(word: str) -> list[str] | None:
    """``word`` cut into syllables (each one a tone its final allows): the cut with the fewest pieces,
    then the one whose neighbouring pairs are most often words of the word list; None unless one cut
    is best (``thựchiện``: ``thực hiện``, not ``thự chiện``)."""
    from .legacy import plausible_syllable

    if len(word) > 28:
        return None
    cuts: list[list[str]] = []

    def walk(i: int, acc: list[str]) -> None:
        if len(cuts) > 40:
            return
        if i == len(word):
            cuts.append(list(acc))
            return
        for j in range(min(len(word), i + 7), i + 1, -1):  # two letters or more: a lone "Ê", "I" is a smudge
            if plausible_syllable(word[i:j]):
                acc.append(word[i:j])
                walk(j, acc)
                acc.pop()

    walk(0, [])
    cuts = [c for c in cuts if len(c) >= 2]
    if not cuts:
        return None
    fewest = min(map(len, cuts))
    cuts = [c for c in cuts if len(c) == fewest]
    if len(cuts) == 1:
        return cuts[0]
    words = _two_syllable_words()
    score = [sum(traditional_tones(f"{a} {b}".lower()) in words for a, b in zip(c, c[1:])) for c in cuts]
    best = max(score)
    winners = [c for c, s in zip(cuts, score) if s == best]
    return winners[0] if len(winners) == 1 and best > 0 else None


@lru_cache(maxsize=1)
def _two_syllable_words() -> frozenset[str]:
    """Two-syllable words of underthesea's Viet74K word list (empty where underthesea is absent)."""
    try:
        from importlib import resources as res

        raw = res.files("underthesea").joinpath("corpus", "data", "Viet74K.txt").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    # in the tone placement of letters ("văn hóa"; the list writes "văn hoá")
    return frozenset(traditional_tones(w.strip().lower()) for w in raw.splitlines() if w.count(" ") == 1)
