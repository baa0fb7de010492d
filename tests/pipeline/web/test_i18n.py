"""The message catalogues: the same ids in both locales, every id the templates, the page script
and the code use is in them, and the plain-word forms of codes, periods, dates and times."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from congvan.pipeline import review
from congvan.pipeline.web import i18n

WEB = Path(i18n.__file__).parent


def test_both_catalogues_hold_the_same_ids():
    vi, en = i18n.catalogue("vi"), i18n.catalogue("en")
    assert set(vi) == set(en)
    assert all(v.strip() for v in vi.values()) and all(v.strip() for v in en.values())
    for k in vi:  # the same placeholders in both
        assert set(re.findall(r"\{(\w+)\}", vi[k])) == set(re.findall(r"\{(\w+)\}", en[k])), k


def test_every_id_used_is_in_the_catalogue():
    used = set()
    for f in list((WEB / "templates").glob("*.html")) + list(WEB.glob("*.py")):
        used |= set(re.findall(r"""(?:\b_|say|gettext\(locale\(\),|gettext\(locale,)\(?\s*['"]([a-z_]+\.[\w.]+)['"]""", f.read_text()))
    used |= {"js." + m for m in re.findall(r"\bT\.(\w+)", (WEB / "static/review.js").read_text())}
    keys = json.loads((Path(review.__file__).parent / "data/review_keys.json").read_text())
    used |= {f"key.{a}" for a in keys if not a.startswith("_")} | {"key.cancel"}
    used |= {f"field.{f}" for f, _, _ in review.DOCUMENT_FIELDS + review.OBLIGATION_FIELDS}
    used |= {f"doc_type.{c}" for c in review.DOC_TYPES} | {f"relation.{c}" for c in review.RELATIONS}
    used |= {f"status.{s}" for s in ("unreviewed", "accepted", "rejected")}
    used = {k for k in used if not k.endswith((".", "_"))}  # prefixes of ids built at run time
    missing = sorted(k for k in used if k not in i18n.catalogue("vi"))
    assert missing == []


@pytest.mark.parametrize("kind, value, vi, en", [
    ("doc_type", "cong_van", "Công văn", "Official letter"),
    ("deadline", {"date": {"year": 2025, "month": 6, "day": 15, "iso": "2025-06-15"}, "relation": "no_later_than",
                  "raw": "", "rule": None}, "Chậm nhất 15/06/2025", "No later than 15/06/2025"),
    ("deadline", {"date": {"year": 2025, "month": None, "day": None, "iso": None}, "relation": "within", "raw": "",
                  "rule": "P7WD"}, "Trong hạn 2025 (7 ngày làm việc)", "Within 2025 (7 working days)"),
    ("period", "Q1-2023", "Quý I/2023", "Quarter I/2023"),
    ("period", "H1-2024", "6 tháng đầu năm 2024", "First half of 2024"),
    ("period", "Y-2024", "Năm 2024", "Year 2024"),
    ("date", {"year": 2024, "month": 2, "day": None, "iso": None}, "02/2024", "02/2024"),
    ("units", [], "—", "—"),
])
def test_values_read_in_plain_words(kind, value, vi, en):
    assert i18n.show("vi", kind, value) == vi
    assert i18n.show("en", kind, value) == en


def test_times_are_shown_in_vietnam_time():
    assert i18n.local_time("2025-06-15T17:30:00+00:00") == "16/06/2025 00:30"


@pytest.mark.parametrize("message, vi", [
    ("'31/09/2025' does not exist", "Ngày '31/09/2025' không có trong lịch"),
    ("an obligation needs at least one responsible unit; delete it instead", "Nghĩa vụ phải có ít nhất"),
    ("something new", "something new"),
])
def test_refusals_are_translated(message, vi):
    assert i18n.error_text("vi", message).startswith(vi)


def test_every_refusal_the_review_layer_raises_has_a_pattern():
    src = "".join((Path(review.__file__).parent / f).read_text() for f in ("review.py", "review_actions.py"))
    raised = [re.sub(r"\{[^}]*\}", "1", m) for m in re.findall(r'raise ReviewError\(f?"([^"]+)"', src)]
    untranslated = [m for m in raised if i18n.error_text("vi", m) == m and not m.startswith(("no editor", "unknown action", "key ", "1: give"))]  # the last three: for the operator
    assert untranslated == []
