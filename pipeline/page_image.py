"""Page images prepared for Tesseract: rendered once in colour, coloured ink set apart.

A real scan in an inbox is a colour JPEG at 150-300 dpi with a red seal over the signature, the
number and the day written by hand in blue ink, a red or purple arrival stamp (``ĐẾN``) over the
header. Tesseract reads the printed text best when those marks are not there: the seal's ring of
capitals and its star break the signature block into noise lines, and a stamp over the header
joins the two header columns. So the page is rendered once in colour (``render_page``, the one
place that draws a page, so that form fields and annotations can be added there) and split:

- ``printed``: the greyscale page with every strongly coloured pixel set to paper white. Black
  type that a seal covers stays: where black ink lies on red the pixel is dark, not coloured.
- ``ink``: a mask of the coloured pixels (blue and red apart), from which the handwriting step
  crops what the clerk wrote and looks for ink in the number and date boxes.

A greyscale page (most scanners' "document" mode) has no colour to set apart; the two layers
are then the page and an empty mask. Measured on the real scans of the development set
(``benchmarks/ocr.py --real``): see the README for the per-field effect of each step.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageOps

# a pixel whose blue exceeds its red and green by more than this is pen ink (a faded ballpoint
# on dev023 sits at 20-70 above; the JPEG fringes round black type on dev001/004/019/023 stay
# under 20); red above green and blue by more than RED_EXCESS is a seal or a stamp
BLUE_EXCESS = 22
RED_EXCESS = 40
# pages are rendered at this many dots per inch of the page, or at the scan's own resolution
# where that is higher (capped): measured 250 / 300 / 400 dpi on the real scans (README)
DPI = 300
MAX_DPI = 400


@dataclass(slots=True)
class PageImage:
    printed: Image.Image  # "L": what Tesseract reads for the printed text
    colour: Image.Image  # "RGB": the page as rendered, not deskewed (for crops of the page as it is)
    blue: Image.Image  # "1"-like "L" mask, 255 where blue (or violet) ink is
    red: Image.Image  # the same for red ink (seals, arrival stamps)
    dpi: int
    coloured: bool  # the page has coloured ink at all
    scale: float = 1.0  # pixels per PDF point
    skew: float = 0.0  # degrees the layers were turned by (deskew) after rendering


def render_page(page, *, scale: float) -> Image.Image:
    """The page drawn at ``scale`` (pixels per PDF point) as an RGB image: the one render call of
    the OCR path."""
    image = page.render(scale=scale, rev_byteorder=True).to_pil()  # RGB as pdfium writes it: no swap
    return image if image.mode == "RGB" else image.convert("RGB")


def scan_dpi(page) -> float | None:
    """The resolution of the largest image on the page, in pixels per inch of the page as shown
    (None when the page has no image)."""
    import pypdfium2.raw as pdfium_c

    best, best_area = None, 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = obj.get_bounds()
            width_px, _height_px = obj.get_px_size()
        except Exception:  # a broken image object: judge by the others
            continue
        w_pt, h_pt = abs(right - left), abs(top - bottom)
        if w_pt * h_pt > best_area and w_pt > 72:
            # an image may be placed turned by 90° (a landscape scan shown upright)
            px = width_px if (w_pt >= h_pt) == (width_px >= _height_px) else _height_px
            best, best_area = px / (w_pt / 72), w_pt * h_pt
    return best


A4_WIDTH = 595.0  # points


def choose_scale(page, *, dpi: int | None = None) -> tuple[float, int]:
    """(pixels per PDF point, dots per inch as Tesseract should take them) for ``page``.

    Type on an A4 letter is the size Tesseract is trained for at ``DPI``; a page photographed
    onto a larger page box (public phone scans come as 1441 x 2112 pt pages of 72 dpi images) is
    drawn as if it were A4 wide, or its letters would be two or three times too big and the page
    ten times slower to read."""
    dpi = dpi or DPI
    width = min(page.get_width(), page.get_height())
    a4 = A4_WIDTH / width if width > 1.2 * A4_WIDTH else 1.0
    return dpi / 72 * a4, dpi


def split_inks(img: Image.Image, *, blue_excess: int = BLUE_EXCESS,
               red_excess: int = RED_EXCESS) -> tuple[Image.Image, Image.Image, Image.Image, bool]:
    """(printed grey, blue mask, red mask, coloured?) of an RGB page image."""
    r, g, b = img.split()
    excess = ImageChops.subtract(b, ImageChops.lighter(r, g))
    # some scanners print black type bluish (034: the type's blue excess reaches 33 where the pen's
    # median is 54-78): the pen must stand out from this page's own type, whose darkest pixels
    # give the measure
    grey = img.convert("L")
    dark = grey.point(lambda v: 255 if v < 90 else 0)
    blue_excess = max(blue_excess, _percentile(excess.histogram(mask=dark), 0.95) + 12)
    blue = excess.point(lambda v: 255 if v > blue_excess else 0)
    red = ImageChops.subtract(r, ImageChops.lighter(g, b)).point(lambda v: 255 if v > red_excess else 0)
    mask = ImageChops.lighter(blue, red)
    if mask.getbbox() is None:
        return grey, blue, red, False
    printed = Image.composite(Image.new("L", img.size, 255), grey, mask)
    return printed, blue, red, True


def _percentile(hist: list[int], q: float) -> int:
    total = sum(hist)
    if not total:
        return 0
    acc = 0
    for value, n in enumerate(hist):
        acc += n
        if acc >= q * total:
            return value
    return len(hist) - 1


# deskewing resamples bilinearly: bicubic cost 0.17 s a page (a fifth of Tesseract's time) for the
# same fields on the real scans, bilinear 0.06 s; the nearest pixel (0.01 s) lost words of a
# copies list (dev014) (README, "Real scans"); CONGVAN_OCR_TURN=nearest|bicubic to measure
TURN = Image.BILINEAR
_TURNS = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}


def prepare(page, *, dpi: int | None = None, drop_colour: bool = True, contrast: bool = False,
            max_scale: float | None = None, deskew: bool = True) -> PageImage:
    """Render ``page`` and set its coloured ink apart (``drop_colour=False`` keeps it in ``printed``,
    ``contrast`` stretches the grey levels, ``deskew=False`` leaves the page as scanned; the switches
    are there to measure each step). ``max_scale`` bounds the pixels whatever the page's size; the
    dpi Tesseract is told falls with it. The page is drawn once; the skew is found on its printed
    layer and every layer turned level."""
    colour, scale, dpi = render(page, dpi=dpi, max_scale=max_scale)
    return finish(colour, scale=scale, dpi=dpi, drop_colour=drop_colour, contrast=contrast, deskew=deskew)


def render(page, *, dpi: int | None = None, max_scale: float | None = None) -> tuple[Image.Image, float, int]:
    """(the page drawn in colour, pixels per point, dpi for Tesseract): the part of ``prepare`` that
    calls pdfium, which is not thread-safe; ``finish`` may run in any thread."""
    scale, dpi = choose_scale(page, dpi=dpi)
    if max_scale is not None and scale > max_scale:
        dpi = max(1, int(dpi * max_scale / scale))
        scale = max_scale
    return render_page(page, scale=scale), scale, dpi


def finish(colour: Image.Image, *, scale: float, dpi: int, drop_colour: bool = True, contrast: bool = False,
           deskew: bool = True) -> PageImage:
    """A rendered page split into printed text and coloured ink, turned level (see ``prepare``)."""
    printed, blue, red, coloured = split_inks(colour)
    if not drop_colour:
        printed = colour.convert("L")
    if contrast:
        printed = ImageOps.autocontrast(printed, cutoff=1)
    pimg = PageImage(printed=printed, colour=colour, blue=blue, red=red, dpi=dpi, coloured=coloured, scale=scale)
    return rotate(pimg, estimate_skew(printed)) if deskew else pimg


def rotate(pimg: PageImage, angle: float) -> PageImage:
    """Every layer turned by ``angle`` degrees (deskew), paper white / no ink filling the corners."""
    if abs(angle) < 0.2:
        return pimg
    def mask(m: Image.Image) -> Image.Image:  # an empty mask (a grey scan) stays as it is
        return m.rotate(angle, resample=Image.NEAREST, fillcolor=0) if pimg.coloured else m

    turn = _TURNS.get(os.environ.get("CONGVAN_OCR_TURN", ""), TURN)
    return PageImage(printed=pimg.printed.rotate(angle, resample=turn, fillcolor=255),
                     colour=pimg.colour,  # not turned: 0.3 s a page, and nothing reads it turned
                     blue=mask(pimg.blue), red=mask(pimg.red),
                     dpi=pimg.dpi, coloured=pimg.coloured, scale=pimg.scale, skew=pimg.skew + angle)


def estimate_skew(img: Image.Image, *, limit: float = 5.0) -> float:
    """The rotation (degrees, counter-clockwise) that makes the text lines horizontal.

    Text lines give the row profile of a page its sharpest peaks when they are level: try angles
    and keep the one whose row sums vary most. Coarse steps of 0.5°, then 0.1° around the best.
    The dark pixels of a copy at most 900 pixels a side are projected onto the rows as each angle
    turns them (numpy, one bincount an angle)."""
    small = img.convert("L")
    scale = 900 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.width * scale), int(small.height * scale)), Image.BILINEAR)
    ys, xs = np.nonzero(np.asarray(small) < 255 - 96)
    if len(ys) == 0:
        return 0.0
    cx, cy = small.width / 2, small.height / 2
    xs, ys = xs.astype(np.float64) - cx, ys.astype(np.float64) - cy
    rows = small.height

    def score(angle: float) -> float:
        # where a pixel lands once the page is turned by ``angle`` counter-clockwise (y down)
        t = np.radians(angle)
        y = np.rint(-np.sin(t) * xs + np.cos(t) * ys + cy).astype(np.int64)
        y = y[(y >= 0) & (y < rows)]
        return float(np.bincount(y, minlength=rows).var())

    best = max((a / 2 for a in range(int(-2 * limit), int(2 * limit) + 1)), key=score)
    fine = max((best + d / 10 for d in range(-4, 5)), key=score)
    return round(fine, 1)


def ink_share(mask: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of the pixels of ``box`` that are ink in ``mask``."""
    crop = mask.crop(box)
    if crop.width == 0 or crop.height == 0:
        return 0.0
    hist = crop.histogram()
    return sum(hist[128:]) / max(1, crop.width * crop.height)


def ink_layer(pimg: PageImage, box: tuple[int, int, int, int]) -> Image.Image:
    """The pen ink of ``box`` as dark strokes on white (what the clerk wrote, without the printed
    type under it); the printed page where the box has no pen ink. Red there is a seal or an
    arrival stamp over typed text (dev019's stamp across ``Số: 40/HCCV``), not what was written:
    ``printed`` has it set apart already."""
    mask = pimg.blue.crop(box)
    if mask.getbbox() is None:
        return pimg.printed.crop(box)
    return ImageOps.invert(mask)


def red_dropped(pimg: PageImage) -> Image.Image:
    """The page's red channel, turned as the layers were (its pixels are the printed layer's): red
    stamp and seal ink is about as light as the paper there, black type as dark as in the grey
    page (where the printed layer has white gaps: a stamp's line crossing typed digits was set to
    paper with the rest of the red)."""
    red = pimg.colour.getchannel("R")
    if abs(pimg.skew) >= 0.2:
        turn = _TURNS.get(os.environ.get("CONGVAN_OCR_TURN", ""), TURN)
        red = red.rotate(pimg.skew, resample=turn, fillcolor=255)
    return red
