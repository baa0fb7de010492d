"""Issuing body (cơ quan ban hành): from the header, else as the document names itself."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from . import fastre as re

from .base import QUOC_HIEU, Match, data, is_upper, lines
from .number import NUMBER_LINE
from .units import canonical_unit

_RULE = re.compile(r"^[\s_\-–—.*=]+$")
_BARE_PARENT = re.compile(r"^(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|HĐND|HIỆP\s+HỘI|HỘI)$")
# a header's second line that is only a head word names a part of the body above it
_BARE_CHILD = re.compile(r"^VĂN\s+PHÒNG$")
_PARENT_PLACE = re.compile(r"\b(TỈNH|THÀNH\s+PHỐ|HUYỆN|THỊ\s+XÃ|QUẬN|XÃ|PHƯỜNG)\s+(\p{Lu}[\p{Lu} ]+(?:\s*[-–]\s*\p{Lu}[\p{Lu} ]+)?|\d{1,2})$")
# "CỤC THUẾ TP HÀ NỘI", "SỞ Y TẾ TP. HỒ CHÍ MINH", "UBND TX. BẢO LỘC": the level word abbreviated before the place
_LEVEL_ABBR = re.compile(r"(?<![\p{L}])(TP|TX|Tp|Tx)\.?\s+(?=\p{Lu}{2}|\d)")
_LEVEL_WORDS = {"TP": "THÀNH PHỐ", "TX": "THỊ XÃ", "Tp": "THÀNH PHỐ", "Tx": "THỊ XÃ"}


# what OCR reads of a header's rule or of a speck at a line's ends ("SỞ NỘI VỤ _", "_SỞ NỘI VỤ_", "SỞ NỘI VỤ Ï"),
# and the accents it confuses on the head word ("SỚ NỘI VỤ": data/units.json 'header_ocr_heads')
_END_SPECKS = re.compile(r"^[\s_\-–—.*=|~'`]+|\s*[_—.*=|~'`]+$|\s+[^\sA-Z\d\-–]$")


def _without_specks(line: str) -> str:
    line = _END_SPECKS.sub("", line) or line
    first, _, rest = line.partition(" ")
    fixed = data("units")["header_ocr_heads"].get(first)
    return f"{fixed} {rest}" if fixed and rest and is_upper(rest) else line


def _level_abbreviations(line: str) -> str:
    return _LEVEL_ABBR.sub(lambda m: _LEVEL_WORDS[m.group(1)] + " ", line) if is_upper(line) else line


def _child_expanded(line: str) -> str:
    """A header's lower line that opens with an abbreviated head (``BCĐ PHÒNG CHỐNG DỊCH``, ``VP HĐND ...``) as
    written out, so that it is seen as the body under the parent; other lines as they are."""
    if not is_upper(line) or (line + " ").startswith(_heads_upper()):
        return line
    from .units import expand_abbreviations

    first = line.split(" ", 1)
    full = expand_abbreviations(first[0])
    if full != first[0] and (full.upper() + " ").startswith(_heads_upper()):
        return " ".join([full.upper(), *first[1:]])
    return line


# an event or a gathering that opens with a head word ("Hội nghị triển khai ...", "Hội thảo", "Hội thi"): no
# body naming itself (a programme's title, "Hội nghị ... phòng, chống ma túy", is not its issuer)
_NOT_BODIES = r"Hội\s+(?:nghị|thảo|thi|diễn|chợ|khỏe|trại)\b"


@lru_cache(maxsize=None)
def _self_named() -> re.Pattern:
    """``Bộ Giáo dục và Đào tạo đề nghị ...``, ``Tổng cục Thống kê trân trọng đề nghị ...``: the sender
    naming itself in the body of a letter whose header is missing."""
    from .frames import heads_pattern

    heads = heads_pattern().pattern.replace("(?<![\\p{L}])", "", 1)
    return re.compile(
        rf"(?<!của\s)(?<!với\s)(?<!và\s)(?<!gửi\s)(?<!\p{{L}})(?P<unit>UBND\s+(?:tỉnh|huyện|thành\s+phố|xã)|"
        rf"(?!{_NOT_BODIES}){heads}(?:\s+(?!về\b|của\b|và\s+\p{{Ll}}|đã\b|đề\b|xin\b|kính\b|trân\b)[\p{{L}}&\-]+){{0,6}}?)"
        r"(?:\s*\([^)]{0,120}\))?\s+(?:trân\s+trọng\s+|kính\s+|xin\s+|đã\s+)?(?:hướng\s+dẫn|ban\s+hành|yêu\s+cầu|đề\s+nghị|"
        r"thông\s+báo|triển\s+khai|báo\s+cáo\s+(?:tình\s+hình|kết\s+quả|như\s+sau|việc)|trình|gửi\s+(?:kèm|báo\s+cáo)|"
        # a reply introduces its sender too: "Bộ Y tế nhận được Công văn số ...", "Bộ Tài chính có ý kiến như sau"
        r"nhận\s+được|có\s+ý\s+kiến|trả\s+lời|phúc\s+đáp)")


_PLACE_IN_TEXT = {
    "tỉnh": re.compile(r"tỉnh\s+(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2})"),
    "huyện": re.compile(r"huyện\s+(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2})"),
    "thành phố": re.compile(r"thành\s+phố\s+(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2})"),
    "xã": re.compile(r"xã\s+(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2})"),
}


@lru_cache(maxsize=1)
def _heads_upper() -> tuple[str, ...]:
    return tuple(h.upper() + " " for h in data("units")["heads"])


@lru_cache(maxsize=1)
def _child_heads_upper() -> tuple[str, ...]:
    return tuple(h.upper() + " " for h in data("units")["header_child_heads"])


@lru_cache(maxsize=1)
def _provinces_upper() -> tuple[str, ...]:
    """`` BÌNH THUẬN``: a body named after its own (old) province with no level word ("LIÊN ĐOÀN BÓNG RỔ BÌNH
    THUẬN" under "UBND TỈNH LÂM ĐỒNG") takes no second place from the parent (data/places.json)."""
    return tuple(" " + p.upper() for p in data("places")["provinces"])


_LOCAL_PARENT = re.compile(r"^(?:UBND|ỦY\s+BAN\s+NHÂN\s+DÂN)\s")
# a child line that ends with the level word alone: the place is the parent's ("BỆNH VIỆN ĐA KHOA TỈNH")
_BARE_LEVELS = (" TỈNH", " THÀNH PHỐ")


def _province_named(parent: str) -> str | None:
    """The province a local department names with no level word (``SỞ Y TẾ ĐIỆN BIÊN``, ``SỞ GD&ĐT LẠNG SƠN``):
    ``ĐIỆN BIÊN``; None for a ministry's or another body's name (data/places.json 'provinces')."""
    if not parent.startswith(("SỞ ", "SỞ\u00a0")):
        return None
    tail = next((p for p in _provinces_upper() if parent.endswith(p) and len(parent) > len(p) + 3), None)
    return tail.strip() if tail else None
# a state group over its corporation, a corporation over its company ("TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM TỔNG CÔNG TY ĐIỆN
# LỰC MIỀN BẮC", "TỔNG CÔNG TY ĐIỆN LỰC MIỀN BẮC CÔNG TY ĐIỆN LỰC HÀ NAM"): national, so no place in the parent
_GROUP_PARENT = re.compile(r"^(?:TẬP\s+ĐOÀN|TỔNG\s+CÔNG\s+TY)\s")
_COMPANY_CHILD = re.compile(r"^(?:TỔNG\s+)?CÔNG\s+TY\s")
_BO_NAME_JOINS = re.compile(r"\s*(?:,|\s-\s|\s–\s|\sVÀ\s)\s*")


def _is_ministry(words: list[str]) -> bool:
    """``BỘ NỘI VỤ``, ``BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI``: Bộ and field names ('proper_phrases')
    joined by ``VÀ``, a comma or a dash (``BỘ NỘI`` is none: the split waits for ``VỤ``)."""
    if len(words) < 2 or words[0] != "BỘ":
        return False
    fields = _fields_upper()
    return all(part in fields for part in _BO_NAME_JOINS.split(" ".join(words[1:])))


@lru_cache(maxsize=1)
def _fields_upper() -> frozenset[str]:
    return frozenset(p.upper() for p in data("units")["proper_phrases"])


def _two_levels(line: str) -> list[str]:
    """A two-level header a copy put on one line, as its two lines: ``UBND TỈNH LÂM ĐỒNG SỞ Y TẾ`` ->
    ``UBND TỈNH LÂM ĐỒNG`` / ``SỞ Y TẾ``; ``BỘ NỘI VỤ VỤ TỔ CHỨC CÁN BỘ`` -> ``BỘ NỘI VỤ`` / ``VỤ TỔ
    CHỨC CÁN BỘ``. The parent is a local body with its place (an Ủy ban, a Sở), a ministry, or a state group or
    corporation over a company (``TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM TỔNG CÔNG TY ...``); the cut is the last one
    that leaves a parent and a lower body (``UBND THÀNH PHỐ HẢI PHÒNG SỞ Y TẾ`` is not cut at PHÒNG).
    Anything else stays one line."""
    words = line.split()
    for k in range(len(words) - 1, 1, -1):
        left, right = words[:k], " ".join(words[k:])
        if repeats_field(" ".join(left), right):
            return [" ".join(left), right]
        # a bare one-word head is no lower body: the PHÒNG of HẢI PHÒNG ("VĂN PHÒNG", "KHO BẠC NHÀ NƯỚC" are)
        if not (right + " ").startswith(_child_heads_upper()) or " " not in right:
            continue
        joined = " ".join(left)
        # a local body with its place: the Ủy ban, or a department over its unit ("SỞ VĂN HÓA, THỂ THAO VÀ DU
        # LỊCH TỈNH LÂM ĐỒNG TRUNG TÂM HUẤN LUYỆN ..."); or a ministry
        if ((_LOCAL_PARENT.match(joined) or (joined + " ").startswith(_heads_upper()))
                and (_PARENT_PLACE.search(joined) or _province_named(joined))) \
                or _is_ministry(left) or (_GROUP_PARENT.match(joined) and _COMPANY_CHILD.match(right) and not joined.endswith(" TỔNG")):
            return [joined, right]
    return [line]


# a vertical agency over its local office, the office named by the parent's field and its place or region
# ("CỤC THỐNG KÊ" / "THỐNG KÊ TỈNH HÀ TĨNH", "KHO BẠC NHÀ NƯỚC" / "KHO BẠC NHÀ NƯỚC KHU VỰC X", "BẢO HIỂM XÃ HỘI
# VIỆT NAM" / "BẢO HIỂM XÃ HỘI TỈNH ..."): the office is the issuer
_COUNTRY_TAIL = re.compile(r"\s+VIỆT\s+NAM$")


def repeats_field(parent: str, child: str) -> bool:
    """``child`` opens with ``parent``'s field (the parent without its head word and ``VIỆT NAM``, or the
    whole parent) and goes on with more words: the local office of that agency."""
    parent = _COUNTRY_TAIL.sub("", parent.strip())
    fields = [parent]
    head = next((h for h in sorted(_heads_upper(), key=len, reverse=True) if (parent + " ").startswith(h)), None)
    if head and len(parent) > len(head):
        fields.append(parent[len(head):].strip())
    return any(len(f) >= 4 and " " in child and child.startswith(f + " ") and len(child) > len(f) + 3
               for f in fields)


# a bank's or a company's branch ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM" / "CHI NHÁNH TỈNH QUẢNG NINH"): no name on its own
_BRANCH_OF_PARENT = re.compile(r"^CHI\s+NHÁNH\b")


_NAME_JOINS_ON = (" VÀ", " CỦA", ",", "-", "–")


def _name_goes_on(prev: str, line: str) -> bool:
    """A line the header's column wrapped inside a name, not a lower body, though it opens with a head word:
    ``SỞ NÔNG NGHIỆP VÀ MÔI`` / ``TRƯỜNG`` (after a joining word, or a lone word)."""
    return prev.endswith(_NAME_JOINS_ON) or " " not in line.strip()


def _lowest_two(texts: list[str]) -> list[str]:
    """A header of three levels as its lowest body under the parent that has the place:
    ``BỘ TÀI CHÍNH / TỔNG CỤC THUẾ / CỤC THUẾ TỈNH BÌNH DƯƠNG`` -> ``BỘ TÀI CHÍNH`` / ``CỤC THUẾ TỈNH BÌNH
    DƯƠNG``; ``UBND TỈNH LÂM ĐỒNG / SỞ Y TẾ / TRUNG TÂM Y TẾ ...`` -> ``UBND TỈNH LÂM ĐỒNG`` / ``TRUNG
    TÂM Y TẾ ...``; ``ỦY BAN NHÂN DÂN / TỈNH LÂM ĐỒNG / VĂN PHÒNG`` -> ``ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG``
    / ``VĂN PHÒNG``. A line that goes on with its body's name (``ĐẦU TƯ XÂY DỰNG TỈNH``) starts no body."""
    if len(texts) < 3 or _BODY_OF_PARENT.match(texts[-1]):  # (a body of the whole parent: its own rule)
        return texts
    if _BARE_PARENT.match(texts[0]) and _PARENT_PLACE.match(texts[1]):
        texts = [f"{texts[0]} {texts[1]}", *texts[2:]]
        if len(texts) < 3:
            return texts
    lowest = max((i for i in range(2, len(texts)) if (texts[i] + " ").startswith(_child_heads_upper())
                  and not _name_goes_on(texts[i - 1], texts[i])), default=None)
    if lowest is None:
        return texts
    parent = texts[0]
    if _PARENT_PLACE.search(texts[1]) and not (texts[1] + " ").startswith(_child_heads_upper()):
        # the top body's name goes on with its place ("ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG", a name the column
        # wrapped: "SỞ VĂN HÓA, THỂ THAO VÀ DU" / "LỊCH TỈNH LÂM ĐỒNG")
        parent = f"{texts[0]} {texts[1]}"
    return [parent, *texts[lowest:]]


_NUMBERED = re.compile(r"^(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVXL]{1,5}|[a-zđ])[.)]\s|(?:PHỤ\s+LỤC|ĐỀ\s+CƯƠNG|BIỂU\s+MẪU|MẪU\s+SỐ)\b)")


_WORD = re.compile(r"\p{L}+")


def _title_case(t: str) -> bool:
    """``Ủy Ban Nhân Dân Tỉnh Lâm Đồng``, ``Sở Giáo Dục và Đào Tạo``: an agency line a copy set in Title Case (two
    words or more, each capitalised but a joining "và"), read as the capitals it stands for."""
    words = _WORD.findall(t)
    return len(words) >= 2 and all(w[0].isupper() or w == "và" for w in words) and words[0][0].isupper() \
        and not any(c.isdigit() for c in t)


def header_lines(text: str, *, end: int) -> list:
    """Agency lines at the top of the header (capitals, before ``Số:``, not the Quốc hiệu)."""
    out = []
    for line in lines(text, 0, end):
        t = line.text.strip()
        if t.startswith(("Số", "V/v")) or re.match(r"^\p{Lu}[\p{L} ]+,\s*ngày", t) or NUMBER_LINE.match(t):
            break
        if QUOC_HIEU.search(t) or not t or _RULE.match(t) or len(t.strip(" _-.*|~'`")) < 2:
            continue  # (a speck OCR read under the header: "Ï", "| |")
        if _NUMBERED.match(t):
            break  # "1. CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "I. MỤC ĐÍCH", "PHỤ LỤC": a heading of the body or an annex, no agency
        if _is_kind_title(t):
            break  # "DANH SÁCH NHÂN SỰ ...", "BIÊN BẢN": a header without a Số line ends at the title; a letter
            # that opens with its title ("ĐƠN ĐỀ NGHỊ" under the Quốc hiệu) has no agency lines
        if (is_upper(t) or _title_case(t)) and len(t) < 90:
            out.append(line)
        elif out:
            break
    return out


# a national body over its local branch ("TỔNG LIÊN ĐOÀN LAO ĐỘNG / VIỆT NAM / LIÊN ĐOÀN LAO ĐỘNG TỈNH ...",
# "TẬP ĐOÀN BƯU CHÍNH VIỄN THÔNG VIỆT NAM / VIỄN THÔNG LÂM ĐỒNG", "HỘI NÔNG DÂN VIỆT NAM / BCH HỘI ...")
# ("TÔNG" as OCR reads TỔNG)
_NATIONAL_PARENT = re.compile(r"^(?:T[ỔÔO]NG\s+LIÊN\s+ĐOÀN|TẬP\s+ĐOÀN|T[ỔÔO]NG\s+CÔNG\s+TY|HỘI|LIÊN\s+HIỆP|LIÊN\s+ĐOÀN|"
                              r"MẶT\s+TRẬN|TRUNG\s+ƯƠNG|ĐOÀN|NGÂN\s+HÀNG|BẢO\s+HIỂM\s+XÃ\s+HỘI)\b.*\bVIỆT\s+NAM[\s.,_\-]*$")
# "BCH HỘI NÔNG DÂN ...": of a mass organisation, BCH is its Ban Chấp hành (of the army, a Ban Chỉ huy)
_BCH = re.compile(r"^BCH(?=\s+(?:HỘI|ĐOÀN|CÔNG\s+ĐOÀN|LIÊN\s+ĐOÀN|ĐẢNG)\b)")


# a collegial body of the organisation above it ("LIÊN ĐOÀN LUẬT SƯ VIỆT NAM / BAN THƯỜNG VỤ",
# "HỘI LHPN TỈNH LÂM ĐỒNG / BAN THƯỜNG VỤ"): on its own it names no agency, so the parent is part of the name
_BODY_OF_PARENT = re.compile(r"^(?:BAN\s+THƯỜNG\s+VỤ|BAN\s+CHẤP\s+HÀNH|BCH|BAN\s+THƯỜNG\s+TRỰC|THƯỜNG\s+TRỰC|"
                             r"BAN\s+CHỦ\s+NHIỆM|BAN\s+CHẤP\s+HÀNH\s+TRUNG\s+ƯƠNG)[\s.,_\-]*$")


def _is_kind_title(t: str) -> bool:
    from .doc_type import _PREFIX_TITLES, kind_of_title

    if not is_upper(t):
        return False
    low = t.lower()
    return kind_of_title(low) is not None and low not in ("văn bản", "luật") or any(
        low.startswith(k + " ") for k in _PREFIX_TITLES) or low.startswith(_framework_titles())


@lru_cache(maxsize=1)
def _framework_titles() -> tuple[str, ...]:
    """``ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)``, ``QUY CHẾ LÀM VIỆC ...``: the title of a text issued with a decision
    (a kind of 'other' of two words, data/doc_types.json) ends the agency lines above it too."""
    titles = data("doc_types")["titles"]
    return tuple(f"{k} " for k, v in titles.items() if v == "other" and " " in k and k != "văn bản")


def _national_parent_end(texts: list[str]) -> int | None:
    """Index of the first line below a parent that names a national body (ending ``VIỆT NAM``, over
    one to three lines), when lines follow it: that branch is the issuer, with its own place."""
    for k in range(1, min(len(texts), 4)):
        if _NATIONAL_PARENT.match(" ".join(texts[:k])) and k < len(texts):
            return k
    return None


def _as_capitals(t: str) -> str:
    return t if is_upper(t) else t.upper()


def find_issuer(text: str, *, end: int, place: str | None = None) -> Match | None:
    """From the header; ``place`` (from the date line) helps a headless letter name itself."""
    hl = header_lines(text, end=end)
    hl = [l for l in hl if l.text.strip().lower() not in ("khẩn", "mật", "hỏa tốc", "thượng khẩn")]
    if hl:
        texts = [_level_abbreviations(_without_specks(_as_capitals(l.text.strip()))) for l in hl]
        texts[1:] = [_child_expanded(t) for t in texts[1:]]
        if len(texts) == 1:
            texts = _two_levels(texts[0])
        texts = _lowest_two(texts)
        name: str
        if len(texts) == 1:
            name = texts[0]
        elif len(texts) >= 2 and _BODY_OF_PARENT.match(texts[-1]):
            body = texts[-1].strip(' .,_-')
            name = f"{'BAN CHẤP HÀNH' if body == 'BCH' else body} {' '.join(t.strip(' .,_-') for t in texts[:-1])}"
        elif _BARE_PARENT.match(texts[0]):
            name = " ".join(texts)
        elif len(texts) == 2 and repeats_field(texts[0], texts[1]):
            name = texts[1]
        elif _BRANCH_OF_PARENT.match(texts[-1]):
            name = " ".join(texts)
        elif _BARE_CHILD.match(texts[1]) and len(texts) == 2:
            name = f"{texts[1]} {texts[0]}"  # "UBND TỈNH LÂM ĐỒNG / VĂN PHÒNG": the office of that body
        elif texts[1].startswith(_heads_upper()) or texts[1] + " " in _heads_upper():
            name = " ".join(texts[1:])
            # a ministry has no place: the XÃ HỘI of "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" is none
            parent = None if _is_ministry(texts[0].split()) or name in _committees_upper() else _PARENT_PLACE.search(texts[0])
            bare_province = None if parent or _is_ministry(texts[0].split()) else _province_named(texts[0])
            if bare_province and name.endswith(_BARE_LEVELS) and not name.endswith(_provinces_upper()):
                # "SỞ Y TẾ ĐIỆN BIÊN / BỆNH VIỆN ĐA KHOA TỈNH": the level word is there, the parent names the province
                name = f"{name} {bare_province}"
            if parent and not _PARENT_PLACE.search(name) and not name.endswith(_provinces_upper()):
                # "UBND TỈNH LÂM ĐỒNG / BAN QUẢN LÝ DỰ ÁN ... TỈNH": the level word is there, the place is not
                level = f" {parent.group(1)}"
                name = f"{name} {parent.group(2)}" if name.endswith(level) else f"{name}{level} {parent.group(2)}"
        elif (branch := _national_parent_end(texts)) is not None:
            name = _BCH.sub("BAN CHẤP HÀNH", " ".join(texts[branch:]))
        else:
            name = " ".join(texts)
        name = _committee_placed(name, texts, place)
        start, stop = hl[0].start, hl[-1].end
        return Match("issuer", start, stop, text[start:stop], canonical_unit(name))
    m = _self_named().search(text[:3000])
    if not m:
        return None
    unit = canonical_unit(m.group("unit"))
    level = next((lv for lv in ("tỉnh", "huyện", "thành phố", "xã") if unit.endswith(" " + lv)), None)
    if unit.startswith("Sở "):
        level = "tỉnh"
    if level and _PLACE_IN_TEXT[level].search(unit):
        level = None  # "Sở Nội vụ tỉnh Lâm Đồng đề nghị ...": the place is named already
    if level:
        name = _most_common_place(text, level) or (place if level == "tỉnh" else None)
        if not name:
            return Match("issuer", m.start("unit"), m.end("unit"), m.group("unit"), None, confidence=0.3)
        unit = unit if unit.endswith(" " + level) else f"{unit} {level}"
        unit = f"{unit} {name}"
    return Match("issuer", m.start("unit"), m.end("unit"), m.group("unit"), unit, confidence=0.7)


@lru_cache(maxsize=1)
def _committees_upper() -> dict[str, str]:
    """``TỈNH ỦY`` -> ``TỈNH``: the party committees named by their level (data/units.json 'level_words' ending in
    'ủy'), whose name takes the place with no level word (``Tỉnh ủy Hà Tĩnh``, ``Huyện ủy Cao Lộc``)."""
    return {w.upper(): w.split()[0].upper() for w in data("units")["level_words"] if w.endswith(" ủy")}


def _committee_placed(name: str, texts: list[str], place: str | None) -> str:
    """``ĐẢNG BỘ TỈNH HÀ TĨNH / TỈNH ỦY`` -> ``TỈNH ỦY HÀ TĨNH``: a party committee written without its place takes
    the place of the Đảng bộ line above it (of its own level); with no such line, the date line's place where that
    place is of the committee's level (a province for a Tỉnh ủy, a city run by the centre for a Thành ủy, not a
    province for a Huyện ủy or Quận ủy). A name that has its place, or no place to take, stays as it is."""
    bare = " ".join(name.split())
    level = _committees_upper().get(bare)
    if level is None:
        return name
    for t in texts[:-1]:
        parent = _PARENT_PLACE.search(t)
        if parent and parent.group(1).split()[0] == level:
            return f"{bare} {parent.group(2)}"
    if not place or len(texts) > 1 and not any(t.startswith("ĐẢNG BỘ") for t in texts[:-1]):
        return name
    places = data("places")
    provinces = set(places["provinces"])
    fits = {"TỈNH": place in provinces, "THÀNH": place in data("units")["central_cities"] or place in places["cities"]}
    return f"{bare} {place.upper()}" if fits.get(level, place not in provinces) else name


def _most_common_place(text: str, level: str) -> str | None:
    found = Counter(m.group(1) for m in _PLACE_IN_TEXT[level].finditer(text))
    return found.most_common(1)[0][0] if found else None
