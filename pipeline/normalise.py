"""Normalise Vietnamese text and join a document's lines into paragraphs.

``normalise_string`` is what every value goes through (NFC, traditional tone placement, single
spaces, no markdown emphasis). ``build_text`` turns the visual lines of a document into the
normalised text that every extractor reads: hard line breaks inside a paragraph joined,
hyphenation undone, page numbers dropped, footnote markers removed and footnote bodies moved
after the body, with a ``Block`` per source line so that every offset still knows its page.
"""
from __future__ import annotations

import unicodedata

from congvan.extractors import fastre as re

from .document import Block, Line
from .header_lines import _split_quoc_hieu
from .line_joins import _CONNECTORS, _LIST_START, _PART_START, _SYMBOL_BROKEN, _SYMBOL_REST, _should_join
from .paragraphs import continues_at_margin, indented_pages, left_margins as _left_margins, new_paragraph as _new_paragraph
from .paragraphs import reaches_margin as _reaches_margin, right_margins as _right_margins
from .syllables import traditional_tones, unjoin_glued
from .text_input import _FOOTNOTE_START
from .wrapped import fills_line, wrap_width


_MARKDOWN = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_FFFE = re.compile(r"\ufffe\s*")
_BROKEN_SYMBOL = re.compile(r"(?<=\p{Lu})-\s+(?=\p{Lu}{2})")
_DASHES = re.compile(r"\s[\u2013\u2014\u2212]\s|\s[\u2013\u2014]$")



# "Qũy", "qúy": the u of "qu" carries no tone, the y after it does (a typing slip and an OCR one)
_QU_TONE = re.compile(r"([Qq])([ũúùủụŨÚÙỦỤ])([yY])(?![\p{L}])")
_QU_MOVE = {"ũ": "ỹ", "ú": "ý", "ù": "ỳ", "ủ": "ỷ", "ụ": "ỵ", "Ũ": "Ỹ", "Ú": "Ý", "Ù": "Ỳ", "Ủ": "Ỷ", "Ụ": "Ỵ"}


def _qu_tone(m) -> str:
    y = _QU_MOVE[m.group(2)]
    y = y if m.group(3) == "Y" or m.group(2).islower() else y.lower()
    return m.group(1) + ("U" if m.group(2).isupper() else "u") + (y.upper() if m.group(3) == "Y" else y.lower())


def normalise_string(text: str) -> str:
    """The form every contract string takes: NFC, traditional tones, one line, single spaces."""
    if "**" in text or "__" in text:
        text = _MARKDOWN.sub(lambda m: m.group(1) or m.group(2), text).replace("**", "")
    if "\u01a3" in text or "\u01a2" in text:
        # "PHƢƠNG", "Chƣơng": the Latin letter OI that fonts converted from TCVN3/VNI put for ư/Ư (no
        # Vietnamese word has it); composed again with a tone mark that followed it
        text = unicodedata.normalize("NFC", text.replace("\u01a3", "\u01b0").replace("\u01a2", "\u01af"))
    text = traditional_tones(text)
    if "q" in text or "Q" in text:
        text = _QU_TONE.sub(_qu_tone, text)
    text = text.replace("\u2010", "-").replace("\u2011", "-")
    if "\ufffe" in text:
        text = _FFFE.sub("-", text)  # a line-end hyphen some PDF writers emit as U+FFFE
    if "-" in text:
        text = _BROKEN_SYMBOL.sub("-", text)  # "NĐ- CP" broken at a line end
    if "\u2013" in text or "\u2014" in text or "\u2212" in text:
        text = _DASHES.sub(" - ", text)
    text = text.replace("\n", " ").replace("\r", " ")
    if "  " in text or not text.isprintable():  # else no run to collapse (nearly every line): skip the scan
        text = _SPACES.sub(" ", text)
    return text.strip()


# --------------------------------------------------------------------------- text input

_NOI_NHAN_HEAD = re.compile(r"^(?:Nơi Nhận|NƠI NHẬN|nơi nhận)(?=\s*:)")
# the two heads as OCR reads them at a line's start, before their colon ("ơi nhận:", "Nơi nhân:", "Kim: gủi:",
# "<ính gửi:"; accented, as Tesseract's Vietnamese model misreads them): one form, so that the copies and the
# addressees are found
_OCR_HEADS = ((re.compile(r"^N?\s?[oơớờởọ]i\s+nh[aâậặấầẫạ]n(?=\s*:)"), "Nơi nhận"),
              (re.compile(r"^[<«(|]?\s*[Kk]?[iíìỉĩị](?:nh|m|n)\s*[:.]?\s+[g8][ửủưuứừữựũụởơ]i(?=\s*:)"), "Kính gửi"))
_OCR_HEAD_FIRST = frozenset("Noơớờởọ<«(|Kkiíìỉĩị")  # what such a head's first character can be
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*-)?\s*$")



def build_text(lines: list[Line]) -> tuple[str, list[Block], int | None]:
    """Join lines into the normalised text. Returns (text, blocks, footnotes_start)."""
    for line in lines:  # decomposed accents (a copy from some editors, some PDF producers): composed first,
        if not unicodedata.is_normalized("NFC", line.text):  # so that the header's landmarks are found
            line.text = unicodedata.normalize("NFC", line.text)
    lines = _split_quoc_hieu(lines)
    body = [l for l in lines if l.kind != "footnote"]
    notes = [l for l in lines if l.kind == "footnote"]
    footnote_numbers = {m.group(1) for l in notes if (m := _FOOTNOTE_START.match(l.text))}
    lengths = sorted(len(l.text.strip()) for l in body if l.text.strip())
    long_len = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80
    margins = _right_margins(body)
    lefts = _left_margins(body)
    indented = indented_pages(body, lefts, margins)
    text_lines = [" ".join(l.text.split()) for l in body if l.bbox is None and l.text.strip()]
    width = wrap_width([len(t) for t in text_lines]) if text_lines else None

    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0

    def emit(group: list[Line], kind: str) -> None:
        nonlocal pos
        prev: Line | None = None
        unwrapped = ""  # with a width: the line as it stood before the width broke it, up to here
        for line in group:
            t = unjoin_glued(normalise_string(line.text))
            if t[:1] in "Nn" and _NOI_NHAN_HEAD.match(t):
                t = "Nơi nhận" + t[8:]  # "Nơi Nhận:", "NƠI NHẬN:": one form for every stage after
            elif t[:1] in _OCR_HEAD_FIRST and ":" in t and not t.startswith(("Nơi nhận", "Kính gửi")):  # both end at a colon
                for pat, head in _OCR_HEADS:
                    if (h := pat.match(t)) is not None and not h.group(0).isascii():  # not a broken font map's "Kinh gui"
                        t = head + t[h.end():]
                        break
            if kind == "body" and footnote_numbers:
                t = _drop_markers(t, footnote_numbers)
            if not t:
                continue
            if kind == "body" and prev is not None and prev.page != line.page and _PAGE_NUMBER.match(t):
                continue  # page number at the top of a page
            if prev is not None and prev.column == line.column or prev is not None and kind == "footnote":
                joined_prev = parts[-1] if parts else ""
                wrap = width is not None and prev.bbox is None and kind == "body"
                if kind == "footnote" and _FOOTNOTE_START.match(t) or kind == "body" \
                        and _new_paragraph(prev, line, lefts, margins, joined_prev, t, _CONNECTORS):
                    sep = "\n"
                elif (kind == "body" and continues_at_margin(prev, line, lefts, margins, indented)
                      and not _LIST_START.match(t) and not _PART_START.match(t)  # a sentence ended at the margin
                      or _should_join(unwrapped if wrap else joined_prev.rsplit("\n", 1)[-1], t, long_len,
                                      # the last line of a plain text's page runs on as one reaching the margin
                                      full_width=_reaches_margin(prev, margins) or prev.bbox is None and prev.page != line.page,
                                      in_column=prev.bbox is not None and prev.column == "left",
                                      width=width if wrap else None, last=joined_prev, plain=prev.bbox is None)):
                    if joined_prev.endswith("-") and re.search(r"\w-$", joined_prev) and (t[0].isdigit() or t[0].islower()):
                        sep = ""  # "2021-" + "2030" -> "2021-2030"
                    elif t[0].isupper() and joined_prev.endswith("-") and _SYMBOL_BROKEN.search(joined_prev) \
                            and _SYMBOL_REST.match(t):
                        sep = ""  # "Quyết định số 28/QĐ-" + "TTg ngày ..." -> "28/QĐ-TTg" (a symbol broken after its hyphen)
                    else:
                        sep = " "
                else:
                    sep = "\n"
            else:
                wrap, sep = False, "\n" if parts and kind == "body" else ""
            unwrapped = unwrapped + sep + t if wrap and sep != "\n" and fills_line(parts[-1], t, width) else t
            parts.append(sep)
            pos += len(sep)
            parts.append(t)
            blocks.append(Block(pos, pos + len(t), line.page, line.bbox, kind))
            pos += len(t)
            prev = line

    emit(body, "body")
    footnotes_start = None
    if notes:
        parts.append("\n\n")
        pos += 2
        footnotes_start = pos
        emit(notes, "footnote")
    text = "".join(parts)
    return text, blocks, footnotes_start


def _drop_markers(text: str, numbers: set[str]) -> str:
    """``tỉnh1 để`` -> ``tỉnh để`` where 1 is a footnote of this document."""
    return re.sub(
        r"(?<=\p{Ll}{2})(\d{1,2})(?=[\s,.;:)]|$)",
        lambda m: "" if m.group(1) in numbers else m.group(1),
        text,
    )
