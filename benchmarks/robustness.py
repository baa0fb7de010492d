"""Letter-level metamorphic check: rewrite whole letters without changing what they say and count
the letters whose extracted values change.

The unit tests' metamorphic suite (tests/extractors/test_metamorphic.py) rewrites single sentences;
this rewrites whole letters the ways real copies differ from each other (a law portal's flattened
header, hard line breaks, blank lines between paragraphs, decomposed Unicode, new-style tone marks,
other date spellings, other politeness forms) and compares the values a tracker reads: the document
fields, recipients, cc and each obligation's unit, deadline and data window. It needs no gold, so it
runs on every letter there is, including the pool letters that have none.

    python benchmarks/robustness.py [--corpus DIR ...] [--exclude NAME ...] [--only T ...] [--show N]

Prints, for each transformation, how many letters kept every value, and the first differences.
The base is the letter's own text (a PDF's text as the reader laid it out), read as text: what a
rewrite changes is then only the rewrite.
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

_HEADER_END = re.compile(r"^\s*(Kính gửi|Căn cứ|Thực hiện|Theo|Ngày \d)", re.M)


def flatten_header(text: str) -> str:
    """A law portal's copy: the header lines (up to Kính gửi) on one line."""
    m = _HEADER_END.search(text)
    if not m or m.start() == 0:
        return text
    head = " ".join(x.strip() for x in text[: m.start()].splitlines() if x.strip())
    return head + "\n" + text[m.start():]


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
    "page_break": page_break,
    "page_break_mid": page_break_mid,
    "bullets": bullets,
}


# ---------------------------------------------------------------- what is compared

def _canon(value):
    if isinstance(value, str):
        from congvan.pipeline.normalise import traditional_tones

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", type=Path, help="a folder of .txt / .pdf letters (repeatable)")
    ap.add_argument("--exclude", action="append", default=[], help="a letter's stem to leave out (repeatable)")
    ap.add_argument("--only", action="append", help="run only this transformation (repeatable)")
    ap.add_argument("--show", type=int, default=5, help="differences printed per transformation")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    from congvan.pipeline import run
    from congvan.pipeline.run import to_result

    corpora = args.corpus or [SHARED / "corpora" / n for n in ("seeds", "dev-text", "dev", "public", "pool")]
    missing = [c for c in corpora if not c.is_dir()]
    if missing:
        print(f"no such folder: {missing[0]}", file=sys.stderr)
        return 2
    docs = letters(corpora, set(args.exclude))
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
