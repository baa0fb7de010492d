"""Baselines for ``congvan eval``: what generic tools give on the same gold (issue 3).

- units: underthesea's NER (``ner``, offline from the wheel); every ORG entity in a body sentence
  is taken as a responsible unit.
- deadlines: dateparser's ``search_dates`` (Vietnamese, day-first); a date found in the same
  sentence as an ORG becomes that unit's deadline.

Neither tool knows whose deadline a date is or what ``chậm nhất ngày 12 của tháng cuối kỳ báo cáo``
means, and neither finds data windows; the report shows what our extractors add over them. Both
packages are optional (``pip install congvan[baselines]``); without them the baseline rows are
skipped with a note.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Iterator

import regex as re

log = logging.getLogger(__name__)

_SENT = re.compile(r"[^\n.;!?]+(?:[.;!?]|$)", re.M)


def available() -> str | None:
    """None when both tools are installed, else why not."""
    import importlib.util

    for name in ("dateparser", "underthesea"):
        if importlib.util.find_spec(name) is None:
            return f"baselines skipped: {name} is not installed (pip install 'congvan[baselines]')"
    return None


def _orgs(sentence: str) -> Iterator[str]:
    from underthesea import ner

    name: list[str] = []
    for token, _pos, _chunk, tag in ner(sentence):
        if tag.endswith("-ORG") and (tag.startswith("I-") and name or tag.startswith("B-")):
            if tag.startswith("B-") and name:
                yield " ".join(name)
                name = []
            name.append(token)
        elif name:
            yield " ".join(name)
            name = []
    if name:
        yield " ".join(name)


def _dates(sentence: str, year: int | None) -> list[dt.date]:
    from dateparser.search import search_dates

    base = dt.datetime(year or 2025, 1, 1)
    found = search_dates(sentence, languages=["vi"],
                         settings={"DATE_ORDER": "DMY", "RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first"}) or []
    return [d.date() for _s, d in found]


def baseline_obligations(text: str, *, start: int = 0, end: int | None = None,
                         year: int | None = None) -> list[dict]:
    """Obligation-shaped records (responsible + deadline only) from NER units and dateparser dates."""
    end = len(text) if end is None else end
    out = []
    for m in _SENT.finditer(text, start, end):
        sentence = m.group(0).strip()
        if len(sentence) < 8:
            continue
        units = list(dict.fromkeys(_orgs(sentence)))
        if not units:
            continue
        dates = _dates(sentence, year)
        deadline = None
        if dates:
            d = dates[-1]
            deadline = {"date": {"year": d.year, "month": d.month, "day": d.day, "iso": d.isoformat()}}
        out.append({"responsible": [{"name": u} for u in units], "deadline": deadline, "data_window": None})
    return out
