"""Where a line break ends a paragraph and where it is only the page's width: the landmarks of a letter
(list items, the Quốc hiệu, the place-and-date line, ``Kính gửi``, ``Nơi nhận``, stamps, titles in capitals)
and the rules that decide whether the next line goes on the one before it (``_should_join``), for
``normalise.build_text``."""
from __future__ import annotations

from functools import lru_cache

from congvan.extractors import fastre as re

from .wrapped import fills_line, name_runs_on


_LIST_START = re.compile(
    r"^(?:[-–•+*]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][)]\s|[IVXLC]{1,5}[.)]\s|\(\d{1,2}\)\s)"
)
_SYMBOL_END = re.compile(r"(?<![\p{L}\d])\d+/[\p{Lu}Đ\d/&-]+$")  # a line ending with "362/QĐ-UBND"
_SYMBOL_LINE = re.compile(r"^\d+/[\p{Lu}Đ\d/&-]+(?:\s|$)")  # a line opening with one
_ITEM_NUMBER = re.compile(r"^\d{1,3}[.)]\s")  # "100. Tiếp tục ...": an item, past the two digits of _LIST_START
_INLINE_ITEM = re.compile(r"^\((\d{1,2})\)\s")
# a numbered heading's marker: "4.7.", "4.8", "c)", "II."
_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ]\)|[IVXLC]{1,5}\.)\s")
_PART_START = re.compile(
    r"^(?:Kính\s+gửi|\p{Lu}[\p{Lu} ]{1,60}\s+điện\s*:|Nơi\s+nhận|V/v|Về\s+việc|Số\s*:|Số\s+\d{1,6}\s*[/-]\s*\p{Lu}|TM\.|KT\.|TL\.|TUQ\.|Q\.|Căn\s+cứ|Thực\s+hiện|"
    r"CỘNG\s+HÒA|CỘNG\s+HOÀ|Độc\s+lập|PHỤ\s+LỤC|Phụ\s+lục|Lưu\s*:)"
)
_QUOC_HIEU = re.compile(r"C[ỘÔ]NG\s*H[OÒ][ÀA]\s*X[ÃA]\s*H[ỘÔ]I\s*CH[ỦU]\s*NGH[ĨI]A\s*VI[ỆE]T\s*NAM")
_PARA_OPENER = re.compile(r"^(?:Ngày\s+\d{1,2}\s*(?:/|tháng)|Căn\s+cứ\s|Thực\s+hiện\s|Xét\s|Theo\s+đề\s+nghị|Trên\s+cơ\s+sở\s|"
                          r"Kính\s+gửi|Trân\s+trọng|Nơi\s+nhận)")
_PARTY_MOTTO = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM\s*$")
_MOTTO = re.compile(r"Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc\s*$")
# "Mẫu Sơn, ngày 03 tháng 6 năm 2025": the place-and-date line always stands alone
# and "Hà Nội, ngày 12/05/2015", the date in digits, where the line is that alone (a body sentence goes on after it)
_PLACE_DATE = re.compile(r"^[\p{Lu}][\p{L} .\-]{1,40},\s*ng[àảáạãầ]y\b(?:.{0,20}\bth[áảàạãóòấ]ng\b"  # OCR's "thảng" too
                         r"|\s*\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4}[\s.]*$)")  # (data/dates.json)
_CONNECTORS = {
    "và", "của", "về", "các", "với", "cho", "tại", "trên", "theo", "để", "đến", "từ", "những",
    "được", "là", "có", "thuộc", "trong", "số", "ngày", "tháng", "năm", "việc", "hoặc", "nhà",
}
_NAME_LINE = re.compile(r"^(?:\p{Lu}\p{Ll}+\s){1,4}\p{Lu}\p{Ll}+$")


@lru_cache(maxsize=1)
def _body_opener():
    """What opens the body right under a titled trích yếu ("Thời gian: ...", "Năm 2024, UBND xã ..."):
    such a line starts a paragraph of its own (data/doc_types.json 'subject_stops')."""
    from congvan.extractors.base import data

    return re.compile("^(?:" + "|".join(data("doc_types")["subject_stops"]) + ")")


def _is_upper(text: str) -> bool:
    letters = sum(map(str.isalpha, text))  # (map over the str methods: a third of a generator's time)
    return letters > 0 and sum(map(str.isupper, text)) >= 0.8 * letters


@lru_cache(maxsize=1)
def _date_line_no_comma():
    """The place-and-date line a copy wrote without its comma ("Hà Nội ngày 12 tháng 3 năm 2015"): it stands alone."""
    from congvan.extractors.dates import DATE_LINE_NO_COMMA

    return DATE_LINE_NO_COMMA


_WORDLIKE = re.compile(r"[\p{L}\d]{4}")


def specks_line(line: str) -> bool:
    """A line that is mostly marks (under half letters or digits among three or more marks)."""
    if len(line) > 60 or _WORDLIKE.search(line):
        return False  # a word of four letters or digits, or a long line: text (the quick answer for almost every line)
    marks = [c for c in line if not c.isspace()]
    alnum = sum(c.isalnum() for c in marks)
    return len(marks) >= 3 and len(marks) - alnum >= 3 and alnum * 2 < len(marks)


# a document symbol broken after its hyphen at a line's end ("số 28/QĐ-", "số 118/2025/NĐ-") and the part the
# next line opens with ("TTg", "CP,", "UBND"); the OCR path joins its lines so in ocr_blocks.join_broken_symbols
_SYMBOL_BROKEN = re.compile(r"\d/(?:\d{4}/)?[\p{Lu}Đ&]+(?:-[\p{Lu}Đ&\d]+)*-$")
_SYMBOL_REST = re.compile(r"^[\p{Lu}Đ][\p{Lu}Đ&\d]*[a-z]?(?=[\s,.;:)]|$)")


def _new_item(line: str) -> bool:
    """A list item, a numbered item, ``Kính gửi``, ``Nơi nhận``, ``Căn cứ`` ...: a line that starts anew."""
    return bool(_LIST_START.match(line) or _PART_START.match(line))


def _stamp_line(t: str) -> bool:
    """``KHẨN``, ``HỎA TỐC``, ``MẬT``: a stamp standing as a whole line (data/stamps.json)."""
    from congvan.extractors.base import data

    low = t.strip(" .!").lower()
    return t.isupper() and any(low in data("stamps")[k] for k in ("urgency", "confidentiality"))


def _should_join(prev: str, nxt: str, long_len: int, *, full_width: bool = False,
                 in_column: bool = False, width: int | None = None, last: str | None = None,
                 plain: bool = False) -> bool:
    """Does ``nxt`` continue the paragraph that ``prev`` (a line) belongs to?

    ``full_width``: ``prev`` is a PDF line that runs to the right margin of justified text,
    so the paragraph goes on whatever its last character is. ``in_column``: both lines are in
    the same narrow column of a PDF (``Nơi nhận`` beside the signature), where a list item
    that wraps goes on until the next item. ``width``: the width a plain text's lines were broken
    at (``wrapped.wrap_width``), where they were; ``last`` then is the line before ``nxt`` and ``prev``
    the line as it stood before that width broke it (the lines since the last one that did not fill
    the width), so that a text broken again at a narrower width joins as it did before. ``plain``:
    the lines are a plain text's (no position to tell a heading's end by).
    """
    if not prev or not nxt:
        return False
    full_width = full_width or fills_line(last or prev, nxt, width)
    return _joins(prev, nxt, long_len, full_width=full_width, in_column=in_column, plain=plain,
                  wrapped=width is not None) and not (
        # OCR of a stamp or a signature ("F.\\V +... j) @ WH |"), a date line without its comma: lines of their own
        specks_line(nxt) or (len(nxt) < 80 and _date_line_no_comma().match(nxt)))


def _joins(prev: str, nxt: str, long_len: int, *, full_width: bool, in_column: bool, plain: bool = False,
           wrapped: bool = False) -> bool:
    # each pattern only where its first letters or its comma are there (the quick answer for nearly every pair;
    # the date line's day word may be OCR's "ngảy", so the comma before it is the literal to look for)
    if "Độc" in prev and _MOTTO.search(prev) or "," in nxt and _PLACE_DATE.match(nxt) \
            or nxt[:1] == "C" and _QUOC_HIEU.match(nxt) or nxt[:1] == "Đ" and _PARTY_MOTTO.match(nxt) \
            or "," in prev and _PLACE_DATE.match(prev):
        return False  # the Quốc hiệu (a party's "ĐẢNG CỘNG SẢN VIỆT NAM") and the date line stand alone
    if len(nxt) <= 12 and _stamp_line(nxt) or len(prev) <= 12 and _stamp_line(prev):
        return False  # an urgency or secrecy stamp ("KHẨN", "MẬT") under the header's rule is a line of its own
    if plain and nxt[:1] == "(" and (m := _INLINE_ITEM.match(nxt)) and f"({int(m[1]) - 1}) " in prev[1:]:
        return True  # "... (1) Cải cách thể chế; (2) Cải cách thủ tục hành chính;" / "(3) ...": the items run inline
    if plain and not wrapped and prev[:1].isalnum() and (h := _HEADING.match(prev)) and ":" not in prev \
            and ". " not in prev[h.end():] and len(prev) < 0.8 * long_len and _opens_with_verb(nxt):
        return False  # "3. Văn phòng Sở" / "Bảo đảm kinh phí ...": a unit's heading, then its task (no name broken)
    if prev[-1:].isalpha() and name_runs_on(prev, nxt) and not _new_item(nxt):
        return True  # "... kính trình Chủ tịch UBND tỉnh Lâm" / "Đồng xem xét": a name goes on across the break
        # (a PDF's column wraps a name the same way: an addressee set right of "Kính gửi:")
    if prev.startswith("Kính gửi") and nxt[0].isupper() and not prev.endswith((",", "-", " và")) \
            and not (plain and wrapped and prev.rsplit(" ", 1)[-1] in _CONNECTORS):
        # (in a text broken at a width, "... thành phố trực thuộc" goes on: "Trung ương"; in one set a paragraph a
        # line, the line is whole: "Kính gửi: Các đơn vị trực thuộc", then the body)
        return False  # "Kính gửi: Sở Nội vụ" on one line, then the body
    if in_column and re.match(r"^[-+•]\s", prev) and not re.search(r"[.;]$", prev) \
            and not _LIST_START.match(nxt) and not _is_upper(nxt):
        return True
    if full_width and not _LIST_START.match(nxt) and not _PART_START.match(nxt) \
            and not (plain and nxt[:1].isdigit() and _ITEM_NUMBER.match(nxt)):
        if not re.search(r"(?:\./\.|[.:;!?])[\"”)]?$", prev[-4:]) or re.match(r"^[\p{Ll}\d(]", nxt):
            return True
        if plain and prev.endswith(";") and not _PARA_OPENER.match(nxt) and not _is_upper(nxt):
            return True  # a full plain-text line ends a clause, not an entry: "... quản lý hội;" / "Điều lệ ..."
    if _LIST_START.match(nxt) or _PART_START.match(nxt):
        return False
    if _NAME_LINE.match(prev):
        return False  # a line that is only a person's name (the signer's) ends there: "Đỗ Văn Chung" / "1 Nghị định ..."
    if re.search(r"(?:\./\.|[.:;!?])[\"”)]?$", prev[-4:]):  # the end of the line is enough: 4 characters at most
        # a sentence that ends at the line end; continue only where the next line plainly does
        if plain and prev.endswith((":", ";")) and len(prev) >= 0.8 * long_len and re.match(r"^[\p{Ll}\d]", nxt):
            return True  # a long plain-text line broken after a clause ("... các nội dung:" / "tổ chức các hội nghị ...")
        return bool(re.match(r"^\p{Ll}", nxt)) and not prev.endswith((":", ";", "./."))
    # a document's symbol ("362/QĐ-UBND") is in capitals, but no title: the sentence around it goes on
    symbol = plain and "/" in prev[-16:] + nxt[:16] and (_SYMBOL_END.search(prev) or _SYMBOL_LINE.match(nxt)) \
        and not prev.startswith("Số") and nxt[:3].lower() != "v/v"  # (not the header's "Số: 12/UBND" / "v/v ...")
    if _is_upper(prev) and not (symbol and nxt[:1].islower()):
        return prev.endswith((",", "-", "VÀ", "CỦA")) and _is_upper(nxt)
    if _is_upper(nxt) and sum(c.isalpha() for c in nxt) >= 6 and not prev.endswith((",", "-", "–")) and not symbol:
        return False  # a title in capitals ("BÁO CÁO", "KẾ HOẠCH") after a line in mixed case starts anew
    if (_PARA_OPENER.match(nxt) or ((", " in nxt[:45] or ":" in nxt[:25] or "mời" in nxt) and _body_opener().match(nxt))) \
            and not prev.endswith((",", "-", "–")):
        return False  # "Ngày 30/12/2025, ...", "Căn cứ ...", "Thực hiện ...": a paragraph's first words
    first = nxt[0]
    if first.islower() or first.isdigit() or first in "(\"“%":
        return True
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if prev.endswith((",", "-", "–", "/")) or last_word in _CONNECTORS:
        return True
    if plain and prev[:1].isalnum() and (h := _HEADING.match(prev)) and ":" not in prev and ". " not in prev[h.end():]:
        return False  # "4.7. Kết quả thực hiện ... theo quy định": a numbered heading (no sentence in it) ends its line
    return len(prev) >= 0.8 * long_len


def _opens_with_verb(line: str) -> bool:
    """``line`` opens with a capitalised verb of a duty (data/obligations.json 'actions': ``Bảo đảm ...``, ``Tổng hợp ...``)."""
    if not line[:1].isupper():
        return False
    from congvan.extractors.obligations_vocab import _vocab

    m = _vocab()["action_start"].match(line)
    return bool(m and m.group("verb")[:1].isupper())
