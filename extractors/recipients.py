"""Kính gửi: the addressees, one unit each, shared heads distributed.

``Các Phòng: Tư pháp, Nội vụ`` -> ``Phòng Tư pháp``, ``Phòng Nội vụ``; a class of units
(``Các sở, ban, ngành``) stays one entry marked as a group.
"""
from __future__ import annotations

from typing import Iterator

from . import fastre as re

from .base import Match, data, lines, strip_span
from .parts import KINH_GUI, addressee_lines
from .units import canonical_unit, is_group

_SHARED_HEAD = re.compile(r"^(?:[Cc]ác\s+)(?P<head>[\p{L} \-]{2,40}?)\s*:\s*(?P<rest>.+)$")
# "UBND các tỉnh: Đồng Tháp, Hà Tĩnh" -> "UBND tỉnh Đồng Tháp", "UBND tỉnh Hà Tĩnh"
# the level words a shared head distributes ("UBND các tỉnh: ...", "các xã Tân Hà, Đạ Huoai")
LEVEL = r"(?:tỉnh|huyện|xã|thành\s+phố|quận|phường|thị\s+xã)"
_SHARED_LEVEL = re.compile(r"^(?P<head>\S[^:]{1,60}?)\s+các\s+(?P<level>" + LEVEL + r"(?:\s*,\s*thành\s+phố)?)"
                           r"\s*:\s*(?P<rest>.+)$")
_MIXED_LEVEL = re.compile(r"^tỉnh\s*,\s*thành\s+phố$")
# "UBND các tỉnh Lâm Đồng, Đắk Lắk và Gia Lai": the same without a colon, the places named after it
_SHARED_LEVEL_BARE = re.compile(r"^(?P<head>\S[^:]{1,60}?)\s+các\s+(?P<level>" + LEVEL + ")"
                                r"\s+(?P<rest>\p{Lu}[^:]+)$")
# "Bộ trưởng các Bộ: Y tế, Tư pháp", "Giám đốc các Sở: Nội vụ, Tài chính": a title over a shared plural head
_TITLED_HEAD = re.compile(r"^(?P<title>(?:Phó\s+)?(?:Bộ\s+trưởng|Thứ\s+trưởng|Giám\s+đốc|Trưởng\s+phòng|Trưởng\s+ban|Cục\s+trưởng|"
                          r"Vụ\s+trưởng|Chi\s+cục\s+trưởng|Thủ\s+trưởng))\s+các\s+(?P<head>[Bb]ộ|[Ss]ở|[Pp]hòng|[Bb]an|[Cc]ục|[Vv]ụ|[Cc]hi\s+cục)"
                          r"\s*:\s*(?P<rest>.+)$")
_PLACE_SEP = re.compile(r"\s*,\s*|\s+và\s+")
_PLURAL = {"Bộ": "Bộ", "Phòng": "Phòng", "Sở": "Sở", "Ủy ban": "Ủy ban", "Ban": "Ban",
           "Vụ": "Vụ", "Cục": "Cục", "đồng chí": "", "Đồng chí": ""}


_CITY_WORD = re.compile(r"^(?:TP\.?|[Tt]hành\s+phố)\s*")


def _central_city(place: str) -> bool:
    """``Đà Nẵng``, ``TP. Hồ Chí Minh``: a city run by the centre (thành phố trực thuộc Trung ương)."""
    bare = _CITY_WORD.sub("", place.strip()).lower()
    return bare in {c.lower() for c in data("units")["central_cities"]}


def _unit_heads() -> set[str]:
    return set(data("units")["heads"])


def _protected_split(rest: str) -> list[tuple[int, int]]:
    """Split ``a, b và c`` on commas, keeping names that contain a comma in one piece."""
    protected = [(m.start(), m.end()) for name in data("units")["comma_names"]
                 for m in re.finditer(re.escape(name), rest, flags=re.I)]
    spans, start = [], 0
    for m in re.finditer(r",", rest):
        if any(a <= m.start() < b for a, b in protected):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(rest)))
    return spans


def _list_split(rest: str) -> list[tuple[int, int]]:
    """A shared head's list: split on its semicolons where it has any (``Quản lý hộ kinh doanh, cá nhân và thu
    khác; Tin học``: the commas are inside the names), else on commas (``_protected_split``)."""
    if ";" not in rest:
        return _protected_split(rest)
    spans, start = [], 0
    for m in re.finditer(r";", rest):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(rest)))
    return spans


# the level (or party committee) that closes a shared head's list and is every item's: "Các ban: Tổ chức,
# Tuyên giáo, Dân vận Tỉnh ủy", "Các phòng: Tư pháp, Nội vụ huyện"
_LIST_TAIL = re.compile(r"\s((?:Tỉnh|Thành|Huyện|Quận|Thị)\s+ủy|tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)$")


def expand_item(text: str, offset: int) -> Iterator[Match]:
    """One list item -> units (with offsets); ``offset`` is where ``text`` starts."""
    s, e = strip_span(text, 0, len(text), " \t-–+•;,.")
    item = text[s:e]
    if not item:
        return
    lv = _SHARED_LEVEL.match(item)
    bare = None if lv else _SHARED_LEVEL_BARE.match(item)
    spans = None
    if bare:
        rest = bare.group("rest")
        places = [p for p in _PLACE_SEP.split(rest.strip(" .;")) if p]
        if len(places) >= 2 and all(p[:1].isupper() and len(p.split()) <= 4 for p in places):
            spans, pos = [], 0
            for piece in places:
                a = rest.index(piece, pos)
                pos = a + len(piece)
                spans.append((a, pos))
            lv = bare
    elif lv:
        rest = lv.group("rest")
        spans = [strip_span(rest, a, b, " \t;,.") for a, b in _protected_split(rest)]
    if spans is not None:
        # "UBND các tỉnh: A, B" / "UBND các tỉnh A, B và C": the body and level before each place
        prefix, rest_off = f"{lv.group('head')} {lv.group('level')}", s + lv.start("rest")
        mixed = bool(_MIXED_LEVEL.match(lv.group("level")))
        for a, b in spans:
            piece = rest[a:b]
            if piece:
                if mixed:  # "UBND các tỉnh, thành phố: Quảng Ngãi, Đà Nẵng": a city run by the centre, else a tỉnh
                    level = "thành phố" if _central_city(piece) else "tỉnh"
                    name = canonical_unit(f"{lv.group('head')} {level} {_CITY_WORD.sub('', piece)}")
                else:
                    name = canonical_unit(f"{prefix} {piece}")
                yield Match("unit", offset + rest_off + a, offset + rest_off + b, piece,
                            {"name": name, "raw": piece, "is_group": is_group(name)})
        return
    m = _SHARED_HEAD.match(item)
    titled = None if m else _TITLED_HEAD.match(item)
    if titled:
        # "Bộ trưởng các Bộ: Y tế, Tư pháp" -> "Bộ trưởng Bộ Y tế", "Bộ trưởng Bộ Tư pháp": the title and the head
        head, rest_off = titled.group("head")[:1].upper() + titled.group("head")[1:], s + titled.start("rest")
        for a, b in _list_split(titled.group("rest")):
            a, b = strip_span(titled.group("rest"), a, b, " \t;,.")
            piece = titled.group("rest")[a:b]
            if piece:
                field = data("abbreviations")["after_head"].get(head, {}).get(piece, piece)
                name = canonical_unit(f"{titled.group('title')} {head} {field}")
                yield Match("unit", offset + rest_off + a, offset + rest_off + b, piece,
                            {"name": name, "raw": piece, "is_group": False})
        return
    if m and not is_group(m.group("head") + " x"):
        head = m.group("head").strip()
        head = _PLURAL.get(head, head[:1].upper() + head[1:])
        if head and head not in _unit_heads():
            # "Các cơ quan thuộc Chính phủ: Đài ..., Thông tấn xã ...": the head names a class,
            # each item is already a full name
            head = ""
        rest_off = s + m.start("rest")
        semicolons = ";" in m.group("rest")
        spans = [strip_span(m.group("rest"), a, b, " \t;,.") for a, b in _list_split(m.group("rest"))]
        spans = [(a, b) for a, b in spans if b > a]
        tail = _LIST_TAIL.search(m.group("rest")[spans[-1][0]:spans[-1][1]]) if len(spans) >= 2 and head else None
        if tail and any(_LIST_TAIL.search(m.group("rest")[a:b]) for a, b in spans[:-1]):
            tail = None  # each names its own level: nothing shared
        for k, (a, b) in enumerate(spans):
            piece = m.group("rest")[a:b]
            raw = piece
            if tail and k < len(spans) - 1:
                piece = f"{piece} {tail.group(1)}"  # "Các ban: Tổ chức, Tuyên giáo Tỉnh ủy": each ban of the Tỉnh ủy
            piece = data("abbreviations")["after_head"].get(head, {}).get(piece, piece)  # "Các Bộ: CT" -> Công Thương
            own = semicolons and _starts_name(canonical_unit(piece))  # "Các Phòng: Tư pháp; Trung tâm Y tế"
            name = canonical_unit(f"{head} {piece}" if head and not own else piece)
            yield Match("unit", offset + rest_off + a, offset + rest_off + b, raw,
                        {"name": name, "raw": raw, "is_group": is_group(name)})
        return
    for start, piece, name in (_split_joined(offset + s, item) if ":" not in item else
                               [(offset + s, item, canonical_unit(item))]):
        if name:
            yield Match("unit", start, start + len(piece), piece,
                        {"name": name, "raw": piece, "is_group": is_group(name)})


def _names_someone(raw: str) -> bool:
    """Not the dots and specks of an addressee line left blank (``Kính gửi: ........ cà. ..``, OCR of a form):
    a word that opens with a capital (an abbreviation, "Y tế" of a shared head)."""
    return bool(re.search(r"(?<![\p{L}])\p{Lu}", raw))


def find_recipients(text: str, *, body_start: int | None = None) -> Iterator[Match]:
    for m in _find_recipients(text, body_start=body_start):
        if _names_someone(m.value["raw"]):
            yield m


def _find_recipients(text: str, *, body_start: int | None = None) -> Iterator[Match]:
    kg = KINH_GUI.search(text[:4000])
    if not kg:
        return
    stop = body_start if body_start is not None else len(text)
    first = True
    for line in addressee_lines(text, kg.end()):
        if line.end > stop:
            break
        t = line.text
        if first:
            first = False
            if t.strip():  # "Kính gửi: Sở Nội vụ" on one line, maybe "A; B"
                yield from _line_items(t, line.start)
            continue
        if not t.strip():
            continue
        yield from _line_items(t, line.start)


def _line_items(t: str, start: int) -> Iterator[Match]:
    """The units of one addressee line, its entries split on semicolons; a shared head's list runs past them
    (``- Các Phòng: Quản lý hộ kinh doanh, cá nhân và thu khác; Tin học;``: expand_item splits it there)."""
    if _SHARED_HEAD.match(t.strip(" \t-–+•")):
        yield from expand_item(t, start)
        return
    for piece in re.finditer(r"[^;]+", t):
        yield from expand_item(piece.group(0), start + piece.start())


# "Thủ tướng, các PTTg", "Hội đồng Dân tộc và các Ủy ban của Quốc hội": two entries on one line
# "Sở Tài chính, Sở Y tế và Ủy ban nhân dân các xã": "và" before a capital joins entries too (each piece
# must then open a name; "Văn phòng HĐND và UBND tỉnh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh" are one office)
_JOINED_ENTRIES = re.compile(r"\s*[,;]\s+(?=\p{Lu}|các\s+\p{Lu})|\s+và\s+(?=các\s+\p{L})|"
                             r"(?<!HĐND)(?<!Hội\s+đồng\s+nhân\s+dân)(?<!^(?:Văn\s+phòng|VP)\s.*)\s+và\s+(?=\p{Lu})")


def entries(a: int, raw: str) -> Iterator[tuple[int, str, str]]:
    """(start, raw, name) of each unit one list line names (``expand_item``)."""
    for m in expand_item(raw, a):
        yield m.start, m.value["raw"], m.value["name"]


def _split_joined(a: int, raw: str) -> Iterator[tuple[int, str, str]]:
    """Names run together on one line, split where each piece starts a name (``Thủ tướng, các PTTg``;
    ``Giám đốc Sở, Thủ trưởng các cơ quan``); a comma inside a name (``Văn hóa, Thể thao và Du lịch``)
    and titles sharing the body named at the end (``Chủ tịch, các PCT UBND huyện``) keep one piece."""
    pos = 0
    spans = []
    for m in _JOINED_ENTRIES.finditer(raw):
        piece = raw[pos:m.start()]
        if spans and not _starts_name(canonical_unit(piece)):
            spans[-1] = (spans[-1][0], m.start())  # "Sở Giáo dục và Đào tạo": the "và" inside a name joins no entries
        else:
            spans.append((pos, m.start()))
        pos = m.end()
    if spans and not _starts_name(canonical_unit(raw[pos:])):
        spans[-1] = (spans[-1][0], len(raw))
    else:
        spans.append((pos, len(raw)))
    pieces = [(a, raw[a:b]) for a, b in spans]
    names = [canonical_unit(p) for _, p in pieces]
    if len(pieces) > 1 and all(_OWN_LEADER.match(n) for n in names):
        yield from _own_leaders(a, pieces, names)
        return
    if len(pieces) == 2:
        # "HĐND, UBND các tỉnh, ...": the places the second names are the first one's too
        tail = _shared_tail(pieces[0][1], pieces[1][1])
        if tail:
            yield a, raw, canonical_unit(f"{pieces[0][1].strip()} {tail}")
            yield a + pieces[1][0], pieces[1][1], names[1]
            return
    if len(pieces) > 1 and all(_starts_name(n) for n in names) and not _cuts_a_comma_name(raw, pieces) \
            and not _BARE_TITLE.match(names[0]):
        body = _OWN_BODY_TAIL.search(names[-1])
        for (off, piece), name in zip(pieces, names):
            if body and _INNER_ORGAN.match(name) and not name.endswith(body.group(0)):
                name = name + body.group(0)  # "HĐQT, Ban Giám đốc Công ty": the board is the company's too
            yield a + off, piece, name
        return
    yield a, raw, canonical_unit(raw)


# "HĐQT, Ban Giám đốc Công ty", "Đảng ủy, Công đoàn Trường": the body the last organ names is the others' too,
# where those are a body's inner organs named bare (data/recipients.json 'inner_organs')
_OWN_BODY_TAIL = re.compile(r"\s(?:" + "|".join(re.escape(h).replace("\\ ", "\\s+") for h in data("recipients")["own_leaders"]["own_bodies"])
                            + r")$")
_INNER_ORGAN = re.compile(r"^(?:" + "|".join(re.escape(h).replace("\\ ", "\\s+") for h in data("recipients")["inner_organs"]) + r")$", re.I)


# the sender's own leaders by title alone ("GĐ, PGĐ Sở (đ/c Bông)", "Giám đốc, PGĐ phụ trách", "GĐ và PGĐ Sở"):
# each its own copy. Only a bare head word of the sender ("Sở", "Ban", "Trung tâm") may follow the title
# ("Chủ tịch, các PCT UBND huyện" names another body: see _BARE_TITLE); titles data/recipients.json 'own_leaders'
_OWN_LEADER = re.compile(r"^(?:[Cc]ác\s+)?(?:Phó\s+)?(?P<title>" + "|".join(
    re.escape(t).replace("\\ ", "\\s+") for t in data("recipients")["own_leaders"]["titles"]) + r")"
    r"(?P<body>\s+(?:" + "|".join(re.escape(h).replace("\\ ", "\\s+") for h in data("recipients")["own_leaders"]["own_bodies"])
    + r"))?(?:\s+phụ\s+trách)?(?:\s*\([ĐđDd]/[Cc]\s[^()]{1,30}\))?$")


def _own_leaders(a: int, pieces: list, names: list[str]) -> Iterator[tuple[int, str, str]]:
    """One copy per leader; the head word the last one names (``PGĐ Sở``) is the others' too (``Giám đốc Sở``)."""
    body = next((m.group("body") for n in reversed(names) if (m := _OWN_LEADER.match(n)).group("body")), None)
    for (off, piece), name in zip(pieces, names):
        m = _OWN_LEADER.match(name)
        if body and not m.group("body") and m.end("title") == len(name):
            name = name + body
        yield a + off, piece, name


# "Chủ tịch, các PCT UBND huyện", "C, PCVP": titles sharing the body named at the end stay one entry
_BARE_TITLE = re.compile(r"^(?:Phó\s+)?(?:Chủ\s+tịch|Giám\s+đốc|Chánh(?:\s+Văn\s+phòng)?|Trưởng\s+ban|Bí\s+thư|"
                         r"Chủ\s+nhiệm|Cục\s+trưởng|Vụ\s+trưởng|\p{Lu}{1,4})$")


_TAIL_BODY = re.compile(r"^(?:HĐND|UBND|Hội\s+đồng\s+nhân\s+dân|Ủy\s+ban\s+nhân\s+dân)\s+(?P<tail>(?:các\s+|cấp\s+)?"
                        + LEVEL + r"\b.*)$")
_LEAD_BODY = re.compile(r"^(?:HĐND|UBND|Hội\s+đồng\s+nhân\s+dân|Ủy\s+ban\s+nhân\s+dân)$")


def _shared_tail(first: str, second: str) -> str | None:
    """What ``first`` (a bare body) shares with ``second``: ``HĐND`` + ``UBND các tỉnh, thành phố`` ->
    ``các tỉnh, thành phố``. (Titles keep theirs: ``Thủ tướng, các PTTg`` is ``Thủ tướng`` and the Phó
    Thủ tướng, as the letters' own gold reads them.)"""
    first, second = first.strip(), second.strip()
    if _LEAD_BODY.match(first):
        m = _TAIL_BODY.match(second)
        return m.group("tail") if m else None
    return None


def _starts_name(name: str) -> bool:
    """A piece that opens like a unit or a title (``Sở ...``, ``Thủ tướng``, ``Các ...``), not a place
    name continuing a list (``..., Bình Thuận, Đắk Nông (cũ)``)."""
    from .frames import heads_pattern, titles_pattern

    return bool(name) and bool(heads_pattern().match(name) or titles_pattern().match(name)
                               or name.lower().startswith("các "))


def _cuts_a_comma_name(raw: str, pieces: list[tuple[int, str]]) -> bool:
    """A piece starts inside a name that has a comma (``Văn hóa, Thể thao và Du lịch``)."""
    low = raw.lower()
    spans = [(m.start(), m.end()) for n in data("units")["comma_names"] for m in re.finditer(re.escape(n.lower()), low)]
    return any(a < off < b for off, _ in pieces[1:] for a, b in spans)
