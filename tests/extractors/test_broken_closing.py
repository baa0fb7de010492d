"""A closing hand-over broken over two lines, also inside a word ("gửi Sở Nội vụ tổng" / "hợp./."): the sentence is
read whole, so the duty is the addressee's compiling, not the sender's own act (gold/pool pool066's layout class)."""
from __future__ import annotations

import pytest

from congvan.extractors.units import unit_key

from .test_unseen_letter_classes import _pairs, _want


@pytest.mark.parametrize("closing", [
    "Ủy ban nhân dân tỉnh Lâm Đồng có ý kiến trao đổi gửi Sở Nội vụ tổng\nhợp./.",
    "Ủy ban nhân dân tỉnh Lâm Đồng có ý kiến trao đổi gửi Sở Nội vụ\ntổng hợp./.",
    "Ủy ban nhân dân tỉnh Lâm Đồng có ý kiến trao đổi gửi Sở Nội vụ tổng hợp./.",
])
def test_a_handover_broken_over_lines_is_the_addressees(closing):
    body = "Ủy ban nhân dân tỉnh thống nhất với nội dung dự thảo.\n" + closing
    assert _pairs(body, ["Sở Nội vụ"]) == _want(("Sở Nội vụ", None))
