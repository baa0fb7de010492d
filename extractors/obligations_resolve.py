"""Deadlines, submit-to units and data windows attached to obligations, and their resolution.

A deadline in the duty's own sentence wins; ``_resolve`` then gives the letter-level deadline and
window to the reporting duties, one obligation per period where the deadline is a rule, and fills
the years left out.
"""
from __future__ import annotations

from functools import lru_cache

from . import fastre as re

from .base import data, Match, plain_copy
from .dates import partial_date
from .deadlines import find_deadlines
from .periods import find_periods
from .period_windows import relative_window
from .schedules import _fits, _period_in
from .obligations_vocab import _LEAD_CLAUSE, _live_cues, _maybe
from .units import canonical_unit
from .windows import RANGE as WINDOW_RANGE, range_value, resolve


_SUBMIT = re.compile(r"(?:gửi\s+(?:văn\s+bản\s+|báo\s+cáo\s+|hồ\s+sơ\s+)?(?:về|đến|cho)|báo\s+cáo\s+về|về)\s+"
                     r"(?P<to>(?:UBND|Ủy\s+ban|Sở|Phòng|Văn\s+phòng|Bộ|Ban|Thường\s+trực|HĐND)[^.;:]*?"
                     r"(?:\((?:qua|thông\s+qua)\s+[^)]*\))?)(?=\s+(?:trước|chậm|để|theo|trong|qua|đồng|hoặc|"
                     r"trên|bằng|kèm|nhằm|cùng|đúng)\b|[.;,]|$)", re.I)
_CHANNEL = re.compile(r"(?:qua\s+)?(?:hệ\s+thống\s+[\p{L}\-]+(?:\s+[\p{L}\-]+)?|phần\s+mềm\s+[\p{L}\-]+|"
                      r"địa\s+chỉ\s+(?:thư\s+)?điện\s+tử\s+\S+@\S+|\S+@\S+\.\w+|I-Office)", re.I)


_CHANNEL_WORDS = ("hệ thống", "phần mềm", "địa chỉ", "@", "office")


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


def _lead_span(sent: str) -> tuple[int, int] | None:
    """Where the purpose or preamble clause that opens ``sent`` stands, from its opener (at the start, or after a label's
    colon: ``2. Về kinh phí: Để bảo đảm ..., đề nghị ...``) to the first live cue; None where there is none."""
    at = 0
    if not (sent[:1] in "TCĐNX" and _LEAD_CLAUSE.match(sent)):  # (cheap tests first: most sentences open otherwise)
        colon = sent.find(": ")
        if colon < 0 or sent[colon + 2:colon + 3] not in "TCĐNX" or not _LEAD_CLAUSE.match(sent[colon + 2:]):
            return None
        at = colon + 2
    if not (cues := _live_cues(sent)):
        return None
    end = next((c.start() for c in cues if c.start() > at), None)
    return (at, end) if end is not None else None


def _in_lead(sent: str, pos: int) -> bool:
    """``pos`` (a deadline's start) lies inside the words of the clause that opens ``sent`` (``Nhằm kịp thời tổng hợp,
    báo cáo Bộ Nội vụ trước ngày 30/12/2025, UBND tỉnh đề nghị X ...``): what is due there is the sender's own; not a
    deadline that opens a clause of its own before the cue (``Để bảo đảm tiến độ, trước ngày 15/12/2025, đề nghị X``)."""
    span = _lead_span(sent)
    if span is None or not span[0] <= pos < span[1]:
        return False
    cut = max(sent.rfind(",", span[0], pos), sent.rfind(";", span[0], pos), span[0] - 1)
    return bool(sent[cut + 1:pos].strip())


def _past_lead(sent: str, dls: list[Match]) -> list[Match]:
    """The deadlines of a duty's sentence ``sent`` (offsets into it) less those inside its opening clause (_in_lead)."""
    return [d for d in dls if not _in_lead(sent, d.start)] if dls else dls


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
        m = _SUBMIT.search(sent) if _maybe(sent, ("về", "đến", "cho")) else None  # (each form holds one)
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


# the meeting's own time in a letter that calls one ("I. Thời gian: 08 giờ, ngày 09 tháng 10 năm 2025", "Thời gian
# tổ chức: ngày 09/10/2025"): a point in time, not a deadline label ("Thời gian: trước ngày ...", "Trong tháng 11")
_MEETING_TIME = re.compile(r"(?m)^[ \t]*(?:[IVX]+\.|\d+\.)?[ \t]*Thời\s+gian(?:\s+(?:tổ\s+chức|họp|khai\s+mạc))?\s*:\s*"
                           r"(?:(?:từ\s+|vào\s+|lúc\s+)?\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s*(?:\([^()\n]{0,20}\)\s*)?)?"
                           r"(?:(?:thứ\s+\S+|\S+day)\s*,?\s*)?ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|\s*[/.-]\s*)(?P<m>\d{1,2})"
                           r"(?:\s+năm\s+|\s*[/.-]\s*)(?P<y>\d{4})")
_GATHERING_RAW = re.compile(r"^(?:chậm\s+nhất\s+(?:là\s+)?)?trước\s+(?!khi\b)", re.I)


def _gathering_days(found: list[Match], text: str) -> None:
    """A deadline before the meeting the letter calls (``trước Hội nghị``, rule EVENT) takes the meeting's day where
    the letter gives exactly one (gold public/012); else it stays undated, for the reviewer (``deadline_unresolved``)."""
    events = [ob for ob in found if ob.value["deadline"] and ob.value["deadline"].get("rule") == "EVENT"
              and _GATHERING_RAW.match(ob.value["deadline"]["raw"])]
    if not events:
        return
    days = {(int(m.group("y")), int(m.group("m")), int(m.group("d"))) for m in _MEETING_TIME.finditer(text)}
    if len(days) != 1:
        return
    (y, mo, d), = days
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return
    for ob in events:
        ob.value["deadline"] = dict(ob.value["deadline"], date=partial_date(y, mo, d), rule=None)
        ob.value.pop("_weak_deadline", None)


# a schedule every quarter, in the duty's own sentence
_SINCE_QUARTER = re.compile(r"(?<![\p{L}])(?:[Kk]ể\s+)?[Tt]ừ\s+quý\s+(?P<q>IV|III|II|I|[1-4])(?![\p{L}\d])(?:\s*(?:/|năm)\s*\d{4})?")
_EVERY_QUARTER = re.compile(r"(?:h[ằà]ng|mỗi|từng)\s+quý|định\s+kỳ\s+(?:theo\s+)?quý", re.I)


def _resolve(found: list[Match], doc_deadlines: list[Match], windows: list[Match], year: int | None,
             text: str, recipients: list[dict] | None = None) -> None:
    _gathering_days(found, text)
    win_by_period = {w.value["period"]: w for w in windows if w.value["period"]}
    owned = _own_windows(found, windows)
    doc_window = next((w for w in windows if not w.value["period"] and id(w) not in owned), None)
    if doc_window is not None and doc_window.value.get("report") and any(
            "_own_window" in ob.value and any(a <= doc_window.start < b for a, b in ob.value["_spans"]) for ob in found):
        doc_window = None  # "báo cáo sơ kết 6 tháng ..., số liệu tính từ ngày A đến ngày B": that duty's period, told by its days
    owner = _item_owning(found, doc_window)
    if owner is not None:
        # "3. Thực hiện đối chiếu ... (số liệu tính từ ngày A đến hết ngày B), gửi ...": a window inside one list
        # item is that item's, not the whole letter's (the items before and after it name their own figures)
        # (a report named by its period yields to the dated window of the item's own sentence)
        if owner.value["data_window"] is None and owner.value.get("_open_window") is None \
                and not (doc_window.value.get("report") and "_own_window" in owner.value):
            owner.value["data_window"] = resolve(doc_window.value, owner.value.get("_period_year") or year)
            owner.value["_spans"].append((doc_window.start, doc_window.end))
        doc_window = None
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
                d, fill = v["deadline"]["date"], py
                if py and d and d.get("year") is None and _next_year_after(v["description"], v["deadline"]["raw"]):
                    fill = py + 1  # "báo cáo năm trước ngày 15/01 năm sau": the year after the period's
                v["deadline"]["date"] = _fill_year(d, fill)
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
        if v["deadline"] and (v["deadline"].get("rule") or "").startswith("PERIOD_LAST_MONTH") \
                and _EVERY_QUARTER.search(v["description"]):
            # "báo cáo định kỳ hằng quý, gửi về Sở X trước ngày 15 của tháng cuối quý": one obligation a quarter,
            # the rule materialised for the document year (GUIDELINE: a recurring schedule)
            rule = Match("deadline", ob.start, ob.end, v["deadline"]["raw"], dict(v["deadline"]))
            since = _SINCE_QUARTER.search(v["description"])  # "Từ quý III/2024, định kỳ hằng quý ...": from then on
            first_q = data("deadlines")["quarters"][since.group("q").upper()] if since else 1
            for k, per in enumerate(f"Q{q}" for q in range(first_q, 5)):
                target = ob if k == 0 else _copy(ob)
                _materialise(target, rule, per, win_by_period.get(per), year)
                if k:
                    extra.append(target)
            continue
        if v["deadline"]:
            v["deadline"]["date"] = _fill_year(v["deadline"]["date"], year)
        own = v.pop("_own_window", None)
        if v["data_window"] is None and own is not None:
            v["data_window"] = resolve(own.value, year)
            v["_spans"].append((own.start, own.end))
        if v["data_window"] is None and v.get("_open_window") is not None:
            w = v["_open_window"]
            v["data_window"] = resolve(w.value, year)
            v["_spans"].append((w.start, w.end))
        named = v.get("_named_window")
        if v["data_window"] is None and named is not None and (doc_window is None or doc_window.value.get("report")):
            # the period the duty's own sentence names its figures by: after a cut-off the letter states,
            # before a report another sentence names by its period; not a period that begins after the duty is due
            # ("đăng ký lịch công tác quý III/2024, gửi ... trước ngày 25/6/2024": the coming period's plan)
            w = resolve(named.value, year)
            due, first = ((v["deadline"] or {}).get("date") or {}).get("iso"), (w["start"] or {}).get("iso")
            if not (due and first and first > due):
                v["data_window"] = w
                v["_spans"].append((named.start, named.end))
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


def _dated_range(window: dict) -> bool:
    """A window from one day to another (``số liệu tính từ ngày 15/12/2023 đến ngày 14/6/2024``), not a period's months:
    in a duty's sentence it is that duty's even where the line names the period too (``báo cáo sơ kết 6 tháng ...``)."""
    return all((window.get(k) or {}).get("day") and (window.get(k) or {}).get("month") for k in ("start", "end"))


def _own_windows(found: list[Match], windows: list[Match]) -> set[int]:
    """The windows stated inside one duty's own sentence (``Các huyện ủy ... tổ chức tổng kết ..., số liệu tính từ
    ngày A đến ngày B; gửi báo cáo ... trước ngày C``): that duty's (``_own_window``), not the letter's window for
    every report. Returns their ids."""
    owned: set[int] = set()
    for w in windows:
        if w.value.get("report") or w.value["period"] and not _dated_range(w.value):
            continue  # (a report named by its period, "báo cáo ... quý III/2025", yields to the letter's cut-off)
        owners = [ob for ob in found if not ob.value["period"] and any(a <= w.start < b for a, b in ob.value["_spans"])
                  and not _in_lead(ob.text, w.start - ob.start)]  # (not "Để phục vụ báo cáo ... 6 tháng đầu năm, ...")
        if len(owners) == 1 and owners[0].value["data_window"] is None and owners[0].value.get("_open_window") is None \
                and "_own_window" not in owners[0].value:
            owners[0].value["_own_window"] = w
            owned.add(id(w))
    return owned


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


def _item_owning(found: list[Match], window: Match | None) -> Match | None:
    """The list item (a numbered or dashed obligation, its own period unset) whose sentence holds ``window``,
    when the letter has other obligations besides it."""
    if window is None or len(found) < 2:
        return None
    return next((ob for ob in found if ob.value.get("_bullet") and not ob.value["period"]
                 and ob.start <= window.start < ob.end), None)


def _window_for(ob: Match, windows: list[Match], period: str) -> Match | None:
    same = [w for w in windows if w.value["period"] == period]
    if same:
        return same[0]
    # the window stated in the obligation's own paragraph or the next lines of its block (not one that names another
    # period's months: "báo cáo ... 6 tháng đầu năm 2024 trước ngày 15/6/2024; báo cáo năm 2024 trước ngày 15/12/2024")
    after = [w for w in windows if w.start >= ob.start and w.value["period"] is None and w.start - ob.end < 400
             and _fits(w.value, period)]
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


def _next_year_after(description: str, raw: str) -> bool:
    """``trước ngày 15/01 năm sau``, ``... 31/3 của năm tiếp theo``: the day the text dates in the year after."""
    k = description.find(raw) if raw else -1
    return k >= 0 and bool(_NEXT_YEAR.match(description, k + len(raw)))


_NEXT_YEAR = re.compile(r"\G\s*(?:của\s+)?năm\s+(?:sau|tiếp\s+theo|kế\s+tiếp)(?![\p{L}])")


def _per_named_period(ob: Match, sent: str, s0: int, dls: list[Match]) -> list[Match]:
    """Reports of two or more periods asked in one sentence, each named just before its own day (``báo cáo 6
    tháng trước ngày 15/6, báo cáo năm trước ngày 15/12``): one obligation a period, ``ob`` the first; the year is
    filled later (``_resolve``). ``dls``: the sentence's deadlines, offsets into ``sent``. Returns the others."""
    dated = sorted((d for d in dls if _dated(d)), key=lambda d: d.start)
    if len(dated) < 2 or "báo cáo" not in sent.lower():
        return []
    periods = list(find_periods(sent))
    pairs, after = [], 0
    for d in dated:
        named = [p for p in periods if after <= p.start < d.start] or _period_in(sent, after, d.start)
        if not named:
            return []
        pairs.append((named[-1], d))
        after = d.end
    if len({p.value["code"] for p, _ in pairs}) != len(pairs):
        return []
    out = []
    for k, (p, d) in enumerate(pairs):
        target = ob if k == 0 else _copy(ob)
        target.value["deadline"] = None
        _attach_deadline(target, d, s0)
        target.value["period"] = p.value["code"]
        target.value["_period_year"] = p.value.get("year")
        if k:
            out.append(target)
    return out


# "Định kỳ 6 tháng và hằng năm, ... báo cáo ... trước ngày 15/6 và 15/12": the periods listed after "định kỳ",
# their days listed after them in the same order
# ("Định kỳ 6 tháng, ... trước ngày 15/6 và 15/12 hằng năm": a half-year cadence whose two days are the half-year
# report's and the year report's, as the listed form)
_LISTED_PERIODS = re.compile(r"định\s+kỳ\s+(?:0?6|sáu)\s+tháng(?:\s+đầu\s+năm)?(?:\s+(?:một\s+)?lần)?"
                             r"(?:\s*(?:,|và)\s*(?:hằng\s+|hàng\s+|cả\s+)?năm)?(?![\p{L}\d])", re.I)
_LISTED_DAYS = re.compile(r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|hạn\s+(?:cuối|chót)(?:\s+là)?|không\s+muộn\s+hơn)\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*(?:,|và)\s*"
                          r"(?:ngày\s+)?(?P<d2>\d{1,2}\s*/\s*\d{1,2})(?![/\d])", re.I)


def _per_listed_period(ob: Match, sent: str, s0: int) -> list[Match]:
    """A half-year and a year schedule whose periods and days are listed apart (``Định kỳ 6 tháng và hằng năm,
    ... báo cáo ... trước ngày 15/6 và 15/12``): one obligation a period (H1 the first day, Y the second), ``ob``
    the first; the year is filled later (``_resolve``). Returns the others."""
    p = _LISTED_PERIODS.search(sent)
    days = _LISTED_DAYS.search(sent, p.end()) if p else None
    if days is None:
        return []
    first = next((d for d in _deadlines_in(sent) if _dated(d) and days.start() <= d.start < days.start("d2")), None)
    second = next((d for d in _deadlines_in("trước ngày " + days.group("d2")) if _dated(d)), None)
    if first is None or second is None or not (first.value["date"]["month"] or 0) < (second.value["date"]["month"] or 0):
        return []
    second.start, second.end = days.start("d2"), days.end("d2")
    second.value["relation"], second.value["raw"] = first.value["relation"], days.group("d2")
    other = _copy(ob)
    other.start = s0 + days.start("d2")  # (its own start: its own id)
    for target, d, code in ((ob, first, "H1"), (other, second, "Y")):
        target.value["deadline"] = None
        _attach_deadline(target, d, s0)
        target.value["period"] = code
        target.value["_period_year"] = None
    return [other]


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
    elif (rel := relative_window(ob.value["description"], period, year)) is not None:
        ob.value["data_window"] = rel[1]  # "từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý"


def non_working_day(day) -> str | None:
    """``"weekend"`` or ``"public_holiday"`` for a ``datetime.date`` that is not a working day."""
    if day.weekday() >= 5:
        return "weekend"
    hol = data("obligations")["holidays"]
    md = f"{day.month:02d}-{day.day:02d}"
    if md in hol["fixed"] or md in hol["by_year"].get(str(day.year), []):
        return "public_holiday"
    return None
