"""Generated inboxes for the store tests: real PDFs rendered from letter texts, and the hostile
files an agency inbox really gets (issue 4). Written by the tests; nothing here is committed."""
from __future__ import annotations

import shutil
from pathlib import Path

from fpdf import FPDF

from congvan.corpora.render import FONTS, render_letter

from ..conftest import ROOT

SAMPLE = (ROOT / "corpora/sample/mau_cong_van.txt").read_text(encoding="utf-8")


def letter_variant(k: int) -> str:
    """The sample letter with its own number, date and deadline: distinct content, same shape."""
    text = SAMPLE.replace("Số: 215/UBND-NV", f"Số: {300 + k}/UBND-NV")
    return text.replace("trước ngày 15/6/2025", f"trước ngày {1 + k % 27}/7/2025")


def render_variants(folder: Path, n: int, *, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [render_letter(letter_variant(k), folder / f"cv_{k:03d}.pdf") for k in range(start, start + n)]


def _font_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("Serif", "", str(FONTS / "LiberationSerif-Regular.ttf"))
    pdf.set_font("Serif", size=12)
    return pdf


def long_pdf(path: Path, pages: int) -> Path:
    pdf = _font_pdf()
    for i in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 7, f"Trang {i + 1}. Phụ lục số liệu cải cách hành chính của các xã, thị trấn. " * 6)
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    pdf = _font_pdf()
    pdf.set_encryption(owner_password="owner-2025", user_password="matkhau")
    pdf.add_page()
    pdf.multi_cell(0, 7, "Công văn mật: cần mật khẩu để mở.")
    pdf.output(str(path))
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scan': shapes on the page, no text layer at all."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    for y in range(30, 260, 9):
        pdf.rect(20, y, 170, 4, style="F")
    pdf.output(str(path))
    return path


def hostile_inbox(folder: Path) -> dict[str, str]:
    """Build the inbox; returns file name -> what must become of it
    ('stored', 'duplicate', or the quarantine reason; 'stored|corrupt' where either is right)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sub thư mục").mkdir()
    expect: dict[str, str] = {}
    good = render_variants(folder, 2)
    expect.update({p.name: "stored" for p in good})
    expect[good[0].name] = "stored|duplicate"  # one of its three copies is stored, the others are its paths
    viet = render_letter(letter_variant(7), folder / "Công văn số 307 – Sở Nội vụ.pdf")
    expect[viet.name] = "stored"
    shutil.copy(good[0], folder / "bản sao.pdf")
    shutil.copy(good[0], folder / "sub thư mục" / "cv_000 (1).pdf")
    expect["bản sao.pdf"] = expect["cv_000 (1).pdf"] = "stored|duplicate"
    (folder / "rỗng.pdf").write_bytes(b"")
    expect["rỗng.pdf"] = "empty"
    (folder / "hỏng.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    expect["hỏng.pdf"] = "corrupt"
    data = good[1].read_bytes()
    (folder / "cắt cụt.pdf").write_bytes(data[: len(data) // 3])
    expect["cắt cụt.pdf"] = "stored|corrupt|no_text_layer"
    encrypted_pdf(folder / "mật.pdf")
    expect["mật.pdf"] = "encrypted"
    image_only_pdf(folder / "bản quét.pdf")
    expect["bản quét.pdf"] = "no_text_layer"
    (folder / "không phải pdf.pdf").write_text("<html><body>Đây là trang web</body></html>", encoding="utf-8")
    expect["không phải pdf.pdf"] = "not_pdf"
    long_pdf(folder / "sub thư mục" / "300 trang.pdf", 300)
    expect["300 trang.pdf"] = "stored"
    return expect
