"""What the change-log cursor and the typed models cost on a feed page.

    .venv/bin/python benchmarks/feeds.py --db STORE [--limit 100] [--repeat 7]

STORE is any store, e.g. the one ``benchmarks/review.py --keep DIR`` leaves in DIR/review.db.
Prints the median time of one page of ``limit`` effective results read (a) by latest run id, as
the feeds did before the change log, (b) through the change log (``Store.results``), (c) the same
validated by ``congvan.pipeline.models.Result`` and (d) serialised as JSON, interleaved, twice.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    from congvan.pipeline.models import Result
    from congvan.pipeline.store import Store

    store = Store(args.db)

    def by_run_id():
        rows = store.db.execute(
            "SELECT r.id, r.document_id, r.result_json FROM documents d JOIN runs r ON r.id = d.latest_run_id "
            "ORDER BY r.id LIMIT ?", [args.limit]).fetchall()
        return [(i, store.apply_corrections(d, json.loads(raw), run_id=i)) for i, d, raw in rows]

    def by_change_log():
        return list(store.results(limit=args.limit))

    def validated():
        return [Result.model_validate(r) for _, r in store.results(limit=args.limit)]

    def serialised():
        return json.dumps([r for _, r in store.results(limit=args.limit)], ensure_ascii=False)

    counts = store.counts()
    print(f"store: {counts['documents']} documents, {counts['obligations']} obligations; page of {args.limit}")
    for _ in range(2):
        for name, fn in [("latest run id (before)", by_run_id), ("change log", by_change_log),
                         ("change log + models", validated), ("change log + json.dumps", serialised)]:
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            print(f"{name:26s} median {1000 * statistics.median(times):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
