"""The duty one sentence states: its responsible and cooperating units, action and description.

``_parse(sentence, ...)`` tries, in turn, ``X: <task>``, a cue (``giao``, ``đề nghị``, ``yêu cầu`` ...) and
what follows it, ``X chịu trách nhiệm về ... và <task>``, a forwarded letter, a unit as subject, and the
units of the line or heading above; closing formulas, preambles, conditionals and roles give nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from . import fastre as re

from .base import data, Match, trie_alternation
from . import frames
from .obligations_clauses import _COPULA, _leave_to_act, _named_subject, _subject_and_task, _subject_in_clause, _verbless_subject
from .obligations_units import _distribute_head, _fold, _SHARED_IN_SENT, _units, _untitled
from .obligations_split import cooperation_only as _cooperation_only, LIST_ONLY as _LIST_ONLY
from .obligations_vocab import _action, _actions, _CUE_WORDS, _exhorts_after_lead, _IN_NAME, _live_cues, _low, _maybe, _vocab
from .units import canonical_unit, is_group, unit_key
from .obligations_vocab import TASK_NOT_LEAD

# a sentence that opens with what the letter acts on or what it is for ("Thực hiện Công văn số ...", "Để ...")
_PREAMBLE = re.compile(r"^(?:Thực\s+hiện" + TASK_NOT_LEAD + r"|Căn\s+cứ|Để|Nhằm|Trên\s+cơ\s+sở|Về|Xét|Theo)\b")


# "nếu có khó khăn, vướng mắc ... phản ánh về ...": a conditional, not a duty
_CONDITIONAL = re.compile(r"nếu\s+có\s+(?:vấn\s+đề\s+gì\s+)?(?:khó\s+khăn|vướng\s+mắc|vấn\s+đề)|"
                          r"vấn\s+đề\s+gì\s+vướng\s+mắc|trường\s+hợp\s+có\s+(?:khó\s+khăn|vướng\s+mắc)|"
                          r"(?:khó\s+khăn|vướng\s+mắc)[^.]{0,120}phản\s+ánh", re.I)


_CONDITIONAL_WORDS = ("nếu", "vướng", "trường hợp", "khó khăn")


@dataclass
class _Ctx:
    units: list[dict] = field(default_factory=list)   # addressee named by the current heading
    units_level: int = 99
    period: str | None = None
    period_year: int | None = None
    deadline_section: bool = False
    aliases: dict[str, list[dict]] = field(default_factory=dict)  # names the letter defines for units
    narrative: bool = False  # a report or minutes: only cue sentences assign duties
    rules: bool = False  # a charter or rule text sent on its own (its articles state powers, not asks)
    issuer: str | None = None  # the sender ("Sở Tư pháp gửi Sở Nội vụ tổng hợp": the sender hands over)


_COOP_END = "để|" + trie_alternation(data("obligations")["actions"])


# a schedule before the unit ("Hằng quý, trước ngày 20 của tháng cuối quý, BHXH huyện ...", "Định kỳ hằng tháng, Sở X ...")
_SCHEDULE_LEAD = re.compile(r"^(?:Định\s+kỳ\s+)?(?:(?:h[ằà]ng|mỗi)\s+(?:quý|tháng|năm|tuần)|\d+\s+tháng(?:\s+một\s+lần)?)"
                            r"(?:\s*,\s*(?:trước|chậm\s+nhất|vào|trong)\s[^,;.]{1,60})?\s*,\s*(?=\p{Lu})", re.I)


def _parse(sent: str, s0: int, recipients: list[dict], ctx: _Ctx,
           line_units: list[dict] | None = None, *, cued: bool = False) -> Match | None:
    """The duty ``sent`` states, if any. ``cued``: the sentence is an item under a bare cue
    (``... trân trọng đề nghị: / 3. Các đại biểu dự họp ...``), so a verb the list lacks still counts."""
    v = _vocab()
    if frames.closing_formula(sent) and not _opens_with_cue(sent):
        return None  # "... xin thông báo để Bộ X biết, thực hiện", "trân trọng cảm ơn ..."
    connector = _CONNECTOR.match(sent) if sent.startswith("Về") else None
    if connector:  # "Về việc này, Phó Thủ tướng có ý kiến như sau: ...": what follows is the sentence
        return _parse(sent[connector.end():], s0 + connector.end(), recipients, ctx, line_units, cued=cued)
    sched = _SCHEDULE_LEAD.match(sent) if sent[:1] in "HhĐđMm" else None
    if sched:
        # "Hằng quý, trước ngày 20 của tháng cuối quý, BHXH huyện báo cáo ...": the schedule fronted before the
        # unit; the duty is the unit's, the schedule stays in its description (and its deadline in the sentence)
        ob = _parse(sent[sched.end():], s0 + sched.end(), recipients, ctx, line_units, cued=cued)
        if ob is not None:
            ob.value["description"] = " ".join(sent.split())
            ob.value["_spans"] = [(s0, s0 + len(sent))]
            return Match("obligation", s0, s0 + len(sent), sent, ob.value)
    if (v["exhortation"].match(sent) or _exhorts_after_lead(sent)) and not _handover(sent, ctx.issuer) or sent[:1] in "TCĐNVX" and _PREAMBLE.match(sent) \
            and not _live_cues(sent) and not _subject_in_clause(sent) and not _FORWARD.search(sent) \
            and not (ctx.units and _task_after_preamble(sent)) and not (":" in sent and _SPEAKER_COLON.search(sent)):
        return None
    if sent.startswith("Theo") and re.match(r"^Theo\s+(?:đó|quy\s+định)\b", sent) and not _live_cues(sent):
        # "Theo đó, sau khi hợp nhất, các hội phải ...": what the law requires, restated ("các hội quần chúng do
        # Đảng, Nhà nước giao nhiệm vụ": a cited "giao", no ask)
        return None
    if sent[:1] in "TC" and re.match(r"^(?:Thực\s+hiện|Căn\s+cứ|Theo)\b", sent) and re.search(r"trong\s+đó,?\s+[^,;]{0,60}?(?:đề\s+nghị|yêu\s+cầu)", sent):
        return None  # "Thực hiện Công văn số ..., trong đó Bộ Nội vụ đề nghị ...": the cited letter's request
    if _maybe(sent, _CONDITIONAL_WORDS) and _CONDITIONAL.search(sent):
        return None  # "nếu có vướng mắc ... phản ánh về ...": conditional, not a duty
    if len(sent) < 120 and "nghiêm" in sent and re.search(r"nghiêm\s+túc\s+(?:triển\s+khai\s+)?thực\s+hiện\s*\.?/?\.?$", sent):
        return None
    resp = coop = None
    task = None
    conf = 0.85
    told = False  # the sentence tells what is or was the case (frames.narrated)
    # "Phòng Nội vụ: Báo cáo ..." (not "giao các Bộ: Công an, Quốc phòng nghiên cứu ...", a shared head)
    m = re.match(r"^(?P<u>[^:]{3,160}?)\s*:\s*(?P<task>\S.*)$", sent) if ":" in sent else None
    if m and (_SHARED_IN_SENT.match(sent) or any(_SHARED_IN_SENT.match(sent[a.end():])
                                                  for a in _live_cues(m.group("u") + ": " + m.group("task")[:1]))):
        m = None  # ("Các Sở: Tư pháp, Nội vụ rà soát ...": a shared head too)
    if m and (_ANNOUNCER.search(m.group("u")) or _TELLS.search(m.group("u")) and not _live_cues(m.group("u"))):
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
            if ctx.rules and _REQUIREMENT_LABEL.search(m.group("u")):
                told = True  # a criteria table's "- Yêu cầu: Các cơ quan ... phải bố trí ...": the rule it scores, no ask
            if ctx.narrative and not _live_cues(m.group("task")):
                told = True  # a report's "Đơn vị sự nghiệp thuộc UBND tỉnh: UBND tỉnh ban hành Quyết định ...": told, no cue
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
                         r"(?=\S))(?P<task>.*)$", rest) if "chủ" in rest else None
            if g:
                resp = _units(frames.strip_between(g.group("u").rstrip(" ,")), s0, recipients, ctx.aliases)
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
    if resp is None and "trình" in sent and len(sent) < 200:
        bare = _BARE_SUBMIT.match(sent)
        if bare and not _DOCUMENT_IN.search(bare.group("u")):
            # "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh./.": the proposal is put to X to consider and decide
            resp = _units(bare.group("u"), s0, recipients, ctx.aliases)
            task = "xem xét" if resp else None
    if resp is None:
        acc = _ACCOUNTABLE.match(sent) if "chịu" in sent else None
        if acc and v["action_start"].match(acc.group("task")):
            # "Bộ Công Thương chịu trách nhiệm về nội dung báo cáo, số liệu và hoàn thiện hồ sơ ...": what it
            # answers for is no deliverable, what it must do after "và" is
            resp = _units(acc.group("u"), s0, recipients, ctx.aliases)
            task = acc.group("task") if resp else None
    if resp is None:
        fw = _FORWARD.search(sent) if "chuyển" in sent else None
        if fw:  # "Văn phòng Chính phủ chuyển văn bản nêu trên đến các Bộ: Tài chính, Xây dựng để xem xét, giải quyết ..."
            resp = _units(_distribute_head(fw.group("u")), s0, recipients, ctx.aliases)
            task = fw.group("task") if resp else None
    if resp is None:
        duties = _duties_of(sent)
        if duties:  # "Điều 2. Chức năng, nhiệm vụ của Tổ Công tác X Nghiên cứu, đề xuất ..." (heading run into its text)
            resp = _units(duties[0], s0, recipients, ctx.aliases)
            task = duties[1] if resp else None
    if resp is None and not told and not frames.narrated(sent):
        own = _OWNED_DUTY.match(sent) if "của" in sent else None
        if own and _vocab()["action_start"].match(own.group("task")):
            # "Đại hội của tất cả các Hội công chứng viên cần tổ chức xong trước ngày ...": the owner's duty
            resp = _units(own.group("u"), s0, recipients, ctx.aliases)
            task = own.group("task") if resp else None
    if resp is None and not ctx.narrative and not told and not frames.narrated(sent):
        ga = _assigned(sent, ctx.issuer)
        if ga:  # "Sở Nội vụ được giao chủ trì, phối hợp với ... tham mưu ...": assigned here, the unit's duty
            resp = _units(ga.group("u"), s0, recipients, ctx.aliases)
            task = ga.group("task") if resp else None
            co = re.match(r"^chủ\s+trì\s*,?\s+phối\s+hợp\s+(?:với\s+)?(?P<co>.+?)\s+(?=(?:" + _COOP_END + r")(?![\p{L}]))",
                          task or "")
            if co:
                coop = _units(re.sub(r"\s+có\s+liên\s+quan$|\s+liên\s+quan$", "", co.group("co")), s0, [])
    if resp is None and not told and not frames.narrated(sent):
        ho = _handover(sent, ctx.issuer)
        if ho:  # "Trên đây là ý kiến của Sở Tư pháp, gửi Sở Nội vụ tổng hợp", "Kính chuyển X nghiên cứu"
            resp = _units(ho[0], s0, recipients, ctx.aliases)
            task = ho[1] if resp else None
    if resp is None and not ctx.narrative and not told and not frames.narrated(sent):
        spread = _distribute_head(sent)  # "Các Sở: Tư pháp, Nội vụ rà soát ...", "Hội X của 02 tỉnh (A, B) ..."
        st = _subject_and_task(spread, verbless=cued) or (_verbless_subject(spread) if cued else None)
        if st is None and not _leave_to_act(sent):
            st = _subject_in_clause(sent)
        if st and _vocab()["cue_only"].match(st[1]):
            st = None  # "Ban Chấp hành Hội quy định cụ thể ...": a rule told, unless a cue asks it
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
    if v["bare_task"].match(task.strip()) or v["exhortation"].search(task[:40]) and not _deliverable(task) \
            or task[:1] in "pP" and _cooperation_only(task):
        return None  # ("nghiêm túc rút kinh nghiệm và báo cáo giải trình trước ngày ...": an exhortation with a report due)
    if _COPULA.match(task):
        duty = _ROLE_THEN_DUTY.search(task)
        if duty is None or not v["action_start"].match(duty.group("task")):
            return None  # "giao Cục X là cơ quan thường trực ...", "Hiệp hội ... là tổ chức ...": a role, not a task
        task = duty.group("task")  # "giao Sở Nội vụ là cơ quan thường trực, có trách nhiệm theo dõi ...": the duty after it
    action = _action(task)
    desc = " ".join(sent.split())
    announces = task.rstrip().endswith(":") and bool(_LIST_ONLY.match(task.strip()))
    value = {"responsible": resp, "cooperating": coop or [], "action": action, "description": desc,
             "deadline": None, "data_window": None, "period": None, "recurrence": None, "submit_to": None,
             "confidence": conf, "_spans": [(s0, s0 + len(sent))], "_inherited": inherited, "_reporting": action in v["reporting"]
             or bool(re.search(r"báo\s+cáo|gửi|cung\s+cấp|thống\s+kê|tổng\s+hợp", task[:120], re.I))}
    if announces:
        value["_announces"] = True
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
# the duty a role's sentence goes on to give: "là cơ quan thường trực, có trách nhiệm / chịu trách nhiệm theo dõi ..."
_ROLE_THEN_DUTY = re.compile(r"^\s*là\s[^,;.]{3,120},\s*(?:có|chịu)\s+trách\s+nhiệm\s+(?P<task>\S.*)$")
# a label that opens a rule text's requirement ("- Yêu cầu: ...", "Yêu cầu:"), no addressee after it
_REQUIREMENT_LABEL = re.compile(r"(?:^|[-–+•.]\s*)[Yy]êu\s+cầu\s*$")
# a proposal's closing line that names only whom it is put to: "(Sở Nội vụ) kính trình Ủy ban nhân dân tỉnh./."
# (a document named after the addressee: "kính trình Chủ tịch UBND tỉnh văn bản thông báo ...", handed, not put to decide)
_DOCUMENT_IN = re.compile(r"\s(?:văn\s+bản|dự\s+thảo|hồ\s+sơ|nội\s+dung|báo\s+cáo|kế\s+hoạch|đề\s+án|danh\s+sách|quyết\s+định|"
                          r"công\s+văn|tờ\s+trình)(?![\p{L}])", re.I)
_BARE_SUBMIT = re.compile(r"^(?:[^,;:]{2,80}?\s+)?[Kk]ính\s+trình\s+(?P<u>[^,;:.()]{3,120}?)\s*(?:\./\.|\.)?$")
# "Về việc này,", "Về vấn đề trên,": a connector before the sentence, not a topic preamble
_CONNECTOR = re.compile(r"^Về\s+(?:việc|vấn\s+đề|nội\s+dung)\s+(?:này|nêu\s+trên|trên)\s*,\s*(?=\S)")
# the speaker of an opinion or conclusion the letter relays, before its colon
# "Ủy ban nhân dân xã thông báo: ...": the sender announcing what follows (not "Đề nghị X thông báo: ...")
_TELLS = re.compile(r"\s(?:xin\s+)?thông\s+báo(?:\s+(?:như\s+sau|cụ\s+thể|khẩn))?$")
_ANNOUNCER = re.compile(r"\s(?:(?:có|cho)\s+ý\s+kiến(?:\s+chỉ\s+đạo)?|kết\s+luận|chỉ\s+đạo)(?:\s+(?:như\s+sau|cụ\s+thể))?$")
# "Xét đề nghị của Bộ X, Phó Thủ tướng có ý kiến như sau: Bộ Y ...": after the preamble, a speaker and what is said
_SPEAKER_COLON = re.compile(r"^[^:]{3,200}?\s(?:(?:có|cho)\s+ý\s+kiến(?:\s+chỉ\s+đạo)?|kết\s+luận|chỉ\s+đạo)"
                            r"(?:\s+(?:như\s+sau|cụ\s+thể))?\s*:\s*\S")
# a letter passed on to units for them to act on: "chuyển (văn bản, hồ sơ, đơn ...) ... đến X để xem xét ..."
_FORWARD = re.compile(r"(?:^|\s)(?:xin\s+)?chuyển\s+(?:\S+\s+){0,30}?(?:đến|tới)\s+(?P<u>[^;.]{3,200}?)\s+để\s+"
                      r"(?P<task>(?:xem\s+xét|nghiên\s+cứu|giải\s+quyết|xử\s+lý|chỉ\s+đạo|trả\s+lời|kiểm\s+tra|tham\s+mưu|"
                      r"cho\s+ý\s+kiến|có\s+ý\s+kiến|thực\s+hiện)\b.*)$")


# "Sở Nội vụ có trách nhiệm:", "Các xã có nhiệm vụ sau:": the unit the list below is for, named first
_SUBJECT_ANNOUNCES = re.compile(r"^(?P<u>\S.{1,200}?)\s*,?\s+(?:(?:có|chịu)\s+trách\s+nhiệm|có\s+nhiệm\s+vụ)"
                                r"(?:\s+(?:thực\s+hiện|triển\s+khai))?(?:\s+(?:các|những|một\s+số))?"
                                r"(?:\s+(?:nhiệm\s+vụ|nội\s+dung|công\s+việc))?(?:\s+(?:cụ\s+thể\s+)?(?:như\s+sau|sau\s+đây|sau))?"
                                r"\s*:$")


def _opens_with_cue(sent: str) -> bool:
    """``Đề nghị Đài truyền thanh xã ... thông báo ... để nhân dân biết``: the ask comes first, so what
    follows ``để ... biết`` is its purpose, not the sender's closing formula."""
    return any(a.start("kw") <= 1 for a in _live_cues(sent))


_DO_AS_FOLLOWS = re.compile(r"\s+(?:(?:khẩn\s+trương|nghiêm\s+túc|tổ\s+chức)\s+)?(?:triển\s+khai\s+)?thực\s+hiện"
                            r"(?:\s+(?:tốt\s+)?(?:một\s+số|các)\s+(?:nội\s+dung|nhiệm\s+vụ|công\s+việc))?(?:\s+cụ\s+thể)?\s*$")
# what a lead verb "thực hiện" / "triển khai" may take before "như sau:" when its items are the duties
_LEAD_ONLY = re.compile(r"^\s*(?:thực\s+hiện\s+)?(?:(?:chế\s+độ\s+(?:báo\s+cáo|thông\s+tin(?:,\s*báo\s+cáo)?)|"
                        r"(?:một\s+số|các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|việc|công\s+việc)(?:\s+cụ\s+thể)?)\s*)?"
                        r"(?:cụ\s+thể\s+)?(?:như\s+sau|sau\s+đây)?\s*:?$", re.I)


def _announced_units(sent: str, recipients: list[dict], ctx: _Ctx) -> list[dict] | None:
    """``Phó Thủ tướng yêu cầu Bộ Kế hoạch và Đầu tư như sau:`` -> Bộ Kế hoạch và Đầu tư;
    ``Sở Nội vụ có trách nhiệm:`` -> Sở Nội vụ."""
    subj = _SUBJECT_ANNOUNCES.match(sent) if "nhiệm" in sent else None
    if subj:
        units = _units(frames.strip_between(subj.group("u")), 0, recipients, ctx.aliases)
        if units:
            return units
    for a in _live_cues(sent):
        rest = re.sub(r"\s*(?:(?:như\s+sau|sau\s+đây)\s*)?:$", "", sent[a.end():])
        # "đề nghị các cơ quan, đơn vị thực hiện như sau:", "yêu cầu các đồng chí triển khai thực hiện như sau:": a
        # verb that names no task of its own; the items below are the duties of the units before it
        rest = _DO_AS_FOLLOWS.sub("", rest) if sent.endswith(":") else rest
        named = max((len(k) for k in ctx.aliases if " ".join(rest.lower().split()).startswith(k)), default=0)
        act = next((m for m in _actions(rest) if m.start() >= named), None)  # (not the "kiểm tra" of "ủy ban kiểm tra")
        if act is not None:
            lead = rest[:act.start()].strip(" ,")
            if re.fullmatch(r"(?:triển\s+khai\s+)?(?:thực\s+hiện|triển\s+khai)", act.group(0).lower()) and lead \
                    and _LEAD_ONLY.match(rest[act.end():]) \
                    and (units := _units(frames.strip_between(lead), 0, recipients, ctx.aliases)):
                return units  # "đề nghị X thực hiện (chế độ báo cáo) như sau:": X does the items below
            return None  # "đề nghị X báo cáo ... như sau:": the verb is there, the duty is in the list
        units = _units(frames.strip_between(rest.strip(" ,")), 0, recipients, ctx.aliases)
        if units:
            return units
    guided = _GUIDES_UNITS.search(sent) if "hướng" in sent or "chỉ" in sent else None
    if guided:  # "Sở Nội vụ hướng dẫn UBND các xã triển khai một số nội dung sau:": the items are the xã's
        return _units(guided.group("u"), 0, recipients, ctx.aliases)
    return None


# the sender guiding or directing units through the items below ("hướng dẫn X thực hiện các nội dung sau:")
_GUIDES_UNITS = re.compile(r"(?:^|\s)(?:hướng\s+dẫn|chỉ\s+đạo)\s+(?P<u>\S.{1,200}?)\s+(?:(?:triển\s+khai|tổ\s+chức\s+thực\s+hiện|"
                           r"thực\s+hiện|tập\s+trung\s+thực\s+hiện)\s+)?(?:(?:một\s+số|các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|"
                           r"công\s+việc)(?:\s+(?:cụ\s+thể|chủ\s+yếu|trọng\s+tâm))?\s+(?:như\s+)?sau(?:\s+đây)?|"
                           r"(?<=(?:triển\s+khai|thực\s+hiện)\s+)(?:cụ\s+thể\s+)?như\s+sau)\s*:$")


def _heading_obligation(text: str, a: int, b: int, units: list[dict]) -> Match:
    """``1. Văn phòng UBND huyện`` in a report outline: that unit reports the contents below."""
    heading = text[a:b].rstrip()
    value = {"responsible": [dict(u) for u in units], "cooperating": [], "action": "báo cáo",
             "description": " ".join(heading.split()), "deadline": None, "data_window": None, "period": None,
             "recurrence": None, "submit_to": None, "confidence": 0.6, "_spans": [(a, a + len(heading))],
             "_inherited": False, "_reporting": False, "_para": a}
    return Match("obligation", a, a + len(heading), heading, value)


@lru_cache(maxsize=None)
def _handover_patterns() -> tuple:
    d = data("frames")
    alt = lambda ws: "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(ws, key=len, reverse=True))
    verb = re.compile(rf"(?:^|(?<=[\s,;]))(?:(?i:{alt(d['handover_courtesy'])})\s+)?(?P<verb>(?i:{alt(d['handover_verbs'])}))"
                      rf"\s+(?!(?:{alt(d['handover_not_before'])})(?![\p{{L}}]))")
    lead = re.compile(rf"^(?i:{alt(d['handover_leads'])})(?![\p{{L}}])[^;]*$")
    connector = re.compile(rf"^(?i:{alt(d['handover_connectors'])})\s*,?\s+")
    return verb, lead, connector


# "chuyển đơn của ông A đến UBND huyện X ...": the object handed over, then the unit it goes to
_HANDED_OBJECT = re.compile(r"^(?:[^;.:]{0,200}?\s)?(?:đến|tới)\s+(?=\S)")
_TOLD_BEFORE = re.compile(r"(?:^|\s)(?:đã|đang|sẽ|vừa|được|không|chưa)\s+(?:(?:xin|kính)\s+)?$", re.I)


def _handover(sent: str, issuer: str | None) -> tuple[str, str] | None:
    """``(units, task)`` where the sentence hands the letter or a file to a unit for it to act on:
    ``Trên đây là ý kiến của Sở Tư pháp, gửi Sở Nội vụ tổng hợp``, ``Kính chuyển Sở Nội vụ nghiên cứu``,
    ``UBND tỉnh chuyển đơn ... đến UBND huyện X xem xét, giải quyết``. Not ``gửi về X`` (the deliverable's
    way), ``gửi X biết`` (a copy), ``gửi ý kiến để X tổng hợp`` (a purpose); the one who hands over is the
    sender or unnamed (``A gửi B tổng hợp`` with A not the sender is A's duty, read as a subject)."""
    if not any(w in _low(sent) for w in ("gửi", "chuyển")):
        return None
    verb, lead, connector = _handover_patterns()
    for m in verb.finditer(sent):
        if _TOLD_BEFORE.search(sent, 0, m.start("verb")):
            continue  # "Sở Nội vụ đã gửi Bộ Nội vụ xem xét": told
        before = connector.sub("", sent[: m.start()].rstrip(" ,"))
        if before and not (lead.match(before) and sent[: m.start()].rstrip().endswith(",")):
            head = frames.strip_between(before)
            if not (issuer and (_units(head, 0, []) and _is_sender(head, issuer) or _sender_acts(head, issuer))):
                continue  # "UBND các xã gửi Sở Nội vụ ...": the subject's own duty, not a hand-over
        rest = sent[m.end():]
        if m.group("verb").lower() == "chuyển":
            obj = _HANDED_OBJECT.match(rest)
            rest = rest[obj.end():] if obj else rest
            # "chuyển ... đến X để xem xét, giải quyết": forwarded for X to handle ("gửi X để tổng hợp": a purpose)
            rest = re.sub(r"^(?P<u>[^,;]{3,200}?)\s+để\s+(?=\S)", r"\g<u> ", rest, count=1)
        else:
            rest = re.sub(r"^(?:đến|tới)\s+", "", rest)
        st = _subject_and_task(rest)
        if st and _vocab()["action_start"].match(st[1]) and not re.match(r"(?:được\s+)?biết\b", st[1]):
            return st
    return None


# "Sở Nội vụ được giao chủ trì ...", "Sở Tư pháp được phân công thẩm định ...", "X được Ủy ban nhân dân tỉnh giao ...":
# a passive assignment; not told ("đã được giao"), not a promise ("sẽ được giao"), not an assignment the sentence cites
_ASSIGNED = re.compile(r"^(?P<u>\p{Lu}[^;:()]{2,150}?)\s+được\s+(?:(?P<by>\p{Lu}[^,;:()]{1,80}?)\s+)?"
                       r"(?:giao|phân\s+công)(?:\s+(?:nhiệm\s+vụ|làm\s+đầu\s+mối))?\s*,?\s+(?P<task>\S.*)$")
_ASSIGNED_TOLD = re.compile(r"\s(?:đã|đang|vừa|từng|sẽ|không|chưa|cũng|đều)$|(?:^|\s)(?:tại|theo)\s+(?:Quyết\s+định|Công\s+văn|"
                            r"Kế\s+hoạch|Văn\s+bản|Thông\s+báo|Nghị\s+quyết|Chỉ\s+thị|Thông\s+tư|Nghị\s+định)(?![\p{L}])")


def _assigned(sent: str, issuer: str | None):
    """The match of a unit given a task in this letter, in the passive (``Sở Nội vụ được giao chủ trì, phối hợp ...
    tham mưu ...``), the task opening with a verb; not the sender telling its own charge (``Sở Nội vụ được UBND tỉnh
    giao chủ trì ...`` in Sở Nội vụ's letter: why it writes), not ``đã được giao`` (told), not one with its source."""
    if "được" not in sent:
        return None
    m = _ASSIGNED.match(sent)
    if not m or _ASSIGNED_TOLD.search(m.group("u")) or _ASSIGNED_TOLD.search(sent) \
            or not _vocab()["action_start"].match(m.group("task")) or re.match(r"là\s", m.group("task")):
        return None
    if not _units(m.group("u"), 0, []) or _subject_and_task(m.group("u")) or issuer and _is_sender(m.group("u"), issuer):
        return None  # (not "UBND các xã rà soát ... những nhiệm vụ được UBND tỉnh giao, báo cáo ...": a verb before)
    return m


def _sender_acts(head: str, issuer: str) -> bool:
    """``head`` is the sender, then what it does (no ask in it): ``Sở Nông nghiệp và Môi trường có ý kiến trao
    đổi`` (before ``gửi Sở Nội vụ tổng hợp``): the letter itself handed over, the unit's name cut at the first verb."""
    for gap in re.finditer(r"\s+(?=\p{Ll})", head):
        rest = head[gap.end():]
        if _vocab()["action_start"].match(rest):
            who = head[:gap.start()]
            return bool(_units(who, 0, [])) and _is_sender(who, issuer) and not _live_cues(rest)
    return False


def _is_sender(head: str, issuer: str) -> bool:
    """The units of ``head`` are the sender (``Sở Tư pháp`` of a letter from Sở Tư pháp tỉnh Lâm Đồng)."""
    own = _fold(unit_key(issuer))
    return all(own.startswith(_fold(_untitled(unit_key(u["name"])))) for u in _units(head, 0, []) or [])


# "Đại hội của tất cả các Hội công chứng viên cần tổ chức xong ...", "Báo cáo của các đơn vị phải gửi về ...": what
# a unit owns, then a modal and the verb: the unit's duty
_OWNED_DUTY = re.compile(r"^(?P<obj>\p{Lu}[^,;:()]{1,60}?)\s+của\s+(?:tất\s+cả\s+)?(?P<u>(?:các\s+)?\p{Lu}[^,;:()]{2,120}?)"
                         r"\s+(?:cần|phải)\s+(?P<task>\S.*)$")
# "Điều 2. Chức năng, nhiệm vụ của Tổ Công tác X", "Nhiệm vụ, quyền hạn của Ban Y": the unit whose tasks follow
_DUTIES_OF = re.compile(r"^(?:Điều\s+\d+\.?\s*)?(?:[Cc]hức\s+năng\s*,\s*)?(?:[Nn]hiệm\s+vụ|[Tt]rách\s+nhiệm)"
                        r"(?:(?:\s*,\s*|\s+và\s+)quyền\s+hạn)?\s+(?:của|cho)\s+(?=\S)")


def _duties_of(sent: str) -> tuple[str, str] | None:
    """``(unit, task)`` of a heading that names whose duties follow, run into the first of them: ``Điều 2. Chức năng,
    nhiệm vụ của Tổ Công tác cải cách hành chính Nghiên cứu, đề xuất ...`` (the task opens with a capitalised verb)."""
    m = _DUTIES_OF.match(sent) if "hiệm" in sent else None  # ("nhiệm vụ", "trách nhiệm")
    if not m:
        return None
    for a in _vocab()["action"].finditer(sent, m.end()):
        if a.group(0)[:1].isupper() and sent[a.start() - 1].isspace() and not _IN_NAME.search(sent, 0, a.start()):
            head = sent[m.end():a.start()].rstrip(" :,")
            return (head, sent[a.start():]) if _units(head, 0, []) else None
    return None


_REPORT_DUE = re.compile(r"(?:báo\s+cáo|gửi|nộp|cung\s+cấp)(?![\p{L}])[^.;]*?(?:trước|chậm\s+nhất)(?:\s+\d{1,2}\s+giờ[^.;]{0,20}?)?\s+ngày\s+\d", re.I)


def _deliverable(task: str) -> bool:
    """``task`` names a report or paper due by a day (``... và báo cáo giải trình trước ngày 15/12/2025``)."""
    return bool(_REPORT_DUE.search(task))
