"""What a letter's digital signatures tell the fields, its copy stamp, and the warnings a reviewer
must see (stage ``signatures``, after ``fields``).

- A personal certificate's name confirms the signer under the signature, or fills the name when
  the page gave none (``signer_from_signature``); an organisation certificate confirms the issuer,
  or fills it when the header gave none (``issuer_from_signature``). A value the page shows is
  never overwritten: a different name is a ``signer_differs_from_signature`` warning.
- The issuing signature's time (the agency's seal, which is when e-office stamps the number and
  the day) fills a day left blank in the date line, with ``issued_date_from_signature``.
- An electronic copy (``SAO Y``, ``SAO Y ĐIỆN TỬ``, ``TRÍCH SAO``, ``SAO LỤC``) carries a stamp and
  a signature of its own: recorded as ``copy`` (kind, by whom, when, its own number) and left out
  of the above, since who made the copy and when is not the letter's own signer or date.
- Warnings: ``signature_invalid``, ``modified_after_signing``, ``signature_untrusted`` (only when
  trust roots were given), ``signed_after_issue_date`` (more than ``LATE_DAYS`` after the date line),
  ``handwritten_date_differs_from_signature`` (a day the handwritten digit model read that the
  signing time does not bear out: dropped, and the signing day fills it as for a blank day).
"""
from __future__ import annotations

import datetime as dt
import logging

from congvan.extractors import fastre as re

from congvan.extractors.units import canonical_unit

from .document import Document
from .normalise import normalise_string

log = logging.getLogger(__name__)

LATE_DAYS = 3
VN_TIME = dt.timezone(dt.timedelta(hours=7))  # signing times are read as dates in Vietnam's time

_COPY_KINDS = [("sao_y_dien_tu", r"SAO\s+Y\s+ĐIỆN\s+TỬ"), ("trich_sao", r"TRÍCH\s+SAO"),
               ("sao_luc", r"SAO\s+LỤC"), ("sao_y", r"SAO\s+Y(?:\s+BẢN\s+CHÍNH)?")]
_COPY_LINE = re.compile(r"^\s*(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _COPY_KINDS) + r")\b", re.M)
_COPY_REASON = re.compile(r"bản\s+sao|sao\s+y|trích\s+sao|sao\s+lục", re.I)
_COPY_NUMBER = re.compile(r"Số\s*:\s*(?P<no>\d+[\w]*\s*/\s*[\w\-&.]*(?:SY|TS|SL)[\w\-&.]*)", re.I)


def signatures_stage(doc: Document) -> None:
    """Check the signatures of a signed PDF (pdfium read them at load) and use them."""
    if not doc.signature_raw or not doc.file:
        return
    from .signatures import read_signatures

    doc.signatures = read_signatures(doc.file, raw=doc.signature_raw, widgets=doc.signature_widgets,
                                     trust_roots=doc.trust_roots)
    apply_signatures(doc)


def _local_date(iso: str | None) -> dt.date | None:
    if not iso:
        return None
    t = dt.datetime.fromisoformat(iso)
    return (t.astimezone(VN_TIME) if t.tzinfo else t).date()


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b) and normalise_string(a).casefold().split() == normalise_string(b).casefold().split()


def _pen_day_too_far(doc: Document, signed_on: dt.date, iso: str) -> bool:
    """A day the handwritten digit model read that is after the signing day, or more than
    ``LATE_DAYS`` before it (a letter is dated the day it is signed, or a day or two before)."""
    from .handwriting import read_from_pen

    if not read_from_pen(doc, "day"):
        return False
    gap = (signed_on - dt.date.fromisoformat(iso)).days
    return gap < 0 or gap > LATE_DAYS


def find_copy(doc: Document) -> dict | None:
    """The copy stamp on the page and the signature that made it, or None for an original."""
    sigs = doc.signatures
    by_reason = [s for s in sigs if _COPY_REASON.search(s.get("reason") or "")]
    stamp = None
    for line in doc.lines:
        m = _COPY_LINE.match(line.text)
        if m and len(line.text.strip()) < 120:
            stamp = (m, line)
            break
    if stamp is None and not by_reason:
        return None
    sig = by_reason[-1] if by_reason else (sigs[-1] if len(sigs) > 1 else None)
    if stamp is None and sig is None:
        return None
    kind = next((k for k, _ in _COPY_KINDS if stamp and stamp[0].group(k)), "sao_y")
    number = None
    if stamp is not None:
        near = [l.text for l in doc.lines if l.page == stamp[1].page and l.bbox and stamp[1].bbox
                and abs(l.bbox[1] - stamp[1].bbox[1]) < 80]
        for text in near:
            m = _COPY_NUMBER.search(text)
            if m:
                number = " ".join(m.group("no").split())
                break
    signer = (sig or {}).get("signer") or {}
    return {"kind": kind, "by": signer.get("name"), "organisation": signer.get("organisation"),
            "time": (sig or {}).get("signing_time"), "number": number,
            "page": stamp[1].page if stamp else (sig or {}).get("page"),
            "signature_field": (sig or {}).get("field"),
            "stamp_text": " ".join(stamp[1].text.split()) if stamp else None}


def apply_signatures(doc: Document) -> None:
    sigs = doc.signatures
    if not sigs:
        return
    for s in sigs:
        who = (s.get("signer") or {}).get("name") or s["field"]
        if not s.get("intact"):
            doc.warn("signature_invalid", f"signature '{s['field']}' ({who}) does not verify: "
                                          f"{s.get('error') or 'integrity check failed'}", s.get("page"))
        if s.get("trusted") is False:
            doc.warn("signature_untrusted", f"signature '{s['field']}' ({who}): no certificate path to the "
                                            "given trust roots", s.get("page"))
    if not sigs[-1].get("covers_whole_file"):
        doc.warn("modified_after_signing", "the file was changed after its last signature (bytes appended "
                                           "after the signed range): check it against the sender's copy",
                 sigs[-1].get("page"))
    doc.copy = find_copy(doc)
    own = [s for s in sigs if not doc.copy or s.get("field") != doc.copy.get("signature_field")]
    f = doc.fields
    if not own or not f:
        return
    personal = [s for s in own if s.get("kind") == "personal" and (s.get("signer") or {}).get("name")]
    org = [s for s in own if s.get("kind") == "organisation" and (s.get("signer") or {}).get("name")]
    if personal:
        name = personal[0]["signer"]["name"]
        signer = f.get("signer")
        # filled only where OCR or the layout may have lost it: a native page that shows a
        # signature block without a name (public 011) keeps it blank
        if signer is None or (not signer.get("name") and doc.text_layer == "ocr"):
            f["signer"] = {"name": name, "title": (signer or {}).get("title"), "authority": (signer or {}).get("authority")}
            doc.warn("signer_from_signature", f"signer's name '{name}' taken from the personal certificate of "
                                              f"signature '{personal[0]['field']}' (not read from the page)",
                     personal[0].get("page"))
        elif not any(_same_name(signer["name"], s["signer"]["name"]) for s in personal):
            doc.warn("signer_differs_from_signature", f"the signature block names '{signer['name']}', the "
                                                      f"personal certificate '{name}'", personal[0].get("page"))
    if org and f.get("issuer") is None:
        name = org[-1]["signer"]["name"]
        f["issuer"] = {"name": canonical_unit(name), "raw": name, "is_group": False}
        doc.warn("issuer_from_signature", f"issuer '{name}' taken from the organisation certificate of signature "
                                          f"'{org[-1]['field']}' (the header gave none)", org[-1].get("page"))
    issuing = org[-1] if org else own[-1]
    signed_on = _local_date(issuing.get("signing_time"))
    issued = f.get("issued_date")
    if signed_on and issued and issued.get("iso") and _pen_day_too_far(doc, signed_on, issued["iso"]):
        # a day read from the clerk's pen that the seal's time does not bear out: not kept
        doc.warn("handwritten_date_differs_from_signature", f"the handwritten day read as {issued['day']} "
                 f"({issued['iso']}) is not within {LATE_DAYS} days before the signing time "
                 f"{signed_on:%d/%m/%Y} of '{issuing['field']}': left to the signature", issuing.get("page"))
        issued = f["issued_date"] = dict(issued, day=None, iso=None)
    if signed_on and issued and issued.get("day") is None and issued.get("year") in (None, signed_on.year) \
            and issued.get("month") in (None, signed_on.month):
        f["issued_date"] = {"year": signed_on.year, "month": signed_on.month, "day": signed_on.day,
                            "iso": signed_on.isoformat()}
        doc.warn("issued_date_from_signature", f"the day is blank in the date line; {signed_on:%d/%m/%Y} is the "
                                               f"signing time of '{issuing['field']}'", issuing.get("page"))
    elif signed_on and issued and issued.get("iso"):
        late = (signed_on - dt.date.fromisoformat(issued["iso"])).days
        if late > LATE_DAYS:
            doc.warn("signed_after_issue_date", f"signed {signed_on:%d/%m/%Y}, {late} days after the date line "
                                                f"({issued['iso']})", issuing.get("page"))
