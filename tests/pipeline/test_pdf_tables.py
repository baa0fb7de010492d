"""Task tables in real PDFs (fpdf2 with ruled cells, the way a word processor exports a plan's
"Phân công nhiệm vụ" table): the page layout scrambles their rows, the grid reader rebuilds them.

Cells top- and middle-aligned, a narrow time column that breaks a date over two lines, a table
running over a page break, a table of people with a grid (no duty), a table without rules."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from fpdf.enums import VAlign

from congvan.corpora.render import FONTS
from congvan.extractors.units import unit_key
from congvan.pipeline import extract, to_result, validate

HEAD = ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Số: 123/KH-UBND", "Lâm Đồng, ngày 10 tháng 8 năm 2025", "KẾ HOẠCH",
        "Triển khai chuyển đổi số năm 2025", "I. TỔ CHỨC THỰC HIỆN",
        "Các cơ quan, đơn vị thực hiện nhiệm vụ theo bảng phân công dưới đây:"]
HEADER = ("TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành")
ROWS = [("1", "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh", "Sở Nội vụ", "Các sở, ban, ngành",
         "Quý III/2025"),
        ("2", "Bố trí kinh phí thực hiện Kế hoạch", "Sở Tài chính", "Sở Nội vụ", "Tháng 9/2025"),
        ("3", "Tham mưu UBND tỉnh ban hành Quy chế quản lý nền tảng số dùng chung của tỉnh", "Văn phòng UBND tỉnh",
         "Sở Tư pháp", "Trước 30/9/2025"),
        ("4", "Tuyên truyền về chuyển đổi số", "Báo Lâm Đồng", "Đài Phát thanh - Truyền hình tỉnh", "Thường xuyên")]
EXPECTED = [("Sở Nội vụ", "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh", (2025, 9, None)),
            ("Sở Tài chính", "Bố trí kinh phí thực hiện Kế hoạch", (2025, 9, None)),
            ("Văn phòng Ủy ban nhân dân tỉnh", "Tham mưu UBND tỉnh ban hành Quy chế quản lý nền tảng số dùng chung của "
                                               "tỉnh", (2025, 9, 30)),
            ("Báo Lâm Đồng", "Tuyên truyền về chuyển đổi số", None)]


def _pdf(path, rows, *, valign=VAlign.M, widths=(8, 60, 35, 40, 27), header=HEADER, ruled="ALL", head_lines=HEAD,
         orientation="P"):
    """A letter with a table; a cell given as (text, {"rowspan": 2}) spans rows."""
    pdf = FPDF(format="A4", unit="mm", orientation=orientation)
    for style, name in (("", "Regular"), ("B", "Bold")):
        pdf.add_font("LS", style, str(FONTS / f"LiberationSerif-{name}.ttf"))
    pdf.set_margins(30, 20, 15)
    pdf.add_page()
    pdf.set_font("LS", "", 13)
    for h in head_lines:
        pdf.multi_cell(0, 7, h, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=widths, v_align=valign, text_align="LEFT", borders_layout=ruled) as t:
        for r in [header] + rows:
            row = t.row()
            for c in r:
                row.cell(c[0], **c[1]) if isinstance(c, tuple) else row.cell(c)
    pdf.multi_cell(0, 7, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 7, "- Như trên;", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _table_obligations(path):
    doc = extract(path)
    r = to_result(doc)
    assert validate(r) == []
    for o in r["obligations"]:
        for ev in o["evidence"]:
            assert doc.body[ev["start"]:ev["end"]] == ev["text"]
    out = []
    for o in r["obligations"]:
        if o["description"].startswith("Các cơ quan, đơn vị"):
            continue  # the sentence before the table
        d = (o["deadline"] or {}).get("date")
        out.append((o["responsible"][0]["name"], o["description"], (d["year"], d["month"], d["day"]) if d else None))
    return r, out


@pytest.mark.parametrize("valign, widths", [
    pytest.param(VAlign.M, (8, 60, 35, 40, 27), id="middle-aligned cells"),
    pytest.param(VAlign.T, (8, 60, 35, 40, 27), id="top-aligned cells"),
    pytest.param(VAlign.M, (8, 90, 30, 30, 20), id="narrow columns (a date broken over two lines)"),
])
def test_a_ruled_task_table_gives_one_obligation_a_row(tmp_path, valign, widths):
    r, got = _table_obligations(_pdf(tmp_path / "kh.pdf", ROWS, valign=valign, widths=widths))
    assert got == EXPECTED
    row = next(o for o in r["obligations"] if o["description"].startswith("Bố trí"))
    assert [unit_key(u["name"]) for u in row["cooperating"]] == [unit_key("Sở Nội vụ")]
    assert row["deadline"]["raw"] == "Tháng 9/2025"
    assert all(ev["page"] == 1 for ev in row["evidence"])
    assert any("Bố trí kinh phí" in ev["text"] for ev in row["evidence"])


def test_a_chu_tri_cell_merged_over_two_rows_and_a_landscape_or_turned_page(tmp_path):
    rows = [("1", "Bố trí kinh phí thực hiện Kế hoạch", "Sở Tài chính", "Sở Nội vụ", "Tháng 9/2025"),
            ("2", "Xây dựng cơ sở dữ liệu cán bộ, công chức", ("Sở Nội vụ", {"rowspan": 2}),
             "Các sở, ngành", "Quý III/2025"),
            ("3", "Tổ chức tập huấn sử dụng cơ sở dữ liệu", "Các sở, ngành", "Quý IV/2025")]
    want = [("Sở Tài chính", "Bố trí kinh phí thực hiện Kế hoạch", (2025, 9, None)),
            ("Sở Nội vụ", "Xây dựng cơ sở dữ liệu cán bộ, công chức", (2025, 9, None)),
            ("Sở Nội vụ", "Tổ chức tập huấn sử dụng cơ sở dữ liệu", (2025, 12, None))]
    for orientation in ("P", "L"):
        r, got = _table_obligations(_pdf(tmp_path / f"span_{orientation}.pdf", rows, orientation=orientation))
        assert got == want, orientation
    # the landscape page turned by /Rotate 90 (pdfium then reads the header cell's lines out of order)
    pdf = pdfium.PdfDocument(tmp_path / "span_L.pdf")
    pdf[0].set_rotation(90)
    pdf.save(tmp_path / "turned.pdf")
    pdf.close()
    r, got = _table_obligations(tmp_path / "turned.pdf")
    assert got == want


def test_a_table_over_a_page_break(tmp_path):
    rows = [(str(k), f"Rà soát thủ tục hành chính lĩnh vực số {k}", "Sở Nội vụ", "Các sở, ngành", f"Tháng {k % 12 + 1}/2025")
            for k in range(1, 23)]
    r, got = _table_obligations(_pdf(tmp_path / "long.pdf", rows))
    assert [g[1] for g in got] == [row[1] for row in rows]
    assert {o["evidence"][0]["page"] for o in r["obligations"]} >= {1, 2}


SIGNED = HEAD[:6] + ["Các cơ quan, đơn vị thực hiện nhiệm vụ tại Phụ lục kèm theo.", "Nơi nhận:", "- Các sở, ban, ngành;",
                     "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]


@pytest.mark.parametrize("mark, read", [("PHỤ LỤC", True), ("DỰ THẢO", False)])
def test_a_table_after_the_signature(tmp_path, mark, read):
    """A phụ lục's table is the letter's own schedule; a draft's table (sent for comment) is not."""
    r, got = _table_obligations(_pdf(tmp_path / "pl.pdf", ROWS, head_lines=SIGNED + [mark, "PHÂN CÔNG NHIỆM VỤ"]))
    assert ([g[0] for g in got] == [e[0] for e in EXPECTED]) if read else got == []


def test_a_grid_of_people_or_an_unruled_table_assigns_nothing(tmp_path):
    people = [("1", "Nguyễn Văn An", "Phó Giám đốc", "Sở Nội vụ", "0912 345 678"),
              ("2", "Trần Thị Bình", "Chánh Văn phòng", "Sở Tài chính", "0987 654 321")]
    r, got = _table_obligations(_pdf(tmp_path / "ds.pdf", people,
                                     header=("STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Số điện thoại")))
    assert got == []
    agenda = [("07h45 - 8h00", "Tiếp đón đại biểu", "Bộ Công an"),
              ("08h00 - 08h10", "Tuyên bố lý do, giới thiệu đại biểu", "Văn phòng Chính phủ")]
    r, got = _table_obligations(_pdf(tmp_path / "ct.pdf", agenda, header=("Thời gian", "Nội dung", "Chủ trì"),
                                     widths=(30, 80, 50)))
    assert got == []  # a meeting's agenda: who chairs each item is not a duty with a deadline
    # without rules the grid reader gives nothing, and the layout's scrambled rows are not read as rows
    r, got = _table_obligations(_pdf(tmp_path / "bare.pdf", ROWS, ruled="NONE"))
    assert got == []
    # column rules only: the grid does not part the rows, and four rows are not read as one
    r, got = _table_obligations(_pdf(tmp_path / "cols.pdf", ROWS, ruled="NO_HORIZONTAL_LINES"))
    assert got == []
