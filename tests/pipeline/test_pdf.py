"""The PDF reader on PDFs built here for one layout feature each."""

from __future__ import annotations

import pytest
from pathlib import Path

from fpdf import FPDF

from congvan.corpora.render import FAMILY, FONTS
from congvan.pipeline import extract
from congvan.pipeline.pdf import read_pdf


def _pdf(tmp_path: Path, pages: list[list[str]], *, running: str | None = None) -> Path:
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font(FAMILY, "", str(FONTS / "LiberationSerif-Regular.ttf"))
    pdf.set_margins(30, 20, 20)
    for n, paras in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font(FAMILY, "", 10)
        if running:
            pdf.set_xy(30, 8)
            pdf.cell(0, 5, running.format(n=n, total=len(pages)), align="R")
        pdf.set_xy(30, 25)
        pdf.set_font(FAMILY, "", 14)
        for p in paras:
            pdf.multi_cell(0, 6.5, p, align="J", new_x="LMARGIN", new_y="NEXT")
    out = tmp_path / "t.pdf"
    pdf.output(str(out))
    return out


def test_running_header_is_dropped_and_body_kept(tmp_path):
    # the body starts at the top margin of every page with nearly the same words: kept
    body = [[f"Đoạn {n}: UBND huyện đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện."]
            for n in range(1, 5)]
    path = _pdf(tmp_path, body, running="Công văn số 215/UBND-NV - Trang {n}/{total}")
    text = extract(path).text
    assert "Trang" not in text
    for n in range(1, 5):
        assert f"Đoạn {n}: UBND huyện" in text


def test_line_repeated_on_two_pages_is_not_a_running_header(tmp_path):
    path = _pdf(tmp_path, [["Kính gửi: Sở Nội vụ"], ["Kính gửi: Sở Nội vụ"]])
    assert sum("Kính gửi" in l.text for l in read_pdf(str(path)).lines) == 2


def test_words_set_apart_without_space_characters_are_split(tmp_path):
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font(FAMILY, "", str(FONTS / "LiberationSerif-Regular.ttf"))
    pdf.add_page()
    pdf.set_font(FAMILY, "", 14)
    # "Hồ" and "Chí" placed 1.6 mm apart with no space between them, as some producers do
    pdf.set_xy(30, 30)
    pdf.cell(pdf.get_string_width("Hồ"), 6, "Hồ")
    pdf.set_xy(30 + pdf.get_string_width("Hồ") + 1.6, 30)
    pdf.cell(40, 6, "Chí Minh 11")
    out = tmp_path / "gap.pdf"
    pdf.output(str(out))
    assert [l.text for l in read_pdf(str(out)).lines] == ["Hồ Chí Minh 11"]


def test_cffi_and_ctypes_box_calls_read_the_same_lines(public_pdfs, monkeypatch):
    """The per-character box call goes through cffi when it loads, ctypes otherwise: same lines."""
    import congvan.pipeline.pdf_chars as pdf_chars

    if pdf_chars._CFFI_BOX is None:
        import pytest

        pytest.skip("cffi is not installed: only the ctypes path exists here")
    texts = [p for p in public_pdfs if p.name in ("001.pdf", "017.pdf", "029.pdf", "034.pdf")]
    monkeypatch.setattr(pdf_chars, "_NATIVE", None)  # the compiled loop makes its own box calls
    with_cffi = [[(l.text, l.bbox, l.column, l.kind, l.size) for l in read_pdf(str(p)).lines] for p in texts]
    monkeypatch.setattr(pdf_chars, "_CFFI_BOX", None)
    with_ctypes = [[(l.text, l.bbox, l.column, l.kind, l.size) for l in read_pdf(str(p)).lines] for p in texts]
    assert len(texts) == 4 and with_cffi == with_ctypes and all(with_cffi)


def _foot_page(footer: bool, mark: str) -> list:
    from congvan.pipeline.document import Line

    lines = [Line(text=f"Dòng thứ {k} của thân văn bản, đủ dài để làm chiều cao thân chữ.", page=1,
                  bbox=(94.0, 100.0 + 18 * k, 528.0, 109.0 + 18 * k), size=9.0) for k in range(12)]
    lines += [Line(text=f"{mark} Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh; Sở Ngoại vụ; Sở Tư pháp;", page=1,
                   bbox=(94.0, 714.0, 528.0, 721.0), size=6.2),
              Line(text="Sở Y tế; Thanh tra tỉnh; Ban Quản lý các khu công nghiệp; Báo và Phát thanh.", page=1,
                   bbox=(93.0, 735.0, 528.0, 742.0), size=6.8)]
    if footer:  # an agency's address footer, centred under the notes
        lines += [Line(text="Phòng An ninh mạng (PA05) Công an tỉnh Lâm Đồng", page=1, bbox=(110.0, 773.0, 510.0, 781.0),
                       size=8.5),
                  Line(text="(Số 04 Trần Bình Trọng, Phường Cam Ly - Đà Lạt; số điện thoại 0693.449.407)", page=1,
                       bbox=(124.0, 782.0, 496.0, 790.0), size=7.8)]
    return lines


@pytest.mark.parametrize("footer", [False, True])
@pytest.mark.parametrize("mark", ["1", "!", "|"])
def test_footnotes_above_a_page_footer(footer, mark):
    # small type at the foot of the page that starts with its number (OCR reads a raised 1 as "!" or
    # "|") is a footnote; a centred address footer under it is furniture too; the body stays body
    from congvan.pipeline.pdf_layout import _mark_page_furniture

    lines = _foot_page(footer, mark)
    _mark_page_furniture(lines)
    assert [l.kind for l in lines] == ["body"] * 12 + ["footnote"] * (4 if footer else 2)


def test_a_centred_line_without_notes_above_stays_body():
    from congvan.pipeline.pdf_layout import _mark_page_furniture

    lines = _foot_page(True, "1")
    del lines[12:14]  # no footnotes: the centred lines at the foot are left in the body
    _mark_page_furniture(lines)
    assert all(l.kind == "body" for l in lines)
