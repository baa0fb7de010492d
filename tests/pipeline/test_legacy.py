"""Legacy font encodings: TCVN3 and VNI text layers are detected and converted exactly."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF

from congvan.pipeline import extract
from congvan.pipeline.legacy import _tables, diagnose, from_tcvn3, from_vni, is_syllable, readability
from congvan.pipeline.load import load

# the two garbles every Vietnamese office worker has seen, and what they say
KNOWN = [
    ("tcvn3", "Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("tcvn3", "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("tcvn3", "Uû ban nh©n d©n huyÖn T©n Kú", "Uỷ ban nhân dân huyện Tân Kỳ"),
    ("tcvn3", "b¸o c¸o kÕt qu¶ tr­íc ngµy 15 th¸ng 6 n¨m 2025", "báo cáo kết quả trước ngày 15 tháng 6 năm 2025"),
    ("vni", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("vni", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("vni", "baùo caùo keát quaû tröôùc ngaøy 15 thaùng 6 naêm 2025", "báo cáo kết quả trước ngày 15 tháng 6 năm 2025"),
    ("vni", "ÑEÀ NGHÒ UÛY BAN NHAÂN DAÂN", "ĐỀ NGHỊ ỦY BAN NHÂN DÂN"),
]


@pytest.mark.parametrize("encoding,garbled,unicode", KNOWN)
def test_known_garbles_convert_exactly(encoding, garbled, unicode):
    convert = {"tcvn3": from_tcvn3, "vni": from_vni}[encoding]
    assert unicodedata.normalize("NFC", convert(garbled)) == unicode


@pytest.mark.parametrize("word,ok", [("nghiệm", True), ("Đồng", True), ("QUỐC", True), ("khuyến", True),
                                     ("chç", False), ("tÉnh", False), ("hoµ", False), ("Ëa", False),
                                     ("tr°¡ng", False)])
def test_syllable_check(word, ok):
    assert is_syllable(word) is ok


def _to_tcvn3(text: str) -> str:
    inverse = {v: k for k, v in _tables()["tcvn3"].items()}
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def _to_vni(text: str) -> str:
    t = _tables()["vni"]
    inverse: dict[str, str] = {v: k for k, v in t["single"].items()}
    for vowels, marks in ((t["vowels"][:6] + "ơư", t["marks_lower"]), (t["vowels"][6:] + "ƠƯ", t["marks_upper"])):
        for v in vowels:
            base = inverse.get(v, v)
            for code in marks:
                out = from_vni(base + code)
                if len(out) == 1 and out not in inverse:
                    inverse[out] = base + code
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# a letter body whose capitals TCVN3 can write (toned capitals need its separate "H" fonts)
LETTER = [
    "Thực hiện Công văn số 1131/SNV-CCHC ngày 10/5/2025 của Sở Nội vụ về hướng dẫn chế độ báo cáo",
    "cải cách hành chính định kỳ, đề nghị các cơ quan, đơn vị báo cáo kết quả cải cách hành chính",
    "6 tháng đầu năm 2025 gửi về Văn phòng (qua Phòng Nội vụ) trước ngày 15/6/2025.",
    "Đề nghị Thủ trưởng các cơ quan, đơn vị quan tâm thực hiện; trong quá trình thực hiện nếu có",
    "khó khăn, vướng mắc phản ánh về Phòng Nội vụ để được hướng dẫn, giải quyết.",
]


def _latin1_pdf(lines: list[str], path: Path) -> Path:
    """A PDF whose text layer is the legacy bytes as a font without a Unicode map gives them."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Times", size=13)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("encoding,encode", [("tcvn3", _to_tcvn3), ("vni", _to_vni)])
def test_legacy_pdf_converts_exactly_and_warns(tmp_path, encoding, encode):
    garbled = [encode(line) for line in LETTER]
    assert garbled != LETTER and all(ch.isascii() or ord(ch) < 256 for ch in "".join(garbled))
    pdf = _latin1_pdf(garbled, tmp_path / f"{encoding}.pdf")
    doc = load(pdf)
    assert [l.text for l in doc.lines] == LETTER
    (w,) = [w for w in doc.warnings if w.code == "legacy_encoding"]
    assert {"tcvn3": "TCVN3", "vni": "VNI"}[encoding] in w.message
    # and the extractors then read it: the deadline comes out
    result = extract(pdf)
    assert any(o["deadline"] and o["deadline"]["date"]["iso"] == "2025-06-15" for o in result.obligations)


def test_unicode_text_is_left_alone(sample):
    text = sample.read_text(encoding="utf-8")
    verdict = diagnose(text)
    assert verdict.encoding is None and verdict.readable
    assert readability(text)[0] > 0.97


def test_public_text_layers_are_not_mistaken_for_legacy(public_pdfs):
    """No false conversions on real Unicode letters; the broken layers are found."""
    found = {}
    for pdf in public_pdfs:
        doc = load(pdf)
        found[pdf.name] = ({w.code for w in doc.warnings}, set(doc.needs_ocr.values()))
    assert not any("legacy_encoding" in codes for codes, _ in found.values())
    if "034.pdf" in found:  # a scan whose OCR layer went through a broken font map
        assert any(why.startswith("unreadable") for why in found["034.pdf"][1])
    if "031.pdf" in found:  # a scan OCR'd without the Vietnamese model: no accents at all
        assert any(why.startswith("unreadable") for why in found["031.pdf"][1])
    for name in ("001.pdf", "003.pdf", "012.pdf"):  # Unicode layers: nothing flagged unreadable
        if name in found:
            assert not any(why.startswith("unreadable") for why in found[name][1]), name
