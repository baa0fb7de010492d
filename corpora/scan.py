"""Turn a text PDF into what a scanner gives: an image-only PDF, slightly turned, noisy, soft
(``scan_pdf``), or a colour inbox scan with a red seal and a handwritten number and day
(``inbox_scan_pdf``).

Used by the OCR tests and ``benchmarks/ocr.py``: the same letter as text and as a scan, so the
OCR path is scored against the text path on the same gold.

    python -m congvan.corpora.scan IN.pdf OUT.pdf [--dpi 200] [--skew 0.8] [--noise 18] [--seed 1]
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
    # a signed letter printed and scanned shows what e-office signing stamped into its widgets
    # (the number, the day, ``Ký bởi``): drawn with the form environment, as a viewer draws it
    pdf.init_forms()
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


# handwritten-looking digits: strokes in a unit box (x right, y down), drawn with a jittered pen
_STROKES = {
    "0": [[(0.5, 0.0), (0.15, 0.2), (0.1, 0.7), (0.45, 1.0), (0.85, 0.75), (0.9, 0.25), (0.5, 0.0)]],
    "1": [[(0.25, 0.25), (0.6, 0.0), (0.55, 1.0)]],
    "2": [[(0.1, 0.25), (0.45, 0.0), (0.85, 0.2), (0.75, 0.5), (0.1, 1.0), (0.95, 0.95)]],
    "3": [[(0.1, 0.1), (0.8, 0.05), (0.4, 0.45), (0.9, 0.7), (0.5, 1.0), (0.1, 0.85)]],
    "4": [[(0.7, 1.0), (0.65, 0.0), (0.05, 0.7), (0.95, 0.7)]],
    "5": [[(0.9, 0.0), (0.2, 0.05), (0.15, 0.45), (0.75, 0.45), (0.85, 0.8), (0.45, 1.0), (0.1, 0.85)]],
    "6": [[(0.8, 0.0), (0.25, 0.35), (0.15, 0.85), (0.5, 1.0), (0.85, 0.75), (0.5, 0.5), (0.2, 0.65)]],
    "7": [[(0.05, 0.05), (0.95, 0.0), (0.4, 1.0)]],
    "8": [[(0.5, 0.5), (0.15, 0.25), (0.5, 0.0), (0.85, 0.25), (0.5, 0.5), (0.1, 0.78), (0.5, 1.0), (0.9, 0.78), (0.5, 0.5)]],
    "9": [[(0.85, 0.35), (0.5, 0.55), (0.15, 0.3), (0.5, 0.0), (0.85, 0.3), (0.75, 1.0)]],
}
BLUE_INK = (35, 55, 170)
# black ballpoint or blue-black ink: too little blue to be set apart from the type as pen ink,
# so it stays in the printed layer (dev014's ``932``)
DARK_INK = (30, 30, 42)
SEAL_RED = (215, 40, 45)


def _digits_after(page, label: str, scale: float) -> tuple[str, tuple[float, float, float, float]] | None:
    """The digits printed right after the first ``label`` on ``page`` and their box (pixels at
    ``scale``): the number after ``Số:``, the day after ``ngày``."""
    import regex as re

    tp = page.get_textpage()
    try:
        text = tp.get_text_range()
        m = re.search(re.escape(label) + r"\s*(\d{1,6})", text)
        if not m:
            return None
        boxes = [tp.get_charbox(k) for k in range(m.start(1), m.end(1))]
    finally:
        tp.close()
    h = page.get_height()
    return m.group(1), (min(b[0] for b in boxes) * scale, (h - max(b[3] for b in boxes)) * scale,
                        max(b[2] for b in boxes) * scale, (h - min(b[1] for b in boxes)) * scale)


def _find(page, needle: str, scale: float) -> tuple[float, float, float, float] | None:
    tp = page.get_textpage()
    try:
        i = tp.get_text_range().find(needle)
        if i < 0:
            return None
        a, b = tp.get_charbox(i), tp.get_charbox(i + len(needle) - 1)
    finally:
        tp.close()
    h = page.get_height()
    return (a[0] * scale, (h - a[3]) * scale, b[2] * scale, (h - a[1]) * scale)


def _handwrite(img: Image.Image, box, digits: str, rng: random.Random, ink: tuple[int, int, int] = BLUE_INK) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(img)
    x0, top, x1, bottom = box
    h = (bottom - top) * 1.25
    w = min(h * 0.62, (x1 - x0 - 4) / max(1, len(digits)))
    x = x0 + max(2.0, ((x1 - x0) - w * len(digits)) / 2)
    y = top - 0.2 * h
    pen = max(2, int(h / 11))
    for d in digits:
        slant = rng.uniform(0.1, 0.25)
        for stroke in _STROKES[d]:
            pts = [(x + (px + slant * (1 - py)) * w * 0.85 + rng.uniform(-0.6, 0.6),
                    y + py * h + rng.uniform(-0.6, 0.6)) for px, py in stroke]
            draw.line(pts, fill=ink, width=pen, joint="curve")
        x += w * rng.uniform(0.95, 1.1)


def _write_in(img: Image.Image, box, digits: str, font_path: str | Path, ink: tuple[int, int, int] = BLUE_INK) -> None:
    """``digits`` in ``ink`` (blue) in the face ``font_path``, a little apart, from the left of ``box``: up
    to a third taller than the type, as large as fits the box (and half a line more)."""
    from PIL import ImageDraw, ImageFont

    x0, top, x1, bottom = box
    text = " ".join(digits)
    size = int((bottom - top) * 1.35)
    font = ImageFont.truetype(str(font_path), size)
    while size > 8 and font.getlength(text) > (x1 - x0) + 0.5 * (bottom - top):
        size -= 1
        font = ImageFont.truetype(str(font_path), size)
    ImageDraw.Draw(img).text((x0 + 1, bottom), text, fill=ink, font=font, anchor="ls")


def _seal(img: Image.Image, centre: tuple[float, float], radius: float, text: str) -> None:
    """A round red seal (two rings, a star, the agency's name round the ring) multiplied over the
    page, so that black type under it stays black, as with real stamp ink."""
    import math

    from PIL import ImageChops, ImageDraw, ImageFont

    layer = Image.new("RGB", img.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    for r, wdt in ((radius, max(3, int(radius / 18))), (radius * 0.68, max(2, int(radius / 30)))):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=SEAL_RED, width=wdt)
    star = [(cx + radius * 0.28 * (1 if k % 2 == 0 else 0.42) * math.cos(math.pi / 2 + k * math.pi / 5),
             cy - radius * 0.28 * (1 if k % 2 == 0 else 0.42) * math.sin(math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    draw.polygon(star, fill=SEAL_RED)
    font = ImageFont.truetype(str(Path(__file__).parent / "fonts" / "LiberationSerif-Bold.ttf"), int(radius * 0.2))
    n = len(text)
    for k, ch in enumerate(text):  # round the upper ring, left to right
        a = math.pi * (0.95 - 0.9 * k / max(1, n - 1)) + math.pi * 0.1
        r = radius * 0.84
        draw.text((cx + r * math.cos(a), cy - r * math.sin(a)), ch, fill=SEAL_RED, font=font, anchor="mm")
    img.paste(ImageChops.multiply(img, layer))


def inbox_scan_pdf(src: str | Path, out: str | Path, *, dpi: int = 200, hand: tuple[str, ...] = ("Số:", "ngày"),
                   seal: bool = True, quality: int = 70, skew: float = 0.4, seed: int = 1,
                   hand_font: str | Path | None = None, ink: tuple[int, int, int] = BLUE_INK) -> Path:
    """Turn a text PDF into a scan as it arrives in an inbox: a colour JPEG page at ``dpi`` on
    cream paper, the digits after each label in ``hand`` on page 1 (the number after ``Số:``, the
    day after ``ngày``) erased and written in again by hand in blue ink (pen strokes, or the
    digits of the TrueType face ``hand_font``, spaced as a clerk spaces them; ``ink=DARK_INK`` for
    a black pen), a red seal over the signature block of the last page, turned a little."""
    from PIL import ImageChops, ImageDraw

    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(src))
    scale = dpi / 72
    pages: list[Image.Image] = []
    cream = (250, 246, 232)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            img = page.render(scale=scale).to_pil().convert("RGB")
            img = ImageChops.multiply(img, Image.new("RGB", img.size, cream))
            if i == 0:
                for label in hand:
                    found = _digits_after(page, label, scale)
                    if found:
                        digits, (x0, top, x1, bottom) = found
                        ImageDraw.Draw(img).rectangle((x0 - 1, top - 2, x1 + 1, bottom + 2), fill=cream)
                        if hand_font is None:
                            _handwrite(img, (x0 - 2, top, x1 + 1, bottom), digits, rng, ink)
                        else:
                            _write_in(img, (x0 - 2, top, x1 + 1, bottom), digits, hand_font, ink)
            if seal and i == len(pdf) - 1:
                title = next((b for t in ("KT.", "TM.", "TL.") if (b := _find(page, t, scale))), None)
                if title:
                    _seal(img, (title[0] + 0.35 * dpi, title[3] + 0.4 * dpi), 0.6 * dpi, "ỦY BAN NHÂN DÂN")
            page.close()
            img = img.rotate(rng.uniform(-skew, skew), resample=Image.BICUBIC, fillcolor=cream)
            pages.append(img)
    finally:
        pdf.close()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:], quality=quality)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m congvan.corpora.scan", description=__doc__.splitlines()[0])
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
