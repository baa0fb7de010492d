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

This module is the walk over the body's lines and sentences; the parts it calls on are modules of
their own: ``obligations_sentences`` (list markers, heading levels and sentences), ``obligations_vocab`` (the vocabulary as patterns, verbs and cues of a sentence),
``obligations_units`` (addressee phrases and unit lists), ``obligations_clauses`` (subject and task of
a clause), ``obligations_parse`` (the duty one sentence states) and ``obligations_resolve`` (deadlines,
submit-to units and data windows attached and resolved).
"""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .base import is_upper, lines, Match
from . import task_labels, task_tables
from .obligations_clauses import _named_subject, _subject_and_task, _SUBJECTS
from .obligations_parse import _announced_units, _CONDITIONAL, _CONDITIONAL_WORDS, _Ctx, _heading_obligation, _parse, _report_with_contents
from .obligations_resolve import _attach_deadline, _attach_submit, _continues, _dated, _deadlines_in, _in_lead, _past_lead, _per_listed_period, _per_named_period, _per_period, _ranked, _resolve, _shift
from .obligations_units import _alias_table, _LETTER_ALIASES, _own_act, _SPLITS, _units
from .obligations_vocab import _action_lead, _actions, _live_cues, _maybe, _PASSIVE_BEFORE, _vocab
from .obligations_split import per_deliverable, unit_item as per_unit_item
from .obligations_sentences import _broken_sentence, _ITEM_BEFORE, _level, _marker_end, _sentences
from .periods import find_periods
from .schedules import _next_monthly, _yearly
from .units import sentence_case
from .duty_windows import find_duty_spans
from .windows import CUE as WINDOW_CUE, CUE_WORDS as _WINDOW_WORDS, find_open_windows, find_windows, RANGE as WINDOW_RANGE
# what other modules import from here (pipeline.run, ics, pdf_tables, spacy_component, parts, task_tables)
from .obligations_resolve import _fill_year, _SUBMIT, non_working_day  # noqa: F401
from .obligations_vocab import _action  # noqa: F401
from .obligations_units import _split_units  # noqa: F401


_HEADING_LEAD = re.compile(r"^(?:(?:Chức\s+năng\s*,\s*)?(?:Trách\s+nhiệm|Nhiệm\s+vụ)(?:(?:\s*,\s*|\s+và\s+)quyền\s+hạn)?|"
                           r"Phân\s+công\s+nhiệm\s+vụ)\s+(?:của|cho)\s+(?=\S)", re.I)
_HEADING_TAIL = re.compile(r"\s+(?:có|chịu)\s+trách\s+nhiệm$")
_DIRECT = re.compile(r"(?:trước|chậm\s+nhất)\s+ngày", re.I)


# "..., số liệu tính từ ngày A đến ngày B; báo cáo năm gửi chậm nhất ngày C": a report sent after one window
# and before the next, its day its own
_SENT_AFTER_WINDOW = re.compile(r"[;,]\s*(?:\S+\s+){0,4}?(?:gửi|nộp)\s+(?:\S+\s+){0,6}?$")


def _sent_between(sent: str, spans: list[tuple[int, int]], at: int) -> bool:
    """The deadline at ``at`` follows a window (one of ``spans``) and a verb of sending after it."""
    ends = [b for a, b in spans if b <= at]
    return bool(ends) and bool(_SENT_AFTER_WINDOW.search(sent[max(ends):at]))


def _direct(sent: str) -> bool:
    """``sent`` sets a day for its own duty (a day due inside its opening clause is the sender's, see _in_lead)."""
    return any(not _in_lead(sent, m.start()) for m in _DIRECT.finditer(sent))


# a plan's aims ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục tiêu"): what it says units should do there is an aim, not a duty
# (GUIDELINE: exhortations in a plan's objectives), unless a deadline of its own makes it one
_AIMS_HEAD = re.compile(r"^(?:[IVX]+|\d+|[A-Z])\.\s*(?:MỤC\s+ĐÍCH|MỤC\s+TIÊU|YÊU\s+CẦU|Mục\s+đích|Mục\s+tiêu|Yêu\s+cầu)"
                        r"(?:\s*(?:,|và)\s*(?:YÊU\s+CẦU|yêu\s+cầu|MỤC\s+TIÊU|mục\s+tiêu))?\s*:?\s*$")
_DEADLINE_SECTION = re.compile(r"^(?:\d+\.\s*|[a-zđ]\)\s*|-\s*)?(?:Về\s+)?(?:Thời\s+(?:gian|hạn)\s+(?:gửi|nộp|nhận|báo\s+cáo)|"
                               r"Thời\s+gian\s+(?:các\s+)?(?:cơ\s+quan|đơn\s+vị)[^\n]*gửi|Thời\s+hạn\b)", re.I)

# "Số liệu của các bộ, ngành đề nghị gửi về Bộ Nội vụ trước ngày ...": the deliverable, not a unit, is
# the subject; its deadline governs the reporting duties of the letter
_DOC_DEADLINE = re.compile(r"^(?:Số\s+liệu|Văn\s+bản|Báo\s+cáo|Hồ\s+sơ|Danh\s+sách|Ý\s+kiến|Kết\s+quả)\b[^.]{0,250}?"
                           r"(?:đề\s+nghị\s+)?gửi\s+(?:về|đến)", re.I)


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
    rules = not outline and _rules_document(text)
    if not narrative and rules:
        narrative = True  # a charter or criteria table sent on its own: its sentences are rules, not asks
    aliases = _alias_table(text, start, end, recipients)
    for r in recipients:  # "đề nghị ủy ban kiểm tra các huyện ủy, ...": an addressee the body writes in lower case
        low = " ".join(r["name"].lower().split())
        if r["name"][:1].isupper() and " các " in f" {low} " and not low.startswith("các "):
            aliases.setdefault(low, [r])
    ctx = _Ctx(aliases=aliases, narrative=narrative, issuer=issuer, rules=rules)
    token = _LETTER_ALIASES.set(frozenset(ctx.aliases))
    splits = _SPLITS.set({})
    subjects = _SUBJECTS.set({})
    try:
        found = list(_walk(text, start, end, recipients, year, outline, issuer, ctx))
    finally:
        _SUBJECTS.reset(subjects)
        _SPLITS.reset(splits)
        _LETTER_ALIASES.reset(token)
    for ob in found:
        _next_monthly(ob.value, issued)
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
    task_units: list[dict] | None = None  # who does the tasks a lead sentence lists ("đề nghị X thực hiện các nội dung sau:")
    period_at: list[tuple[int, int, str]] = []
    outline_items = False  # inside an outline unit's list of contents
    list_lvl: int | None = None  # heading level of the numbered items of an announced list
    cue_list = False  # the items below a bare cue ("Văn phòng Chính phủ trân trọng đề nghị:") are asks
    pending: list[Match] = []  # an outline's unit heading not yet followed by a duty of its own
    body_lines = list(lines(text, start, end))
    # provisions quoted from other documents ("“a) ... các hội mới phải tổ chức đại hội ...”")
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”]{0,4000}”", text, pos=start, endpos=end)]
    carried_to = -1  # a sentence broken over two lines took the next line's words up to here
    aims_lvl = None  # level of the plan's "MỤC ĐÍCH, YÊU CẦU" heading while under it
    for line in body_lines:
        t = line.text.strip()
        if not t:
            continue
        lvl = _level(t)
        if ctx.rules and lvl == 0 and t.startswith("Điều"):
            lvl = 9  # a charter's article ("Điều 20. Nhiệm vụ và quyền hạn của Ban Chấp hành") states powers, assigns nothing
        lead = len(line.text) - len(line.text.lstrip())
        core_off = line.start + lead + _marker_end(t)
        core = text[core_off:line.end].rstrip()
        # headings: period, addressee, deadline section
        if ctx.period:
            period_at.append((line.start, line.end, ctx.period))
        if lvl < 9:
            outline_items = False
            if _AIMS_HEAD.match(t):
                aims_lvl = lvl if aims_lvl is None else min(aims_lvl, lvl)
            elif aims_lvl is not None and lvl <= aims_lvl:
                aims_lvl = None
            if lvl <= ctx.units_level:
                ctx.units, ctx.units_level = [], 99
                found.extend(pending)
                pending.clear()
            per = next(find_periods(t), None)
            if per and len(t) < 90 and per.start < 12:
                ctx.period, ctx.period_year = per.value["code"], per.value.get("year")
            elif lvl < 3 or per:
                ctx.period = None  # a higher heading, or a sibling heading that is not a period
            ctx.deadline_section = bool(("ờ" in t or "Ờ" in t) and _DEADLINE_SECTION.match(t)) or (ctx.deadline_section and lvl > 1)
            head = core.rstrip(":").strip()
            head_off = core_off
            # "1. Trách nhiệm của Sở Nội vụ", "2. Nhiệm vụ của các sở, ban, ngành", "3. Sở Y tế có trách
            # nhiệm:", "4. SỞ TÀI CHÍNH": the unit the heading names
            lead_m = _HEADING_LEAD.match(head)
            if lead_m and ctx.rules:
                head = ""  # a charter's "Nhiệm vụ và quyền hạn của Ban Chấp hành:" states its powers, assigns nothing
            elif lead_m:
                head, head_off = head[lead_m.end():], core_off + lead_m.end()
            head = _HEADING_TAIL.sub("", head) if head.endswith("nhiệm") else head
            if is_upper(head) and len(head) > 3:
                cased = sentence_case(head)
                head = cased if len(cased) == len(head) else head
            # (a sentence, "2. Bộ Quốc phòng sẵn sàng lực lượng, phương tiện ...", is no heading: a heading
            # does not end with a full stop unless it is only a short name)
            units = _units(head, head_off, recipients, ctx.aliases) if head and len(head) < 160 and ":" not in head \
                and not any(not _PASSIVE_BEFORE.search(head, 0, a.start()) for a in _actions(head)) and not (head.endswith((".", ";")) and len(head) > 40) else None
            if units and (t.endswith(":") or len(head) < 80):
                ctx.units, ctx.units_level = units, lvl
                if cue_list and list_lvl is None:
                    list_lvl = lvl  # "trân trọng đề nghị: / 1. <units>: a) ... / 2. ...": an item of the asks
                contents_open = False
                prev_units = None  # the paragraph under a new heading does not go on with the last one
                if outline:
                    pending.append(_heading_obligation(text, line.start + lead, line.end, units))
                continue
        if ("ờ" in t or "Ờ" in t) and _DEADLINE_SECTION.match(t):  # ("Thời hạn", "THỜI GIAN": every form has its ờ)
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
                # "đề nghị X thực hiện các nội dung sau: - Cử ...": the lead's units, not those an item before named
                # for itself ("2. Đối với vốn đầu tư công, chủ đầu tư ... / 3. Thực hiện đối chiếu ...")
                line_units = task_units or found[-1].value["responsible"]
            elif contents_open == "reports" and found and ":" in core and \
                    (item := per_unit_item(found[-1], core, core_off, lambda u: _units(u, core_off, recipients, ctx.aliases))):
                # "cung cấp các thông tin sau: / 1. Sở Tài chính: Số liệu ...": what one of the units delivers
                opens = list(find_open_windows(core))
                if opens:
                    item.value["_open_window"] = _shift(opens[0], core_off)
                found.insert(len(found) - 1, item)  # (the lead stays last: the next items are its too)
                continue
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
            s0 = s0 + (_marker_end(text[s0:s1]) if text[s0:s1] else 0)
            sent = text[s0:s1].strip()
            if s0 < carried_to:
                continue  # the words a sentence broken over the line above took (see _broken_sentence)
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
                           and (cue is None or after is None or d.start < cue.start() or d.start >= after
                                or _sent_between(sent, ranges + win_spans, d.start))
                           and not any(a <= d.start < b for a, b in win_spans + ranges)])
            window_sentence = cue is not None and not dls
            own_para = found and found[-1].value.get("_para") == line.start
            bare = sent.lstrip("( ")  # "(Thời hạn ... trước ngày 20/12/2025)./."
            # "đề nghị các Sở: 1. Báo cáo tình hình ..., gửi về Bộ trước ngày ...": an item of the announced
            # list that starts with its verb is the units' duty, not a report (noun) the letter dates
            # (so is an item of a task list: "đề nghị X thực hiện các nội dung sau: 1. ... 2. Báo cáo ..., gửi về ...")
            doc_dated = _DOC_DEADLINE.match(bare) and not (line_units is not None and (line_units is announced or in_tasks and not own_para))
            if dls and not window_sentence and own_para and not ctx.deadline_section \
                    and found[-1].value["deadline"] is None and (re.match(r"^Thời\s+(?:gian|hạn)", bare)
                                                                 or doc_dated):
                # "... ban hành Kế hoạch CCHC. Thời gian ban hành chậm nhất là ngày 10 tháng 01":
                # the deadline of the duty stated just before it in the same paragraph
                _attach_deadline(found[-1], dls[0], s0)
                _attach_submit(found[-1], sent)
                continue
            if dls and not window_sentence and (
                    re.match(r"^Thời\s+(?:gian|hạn)", bare) and not _named_subject(bare)
                    and re.search(r"gửi|báo\s+cáo|nộp|ban\s+hành", sent, re.I)
                    or doc_dated
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
                if doc_dated and recipients and not ctx.deadline_section:
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
            if sent.endswith(":") and re.search(r"(?:như\s+sau|sau\s+đây)\s*:$", sent) and not _direct(sent) \
                    and not _report_with_contents(sent, s0, recipients, ctx):
                # "... báo cáo như sau:" announces what follows; "yêu cầu Bộ X như sau:" names who does it
                announced = _announced_units(sent, recipients, ctx) or announced
                continue
            if sent.endswith(":") and not _direct(sent) and (heads := _announced_units(sent, recipients, ctx)):
                announced = heads  # "Đề nghị Ủy ban nhân dân các tỉnh:" names who does the items below
                list_lvl = None  # its items, at whatever level, are the list now
                continue
            bare_cue = sent[:-1].rstrip() + " ·"
            if sent.endswith(":") and any(bare_cue[a.end():] == "·" for a in _live_cues(bare_cue)):
                cue_list = True
                continue
            ob = _parse(sent, s0, recipients, ctx, line_units, cued=cue_list and is_bullet)
            lead_in = _named_subject(sent) if ob is None else 0
            if ob is None and lead_in:  # "Thời hạn các bộ, tỉnh tổng hợp ... chậm nhất là ngày ..."
                ob = _parse(sent[lead_in:], s0 + lead_in, recipients, ctx, line_units)
            if s1 == line.end:
                whole = _broken_sentence(text, s0, line.end, end)
                # "..., gửi Sở Nội vụ / tổng hợp./.", "... gửi Sở Nội vụ tổng / hợp./.": the sentence broken over
                # two lines (a short PDF line) is read whole, also where its first line alone reads as a duty
                # (a word cut at the break: "tổng" alone is no verb, so the line gave the sender's own act)
                whole_text = text[s0:whole].replace("\n", " ").strip() if whole is not None else ""
                joined = _parse(whole_text, s0, recipients, ctx, line_units) if whole_text else None
                if joined is not None:
                    ob, carried_to, sent = joined, whole, whole_text
                    dls = _ranked([d for d in _deadlines_in(sent) if d.value["relation"] != "from"])
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
                    and not ob.value["cooperating"] and (not dls or found[-1].value["deadline"] is None
                                                      and not _ITEM_BEFORE.search(text, max(0, s0 - 8), s0 + 4)):
                # "- Chuẩn bị 60 bộ tài liệu ...; Gửi tài liệu đến các điểm cầu trước Hội nghị.": one duty, and the
                # continuation's deadline is its deadline (one of its own before would have split it; a numbered
                # item, "a) Rà soát ...; b) Báo cáo ... trước ngày ...", is a deliverable of its own)
                found[-1].value["description"] += " " + ob.value["description"]
                found[-1].value["_spans"].append((ob.start, ob.end))
                if dls and not window_sentence:
                    _attach_deadline(found[-1], dls[0], s0)
                continue
            if issuer and not is_bullet and _own_act(ob, issuer):
                continue  # "Bộ Tài chính gửi kèm dự thảo ...": the sender's act takes no deadline or window
            if aims_lvl is not None and not dls:
                continue  # "I. MỤC ĐÍCH, YÊU CẦU / 2. Các đơn vị tăng cường tuyên truyền ...": a plan's aim, no duty
            line_units = ob.value["responsible"]
            ob.value["_para"] = line.start
            ob.value["_bullet"] = is_bullet
            ob.value["period"] = ctx.period
            ob.value["_period_year"] = ctx.period_year
            dls = _past_lead(sent, dls)  # ("Nhằm ..., báo cáo Bộ X trước ngày A, đề nghị Y ...": A is the sender's)
            if dls and not window_sentence:
                _attach_deadline(ob, dls[0], s0)
            ow = opens[0] if opens else None
            if ow is None and not ranges and ("tháng" in sent or "quý" in sent or "từ ngày" in sent):
                # "báo cáo tình hình giải ngân ... 5 tháng đầu năm 2024, gửi về Bộ X trước ngày 10/6/2024": the
                # period the duty names (after a cut-off the letter states elsewhere, see _resolve)
                named = next(find_duty_spans(sent), None)
                if named is not None:
                    ob.value["_named_window"] = _shift(named, s0)
            if ow is not None:  # "(tính đến thời điểm 20/8/2011)" in the duty's own sentence
                ob.value["_open_window"] = _shift(ow, s0)
            _attach_submit(ob, sent)
            found.append(ob)
            if ob.value["_reporting"] and ("(từ" in sent or "( từ" in sent):
                found.extend(_per_period(ob, sent, s0, year))
            elif (ob.value["_reporting"] and ("định kỳ" in sent or "Định kỳ" in sent) and not window_sentence
                  and not ob.value["period"] and (listed := _per_listed_period(ob, sent, s0))):
                found.extend(listed)  # "Định kỳ 6 tháng và hằng năm, ... trước ngày 15/6 và 15/12"
            elif len(dls) > 1 and not window_sentence and not ob.value["period"]:
                # "báo cáo 6 tháng trước ..., báo cáo năm trước ...": a report a period; "báo cáo sơ kết trước ngày A
                # và báo cáo tổng kết trước ngày B": a deliverable a day
                found.extend((_per_named_period(ob, sent, s0, dls) if ob.value["_reporting"] else [])
                             or per_deliverable(ob, sent, s0, dls))
            elif ob.value["_reporting"] and not ob.value["period"] and "năm" in sent and not window_sentence:
                _yearly(ob, sent)  # "Định kỳ hằng năm, ... báo cáo ... trước ngày 15/12"
            pending.clear()
            # "báo cáo các nội dung sau:" lists contents; "chỉ đạo thực hiện một số nội dung sau:" lists tasks
            contents_open = sent.endswith(":") and ("reports" if ob.value["_reporting"] else "tasks")
            if contents_open == "tasks" and not in_tasks:
                task_units = ob.value["responsible"]
            contents_lvl = lvl if contents_open else 9
        prev_units = found[-1].value["responsible"] if len(found) > n_before else None
        if in_tasks and not contents_open:
            contents_open = "tasks"  # the next item of the same task list
    found.extend(pending)
    # "đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:": the lead's items, read as the lead's units' duties on
    # the next lines, are the duties; the bare lead is none
    found[:] = [ob for k, ob in enumerate(found) if ob.value["responsible"] and not (
        ob.value.pop("_announces", None) and k + 1 < len(found) and text.count("\n", ob.end, found[k + 1].start) <= 1)]
    if issuer:
        found[:] = [ob for ob in found if ob.value.get("_bullet") or not _own_act(ob, issuer)]
    found[:] = task_tables.with_table_rows(found, text, start, end, recipients)  # "Phân công nhiệm vụ" tables
    found[:] = task_labels.with_labelled_tasks(found, text, start, end, recipients)  # "- Cơ quan chủ trì: ..." lines
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
        ob.value.pop("_named_window", None)
        ob.value.pop("_items", None)
        yield ob
