"""Signature block: authority prefix (TM./KT./TL./TUQ./Q.), title, name."""
from __future__ import annotations

from functools import lru_cache

from . import fastre as re

from congvan.pipeline.legacy import plausible_syllable

from .base import LEAD_SPACE, Match, TextLine, data, is_upper, line_matches, lines
from .units import canonical_unit, sentence_case

# older letters write the prefixes with a slash or in words: "K/T TRƯỞNG BAN", "T/M BAN THƯỜNG VỤ", "THAY MẶT ỦY
# BAN NHÂN DÂN", "THỪA LỆNH BỘ TRƯỞNG" (data/signer.json 'spelled_authorities')
_SLASHED = data("signer")["spelled_authorities"]
# "KT. BỘ TRƯỞNG"; a copy that lost the dot ("KT BỘ TRƯỞNG") still carries the prefix
AUTHORITY = re.compile(r"^\s*(?:(TM|KT|TL|TUQ|Q)\s*\.\s*|(TM|KT|TL|TUQ)\s+(?=\p{Lu}{2})|("
                       + "|".join(re.escape(k) for k in sorted(_SLASHED, key=len, reverse=True))
                       + r")(?:\s*\.\s*|\s+)(?=\p{Lu}))")
# what stands in a signature block but is no title: the term of a body, the signing note, an aside
_TERM = re.compile(r"^(?:Nhiệm\s+kỳ|NHIỆM\s+KỲ|Khóa|KHÓA)\s+[\dIVXL]")
_SIGNED_NOTE = re.compile(r"^\(?\s*(?:đã\s+)?k[ýí](?:\s+tên)?(?:\s+và\s+đóng\s+dấu)?\s*\)?\.?$|^\[?\s*(?:đã\s+ký|signed)\s*\]?$", re.I)
_NAME = re.compile(r"^(?:\p{Lu}[\p{Ll}\p{Lu}]*\.?\s+){1,5}\p{Lu}[\p{Ll}\p{Lu}]*$")


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def canonical_title(raw: str) -> str:
    """``PHÓ GIÁM ĐỐC`` -> ``Phó Giám đốc``; ``VỤ TRƯỞNG VỤ CẢI CÁCH ...`` -> ``Vụ trưởng Vụ Cải cách ...``."""
    titles = {t.lower(): t for t in data("signer")["titles"]}
    t = re.sub(r"\s+", " ", raw).strip(" ,.")
    if t.lower() in titles:
        return titles[t.lower()]
    if "/" in t and all(p.strip().lower() in titles for p in t.split("/")):
        return "/".join(titles[p.strip().lower()] for p in t.split("/"))  # "PHÓ CHỦ TỊCH/TỔNG THƯ KÝ": two titles
    for known in sorted(titles, key=len, reverse=True):
        if t.lower().startswith(known + " "):
            return f"{titles[known]} {canonical_unit(t[len(known) + 1:])}"
    return sentence_case(t)


def _is_title_line(t: str) -> bool:
    return bool(AUTHORITY.match(t)) or (is_upper(t) and len(t) <= 60 and not re.search(r"\d", t)) \
        or _garbled_title(t) is not None


def _garbled_title(t: str) -> str | None:
    """A title line whose first words OCR garbled, the signature drawn over them (``ĐỀU đau GIÁM ĐỐC``): the
    known title its capitals end with. None for any other line."""
    if len(t) > 60 or not t[-1:].isupper() or re.search(r"\d", t) or AUTHORITY.match(t):
        return None
    known = next((x for x in _titles_upper() if t.endswith(" " + x)), None)
    if known is None:
        return None
    lead = t[:len(t) - len(known)].strip()
    # "uc; PHÓ CHÁNH VĂN PHÒNG", "ĐỀU đau GIÁM ĐỐC": specks or lowercase before the capitals; a title in
    # capitals all through ("GIÁM ĐỐC SỞ NỘI VỤ", "PHÓ CHỦ TỊCH THƯỜNG TRỰC") is no garbled one
    return known if lead and (not is_upper(lead) or re.search(r"[^\p{L}\s]", lead)) else None


def _is_smudge(t: str) -> bool:
    """OCR of a signature or a stamp: fewer than half of the line's words are Vietnamese syllables."""
    words = [w for w in re.findall(r"\p{L}+", t) if len(w) > 1]
    return bool(words) and sum(plausible_syllable(w.lower()) for w in words) * 2 < len(words)


# military and police ranks printed before a signer's name ("Đại tá Huỳnh Ngọc Liêm"): not the name
_RANK = re.compile(r"^(?:(?:Đại|Thượng|Trung|Thiếu|Thiêu|Thiều)\s+(?:tá|úy|uý|tướng)|ĐẠI\s+TÁ|THƯỢNG\s+TÁ|TRUNG\s+TÁ|THIẾU\s+TÁ|"
                   r"THIẾU\s+TƯỚNG|TRUNG\s+TƯỚNG|THƯỢNG\s+TƯỚNG|ĐẠI\s+TƯỚNG|Đại\s+tướng|"
                   # academic and professional degrees ("TS. Nguyễn Văn A", "PGS.TS. ...", "BSCKII. ...")
                   # a rank OCR garbled ("Niều-tưống" for Thiếu tướng): a word, then a lowercase "t...ng"/"tá"
                   r"\p{Lu}\p{Ll}{2,5}[-\s]t[ưuứừ]\s?\p{Ll}{0,2}ng(?=\s+\p{Lu})|"
                   r"(?:(?:PGS|GS)\.\s*)?TS\.|ThS\.|Ths\.|GS\.|BSCKI{1,2}\.|BS\.|KS\.|LS\.|NCS\.)\s*(?=\p{Lu})")
# what e-office signing stamps under the title: "Ký bởi: Nguyễn Văn A" names the signer as signed; the
# lines beside it ("Email: ...", "Cơ quan: ...", "Thời gian ký: ...") are not the name
_SIGNED_BY = re.compile(r"^(?:Ký\s+bởi|Người\s+ký|Được\s+ký\s+bởi|Signed\s+by)\s*:\s*(?P<name>\S.*?)\s*$", re.I)
_STAMP_META = re.compile(r"^(?:E-?mail|Cơ\s+quan|Chức\s+vụ|Thời\s+gian\s+ký|Ngày\s+ký|Date|Time)\s*:", re.I)


@lru_cache(maxsize=1)
def _titles_lower() -> frozenset[str]:
    return frozenset(x.lower() for x in data("signer")["titles"])


# a run of dotted abbreviations before a name holding a known degree ("LS. TS. Đỗ Ngọc Thịnh", "ThS. BS. Lê C", one
# of them misread by OCR: "ES. TS."): a Vietnamese name has no dotted word, so the whole run is the degrees
_DOTTED_RUN = re.compile(r"^(?:\p{Lu}\p{L}{0,5}\.\s*){2,4}(?=\p{Lu}\p{Ll})")


def _unranked(t: str) -> str:
    run = _DOTTED_RUN.match(t)
    if run and any(_RANK.match(w + " A") for w in run.group().split()):
        return t[run.end():]
    return _RANK.sub("", t)


@lru_cache(maxsize=1)
def _not_name_openers() -> tuple[str, ...]:
    return tuple(w.lower() + " " for w in data("signer")["not_name_openers"])


def _is_name(t: str) -> bool:
    t = _unranked(t)
    if len(t) > 40 or re.search(r"[\d:;,()/]", t) or t.lower() in _titles_lower():
        return False
    if t.lower().startswith(_not_name_openers()):
        return False  # "CÔNG AN TỈNH LÂM ĐỒNG": a header (a copy's, below the signature), not a person
    words = t.split()
    if not 2 <= len(words) <= 5:
        return False
    return bool(_NAME.match(t)) and not AUTHORITY.match(t)


_NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận", re.M)
# what OCR reads in a signature or a stamp between the title and the name: letters two at most a word ("TG", "J AE")
_SPECKS = re.compile(r"^(?:[^\p{L}\d]*\p{L}{1,2}(?![\p{L}\d]))+[^\p{L}\d]*$")


def _prefix(m: re.Match) -> str:
    return m.group(1) or m.group(2) or _SLASHED[m.group(3)]


def _without_asides(tail: list) -> list:
    """Lines outside parentheses that span whole lines. A parenthesis left open does not run past
    the letter's closing mark or ``Nơi nhận`` (``(Đính kèm dự thảo Quyết định ./.`` never closed
    had hidden the whole signature block)."""
    out, depth = [], 0
    for line in tail:
        t = line.text.strip()
        if depth and (_NOI_NHAN.match(t) or AUTHORITY.match(t)):
            depth = 0  # a "(" never closed above (OCR's "vanphong(2gmail. com)") holds no signature block
        opens = depth > 0 or t.startswith("(")
        depth = max(0, depth + t.count("(") - t.count(")"))
        if t.endswith("/."):
            depth = 0
        if not opens:
            out.append(line)
    return out


# a block a copy ran onto one line: "- Lưu: VT. KT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Văn An"
_MID_AUTHORITY = re.compile(r"(?<=(?:[.;]|\p{Lu}{2})\s{1,3})(?=(?:TM|KT|TL|TUQ|Q)\.\s*\p{Lu}{2})")
_TRAILING_NAME = re.compile(r"\s+(?P<name>(?:\p{Lu}[\p{Ll}]*\.?\s+){1,4}\p{Lu}[\p{Ll}]+)\.?\s*$")


_SIGNED_ON_LINE = re.compile(r"^\s*[(\[]\s*(?:đã\s+ký|signed)[^)\]]{0,20}[)\]]\s*(?=\p{Lu})|"
                             r"(?<=\p{Ll})\s*[(\[]\s*(?:đã\s+ký|signed)[^)\]]{0,20}[)\]]\s*$", re.I)


@lru_cache(maxsize=1)
def _titles_upper() -> tuple[str, ...]:
    return tuple(sorted((t.upper() for t in data("signer")["titles"]), key=len, reverse=True))


@lru_cache(maxsize=1)
def _secondary_titles() -> frozenset[str]:
    return frozenset(data("signer")["secondary_titles"])


def _names_a_body(t: str) -> bool:
    """``HỘI ĐỒNG THẨM ĐỊNH``, ``ỦY BAN NHÂN DÂN``: a unit's name (data/units.json 'heads'), not a title."""
    up = t.strip().upper() + " "
    return not up.startswith(_titles_upper()) and up.startswith(tuple(h.upper() + " " for h in data("units")["heads"]))


def _piece(line: TextLine, a: int, b: int) -> TextLine:
    while a < b and line.text[a].isspace():
        a += 1
    while b > a and line.text[b - 1].isspace():
        b -= 1
    return TextLine(line.start + a, line.start + b, line.text[a:b])


def _block_lines(line: TextLine) -> list[TextLine]:
    """The lines of a signature block that a copy put on one line, each with its offsets: split before
    a second authority (``TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH``), between the principal's title and the
    signer's (``KT. BỘ TRƯỞNG THỨ TRƯỞNG``), and before a name after the capitals (``... THỨ TRƯỞNG
    Nguyễn Văn An``); a name's closing full stop is dropped. Other lines come back as they are."""
    t = line.text
    cuts = [m.start() for m in _MID_AUTHORITY.finditer(t)] \
        if "KT." in t or "TM." in t or "TL." in t or "Q." in t else []  # (TUQ. has Q.) the quick answer for most lines
    if cuts:
        bounds = [0, *cuts, len(t)]
        return [p for a, b in zip(bounds, bounds[1:]) for p in _block_lines(_piece(line, a, b))]
    signed = _SIGNED_ON_LINE.search(t) if "(" in t or "[" in t else None  # the note stands in brackets
    if signed:  # "Nguyễn Văn An (đã ký)", "(Đã ký) Nguyễn Văn An": the note beside the name is no part of it
        a, b = signed.span()
        rest = _piece(line, b, len(t)) if a == 0 else _piece(line, 0, a)
        return _block_lines(rest) if rest.text else [line]
    stripped = t.strip()
    if stripped[:1] in "-–+" and stripped[-1:].isupper():
        # "- Lưu VT, PC04, GIÁM ĐỐC": the last Nơi nhận entry ran on (its comma) into the signer's title
        last = next((x for x in _titles_upper() if stripped.endswith(" " + x)), None)
        cut = len(t.rstrip()) - len(last) if last else 0
        if last and t[:cut].rstrip()[-1:] in ",;." and not is_upper(t[:cut].strip(" -–+,;.")):
            return [_piece(line, 0, cut), _piece(line, cut, len(t))]
    if not AUTHORITY.match(stripped):
        if stripped.endswith(".") and _is_name(stripped[:-1]):
            return [_piece(line, 0, len(t.rstrip()) - 1)]
        return [line]
    m = _TRAILING_NAME.search(t)
    if m and _is_name(m.group("name")) and is_upper(t[:m.start()]):
        return [*_block_lines(_piece(line, 0, m.start())), _piece(line, m.start("name"), m.end("name"))]
    head = AUTHORITY.match(t)
    rest = t[head.end():]
    for first in _titles_upper():
        if rest.startswith(first + " ") and rest[len(first) + 1:].lstrip().startswith(_titles_upper()):
            cut = head.end() + len(first)
            return [_piece(line, 0, cut), _piece(line, cut, len(t))]
    # a principal named by two titles ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM"): the signer's title is the
    # title the line ends with, after one the principal's name ends with
    for last in _titles_upper():
        left = rest[:len(rest) - len(last)].rstrip()
        if rest.endswith(" " + last) and not left.endswith(",") and left.rstrip(" ,").endswith(_titles_upper()):
            cut = head.end() + len(left)
            return [_piece(line, 0, cut), _piece(line, cut, len(t))]
    return [line]


def find_signer(text: str, *, end: int | None = None) -> Match | None:
    """The signature block: beside ``Nơi nhận`` where there is one (appendices may follow)."""
    end = len(text) if end is None else end
    nn = list(line_matches(_NOI_NHAN, text, "Nơi", LEAD_SPACE, 0, end))  # _NOI_NHAN.finditer(text, 0, end)
    if nn:
        end = min(end, nn[-1].start() + 2000)
    tail = [p for line in list(lines(text, max(0, end - 3000), end))[-45:] for p in _block_lines(line)]
    # drop blank lines and stray marks of a signature image ("Hdfđ"), the "Đã ký" note and asides in
    # parentheses under the title ("(Phó trưởng ban thường trực BCĐ ...)")
    tail = [l for l in _without_asides(tail)
            if l.text.strip() and (len(l.text.strip()) > 6 or is_upper(l.text)) and not _SIGNED_NOTE.match(l.text.strip())
            and not _STAMP_META.match(l.text.strip()) and not _SPECKS.match(l.text.strip())]
    kept = []
    for i, l in enumerate(tail):
        by = _SIGNED_BY.match(l.text.strip())
        if by is None:
            kept.append(l)
        elif not any(_is_name(n.text.strip()) for n in tail[i + 1:i + 4]):
            # the stamp's name stands for the name where no typed one follows it (an agency's stamp,
            # "Ký bởi: Sở Nội vụ", over a typed name is only in the way)
            kept.append(TextLine(l.start + l.text.index(by.group("name")), l.end, by.group("name")))
    tail = kept
    secondary = None
    for k in range(len(tail) - 1, -1, -1):
        t = tail[k].text.strip()
        if not _is_name(t) or (secondary is not None and tail[k].end > secondary.start):
            continue
        j = k - 1
        while j > 0 and k - j <= 2 and _is_smudge(tail[j].text.strip()) and not _is_title_line(tail[j].text.strip()):
            j -= 1  # the signature's or the stamp's smudges between the title and the name
        if not (j >= 0 and _is_title_line(tail[j].text.strip())):
            continue
        block = []
        while j >= 0 and (_is_title_line(tail[j].text.strip()) or _TERM.match(tail[j].text.strip())) and len(block) < 6:
            if _TERM.match(tail[j].text.strip()):
                j -= 1  # "Nhiệm kỳ 2019-2025" under the body's name: part of the block, not of the title
                continue
            block.insert(0, tail[j])
            if AUTHORITY.match(tail[j].text.strip()) and (j == 0 or not AUTHORITY.match(tail[j - 1].text.strip())):
                break
            j -= 1
        # outermost authority: the first prefixed line of the block
        authority = None
        for b in block:
            m = AUTHORITY.match(b.text.strip())
            if m:
                authority = _prefix(m) + "."
                break
        last_prefixed = max((i for i, b in enumerate(block) if AUTHORITY.match(b.text.strip())), default=-1)
        after = [b.text.strip() for b in block[last_prefixed + 1:]]
        # the prefixed line's long name wrapped onto the lines below it ("KT. CỤC TRƯỞNG CỤC CƠ SỞ VẬT" / "CHẤT
        # VÀ THIẾT BỊ TRƯỜNG HỌC" / "PHÓ CỤC TRƯỞNG"): the signer's title starts at the last line opening with one
        opening = [j for j, a in enumerate(after) if j and a.upper().startswith(_titles_upper())]
        if opening and not after[0].upper().startswith(_titles_upper()):
            after = after[opening[-1]:]
        garbled = [_garbled_title(a) for a in after]
        after = [g or a for g, a in zip(garbled, after)]
        title_raw = " ".join(after) if after else AUTHORITY.sub("", block[-1].text.strip()) if block else ""
        if not after and authority == "TM." and _names_a_body(title_raw):
            title_raw = ""  # "TM. HỘI ĐỒNG THẨM ĐỊNH" / the name: the body signed for, the signer's title not given
        principal = AUTHORITY.sub("", block[last_prefixed].text.strip()) if last_prefixed >= 0 else ""
        if (any(garbled) and authority == "KT." and principal.upper() == title_raw.upper()
                and len(block) - last_prefixed == 2):
            # "KT. GIÁM ĐỐC" / "ĐỀU đau GIÁM ĐỐC": who signs for the head is the head's deputy (data 'deputies')
            head_title = canonical_title(title_raw)
            title_raw = data("signer")["deputies"].get(head_title, f"Phó {head_title}")
        if "," in title_raw and not after:
            title_raw = title_raw.split(",")[-1]
        t = _unranked(t)
        name = t if not is_upper(t) else _title_case(t)
        start = block[0].start if block else tail[k].start
        value = {"name": name, "title": canonical_title(title_raw) if title_raw else None,
                 "authority": authority}
        found = Match("signer", start, tail[k].end, text[start: tail[k].end], value)
        if authority is None and value["title"] in _secondary_titles() and secondary is None:
            # a minutes' secretary ("THƯ KÝ" under the chair's block, OCR's order): the chair's block above is the
            # signer when there is one
            secondary = found
            continue
        return found
    if secondary is not None:
        return secondary
    # unsigned block: no name line
    for k in range(len(tail) - 1, -1, -1):
        t = tail[k].text.strip()
        if AUTHORITY.match(t):
            while k > 0 and AUTHORITY.match(tail[k - 1].text.strip()):
                k -= 1  # the outermost prefix of the block
            t = tail[k].text.strip()
            m = AUTHORITY.match(t)
            j = k
            while j + 1 < len(tail) and _is_title_line(tail[j + 1].text.strip()):
                j += 1
            title_line = tail[j].text.strip()
            value = {"name": None, "title": canonical_title(AUTHORITY.sub("", title_line)),
                     "authority": _prefix(m) + "."}
            return Match("signer", tail[k].start, tail[k].end, t, value, confidence=0.6)
    return None
