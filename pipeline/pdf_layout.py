"""A page laid out from its runs of characters, steps 2 to 4 of reading a text layer (``pdf``):
runs -> visual lines (vertical overlap), two-column zones read left column first (the agency /
Quốc hiệu header, ``Số:`` beside the date, ``Nơi nhận`` beside the signature), footnote bodies
marked and page numbers dropped.

The same layout serves a text layer (runs from ``pdf_chars``) and a scan (one run per OCR word,
``ocr``), so header columns, ``Nơi nhận`` and the signature zone come out in the same reading order.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

import regex

from .document import Line


@dataclass(slots=True)
class Run:
    chars: list[str] = field(default_factory=list)
    x0: float = 1e9
    top: float = 1e9
    x1: float = -1e9
    bottom: float = -1e9
    heights: list[float] = field(default_factory=list)
    # (len(heights), their median): heights only ever grow, so the count tells a stale value
    _height: tuple[int, float] = (0, 0.0)

    def add(self, ch: str, box: tuple[float, float, float, float] | None) -> None:
        self.chars.append(ch)
        if box is not None:
            x0, top, x1, bottom = box
            if x0 < self.x0:
                self.x0 = x0
            if x1 > self.x1:
                self.x1 = x1
            if top < self.top:
                self.top = top
            if bottom > self.bottom:
                self.bottom = bottom
            self.heights.append(bottom - top)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    @property
    def height(self) -> float:
        """The median glyph height (asked many times per run by the layout step: kept)."""
        n = len(self.heights)
        if self._height[0] != n:
            self._height = (n, _median(self.heights))
        return self._height[1]

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


def _group_lines(runs: list[Run]) -> list[list[Run]]:
    rows: list[list[Run]] = []
    # (the min/max of two floats written out: the same values, without a builtin call per pair)
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        placed = False
        rt, rb = run.top, run.bottom
        for row in reversed(rows[-4:]):
            ref = row[0]
            ft, fb = ref.top, ref.bottom
            overlap = (rb if rb < fb else fb) - (rt if rt > ft else ft)
            a, b = fb - ft, rb - rt
            if overlap > 0.5 * (b if b < a else a):
                row.append(run)
                placed = True
                break
        if not placed:
            rows.append([run])
    for row in rows:
        if len(row) > 1:
            row.sort(key=lambda r: r.x0)
    rows.sort(key=lambda row: row[0].top if len(row) == 1 else min(r.top for r in row))
    return rows


def _segments(row: list[Run]) -> list[Run]:
    """Merge the runs of one visual line that are close together; keep wide gaps apart."""
    segs: list[Run] = []
    for run in row:
        if segs:
            last = segs[-1]
            gap = run.x0 - last.x1
            if gap < 2.2 * max(last.height, run.height, 4.0):
                if gap > 0.12 * max(last.height, 1.0) and last.chars[-1] != " " and run.chars[0] != " ":
                    last.chars.append(" ")
                last.chars.extend(run.chars)
                last.x1 = max(last.x1, run.x1)
                last.top = min(last.top, run.top)
                last.bottom = max(last.bottom, run.bottom)
                last.heights.extend(run.heights)
                continue
        segs.append(Run(list(run.chars), run.x0, run.top, run.x1, run.bottom, list(run.heights)))
    return segs


def _side(seg: Run, mid: float, slack: float) -> str:
    left = seg.x1 <= mid + slack
    right = seg.x0 >= mid - slack
    if left and not right:
        return "left"
    if right and not left:
        return "right"
    return "full"


def lines_from_runs(runs: list[Run], *, width: float, page_no: int) -> list[Line]:
    """Lay out a page from its runs of characters (from the text layer, or words from OCR)."""
    mid, slack = width / 2, width * 0.02
    rows = [_segments(row) for row in _group_lines(runs)]
    # a page number alone on the first or last row is furniture, not a column
    for edge in (0, -1):
        if rows and len(rows[edge]) == 1 and rows[edge][0].text.strip("- ").isdigit() \
                and len(rows[edge][0].text.strip("- ")) <= 3:
            rows.pop(edge)
    # classify each row: a list of (side, segment)
    classified: list[list[tuple[str, Run]]] = []
    for segs in rows:
        if len(segs) >= 2:
            gaps = [segs[i + 1].x0 - segs[i].x1 for i in range(len(segs) - 1)]
            cut = max(range(len(gaps)), key=gaps.__getitem__)
            left = segs[: cut + 1]
            right = segs[cut + 1 :]
            if left[-1].x1 <= mid + 6 * slack and right[0].x0 >= mid - 6 * slack:
                classified.append([("left", s) for s in left] + [("right", s) for s in right])
                continue
            classified.append([(_side(s, mid, slack), s) for s in segs])
        else:
            classified.append([(_side(segs[0], mid, slack), segs[0])])
    _continuations(classified)
    _extend_zones(classified, mid, slack)
    out: list[Line] = []
    i = 0
    while i < len(classified):
        row = classified[i]
        if any(side == "full" for side, _ in row):
            out.extend(_line([s], page_no, "full") for _, s in row)
            i += 1
            continue
        j = i
        while j < len(classified) and not any(side == "full" for side, _ in classified[j]):
            j += 1
        zone = classified[i:j]
        # "Kính gửi:" in the left column with its addressees to the right: read row by row
        for k, row_ in enumerate(zone):
            if any(side == "left" and _kinh_gui_label(s.text, row_) for side, s in row_):
                if k > 0:
                    j = i + k
                    zone = zone[:k]
                else:
                    for r in classified[i:j]:
                        out.append(_line([s for _, s in r], page_no, "full"))
                    zone = []
                break
        sides = {side for row_ in zone for side, _ in row_}
        if sides == {"left", "right"}:
            for want in ("left", "right"):
                for row_ in zone:
                    pieces = [s for side, s in row_ if side == want]
                    if pieces:  # "Số:" and "/SNV-TCBC" on one row are one line
                        out.append(_line(pieces, page_no, want))
        elif zone:
            for row_ in zone:
                out.append(_line([s for _, s in row_], page_no, "full"))
        i = j
    _mark_page_furniture(out)
    return [l for l in out if l.text]


# the addressee label: "Kính gửi:" or the bare words, its list to the right; not the closing
# sentence "Kính gửi Sở Nội vụ tổng hợp./." whose last line is short enough to look like a left line
_KINH_GUI_LABEL = regex.compile(r"^\s*Kính gửi\s*(?::|$)")


def _kinh_gui_label(text: str, row: list[tuple[str, Run]]) -> bool:
    if not text.lstrip().startswith("Kính gửi"):
        return False
    return bool(_KINH_GUI_LABEL.match(text)) or any(side == "right" for side, _ in row)


def _line(segs: list[Run], page_no: int, column: str) -> Line:
    if len(segs) == 1:  # most lines: one segment, whose median height is kept already (the same value)
        s = segs[0]
        return Line(text=" ".join("".join(s.chars).split()), page=page_no, bbox=(s.x0, s.top, s.x1, s.bottom),
                    column=column, size=s.height if s.heights else None)
    text = " ".join(" ".join(s.text.split()) for s in segs)
    bbox = (min(s.x0 for s in segs), min(s.top for s in segs),
            max(s.x1 for s in segs), max(s.bottom for s in segs))
    heights = [h for s in segs for h in s.heights]
    return Line(text=text, page=page_no, bbox=bbox, column=column, size=_median(heights) if heights else None)


def _median(values: list[float]) -> float:
    """``statistics.median`` without its overhead (called for every line and every run)."""
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _continuations(rows: list[list[tuple[str, Run]]]) -> None:
    """A short line tight against a full-width line is part of its paragraph, not a column.

    The last line of a justified paragraph often ends before the middle of the page; read
    alone it looks like a left-column line and would be pulled into the ``Nơi nhận`` zone
    that follows it (or the zone a page break puts after it).
    """
    def full(r: list[tuple[str, Run]]) -> bool:
        return len(r) == 1 and r[0][0] == "full"

    # the usual gap between two lines of one paragraph on this page
    gaps = sorted(rows[k + 1][0][1].top - rows[k][0][1].bottom
                  for k in range(len(rows) - 1) if full(rows[k]) and full(rows[k + 1]))
    if not gaps:
        return
    leading = max(gaps[len(gaps) // 2], 0.0)
    for k, row in enumerate(rows):
        if len(row) != 1 or row[0][0] != "left":
            continue
        seg = row[0][1]
        for n in (k - 1, k + 1):
            if not 0 <= n < len(rows) or not full(rows[n]):
                continue
            other = rows[n][0][1]
            gap = seg.top - other.bottom if n < k else other.top - seg.bottom
            h = other.bottom - other.top
            if -0.2 * h < gap <= 1.3 * leading + 1 and abs(seg.height - other.height) < 0.15 * h:
                rows[k] = [("full", seg)]
                break


def _extend_zones(rows: list[list[tuple[str, Run]]], mid: float, slack: float) -> None:
    """Inside a two-column zone, a wide line that stays clear of the other column keeps its side.

    ``Nơi nhận`` entries often run past the middle of the page while the signature sits further
    right; without this they would end the zone and split the block.
    """
    right_x0 = left_x1 = None
    prev_bottom = None
    for k, row in enumerate(rows):
        if len(row) == 1:  # (most rows: the same values without the generators)
            side0, seg0 = row[0]
            sides = {side0}
            near = prev_bottom is not None and seg0.top - prev_bottom < 1.5 * seg0.height
            prev_bottom = seg0.bottom
        else:
            sides = {side for side, _ in row}
            top = min(s.top for _, s in row)
            near = prev_bottom is not None and top - prev_bottom < 1.5 * max(s.height for _, s in row)
            prev_bottom = max(s.bottom for _, s in row)
        if "full" not in sides:
            rx = [s.x0 for side, s in row if side == "right"]
            lx = [s.x1 for side, s in row if side == "left"]
            if rx:
                right_x0 = min(rx) if right_x0 is None else min(right_x0, min(rx))
            if lx:
                left_x1 = max(lx) if left_x1 is None else max(left_x1, max(lx))
            continue
        if len(row) == 1 and near and right_x0 is not None and left_x1 is not None:
            seg = row[0][1]
            if seg.x1 < right_x0 - 2 and seg.x0 < mid:
                rows[k] = [("left", seg)]
                continue
            if seg.x0 > left_x1 + 2 and seg.x0 >= right_x0 - 4 * slack:
                rows[k] = [("right", seg)]
                continue
        right_x0 = left_x1 = None


_OCR_NOTE_MARK = regex.compile(r"^[!|¹²³]\s+\p{Lu}")


def _page_footer(bottom_first: list[Line]) -> list[Line]:
    """Up to two centred lines, narrower than the text, at the very foot of the page (an agency's
    address footer), bottom first; empty when the last line is not one."""
    full = [l for l in bottom_first if l.column == "full"]
    if len(full) < 5:
        return []
    # the text block's margins, robust to a stray wide line (a stamp, a rule)
    xs0, xs1 = sorted(l.bbox[0] for l in full), sorted(l.bbox[2] for l in full)
    left, right = xs0[len(xs0) // 10], xs1[-1 - len(xs1) // 10]
    width = right - left
    out: list[Line] = []
    for line in bottom_first[:2]:
        x0, x1 = line.bbox[0], line.bbox[2]
        indented = x0 - left > 0.03 * width and right - x1 > 0.03 * width
        centred = abs((x0 + x1) / 2 - (left + right) / 2) < 0.03 * width
        if line.column != "full" or not (indented and centred):
            break
        out.append(line)
    return out


def _mark_page_furniture(lines: list[Line]) -> None:
    """Drop page numbers; mark footnote bodies (small type at the foot of the page)."""
    if not lines:
        return
    by_y = sorted(lines, key=lambda l: l.bbox[1])
    for edge in (by_y[0], by_y[-1]):
        t = edge.text.strip("- ")
        if t.isdigit() and len(t) <= 3:
            edge.text = ""
    sizes = [l.size for l in lines if l.size and len(l.text) > 20]
    if not sizes:
        return
    body = statistics.median(sizes)
    bottom_first = sorted((l for l in lines if l.text), key=lambda l: l.bbox[1], reverse=True)
    footer = _page_footer(bottom_first)
    foot: list[Line] = []
    for line in bottom_first[len(footer):]:
        if line.size and line.size < 0.88 * body and line.column == "full":
            foot.append(line)
            continue
        break
    # a footnote block starts with its number (OCR reads a raised ¹ as "!" or "|")
    starts = [k for k, l in enumerate(reversed(foot)) if l.text[:1].isdigit() or _OCR_NOTE_MARK.match(l.text)]
    if starts:
        # the page's own footer under the notes (an address line, centred) is furniture as they are
        for line in list(reversed(foot))[starts[0]:] + footer:
            line.kind = "footnote"
            if line.text[:1].isdigit():
                num, _, rest = line.text.partition(" ")
                if num.isdigit() and len(num) <= 2:
                    line.text = f"{num} {rest}".strip()
