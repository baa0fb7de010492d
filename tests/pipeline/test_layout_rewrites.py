"""The same letter copied with another layout gives the same result: the seed letters rewritten in the
ways text copies differ from each other (blank lines between lines or none, Windows line ends,
indentation, trailing spaces, non-breaking and doubled spaces, decomposed accents, old-style tone
marks, other list marks, the header run onto one line as law portals give it). Compared: the document
fields, recipients, cc and each obligation's responsible units and deadline."""
from __future__ import annotations

import re
import unicodedata

import pytest

from congvan.pipeline import extract_text, to_result


def _blank(t): return "\n\n".join(t.split("\n"))
def _crlf(t): return t.replace("\n", "\r\n")
def _trailing(t): return "\n".join(line + "  \t" for line in t.split("\n"))
def _indent(t): return "\n".join(("   " + line) if line.strip() else line for line in t.split("\n"))
def _nbsp(t): return t.replace(" ", "\u00a0", 40)
def _double(t): return re.sub(r"(?<=\S) (?=\S)", "  ", t, count=60)
def _no_blank(t): return re.sub(r"\n\s*\n", "\n", t)
def _nfd(t): return unicodedata.normalize("NFD", t)
def _plus(t): return re.sub(r"(?m)^- ", "+ ", t)
def _bullet(t): return re.sub(r"(?m)^- ", "• ", t)
def _endash(t): return re.sub(r"(?m)^- ", "– ", t)


def _old_tones(t):
    for new, old in (("hòa", "hoà"), ("Hòa", "Hoà"), ("thủy", "thuỷ"), ("hóa", "hoá"), ("ủy", "uỷ"), ("Ủy", "Uỷ")):
        t = t.replace(new, old)
    return t


def _flat_header(t):
    m = re.search(r"^\s*Kính\s+gửi", t, re.M)
    if not m:
        return t
    return " ".join(x.strip() for x in t[:m.start()].split("\n") if x.strip()) + "\n\n" + t[m.start():]


REWRITES = {f.__name__.strip("_"): f for f in (_blank, _crlf, _trailing, _indent, _nbsp, _double, _no_blank, _nfd,
                                                 _plus, _bullet, _endash, _old_tones, _flat_header)}


def _key(text: str) -> dict:
    r = to_result(extract_text(text))
    d = r["document"]
    return {
        "fields": {k: d[k] for k in ("number", "symbol", "doc_type", "place", "subject")},
        "issuer": (d["issuer"] or {}).get("name"), "date": (d["issued_date"] or {}).get("iso"), "signer": d["signer"],
        "recipients": [x["name"] for x in d["recipients"]], "cc": [x["name"] for x in d["cc"]],
        "obligations": sorted(str(([u["name"] for u in o["responsible"]], ((o.get("deadline") or {}).get("date") or {})
                                   .get("iso"))) for o in r["obligations"]),
    }


@pytest.fixture(scope="module")
def originals(seeds) -> dict:
    return {p.stem: (p.read_text(encoding="utf-8"), _key(p.read_text(encoding="utf-8"))) for p in seeds}


@pytest.mark.parametrize("rewrite", sorted(REWRITES))
def test_a_layout_rewrite_changes_nothing(originals, rewrite):
    assert originals, "no seed letters"
    changed = {}
    for name, (text, expected) in originals.items():
        got = _key(REWRITES[rewrite](text))
        if got != expected:
            changed[name] = {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}
    assert not changed, changed
