"""Ingest throughput: documents/s and pages/s with 1 and 2 workers, and peak memory (issue 4).

    .venv/bin/python benchmarks/ingest.py [--docs 200] [--keep DIR]

Renders ``--docs`` distinct letters (the sample and the five seeds, each under many numbers) to
PDF once, then ingests the same inbox into a fresh database with 1 and with 2 workers, three
times each, and prints the median. Peak memory is the largest resident set of the parent and of
any worker (``ru_maxrss``). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from congvan.corpora.render import render_letter  # noqa: E402
from congvan.pipeline.ingest import ingest  # noqa: E402


def letters() -> list[str]:
    texts = [(ROOT / "corpora/sample/mau_cong_van.txt").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT.parent / "shared/corpora/seeds").glob("*.txt"))]
    return texts


def build_inbox(folder: Path, n: int) -> None:
    base = letters()
    for k in range(n):
        # a line of its own makes every file distinct content (no sha256 duplicates)
        text = base[k % len(base)] + f"\n\nBản số {k + 1} của lô đo hiệu năng.\n"
        render_letter(text, folder / f"doc_{k:04d}.pdf")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", metavar="DIR", help="keep the rendered inbox here")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="congvan-bench-"))
    inbox = work / "inbox"
    if not inbox.is_dir() or len(list(inbox.glob("*.pdf"))) < args.docs:
        inbox.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        build_inbox(inbox, args.docs)
        print(f"rendered {args.docs} PDFs in {time.perf_counter() - t0:.1f}s -> {inbox}")
    print(f"{'workers':>7} {'docs':>5} {'pages':>6} {'median s':>9} {'docs/s':>7} {'pages/s':>8}")
    rates = {}
    for workers in (1, 2):
        times, pages, docs = [], 0, 0
        for r in range(args.repeat):
            db = work / f"bench_{workers}_{r}.db"
            for f in work.glob(db.name + "*"):
                f.unlink()
            s = ingest(inbox, db, workers=workers)
            times.append(s.seconds)
            pages, docs = s.pages, s.stored
        med = statistics.median(times)
        rates[workers] = docs / med
        print(f"{workers:>7} {docs:>5} {pages:>6} {med:>9.2f} {docs / med:>7.1f} {pages / med:>8.1f}")
    print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: parent {own:.0f} MB, largest worker {kids:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
