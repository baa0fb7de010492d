"""The PDF path and the text path must read a letter the same way.

Each seed letter (and the bundled sample) is rendered to an A4 PDF by ``congvan.corpora.render`` and
extracted again; its document fields must equal those extracted from the text itself.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from congvan.corpora.render import layout, render_letter
from congvan.pipeline import extract, extract_text, to_result

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT.parent / "shared/corpora/seeds").glob("*.txt"))
LETTERS = [ROOT / "corpora/sample/mau_cong_van.txt", *SEEDS]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rendered")
    return {p.stem: render_letter(p.read_text(encoding="utf-8"), out / f"{p.stem}.pdf")
            for p in LETTERS}


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.stem)
def test_pdf_gives_same_document_fields_as_text(letter: Path, rendered) -> None:
    if not letter.exists():
        pytest.skip(f"{letter} not found (shared corpora sit beside the project)")
    from_text = to_result(extract_text(letter.read_text(encoding="utf-8")))["document"]
    pdf_doc = extract(rendered[letter.stem])
    assert pdf_doc.text_layer == "native"
    from_pdf = to_result(pdf_doc)["document"]
    assert from_pdf == from_text


def test_rendered_pdf_is_a4_with_page_numbers_and_vietnamese_text(rendered) -> None:
    path = rendered["mau_cong_van"]
    pdf = pdfium.PdfDocument(str(path))
    w, h = pdf[0].get_size()
    assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (210, 297)
    text = pdf[0].get_textpage().get_text_range()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Mẫu Sơn, ngày 03 tháng 6 năm 2025" in text


def test_long_letter_gets_page_numbers_from_page_two(rendered) -> None:
    if "003_c064db23ef07948f" not in rendered or not SEEDS:
        pytest.skip("seed letters not found")
    pdf = pdfium.PdfDocument(str(rendered["003_c064db23ef07948f"]))
    assert len(pdf) >= 2
    second = pdf[1].get_textpage().get_text_range().split()
    assert second[0] == "2"
    # and the reader drops it: no bare "2" line in the normalised text
    assert "\n2\n" not in extract(rendered["003_c064db23ef07948f"]).text


@pytest.mark.parametrize("text, left, right, kinh_gui, signature", [
    ("UBND XÃ A\nSố: 1/UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Hà Nội, ngày 1 tháng 2 năm 2025\nKính gửi: Phòng Nội vụ\nNội dung.\nNơi nhận:\n- Như trên;\n"
     "- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn B",
     ["UBND XÃ A", "Số: 1/UBND"],
     ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
      "Hà Nội, ngày 1 tháng 2 năm 2025"],
     ["Phòng Nội vụ"], ["CHỦ TỊCH", "Nguyễn Văn B"]),
    ("Nội dung không có phần đầu.\nNơi nhận:\n- Lưu: VT, NV.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê C\nPHỤ LỤC",
     [], [], [], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê C"]),
])
def test_layout_places_parts(text, left, right, kinh_gui, signature) -> None:
    lay = layout(text)
    assert (lay.left, lay.right, lay.kinh_gui, lay.signature) == (left, right, kinh_gui, signature)


def test_cli_render(tmp_path, sample) -> None:
    from congvan.pipeline.cli import main

    assert main(["render", str(sample), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "mau_cong_van.pdf").stat().st_size > 10_000
    assert main(["render", str(tmp_path / "missing.txt"), "-o", str(tmp_path)]) == 1


def _obligation_view(result: dict) -> list[tuple]:
    """What a tracker reads of each obligation; offsets differ between paths, values must not."""
    return sorted((tuple(u["name"] for u in o["responsible"]), o["action"],
                   ((o.get("deadline") or {}).get("date") or {}).get("iso"),
                   o["period"], o["recurrence"], str(o["data_window"]), o["submit_to"])
                  for o in result["obligations"])


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.stem)
def test_pdf_gives_same_obligations_as_text(letter: Path, rendered) -> None:
    if not letter.exists():
        pytest.skip(f"{letter} not found (shared corpora sit beside the project)")
    from_text = to_result(extract_text(letter.read_text(encoding="utf-8")))
    from_pdf = to_result(extract(rendered[letter.stem]))
    assert from_text["obligations"], "every test letter imposes at least one duty"
    assert _obligation_view(from_pdf) == _obligation_view(from_text)
