"""Task tables in a PDF, read by their ruling lines.

The page layout (``pipeline/pdf_layout.py``) reads a page as lines and two column zones, which suits a
letter and scrambles a table: cells of one row land on different lines, the left half of the table
before the right. ``extractors/task_tables`` reads a task table from text where its rows are whole;
here the rows are rebuilt from the page itself, only on pages whose text has a task-table header
word (``Đơn vị chủ trì``) and that draw a grid:

- the grid is the page's path objects: thin lines and the edges of cell rectangles give column
  boundaries (x) and row boundaries (y);
- every character goes to the grid cell its box centre is in, in the order pdfium reads them (a
  line break or a space inside a cell is a space);
- the header row is the row whose cells are column words (``TT | Nội dung công việc | Đơn vị chủ trì
  | ... | Thời gian hoàn thành``); the rows under it are read as ``| ... |`` text by the extractor's
  pipe reader, so the same rules make the obligations (a row without a number continues the one
  above, an empty chủ trì cell is a merged one); a page whose grid has the same columns and no
  header goes on with the table of the page before.

Evidence: the normalised text's blocks on that page inside the row (the row's words as the layout
gave them). What the prose walk read inside the table is dropped. A page without a grid, or a grid
without a task header, gives nothing.
"""
from __future__ import annotations

import ctypes
import logging
from bisect import bisect_right
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from congvan.extractors import fastre as re
from congvan.extractors.base import Match
from congvan.extractors.task_tables import header_ok, header_role, spots, table_obligations

log = logging.getLogger(__name__)

_THIN = 2.5   # points: a path this thin is a rule
_MERGE = 2.0  # points: rules closer than this are one boundary
_DATE_CUT = re.compile(r"\d/\d{0,3}$|[/-]$")  # "30/9/20" at a line's end: the date goes on ("25")


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _MERGE:
            continue
        out.append(v)
    return out


@dataclass(slots=True)
class Grid:
    xs: list[float]  # column boundaries
    ys: list[float]  # row boundaries, from the top
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # horizontal rules (y, x0, x1)

    def ruled(self, y: float, x: float) -> bool:
        """Does a horizontal rule run through (x, y)? (No: a cell merged over that row boundary.)"""
        return any(abs(ry - y) <= _MERGE and x0 - 1 <= x <= x1 + 1 for ry, x0, x1 in self.rules)


def page_grid(page: pdfium.PdfPage) -> Grid | None:
    """Column (x) and row (y, from the top) boundaries the page's rules draw, or None."""
    height = page.get_height()
    xs: list[float] = []
    rules: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=5):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if w < _THIN and h > 5:
            xs.append((left + right) / 2)
        elif h < _THIN and w > 10:
            rules.append((height - (top + bottom) / 2, left, right))
        elif w >= _THIN and h >= _THIN and w > 10 and h > 5:  # a cell drawn as a rectangle
            xs += [left, right]
            rules += [(height - top, left, right), (height - bottom, left, right)]
    xs, ys = _cluster(xs), _cluster([y for y, _, _ in rules])
    if len(xs) < 4 or len(ys) < 3:
        return None
    return Grid(xs, ys, rules)


def grid_cells(page: pdfium.PdfPage, grid: Grid) -> dict[tuple[int, int], str]:
    """The text of every grid cell, keyed (row, column), numbered from the top left. A character's
    row is that of its baseline (a line centred on a row boundary, in a merged cell, stays whole); a
    cell merged over rows gives its text to each of them."""
    xs, ys = grid.xs, grid.ys
    height = page.get_height()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n > 0 else ""
        if len(text) != n:
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i) or 32) for i in range(n))
        # per cell, its pieces of lines as read: [baseline, x, chars]; put in line order at the end
        # (pdfium's own order is not the reading order on every page: a turned page read "thành
        # Thời gian hoàn")
        cells: dict[tuple[int, int], list[list]] = {}
        piece: list | None = None
        for i, ch in enumerate(text):
            if ch in "\r\n":
                piece = None
                continue
            if ch.isspace() or ch == "\x02":
                if piece is not None and piece[2] and piece[2][-1] != " ":
                    piece[2].append(" ")
                continue
            left, bottom, right, top = tp.get_charbox(i)
            pdfium_c.FPDFText_GetCharOrigin(tp.raw, i, ox, oy)
            cx, cy = (left + right) / 2, height - oy.value - 0.5
            col, row = bisect_right(xs, cx) - 1, bisect_right(ys, cy) - 1
            if not (0 <= col < len(xs) - 1 and 0 <= row < len(ys) - 1):
                piece = None
                continue
            if piece is None or piece[3] != (row, col) or abs(piece[0] - cy) > 2:
                piece = [cy, left, [], (row, col)]
                cells.setdefault((row, col), []).append(piece)
            piece[2].append(ch)
    finally:
        tp.close()
    out = {}
    for key, pieces in cells.items():
        joined = ""
        for _, _, chars, _ in sorted(pieces, key=lambda q: (round(q[0] / 3), q[1])):
            t = "".join(chars).strip()
            if joined and t and not (_DATE_CUT.search(joined) and t[0].isdigit()):
                joined += " "  # the next line of the cell ("30/9/20" + "25" in a narrow column: one date)
            joined += t
        out[key] = " ".join(joined.split())

    for col in range(len(xs) - 1):
        mid, row = (xs[col] + xs[col + 1]) / 2, 0
        while row < len(ys) - 1:
            end = row + 1
            while end < len(ys) - 1 and not grid.ruled(ys[end], mid):
                end += 1  # no rule under this row in this column: the cell goes on
            if end - row > 1:
                merged = " ".join(out[(r, col)] for r in range(row, end) if out.get((r, col)))
                for r in range(row, end):
                    out[(r, col)] = merged
            row = end
    return {k: v for k, v in out.items() if v}


def _header(cells: dict[tuple[int, int], str], n_cols: int) -> tuple[int, dict[int, str]] | None:
    """The first row whose cells name the columns of a task table: (row, {column: role})."""
    for row in sorted({r for r, _ in cells}):
        roles = {c: header_role(cells.get((row, c), "")) for c in range(n_cols)}
        if header_ok([roles[c] for c in sorted(roles) if roles[c]]):
            return row, {c: r for c, r in roles.items() if r}
    return None


def read_table_rows(path: str, pages: list[int]) -> list[tuple[int, list[tuple[float, float]], str]]:
    """Per task-table row on ``pages`` (1-based): (page, [(top, bottom)] of the row, its cells as a
    ``| ... |`` line with the header's roles first). The first line of each table is its header."""
    out = []
    pdf = pdfium.PdfDocument(path)
    try:
        carry: tuple[list[float], dict[int, str]] | None = None  # the columns of the table going on
        for p in pages:
            page = pdf[p - 1]
            try:
                grid = page_grid(page)
                if grid is None:
                    carry = None
                    continue
                xs, ys = grid.xs, grid.ys
                cells = grid_cells(page, grid)
                head = _header(cells, len(xs) - 1)
                if head is not None:
                    first, roles = head[0] + 1, head[1]
                elif carry is not None and len(carry[0]) == len(xs) \
                        and all(abs(a - b) <= 3 for a, b in zip(carry[0], xs)):
                    first, roles = 0, carry[1]
                else:
                    carry = None
                    continue
                carry = (xs, roles)
                cols = sorted(roles)
                out.append((p, [], "| " + " | ".join(_HEADER_WORD[roles[c]] for c in cols) + " |"))
                index = next((c for c in cols if roles[c] == "index"), None)
                for row in range(first, len(ys) - 1):
                    if index is not None and len(cells.get((row, index), "").split()) > 1:
                        continue  # "1 2 3" in one number cell: rows the grid does not part, not one row
                    line = "| " + " | ".join(cells.get((row, c), "").replace("|", "/") for c in cols) + " |"
                    out.append((p, [(ys[row], ys[row + 1])], line))
            finally:
                page.close()
    finally:
        pdf.close()
    return out


# one column word per role, for the header of the rebuilt rows (the pipe reader reads it back)
_HEADER_WORD = {"index": "TT", "task": "Nội dung", "responsible": "Chủ trì", "cooperating": "Phối hợp",
                "time": "Thời hạn", "product": "Sản phẩm", "note": "Ghi chú"}


def with_pdf_tables(doc, found: list[Match], *, recipients: list[dict], year: int | None,
                    ranges: list[tuple[int, int]]) -> list[Match]:
    """``found`` (the obligations of ``doc``'s body) with the rows of its PDF task tables in place of
    what the prose walk read inside them. ``ranges``: the parts of the body whose duties count (the
    letter, its own phụ lục; not a draft sent with it)."""
    body = doc.body
    if not doc.file or doc.media_type != "application/pdf":
        return found
    # pages where a responsible or task column word stands (a narrow column may break the others)
    pages = sorted({doc.page_at(p) for a, b in ranges for p in spots(body, a, b, task=True)} - {None})
    if not pages:
        return found
    pages = list(range(pages[0], min(doc.pages or pages[-1], pages[-1] + 3) + 1))  # a table may run on
    try:
        rows = read_table_rows(doc.file, pages)
    except Exception as exc:  # noqa: BLE001 - a table that cannot be read must not cost the letter's other duties
        log.warning("task tables of %s not read: %s", doc.path, exc)
        return found
    if not rows:
        return found
    text = "\n".join(line for _, _, line in rows)
    obs = table_obligations(text, recipients=recipients)
    if not obs:
        return found
    starts = [0]
    for _, _, line in rows[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    inside: list[tuple[int, int]] = []  # body spans of the blocks inside the tables
    out = []
    for ob in obs:
        k = bisect_right(starts, ob.start) - 1
        page, bands, _ = rows[k]
        last = bisect_right(starts, ob.end - 1) - 1
        bands = [b for _, bs, _ in rows[k:last + 1] for b in bs]
        spans = [(b.start, b.end) for b in doc.blocks if b.page == page and b.bbox is not None
                 and b.start < len(body) and any(top - 1 <= (b.bbox[1] + b.bbox[3]) / 2 <= bottom + 1
                                                  for top, bottom in bands)]
        if not spans:
            continue
        inside += spans
        v = ob.value
        v.pop("_table", None)
        v.pop("_weak_deadline", None)
        if v["deadline"]:
            from congvan.extractors.obligations import _fill_year
            v["deadline"]["date"] = _fill_year(v["deadline"]["date"], year)
        task_words = " ".join(v["description"].split()[:3])
        first = next((s for s in spans if task_words and task_words in body[s[0]:s[1]]), spans[0])
        v["_spans"] = [first] + [s for s in spans if s != first]
        out.append(Match("obligation", first[0], first[1], body[first[0]:first[1]], v))
    if not out:
        return found
    kept = [ob for ob in found if not any(a <= ob.start < b for a, b in inside)]
    return sorted(kept + out, key=lambda m: m.start)

