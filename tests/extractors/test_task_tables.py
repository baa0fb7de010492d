"""Task tables ("Phân công nhiệm vụ"): one obligation per row, the same duty as a list item or a
``Giao X chủ trì`` sentence, and nothing from tables that assign nothing.

The tables are written for these tests the way agencies write them: the column words of real
plans, several column orders, Roman section rows and ``1.1`` numbering, cells wrapped over lines,
time cells in every common form. They come as the normalised text gives them: a text copy's ``|``
cells (rows joined into one paragraph by the normaliser), a flattened row (cells joined by spaces),
a row written one cell a line.
"""
from __future__ import annotations

import random
import unicodedata

import pytest

from congvan.extractors.base import data
from congvan.extractors.obligations import find_obligations
from congvan.extractors.task_tables import find_task_rows, maybe_tables, table_obligations, time_deadline
from congvan.extractors.units import unit_key
from congvan.pipeline import extract_text, to_result, validate
from congvan.pipeline.syllables import traditional_tones

from .test_metamorphic import letter


def _read(text: str) -> list[tuple[str, list[str], str, tuple | None]]:
    """(responsible key, cooperating keys, description, (relation, year, month, day)) per row."""
    out = []
    for ob in table_obligations(text):
        v = ob.value
        d = v["deadline"]
        out.append(("; ".join(unit_key(u["name"]) for u in v["responsible"]),
                    [unit_key(u["name"]) for u in v["cooperating"]], v["description"],
                    (d["relation"], d["date"]["year"], d["date"]["month"], d["date"]["day"]) if d else None))
    return out


K = unit_key  # the tables below name units as written; keys compare them
SNV, STC, VP = K("Sở Nội vụ"), K("Sở Tài chính"), K("Văn phòng Ủy ban nhân dân tỉnh")

# (id, table text, expected rows)
TABLES = [
    ("flattened, content | chủ trì | phối hợp | thời gian",
     "TT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành\n"
     "1 Xây dựng cơ sở dữ liệu cán bộ, công chức Sở Nội vụ Các sở, ban, ngành Quý III/2025\n"
     "2 Bố trí kinh phí thực hiện Kế hoạch Sở Tài chính Sở Nội vụ Tháng 9/2025\n",
     [(SNV, [K("Các sở, ban, ngành")], "Xây dựng cơ sở dữ liệu cán bộ, công chức", ("no_later_than", 2025, 9, None)),
      (STC, [SNV], "Bố trí kinh phí thực hiện Kế hoạch", ("no_later_than", 2025, 9, None))]),
    ("flattened rows joined into one paragraph, Roman section rows",
     "STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời hạn I Công tác chỉ đạo, điều hành "
     "1 Tham mưu UBND tỉnh ban hành Quy chế Văn phòng UBND tỉnh Sở Tư pháp Trước 30/9/2025 "
     "II Công tác tuyên truyền 2 Tuyên truyền về chuyển đổi số Báo Lâm Đồng Đài Phát thanh - Truyền hình tỉnh "
     "Thường xuyên",
     [(VP, [K("Sở Tư pháp")], "Tham mưu UBND tỉnh ban hành Quy chế", ("before", 2025, 9, 30)),
      (K("Báo Lâm Đồng"), [K("Đài Phát thanh - Truyền hình tỉnh")], "Tuyên truyền về chuyển đổi số", None)]),
    ("flattened, sub-numbering 1.1 / 1.2, a product column after the time",
     "TT Nội dung Chủ trì Phối hợp Tiến độ Sản phẩm\n"
     "1 Cải cách thể chế\n"
     "1.1 Rà soát văn bản quy phạm pháp luật Sở Tư pháp Các sở, ngành Tháng 10/2025 Báo cáo rà soát\n"
     "1.2 Kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh Sở Nội vụ Văn phòng UBND tỉnh 30/11/2025 Quyết định\n",
     [(K("Sở Tư pháp"), [K("Các sở, ngành")], "Rà soát văn bản quy phạm pháp luật", ("no_later_than", 2025, 10, None)),
      (SNV, [VP], "Kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh", ("no_later_than", 2025, 11, 30))]),
    ("flattened, the time column before the units",
     "TT Nội dung thực hiện Thời gian thực hiện Đơn vị chủ trì Đơn vị phối hợp\n"
     "1 Tổ chức hội nghị tập huấn Tháng 8/2025 Sở Nội vụ UBND các xã, phường\n",
     [(SNV, [K("Ủy ban nhân dân các xã, phường")], "Tổ chức hội nghị tập huấn", ("no_later_than", 2025, 8, None))]),
    ("flattened, no phối hợp column: every unit is responsible",
     "TT Công việc Đơn vị thực hiện Thời hạn hoàn thành\n"
     "1 Báo cáo kết quả thực hiện Sở Tài chính, Sở Nội vụ Trước ngày 15/12/2025\n",
     [(f"{STC}; {SNV}", [], "Báo cáo kết quả thực hiện", ("before", 2025, 12, 15))]),
    ("one cell a line (a copy of a table from a word processor)",
     "STT\nNhiệm vụ\nCơ quan chủ trì\nCơ quan phối hợp\nThời hạn\n1\nRà soát thủ tục hành chính\nVăn phòng UBND tỉnh\n"
     "Các sở, ngành\nTrước ngày 30/9/2025\n2\nTổ chức hội nghị sơ kết\nSở Nội vụ\nUBND các xã, phường\nTháng 12/2025",
     [(VP, [K("Các sở, ngành")], "Rà soát thủ tục hành chính", ("before", 2025, 9, 30)),
      (SNV, [K("Ủy ban nhân dân các xã, phường")], "Tổ chức hội nghị sơ kết", ("no_later_than", 2025, 12, None))]),
    ("pipe cells, rows joined into one paragraph, an empty phối hợp cell",
     "| TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành | Sản phẩm | |---|---|---|---|---|---| "
     "| 1 | Xây dựng cơ sở dữ liệu cán bộ, công chức | Sở Nội vụ | Các sở, ban, ngành | Quý III/2025 | Cơ sở dữ liệu | "
     "| 2 | Tuyên truyền về chuyển đổi số | Báo Lâm Đồng | | Thường xuyên | Tin bài |",
     [(SNV, [K("Các sở, ban, ngành")], "Xây dựng cơ sở dữ liệu cán bộ, công chức", ("no_later_than", 2025, 9, None)),
      (K("Báo Lâm Đồng"), [], "Tuyên truyền về chuyển đổi số", None)]),
    ("pipe cells wrapped over lines (a row without a number goes on with the row above), a merged chủ trì cell",
     "| STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời hạn |\n"
     "| 1 | Xây dựng Kế hoạch chuyển đổi số | Sở Khoa học và | Sở Nội vụ | Tháng 9/2025 |\n"
     "| | năm 2025 của tỉnh | Công nghệ | | |\n"
     "| 2 | Triển khai nền tảng số dùng chung | | Các sở, ngành | Quý IV/2025 |",
     [(K("Sở Khoa học và Công nghệ"), [SNV], "Xây dựng Kế hoạch chuyển đổi số năm 2025 của tỉnh",
       ("no_later_than", 2025, 9, None)),
      (K("Sở Khoa học và Công nghệ"), [K("Các sở, ngành")], "Triển khai nền tảng số dùng chung",
       ("no_later_than", 2025, 12, None))]),
    ("pipe cells, columns in another order (time before the units), capitals in the header",
     "| TT | NỘI DUNG NHIỆM VỤ | THỜI HẠN | CƠ QUAN CHỦ TRÌ | CƠ QUAN PHỐI HỢP |\n"
     "| 1 | Tổng kết 05 năm thực hiện Đề án | Trước 15/11/2025 | Sở Tư pháp | Sở Nội vụ, Sở Tài chính |",
     [(K("Sở Tư pháp"), [SNV, STC], "Tổng kết 05 năm thực hiện Đề án", ("before", 2025, 11, 15))]),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in TABLES])
def test_table_rows(text, expected):
    assert _read(text) == expected


# a time cell as written -> (relation, year, month, day, rule) or None (no deadline)
TIME_CELLS = [
    ("Tháng 9/2025", ("no_later_than", 2025, 9, None, "END_OF_MONTH")),
    ("Trong tháng 9/2025", ("no_later_than", 2025, 9, None, "END_OF_MONTH")),
    ("tháng 12 năm 2025", ("no_later_than", 2025, 12, None, "END_OF_MONTH")),
    ("Tháng 9 - 10/2025", ("no_later_than", 2025, 10, None, "END_OF_MONTH")),
    ("Quý IV/2025", ("no_later_than", 2025, 12, None, "END_OF_QUARTER;Q=4")),
    ("Quý III năm 2025", ("no_later_than", 2025, 9, None, "END_OF_QUARTER;Q=3")),
    ("Trong Quý II/2026", ("no_later_than", 2026, 6, None, "END_OF_QUARTER;Q=2")),
    ("Quý III-IV/2025", ("no_later_than", 2025, 12, None, "END_OF_QUARTER;Q=4")),
    ("Năm 2025", ("no_later_than", 2025, None, None, "END_OF_YEAR")),
    ("Trước 30/9/2025", ("before", 2025, 9, 30, None)),
    ("Trước ngày 30/9/2025", ("before", 2025, 9, 30, None)),
    ("Trước 30/9", ("before", None, 9, 30, None)),
    ("30/11/2025", ("no_later_than", 2025, 11, 30, None)),
    ("Chậm nhất ngày 20/12/2025", ("no_later_than", 2025, 12, 20, None)),
    ("Hoàn thành trước ngày 15/10/2025", ("before", 2025, 10, 15, None)),
    ("Thường xuyên", None),
    ("Thường xuyên, liên tục", None),
    ("Hằng năm", None),
    ("Hàng quý", None),
    ("Theo tiến độ", None),
    ("Theo kế hoạch", None),
    ("", None),
    ("16 giờ ngày 20/9/2025", ("no_later_than", 2025, 9, 20, None)),  # a time of day with its date: a deadline
    ("Khi có ý kiến của cấp trên", None),  # an event the grammar cannot date: no deadline rather than a wrong one
]


@pytest.mark.parametrize("cell, expected", TIME_CELLS, ids=[c or "(empty)" for c, _ in TIME_CELLS])
def test_time_cell(cell, expected):
    text = f"xx {cell} yy"
    d = time_deadline(text, 3, 3 + len(cell))
    if expected is None:
        assert d is None
        return
    date = d.value["date"]
    assert (d.value["relation"], date["year"], date["month"], date["day"], d.value["rule"]) == expected
    assert (d.start, d.end) == (3, 3 + len(cell)) and d.value["raw"] == cell


# ---------------------------------------------------------------- the same duty, three ways

DUTIES = [
    ("Sở Nội vụ", "Các sở, ban, ngành", "Xây dựng cơ sở dữ liệu cán bộ, công chức", "Quý III/2025", "trong Quý III/2025",
     (2025, 9, None)),
    ("Sở Tài chính", "Sở Nội vụ", "Bố trí kinh phí thực hiện Kế hoạch", "Tháng 9/2025", "thời gian hoàn thành: Tháng 9/2025",
     (2025, 9, None)),
    ("Văn phòng UBND tỉnh", "Sở Tư pháp", "Tham mưu UBND tỉnh ban hành Quy chế làm việc", "Trước 30/9/2025",
     "trước ngày 30/9/2025", (2025, 9, 30)),
    ("Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Triển khai nền tảng số dùng chung",
     "30/11/2025", "thời hạn hoàn thành: 30/11/2025", (2025, 11, 30)),
]


def _shapes(unit, coop, task, cell, phrase):
    low = task[:1].lower() + task[1:]
    co = "các" + coop[3:] if coop.startswith("Các ") else coop  # a class in the sentence, a name as written
    yield "table row (flattened)", (
        "IV. TỔ CHỨC THỰC HIỆN\nCác cơ quan, đơn vị thực hiện các nhiệm vụ sau:\n"
        "TT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành\n"
        f"1 {task} {unit} {coop} {cell}\n")
    yield "table row (pipes)", (
        "IV. TỔ CHỨC THỰC HIỆN\n| TT | Nội dung | Chủ trì | Phối hợp | Thời hạn |\n"
        f"| 1 | {task} | {unit} | {coop} | {cell} |\n")
    yield "list item under the unit's heading", (
        f"IV. TỔ CHỨC THỰC HIỆN\n1. {unit}:\n- Chủ trì, phối hợp với {co} {low}; {phrase}.\n")
    yield "Giao X chủ trì sentence", (
        f"IV. TỔ CHỨC THỰC HIỆN\nGiao {unit} chủ trì, phối hợp với {co} {low}, {phrase}.\n")


SHAPE_CASES = [pytest.param(d, name, body, id=f"{d[0]}: {name}") for d in DUTIES for name, body in _shapes(*d[:5])]


@pytest.mark.parametrize("duty, name, body", SHAPE_CASES)
def test_same_duty_as_row_list_item_or_sentence(duty, name, body):
    unit, coop, task, _, _, day = duty
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert validate(r) == []
    mine = [o for o in r["obligations"] if [unit_key(u["name"]) for u in o["responsible"]] == [unit_key(unit)]]
    assert len(mine) == 1, [(o["responsible"], o["description"]) for o in r["obligations"]]
    o = mine[0]
    core = " ".join(task.split()[1:]).lower()  # the task without its verb ("chủ trì" may lead a list item)
    assert core in o["description"].lower()
    assert unit_key(coop) in [unit_key(u["name"]) for u in o["cooperating"]]
    d = o["deadline"]["date"]
    assert (d["year"], d["month"], d["day"]) == day


# ---------------------------------------------------------------- tables that assign nothing

NOT_DUTY_TABLES = [
    ("recipients", "Kính gửi:\nTT Tên cơ quan Địa chỉ Số điện thoại\n1 Sở Nội vụ 36 Trần Phú 0263 3822 111\n"
                   "2 Sở Tài chính 12 Lê Hồng Phong 0263 3822 222\n"),
    ("statistics", "TT Lĩnh vực Số lượng hồ sơ Tỷ lệ đúng hạn\n1 Đất đai 1.266 68,1%\n2 Hộ tịch 2.090 82,9%\n"),
    ("personnel", "STT Họ và tên Chức vụ Đơn vị công tác Số điện thoại Ghi chú\n1 Nguyễn Văn An Phó Giám đốc Sở Nội vụ "
                  "0912 345 678\n2 Trần Thị Bình Chánh Văn phòng Sở Tài chính 0987 654 321\n"),
    ("Nơi nhận", "Nơi nhận:\n- Như trên;\n- Sở Nội vụ (phối hợp);\n- Sở Tài chính (thực hiện);\n- Lưu: VT.\n"),
    ("scoring criteria", "STT Lĩnh vực/Tiêu chí/Tiêu chí thành phần Điểm tối đa Tài liệu kiểm chứng\n"
                         "1 Công tác chỉ đạo, điều hành 1.00\n1.1 Kế hoạch cải cách hành chính năm 0.50\n"),
    ("prose naming the columns", "Các cơ quan báo cáo theo mẫu gồm nội dung công việc, đơn vị chủ trì, đơn vị phối hợp, "
                                 "thời gian hoàn thành. 1. Sở Nội vụ tổng hợp báo cáo.\n"),
    ("header only", "TT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành\n"),
    ("a header, then prose", "TT Nội dung công việc Đơn vị chủ trì Thời gian hoàn thành\nCác đơn vị chủ động thực hiện "
                             "theo chức năng, nhiệm vụ được giao.\n"),
    ("a meeting's agenda (who chairs each item)", "Thời gian Nội dung Chủ trì\n07h45 - 8h00 Tiếp đón đại biểu Bộ Công an\n"
                                                  "08h00 - 08h10 Tuyên bố lý do Văn phòng Chính phủ\n"),
    ("an agenda with the time last", "| TT | Nội dung | Chủ trì | Thời gian |\n| 1 | Khai mạc hội nghị | Văn phòng UBND tỉnh "
                                     "| 08h00 |\n| 2 | Báo cáo tham luận | Sở Nội vụ | 8 giờ 30 |"),
    ("rows without a unit", "TT Nội dung Chủ trì Phối hợp Thời hạn\n1 Xây dựng kế hoạch năm 2025 Tháng 9/2025\n"
                            "2 Tổ chức thực hiện kế hoạch Thường xuyên\n"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in NOT_DUTY_TABLES])
def test_tables_that_assign_nothing(text):
    assert list(find_task_rows(text)) == []
    assert table_obligations(text) == []


def test_a_table_letter_keeps_its_prose_duties_and_reads_the_table_once():
    body = ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ:\n- Tham mưu UBND tỉnh tổng kết việc thực hiện Kế hoạch, hoàn thành "
            "trước ngày 15/12/2025.\n2. Phân công nhiệm vụ cụ thể:\n"
            "TT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành\n"
            "1 Xây dựng cơ sở dữ liệu cán bộ, công chức Sở Nội vụ Các sở, ban, ngành Quý III/2025\n"
            "2 Bố trí kinh phí thực hiện Kế hoạch Sở Tài chính Sở Nội vụ Tháng 9/2025\n")
    r = to_result(extract_text(letter(body, recipients=["Các sở, ban, ngành"])))
    assert validate(r) == []
    got = sorted((o["responsible"][0]["name"], o["description"], (o["deadline"] or {}).get("raw"))
                 for o in r["obligations"])
    assert got == [("Sở Nội vụ", "Tham mưu UBND tỉnh tổng kết việc thực hiện Kế hoạch, hoàn thành trước ngày "
                                 "15/12/2025.", "hoàn thành trước ngày 15/12/2025"),
                   ("Sở Nội vụ", "Xây dựng cơ sở dữ liệu cán bộ, công chức", "Quý III/2025"),
                   ("Sở Tài chính", "Bố trí kinh phí thực hiện Kế hoạch", "Tháng 9/2025")]
    row = next(o for o in r["obligations"] if o["description"].startswith("Bố trí"))
    ev = row["evidence"][0]
    assert ev["text"].startswith("2 Bố trí kinh phí") and ev["text"].endswith("Tháng 9/2025")


PHU_LUC = ("PHỤ LỤC\nPHÂN CÔNG NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH\n(Kèm theo Kế hoạch số 215/KH-UBND ngày 05/8/2025 của "
           "UBND tỉnh)\nTT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành\n"
           "1 Xây dựng cơ sở dữ liệu cán bộ, công chức Sở Nội vụ Các sở, ban, ngành Quý III/2025\n"
           "2 Bố trí kinh phí thực hiện Kế hoạch Sở Tài chính Sở Nội vụ Tháng 9/2025\n")


@pytest.mark.parametrize("mark, read", [("PHỤ LỤC", True), ("DỰ THẢO", False)])
def test_a_table_after_the_signature_counts_in_the_letters_own_phu_luc_only(mark, read):
    """The table of a phụ lục is the letter's schedule; the same table in a draft sent with the
    letter is not (the normaliser joins the "(Kèm theo ...)" line and the header: still a header)."""
    text = letter("Các cơ quan, đơn vị thực hiện nhiệm vụ tại Phụ lục kèm theo.", recipients=["Các sở, ban, ngành"])
    text += PHU_LUC.replace("PHỤ LỤC", mark, 1)
    r = to_result(extract_text(text))
    rows = sorted(o["responsible"][0]["name"] for o in r["obligations"] if o["description"].startswith(("Xây", "Bố")))
    assert rows == (["Sở Nội vụ", "Sở Tài chính"] if read else [])


def test_year_left_out_of_a_time_cell_is_the_letter_year():
    body = ("TT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành\n"
            "1 Bố trí kinh phí thực hiện Kế hoạch Sở Tài chính Sở Nội vụ Trước 30/9\n")
    r = to_result(extract_text(letter(body, recipients=["Sở Tài chính"], signed="2026-08-05")))
    (o,) = [o for o in r["obligations"] if o["description"].startswith("Bố trí")]
    assert o["deadline"]["date"]["iso"] == "2026-09-30"


# ---------------------------------------------------------------- malformed input, speed guard

GOOD = TABLES[0][1] + TABLES[6][1] + "\n" + TABLES[7][1]


@pytest.mark.parametrize("seed", range(40))
def test_a_malformed_table_gives_nothing_or_whole_obligations(seed):
    """Tables cut, shuffled and with cells dropped: never a crash, and whatever comes out is a
    whole obligation (a unit that reads as one, a task, a deadline the grammar read)."""
    rnd = random.Random(seed)
    words = GOOD.replace("|", " | ").split(" ")
    k = rnd.randrange(len(words))
    op = seed % 4
    if op == 0:
        words = words[:k]
    elif op == 1:
        words = words[k:] + words[:k]
    elif op == 2:
        words = [w for w in words if rnd.random() > 0.2]
    else:
        rnd.shuffle(words)
    text = " ".join(words)
    for ob in table_obligations(text):
        v = ob.value
        assert v["responsible"] and all(u["name"] for u in v["responsible"])
        assert v["description"].strip() and "|" not in v["description"]
        assert 0 <= ob.start < ob.end <= len(text)
        if v["deadline"]:
            assert v["deadline"]["raw"] and v["deadline"]["date"] is not None


def test_ordinary_text_is_not_looked_at():
    assert not maybe_tables("Đề nghị Sở Nội vụ báo cáo kết quả trước ngày 15/12/2025.")
    assert maybe_tables("TT Nội dung Đơn vị chủ trì Thời gian hoàn thành")


def test_find_obligations_is_unchanged_without_a_table():
    text = ("Đề nghị Sở Nội vụ chủ trì, phối hợp với Sở Tài chính báo cáo kết quả thực hiện; thời gian hoàn thành: "
            "Tháng 9/2025.\nGiao Sở Tài chính bố trí kinh phí.")
    got = [(o.value["responsible"][0]["name"], (o.value["deadline"] or {}).get("raw")) for o in find_obligations(text)]
    assert got == [("Sở Nội vụ", "thời gian hoàn thành: Tháng 9/2025"), ("Sở Tài chính", None)]


# ---------------------------------------------------------------- the language data


def test_task_table_data_is_well_formed():
    d = data("task_tables")
    phrases = [p for ps in d["columns"].values() for p in ps]
    assert set(d["columns"]) == {"index", "task", "responsible", "cooperating", "time", "product", "note"}
    lowered = [" ".join(p.lower().split()) for p in phrases]
    assert len(lowered) == len(set(lowered)), "a column word names one column only"
    for s in phrases + d["no_deadline"] + d["unit_openers"] + [w for g in d["prefilter"] for w in g]:
        assert unicodedata.normalize("NFC", s) == s and traditional_tones(s) == s, s
    # a header needs a responsible column and a time or phối hợp column: the prefilter lets each through
    for p in d["columns"]["responsible"]:
        assert any(w in p.lower() for w in d["prefilter"][0]), p
    for p in d["columns"]["time"] + d["columns"]["cooperating"]:
        assert any(w in p.lower() for w in d["prefilter"][1]), p
    assert d["time_lead_ins"][0] == ""  # a cell that reads by itself is read as written first
    for w in d["no_deadline"]:
        assert time_deadline(w, 0, len(w)) is None, w
