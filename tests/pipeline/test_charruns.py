"""The compiled character loop (pipeline/_charruns.c) gives the runs the Python loop gives, value
for value, on every page of the real corpora and on pages built for the loop's special cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

import congvan.pipeline.pdf_chars as pdf_chars
from congvan.corpora.render import FAMILY, FONTS
from congvan.pipeline.stamped import open_document


@pytest.fixture
def native():
    if pdf_chars._NATIVE is None:
        pytest.skip("the compiled character loop is not built here (no C compiler or Python headers "
                    "at install, or CONGVAN_PURE_PYTHON set): only the Python loop runs")
    return pdf_chars._NATIVE


def _both(path: Path, native, monkeypatch) -> tuple[list, list]:
    """Every page's runs (chars, box, glyph heights) read by the compiled loop, then by Python."""
    compiled, python = [], []
    doc = open_document(str(path))
    try:
        for i in range(len(doc)):
            page = doc[i]
            for loop, out in ((native, compiled), (None, python)):
                monkeypatch.setattr(pdf_chars, "_NATIVE", loop)
                out.append([(r.chars, r.x0, r.top, r.x1, r.bottom, r.heights) for r in pdf_chars._char_runs(page)])
            page.close()
    finally:
        doc.close()
    return compiled, python


@pytest.mark.parametrize("corpus", ["public", "dev", "pool"])
def test_same_runs_on_every_page_of_the_real_corpora(shared, native, monkeypatch, corpus):
    files = sorted((shared / "corpora" / corpus).glob("*.pdf"))
    assert files, f"no PDFs in {corpus}"
    pages = 0
    for path in files:
        compiled, python = _both(path, native, monkeypatch)
        assert compiled == python, path.name
        pages += len(compiled)
    assert pages >= len(files)


def _special_page(tmp_path: Path) -> Path:
    """One page with each case the loop decides: a superscript footnote marker after a word, a
    raised digit after a digit (kept), words set apart by positioning with no space, a wide gap
    that splits a line, a soft hyphen, and a line break."""
    doc = FPDF(format="A4", unit="mm")
    doc.add_font(FAMILY, "", str(FONTS / "LiberationSerif-Regular.ttf"))
    doc.add_page()

    def raised(x: float, word: str, digit: str, gap: float) -> None:  # a word, then a small raised digit
        doc.set_font(FAMILY, "", 14)
        doc.set_xy(x, 30)
        doc.cell(doc.get_string_width(word), 6, word)
        doc.set_font(FAMILY, "", 8)
        doc.set_xy(x + doc.get_string_width(word) * 14 / 8 + gap, 29)
        doc.cell(3, 3, digit)
        doc.set_font(FAMILY, "", 14)

    raised(30, "các tỉnh", "1", 0.2)
    raised(60, "10", "3", 0.1)
    doc.set_xy(30, 45)
    doc.cell(doc.get_string_width("Hồ"), 6, "Hồ")
    doc.set_xy(30 + doc.get_string_width("Hồ") + 1.6, 45)
    doc.cell(40, 6, "Chí Minh")
    doc.set_xy(140, 45)
    doc.cell(40, 6, "CỘNG HÒA")
    doc.set_xy(30, 60)
    doc.multi_cell(150, 6.5, "Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành báo cáo kết quả thực hiện "
                   "trước ngày 15/12/2025 về Sở Nội vụ để tổng hợp.\nDòng thứ hai của đoạn văn bản.",
                   align="J")
    out = tmp_path / "special.pdf"
    doc.output(str(out))
    return out


def test_same_runs_on_the_loops_special_cases(tmp_path, native, monkeypatch):
    compiled, python = _both(_special_page(tmp_path), native, monkeypatch)
    assert compiled == python
    texts = ["".join(chars) for chars, *_ in compiled[0]]
    assert "Hồ Chí Minh" in texts and "CỘNG HÒA" in texts  # the space put in; the wide gap kept apart
    assert any(t.startswith("các tỉnh") and "1" not in t for t in texts)  # the footnote mark dropped
    assert any("103" in t for t in texts)  # a small digit after a digit is no footnote mark


def test_pure_python_switch_turns_the_compiled_loop_off(monkeypatch):
    monkeypatch.setenv("CONGVAN_PURE_PYTHON", "1")
    assert pdf_chars._native_runs() is None
    monkeypatch.delenv("CONGVAN_PURE_PYTHON")
    try:
        from congvan.pipeline import _charruns  # noqa: F401
    except ImportError:
        pytest.skip("the compiled character loop is not built here")
    assert pdf_chars._native_runs() is not None
