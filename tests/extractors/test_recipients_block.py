"""What ends a ``Kính gửi`` list: a body line set directly under it (no blank line) is body, not one more
addressee, and it stays in the body (where obligations are read)."""
from __future__ import annotations

import pytest

from congvan.extractors.parts import find_parts
from congvan.extractors.recipients import find_recipients

_HEAD = "Kính gửi:\n- Sở Tư pháp;\n- Sở Nội vụ;\n"

CASES = [
    # the list's final '.' then a shared-head sentence with a verb
    ("Kính gửi: - Sở Tư pháp;\n- Sở Nội vụ.\nCác Sở: Tư pháp, Nội vụ rà soát hồ sơ.\n",
     ["Sở Tư pháp", "Sở Nội vụ"], "Các Sở: Tư pháp, Nội vụ rà soát"),
    # the same sentence after an entry that ends with ';' (the list looked still open)
    (_HEAD + "Các Sở: Tư pháp, Nội vụ rà soát hồ sơ.\n", ["Sở Tư pháp", "Sở Nội vụ"], "Các Sở: Tư pháp"),
    (_HEAD + "Ủy ban nhân dân tỉnh nhận được Công văn số 1.\n", ["Sở Tư pháp", "Sở Nội vụ"], "Ủy ban nhân dân tỉnh nhận"),
    ("Kính gửi: Sở Tư pháp,\nỦy ban nhân dân tỉnh nhận được Công văn số 1.\n", ["Sở Tư pháp"], "Ủy ban nhân dân tỉnh"),
    (_HEAD + "Sở Tài chính đề nghị các Sở báo cáo.\n", ["Sở Tư pháp", "Sở Nội vụ"], "Sở Tài chính đề nghị"),
    (_HEAD + "Sở Tài chính phối hợp các Sở rà soát.\n", ["Sở Tư pháp", "Sở Nội vụ"], "Sở Tài chính phối hợp"),
    # preamble openers (data/recipients.json 'block_openers')
    ("Kính gửi: UBND các xã.\nThực hiện Công văn số 12/UBND-VP ngày 1/2/2025.\n", ["Ủy ban nhân dân các xã"], "Thực hiện"),
    (_HEAD + "Căn cứ Luật Tổ chức chính quyền địa phương,\n", ["Sở Tư pháp", "Sở Nội vụ"], "Căn cứ"),
    (_HEAD + "Theo đề nghị của Sở Tài chính.\n", ["Sở Tư pháp", "Sở Nội vụ"], "Theo đề nghị"),
    ("Kính gửi:\n- Sở Tư pháp;\n- Sở Nội vụ,\nNgày 12/3/2025, Bộ Nội vụ có Công văn.\n", ["Sở Tư pháp", "Sở Nội vụ"], "Ngày 12/3"),
    ("Kính gửi:\nĐược sự đồng ý của UBND tỉnh.\n", [], "Được sự"),
    # the body's first item, dashed like the list's ('- Căn cứ ...')
    ("Kính gửi:\n- Sở Tư pháp;\n- Sở Nội vụ.\n- Căn cứ Luật Tổ chức chính quyền địa phương;\n",
     ["Sở Tư pháp", "Sở Nội vụ"], "- Căn cứ"),
    (_HEAD + "- Thực hiện Kế hoạch số 5 của Ủy ban nhân dân tỉnh;\n", ["Sở Tư pháp", "Sở Nội vụ"], "- Thực hiện"),
    # after the list's final '.', a dashed sentence or a dashed line much longer than an addressee
    ("Kính gửi:\n- Sở Tư pháp;\n- Sở Nội vụ.\n- Năm 2025, Sở Nội vụ đã nhận được hồ sơ của các đơn vị.\n",
     ["Sở Tư pháp", "Sở Nội vụ"], "- Năm 2025"),
    ("Kính gửi:\n- Sở Tư pháp;\n- Sở Nội vụ.\n- " + " ".join(["công tác cải cách hành chính"] * 6) + ".\n",
     ["Sở Tư pháp", "Sở Nội vụ"], "- công tác"),
    # a list that ends every entry with '.' goes on
    ("Kính gửi:\n- Sở Tư pháp.\n- Sở Nội vụ.\nThực hiện Kế hoạch số 5.\n", ["Sở Tư pháp", "Sở Nội vụ"], "Thực hiện"),
    # the body run onto the list's line (a copy that lost its line breaks)
    ("Kính gửi: Sở Tư pháp; Sở Nội vụ. Thực hiện Công văn số 12/UBND-VP ngày 1/2/2025, Ủy ban đề nghị.\n",
     ["Sở Tư pháp", "Sở Nội vụ"], "Thực hiện Công văn"),
    ("Kính gửi:\n- Sở Tư pháp;\n- Sở Nội vụ. Căn cứ Luật Tổ chức chính quyền địa phương,\n",
     ["Sở Tư pháp", "Sở Nội vụ"], "Căn cứ Luật"),
    # still addressees: an undashed entry after one that ends with ';', a shared head without a verb
    ("Kính gửi: Thường trực Tỉnh ủy;\nThường trực HĐND tỉnh.\nThực hiện Kế hoạch số 5.\n",
     ["Thường trực Tỉnh ủy", "Thường trực Hội đồng nhân dân tỉnh"], "Thực hiện"),
    (_HEAD + "Các cơ quan, đơn vị được giao nhiệm vụ.\nThực hiện Kế hoạch số 5.\n",
     ["Sở Tư pháp", "Sở Nội vụ", "Các cơ quan, đơn vị được giao nhiệm vụ"], "Thực hiện"),
    (_HEAD + "Các Sở: Y tế, Tài chính.\nThực hiện Kế hoạch số 5.\n",
     ["Sở Tư pháp", "Sở Nội vụ", "Sở Y tế", "Sở Tài chính"], "Thực hiện"),    # the list written on one line with commas: a "và" inside a name, a comma inside a name, a level list inside one
    ("Kính gửi: Sở Tài chính, Sở Giáo dục và Đào tạo, UBND các xã.\nThực hiện Kế hoạch số 5.\n",
     ["Sở Tài chính", "Sở Giáo dục và Đào tạo", "Ủy ban nhân dân các xã"], "Thực hiện"),
    ("Kính gửi: Sở Văn hóa, Thể thao và Du lịch, Sở Y tế.\nThực hiện Kế hoạch số 5.\n",
     ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"], "Thực hiện"),
    ("Kính gửi: Các Phòng Giáo dục và Đào tạo huyện, thị xã, thành phố, Các trường trung học phổ thông.\n"
     "Thực hiện Kế hoạch số 5.\n",
     ["Các Phòng Giáo dục và Đào tạo huyện, thị xã, thành phố", "Các trường trung học phổ thông"], "Thực hiện"),
]


@pytest.mark.parametrize("text,names,body", CASES)
def test_a_body_line_under_the_list_ends_it(text, names, body):
    parts = find_parts(text)
    found = [m.value["name"] for m in find_recipients(text, body_start=parts.body_start)]
    assert found == names
    assert text[parts.body_start:].startswith(body)


def test_the_body_run_onto_the_list_keeps_its_duty(tmp_path):
    from congvan.pipeline.run import extract, to_result

    path = tmp_path / "letter.txt"
    path.write_text("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 12/UBND-VP\nLâm Đồng, ngày 01 tháng 12 năm 2025\nV/v báo cáo\n"
                    "Kính gửi: Sở Tư pháp; Sở Nội vụ. Thực hiện Công văn số 5/BNV-VP ngày 1/11/2025 của Bộ Nội vụ, "
                    "Ủy ban nhân dân tỉnh đề nghị Sở Tư pháp báo cáo kết quả trước ngày 20/12/2025.\n\n"
                    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn A\n", encoding="utf-8")
    result = to_result(extract(path, ocr=False))
    assert [r["name"] for r in result["document"]["recipients"]] == ["Sở Tư pháp", "Sở Nội vụ"]
    duties = [(o["responsible"][0]["name"], o["action"], o["deadline"]["raw"]) for o in result["obligations"]]
    assert duties == [("Sở Tư pháp", "báo cáo", "trước ngày 20/12/2025")]


@pytest.mark.parametrize("opener", ["Phúc đáp Công văn số 5/BNV-VP ngày 1/11/2025 của Bộ Nội vụ,",
                                    "Tiếp theo Công văn số 5/UBND-VP ngày 1/11/2025,",
                                    "Được sự đồng ý của Ủy ban nhân dân tỉnh,"])
def test_a_letter_without_kinh_gui_begins_its_body_at_the_same_openers(opener):
    text = f"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 12/UBND-VP\nV/v báo cáo kết quả\n{opener} Sở Nội vụ báo cáo.\n"
    parts = find_parts(text)
    assert text[parts.body_start:].startswith(opener)
