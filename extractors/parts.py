"""The parts Nghị định 30/2020 gives a document: where the header ends and the body begins."""
from __future__ import annotations

from dataclasses import dataclass

from typing import Iterator

from . import fastre as re

from .base import QUOC_HIEU, TextLine, data, is_upper, lines

# "Kính gửi:" (also in capitals, or without its colon where the list's dashes follow on the next line)
KINH_GUI = re.compile(r"^\s*(?:\p{Lu}[\p{L} ]{0,40}[ \t])?(?:Kính\s+gửi|KÍNH\s+GỬI|điện)"
                      r"(?:\s*:|[ \t]*(?=\n\s*[-–+•]\s*\p{Lu}))"
                      # a giấy mời's list of whom it invites ("Sở Giáo dục và Đào tạo trân trọng kính mời:")
                      r"|^\s*(?:\p{Lu}[\p{L} ]{0,80}[ \t])?(?:[Tt]rân\s+trọng\s+)?[Kk]ính\s+mời\s*:(?=[ \t]*\n\s*[-–+•]\s*\p{Lu})", re.M)
_PLACE_DATE = re.compile(r"^\p{Lu}[\p{L} .]{1,40},\s*ngày\b")
# a preamble or body sentence set right under the list ("Thực hiện Công văn số ...", "Căn cứ ...";
# data/recipients.json 'block_openers')
_BLOCK_OPENER = re.compile(r"^(?:" + "|".join(data("recipients")["block_openers"]) + ")")
# the same openers begin the body of a letter without Kính gửi, and end its subject (subject.py)
_BODY_START = _BLOCK_OPENER
_RUN_ON = re.compile(r"(?<=\p{L}[.;])[ \t]+(?=(?:" + "|".join(data("recipients")["block_openers"]) + "))")
# "Ủy ban nhân dân tỉnh nhận được ...": a sentence, not a name (data/recipients.json 'sentence_words')
_SENTENCE_WORD = re.compile(r"(?<!\p{L})(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                                                data("recipients")["sentence_words"]) + r")(?!\p{L})")
# the date line's "ngày ... tháng" where a date line has it: opening its line or after the place's comma ("Hà Nội,
# ngày 12 tháng 5 năm 2015"), not a body's deadline ("... trước ngày 28 tháng 8 năm 2011"); in digits, after a
# place that opens the line ("Hà Nội, ngày 12/05/2015"; a citation's "số 60-NQ/TU, ngày 15/12/2021" is none)
_HEADER_MARK = re.compile(r"^\s*(?:Số\s*[:：]|V/v|Về\s+việc)|(?:^[ \t]*|,[ \t]*)ngày\s*\d{0,2}\s*tháng"
                          r"|^[ \t]*\p{Lu}[\p{L} .'\-]{1,40}?,[ \t]*ngày\s*\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4}(?!\d)", re.M)


@dataclass(slots=True)
class Parts:
    has_header: bool
    header_end: int  # offset where the body (or Kính gửi) starts
    body_start: int


def addressee_lines(text: str, start: int) -> Iterator[TextLine]:
    """The lines of the ``Kính gửi`` list from ``start`` (just after its colon): the first line, then
    list items (``- Sở Nội vụ;``) and, after an entry that ends with ``;`` or ``,``, a short line that
    opens a unit's name and ends as an entry does, without a dash (``Kính gửi: Thường trực Tỉnh ủy;`` /
    ``Thường trực HĐND tỉnh.``; a wrapped body line runs on without the punctuation)."""
    open_list = closed = False
    empty_head = items = False
    following = list(lines(text, start))
    for k, line in enumerate(following):
        t = line.text.strip()
        if line.start == start:
            empty_head = not t
        elif empty_head and not items and (QUOC_HIEU.search(t) or _PLACE_DATE.match(t)):
            continue  # OCR of a two-column header read its right column after "Kính gửi:" (pool029)
        elif items and len(t) <= 3 and k + 1 < len(following) and following[k + 1].text.lstrip().startswith(("-", "–")):
            continue  # a speck between two entries ("Tớ")
        # the colon ends its line and the addressee stands alone on the next ("Kính gửi:" / "Bộ Kế hoạch và
        # Đầu tư."): a tab-aligned addressee the page set apart, or a copy that broke the line there
        alone_below = empty_head and not items and t and len(t.split()) <= 24 and not _BLOCK_OPENER.match(t) \
            and _opens_unit(t) and _no_verb(t)
        if items and _BLOCK_OPENER.match(t.lstrip("-+•– ")):
            return  # "- Căn cứ ...", "- Thực hiện ...": the body's first item, set under the list
        if closed and t.startswith(("-", "+", "•", "–")) and (len(t.split()) > 24 or _is_sentence(t)):
            return  # after the list's final '.', a dashed sentence ("- Năm 2025, Sở Nội vụ đã ...") is body
        if line.start == start or t.startswith(("-", "+", "•", "–")) or not t or alone_below or \
                open_list and len(t.split()) <= 14 and t.endswith((";", ",", ".")) and _opens_unit(t) \
                and not _BLOCK_OPENER.match(t) and not _is_sentence(t):
            if (run_on := _RUN_ON.search(line.text)) is not None:
                # the body run onto the list's line (a copy that lost its line breaks: "Kính gửi: Sở Tư pháp.
                # Thực hiện Công văn số ..."): the list ends at its '.'
                yield TextLine(line.start, line.start + run_on.start(), line.text[:run_on.start()])
                return
            if t:
                open_list = t.endswith((";", ","))
                closed = items and t.endswith(".")
                items = items or line.start != start
            yield line
            continue
        return


def _is_sentence(t: str) -> bool:
    """``t`` says something (a duty verb, "nhận được", "đã"): the body's first sentence, not an entry."""
    from .obligations import _actions

    return bool(_SENTENCE_WORD.search(t)) or any(a.group(0)[:1].islower() for a in _actions(t))


def _no_verb(t: str) -> bool:
    """``t`` is units' names and nothing else: no verb of the duty list, every piece a unit (not the
    body's first sentence "Sở Nội vụ nhận được ...", "Bộ Y tế đề nghị ...")."""
    from .obligations import _actions, _split_units

    return bool(_split_units(t.rstrip(" .;,"))) and not any(a.group(0)[:1].islower() for a in _actions(t)) \
        and " đề nghị " not in f" {t} "


def _opens_unit(t: str) -> bool:
    from .frames import heads_pattern, titles_pattern
    from .units import canonical_unit

    name = canonical_unit(t.strip(" .;,"))
    return bool(heads_pattern().match(name) or titles_pattern().match(name) or name.lower().startswith("các "))


def find_parts(text: str) -> Parts:
    window = text[:2500]
    has_header = bool(QUOC_HIEU.search(window)) or bool(_HEADER_MARK.search(window[:1200]))
    kg = KINH_GUI.search(text[:4000])
    body_start = 0
    if kg:
        header_end = kg.start()
        # addressees run until the first line that is not a list item and not a continuation
        body_start = kg.end()
        for line in addressee_lines(text, kg.end()):
            body_start = line.end
        if body_start < len(text):
            body_start += 1  # the line after the list's last one
        return Parts(has_header, header_end, body_start)
    if not has_header:
        return Parts(False, 0, 0)
    header_end = 0
    for line in lines(text, 0, min(len(text), 4000)):
        t = line.text.strip()
        if _BODY_START.match(t) or (len(t) > 160 and not is_upper(t) and not t.startswith("V/v")):
            header_end = line.start
            break
    return Parts(True, header_end, header_end)
