"""Deadlines: every way a letter says by when.

A small grammar over the phrasings in ``data/deadlines.json`` (relation words, month and quarter
names, event words), not a list of whole phrases:

- a relation word, an optional time and weekday, then a date: ``trước ngày 01/3/2024``, ``chậm nhất
  (là|vào|đến) ngày 15/11``, ``hạn cuối 20/11/2024``, ``trước 16 giờ 00 ngày 15/11/2024``, ``trước thứ
  Sáu, ngày 20/11``, ``trong ngày 05/12``, ``vào ngày 20 tháng 9 năm 2025``, dates as ``dd/mm/yyyy``,
  ``dd-mm-yyyy``, ``dd.mm.yyyy``, ``ngày dd tháng mm năm yyyy`` (month in digits or words), year left
  out;
- a period: ``trong tháng 12/2025``, ``trong quý III/2025``, ``trong năm 2025`` (the date is the
  period's last month or year, the day left null; rule ``END_OF_MONTH`` / ``END_OF_QUARTER`` /
  ``END_OF_YEAR``);
- a rule: ``ngày 12 của tháng cuối kỳ báo cáo`` / ``trước ngày 15 của tháng cuối quý``
  (``PERIOD_LAST_MONTH;BYMONTHDAY=12``), ``định kỳ hằng tháng trước ngày 20`` (``FREQ=MONTHLY;BYMONTHDAY=20``);
- a span from an event: ``trong thời hạn 05 ngày làm việc kể từ ...`` (``P5WD``; ``P5D`` for
  calendar days);
- a half year: ``trong 6 tháng đầu năm 2025`` (``END_OF_HALF;H=1``, June, the day left null);
- a weekly schedule: ``hằng tuần, trước 16 giờ thứ Năm`` (``FREQ=WEEKLY;BYDAY=TH``, no date); a daily
  one: ``báo cáo hằng ngày trước 15 giờ`` (``FREQ=DAILY;BYHOUR=15``);
- days before an event: ``chậm nhất 03 ngày trước ngày tổ chức Hội nghị`` (relation ``before``, no date,
  rule ``EVENT;OFFSET=-P3D``);
- numbers in words: ``trong thời hạn năm (05) ngày``, ``ngày mười lăm tháng Mười Hai``; a deadline noun
  with what it is for: ``hạn chót nộp hồ sơ là ngày ...``, ``Thời gian nộp: 15/12/2025``;
- an event: ``trước khi tổ chức Đại hội`` (relation ``before``, no date, rule ``EVENT``; the pipeline
  warns ``deadline_unresolved``); a meeting: ``trước Hội nghị``, ``chậm nhất trước ngày khai mạc kỳ họp``
  (the same; ``obligations`` gives it the meeting's day where the letter's ``Thời gian:`` line states one).

Each match's value is the contract's deadline plus what resolution needs later:
``date`` is a partial date as written (the year stays ``None`` when the text leaves it out;
``obligations`` fills it from the reporting period or the issue year, per GUIDELINE).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data, phrase_alternation as _alt
from .dates import partial_date


@lru_cache(maxsize=None)
def _number_words() -> dict[str, int]:
    """Numbers 1-99 in words, from the units, tens and variants in ``deadlines.json``: ``năm`` 5,
    ``mười lăm`` 15, ``hai mươi mốt`` 21, ``ba mươi`` 30."""
    w = data("deadlines")["number_words"]
    units = {u: i for i, u in enumerate(w["units"], 1)}
    after_ten = {**units, **w["unit_variants"]}
    after_ten.pop("năm", None)  # "mười lăm", not "mười năm" (which reads as "ten years")
    out = dict(units)
    out[w["ten"]] = 10
    for u, i in after_ten.items():
        out[f"{w['ten']} {u}"] = 10 + i
    for t, ti in units.items():
        if ti < 2:
            continue
        out[f"{t} {w['tens']}"] = 10 * ti
        for u, i in after_ten.items():
            if u != "một" or ti < 2:
                out[f"{t} {w['tens']} {u}"] = 10 * ti + i
    return out


def _count(m: re.Match) -> int | None:
    """The number of a span: digits (``05``, ``05 (năm)``) or words (``năm (05)``, ``mười lăm``)."""
    n = m.group("n") or m.group("nd")
    if n:
        return int(n)
    w = m.group("nw")
    return _grammar()["numbers"].get(" ".join(w.lower().split())) if w else None


@lru_cache(maxsize=None)
def _grammar() -> dict:
    d = data("deadlines")
    rel = {**data("obligations")["deadline_relations"], **d["relations"]}
    words = _alt({r[: -len(" ngày")] if r.endswith(" ngày") else r for r in rel})
    # "Thời gian hoàn thành: Tháng 9/2025", "Thời hạn: 30/9/2025", "Hạn nộp hồ sơ: 20/11/2024" (up to three
    # words of what it is for before the colon)
    labels = rf"(?:{_alt(d['labels'])})(?:\s+(?!trước|chậm|ngày)\p{{L}}+){{0,3}}?\s*:"
    months = _alt(d["month_words"])
    month = rf"(?:\d{{1,2}}|{months})"
    time = r"(?:\d{1,2}\s*(?:giờ|h|g)(?:\s*\d{1,2}(?:\s*phút|')?)?\s*(?:sáng|chiều)?\s*,?\s*)?"
    weekday = r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*)?"
    date = (rf"(?:(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{4}}))?(?!\s*/?\d)"
            rf"|(?P<d3>\d{{1,2}})[.-](?P<m3>\d{{1,2}})[.-](?P<y3>\d{{4}})(?!\d)"
            rf"|(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>{month})(?:\s*(?:năm\s+|/\s*)(?P<y2>\d{{4}}))?"
            rf"|(?P<rd>\d{{1,2}})\s+(?:của\s+)?tháng\s+cuối\s+(?:của\s+)?(?:kỳ\s+báo\s+cáo|kỳ|quý|mỗi\s+quý))")
    quarter = _alt(d["quarters"])
    nums = _number_words()
    # a number in words, as a compact pattern (the words it may hold; _number_words says which sequences
    # are numbers): "năm", "mười lăm", "hai mươi mốt"
    nw = data("deadlines")["number_words"]
    word = _alt([*nw["units"], *nw["unit_variants"], nw["ten"], nw["tens"]])
    in_words = rf"(?:{_alt([*nw['units'], nw['ten']])})(?:\s+(?:{word})){{0,2}}(?![\p{{L}}])"
    # a day in words: "ngày mười lăm tháng Mười Hai năm 2025"
    date = date[:-1] + rf"|(?<=ngày\s)(?P<dw>{in_words})\s+tháng\s+(?P<mw>{month})(?:\s*(?:năm\s+|/\s*)(?P<yw>\d{{4}}))?)"
    # ("trước ngày30/11/2012": a copy from a law portal that lost the space before the digits)
    dated_tail = rf"(?:lúc\s+)?{time}(?:ngày\s+)?{weekday}(?:ngày\s*(?=\d)|ngày\s+)?{date}"
    count = rf"(?:(?P<n>\d{{1,3}})(?:\s*\(\s*[\p{{L}} ]{{2,20}}\))?|(?P<nw>{in_words})(?:\s*\(\s*(?P<nd>\d{{1,3}})\s*\))?)"
    period_tail = (rf"(?:(?P<mon>tháng\s+(?P<pm>{month})(?:\s*(?:/|năm)\s*(?P<py>\d{{4}}))?)"
                   rf"|(?P<q>quý\s+(?P<qn>{quarter})(?:\s*(?:/|năm)\s*(?P<qy>\d{{4}}))?)"
                   rf"|(?P<half>(?P<hn>{_alt(d['halves'])})(?:\s+(?P<hy>\d{{4}}))?)"
                   rf"|(?P<yr>năm\s+(?P<yy>\d{{4}})))(?![\d\p{{L}}/])")
    return {
        "relations": rel,
        "dated": re.compile(rf"(?P<rel>{words})\s*:?\s+{dated_tail}", re.I),
        # "hạn chót nộp hồ sơ là ngày 15/12/2025": a deadline noun, what it is for, then "là"
        "noun": re.compile(rf"(?P<rel>{_alt(d['noun_relations'])})(?:\s+(?!là\b|ngày\b)\p{{L}}+){{1,5}}?\s+là\s+(?:vào\s+)?{dated_tail}", re.I),
        "period": re.compile(rf"(?P<rel>trong|trước|(?:chậm|muộn)\s+nhất(?:\s+là)?(?:\s+(?:trong|đến\s+hết|vào))?|đến\s+hết|hoàn\s+thành\s+trong)\s+"
                             + period_tail, re.I),
        # a label's value, looked for only in text with a colon and a label word (see find_deadlines)
        "dated_label": re.compile(rf"(?P<rel>{labels})\s+{dated_tail}", re.I),
        "period_label": re.compile(rf"(?P<rel>{labels})\s+" + period_tail, re.I),
        "label_words": tuple(" ".join(w.split()[:2]) for w in d["labels"]),
        "monthly": re.compile(r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+tháng\s*[,(]?\s*(?:gửi\s+(?:báo\s+cáo\s+)?)?"
                              r"(?P<rel>trước|chậm\s+nhất(?:\s+là)?|vào)\s+ngày\s+(?P<d>\d{1,2})(?!\s*[/\d]|\s+tháng)", re.I),
        # "trước ngày 20 hằng tháng": the day first, then the month's recurrence
        "monthly_day_first": re.compile(r"(?P<rel>trước|chậm\s+nhất(?:\s+là)?|vào)\s+ngày\s+(?P<d>\d{1,2})\s*,?\s+"
                                        r"(?:của\s+)?(?:hằng|hàng|mỗi)\s+tháng\b", re.I),
        # "hằng tháng báo cáo kết quả ... về Ủy ban nhân dân huyện trước ngày 20": the day alone, the month's
        # recurrence earlier in the sentence (looked for only where it says "hằng/hàng/mỗi tháng")
        "monthly_day_alone": re.compile(r"(?P<rel>trước|chậm\s+nhất(?:\s+là)?|vào)\s+ngày\s+(?P<d>\d{1,2})"
                                        r"(?!\s*[/.\-]?\s*\d|\s+tháng|\s*[\p{L}(])", re.I),
        "within": re.compile(rf"trong\s+(?:thời\s+hạn\s+|vòng\s+|thời\s+gian\s+)?{count}\s+ngày(?P<wd>\s+làm\s+việc)?"
                             r"(?:\s*,?\s*(?:kể\s+từ|tính\s+từ|sau\s+khi)\s+(?P<anchor>[^.;,]{3,80}))?", re.I),
        # "chậm nhất sau 05 ngày làm việc kể từ ngày nhận được": a span only with its anchor
        "after": re.compile(rf"(?:chậm\s+nhất(?:\s+là)?\s+)?\bsau\s+{count}\s+ngày(?P<wd>\s+làm\s+việc)?\s*,?\s*"
                            r"(?:kể\s+từ|tính\s+từ)\s+(?P<anchor>[^.;,]{3,80})", re.I),
        # "chậm nhất 03 ngày trước ngày tổ chức Hội nghị", "trước 05 ngày làm việc tính đến ngày ...": days before an event
        "before_event": re.compile(rf"(?:chậm\s+nhất(?:\s+là)?\s+)?(?:trước\s+)?{count}\s+ngày(?P<wd>\s+làm\s+việc)?\s+"
                                   r"(?:trước|tính\s+đến|so\s+với)\s+(?:ngày\s+)?(?P<ev>(?!\d)[^.;,()]{4,80})", re.I),
        # "trước ngày khai mạc 10 ngày", "chậm nhất trước ngày tổ chức Đại hội ít nhất 15 ngày": the event, then the days
        "event_then_days": re.compile(rf"(?:chậm\s+nhất(?:\s+là)?\s+)?trước\s+(?P<ev>(?:ngày|khi|thời\s+điểm)\s+(?!\d)[^.;,()\d]{{3,60}}?)"
                                      rf"\s+(?:(?:ít|tối\s+thiểu)\s+(?:nhất\s+)?(?:là\s+)?)?{count}\s+ngày(?P<wd>\s+làm\s+việc)?(?![\p{{L}}])", re.I),
        # "hằng tuần, trước 16 giờ thứ Năm", "trước thứ Sáu hằng tuần": a weekly schedule
        "weekly": re.compile(rf"(?:(?:định\s+kỳ\s+)?(?:hằng|hàng|mỗi)\s+tuần\s*,?\s*(?:gửi\s+(?:báo\s+cáo\s+)?)?(?P<rel>trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|vào)"
                             rf"\s+{time}(?:ngày\s+)?(?P<wd>{_alt(d['weekdays'])})(?![\p{{L}}\d])"
                             rf"|(?P<rel2>trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|vào)\s+{time}(?:ngày\s+)?(?P<wd2>{_alt(d['weekdays'])})\s+(?:hằng|hàng|mỗi)\s+tuần)", re.I),
        # "báo cáo hằng ngày trước 15 giờ", "trước 16 giờ 30 hằng ngày": a daily schedule (the hour kept)
        "daily": re.compile(r"(?:(?:định\s+kỳ\s+)?(?:hằng|hàng|mỗi)\s+ngày\s*,?\s*(?:gửi\s+(?:báo\s+cáo\s+)?)?(?P<rel>trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|vào)"
                            r"(?:\s+lúc)?\s+(?P<h>\d{1,2})\s*(?:giờ|[hg](?!\p{L}))(?:\s*(?P<mi>\d{1,2})(?:\s*phút|')?)?(?!\s*,?\s*(?:ngày\s+)?\d)"
                            r"|(?P<rel2>trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|vào)(?:\s+lúc)?\s+(?P<h2>\d{1,2})\s*(?:giờ|[hg](?!\p{L}))"
                            r"(?:\s*(?P<mi2>\d{1,2})(?:\s*phút|')?)?\s*,?\s+(?:hằng|hàng|mỗi)\s+ngày)", re.I),
        "event": re.compile(rf"(?P<rel>trước\s+khi|chậm\s+nhất\s+(?:là\s+)?(?:trước\s+khi|khi))\s+(?P<ev>[^.;,()]{{4,80}})", re.I),
        # "trước Hội nghị", "chậm nhất trước ngày khai mạc kỳ họp": a meeting (its day, where the letter gives it, later)
        "gathering": re.compile(r"(?P<rel>(?:chậm\s+nhất\s+(?:là\s+)?)?trước)\s+(?:(?:ngày|thời\s+điểm|buổi)\s+)?"
                                r"(?:(?:tổ\s+chức|diễn\s+ra|khai\s+mạc|bắt\s+đầu)\s+)?"
                                rf"(?P<ev>(?i:{_alt(d['gatherings'])}))(?![\p{{L}}])"),
        "occurred_in": re.compile(rf"(?:{_alt(d['occurred_in'])})\s+$", re.I),
        "month_words": {w.lower(): i for i, w in enumerate(d["month_words_ordered"], 1)},
        "numbers": nums,
        "weekdays": {k.lower(): v for k, v in d["weekdays"].items()},
        "halves": {k.lower(): v for k, v in d["halves"].items()},
        "quarters": {k.lower(): v for k, v in d["quarters"].items()},
    }


_DIGIT = re.compile(r"\d")
_EVENT_WORD = re.compile(r"trước\s+khi|chậm\s+nhất|trước\s+(?:(?:ngày|thời\s+điểm|buổi)\s+)?(?:(?:tổ\s+chức|diễn\s+ra|khai\s+mạc|bắt\s+đầu)\s+)?\p{L}", re.I)
_BEFORE_EVENT_HINT = re.compile(r"ngày(?:\s+làm\s+việc)?\s+(?:trước|tính\s+đến|so\s+với)\s")
_EVENT_THEN_DAYS_HINT = re.compile(r"trước\s+(?:ngày|khi|thời\s+điểm)\s+\D{3,60}?\d{1,3}\s+ngày", re.I)


def _relation(words: str) -> str:
    key = " ".join(words.lower().split())
    if key.endswith(":"):
        return "no_later_than"  # a label: "Thời hạn hoàn thành: 30/9/2025"
    for phrase, rel in _grammar()["relations"].items():
        if phrase == key or phrase.endswith(" ngày") and phrase[: -len(" ngày")] == key:
            return rel
    return "on"


def _month(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    return _grammar()["month_words"].get(" ".join(text.lower().split()))


# the days to send in: "tổng hợp gửi về X (qua Y) từ ngày 02/12/2024 đến ngày 06/12/2024", due by the last (a verb
# of sending and where to right before the span, no figures' cue between)
_SEND_SPAN = re.compile(r"(?<![\p{L}])(?:gửi|nộp)(?:\s+(?:báo\s+cáo|hồ\s+sơ|kết\s+quả))?\s+(?:về|đến|tới|cho)\s+(?:(?!số\s+liệu|tính\s|kỳ\s|giai\s+đoạn)[^,;.\d]){2,120}?"
                        r"(?:\([^()]{2,80}\)\s*)?\s(?P<span>từ\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?\s+đến\s+(?:hết\s+)?"
                        r"ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?)(?!\s*/?\d)", re.I)


def _send_spans(text: str, found: list, taken: list) -> None:
    for m in _SEND_SPAN.finditer(text):
        d, mo = int(m.group("d")), int(m.group("m"))
        raw = m.group("span")
        value = {"date": partial_date(int(m.group("y")) if m.group("y") else None, mo, d), "relation": "no_later_than",
                 "raw": raw, "rule": None}
        found.append(Match("deadline", m.start("span"), m.end("span"), raw, value))
        taken.append((m.start("span"), m.end("span")))


def find_deadlines(text: str) -> Iterator[Match]:
    """Every deadline expression in ``text``, in order, with offsets."""
    g = _grammar()
    found: list[Match] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    if not _DIGIT.search(text):  # every form but an event, a span or a week day in words has a number
        if "ngày" in low and "tháng" in low:
            _dated_in_words(g, text, found, taken)  # "chậm nhất ngày hai mươi tháng Mười Một"
        if "ngày" in low and ("trong" in low or "sau" in low):
            _spans(g, text, found, taken)  # "trong thời hạn năm ngày làm việc"
        if "tuần" in low:
            _weekly(g, text, found, taken)
        if _EVENT_WORD.search(text):
            _events(g, text, found, taken)
        yield from sorted(found, key=lambda x: x.start)
        return
    monthly = sorted([*g["monthly"].finditer(text), *g["monthly_day_first"].finditer(text)], key=lambda m: m.start())
    if not monthly and ("hằng tháng" in low or "hàng tháng" in low or "mỗi tháng" in low):
        every = min(i for i in (low.find("hằng tháng"), low.find("hàng tháng"), low.find("mỗi tháng")) if i >= 0)
        monthly = [m for m in g["monthly_day_alone"].finditer(text, every) if 1 <= int(m.group("d")) <= 31][:1]
    for m in monthly:
        day = int(m.group("d"))
        value = {"date": partial_date(None, None, day), "relation": _relation(m.group("rel")),
                 "raw": m.group(0), "rule": f"FREQ=MONTHLY;BYMONTHDAY={day}"}
        found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
        taken.append((m.start(), m.end()))
    if "tuần" in low:
        _weekly(g, text, found, taken)
    if " ngày" in low and ("hằng ngày" in low or "hàng ngày" in low or "mỗi ngày" in low):
        _daily(g, text, found, taken)
    if "từ" in low and "đến" in low and ("gửi" in low or "nộp" in low):
        _send_spans(text, found, taken)
    labelled = ":" in text and any(w in low for w in g["label_words"])

    def both(name: str) -> list:
        found_ = list(g[name].finditer(text))
        if name == "dated" and "hạn" in low and " là " in low:
            found_ += list(g["noun"].finditer(text))
        return sorted(found_ + list(g[name + "_label"].finditer(text)) if labelled else found_, key=lambda x: x.start())

    for m in both("dated"):
        if any(a <= m.start("rel") < b for a, b in taken):
            continue
        if m.group("rel").lower().startswith("đến") and re.search(r"từ\s+(?:ngày\s+)?\d", text[max(0, m.start() - 40):m.start()], re.I):
            continue  # "từ ngày 15/01 đến hết ngày 19/01": the end of a span, not a deadline
        rel = "no_later_than" if m.re is g["noun"] else _relation(m.group("rel"))  # "thời hạn gửi ... là ngày"
        if m.group("rd"):
            value = {"date": partial_date(None, None, int(m.group("rd"))), "relation": rel,
                     "raw": m.group(0), "rule": f"PERIOD_LAST_MONTH;BYMONTHDAY={int(m.group('rd'))}"}
        else:
            d = m.group("d") or m.group("d2") or m.group("d3")
            d = int(d) if d else g["numbers"].get(" ".join((m.group("dw") or "").lower().split()))
            mo = _month(m.group("m") or m.group("m2") or m.group("m3") or m.group("mw"))
            y = m.group("y") or m.group("y2") or m.group("y3") or m.group("yw")
            if mo is None or d is None:
                continue
            value = {"date": partial_date(int(y) if y else None, mo, d), "relation": rel,
                     "raw": m.group(0), "rule": None}
            if not 1 <= mo <= 12 or not 1 <= d <= 31 or (y and value["date"]["iso"] is None):
                value["impossible"] = True
        found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
        taken.append((m.start(), m.end()))
    for m in both("period"):
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
            continue
        if m.group("rel").lower() == "trong" and g["occurred_in"].search(text, max(0, m.start() - 12), m.start()):
            continue  # "các hộ nghèo phát sinh trong quý I/2024": when the things counted happened
        if m.group("mon"):
            mo = _month(m.group("pm"))
            if mo is None or not 1 <= mo <= 12:
                continue
            date, rule = partial_date(int(m.group("py")) if m.group("py") else None, mo, None), "END_OF_MONTH"
        elif m.group("q"):
            q = g["quarters"][" ".join(m.group("qn").lower().split())]
            date = partial_date(int(m.group("qy")) if m.group("qy") else None, 3 * q, None)
            rule = f"END_OF_QUARTER;Q={q}"
        elif m.group("half"):  # "trong 6 tháng đầu năm 2025": by the end of June
            h = g["halves"][" ".join(m.group("hn").lower().split())]
            date = partial_date(int(m.group("hy")) if m.group("hy") else None, 6 * h, None)
            rule = f"END_OF_HALF;H={h}"
        else:
            date, rule = partial_date(int(m.group("yy")), None, None), "END_OF_YEAR"
        rel = "before" if m.group("rel").lower().startswith("trước") else "no_later_than"
        found.append(Match("deadline", m.start(), m.end(), m.group(0),
                           {"date": date, "relation": rel, "raw": m.group(0), "rule": rule}))
        taken.append((m.start(), m.end()))
    if "ngày" in low and ("trong" in low or "sau" in low or "trước" in low or "tính đến" in low):
        _spans(g, text, found, taken)
    _events(g, text, found, taken)
    yield from sorted(found, key=lambda x: x.start)


def _dated_in_words(g: dict, text: str, found: list, taken: list) -> None:
    for m in g["dated"].finditer(text):
        d, mo = g["numbers"].get(" ".join((m.group("dw") or "").lower().split())), _month(m.group("mw"))
        if d and mo and 1 <= d <= 31:
            value = {"date": partial_date(None, mo, d), "relation": _relation(m.group("rel")), "raw": m.group(0), "rule": None}
            found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
            taken.append((m.start(), m.end()))


def _spans(g: dict, text: str, found: list, taken: list) -> None:
    """``trong thời hạn 05 ngày làm việc kể từ ...`` (``P5WD``), ``sau 05 ngày kể từ ...``; and ``03 ngày
    trước ngày tổ chức Hội nghị`` (an event less some days: ``EVENT;OFFSET=-P3D``, no date)."""
    low = text.lower()
    spans = [*(g["within"].finditer(text) if "trong" in low else ()), *(g["after"].finditer(text) if "sau" in low else ())]
    for m in sorted(spans, key=lambda m: m.start()):
        n = _count(m)
        if n is None or any(a <= m.start() < b for a, b in taken):
            continue
        unit = "WD" if m.group("wd") else "D"
        value = {"date": None, "relation": "within", "raw": m.group(0).strip(), "rule": f"P{n}{unit}"}
        found.append(Match("deadline", m.start(), m.start() + len(m.group(0).rstrip()), m.group(0), value))
        taken.append((m.start(), m.end()))
    before = [*g["before_event"].finditer(text)] if _BEFORE_EVENT_HINT.search(low) else []  # "03 ngày trước ngày ..."
    if _EVENT_THEN_DAYS_HINT.search(low):  # "trước ngày khai mạc 10 ngày"
        before = sorted([*before, *g["event_then_days"].finditer(text)], key=lambda m: m.start())
    if before:
        for m in before:
            n = _count(m)
            if n is None or any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                continue
            unit = "WD" if m.group("wd") else "D"
            value = {"date": None, "relation": "before", "raw": " ".join(m.group(0).split()),
                     "rule": f"EVENT;OFFSET=-P{n}{unit}"}
            found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
            taken.append((m.start(), m.end()))


def _weekly(g: dict, text: str, found: list, taken: list) -> None:
    for m in g["weekly"].finditer(text):
        day = g["weekdays"][" ".join((m.group("wd") or m.group("wd2")).lower().split())]
        value = {"date": None, "relation": _relation(m.group("rel") or m.group("rel2")), "raw": " ".join(m.group(0).split()),
                 "rule": f"FREQ=WEEKLY;BYDAY={day}"}
        found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
        taken.append((m.start(), m.end()))


def _daily(g: dict, text: str, found: list, taken: list) -> None:
    for m in g["daily"].finditer(text):
        h, mi = int(m.group("h") or m.group("h2")), m.group("mi") or m.group("mi2")
        if not 0 <= h <= 24:
            continue
        rule = f"FREQ=DAILY;BYHOUR={h}" + (f";BYMINUTE={int(mi)}" if mi and int(mi) else "")
        value = {"date": None, "relation": _relation(m.group("rel") or m.group("rel2")), "raw": " ".join(m.group(0).split()),
                 "rule": rule}
        found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
        taken.append((m.start(), m.end()))


def _events(g: dict, text: str, found: list, taken: list) -> None:
    for m in g["gathering"].finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = {"date": None, "relation": "before", "raw": " ".join(m.group(0).split()), "rule": "EVENT"}
        found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
        taken.append((m.start(), m.end()))
    for m in g["event"].finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = {"date": None, "relation": "before", "raw": " ".join(m.group(0).split()), "rule": "EVENT"}
        found.append(Match("deadline", m.start(), m.end(), m.group(0), value))
