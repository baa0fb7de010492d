"""Where a PDF's paragraphs start and go on, from where its lines stand on the page.

A justified body's full lines end at the right margin, its paragraphs' first lines are set at
the first-line indent (1-1.27 cm, Nghị định 30). ``normalise.build_text`` asks these for the
breaks the text of two lines cannot tell: a heading then its text (``new_paragraph``), and a
sentence that ends at the right margin with the paragraph going on under it, at the margin, on a
page whose paragraphs start indented (``continues_at_margin``: ``... trả lời phiếu khảo sát.`` /
``Văn bản cử người gửi đến Bộ Nội vụ ...``, which a text set the lines apart would not break).
"""
from __future__ import annotations

from .document import Line


def _body_edges(lines: list[Line], side: int, quantile: float) -> dict[int, float]:
    """Per PDF page, the ``quantile`` of one edge (``side``: 0 left, 2 right, as in a bbox) of the body text's lines."""
    edges: dict[int, list[float]] = {}
    for l in lines:
        if l.bbox is not None and l.column == "full" and len(l.text) > 30:
            edges.setdefault(l.page, []).append(l.bbox[side])
    out = {}
    for page, xs in edges.items():
        xs.sort()
        out[page] = xs[int(quantile * (len(xs) - 1))]
    return out


def right_margins(lines: list[Line]) -> dict[int, float]:
    """Per PDF page, the x where full lines of justified body text end."""
    return _body_edges(lines, 2, 0.8)


def reaches_margin(line: Line, margins: dict[int, float]) -> bool:
    right = margins.get(line.page)
    if right is None or line.bbox is None or line.column != "full":
        return False
    return line.bbox[2] >= right - 3.0


def left_margins(lines: list[Line]) -> dict[int, float]:
    """Per PDF page, the x where the lines of justified body text start (a paragraph's first line is indented)."""
    return _body_edges(lines, 0, 0.2)


def new_paragraph(prev: Line, line: Line, lefts: dict[int, float], rights: dict[int, float],
                  prev_text: str, text: str, connectors: set[str]) -> bool:
    """A PDF line set at the first-line indent (1-1.27 cm, Nghị định 30) under a left-aligned line that
    stops short of the margin starts a paragraph: a heading ("3. Ý kiến của cơ quan ...") then its text."""
    left = lefts.get(line.page)
    if left is None or line.bbox is None or prev.bbox is None or prev.page != line.page \
            or line.column != "full" or prev.column != "full" or reaches_margin(prev, rights):
        return False
    indent = line.bbox[0] - left
    # prev at the margin or at the indent itself (not a centred title's line); line at the indent
    if not (20.0 <= indent <= 60.0 and text[:1].isupper()
            and (abs(prev.bbox[0] - left) < 3.0 or abs(prev.bbox[0] - line.bbox[0]) < 3.0)):
        return False
    # not a list item's hanging lines: "... Quyết định số 2764/QĐ-" / "TTg ngày 19 ..." at the same indent
    end = prev_text.rstrip()
    return not end.endswith(("-", "–", ",", "/", "(")) and end.rsplit(" ", 1)[-1].lower() not in connectors


def indented_pages(lines: list[Line], lefts: dict[int, float], rights: dict[int, float]) -> set[int]:
    """The PDF pages of a document whose paragraphs start at the first-line indent (all or none):
    two or more lines there under a line that stops short of the margin, and fewer than half as many
    at the margin under such a line."""
    at_indent: dict[int, int] = {}
    at_margin: dict[int, int] = {}
    for prev, line in zip(lines, lines[1:]):
        left = lefts.get(line.page)
        if left is None or line.bbox is None or prev.bbox is None or prev.page != line.page \
                or line.column != "full" or prev.column != "full" or reaches_margin(prev, rights) \
                or not line.text[:1].isupper():
            continue
        indent = line.bbox[0] - left
        if 20.0 <= indent <= 60.0:
            at_indent[line.page] = at_indent.get(line.page, 0) + 1
        elif abs(indent) < 3.0:
            at_margin[line.page] = at_margin.get(line.page, 0) + 1
    n, m = sum(at_indent.values()), sum(at_margin.values())
    return set(lefts) if n >= 2 and m < n / 2 else set()


def continues_at_margin(prev: Line, line: Line, lefts: dict[int, float], rights: dict[int, float],
                        indented: set[int]) -> bool:
    """``line`` goes on with the paragraph of ``prev`` whatever ``prev`` ends with: ``prev`` reaches the
    right margin, ``line`` starts at the left margin (not at the indent), both on a page of
    ``indented`` paragraphs, and ``line`` stands no farther under ``prev`` than a line of type."""
    left = lefts.get(line.page)
    if left is None or line.page not in indented or line.bbox is None or prev.bbox is None \
            or prev.page != line.page or line.column != "full" or prev.column != "full" \
            or not reaches_margin(prev, rights) or abs(line.bbox[0] - left) >= 3.0:
        return False
    height = prev.bbox[3] - prev.bbox[1]
    return 0 < line.bbox[1] - prev.bbox[3] < 0.8 * height
