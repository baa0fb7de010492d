"""The signer's name and title on a scan, read again where a seal or a signature took them from
the page OCR: the name's strip under the title (``recover_signer_name``), the family name under a
seal's edge (``recover_name_start``), its tone marks (``recover_name_marks``), the title line itself
above the name (``recover_signer_title``) and the title lines under an authority line
(``recover_signature_titles``).

Apart from ``ocr_blocks`` (the blocks of a page: lines the layout drops, the signature block, the
specks a seal leaves) because it is about the one name and title a letter is signed with.
"""
from __future__ import annotations

import logging
import subprocess

from PIL import Image

from .document import Line
from .legacy import is_syllable
from .ocr import _AUTHORITY_LINE, _MARKS, OcrUnavailable, _tesseract_words, fix_ocr_line, fix_ocr_text, is_noise_line
from .ocr_blocks import _is_name_line, _is_signer_title, _is_text, _reread, clean_signature

log = logging.getLogger(__name__)


def _names_in(img, box, scale: float, timeout: float) -> list:
    found = _reread(img, box, scale, timeout, "signer's name")
    names = []
    for ws in (found or {}).values():
        ws = [w for w in ws if w["text"].strip(_MARKS) and w["conf"] >= 50]
        text = " ".join(w["text"] for w in ws)
        # a seal's words in capitals beside one read in lower case (``KHOA Học``) are no name
        if ws and _is_name_line(text) and not any(len(w) > 1 and w.isupper() for w in text.split()):
            names.append((text, ws))
    return names


def _last_text_band(img, box, scale: float):
    """The lowest band of rows in ``box`` (PDF points) dense with ink, as a box with a margin, where
    it is as tall as a line of type (6-24 points): the name under a seal. None where there is none."""
    import numpy as np

    crop = np.asarray(img.crop(tuple(int(v * scale) for v in box)).convert("L"))
    if crop.size == 0:
        return None
    dense = (crop < 110).sum(axis=1) > 0.04 * crop.shape[1]
    rows = np.flatnonzero(dense)
    if rows.size == 0:
        return None
    end = rows[-1]
    start = end
    gap = max(2, int(2 * scale))  # an accent stands apart from its letter by a point or so
    while start > 0 and dense[max(0, start - gap):start].any():
        start -= 1
    height = (end - start + 1) / scale
    if not 6 <= height <= 24:
        return None
    margin = 4
    return (box[0], float(max(box[1], box[1] + start / scale - margin)), box[2], float(min(box[3], box[1] + end / scale + margin)))


def _signer_title_at(lines: list[Line], width: float) -> int | None:
    """The index of the signer's title line: the last title line outside the left column whose left
    edge is past 35 % of the page's width; None where there is none."""
    from .ocr import _PUNCT

    titles = [k for k, l in enumerate(lines) if l.bbox and l.column != "left" and l.bbox[0] >= 0.35 * width
              and _is_signer_title(l.text.strip(_PUNCT + " "))]
    return titles[-1] if titles else None


def recover_signer_name(img: Image.Image, lines: list[Line], *, scale: float, width: float, page_no: int,
                        timeout: float) -> list[Line]:
    """The signer's name under the title where the page's OCR read no name there.

    A seal and a signature across the name can leave Tesseract's page layout with specks where
    the name is (dev014: ``THỦ TƯỚNG``, then ``2 ý2À`` ... and no ``Phạm Minh Chính``), though the
    name's own strip reads clean. Under the lowest signer title of the right-hand column, where no
    name line follows within 130 points (on A4) before a line of real words, that strip is read
    once more as one block (``--psm 6``) and the last name line found is put in place; the specks
    between title and name then go with ``clean_signature``."""
    a4 = width / 595
    k = _signer_title_at(lines, width)
    if k is None:
        return lines
    title = lines[k]
    x0, _, x1, bottom = title.bbox
    below = [l for l in lines[k + 1:] if l.bbox and l.column == title.column and l.bbox[1] < bottom + 130 * a4]
    for line in below:
        if _is_name_line(line.text) and not line.text.isupper():
            return lines  # the name is there
        if _is_text(line.text) and not line.text.isupper():
            return lines  # not a signature block after all (a line in capitals: the title's unit, 'VỤ TỔ CHỨC ...')
    # a rank and a long name run wider than the title ("GIÁM ĐỐC" over "Thiếu tướng Trương Minh Đương")
    box = (max(0.0, x0 - 80 * a4), bottom + 1, min(width - 5 * a4, x1 + 80 * a4),
           min(bottom + 130 * a4, img.height / scale - 2))
    if box[3] - box[1] < 20 * a4:
        return lines
    names = _names_in(img, box, scale, timeout)
    if not names and (band := _last_text_band(img, box, scale)) is not None:
        # the seal's white-out and the signature's strokes over the strip can leave Tesseract no
        # line at all (pool071); the strip's last band of type, read alone, is the name
        box = band
        names = _names_in(img, box, scale, timeout)
    if not names:
        return lines
    text, ws = names[-1]
    top = box[1] + min(w["top"] for w in ws) / scale
    name = Line(text=text, page=page_no, column=title.column, size=title.size,
                bbox=(box[0] + min(w["left"] for w in ws) / scale, top,
                      box[0] + max(w["left"] + w["width"] for w in ws) / scale,
                      box[1] + max(w["top"] + w["height"] for w in ws) / scale))
    log.info("page %d: signer's name read again under %r: %r", page_no, title.text, text)
    at = k + 1
    while at < len(lines) and lines[at].bbox and lines[at].column == title.column and lines[at].bbox[1] < top:
        at += 1
    return clean_signature(lines[:at] + [name] + lines[at:])


NAME_INK = (90, 120)  # grey levels under which a name's type is kept and a seal's lighter ink dropped


def recover_name_start(img: Image.Image, lines: list[Line], *, scale: float, width: float, timeout: float) -> list[Line]:
    """The family name a seal hides at the start of the signer's name, read again.

    A seal is stamped over the left of the name (the seal's edge lies where the name starts), and
    on a grey scan its ink is as dark as type to the colour split: the page OCR reads the name's
    given names and loses the family name (``Đức Vũ`` for Nguyễn Đức Vũ) or its first letter
    (``rần Hữu Tuân``, ``ê Thanh Liêm``). Where the line under the lowest signer title of the
    right-hand column is such a name (capitalised given names after a lowercase piece or after no
    known family name), its strip, widened to the left, is read again with only the darkest ink
    (type is darker than a seal's ink); the family name is put in where that read gives a known
    family name followed by the same given names (accents aside)."""
    from .ocr import _PUNCT, _bare, _surnames

    a4 = width / 595
    k = _signer_title_at(lines, width)
    if k is None:
        return lines
    title = lines[k]
    for line in lines[k + 1:]:
        if not line.bbox or line.column != title.column or line.bbox[1] > title.bbox[3] + 130 * a4:
            continue
        words = line.text.strip(_PUNCT + " ").split()
        given = words[1:] if words and words[0][:1].islower() else words
        if not 1 <= len(given) <= 3 or not all(w[:1].isupper() and w[1:].islower() and is_syllable(w) for w in given):
            continue
        if given is words and (len(words) < 2 or words[0].casefold() in _surnames()):
            return lines  # a whole name
        x0, top, x1, bottom = line.bbox
        box = (max(0.0, x0 - 60 * a4), max(0.0, top - 3 * a4), min(width, x1 + 10 * a4), bottom + 3 * a4)
        crop = img.crop(tuple(int(v * scale) for v in box)).convert("L")
        from PIL import ImageOps

        for level in NAME_INK:
            dark = ImageOps.expand(crop.point(lambda v, lv=level: 0 if v < lv else 255), border=20, fill=255)
            try:
                read = [w["text"] for w in _tesseract_words(dark, timeout=timeout, psm=7) if w["text"].strip(_MARKS)]
            except (OcrUnavailable, RuntimeError, subprocess.TimeoutExpired) as exc:
                log.warning("signer's family name not read again: %s", exc)
                return lines
            read = [fix_ocr_text(w) for w in read]
            k = len(read) - len(given) - 1
            if k >= 0 and read[k].casefold() in _surnames() and read[k][:1].isupper() \
                    and [_bare(w) for w in read[k + 1:]] == [_bare(w) for w in given]:
                log.info("signer's family name read again: %r -> %r", line.text, " ".join([read[k], *given]))
                line.text = " ".join([read[k], *given])
                return clean_signature(lines)  # the specks between the title and the name now go
        return lines
    return lines


def recover_signer_title(img: Image.Image, lines: list[Line], *, scale: float, width: float, page_no: int,
                         timeout: float) -> list[Line]:
    """The signer's title line above the name where the page OCR lost it.

    A seal stamped over the start of the title (``GIÁM ĐỐC`` with the seal's edge across the G)
    can make the page OCR drop the whole line: the name stands with no title above it and the
    signature block is not found. Where the lowest name line in the right half of a page that has a
    ``Nơi nhận`` has no signer title within 130 points (on A4) above it, the strip between the line
    above it and the name is read again as one block (``--psm 6``), and then its top band (the
    title stands first); the first line that is a signer title, once fixed as OCR'd titles are
    (``GLAM ĐÒC``), or that ends in one behind a seal's specks glued to it (``ZEEGIÁM ĐÓC``), is put
    in above the name."""
    from .ocr import _PUNCT

    a4 = width / 595
    if not any(l.column != "right" and l.text.startswith("Nơi nhận") for l in lines):
        return lines
    names = [k for k, l in enumerate(lines) if l.bbox and l.column != "left" and l.bbox[0] >= 0.35 * width
             and _is_name_line(l.text) and not l.text.isupper()]
    if not names:
        return lines
    k = names[-1]
    name = lines[k]
    x0, top, x1, _ = name.bbox
    above = [l for l in lines[:k] if l.bbox and l.page == name.page and l.column != "left" and l.bbox[3] <= top]
    if any(_is_signer_title(l.text.strip(_PUNCT + " ")) and l.bbox[1] >= top - 130 * a4 for l in above):
        return lines
    start = max((l.bbox[3] for l in above), default=top - 130 * a4)
    start = max(start, top - 130 * a4)
    if top - start < 20 * a4:
        return lines
    left, right = max(0.0, x0 - 80 * a4), min(width - 5 * a4, x1 + 80 * a4)
    for box in ((left, start + 1, right, top - 1), (left, start + 1, right, min(top - 1, start + 32 * a4))):
        found = _reread(img, box, scale, timeout, "signer's title")
        for ws in (found or {}).values():
            text = " ".join(w["text"] for w in ws if w["text"].strip(_MARKS))
            title = _title_read(text)
            if title is None:
                continue
            line = Line(text=title, page=name.page, column=name.column, size=name.size,
                        bbox=(box[0] + min(w["left"] for w in ws) / scale, box[1] + min(w["top"] for w in ws) / scale,
                              box[0] + max(w["left"] + w["width"] for w in ws) / scale,
                              box[1] + max(w["top"] + w["height"] for w in ws) / scale))
            log.info("page %d: signer's title read again above %r: %r", page_no, name.text, title)
            at = k
            while at > 0 and lines[at - 1].bbox and lines[at - 1].column == name.column \
                    and lines[at - 1].bbox[1] > line.bbox[1]:
                at -= 1
            return clean_signature(lines[:at] + [line] + lines[at:])
    return lines


def _title_read(text: str) -> str | None:
    """``GLAM ĐÒC`` -> ``GIÁM ĐỐC`` (a title OCR'd one look-alike off, as ``fix_ocr_line`` puts it
    right); ``ZEEGIÁM ĐÓC``, ``/Z=SIÁM ĐÓC`` -> ``GIÁM ĐỐC`` (a seal's specks glued before it, its
    edge over the first letter: the known title of seven letters or more the line ends with, accents
    aside, the first letter apart, the last word whole; the longest where several do); None for
    anything else."""
    from .ocr import _bare, _titles

    if not text.strip():
        return None
    fixed = fix_ocr_line(text)
    if _is_signer_title(fixed) and fixed.isupper():
        return fixed
    words = text.split()
    if not words or not words[-1].isupper() or not words[-1].isalpha():
        return None
    flat = _bare(text).replace(" ", "")
    # the whole title, or all of it but its first letter (the seal's edge: "/Z=SIÁM ĐÓC")
    ends = [(len(k), ts) for k, ts in _titles().items() if len(k) >= 7 and flat.endswith(k[1:])
            and _bare(ts[0].split()[-1]) == _bare(words[-1])]
    if not ends:
        return None
    titles = max(ends)[1]
    return titles[0].upper() if len(titles) == 1 else None


def recover_name_marks(img: Image.Image, lines: list[Line], *, scale: float, width: float,
                       timeout: float) -> list[Line]:
    """The tone marks of the signer's name the page OCR lost, read again from the name's line alone.

    In bold type on a grey scan the page OCR drops the tone mark over a circumflex or a breve
    (``Nguyên Văn Hôi`` for Nguyễn Văn Hồi, ``Trần Hữu Tuân`` for Tuấn), though the name's own strip,
    read as one line (``--psm 7``), keeps it. Under the lowest signer title of the right-hand
    column, the first name line is read so; where all its words but one at most line up with the
    name's (same letters, accents aside), a word takes the read's spelling where the read keeps
    every mark the page OCR saw and adds one
    (another tone, ``Trẫn`` for ``Trần``, is no added mark: the page's word stays)."""
    from .ocr import _PUNCT, _bare

    a4 = width / 595
    k = _signer_title_at(lines, width)
    if k is None:
        return lines
    title = lines[k]
    name = next((l for l in lines[k + 1:] if l.bbox and l.column == title.column
                 and l.bbox[1] <= title.bbox[3] + 130 * a4 and _is_name_line(l.text) and not l.text.isupper()), None)
    if name is None:
        return lines
    x0, top, x1, bottom = name.bbox
    h = max(bottom - top, 10 * a4)  # the OCR line's box can be the letters' core only (6 points)
    box = (max(0.0, x0 - 4 * a4), max(0.0, top - 0.6 * h), min(width, x1 + 4 * a4), bottom + 0.5 * h)
    crop = img.crop(tuple(int(v * scale) for v in box)).convert("L")
    from PIL import ImageOps

    try:
        words = _tesseract_words(ImageOps.expand(crop, border=30, fill=255), timeout=timeout, psm=7)
    except (OcrUnavailable, RuntimeError, subprocess.TimeoutExpired) as exc:
        log.warning("signer's name not read again: %s", exc)
        return lines
    read = [t for t in (fix_ocr_text(w["text"]).strip(_PUNCT + "“”") for w in words) if t.isalpha()]
    seen = name.text.split()
    bare = [_bare(w) for w in seen]
    # the read's words in line with the name's, all or all but one of them the same letters
    # (a seal's edge can cost the read a letter elsewhere: "'rần Hữu Tuấn")
    windows = [read[k:k + len(seen)] for k in range(len(read) - len(seen) + 1)]
    scored = [(sum(_bare(r) == b for r, b in zip(win, bare)), win) for win in windows]
    best = max(scored, key=lambda x: x[0], default=(0, []))
    if best[0] < max(2, len(seen) - 1):
        return lines
    fixed = [r if _bare(r) == _bare(w) and _more_marks(r, w) else w for r, w in zip(best[1], seen)]
    if fixed != seen:
        log.info("signer's name marks read again: %r -> %r", name.text, " ".join(fixed))
        name.text = " ".join(fixed)
    return lines


def _more_marks(read: str, seen: str) -> bool:
    """Each letter of ``read`` keeps the marks of the same letter of ``seen`` (same letters, accents
    aside), and one has a mark more: ``Hồi`` over ``Hôi``, ``Tuấn`` over ``Tuân``; not ``Trẫn`` over ``Trần``."""
    import unicodedata

    if len(read) != len(seen):
        return False
    more = False
    for a, b in zip(read, seen):
        ma = set(unicodedata.normalize("NFD", a)[1:])
        mb = set(unicodedata.normalize("NFD", b)[1:])
        if not mb <= ma:
            return False
        if ma != mb and unicodedata.normalize("NFD", a)[0].casefold() not in "aeiouy":
            return False  # marks go on vowels: a tilde on the N of Nguyễn ('Ñguyễn', pool049) is a speck
        more |= ma != mb
    return more


def recover_signature_titles(img: Image.Image, lines: list[Line], *, scale: float, width: float,
                              timeout: float) -> list[Line]:
    """Title lines of a signature block that the page's OCR lost, read again from their crop.

    A seal or watermark behind ``TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`` can make
    Tesseract's page layout drop the lines under the authority line (public 011). Where an
    authority line has nothing under it in its column for two and a half line heights, the strip
    below it is read once more as one block of text (``--psm 6``) and the capitalised lines found
    there are put back under it."""
    out = list(lines)
    for line in lines:
        if line.bbox is None or line.column == "left" or not _AUTHORITY_LINE.match(line.text):
            continue
        x0, top, x1, bottom = line.bbox
        h = max(bottom - top, 4.0)
        below = [l.bbox[1] for l in lines if l.column == line.column and l.bbox and l.bbox[1] > top + 0.5 * h]
        limit = min(below, default=bottom + 6 * h)
        if limit < bottom + 2.5 * h:
            continue
        box = (max(0.0, x0 - 40), max(0.0, top - 3), min(width - 10, x1 + 60), min(limit, bottom + 6 * h))
        crop = img.crop(tuple(int(v * scale) for v in box))
        try:
            words = _tesseract_words(crop, timeout=timeout, psm=6)
        except (OcrUnavailable, RuntimeError, subprocess.TimeoutExpired) as exc:
            log.warning("signature block not read again: %s", exc)
            continue
        found: dict[tuple[int, int, int], list[dict]] = {}
        for w in words:
            found.setdefault((w["block"], w["par"], w["line"]), []).append(w)
        titles = []
        for ws in found.values():
            text = " ".join(fix_ocr_text(w["text"]) for w in ws)
            y0 = box[1] + min(w["top"] for w in ws) / scale
            y1 = box[1] + max(w["top"] + w["height"] for w in ws) / scale
            if y0 < bottom - 0.3 * h:
                continue  # the authority line itself
            if not text.isupper() or is_noise_line(text):
                break
            titles.append(Line(text=fix_ocr_line(text, previous=(titles[-1].text if titles else line.text)),
                               page=line.page, column=line.column, size=line.size,
                               bbox=(box[0] + min(w["left"] for w in ws) / scale, y0,
                                     box[0] + max(w["left"] + w["width"] for w in ws) / scale, y1)))
        if titles:
            log.info("page %s: %d signature title line(s) read again under %r", line.page, len(titles), line.text)
            k = out.index(line) + 1
            out[k:k] = titles
    return out
