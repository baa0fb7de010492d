"""Backfill throughput beside ingest: files/s and pages/s with 1 and 2 workers, one run (issue 17).

    .venv/bin/python benchmarks/backfill.py [--docs 60] [--scans 0] [--batch-size 8] [--keep DIR]

Renders ``--docs`` distinct letters to PDF (as ``benchmarks/ingest.py`` does) and ``--scans`` of
them again as scans (image only: OCR), then on the same folder runs ``ingest`` with 1 and 2 worker
processes and ``backfill`` on a LocalCluster of 1 and 2 Dask workers (fresh database / output each
time; the backfill figures with and without the seconds the cluster takes to start, and with the
``--from-shards`` load that gives the store). CPU seconds per page count this process and all its
finished children (worker processes, the extraction processes they reaped): the cost of a page,
whatever the machine's load. Prints figures; asserts nothing. The figures are of one run on a noisy machine: compare within the run.
"""
from __future__ import annotations

import argparse
import logging
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    from ingest import build_inbox  # benchmarks/ingest.py: the same letters

    from congvan.corpora.scan import scan_pdf
    from congvan.pipeline.backfill import backfill
    from congvan.pipeline.ingest import ingest
    from congvan.pipeline.shards import load_shards

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--scans", type=int, default=0, help="how many of the letters also go in as scans (OCR)")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--keep", metavar="DIR", help="keep the rendered inbox here")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    work = Path(args.keep or tempfile.mkdtemp(prefix="congvan-backfill-bench-"))
    inbox = work / "inbox"
    if not inbox.is_dir() or len(list(inbox.glob("doc_*.pdf"))) < args.docs:
        inbox.mkdir(parents=True, exist_ok=True)
        build_inbox(inbox, args.docs)
    for k in range(args.scans):
        if not (inbox / f"scan_{k:03d}.pdf").exists():
            scan_pdf(inbox / f"doc_{k:04d}.pdf", inbox / f"scan_{k:03d}.pdf", seed=k + 1)
    n_text, n_scans = len(list(inbox.glob("doc_*.pdf"))), len(list(inbox.glob("scan_*.pdf")))
    print(f"inbox: {n_text} text PDFs, {n_scans} scans in {inbox}")
    print(f"{'run':<22} {'files':>5} {'pages':>6} {'seconds':>8} {'files/s':>8} {'pages/s':>8} {'CPU s/page':>10}")

    def cpu() -> float:  # this process and every finished child (workers, and the extraction processes they reaped)
        return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                   for f in ("ru_utime", "ru_stime"))

    def row(name: str, files: int, pages: int, seconds: float, cpu_s: float | None = None) -> None:
        per_page = f"{cpu_s / pages:>10.3f}" if cpu_s is not None and pages else f"{'':>10}"
        print(f"{name:<22} {files:>5} {pages:>6} {seconds:>8.2f} {files / seconds:>8.2f} {pages / seconds:>8.1f} {per_page}")

    for workers in (1, 2):
        db = work / f"ingest_{workers}.db"
        for f in work.glob(db.name + "*"):
            f.unlink()
        c0 = cpu()
        s = ingest(inbox, db, workers=workers)
        row(f"ingest {workers} worker(s)", s.seen, s.pages, s.seconds, cpu() - c0)
    for workers in (1, 2):
        out = work / f"backfill_{workers}"
        shutil.rmtree(out, ignore_errors=True)
        c0 = cpu()
        s = backfill(inbox, out, workers=workers, batch_size=args.batch_size)
        c1 = cpu()  # the cluster is closed: its worker processes are reaped and counted
        files = s.stored + s.duplicates + sum(s.quarantined.values())
        row(f"backfill {workers} worker(s)", files, s.pages, s.seconds, c1 - c0)
        row("  without cluster start", files, s.pages, s.seconds - s.startup)
        db = work / f"backfill_{workers}.db"
        for f in work.glob(db.name + "*"):
            f.unlink()
        t0 = time.perf_counter()
        load_shards(out, db)
        load = time.perf_counter() - t0
        row("  + load --from-shards", files, s.pages, s.seconds - s.startup + load, c1 - c0 + cpu() - c1)
    return 0


if __name__ == "__main__":  # the guard Dask's spawned worker processes need
    sys.exit(main())
