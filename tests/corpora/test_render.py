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


def _letter(agency: str, subject: str, kinh_gui: str, body: str) -> str:
    return (f"{agency}\nSố: 215/SNNMT-VP\n{subject}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nKhánh Hòa, ngày 12 tháng 5 năm 2025\n"
            f"Kính gửi: {kinh_gui}\n{body}\nNơi nhận:\n- Như trên;\n- Lãnh đạo Sở;\n- Lưu: VT, VP.\n"
            "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Minh Khoa\n")


_BODY = ("Thực hiện Công văn số 512/SNV-TCBC ngày 02/5/2025 của Sở Nội vụ về việc cử công chức tham gia "
         "tổ công tác liên ngành, Sở Nông nghiệp và Môi trường cử 01 công chức, cụ thể như sau:\n"
         "- Họ và tên: Lê Thị Hạnh.\n- Chức vụ: Phó Trưởng phòng.\n")

# each a class of letter the PDF path read otherwise than the text (benchmarks/robustness.py --pdf)
RENDERED = [
    # a trích yếu the text broke over lines: set under "Số:" in the left column, as letters set it
    ("vv-broken", _letter("UBND TỈNH KHÁNH HÒA\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                          "V/v cử công chức tham gia\nBan Chỉ đạo phòng, chống thiên tai và\ntìm kiếm cứu nạn",
                          "Sở Nội vụ tỉnh Khánh Hòa", _BODY + "Kính gửi Sở Nội vụ tổng hợp./.")),
    # the closing sentence "Kính gửi ... tổng hợp./." after short lines: no addressee label, the
    # Nơi nhận and signature columns below it are read column by column
    ("closing-kinh-gui", _letter("UBND TỈNH KHÁNH HÒA\nSỞ TƯ PHÁP", "V/v cử công chức",
                                 "Sở Nội vụ tỉnh Khánh Hòa", _BODY + "Kính gửi Sở Nội vụ tổng hợp./.")),
    # an addressee the Kính gửi column wraps inside its place's name ("... tỉnh Lâm" / "Đồng.")
    ("addressee-wraps", _letter("UBND TỈNH KHÁNH HÒA\nSỞ TƯ PHÁP", "V/v cử công chức",
                                "Ban Chấp hành Liên đoàn Quần vợt và Cầu lông tỉnh Lâm Đồng.",
                                _BODY + "Trân trọng./.")),
    # a numbered heading (a line of its own in the text) then its paragraph, set at the first-line indent
    ("heading-then-text", _letter("UBND TỈNH KHÁNH HÒA\nSỞ NỘI VỤ", "V/v công nhận Ban vận động", "Chủ tịch Ủy ban nhân dân tỉnh",
                                  "2. Ý kiến của cơ quan quản lý lĩnh vực hoạt động chính của hội\n"
                                  "Tại Công văn số 15/STP-HCTP ngày 05/3/2025, Sở Tư pháp có ý kiến thống nhất với đề nghị"
                                  " của Ban vận động thành lập Hội Luật gia tỉnh.\nSở Nội vụ kính trình Chủ tịch Ủy ban"
                                  " nhân dân tỉnh xem xét, quyết định./.")),
    # a department's name the header column wraps ("SỞ NÔNG NGHIỆP VÀ MÔI" / "TRƯỜNG")
    ("agency-wraps", _letter("UBND TỈNH KHÁNH HÒA\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "V/v cử công chức",
                             "Sở Nội vụ tỉnh Khánh Hòa", _BODY + "Trân trọng./.")),
]


@pytest.mark.parametrize("text", [t for _, t in RENDERED], ids=[n for n, _ in RENDERED])
def test_layout_classes_read_back_as_their_text(text: str, tmp_path) -> None:
    from_text = to_result(extract_text(text))
    from_pdf = to_result(extract(render_letter(text, tmp_path / "letter.pdf"), ocr=False))
    assert from_pdf["document"] == from_text["document"]
    assert _obligation_view(from_pdf) == _obligation_view(from_text)


def test_trich_yeu_lines_stay_under_so() -> None:
    from congvan.corpora.render import _header_parts

    left = ["UBND TỈNH KHÁNH HÒA", "SỞ TƯ PHÁP", "Số: 12/STP-VP", "V/v cử công chức tham gia",
            "tổ công tác liên ngành"]
    assert _header_parts(left) == (left[:2], left[2:3], left[3:])


def test_title_block_sits_under_the_header() -> None:
    text = ("UBND TỈNH KHÁNH HÒA\nSỞ NỘI VỤ\nSố: 16/TTr-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nKhánh Hòa, ngày 09 tháng 01 năm 2026\nTỜ TRÌNH\n"
            "Về việc đề nghị công nhận Ban vận động thành lập Hội Luật gia tỉnh\n"
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh\nNội dung.\n")
    lay = layout(text)
    assert lay.left == ["UBND TỈNH KHÁNH HÒA", "SỞ NỘI VỤ", "Số: 16/TTr-SNV"]
    assert lay.title == ["TỜ TRÌNH", "Về việc đề nghị công nhận Ban vận động thành lập Hội Luật gia tỉnh"]
