"""A letter's header whose lines were run together (a law-portal copy, OCR that merged two columns), cut
back at its landmarks (the Quốc hiệu, the motto, ``Số:``, ``V/v``, ``Kính gửi``, the place-and-date, a rule),
the agency's lines read before the Quốc hiệu's as on a laid-out page."""
from __future__ import annotations

from functools import lru_cache

from congvan.extractors import fastre as re

from .document import Line
from .line_joins import _MOTTO, _PLACE_DATE, _QUOC_HIEU


# where a header line that lost its breaks (a law-portal copy, OCR that merged two columns) splits:
# before the Quốc hiệu, the motto, "Số:", "V/v", "Kính gửi" (as letters spell them: "Số 12/...", "V/V", "Kính gởi"),
# the place-and-date, and after a rule
_HEADER_MARK = re.compile(
    r"C[ỘÔ]NG\s*H[OÒ][ÀA]\s*X[ÃA]\s*H[ỘÔ]I|Độc\s*lập\s*[-–]\s*Tự\s*do|Số\s*:|Số\s+\d{1,6}\s*[/-]\s*\p{Lu}|V/[vV]\b|Về\s+việc\b|Kính\s+g[ửở]i\s*:"
    r"|(?<![\p{L}])(?:\p{Lu}+\s+){1,6}điện\s*:"  # a công điện's Kính gửi: "BỘ Y TẾ điện:"
    r"|(?<![\p{L}])(?:\p{Lu}\p{Ll}*(?:\s+|\s*[-–]\s*)){0,3}\p{Lu}\p{Ll}*,\s*ngày\b")  # "Bà Rịa - Vũng Tàu, ngày"
_RULE = re.compile(r"\s*[-–_=]{4,}\s*")
_MOTTO_PART = re.compile(r"Độc\s*lập\s*[-–—]\s*Tự\s*do")
_DATE_END = re.compile(r",\s*ngày\s*(?:\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*\d{4}|\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4}(?!\d))")
_HEADER_LINES = 14  # a letter's header is in its first lines


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    from congvan.extractors.base import data

    places = data("places")
    return frozenset(places["provinces"] + places["cities"])


@lru_cache(maxsize=1)
def _kind_title():
    from congvan.extractors.base import data

    kinds = sorted((k.upper() for k in data("doc_types")["titles"] if " " in k), key=len, reverse=True)
    # a title of two words or more, standing as words, before a word not in capitals ("CÔNG ĐIỆN mời dự ...")
    return re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(k).replace("\\ ", r"\s+") for k in kinds)
                      + r")(?=\s+\p{L}\p{Ll})")


def _mark_start(m) -> int:
    """Where a header mark starts; for the place-and-date, at the longest known place name that ends
    the capitalised words before ``, ngày`` ("... đường Hồ Chí Minh Hà Nội, ngày": at "Hà Nội")."""
    g = m.group(0)
    if not g.endswith("ngày") or "," not in g:
        return m.start()
    words = list(re.finditer(r"\S+", g[:g.rindex(",")]))
    for k, w in enumerate(words):
        if " ".join(x.group(0) for x in words[k:]) in _known_places():
            return m.start() + w.start()
    return m.start()


def _split_header_line(text: str) -> list[str]:
    pieces: list[str] = []
    header_row = bool(_QUOC_HIEU.search(text) or _MOTTO_PART.search(text) or _PLACE_DATE.match(text))
    rules = [m.group(0).strip() for m in _RULE.finditer(text)]
    for k, chunk in enumerate(_RULE.split(text)):
        if k and pieces:
            pieces.append(rules[k - 1])  # the rule stays a line of its own, as on the page: it ends the title above it
        marks = list(_HEADER_MARK.finditer(chunk))
        landmark = header_row or any(not m.group(0).endswith("ngày") for m in marks)
        # a place-and-date mark cuts a header's row ("Số: 73/UBND-TH Hậu Giang, ngày ...", "UBND TỈNH X Lâm Đồng, ngày
        # ..."), not a body sentence of a short letter's first lines, whose weekday or name before a date looks like one
        # ("... trước thứ Hai, ngày 15/12/2025", "... của UBND tỉnh Lâm Đồng, ngày 01/11/2025")
        cuts = [at for m in marks if (at := _mark_start(m)) > 0
                and (landmark or not m.group(0).endswith("ngày") or not any(c.islower() for c in chunk[:at]))]
        # and after the whole Quốc hiệu, where the agency's second row was run onto it
        # ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ GIÁO DỤC VÀ ĐÀO TẠO")
        cuts += [m.end() for m in _QUOC_HIEU.finditer(chunk) if chunk[m.end():].strip()]
        if header_row:
            # and, in a row of the header itself, after the date of the place-and-date, where the kind's
            # title was run onto it ("Lâm Đồng, ngày 25 tháng 8 năm 2025 TỜ TRÌNH"), and after the
            # title in capitals, before its trích yếu ("BÁO CÁO Tổng kết thực hiện ..."); a body
            # sentence that cites a date ("Hôm nay, ..., ngày 18 tháng 12 năm 2025, tại ...") is no row
            cuts += [m.end() for m in _DATE_END.finditer(chunk) if chunk[m.end():].strip()]
            cuts += [m.end() for m in _kind_title().finditer(chunk)]
        cuts = [0] + sorted(set(cuts)) + [len(chunk)]
        pieces += [chunk[a:b].strip() for a, b in zip(cuts, cuts[1:])]
    return [p for p in pieces if p]


def _split_quoc_hieu(lines: list[Line]) -> list[Line]:
    """``BỘ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`` -> agency line, Quốc hiệu line.

    A plain-text header whose lines were run together (``ỦY BAN NHÂN DÂN CỘNG HÒA ...`` /
    ``TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc`` / ``Số: 73/UBND-TH Hậu Giang, ngày ...``, or all
    of it on one line) is cut at the header's landmarks, the agency's lines read before the Quốc
    hiệu's as in a laid-out page."""
    out: list[Line] = []
    pending_right: list[Line] = []
    seen = 0
    for line in lines:
        if line.text.strip():
            seen += 1
        if line.bbox is None and seen <= _HEADER_LINES and line.kind == "body":
            pieces = _split_header_line(line.text)
            if len(pieces) > 1:
                q = next((k for k, p in enumerate(pieces) if _QUOC_HIEU.match(p) or _MOTTO.match(p)), None)
                if q is not None and q > 0:
                    out.extend(Line(p, line.page, None, "left", line.size, line.kind) for p in pieces[:q])
                    pending_right.extend(Line(p, line.page, None, "right", line.size, line.kind) for p in pieces[q:])
                    continue
                out.extend(pending_right)
                pending_right = []
                out.extend(Line(p, line.page, None, line.column, line.size, line.kind) for p in pieces)
                continue
            if pending_right and line.text.strip():
                out.extend(pending_right)
                pending_right = []
        m = _QUOC_HIEU.search(line.text)
        if m and m.start() > 0 and line.text[: m.start()].strip():
            left, right = line.text[: m.start()].rstrip(), line.text[m.start():]
            out.append(Line(left, line.page, line.bbox, "left", line.size, line.kind))
            out.append(Line(right, line.page, line.bbox, "right", line.size, line.kind))
        else:
            out.append(line)
    out.extend(pending_right)
    return out
