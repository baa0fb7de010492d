"""Labelled task blocks: a plan's task followed by lines that name who does it and by when.

Plans that do not draw a table often write each task as an item, then labelled lines under it::

    1. Rà soát, sắp xếp các hội có phạm vi hoạt động trong tỉnh
    - Cơ quan chủ trì: Sở Nội vụ.
    - Cơ quan phối hợp: Sở Tư pháp, Sở Tài chính.
    - Thời gian hoàn thành: trước ngày 30/11/2025.

or one line of ``label: value`` pairs (``Đơn vị chủ trì: Sở X; thời gian hoàn thành: trước ngày ...``). Each
block is one obligation (GUIDELINE, "Obligations"): the ``chủ trì`` / ``thực hiện`` unit responsible, the
``phối hợp`` units cooperating, the item the task, the time label's value the deadline. The label words are
the column words of ``data/task_tables.json`` (a table's header and a block's labels name the same things),
and the time value is read as a table's time cell (``task_tables.time_deadline``).

``find_task_blocks`` is the pure reader (``task_tables.Row`` per block, with the spans of its parts);
``with_labelled_tasks`` puts their obligations in place of what the prose walk made of the same lines (it read
``- Cơ quan chủ trì: Sở Nội vụ`` as a duty of "Cơ quan").
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from . import fastre as re

from .base import Match, data
from .deadlines import find_deadlines
from .task_tables import Row, row_obligation, strip, time_deadline

_ROLES = ("responsible", "cooperating", "time", "product")


@lru_cache(maxsize=None)
def _grammar() -> dict:
    cols = data("task_tables")["columns"]
    phrases = {" ".join(p.lower().split()): role for role in _ROLES for p in cols[role]}
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    caps = sorted({p for role in _ROLES for p in cols[role] if p[:1].isupper()}, key=len, reverse=True)
    alt_cap = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in caps)
    return {
        "roles": phrases,
        "responsible_words": tuple(sorted({p for p, r in phrases.items() if r == "responsible"}, key=len)),
        # "- Cơ quan chủ trì: ...", "+ Thời gian hoàn thành (dự kiến): ...", "; thời gian hoàn thành: ..."
        "label": re.compile(rf"(?:^[ \t]*(?:[-+•–][ \t]*|[a-zđ]\)[ \t]*)?|[;.][ \t]*)(?P<label>{alt})"
                            r"(?:[ \t]*\([^()\n]{0,40}\))?[ \t]*:[ \t]*", re.I | re.M),
        # a first label the reader joined to the end of its task line: capitalised after a word ("... trong tỉnh
        # Đơn vị chủ trì: Sở X; ...")
        "joined": re.compile(rf"(?<=\p{{L}}[ \t])(?P<label>{alt_cap})[ \t]*:[ \t]*"),
        "marker": re.compile(r"^[ \t]*(?:[-+•–][ \t]*|(?:\d+(?:\.\d+)*[.)]?|[a-zđ]\)|[IVX]+\.)[ \t]+)?"),
    }


_LABEL_COLON = re.compile(r"[ \t]*(?:\([^()\n]{0,40}\))?[ \t]*:")


def _maybe_labels(low: str) -> bool:
    """The cheap test before the label patterns: a responsible label (``cơ quan chủ trì``, ``đơn vị thực hiện``,
    ``chủ trì``) with its colon right after it; found with ``str.find``, as most letters hold none."""
    for w in _grammar()["responsible_words"]:
        pos = low.find(w)
        while pos >= 0:
            if _LABEL_COLON.match(low, pos + len(w)):
                return True
            pos = low.find(w, pos + len(w))
    return False


def _line_at(text: str, pos: int, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", start, pos) + 1
    b = text.find("\n", pos, end)
    return max(a, start), end if b < 0 else b


def _opens_line(text: str, line_a: int, at: int) -> bool:
    """Only a list marker stands before ``at`` on its line (``- ``, ``+ ``, ``a) ``)."""
    before = text[line_a:at].strip()
    return not before.strip("-+•–").strip() or bool(re.fullmatch(r"[a-zđ]\)", before))


def find_task_blocks(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Row]:
    """Blocks of ``text[start:end]``: the task line right above the first label line (or the start of the line a
    reader joined the first label to), then the labelled lines below it (each label's value up to the next label,
    the line's end or a ``;``). A block needs a responsible label; ``Row.table`` spans the whole block,
    ``Row.cells`` holds ``task`` and the labels' roles."""
    end = len(text) if end is None else end
    if not _maybe_labels(text[start:end].lower()):
        return
    g = _grammar()
    labels = list(g["label"].finditer(text, start, end))
    seen = {m.start("label") for m in labels}
    labels += [m for m in g["joined"].finditer(text, start, end) if m.start("label") not in seen]
    labels.sort(key=lambda m: m.start("label"))
    k = 0
    while k < len(labels):
        first = labels[k]
        line_a, line_b = _line_at(text, first.start("label"), start, end)
        if _opens_line(text, line_a, first.start("label")):
            if line_a <= start:
                k += 1
                continue
            task_a, task_b = _line_at(text, line_a - 1, start, end)  # the task: the line above
        elif first.re is g["joined"] and text[line_a:first.start("label")].rstrip()[-1:] not in ".;:,":
            task_a, task_b = line_a, first.start("label")  # "1. <task> Đơn vị chủ trì: Sở X; ...": the line's start
        else:
            k += 1  # a label inside a sentence ("... do đơn vị chủ trì: ...") opens no block
            continue
        task_line = text[task_a:task_b]
        if g["label"].match(task_line) or len(task_line.strip()) < 8:
            k += 1
            continue
        mk = g["marker"].match(task_line)
        task_span = strip(text, task_a + (mk.end() if mk else 0), task_b)
        cells: dict[str, list[tuple[int, int]]] = {"task": [task_span]}
        block_end = line_b
        j = k
        cur_line = (line_a, line_b)
        while j < len(labels):
            lab = labels[j]
            la, lb = _line_at(text, lab.start("label"), start, end)
            if (la, lb) != cur_line:
                if la != cur_line[1] + 1 or not _opens_line(text, la, lab.start("label")):
                    break  # a line between, or a line that does not open with a label: the block has ended
                cur_line = (la, lb)
            elif j > k and lab.re is g["joined"]:
                break  # (a capitalised label word later in the same line is the value's text)
            nxt = labels[j + 1].start() if j + 1 < len(labels) and labels[j + 1].start() < lb else lb
            role = g["roles"][" ".join(lab.group("label").lower().split())]
            a, b = strip(text, lab.end(), nxt)
            while b > a and text[b - 1] in ".;,":
                b -= 1
            cells.setdefault(role, []).append((a, b))
            block_end = lb
            j += 1
        k = max(j, k + 1)
        if cells.get("responsible"):
            yield Row(task_a, block_end, (task_a, block_end), cells)


# "a) Rà soát danh mục ... (Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ; hoàn thành trước ngày 30/11/2025)."
_INLINE = re.compile(r"\((?P<u>[^()\n]{3,120}?)\s+chủ\s+trì(?:\s*,\s*phối\s+hợp(?:\s+với)?\s+(?P<co>[^()\n;]{3,160}?))?"
                     r"(?:\s*[,;]\s*(?P<time>[^()\n]{3,80}?))?\s*\)\s*[.;]?[ \t]*$", re.M)


def find_inline_blocks(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Row]:
    """Items that name who leads them in a closing parenthesis: ``Rà soát ... (Sở X chủ trì, thực hiện trước
    ngày ...)``: the item before it the task, the parenthesis its units and time."""
    end = len(text) if end is None else end
    if "chủ trì)" not in text[start:end] and "chủ trì," not in text[start:end]:
        return
    g = _grammar()
    for m in _INLINE.finditer(text, start, end):
        la, lb = _line_at(text, m.start(), start, end)
        mk = g["marker"].match(text, la)
        ta, tb = strip(text, mk.end() if mk else la, m.start())
        if tb - ta < 8:
            continue
        cells = {"task": [(ta, tb)], "responsible": [m.span("u")]}
        if m.group("co"):
            cells["cooperating"] = [m.span("co")]
        if m.group("time"):
            cells["time"] = [m.span("time")]
        yield Row(la, lb, (la, lb), cells)


def labelled_obligations(text: str, *, start: int = 0, end: int | None = None,
                         recipients: list[dict] | None = None) -> list[Match]:
    """One obligation per labelled task block, in the shape ``find_obligations`` gives; ``_table`` is the block."""
    from .obligations import _attach_deadline, _units
    out: list[Match] = []
    for row in [*find_task_blocks(text, start=start, end=end), *find_inline_blocks(text, start=start, end=end)]:
        a, b = row.cells["responsible"][0]
        resp = _units(text[a:b], a, recipients or [])
        task = " ".join(text[slice(*row.cells["task"][0])].split()).rstrip(" .;:")
        if not resp or not re.search(r"\p{L}{2}", task):
            continue
        coop: list[dict] = []
        for ca, cb in row.cells.get("cooperating", []):
            coop += _units(text[ca:cb], ca, []) or []
        ob = row_obligation(text, row, task, resp, coop)
        for ta, tb in row.cells.get("time", [])[:1]:
            d, base = time_deadline(text, ta, tb), 0  # (offsets into text)
            if d is None:  # "thực hiện trước ngày 30/11/2025": the grammar on the value (offsets into it)
                d, base = next((x for x in find_deadlines(text[ta:tb]) if x.value["relation"] != "from"), None), ta
            if d is not None:
                _attach_deadline(ob, d, base)
        out.append(ob)
    return out


def with_labelled_tasks(found: list[Match], text: str, start: int, end: int,
                        recipients: list[dict] | None = None) -> list[Match]:
    """``found`` with the labelled task blocks of ``text[start:end]`` in place of what the prose walk read in them."""
    blocks = labelled_obligations(text, start=start, end=end, recipients=recipients)
    if not blocks:
        return found
    spans = [ob.value.pop("_table") for ob in blocks]
    kept = [ob for ob in found if not any(a <= ob.start < b for a, b in spans)]
    return sorted(kept + blocks, key=lambda m: m.start)
