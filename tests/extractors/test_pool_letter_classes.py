"""Classes missed on real letters of the unlabelled pool (gold/pool, the six tuned on), each a rule for every
letter written so. Sentences and names are written for these tests; each class is a table of rewordings that must
give the same value, and the neighbours it must not change."""
from __future__ import annotations

import pytest

from congvan.extractors.signer import _unranked
from congvan.extractors.units import canonical_unit, unit_key

from .test_unseen_letter_classes import _pairs, _want

BARS = ["Đoàn Luật sư tỉnh Lâm Đồng", "Đoàn Luật sư tỉnh Bình Thuận", "Đoàn Luật sư tỉnh Đắk Nông"]


# a. the addressees counted or pluralised by the head of their names, or a governing organ of each of them
# ("Ban Chủ nhiệm 03 Đoàn Luật sư nêu trên"), are the Kính gửi addressees, each responsible
@pytest.mark.parametrize("duty", [
    "Ban Thường vụ Liên đoàn đề nghị Ban Chủ nhiệm 03 Đoàn Luật sư nêu trên báo cáo cơ quan có thẩm quyền trước ngày 20/10/2025.",
    "Đề nghị Ban Chủ nhiệm 03 Đoàn Luật sư báo cáo cơ quan có thẩm quyền trước ngày 20/10/2025.",
    "Đề nghị Ban Chủ nhiệm các Đoàn Luật sư nêu trên báo cáo cơ quan có thẩm quyền trước ngày 20/10/2025.",
    "Ban Chủ nhiệm 03 Đoàn Luật sư có trách nhiệm báo cáo cơ quan có thẩm quyền trước ngày 20/10/2025.",
    "Lãnh đạo các Đoàn Luật sư gửi báo cáo về Liên đoàn trước ngày 20/10/2025.",
])
def test_counted_addressees_are_the_addressees(duty):
    assert _pairs(duty, BARS) == _want(*((b, "2025-10-20") for b in BARS))


# ... and a count that is not theirs names some of them, not all
def test_a_count_that_is_not_the_addressees_stays():
    got = _pairs("Đề nghị Ban Chủ nhiệm 02 Đoàn Luật sư báo cáo cơ quan có thẩm quyền trước ngày 20/10/2025.", BARS)
    assert not any(u == unit_key(b) for u, _ in got for b in BARS)


# b. a run of dotted degrees before the signer's name, one of them misread by OCR, is no part of the name
@pytest.mark.parametrize("line, want", [
    ("LS. TS. Đỗ Ngọc Thịnh", "Đỗ Ngọc Thịnh"),
    ("ES. TS. Đỗ Ngọc Thịnh", "Đỗ Ngọc Thịnh"),
    ("ThS. BS. Lê Văn Cường", "Lê Văn Cường"),
    ("TS. Nguyễn Văn An", "Nguyễn Văn An"),
    ("PGS.TS. Trần Thị Bình", "Trần Thị Bình"),
    ("Thượng tá Phạm Thanh Hùng", "Phạm Thanh Hùng"),
    # no degree in the run, or no name after it: left as it is
    ("KT. GIÁM ĐỐC", "KT. GIÁM ĐỐC"),
    ("Nguyễn Văn An", "Nguyễn Văn An"),
])
def test_degrees_before_the_name(line, want):
    assert _unranked(line) == want


# c. a ministry abbreviated after the unit it owns ("Cục Bổ trợ tư pháp-BTP") is written out
@pytest.mark.parametrize("raw, want", [
    ("Cục Bổ trợ tư pháp-BTP", "cục bổ trợ tư pháp bộ tư pháp"),
    ("Cục Bổ trợ tư pháp - BTP", "cục bổ trợ tư pháp bộ tư pháp"),
    ("Vụ Tổ chức - Biên chế, BNV", "vụ tổ chức biên chế bộ nội vụ"),
])
def test_ministry_abbreviations(raw, want):
    assert unit_key(canonical_unit(raw)) == want
