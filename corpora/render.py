"""Render a letter's text as a realistic A4 PDF, laid out the way Nghị định 30/2020 sets it.

The point is to test the PDF path on the same letters as the text path: a seed letter (text)
is rendered here, then read back by ``congvan.extract`` and must give the same document
fields. The layout therefore has the things that make real PDFs hard:

- the two-column header: issuing agency, ``Số:`` and ``V/v`` on the left, Quốc hiệu, motto and
  the place-and-date line on the right, ``Số:`` on the same row as the date;
- ``Kính gửi:`` with its list set to its right;
- body paragraphs justified and hard-wrapped at the page width, first line indented;
- page numbers at the top centre from page 2;
- ``Nơi nhận`` in small type on the left, beside the signature block on the right.

Text is first normalised (``congvan.pipeline.normalise``) so that every paragraph is one line; which
column a header line goes in is decided here from its own shape, not by the extractors.

Fonts: Liberation Serif (metric-compatible with Times New Roman, SIL OFL, shipped in
``corpora/fonts``), because the usual PDF core fonts have no Vietnamese glyphs.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass, field
from pathlib import Path

import regex
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from congvan.pipeline.normalise import build_text
from congvan.pipeline.text_input import lines_from_text

log = logging.getLogger(__name__)

FONTS = Path(__file__).parent / "fonts"
FAMILY = "LiberationSerif"

# A4 margins from Nghị định 30/2020, Phụ lục I: left 30-35 mm, right 15-20 mm, top/bottom 20-25 mm
LEFT, RIGHT, TOP, BOTTOM = 30.0, 20.0, 20.0, 20.0
PAGE_W = 210.0
LEFT_COL_W = 72.0  # the agency column of the header table

_QUOC_HIEU = regex.compile(r"^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$")
_MOTTO = regex.compile(r"^Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc$")
_DATE_LINE = regex.compile(r"^[\p{L} .\-]{2,40},\s*ngày\b")
_KINH_GUI = regex.compile(r"^Kính gửi\s*:?\s*(.*)$")
_NOI_NHAN = regex.compile(r"^Nơi nhận\s*:?\s*(.*)$")
_AUTHORITY = regex.compile(r"^(TM|KT|TL|TUQ|Q)\.\s")


@dataclass
class Layout:
    """A letter split into the parts that are placed differently on the page."""

    left: list[str]          # agency, Số:, V/v (left header column)
    right: list[str]         # Quốc hiệu, motto, place and date (right header column)
    kinh_gui: list[str]      # addressees; first item may share the "Kính gửi:" line
    body: list[str]          # paragraphs
    noi_nhan: list[str]      # "Nơi nhận" items
    signature: list[str]     # authority, title(s), name
    footnotes: list[str]
    appendix: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)  # a title block under the header (tờ trình)


def paragraphs(text: str) -> tuple[list[str], list[str]]:
    """The letter's paragraphs (one per normalised line) and its footnotes."""
    norm, _blocks, foot = build_text(lines_from_text(text))
    main = norm if foot is None else norm[:foot]
    notes = [] if foot is None else norm[foot:].splitlines()
    return [p.strip() for p in main.splitlines() if p.strip()], [n for n in notes if n.strip()]


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def layout(text: str) -> Layout:
    paras, notes = paragraphs(text)
    lay = Layout([], [], [], [], [], [], notes)

    kg = next((i for i, p in enumerate(paras[:20]) if _KINH_GUI.match(p)), None)
    dl = next((i for i, p in enumerate(paras[:12]) if _DATE_LINE.match(p)), None)
    header_end = kg if kg is not None else (dl + 1 if dl is not None else 0)
    # a title block between the date line and Kính gửi (a tờ trình's "TỜ TRÌNH" / "Về việc ..."):
    # centred under the header, as letters set it, not in the agency column
    title_start = dl + 1 if kg is not None and dl is not None and dl < kg else header_end
    for p in paras[:title_start]:
        if _QUOC_HIEU.match(p) or _MOTTO.match(p) or _DATE_LINE.match(p):
            lay.right.append(p)
        else:
            lay.left.append(p)
    lay.title = paras[title_start:header_end]

    i = header_end
    if kg is not None:
        first = _KINH_GUI.match(paras[kg]).group(1).strip()
        lay.kinh_gui.append(first)
        i = kg + 1
        while i < len(paras) and paras[i].startswith(("-", "+", "•")):
            lay.kinh_gui.append(paras[i])
            i += 1

    nn = next((j for j in range(len(paras) - 1, i - 1, -1) if _NOI_NHAN.match(paras[j])), None)
    end = nn if nn is not None else len(paras)
    lay.body = paras[i:end]
    if nn is not None:
        rest = paras[nn + 1:]
        first = _NOI_NHAN.match(paras[nn]).group(1).strip()
        items = [first] if first else []
        k = 0
        while k < len(rest) and (rest[k].startswith(("-", "+"))
                                 or not (_AUTHORITY.match(rest[k]) or _is_upper(rest[k]))):
            items.append(rest[k])
            k += 1
        lay.noi_nhan = items
        sig = rest[k:]
        m = 0
        while m < len(sig) and (_AUTHORITY.match(sig[m]) or _is_upper(sig[m])):
            m += 1
        lay.signature = sig[: m + 1]
        lay.appendix = sig[m + 1:]  # "Phụ lục", "Đề cương" after the signature: a new page
    return lay


class _LetterPdf(FPDF):
    def header(self) -> None:  # noqa: D401 - fpdf2 hook
        # Nghị định 30: page numbers in Arabic numerals, top centre, from the second page
        if self.page_no() > 1:
            self.set_font(FAMILY, "", 12)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(TOP)


def _new_pdf() -> _LetterPdf:
    pdf = _LetterPdf(format="A4", unit="mm")
    for style, name in (("", "Regular"), ("B", "Bold"), ("I", "Italic")):
        pdf.add_font(FAMILY, style, str(FONTS / f"LiberationSerif-{name}.ttf"))
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_creator("congvan corpora.render")
    return pdf


def _column(pdf: FPDF, x: float, y: float, w: float, lines: list[tuple[str, str, float]],
            *, align: str = "C", gap: float = 0.0) -> float:
    """Write (text, style, size) lines in a column; returns the y below the last one."""
    pdf.set_xy(x, y)
    for text, style, size in lines:
        pdf.set_font(FAMILY, style, size)
        pdf.set_x(x)
        pdf.multi_cell(w, size * 0.45, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
        if gap:
            pdf.set_y(pdf.get_y() + gap)
    return pdf.get_y()


def _header_parts(left: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The left column's agency lines, ``Số:`` line(s) and trích yếu: the lines after ``V/v`` that
    are not a ``Số:`` line go on with the trích yếu (a V/v the text broke over lines), below it."""
    agency, number, subject = [], [], []
    for p in left:
        if p.startswith("Số"):
            number.append(p)
        elif p.startswith("V/v") or subject:
            subject.append(p)
        elif number:  # after Số: and before any V/v: a trích yếu without its "V/v"
            subject.append(p)
        else:
            agency.append(p)
    return agency, number, subject


def _header(pdf: FPDF, lay: Layout) -> None:
    x_left, x_right = LEFT - 12, LEFT - 12 + LEFT_COL_W
    w_right = PAGE_W - RIGHT - x_right + 8
    agency, number, subject = _header_parts(lay.left)
    top = pdf.get_y()
    left_lines = [(p, "B" if k == len(agency) - 1 else "", 12.5) for k, p in enumerate(agency)]
    y_left = _column(pdf, x_left, top, LEFT_COL_W, left_lines)
    right_top = [p for p in lay.right if not _DATE_LINE.match(p)]
    y_right = _column(pdf, x_right, top, w_right, [(p, "B", 12.5 if _QUOC_HIEU.match(p) else 13.5)
                                                  for p in right_top])
    row = max(y_left, y_right) + 4
    y_num = _column(pdf, x_left, row, LEFT_COL_W, [(p, "", 13) for p in number])
    dates = [p for p in lay.right if _DATE_LINE.match(p)]
    y_date = _column(pdf, x_right, row, w_right, [(p, "I", 13) for p in dates])
    y_subj = _column(pdf, x_left, y_num + 1, LEFT_COL_W, [(p, "", 12) for p in subject])
    pdf.set_y(max(y_subj, y_date) + 6)


def _kinh_gui(pdf: FPDF, lay: Layout) -> None:
    if not lay.kinh_gui:
        return
    y = pdf.get_y()
    pdf.set_font(FAMILY, "I", 14)
    pdf.set_xy(LEFT + 15, y)
    pdf.cell(25, 6.5, "Kính gửi:")
    items = [p for p in lay.kinh_gui if p]
    _column(pdf, LEFT + 41, y, PAGE_W - RIGHT - LEFT - 41, [(p, "", 14) for p in items],
            align="L")
    pdf.set_y(pdf.get_y() + 5)


def _body(pdf: FPDF, paras: list[str]) -> None:
    width = PAGE_W - LEFT - RIGHT
    for p in paras:
        pdf.set_font(FAMILY, "B" if _is_upper(p) else "", 14)
        pdf.set_x(LEFT)
        # first-line indent of 1 cm, as Nghị định 30 asks, by a leading figure space run
        pdf.multi_cell(width, 6.5, "\u2007" * 4 + p if not _is_upper(p) else p,
                       align="C" if _is_upper(p) and len(p) < 60 else "J",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + 1.5)


def _closing(pdf: FPDF, lay: Layout) -> None:
    if not (lay.noi_nhan or lay.signature):
        return
    lines_needed = max(len(lay.noi_nhan) + 1, len(lay.signature) + 6)
    if pdf.get_y() + lines_needed * 6 > 297 - BOTTOM:
        pdf.add_page()
    y = pdf.get_y() + 3
    noi = [("Nơi nhận:", "B", 12)] + [(p, "", 11) for p in lay.noi_nhan]
    y_left = _column(pdf, LEFT - 10, y, 80, noi, align="L")
    sig = lay.signature
    name = sig[-1:] if sig and not _is_upper(sig[-1]) else []
    titles = sig[: len(sig) - len(name)]
    x_sig, w_sig = LEFT + 75, PAGE_W - RIGHT - LEFT - 75
    y_sig = _column(pdf, x_sig, y, w_sig, [(p, "B", 13.5) for p in titles])
    if name:
        y_sig = _column(pdf, x_sig, y_sig + 22, w_sig, [(name[0], "B", 14)])
    pdf.set_y(max(y_left, y_sig) + 4)


def _footnotes(pdf: FPDF, lay: Layout) -> None:
    if not lay.footnotes:
        return
    pdf.set_y(pdf.get_y() + 4)
    for note in lay.footnotes:
        pdf.set_font(FAMILY, "", 10)
        pdf.set_x(LEFT)
        pdf.multi_cell(PAGE_W - LEFT - RIGHT, 4.5, note, align="J",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_letter(text: str, out: str | Path) -> Path:
    """Write ``text`` (a letter, as plain text) to ``out`` as an A4 PDF; returns the path."""
    lay = layout(text)
    pdf = _new_pdf()
    pdf.add_page()
    if lay.left or lay.right:
        _header(pdf, lay)
    if lay.title:
        _column(pdf, LEFT, pdf.get_y(), PAGE_W - LEFT - RIGHT,
                [(p, "B", 14) for p in lay.title], gap=0.5)
        pdf.set_y(pdf.get_y() + 4)
    _kinh_gui(pdf, lay)
    _body(pdf, lay.body)
    _closing(pdf, lay)
    if lay.appendix:
        pdf.add_page()
        _body(pdf, lay.appendix)
    _footnotes(pdf, lay)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    log.info("rendered %s (%d pages)", out, pdf.page_no())
    return out


def render_file(src: str | Path, out_dir: str | Path) -> Path:
    src = Path(src)
    text = src.read_text(encoding="utf-8")
    return render_letter(text, Path(out_dir) / f"{src.stem}.pdf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m congvan.corpora.render", description=__doc__.split("\n")[0])
    ap.add_argument("texts", nargs="+", help="letter text files (UTF-8)")
    ap.add_argument("-o", "--out", required=True, help="folder for the PDFs")
    args = ap.parse_args(argv)
    for t in args.texts:
        print(render_file(t, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
