"""Extraction speed on one core: raw pypdfium2 text, raw pdfplumber text, congvan end to end.

    .venv/bin/python benchmarks/speed.py [--docs 200] [--keep DIR] [--repeat 3] [--profile]
                                         [--readers pypdfium2,congvan] [--code DIR] [--rounds N]

The same text PDFs for all three: ``--docs`` rendered letters (``benchmarks/ingest.py``'s
inbox: the sample and the five seeds under many numbers) plus the text PDFs of the public corpus.
Each reader runs in a fresh process of its own (one core, so the figures compare), after one
warm-up document; the median of ``--repeat`` passes is printed with pages/s and the ratios the
issue sets (congvan ≥ 25 % of raw pypdfium2, ≥ 10× raw pdfplumber), and each process's peak
resident memory. ``--profile`` adds the top functions of one congvan pass (cProfile). Prints
figures; asserts nothing.

CPU seconds (``time.process_time``) are printed beside the wall-clock ones: on a machine shared
with other work the wall clock of one pass swings by 2x between runs, CPU time far less.
``--code DIR`` (repeatable) runs congvan from another checkout (``git archive COMMIT | tar -x -C
DIR``) as well, ``--rounds N`` repeats the readers N times interleaved (this code, then each DIR's),
and the medians of the rounds are printed: versions compared in one run, on the same files.
"""
from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _code_root(code: Path) -> Path:
    """The folder to put first on ``sys.path`` so that ``congvan`` is ``code``'s package. A checkout
    with the namespace maps its folders (pipeline/, extractors/, corpora/) under ``congvan`` through
    the editable install, which points at *this* checkout: for another one, a folder of links lays
    them out as the installed package would be (else the run would time this checkout twice)."""
    if not (code / "congvan").is_dir() or (code / "congvan" / "pipeline").exists():
        return code
    farm = Path(tempfile.mkdtemp(prefix="congvan-code-")) / "congvan"
    farm.mkdir()
    atexit.register(shutil.rmtree, farm.parent, True)
    for item in (code / "congvan").iterdir():
        (farm / item.name).symlink_to(item)
    for sub in ("pipeline", "extractors", "corpora"):
        if (code / sub).is_dir():
            (farm / sub).symlink_to(code / sub)
    return farm.parent


sys.path.insert(0, str(_code_root(Path(os.environ["CONGVAN_CODE"]))) if os.environ.get("CONGVAN_CODE")
                else str(ROOT))  # --code DIR: another checkout's package


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pdf"))


def read_pypdfium2(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
        n += 1
    pdf.close()
    return n


def read_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _congvan_api():
    """The package of the checkout being timed: ``congvan.pipeline``, or the top-level ``pipeline`` of
    a checkout from before the namespace (else ``congvan`` would resolve to this checkout)."""
    import importlib

    code = Path(os.environ.get("CONGVAN_CODE") or ROOT)
    return importlib.import_module("congvan.pipeline" if (code / "congvan").is_dir() else "pipeline")


def read_congvan(path: Path) -> int:
    api = _congvan_api()
    doc = api.extract(path, ocr=False)
    json.dumps(api.to_result(doc), ensure_ascii=False)
    return doc.pages or 0


READERS = {"pypdfium2": read_pypdfium2, "pdfplumber": read_pdfplumber, "congvan": read_congvan}


def phase(reader: str, folder: Path, repeat: int, profile: bool) -> dict:
    """Run in a child process: time ``repeat`` passes of one reader over every file."""
    fn = READERS[reader]
    files = _files(folder)
    fn(files[0])  # warm-up: imports, compiled patterns
    times, cpu, pages = [], [], 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        pages = sum(fn(f) for f in files)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    out = {"reader": reader, "docs": len(files), "pages": pages, "seconds": statistics.median(times),
           "cpu_seconds": statistics.median(cpu),
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for f in files:
            fn(f)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        out["profile"] = buf.getvalue()
    return out


def build(folder: Path, n: int) -> None:
    import shutil

    from benchmarks_ingest import build_inbox  # type: ignore[import-not-found]

    folder.mkdir(parents=True, exist_ok=True)
    build_inbox(folder, n)
    public = ROOT.parent / "shared/corpora/public"
    if public.is_dir():
        from congvan.pipeline.load import load

        for pdf in sorted(public.glob("*.pdf")):
            doc = load(pdf)
            if doc.text_layer == "native" and not doc.needs_ocr:  # text PDFs only
                shutil.copy(pdf, folder / f"public_{pdf.name}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200, help="rendered letters (default 200)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", metavar="DIR", help="keep the PDFs here and reuse them next time")
    ap.add_argument("--profile", action="store_true", help="print congvan's top functions")
    ap.add_argument("--readers", default=",".join(READERS), help="comma-separated (default: all three)")
    ap.add_argument("--code", metavar="DIR", action="append", default=[],
                    help="also run congvan from this checkout (another commit); may be repeated")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the readers, interleaved; medians printed")
    ap.add_argument("--phase", choices=list(READERS), help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.phase:
        print(json.dumps(phase(a.phase, Path(a.folder), a.repeat, a.profile)))
        return 0
    folder = Path(a.keep or tempfile.mkdtemp(prefix="congvan-speed-")) / "pdfs"
    if len(_files(folder)) < a.docs:
        t0 = time.perf_counter()
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import importlib

        sys.modules["benchmarks_ingest"] = importlib.import_module("ingest")
        build(folder, a.docs)
        print(f"built {len(_files(folder))} PDFs in {time.perf_counter() - t0:.1f}s -> {folder}")
    readers = [x for x in a.readers.split(",") if x]
    if any(x not in READERS for x in readers) or "congvan" not in readers:
        ap.error(f"--readers: a comma-separated list of {', '.join(READERS)}, with congvan")
    runs = [("congvan", ROOT)] + [(f"congvan@{Path(d).name}", Path(d).resolve()) for d in a.code]
    rounds: list[dict] = []
    for _ in range(max(1, a.rounds)):
        results = {}
        for reader in readers:
            for label, root in (runs if reader == "congvan" else [(reader, ROOT)]):
                cmd = [sys.executable, __file__, "--phase", reader, "--folder", str(folder),
                       "--repeat", str(1 if reader == "pdfplumber" else a.repeat)]
                if a.profile and label == "congvan":
                    cmd.append("--profile")
                # one core: the child is pinned where the platform allows it; congvan@DIR imports
                # the package from DIR (this script's own folder comes first on sys.path otherwise)
                env = dict(os.environ, CONGVAN_CODE=str(root))
                proc = subprocess.run(["taskset", "-c", "0", *cmd] if Path("/usr/bin/taskset").exists() else cmd,
                                      capture_output=True, text=True, check=True, env=env)
                results[label] = json.loads(proc.stdout.strip().splitlines()[-1])
        rounds.append(results)
    r = {k: {**rounds[0][k], **{m: statistics.median(x[k][m] for x in rounds) for m in ("seconds", "cpu_seconds")}}
         for k in rounds[0]}
    print(f"{r['congvan']['docs']} text PDFs, {r['congvan']['pages']} pages; one core; median of "
          f"{a.repeat} passes (pdfplumber: 1 pass)" + (f", median of {len(rounds)} interleaved rounds" if len(rounds) > 1 else ""))
    print(f"{'reader':<16}{'seconds':>9}{'pages/s':>10}{'CPU s':>8}{'peak MB':>9}")
    rate = {}
    for name, x in r.items():
        rate[name] = x["pages"] / x["seconds"]
        print(f"{name:<16}{x['seconds']:>9.2f}{rate[name]:>10.1f}{x['cpu_seconds']:>8.2f}{x['peak_mb']:>9.0f}")
    for name in (n for n in r if n.startswith("congvan")):
        if "pypdfium2" in r:
            per_round = statistics.median(x["pypdfium2"]["cpu_seconds"] / x[name]["cpu_seconds"] for x in rounds)
            print(f"{name} / pypdfium2 = {rate[name] / rate['pypdfium2']:.1%} (target >= 25%); "
                  f"CPU time: {per_round:.1%}")
        if "pdfplumber" in r:
            print(f"{name} / pdfplumber = {rate[name] / rate['pdfplumber']:.1f}x (target >= 10x)")
    if "profile" in r["congvan"]:
        print(r["congvan"]["profile"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
