"""Turn a text PDF into what a scanner gives: an image-only PDF, slightly turned, noisy, soft.

Used by the OCR tests and ``benchmarks/ocr.py``: the same letter as text and as a scan, so the
OCR path is scored against the text path on the same gold.

    python -m corpora.scan IN.pdf OUT.pdf [--dpi 200] [--skew 0.8] [--noise 18] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def scan_pdf(src: str | Path, out: str | Path, *, dpi: int = 200, skew: float = 0.8, noise: float = 18.0,
             blur: float = 0.6, seed: int = 1) -> Path:
    """Rasterise every page of ``src`` at ``dpi``, turn it by up to ``skew`` degrees, add grey
    grain (``noise`` / 150 of the page is uniform noise) and a light blur, and write an image-only PDF with no text layer."""
    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(src))
    pages: list[Image.Image] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            angle = rng.uniform(-skew, skew)
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            if noise:  # seeded uniform grain (Pillow's effect_noise cannot be seeded)
                grain = Image.frombytes("L", img.size, rng.randbytes(img.width * img.height))
                img = Image.blend(img, grain, noise / 150)
            if blur:
                img = img.filter(ImageFilter.GaussianBlur(blur))
            pages.append(img)
    finally:
        pdf.close()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m corpora.scan", description=__doc__.splitlines()[0])
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--dpi", type=int, default=200)
    p.add_argument("--skew", type=float, default=0.8, help="largest turn in degrees (default 0.8)")
    p.add_argument("--noise", type=float, default=18.0, help="grain strength; noise/150 of each pixel is uniform noise (default 18)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    scan_pdf(a.src, a.out, dpi=a.dpi, skew=a.skew, noise=a.noise, seed=a.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
