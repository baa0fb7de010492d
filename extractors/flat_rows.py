"""Flattened rows of a task table: a row's cells joined by spaces, the rows often joined into one
paragraph (a table copied as text, a portal's copy, OCR). ``extractors/task_tables`` finds the
header; here the rows are found and cut into cells.

- Rows start at the next number of the table's own numbering (``1``, ``2``, ``1.1``, ``1.2``, a
  Roman ``II`` or a letter ``B.`` section row, which gives no duty); a number out of sequence is a
  number inside a cell.
- In a row, the time cell is found by its shape (the last one), the unit cells by their heads
  (``Sở``, ``UBND``, ``Các sở, ban, ngành``): at most one piece a unit column, pieces joined where a
  comma, ``;`` or ``và`` stands between them; a head right after a verb is the task's object
  (``Kiện toàn Ban Chỉ đạo ...``) unless no later head reads as the units. The task is what stands
  before the units (or before the time cell where the units follow it).
- A table whose unit column comes before its task column is not read.
"""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .task_tables import Row, _grammar, strip

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_MAX_TABLE = 30000  # characters after a header that a table may run over


def _next_ok(idx: str, state: dict) -> bool:
    """Is ``idx`` the next number of the table's own numbering (and then take it)?"""
    if idx in _ROMAN or re.fullmatch(r"[A-ZĐ]", idx):
        val = _ROMAN.get(idx) or ord(idx) - 64
        kind = "roman" if idx in _ROMAN else "letter"
        if val == state.get(kind, 0) + 1:
            state[kind] = val
            state["top"], state["path"] = state.get("top", 0), []
            return True
        return False
    path = [int(x) for x in idx.split(".")]
    cur = state.get("path", [])
    ok = (not cur and (path == [1] or path == [state.get("top", 0) + 1])) \
        or (cur and (path == cur[:-1] + [cur[-1] + 1] or path == cur + [1]
                     or len(cur) >= 2 and path == cur[:-2] + [cur[-2] + 1]))
    if ok:
        state["path"] = path
        state["top"] = path[0]
    return bool(ok)


def flat_rows(text: str, h1: int, end: int, roles: list[str]) -> Iterator[Row]:
    g = _grammar()
    cols = [r for r in roles if r != "index"]
    if cols[0] != "task":
        return  # a unit column before the task cannot be told from the task's own first words
    limit = min(end, h1 + _MAX_TABLE)
    stop = text.find("Nơi nhận", h1, limit)
    limit = stop if stop >= 0 else limit
    state: dict = {}
    starts: list[tuple[int, int, str]] = []  # (index start, cells start, index)
    for m in g["index"].finditer(text, h1, limit):
        if starts and m.start() - starts[-1][1] > 1500:
            break  # rows are not that long: the table ended
        if not starts and m.start() - h1 > 300:
            break  # no row right under the header: not a table this reader can read
        if _next_ok(m.group("idx"), state):
            starts.append((m.start(), m.end(), m.group("idx")))
    for k, (i0, c0, idx) in enumerate(starts):
        if k + 1 < len(starts):
            c1 = starts[k + 1][0]
        else:
            c1 = _last_row_end(text, c0, limit, "time" in cols)
        a, b = strip(text, c0, c1)
        if idx in _ROMAN or not idx[0].isdigit():
            continue  # a section row ("II. Công tác tuyên truyền"): no duty of its own
        cells = _flat_cells(text, a, b, cols)
        if cells:
            yield Row(i0, b, (i0, b), cells)


def _last_row_end(text: str, c0: int, limit: int, timed: bool) -> int:
    """Where the table's last row ends: its line, or (a row written one cell a line) the line
    that holds its time cell, at most eight lines down."""
    e = c0
    for _ in range(8):
        nl = text.find("\n", e + 1, limit)
        e = limit if nl < 0 else nl
        if not timed or _grammar()["time"].search(text, c0, e) or e >= limit:
            return e
    return text.find("\n", c0, limit) if text.find("\n", c0, limit) >= 0 else limit


def _verb_before(text: str, a: int, p: int) -> bool:
    from .obligations import _vocab
    tail = text[max(a, p - 25):p].rstrip()
    m = None
    for m in _vocab()["action"].finditer(tail):
        pass
    return m is not None and m.end() == len(tail)


def _unit_pieces(text: str, a: int, b: int) -> list[tuple[int, int]] | None:
    """The unit cells in ``text[a:b]`` (which must open with a unit head), or None where a piece is
    not a unit: a cell ends where the next head starts unless a comma, ``;`` or ``và`` joins them."""
    from .obligations import _vocab
    g = _grammar()
    heads = [m.start() for m in g["unit"].finditer(text, a, b)]
    if not heads or heads[0] != a:
        return None
    pieces: list[list[int]] = []
    for k, h in enumerate(heads):
        e = heads[k + 1] if k + 1 < len(heads) else b
        if pieces and (re.search(r"(?:[,;]|\svà)\s*$", text[pieces[-1][0]:h])
                       or g["unit"].fullmatch(text[pieces[-1][0]:h].rstrip())):
            pieces[-1][1] = e  # "Sở Nội vụ, Sở Tài chính": one cell; "Văn phòng UBND tỉnh": one name
        else:
            pieces.append([h, e])
    act = _vocab()["action"]
    out = []
    for p0, p1 in pieces:
        s = text[p0:p1].rstrip(" ,;")
        if not s or len(s.split()) > 16:
            return None
        if any(m.group(0)[:1].islower() and not re.search(r"(?:các|những)\s+$", s[:m.start()]) for m in act.finditer(s)):
            return None  # "UBND tỉnh ban hành ...": an object of the task, not a unit cell
        out.append((p0, p0 + len(s)))
    return out


def _flat_cells(text: str, a: int, b: int, cols: list[str]) -> dict[str, list[tuple[int, int]]] | None:
    g = _grammar()
    cells: dict[str, list[tuple[int, int]]] = {}
    zone = (a, b)
    if "time" in cols:
        times = [m for m in g["time"].finditer(text, a, b)]
        if not times:
            return None
        t = times[-1]
        cells["time"] = [(t.start(), t.end())]
        ti, ri = cols.index("time"), cols.index("responsible")
        zone = (a, t.start()) if ti > ri else (t.end(), b)
    z0, z1 = zone
    z1 = strip(text, z0, z1)[1]
    units: list[tuple[int, int]] | None = None
    n_cells = 1 + ("cooperating" in cols)  # the unit cells a row has at most
    if zone[0] == a:
        # task then units: the units are the cells after the task's words, at most one a unit column;
        # a head right after a verb is the task's object ("Kiện toàn Ban Chỉ đạo ...") unless no
        # later head reads as the unit cells
        options = []
        for m in g["unit"].finditer(text, a, z1):
            if len(text[a:m.start()].split()) < 2 or re.search(r"(?:[,;]|\svà)\s*$", text[a:m.start()]):
                continue  # the task's own first words; the next name of a list ("Sở A, Sở B")
            pieces = _unit_pieces(text, m.start(), z1)
            if pieces and len(pieces) <= n_cells:
                options.append((_verb_before(text, a, m.start()), pieces))
        units = next((p for verb, p in options if not verb), options[0][1] if options else None)
        if not units:
            return None
        task = strip(text, a, units[0][0])
    else:  # task, time, units: the task is what stands before the time cell
        units = _unit_pieces(text, strip(text, z0, z1)[0], z1)
        if not units:
            return None
        task = strip(text, a, cells["time"][0][0])
    if not re.search(r"\p{L}{2}", text[task[0]:task[1]]):
        return None
    cells["task"] = [task]
    has_coop = "cooperating" in cols and cols.index("cooperating") > cols.index("responsible")
    cells["responsible"] = units[:1] if has_coop else units
    if has_coop and len(units) > 1:
        cells["cooperating"] = units[1:]
    return cells
