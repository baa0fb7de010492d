"""Directive frames: the pieces of a sentence that puts a duty on someone.

A duty is written as a cue (``đề nghị``, ``yêu cầu``, ``giao`` ...) or a subject, then its addressee
(a unit phrase, a list, a generic or polite form, an alias the letter defines), then the action.
This module decides the parts that a unit list alone cannot:

- ``strip_between(head)``: what stands between the addressee and the verb (modal words and adverbs,
  ``X khẩn trương báo cáo``; a clause, ``X căn cứ nội dung ... thực hiện``) is not part of the unit;
- ``name_end(head)``: where a unit phrase ends when an unknown lowercase word follows its name
  (``Văn phòng UBND tỉnh thẩm định, trình ...``): underthesea's part-of-speech tags say whether that
  word is a verb or an adjective (the action) or a noun (still the name); the tagger runs only on
  such heads, a few per letter;
- ``cited_cue(sentence, at)``: a cue that is a noun or another letter's request (``Xét đề nghị``,
  ``về việc đề nghị``);
- ``closing_formula(sentence)``: ``thông báo để X biết, thực hiện``, ``trân trọng cảm ơn``;
- ``find_aliases(text)``: names a letter gives its units (``(sau đây gọi tắt là các Đoàn Luật sư)``,
  ``Cục Quản lý Khám, chữa bệnh (KCB)``).

Vocabulary in ``data/frames.json``.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data, phrase_alternation as _alt, trie_alternation

log = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def _vocab() -> dict:
    d = data("frames")
    u = data("units")
    proper = sorted({*u["proper_phrases"], *u["heads"], *d["name_phrases"]}, key=len, reverse=True)
    return {
        # (not the "cần" of "Phòng Hậu cần": a noun)
        "between_tail": re.compile(rf"(?<![Hh]ậu)\s*,?\s+(?:{_alt(d['between'])})\s*,?$", re.I),
        "clause": re.compile(rf"\s*,?\s+(?:{_alt(d['clause_openers'])})\s"),
        "qualifier_tail": re.compile(rf"\s+(?:{_alt(d['generic_qualifiers'])})(?:\s+[^\s,;]+){{0,3}}$", re.I),
        "polite": re.compile(rf"^(?:{_alt(d['polite_heads'])})(?![\p{{L}}])", re.I),
        "person_forms": re.compile(rf"^(?:{_alt(d['polite_forms'])})$", re.I),
        "cited": re.compile(rf"(?:^|[\s(,])(?:{_alt(d['cited_before'])})\s*$", re.I),
        "closing": re.compile("|".join(f"(?:{p})" for p in d["closing_formulas"]), re.I),
        "name_words": {w.lower() for w in d["name_words"]},
        "closing_words": tuple(d["closing_words"]),
        # (factored into a trie: the same matches as the phrases longest first, a third of the time)
        "proper": re.compile(rf"(?<!\p{{L}})(?:{trie_alternation(proper, fold=True)})(?!\p{{L}})", re.I),
        # "việc Hội X đề nghị ...": the request as a noun; "Tại Kết luận, X đề nghị ...": the source's content
        "nominal": re.compile(rf"(?:^|\s)(?:{_alt(d['nominalisers'])})\s+(?:các\s+)?(?=\S)", re.I),
        # ("Theo Công văn số 123/UBND-NV ..., UBND tỉnh giao X ...": a numbered paper's content, as "Tại")
        "source_opener": re.compile(rf"^(?:(?:{_alt(d['narration_connectors'])})\s*,\s*)?(?:[Tt]ại\s+"
                                    rf"(?:(?:{_alt(d['cited_sources'])})(?![\p{{L}}]))|[Tt]heo\s+(?:{_alt(d['cited_sources'][:13])})\s+số\s)"),
        "narration": re.compile(rf"^[“\"]?(?:(?:{_alt(d['narration_connectors'])})\s*,\s*)?(?:"
                                rf"(?:{_alt(d['narration_openers'])})(?![\p{{L}}])|[Tt]ại\s+(?:{_alt(d['cited_sources'])})(?![\p{{L}}])|"
                                rf"[Tt]heo\s+(?:{_alt(d['cited_sources'][:13])})\s+số\s|"
                                r"(?:(?:Đến\s+|Vào\s+|Từ\s+)?[Nn]gày\s+\d{1,2}(?:\s*/\s*\d{1,2}|\s*([.-])\s*\d{1,2}\s*\1\s*\d{4}|\s+tháng)|[Vv]ừa\s+qua|[Tt]hời\s+gian\s+qua|"
                                r"[Nn]ăm\s+(?:19|20)\d\d\s*,|[Tt]rong\s+(?:năm|nhiệm\s+kỳ|thời\s+gian)\s+(?:qua|\d{4})))"),
        # "Thực hiện ...", "Căn cứ ...", "Theo đề nghị của ...": a preamble, what the letter acts on
        "preamble_opener": re.compile(rf"^(?:{_alt(d['preamble_openers'])})(?![\p{{L}}])"),
        # "Sở X có Công văn số ... báo cáo ...": a letter the unit sent, told
        "letter_sent": re.compile(rf"\scó\s+(?:{_alt(d['cited_sources'][:13])})\s+số\s"),
        # "Đoàn kiểm tra đã ban hành các thông báo kết quả kiểm tra, đề nghị ...": what an issued paper asked
        "received_paper": re.compile(rf"(?:^|\s)(?:{_alt(d['received_words'])})\s+(?:các\s+)?(?:{_alt(d['cited_sources'][:13])})"
                                     rf"(?![\p{{L}}])", re.I),
        "issued_paper": re.compile(rf"(?:^|\s)đã\s+(?:ban\s+hành|có|gửi|phát\s+hành)\s+(?:các\s+|những\s+)?"
                                   rf"(?:{_alt(d['cited_sources'][:13])})(?![\p{{L}}])[^.;:]*$", re.I),
        "document_object": re.compile(rf"\s(?:{_alt(d['document_objects'])})$"),
        "permission": re.compile(rf"\s(?:{_alt(d['permission_words'])})$"),
        "handed_start": re.compile(rf"\s*(?:{_alt(d['document_objects'])})(?![\p{{L}}])"),
        "tense_after": re.compile(rf"\s+(?:{_alt(d['tense_markers'])})\s+\S"),
        "opinion": re.compile(rf"\s(?:{_alt(d['opinion_words'])})\s"),
    }


@lru_cache(maxsize=4096)  # (a head is asked about again for each verb after it)
def strip_between(head: str) -> str:
    """``head`` (the words before a verb) without the modal words, adverbs and clause that stand
    between a unit and its verb. The caller checks that what is left is a unit."""
    v = _vocab()
    prev = None
    while prev != head:
        prev = head
        head = v["between_tail"].sub("", head).rstrip(" ,")
        m = v["clause"].search(head)
        if m and m.start() > 0:
            head = head[: m.start()].rstrip(" ,")
    return head


def has_between_clause(piece: str) -> bool:
    """``piece`` holds a clause that stands between a unit and its verb (``Y tế căn cứ chức năng``)."""
    m = _vocab()["clause"].search(piece)
    return bool(m and m.start() > 0)


def strip_qualifier(name: str) -> str:
    """``các cơ quan, đơn vị còn lại`` -> ``các cơ quan, đơn vị`` (the generic form it qualifies)."""
    return _vocab()["qualifier_tail"].sub("", name)


def polite(name: str) -> bool:
    """``Quý Cơ quan``, ``Quý Ủy ban``, ``các đại biểu``: the letter's own addressees, politely."""
    return bool(_vocab()["polite"].match(name.strip())) or person_form(name)


def person_form(name: str) -> bool:
    """``các đồng chí``, ``các đại biểu``: persons addressed, which only the letter's addressees resolve."""
    return bool(_vocab()["person_forms"].match(name.strip()))


def proper_words(piece: str) -> str:
    """``piece`` with the phrases of a proper name (data/units.json 'proper_phrases') put as one placeholder word."""
    return _vocab()["proper"].sub("Tên", piece)


def suspect_tail(piece: str) -> bool:
    """A unit piece carrying a lowercase word that no unit name has (``UBND tỉnh thẩm định``)."""
    v = _vocab()
    rest = v["proper"].sub(" ", piece)
    words = [w.strip(",.;()\"“”") for w in rest.split()]
    for k, w in enumerate(words):
        if not w or not w[:1].islower() or w.lower() in v["name_words"]:
            continue
        pair = f"{w} {words[k + 1]}".lower() if k + 1 < len(words) else ""
        prev = f"{words[k - 1]} {w}".lower() if k else ""
        three = " ".join(words[k:k + 3]).lower() if k + 2 < len(words) else ""  # "cận lâm sàng"
        if pair in v["name_words"] or prev in v["name_words"] or three in v["name_words"]:
            continue
        return True
    return False


@lru_cache(maxsize=1)
def _tagger():
    try:
        from underthesea import pos_tag
    except Exception as exc:  # an install without it still runs; the heads are then kept whole
        log.warning("underthesea unavailable (%s): unit phrases are not cut by part of speech", exc)
        return None
    return pos_tag


@lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, str], ...]:
    tag = _tagger()
    return tuple(tag(text)) if tag else ()


# tags that may go on a unit name: nouns (common, proper, classifier, abbreviation, unit, borrowed),
# determiners ("các") and punctuation; a lowercase word with any other tag (a verb, an adjective, an
# adverb, a numeral-looking OCR garble such as "khân trương") ends it
_NOUNISH = {"N", "Np", "Nc", "Ny", "Nu", "Nb", "L", "CH"}


def name_end(head: str) -> int | None:
    """Offset in ``head`` where a lowercase word that is not a noun (a verb, adjective, adverb ...)
    follows the unit name it starts with (the action begins there); None when the tagger sees none."""
    v = _vocab()
    pos = 0
    first = True
    covered = 0  # the end of a name phrase a word began ("Ban vận động thành lập ...": its verbs are the name's)
    for word, tag in _tags(head):
        m = re.compile(re.escape(word).replace(r"\ ", r"\s+")).search(head, pos)
        if m is None:
            return None  # the tagger changed the text: no safe offset
        if not first and word[:1].islower() and tag not in _NOUNISH and word.lower() not in v["name_words"] \
                and m.start() >= covered:
            if not v["proper"].match(head, m.start()):
                return m.start()
        if first:  # (only the name's own head phrase: "tỉnh ủy quyền" inside a sentence is no "Tỉnh ủy")
            p = v["proper"].match(head, m.start())
            covered = p.end() if p else 0
        first = False
        pos = m.end()
    return None


def cited_cue(sentence: str, at: int) -> bool:
    """The cue at ``at`` is a noun or another letter's request: ``Xét đề nghị của``, ``về việc đề nghị``,
    ``đề nghị của X``, ``Đơn đề nghị``, ``việc Hội X đề nghị ... là cần thiết``, ``Tại Kết luận, X đề nghị``."""
    v = _vocab()
    if v["cited"].search(sentence[:at]):
        return True
    clause = re.split(r"[.;:]\s", sentence[:at])[-1]
    if " đã " in clause and v["issued_paper"].search(clause) or v["received_paper"].search(clause):
        return True  # "X đã ban hành các thông báo ..., đề nghị", "X nhận được Tờ trình số ... đề nghị": a paper's ask
    if v["source_opener"].match(clause):
        return True  # "Tại Kết luận, Ban Thường vụ Tỉnh ủy đề nghị ...": what the source says
    for nom in v["nominal"].finditer(clause):
        if heads_pattern().match(clause, nom.end()) or re.match(r"(?:công\s+dân|tổ\s+chức|cá\s+nhân)\s", clause[nom.end():]):
            return True  # "Do đó, việc Hội Golf tỉnh đề nghị Chủ tịch UBND tỉnh xem xét ... là cần thiết"
    within = list(re.finditer(r"(?:^|\s)trong\s+đó\s*,?\s", clause))
    if within:
        # "Thực hiện QĐ ..., trong đó giao Bộ X chủ trì ..., Bộ X đề nghị ...": a new subject after a
        # comma starts the letter's own sentence again
        tail = clause[within[-1].end():]
        own = re.search(r",\s+(?P<subj>[^,]{2,80})$", tail)
        if not (own and heads_pattern().match(own.group("subj"))):
            return True  # "..., trong đó các Đoàn Luật sư kính trình ...": the request another letter made
    if re.search(r"(?:^|\s)do\s+[^,]{2,80}$", clause):
        return True
    if re.search(r"(?:^|\s)do\s+\p{Lu}[^,;.]{1,40}(?:,\s+\p{Lu}[^,;.]{1,40})+$", clause):
        return True  # "các hội quần chúng do Đảng, Nhà nước giao nhiệm vụ": who gave it, no ask
    if re.search(r"(?:^|\s)được\s+[^,;]{2,60}$", clause):
        return True  # "UBND cấp tỉnh được Thủ tướng Chính phủ giao mục tiêu ...": a passive relative, no ask
    doc = _CITED_DOC.search(clause)
    if doc and not (doc.group("comma") and v["preamble_opener"].match(clause)):
        # "VPCP có Công văn số 999/VPCP-KTTH đề nghị ...": what a cited letter asked; after a preamble and its
        # comma ("Thực hiện Công văn số ... ngày 05/8/2025, đề nghị ...", "Theo đề nghị của X tại Tờ trình số
        # ..., yêu cầu ...") the cue is the letter's own
        return True
    return bool(re.match(r"\S+(?:\s+\S+)?\s+(?:của|tại|số)\s", sentence[at:]) and
                re.match(r"(?:[Kk]ính\s+|[Tt]rân\s+trọng\s+)?(?:đề\s+nghị|yêu\s+cầu)\s+(?:của|tại|số)\s", sentence[at:]))


_CITED_DOC = re.compile(r"(?:[Cc]ông\s+văn|[Vv]ăn\s+bản|[Tt]hông\s+báo|[Qq]uyết\s+định|[Kk]ế\s+hoạch|[Tt]ờ\s+trình|[Bb]áo\s+cáo|"
                        r"[Cc]ông\s+điện|[Cc]hỉ\s+thị)\s+số\s+[^\s,]+(?:\s+ngày\s+[^\s,]+(?:\s+tháng\s+[^\s,]+\s+năm\s+[^\s,]+)?)?"
                        # no comma after "của X": the letter is the cue's subject; a comma right after the number or date
                        # ("Công văn số 999/BNV ngày 10/7/2025, đề nghị ...") still is, unless a preamble opens the clause
                        r"(?:\s+(?:của|do)\s+[^,]{2,80}?|(?P<comma>\s*,))?\s*$")


@lru_cache(maxsize=4096)  # (asked of a sentence about four times in a walk)
def narrated(sentence: str) -> bool:
    """``sentence`` tells what is or was the case, so a unit as its subject is no addressee: ``Hiện nay,
    Hội X thực hiện ...``, ``Ngày 01/7/2025, Bộ X ban hành ...``, ``Tại Công văn số ..., Sở X có ý kiến``,
    ``Sở X có Công văn số ... báo cáo ...``."""
    v = _vocab()
    return bool(v["narration"].match(sentence) or (" số " in sentence and v["letter_sent"].search(sentence)))


def handed_document(unit: str, task: str = "") -> bool:
    """``Chủ tịch UBND tỉnh văn bản`` (from ``kính trình Chủ tịch UBND tỉnh văn bản thông báo ...``), or a
    task that opens with the document (``dự thảo Quyết định công nhận ...``): a document handed to the unit,
    not a duty put on it."""
    v = _vocab()
    return bool(v["document_object"].search(unit) or v["handed_start"].match(task))


def name_goes_on(sentence: str, verb_end: int) -> bool:
    """A tense or negation word right after the verb (``Hiệp hội Nhà thầu xây dựng chưa lập ...``), or after
    the name the verb's object is (``Ban Vận động thành lập Liên đoàn Pickleball tỉnh Lâm Đồng đã thực hiện
    ...``, ``... được Chủ tịch UBND tỉnh công nhận``): the verb was a word of the subject's name, and the
    predicate comes after."""
    if not sentence[verb_end:verb_end + 1].isspace():
        return False  # (both patterns below open with a space)
    v = _vocab()
    if v["tense_after"].match(sentence, verb_end) or _CHAIRS_AFTER.match(sentence, verb_end):
        return True  # ("Phòng Kế hoạch tổng hợp chủ trì, phối hợp ...": a name's word, then the unit's own verb)
    w = _WORD.match(sentence, verb_end)
    if w is None or not _heads_any_case().match(sentence, w.start("w")):
        return False  # the verb's object is no unit name: "Sở X tổng hợp Danh sách đã được ...", "rà soát Kế hoạch"
    told = _TOLD_AFTER_NAME.search(sentence, verb_end, verb_end + 90)
    return bool(told and told.end() - verb_end >= 12 and not _ACTION_IN(sentence[verb_end:told.end()]))


# the tense or passive word that ends a name ("... Liên đoàn Pickleball tỉnh Lâm Đồng đã thực hiện"), with no
# punctuation or verb of the list on the way
_TOLD_AFTER_NAME = re.compile(r"\G[^,;:.()]*?\s(?:đã|đang|chưa|vừa|không|sẽ|được|bị)\s")


_WORD = re.compile(r"\s+(?P<w>[^\s,;:.()]+)")
# "chủ trì" right after a verb: no duty is worded so, the verb was the last word of the unit's name
_CHAIRS_AFTER = re.compile(r"\G\s+chủ\s+trì(?![\p{L}])")


@lru_cache(maxsize=None)
def _heads_any_case() -> re.Pattern:
    # heads_pattern() in any case, its heads factored into a trie (the same matches, a third of the time)
    heads = data("units")["heads"] + data("frames")["extra_heads"]
    return re.compile(rf"(?<![\p{{L}}])(?:{trie_alternation(heads, fold=True)})(?![\p{{L}}])", re.I)


def _ACTION_IN(text: str) -> bool:
    from .obligations_vocab import _vocab as _ob_vocab  # (the obligations vocabulary imports this module)
    return any(m.group(0)[:1].islower() for m in _ob_vocab()["action"].finditer(text))


@lru_cache(maxsize=4096)  # (asked of a head two or three times in a walk)
def permission(head: str) -> bool:
    """``Ban Chấp hành có thể`` (before ``tổ chức họp``): leave to act, no duty; ``Phòng PC01 thống nhất với
    nội dung`` (before ``đánh giá``): an opinion told."""
    v = _vocab()
    return bool(v["permission"].search(head) or v["opinion"].search(head))


def closing_formula(sentence: str) -> bool:
    """``Văn phòng Chính phủ xin thông báo để Bộ X biết, thực hiện``: informs, assigns nothing new."""
    low = sentence.lower()
    if not any(w in low for w in _vocab()["closing_words"]):
        return False  # the formulas' patterns are costly to try on every sentence
    return bool(_vocab()["closing"].search(sentence))


_ALIAS = re.compile(r"\(\s*(?:sau\s+đây\s+(?:gọi\s+)?(?:tắt\s+|chung\s+)?(?:gọi\s+)?|gọi\s+)(?:tắt\s+|chung\s+)?là:?\s*"
                    r"(?P<alias>[^()]{2,80}?)\s*\)", re.I)
_ACRONYM = re.compile(r"\(\s*(?P<abbr>\p{Lu}[\p{Lu}Đ&\-]{1,12})\s*\)")


def find_aliases(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Match]:
    """Names a letter defines for its units. ``value`` is (alias, what it stands for): the text before
    ``(sau đây gọi tắt là X)`` back to the sentence start, or the name before ``(ABBR)``."""
    end = len(text) if end is None else end
    for m in _ALIAS.finditer(text, start, end):
        alias = " ".join(m.group("alias").split()).strip(" \"“”'")
        before = text[max(start, m.start() - 400): m.start()]
        cut = max(before.rfind("."), before.rfind(";"), before.rfind("\n"))
        scope = before[cut + 1:].strip()
        yield Match("alias", m.start(), m.end(), m.group(0), (alias, scope))
    heads = heads_pattern()
    for m in _ACRONYM.finditer(text, start, end):
        before = text[max(start, m.start() - 160): m.start()]
        h = None
        for h in heads.finditer(before):
            pass  # the last unit head before the parenthesis starts the name it abbreviates
        if h is None or "\n" in before[h.start():]:
            continue
        while (prev := _head_ending_at(heads, before, h.start())) is not None:
            h = prev  # "Tổng công ty Điện lực miền Bắc (EVNNPC)": one name of two heads, from the first
        name = " ".join(before[h.start():].split()).rstrip(" ,")
        if len(name.split()) >= 2:
            yield Match("alias", m.start(), m.end(), m.group(0), (m.group("abbr"), name))


def _head_ending_at(heads: re.Pattern, text: str, at: int):
    """A unit head that ends one space before ``at`` (``Tổng công ty`` before ``Điện lực ...``)."""
    return next((m for m in heads.finditer(text, max(0, at - 40), at) if m.end() == at - 1 and text[at - 1] == " "), None)


@lru_cache(maxsize=None)
def heads_pattern() -> re.Pattern:
    """A unit head (``Sở``, ``Ban Chấp hành``, ``Công ty`` ...) anywhere in a text."""
    heads = data("units")["heads"] + data("frames")["extra_heads"]
    return re.compile(rf"(?<![\p{{L}}])(?:{_alt(heads)})(?![\p{{L}}])")


@lru_cache(maxsize=None)
def titles_pattern() -> re.Pattern:
    """A person's title that stands as a list entry (``Thủ tướng``, ``Bộ trưởng``, ``Chủ tịch``)."""
    return re.compile(rf"(?:{_alt(data('frames')['title_heads'])})(?![\p{{L}}])")
