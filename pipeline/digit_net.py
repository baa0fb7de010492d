"""A small neural net over the digit views, the second opinion of ``digits.classify``.

One hidden layer (``HIDDEN`` rectified units) over each view of ``digits.VIEWS`` (blurred pixels,
stroke directions), softmax over the ten digits. Run time is two matrix products in numpy; the
weights live in ``data/digits.npz`` beside the nearest-neighbour model (``net_<view>_*``).

It is trained (``train``, numpy only, by ``digit_model``) on the MNIST digits and on copies of them
bent the way hands differ (``augment``): turned, sheared and squeezed, warped by a smooth random
field, and for ``1`` often given the lead-in stroke up to its top that Vietnamese hands write
(MNIST's American ``1`` is mostly a bare stroke, so the hooked ``1`` of ``15`` read as a ``4``).
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

HIDDEN = 256
HOOK = 0.6  # share of the bent copies of a 1 that get the lead-in stroke


def has(model: dict, view: str) -> bool:
    return f"net_{view}_w1" in model


def probabilities(model: dict, view: str, feats: np.ndarray) -> np.ndarray:
    """Softmax over the ten digits, one row per feature row."""
    p = f"net_{view}_"
    z = (feats - model[p + "mu"]) / model[p + "sd"]
    h = np.maximum(z @ model[p + "w1"].astype(np.float32) + model[p + "b1"], 0.0)
    o = h @ model[p + "w2"].astype(np.float32) + model[p + "b2"]
    o -= o.max(axis=1, keepdims=True)
    e = np.exp(o)
    return e / e.sum(axis=1, keepdims=True)


def augment(mask: np.ndarray, rng: np.random.Generator, label: int) -> np.ndarray:
    """A pen mask (``digit_model.pen_mask``) bent as another hand would write the digit."""
    from .digits import _stroke_width

    pad = 24
    a = np.pad(mask, pad).astype(np.uint8) * 255
    h, w = a.shape
    img = Image.fromarray(a)
    if label == 1 and rng.random() < HOOK:  # the lead-in stroke up to the top of a Vietnamese 1
        ys, xs = np.nonzero(a)
        top, tall = ys.min(), ys.max() - ys.min()
        xt = int(xs[ys <= top + 2].mean())
        width = max(2, int(round(_stroke_width(a > 0))))
        ImageDraw.Draw(img).line([(xt - rng.uniform(0.2, 0.45) * tall, top + rng.uniform(0.25, 0.55) * tall),
                                  (xt, top)], fill=255, width=width)
    turn = np.deg2rad(rng.uniform(-12, 12))
    shear = rng.uniform(-0.3, 0.3)
    squeeze = np.exp(rng.uniform(-0.35, 0.25))
    c, s = np.cos(turn), np.sin(turn)
    inv = np.linalg.inv(np.array([[c, -s], [s, c]]) @ np.array([[1, shear], [0, 1]]) @ np.diag([squeeze, 1.0]))
    off = np.array([w / 2, h / 2]) - inv @ np.array([w / 2, h / 2])
    img = img.transform(img.size, Image.AFFINE, (inv[0, 0], inv[0, 1], off[0], inv[1, 0], inv[1, 1], off[1]),
                        resample=Image.BILINEAR)
    a = np.asarray(img, dtype=np.float32)
    amp = rng.uniform(0, 5.0)  # a smooth random warp, up to 5 px at this size
    field = [np.asarray(Image.fromarray(rng.uniform(-1, 1, (4, 4)).astype(np.float32)).resize((w, h), Image.BICUBIC)) * amp
             for _ in range(2)]
    yy, xx = np.mgrid[0:h, 0:w]
    sy = np.clip(np.rint(yy + field[1]), 0, h - 1).astype(np.int64)
    sx = np.clip(np.rint(xx + field[0]), 0, w - 1).astype(np.int64)
    return a[sy, sx] >= 128


def train(feats: np.ndarray, labels: np.ndarray, *, hidden: int = HIDDEN, epochs: int = 20, seed: int = 0,
          rate: float = 1e-3, decay: float = 1e-4, batch: int = 128, dropout: float = 0.3) -> dict[str, np.ndarray]:
    """The net's weights (mu, sd, w1, b1, w2, b2) fitted by Adam on softmax cross-entropy, with
    dropout on the hidden layer and a cosine-decayed rate."""
    rng = np.random.default_rng(seed)
    n, d = feats.shape
    mu = feats.mean(axis=0)
    sd = feats.std(axis=0) + 1e-3
    z = ((feats - mu) / sd).astype(np.float32)
    params = [rng.normal(0, np.sqrt(2 / d), (d, hidden)).astype(np.float32), np.zeros(hidden, np.float32),
              rng.normal(0, np.sqrt(2 / hidden), (hidden, 10)).astype(np.float32), np.zeros(10, np.float32)]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    onehot = np.eye(10, dtype=np.float32)[labels]
    step = 0
    for epoch in range(epochs):
        lr = rate * 0.5 * (1 + np.cos(np.pi * epoch / epochs))
        order = rng.permutation(n)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            w1, b1, w2, b2 = params
            x = z[idx]
            pre = x @ w1 + b1
            keep = (rng.random(pre.shape) > dropout).astype(np.float32) / (1 - dropout)
            hid = np.maximum(pre, 0) * keep
            o = hid @ w2 + b2
            o -= o.max(axis=1, keepdims=True)
            p = np.exp(o)
            p /= p.sum(axis=1, keepdims=True)
            g = (p - onehot[idx]) / len(idx)
            gh = (g @ w2.T) * keep * (pre > 0)
            grads = [x.T @ gh + decay * w1, gh.sum(axis=0), hid.T @ g + decay * w2, g.sum(axis=0)]
            step += 1
            for j, gp in enumerate(grads):
                first[j] = 0.9 * first[j] + 0.1 * gp
                second[j] = 0.999 * second[j] + 0.001 * gp * gp
                params[j] -= lr * (first[j] / (1 - 0.9 ** step)) / (np.sqrt(second[j] / (1 - 0.999 ** step)) + 1e-8)
    return {"mu": mu.astype(np.float32), "sd": sd.astype(np.float32), "w1": params[0].astype(np.float16),
            "b1": params[1], "w2": params[2].astype(np.float16), "b2": params[3]}
