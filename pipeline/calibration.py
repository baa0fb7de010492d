"""Obligation confidence that means something: the extractor's raw confidence takes a handful of
values (0.6, 0.7, 0.85, 0.9, 0.95 ...), so the queue and the page show instead the share of the
gold set's obligations with that raw confidence that were right (``pipeline/data/
confidence_calibration.json``, written by ``benchmarks/calibrate_confidence.py``: every gold letter
extracted, each extracted obligation counted right when all of its (unit, deadline) pairs are in
the gold, per raw-confidence bin, with add-one smoothing). Between bins the value is interpolated;
without the file the raw value is used."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def table() -> list[tuple[float, float]]:
    try:
        raw = resources.files("congvan.pipeline").joinpath("data", "confidence_calibration.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return sorted((float(b["raw"]), float(b["calibrated"])) for b in json.loads(raw)["bins"])


def calibrated(raw: float) -> float:
    """The calibrated probability that an obligation of raw confidence ``raw`` is right."""
    pts = table()
    if not pts:
        return raw
    if raw <= pts[0][0]:
        return pts[0][1]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if raw <= x1:
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
    return pts[-1][1]
