"""What passing each result through the contract's models costs, and that it changes nothing.

    .venv/bin/python benchmarks/models.py [--repeat 5] [FILE ...]

Every file (default: the PDFs and texts of ../shared/corpora public, dev, dev-text, pool and seeds)
is extracted once without OCR; its result is then built as the stages leave it and as ``to_result``
returns it (validated as ``models.Result`` and dumped). Prints how many are byte-identical as JSON,
the validation time per document (median of ``--repeat`` runs each) beside the extraction time.
Asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import congvan.pipeline.run as run  # noqa: E402
from congvan.pipeline.models import checked  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    files = args.files or sorted(p for d in ("public", "dev", "dev-text", "pool", "seeds") if (SHARED / d).is_dir()
                                 for p in (SHARED / d).iterdir() if p.suffix.lower() in (".pdf", ".txt"))
    if not files:
        print(f"no files given and no corpora at {SHARED}", file=sys.stderr)
        return 2
    same, ms, ext, obligations = 0, [], [], []
    for f in files:
        t0 = time.perf_counter()
        doc = run.extract(f, ocr=False)
        ext.append((time.perf_counter() - t0) * 1000)
        typed = run.to_result(doc)
        run.checked = lambda r: (r, [])  # the result as the stages built it
        try:
            built = run.to_result(doc)
        finally:
            run.checked = checked
        same += json.dumps(typed, ensure_ascii=False) == json.dumps(built, ensure_ascii=False)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            checked(built)
            times.append(time.perf_counter() - t0)
        ms.append(statistics.median(times) * 1000)
        obligations.append(len(doc.obligations))
    worst = max(range(len(ms)), key=ms.__getitem__)
    print(f"{len(files)} documents, {same} byte-identical through the models, {len(files) - same} differ")
    print(f"models.Result validate + dump: median {statistics.median(ms):.3f} ms a document, "
          f"max {ms[worst]:.3f} ms ({obligations[worst]} obligations), {sum(ms):.0f} ms in all")
    print(f"extraction without OCR: median {statistics.median(ext):.1f} ms a document, {sum(ext):.0f} ms in all; "
          f"the models add {sum(ms) / sum(ext) * 100:.2f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
