"""Handwritten number and day on inbox scans: right / wrong / empty, with and without the digit model.

Each PDF (default: the sample letter rendered, and the seed letters of ``../shared/corpora/seeds``
rendered) becomes inbox scans (``congvan.corpora.scan.inbox_scan_pdf``: colour JPEG at 200 dpi,
the typed number after ``Số:`` and day after ``ngày`` erased and written again by hand) in each
hand: the jittered pen strokes, and the Liberation Serif italic, regular and bold faces, in blue
ink, and the pen strokes and the italic face in black ink (``-dark``: ink the page split cannot set
apart from the type). Each scan
is extracted through the OCR path twice, with the handwritten digit model (``pipeline/digits.py``)
and without it (Tesseract's re-read alone, as before the model), and the number and the day are
compared with the digits that were written. Prints the counts per hand and mode.
``--variants N`` adds the sample letter N times more with other numbers and days (seeded), so
that each hand writes more than the one number and day the sample has (the seeds are unnumbered).

    .venv/bin/python benchmarks/handwriting.py [--limit N] [--variants N] [--hands a,b] [PDF_OR_TXT ...]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from congvan.corpora.render import render_file, render_letter  # noqa: E402
from congvan.corpora.scan import BLUE_INK, DARK_INK, _digits_after, inbox_scan_pdf  # noqa: E402
from congvan.pipeline import digits, extract, to_result  # noqa: E402

FONTS = ROOT / "corpora" / "fonts"
ITALIC, SERIF, BOLD = (FONTS / f"LiberationSerif-{f}.ttf" for f in ("Italic", "Regular", "Bold"))
HANDS = {"pen": (None, BLUE_INK), "italic": (ITALIC, BLUE_INK), "serif": (SERIF, BLUE_INK), "bold": (BOLD, BLUE_INK),
         "pen-dark": (None, DARK_INK), "italic-dark": (ITALIC, DARK_INK)}


def written(pdf: Path) -> tuple[str | None, str | None]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        got = [_digits_after(doc[0], label, 1.0) for label in ("Số:", "ngày")]
    finally:
        doc.close()
    return tuple(g[0] if g else None for g in got)


def variants(sample: Path, n: int, tmp: Path, *, seed: int = 14) -> list[Path]:
    """The sample letter rendered ``n`` times with a number of one to four digits and a day of
    the month in place of its 215 and 03 (seeded: the same letters on every run)."""
    rng, text, out = random.Random(seed), sample.read_text(encoding="utf-8"), []
    for i in range(n):
        number = str(rng.randint(1, 10 ** rng.randint(1, 4) - 1))
        day = f"{rng.randint(1, 28):02d}"
        letter = text.replace("Số: 215/", f"Số: {number}/").replace("ngày 03 tháng", f"ngày {day} tháng")
        out.append(render_letter(letter, tmp / f"variant{i:02d}.pdf"))
    return out


def verdict(value, truth) -> str:
    if truth is None:
        return "not written"
    if value is None:
        return "empty"
    return "right" if str(value).lstrip("0") == str(truth).lstrip("0") else "wrong"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="*", help="PDFs or letter texts (default: the sample and the seeds)")
    ap.add_argument("--limit", type=int, default=6, help="at most this many letters (default 6)")
    ap.add_argument("--hands", default=",".join(HANDS), help=f"comma-separated hands (default all: {','.join(HANDS)})")
    ap.add_argument("--variants", type=int, default=0,
                    help="the sample letter this many times more, with other numbers and days (default 0)")
    args = ap.parse_args(argv)
    hands = {h: HANDS[h] for h in args.hands.split(",")}
    sample = ROOT / "corpora" / "sample" / "mau_cong_van.txt"
    sources = [Path(s) for s in args.sources] or [sample, *sorted((ROOT.parent / "shared" / "corpora" / "seeds").glob("*.txt"))]
    counts: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sources = sources[:args.limit] + variants(sample, args.variants, tmp)
        for src in sources:
            pdf = src if src.suffix.lower() == ".pdf" else render_file(src, tmp)
            number, day = written(pdf)
            for hand, (face, ink) in hands.items():
                scan = inbox_scan_pdf(pdf, tmp / f"{pdf.stem}-{hand}.pdf", hand_font=face, ink=ink)
                for mode in ("model", "no model"):
                    model = digits.MODEL
                    if mode == "no model":
                        digits.MODEL = tmp / "none.npz"
                    digits._model.cache_clear()
                    try:
                        d = to_result(extract(scan))["document"]
                    finally:
                        digits.MODEL = model
                        digits._model.cache_clear()
                    n, dd = verdict(d["number"], number), verdict((d["issued_date"] or {}).get("day"), day)
                    counts[(hand, mode, "number", n)] += 1
                    counts[(hand, mode, "day", dd)] += 1
                    if "wrong" in (n, dd):
                        print(f"wrong: {src.name} {hand} {mode}: number {d['number']} for {number}, day "
                              f"{(d['issued_date'] or {}).get('day')} for {day}", file=sys.stderr)
    print(f"{'hand':11} {'mode':9} {'field':7} right wrong empty")
    for hand in hands:
        for mode in ("no model", "model"):
            for field in ("number", "day"):
                c = [counts[(hand, mode, field, v)] for v in ("right", "wrong", "empty")]
                print(f"{hand:11} {mode:9} {field:7} {c[0]:5} {c[1]:5} {c[2]:5}")
    for mode in ("no model", "model"):
        for field in ("number", "day"):
            c = [sum(counts[(h, mode, field, v)] for h in hands) for v in ("right", "wrong", "empty")]
            print(f"{'all':11} {mode:9} {field:7} {c[0]:5} {c[1]:5} {c[2]:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
