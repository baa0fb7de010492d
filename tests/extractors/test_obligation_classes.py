"""Phrasing classes of duties found on letters nobody tuned on (issue 13): each a case table with rows
that failed before the class became a rule (the others guard its neighbours). Compared: the responsible units (by matching key) and the
deadline's date, as the eval scores them."""
from __future__ import annotations

import pytest

from congvan.extractors.units import unit_key
from congvan.pipeline import extract_text, to_result

from .test_metamorphic import letter


def _found(body: str, recipients: list[str], **kw) -> set[tuple[str, str | None]]:
    r = to_result(extract_text(letter(body, recipients=recipients, **kw)))
    return {(unit_key(u["name"]), ((o.get("deadline") or {}).get("date") or {}).get("iso"))
            for o in r["obligations"] for u in o["responsible"]}


def _want(*pairs) -> set[tuple[str, str | None]]:
    return {(unit_key(u), d) for u, d in pairs}


# a verb that the list lacked right after the unit: the tagger had read it as part of the name
# ("Sở Tài chính thẩm tra", "Ủy ban nhân dân các xã niêm yết")
@pytest.mark.parametrize("body, unit, day", [
    ("Đề nghị Sở Tài chính thẩm tra, quyết toán kinh phí trước ngày 30/6/2025.", "Sở Tài chính", "2025-06-30"),
    ("Yêu cầu Ủy ban nhân dân các xã niêm yết công khai thủ tục hành chính trước ngày 15/7/2025.",
     "Ủy ban nhân dân các xã", "2025-07-15"),
    ("Ủy ban nhân dân tỉnh yêu cầu Công an tỉnh tăng cường tuần tra, kiểm soát trước ngày 01/9/2025.",
     "Công an tỉnh", "2025-09-01"),
    ("Sở Nội vụ đề nghị Ban Chấp hành Hội Luật gia tỉnh điều chỉnh thời gian tổ chức Đại hội trước ngày "
     "30/6/2025.", "Ban Chấp hành Hội Luật gia tỉnh", "2025-06-30"),
    ("Giao Sở Tài chính thu hồi số tiền đã tạm ứng trước ngày 30/6/2025.", "Sở Tài chính", "2025-06-30"),
])
def test_a_verb_the_list_lacked_ends_the_unit(body, unit, day):
    assert _found(body, [unit]) == _want((unit, day))


def test_a_verb_after_a_semicolon_has_no_subject_before_it():
    # a plan's objective listing who gets powers, then the next task after ';': no duty of those units
    body = ("Triển khai thực hiện Nghị quyết số 04/NQ-CP ngày 10/01/2022 của Chính phủ; đẩy mạnh phân cấp, ủy quyền "
            "cho các sở, ban, ngành, UBND các huyện, thành phố; tăng cường thanh tra, kiểm tra các nội dung đã phân cấp.")
    assert _found(body, ["Sở Nội vụ"]) == set()
