"""Two deliverables in one sentence, each with its own day: ``X báo cáo sơ kết trước ngày 15/6/2025 và báo cáo tổng
kết trước ngày 15/12/2025``, ``Giao X xây dựng kế hoạch trước ngày 30/4; báo cáo kết quả trước ngày 30/11``. The
GUIDELINE puts one obligation per responsible party and deliverable, so the walk (``obligations``) splits such a
sentence into one obligation a deliverable, each with its day (a deliverable named by a reporting period is
``obligations_resolve._per_named_period``'s). Also the shapes that name no deliverable of their own: a bare lead
that announces the items below, a task that is only to cooperate."""
from __future__ import annotations

from functools import lru_cache

from . import fastre as re

from .base import Match, data
from .deadlines import find_deadlines
from .obligations_resolve import _attach_deadline, _copy, _dated
from .obligations_units import _units
from .obligations_vocab import _action, _actions, _vocab

# what joins a deliverable's day to the next deliverable: "và", a comma or a semicolon, "đồng thời"
_JOIN = re.compile(r"\s*(?:[,;]\s*)?(?:(?:và|đồng\s+thời)\s*,?\s+)?(?=\S)", re.I)


def per_deliverable(ob: Match, sent: str, s0: int, dls: list[Match]) -> list[Match]:
    """The obligations past the first when ``sent`` (at ``s0``) asks for two or more deliverables, each followed by its
    own dated day and the next opening with a verb of the list right after the day (``... trước ngày A và báo cáo ...
    trước ngày B``); ``ob`` keeps the first day and deliverable. ``dls``: the sentence's deadlines, offsets into
    ``sent``. Nothing when any day is not followed so (``trước ngày 15/6 và 15/12``: one deliverable, its days)."""
    dated = sorted((d for d in dls if _dated(d)), key=lambda d: d.start)
    if len(dated) < 2 or ob.value["deadline"] is None or ob.value["deadline"]["raw"] != dated[0].value["raw"]:
        return []
    v = _vocab()
    tasks = []
    for d, nxt in zip(dated, dated[1:]):
        join = _JOIN.match(sent, d.end)
        rest = sent[join.end():nxt.start] if join else ""
        verb = v["action_start"].match(rest)
        if not verb or verb.group("verb")[:1].isupper() and not sent[d.end:join.end()].strip(" ,"):
            return []  # (a day, then a new sentence's subject: no second deliverable of this duty)
        tasks.append(rest)
    out = []
    for d, task in zip(dated[1:], tasks):
        c = _copy(ob)
        c.value["deadline"] = None
        c.value["_spans"] = [sp for sp in c.value["_spans"][:1]]
        _attach_deadline(c, d, s0)
        c.value["action"] = _action(task)
        c.value["_reporting"] = c.value["action"] in v["reporting"] or bool(re.search(r"báo\s+cáo|gửi|nộp", task[:120], re.I))
        out.append(c)
    return out


_UNIT_ITEM = re.compile(r"(?P<u>[^:]{3,160}?)\s*:\s*(?P<task>\S.*)")


def unit_item(lead: Match, core: str, at: int, units_of) -> Match | None:
    """An item ``Sở Tài chính: Số liệu chi ngân sách ... giai đoạn 2021-2024`` (at ``at``) of the contents list that
    ``lead`` (``đề nghị Quý cơ quan cung cấp các thông tin sau:``) asks of several units: the part that one of them
    must deliver, so that unit's obligation, with the lead's action and deadline; the unit leaves ``lead`` (which is
    dropped by the walk once none is left). ``units_of(text)``: the units a phrase names. None where the item names
    no unit of ``lead`` (an item of contents that every unit reports)."""
    m = _UNIT_ITEM.match(core)
    if m is None or len(lead.value["responsible"]) + lead.value.get("_items", 0) < 2:
        return None  # (the contents of one unit's report)
    units = units_of(m.group("u"))
    keys = {u["name"] for u in lead.value["responsible"]}
    if not units or any(u["name"] not in keys for u in units):
        return None
    ob = _copy(lead)
    v = ob.value
    v["responsible"] = [dict(u) for u in units]
    v["description"] = " ".join(core.split())
    v["_spans"] = [(at, at + len(core))]
    v["data_window"] = None
    for k in ("_open_window", "_named_window", "_own_window", "_para"):
        v.pop(k, None)
    taken = {u["name"] for u in units}
    lead.value["responsible"] = [u for u in lead.value["responsible"] if u["name"] not in taken]
    lead.value["_items"] = lead.value.get("_items", 0) + 1
    return Match("obligation", at, at + len(core), core, v)


# "thực hiện các nội dung sau:", "triển khai một số nhiệm vụ sau đây:", "thực hiện:": a bare verb that announces the
# items below, which state the duties
LIST_ONLY = re.compile(r"^(?:(?:tập\s+trung|khẩn\s+trương)\s+)?(?:thực\s+hiện|triển\s+khai|tổ\s+chức\s+thực\s+hiện|quan\s+tâm\s+thực\s+hiện)"
                        r"(?:\s+tốt)?(?:\s+(?:một\s+số|các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|yêu\s+cầu)"
                        r"(?:\s+(?:cụ\s+thể|chủ\s+yếu|trọng\s+tâm))?)?(?:\s+(?:như\s+)?sau(?:\s+đây)?)?\s*:$", re.I)


@lru_cache(maxsize=None)
def _cooperation_pattern() -> re.Pattern:
    d = data("obligations")
    alt = lambda ws: "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(ws, key=len, reverse=True))
    return re.compile(rf"^phối\s+hợp(?:\s*,?\s*(?:{alt(d['cooperation_adverbs'])}))*(?:\s*,?\s+(?:với|cùng)\s+(?P<with>.+?))?"
                      rf"(?:\s*,?\s+(?:{alt(d['cooperation_tails'])})(?![\p{{L}}])[^;,]*)?\s*(?:\./\.|[.;])?$", re.I)


def cooperation_only(task: str) -> bool:
    """``task`` only asks to cooperate: ``phối hợp chặt chẽ với Bộ Công Thương trong quá trình triển khai``,
    ``phối hợp chặt chẽ``; with no day in it (data/obligations.json 'cooperation_adverbs', 'cooperation_tails'). Not
    ``phối hợp với Đài truyền thanh xã xây dựng nội dung ...`` (a deliverable after the partner)."""
    m = _cooperation_pattern().match(task.strip())
    partner = m.group("with") if m else None
    if m is None or partner and (not _units(partner, 0, []) or any(a.group(0)[:1].islower() for a in _actions(partner))):
        return False  # (a verb after the partner, "phối hợp với Sở Y tế tổ chức tập huấn": the deliverable)
    return not any(True for _ in find_deadlines(task))
