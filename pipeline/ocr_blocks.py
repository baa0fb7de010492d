"""What the page OCR loses, put back: lines the layout drops, a signature block the page
segmentation skips, and the specks a seal leaves inside that block.

Apart from ``congvan.pipeline.ocr`` (words, fixes, the page runner) because it is about the blocks of a
page rather than its words; ``ocr`` calls it after the layout step.
"""
from __future__ import annotations

import logging
import subprocess

import regex as re

from PIL import Image

from .document import Line
from .legacy import is_syllable
from .ocr import (_AUTHORITY_LINE, _MARKS, OcrUnavailable, _tesseract_words, fix_ocr_line, fix_ocr_text,
                  is_noise_line)

log = logging.getLogger(__name__)


def _tokens(text: str) -> list[str]:
    return [t for t in text.split() if t.strip(_MARKS)]


def keep_every_line(laid: list[Line], words: list[dict], *, scale: float, width: float, page_no: int) -> list[Line]:
    """The laid-out lines, with every Tesseract line the layout lost put back.

    The layout rebuilds columns from word boxes; where it drops words (a row it takes for a page
    number, a zone it cannot place), the words are missing from the text with no sign. Each word
    is counted: a Tesseract line whose words are not all in the laid-out text comes back as
    Tesseract ordered it (its missing words, in its own word order), after the laid-out line just
    above it, in the column its position says. So every OCR word is in the text exactly once."""
    have: dict[str, int] = {}
    for line in laid:
        for t in _tokens(line.text):
            have[t] = have.get(t, 0) + 1
    by_line: dict[tuple[int, int, int], list[dict]] = {}
    for w in words:
        if w["text"].strip(_MARKS):
            by_line.setdefault((w["block"], w["par"], w["line"]), []).append(w)
    lost: list[Line] = []
    for ws in by_line.values():
        missing = []
        for w in ws:
            for t in _tokens(w["text"]):
                if have.get(t, 0) > 0:
                    have[t] -= 1
                else:
                    missing.append((t, w))
        if not missing or (len(missing) == 1 and missing[0][0].strip("-– ").isdigit() and len(missing[0][0]) <= 3):
            continue  # all there, or a page number the layout drops on purpose
        x0 = min(w["left"] for _, w in missing) / scale
        x1 = max(w["left"] + w["width"] for _, w in missing) / scale
        top = min(w["top"] for _, w in missing) / scale
        bottom = max(w["top"] + w["height"] for _, w in missing) / scale
        column = "left" if x1 <= width / 2 else "right" if x0 >= width / 2 else "full"
        lost.append(Line(text=" ".join(t for t, _ in missing), page=page_no, column=column,
                         bbox=(x0, top, x1, bottom)))
    if not lost:
        return laid
    log.info("page %d: %d OCR line(s) the layout lost put back in Tesseract's order", page_no, len(lost))
    out = list(laid)
    for line in sorted(lost, key=lambda l: l.bbox[1]):
        k = 0
        for i, other in enumerate(out):
            if other.bbox is not None and other.bbox[1] <= line.bbox[1]:
                k = i + 1
        out.insert(k, line)
    return out


def _reread(img, box, scale: float, timeout: float, what: str) -> dict | None:
    """Tesseract's words in ``box`` (PDF points) of the page image, read again as one block (psm 6),
    grouped by line; None (with a log line) where Tesseract could not read it."""
    crop = img.crop(tuple(int(v * scale) for v in box))
    try:
        words = _tesseract_words(crop, timeout=timeout, psm=6)
    except (OcrUnavailable, RuntimeError, subprocess.TimeoutExpired) as exc:
        log.warning("%s not read again: %s", what, exc)
        return None
    found: dict[tuple[int, int, int], list[dict]] = {}
    for w in words:
        w["text"] = fix_ocr_text(w["text"])
        found.setdefault((w["block"], w["par"], w["line"]), []).append(w)
    return found


def recover_signature_block(img: Image.Image, lines: list[Line], *, scale: float, width: float, page_no: int,
                             timeout: float) -> list[Line]:
    """The signature block beside ``Nơi nhận`` where the page's OCR found nothing there at all.

    A faded seal and a signature across the title can make Tesseract's page segmentation skip the
    whole block (dev017: ``TM. BAN CHẤP HÀNH / PHÓ CHỦ TỊCH ... / Hoàng Nam Giang``). Where no
    line lies right of the middle within 150 points (on A4) below ``Nơi nhận:``, that strip is read again
    as one block of text (``--psm 6``) and its lines are put after the copies list."""
    heads = [l for l in lines if l.bbox and l.column != "right" and l.text.startswith("Nơi nhận")]
    if not heads:
        return lines
    head = heads[-1]
    top = head.bbox[1]
    a4 = width / 595  # a page photographed onto a bigger page box
    bottom = min(top + 200 * a4, img.height / scale - 5)
    if any(l.bbox and l.bbox[0] >= 0.45 * width and top - 10 * a4 <= l.bbox[1] <= top + 150 * a4 for l in lines):
        return lines
    box = (0.45 * width, max(0.0, top - 12 * a4), width - 10 * a4, bottom)
    found = _reread(img, box, scale, timeout, "signature block")
    if found is None:
        return lines
    block = []
    for ws in found.values():
        text = " ".join(w["text"] for w in ws if w["text"].strip(_MARKS))
        if not text or is_noise_line(text):
            continue
        block.append(Line(text=text, page=page_no, column="right", size=head.size,
                          bbox=(box[0] + min(w["left"] for w in ws) / scale, box[1] + min(w["top"] for w in ws) / scale,
                                box[0] + max(w["left"] + w["width"] for w in ws) / scale,
                                box[1] + max(w["top"] + w["height"] for w in ws) / scale)))
    if not block:
        return lines
    log.info("page %d: signature block read again beside Nơi nhận (%d lines)", page_no, len(block))
    k = lines.index(head) + 1
    while k < len(lines) and lines[k].column == head.column and lines[k].text.startswith(("-", "–", "+")):
        k += 1
    above = ""
    for line in block:
        line.text = fix_ocr_line(line.text, previous=above)
        above = line.text
    return clean_signature(lines[:k] + block + lines[k:])


def _is_title_line(text: str) -> bool:
    words = text.replace(".", " ").split()
    return text.isupper() and len(words) >= 2 and all(is_syllable(w) or w in ("KT", "TM", "TL", "TUQ") for w in words)


def _is_name_line(text: str) -> bool:
    """``Huỳnh Ngọc Liêm``, ``Đại tá Huỳnh Ngọc Liêm``, ``Thiếu tướng Trương Minh Đương``: two to
    seven words, the first and the last capitalised, nearly all of them syllables."""
    words = text.strip(" .,;").split()
    if not 2 <= len(words) <= 7 or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return False
    if re.search(r"[\d/\\#@|]", text):
        return False  # specks with digits or strokes (pool045: "II sảy Ý l2W/ À")
    return sum(is_syllable(w) for w in words) >= 0.8 * len(words)


def _is_signer_title(text: str) -> bool:
    """``KT. GIÁM ĐỐC``, ``TM. BAN CHẤP HÀNH``, or a signer title alone (``GIÁM ĐỐC``)."""
    from .ocr import _bare, _titles

    if _AUTHORITY_LINE.match(text):
        return True
    return text.isupper() and _bare(text).replace(" ", "") in _titles()


def _is_text(text: str) -> bool:
    """A line of real words (``Độc lập - Tự do - Hạnh phúc``), not what a seal leaves: three
    syllables or more, and they are half its tokens or more (``II sảy Ý l2W/ À le NA# J2, sửnh``,
    pool045, is specks with three syllables among them)."""
    tokens = text.split()
    real = sum(1 for w in tokens if len(w) >= 2 and is_syllable(w.strip(".,;:()")))
    return real >= 3 and 2 * real >= len(tokens)


def join_wrapped_items(lines: list) -> list:
    """A list entry wrapped onto a second line (``- Các Bộ, ngành thành viên Ủy ban Quốc gia phòng,
    chống`` / ``AIDS, ma túy, mại dâm;``, public 038) made one line again: the entry opens with a dash
    and does not end as an entry does, the next line of its column starts no entry, is short, ends
    with ``;``, ``,`` or ``.`` (two words or more: a seal's ``TINH.`` is none), stands right under it and
    not left of it. A Kính gửi or Nơi nhận list
    reads one entry a line, so the wrapped piece would end the list."""
    out: list = []
    for line in lines:
        prev = out[-1] if out else None
        t = line.text.strip()
        if (prev is not None and prev.bbox and line.bbox and prev.column == line.column and prev.page == line.page
                and prev.text.lstrip().startswith(("-", "–", "+")) and not prev.text.rstrip().endswith((";", ",", ".", ":"))
                and len(prev.text.split()) >= 3 and t and not t.startswith(("-", "–", "+"))
                and t.endswith((";", ",", ".")) and 2 <= len(t.split()) <= 10
                and line.bbox[0] >= prev.bbox[0] - 2
                and 0 <= line.bbox[1] - prev.bbox[3] < 1.2 * max(prev.bbox[3] - prev.bbox[1], 1.0)):
            prev.text = f"{prev.text.rstrip()} {t}"
            prev.bbox = (min(prev.bbox[0], line.bbox[0]), prev.bbox[1], max(prev.bbox[2], line.bbox[2]), line.bbox[3])
            continue
        out.append(line)
    return out


_SYMBOL_OPEN = re.compile(r"\d/[\p{Lu}Đ&]+(?:-[\p{Lu}Đ&\d]+)*-$")  # "... số 28/QĐ-" at a line's end
_SYMBOL_REST = re.compile(r"^([\p{Lu}Đ][\p{Lu}Đ&\d]*[a-z]?[,.;:)]*)(?=\s|$)")  # "TTg", "UBND,", "KGVX"


def join_broken_symbols(lines: list) -> list:
    """A document symbol broken after its hyphen at a line's end (``Quyết định số 28/QĐ-`` /
    ``TTg ngày 24/8/2025``, dev007) put back together: the next line of the same column and page
    opens with the symbol's last part (capitals and digits, a ``g`` of ``TTg``, with the punctuation
    that follows it), which moves up to the end of the line above. Otherwise the lines are joined with a space after the hyphen and the
    symbol read short (``28/QĐ``)."""
    for prev, line in zip(lines, lines[1:]):
        if prev.column != line.column or prev.page != line.page or not _SYMBOL_OPEN.search(prev.text.rstrip()):
            continue
        m = _SYMBOL_REST.match(line.text.lstrip())
        if m is None or line.text.lstrip() == m.group(1):
            continue  # nothing would be left of the line: leave it
        prev.text = prev.text.rstrip() + m.group(1)
        line.text = line.text.lstrip()[m.end():].lstrip()
    return lines


def clean_signature(lines: list) -> list:
    """Lines a seal or a signature leaves between the signer's title and the name (``CC``,
    ``ly kề / _"``, ``X3? (NỮỮY h``) dropped: in that place the letter prints only title lines in
    capitals and then the name. Only under an authority line or a signer title, only where the
    name is found within seven lines below it, and never across a line of real words."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if line.column == "left" or not _is_signer_title(line.text):
            continue
        between, seen = [], 0
        for j in range(i + 1, min(len(lines), i + 17)):
            text = lines[j].text
            seen += lines[j].column != "left"  # Nơi nhận's lines beside the block do not count (public 045)
            if seen > 8:
                break
            if lines[j].column != "left" and (tail := _name_after_specks(text) or _title_after_specks(text)):
                lines[j].text = text = tail
            if _is_name_line(text) and not text.isupper():
                if j + 1 < len(lines) and _part_of_name(text, lines[j + 1].text):
                    between.append(j)  # a piece of the name read twice ("Trương Minh", then the whole)
                    continue
                drop.update(between)
                break
            if _is_title_line(text) and (not between or _is_signer_title(text)):
                continue  # the title's next line (PHÓ GIÁM ĐỐC), also under a seal's speck ("TẮNG")
            if lines[j].column == "left":
                continue  # Nơi nhận beside it
            if _is_text(text):
                break  # not a signature block after all
            between.append(j)
            if len(between) > 6:
                break
    return [l for k, l in enumerate(lines) if k not in drop]


_RANK_START = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tá|úy|uý|tướng)\s")


def _name_after_specks(text: str) -> str | None:
    """The signer's name behind what a seal or a signature left before it on its line:
    ``T Phạm Minh Chính``, ``_ES. TS. Đỗ Ngọc Thịnh``, ``2< 240145407 lay - Thiếu tướng Trương Minh
    Đương``. The name starts at a rank or a known family name and is a name line of two to four
    capitalised words (five with a rank); what stands before it holds a token that is no word
    (digits, marks, a lone consonant). None where the line is no such thing."""
    from .ocr import _surnames

    words = text.split()
    for s in range(1, len(words) - 1):
        rest = words[s:]
        ranked = bool(_RANK_START.match(" ".join(rest[:2]) + " "))
        name = rest[2:] if ranked else rest
        if not 2 <= len(name) <= 4 or name[0].casefold() not in _surnames():
            continue
        if not all(w[:1].isupper() and w[1:].islower() and is_syllable(w) for w in name):
            continue
        if (s == 2 and words[1] in ("tá", "úy", "uý", "tướng") and words[0][:1].isupper()
                and not _RANK_START.match(" ".join(words[:2]) + " ")):
            return " ".join(rest)  # a rank whose first word OCR misread ("Vướn tướng" for Thượng tướng)
        if not any(not is_syllable(w.strip(".,;:")) or len(w.strip(".,;:")) <= 1 for w in words[:s]):
            return None  # real words before it: not specks
        return " ".join(rest)
    return None


_AUTHORITY_WORD = re.compile(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\W*$")  # "KT." before a title is no speck


def _title_after_specks(text: str) -> str | None:
    """The rest of a title line whose first words a seal's edge turned into specks: ``2N PHI CHÍNH
    PHỦ`` (``VỤ TỔ CHỨC PHI CHÍNH PHỦ`` under the seal) -> ``PHI CHÍNH PHỦ``. One or two tokens that
    are no syllable (a digit or a mark in them) and no authority prefix (``KT.``) before two or more
    words of a title line in capitals; None for any other line."""
    words = text.split()
    for s in (1, 2):
        rest = words[s:]
        if len(rest) >= 2 and all(re.search(r"[^\p{L}]", w) and not is_syllable(w) and not _AUTHORITY_WORD.match(w)
                                  for w in words[:s]) \
                and _is_title_line(" ".join(rest)):
            return " ".join(rest)
    return None


def _part_of_name(text: str, nxt: str) -> bool:
    """``Trương Minh`` over ``Thiếu tướng Trương Minh Đương``: the line's words are a run of the next
    line's, which is a longer name line."""
    a, b = text.split(), nxt.split()
    if len(b) <= len(a) or not _is_name_line(nxt):
        return False
    return any(b[k:k + len(a)] == a for k in range(len(b) - len(a) + 1))
