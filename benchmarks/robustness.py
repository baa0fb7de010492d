"""Letter-level metamorphic check: rewrite whole letters without changing what they say and count
the letters whose extracted values change.

The unit tests' metamorphic suite (tests/extractors/test_metamorphic.py) rewrites single sentences;
this rewrites whole letters the ways real copies differ from each other (a law portal's flattened
header, hard line breaks, blank lines between paragraphs, decomposed Unicode, new-style tone marks,
other date spellings, other politeness forms; the duty sentences reworded: a purpose clause or a preamble put
first, another cue, an adverb between the addressee and the verb, another deadline cue, UBND / HĐND spelled out
or abbreviated) and compares the values a tracker reads: the document
fields, recipients, cc and each obligation's unit, deadline and data window. It needs no gold, so it
runs on every letter there is, including the pool letters that have none.

    python benchmarks/robustness.py [--corpus DIR ...] [--exclude NAME ...] [--only T ...] [--show N]
    python benchmarks/robustness.py --pdf [--corpus DIR ...] [--exclude NAME ...] [--show N]
    python benchmarks/robustness.py --scan [--limit N] [--pages P] [--corpus DIR ...] [--exclude NAME ...]

``--pdf`` is the layout check instead: each plain-text letter (seeds and dev-text unless --corpus says
otherwise; a PDF in a --corpus folder gives its text as the reader laid it out) is laid out as an A4
PDF by ``corpora/render.py`` (two-column header, Kính gửi list to its right, justified hard-wrapped
body, page numbers, Nơi nhận beside the signature), read back with ``run.extract(path, ocr=False)``
and its values compared with the text's (``run.extract_text``).

Prints, for each transformation, how many letters kept every value, and the first differences.
The base is the letter's own text (a PDF's text as the reader laid it out), read as text: what a
rewrite changes is then only the rewrite.

``--scan``: the same letter as a scan. Each text PDF with a readable text layer (public and pool by
default; at most ``--pages`` pages, the first ``--limit``) is turned into an image-only copy with
``congvan.corpora.scan.scan_pdf`` (200 dpi, turned, grain, blur) in a temporary folder; both are read
with ``run.extract`` (the scan through OCR) and their values compared. Prints the differences and,
per field, how many scanned letters differ from their text layer. OCR takes seconds a page.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Callable

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


# ---------------------------------------------------------------- transformations (text -> text)

# where the header ends: the addressee (a công điện's "VĂN PHÒNG CHÍNH PHỦ điện:" too) or the body's first words
_HEADER_END = re.compile(r"^\s*(Kính gửi|Căn cứ|Thực hiện|Theo|Ngày \d|[^\n:]{2,60} điện:)", re.M)


_DATE_LINE_AT = re.compile(r"^[^\n]{2,60}, ngày\b[^\n]*năm \d{4}[^\n]*$", re.M)
_RULE = re.compile(r"^\s*[-_=*.]{4,}\s*$")


def flatten_header(text: str) -> str:
    """A law portal's copy: the header lines (up to Kính gửi) on one line. Where the letter has no
    Kính gửi (a báo cáo, a kế hoạch), the header ends with its title block: at the rule under the
    title or the first line as long as a body line after the date line (a portal keeps the body's
    paragraphs apart)."""
    m = _HEADER_END.search(text)
    if not m or m.start() == 0:
        return text
    end = m.start()
    date = _DATE_LINE_AT.search(text, 0, end)
    if date:
        pos = date.end() + 1
        for line in text[pos:end].splitlines(keepends=True):
            if _RULE.match(line):
                pos += len(line)
                end = pos
                break
            if len(line.strip()) >= 75:
                end = pos
                break
            pos += len(line)
    head = " ".join(x.strip() for x in text[:end].splitlines() if x.strip())
    return head + "\n" + text[end:]


def blank_lines(text: str) -> str:
    """A blank line between every two lines (copies from web pages)."""
    return "\n\n".join(text.splitlines())


def hard_wrap(text: str, width: int = 72) -> str:
    """Long lines broken at a space before ``width`` characters, as a laid-out page breaks them."""
    out = []
    for line in text.splitlines():
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            if cut <= 20:
                break
            out.append(line[:cut])
            line = line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


_OLD_TO_NEW = re.compile(r"(?<![qQ])([oOuU])([\u0300\u0301\u0309\u0303\u0323])([aAeEyY])(?![^\W\d_])")


def new_tones(text: str) -> str:
    """Traditional tone placement -> new style: "hòa" -> "hoà", "Ủy" -> "Uỷ" (open syllables)."""
    d = unicodedata.normalize("NFD", text)

    def fix(m: re.Match) -> str:
        if (m.group(1) + m.group(3)).lower() not in ("oa", "oe", "uy"):
            return m.group(0)
        return m.group(1) + m.group(3) + m.group(2)

    return unicodedata.normalize("NFC", _OLD_TO_NEW.sub(fix, d))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def nbsp(text: str) -> str:
    """Non-breaking and doubled spaces, as Word exports leave them."""
    return re.sub(r"(?<=\w) (?=\w)", lambda m: "\u00a0" if m.start() % 3 == 0 else "  " if m.start() % 3 == 1 else " ", text)


_DMY = re.compile(r"\bngày (\d{1,2})/(\d{1,2})/(\d{4})\b")
_WORDS = re.compile(r"\bngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})\b")


def dates_in_words(text: str) -> str:
    """``ngày 15/10/2025`` -> ``ngày 15 tháng 10 năm 2025``."""
    return _DMY.sub(lambda m: f"ngày {m[1]} tháng {m[2]} năm {m[3]}", text)


def dates_in_digits(text: str) -> str:
    """``ngày 15 tháng 10 năm 2025`` -> ``ngày 15/10/2025`` (body and date line alike)."""
    return _WORDS.sub(lambda m: f"ngày {m[1]}/{m[2]}/{m[3]}", text)


_PADDED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def dates_padded(text: str) -> str:
    """``5/9/2025`` -> ``05/09/2025``."""
    return _PADDED.sub(lambda m: f"{int(m[1]):02d}/{int(m[2]):02d}/{m[3]}", text)


def dates_dashed(text: str) -> str:
    """``05/09/2025`` -> ``05-09-2025``."""
    return _PADDED.sub(lambda m: f"{m[1]}-{m[2]}-{m[3]}", text)


_CUE = re.compile(r"(?<![\w])(?<![Kk]ính )(?<![Tt]rọng )(Đề nghị|đề nghị)(?= (?:các|Quý|UBND|Ủy ban|Sở|Bộ|Ban|Phòng|Văn phòng|Cục|đồng chí|Đồng chí))")


def cue_polite(text: str) -> str:
    """``Đề nghị các Sở ...`` -> ``Kính đề nghị các Sở ...``."""
    return _CUE.sub(lambda m: "Kính đề nghị" if m[1][0] == "Đ" else "kính đề nghị", text)


# how letters spell their field labels: "Số :" (Word's space before the colon), "Số 123/UBND-VP" (no colon, as party
# papers write it), "V/V", "V/v:", "Về việc", "Kính gửi :", "Kính gởi:" (the southern spelling), "Nơi nhận :"; one set
# per letter, so that every spelling is met across the corpus
_LABEL_SETS = (
    {"so": "Số : ", "vv": "V/V ", "kg": "Kính gửi : ", "nn": "Nơi nhận :"},
    {"so": "Số ", "vv": "V/v: ", "kg": "Kính gởi: ", "nn": "Nơi nhận :"},
    {"so": "Số : ", "vv": "Về việc ", "kg": "Kính gởi: ", "nn": "Nơi nhận:"},
)
_LABELS = re.compile(r"^(?P<lead>[ \t]*)(?:(?P<so>Số[ \t]*:[ \t]*)(?=\d|…|\.|/)|(?P<vv>V/v[ \t]+)(?=\S)|"
                     r"(?P<kg>Kính gửi[ \t]*:[ \t]*)|(?P<nn>Nơi nhận[ \t]*:))", re.M)


def labels(text: str) -> str:
    """``Số:``, ``V/v``, ``Kính gửi:``, ``Nơi nhận:`` at a line's start as other letters spell them (one set a letter)."""
    spell = _LABEL_SETS[sum(map(ord, text[:400])) % len(_LABEL_SETS)]
    return _LABELS.sub(lambda m: m["lead"] + spell[m.lastgroup], text)


_KG_HEAD = re.compile(r"^([ \t]*Kính gửi[ \t]*:)[ \t]*$", re.M)
_ITEM = re.compile(r"^[ \t]*[-–+•][ \t]*(\S.*?)[ \t]*$")


def kinh_gui_one_line(text: str) -> str:
    """A ``Kính gửi:`` list of ``- X;`` lines written on one line with commas: ``Kính gửi: Sở A, Sở B, UBND các xã.``
    (blank lines between the items, and an item's wrapped rest in lower case, go with them)."""
    m = _KG_HEAD.search(text)
    if not m:
        return text
    lines = text[m.end() + 1:].split("\n")
    items: list[str] = []
    used = 0
    for k, line in enumerate(lines):
        it = _ITEM.match(line)
        if it:
            items.append(it[1])
        elif not line.strip():
            pass
        elif items and line.strip()[:1].islower() and not items[-1].endswith((";", ".")):
            items[-1] += " " + line.strip()
        else:
            break
        used = k + 1
    if len(items) < 2:
        return text
    joined = ", ".join(x.rstrip(" ;,.") for x in items)
    return text[:m.start()] + f"{m[1]} {joined}.\n" + "\n".join(lines[used:])


# a word that is a Vietnamese syllable (title-cased by a copy) rather than an acronym ("UBND", "HĐND", "TP.")
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[aeiouy]+(?:ch|nh|ng|[cmnpt])?$")
_QH = re.compile(r"CỘNG HÒA|CỘNG HOÀ|ĐẢNG CỘNG SẢN|Độc lập")
_KIND_TITLE = re.compile(r"(?:KẾ HOẠCH|BÁO CÁO|TỜ TRÌNH|THÔNG BÁO|QUYẾT ĐỊNH|CÔNG VĂN|GIẤY MỜI|HƯỚNG DẪN|CHƯƠNG TRÌNH|"
                         r"NGHỊ QUYẾT|CHỈ THỊ|CÔNG ĐIỆN|ĐIỀU LỆ|QUY CHẾ|QUY ĐỊNH|BIÊN BẢN|DANH SÁCH|ĐỀ ÁN|PHƯƠNG ÁN)\b")


def _title_word(w: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", w.lower()) if not unicodedata.combining(c))
    return w[:1] + w[1:].lower() if _SYLLABLE.match(base.replace("đ", "d")) else w


def title_case_header(text: str) -> str:
    """The issuer's lines at the top in Title Case, as some copies set them (``Ủy Ban Nhân Dân Tỉnh Lâm Đồng`` /
    ``Sở Nội Vụ``; acronyms as they are: ``UBND Tỉnh Lâm Đồng``), up to the Số line; the Quốc hiệu as it is."""
    out, done = [], False
    for line in text.split("\n"):
        t = line.strip()
        if not done and (t.startswith(("Số", "V/v", "Kính gửi")) or _KIND_TITLE.match(t)):
            done = True  # (the kind's title, "KẾ HOẠCH", "ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)", stays in capitals)
        if done or not t:
            out.append(line)
            continue
        q = _QH.search(line)
        left, right = (line[:q.start()], line[q.start():]) if q else (line, "")
        letters = [c for c in left if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) >= 0.85 * len(letters):
            left = re.sub(r"(?<!\S)[^\W\d_]+(?=[,.]?(?!\S))", lambda m: _title_word(m.group(0)), left)  # not "SYT-TCCB"
        out.append(left + right)
        if len(out) > 14:
            done = True
    return "\n".join(out)


# ---- rewrites of the duty sentences (the body only: the header, Kính gửi and Nơi nhận stay as they are, so
# that a value's own text, which has neither, is never rewritten: rewritten() gives the base values)

_KINH_GUI = re.compile(r"^[ \t]*Kính gửi\b.*$", re.M)
_DATE_LINE = re.compile(r"^[^\n,]{2,60}, ngày [\d ]{1,4}(?:tháng|/)[\d ]{1,4}(?:năm|/) ?\d{4}.*$", re.M)
_NOI_NHAN = re.compile(r"^[ \t]*Nơi nhận\b", re.M)


def _body(text: str) -> tuple[int, int] | None:
    """The body's span: from the first paragraph after the ``Kính gửi`` list (else after the date line) to
    ``Nơi nhận``; None for a text without either (a value, a fragment)."""
    m = _KINH_GUI.search(text, 0, 4000) or _DATE_LINE.search(text, 0, 3000)
    if m is None:
        return None
    pos = m.end() + 1
    if m.re is _KINH_GUI:  # skip the addressee lines ("- Sở Tài chính;", their wrapped tails, "Sở Y tế;")
        while pos < len(text):
            nl = text.find("\n", pos)
            nl = len(text) if nl < 0 else nl
            line = text[pos:nl].strip()
            if line and not (line[0] in "-+•–" or line[0].islower() or len(line) < 70 and line[-1] in ";,"):
                break
            pos = nl + 1
    end = _NOI_NHAN.search(text, pos)
    end = end.start() if end else len(text)
    return (pos, end) if pos < end else None


def _in_body(fn: Callable[[str], str]) -> Callable[[str], str]:
    def wrapped(text: str) -> str:
        span = _body(text)
        if span is None:
            return text
        a, b = span
        return text[:a] + fn(text[a:b]) + text[b:]

    wrapped.__doc__ = fn.__doc__
    return wrapped


# what may follow a directive cue as its addressee (case-sensitive: "yêu cầu về số lượng" is a noun)
_ADDRESSEE = (r"(?:các|Quý|UBND|HĐND|Ủy ban|Uỷ ban|Hội đồng|Sở|Bộ|Ban|Phòng|Văn phòng|Cục|Chi cục|Tổng cục|Chủ tịch|"
              r"Phó Chủ tịch|Giám đốc|Thủ trưởng|Lãnh đạo|Thường trực|cơ quan|đơn vị|Hội|Liên đoàn|Liên hiệp|Hiệp hội|"
              r"Trung tâm|Công an|Đài|Trường|Kho bạc|Viện|Báo|Đoàn|Đảng ủy|Mặt trận|đồng chí|Đồng chí|Quỹ|Công ty|"
              r"Tổng công ty|Bảo hiểm|Thanh tra|Tỉnh|Huyện|Thị xã|Thành phố)(?=[\s,])")
_CUE_AT = re.compile(r"(?<![\w/])(?P<cue>(?:[Kk]ính |[Tt]rân trọng )?(?:[Đđ]ề nghị|[Yy]êu cầu))(?=\s+" + _ADDRESSEE + ")")
# where a sentence starts: after . ; : ! ? and a space, after a blank line, after a list marker at a line's start
_STOP = re.compile(r"[.;:!?]\s+|\n[ \t]*\n\s*")
_LIST_MARK = re.compile(r"(?:[-+•–]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[a-zđ]\)\s+)")


def _sentence_start(body: str, at: int) -> int:
    """Where the sentence that holds position ``at`` starts (after a list marker)."""
    s = 0
    for m in _STOP.finditer(body, 0, at):
        s = m.end()
    nl = body.rfind("\n", s, at)
    if nl >= 0:
        # a hard line break: a new sentence only where the line before ends one (else it is one sentence)
        mk = _LIST_MARK.match(body, nl + 1)
        if mk and mk.end() <= at:
            s = mk.end()
    mk = _LIST_MARK.match(body, s)
    return mk.end() if mk and mk.end() <= at else s


# a person who speaks for the sender ("Phó Thủ tướng Hoàng Trung Hải yêu cầu Bộ X ...")
_SPEAKER = re.compile(r"^(?:Phó )?(?:Thủ tướng|Chủ tịch|Bộ trưởng|Thứ trưởng|Giám đốc|Bí thư)(?: [\w]+){0,6}$")
# the first words of a lead-in clause ("Để ...", "Trong quá trình ...", "Do đó"): common words, put in lower case
# after a preamble put before them
_LEAD_WORDS = re.compile(r"^(?:Để|Nhằm|Trong|Do|Sau|Trên|Nhận|Theo|Thực hiện|Căn cứ|Xét|Triển khai|Từ|Qua|Với|Vì|"
                         r"Tiếp|Đồng thời|Ngoài ra|Bên cạnh)(?![\w])")


def _directives(body: str) -> list[tuple[int, int, str, str]]:
    """The directive sentences: (sentence start, cue start, cue, lead-in) where the sentence opens with the cue
    (``Đề nghị các đơn vị ...``) or with one unit or speaker right before it (``Sở Nội vụ đề nghị các đơn vị ...``),
    or has a clause and a comma before those (``Do đó, Sở Nội vụ đề nghị ...``, ``Để bảo đảm tiến
    độ, Bộ X đề nghị ...``, ``Trong quá trình thực hiện, đề nghị ...``); the lead-in is that clause with its comma."""
    from congvan.extractors.obligations_units import _split_units

    out = []
    for m in _CUE_AT.finditer(body):
        s = _sentence_start(body, m.start())
        subject = body[s:m.start()].strip()
        lead = ""
        if "," in subject and subject[:1].isupper():
            lead, _, subject = subject.rpartition(",")
            if len(lead.split()) > 40 or any(ch in lead for ch in ".;:") or lead.count("(") != lead.count(")"):
                continue
            lead, subject = body[s:s + len(lead) + 1], subject.strip()
            if not subject and m["cue"][0].islower():
                out.append((s, m.start(), m["cue"], lead))
                continue
        if subject:
            if not subject[0].isupper() or len(subject.split()) > 10 or any(c.isdigit() for c in subject) \
                    or m["cue"][0].isupper() or not (_SPEAKER.match(subject) or len(_split_units(subject) or ()) == 1):
                continue
        elif not m["cue"][0].isupper():
            continue
        out.append((s, m.start(), m["cue"], lead))
    return out


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def _before_directives(lead: str, unless: str) -> Callable[[str], str]:
    """Each directive sentence gets ``lead`` first; a cue or a lead-in that opened the sentence goes to lower case.
    A sentence whose own lead-in starts with ``unless`` (the same kind of clause) is left as it is."""

    def fn(body: str) -> str:
        out, pos = [], 0
        for s, c, cue, own in _directives(body):
            if own and (not _LEAD_WORDS.match(own) or re.match(unless, own)):
                continue
            out.append(body[pos:s] + lead)
            out.append(_lower_first(body[s:c + len(cue)]) if s == c or own else body[s:c + len(cue)])
            pos = c + len(cue)
        return "".join(out) + body[pos:]

    return _in_body(fn)


_PURPOSES, _PREAMBLES = r"(?:Để|Nhằm)\s", r"(?:Thực hiện|Căn cứ|Theo|Xét|Triển khai)\s"
purpose_clause = _before_directives("Để kịp thời tổng hợp, báo cáo cấp có thẩm quyền, ", _PURPOSES)
purpose_clause.__doc__ = """``Đề nghị các Sở ...`` -> ``Để kịp thời tổng hợp, báo cáo cấp có thẩm quyền, đề nghị các Sở ...``."""
purpose_dated = _before_directives("Nhằm kịp thời tổng hợp, báo cáo Bộ Nội vụ trước ngày 31/12/2026, ", _PURPOSES)
purpose_dated.__doc__ = """The sender's own deadline in the purpose clause: ``Nhằm kịp thời tổng hợp, báo cáo Bộ Nội vụ trước ngày
31/12/2026, Sở Nội vụ đề nghị ...`` (the addressee's duty and deadline stay what they were)."""
purpose_nham = _before_directives("Nhằm bảo đảm tiến độ, ", _PURPOSES)
purpose_nham.__doc__ = """``Sở Nội vụ đề nghị ...`` -> ``Nhằm bảo đảm tiến độ, Sở Nội vụ đề nghị ...``."""
preamble = _before_directives("Thực hiện Công văn số 1234/UBND-KT ngày 05/8/2025 của Ủy ban nhân dân tỉnh về việc "
                              "triển khai nhiệm vụ năm 2025, ", _PREAMBLES)
preamble.__doc__ = """``Đề nghị ...`` -> ``Thực hiện Công văn số 1234/UBND-KT ngày 05/8/2025 của ..., đề nghị ...``."""
preamble_can_cu = _before_directives("Căn cứ Kế hoạch số 45/KH-UBND ngày 10/3/2025 của Ủy ban nhân dân tỉnh về triển "
                                     "khai nhiệm vụ năm 2025; ", _PREAMBLES)
preamble_can_cu.__doc__ = """``Đề nghị ...`` -> ``Căn cứ Kế hoạch số 45/KH-UBND ...; đề nghị ...``."""
preamble_theo = _before_directives("Theo đề nghị của Sở Tài chính tại Tờ trình số 56/TTr-STC ngày 12/7/2025, ",
                                   _PREAMBLES)
preamble_theo.__doc__ = """``Đề nghị ...`` -> ``Theo đề nghị của Sở Tài chính tại Tờ trình số 56/TTr-STC ..., đề nghị ...``."""


def _swapping(table: dict[str, str]) -> Callable[[str], str]:
    """The directive cues rewritten by ``table`` (keys in lower case; the case of the first letter kept)."""

    def fn(body: str) -> str:
        out, pos = [], 0
        for _s, c, cue, _lead in _directives(body):
            new = table.get(cue.lower())
            if new is None:
                continue
            out.append(body[pos:c] + (new[:1].upper() + new[1:] if cue[0].isupper() else new))
            pos = c + len(cue)
        return "".join(out) + body[pos:]

    return _in_body(fn)


cue_swap = _swapping({"đề nghị": "yêu cầu", "yêu cầu": "đề nghị", "kính đề nghị": "đề nghị",
                      "trân trọng đề nghị": "đề nghị"})
cue_swap.__doc__ = """``Đề nghị`` <-> ``Yêu cầu``; ``Kính đề nghị`` / ``Trân trọng đề nghị`` -> ``Đề nghị``."""
cue_swap_polite = _swapping({"đề nghị": "trân trọng đề nghị", "yêu cầu": "kính đề nghị",
                             "kính đề nghị": "trân trọng đề nghị", "trân trọng đề nghị": "kính đề nghị"})
cue_swap_polite.__doc__ = """``Đề nghị`` -> ``Trân trọng đề nghị``, ``Yêu cầu`` -> ``Kính đề nghị`` (and between the two)."""


# verbs a duty starts with that an adverb may go before ("khẩn trương báo cáo", "chủ động phối hợp")
_ADVERB_VERBS = re.compile(r"(?:" + "|".join(r"\s+".join(w.split()) for w in (
    "báo cáo|gửi|tổng hợp|rà soát|ban hành|tham mưu|cung cấp|xây dựng|thực hiện|triển khai|góp ý|cử|hoàn thiện|"
    "hoàn thành|kiện toàn|đôn đốc|kiểm tra|phối hợp|chuẩn bị|tổ chức|đánh giá|cập nhật|nghiên cứu|hướng dẫn|chỉ đạo|"
    "xem xét|thông báo|đăng ký|lập|nộp|cho ý kiến|tham gia|thống kê|đề xuất|giải quyết|xử lý").split("|")) + r")(?![\w])")


def _task_words() -> re.Pattern:
    """The words a task may start with by the extractor's own vocabulary (verbs, adverbs, ``quan tâm``,
    ``nghiêm túc`` ...): the first of them ends the addressee."""
    from congvan.extractors.base import data

    v = data("obligations")
    words = set(v["actions"]) | set(v["task_adverbs"]) | set(v["exhortations"]) | set(v["bare_task_words"])
    words -= {"và", "cùng", "tốt"}
    words |= {"có văn bản", "có ý kiến", "nghiêm túc", "vận dụng"}
    alts = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(alts) + r")(?![\w])")  # (a hard line break may fall inside: "quan\ntâm")


def _adverbs(word: str) -> Callable[[str], str]:
    """``<cue> <unit> <verb>`` -> ``<cue> <unit> <word> <verb>``: the unit ends at the first word a task may start
    with (by the extractor's vocabulary), the words before it being one list of units by the extractor's own
    matcher; where that first word is no plain verb (``quan tâm``, ``nghiêm túc``) the sentence is left as it is."""

    def fn(body: str) -> str:
        from congvan.extractors.obligations_units import _split_units

        task = _task_words()
        out, pos = [], 0
        for _s, c, cue, _lead in _directives(body):
            a = c + len(cue) + 1
            stop = re.compile(r"[.;:!?()]").search(body, a)
            stop = stop.start() if stop else len(body)
            for w in re.finditer(r"(?<=\s)\S", body[a:min(stop, a + 160)]):
                at = a + w.start()
                if not task.match(body, at):
                    continue
                unit = body[a:at].strip().rstrip(",")
                if _ADVERB_VERBS.match(body, at) and unit and not unit.endswith("vận động") and _split_units(unit):
                    out.append(body[pos:at] + word + " ")
                    pos = at
                break
        return "".join(out) + body[pos:]

    return _in_body(fn)


adverb = _adverbs("khẩn trương")
adverb.__doc__ = """``Đề nghị Sở Nội vụ báo cáo ...`` -> ``Đề nghị Sở Nội vụ khẩn trương báo cáo ...``."""
adverb_chu_dong = _adverbs("chủ động")
adverb_chu_dong.__doc__ = """``Đề nghị các đơn vị phối hợp ...`` -> ``Đề nghị các đơn vị chủ động phối hợp ...``."""
adverb_tap_trung = _adverbs("tập trung")
adverb_tap_trung.__doc__ = """``Yêu cầu UBND các xã chỉ đạo ...`` -> ``Yêu cầu UBND các xã tập trung chỉ đạo ...``."""
adverb_clause = _adverbs("căn cứ chức năng, nhiệm vụ được giao,")
adverb_clause.__doc__ = """``Đề nghị X báo cáo`` -> ``Đề nghị X căn cứ chức năng, nhiệm vụ được giao, báo cáo``."""


_DEADLINE_FORMS = ["trước", "chậm nhất", "chậm nhất là", "chậm nhất vào", "hạn cuối"]
_DEADLINE_AT = re.compile(r"(?<![\w])(?P<cue>[Tt]rước|[Cc]hậm nhất(?: là| vào)?|[Hh]ạn cuối)(?P<sp>\s+)ngày\s+(?=\d{1,2}"
                          r"(?:/\d{1,2}(?:/\d{4})?| tháng \d{1,2}))")
# "trước ngày D" is a deadline, not a narrated date, where its sentence asks something ("trước ngày 01/7/2025, các
# hội đã ..." is left; "chậm nhất" and "hạn cuối" always set one)
_ASKS = re.compile(r"đề nghị|yêu cầu|giao|gửi|báo cáo|nộp|hoàn thành|xong|phải|cần|[Tt]hời hạn|[Tt]hời gian", re.I)
_FULL_STOP = re.compile(r"[.!?]\s+|\n[ \t]*\n\s*")  # (a sentence's end, not its ';' or ':' ("thư điện tử: a@b.vn trước ngày"))


def _deadline_cues(step: int) -> Callable[[str], str]:
    """``trước ngày D`` -> ``chậm nhất ngày D`` -> ``chậm nhất là ngày D`` -> ``chậm nhất vào ngày D`` ->
    ``hạn cuối ngày D`` -> ``trước ngày D``, ``step`` forms along; the date stays D."""

    def fn(body: str) -> str:
        def sub(m: re.Match) -> str:
            s = max([0] + [e.end() for e in _FULL_STOP.finditer(body, max(0, m.start() - 400), m.start())])
            if m["cue"].lower() == "trước" and not _ASKS.search(body, s, m.start()):
                return m.group(0)
            k = _DEADLINE_FORMS.index(m["cue"].lower())
            new = _DEADLINE_FORMS[(k + step) % len(_DEADLINE_FORMS)]
            if m["cue"][0].isupper():
                new = new[:1].upper() + new[1:]
            elif new == "hạn cuối" and body[m.start() - 2:m.start() - 1].isalnum():
                new = ", hạn cuối"  # "gửi về Sở Nội vụ, hạn cuối ngày 15/10/2025" (the space before it goes below)
            return new + m["sp"] + "ngày "

        return _DEADLINE_AT.sub(sub, body).replace(" , hạn cuối", ", hạn cuối")

    return _in_body(fn)


deadline_cue = _deadline_cues(1)
deadline_cue.__doc__ = """``trước ngày D`` -> ``chậm nhất ngày D`` -> ... -> ``hạn cuối ngày D`` -> ``trước ngày D``."""
deadline_cue_back = _deadline_cues(-1)
deadline_cue_back.__doc__ = """The other way: ``trước ngày D`` -> ``hạn cuối ngày D``, ``chậm nhất ngày D`` -> ``trước ngày D`` ..."""


# (not in a symbol, "/UBND-", "QĐ-\nUBND"; "HĐND&UBND" spelled out is "Hội đồng nhân dân và Ủy ban nhân dân")
_ABBREV = re.compile(r"(?<![\w/&-])(?<!-\n)(?<!/\n)(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND)"
                     r"(?:&(?:UBND|HĐND))?(?![\w/&-])")
_ABBREV_SWAP = {"Ủy ban nhân dân": "UBND", "Uỷ ban nhân dân": "UBND", "UBND": "Ủy ban nhân dân",
                "Hội đồng nhân dân": "HĐND", "HĐND": "Hội đồng nhân dân"}


def _abbrev(body: str) -> str:
    """In the body, ``Ủy ban nhân dân`` <-> ``UBND`` and ``Hội đồng nhân dân`` <-> ``HĐND``."""
    return _ABBREV.sub(lambda m: " và ".join(_ABBREV_SWAP[x] for x in m.group(0).split("&")), body)


abbrev = _in_body(_abbrev)
abbrev.__doc__ = _abbrev.__doc__


_BODY_FROM = re.compile(r"^\s*Kính gửi", re.M)
_BODY_TO = re.compile(r"^\s*N[ơo]i nhận", re.M)
_PARA_END = re.compile(r"[.:;]\s*$")


def _body_lines(lines: list[str]) -> range:
    """The body's lines: after the ``Kính gửi`` line, before ``Nơi nhận`` (the whole letter where either is missing)."""
    start = next((k + 1 for k, x in enumerate(lines) if _BODY_FROM.match(x)), 0)
    end = next((k for k, x in enumerate(lines) if k > start and _BODY_TO.match(x)), len(lines))
    return range(start, end)


def page_break(text: str) -> str:
    """A form feed between two body paragraphs in the middle of the letter (a PDF's pages as pdftotext writes
    them): before the line nearest the body's middle that follows a line ending a sentence."""
    lines = text.split("\n")
    body = _body_lines(lines)
    mid = (body.start + body.stop) // 2
    cuts = [k for k in body if k > body.start and lines[k].strip() and _PARA_END.search(lines[k - 1])
            and lines[k].lstrip()[:1].isupper()]
    if not cuts:
        return text
    k = min(cuts, key=lambda c: abs(c - mid))
    return "\n".join(lines[:k] + ["\f" + lines[k]] + lines[k + 1:])


def page_break_mid(text: str) -> str:
    """A form feed inside the body's longest paragraph, at the space nearest its middle: a page break that cuts
    a sentence, the rest of it at the top of the next page."""
    lines = text.split("\n")
    body = [k for k in _body_lines(lines) if len(lines[k].strip()) >= 60]
    if not body:
        return text
    k = max(body, key=lambda c: len(lines[c]))
    line = lines[k]
    cut = line.find(" ", len(line) // 2)
    if cut < 0:
        return text
    return "\n".join(lines[:k] + [line[:cut], "\f" + line[cut + 1:]] + lines[k + 1:])


_DASH_ITEM = re.compile(r"^(\s*)- (?=\S)")


def bullets(text: str) -> str:
    """List markers ``- `` at a line's start written ``• `` (the first list, the third ...) or ``+ `` (the second,
    the fourth ...): the marks another word processor or another agency's style uses."""
    out, runs, in_run = [], 0, False
    for line in text.split("\n"):
        if _DASH_ITEM.match(line):
            if not in_run:
                runs, in_run = runs + 1, True
            line = _DASH_ITEM.sub(lambda m: m[1] + ("• " if runs % 2 else "+ "), line, count=1)
        elif line.strip():
            in_run = False
        out.append(line)
    return "\n".join(out)


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "flatten_header": flatten_header,
    "blank_lines": blank_lines,
    "hard_wrap": hard_wrap,
    "nfd": nfd,
    "new_tones": new_tones,
    "crlf": crlf,
    "nbsp": nbsp,
    "dates_in_words": dates_in_words,
    "dates_in_digits": dates_in_digits,
    "dates_padded": dates_padded,
    "dates_dashed": dates_dashed,
    "cue_polite": cue_polite,
    "labels": labels,
    "kinh_gui_one_line": kinh_gui_one_line,
    "title_case_header": title_case_header,
    "purpose_clause": purpose_clause,
    "purpose_nham": purpose_nham,
    "purpose_dated": purpose_dated,
    "preamble": preamble,
    "preamble_can_cu": preamble_can_cu,
    "preamble_theo": preamble_theo,
    "cue_swap": cue_swap,
    "cue_swap_polite": cue_swap_polite,
    "adverb": adverb,
    "adverb_chu_dong": adverb_chu_dong,
    "adverb_tap_trung": adverb_tap_trung,
    "adverb_clause": adverb_clause,
    "deadline_cue": deadline_cue,
    "deadline_cue_back": deadline_cue_back,
    "abbrev": abbrev,
    "page_break": page_break,
    "page_break_mid": page_break_mid,
    "bullets": bullets,
}


# ---------------------------------------------------------------- what is compared

def _canon(value):
    if isinstance(value, str):
        from congvan.pipeline.syllables import traditional_tones

        return " ".join(traditional_tones(unicodedata.normalize("NFC", value)).split())
    return value


def values(result: dict) -> dict:
    d = result["document"]

    def names(xs):
        return sorted(_canon(x.get("name")) for x in (xs or []))

    out = {k: _canon(d.get(k)) for k in ("number", "symbol", "doc_type", "place", "subject")}
    out["issuer"] = _canon((d.get("issuer") or {}).get("name"))
    out["issued_date"] = (d.get("issued_date") or {}).get("iso")
    out["signer"] = _canon((d.get("signer") or {}).get("name"))
    out["recipients"] = names(d.get("recipients"))
    out["cc"] = names(d.get("cc"))
    obs = []
    for ob in result.get("obligations", []):
        dl = ob.get("deadline") or {}
        w = ob.get("data_window") or {}
        obs.append((" + ".join(sorted(_canon(u.get("name")) or "" for u in ob.get("responsible") or [])),
                    ob.get("action"), (dl.get("date") or {}).get("iso"),
                    (w.get("start") or {}).get("iso"), (w.get("end") or {}).get("iso")))
    out["obligations"] = sorted(obs, key=str)
    return out


def rewritten(vals: dict, fn: Callable[[str], str]) -> dict:
    """The values a rewrite should give: the base values with their own text rewritten the same way
    (a subject quoting ``ngày 21/11/2002`` says ``ngày 21 tháng 11 năm 2002`` after dates_in_words)."""

    def r(v):
        if isinstance(v, str):
            return _canon(fn(v))
        if isinstance(v, list):
            return [r(x) for x in v]
        if isinstance(v, tuple):
            return (r(v[0]), *v[1:])
        return v

    out = {k: r(v) for k, v in vals.items()}
    out["recipients"], out["cc"] = sorted(out["recipients"], key=str), sorted(out["cc"], key=str)
    out["obligations"] = sorted(out["obligations"], key=str)
    return out


def diff(a: dict, b: dict) -> list[str]:
    out = []
    for k in a:
        if a[k] != b[k]:
            if k == "obligations":
                ca, cb = Counter(a[k]), Counter(b[k])
                out.append(f"obligations: lost {sorted((ca - cb).elements(), key=str)[:3]} "
                           f"gained {sorted((cb - ca).elements(), key=str)[:3]}")
            else:
                out.append(f"{k}: {a[k]!r} -> {b[k]!r}")
    return out


# ---------------------------------------------------------------- letters

def letters(corpora: list[Path], exclude: set[str]) -> list[tuple[str, str]]:
    from congvan.pipeline import run

    out = []
    for corpus in corpora:
        for p in sorted(corpus.iterdir()):
            if p.stem in exclude or p.suffix.lower() not in (".txt", ".pdf") or p.name == "SOURCES.tsv":
                continue
            if p.suffix.lower() == ".txt":
                out.append((f"{corpus.name}/{p.name}", p.read_text(encoding="utf-8")))
            else:
                doc = run.extract(p, ocr=False)
                text = doc.original_text or "\n".join(line.text for line in doc.lines)
                if len(text.strip()) > 200:
                    out.append((f"{corpus.name}/{p.name}", text))
    return out


def pdf_check(docs: list[tuple[str, str]], show: int) -> int:
    """Each letter's text rendered to a PDF and read back must give the text's values; prints the
    differences and returns the number of letters that differ."""
    import tempfile

    from congvan.corpora.render import render_letter
    from congvan.pipeline import run
    from congvan.pipeline.run import to_result

    bad, shown, n = 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in docs:
            n += 1
            path = render_letter(text, Path(tmp) / (Path(name).stem + ".pdf"))
            d = diff(values(to_result(run.extract_text(text))), values(to_result(run.extract(path, ocr=False))))
            if d:
                bad += 1
                if shown < show:
                    shown += 1
                    print(f"  pdf {name}: " + "; ".join(d)[:400])
    print(f"{'pdf':16s} letters rendered  {n:4d}  kept every value {n - bad:4d}  changed {bad:4d}")
    return bad


def scan_check(corpora: list[Path], exclude: set[str], *, limit: int = 12, max_pages: int = 2,
               show: int = 40) -> Counter:
    """Scan each text PDF of ``corpora`` (``scan_pdf``), read both through ``run.extract`` and
    compare their values; print the differences and return the number of letters differing per field."""
    import tempfile

    import pypdfium2 as pdfium

    from congvan.corpora.scan import scan_pdf
    from congvan.pipeline import run
    from congvan.pipeline.run import to_result

    per_field: Counter = Counter()
    done = bad = 0
    with tempfile.TemporaryDirectory(prefix="scan_check") as tmp:
        for corpus in corpora:
            for p in sorted(corpus.iterdir()):
                if done >= limit:
                    break
                if p.stem in exclude or p.suffix.lower() != ".pdf":
                    continue
                pdf = pdfium.PdfDocument(str(p))
                n = len(pdf)
                pdf.close()
                if n > max_pages:
                    continue
                doc = run.extract(p, ocr=False)
                if doc.text_layer != "native" or doc.needs_ocr or len("\n".join(x.text for x in doc.lines).strip()) < 200:
                    continue
                a = values(to_result(doc))
                out = Path(tmp) / f"{corpus.name}_{p.name}"
                scan_pdf(p, out)
                b = values(to_result(run.extract(out, ocr=True)))
                done += 1
                d = diff(a, b)
                for k in a:
                    if a[k] != b[k]:
                        per_field[k] += 1
                if d:
                    bad += 1
                    if show:
                        print(f"  scan {corpus.name}/{p.name}: " + "; ".join(d)[:600])
                        show -= 1
    print(f"{'scan':16s} letters scanned {done:4d}  kept every value {done - bad:4d}  changed {bad:4d}")
    print("  per field: " + ", ".join(f"{k} {per_field[k]}" for k in
                                      ("number", "symbol", "doc_type", "place", "subject", "issuer", "issued_date",
                                       "signer", "recipients", "cc", "obligations")))
    return per_field


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", type=Path, help="a folder of .txt / .pdf letters (repeatable)")
    ap.add_argument("--exclude", action="append", default=[], help="a letter's stem to leave out (repeatable)")
    ap.add_argument("--only", action="append", help="run only this transformation (repeatable)")
    ap.add_argument("--show", type=int, default=5, help="differences printed per transformation")
    ap.add_argument("--pdf", action="store_true",
                    help="render each text letter as a PDF and compare its values with the text's")
    ap.add_argument("--scan", action="store_true", help="compare each text PDF with its scan read through OCR")
    ap.add_argument("--limit", type=int, default=12, help="with --scan: letters scanned at most")
    ap.add_argument("--pages", type=int, default=2, help="with --scan: only letters of at most this many pages")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    from congvan.pipeline import run
    from congvan.pipeline.run import to_result

    default = ("seeds", "dev-text") if args.pdf else ("seeds", "dev-text", "dev", "public", "pool")
    corpora = args.corpus or [SHARED / "corpora" / n for n in default]
    missing = [c for c in corpora if not c.is_dir()]
    if missing:
        print(f"no such folder: {missing[0]}", file=sys.stderr)
        return 2
    if args.scan:
        scan_check(args.corpus or [SHARED / "corpora" / n for n in ("public", "pool")], set(args.exclude),
                   limit=args.limit, max_pages=args.pages, show=args.show)
        return 0
    docs = letters(corpora, set(args.exclude))
    if args.pdf:
        print(f"{len(docs)} letters")
        pdf_check(docs, args.show)
        return 0
    base = {name: values(to_result(run.extract_text(text))) for name, text in docs}
    names = args.only or list(TRANSFORMS)
    print(f"{len(docs)} letters")
    total_bad = 0
    for t in names:
        fn = TRANSFORMS[t]
        bad, changed, shown = 0, 0, 0
        for name, text in docs:
            new = fn(text)
            if new == text:
                continue
            changed += 1
            got = values(to_result(run.extract_text(new)))
            d = diff(rewritten(base[name], fn), got)
            if d:
                bad += 1
                if shown < args.show:
                    shown += 1
                    print(f"  {t} {name}: " + "; ".join(d)[:400])
        total_bad += bad
        print(f"{t:16s} letters rewritten {changed:4d}  kept every value {changed - bad:4d}  changed {bad:4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
