"""The ways one stretch of pen ink can be read as digits, and the one reading they agree on.

A clerk's digits touch (``855`` in one stroke, the ``13`` of ``113``) or run over one another (the
tail of the ``3`` of ``03`` under its ``0``), and where one digit ends is not to be guessed. So
each group of ink (``digits.groups``: the strokes that overlap in x) is read every way it can be
cut, and a reading is kept only where the ways agree:

- the group as one digit;
- where it holds two strokes of a digit's weight, each stroke (with the light strokes over it) as
  its own digit, left to right;
- cut into two or three digits at a **join**: after the slant is taken out, the top-to-bottom
  path with the least ink on it, crossing at most ``JOIN`` stroke widths of ink and no loop (the
  paper the ink closes in, also where a hairline gap of up to ``CLOSE`` stroke widths leaves a
  large loop open), so the halves of a ``0`` are never offered as ``11``; each piece holds its
  share of the ink (``SHARE``) and most of its height (``TALL``).

Every piece of a way must read with confidence (``digits.classify``), exactly one reading may
come out, and no other way may even look like other digits (every piece a guess of all four
models, or the whole taken for one digit by one of them): the whole that looks like a ``4``
stops its cut-off corner and stem from reading as ``61``. Otherwise the group, and so the box,
is left unread.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CLOSE, HOLE = 0.5, 0.08  # a loop left open by a gap up to CLOSE stroke widths is still a loop where it closes in HOLE of the height squared (the inside of a 0, not the pocket where two digits touch)
JOIN = 2.0  # a cut crosses at most this many stroke widths of ink, and no loop
MAX_CUTS = 8  # candidate joins looked at per group (the thinnest)
SHARE = 0.5  # each piece of a cut holds at least this share of an even split of the ink (no slivers)
TALL = 0.75  # each piece of a cut is at least this share of the ink's height (the corner of a 4 cut off is no 6)
WIDE = 0.5  # a group narrower than this share of its height is one digit (no cut is tried)

Piece = tuple[tuple[int, int, int, int], np.ndarray]  # box (x0, y0, x1, y1) in the mask, own mask


def _piece(ys: np.ndarray, xs: np.ndarray, ox: int, oy: int) -> Piece:
    x0, y0 = int(xs.min()), int(ys.min())
    m = np.zeros((int(ys.max()) - y0 + 1, int(xs.max()) - x0 + 1), dtype=bool)
    m[ys - y0, xs - x0] = True
    return (ox + x0, oy + y0, ox + int(xs.max()) + 1, oy + int(ys.max()) + 1), m


def _merged(group: list[Piece]) -> Piece:
    x0 = min(b[0] for b, _ in group)
    y0 = min(b[1] for b, _ in group)
    x1 = max(b[2] for b, _ in group)
    y1 = max(b[3] for b, _ in group)
    m = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    for (bx0, by0, bx1, by1), own in group:
        m[by0 - y0:by1 - y0, bx0 - x0:bx1 - x0] |= own
    return (x0, y0, x1, y1), m


def _strokes(group: list[Piece]) -> list[Piece] | None:
    """The group's heavy strokes as digits of their own (each light stroke joins the heavy one it
    overlaps most in x), left to right by their centres; None where it has one heavy stroke."""
    weights = [int(m.sum()) for _, m in group]
    heavy = [i for i, w in enumerate(weights) if w >= 0.3 * sum(weights)]
    if len(heavy) < 2:
        return None
    parts: dict[int, list[Piece]] = {i: [group[i]] for i in heavy}
    for i, (b, _m) in enumerate(group):
        if i in parts:
            continue
        best = max(heavy, key=lambda j: min(b[2], group[j][0][2]) - max(b[0], group[j][0][0]))
        parts[best].append(group[i])
    out = [_merged(p) for p in parts.values()]
    return sorted(out, key=lambda p: (p[0][0] + p[0][2]) / 2)


def _stroke_width(m: np.ndarray) -> float:
    from .digits import _stroke_width as width

    return max(1.0, width(m))


def _upright(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ink's rows, its columns with the slant taken out (a shear that makes the second moment
    xy zero, as ``digits.normalise`` does) starting at 0, and the upright mask."""
    ys, xs = np.nonzero(m)
    cy = ys.mean()
    var_y = ((ys - cy) ** 2).mean()
    shear = float(np.clip(((ys - cy) * (xs - xs.mean())).mean() / var_y, -0.8, 0.8)) if var_y > 0 else 0.0
    sx = np.rint(xs - shear * (ys - cy)).astype(np.int64)
    sx -= sx.min()
    upright = np.zeros((m.shape[0], int(sx.max()) + 1), dtype=bool)
    upright[ys, sx] = True
    return ys, sx, upright


def upright_width(m: np.ndarray) -> int:
    """The width of a piece of ink once its slant is out (a leaning digit's box is wider)."""
    return _upright(m)[2].shape[1]


def _paths(upright: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every bottom column, the top-to-bottom path (one column a row, a step of at most one
    column) that crosses the least ink, and the ink it crosses: (cost per column, path x per row
    per column)."""
    h, w = upright.shape
    ink = upright.astype(np.float32)
    cost = ink[0].copy()
    back = np.zeros((h, w), dtype=np.int8)
    for y in range(1, h):
        left = np.concatenate(([np.inf], cost[:-1])) + 0.01  # a step sideways costs a little
        right = np.concatenate((cost[1:], [np.inf])) + 0.01
        stack = np.stack([left, cost, right])
        pick = stack.argmin(axis=0)
        back[y] = pick - 1
        cost = stack[pick, np.arange(w)] + ink[y]
    at = np.zeros((h, w), dtype=np.int64)
    at[h - 1] = np.arange(w)
    for y in range(h - 1, 0, -1):
        at[y - 1] = at[y] + back[y, at[y]]
    return cost, at


def _closed(ink: np.ndarray, r: int) -> np.ndarray:
    """The ink with gaps up to ``2 r`` pixels bridged (a thin serif or a faint pen leaves the
    loop of a ``0`` open in the colour mask)."""
    img = Image.fromarray(np.pad(ink, r + 1).astype(np.uint8) * 255)
    img = img.filter(ImageFilter.MaxFilter(2 * r + 1)).filter(ImageFilter.MinFilter(2 * r + 1))
    return (np.asarray(img) > 127)[r + 1:-r - 1, r + 1:-r - 1]


def _big(mask: np.ndarray, area: float) -> np.ndarray:
    """The parts of ``mask`` (8-connected) of at least ``area`` pixels."""
    from .digits import components

    out = np.zeros_like(mask)
    for (x0, y0, x1, y1), own in components(mask):
        if own.sum() >= area:
            out[y0:y1, x0:x1] |= own
    return out


def _holes(ink: np.ndarray) -> np.ndarray:
    """The paper the ink closes in (the inside of a ``0``, the loops of an ``8``): what a fill
    from the edge, through paper only (4-connected), does not reach."""
    img = Image.fromarray(np.pad(ink, 1).astype(np.uint8) * 255).copy()  # its own pixels to fill
    ImageDraw.floodfill(img, (0, 0), 128)
    return np.asarray(img)[1:-1, 1:-1] == 0


def cuts(piece: Piece) -> list[list[Piece]]:
    """The ways to cut one piece of ink into two or three digits at its joins (see the module
    text), each a list of pieces left to right."""
    (bx0, by0, _bx1, _by1), m = piece
    h, w = m.shape
    if w < WIDE * h:
        return []
    ys, sx, upright = _upright(m)
    xs = np.nonzero(m)[1]
    sw = _stroke_width(m)
    cost, at = _paths(upright)
    holes = _holes(upright) | _big(_holes(_closed(upright, max(1, int(round(CLOSE * sw))))), HOLE * h * h)
    least = max(2, int(round(1.5 * sw)))  # a piece is at least a stroke and a half wide (a ``1``)
    found: dict[int, np.ndarray] = {}  # ink left of the cut -> the cut's x per row
    for x in np.argsort(cost, kind="stable"):
        if cost[x] > JOIN * sw or len(found) >= MAX_CUTS:
            break
        rows = np.arange(h)
        crossed = upright[rows, at[:, x]]
        if not crossed.any() or holes[rows, at[:, x]].any():
            continue  # beside the ink, or through a loop (the halves of a 0): no join
        left = sx < at[ys, x]
        n = int(left.sum())
        if n in found or not n or n == len(sx):
            continue
        lw = np.ptp(sx[left]) + 1
        rw = np.ptp(sx[~left]) + 1
        if lw < least or rw < least:
            continue
        found[n] = at[:, x]
    paths = [found[n] for n in sorted(found)]
    ways = []
    for n in (1, 2):
        for chosen in combinations(paths, n):
            if n == 2 and (chosen[1] - chosen[0]).min() < max(least, 0.25 * h):
                continue
            which = np.zeros(len(sx), dtype=np.int64)
            for p in chosen:
                which += sx >= p[ys]
            pieces = [_piece(ys[which == k], xs[which == k], bx0, by0) for k in range(n + 1) if (which == k).any()]
            share = [(which == k).sum() / len(sx) for k in range(n + 1)]
            if len(pieces) == n + 1 and min(share) >= SHARE / (n + 1) and min(b[3] - b[1] for b, _ in pieces) >= TALL * h:
                ways.append(pieces)
    return ways


def ways(group: list[Piece]) -> list[list[Piece]]:
    """Every way to read a group of strokes: as one digit, stroke by stroke, and cut at joins."""
    whole = _merged(group)
    out = [[whole]]
    strokes = _strokes(group)
    if strokes is not None:
        out.append(strokes)
    out.extend(cuts(whole))
    return out


def agreed(group: list[Piece], read, *, tallest: float, aspect: np.ndarray | None = None) -> tuple[str | None, list, str]:
    """(the group's digits, the ``read`` results of the way kept, "") or (None, [], why).
    ``read``: pieces -> one result per piece with ``.value`` (the digit where read with
    confidence, else None) and ``.guess`` (what it looks most like, or None). The digits are
    kept only where one reading is read with confidence and no way of cutting the ink reads,
    or even looks like, other digits: the halves of an open ``0`` that read as ``11`` lose to
    the whole that looks like a ``0``, a ``1`` run into a ``7`` read as a ``7`` loses to the cut
    that looks like ``17``."""
    read_as: dict[str, list] = {}
    looks: set[str] = set()
    tried = 0
    for way in ways(group):
        if any(b[3] - b[1] < 0.45 * tallest for b, _ in way):
            continue  # a mark no digit's size
        # a piece wider than one digit is not read as one, but what it looks like still counts
        fits = all(upright_width(m) <= 1.05 * (b[3] - b[1]) for b, m in way)
        got = read(way)
        tried += fits
        narrow = fits and (aspect is None or all(  # each digit no wider than digits of its class are
            g.value is None or upright_width(m) <= aspect[g.value] * (b[3] - b[1]) for (b, m), g in zip(way, got)))
        if narrow and all(g.value is not None for g in got):
            read_as.setdefault("".join(str(g.value) for g in got), got)
        if all(g.guess is not None for g in got):
            looks.add("".join(str(g.guess) for g in got))
        if len(way) == 1 and fits and got[0].hint is not None:
            looks.add(str(got[0].hint))  # the whole, that one model takes for one digit
    if len(read_as) == 1 and looks <= set(read_as):
        text, got = read_as.popitem()
        return text, got, ""
    if read_as or len(looks) > 1:
        return None, [], f"ink that reads as {' or '.join(sorted(set(read_as) | looks))} as it is cut"
    if not tried:
        return None, [], "digits that touch"
    return None, [], "a digit that does not read with confidence"
