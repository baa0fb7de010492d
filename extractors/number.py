"""``Số:`` line: document number and symbol (số và ký hiệu)."""
from __future__ import annotations

from . import fastre as re

from .base import Match

# a symbol broken where a line ended or a copy put a space: "STP- BTTP", "KTĐP &LT", "QĐ /BNN-KL"
SYMBOL_TAIL = r"(?:[ ]?[-/&.][ ]?\p{Lu}(?-i:[\p{Lu}\d&]+)(?![\p{Ll}])|\((?-i:\p{Lu}[\p{Lu}\d]{1,8})\))*"  # "TTr-CAT(PC04)"
# "Số:", "SỐ:", and as OCR reads it before its colon ("Sô:", "Só:", "Sổ:", "S6:")
NUMBER_LINE = re.compile(
    r"^[ \t]*(?:Số|SỐ|S[ôóổồỗộơ6Ố]\s*(?=[:：]))\s*[:：]?[ \t]*(?P<num>\d{1,6}[a-zA-Z]?)?[ \t._…]*(?P<sep>[/-])[ \t]*"
    r"(?P<sym>[\p{L}\d](?:[\p{L}\d&.\-–/]*[\p{L}\d])?" + SYMBOL_TAIL + r"[-/.]?)",
    re.M,
)


def split_number(token: str) -> tuple[str | None, str | None]:
    """``45/2020/NĐ-CP`` -> (``45``, ``2020/NĐ-CP``); ``60-NQ/TU`` -> (``60``, ``NQ/TU``)."""
    m = re.match(r"^(\d{1,6}[a-zA-Z]?)\s*([/-])\s*(.+)$", token)
    if not m:
        return None, token or None
    return m.group(1), m.group(3).rstrip(".,;:")


def find_number(text: str, *, end: int | None = None) -> Match | None:
    """The first ``Số: 1131/SNV-CCHC`` line; a blank number gives ``number: None``."""
    m = NUMBER_LINE.search(text, 0, end if end is not None else len(text))
    if not m:
        return None
    symbol = re.sub(r"\s+", "", m.group("sym")).replace("–", "-").rstrip(".,;:-/")  # "UBND–VP": the en dash a copy put
    number = m.group("num")
    return Match("number", m.start(), m.end(), m.group(0).strip(),
                 {"number": number, "symbol": symbol or None})
