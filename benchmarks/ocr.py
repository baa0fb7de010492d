"""OCR on the gold set: every gold letter as a scan, scored against the same gold as its text.

For each gold file the source is turned into a scan (text sources are rendered to PDF first with
``corpora.render``; then ``corpora.scan``: 200 dpi, turned up to 0.8°, grey noise, light blur, no
text layer), extracted through the OCR path, and scored by ``pipeline.evaluate``. The text
version is scored the usual way. Prints both, the ratio OCR / text per field, OCR seconds per
page and the peak memory of this process (Tesseract runs as a child; its peak is printed too).

    .venv/bin/python benchmarks/ocr.py [--gold gold] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from corpora.render import render_file  # noqa: E402
from corpora.scan import scan_pdf  # noqa: E402
from pipeline.evaluate import evaluate  # noqa: E402
from pipeline.ocr import tesseract_status  # noqa: E402

FIELDS = ["number", "symbol", "doc_type", "issuer", "place", "issued_date", "subject", "signer",
          "recipients", "cc", "references", "obligation_units", "unit_deadline_pairs", "data_windows"]


def _score(field: dict) -> float | None:
    return field.get("accuracy", field.get("f1"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT / "gold"))
    ap.add_argument("--json", help="write both reports and the ratios here")
    a = ap.parse_args(argv)
    if (why := tesseract_status()) is not None:
        print(f"cannot run: {why}", file=sys.stderr)
        return 2
    shared = ROOT.parent / "shared"
    tmp = Path(tempfile.mkdtemp(prefix="congvan-ocr-"))
    pages, seconds = [], []

    def scanned(src: Path) -> Path:
        pdf = src if src.suffix.lower() == ".pdf" else render_file(src, tmp / "rendered")
        out = scan_pdf(pdf, tmp / "scans" / f"{src.stem}.pdf", seed=len(pages) + 1)
        doc = pdfium.PdfDocument(str(out))
        pages.append(len(doc))
        doc.close()
        seconds.append(time.perf_counter())
        return out

    t0 = time.perf_counter()
    text = evaluate(Path(a.gold), shared=shared, baselines=False)
    t_text = time.perf_counter() - t0
    t0 = time.perf_counter()
    ocr = evaluate(Path(a.gold), shared=shared, baselines=False, transform=scanned)
    t_ocr = time.perf_counter() - t0
    n_pages = sum(pages)
    print(f"{text['documents']} gold letters; text version {t_text:.1f}s; scanned version {t_ocr:.1f}s "
          f"for {n_pages} pages = {t_ocr / max(n_pages, 1):.2f} s/page end to end (one core, Tesseract "
          f"OMP_THREAD_LIMIT=1, 300 dpi)")
    print(f"{'field':<22}{'text':>8}{'scanned':>9}{'ratio':>8}")
    ratios = {}
    for f in FIELDS:
        t, o = _score(text["fields"][f]), _score(ocr["fields"][f])
        r = None if not t else (o or 0.0) / t
        ratios[f] = r
        fmt = lambda x: "   n/a" if x is None else f"{x:6.3f}"  # noqa: E731
        print(f"{f:<22}{fmt(t):>8}{fmt(o):>9}{fmt(r):>8}")
    valid = [r for r in ratios.values() if r is not None]
    print(f"median ratio {statistics.median(valid):.3f}; lowest {min(valid):.3f} "
          f"({min((k for k in ratios if ratios[k] is not None), key=lambda k: ratios[k])})")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {me:.0f} MB, largest child (tesseract) {kids:.0f} MB")
    if a.json:
        Path(a.json).write_text(json.dumps({"text": text, "scanned": ocr, "ratios": ratios,
                                            "pages": n_pages, "seconds": t_ocr}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
