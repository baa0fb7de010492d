"""The iCalendar feed (RFC 5545): one VTODO per obligation, as calendar and task apps expect.

- ``UID`` ``<obligation id>@congvan`` (stable across exports), ``DTSTAMP``;
- ``DTSTART`` and ``DUE`` as all-day dates (the contract's deadlines carry no time of day).
  ``DUE`` is the date the letter writes, even for ``trước ngày`` (the contract keeps "the date as
  written"); the relation is in the summary and in ``X-CONGVAN-DEADLINE-RELATION``. A one-off
  task starts on the letter's date (when it is known and not after the deadline); a recurring one
  starts on its first deadline, so that its ``RRULE`` (always with that ``DTSTART``) expands to the
  deadlines themselves;
- ``SUMMARY`` ``Trước 15/6/2025 · Phòng Nội vụ: báo cáo (215/UBND-NV)`` (``Chậm nhất``, ``Ngày``,
  ``Từ``, ``Trong thời hạn`` for the other relations);
- the responsible units as ``ATTENDEE;CUTYPE=GROUP;ROLE=REQ-PARTICIPANT;CN=<unit name>``, the
  cooperating (phối hợp) ones with ``ROLE=OPT-PARTICIPANT``, the issuer as ``ORGANIZER``; units have
  no e-mail address in a letter, so their address is ``urn:congvan:unit:<matching key>``;
- ``CATEGORIES`` (document type, action, period), ``PRIORITY`` from the urgency stamp, ``URL`` to
  the obligation in the review app, ``DESCRIPTION`` with the task and its evidence;
- a ``VALARM`` three working days (weekends and public holidays skipped) before the first deadline.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable
from urllib.parse import quote

RELATION_WORDS = {"before": "Trước", "no_later_than": "Chậm nhất", "on": "Ngày", "from": "Từ",
                  "within": "Trong thời hạn"}
PRIORITY = {"hoa_toc": 1, "thuong_khan": 2, "khan": 3}
ALARM_WORKING_DAYS = 3


def text(s: str) -> str:
    """An RFC 5545 TEXT value."""
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def param(s: str) -> str:
    """A quoted parameter value (DQUOTE cannot appear inside one; control characters neither)."""
    return '"' + "".join(" " if c in '"\r\n\t' else c for c in s) + '"'


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are folded (never inside a UTF-8 sequence)."""
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not out else 74):
            out.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    out.append(cur.decode("utf-8"))
    return "\r\n ".join(out)


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _vn(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def alarm_days(due: dt.date, working_days: int = ALARM_WORKING_DAYS) -> int:
    """Calendar days back from ``due`` to the day ``working_days`` working days before it."""
    from congvan.extractors.obligations import non_working_day

    day, left = due, working_days
    while left:
        day -= dt.timedelta(days=1)
        if non_working_day(day) is None:
            left -= 1
    return (due - day).days


def _unit_uri(name: str) -> str:
    """``urn:congvan:unit:uy-ban-nhan-dan-cac-xa-thi-tran``: the unit's matching key, folded."""
    from congvan.extractors.units import unit_key

    from .textfold import fold as fold_accents

    return "urn:congvan:unit:" + quote("-".join(fold_accents(unit_key(name) or name).lower().split()), safe="-")


def _doc_label(doc: dict) -> str:
    if doc.get("number") and doc.get("symbol"):
        return f"{doc['number']}/{doc['symbol']}"
    return doc.get("symbol") or doc.get("number") or ""


def summary(ob: dict, label: str) -> str:
    dl = ob.get("deadline") or {}
    due = _date((dl.get("date") or {}).get("iso"))
    who = ", ".join(u["name"] for u in ob["responsible"])
    head = f"{RELATION_WORDS.get(dl.get('relation'), 'Hạn')} {_vn(due)} · " if due else ""
    return f"{head}{who}: {ob.get('action') or ''}" + (f" ({label})" if label else "")


def vtodo(result: dict, ob: dict, *, stamp: str, url: str | None = None, type_name: str | None = None) -> list[str]:
    doc, src = result["document"], result["source"]
    label = _doc_label(doc)
    dl = ob.get("deadline") or {}
    due = _date((dl.get("date") or {}).get("iso"))
    lines = ["BEGIN:VTODO", f"UID:{ob['id']}@congvan", f"DTSTAMP:{stamp}", fold(f"SUMMARY:{text(summary(ob, label))}")]
    if due:
        issued = _date((doc.get("issued_date") or {}).get("iso"))
        start = issued if issued and issued <= due and not ob.get("recurrence") else due
        lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DUE;VALUE=DATE:{due:%Y%m%d}"]
        if ob.get("recurrence"):
            lines.append(f"RRULE:{ob['recurrence']}")
    if dl:
        lines.append(f"X-CONGVAN-DEADLINE-RELATION:{dl.get('relation')}")
        if dl.get("rule"):
            lines.append(fold(f"X-CONGVAN-DEADLINE-RULE:{text(dl['rule'])}"))
    issuer = (doc.get("issuer") or {}).get("name")
    if issuer:
        lines.append(fold(f"ORGANIZER;CN={param(issuer)}:{_unit_uri(issuer)}"))
    for role, units in (("REQ-PARTICIPANT", ob["responsible"]), ("OPT-PARTICIPANT", ob.get("cooperating") or [])):
        for u in units:
            lines.append(fold(f"ATTENDEE;CUTYPE=GROUP;ROLE={role};CN={param(u['name'])}:{_unit_uri(u['name'])}"))
    categories = [c for c in (type_name, ob.get("action"), ob.get("period")) if c]
    if categories:
        lines.append(fold("CATEGORIES:" + ",".join(text(c) for c in categories)))
    if doc.get("urgency") in PRIORITY:
        lines.append(f"PRIORITY:{PRIORITY[doc['urgency']]}")
    if url:
        lines.append(fold(f"URL:{url}"))
    evidence = " | ".join(f"tr. {e.get('page') or '-'}: {e['text']}" for e in ob.get("evidence") or [])
    desc = (f"{ob.get('description') or ''}\n\nHạn: {dl.get('raw') or '-'}\nVăn bản: {label} ({src['path']})"
            f"\nCăn cứ: {evidence}")
    lines += ["STATUS:NEEDS-ACTION", fold(f"DESCRIPTION:{text(desc)}")]
    if due:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", fold(f"DESCRIPTION:{text('Sắp đến hạn: ' + summary(ob, label))}"),
                  f"TRIGGER;RELATED=END:-P{alarm_days(due)}D", "END:VALARM"]
    lines.append("END:VTODO")
    return lines


def calendar(results: Iterable[dict], *, now: dt.datetime | None = None, urls: dict[str, str] | None = None,
             type_names: dict[str | None, str | None] | None = None) -> str:
    """The whole feed; ``urls`` maps a document's sha256 to its page in the review app."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//congvan//obligations//VI", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:Nhiệm vụ từ văn bản đến"]
    for r in results:
        base = (urls or {}).get(r["source"]["sha256"])
        type_name = (type_names or {}).get(r["document"].get("doc_type"))
        for ob in r["obligations"]:
            url = f"{base}#ob-{quote(ob['id'], safe='')}" if base else None
            lines += vtodo(r, ob, stamp=stamp, url=url, type_name=type_name)
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
