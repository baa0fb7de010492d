"""Trích yếu: the ``V/v`` line of a công văn, or the line under the kind title of other kinds."""
from __future__ import annotations

from functools import lru_cache

from . import fastre as re

from congvan.pipeline.line_joins import specks_line

from .base import QUOC_HIEU, Match, data, is_upper, lines
from .dates import DATE_LINE_NO_COMMA
from .doc_type import find_title
from .parts import _BODY_START

VV = re.compile(r"^\s*[“\"]?(?:V/v|V/V|v/v|Về\s+vi[ệêe]c)\s*:?\s*", re.M)
# "Về việc ..." under a kind title, also as OCR reads it ("và việc")
_VV_LEAD = re.compile(r"^(?:V/v|V/V|[VvV][ềeà]\s+vi[ệêe]c)\s*:?\s*")
# (a công điện's addressee line, "VĂN PHÒNG CHÍNH PHỦ điện:", is its Kính gửi)
_NOT_SUBJECT = re.compile(r"^(?:STT\b|Kính\s+gửi|\p{Lu}[\p{Lu} ]{1,60}\s+điện\s*:|Căn\s+cứ|Thực\s+hiện|Số\s*:|\p{Lu}[\p{L} ]+,\s*ng[àảáạãầ]y|[-_–—=*]{3,})")
# "V/v ..." ("V/v: ...", "Về việc ...") as its own line anywhere: a copy that moved the header's table cells after the body
_VV_ANYWHERE = re.compile(r"^\s*(?:V/[vV]\s*:?\s*\S|Về\s+việc\s*:?\s*(?!này\b)\p{Ll})", re.M)  # ("Về việc này, ...": body)
# what opens the body under a titled subject: a numbered heading ("I. MỤC ĐÍCH", "1. Mục đích")
_HEADING = re.compile(r"^(?:[IVXL]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s")
# the body of a giấy mời or báo cáo set right under its trích yếu ("Thời gian: ...", "... trân trọng kính mời: ...",
# "Năm 2024, UBND xã ..."): data/doc_types.json 'subject_stops'
_SUBJECT_STOP = re.compile("^(?:" + "|".join(data("doc_types")["subject_stops"]) + ")")


# "KẾ HOẠCH / Thực hiện đánh giá chỉ số ... năm 2025": a trích yếu may open with "Thực hiện" where the line is a
# title, not a preamble citing a document ("Thực hiện Công văn số 12/..., Sở X ..."): short, no comma, no number
_TITLE_THUC_HIEN = re.compile(r"^Thực\s+hiện\s(?![^\n]*(?:,|\bsố\s+\d|\d+\s*/\s*\d))[^\n]{5,150}$")


def find_subject(text: str, *, end: int) -> Match | None:
    window_end = max(end, 0) or min(len(text), 2000)
    m = VV.search(text, 0, window_end)
    if not m and find_title(text, end=window_end) is None:
        m = _VV_ANYWHERE.search(text, window_end)
        m = VV.match(text, m.start()) if m else None
        if m:
            window_end = len(text)
    if m:
        stop = text.find("\n", m.end())
        stop = len(text) if stop < 0 else stop
        # a V/v line broken where the next piece starts with a capital ("... tỉnh Lâm" / "Đồng")
        after_date = None
        for line in lines(text, stop + 1, window_end):
            t = line.text.strip()
            # the motto of the header's right column, read after the V/v lines (OCR of a two-column
            # header): it ends the subject even where the OCR lost its capitals
            if (not t or is_upper(t) or _NOT_SUBJECT.match(t) or VV.match(t) or len(t) > 200 or QUOC_HIEU.match(t) or specks_line(t)
                    or DATE_LINE_NO_COMMA.match(t)
                    or re.search(r"[.:;]$", text[m.end():stop].strip())):
                if t and not re.search(r"[.:;]$", text[m.end():stop].strip()) and (
                        DATE_LINE_NO_COMMA.match(t) or re.match(r"^\p{Lu}[\p{L} .]+,\s*ng[àảáạãầ]y", t)):
                    after_date = line.end
                break
            stop = line.end
        value = re.sub(r"\s*[_\-–—=*]{3,}$", "", re.sub(r"\s*\n\s*", " ", text[m.end():stop])).strip(" .;")
        rest = _after_date_line(text, after_date, window_end) if after_date is not None else None
        if rest:  # the two columns read row by row: the date line cut the V/v lines in two
            value = value + " " + re.sub(r"\s*\n\s*", " ", text[rest[0]:rest[1]]).strip(" .;")
        if value.endswith(("”", '"')) and not re.search(r"[“\"]", value[:-1]):
            value = value[:-1].rstrip(" .;")  # "“V/v ...”": the quotes a copy put around the line
        return Match("subject", m.start(), stop, text[m.start():stop], _without_authority(value) or None)
    title = find_title(text, end=window_end)
    if not title:
        return None
    if title.spans:  # "BÁO CÁO KIỂM ĐIỂM / CỦA BAN CHẤP HÀNH ... / Nhiệm kỳ IV": the subject is in the title
        a = title.spans[0][0]
        stop = title.end
        for line in lines(text, title.end + 1, min(len(text), title.end + 400)):
            t = line.text.strip()
            if not t or _NOT_SUBJECT.match(t) or re.match(r"^[_\-–]+", t) or len(t) > 120 or t.endswith("."):
                break
            stop = line.end
        raw = re.sub(r"\s*\n\s*", " ", text[a:stop]).strip(" .")
        value = " ".join(w.lower() if is_upper(w) and len(w) > 1 and not re.fullmatch(r"[IVXL]+", w) else w
                         for w in raw.split())
        value = value[:1].upper() + value[1:]  # in sentence case, as a trích yếu under its title line is
        return Match("subject", a, stop, text[a:stop], value or None)
    first = None
    for line in lines(text, title.end + 1, min(len(text), title.end + 1200)):
        t = line.text.strip()
        if first is None:
            if not t:
                continue
            if _NOT_SUBJECT.match(t) and not _TITLE_THUC_HIEN.match(t) or re.match(r"^[_\-–]+$", t) or (
                    is_upper(t) and (_opens_authority(t) or QUOC_HIEU.search(t))):
                return None  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...": the authority's line, no trích yếu
            first = last = line
            caps = is_upper(t)  # "KẾ HOẠCH" / "TRIỂN KHAI CÔNG TÁC ...": a trích yếu set in capitals
            continue
        # the trích yếu set over several centred lines; one starting with a capital is not joined to
        # it upstream ("... kỷ niệm 80 năm Ngày Cách mạng" / "Tháng Tám và Quốc khánh 2/9")
        if (not t or _NOT_SUBJECT.match(t) or _BODY_START.match(t) or _HEADING.match(t)
                or (is_upper(t) and not (caps and not _opens_authority(t) and not QUOC_HIEU.search(t)))
                or (caps and not is_upper(t))  # a trích yếu in capitals ends where the text in mixed case begins
                or _SUBJECT_STOP.match(t) or specks_line(t) or len(t) > 100 or re.match(r"^[_\-–—=*]+$", t) or re.search(r"[.:;]$", last.text.strip())):
            break
        last = line
    if first is None:
        return None
    joined = re.sub(r"\s*\n\s*", " ", text[first.start:last.end]).strip()
    value = re.sub(r"\s*[_\-–—=]{3,}$", "", _VV_LEAD.sub("", joined)).strip(" .")  # a rule under the title
    if caps and is_upper(value):  # in sentence case, its numerals ("NHIỆM KỲ IV") kept
        value = " ".join(w.lower() if len(w) > 1 and not re.fullmatch(r"[IVXL]+", w) else w for w in value.split())
        value = value[:1].upper() + value[1:]
    return Match("subject", first.start, last.end, text[first.start:last.end], _without_authority(value) or None)


def _after_date_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The V/v lines that go on below the date line (``V/v báo cáo kết quả`` / ``Hà Nội, ngày ...`` /
    ``thực hiện nhiệm vụ năm 2024``): lines opening in lower case, before the addressee or the body."""
    span = None
    for line in lines(text, start + 1, min(end, start + 400)):
        t = line.text.strip()
        if not t or not t[0].islower() or _NOT_SUBJECT.match(t) or _BODY_START.match(t) or len(t) > 120 or specks_line(t):
            break
        span = (span[0] if span else line.start, line.end)
        if re.search(r"[.:;]$", t):
            break
    return span


def _opens_authority(t: str) -> bool:
    return (" " + t + " ").startswith(_authority_openers())


@lru_cache(maxsize=1)
def _authority_openers() -> tuple[str, ...]:
    from .signer import _titles_upper

    # the titles and the collegial bodies that issue in their own name, not every unit's head ("LIÊN ĐOÀN ..." goes
    # on a trích yếu in capitals)
    return tuple(f" {w} " for w in (*_titles_upper(), "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "BAN CHẤP HÀNH",
                                     "BAN THƯỜNG VỤ", "THƯỜNG TRỰC", "HỘI ĐỒNG"))


def _without_authority(value: str) -> str:
    """The trích yếu without the issuing authority's line that OCR ran onto it ("... về dữ liệu THỦ TƯỚNG
    CHÍNH PHỦ", the line a quyết định sets above its Căn cứ): a run of capitals that opens with a title or a
    body, after words in lower case."""
    m = re.search(r"(?<=\p{Ll}[.,;]?)(?:\s+\p{Lu}[\p{Lu}&-]*){2,}$", value or "")
    if m and (m.group(0) + " ").startswith(_authority_openers()):
        return value[:m.start()].rstrip(" ,;")
    return value
