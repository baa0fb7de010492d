"""Obligations: who must do what, by when, covering which data window.

``find_obligations(text, ...)`` walks the body paragraph by paragraph and finds duties in the
shapes real letters use (GUIDELINE, "Obligations"):

- ``Phòng Nội vụ: Báo cáo ...`` (a unit, a colon, a task), also as list items;
- ``Giao X chủ trì, phối hợp (với) Y tham mưu ...``;
- ``đề nghị / yêu cầu X báo cáo ...``;
- ``A, B, C báo cáo ...`` / ``X có trách nhiệm ...`` / ``Thủ trưởng các cơ quan ...`` at the start of
  a sentence (after a list marker or ``Đối với``);
- a heading that names the addressee (``1. UBND các xã, thị trấn:``), the sentences under it
  being that unit's tasks;
- a period heading (``a) Báo cáo quý I``) puts the obligations under it in that period.

Deadlines in the obligation's own sentence (or the rest of its paragraph) win; otherwise a deadline
stated once for the whole document (``Thời gian gửi báo cáo ...``) attaches to every reporting
obligation, per period where it is a rule (``ngày 12 của tháng cuối kỳ báo cáo``). Data windows
(``thời gian chốt số liệu``) attach the same way. Years left out are filled from the period's year,
else the document year.

Each match's value is an obligation of the contract without ``id`` (the pipeline adds a stable one)
plus ``_spans``: evidence spans (start, end) into ``text``.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import trie_alternation, Match, data, is_upper, lines, plain_copy
from . import frames
from . import task_tables
from .dates import partial_date
from .deadlines import find_deadlines
from .periods import find_periods
from .units import canonical_unit, is_group, sentence_case, unit_key
from .recipients import LEVEL
from .windows import CUE as WINDOW_CUE, CUE_WORDS as _WINDOW_WORDS, RANGE as WINDOW_RANGE, find_open_windows, find_windows, resolve
from .windows import range_value

# ---------------------------------------------------------------- vocabulary as patterns


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
    rules = d["rules_documents"]
    return {
        # a rule text or table sent as an attachment (see _rules_document)
        "rules_title": re.compile(r"(?:^|\n)(?:" + "|".join(re.escape(t) for t in rules["titles"]) + r")(?![\p{L}])",
                                  re.I),
        "attached_to": re.compile(r"\(\s*(?:[Bb]an\s+hành\s+)?[Kk]èm\s+theo\s+(?:"
                                  + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in rules["attached_to"])
                                  + r")\s+(?:số\s+)?\S*\s*/"),
        "action": re.compile(rf"(?<![\p{{L}}])(?:{act})(?![\p{{L}}])", re.I),
        "action_start": re.compile(rf"^(?:có\s+trách\s+nhiệm\s+|chủ\s+động\s+|khẩn\s+trương\s+|tiến\s+hành\s+|"
                                   rf"kịp\s+thời\s+|thực\s+hiện\s+(?=rà|báo|gửi|tổng|xây))?(?P<verb>{act})"
                                   rf"(?![\p{{L}}])", re.I),
        "unit_start": re.compile(rf"^(?:{head})(?![\p{{L}}])|^(?:[Cc]ác|[Tt]hủ\s+trưởng\s+các)\s+(?i:{cls})(?![\p{{L}}])"
                                 r"|^[Cc]ác\s+\p{Lu}{2,}(?![\p{Ll}])"),  # "các TTGDTX huyện": an abbreviated class
        "generic": re.compile(rf"^(?:{gen})(?![\p{{L}}])", re.I),
        "reporting": set(d["reporting_actions"]),
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


_HEADING_LEAD = re.compile(r"^(?:Trách\s+nhiệm|Nhiệm\s+vụ|Phân\s+công\s+nhiệm\s+vụ)\s+(?:của|cho)\s+(?=\S)", re.I)
_HEADING_TAIL = re.compile(r"\s+(?:có|chịu)\s+trách\s+nhiệm$")
_MARKER = re.compile(r"^(?:[-+•–]\s*|(?:\d+(?:\.\d+)*[.)]?|[a-zđ]\)|[IVX]+\.)\s+)*(?:Đối\s+với\s+)?", re.I)
_DIRECT = re.compile(r"(?:trước|chậm\s+nhất)\s+ngày", re.I)
# a sentence ends at . ; ! ? before a capital or a digit, not at an item number after a colon
# ("đề nghị X: 1. Rà soát ...; 2. Báo cáo ..."), and before an item lettered inside it ("...; b) Báo cáo")
_SENT = re.compile(r"(?<=[.;!?])\s+(?=[\p{Lu}\d]|[a-zđ]\)\s|(?:đồng\s+thời,?\s+)?(?:đề\s+nghị|giao|yêu\s+cầu)\s)|(?<=\./\.)\s*")  # (a lettered item: after ';' only)
_ITEM_NUMBER_BEFORE = re.compile(r"[:;]\s*\d{1,2}\.$")  # (tested on the few characters before a "." split)
_SUBMIT = re.compile(r"(?:gửi\s+(?:văn\s+bản\s+|báo\s+cáo\s+|hồ\s+sơ\s+)?(?:về|đến|cho)|báo\s+cáo\s+về|về)\s+"
                     r"(?P<to>(?:UBND|Ủy\s+ban|Sở|Phòng|Văn\s+phòng|Bộ|Ban|Thường\s+trực|HĐND)[^.;:]*?"
                     r"(?:\((?:qua|thông\s+qua)\s+[^)]*\))?)(?=\s+(?:trước|chậm|để|theo|trong|qua|đồng|hoặc|"
                     r"trên|bằng|kèm|nhằm|cùng|đúng)\b|[.;,]|$)", re.I)
_CHANNEL = re.compile(r"(?:qua\s+)?(?:hệ\s+thống\s+[\p{L}\-]+(?:\s+[\p{L}\-]+)?|phần\s+mềm\s+[\p{L}\-]+|"
                      r"địa\s+chỉ\s+(?:thư\s+)?điện\s+tử\s+\S+@\S+|\S+@\S+\.\w+|I-Office)", re.I)
_DEADLINE_SECTION = re.compile(r"^(?:\d+\.\s*|[a-zđ]\)\s*|-\s*)?(?:Về\s+)?(?:Thời\s+(?:gian|hạn)\s+(?:gửi|nộp|nhận|báo\s+cáo)|"
                               r"Thời\s+gian\s+(?:các\s+)?(?:cơ\s+quan|đơn\s+vị)[^\n]*gửi|Thời\s+hạn\b)", re.I)

# "Số liệu của các bộ, ngành đề nghị gửi về Bộ Nội vụ trước ngày ...": the deliverable, not a unit, is
# the subject; its deadline governs the reporting duties of the letter
_DOC_DEADLINE = re.compile(r"^(?:Số\s+liệu|Văn\s+bản|Báo\s+cáo|Hồ\s+sơ|Danh\s+sách|Ý\s+kiến|Kết\s+quả)\b[^.]{0,250}?"
                           r"(?:đề\s+nghị\s+)?gửi\s+(?:về|đến)", re.I)
# "nếu có khó khăn, vướng mắc ... phản ánh về ...": a conditional, not a duty
_CONDITIONAL = re.compile(r"nếu\s+có\s+(?:vấn\s+đề\s+gì\s+)?(?:khó\s+khăn|vướng\s+mắc|vấn\s+đề)|"
                          r"vấn\s+đề\s+gì\s+vướng\s+mắc|trường\s+hợp\s+có\s+(?:khó\s+khăn|vướng\s+mắc)|"
                          r"(?:khó\s+khăn|vướng\s+mắc)[^.]{0,120}phản\s+ánh", re.I)


# cheap substring tests before a pattern that can only match where one of these words stands
_CUE_WORDS = ("giao", "đề nghị", "yêu cầu", "kính trình", "kính báo cáo", "kính gửi", "xem xét", "mong")
_CONDITIONAL_WORDS = ("nếu", "vướng", "trường hợp", "khó khăn")
_CHANNEL_WORDS = ("hệ thống", "phần mềm", "địa chỉ", "@", "office")


def _maybe(text: str, words: tuple[str, ...]) -> bool:
    low = _low(text)
    return any(w in low for w in words)


@lru_cache(maxsize=512)  # a sentence is tested for several word sets in turn
def _low(text: str) -> str:
    low = text.lower()
    return " ".join(low.split()) if "\n" in low or "  " in low or "\t" in low else low


@dataclass
class _Ctx:
    units: list[dict] = field(default_factory=list)   # addressee named by the current heading
    units_level: int = 99
    period: str | None = None
    period_year: int | None = None
    deadline_section: bool = False
    aliases: dict[str, list[dict]] = field(default_factory=dict)  # names the letter defines for units
    narrative: bool = False  # a report or minutes: only cue sentences assign duties


def _level(line: str) -> int:
    """Heading level: I. = 0, 1. = 1, 1.1. = 2, a) = 3, bullets = 9 (not a heading)."""
    if re.match(r"^[IVX]+\.\s", line):
        return 0
    m = re.match(r"^(\d+(?:\.\d+)*)\.?\s", line)
    if m:
        return 1 + m.group(1).count(".")
    if re.match(r"^[a-zđ]\)\s", line):
        return 3
    if re.match(r"^[A-Z]\.\s", line):
        return 0
    return 9


# ---------------------------------------------------------------- unit lists


_PREP = re.compile(r"\s(?:về|với|theo|tại|để|nhằm|trong|trên|đã|được|thực\s+hiện|ngoài|sẽ|phải|cần|cho|đến)(?:\s|$)", re.I)
_AMBIGUOUS_HEAD = re.compile(r"^(?:Báo|Đoàn|Hội|Trưởng|Trường|Thuế|Cục|Vụ|Ban|Viện|Đài|Thanh\s+tra|Công\s+an)\s+(?P<next>\S+)")
# "Bộ Nội vụ đã tổng hợp", "Sở Nội vụ kính trình", "Hiệp hội không tổ chức": narration of what a
# unit did or the sender's own act, not a duty put on that unit
_NARRATION = re.compile(r"\s(?:đã|đang|chưa|vừa|không|kính|đề\s+xuất|dự\s+thảo|nhận\s+được|mới|sau\s+khi|sẽ|đề\s+nghị)(?:\s|$)", re.I)
# "Đài truyền thanh xã": a field written in lower case after an ambiguous head
_NAME_FIELD = re.compile(r"(?:truyền\s+thanh|truyền\s+hình|phát\s+thanh|kiểm\s+tra|kiểm\s+sát|quản\s+lý|chấp\s+hành|thường\s+vụ)\b")
# "Công an các đơn vị, địa phương", "Thanh tra các bộ, ngành": a class after an ambiguous head
_CLASS_AFTER = re.compile(r"các\s+(?:đơn\s+vị|địa\s+phương|tỉnh|huyện|xã|phường|quận|thành\s+phố|bộ|ngành|sở|cấp)\b")
# "Thuế tỉnh", "Công an huyện": a level word after an ambiguous head makes it a unit
_LEVEL_NEXT = {"tỉnh", "huyện", "xã", "thị", "thành", "quận", "phường", "tp", "tp."}


_BACK_REFERENCE = re.compile(r"\s+(?:nêu\s+trên|kể\s+trên|trên\s+đây|có\s+tên\s+(?:ở\s+)?trên)$")
# the names the letter being read defines for its units ("sau đây gọi tắt là ..."), lowercased
_LETTER_ALIASES: ContextVar[frozenset] = ContextVar("letter_aliases", default=frozenset())


# what _split_units said of each phrase of the letter being read (it asks of one phrase about twice:
# a sentence's head, then the same head again while resolving units)
_SPLITS: ContextVar[dict | None] = ContextVar("unit_splits", default=None)
# and what _subject_and_task said of each sentence or clause (the walk asks of one about five times);
# per letter too, since the letter's aliases are units in it
_SUBJECTS: ContextVar[dict | None] = ContextVar("subjects", default=None)


def _split_units(s: str) -> list[tuple[int, int]] | None:
    """Spans of the units in a list ``A, B; C và D``; None unless every piece is a unit."""
    seen = _SPLITS.get()
    if seen is None:
        return _split_units_of(s)
    if s not in seen:
        seen[s] = _split_units_of(s)
    spans = seen[s]
    return list(spans) if spans else spans


def _split_units_of(s: str) -> list[tuple[int, int]] | None:
    v = _vocab()
    pieces: list[list[int]] = []
    pos = 0
    prev_sep = (0, 0)
    for m in re.finditer(r"\s*(?:;|,|\s+và\s+|\s+với\s+)\s*", s + ";"):
        a, b = pos, m.start()
        pos = m.end()
        sep, prev_sep = prev_sep, (m.start(), m.end())
        if a >= b:
            continue
        piece = s[a:b]
        if pieces and re.search(r"(?:HĐND|Hội\s+đồng\s+nhân\s+dân)$", s[pieces[-1][0]:a].rstrip(" ,;&-và")) \
                and re.match(r"(?:UBND|Ủy\s+ban\s+nhân\s+dân)", piece):
            pieces[-1][1] = b  # "Văn phòng HĐND và UBND huyện" is one unit
            continue
        probe = _BACK_REFERENCE.sub("", piece)  # "các tỉnh nêu trên": the ones named above, not a clause
        if _PREP.search(" " + probe) or _NARRATION.search(" " + probe) or ":" in piece or piece.count("(") != piece.count(")"):
            return None  # "UBND các xã về công tác CCHC": a clause, not a unit
        starts = bool(v["unit_start"].search(piece) or v["generic"].search(piece)
                      or " ".join(piece.lower().split()) in _LETTER_ALIASES.get())
        amb = _AMBIGUOUS_HEAD.match(piece)
        if starts and amb and not amb.group("next")[:1].isupper() and amb.group("next").lower() not in _LEVEL_NEXT \
                and not _NAME_FIELD.match(piece[amb.start("next"):]) and not _CLASS_AFTER.match(piece[amb.start("next"):]):
            starts = False  # "Báo cáo", "Hội nghị", "Ban hành": words, not "Báo Cao Bằng"
        if pieces and not starts and ";" in s[sep[0]:sep[1]]:
            return None  # "... các cơ quan, đơn vị; tăng cường thanh tra": a clause after ';'
        if pieces and (not starts or piece[:1].islower() and not v["generic"].search(piece)
                       and not piece.lower().startswith("các ")):
            pieces[-1][1] = b  # "Các phòng, ban, ngành", "UBND các xã, thị trấn", "Khoa học và Công nghệ"
            continue
        if not starts:
            return None
        pieces.append([a, b])
    out = []
    for a, b in pieces:
        while b > a and s[b - 1] in " ,;.":
            b -= 1
        out.append((a, b))
    return out or None


def _fold(key: str) -> str:
    """A key without accents: ``tuyển`` (OCR) and ``tuyên`` compare equal."""
    import unicodedata
    t = unicodedata.normalize("NFD", key.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c))


_TITLE = re.compile(r"^(?:phó\s+)?(?:chủ\s+tịch|giám\s+đốc|thủ\s+trưởng|trưởng|chánh\s+văn\s+phòng|cục\s+trưởng|vụ\s+trưởng)\s+(?=\S)")


def _untitled(key: str) -> str:
    """``chủ tịch ủy ban nhân dân tỉnh`` -> ``ủy ban nhân dân tỉnh``: the head of the body is the body."""
    rest = _TITLE.sub("", key)
    return rest if len(rest.split()) >= 2 else key


_SUB_UNIT = re.compile(r"\s*\((?:qua\s+|thông\s+qua\s+)?(?:Tổng\s+cục|Cục|Vụ|Phòng|Ban|Trung\s+tâm|Chi\s+cục|Văn\s+phòng)\s[^()]{2,80}\)$")


def _no_cac(key: str) -> str:
    return re.sub(r"(?:^|\s)các(?=\s|$)", "", key).strip()


_LEVEL_CLASS = re.compile(r"^(?P<head>\S.*?)\s+các\s+(?P<level>" + LEVEL + r"(?:\s*,\s*thành\s+phố)?)$")


def _units(s: str, offset: int, recipients: list[dict], aliases: dict[str, list[dict]] | None = None) -> list[dict] | None:
    spans = _split_units(s)
    if not spans:
        return None
    v = _vocab()
    out: list[dict] = []
    for a, b in spans:
        raw = s[a:b].strip()
        bare = frames.strip_qualifier(raw)
        if aliases:
            low = " ".join(bare.lower().split())
            alias = aliases.get(low) or aliases.get(_no_cac(low))
            if alias:
                out.extend(dict(u) for u in alias)  # "(sau đây gọi tắt là các Đoàn Luật sư)"
                continue
        if v["generic"].fullmatch(bare.lower()) or bare.lower() in ("các cơ quan, đơn vị, địa phương",) \
                or frames.polite(bare):
            if recipients:
                out.extend(dict(r) for r in _polite_scope(bare, recipients))
                continue
            if frames.person_form(bare):
                continue  # "Các đại biểu ... phải có đủ tiêu chuẩn" with no addressee: persons, not a unit
        raw = _SUB_UNIT.sub("", raw)  # "Bộ Kế hoạch và Đầu tư (Tổng cục Thống kê)": the body responsible
        name = canonical_unit(_BACK_REFERENCE.sub("", raw))  # "các tỉnh nêu trên": those named above
        if not name:
            continue
        cls = _LEVEL_CLASS.match(name)
        levels = [lv.strip() for lv in cls.group("level").split(",")] if cls else []
        members = [r for r in recipients if not r.get("is_group")
                   and any(r["name"].startswith(f"{cls.group('head')} {lv} ") for lv in levels)] if cls else []
        if len(members) >= 2:
            out.extend(dict(r) for r in members)  # "UBND các tỉnh" of a letter to UBND tỉnh A, B and C
            continue
        key = _no_cac(unit_key(name, keep_level=True))
        fuller = [r for r in recipients if _no_cac(unit_key(r["name"], keep_level=True)).startswith(key + " ")] \
            if len(key.split()) >= 3 else []
        same = [r for r in recipients if _no_cac(unit_key(r["name"], keep_level=True)) == key]
        if len(fuller) == 1 or len(same) == 1:
            out.append(dict((same or fuller)[0], raw=raw))  # the addressee, named in full in "Kính gửi"
            continue
        out.append({"name": name, "raw": raw, "is_group": is_group(name)})
    seen, uniq = set(), []
    for u in out:
        k = unit_key(u["name"])
        if k not in seen:
            seen.add(k)
            uniq.append(u)
    return uniq or None



def _polite_scope(form: str, recipients: list[dict]) -> list[dict]:
    """``Quý Ủy ban`` means the addressees that are Ủy ban; ``Quý cơ quan`` all of them."""
    m = re.match(r"^Quý\s+(?P<head>\p{Lu}[\p{L}]*)", form)
    if m and m.group("head").lower() not in ("cơ", "đơn", "vị", "địa", "đại"):
        word = unit_key(canonical_unit(m.group("head"))).split()[:1]
        scoped = [r for r in recipients if unit_key(r["name"]).split()[:1] == word]
        if scoped:
            return scoped
    return recipients


# modal words between the subject and the verb: "X có trách nhiệm ...", "X quan tâm, có văn bản góp ý",
# "Số liệu của X đề nghị gửi ..." (X is requested to send)
_MODAL_TAIL = re.compile(r"\s*,?\s+(?:có\s+trách\s+nhiệm|chủ\s+động|khẩn\s+trương|tiến\s+hành|thực\s+hiện|kịp\s+thời|"
                         r"cần|phải|trực\s+tiếp|quan\s+tâm|có\s+văn\s+bản|đề\s+nghị|tiếp\s+tục|chịu\s+trách\s+nhiệm)$")
# an item numbered inside the sentence, just before a verb: "đề nghị UBND các xã: 1) Rà soát ...; 2) ..."
_INLINE_ITEM = re.compile(r"[:;]\s*(?:\d{1,2}|[a-zđ])[).]\s*$")
_IN_NAME = re.compile(r"(?:^|\s)(?:Ban|Tổ|Hội\s+đồng|Tiểu\s+ban)(?:\s+[Qq]uản\s+lý\s+dự\s+án(?:\s+đầu\s+tư)?)?\s+$")
_NOUN_TRINH = re.compile(r"(?:^|\s)(?:công|chương|quy|lộ|tiến|hành|giáo|quá|phương)\s+$", re.I)
_NOUN_TRINH_AFTER = re.compile(r"\s+(?:tự|độ)(?![\p{L}])")
_OPINION_BEFORE = re.compile(r"(?:^|\s)ý\s+kiến\s+$", re.I)
_PREP_START = re.compile(r"\s*(?:đến|về|cho|với|tại|trong|theo|của|từ|bằng)\s")
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
        if m.group(0).lower() == "chỉ đạo" and _OPINION_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue  # "ý kiến chỉ đạo": a noun
        if s.count("(", 0, m.start()) > s.count(")", 0, m.start()):
            continue  # "(gửi kèm theo công văn này)": an aside, not the verb
        if m.group(0)[:1].isupper() and m.start() > 0 and s[: m.start()].rstrip()[-1:] not in ":;-+." \
                and not _INLINE_ITEM.search(s, 0, m.start()):
            continue  # "Sở Xây dựng", "Bộ Xây dựng": a capitalised verb mid-sentence is part of a name
        yield m


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
    for m in _actions(sentence):
        if m.start() == 0:
            continue
        if m.group(0)[:1].islower() and frames.name_goes_on(sentence, m.end()):
            continue  # "Hiệp hội Nhà thầu xây dựng chưa lập ...": "xây dựng" names the subject
        head = _INLINE_ITEM.sub("", sentence[: m.start()]).rstrip(" ,")
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
                            and not _TOLD_BETWEEN.search(" " + sentence[end:m.start()]):
                        # (not "các hội mang tính chất ..., cũng chưa được cho phép thành lập": told, not asked)
                        return cut2, sentence[end:]  # (a task never opens with "đến", "về", "cho" ...)
            if spans and len(cut) <= 220 and not _TOLD_BETWEEN.search(" " + head[len(cut):] + " "):
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


def _action(task: str) -> str:
    """The verb-phrase head of a task: ``Báo cáo và cung cấp ...`` -> ``báo cáo``."""
    v = _vocab()
    m = v["action_start"].search(task)
    if m:
        return " ".join(m.group("verb").lower().split())
    # (not "trình" of "Chương trình", nor a verb inside a name, nor "mời" of "thành phần được mời")
    m = next((a for a in _actions(task) if not _PASSIVE_BEFORE.search(task, 0, a.start())), None)
    return " ".join(m.group(0).lower().split()) if m else "thực hiện"


# ---------------------------------------------------------------- main walk


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans; ``;`` ends one unless what precedes is only a list of units."""
    spans: list[list[int]] = []
    pos = start
    for m in _SENT.finditer(text, start, end):
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


# "các bộ, cơ quan ..." (lower case) opens a unit list too; "được X giao ..." after the units says who they are
_CLASS_START = re.compile(r"(?:^|(?<=\s))các\s+(?:bộ|sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương)(?![\p{L}])")
_PASSIVE_CLAUSE = re.compile(r"\s+được\s+")
_PASSIVE_BEFORE = re.compile(r"(?:^|\s)được\s+$")


def _alias_table(text: str, start: int, end: int, recipients: list[dict]) -> dict[str, list[dict]]:
    """What the names a letter defines stand for: ``(sau đây gọi tắt là các Đoàn Luật sư)`` -> the
    units listed before it; ``Cục Quản lý Khám, chữa bệnh (KCB)`` -> that unit."""
    table: dict[str, list[dict]] = {}
    for m in frames.find_aliases(text, start=start, end=end):
        alias, scope = m.value
        cues = _live_cues(scope)
        if cues:  # "Bộ Nội vụ đề nghị UBND các tỉnh (sau đây gọi chung là các tỉnh)": what the ask names
            scope = scope[cues[-1].end():]
        scope = scope[scope.rfind(")") + 1:].lstrip(" ,")  # after an alias defined before it in the sentence
        u = frames.heads_pattern().search(scope) or _CLASS_START.search(scope)
        if not u:
            continue
        scope = scope[u.start():]
        act = next(_actions(scope), None)
        if act is not None:
            scope = scope[: act.start()]
        scope = _PASSIVE_CLAUSE.split(scope, 1)[0]  # "UBND cấp tỉnh được Thủ tướng Chính phủ giao ...": who they are
        units = _units(frames.strip_between(scope.rstrip(" ,")), 0, recipients)
        if units:
            low = " ".join(alias.lower().split())
            table[low] = units
            table[_no_cac(low)] = units
    return table


def _doc_year(text: str, issued_year: int | None) -> int | None:
    if issued_year:
        return issued_year
    years = [int(y) for y in re.findall(r"(?:năm|/)\s*(20\d\d)(?!\d)", text)]
    if not years:
        return None
    return max(set(years), key=lambda y: (years.count(y), y))


def _rules_document(text: str) -> bool:
    """The file is a rule text or table attached to another document (``ĐIỀU LỆ ... (Kèm theo Quyết định
    số ...)``, ``Bảng 2 / CHỈ SỐ ... (Ban hành kèm theo Quyết định số ...)``), with no ``Kính gửi``."""
    top = text[:700]
    if "Kính gửi" in text[:2000] or "kèm theo" not in top.lower() and not any(
            t in top.upper() for t in ("ĐIỀU LỆ", "QUY CHẾ", "QUY ĐỊNH", "BẢNG", "PHỤ LỤC", "TIÊU CHÍ")):
        return False
    v = _vocab()
    return bool(v["rules_title"].search(top) or v["attached_to"].search(top))


def find_obligations(text: str, *, start: int = 0, end: int | None = None,
                     recipients: list[dict] | None = None, issued: dict | None = None,
                     outline: bool = False, issuer: str | None = None,
                     narrative: bool = False) -> Iterator[Match]:
    """Obligations in ``text[start:end]`` (the body). ``recipients`` resolve generic addressees.

    ``outline``: the text is a report outline (``đề cương``, an appendix), where a heading that
    names a unit followed by the contents it must report is that unit's duty even without a verb.
    ``issuer``: the sender; what it says it will do itself is not a duty the letter imposes.
    ``narrative``: the text reports what happened (a báo cáo, a biên bản): units doing things there are
    narration, and only a directive cue (``đề nghị``, ``giao``, ``kính trình`` ...) puts a duty on one.
    """
    end = len(text) if end is None else end
    recipients = recipients or []
    year = _doc_year(text[start:end], (issued or {}).get("year"))
    if not narrative and not outline and _rules_document(text):
        narrative = True  # a charter or criteria table sent on its own: its sentences are rules, not asks
    ctx = _Ctx(aliases=_alias_table(text, start, end, recipients), narrative=narrative)
    token = _LETTER_ALIASES.set(frozenset(ctx.aliases))
    splits = _SPLITS.set({})
    subjects = _SUBJECTS.set({})
    try:
        found = list(_walk(text, start, end, recipients, year, outline, issuer, ctx))
    finally:
        _SUBJECTS.reset(subjects)
        _SPLITS.reset(splits)
        _LETTER_ALIASES.reset(token)
    yield from found


def _walk(text: str, start: int, end: int, recipients: list[dict], year: int | None, outline: bool,
          issuer: str | None, ctx: _Ctx) -> Iterator[Match]:
    v = _vocab()
    found: list[Match] = []
    doc_deadlines: list[Match] = []
    doc_submit: list[str] = []
    contents_open = False
    contents_lvl = 9  # heading level of the numbered item whose sentence opened the contents list
    announced: list[dict] | None = None  # units a cue sentence ending "như sau:" names for the bullets below
    prev_units: list[dict] | None = None
    period_at: list[tuple[int, int, str]] = []
    outline_items = False  # inside an outline unit's list of contents
    list_lvl: int | None = None  # heading level of the numbered items of an announced list
    cue_list = False  # the items below a bare cue ("Văn phòng Chính phủ trân trọng đề nghị:") are asks
    pending: list[Match] = []  # an outline's unit heading not yet followed by a duty of its own
    body_lines = list(lines(text, start, end))
    # provisions quoted from other documents ("“a) ... các hội mới phải tổ chức đại hội ...”")
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”]{0,4000}”", text, pos=start, endpos=end)]
    for line in body_lines:
        t = line.text.strip()
        if not t:
            continue
        lvl = _level(t)
        lead = len(line.text) - len(line.text.lstrip())
        core_off = line.start + lead + _MARKER.match(t).end()
        core = text[core_off:line.end].rstrip()
        # headings: period, addressee, deadline section
        if ctx.period:
            period_at.append((line.start, line.end, ctx.period))
        if lvl < 9:
            outline_items = False
            if lvl <= ctx.units_level:
                ctx.units, ctx.units_level = [], 99
                found.extend(pending)
                pending.clear()
            per = next(find_periods(t), None)
            if per and len(t) < 90 and per.start < 12:
                ctx.period, ctx.period_year = per.value["code"], per.value.get("year")
            elif lvl < 3 or per:
                ctx.period = None  # a higher heading, or a sibling heading that is not a period
            ctx.deadline_section = bool(_DEADLINE_SECTION.match(t)) or (ctx.deadline_section and lvl > 1)
            head = core.rstrip(":").strip()
            head_off = core_off
            # "1. Trách nhiệm của Sở Nội vụ", "2. Nhiệm vụ của các sở, ban, ngành", "3. Sở Y tế có trách
            # nhiệm:", "4. SỞ TÀI CHÍNH": the unit the heading names
            lead_m = _HEADING_LEAD.match(head)
            if lead_m:
                head, head_off = head[lead_m.end():], core_off + lead_m.end()
            head = _HEADING_TAIL.sub("", head)
            if is_upper(head) and len(head) > 3:
                cased = sentence_case(head)
                head = cased if len(cased) == len(head) else head
            # (a sentence, "2. Bộ Quốc phòng sẵn sàng lực lượng, phương tiện ...", is no heading: a heading
            # does not end with a full stop unless it is only a short name)
            units = _units(head, head_off, recipients, ctx.aliases) if head and len(head) < 160 and ":" not in head \
                and next(_actions(head), None) is None and not (head.endswith((".", ";")) and len(head) > 40) else None
            if units and (t.endswith(":") or len(head) < 80):
                ctx.units, ctx.units_level = units, lvl
                if cue_list and list_lvl is None:
                    list_lvl = lvl  # "trân trọng đề nghị: / 1. <units>: a) ... / 2. ...": an item of the asks
                contents_open = False
                prev_units = None  # the paragraph under a new heading does not go on with the last one
                if outline:
                    pending.append(_heading_obligation(text, line.start + lead, line.end, units))
                continue
        if _DEADLINE_SECTION.match(t):
            ctx.deadline_section = True
        is_bullet = t[:1] in "-+•–"
        if contents_open and lvl <= contents_lvl < 9:
            contents_open = False  # "2. ... tải tài liệu tại: / 3. Các đại biểu ...": the next item, no content of 2.
        if not is_bullet and lvl < 9 and (announced or contents_open or cue_list) and list_lvl in (None, lvl):
            # "Đề nghị X: / 1. Chỉ đạo ... / 2. Gửi báo cáo ...": numbered items of an announced list
            # are its items, as dashes are
            is_bullet, list_lvl = True, lvl
        if outline and ctx.units and (is_bullet or outline_items):
            outline_items = True
            continue  # the contents an outline's unit heading must report on (and their wrapped lines)
        line_units: list[dict] | None = None
        if is_bullet and announced and _parse(core, core_off, recipients, _Ctx()) is None \
                and (v["action_start"].search(core) or _action_lead(core)):
            line_units = announced  # "yêu cầu Bộ X như sau: - Nghiên cứu ...; - Khẩn trương báo cáo ..."
        elif is_bullet and contents_open and _parse(core, core_off, recipients, _Ctx()) is None:
            if contents_open == "tasks" and v["action_start"].search(core):
                line_units = found[-1].value["responsible"]  # "đề nghị X thực hiện các nội dung sau: - Cử ..."
            else:
                if found and found[-1].value["deadline"] is None and _DIRECT.search(core):
                    # "2. Về thời gian: báo cáo gửi về Bộ X trước ngày 20/12/2025": the report's deadline
                    dls = _ranked([d for d in _deadlines_in(core) if d.value["relation"] != "from"])
                    if dls and _dated(dls[0]):
                        _attach_deadline(found[-1], dls[0], core_off)
                continue  # an item of the contents list a report must cover: part of that obligation
        if not is_bullet and not (list_lvl is not None and list_lvl < lvl < 9):
            # (a deeper item, "a)" under "1.", leaves the list of "1.", "2." open)
            contents_open = False
            announced = None
            list_lvl = None
            cue_list = False
        in_tasks = is_bullet and contents_open == "tasks"
        # a plain paragraph right after an obligation's paragraph that starts with a verb goes on
        # with the same units ("Báo cáo kết quả ... chậm nhất ngày 22/11/2024.")
        if lvl == 9 and not is_bullet:
            line_units = prev_units
        n_before = len(found)
        cond_ends = [c.end() for c in _CONDITIONAL.finditer(text, line.start, line.end)] \
            if _maybe(line.text, _CONDITIONAL_WORDS) else []
        for s0, s1 in _sentences(text, core_off if lvl < 9 or is_bullet else line.start + lead, line.end):
            s0 = s0 + (_MARKER.match(text[s0:s1]).end() if text[s0:s1] else 0)
            sent = text[s0:s1].strip()
            if len(sent) < 8 or any(a < s0 < b for a, b in quoted):
                continue
            cond = next((c for c in reversed(cond_ends) if c <= s0), None)
            if cond is not None and "." not in text[cond:s0]:
                continue  # "nếu có vướng mắc, A; B phản ánh về ...": the rest of a conditional sentence
            cue = WINDOW_CUE.search(sent) if _maybe(sent, _WINDOW_WORDS) else None
            # "(số liệu tính đến hết ngày 30/11/2025)": the end of the figures, not a deadline
            opens = list(find_open_windows(sent))  # windows with an open end, found once a sentence
            win_spans = [(w.start, w.end) for w in opens]
            # the ranges a window cue introduces ("số liệu tính từ ngày A đến ngày B"): their "đến ngày
            # B" is no deadline, but a deadline after them is ("..., gửi về Bộ X trước ngày C")
            ranges = [(m.start(), m.end()) for m in WINDOW_RANGE.finditer(sent, cue.start())] if cue else []
            after = max([b for a, b in ranges] + [b for a, b in win_spans if cue and b > cue.start()], default=None)
            dls = _ranked([d for d in _deadlines_in(sent) if d.value["relation"] != "from"
                           and (cue is None or d.start < cue.start() or after is not None and d.start >= after)
                           and not any(a <= d.start < b for a, b in win_spans + ranges)])
            window_sentence = cue is not None and not dls
            own_para = found and found[-1].value.get("_para") == line.start
            bare = sent.lstrip("( ")  # "(Thời hạn ... trước ngày 20/12/2025)./."
            if dls and not window_sentence and own_para and not ctx.deadline_section \
                    and found[-1].value["deadline"] is None and (re.match(r"^Thời\s+(?:gian|hạn)", bare)
                                                                 or _DOC_DEADLINE.match(bare)):
                # "... ban hành Kế hoạch CCHC. Thời gian ban hành chậm nhất là ngày 10 tháng 01":
                # the deadline of the duty stated just before it in the same paragraph
                _attach_deadline(found[-1], dls[0], s0)
                _attach_submit(found[-1], sent)
                continue
            if dls and not window_sentence and (
                    re.match(r"^Thời\s+(?:gian|hạn)", bare) and not _named_subject(bare)
                    and re.search(r"gửi|báo\s+cáo|nộp|ban\s+hành", sent, re.I)
                    or _DOC_DEADLINE.match(bare)
                    or ctx.deadline_section and (v["generic"].search(sent) or re.match(r"^Các\s+cơ\s+quan", sent))):
                last = found[-1] if found else None
                if last is not None and last.value["deadline"] is None and _dated(dls[0]) \
                        and text.count("\n", last.end, s0) <= 1 and not ctx.deadline_section:
                    # "Kính trình ... xem xét, ký ban hành. / (Thời hạn ... trước ngày 20/12/2025)": the
                    # deadline paragraph right after a duty is that duty's deadline too
                    _attach_deadline(last, dls[0], s0)
                for d in dls:
                    d.start += s0
                    d.end += s0
                    d.value["_period"] = ctx.period
                    doc_deadlines.append(d)
                if _DOC_DEADLINE.match(bare) and recipients and not ctx.deadline_section:
                    # "Ý kiến tham gia đề nghị gửi về Bộ X trước ngày ...": the addressees' duty, if no
                    # duty of the letter takes this deadline (see _resolve)
                    dls[0].value["_orphan"] = (s0, s0 + len(sent), sent)
                if found and found[-1].value.get("_para") == line.start:
                    _attach_submit(found[-1], sent)
                else:
                    doc_submit.append(sent)
                continue
            if dls and not window_sentence and re.match(r"^Thời\s+(?:gian|hạn)\b", bare) and not _named_subject(bare) \
                    and found and found[-1].value["deadline"] is None and text.count("\n", found[-1].end, s0) <= 1 \
                    and not _live_cues(sent) and _subject_and_task(bare) is None:
                # "Đề nghị X báo cáo .... / Thời hạn: trước ngày 15/12/2025.": the duty just stated
                _attach_deadline(found[-1], dls[0], s0)
                continue
            if ctx.deadline_section and not dls and v["generic"].search(sent) and not recipients:
                doc_submit.append(sent)  # "Các cơ quan, đơn vị ... gửi về UBND huyện": the schedule's preamble
                continue
            if re.search(r"(?:như\s+sau|sau\s+đây)\s*:$", sent) and not _DIRECT.search(sent) \
                    and not _report_with_contents(sent, s0, recipients, ctx):
                # "... báo cáo như sau:" announces what follows; "yêu cầu Bộ X như sau:" names who does it
                announced = _announced_units(sent, recipients, ctx) or announced
                continue
            if sent.endswith(":") and not _DIRECT.search(sent) and (heads := _announced_units(sent, recipients, ctx)):
                announced = heads  # "Đề nghị Ủy ban nhân dân các tỉnh:" names who does the items below
                list_lvl = None  # its items, at whatever level, are the list now
                continue
            bare_cue = sent[:-1].rstrip() + " ·"
            if sent.endswith(":") and any(bare_cue[a.end():] == "·" for a in _live_cues(bare_cue)):
                cue_list = True
                continue
            ob = _parse(sent, s0, recipients, ctx, line_units, cued=cue_list and is_bullet)
            lead_in = _named_subject(sent)
            if ob is None and lead_in:  # "Thời hạn các bộ, tỉnh tổng hợp ... chậm nhất là ngày ..."
                ob = _parse(sent[lead_in:], s0 + lead_in, recipients, ctx, line_units)
            if ob is None:
                if found and win_spans and not ranges and lvl == 9 and found[-1].value.get("_open_window") is None \
                        and found[-1].value["data_window"] is None and text.count("\n", found[-1].end, s0) <= 1:
                    # "Đề nghị X báo cáo .... Số liệu tính đến hết ngày 30/11/2025.": the duty just stated
                    found[-1].value["_open_window"] = _shift(opens[0], s0)
                if found and dls and not window_sentence and found[-1].value["deadline"] is None and \
                        (found[-1].value.get("_para") == line.start or _continues(text, found[-1].end, s0)):
                    _attach_deadline(found[-1], dls[0], s0)
                elif found and found[-1].value.get("_para") == line.start:
                    _attach_submit(found[-1], sent)
                continue
            if ob.value.get("_inherited") and found and found[-1].value.get("_para") == line.start \
                    and not ob.value["cooperating"] and not dls:
                found[-1].value["description"] += " " + ob.value["description"]
                found[-1].value["_spans"].append((ob.start, ob.end))
                continue
            if issuer and not is_bullet and _own_act(ob, issuer):
                continue  # "Bộ Tài chính gửi kèm dự thảo ...": the sender's act takes no deadline or window
            line_units = ob.value["responsible"]
            ob.value["_para"] = line.start
            ob.value["_bullet"] = is_bullet
            ob.value["period"] = ctx.period
            ob.value["_period_year"] = ctx.period_year
            if dls and not window_sentence:
                _attach_deadline(ob, dls[0], s0)
            ow = opens[0] if opens else None
            if ow is not None:  # "(tính đến thời điểm 20/8/2011)" in the duty's own sentence
                ob.value["_open_window"] = _shift(ow, s0)
            _attach_submit(ob, sent)
            found.append(ob)
            if ob.value["_reporting"] and ("(từ" in sent or "( từ" in sent):
                found.extend(_per_period(ob, sent, s0, year))
            pending.clear()
            # "báo cáo các nội dung sau:" lists contents; "chỉ đạo thực hiện một số nội dung sau:" lists tasks
            contents_open = sent.endswith(":") and ("reports" if ob.value["_reporting"] else "tasks")
            contents_lvl = lvl if contents_open else 9
        prev_units = found[-1].value["responsible"] if len(found) > n_before else None
        if in_tasks and not contents_open:
            contents_open = "tasks"  # the next item of the same task list
    found.extend(pending)
    if issuer:
        found[:] = [ob for ob in found if ob.value.get("_bullet") or not _own_act(ob, issuer)]
    found[:] = task_tables.with_table_rows(found, text, start, end, recipients)  # "Phân công nhiệm vụ" tables
    windows = [_shift(w, start) for w in find_windows(text[start:end])]
    for w in windows:
        if w.value["period"] is None:
            w.value["period"] = next((p for a, b, p in period_at if a <= w.start < b), None)
    _resolve(found, doc_deadlines, windows, year, text, recipients)
    for sent in doc_submit:
        for ob in found:
            if ob.value["_reporting"]:
                _attach_submit(ob, sent)
    for ob in found:
        ob.value.pop("_para", None)
        ob.value.pop("_bullet", None)
        ob.value.pop("_period_year", None)
        ob.value.pop("_weak_deadline", None)
        ob.value.pop("_open_window", None)
        yield ob


_COOP_END = "để|" + trie_alternation(data("obligations")["actions"])


def _parse(sent: str, s0: int, recipients: list[dict], ctx: _Ctx,
           line_units: list[dict] | None = None, *, cued: bool = False) -> Match | None:
    """The duty ``sent`` states, if any. ``cued``: the sentence is an item under a bare cue
    (``... trân trọng đề nghị: / 3. Các đại biểu dự họp ...``), so a verb the list lacks still counts."""
    v = _vocab()
    if frames.closing_formula(sent) and not _opens_with_cue(sent):
        return None  # "... xin thông báo để Bộ X biết, thực hiện", "trân trọng cảm ơn ..."
    connector = _CONNECTOR.match(sent)
    if connector:  # "Về việc này, Phó Thủ tướng có ý kiến như sau: ...": what follows is the sentence
        return _parse(sent[connector.end():], s0 + connector.end(), recipients, ctx, line_units, cued=cued)
    if v["exhortation"].match(sent) or re.match(r"^(?:Thực\s+hiện|Căn\s+cứ|Để|Nhằm|Trên\s+cơ\s+sở|Về|Xét|Theo)\b.*$", sent) \
            and not _live_cues(sent) and not _subject_in_clause(sent) and not _FORWARD.search(sent) \
            and not (ctx.units and _task_after_preamble(sent)):
        return None
    if re.match(r"^Theo\s+(?:đó|quy\s+định)\b", sent) and not _live_cues(sent):
        # "Theo đó, sau khi hợp nhất, các hội phải ...": what the law requires, restated ("các hội quần chúng do
        # Đảng, Nhà nước giao nhiệm vụ": a cited "giao", no ask)
        return None
    if re.match(r"^(?:Thực\s+hiện|Căn\s+cứ|Theo)\b", sent) and re.search(r"trong\s+đó,?\s+[^,;]{0,60}?(?:đề\s+nghị|yêu\s+cầu)", sent):
        return None  # "Thực hiện Công văn số ..., trong đó Bộ Nội vụ đề nghị ...": the cited letter's request
    if _maybe(sent, _CONDITIONAL_WORDS) and _CONDITIONAL.search(sent):
        return None  # "nếu có vướng mắc ... phản ánh về ...": conditional, not a duty
    if re.search(r"nghiêm\s+túc\s+(?:triển\s+khai\s+)?thực\s+hiện\s*\.?/?\.?$", sent) and len(sent) < 120:
        return None
    resp = coop = None
    task = None
    conf = 0.85
    told = False  # the sentence tells what is or was the case (frames.narrated)
    # "Phòng Nội vụ: Báo cáo ..." (not "giao các Bộ: Công an, Quốc phòng nghiên cứu ...", a shared head)
    m = re.match(r"^(?P<u>[^:]{3,160}?)\s*:\s*(?P<task>\S.*)$", sent)
    if m and any(_SHARED_IN_SENT.match(sent[a.end():]) for a in _live_cues(m.group("u") + ": " + m.group("task")[:1])):
        m = None
    if m and _ANNOUNCER.search(m.group("u")):
        # "Ủy ban nhân dân tỉnh có ý kiến như sau: ...", "Phó Thủ tướng Chính phủ kết luận như sau: ...": who
        # speaks is no duty; what is said after the colon is read as a sentence of its own
        return _parse(m.group("task"), s0 + m.start("task"), recipients, ctx, line_units, cued=cued)
    if m:
        who = m.group("u")
        cues = _live_cues(who + " ·") if _maybe(who, _CUE_WORDS) else []
        if cues and next(_actions(who[cues[-1].end():]), None) is None:
            who = who[cues[-1].end():]  # "Ủy ban nhân dân tỉnh giao Sở Nội vụ: Tham mưu ...": the unit after the cue
        scope = _units(who, s0, recipients, ctx.aliases)
        if scope and v["action_start"].search(m.group("task")):
            resp, task = scope, m.group("task")
        else:
            if scope:
                # "Đối với X: Căn cứ ..., đề nghị các cơ quan, đơn vị báo cáo ...": the generic
                # addressees are X, not every recipient of the letter
                recipients = scope
            # "Đối với các cơ quan ngành dọc: A, B, C thực hiện báo cáo ..." (not "Dự kiến ...: Trước mắt,
            # ...", "Ý kiến của Sở X: Tại Công văn số ..., Sở X có ý kiến": what is planned or was said, told)
            told = frames.narrated(sent) or frames.narrated(m.group("task"))
            st = None if told else _subject_and_task(m.group("task")[_named_subject(m.group("task")):])
            if st:
                resp = _units(st[0], s0, recipients, ctx.aliases)
                task = st[1] if resp else None
    if resp is None:
        # "Giao X chủ trì, phối hợp (với) Y ...", "đề nghị X báo cáo ..."
        for a in _live_cues(sent):
            rest = re.sub(r"^cho\s+(?=\S)", "", sent[a.end():]) if a.group("kw").lower() == "giao" else sent[a.end():]
            rest = _distribute_head(rest)
            # the cooperating units end at the first verb of the list, in lower case ("phối hợp với Sở
            # Nội vụ bố trí ...": not "Sở Xây dựng")
            g = re.match(r"^(?P<u>.+?)\s+chủ\s+trì(?:\s*,\s*|\s+)(?:phối\s+hợp\s+(?:với\s+)?(?P<co>.+?)\s+"
                         r"(?=(?:" + _COOP_END + r")(?![\p{L}]))|"
                         r"(?=\S))(?P<task>.*)$", rest)
            if g:
                resp = _units(g.group("u"), s0, recipients, ctx.aliases)
                if resp:
                    task = g.group("task") or "chủ trì"
                    if g.group("co"):
                        coop = _units(re.sub(r"\s+có\s+liên\s+quan$|\s+liên\s+quan$", "", g.group("co")), s0,
                                      []) or [{"name": canonical_unit(g.group("co")), "raw": g.group("co"),
                                               "is_group": is_group(canonical_unit(g.group("co")))}]
            if resp is None:
                st = _subject_and_task(rest, verbless=True)
                if st is None and (v["unit_start"].search(rest) or v["generic"].search(rest)):
                    # "Đề nghị UBND tỉnh sớm cấp giấy chứng nhận ...": a verb the list lacks, and a later verb of
                    # the list too deep in the sentence to end the unit; the tagger finds where the unit ends
                    st = _verbless_subject(rest)
                if st and frames.handed_document(st[0], st[1]):
                    st = None  # "kính trình Chủ tịch UBND tỉnh văn bản thông báo ...": a document handed over
                if st:
                    resp = _units(st[0], s0, recipients, ctx.aliases)
                    task = st[1]
            if resp:
                break
    if resp is None:
        acc = _ACCOUNTABLE.match(sent)
        if acc and v["action_start"].match(acc.group("task")):
            # "Bộ Công Thương chịu trách nhiệm về nội dung báo cáo, số liệu và hoàn thiện hồ sơ ...": what it
            # answers for is no deliverable, what it must do after "và" is
            resp = _units(acc.group("u"), s0, recipients, ctx.aliases)
            task = acc.group("task") if resp else None
    if resp is None:
        fw = _FORWARD.search(sent)
        if fw:  # "Văn phòng Chính phủ chuyển văn bản nêu trên đến các Bộ: Tài chính, Xây dựng để xem xét, giải quyết ..."
            resp = _units(_distribute_head(fw.group("u")), s0, recipients, ctx.aliases)
            task = fw.group("task") if resp else None
    if resp is None and not ctx.narrative and not told and not frames.narrated(sent):
        st = _subject_and_task(sent, verbless=cued) or (_verbless_subject(sent) if cued else None)
        if st is None and not _leave_to_act(sent):
            st = _subject_in_clause(sent)
        if st:
            resp = _units(st[0], s0, recipients, ctx.aliases)
            task = st[1]
    inherited = False
    if resp is None and line_units and v["action_start"].search(sent):
        resp, task, inherited = [dict(u) for u in line_units], sent, True  # "X: Báo cáo ...; Chủ trì ..."
    if resp is None and ctx.units and (v["action_start"].search(sent)
                                       or re.match(r"^Ngoài\b", sent) and v["action"].search(sent)):
        resp, task, conf = [dict(u) for u in ctx.units], sent, 0.7
    elif resp is None and ctx.units and _task_after_preamble(sent):
        # "3. Các sở, ban, ngành / Căn cứ nội dung Kế hoạch, xây dựng ...": the heading's units; after a
        # duty of theirs in the same paragraph, part of it
        resp, task, conf, inherited = [dict(u) for u in ctx.units], sent, 0.7, True
    if task:
        c = re.match(r"^[Cc]hủ\s+trì(?:\s*,\s*|\s+)phối\s+hợp\s+(?:với\s+)?(?P<co>.+?)\s+(?P<verb>"
                     + _vocab()["action"].pattern + r")", task)
        if c and coop is None:
            coop = _units(c.group("co"), s0, [])
    if not resp or not task:
        return None
    if v["exhortation"].search(task[:40]) or v["bare_task"].match(task.strip()):
        return None
    if _COPULA.match(task):
        return None  # "giao Cục X là cơ quan thường trực ...", "Hiệp hội ... là tổ chức ...": a role, not a task
    action = _action(task)
    desc = " ".join(sent.split())
    value = {"responsible": resp, "cooperating": coop or [], "action": action, "description": desc,
             "deadline": None, "data_window": None, "period": None, "recurrence": None, "submit_to": None,
             "confidence": conf, "_spans": [(s0, s0 + len(sent))], "_inherited": inherited, "_reporting": action in v["reporting"]
             or bool(re.search(r"báo\s+cáo|gửi|cung\s+cấp", task[:120], re.I))}
    return Match("obligation", s0, s0 + len(sent), sent, value)


def _report_with_contents(sent: str, s0: int, recipients: list[dict], ctx: _Ctx) -> bool:
    """``đề nghị các Bộ, ngành ... báo cáo tổng kết công tác ... năm 2025, như sau:``: the ask names the
    addressees and a report with its object, so it is a duty itself and the items below are what the report
    covers (not ``đề nghị X thực hiện như sau:``, whose items are the duties)."""
    if not _maybe(sent, ("báo cáo", "gửi", "tổng hợp", "cung cấp")) or not _live_cues(sent):
        return False  # ("các cơ quan thực hiện báo cáo chuyên đề ..., cụ thể như sau: - Sở A báo cáo ...": no ask)
    ob = _parse(sent, s0, recipients, ctx)
    if ob is None or ob.value["action"] not in ("báo cáo", "gửi", "tổng hợp", "cung cấp"):
        return False
    task = ob.value["description"]
    verb = task.lower().rfind(ob.value["action"])
    obj = re.sub(r",?\s*(?:như\s+sau|sau\s+đây)\s*:$", "", task[verb + len(ob.value["action"]):]).split()
    return len(obj) >= 3


def _task_after_preamble(sent: str) -> bool:
    """``Căn cứ nội dung Kế hoạch, xây dựng kế hoạch triển khai ...`` under a unit's heading: a verb of
    the list right after the opening clause, so the heading's unit is told to do it."""
    m = re.match(r"^(?:Căn\s+cứ|Trên\s+cơ\s+sở|Theo)\b[^,;]{3,160},\s*", sent)
    return bool(m and _vocab()["action_start"].match(sent[m.end():]))


# "X chịu trách nhiệm (trước ...) về <what it answers for> và <verb> ...": X's duty is the verb's
_ACCOUNTABLE = re.compile(r"^(?P<u>[^,;:]{2,200}?)\s+chịu\s+trách\s+nhiệm\s+(?:trước\s+[^,;]{2,80}?\s+)?về\s+[^;]{2,200}?"
                          r"\s+và\s+(?P<task>\S.*)$")
# "Về việc này,", "Về vấn đề trên,": a connector before the sentence, not a topic preamble
_CONNECTOR = re.compile(r"^Về\s+(?:việc|vấn\s+đề|nội\s+dung)\s+(?:này|nêu\s+trên|trên)\s*,\s*(?=\S)")
# the speaker of an opinion or conclusion the letter relays, before its colon
_ANNOUNCER = re.compile(r"\s(?:(?:có|cho)\s+ý\s+kiến(?:\s+chỉ\s+đạo)?|kết\s+luận|chỉ\s+đạo)(?:\s+(?:như\s+sau|cụ\s+thể))?$")
# a letter passed on to units for them to act on: "chuyển (văn bản, hồ sơ, đơn ...) ... đến X để xem xét ..."
_FORWARD = re.compile(r"(?:^|\s)(?:xin\s+)?chuyển\s+(?:\S+\s+){0,30}?(?:đến|tới)\s+(?P<u>[^;.]{3,200}?)\s+để\s+"
                      r"(?P<task>(?:xem\s+xét|nghiên\s+cứu|giải\s+quyết|xử\s+lý|chỉ\s+đạo|trả\s+lời|kiểm\s+tra|tham\s+mưu|"
                      r"cho\s+ý\s+kiến|có\s+ý\s+kiến|thực\s+hiện)\b.*)$")


_SHARED_IN_SENT = re.compile(r"^(?:[Cc]ác\s+(?P<head>(?i:sở|phòng|bộ|ban|cục|vụ|trường|trung\s+tâm|hội))|"
                             r"(?P<body>(?:Ủy\s+ban\s+nhân\s+dân|UBND|Công\s+an|Ban\s+Chỉ\s+huy\s+Quân\s+sự))\s+các\s+"
                             r"(?P<level>" + LEVEL + r"))\s*:\s*(?=\p{Lu})")


@lru_cache(maxsize=None)
def _joined_fields() -> re.Pattern:
    """Field names that hold "và" or a comma (from the abbreviation and unit lexicons)."""
    names = {n for n in data("abbreviations")["units"].values() if " và " in n or "," in n}
    names |= {n for n in data("units")["comma_names"] if " " in n}
    return re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+")
                                                   for n in sorted(names, key=len, reverse=True)) + r")(?![\p{L}])")


def _distribute_head(rest: str) -> str:
    """``các Sở: Tài chính, Nội vụ, Y tế tham mưu ...`` -> ``Sở Tài chính, Sở Nội vụ, Sở Y tế tham mưu
    ...``: a shared head in the middle of a sentence, given to each unit up to the one the verb follows."""
    m = _SHARED_IN_SENT.match(rest)
    if not m:
        return rest
    head = m.group("head") or f"{m.group('body')} {m.group('level')}"
    head = head[:1].upper() + head[1:]  # "giao các sở: Giao thông vận tải, ..." -> "Sở Giao thông vận tải"
    out, pos, tail = [], m.end(), rest[m.end():]
    # "Nông nghiệp và Phát triển nông thôn", "Văn hóa, Thể thao và Du lịch": a field's own "và" and commas
    joined = [(j.start(), j.end()) for j in _joined_fields().finditer(tail)]
    for sep in re.finditer(r"\s*,\s*|\s+và\s+|$", tail):
        if any(a < sep.start() < b for a, b in joined):
            continue
        piece = tail[pos - m.end():sep.start()]
        out.append(f"{head} {piece}{sep.group(0)}")
        pos = m.end() + sep.end()
        if any(a.group(0)[:1].islower() for a in _actions(piece)) or not sep.group(0) or frames.has_between_clause(piece):
            break  # the verb, or "căn cứ chức năng, ...": what follows the list is no longer units
    return "".join(out) + rest[pos:]


# "Sở Nội vụ có trách nhiệm:", "Các xã có nhiệm vụ sau:": the unit the list below is for, named first
_SUBJECT_ANNOUNCES = re.compile(r"^(?P<u>\S.{1,200}?)\s*,?\s+(?:(?:có|chịu)\s+trách\s+nhiệm|có\s+nhiệm\s+vụ)"
                                r"(?:\s+(?:thực\s+hiện|triển\s+khai))?(?:\s+(?:các|những|một\s+số))?"
                                r"(?:\s+(?:nhiệm\s+vụ|nội\s+dung|công\s+việc))?(?:\s+(?:cụ\s+thể\s+)?(?:như\s+sau|sau\s+đây|sau))?"
                                r"\s*:$")


def _opens_with_cue(sent: str) -> bool:
    """``Đề nghị Đài truyền thanh xã ... thông báo ... để nhân dân biết``: the ask comes first, so what
    follows ``để ... biết`` is its purpose, not the sender's closing formula."""
    return any(a.start("kw") <= 1 for a in _live_cues(sent))


def _announced_units(sent: str, recipients: list[dict], ctx: _Ctx) -> list[dict] | None:
    """``Phó Thủ tướng yêu cầu Bộ Kế hoạch và Đầu tư như sau:`` -> Bộ Kế hoạch và Đầu tư;
    ``Sở Nội vụ có trách nhiệm:`` -> Sở Nội vụ."""
    subj = _SUBJECT_ANNOUNCES.match(sent)
    if subj:
        units = _units(frames.strip_between(subj.group("u")), 0, recipients, ctx.aliases)
        if units:
            return units
    for a in _live_cues(sent):
        rest = re.sub(r"\s*(?:(?:như\s+sau|sau\s+đây)\s*)?:$", "", sent[a.end():])
        if next(_actions(rest), None) is not None:
            return None  # "đề nghị X thực hiện như sau:": the verb is there, the duty is in the list
        units = _units(frames.strip_between(rest.strip(" ,")), 0, recipients, ctx.aliases)
        if units:
            return units
    guided = _GUIDES_UNITS.search(sent)
    if guided:  # "Sở Nội vụ hướng dẫn UBND các xã triển khai một số nội dung sau:": the items are the xã's
        return _units(guided.group("u"), 0, recipients, ctx.aliases)
    return None


# the sender guiding or directing units through the items below ("hướng dẫn X thực hiện các nội dung sau:")
_GUIDES_UNITS = re.compile(r"(?:^|\s)(?:hướng\s+dẫn|chỉ\s+đạo)\s+(?P<u>\S.{1,200}?)\s+(?:(?:triển\s+khai|tổ\s+chức\s+thực\s+hiện|"
                           r"thực\s+hiện|tập\s+trung\s+thực\s+hiện)\s+)?(?:(?:một\s+số|các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|"
                           r"công\s+việc)(?:\s+(?:cụ\s+thể|chủ\s+yếu|trọng\s+tâm))?\s+(?:như\s+)?sau(?:\s+đây)?|"
                           r"(?<=(?:triển\s+khai|thực\s+hiện)\s+)(?:cụ\s+thể\s+)?như\s+sau)\s*:$")


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


def _named_subject(sent: str) -> int:
    """Offset of the subject in ``Thời hạn <units> <verb> ...`` when the units are named (not the
    letter's generic addressees, which make it a document-level deadline); 0 otherwise."""
    m = re.match(r"^Thời\s+(?:gian|hạn)\s+", sent)
    if not m:
        return 0
    st = _subject_and_task(sent[m.end():])
    if st and _vocab()["generic"].search(st[0]) and re.match(r"(?:gửi|báo\s+cáo|nộp)\b", st[1]):
        return 0  # "Thời gian các cơ quan, đơn vị gửi báo cáo ...": the letter's reporting deadline
    return m.end() if st else 0


def _heading_obligation(text: str, a: int, b: int, units: list[dict]) -> Match:
    """``1. Văn phòng UBND huyện`` in a report outline: that unit reports the contents below."""
    heading = text[a:b].rstrip()
    value = {"responsible": [dict(u) for u in units], "cooperating": [], "action": "báo cáo",
             "description": " ".join(heading.split()), "deadline": None, "data_window": None, "period": None,
             "recurrence": None, "submit_to": None, "confidence": 0.6, "_spans": [(a, a + len(heading))],
             "_inherited": False, "_reporting": False, "_para": a}
    return Match("obligation", a, a + len(heading), heading, value)


_COPULA = re.compile(r"\s*là\s")
_TOLD_BETWEEN = re.compile(r"\s(?:đã|đang|chưa|vừa|không|sẽ)\s")
_COPULA_IN = re.compile(r"\slà\s")
_ASIDE = re.compile(r"\([^()]*\)")
_CITED_WITHIN = re.compile(r"(?:^|[\s;])trong\s+đó$")


def _subject_in_clause(sent: str) -> tuple[str, str] | None:
    """``Trên cơ sở ..., UBND các xã, thị trấn báo cáo ...``: the subject after a leading clause."""
    prev = 0
    for m in re.finditer(r"[,;]\s+", sent):
        rest = sent[m.end():]
        before, prev = sent[prev:m.start()], m.end()
        if not (_vocab()["unit_start"].search(rest) or _vocab()["generic"].search(rest)):
            continue
        if re.search(r"(?:^|\s)do\s", before) or _split_units(before.strip()):
            continue  # "... do Đoàn Luật sư A, Đoàn Luật sư B trình": inside a list, not after a clause
        if _CITED_WITHIN.search(before):
            continue  # "Thực hiện Công văn số ...; trong đó, UBND tỉnh giao ...": the cited letter's actor
        st = _subject_and_task(rest)
        if st:
            return st
    return None


def _shift(m: Match, by: int) -> Match:
    m.start += by
    m.end += by
    return m


def _continues(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` (between a duty's sentence and a later one) is the same sentence broken over lines:
    the duty's sentence did not end, and no sentence ends before ``b``."""
    between = text[a:b]
    return "\n" in between and not re.search(r"[.!?](?:\s|$)", text[max(0, a - 2):a] + between.split("\n")[0]) \
        and between.count("\n") <= 3 and not re.search(r"\.\s*\n", between)


def _dated(d: Match) -> bool:
    return bool(d.value.get("date") and d.value["date"].get("day") and not (d.value.get("rule") or "").startswith(("END_OF", "EVENT")))


def _ranked(dls: list[Match]) -> list[Match]:
    """Deadlines of a sentence, a day-precise one first (``trong năm 2025 ... trước ngày 20/11`` ->
    20/11), else in text order."""
    return sorted(dls, key=lambda d: not _dated(d))


def _attach_deadline(ob: Match, d: Match, base: int) -> None:
    """``d``'s offsets are relative to ``base`` (0 for absolute ones)."""
    val = {k: d.value[k] for k in ("date", "relation", "raw", "rule")}
    if not _dated(d) and d.value.get("relation") != "within":
        ob.value["_weak_deadline"] = True  # a period or an event: a dated document deadline may replace it
    else:
        ob.value.pop("_weak_deadline", None)
    if (d.value.get("rule") or "").startswith("FREQ="):
        ob.value["recurrence"] = d.value["rule"]
    if d.value.get("impossible"):
        ob.value["_impossible"] = d.value["raw"]
    ob.value["deadline"] = val
    d.value["_used"] = True
    ob.value["_spans"].append((base + d.start, base + d.end))
    ob.value["confidence"] = min(1.0, ob.value["confidence"] + 0.05)


_SUBMIT_TAIL = re.compile(r"(?:\s*\((?:để|nhằm)\s[^()]*\)|\s*[”\"’»])+$")


def _attach_submit(ob: Match, sent: str) -> None:
    if ob.value["submit_to"] is None:
        m = _SUBMIT.search(sent)
        if m:
            to = " ".join(m.group("to").split()).rstrip(" ,")
            # a purpose note or a closing quote is no part of the name: "Ủy ban nhân dân tỉnh (để phê duyệt ...)”"
            to = _SUBMIT_TAIL.sub("", to)
            ob.value["submit_to"] = canonical_unit(re.sub(r"\(\s*qua\s+", "(qua ", to))
    ch = _CHANNEL.search(sent) if _maybe(sent, _CHANNEL_WORDS) else None
    if ch and "kênh" not in ob.value["description"]:
        ob.value.setdefault("_channel", " ".join(ch.group(0).split()))


# ---------------------------------------------------------------- resolution


def _fill_year(date: dict | None, year: int | None) -> dict | None:
    """The year a date left out: ``year`` (the reporting period's, else the issue year's), as the
    contract says. A day that then falls before the letter's own date is left so, and the run warns
    (``deadline_before_issue_date``): the reviewer decides whether the next year was meant."""
    if date is None or date.get("year") or not year:
        return date
    return partial_date(year, date.get("month"), date.get("day"))


def _rrule(date: dict | None) -> str | None:
    if not date or not date.get("month") or not date.get("day"):
        return None
    return f"FREQ=YEARLY;BYMONTH={date['month']};BYMONTHDAY={date['day']}"


def _resolve(found: list[Match], doc_deadlines: list[Match], windows: list[Match], year: int | None,
             text: str, recipients: list[dict] | None = None) -> None:
    win_by_period = {w.value["period"]: w for w in windows if w.value["period"]}
    doc_window = next((w for w in windows if not w.value["period"]), None)
    # a window under a period heading (the 'a) Báo cáo quý I' blocks) belongs to that period
    periodic_dl = [d for d in doc_deadlines if d.value.get("rule") or d.value.get("_period")]
    plain_dl = next((d for d in doc_deadlines if not d.value.get("rule") and not d.value.get("_period")), None)
    # every reporting period the letter gives a window for, in calendar order (Q1, Q2, H1, Q3, 9M, Q4, Y)
    periods = sorted((p for p in win_by_period if p in _END_MONTH), key=lambda p: (_END_MONTH[p], p == "Y", p))
    extra: list[Match] = []
    for ob in list(found):
        v = ob.value
        py = v.get("_period_year") or year
        if v["period"]:
            # obligation inside a period block: its own deadline, the window stated in the block
            w = _window_for(ob, windows, v["period"])
            if w:
                v["data_window"] = resolve(w.value, py)
                v["_spans"].append((w.start, w.end))
            if v["deadline"]:
                v["deadline"]["date"] = _fill_year(v["deadline"]["date"], py)
                v["recurrence"] = _rrule(v["deadline"]["date"])
            v["period"] = f"{v['period']}-{py}" if py else v["period"]
            continue
        if v.get("_weak_deadline") and v["_reporting"] and (plain_dl or periodic_dl):
            v["deadline"] = None  # "trong năm 2025" in the duty; the letter's dated deadline governs it
        if v["deadline"] is None and v["_reporting"]:
            rule = next((d for d in periodic_dl if d.value.get("rule")), None)
            if rule and periods:
                # one obligation per period, the rule materialised for the document year
                for k, per in enumerate(periods):
                    target = ob if k == 0 else _copy(ob)
                    _materialise(target, rule, per, win_by_period.get(per), year)
                    if k:
                        extra.append(target)
                continue
            if plain_dl:
                _attach_deadline(ob, plain_dl, 0)
        if v["deadline"]:
            v["deadline"]["date"] = _fill_year(v["deadline"]["date"], year)
        if v["data_window"] is None and v.get("_open_window") is not None:
            w = v["_open_window"]
            v["data_window"] = resolve(w.value, year)
            v["_spans"].append((w.start, w.end))
        if v["data_window"] is None and v["_reporting"] and doc_window is not None:
            v["data_window"] = resolve(doc_window.value, year)
            v["_spans"].append((doc_window.start, doc_window.end))
    if recipients and plain_dl is not None and plain_dl.value.get("_orphan") and not plain_dl.value.get("_used") \
            and not any(ob.value["deadline"] for ob in found if ob.value["_reporting"]):
        extra.append(_orphan_duty(plain_dl, recipients, year))
    found.extend(extra)
    # a recurring schedule: one obligation per responsible party and period
    for ob in list(found):
        if ob.value["period"] and len(ob.value["responsible"]) > 1:
            units = ob.value["responsible"]
            ob.value["responsible"] = [units[0]]
            for u in units[1:]:
                c = _copy(ob)
                c.value["responsible"] = [u]
                found.append(c)
    found.sort(key=lambda m: (m.start, m.value.get("period") or ""))


def _own_act(ob: Match, issuer: str) -> bool:
    """The sender's own act ("Sở Tài chính gửi ý kiến ...", "Chủ tịch UBND tỉnh ủy quyền ..."), not a
    duty it imposes; compared without accents (OCR drops and swaps them)."""
    own = _fold(unit_key(issuer))
    return all(own.startswith(_fold(_untitled(unit_key(u["name"])))) for u in ob.value["responsible"])


def _orphan_duty(d: Match, recipients: list[dict], year: int | None) -> Match:
    """The addressees' duty that a deliverable sentence states on its own (``Văn bản góp ý xin gửi
    về Bộ X trước ngày 20/11/2025``), when no other duty of the letter takes its deadline."""
    s0, s1, sent = d.value["_orphan"]
    value = {"responsible": [dict(r) for r in recipients], "cooperating": [], "action": "gửi",
             "description": " ".join(sent.split()), "deadline": None, "data_window": None, "period": None,
             "recurrence": None, "submit_to": None, "confidence": 0.7, "_spans": [(s0, s1)],
             "_inherited": False, "_reporting": True}
    ob = Match("obligation", s0, s1, sent, value)
    _attach_deadline(ob, d, 0)
    ob.value["deadline"]["date"] = _fill_year(ob.value["deadline"]["date"], year)
    _attach_submit(ob, sent)
    return ob


def _window_for(ob: Match, windows: list[Match], period: str) -> Match | None:
    same = [w for w in windows if w.value["period"] == period]
    if same:
        return same[0]
    # the window stated in the obligation's own paragraph or the next lines of its block
    after = [w for w in windows if w.start >= ob.start and w.value["period"] is None and w.start - ob.end < 400]
    return after[0] if after else None


@lru_cache(maxsize=4096)  # a sentence's deadlines are asked for about five times in a walk (measured)
def _found_deadlines(text: str) -> tuple:
    return tuple(find_deadlines(text))


def _deadlines_in(text: str) -> list[Match]:
    """``find_deadlines(text)``, each a copy (the walk marks the ones it attaches)."""
    return [_copy(d) for d in _found_deadlines(text)]


# "kỳ 6 tháng (từ ngày 15/12/2025 đến ngày 14/6/2026, gửi trước ngày 20/6/2026)": a period's span and due day
_PERIOD_GROUP = re.compile(r"\(\s*(?P<span>từ\s[^()]{5,80}?)\s*[,;]\s*(?P<due>[^()]{0,20}?(?:trước|chậm\s+nhất)[^()]{3,60}?)\)")


def _per_period(ob: Match, sent: str, s0: int, year: int | None) -> list[Match]:
    """A report asked for two or more periods in one sentence, each with its span and due day in parentheses
    (``kỳ 6 tháng (từ ... đến ..., gửi trước ngày 20/6/2026) và kỳ 12 tháng (..., gửi trước ngày 20/12/2026)``):
    one obligation a period, with that window and deadline; ``ob`` takes the first. Returns the others."""
    groups = []
    for g in _PERIOD_GROUP.finditer(sent):
        w = WINDOW_RANGE.match(g.group("span"))
        d = next((x for x in find_deadlines(g.group("due")) if x.value["relation"] != "from" and _dated(x)), None)
        if w and d:
            groups.append((g, w, d))
    if len(groups) < 2:
        return []
    out = []
    for k, (g, w, d) in enumerate(groups):
        target = ob if k == 0 else _copy(ob)
        if k:
            target.start = s0 + g.start()  # (its own start: its own id)
        target.value["deadline"] = None
        _attach_deadline(target, d, s0 + g.start("due"))
        target.value["data_window"] = resolve(range_value(w), year)
        target.value["_spans"].append((s0 + g.start(), s0 + g.end()))
        if k:
            out.append(target)
    return out


def _copy(ob: Match) -> Match:
    return Match(ob.kind, ob.start, ob.end, ob.text, plain_copy(ob.value), ob.confidence, list(ob.spans))


_END_MONTH = {v["code"]: v["end_month"] for v in data("obligations")["periods"].values()}


def _materialise(ob: Match, rule: Match, period: str, window: Match | None, year: int | None) -> None:
    end_month = _END_MONTH[period]
    day = rule.value["date"]["day"] if rule.value["date"] else None
    date = partial_date(year, end_month, day)
    ob.value["deadline"] = {"date": date, "relation": rule.value["relation"], "raw": rule.value["raw"],
                            "rule": rule.value["rule"]}
    ob.value["_spans"].append((rule.start, rule.end))
    ob.value["period"] = f"{period}-{year}" if year else period
    ob.value["recurrence"] = _rrule(date)
    if window is not None:
        ob.value["data_window"] = resolve(window.value, year)
        ob.value["_spans"].append((window.start, window.end))


def non_working_day(day) -> str | None:
    """``"weekend"`` or ``"public_holiday"`` for a ``datetime.date`` that is not a working day."""
    if day.weekday() >= 5:
        return "weekend"
    hol = data("obligations")["holidays"]
    md = f"{day.month:02d}-{day.day:02d}"
    if md in hol["fixed"] or md in hol["by_year"].get(str(day.year), []):
        return "public_holiday"
    return None
