"""Review app response times on a store of realistic size.

    .venv/bin/python benchmarks/review.py [--docs 1000] [--keep DIR] [--repeat 5]

Renders ``--docs`` letters (``benchmarks/ingest.py``'s inbox), ingests them with the text PDFs of
the public corpus, creates a reviewer, and prints the median time and size of the queue, a
filtered queue, two document pages, the audit view and one API page (Flask's test client, in
process: the figures are the app's own work, without a network). Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", metavar="DIR", help="keep the inbox and database here and reuse them")
    args = ap.parse_args()

    from ingest import build_inbox

    from pipeline.ingest import ingest
    from pipeline.store import Store
    from pipeline.web import create_app

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="congvan-review-"))
    inbox, db = folder / "inbox", folder / "review.db"
    if not inbox.exists():
        inbox.mkdir(parents=True)
        build_inbox(inbox, args.docs)
    if not db.exists():
        ingest(inbox, db, workers=2)
        public = ROOT.parent / "shared/corpora/public"
        if public.is_dir():
            ingest(public, db, workers=2, ocr=False)
        Store(db).add_reviewer("bench", "bench-password")
    client = create_app(db).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": "bench", "password": "bench-password", "csrf_token": token})
    counts = Store(db).counts()
    print(f"store: {counts['documents']} documents, {counts['obligations']} obligations ({db})")
    last = counts["documents"]
    for path in ["/", "/?unit=Nội vụ", "/doc/5", f"/doc/{last}", "/audit", "/api/documents?limit=100"]:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = client.get(path)
            times.append(time.perf_counter() - t0)
        print(f"{path:28s} HTTP {r.status_code}  median {1000 * statistics.median(times):7.1f} ms  "
              f"{len(r.data) // 1024:5d} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
