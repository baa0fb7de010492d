"""Task tables: duties a plan assigns in a table (``Phân công nhiệm vụ``, ``PHỤ LỤC ... nhiệm vụ``).

A header names the columns (``TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian
hoàn thành | Sản phẩm``, in any order after the task column; the words are in
``data/task_tables.json``). Each row below it is one obligation (GUIDELINE, "Obligations"): the
``chủ trì`` unit responsible, the ``phối hợp`` units cooperating, the content cell the task, the
time cell the deadline, read by the deadline grammar (``Tháng 9/2025``, ``Quý IV/2025``, ``Trước
30/9/2025``; ``Thường xuyên`` is no deadline).

The normalised text gives a table in one of two shapes:

- **pipe rows** (a text copy with ``| ... |`` cells): the cells are known; a row whose number cell
  is empty continues the row above (a cell wrapped over lines), and an empty ``chủ trì`` cell in a
  numbered row is the merged cell of the row above;
- **flattened rows** (cells joined by spaces, rows often joined into one paragraph, or one cell a
  line; ``flat_rows.py``): rows start at the next number of the table's own numbering (``1``, ``2``,
  ``2.1``, a Roman ``II`` section row); in a row the time cell is found by its shape and the unit
  cells by their heads (``Sở``, ``UBND``, ``Các sở, ban, ngành``), the task being what comes before
  them.

A PDF's layout scrambles a table's rows; ``pipeline/pdf_tables.py`` rebuilds them from the page's
ruling lines and hands them here as pipe rows. What cannot be read gives nothing: a row without a
unit that reads as one, a task without words, a header without a task, a responsible and a time or
phối hợp column, a meeting's agenda. ``find_task_rows`` is the pure reader
(rows with the spans of their cells); ``table_obligations`` turns rows into obligations and
``with_table_rows`` puts them in place of what the prose walk made of the same text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data, phrase_alternation as _alt
from .deadlines import find_deadlines


@dataclass(slots=True)
class Row:
    """One row of a task table: spans (start, end) into the text per column role."""

    start: int
    end: int
    table: tuple[int, int]  # the whole table: header to last row
    cells: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


@lru_cache(maxsize=None)
def _grammar() -> dict:
    d = data("task_tables")
    roles = {" ".join(p.lower().split()): role for role, ps in d["columns"].items() for p in ps}
    heads = set(data("units")["heads"]) | set(data("frames")["extra_heads"]) | set(d["unit_openers"])
    upper_heads = sorted(h for h in heads if h[:1].isupper())
    no_dl = _alt(d["no_deadline"])
    date = r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?(?![\d/])"
    period = (r"(?:[Tt]háng\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?|[Qq]uý\s+(?:[IV]{1,3}|[1-4])(?:\s*[-–,]\s*(?:[IV]{1,3}|[1-4]))?)"
              r"(?:\s*(?:/|năm)\s*\d{4})?(?![\d\p{L}/])|[Nn]ăm\s+\d{4}(?![\d/])")
    lead = r"(?:(?:[Tt]rước|[Cc]hậm\s+nhất(?:\s+là)?|[Tt]rong|[Hh]oàn\s+thành(?:\s+trước|\s+trong)?|[Đđ]ến\s+hết)\s+(?:ngày\s+)?)?"
    return {
        "header": re.compile(rf"(?<![\p{{L}}\d])(?:{_alt(roles)})(?![\p{{L}}])", re.I),
        "roles": roles,
        "spots": sorted(p for p, r in roles.items() if r == "responsible"),
        # three words or more, and not a plan's heading ("NHIỆM VỤ, GIẢI PHÁP", "II. NHIỆM VỤ")
        "task_spots": sorted(p for p, r in roles.items() if r == "task" and len(p.split()) >= 3 and "," not in p),
        "prefilter": [tuple(g) for g in d["prefilter"]],
        "time": re.compile(rf"(?<![\p{{L}}\d/])(?:(?P<none>{no_dl})(?![\p{{L}}])|{lead}(?:{date}|{period}))"),
        "none": re.compile(rf"^(?:{no_dl})\W*$", re.I),
        "range": re.compile(r"(?P<a>\d{1,2}|[IV]{1,3})\s*[-–,]\s*(?P<b>\d{1,2}|[IV]{1,3})(?=\s*(?:/|năm))"),
        "unit": re.compile(rf"(?<![\p{{L}}])(?:{_alt(upper_heads)})(?![\p{{L}}])"),
        "lead_ins": d["time_lead_ins"],
        "index": re.compile(r"(?:^|(?<=[\s|]))(?P<idx>\d{1,2}(?:\.\d{1,2}){0,2}|[IVX]{1,4}|[A-ZĐ](?=\.))[.)]?\s+(?=[\p{Lu}“\"(])"),
    }


_GAP = re.compile(r"^[\s|/]{0,6}$")  # cells of a header row; a comma is prose ("nội dung, đơn vị chủ trì")
_CLOCK = re.compile(r"\s*\d{1,2}\s*(?:h|giờ|g)\s*\d{0,2}(?![\d/])(?!.*\d\s*/\s*\d)", re.I | re.S)  # no date after it
_AFTER_HEADER = re.compile(r"\s*(?:\||$|[\p{Lu}\d(])")
_DASHES = re.compile(r"^[\s:\-–]*$")


@lru_cache(maxsize=8)
def _lower(text: str) -> str:
    return text.lower()  # once a letter: the prefilter, then the header spots


def maybe_tables(text: str, start: int = 0, end: int | None = None) -> bool:
    """The prefilter: only a text that holds a word of every group can hold a task table."""
    low, end = _lower(text), len(text) if end is None else end
    return all(any(low.find(w, start, end) >= 0 for w in group) for group in _grammar()["prefilter"])


def spots(text: str, start: int = 0, end: int | None = None, *, task: bool = False) -> list[int]:
    """Where a capitalised responsible column word (``Đơn vị chủ trì``, ``Chủ trì``) stands; with
    ``task``, a task column word of three words or more too (``Nội dung công việc``)."""
    low, end = _lower(text), len(text) if end is None else end
    out = []
    for phrase in _grammar()["spots"] + (_grammar()["task_spots"] if task else []):
        p = low.find(phrase, start, end)
        while p >= 0:
            # a header cell: capitalised, then the next cell, a line end or a pipe ("Chủ trì, phối hợp
            # với ..." opens a list item)
            if text[p].isupper() and _AFTER_HEADER.match(text, p + len(phrase), end):
                out.append(p)
            p = low.find(phrase, p + 1, end)
    return sorted(out)


def header_ok(roles: list[str]) -> bool:
    """Do these column roles, in order, make a task table? A task and a responsible column, a time
    or phối hợp column, each once; the time not before the task (``Thời gian | Nội dung | Chủ trì``
    is a meeting's agenda: who chairs each item)."""
    return "task" in roles and "responsible" in roles and ("time" in roles or "cooperating" in roles) \
        and len(set(roles)) == len(roles) and ("time" not in roles or roles.index("time") > roles.index("task"))


def header_role(cell: str) -> str | None:
    """The column a header cell names (``Thời gian hoàn thành (dự kiến)`` -> ``time``), or None."""
    cell = " ".join(cell.split())
    if len(cell) <= 5:
        cell = cell.replace(" ", "")  # "T T": "TT" wrapped in a narrow column
    m = _grammar()["header"].match(cell)
    if m is None or not cell[:1].isupper() or (m.end() < len(cell) and not cell[m.end():].lstrip().startswith("(")):
        return None
    return _grammar()["roles"][" ".join(m.group(0).lower().split())]


def _headers(text: str, start: int, end: int) -> Iterator[tuple[int, int, list[tuple[str, int, int]]]]:
    """Header rows: chains of column words with only spaces, ``|`` or ``/`` between them."""
    g = _grammar()
    chain: list[tuple[str, int, int]] = []
    opens_line = False

    def done():
        # a header opens a line or a pipe row ("TT Nội dung ...", "| TT | Nội dung |"), or has four
        # columns or more where the normaliser joined it to the line before ("(Kèm theo ...) TT ...")
        if header_ok([r for r, _, _ in chain]) and (opens_line or len(chain) >= 4) \
                and _AFTER_HEADER.match(text, chain[-1][2], end):
            yield chain[0][1], chain[-1][2], list(chain)

    # the header regex runs only near a capitalised responsible column word ("Đơn vị chủ trì")
    windows: list[list[int]] = []
    for p in spots(text, start, end):
        a, b = max(start, p - 300), min(end, p + 300)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = b
        else:
            windows.append([a, b])
    found = (m for a, b in windows for m in g["header"].finditer(text, a, b))
    for m in found:
        if not m.group(0)[0].isupper():
            continue  # a header writes its column words with capitals; prose does not
        role = g["roles"][" ".join(m.group(0).lower().split())]
        if chain and _GAP.match(text[chain[-1][2]:m.start()]):
            chain.append((role, m.start(), m.end()))
            continue
        if chain:
            yield from done()
        before = text[max(start, m.start() - 3):m.start()]
        chain = [(role, m.start(), m.end())]
        opens_line = m.start() == start or before.rstrip(" ")[-1:] in ("\n", "|", "")
    if chain:
        yield from done()


def find_task_rows(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Row]:
    """Every row of every task table in ``text[start:end]``, with the spans of its cells."""
    end = len(text) if end is None else end
    if not maybe_tables(text, start, end):
        return
    pos = start
    for h0, h1, chain in _headers(text, start, end):
        if h0 < pos:
            continue
        row_open = text.rfind("|", max(start, h0 - 4), h0)
        if row_open >= 0 and not text[row_open + 1:h0].strip():
            rows = list(_pipe_rows(text, row_open, end, chain))
        else:
            from .flat_rows import flat_rows  # (imports this module's grammar)
            rows = list(flat_rows(text, h1, end, [r for r, _, _ in chain]))
        if rows:
            t_end = rows[-1].end
            for r in rows:
                r.table = (h0, t_end)
            # a time of day is an agenda item ("08h00 - 08h10"), not a deadline
            yield from (r for r in rows if not any(_CLOCK.match(text, a, b) for a, b in r.cells.get("time", [])[:1]))
            pos = t_end


# ---------------------------------------------------------------- pipe rows


def _pipe_rows(text: str, row_open: int, end: int, chain: list[tuple[str, int, int]]) -> Iterator[Row]:
    cell = re.compile(r"([^|\n]*)\|")
    # the header row's cells, each with the role of the column word in it
    roles: list[str | None] = []
    p = row_open + 1
    while chain and p < end:
        m = cell.match(text, p, end)
        if not m:
            return
        inside = [r for r, a, _ in chain if m.start() <= a < m.end()]
        roles.append(inside[0] if inside else None)
        p = m.end()
        if m.end() > chain[-1][2]:
            break
    n = len(roles)
    rows: list[Row] = []
    prev: Row | None = None
    while p < end:
        q = p
        while q < end and text[q] in " \t\n":
            q += 1
        if q >= end or text[q] != "|":
            break
        spans, r = [], q + 1
        for _ in range(n):
            m = cell.match(text, r, end)
            if not m:
                break
            spans.append((m.start(1), m.end(1)))
            r = m.end()
        if len(spans) < n:
            break
        p = r
        if all(_DASHES.match(text[a:b]) for a, b in spans):
            continue  # "|---|---|": the markdown rule under the header
        cells = {role: [strip(text, a, b)] for role, (a, b) in zip(roles, spans) if role and text[a:b].strip()}
        if prev is not None and "index" in roles and "index" not in cells:
            for role, s in cells.items():  # a row without a number: the cells of the row above, wrapped
                prev.cells.setdefault(role, []).extend(s)
            prev.end = r
            continue
        row = Row(q, r, (q, r), cells)
        if "responsible" not in cells and prev is not None and "responsible" in prev.cells:
            row.cells["responsible"] = list(prev.cells["responsible"])  # a merged "chủ trì" cell
        rows.append(row)
        prev = row
    yield from rows


def strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t\n":
        a += 1
    while b > a and text[b - 1] in " \t\n;,":
        b -= 1
    return a, b


# ---------------------------------------------------------------- obligations


def time_deadline(text: str, a: int, b: int) -> Match | None:
    """The deadline a time cell ``text[a:b]`` says, with offsets into ``text``; None for
    ``Thường xuyên`` and for what the grammar cannot read."""
    g = _grammar()
    cell = " ".join(text[a:b].split())
    if not cell or g["none"].match(cell):
        return None
    read = g["range"].sub(lambda m: m.group("b"), cell)  # "Tháng 9 - 10/2025": by the end of October
    for lead in g["lead_ins"]:
        d = next(iter(find_deadlines(lead + read)), None)
        if d is not None and d.start <= len(lead):
            d.value["raw"] = cell
            return Match("deadline", a, b, text[a:b], d.value)
    return None


def _cell_units(text: str, spans: list[tuple[int, int]], recipients: list[dict], read) -> list[dict]:
    """The units of a cell: a pipe cell's wrapped pieces ("Sở Khoa học và" / "Công nghệ") read as one
    text, a flattened row's unit cells one by one."""
    if not spans:
        return []
    joined = all(text[a:b].count("|") == 0 for a, b in spans) and any(
        text[spans[k][1]:spans[k + 1][0]].count("|") for k in range(len(spans) - 1))
    if joined:
        return read(" ".join(" ".join(text[a:b].split()) for a, b in spans), spans[0][0], recipients) or []
    out: list[dict] = []
    for a, b in spans:
        out += read(text[a:b], a, recipients) or []
    return out


def row_obligation(text: str, row: Row, task: str, resp: list[dict], coop: list[dict]) -> Match:
    """The obligation a task row (of a table, or a labelled block) states, before its deadline is attached."""
    from .obligations import _action, _vocab
    action = _action(task)
    value = {"responsible": resp, "cooperating": coop, "action": action, "description": task,
             "deadline": None, "data_window": None, "period": None, "recurrence": None, "submit_to": None,
             "confidence": 0.8, "_spans": [(row.start, row.end)], "_inherited": False, "_table": row.table,
             "_reporting": action in _vocab()["reporting"] or bool(re.search(r"báo\s+cáo|gửi|cung\s+cấp", task[:120], re.I))}
    return Match("obligation", row.start, row.end, text[row.start:row.end], value)


def table_obligations(text: str, *, start: int = 0, end: int | None = None,
                      recipients: list[dict] | None = None) -> list[Match]:
    """One obligation per task-table row in ``text[start:end]``, in the shape ``find_obligations``
    gives (``_spans``, ``_reporting`` ...); ``_table`` is the table's span."""
    from .obligations import _attach_deadline, _units
    out: list[Match] = []
    for row in find_task_rows(text, start=start, end=end):
        resp, coop = _cell_units(text, row.cells.get("responsible", []), recipients or [], _units), \
            _cell_units(text, row.cells.get("cooperating", []), [], _units)
        task = " ".join(" ".join(text[a:b].split()) for a, b in row.cells.get("task", []))
        if not resp or not re.search(r"\p{L}{2}", task):
            continue
        ob = row_obligation(text, row, task, resp, coop)
        for a, b in row.cells.get("time", [])[:1]:
            d = time_deadline(text, a, b)
            if d is not None:
                _attach_deadline(ob, d, 0)
        out.append(ob)
    return out


def with_table_rows(found: list[Match], text: str, start: int, end: int,
                    recipients: list[dict] | None = None) -> list[Match]:
    """``found`` with the task-table rows of ``text[start:end]`` in place of what the prose walk
    read inside those tables (a row read as a sentence runs its cells together)."""
    if not maybe_tables(text, start, end):
        return found
    rows = table_obligations(text, start=start, end=end, recipients=recipients)
    if not rows:
        return found
    tables = {r.value.pop("_table") for r in rows}
    kept = [ob for ob in found if not any(a <= ob.start < b for a, b in tables)]
    for ob in kept:
        spans = ob.value["_spans"]
        if ob.value["deadline"] and any(a <= s0 < b for s0, _ in spans[1:] for a, b in tables):
            # a deadline the walk took from a table row for the duty stated before the table
            ob.value["deadline"] = None
            ob.value["_spans"] = [sp for sp in spans[:1]] + [sp for sp in spans[1:]
                                                             if not any(a <= sp[0] < b for a, b in tables)]
    return sorted(kept + rows, key=lambda m: m.start)
