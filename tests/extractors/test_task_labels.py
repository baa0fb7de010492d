"""Labelled task blocks (extractors/task_labels.py): a plan's task item with the lines under it that name who leads
it, who helps and by when, written several ways, gives the same obligation; lines that only look like labels give
none. Base tasks written for these tests in the shapes plans use (issue 13l: the prose walk read
"- Cơ quan chủ trì: Sở Nội vụ" as a duty of "Cơ quan" and lost the real one)."""
from __future__ import annotations

import pytest

from congvan.extractors.task_labels import find_inline_blocks, find_task_blocks
from congvan.pipeline import extract_text, to_result

from .test_metamorphic import letter

TASK = "Rà soát, sắp xếp các hội có phạm vi hoạt động trong tỉnh"

# one task, its labels written seven ways: the same (responsible, cooperating, deadline)
BLOCKS = [
    f"II. NHIỆM VỤ CỤ THỂ\n1. {TASK}\n- Cơ quan chủ trì: Sở Nội vụ.\n- Cơ quan phối hợp: Sở Tư pháp.\n"
    "- Thời gian hoàn thành: trước ngày 30/11/2025.",
    f"1. {TASK}.\n+ Đơn vị chủ trì: Sở Nội vụ;\n+ Đơn vị phối hợp: Sở Tư pháp;\n+ Thời hạn hoàn thành: trước ngày 30/11/2025.",
    f"1. {TASK}\nĐơn vị chủ trì: Sở Nội vụ; đơn vị phối hợp: Sở Tư pháp; thời gian hoàn thành: trước ngày 30/11/2025.",
    f"a) {TASK}\n- Cơ quan chủ trì thực hiện: Sở Nội vụ\n- Cơ quan phối hợp thực hiện: Sở Tư pháp\n"
    "- Thời gian hoàn thành (dự kiến): chậm nhất ngày 30/11/2025",
    f"- {TASK}:\n+ Chủ trì: Sở Nội vụ.\n+ Phối hợp: Sở Tư pháp.\n+ Thời hạn: 30/11/2025.",
    f"1. {TASK}\n- Đơn vị thực hiện: Sở Nội vụ.\n- Phối hợp: Sở Tư pháp.\n- Tiến độ hoàn thành: trước 30/11/2025.",
    f"a) {TASK} (Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp; hoàn thành trước ngày 30/11/2025).",
]


PLAN = "Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính năm 2025.\n"


def _obligations(body: str) -> list[tuple]:
    r = to_result(extract_text(letter(PLAN + body, recipients=["Sở Nội vụ", "Sở Tư pháp"])))
    return [(tuple(u["name"] for u in o["responsible"]), tuple(u["name"] for u in o["cooperating"]),
             ((o.get("deadline") or {}).get("date") or {}).get("iso")) for o in r["obligations"]]


@pytest.mark.parametrize("body", BLOCKS, ids=[f"block-{i}" for i in range(len(BLOCKS))])
def test_a_labelled_task_reworded_is_the_same_obligation(body):
    assert _obligations(body) == [(("Sở Nội vụ",), ("Sở Tư pháp",), "2025-11-30")]


def test_two_blocks_are_two_obligations_and_a_period_is_no_day():
    body = (f"1. {TASK}\n- Cơ quan chủ trì: Sở Nội vụ.\n- Thời gian hoàn thành: trước ngày 30/11/2025.\n"
            "2. Tổ chức hội nghị tập huấn nghiệp vụ\n- Đơn vị thực hiện: Sở Tư pháp.\n- Thời gian thực hiện: Quý IV/2025.")
    assert _obligations(body) == [(("Sở Nội vụ",), (), "2025-11-30"), (("Sở Tư pháp",), (), None)]


@pytest.mark.parametrize("body", [
    # a meeting's particulars: no one leads a task
    "1. Hội nghị sơ kết công tác năm 2025\n- Thời gian: 08 giờ 00, ngày 20/11/2025.\n- Địa điểm: Hội trường Sở Nội vụ.",
    # a label word inside a sentence opens no block
    f"1. {TASK}\nViệc này do đơn vị chủ trì: Sở Nội vụ nêu tại Công văn số 12/SNV-TCBC đã được tổng hợp.",
    # a task line with no label under it, then a line between
    f"1. {TASK}\n\nGhi chú: các đơn vị chủ động thực hiện.",
])
def test_lines_that_only_look_like_labels_give_no_block(body):
    text = letter(body, recipients=["Sở Nội vụ"])
    assert list(find_task_blocks(text)) == []


def test_the_reader_gives_the_spans_of_each_part():
    text = f"1. {TASK}\n- Cơ quan chủ trì: Sở Nội vụ.\n- Cơ quan phối hợp: Sở Tư pháp, Sở Tài chính.\n- Thời gian: Quý IV/2025.\n"
    (row,) = find_task_blocks(text)
    part = {role: [text[a:b] for a, b in spans] for role, spans in row.cells.items()}
    assert part == {"task": [TASK], "responsible": ["Sở Nội vụ"], "cooperating": ["Sở Tư pháp, Sở Tài chính"],
                    "time": ["Quý IV/2025"]}
    assert text[row.start:row.end].startswith("1. ") and text[row.start:row.end].endswith("Quý IV/2025.")


def test_the_inline_reader_needs_the_closing_parenthesis():
    assert list(find_inline_blocks(f"a) {TASK} (Sở Nội vụ chủ trì, thực hiện trước ngày 30/11/2025) và tiếp tục.")) == []
    (row,) = find_inline_blocks(f"a) {TASK} (Sở Nội vụ chủ trì, thực hiện trước ngày 30/11/2025).")
    assert row.cells["time"] and row.cells["responsible"]
