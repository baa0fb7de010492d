"""The review app's fields and form values: the fields a reviewer checks (labels, editors, the
choices of each), a contract value shown as the text a clerk writes (``20/11/2024``,
``../02/2024``) and that text parsed back (``ReviewError`` with the reason where it cannot be).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from congvan.extractors import fastre as re

DOC_TYPES = ["cong_van", "ke_hoach", "thong_bao", "quyet_dinh", "huong_dan", "bao_cao", "chi_thi", "to_trinh",
             "giay_moi", "nghi_quyet", "nghi_dinh", "thong_tu", "chuong_trinh", "ban_cam_ket", "de_an",
             "cong_dien", "other"]
RELATIONS = ["before", "no_later_than", "on", "from", "within"]
AUTHORITIES = ["TM.", "KT.", "TL.", "TUQ.", "Q."]
URGENCY = ["khan", "thuong_khan", "hoa_toc"]
CONFIDENTIALITY = ["mat", "toi_mat", "tuyet_mat"]

# (field, label shown to the reviewer, editor kind); the order is the order on the page
DOCUMENT_FIELDS = [
    ("number", "Số", "text"), ("symbol", "Ký hiệu", "text"), ("doc_type", "Loại văn bản", "doc_type"),
    ("issuer", "Cơ quan ban hành", "unit"), ("place", "Địa danh", "text"), ("issued_date", "Ngày ban hành", "date"),
    ("subject", "Trích yếu", "text"), ("recipients", "Kính gửi", "units"), ("signer", "Người ký", "signer"),
    ("cc", "Nơi nhận", "units"), ("references", "Văn bản dẫn chiếu", "references"),
    ("urgency", "Độ khẩn", "urgency"), ("confidentiality", "Độ mật", "confidentiality"),
]
OBLIGATION_FIELDS = [
    ("responsible", "Đơn vị chủ trì", "units"), ("cooperating", "Đơn vị phối hợp", "units"),
    ("action", "Hành động", "text"), ("description", "Nhiệm vụ", "text"), ("deadline", "Thời hạn", "deadline"),
    ("data_window", "Chốt số liệu", "window"), ("period", "Kỳ báo cáo", "text"), ("submit_to", "Gửi đến", "text"),
]
EDITOR = {f: kind for f, _, kind in DOCUMENT_FIELDS}
OB_EDITOR = {f: kind for f, _, kind in OBLIGATION_FIELDS}


class ReviewError(ValueError):
    """A reviewer's input that cannot be stored; the message says why, for the page."""


# ---------------------------------------------------------------- values <-> form text


def date_text(d: dict | None) -> str:
    """A partial date as a clerk writes it: ``20/11/2024``, ``../02/2024``; blank for none."""
    if not d:
        return ""
    day = f"{d['day']:02d}" if d.get("day") else ".."
    month = f"{d['month']:02d}" if d.get("month") else ".."
    return f"{day}/{month}/{d['year']}" if d.get("year") else (f"{day}/{month}" if d.get("month") else "")


_DATE = re.compile(r"^\s*(?:(\d{1,2}|\.\.)\s*[/.-]\s*)?(?:(\d{1,2}|\.\.)\s*[/.-]\s*)?(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str) -> dict | None:
    """``20/11/2024``, ``2024-11-20``, ``11/2024``, ``../02/2024`` or ``2024`` -> a partial date;
    blank -> None. Raises ReviewError for anything else or a day that does not exist."""
    text = (text or "").strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DATE.match(text)
        if not m:
            raise ReviewError(f"'{text}' is not a date; write it as dd/mm/yyyy (e.g. 20/11/2024)")
        a, b, year = m[1], m[2], int(m[3])
        if b is None:  # "11/2024": month and year
            day, month = None, None if a in (None, "..") else int(a)
        else:
            day, month = None if a == ".." else int(a), None if b == ".." else int(b)
    if month is not None and not 1 <= month <= 12:
        raise ReviewError(f"'{text}': there is no month {month}")
    iso = None
    if day is not None:
        if month is None:
            raise ReviewError(f"'{text}': a day needs its month")
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            raise ReviewError(f"'{text}' does not exist") from None
    return {"year": year, "month": month, "day": day, "iso": iso}


def units_text(units: list[dict] | None) -> str:
    return "\n".join(u["name"] for u in units or [])


def parse_units(text: str, old: list[dict] | None = None) -> list[dict]:
    """One unit per line; a name the extraction had keeps its ``raw`` and ``is_group``."""
    known = {u["name"]: u for u in old or []}
    out = []
    for line in (text or "").splitlines():
        name = " ".join(line.split()).strip(" ;,")
        if not name:
            continue
        if name in known:
            out.append(dict(known[name]))
        else:
            out.append({"name": name, "raw": name, "is_group": _looks_like_group(name)})
    return out


def parse_references(text: str, old: list[dict] | None = None) -> list[dict]:
    """One cited document per line, as the letter writes it (``Công văn số 983/SNV-TCBC ngày
    30/6/2023``), read by the same extractor as the letters; a line it cannot read is refused."""
    from congvan.extractors.references import find_references

    known = {r["raw"]: r for r in old or []}
    out = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if line in known:
            out.append(dict(known[line]))
            continue
        found = [m.value for m in find_references(line)]
        if not found:
            raise ReviewError(f"'{line}' is not a document reference; write it as 'Công văn số 983/SNV-TCBC "
                              f"ngày 30/6/2023'")
        out.extend(found)
    return out


def _looks_like_group(name: str) -> bool:
    """``Các sở, ban, ngành``, ``Ủy ban nhân dân các xã`` name a class of units."""
    return bool(re.match(r"(?i)^các\b", name) or re.search(r"\scác\s", name))


def _text(value: str) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _choice(value: str, choices: list[str], what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if value not in choices:
        raise ReviewError(f"'{value}' is not a {what}; one of {', '.join(choices)}")
    return value


def parse_field(kind: str, form: dict[str, str], old: Any) -> Any:
    """The contract value of one field from the inputs of its editor."""
    v = form.get("value", "")
    if kind == "text":
        return _text(v)
    if kind == "doc_type":
        return _choice(v, DOC_TYPES, "document type")
    if kind == "urgency":
        return _choice(v, URGENCY, "urgency")
    if kind == "confidentiality":
        return _choice(v, CONFIDENTIALITY, "confidentiality level")
    if kind == "date":
        return parse_date(v)
    if kind == "units":
        return parse_units(v, old)
    if kind == "references":
        return parse_references(v, old)
    if kind == "unit":
        name = _text(v)
        if name is None:
            return None
        return dict(old) if old and old.get("name") == name else {"name": name, "raw": name, "is_group": False}
    if kind == "signer":
        name, title = _text(form.get("name", "")), _text(form.get("title", ""))
        authority = _choice(form.get("authority", ""), AUTHORITIES, "signing authority")
        return None if name is title is authority is None else {"name": name, "title": title, "authority": authority}
    if kind == "deadline":
        date = parse_date(v)
        relation = _choice(form.get("relation", ""), RELATIONS, "deadline relation") or "no_later_than"
        if date is None:
            return None
        raw = (old or {}).get("raw") if old and old.get("date") == date else v.strip()
        rule = (old or {}).get("rule") if old and old.get("date") == date else None
        return {"date": date, "relation": relation, "raw": raw, "rule": rule}
    if kind == "window":
        start, end = parse_date(form.get("start", "")), parse_date(form.get("end", ""))
        if start is None and end is None:
            return None
        if start and end and start["iso"] and end["iso"] and start["iso"] > end["iso"]:
            raise ReviewError("the data window ends before it starts")
        same = old and old.get("start") == start and old.get("end") == end
        return {"start": start, "end": end, "raw": old["raw"] if same else
                f"từ {date_text(start) or '...'} đến {date_text(end) or '...'}"}
    raise ReviewError(f"no editor for {kind!r}")


def value_text(kind: str, value: Any) -> str:
    """How a value reads in the field list."""
    if value in (None, [], ""):
        return "—"
    if kind == "date":
        return date_text(value)
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
        return f"{value['relation']} {when}" + (f" ({value['rule']})" if value.get("rule") else "")
    if kind == "window":
        return f"{date_text(value.get('start')) or '…'} → {date_text(value.get('end')) or '…'}"
    return str(value)
