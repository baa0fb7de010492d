"""Unit names: canonical spelling and matching key.

``canonical_unit`` expands abbreviations (``UBND`` -> ``Ủy ban nhân dân``), fixes the casing of
names written in capitals (``SỞ KHOA HỌC VÀ CÔNG NGHỆ`` -> ``Sở Khoa học và Công nghệ``) and keeps
the document's own joins. ``unit_key`` is what two spellings of one unit share.
"""
from __future__ import annotations

from functools import lru_cache

from . import fastre as re

from congvan.pipeline.normalise import normalise_string

from .base import data, is_upper

_PAREN_NOTE = re.compile(r"\s*\((?:để\s+|thay\s+)?(?:b/?c(?:áo)?|báo\s+cáo|p/?h|phối\s+hợp|t/?h|đ/?b|thực\s+hiện|biết|chỉ\s+đạo|"
                         r"góp\s+ý|đưa\s+tin|đăng\s+tải|đăng\s+tin|niêm\s+yết|theo\s+dõi|tổng\s+hợp|để\s+\S+[^)]*)\)\s*$|\s*:\s*(?:báo\s+cáo|b/c)$"
                         # "(theo Quyết định số 2319/QĐ-TTg ...)", "(kèm theo danh sách)": a note on who they are
                         r"|\s*\((?:theo|tại|kèm\s+theo|ban\s+hành\s+kèm|sau\s+đây|gọi\s+(?:tắt|chung|là))\s[^()]*\)\s*$", re.I)


# "TP Thái Nguyên", "TP. Vinh", "Tp. Huế": the city's level word abbreviated before its name (not "Phòng TP", Tư pháp)
_CITY_ABBR = re.compile(r"(?<![\p{L}])(?:TP|Tp)\.?\s+(?=\p{Lu}\p{Ll})")
# "Đ/c Giám đốc CAT" is the office; "Đ/c Phan Nhật Thanh" names a person and keeps the form of address
_COMRADE = re.compile(r"^(?:[Đđ]/[Cc]|[Đđ]ồng\s+chí)\s+(?=(?:Phó\s+)?(?:Giám\s+đốc|Chủ\s+tịch|Trưởng|Chánh|Bí\s+thư|"
                      r"Thủ\s+trưởng|Cục\s+trưởng|Vụ\s+trưởng|Bộ\s+trưởng|Thứ\s+trưởng|Chủ\s+nhiệm)\b|"
                      r"P?(?:GĐ|CT|CVP)(?:CAT)?\b)")  # the titles abbreviated too: "Đ/c GĐCAT", "Đ/c PGĐ CAT"
_COMRADES = re.compile(r"^([Cc]ác)\s+[Đđ]/[Cc]\s+")
# "các đồng chí Trưởng thôn", "các Chủ tịch UBND xã": a class of office holders, written formally with
# "các" before the place word ("Trưởng các thôn", "Chủ tịch UBND các xã")
_TITLE_CLASS = re.compile(r"^[Cc]ác\s+(?:đồng\s+chí\s+)?(?P<title>(?:Phó\s+)?(?:Trưởng|Chủ\s+tịch|Bí\s+thư|Giám\s+đốc|Thủ\s+trưởng)"
                          r"(?:\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân|Ban\s+Công\s+tác\s+Mặt\s+trận))?)\s+"
                          r"(?P<level>thôn|xã|phường|thị\s+trấn|huyện|tỉnh|tổ\s+dân\s+phố|bản|ấp|khu\s+phố)$")


@lru_cache(maxsize=None)
def _abbrev_pattern() -> tuple[re.Pattern, dict[str, str]]:
    d = data("abbreviations")
    table = {**d["units"], **d["compound_joins"]}
    keys = sorted(table, key=len, reverse=True)
    pat = re.compile(r"(?<![\p{L}\d])(" + "|".join(re.escape(k) for k in keys) + r")(?![\p{L}\d])")
    return pat, table


def expand_abbreviations(text: str) -> str:
    pat, table = _abbrev_pattern()
    return pat.sub(lambda m: table[m.group(1)], text)


@lru_cache(maxsize=None)
def _proper_pattern() -> tuple[re.Pattern, dict[str, str]]:
    phrases = data("units")["proper_phrases"]
    table = {p.lower(): p for p in phrases}
    keys = sorted(table, key=len, reverse=True)
    pat = re.compile(r"(?<!\p{L})(" + "|".join(re.escape(k) for k in keys) + r")(?!\p{L})")
    return pat, table


@lru_cache(maxsize=None)
def _level_pattern() -> re.Pattern:
    words = sorted(data("units")["level_words"], key=len, reverse=True)
    return re.compile(r"(?<!\p{L})(" + "|".join(re.escape(w) for w in words) + r")\s+(?!các\b)([\p{L} ]+(?:\s*[-–]\s*[\p{L} ]+)?)$")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=None)
def _field_after_type() -> re.Pattern:
    """The first word after an agency's type word (``cục cảnh sát`` -> ``cục Cảnh sát``): the field its
    name begins with, which Nghị định 30/2020 Phụ lục II writes with a capital (``Cục Cảnh sát giao
    thông``, ``Ban Tuyên giáo``, ``Bệnh viện Đa khoa``). Not a level word, a plural or a join."""
    types = [h.lower() for h in data("units")["header_child_heads"] if h not in ("Văn phòng", "Công an")]
    skip = {w.lower() for w in data("units")["level_words"]} | {"các", "và", "của", "thuộc", "trực", "cấp", "khu"}
    alt = "|".join(re.escape(t) for t in sorted(types, key=len, reverse=True))
    return re.compile(rf"^(?:{alt})\s+(?!(?:{'|'.join(sorted(skip, key=len, reverse=True))})(?!\p{{L}}))(?=\p{{Ll}})")


def sentence_case(text: str) -> str:
    """Casing of a name written in capitals, following Nghị định 30/2020 Phụ lục II."""
    low = text.lower()
    pat, table = _proper_pattern()
    low = pat.sub(lambda m: table[m.group(1)], low)
    m = _field_after_type().match(low)
    if m:
        low = low[: m.end()] + _cap(low[m.end():])
    m = _level_pattern().search(low)
    if m:  # place name after a level word: every syllable capitalised
        place = " ".join(_cap(w) for w in m.group(2).split())  # "bà rịa - vũng tàu" -> "Bà Rịa - Vũng Tàu"
        low = low[: m.start(2)] + place
    else:  # "CÔNG TY ĐIỆN LỰC QUẢNG NINH": a province's name closes the name without a level word
        m = _province_tail().search(low)
        if m:
            low = low[: m.start(1)] + " ".join(_cap(w) for w in m.group(1).split())
    # "KHO BẠC NHÀ NƯỚC KHU VỰC X", "CHI CỤC HẢI QUAN KHU VỰC III": the region's numeral stays a numeral
    low = _REGION_NUMERAL.sub(lambda r: r.group(1) + r.group(2).upper(), low)
    return _cap(low)


_REGION_NUMERAL = re.compile(r"(khu\s+vực\s+)([ivxl]+)(?!\p{L})")


@lru_cache(maxsize=None)
def _province_tail() -> re.Pattern:
    names = sorted({p.lower() for p in data("places")["provinces"]}, key=len, reverse=True)
    return re.compile(r"(?<=\s)(" + "|".join(re.escape(n) for n in names) + r")$")


@lru_cache(maxsize=None)
def _field_after_head() -> re.Pattern:
    """``Sở TC``, ``Bộ LĐTB&XH``, ``Sở KH và ĐT``: a Sở or Bộ followed right away by a short field name of
    data/abbreviations.json 'after_head' (letters that alone mean something else: TC, CT, TP)."""
    keys = {k for v in data("abbreviations")["after_head"].values() for k in v}
    alt = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(r"^(?P<head>Sở|Bộ)\s+(?P<key>" + alt + r")(?=$|[\s(,;.])")


@lru_cache(maxsize=16384)  # pure; a letter names the same units many times (15k calls, 64 µs each)
def canonical_unit(raw: str) -> str:
    """Canonical name of a unit as the contract wants it."""
    text = normalise_string(raw).strip(" -–;,.:+")
    head = _field_after_head().match(text)
    if head:
        text = f"{head['head']} {data('abbreviations')['after_head'][head['head']].get(head['key'], head['key'])}{text[head.end():]}"
    text = _PAREN_NOTE.sub("", text)
    text = _CITY_ABBR.sub("thành phố ", text)  # "UBND TP Thái Nguyên", "Công an TP. Vinh": the level word
    text = _COMRADE.sub("", text)  # "Đ/c Giám đốc CAT" -> "Giám đốc Công an tỉnh"
    text = _COMRADES.sub(r"\1 đồng chí ", text)  # "Các đ/c Ủy viên BTV": a class of persons, the form written out
    text = _TITLE_CLASS.sub(lambda m: f"{m.group('title')} các {m.group('level')}", text)
    if is_upper(text) and re.search(r"[^\x00-\x7f]", text):
        # protect abbreviations from lower-casing: expand first, then case the rest
        pat, table = _abbrev_pattern()
        pieces = pat.split(text)
        out = []
        for k, piece in enumerate(pieces):
            out.append(table[piece] if k % 2 == 1 else piece.lower())
        text = sentence_case("".join(out))
        text = expand_abbreviations(text)
    else:
        text = expand_abbreviations(text)
        text = _cap(text)
    return re.sub(r"\s+", " ", text).strip()


_LEVEL_TAIL = re.compile(r"\s+(?:cấp\s+)?(?:huyện|tỉnh|thành phố|xã|thị xã|quận)$")


@lru_cache(maxsize=16384)
def unit_key(name: str, *, keep_level: bool = False) -> str:
    """Matching key: case, punctuation and joins ignored, a bare trailing level word dropped
    (kept with ``keep_level``: ``Chủ tịch UBND tỉnh`` is not a prefix of ``Chủ tịch UBND huyện``)."""
    t = canonical_unit(name).lower()
    t = re.sub(r"\s*(?:&|\bvà\b|-|–|,)\s*", " ", t)
    t = re.sub(r"[^\p{L}\d ]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t if keep_level else _LEVEL_TAIL.sub("", t)


def is_group(name: str) -> bool:
    """A class of units (``Các sở, ban, ngành``, ``Ủy ban nhân dân các xã, thị trấn``)."""
    low = name.lower()
    return bool(re.search(r"(?:^|\s)các\s", " " + low + " ") or "cơ quan, đơn vị" in low
                or low.startswith("quý cơ quan") or low.startswith("thủ trưởng các"))
