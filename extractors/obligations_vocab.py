"""The obligation vocabulary as patterns, and the verbs and directive cues of a sentence.

``_vocab()`` compiles ``data/obligations.json`` (with the unit heads of ``units.json`` and ``frames.json``);
``_actions(s)`` are the action verbs of ``s`` that are verbs (not ``Ban Chỉ đạo``, ``công trình``);
``_live_cues(s)`` the directive cues that put a duty on someone (not ``Xét đề nghị của``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import data, trie_alternation
from . import frames


# a reporting schedule's words ("hằng quý", "6 tháng", "hằng năm", "cả năm")
_EVERY = r"(?:(?:h[ằà]ng|mỗi)\s+(?:quý|tháng|năm|tuần)|\d{1,2}\s+tháng(?:\s+một\s+lần)?|cả\s+năm|năm)"


@lru_cache(maxsize=None)
def _vocab() -> dict:
    d = data("obligations")
    actions = sorted(d["actions"], key=len, reverse=True)
    act = trie_alternation(actions, fold=True)  # factored: the verb list is matched on every sentence
    heads = sorted(set(data("units")["heads"]) | set(data("frames")["extra_heads"])
                   | {"UBND", "HĐND", "VP", "BCĐ", "Văn phòng", "Thường trực"}, key=len, reverse=True)
    head = "|".join(re.escape(h) for h in heads)
    generic = sorted(set(d["generic_addressees"]) | {p.lower() for p in data("frames")["polite_heads"]},
                     key=len, reverse=True)
    gen = "|".join(re.escape(g) for g in generic)
    cls = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(data("units")["class_nouns"], key=len, reverse=True))
    not_cls = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(data("units")["class_noun_words"], key=len, reverse=True))
    rules = d["rules_documents"]
    adv = trie_alternation(sorted(d["task_adverbs"], key=len, reverse=True), fold=True)
    return {
        # a rule text or table sent as an attachment (see _rules_document)
        "rules_title": re.compile(r"(?:^|\n)(?:" + "|".join(re.escape(t) for t in rules["titles"]) + r")(?![\p{L}])",
                                  re.I),
        "attached_to": re.compile(r"\(\s*(?:[Bb]an\s+hành\s+)?[Kk]èm\s+theo\s+(?:"
                                  + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in rules["attached_to"])
                                  + r")\s+(?:số\s+)?\S*\s*/"),
        "action": re.compile(rf"(?<![\p{{L}}])(?:{act})(?![\p{{L}}])", re.I),
        # (the adverbs of data/obligations.json 'task_adverbs' may lead: "Tập trung thực hiện ...", "Thường xuyên kiểm tra ...")
        # (and a time the task runs from: "Kể từ tháng 7/2023, hằng tháng báo cáo ...")
        # (a schedule may lead the verb: "Định kỳ 6 tháng và hằng năm, báo cáo ...", "Hằng quý, rà soát ...")
        "action_start": re.compile(rf"^(?:(?:kể\s+)?từ\s+(?:ngày\s+|tháng\s+|quý\s+|năm\s+)?[\dIVX]+(?:\s*/\s*\d{{1,4}}){{0,2}}"
                                   rf"(?:\s+năm\s+\d{{4}})?\s*,\s*|(?:định\s+kỳ\s+)?{_EVERY}(?:\s*(?:,|và)\s*{_EVERY})*\s*,\s*)?(?:(?:{adv})\s*,?\s+){{0,2}}(?:thực\s+hiện\s+(?=rà|báo|gửi|tổng|xây))?(?P<verb>{act})"
                                   rf"(?![\p{{L}}])", re.I),
        # ("các trường hợp", "các hội nghị": a class noun's word that names no unit, data/units.json 'class_noun_words')
        "unit_start": re.compile(rf"^(?:{head})(?![\p{{L}}])|^(?:[Cc]ác|[Tt]hủ\s+trưởng\s+các)\s+(?!(?i:{not_cls})(?![\p{{L}}]))(?i:{cls})(?![\p{{L}}])"
                                 r"|^[Cc]ác\s+\p{Lu}{2,}(?![\p{Ll}])"),  # "các TTGDTX huyện": an abbreviated class
        "generic": re.compile(rf"^(?:{gen})(?![\p{{L}}])", re.I),
        "reporting": set(d["reporting_actions"]),
        # verbs that state a rule when a unit is their subject, a duty only after a cue ("đề nghị X quy định cụ thể ...")
        "cue_only": re.compile(r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in d["cue_only_actions"])
                               + r")(?![\p{L}])", re.I),
        "exhortation": re.compile("|".join(re.escape(e) for e in d["exhortations"]), re.I),
        "bare_task": re.compile(r"^(?:(?:" + "|".join(re.escape(w) for w in sorted(d["bare_task_words"], key=len, reverse=True))
                                + r")(?:\s*,\s*|\s+|(?=\.)|$))+(?:\./\.|\.)?$", re.I),
        # "kính trình / kính báo cáo X xem xét": a proposal puts the decision on X
        "assign": re.compile(r"(?:^|[\s,;(])(?P<kw>[Gg]iao|(?:[Kk]ính\s+|[Tt]rân\s+trọng\s+)?đề\s+nghị|"
                             r"[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Kk]ính\s+trình|[Kk]ính\s+báo\s+cáo|"
                             # "Kính mong / Rất mong Quý cơ quan quan tâm, cung cấp ...": a polite ask
                             r"(?:[Kk]ính|[Rr]ất)\s+mong(?!\s+(?:muốn|nhận|được|sự))|"
                             r"(?<!\p{L}\s*)[Kk]ính\s+gửi(?!\s*:)|"
                             # "Sở Nội vụ báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo": the closing ask of a report
                             r"(?<=\p{L}\s)(?<!sẽ\s)báo\s+cáo(?:\s*,\s*đề\s+xuất)?(?=\s+[^.;,]{2,100}?\s+xem\s+xét))\s+(?=\S)"),
    }


# cheap substring tests before a pattern that can only match where one of these words stands
_CUE_WORDS = ("giao", "đề nghị", "yêu cầu", "kính trình", "kính báo cáo", "kính gửi", "xem xét", "mong")


def _maybe(text: str, words: tuple[str, ...]) -> bool:
    low = _low(text)
    for w in words:  # (a loop, not any() over a generator: asked about 20k times a pass)
        if w in low:
            return True
    return False


@lru_cache(maxsize=512)  # a sentence is tested for several word sets in turn
def _low(text: str) -> str:
    low = text.lower()
    return " ".join(low.split()) if "\n" in low or "  " in low or "\t" in low else low


# an item numbered inside the sentence, just before a verb: "đề nghị UBND các xã: 1) Rà soát ...; 2) ..."
_INLINE_ITEM = re.compile(r"[:;]\s*(?:\d{1,2}|[a-zđ])[).]\s*$")
_IN_NAME = re.compile(r"(?:^|\s)(?:Ban|Tổ|Hội\s+đồng|Tiểu\s+ban)(?:\s+[Qq]uản\s+lý\s+dự\s+án(?:\s+đầu\s+tư)?)?\s+$")
_NOUN_TRINH = re.compile(r"(?:^|\s)(?:công|chương|quy|lộ|tiến|hành|giáo|quá|phương)\s+$", re.I)
_NOUN_TRINH_AFTER = re.compile(r"\s+(?:tự|độ)(?![\p{L}])")
_LEVEL_BEFORE = re.compile(r"(?:^|\s)(?:tỉnh|huyện|xã|phường|quận|thị\s+trấn|thị\s+xã|thành\s+phố|đặc\s+khu|liên\s+quan)\s+$")
_LAP_BEFORE = re.compile(r"(?:^|\s)(?:thành|thiết|xác|độc)\s+$", re.I)
_CAMPAIGN_BEFORE = re.compile(r"(?:^|\s)vận\s+động\s+$", re.I)
_OPINION_BEFORE = re.compile(r"(?:^|\s)ý\s+kiến\s+$", re.I)


# "các tổ chức chính trị - xã hội", "những quy định": a verb after a plural marker is a noun
_PLURAL_BEFORE = re.compile(r"(?:^|\s)(?:[Cc]ác|[Nn]hững|[Mm]ột\s+số)\s+$")


def _actions(s: str) -> Iterator:
    """Action verbs in ``s``, except those inside a unit name (``Ban Chỉ đạo``, ``Tổ công tác``)."""
    return iter(_action_matches(s))


@lru_cache(maxsize=4096)  # the walk asks about the same sentence or clause about ten times (measured)
def _action_matches(s: str) -> tuple:
    return tuple(_find_actions(s))


def _find_actions(s: str) -> Iterator:
    for m in _vocab()["action"].finditer(s):
        if _IN_NAME.search(s[: m.start()]) or _PLURAL_BEFORE.search(s[max(0, m.start() - 12): m.start()]):
            continue
        if m.group(0).lower().startswith("trình") and _NOUN_TRINH.search(s[max(0, m.start() - 10): m.start()]):
            continue  # "công trình", "chương trình", "quy trình": nouns, not "trình" (submit)
        if m.group(0).lower() == "trình" and _NOUN_TRINH_AFTER.match(s, m.end()):
            continue  # "trình tự", "trình độ": nouns too
        if m.group(0).lower() == "lập" and _LAP_BEFORE.search(s, max(0, m.start() - 8), m.start()):
            continue  # "thành lập", "thiết lập", "xác lập": another verb ("Ban vận động thành lập Hội X" a name)
        if m.group(0).lower() == "thành lập" and _CAMPAIGN_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue  # "Ban vận động thành lập Hiệp hội X": the founding committee's name, not its task
        if m.group(0).lower() == "chỉ đạo" and _OPINION_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue  # "ý kiến chỉ đạo": a noun
        if s.count("(", 0, m.start()) > s.count(")", 0, m.start()):
            continue  # "(gửi kèm theo công văn này)": an aside, not the verb
        if m.group(0)[:1].isupper() and m.start() > 0 and s[: m.start()].rstrip()[-1:] not in ":;-+." \
                and not _INLINE_ITEM.search(s, 0, m.start()) and not _joined_heading(s, m.start()):
            # "Sở Xây dựng", "Bộ Xây dựng": a capitalised verb mid-sentence is part of a name (not after a level word:
            # "... các tổ chức chính trị - xã hội tỉnh Phối hợp tuyên truyền", a heading joined to its first line)
            continue
        if m.group(0)[:1].isupper() and _DASH_JOIN_BEFORE.search(s, max(0, m.start() - 32), m.start()):
            continue  # "Công chức Văn phòng - Thống kê", "Phòng Kinh tế - Hạ tầng": a field of a name joined by its dash
        yield m


# a capitalised word, then a dash: the first field of a compound name ("Địa chính - Xây dựng")
_DASH_JOIN_BEFORE = re.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}*(?:\s+\p{Ll}+){0,2}\s+[-–]\s+$")


def _joined_heading(s: str, at: int) -> bool:
    """A capitalised verb at ``at`` right after a level word, and before it only a list of clean unit names (``Ủy
    ban MTTQ tỉnh và các tổ chức chính trị - xã hội tỉnh Phối hợp ...``): a unit heading the reader joined to the
    first line of its task."""
    if not _LEVEL_BEFORE.search(s, max(0, at - 14), at):
        return False
    from .obligations_units import _split_units  # (that module builds on this one)
    head = re.sub(r"^(?:[Đđ]ề\s+nghị|[Gg]iao|[Yy]êu\s+cầu)\s+", "", s[:at].rstrip())
    spans = _split_units(head)
    if not spans or any(ch.isdigit() for ch in head):
        return False
    words = _name_word_set()
    return all(not frames.suspect_tail(head[a:b]) or all(w in words for w in head[a:b].split() if w[:1].islower())
               for a, b in spans)


@lru_cache(maxsize=1)
def _name_word_set() -> frozenset:
    """Every word of frames.json 'name_words' (``tổ``, ``chức``, ``đoàn``, ``thể`` ...)."""
    return frozenset(w for p in data("frames")["name_words"] for w in p.lower().split())


def _action(task: str) -> str:
    """The verb-phrase head of a task: ``Báo cáo và cung cấp ...`` -> ``báo cáo``."""
    v = _vocab()
    m = v["action_start"].search(task)
    if m:
        return " ".join(m.group("verb").lower().split())
    # (not "trình" of "Chương trình", nor a verb inside a name, nor "mời" of "thành phần được mời")
    m = next((a for a in _actions(task) if not _PASSIVE_BEFORE.search(task, 0, a.start())), None)
    return " ".join(m.group(0).lower().split()) if m else "thực hiện"


_PASSIVE_BEFORE = re.compile(r"(?:^|\s)được\s+$")


def _action_lead(task: str) -> bool:
    """A list item that opens with a capitalised verb of the list (``Nghiên cứu, có ý kiến ...``)."""
    m = _vocab()["action"].match(task.lstrip())
    return bool(m and m.group(0)[:1].isupper())


@lru_cache(maxsize=4096)  # asked of one sentence about five times in a walk (measured)
def _live_cues(sent: str) -> tuple:
    """The directive cues of ``sent`` that put a duty on someone: not a noun (``Xét đề nghị của``)
    nor another letter's request (``về việc đề nghị``), nor inside quotes or parentheses."""
    return tuple(_find_live_cues(sent))


def _find_live_cues(sent: str) -> list:
    out = []
    if not _maybe(sent, _CUE_WORDS):
        return out
    for a in _vocab()["assign"].finditer(sent):
        at = a.start("kw")
        if frames.cited_cue(sent, at) or sent.count("(", 0, at) > sent.count(")", 0, at) \
                or sent.count("“", 0, at) > sent.count("”", 0, at):
            continue
        out.append(a)
    return out


def _task_not_lead() -> str:
    """After ``Thực hiện`` / ``Triển khai``: not an action verb that makes the sentence an item's task
    (``Thực hiện đối chiếu số dư ...``), data/obligations.json 'lead_objects'."""
    d = data("obligations")
    acts = sorted((a for a in d["actions"] if a not in d["lead_objects"]), key=len, reverse=True)
    return (r"(?!\s+(?:việc\s+)?(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in acts)
            + r")(?![\p{L}])(?!\s+(?:của|tại|theo)(?![\p{L}])))")


TASK_NOT_LEAD = _task_not_lead()
# a purpose or preamble clause that opens a sentence ("Để kịp thời tổng hợp, ...", "Thực hiện Công văn số ..., ")
_LEAD_CLAUSE = re.compile(r"^(?:Thực\s+hiện" + TASK_NOT_LEAD + r"|Căn\s+cứ|Để|Nhằm|Trên\s+cơ\s+sở|Xét|Theo|Triển\s+khai"
                          + TASK_NOT_LEAD + r")(?![\p{L}])")
_CLAUSE_COMMA = re.compile(r"[,;]\s+")  # ("Căn cứ Kế hoạch số ...; trong quá trình ...")


def _exhorts_after_lead(sent: str) -> bool:
    """``Để kịp thời tổng hợp, trong quá trình thực hiện, đề nghị ...``: an exhortation opens the sentence once its
    purpose or preamble clause is put aside (a clause put first changes nothing of what the sentence is); only
    the clauses before the first cue are looked at."""
    if sent[:1] not in "TCĐNX" or not _LEAD_CLAUSE.match(sent):
        return False
    cues = _live_cues(sent)
    stop = cues[0].start() if cues else len(sent)
    ex = _vocab()["exhortation"]
    return any(ex.match(sent, c.end()) for c in _CLAUSE_COMMA.finditer(sent, 0, stop))
