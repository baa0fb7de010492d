"""Calibrate the obligation confidence the review app shows, on the gold set.

    .venv/bin/python benchmarks/calibrate_confidence.py [--gold gold] [--write]

Extracts every gold letter (text layer, no OCR), and counts each extracted obligation of a gold
file that annotates obligations as right when all of its (responsible unit, deadline) pairs are in
the gold's pairs (``congvan.pipeline.evaluate.obligation_values``; an obligation without a dated deadline:
when its units are gold units). Per raw confidence value it prints n, right and the smoothed rate
(right + 1) / (n + 2); ``--write`` stores the table as ``pipeline/data/confidence_calibration.json``,
which ``congvan.pipeline.calibration`` reads. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT / "gold"))
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()

    from congvan.pipeline import extract, to_result
    from congvan.pipeline.evaluate import obligation_values, resolve_source

    shared = ROOT.parent / "shared"
    bins: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    files = 0
    for gold_file in sorted(Path(args.gold).rglob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if "obligations" not in (gold.get("annotation") or {}).get("scope", []):
            continue
        src = resolve_source(gold_file, gold, shared if shared.is_dir() else None)
        if not src.exists():
            print(f"skip {gold_file.name}: {src} is absent", file=sys.stderr)
            continue
        result = to_result(extract(src, ocr=False) if src.suffix == ".pdf" else extract(src))
        pairs = obligation_values(gold["obligations"], "unit_deadline_pairs")
        units = obligation_values(gold["obligations"], "obligation_units")
        files += 1
        for ob in result["obligations"]:
            mine = obligation_values([ob], "unit_deadline_pairs")
            right = mine <= pairs if mine else obligation_values([ob], "obligation_units") <= units
            b = bins[round(ob["confidence"], 2)]
            b[0] += 1
            b[1] += bool(right)
    table = [{"raw": raw, "n": n, "right": r, "calibrated": round((r + 1) / (n + 2), 3)}
             for raw, (n, r) in sorted(bins.items())]
    print(f"{files} gold files with obligations")
    print(f"{'raw':>5} {'n':>5} {'right':>6} {'calibrated':>10}")
    for row in table:
        print(f"{row['raw']:5.2f} {row['n']:5d} {row['right']:6d} {row['calibrated']:10.3f}")
    if args.write:
        out = ROOT / "pipeline/data/confidence_calibration.json"
        out.write_text(json.dumps({
            "_comment": "Written by benchmarks/calibrate_confidence.py: per raw obligation confidence, how many "
                        "extracted obligations of the gold set had it (n), how many were right (all their "
                        "(unit, deadline) pairs in the gold) and (right + 1) / (n + 2).",
            "measured": dt.date.today().isoformat(), "files": files, "bins": table}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
