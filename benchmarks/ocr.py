"""OCR on the gold set: every gold letter as a scan, scored against the same gold as its text.

For each gold file the source is turned into a scan (text sources are rendered to PDF first with
``congvan.corpora.render``; then ``congvan.corpora.scan``: 200 dpi, turned up to 0.8°, grey noise, light blur, no
text layer), extracted through the OCR path, and scored by ``congvan.pipeline.evaluate``. The text
version is scored the usual way. Prints both, the ratio OCR / text per field, OCR seconds per
page and the peak memory of this process (Tesseract runs as a child; its peak is printed too).

    .venv/bin/python benchmarks/ocr.py [--gold gold] [--json out.json]

Real scans (``--real GOLD_DIR``): the gold files' own sources (image-only or broken-layer scans
from an inbox) scored per field as they are, no synthetic step. Speed (``--speed PDF...``): per
page, raw ``tesseract`` on the page image the OCR path prepares (PNG on stdin, ``--psm 3``, one
thread) against the whole OCR path on one core (render, colour split, deskew, Tesseract,
handwriting and signature re-reads, layout), in wall-clock and in CPU time (this process and its
children: steadier than wall time on a shared machine), and ``extract`` of each multi-page scan
with its pages OCR'd on 1 and on 2 cores (interleaved, medians of three); medians and ratios of
one run.

    .venv/bin/python benchmarks/ocr.py --real /tmp/x/gold-dev
    .venv/bin/python benchmarks/ocr.py --speed ../shared/corpora/dev/dev015.pdf ...
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

from congvan.corpora.render import render_file  # noqa: E402
from congvan.corpora.scan import scan_pdf  # noqa: E402
from congvan.pipeline.evaluate import evaluate  # noqa: E402
from congvan.pipeline.ocr import ocr_workers, tesseract_status  # noqa: E402

FIELDS = ["number", "symbol", "doc_type", "issuer", "place", "issued_date", "subject", "signer",
          "recipients", "cc", "references", "obligation_units", "unit_deadline_pairs", "data_windows"]


def _score(field: dict) -> float | None:
    return field.get("accuracy", field.get("f1"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT / "gold"))
    ap.add_argument("--json", help="write both reports and the ratios here")
    ap.add_argument("--real", help="score the real scans named by the gold files of this folder")
    ap.add_argument("--speed", nargs="+", help="time the OCR path against raw tesseract on these scans")
    a = ap.parse_args(argv)
    if (why := tesseract_status()) is not None:
        print(f"cannot run: {why}", file=sys.stderr)
        return 2
    if a.speed:
        return speed([Path(p) for p in a.speed])
    if a.real:
        return real(Path(a.real), a.json)
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
          f"for {n_pages} pages = {t_ocr / max(n_pages, 1):.2f} s/page end to end (a document's pages on "
          f"{ocr_workers()} worker(s), Tesseract OMP_THREAD_LIMIT=1 each, 300 dpi)")
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


def real(gold: Path, out: str | None) -> int:
    t0 = time.perf_counter()
    report = evaluate(gold, shared=ROOT.parent / "shared", baselines=False)
    print(f"{report['documents']} real scans in {time.perf_counter() - t0:.0f}s")
    for f in FIELDS:
        v = _score(report["fields"][f])
        print(f"{f:<22}{'   n/a' if v is None else f'{v:6.3f}':>8}")
    if out:
        Path(out).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 0


def speed(pdfs: list[Path]) -> int:
    import io
    import os
    import subprocess

    from congvan.pipeline.ocr import ocr_image, prepare_page
    from congvan.pipeline.run import extract

    def cpu() -> float:  # this process (every thread) and its finished children (Tesseract)
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    raw, path, raw_cpu, path_cpu = [], [], [], []
    for pdf_path in pdfs:
        pdf = pdfium.PdfDocument(str(pdf_path))
        for i in range(len(pdf)):
            page = pdf[i]
            t0, c0 = time.perf_counter(), cpu()
            pimg = prepare_page(page)
            width = page.get_width()
            page.close()
            result = ocr_image(pimg, i + 1, width=width, t0=t0)
            path.append(time.perf_counter() - t0)
            path_cpu.append(cpu() - c0)
            img = pimg.printed  # rendered, split and turned level: what the OCR path gives Tesseract
            buf = io.BytesIO()
            img.save(buf, format="PNG")
            t0, c0 = time.perf_counter(), cpu()
            subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "3", "--dpi", str(pimg.dpi), "tsv"],
                           input=buf.getvalue(), capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
            raw.append(time.perf_counter() - t0)
            raw_cpu.append(cpu() - c0)
            print(f"{pdf_path.name} p{i + 1}: raw tesseract {raw[-1]:.2f}s (CPU {raw_cpu[-1]:.2f}s), OCR path "
                  f"{path[-1]:.2f}s (CPU {path_cpu[-1]:.2f}s) ({len(result.lines)} lines, "
                  f"{len(result.handwriting)} handwritten boxes)")
        pdf.close()
    ratios = [p / r for p, r in zip(path, raw)]
    print(f"{len(raw)} pages: raw tesseract median {statistics.median(raw):.2f} s/page, OCR path median "
          f"{statistics.median(path):.2f} s/page; wall ratio median {statistics.median(ratios):.2f} "
          f"(total {sum(path) / sum(raw):.2f}); CPU time ratio median "
          f"{statistics.median(p / r for p, r in zip(path_cpu, raw_cpu)):.2f} (total {sum(path_cpu) / sum(raw_cpu):.2f})")
    for pdf_path in pdfs:
        n = len(pdfium.PdfDocument(str(pdf_path)))
        if n < 2:
            continue
        times = {}
        for cores in ("1", "2") * 3:  # interleaved, medians of three
            os.environ["CONGVAN_OCR_WORKERS"] = cores
            t0 = time.perf_counter()
            extract(pdf_path)
            times.setdefault(cores, []).append(time.perf_counter() - t0)
        one, two = statistics.median(times["1"]), statistics.median(times["2"])
        print(f"{pdf_path.name} ({n} pages) extract: 1 core {one:.1f}s, 2 cores {two:.1f}s, speed-up {one / two:.2f}x")
    os.environ.pop("CONGVAN_OCR_WORKERS", None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
