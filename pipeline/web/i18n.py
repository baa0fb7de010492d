"""The review app's words: one message catalogue per locale (``i18n/vi.json`` first, ``i18n/en.json``
second), looked up by message id, and the plain-word forms of the contract's codes, dates, periods
and times that a clerk reads (``cong_van`` -> ``Công văn``, ``Q1-2023`` -> ``Quý I/2023``,
``2025-06-15`` -> ``15/06/2025``, UTC -> Asia/Ho_Chi_Minh).

The catalogues are data files apart from code (gettext's idea without its compile step): a message
id maps to the text, ``{name}`` placeholders are filled with ``str.format``. A missing id falls back
to Vietnamese, then to the id itself, and ``tests/pipeline/web/test_i18n.py`` requires both
catalogues to hold the same ids and every id the templates and code use.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

LOCALES = ("vi", "en")
DEFAULT = "vi"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@lru_cache(maxsize=None)
def catalogue(locale: str) -> dict[str, str]:
    raw = resources.files("congvan.pipeline.web").joinpath("i18n", f"{locale}.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}


def gettext(locale: str, msgid: str, **kw: Any) -> str:
    text = catalogue(locale).get(msgid) or catalogue(DEFAULT).get(msgid) or msgid
    return text.format(**kw) if kw else text


def code_label(locale: str, group: str, code: str | None) -> str:
    """The plain word for a contract code (``doc_type``, ``relation``, ``urgency``, ``status`` ...)."""
    if code in (None, ""):
        return "—"
    return gettext(locale, f"{group}.{code}") if f"{group}.{code}" in catalogue(DEFAULT) else str(code)


def date_text(d: dict | str | None) -> str:
    """``dd/mm/yyyy`` for a partial date (blank parts as ``..``) or an ISO date string."""
    if not d:
        return ""
    if isinstance(d, str):
        y, m, day = d[:10].split("-")
        return f"{day}/{m}/{y}"
    day = f"{d['day']:02d}" if d.get("day") else ".."
    month = f"{d['month']:02d}" if d.get("month") else ".."
    if not d.get("year"):
        return f"{day}/{month}" if d.get("month") else ""
    return f"{day}/{month}/{d['year']}" if d.get("day") else (f"{month}/{d['year']}" if d.get("month") else str(d["year"]))


def period_text(locale: str, period: str | None) -> str:
    """``Q1-2023`` -> ``Quý I/2023``, ``H1-2024`` -> ``6 tháng đầu năm 2024``, ``Y-2024`` -> ``Năm 2024``."""
    if not period:
        return "—"
    code, _, year = period.partition("-")
    if code.startswith("Q") and code[1:].isdigit():
        return gettext(locale, "period.Q", n=_ROMAN.get(int(code[1:]), code[1:]), year=year)
    if code.startswith("M") and code[1:].isdigit():
        return gettext(locale, "period.M", n=int(code[1:]), year=year)
    key = f"period.{code}"
    return gettext(locale, key, year=year) if key in catalogue(DEFAULT) else period


def local_time(at: str | None) -> str:
    """A stored UTC timestamp as ``dd/mm/yyyy HH:MM`` in Vietnam's time."""
    if not at:
        return ""
    t = dt.datetime.fromisoformat(at)
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def iso_day(text: str) -> str:
    """A whole date typed ``dd/mm/yyyy`` (or ISO) as ``yyyy-mm-dd``; ReviewError otherwise."""
    from ..review import ReviewError, parse_date

    d = parse_date(text)
    if d is None or not d.get("iso"):
        raise ReviewError(f"'{text}' is not a date; write it as dd/mm/yyyy (e.g. 20/11/2024)")
    return d["iso"]


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def show(locale: str, kind: str, value: Any) -> str:
    """How a value of an editor ``kind`` reads on the page."""
    if value in (None, [], ""):
        return "—"
    if kind == "date":
        return date_text(value)
    if kind in ("doc_type", "urgency", "confidentiality"):
        return code_label(locale, kind, value)
    if kind == "units":
        return "; ".join(u["name"] for u in value)
    if kind == "references":
        return "; ".join(r["raw"] for r in value)
    if kind == "unit":
        return value["name"]
    if kind == "signer":
        return " ".join(x for x in (value.get("authority"), value.get("title"), value.get("name")) if x)
    if kind == "deadline":
        when = date_text(value.get("date")) or value.get("raw", "")
        out = f"{code_label(locale, 'relation', value.get('relation'))} {when}"
        return out + (f" ({rule_text(locale, value['rule'])})" if value.get("rule") else "")
    if kind == "window":
        return f"{date_text(value.get('start')) or '…'} → {date_text(value.get('end')) or '…'}"
    if kind == "period":
        return period_text(locale, value)
    return str(value)


def rule_text(locale: str, rule: str) -> str:
    """A deadline rule in words where the catalogue knows its form (``P7WD`` -> ``7 ngày làm việc``)."""
    if rule.startswith("P") and rule.endswith("WD") and rule[1:-2].isdigit():
        return gettext(locale, "rule.working_days", n=int(rule[1:-2]))
    if rule.startswith("P") and rule.endswith("D") and rule[1:-1].isdigit():
        return gettext(locale, "rule.days", n=int(rule[1:-1]))
    if rule.startswith("PERIOD_LAST_MONTH;BYMONTHDAY="):
        return gettext(locale, "rule.period_last_month", day=rule.rsplit("=", 1)[1])
    return rule


def warning_text(locale: str, code: str) -> str:
    key = f"warning.{code}"
    return gettext(locale, key) if key in catalogue(DEFAULT) else code


def js_strings(locale: str) -> dict[str, str]:
    """The messages the page script shows (ids starting with ``js.``), for the page data."""
    return {k[3:]: gettext(locale, k) for k in catalogue(DEFAULT) if k.startswith("js.")}


@lru_cache(maxsize=None)
def _error_patterns() -> list[tuple[Any, dict[str, str]]]:
    from congvan.extractors import fastre as re

    raw = resources.files("congvan.pipeline.web").joinpath("i18n", "errors.json").read_text(encoding="utf-8")
    return [(re.compile(e["pattern"]), e) for e in json.loads(raw)["errors"]]


def error_text(locale: str, message: str) -> str:
    """A refusal from the review layer (written in English there, with the value it concerns) in
    the reader's language, by the patterns of ``i18n/errors.json``; unknown ones as they are."""
    for pattern, entry in _error_patterns():
        m = pattern.search(message)
        if m:
            return entry.get(locale, entry[DEFAULT]).format(**m.groupdict())
    return message
