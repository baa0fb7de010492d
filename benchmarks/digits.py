"""Held-out MNIST digits through the whole handwritten-digit reader, one at a time and in pairs run
together, counted right / wrong / empty.

    .venv/bin/python -m congvan.pipeline.digit_model MNIST_5K --held-out 1000 -o /tmp/held.npz
    .venv/bin/python benchmarks/digits.py MNIST_5K /tmp/held.npz

The model must be built without the last 1,000 digits of the seeded shuffle (``--held-out 1000``),
which are the ones read here. A pair is two held-out digits side by side with their columns
overlapping by 0 to 6 pixels of the 84-pixel pen mask (0: just apart; 6: strokes over one another
by about a tenth of a digit's height).
"""
from __future__ import annotations

import sys
import time

import numpy as np

from congvan.pipeline import digit_model, digits


def _read(mask: np.ndarray):
    mask = np.pad(mask, 10)
    rows = np.nonzero(mask.any(axis=1))[0]
    return digits.read_digits(mask, line_height=(rows[-1] - rows[0] + 1) / 1.3)


def main(mnist: str, model_file: str, n: int = 1000) -> None:
    model = dict(np.load(model_file))
    digits._model = lambda: model
    images, labels = digit_model.load_mnist(mnist)
    order = np.random.default_rng(0).permutation(len(labels))
    images, labels = images[order][-n:], labels[order][-n:]
    counts = {"right": 0, "wrong": 0, "empty": 0}
    wrong = []
    start = time.perf_counter()
    for img, y in zip(images, labels):
        r = _read(digit_model.pen_mask(img))
        k = "right" if r.text == str(y) else ("empty" if r.text is None else "wrong")
        counts[k] += 1
        if k == "wrong":
            wrong.append((int(y), r.text))
    print(f"single digits: {counts}, wrong {wrong}, {1000 * (time.perf_counter() - start) / n:.1f} ms each")
    counts = {"right": 0, "wrong": 0, "empty": 0}
    wrong = []
    rng = np.random.default_rng(5)
    for _ in range(n):
        a, b = rng.integers(0, n, 2)
        ma, mb = digit_model.pen_mask(images[a]), digit_model.pen_mask(images[b])
        ca, cb = np.nonzero(ma.any(axis=0))[0], np.nonzero(mb.any(axis=0))[0]
        ma, mb = ma[:, ca.min():ca.max() + 1], mb[:, cb.min():cb.max() + 1]
        overlap = int(rng.integers(0, 8)) - 1
        both = np.zeros((84, ma.shape[1] + mb.shape[1] - overlap), dtype=bool)
        both[:, :ma.shape[1]] |= ma
        both[:, ma.shape[1] - overlap:] |= mb
        r = _read(both)
        want = f"{labels[a]}{labels[b]}"
        k = "right" if r.text == want else ("empty" if r.text is None else "wrong")
        counts[k] += 1
        if k == "wrong":
            wrong.append((want, r.text, overlap))
    print(f"pairs: {counts}, wrong (digits, read, columns overlapping) {wrong}")


if __name__ == "__main__":
    main(*sys.argv[1:3], *(int(a) for a in sys.argv[3:4]))
