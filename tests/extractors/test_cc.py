"""Nơi nhận read the way letters write it: dashed, on one line, without dashes, an entry wrapped over
two lines, plus signs; before or after the signature."""
from __future__ import annotations

import pytest

from congvan.pipeline import extract_text, to_result

H="BỘ NỘI VỤ\nSố: 12/BNV-CCHC\nV/v báo cáo\nHà Nội, ngày 02 tháng 01 năm 2026\nKính gửi: Ủy ban nhân dân các tỉnh.\nĐề nghị Ủy ban nhân dân các tỉnh báo cáo trước ngày 15/01/2026.\nTrân trọng./.\n"
S="KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\n"
LISTS = [  # (the Nơi nhận block, the copies it names)
("Nơi nhận:\n- Như trên;\n- Bộ trưởng (để b/c);\n- Văn phòng Chính phủ;\n- Lưu: VT, CCHC.\n", ["Bộ trưởng","Văn phòng Chính phủ"]),
("Nơi nhận: - Như trên; - Bộ trưởng (để b/c); - Văn phòng Chính phủ; - Lưu: VT, CCHC.\n", ["Bộ trưởng","Văn phòng Chính phủ"]),
("Nơi nhận:\nNhư trên;\nBộ trưởng (để b/c);\nVăn phòng Chính phủ;\nLưu: VT, CCHC.\n", ["Bộ trưởng","Văn phòng Chính phủ"]),
("Nơi nhận:\n- Như trên;\n- Ban Chỉ đạo cải cách hành chính của\nChính phủ (để b/c);\n- Lưu: VT, CCHC.\n", ["Ban Chỉ đạo cải cách hành chính của Chính phủ"]),
("Nơi nhận:\n- Như trên;\n- Các Thứ trưởng;\n- Cổng TTĐT Bộ Nội vụ;\n- Lưu VT, CCHC (2b).\n", ["Các Thứ trưởng","Cổng thông tin điện tử Bộ Nội vụ"]),
("Nơi nhận:\n+ Như trên;\n+ Sở Tài chính;\n+ Lưu: VT.\n", ["Sở Tài chính"]),
# one body through its own leaders and departments is that body; a plural head is shared
("Nơi nhận:\n- Như trên;\n- VPCP: BTCN, các PCN, Trợ lý TTg, TGĐ Cổng TTĐT, các Vụ: KTTH, NN;\n- Lưu: VT.\n",
 ["Văn phòng Chính phủ"]),
("Nơi nhận:\n- Như trên;\n- Các Bộ: Tài chính, Tư pháp;\n- Lưu: VT.\n", ["Bộ Tài chính", "Bộ Tư pháp"]),
# the sender's own leaders by title on one line: a copy each, the head word the last one names shared
("Nơi nhận:\n- Như trên;\n- GĐ, PGĐ Sở (đ/c Hà);\n- Lưu: VT.\n", ["Giám đốc Sở", "Phó Giám đốc Sở (đ/c Hà)"]),
("Nơi nhận:\n- Như trên;\n- Giám đốc, PGĐ phụ trách;\n- Lưu: VT, VP.\n", ["Giám đốc", "Phó Giám đốc phụ trách"]),
("Nơi nhận:\n- Như trên;\n- GĐ và các PGĐ Trung tâm;\n- Lưu: VT.\n", ["Giám đốc Trung tâm", "Các Phó Giám đốc Trung tâm"]),
("Nơi nhận:\n- Như trên;\n- Chánh VP, PCVP;\n- Lưu: VT.\n", ["Chánh Văn phòng", "Phó Chánh Văn phòng"]),
# a shared head's field names written with "và" or a dash, with a comma inside, or of a ministry since merged
("Nơi nhận:\n- Như trên;\n- Các Bộ: KH và ĐT, NN-PTNT, LĐ, TB&XH;\n- Lưu: VT.\n",
 ["Bộ Kế hoạch và Đầu tư", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Lao động - Thương binh và Xã hội"]),
("Nơi nhận:\n- Như trên;\n- Các Bộ: BCVT, TS;\n- Các Sở: VH, TT và DL, GD-ĐT;\n- Lưu: VT.\n",
 ["Bộ Bưu chính, Viễn thông", "Bộ Thủy sản", "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo"]),
# a Sở or Bộ with its field in a short form that alone means something else (TC, TP, YT), or with '&'
("Nơi nhận:\n- Như trên;\n- Sở TC;\n- Sở YT (để b/c);\n- Sở LĐTB&XH;\n- Bộ VH, TT&DL;\n- Lưu: VT.\n",
 ["Sở Tài chính", "Sở Y tế", "Sở Lao động - Thương binh và Xã hội", "Bộ Văn hóa, Thể thao và Du lịch"]),
# "LĐ" before a body is its Lãnh đạo (the tuned gold writes "Lãnh đạo Văn phòng UBND tỉnh")
("Nơi nhận:\n- Như trên;\n- LĐ VP UBND tỉnh;\n- LĐ Sở (b/c);\n- Lưu: VT.\n",
 ["Lãnh đạo Văn phòng Ủy ban nhân dân tỉnh", "Lãnh đạo Sở"]),
# purpose notes in other words, or after a dash or a comma
("Nơi nhận:\n- Như trên;\n- Sở Tư pháp (phối hợp thực hiện);\n- Văn phòng Sở (đăng Website);\n- Sở Y tế - để b/c;\n"
 "- Sở Xây dựng, để biết;\n- Lưu: VT.\n", ["Sở Tư pháp", "Văn phòng Sở", "Sở Y tế", "Sở Xây dựng"]),
# the sender's file written without "Lưu" is no copy
("Nơi nhận:\n- Như trên;\n- Sở Tài chính;\n- VT, TCBC.\n", ["Sở Tài chính"]),
("Nơi nhận:\n- Như trên;\n- Sở Tài chính;\n- LT: VT, NV.\n", ["Sở Tài chính"]),
# a heading over its own items is no copy
("Nơi nhận:\n- Như trên;\n- Các sở, ngành:\n+ Sở Tài chính;\n+ Sở Xây dựng;\n- Lưu: VT.\n", ["Sở Tài chính", "Sở Xây dựng"]),
# titles of another body named at the end stay one entry
("Nơi nhận:\n- Như trên;\n- Chủ tịch, các PCT UBND huyện;\n- Lưu: VT.\n", ["Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện"]),
]


@pytest.mark.parametrize("block, names", LISTS)
@pytest.mark.parametrize("order", ["copies first", "signature first"])
def test_copies_list(block, names, order):
    text = H + (block + S if order == "copies first" else S + block)
    assert [c["name"] for c in to_result(extract_text(text))["document"].get("cc") or []] == names
