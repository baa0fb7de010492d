"""Subject and task of a clause: ``A, B (khẩn trương) báo cáo ...`` -> (``A, B``, ``báo cáo ...``).

What stands between the unit and the verb is set aside (``frames.strip_between``); where the verb is
not in the list the tagger finds where the unit ends (``frames.name_end``).
"""
from __future__ import annotations

from contextvars import ContextVar

from . import fastre as re

from . import frames
from .obligations_units import _LETTER_ALIASES, _split_units
from .obligations_vocab import _actions, _INLINE_ITEM, _vocab


# and what _subject_and_task said of each sentence or clause (the walk asks of one about five times);
# per letter too, since the letter's aliases are units in it
_SUBJECTS: ContextVar[dict | None] = ContextVar("subjects", default=None)


# modal words between the subject and the verb (not the 'cần' of 'Hậu cần'): "X có trách nhiệm ...", "X quan tâm, có văn bản góp ý",
# "Số liệu của X đề nghị gửi ..." (X is requested to send)
_MODAL_TAIL = re.compile(r"(?<![Hh]ậu)\s*,?\s+(?:có\s+trách\s+nhiệm|chủ\s+động|khẩn\s+trương|tiến\s+hành|thực\s+hiện|kịp\s+thời|"
                         r"cần|phải|trực\s+tiếp|quan\s+tâm|có\s+văn\s+bản|đề\s+nghị|tiếp\s+tục|chịu\s+trách\s+nhiệm|"
                         # a schedule between the unit and its verb: "X định kỳ 6 tháng báo cáo ...", "X định kỳ 06
                         # tháng, hằng năm báo cáo ..."
                         r"định\s+kỳ(?:\s+(?:0?[1-9]|sáu|ba)\s+tháng(?:\s+một\s+lần)?)?(?:\s*,?\s*(?:hằng|hàng)\s+(?:tháng|quý|năm))?"
                         r"|(?:hằng|hàng)\s+(?:tháng|quý|năm|tuần))$")


_PREP_START = re.compile(r"\s*(?:đến|về|cho|với|tại|trong|theo|của|từ|bằng)\s")


def _alias_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the names the letter stands for as a whole (see ``obligations_units._mask_aliases``) stand in ``sentence``."""
    low = sentence.lower()
    return [(m.start(), m.end()) for alias in _LETTER_ALIASES.get() if " các " in f" {alias} " and alias in low
            for m in re.finditer(re.escape(alias).replace(r"\ ", r"\s+"), low)]


def _subject_and_task(sentence: str, *, verbless: bool = False) -> tuple[str, str] | None:
    """``A, B báo cáo ...`` -> (``A, B``, ``báo cáo ...``) where the subject is a unit list."""
    seen = _SUBJECTS.get()
    if seen is None:
        return _find_subject_and_task(sentence, verbless)
    key = (sentence, verbless)
    if key not in seen:
        seen[key] = _find_subject_and_task(sentence, verbless)
    return seen[key]


def _find_subject_and_task(sentence: str, verbless: bool) -> tuple[str, str] | None:
    named = _alias_spans(sentence)
    for m in _actions(sentence):
        if m.start() == 0 or any(a < m.start() < b for a, b in named):
            continue  # (the "kiểm tra" of "ủy ban kiểm tra các huyện ủy", an addressee the body writes in lower case)
        if m.group(0)[:1].islower() and frames.name_goes_on(sentence, m.end()):
            continue  # "Hiệp hội Nhà thầu xây dựng chưa lập ...": "xây dựng" names the subject
        head = sentence[: m.start()]
        head = (_INLINE_ITEM.sub("", head) if ":" in head or ";" in head else head).rstrip(" ,")
        if head.startswith("Riêng"):
            head = _SET_APART.sub("", head, count=1)  # "Riêng Sở Nội vụ tổng hợp ...": that unit, set apart
        if head.endswith(";"):
            continue  # "... cho các sở, UBND các huyện; tăng cường thanh tra ...": the verb opens the next item
        if head.endswith(":") and m.group(0)[:1].islower():
            head = head[:-1].rstrip()  # "Đề nghị UBND tỉnh: chỉ đạo các sở ...": the addressee, then the ask
        if frames.permission(head):
            return None  # "Ban Chấp hành có thể tổ chức họp ...": leave to act, not a duty
        # modal words between the subject and the verb
        prev = None
        while prev != head:
            prev = head
            head = _MODAL_TAIL.sub("", head)
        if not head or len(head) > 320:
            return None
        spans = _split_units(head)
        if not spans or len(head) > 220 or frames.suspect_tail(head[spans[-1][0]:spans[-1][1]]):
            # "X khẩn trương ...", "X, căn cứ ..., thực hiện", "X thẩm định, trình ...": what stands
            # between the unit and the verb, or a verb the list lacks
            cut = frames.strip_between(head)
            spans = _split_units(cut) if cut else None
            if spans and frames.suspect_tail(cut[spans[-1][0]:spans[-1][1]]):
                end = frames.name_end(cut)
                if end:
                    cut2 = cut[:end].rstrip(" ,")
                    if _split_units(cut2) and not re.search(r"[“”\"]", cut2) and not _PREP_START.match(sentence[end:]) \
                            and not re.search(r"\s(?:và|hoặc|cùng|với)$", cut2) \
                            and not _TOLD_BETWEEN.search(" " + sentence[end:m.start()]) \
                            and not _SUBORDINATE.search(" " + sentence[end:m.start()]):
                        # (not "các hội mang tính chất ..., cũng chưa được cho phép thành lập": told, not asked)
                        return cut2, sentence[end:]  # (a task never opens with "đến", "về", "cho" ...)
            if spans and len(cut) <= 220 and not _TOLD_BETWEEN.search(" " + head[len(cut):] + " ") \
                    and not _SUBORDINATE.search(" " + head[len(cut):] + " "):
                return cut, sentence[m.start():]
            return None
        return head, sentence[m.start():]
    return _verbless_subject(sentence) if verbless else None


def _leave_to_act(sentence: str) -> bool:
    """The sentence's first verb follows a permission or plan word (``Trung tâm dự kiến tổ chức Hội thảo
    ..., mời các Sở ...``): no subject later in it is an addressee either."""
    m = next(_actions(sentence), None)
    return bool(m and frames.permission(sentence[: m.start()].rstrip(" ,")))


def _verbless_subject(sentence: str) -> tuple[str, str] | None:
    """``Quý Cơ quan cho ý kiến ...``: no verb of the list; the tagger finds where the unit ends."""
    v = _vocab()
    if not (v["unit_start"].search(sentence) or v["generic"].search(sentence)):
        return None
    end = frames.name_end(sentence[:220])
    if end and _split_units(sentence[:end].rstrip(" ,")):
        if _COPULA_IN.search(_ASIDE.sub("", sentence[end:]).split(",", 1)[0]):
            return None  # "giao Cục X điều tra ... là cơ quan thường trực ...": a role, the name cut short
        return sentence[:end].rstrip(" ,"), sentence[end:]
    return None


def _named_subject(sent: str) -> int:
    """Offset of the subject in ``Thời hạn <units> <verb> ...`` when the units are named (not the
    letter's generic addressees, which make it a document-level deadline); 0 otherwise."""
    m = re.match(r"^Thời\s+(?:gian|hạn)\s+", sent) if sent.startswith("Thời") else None
    if not m:
        return 0
    st = _subject_and_task(sent[m.end():])
    if st and _vocab()["generic"].search(st[0]) and re.match(r"(?:gửi|báo\s+cáo|nộp)\b", st[1]):
        return 0  # "Thời gian các cơ quan, đơn vị gửi báo cáo ...": the letter's reporting deadline
    return m.end() if st else 0


_COPULA = re.compile(r"\s*là\s")
# "X nhiệm kỳ 2025-2030 chính thức đi vào hoạt động khi có quyết định phê duyệt ...": the listed verb stands in
# a clause of time or condition after the unit's own predicate, so it is not the unit's task
_SUBORDINATE = re.compile(r"\s(?:khi|sau\s+khi|trước\s+khi|nếu|trường\s+hợp|mà)\s")
_SET_APART = re.compile(r"^Riêng\s+(?=\p{Lu})")
_TOLD_BETWEEN = re.compile(r"\s(?:đã|đang|chưa|vừa|không|sẽ)\s")
_COPULA_IN = re.compile(r"\slà\s")
_ASIDE = re.compile(r"\([^()]*\)")
_CITED_WITHIN = re.compile(r"(?:^|[\s;])trong\s+đó$")


def _subject_in_clause(sent: str) -> tuple[str, str] | None:
    """``Trên cơ sở ..., UBND các xã, thị trấn báo cáo ...``: the subject after a leading clause."""
    prev = 0
    v = _vocab()
    for m in re.finditer(r"[,;]\s+", sent):
        rest = sent[m.end():]
        before, prev = sent[prev:m.start()], m.end()
        if not (v["unit_start"].search(rest) or v["generic"].search(rest)):
            continue
        if re.search(r"(?:^|\s)do\s", before) or _split_units(before.strip()):
            continue  # "... do Đoàn Luật sư A, Đoàn Luật sư B trình": inside a list, not after a clause
        if _CITED_WITHIN.search(before):
            continue  # "Thực hiện Công văn số ...; trong đó, UBND tỉnh giao ...": the cited letter's actor
        st = _subject_and_task(rest)
        if st:
            return st
    return None
