"""Normalise Vietnamese text and join a document's lines into paragraphs.

``normalise_string`` is what every value goes through (NFC, traditional tone placement, single
spaces, no markdown emphasis). ``build_text`` turns the visual lines of a document into the
normalised text that every extractor reads: hard line breaks inside a paragraph joined,
hyphenation undone, page numbers dropped, footnote markers removed and footnote bodies moved
after the body, with a ``Block`` per source line so that every offset still knows its page.
"""
from __future__ import annotations

import re as stdlib_re
from functools import lru_cache

import unicodedata

from congvan.extractors import fastre as re

from .document import Block, Line
from .paragraphs import continues_at_margin, indented_pages, left_margins as _left_margins, new_paragraph as _new_paragraph
from .paragraphs import reaches_margin as _reaches_margin, right_margins as _right_margins
from .wrapped import fills_line, name_runs_on, wrap_width

# New-style tone placement ("hoà", "thuỷ") -> traditional ("hòa", "thủy"), which administrative
# documents use. Only for open syllables: "hoàn", "thuyết" keep the mark on the second vowel.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_TONE_PATTERN = re.compile(
    r"(?<![qQ])([oOuU])((?:\u0302|\u031b)?)([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\p{L}\p{M}])"
)
_MARKDOWN = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_FFFE = re.compile(r"\ufffe\s*")
_BROKEN_SYMBOL = re.compile(r"(?<=\p{Lu})-\s+(?=\p{Lu}{2})")
_DASHES = re.compile(r"\s[\u2013\u2014\u2212]\s|\s[\u2013\u2014]$")


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


# "Qũy", "qúy": the u of "qu" carries no tone, the y after it does (a typing slip and an OCR one)
_QU_TONE = re.compile(r"([Qq])([ũúùủụŨÚÙỦỤ])([yY])(?![\p{L}])")
_QU_MOVE = {"ũ": "ỹ", "ú": "ý", "ù": "ỳ", "ủ": "ỷ", "ụ": "ỵ", "Ũ": "Ỹ", "Ú": "Ý", "Ù": "Ỳ", "Ủ": "Ỷ", "Ụ": "Ỵ"}


def _qu_tone(m) -> str:
    y = _QU_MOVE[m.group(2)]
    y = y if m.group(3) == "Y" or m.group(2).islower() else y.lower()
    return m.group(1) + ("U" if m.group(2).isupper() else "u") + (y.upper() if m.group(3) == "Y" else y.lower())


def normalise_string(text: str) -> str:
    """The form every contract string takes: NFC, traditional tones, one line, single spaces."""
    if "**" in text or "__" in text:
        text = _MARKDOWN.sub(lambda m: m.group(1) or m.group(2), text).replace("**", "")
    if "\u01a3" in text or "\u01a2" in text:
        # "PHƢƠNG", "Chƣơng": the Latin letter OI that fonts converted from TCVN3/VNI put for ư/Ư (no
        # Vietnamese word has it); composed again with a tone mark that followed it
        text = unicodedata.normalize("NFC", text.replace("\u01a3", "\u01b0").replace("\u01a2", "\u01af"))
    text = traditional_tones(text)
    if "q" in text or "Q" in text:
        text = _QU_TONE.sub(_qu_tone, text)
    text = text.replace("\u2010", "-").replace("\u2011", "-")
    if "\ufffe" in text:
        text = _FFFE.sub("-", text)  # a line-end hyphen some PDF writers emit as U+FFFE
    if "-" in text:
        text = _BROKEN_SYMBOL.sub("-", text)  # "NĐ- CP" broken at a line end
    if "\u2013" in text or "\u2014" in text or "\u2212" in text:
        text = _DASHES.sub(" - ", text)
    text = text.replace("\n", " ").replace("\r", " ")
    if "  " in text or not text.isprintable():  # else no run to collapse (nearly every line): skip the scan
        text = _SPACES.sub(" ", text)
    return text.strip()


# --------------------------------------------------------------------------- text input


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


def lines_from_text(raw: str) -> list[Line]:
    """Lines of a plain-text letter; a form feed starts a new page. Words run together by the copy
    the text came from are split (``unjoin``)."""
    lines: list[Line] = []
    if not unicodedata.is_normalized("NFC", raw):  # decomposed accents: composed before the words run together are
        raw = unicodedata.normalize("NFC", raw)  # split ("XÃHỘI" is X, A, a tilde, H ... there), as build_text reads them
    for page_no, page in enumerate(raw.split("\f"), start=1):
        for text in _untab_signature_table(page.splitlines()):
            lines.append(Line(text=unjoin(text), page=page_no, size=None))
    _mark_text_footnotes(lines)
    return lines


_COLUMN_GAP = re.compile(r"\t+|\s{4,}")


def _untab_signature_table(texts: list[str]) -> list[str]:
    """A copied letter whose ``Nơi nhận`` and signature stood in one table comes as ``Nơi nhận:\tKT. BỘ
    TRƯỞNG`` / ``- Như trên;\tTHỨ TRƯỞNG`` ...: read the left column, then the right one, as on the page."""
    out: list[str] = []
    k = 0
    while k < len(texts):
        t = texts[k]
        # the table starts at "Nơi nhận" with a cell beside it, or with an empty cell beside it and the
        # signature's cells on the next line ("Nơi nhận:\t" / "- Như trên;\tKT. BỘ TRƯỞNG")
        if not (re.match(r"^\s*N[ơo]i\s+nh[ậa]n", t) and (_COLUMN_GAP.search(t.strip()) or (
                _COLUMN_GAP.search(t.strip(" ")) and k + 1 < len(texts) and _COLUMN_GAP.search(texts[k + 1].strip())))):
            out.append(t)
            k += 1
            continue
        left: list[str] = []
        right: list[str] = []
        while k < len(texts) and (_COLUMN_GAP.search(texts[k].strip(" ")) or not texts[k].strip()
                                  or re.match(r"^\s*[-+•]", texts[k])):
            parts = _COLUMN_GAP.split(texts[k].strip(" "), maxsplit=1)
            if len(parts) == 2:
                if parts[0].strip():
                    left.append(parts[0].strip())
                if parts[1].strip():
                    right.append(parts[1].strip())
            elif parts[0].strip():
                left.append(parts[0].strip())
            k += 1
        out += left + right
    return out


_FOOTNOTE_START = re.compile(r"^\s*(\d{1,2})\s+\S")


def _mark_text_footnotes(lines: list[Line]) -> None:
    """A rule of spaces or underscores followed by ``1 Kế hoạch số ...`` starts a footnote."""
    i = 0
    while i < len(lines):
        t = lines[i].text
        is_rule = (len(t) >= 15 and not t.strip()) or re.fullmatch(r"\s*[_\-]{8,}\s*", t)
        if is_rule:
            k = i + 1
            while k < len(lines) and not lines[k].text.strip():
                k += 1
            if k < len(lines) and _FOOTNOTE_START.match(lines[k].text):
                # consume footnote lines until one ends a sentence
                while k < len(lines):
                    if lines[k].text.strip():
                        lines[k].kind = "footnote"
                        if re.search(r"[.)]\s*$", lines[k].text) and not _FOOTNOTE_START.match(
                            lines[k + 1].text if k + 1 < len(lines) else ""
                        ):
                            break
                    k += 1
                i = k
        i += 1


# --------------------------------------------------------------------------- paragraphs

_LIST_START = re.compile(
    r"^(?:[-–•+*]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][)]\s|[IVXLC]{1,5}[.)]\s|\(\d{1,2}\)\s)"
)
_SYMBOL_END = re.compile(r"(?<![\p{L}\d])\d+/[\p{Lu}Đ\d/&-]+$")  # a line ending with "362/QĐ-UBND"
_SYMBOL_LINE = re.compile(r"^\d+/[\p{Lu}Đ\d/&-]+(?:\s|$)")  # a line opening with one
_ITEM_NUMBER = re.compile(r"^\d{1,3}[.)]\s")  # "100. Tiếp tục ...": an item, past the two digits of _LIST_START
_INLINE_ITEM = re.compile(r"^\((\d{1,2})\)\s")
# a numbered heading's marker: "4.7.", "4.8", "c)", "II."
_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\)|[IVXLC]{1,5}\.)\s")
_PART_START = re.compile(
    r"^(?:Kính\s+gửi|\p{Lu}[\p{Lu} ]{1,60}\s+điện\s*:|Nơi\s+nhận|V/v|Về\s+việc|Số\s*:|Số\s+\d{1,6}\s*[/-]\s*\p{Lu}|TM\.|KT\.|TL\.|TUQ\.|Q\.|Căn\s+cứ|Thực\s+hiện|"
    r"CỘNG\s+HÒA|CỘNG\s+HOÀ|Độc\s+lập|PHỤ\s+LỤC|Phụ\s+lục|Lưu\s*:)"
)
_QUOC_HIEU = re.compile(r"C[ỘÔ]NG\s*H[OÒ][ÀA]\s*X[ÃA]\s*H[ỘÔ]I\s*CH[ỦU]\s*NGH[ĨI]A\s*VI[ỆE]T\s*NAM")
_PARA_OPENER = re.compile(r"^(?:Ngày\s+\d{1,2}\s*(?:/|tháng)|Căn\s+cứ\s|Thực\s+hiện\s|Xét\s|Theo\s+đề\s+nghị|Trên\s+cơ\s+sở\s|"
                          r"Kính\s+gửi|Trân\s+trọng|Nơi\s+nhận)")
_PARTY_MOTTO = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM\s*$")
_MOTTO = re.compile(r"Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc\s*$")
# "Mẫu Sơn, ngày 03 tháng 6 năm 2025": the place-and-date line always stands alone
# and "Hà Nội, ngày 12/05/2015", the date in digits, where the line is that alone (a body sentence goes on after it)
_PLACE_DATE = re.compile(r"^[\p{Lu}][\p{L} .\-]{1,40},\s*ng[àảáạãầ]y\b(?:.{0,20}\bth[áảàạãóòấ]ng\b"  # OCR's "thảng" too
                         r"|\s*\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4}[\s.]*$)")  # (data/dates.json)
_CONNECTORS = {
    "và", "của", "về", "các", "với", "cho", "tại", "trên", "theo", "để", "đến", "từ", "những",
    "được", "là", "có", "thuộc", "trong", "số", "ngày", "tháng", "năm", "việc", "hoặc", "nhà",
}
_NAME_LINE = re.compile(r"^(?:\p{Lu}\p{Ll}+\s){1,4}\p{Lu}\p{Ll}+$")
_NOI_NHAN_HEAD = re.compile(r"^(?:Nơi Nhận|NƠI NHẬN|nơi nhận)(?=\s*:)")
# the two heads as OCR reads them at a line's start, before their colon ("ơi nhận:", "Nơi nhân:", "Kim: gủi:",
# "<ính gửi:"; accented, as Tesseract's Vietnamese model misreads them): one form, so that the copies and the
# addressees are found
_OCR_HEADS = ((re.compile(r"^N?\s?[oơớờởọ]i\s+nh[aâậặấầẫạ]n(?=\s*:)"), "Nơi nhận"),
              (re.compile(r"^[<«(|]?\s*[Kk]?[iíìỉĩị](?:nh|m|n)\s*[:.]?\s+[g8][ửủưuứừữựũụởơ]i(?=\s*:)"), "Kính gửi"))
_OCR_HEAD_FIRST = frozenset("Noơớờởọ<«(|Kkiíìỉĩị")  # what such a head's first character can be
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*-)?\s*$")


# where a header line that lost its breaks (a law-portal copy, OCR that merged two columns) splits:
# before the Quốc hiệu, the motto, "Số:", "V/v", "Kính gửi" (as letters spell them: "Số 12/...", "V/V", "Kính gởi"),
# the place-and-date, and after a rule
_HEADER_MARK = re.compile(
    r"C[ỘÔ]NG\s*H[OÒ][ÀA]\s*X[ÃA]\s*H[ỘÔ]I|Độc\s*lập\s*[-–]\s*Tự\s*do|Số\s*:|Số\s+\d{1,6}\s*[/-]\s*\p{Lu}|V/[vV]\b|Về\s+việc\b|Kính\s+g[ửở]i\s*:"
    r"|(?<![\p{L}])(?:\p{Lu}+\s+){1,6}điện\s*:"  # a công điện's Kính gửi: "BỘ Y TẾ điện:"
    r"|(?<![\p{L}])(?:\p{Lu}\p{Ll}*(?:\s+|\s*[-–]\s*)){0,3}\p{Lu}\p{Ll}*,\s*ngày\b")  # "Bà Rịa - Vũng Tàu, ngày"
_RULE = re.compile(r"\s*[-–_=]{4,}\s*")
_MOTTO_PART = re.compile(r"Độc\s*lập\s*[-–—]\s*Tự\s*do")
_DATE_END = re.compile(r",\s*ngày\s*(?:\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*\d{4}|\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4}(?!\d))")
_HEADER_LINES = 14  # a letter's header is in its first lines


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    from congvan.extractors.base import data

    places = data("places")
    return frozenset(places["provinces"] + places["cities"])


@lru_cache(maxsize=1)
def _kind_title():
    from congvan.extractors.base import data

    kinds = sorted((k.upper() for k in data("doc_types")["titles"] if " " in k), key=len, reverse=True)
    # a title of two words or more, standing as words, before a word not in capitals ("CÔNG ĐIỆN mời dự ...")
    return re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(k).replace("\\ ", r"\s+") for k in kinds)
                      + r")(?=\s+\p{L}\p{Ll})")


@lru_cache(maxsize=1)
def _body_opener():
    """What opens the body right under a titled trích yếu ("Thời gian: ...", "Năm 2024, UBND xã ..."):
    such a line starts a paragraph of its own (data/doc_types.json 'subject_stops')."""
    from congvan.extractors.base import data

    return re.compile("^(?:" + "|".join(data("doc_types")["subject_stops"]) + ")")


def _mark_start(m) -> int:
    """Where a header mark starts; for the place-and-date, at the longest known place name that ends
    the capitalised words before ``, ngày`` ("... đường Hồ Chí Minh Hà Nội, ngày": at "Hà Nội")."""
    g = m.group(0)
    if not g.endswith("ngày") or "," not in g:
        return m.start()
    words = list(re.finditer(r"\S+", g[:g.rindex(",")]))
    for k, w in enumerate(words):
        if " ".join(x.group(0) for x in words[k:]) in _known_places():
            return m.start() + w.start()
    return m.start()


def _split_header_line(text: str) -> list[str]:
    pieces: list[str] = []
    header_row = bool(_QUOC_HIEU.search(text) or _MOTTO_PART.search(text) or _PLACE_DATE.match(text))
    rules = [m.group(0).strip() for m in _RULE.finditer(text)]
    for k, chunk in enumerate(_RULE.split(text)):
        if k and pieces:
            pieces.append(rules[k - 1])  # the rule stays a line of its own, as on the page: it ends the title above it
        cuts = [at for m in _HEADER_MARK.finditer(chunk) if (at := _mark_start(m)) > 0]
        # and after the whole Quốc hiệu, where the agency's second row was run onto it
        # ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ GIÁO DỤC VÀ ĐÀO TẠO")
        cuts += [m.end() for m in _QUOC_HIEU.finditer(chunk) if chunk[m.end():].strip()]
        if header_row:
            # and, in a row of the header itself, after the date of the place-and-date, where the kind's
            # title was run onto it ("Lâm Đồng, ngày 25 tháng 8 năm 2025 TỜ TRÌNH"), and after the
            # title in capitals, before its trích yếu ("BÁO CÁO Tổng kết thực hiện ..."); a body
            # sentence that cites a date ("Hôm nay, ..., ngày 18 tháng 12 năm 2025, tại ...") is no row
            cuts += [m.end() for m in _DATE_END.finditer(chunk) if chunk[m.end():].strip()]
            cuts += [m.end() for m in _kind_title().finditer(chunk)]
        cuts = [0] + sorted(set(cuts)) + [len(chunk)]
        pieces += [chunk[a:b].strip() for a, b in zip(cuts, cuts[1:])]
    return [p for p in pieces if p]


def _split_quoc_hieu(lines: list[Line]) -> list[Line]:
    """``BỘ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` -> agency line, Quốc hiệu line.

    A plain-text header whose lines were run together (``ỦY BAN NHÂN DÂN CỘNG HÒA ...`` /
    ``TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc`` / ``Số: 73/UBND-TH Hậu Giang, ngày ...``, or all
    of it on one line) is cut at the header's landmarks, the agency's lines read before the Quốc
    hiệu's as in a laid-out page."""
    out: list[Line] = []
    pending_right: list[Line] = []
    seen = 0
    for line in lines:
        if line.text.strip():
            seen += 1
        if line.bbox is None and seen <= _HEADER_LINES and line.kind == "body":
            pieces = _split_header_line(line.text)
            if len(pieces) > 1:
                q = next((k for k, p in enumerate(pieces) if _QUOC_HIEU.match(p) or _MOTTO.match(p)), None)
                if q is not None and q > 0:
                    out.extend(Line(p, line.page, None, "left", line.size, line.kind) for p in pieces[:q])
                    pending_right.extend(Line(p, line.page, None, "right", line.size, line.kind) for p in pieces[q:])
                    continue
                out.extend(pending_right)
                pending_right = []
                out.extend(Line(p, line.page, None, line.column, line.size, line.kind) for p in pieces)
                continue
            if pending_right and line.text.strip():
                out.extend(pending_right)
                pending_right = []
        m = _QUOC_HIEU.search(line.text)
        if m and m.start() > 0 and line.text[: m.start()].strip():
            left, right = line.text[: m.start()].rstrip(), line.text[m.start():]
            out.append(Line(left, line.page, line.bbox, "left", line.size, line.kind))
            out.append(Line(right, line.page, line.bbox, "right", line.size, line.kind))
        else:
            out.append(line)
    out.extend(pending_right)
    return out


def _is_upper(text: str) -> bool:
    letters = sum(map(str.isalpha, text))  # (map over the str methods: a third of a generator's time)
    return letters > 0 and sum(map(str.isupper, text)) >= 0.8 * letters


@lru_cache(maxsize=1)
def _date_line_no_comma():
    """The place-and-date line a copy wrote without its comma ("Hà Nội ngày 12 tháng 3 năm 2015"): it stands alone."""
    from congvan.extractors.dates import DATE_LINE_NO_COMMA

    return DATE_LINE_NO_COMMA


_WORDLIKE = re.compile(r"[\p{L}\d]{4}")


def specks_line(line: str) -> bool:
    """A line that is mostly marks (under half letters or digits among three or more marks)."""
    if len(line) > 60 or _WORDLIKE.search(line):
        return False  # a word of four letters or digits, or a long line: text (the quick answer for almost every line)
    marks = [c for c in line if not c.isspace()]
    alnum = sum(c.isalnum() for c in marks)
    return len(marks) >= 3 and len(marks) - alnum >= 3 and alnum * 2 < len(marks)


# a document symbol broken after its hyphen at a line's end ("số 28/QĐ-", "số 118/2025/NĐ-") and the part the
# next line opens with ("TTg", "CP,", "UBND"); the OCR path joins its lines so in ocr_blocks.join_broken_symbols
_SYMBOL_BROKEN = re.compile(r"\d/(?:\d{4}/)?[\p{Lu}Đ&]+(?:-[\p{Lu}Đ&\d]+)*-$")
_SYMBOL_REST = re.compile(r"^[\p{Lu}Đ][\p{Lu}Đ&\d]*[a-z]?(?=[\s,.;:)]|$)")


def _new_item(line: str) -> bool:
    """A list item, a numbered item, ``Kính gửi``, ``Nơi nhận``, ``Căn cứ`` ...: a line that starts anew."""
    return bool(_LIST_START.match(line) or _PART_START.match(line))


def _stamp_line(t: str) -> bool:
    """``KHẨN``, ``HỎA TỐC``, ``MẬT``: a stamp standing as a whole line (data/stamps.json)."""
    from congvan.extractors.base import data

    low = t.strip(" .!").lower()
    return t.isupper() and any(low in data("stamps")[k] for k in ("urgency", "confidentiality"))


def _should_join(prev: str, nxt: str, long_len: int, *, full_width: bool = False,
                 in_column: bool = False, width: int | None = None, last: str | None = None,
                 plain: bool = False) -> bool:
    """Does ``nxt`` continue the paragraph that ``prev`` (a line) belongs to?

    ``full_width``: ``prev`` is a PDF line that runs to the right margin of justified text,
    so the paragraph goes on whatever its last character is. ``in_column``: both lines are in
    the same narrow column of a PDF (``Nơi nhận`` beside the signature), where a list item
    that wraps goes on until the next item. ``width``: the width a plain text's lines were broken
    at (``wrapped.wrap_width``), where they were; ``last`` then is the line before ``nxt`` and ``prev``
    the line as it stood before that width broke it (the lines since the last one that did not fill
    the width), so that a text broken again at a narrower width joins as it did before. ``plain``:
    the lines are a plain text's (no position to tell a heading's end by).
    """
    if not prev or not nxt:
        return False
    full_width = full_width or fills_line(last or prev, nxt, width)
    return _joins(prev, nxt, long_len, full_width=full_width, in_column=in_column, plain=plain,
                  wrapped=width is not None) and not (
        # OCR of a stamp or a signature ("F.\\V +... j) @ WH |"), a date line without its comma: lines of their own
        specks_line(nxt) or (len(nxt) < 80 and _date_line_no_comma().match(nxt)))


def _joins(prev: str, nxt: str, long_len: int, *, full_width: bool, in_column: bool, plain: bool = False,
           wrapped: bool = False) -> bool:
    # each pattern only where its first letters or its comma are there (the quick answer for nearly every pair;
    # the date line's day word may be OCR's "ngảy", so the comma before it is the literal to look for)
    if "Độc" in prev and _MOTTO.search(prev) or "," in nxt and _PLACE_DATE.match(nxt) \
            or nxt[:1] == "C" and _QUOC_HIEU.match(nxt) or nxt[:1] == "Đ" and _PARTY_MOTTO.match(nxt) \
            or "," in prev and _PLACE_DATE.match(prev):
        return False  # the Quốc hiệu (a party's "ĐẢNG CỘNG SẢN VIỆT NAM") and the date line stand alone
    if len(nxt) <= 12 and _stamp_line(nxt) or len(prev) <= 12 and _stamp_line(prev):
        return False  # an urgency or secrecy stamp ("KHẨN", "MẬT") under the header's rule is a line of its own
    if plain and nxt[:1] == "(" and (m := _INLINE_ITEM.match(nxt)) and f"({int(m[1]) - 1}) " in prev[1:]:
        return True  # "... (1) Cải cách thể chế; (2) Cải cách thủ tục hành chính;" / "(3) ...": the items run inline
    if plain and not wrapped and prev[:1].isalnum() and (h := _HEADING.match(prev)) and ":" not in prev \
            and ". " not in prev[h.end():] and len(prev) < 0.8 * long_len and _opens_with_verb(nxt):
        return False  # "3. Văn phòng Sở" / "Bảo đảm kinh phí ...": a unit's heading, then its task (no name broken)
    if prev[-1:].isalpha() and name_runs_on(prev, nxt) and not _new_item(nxt):
        return True  # "... kính trình Chủ tịch UBND tỉnh Lâm" / "Đồng xem xét": a name goes on across the break
        # (a PDF's column wraps a name the same way: an addressee set right of "Kính gửi:")
    if prev.startswith("Kính gửi") and nxt[0].isupper() and not prev.endswith((",", "-", " và")) \
            and not (plain and wrapped and prev.rsplit(" ", 1)[-1] in _CONNECTORS):
        # (in a text broken at a width, "... thành phố trực thuộc" goes on: "Trung ương"; in one set a paragraph a
        # line, the line is whole: "Kính gửi: Các đơn vị trực thuộc", then the body)
        return False  # "Kính gửi: Sở Nội vụ" on one line, then the body
    if in_column and re.match(r"^[-+•]\s", prev) and not re.search(r"[.;]$", prev) \
            and not _LIST_START.match(nxt) and not _is_upper(nxt):
        return True
    if full_width and not _LIST_START.match(nxt) and not _PART_START.match(nxt) \
            and not (plain and nxt[:1].isdigit() and _ITEM_NUMBER.match(nxt)):
        if not re.search(r"(?:\./\.|[.:;!?])[\"”)]?$", prev[-4:]) or re.match(r"^[\p{Ll}\d(]", nxt):
            return True
        if plain and prev.endswith(";") and not _PARA_OPENER.match(nxt) and not _is_upper(nxt):
            return True  # a full plain-text line ends a clause, not an entry: "... quản lý hội;" / "Điều lệ ..."
    if _LIST_START.match(nxt) or _PART_START.match(nxt):
        return False
    if _NAME_LINE.match(prev):
        return False  # a line that is only a person's name (the signer's) ends there: "Đỗ Văn Chung" / "1 Nghị định ..."
    if re.search(r"(?:\./\.|[.:;!?])[\"”)]?$", prev[-4:]):  # the end of the line is enough: 4 characters at most
        # a sentence that ends at the line end; continue only where the next line plainly does
        if plain and prev.endswith((":", ";")) and len(prev) >= 0.8 * long_len and re.match(r"^[\p{Ll}\d]", nxt):
            return True  # a long plain-text line broken after a clause ("... các nội dung:" / "tổ chức các hội nghị ...")
        return bool(re.match(r"^\p{Ll}", nxt)) and not prev.endswith((":", ";", "./."))
    # a document's symbol ("362/QĐ-UBND") is in capitals, but no title: the sentence around it goes on
    symbol = plain and "/" in prev[-16:] + nxt[:16] and (_SYMBOL_END.search(prev) or _SYMBOL_LINE.match(nxt)) \
        and not prev.startswith("Số") and nxt[:3].lower() != "v/v"  # (not the header's "Số: 12/UBND" / "v/v ...")
    if _is_upper(prev) and not (symbol and nxt[:1].islower()):
        return prev.endswith((",", "-", "VÀ", "CỦA")) and _is_upper(nxt)
    if _is_upper(nxt) and sum(c.isalpha() for c in nxt) >= 6 and not prev.endswith((",", "-", "–")) and not symbol:
        return False  # a title in capitals ("BÁO CÁO", "KẾ HOẠCH") after a line in mixed case starts anew
    if (_PARA_OPENER.match(nxt) or ((", " in nxt[:45] or ":" in nxt[:25] or "mời" in nxt) and _body_opener().match(nxt))) \
            and not prev.endswith((",", "-", "–")):
        return False  # "Ngày 30/12/2025, ...", "Căn cứ ...", "Thực hiện ...": a paragraph's first words
    first = nxt[0]
    if first.islower() or first.isdigit() or first in "(\"“%":
        return True
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if prev.endswith((",", "-", "–", "/")) or last_word in _CONNECTORS:
        return True
    if plain and prev[:1].isalnum() and (h := _HEADING.match(prev)) and ":" not in prev and ". " not in prev[h.end():]:
        return False  # "4.7. Kết quả thực hiện ... theo quy định": a numbered heading (no sentence in it) ends its line
    return len(prev) >= 0.8 * long_len


def _opens_with_verb(line: str) -> bool:
    """``line`` opens with a capitalised verb of a duty (data/obligations.json 'actions': ``Bảo đảm ...``, ``Tổng hợp ...``)."""
    if not line[:1].isupper():
        return False
    from congvan.extractors.obligations_vocab import _vocab

    m = _vocab()["action_start"].match(line)
    return bool(m and m.group("verb")[:1].isupper())


def build_text(lines: list[Line]) -> tuple[str, list[Block], int | None]:
    """Join lines into the normalised text. Returns (text, blocks, footnotes_start)."""
    for line in lines:  # decomposed accents (a copy from some editors, some PDF producers): composed first,
        if not unicodedata.is_normalized("NFC", line.text):  # so that the header's landmarks are found
            line.text = unicodedata.normalize("NFC", line.text)
    lines = _split_quoc_hieu(lines)
    body = [l for l in lines if l.kind != "footnote"]
    notes = [l for l in lines if l.kind == "footnote"]
    footnote_numbers = {m.group(1) for l in notes if (m := _FOOTNOTE_START.match(l.text))}
    lengths = sorted(len(l.text.strip()) for l in body if l.text.strip())
    long_len = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80
    margins = _right_margins(body)
    lefts = _left_margins(body)
    indented = indented_pages(body, lefts, margins)
    text_lines = [" ".join(l.text.split()) for l in body if l.bbox is None and l.text.strip()]
    width = wrap_width([len(t) for t in text_lines]) if text_lines else None

    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0

    def emit(group: list[Line], kind: str) -> None:
        nonlocal pos
        prev: Line | None = None
        unwrapped = ""  # with a width: the line as it stood before the width broke it, up to here
        for line in group:
            t = unjoin_glued(normalise_string(line.text))
            if t[:1] in "Nn" and _NOI_NHAN_HEAD.match(t):
                t = "Nơi nhận" + t[8:]  # "Nơi Nhận:", "NƠI NHẬN:": one form for every stage after
            elif t[:1] in _OCR_HEAD_FIRST and ":" in t and not t.startswith(("Nơi nhận", "Kính gửi")):  # both end at a colon
                for pat, head in _OCR_HEADS:
                    if (h := pat.match(t)) is not None and not h.group(0).isascii():  # not a broken font map's "Kinh gui"
                        t = head + t[h.end():]
                        break
            if kind == "body" and footnote_numbers:
                t = _drop_markers(t, footnote_numbers)
            if not t:
                continue
            if kind == "body" and prev is not None and prev.page != line.page and _PAGE_NUMBER.match(t):
                continue  # page number at the top of a page
            if prev is not None and prev.column == line.column or prev is not None and kind == "footnote":
                joined_prev = parts[-1] if parts else ""
                wrap = width is not None and prev.bbox is None and kind == "body"
                if kind == "footnote" and _FOOTNOTE_START.match(t) or kind == "body" \
                        and _new_paragraph(prev, line, lefts, margins, joined_prev, t, _CONNECTORS):
                    sep = "\n"
                elif (kind == "body" and continues_at_margin(prev, line, lefts, margins, indented)
                      and not _LIST_START.match(t) and not _PART_START.match(t)  # a sentence ended at the margin
                      or _should_join(unwrapped if wrap else joined_prev.rsplit("\n", 1)[-1], t, long_len,
                                      # the last line of a plain text's page runs on as one reaching the margin
                                      full_width=_reaches_margin(prev, margins) or prev.bbox is None and prev.page != line.page,
                                      in_column=prev.bbox is not None and prev.column == "left",
                                      width=width if wrap else None, last=joined_prev, plain=prev.bbox is None)):
                    if joined_prev.endswith("-") and re.search(r"\w-$", joined_prev) and (t[0].isdigit() or t[0].islower()):
                        sep = ""  # "2021-" + "2030" -> "2021-2030"
                    elif t[0].isupper() and joined_prev.endswith("-") and _SYMBOL_BROKEN.search(joined_prev) \
                            and _SYMBOL_REST.match(t):
                        sep = ""  # "Quyết định số 28/QĐ-" + "TTg ngày ..." -> "28/QĐ-TTg" (a symbol broken after its hyphen)
                    else:
                        sep = " "
                else:
                    sep = "\n"
            else:
                wrap, sep = False, "\n" if parts and kind == "body" else ""
            unwrapped = unwrapped + sep + t if wrap and sep != "\n" and fills_line(parts[-1], t, width) else t
            parts.append(sep)
            pos += len(sep)
            parts.append(t)
            blocks.append(Block(pos, pos + len(t), line.page, line.bbox, kind))
            pos += len(t)
            prev = line

    emit(body, "body")
    footnotes_start = None
    if notes:
        parts.append("\n\n")
        pos += 2
        footnotes_start = pos
        emit(notes, "footnote")
    text = "".join(parts)
    return text, blocks, footnotes_start


def _drop_markers(text: str, numbers: set[str]) -> str:
    """``tỉnh1 để`` -> ``tỉnh để`` where 1 is a footnote of this document."""
    return re.sub(
        r"(?<=\p{Ll}{2})(\d{1,2})(?=[\s,.;:)]|$)",
        lambda m: "" if m.group(1) in numbers else m.group(1),
        text,
    )
