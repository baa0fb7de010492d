"""Addressee phrases of a duty: unit lists split per unit, resolved against the letter's addressees.

``_split_units(s)`` says whether ``s`` is only a list of units (``A, B; C và D``) and where each stands;
``_units`` turns the pieces into units (aliases the letter defines, polite and generic forms scoped to
the ``Kính gửi`` list, classes like ``UBND các tỉnh`` of a letter to named tỉnh); ``_distribute_head``
gives a shared head to each unit of ``các Sở: Tài chính, Nội vụ``; ``_alias_table`` reads the names a
letter defines; ``_own_act`` tells the sender's own act.
"""
from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from . import fastre as re

from .base import data, Match
from . import frames
from .obligations_vocab import _actions, _live_cues, _vocab
from .recipients import LEVEL
from .units import canonical_unit, is_group, unit_key


_PREP = re.compile(r"\s(?:về|với|theo|tại|để|nhằm|trong|trên|đã|được|thực\s+hiện|ngoài|sẽ|phải|cần|cho|đến|khi|nếu|mà)(?:\s|$)", re.I)
# ("Hội đồng nhân dân tỉnh", "Hội đồng thẩm định": a council is a unit, its next word in lower case)
_AMBIGUOUS_HEAD = re.compile(r"^(?:Báo|Đoàn|Hội(?!\s+đồng\s)|Trưởng|Trường|Thuế|Cục|Vụ|Ban|Viện|Đài|Thanh\s+tra|Công\s+an)\s+(?P<next>\S+)")
# a class of units named by what is done to them, at the end of the class ("các cơ quan, đơn vị được kiểm tra", "các
# đơn vị được khảo sát"): one or two words after "được", none a cue or a modal
_PASSIVE_CLASS = re.compile(r"\s+được\s+(?!giao\b|phân\s+công\b|đề\s+nghị\b|yêu\s+cầu\b)\p{Ll}+(?:\s+\p{Ll}+)?$")
# "Bộ Nội vụ đã tổng hợp", "Sở Nội vụ kính trình", "Hiệp hội không tổ chức": narration of what a
# unit did or the sender's own act, not a duty put on that unit
_NARRATION = re.compile(r"\s(?:đã|đang|chưa|vừa|không|kính|đề\s+xuất|dự\s+thảo|nhận\s+được|mới|sau\s+khi|sẽ|đề\s+nghị)(?:\s|$)", re.I)
# "Đài truyền thanh xã": a field written in lower case after an ambiguous head
_NAME_FIELD = re.compile(r"(?:truyền\s+thanh|truyền\s+hình|phát\s+thanh|kiểm\s+tra|kiểm\s+sát|quản\s+lý|chấp\s+hành|thường\s+vụ|"
                         # ("Ban vận động", "Ban tổ chức", "Ban chủ nhiệm", "Đoàn công tác", "Đoàn giám sát")
                         r"vận\s+động|tổ\s+chức|chỉ\s+đạo|chủ\s+nhiệm|thường\s+trực|điều\s+hành|soạn\s+thảo|biên\s+tập|"
                         r"giám\s+đốc|giám\s+hiệu|giám\s+sát|công\s+tác|liên\s+ngành|sáng\s+lập|kiểm\s+soát|thư\s+ký|"
                         r"(?:phòng|ban|khoa)\s+(?=\p{Lu})|thôn|bản|ấp|khu\s+phố|tổ\s+dân\s+phố|"  # "Trưởng phòng Giáo dục ...", "Trưởng thôn"
                         r"cơ\s+sở(?=\s+\d|\s+\p{Lu}|\s*$))\b")  # "Thuế cơ sở 1 tỉnh Nghệ An", "Thuế cơ sở" (the level under Thuế tỉnh)
# "Công an các đơn vị, địa phương", "Thanh tra các bộ, ngành": a class after an ambiguous head
_CLASS_AFTER = re.compile(r"các\s+(?:đơn\s+vị|địa\s+phương|tỉnh|huyện|xã|phường|quận|thành\s+phố|bộ|ngành|sở|cấp|"
                          r"thôn|bản|ấp|khu\s+phố|tổ\s+dân\s+phố|phòng|trường)\b")  # "Trưởng các thôn"
# "Thuế tỉnh", "Công an huyện": a level word after an ambiguous head makes it a unit
_LEVEL_NEXT = {"tỉnh", "huyện", "xã", "thị", "thành", "quận", "phường", "tp", "tp."}


_BACK_REFERENCE = re.compile(r"\s+(?:nêu\s+trên|kể\s+trên|trên\s+đây|có\s+tên\s+(?:ở\s+)?trên)$")
# the names the letter being read defines for its units ("sau đây gọi tắt là ..."), lowercased
_LETTER_ALIASES: ContextVar[frozenset] = ContextVar("letter_aliases", default=frozenset())


# what _split_units said of each phrase of the letter being read (it asks of one phrase about twice:
# a sentence's head, then the same head again while resolving units)
_SPLITS: ContextVar[dict | None] = ContextVar("unit_splits", default=None)


def _split_units(s: str) -> list[tuple[int, int]] | None:
    """Spans of the units in a list ``A, B; C và D``; None unless every piece is a unit."""
    seen = _SPLITS.get()
    if seen is None:
        return _split_units_of(s)
    if s not in seen:
        seen[s] = _split_units_known(s, _LETTER_ALIASES.get())
    spans = seen[s]
    return list(spans) if spans else spans


@lru_cache(maxsize=16384)  # the same unit phrases come back letter after letter ("UBND các xã, phường"), as in canonical_unit
def _split_units_known(s: str, aliases: frozenset) -> list[tuple[int, int]] | None:
    """``_split_units_of(s)`` under the letter aliases ``aliases`` (what it reads besides ``s``); never changed by callers."""
    return _split_units_of(s)


@lru_cache(maxsize=None)
def _bare_classes() -> tuple:
    cls = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(data("units")["class_nouns"], key=len, reverse=True))
    qual = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(data("frames")["generic_qualifiers"], key=len, reverse=True))
    return (re.compile(rf"^[Cc]ác\s+(?i:{cls})$"), re.compile(rf"^(?i:{cls})(?:\s+(?i:{qual}))?$"))


def _class_goes_on(before: str, piece: str) -> bool:
    """``Các Khoa`` + ``Bộ môn trực thuộc``: a class noun after a bare plural class is one more kind of the same
    class (as ``Các sở, ban, ngành``), even in capitals; not ``Các sở, Ban Dân tộc`` (a named unit)."""
    first, more = _bare_classes()
    return bool(first.match(before.strip()) and more.match(piece.strip()))


def _mask_aliases(s: str) -> str:
    """``s`` with the list separators inside a name the letter stands for as a whole (its addressee "ban tuyên
    giáo các huyện ủy, thị ủy, thành ủy" in lower case) made inert, so that the name stays one piece."""
    aliases = _LETTER_ALIASES.get()
    if not aliases or ("," not in s and " và " not in s):
        return s
    low, out = s.lower(), list(s)
    for alias in sorted(aliases, key=len, reverse=True):
        if "," not in alias and " và " not in alias:
            continue
        for m in re.finditer(re.escape(alias).replace(r"\ ", r"\s+"), low):
            if m.start() and not re.search(r"(?:^|,|;|\svà)\s*$", low[:m.start()]):
                continue  # (only a whole piece of the list)
            for k in range(m.start(), m.end()):
                if out[k] in ",;":
                    out[k] = "\x00"
            seg = "".join(out[m.start():m.end()]).replace(" và ", " \x00\x00 ")
            out[m.start():m.end()] = list(seg)
    return "".join(out)


def _split_units_of(s: str) -> list[tuple[int, int]] | None:
    v = _vocab()
    whole = s.rstrip(" ,;.")
    if " ".join(whole.lower().split()) in _LETTER_ALIASES.get():
        return [(len(s) - len(s.lstrip()), len(whole))]  # a name the letter stands for as a whole (its addressee in lower case)
    pieces: list[list[int]] = []
    pos = 0
    prev_sep = (0, 0)
    for m in re.finditer(r"\s*(?:;|,|\s+và\s+|\s+với\s+)\s*", _mask_aliases(s) + ";"):
        a, b = pos, m.start()
        pos = m.end()
        sep, prev_sep = prev_sep, (m.start(), m.end())
        if a >= b:
            continue
        piece = s[a:b]
        if pieces and _class_goes_on(s[pieces[-1][0]:a].rstrip(" ,;&-và"), piece):
            pieces[-1][1] = b  # "Các Khoa, Bộ môn trực thuộc": one class of units, written with capitals
            continue
        if pieces and _joined_body(s[pieces[-1][0]:a].rstrip(" ,;&-và"), piece):
            pieces[-1][1] = b  # "Văn phòng HĐND và UBND huyện", "Văn phòng Đoàn ĐBQH và HĐND tỉnh" are one unit
            continue
        probe = _BACK_REFERENCE.sub("", piece)  # "các tỉnh nêu trên": the ones named above, not a clause
        # "Phòng Cảnh sát quản lý hành chính về trật tự xã hội": a name's own words (data/units.json
        # 'proper_phrases') hold no preposition of a clause
        probe = frames.proper_words(probe)
        if m.end() == len(s) + 1 and s[:4].lower() == "các " and "được" in probe:
            probe = _PASSIVE_CLASS.sub("", probe)  # "Các cơ quan, đơn vị được kiểm tra": the class the passive names
        if _PREP.search(" " + probe) or _NARRATION.search(" " + probe) or ":" in piece or piece.count("(") != piece.count(")"):
            return None  # "UBND các xã về công tác CCHC": a clause, not a unit
        alias = " ".join(piece.lower().split()) in _LETTER_ALIASES.get()
        starts = bool(v["unit_start"].search(piece) or v["generic"].search(piece) or alias)
        amb = None if alias else _AMBIGUOUS_HEAD.match(piece)  # (a name the letter defines is one)
        if starts and amb and not amb.group("next")[:1].isupper() and amb.group("next").lower() not in _LEVEL_NEXT \
                and not _NAME_FIELD.match(piece[amb.start("next"):]) and not _CLASS_AFTER.match(piece[amb.start("next"):]):
            starts = False  # "Báo cáo", "Hội nghị", "Ban hành": words, not "Báo Cao Bằng"
        if pieces and not starts and ";" in s[sep[0]:sep[1]]:
            return None  # "... các cơ quan, đơn vị; tăng cường thanh tra": a clause after ';'
        if pieces and (not starts or piece[:1].islower() and not v["generic"].search(piece)
                       and not piece.lower().startswith("các ")
                       and not (alias and " các " in f" {piece.lower()} ")):  # (an addressee's class named in lower case)
            pieces[-1][1] = b  # "Các phòng, ban, ngành", "UBND các xã, thị trấn", "Khoa học và Công nghệ"
            continue
        if not starts:
            return None
        pieces.append([a, b])
    out = []
    for a, b in pieces:
        while b > a and s[b - 1] in " ,;.":
            b -= 1
        out.append((a, b))
    return out or None


@lru_cache(maxsize=None)
def _joined_patterns() -> tuple:
    """(a pattern for the first bodies of ``joined_bodies`` at a text's end, the pairs with their second as a pattern)"""
    pairs = data("units")["joined_bodies"]
    first = re.compile("(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a, _ in pairs) + ")$")
    return first, [(" ".join(a.split()), re.compile(re.escape(b).replace(r"\ ", r"\s+"))) for a, b in pairs]


def _joined_body(before: str, piece: str) -> bool:
    """``before`` ends with a body that ``piece`` (after ``và``) shares one office with (``HĐND`` / ``UBND``)."""
    first, pairs = _joined_patterns()
    m = first.search(before)
    if not m:
        return False
    ended = " ".join(m.group(0).split())
    return any(a == ended and b.match(piece) for a, b in pairs)


@lru_cache(maxsize=16384)  # (asked of each addressee's key for every unit a letter names)
def _fold(key: str) -> str:
    """A key without accents: ``tuyển`` (OCR) and ``tuyên`` compare equal."""
    import unicodedata
    t = unicodedata.normalize("NFD", key.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c))


_TITLE = re.compile(r"^(?:phó\s+)?(?:chủ\s+tịch|giám\s+đốc|thủ\s+trưởng|trưởng|chánh\s+văn\s+phòng|cục\s+trưởng|vụ\s+trưởng)\s+(?=\S)")


def _untitled(key: str) -> str:
    """``chủ tịch ủy ban nhân dân tỉnh`` -> ``ủy ban nhân dân tỉnh``: the head of the body is the body."""
    rest = _TITLE.sub("", key)
    return rest if len(rest.split()) >= 2 else key


_PLACE = r"\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}"
_NAMED_MEMBERS = re.compile(r"^(?P<head>(?:Chủ\s+tịch\s+)?(?:Ủy\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng\s+nhân\s+dân|HĐND)|Công\s+an)"
                            r"\s+các\s+(?P<level>tỉnh|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)\s*:?\s+"
                            r"(?P<names>" + _PLACE + r"(?:\s*,\s*" + _PLACE + r")*(?:\s*(?:,\s*)?và\s+" + _PLACE + r"|\s*,\s*" + _PLACE + r"))$")
_SUB_UNIT = re.compile(r"\s*\((?:qua\s+|thông\s+qua\s+)?(?:Tổng\s+cục|Cục|Vụ|Phòng|Ban|Trung\s+tâm|Chi\s+cục|Văn\s+phòng)\s[^()]{2,80}\)$"
                       # (or the abbreviation the letter defines for it: "Kho bạc Nhà nước (KBNN)")
                       r"|\s*\(\s*\p{Lu}[\p{Lu}Đ&\-]{1,12}\s*\)$")


_OWN_BODY_OF = re.compile(r"\s+(?:trực\s+)?thuộc\s+(?:Tổng\s+công\s+ty|Công\s+ty|Sở|Trường|Bệnh\s+viện|Trung\s+tâm|Cục|Chi\s+cục|Viện)$")
_ROLE_APPOSITION = re.compile(r"(?:\s*\(\s*(?:là\s+)?|\s+(?:[-–]|là)\s+)(?:cơ\s+quan|đơn\s+vị|đầu\s+mối|thường\s+trực)(?![\p{L}])"
                              r"(?:[^()]*\)|[^()]*)$")


@lru_cache(maxsize=16384)  # (asked of each addressee's key for every unit a letter names)
def _word_bag(key: str) -> frozenset:
    """The words of a unit key without accents, counts ("03") and level words: a name's words in any order."""
    return frozenset(w for w in _fold(key).split() if not w.isdigit() and w not in ("tinh", "cac", "cap"))


@lru_cache(maxsize=16384)  # (asked of each addressee's key for every unit a letter names)
def _no_cac(key: str) -> str:
    return re.sub(r"(?:^|\s)các(?=\s|$)", "", key).strip()


_LEVEL_CLASS = re.compile(r"^(?P<head>\S.*?)\s+các\s+(?P<level>" + LEVEL + r"(?:\s*,\s*thành\s+phố)?)$")


def _headed_generic(bare: str, recipients: list[dict]) -> list[dict]:
    """``Công an các đơn vị, địa phương``, ``Kho bạc Nhà nước các đơn vị``: a body's name before a generic
    phrase for the addressees means those addressees that bear the name (none where none does)."""
    low = " ".join(bare.lower().split())
    if " các " not in low:
        return []  # (a cheap test: every such phrase has its "các")
    k = low.find(" các ")
    if k < 3 or not _vocab()["generic"].fullmatch(low[k + 1:]):
        return []
    head = low[:k]
    return [dict(r) for r in recipients if " ".join(r["name"].lower().split()).startswith(head + " ")]


_PLURAL_HEAD = re.compile(r"^[Cc]ác\s+(?P<head>\S.*)$")


# "03 Đoàn Luật sư", "Ban Chủ nhiệm 03 Đoàn Luật sư", "Lãnh đạo các Hội nêu trên": the addressees counted (or
# pluralised) by the head of their names, or a governing organ of each of them
_COUNTED = re.compile(r"^(?:(?P<organ>Ban\s+Chủ\s+nhiệm|Ban\s+Chấp\s+hành|Ban\s+Thường\s+vụ|Ban\s+Giám\s+đốc|Lãnh\s+đạo|"
                      r"Thủ\s+trưởng|Người\s+đứng\s+đầu)\s+)?(?P<count>\d{1,2}|[Cc]ác)\s+(?P<rest>\p{Lu}.*)$")


def _counted_members(name: str, recipients: list[dict]) -> list[dict]:
    """The Kính gửi addressees whose names open with ``rest`` when ``name`` counts or pluralises them
    (``03 Đoàn Luật sư`` of a letter to the Đoàn Luật sư of three provinces); a count that is not theirs
    (``02 Đoàn Luật sư`` of three) names some of them, not all: nothing."""
    m = _COUNTED.match(name)
    if not m or (not m.group("organ") and not m.group("count").isdigit()):
        return []  # "Các Điện lực" alone: _head_members
    rest = m.group("rest").lower()
    members = [r for r in recipients if not r.get("is_group") and r["name"].lower().startswith(rest + " ")]
    if len(members) < 2 or (m.group("count").isdigit() and int(m.group("count")) != len(members)):
        return []
    return members


def _head_members(name: str, recipients: list[dict]) -> list[dict]:
    """``Các Điện lực``, ``Các Sở``: a bare unit head in the plural names the addressees that carry that head
    (the letter's own ``Kính gửi: Các Điện lực: Hạ Long, Cẩm Phả``), not a class of its own."""
    m = _PLURAL_HEAD.match(name) if name[:3].lower() == "các" else None
    if not m:
        return []
    head = m.group("head").strip().lower()
    if head not in {h.lower() for h in data("units")["heads"]}:
        return []
    return [r for r in recipients if not r.get("is_group") and r["name"].lower().startswith(head + " ")]


# an addressee that goes on past a unit's name with a comma names a list ("Các công đoàn ngành, công đoàn cơ
# sở trực thuộc"): "các công đoàn ngành" of the body is one class of it, not the addressee named in full
_LIST_GOES_ON = re.compile(r"\s*[,;]\s")


def _names_part(addressee: str, name: str, after: str) -> bool:
    """``name`` is the first class of an addressee that lists more (``Các công đoàn ngành`` of ``Các công đoàn
    ngành, công đoàn cơ sở trực thuộc``) and the text ``after`` it does not go on with the rest (asked where the body lists units of its own,
    "A, B và các công đoàn ngành": a name alone may be the addressee's, cut short by the parser)."""
    full, part = _no_cac(addressee.lower()), _no_cac(name.lower())
    if not _LIST_GOES_ON.match(full, len(part)):
        return False
    rest = " ".join(full[len(part):].split()).lstrip(" ,;")
    return not " ".join(after.lower().split()).lstrip(" ,;").startswith(rest[:20])


def _units(s: str, offset: int, recipients: list[dict], aliases: dict[str, list[dict]] | None = None) -> list[dict] | None:
    spans = _split_units(s)
    if not spans:
        return None
    v = _vocab()
    out: list[dict] = []
    for a, b in spans:
        raw = s[a:b].strip()
        bare = frames.strip_qualifier(raw)
        if aliases:
            low = " ".join(bare.lower().split())
            alias = aliases.get(low) or aliases.get(_no_cac(low))
            if alias:
                out.extend(dict(u) for u in alias)  # "(sau đây gọi tắt là các Đoàn Luật sư)"
                continue
        if v["generic"].fullmatch(bare.lower()) or bare.lower() in ("các cơ quan, đơn vị, địa phương",) \
                or frames.polite(bare):
            if recipients:
                out.extend(dict(r) for r in _polite_scope(bare, recipients))
                continue
            if frames.person_form(bare):
                continue  # "Các đại biểu ... phải có đủ tiêu chuẩn" with no addressee: persons, not a unit
        if "các " in bare and (named := _NAMED_MEMBERS.match(bare)):
            # "UBND các huyện Nghi Lộc, Diễn Châu": each place named is a unit of its own
            for place in re.split(r"\s*,\s*|\s+và\s+", named.group("names")):
                name = canonical_unit(f"{named.group('head')} {named.group('level')} {place}")
                same = [r for r in recipients if unit_key(r["name"]) == unit_key(name)]
                out.append(dict(same[0], raw=place) if same else {"name": name, "raw": place, "is_group": False})
            continue
        if recipients and (headed := _headed_generic(bare, recipients)):
            out.extend(headed)  # "Công an các đơn vị, địa phương" of a letter to "Công an các tỉnh, thành phố"
            continue
        raw = _SUB_UNIT.sub("", raw)  # "Bộ Kế hoạch và Đầu tư (Tổng cục Thống kê)": the body responsible
        # "Sở Nội vụ (cơ quan thường trực Hội đồng ...)", "Sở Nội vụ - cơ quan thường trực ...": its role, not its name
        bare_name = _ROLE_APPOSITION.sub("", raw) or raw
        if not bare_name[:4].lower() == "các ":
            # "Xí nghiệp Quản lý mạng lưới thuộc Công ty": whose unit it is (the sender's), no part of its name; a class
            # ("Các đơn vị thuộc Sở") is named by it
            bare_name = _OWN_BODY_OF.sub("", bare_name) or bare_name
        name = canonical_unit(_BACK_REFERENCE.sub("", bare_name))  # "các tỉnh nêu trên": those named above
        if not name or " " not in name.strip():
            continue  # a head alone ("Ban", "Hội" of a garbled text layer) names no unit
        cls = _LEVEL_CLASS.match(name)
        levels = [lv.strip() for lv in cls.group("level").split(",")] if cls else []
        members = [r for r in recipients if not r.get("is_group")
                   and any(r["name"].startswith(f"{cls.group('head')} {lv} ") for lv in levels)] if cls else []
        if len(members) >= 2:
            out.extend(dict(r) for r in members)  # "UBND các tỉnh" of a letter to UBND tỉnh A, B and C
            continue
        members = _counted_members(name, recipients)
        if members:
            out.extend(dict(r, raw=raw) for r in members)  # "Ban Chủ nhiệm 03 Đoàn Luật sư nêu trên"
            continue
        members = _head_members(name, recipients)
        if len(members) >= 2:
            out.extend(dict(r, raw=raw) for r in members)  # "Các Điện lực" of a letter to "Các Điện lực: Hạ Long, Cẩm Phả"
            continue
        key = _no_cac(unit_key(name, keep_level=True))
        fuller = [r for r in recipients if _no_cac(unit_key(r["name"], keep_level=True)).startswith(key + " ")
                  and not (len(spans) > 1 and _names_part(r["name"], name, s[b:]))] \
            if len(key.split()) >= 3 else []
        same = [r for r in recipients if _no_cac(unit_key(r["name"], keep_level=True)) == key]
        if not same and not fuller and recipients:
            # "các đồng chí Trưởng thôn" (-> "Trưởng các thôn") of a letter to "Các đồng chí Trưởng thôn trên địa bàn
            # xã": the addressee, named with its qualifier in "Kính gửi"
            same = [r for r in recipients if r.get("is_group") and unit_key(canonical_unit(frames.strip_qualifier(r["name"])),
                                                                              keep_level=True) == unit_key(name, keep_level=True)]
        if len(fuller) == 1 or len(same) == 1:
            out.append(dict((same or fuller)[0], raw=raw))  # the addressee, named in full in "Kính gửi"
            continue
        bag = _word_bag(key)
        reordered = [r for r in recipients if len(bag) >= 4 and _word_bag(_no_cac(unit_key(r["name"], keep_level=True))) == bag]
        if len(reordered) == 1:
            # "Ban Chấp hành 03 Hội công chứng viên Lâm Đồng, Đắk Nông, Bình Thuận (cũ)" of a letter to "Ban Chấp hành
            # Hội công chứng viên tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ)": the addressee, its words in another order
            out.append(dict(reordered[0], raw=raw))
            continue
        out.append({"name": name, "raw": raw, "is_group": is_group(name)})
    seen, uniq = set(), []
    for u in out:
        k = unit_key(u["name"])
        if k not in seen:
            seen.add(k)
            uniq.append(u)
    return uniq or None



def _polite_scope(form: str, recipients: list[dict]) -> list[dict]:
    """``Quý Ủy ban`` means the addressees that are Ủy ban; ``Quý cơ quan`` all of them."""
    m = re.match(r"^Quý\s+(?P<head>\p{Lu}[\p{L}]*)", form)
    if m and m.group("head").lower() not in ("cơ", "đơn", "vị", "địa", "đại"):
        word = unit_key(canonical_unit(m.group("head"))).split()[:1]
        scoped = [r for r in recipients if unit_key(r["name"]).split()[:1] == word]
        if scoped:
            return scoped
    return recipients


# "các bộ, cơ quan ..." (lower case) opens a unit list too; "được X giao ..." after the units says who they are
_CLASS_START = re.compile(r"(?:^|(?<=\s))các\s+(?:bộ|sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương)(?![\p{L}])")
_PASSIVE_CLAUSE = re.compile(r"\s+được\s+")


@lru_cache(maxsize=None)
def _unit_abbreviation() -> re.Pattern:
    """A unit's abbreviated head (``KBNN``, ``BHXH``, ``UBND``): the abbreviations that stand for a unit name."""
    heads = frames.heads_pattern()
    abbr = [k for k, n in data("abbreviations")["units"].items() if len(k) >= 3 and k.isupper() and heads.match(n)]
    return re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(k) for k in sorted(abbr, key=len, reverse=True)) + r")(?![\p{L}])")


def _alias_table(text: str, start: int, end: int, recipients: list[dict]) -> dict[str, list[dict]]:
    """What the names a letter defines stand for: ``(sau đây gọi tắt là các Đoàn Luật sư)`` -> the
    units listed before it; ``Cục Quản lý Khám, chữa bệnh (KCB)`` -> that unit."""
    table: dict[str, list[dict]] = {}
    for m in frames.find_aliases(text, start=start, end=end):
        alias, scope = m.value
        cues = _live_cues(scope)
        if cues:  # "Bộ Nội vụ đề nghị UBND các tỉnh (sau đây gọi chung là các tỉnh)": what the ask names
            scope = scope[cues[-1].end():]
        scope = scope[scope.rfind(")") + 1:].lstrip(" ,")  # after an alias defined before it in the sentence
        found = [x for x in (frames.heads_pattern().search(scope), _CLASS_START.search(scope),
                             _unit_abbreviation().search(scope) if any(c.isupper() for c in scope[1:]) else None) if x]
        if not found:
            continue
        u = min(found, key=lambda x: x.start())  # ("hướng dẫn KBNN các tỉnh, thành phố (sau đây gọi là KBNN tỉnh)")
        scope = scope[u.start():]
        full = data("abbreviations")["units"].get(u.group(0))
        if full and scope.startswith(u.group(0) + " "):
            scope = full + scope[len(u.group(0)):]  # (the head written out, as the unit parser knows it)
        act = next(_actions(scope), None)
        if act is not None:
            scope = scope[: act.start()]
        scope = _PASSIVE_CLAUSE.split(scope, 1)[0]  # "UBND cấp tỉnh được Thủ tướng Chính phủ giao ...": who they are
        units = _units(frames.strip_between(scope.rstrip(" ,")), 0, recipients)
        if units:
            low = " ".join(alias.lower().split())
            table[low] = units
            table[_no_cac(low)] = units
    return table


_SHARED_IN_SENT = re.compile(r"^(?:(?:(?P<title>Giám\s+đốc|Thủ\s+trưởng|Lãnh\s+đạo|Chủ\s+tịch)\s+)?[Cc]ác\s+"
                             r"(?P<head>(?i:sở|phòng|bộ|ban|cục|vụ|trường|trung\s+tâm|hội))|"
                             r"(?P<body>(?:Ủy\s+ban\s+nhân\s+dân|UBND|Công\s+an|Ban\s+Chỉ\s+huy\s+Quân\s+sự))\s+các\s+"
                             r"(?P<level>" + LEVEL + r"))\s*:\s*(?=\p{Lu})")


@lru_cache(maxsize=None)
def _joined_fields() -> re.Pattern:
    """Field names that hold "và" or a comma (from the abbreviation and unit lexicons)."""
    names = {n for n in data("abbreviations")["units"].values() if " và " in n or "," in n}
    names |= {n for n in data("units")["comma_names"] if " " in n}
    return re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+")
                                                   for n in sorted(names, key=len, reverse=True)) + r")(?![\p{L}])")


_OWN_HEAD = re.compile(r"(?:Ủy\s+ban|UBND|HĐND|Sở|Bộ|Phòng|Văn\s+phòng|Ban|Cục|Chi\s+cục|Trung\s+tâm|[Cc]ác)\s")


def _distribute_head(rest: str) -> str:
    """``các Sở: Tài chính, Nội vụ, Y tế tham mưu ...`` -> ``Sở Tài chính, Sở Nội vụ, Sở Y tế tham mưu
    ...``: a shared head in the middle of a sentence, given to each unit up to the one the verb follows."""
    m = (_SHARED_IN_SENT.match(rest) if ":" in rest else None) or _shared_without_colon(rest)
    if not m:
        return _counted_places(rest)
    head = m.group("head") or f"{m.group('body')} {m.group('level')}"
    head = head[:1].upper() + head[1:]  # "giao các sở: Giao thông vận tải, ..." -> "Sở Giao thông vận tải"
    if m.group("title"):
        head = f"{m.group('title')} {head}"  # "Giám đốc các Sở: Tư pháp, Nội vụ" -> "Giám đốc Sở Tư pháp, ..."
    out, pos, tail = [], m.end(), rest[m.end():]
    # "Nông nghiệp và Phát triển nông thôn", "Văn hóa, Thể thao và Du lịch": a field's own "và" and commas
    joined = [(j.start(), j.end()) for j in _joined_fields().finditer(tail)]
    for sep in re.finditer(r"\s*,\s*|\s+và\s+|$", tail):
        if any(a < sep.start() < b for a, b in joined):
            continue
        piece = tail[pos - m.end():sep.start()]
        if _OWN_HEAD.match(piece):
            break  # "các Bộ: Công an, Quốc phòng và Ủy ban nhân dân các tỉnh": a unit with its own head ends the list
        out.append(f"{head} {piece}{sep.group(0)}")
        pos = m.end() + sep.end()
        if any(a.group(0)[:1].islower() for a in _actions(piece)) or not sep.group(0) or frames.has_between_clause(piece):
            break  # the verb, or "căn cứ chức năng, ...": what follows the list is no longer units
    return "".join(out) + rest[pos:]


# "các Bộ Tài chính, Kế hoạch và Đầu tư xem xét ...": a ministry or department head shared by fields listed after it
_SHARED_NO_COLON = re.compile(r"^(?:(?P<title>Giám\s+đốc|Thủ\s+trưởng|Lãnh\s+đạo)\s+)?[Cc]ác\s+(?P<head>Bộ|Sở)\s+(?=\p{Lu})"
                              r"(?P<body>)(?P<level>)")
_NEXT_FIELD = re.compile(r",\s+(?=\p{Lu})")


def _shared_without_colon(rest: str):
    """The match of ``các Bộ A, B và C`` where each piece after a comma is a field (capitalised, no unit head of its
    own) up to the first verb: a shared head without its colon. Not ``các Sở Giáo dục và Đào tạo`` (one field: the
    class of them) nor ``các Sở Tài chính, Phòng Tài chính`` (a list of units)."""
    m = _SHARED_NO_COLON.match(rest) if rest[:1] in "GTLCc" else None
    if not m:
        return None
    verb = next((a for a in _actions(rest[m.end():]) if a.group(0)[:1].islower()), None)
    names = rest[m.end(): m.end() + verb.start()] if verb else ""
    commas = list(_NEXT_FIELD.finditer(names))
    if not commas or any(frames.heads_pattern().match(names, c.end()) for c in commas):
        return None
    return m


# "Hội Luật gia của 02 tỉnh (Lâm Đồng, Bình Thuận cũ)": one body of each place the parenthesis names
_COUNTED_PLACES = re.compile(r"^(?P<head>\p{Lu}[^,;:()]{1,80}?)\s+(?:của\s+)?(?:các\s+)?\d{1,2}\s+(?P<level>tỉnh|huyện|xã|thành\s+phố)"
                             r"\s*\((?P<places>\p{Lu}[^()]{1,200}?)(?:\s*\(?\s*cũ\s*\)?)?\)")


def _counted_places(rest: str) -> str:
    """``Hội Luật gia của 02 tỉnh (Lâm Đồng, Bình Thuận cũ) hoàn thiện ...`` -> ``Hội Luật gia tỉnh Lâm Đồng, Hội Luật
    gia tỉnh Bình Thuận hoàn thiện ...``."""
    m = _COUNTED_PLACES.match(rest) if "(" in rest else None
    if not m:
        return rest
    places = [p.strip() for p in re.split(r"\s*,\s*|\s+và\s+", m.group("places")) if p.strip()]
    count = int(re.search(r"\d{1,2}", m.group(0)).group(0))
    if len(places) != count or not all(p[:1].isupper() for p in places):
        return rest  # the count names other places than the parenthesis
    return ", ".join(f"{m.group('head')} {m.group('level')} {p}" for p in places) + rest[m.end():]


def _own_act(ob: Match, issuer: str) -> bool:
    """The sender's own act ("Sở Tài chính gửi ý kiến ...", "Chủ tịch UBND tỉnh ủy quyền ..."), not a
    duty it imposes; compared without accents (OCR drops and swaps them)."""
    own = _fold(unit_key(issuer))
    return all(own.startswith(_fold(_untitled(unit_key(u["name"])))) for u in ob.value["responsible"])
