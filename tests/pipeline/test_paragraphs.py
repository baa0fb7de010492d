"""Where a PDF's paragraph goes on though a sentence ends at the right margin (``pipeline/paragraphs.py``).

A justified body whose paragraphs start at the first-line indent: a full line that ends a sentence
(``... trả lời phiếu khảo sát.``) with the next line at the left margin, a line's height under it,
is one paragraph (public 007 laid out again: ``Văn bản cử người gửi ...`` had become a paragraph of
its own and cut the list it stood in). Where the next line is at the indent, a paragraph's space
below, or the document's paragraphs do not start indented, the break stays."""
from __future__ import annotations

import pytest

from congvan.pipeline.document import Line
from congvan.pipeline.normalise import build_text

LEFT, INDENT, RIGHT = 88.0, 116.0, 535.0
FULL = "Nội vụ xử lý các lỗi kỹ thuật phát sinh khi gửi, nhận và trả lời phiếu khảo sát."


def _page(next_left: float, next_gap: float, *, indented: bool = True, nxt: str = "Văn bản cử người gửi đến Bộ Nội vụ chậm nhất là ngày 20 tháng 12 năm 2025") -> list[Line]:
    first = INDENT if indented else LEFT
    rows = [
        (first, RIGHT, "Các bộ, tỉnh rà soát và gửi kết quả tự đánh giá, chấm điểm tới Bộ Nội vụ qua phần"),
        (LEFT, 320.0, "mềm bằng văn bản điện tử."),
        (first, RIGHT, "Căn cứ kết quả cải cách hành chính thực tế đạt được, các bộ, tỉnh triển khai công"),
        (LEFT, 300.0, "tác tự đánh giá, chấm điểm."),
        (first, RIGHT, "Trên cơ sở báo cáo đã phê duyệt, các bộ, tỉnh nhập dữ liệu kết quả tự đánh giá để"),
        (LEFT, RIGHT, FULL),
    ]
    lines, y = [], 100.0
    for x0, x1, text in rows:
        lines.append(Line(text, 1, (x0, y, x1, y + 13), column="full"))
        y += 13 + (9 if x1 < RIGHT else 5)
    y += next_gap - 5
    lines.append(Line(nxt, 1, (next_left, y, RIGHT, y + 13), column="full"))
    return lines


@pytest.mark.parametrize("next_left, gap, indented, nxt, joined", [
    (LEFT, 5, True, None, True),  # at the margin, a line's spacing under a full line: it goes on
    (INDENT, 5, True, None, False),  # at the indent: a new paragraph
    (LEFT, 12, True, None, False),  # a paragraph's space under it
    (LEFT, 5, False, None, False),  # the document's paragraphs are not indented: a line at the margin may start one
    (LEFT, 5, True, "- Chỉ đạo các cơ quan truyền thông, báo chí thực hiện thông tin, tuyên truyền", False),  # an item
    (LEFT, 5, True, "II. TỔ CHỨC THỰC HIỆN", False),  # a part
])
def test_a_sentence_ending_at_the_margin_goes_on_at_the_margin(next_left, gap, indented, nxt, joined):
    lines = _page(next_left, gap, indented=indented, **({"nxt": nxt} if nxt else {}))
    text, _, _ = build_text(lines)
    assert (FULL + " " + lines[-1].text in text) is joined
