"""Dump, diff and time the obligations of a set of letters, without rerunning the slow stages.

``prepare`` extracts each file once (OCR off unless ``--ocr``) and pickles the document as the obligations stage
gets it; ``dump`` reruns only the obligations stage on those pickles and writes one JSON of every
obligation (unit, cooperating units, action, deadline, window, evidence) per letter; ``diff``
prints what differs between two dumps, letter by letter; ``time`` prints the stage's CPU seconds
(median of passes). Used for issue 13's audit: every change was diffed and each difference read.

    python benchmarks/obligation_dump.py prepare LIST_OF_PATHS.txt DIR
    python benchmarks/obligation_dump.py dump DIR OUT.json
    python benchmarks/obligation_dump.py diff A.json B.json
    python benchmarks/obligation_dump.py time DIR [--passes 5] [--limit 100]
"""
from __future__ import annotations

import argparse
import copy
import json
import pickle
import statistics
import sys
import time
from pathlib import Path


def _prepare(list_file: str, out: str, ocr: bool = False) -> None:
    from congvan.pipeline import run

    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = [p.strip() for p in Path(list_file).read_text().splitlines() if p.strip()]
    stages = [s for s in run.STAGES if s[0] != "obligations"]
    saved = run.STAGES
    run.STAGES = stages
    try:
        for p in paths:
            doc = run.extract(p, ocr=ocr)
            doc.on_ocr = None
            doc.signature_widgets = []
            key = Path(p).parent.name + "__" + Path(p).stem
            with open(outdir / f"{key}.pkl", "wb") as fh:
                pickle.dump(doc, fh)
            print(key, file=sys.stderr)
    finally:
        run.STAGES = saved


def _docs(d: str):
    for p in sorted(Path(d).glob("*.pkl")):
        with open(p, "rb") as fh:
            yield p.stem, pickle.load(fh)


def _compact(ob: dict) -> dict:
    dl = ob.get("deadline") or {}
    win = ob.get("data_window") or {}
    return {
        "units": [u["name"] for u in ob.get("responsible", [])],
        "coop": [u["name"] for u in ob.get("cooperating", []) or []],
        "action": ob.get("action"),
        "description": ob.get("description"),
        "deadline": (dl.get("date") or {}).get("iso") or dl.get("raw") if dl else None,
        "deadline_rel": dl.get("relation") if dl else None,
        "window": [(win.get("start") or {}).get("iso"), (win.get("end") or {}).get("iso")] if win else None,
        "period": ob.get("period"),
        "span": [ob["evidence"][0]["start"], ob["evidence"][0]["end"]],
        "evidence": ob["evidence"][0]["text"][:300],
    }


def _dump(d: str, out: str) -> None:
    from congvan.pipeline.run import obligations_stage

    res = {}
    for key, doc in _docs(d):
        doc.obligations = []
        obligations_stage(doc)
        res[key] = [_compact(o) for o in doc.obligations]
    Path(out).write_text(json.dumps(res, ensure_ascii=False, indent=1))
    print(f"{sum(len(v) for v in res.values())} obligations in {len(res)} letters", file=sys.stderr)


def _key(o):
    return (tuple(o["units"]), o["action"], o["span"][0])


def _diff(a: str, b: str) -> None:
    A, B = json.loads(Path(a).read_text()), json.loads(Path(b).read_text())
    n = 0
    for k in sorted(set(A) | set(B)):
        x, y = A.get(k, []), B.get(k, [])
        if x == y:
            continue
        n += 1
        print(f"=== {k}")
        xs = [json.dumps(o, ensure_ascii=False) for o in x]
        ys = [json.dumps(o, ensure_ascii=False) for o in y]
        for s in xs:
            if s not in ys:
                print("  - " + s)
        for s in ys:
            if s not in xs:
                print("  + " + s)
    print(f"{n} letters differ", file=sys.stderr)


def _time(d: str, passes: int, limit: int) -> None:
    from congvan.pipeline.run import obligations_stage

    docs = [doc for _, doc in _docs(d)][:limit]
    times = []
    for _ in range(passes):
        batch = [copy.copy(doc) for doc in docs]
        t0 = time.process_time()
        for doc in batch:
            doc.obligations = []
            doc.warnings = list(doc.warnings)
            obligations_stage(doc)
        times.append(time.process_time() - t0)
    print(f"{len(docs)} letters, obligations stage CPU s per pass: median {statistics.median(times):.3f} "
          f"(passes {', '.join(f'{t:.3f}' for t in times)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare"); p.add_argument("list"); p.add_argument("dir")
    p.add_argument("--ocr", action="store_true", help="OCR pages without a readable text layer")
    p = sub.add_parser("dump"); p.add_argument("dir"); p.add_argument("out")
    p = sub.add_parser("diff"); p.add_argument("a"); p.add_argument("b")
    p = sub.add_parser("time"); p.add_argument("dir"); p.add_argument("--passes", type=int, default=5)
    p.add_argument("--limit", type=int, default=100)
    a = ap.parse_args()
    if a.cmd == "prepare":
        _prepare(a.list, a.dir, a.ocr)
    elif a.cmd == "dump":
        _dump(a.dir, a.out)
    elif a.cmd == "diff":
        _diff(a.a, a.b)
    else:
        _time(a.dir, a.passes, a.limit)


if __name__ == "__main__":
    main()
