"""Plain-text letters as lines: pages at form feeds, a copied signature table read column by column,
footnotes marked, words a copy ran together split."""
from __future__ import annotations

import unicodedata

from congvan.extractors import fastre as re

from .document import Line
from .syllables import unjoin


def lines_from_text(raw: str) -> list[Line]:
    """Lines of a plain-text letter; a form feed starts a new page. Words run together by the copy
    the text came from are split (``unjoin``)."""
    lines: list[Line] = []
    if not unicodedata.is_normalized("NFC", raw):  # decomposed accents: composed before the words run together are
        raw = unicodedata.normalize("NFC", raw)  # split ("XÃHỘI" is X, A, a tilde, H ... there), as build_text reads them
    for page_no, page in enumerate(raw.split("\f"), start=1):
        for text in _untab_signature_table(page.splitlines()):
            lines.append(Line(text=unjoin(text), page=page_no, size=None))
    _mark_text_footnotes(lines)
    return lines


_COLUMN_GAP = re.compile(r"\t+|\s{4,}")


def _untab_signature_table(texts: list[str]) -> list[str]:
    """A copied letter whose ``Nơi nhận`` and signature stood in one table comes as ``Nơi nhận:\tKT. BỘ
    TRƯỞNG`` / ``- Như trên;\tTHỨ TRƯỞNG`` ...: read the left column, then the right one, as on the page."""
    out: list[str] = []
    k = 0
    while k < len(texts):
        t = texts[k]
        # the table starts at "Nơi nhận" with a cell beside it, or with an empty cell beside it and the
        # signature's cells on the next line ("Nơi nhận:\t" / "- Như trên;\tKT. BỘ TRƯỞNG")
        if not (re.match(r"^\s*N[ơo]i\s+nh[ậa]n", t) and (_COLUMN_GAP.search(t.strip()) or (
                _COLUMN_GAP.search(t.strip(" ")) and k + 1 < len(texts) and _COLUMN_GAP.search(texts[k + 1].strip())))):
            out.append(t)
            k += 1
            continue
        left: list[str] = []
        right: list[str] = []
        while k < len(texts) and (_COLUMN_GAP.search(texts[k].strip(" ")) or not texts[k].strip()
                                  or re.match(r"^\s*[-+•]", texts[k])):
            parts = _COLUMN_GAP.split(texts[k].strip(" "), maxsplit=1)
            if len(parts) == 2:
                if parts[0].strip():
                    left.append(parts[0].strip())
                if parts[1].strip():
                    right.append(parts[1].strip())
            elif parts[0].strip():
                left.append(parts[0].strip())
            k += 1
        out += left + right
    return out


_FOOTNOTE_START = re.compile(r"^\s*(\d{1,2})\s+\S")


def _mark_text_footnotes(lines: list[Line]) -> None:
    """A rule of spaces or underscores followed by ``1 Kế hoạch số ...`` starts a footnote."""
    i = 0
    while i < len(lines):
        t = lines[i].text
        is_rule = (len(t) >= 15 and not t.strip()) or re.fullmatch(r"\s*[_\-]{8,}\s*", t)
        if is_rule:
            k = i + 1
            while k < len(lines) and not lines[k].text.strip():
                k += 1
            if k < len(lines) and _FOOTNOTE_START.match(lines[k].text):
                # consume footnote lines until one ends a sentence
                while k < len(lines):
                    if lines[k].text.strip():
                        lines[k].kind = "footnote"
                        if re.search(r"[.)]\s*$", lines[k].text) and not _FOOTNOTE_START.match(
                            lines[k + 1].text if k + 1 < len(lines) else ""
                        ):
                            break
                    k += 1
                i = k
        i += 1
