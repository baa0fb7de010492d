"""Digital signatures (chữ ký số) embedded in a PDF: who signed, with which certificate, when, and
whether the file is still what was signed.

pdfium, which has the document open already, gives each signature dictionary (CMS blob, byte
range, sub-filter, reason, time) and the signature widgets (field, page) before any page is
flattened; the field a dictionary belongs to and its /Location are found in the file's bytes.
Parsing the file again with pyHanko's reader cost 35-70 ms a signed letter (its xref and hex
string parsing is pure Python), more than the whole rest of the extraction of such a letter.
The cryptography is pyHanko's and asn1crypto's (a maintained PDF-signing library: CMS parsing,
signature checks against the certificate, certificate paths); this module hashes the byte range
and shapes the answer. Everything is offline: no revocation or issuer fetches. What is checked,
per signature:

- ``intact``: the digest of the signed byte range matches the one in the signature, and the
  signature over it verifies with the signer's certificate (SHA-1 is accepted here, since about
  half of the real letters use it; ``hash`` says which was used);
- ``covers_whole_file``: the signed byte range reaches the end of the file. An earlier signature
  of a letter signed several times covers only its own revision, the later signatures being the
  updates after it; the document is ``modified_after_signing`` when its *last* signature does not
  reach the end of the file (something was appended after every signature). pyHanko's full
  modification analysis (what each update changed) is not run: it can take tens of seconds on a
  file with many signatures, where this check takes milliseconds;
- ``trusted``: ``"unknown"`` unless trust roots are given (``--trust-roots DIR``); then whether a
  certificate path from the signer to one of them exists (with the certificates the file embeds;
  most embed only the signer's own, so the issuing CA's certificate must be among the roots).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any


# raw_signatures and signature_widgets are read by pdf.py while the document is open
from .signature_objects import _dict_entry, _field_of, _pdf_date, raw_signatures, signature_widgets  # noqa: F401

log = logging.getLogger(__name__)

# words that mark an agency's name in a certificate's common name (an organisation certificate,
# "chứng thư số của cơ quan, tổ chức"), as against a person's
_AGENCY_WORDS = ("ỦY BAN", "UỶ BAN", "UBND", "SỞ ", "BỘ ", "Bộ ", "CÔNG AN", "VĂN PHÒNG", "Văn phòng", "BAN ",
                 "HỘI ", "TRUNG TÂM", "CỤC ", "CHI CỤC", "PHÒNG ", "TRƯỜNG", "BỆNH VIỆN", "TỔNG CỤC", "CÔNG TY",
                 "Cơ quan", "CƠ QUAN", "HỘI ĐỒNG", "ĐẢNG ỦY", "TỈNH ỦY", "MẶT TRẬN")


def load_trust_roots(folder: str | Path) -> list:
    """Certificates (PEM or DER, ``.pem .crt .cer .der``) in ``folder``, as trust roots."""
    from asn1crypto import pem, x509

    roots = []
    for f in sorted(Path(folder).iterdir()):
        if f.suffix.lower() not in (".pem", ".crt", ".cer", ".der"):
            continue
        data = f.read_bytes()
        blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        for der in blobs:
            roots.append(x509.Certificate.load(der))
    return roots


@lru_cache(maxsize=512)
def _native_of_name(der: bytes) -> dict:
    from asn1crypto import x509

    return x509.Name.load(der).native


def _native_name(name) -> dict:
    """``name.native`` (read, never changed), parsed once per distinct name: the CA's name and an
    agency's or a signer's come back on letter after letter (parsing a name was a third of reading
    the signatures)."""
    return _native_of_name(name.dump())


def _name_part(native: dict, key: str) -> str | None:
    value = native.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value else None


def _kind(common_name: str | None, subject: dict) -> str:
    cn = common_name or ""
    user_id = str(subject.get("user_id") or "")
    if "MST:" in user_id or any(w in cn + " " for w in _AGENCY_WORDS):
        return "organisation"
    return "personal"


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.datetime) else None


def _cms(raw: dict):
    """The signature's parsed CMS ``ContentInfo`` (parsed once, kept in ``raw``)."""
    if "_cms" not in raw:
        from asn1crypto import cms
        # pyHanko adds attribute types to asn1crypto's tables when imported; asn1crypto caches its
        # name lookups on first use, so pyHanko is imported before anything is parsed
        import pyhanko.sign.validation.generic_cms  # noqa: F401

        raw["_cms"] = cms.ContentInfo.load(raw["contents"], strict=False)
    return raw["_cms"]


def _range_digest(raw: dict, data: bytes, name: str) -> bytes:
    """The ``name`` digest of the signature's byte range, without copying it (kept in ``raw``: the
    ``raw`` of a file is read from it and checked against the same file's bytes)."""
    done = raw.setdefault("_digests", {})
    if name not in done:
        r = raw["byte_range"]
        view = memoryview(data)
        h = hashlib.new(name)
        for k in range(0, len(r) - 1, 2):
            h.update(view[r[k]:r[k] + r[k + 1]])
        done[name] = h.digest()
    return done[name]


def covers_whole_file(byte_range: list[int], data: bytes) -> bool:
    """The signed range runs from the start to the end of the file (trailing line ends aside)."""
    br = byte_range
    return len(br) == 4 and br[0] == 0 and len(data.rstrip(b"\r\n\0 ")) <= br[2] + br[3] <= len(data)


_HEX_GAP = re.compile(rb"<[0-9A-Fa-f]*>")


def file_as_signed(raw: list[dict], data: bytes) -> bool:
    """Whether every byte of the file (but the last signature's own /Contents) is what was signed:
    the last signature's byte range covers the whole file and its digest is the one the signature
    carries (the message-digest attribute; for ``adbe.pkcs7.sha1`` the signed SHA-1). Any flipped
    bit, cut or appended update then shows as a digest that differs, so the load stage need not
    inflate every stream to find damage (``integrity.problems(..., as_signed=True)``). False where
    it cannot tell (no signed attributes, a CMS that does not parse)."""
    if not raw:
        return False
    last = max(raw, key=lambda r: sum(r["byte_range"][-2:]) if len(r["byte_range"]) >= 2 else 0)
    br = last["byte_range"]
    # the bytes left out of the range are the /Contents hex string and nothing else: a flipped
    # bit there (the signature's own bytes) is looked for the long way, as before
    if not covers_whole_file(br, data) or not _HEX_GAP.fullmatch(data, br[1], br[2]):
        return False
    try:
        signed = _cms(last)["content"]
        if last["sub_filter"].lstrip("/") == "adbe.pkcs7.sha1":  # pdfium gives it without the slash
            inner = signed["encap_content_info"]["content"].native or b""
            return inner == _range_digest(last, data, "sha1")
        signer_info = signed["signer_infos"][0]
        md = signer_info["digest_algorithm"]["algorithm"].native
        attrs = signer_info["signed_attrs"]
        if not attrs:
            return False
        want = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
        return len(want) == 1 and want[0] == _range_digest(last, data, md)
    except Exception:  # noqa: BLE001 - whatever cannot be read here is checked the long way
        return False


def _check(raw: dict, data: bytes) -> dict[str, Any]:
    """Certificate facts and integrity of one signature (pyHanko's CMS checks; no path building)."""
    from pyhanko.sign.validation.generic_cms import extract_certs_for_validation, validate_sig_integrity

    info = _cms(raw)
    signed = info["content"]
    signer_info = signed["signer_infos"][0]
    certs = extract_certs_for_validation(signed)
    cert = certs.signer_cert
    md = signer_info["digest_algorithm"]["algorithm"].native

    def digest(name: str) -> bytes:  # over the byte range, without copying it
        return _range_digest(raw, data, name)

    content_type = signed["encap_content_info"]["content_type"].native
    if raw["sub_filter"].lstrip("/") == "adbe.pkcs7.sha1":  # signed content: the range's SHA-1 (pdfium drops the slash)
        inner = signed["encap_content_info"]["content"].native or b""
        digest_ok = inner == digest("sha1")
        actual = hashlib.new(md, inner).digest()
    else:
        digest_ok = True
        actual = digest(md)
    intact, valid = validate_sig_integrity(signer_info, cert, expected_content_type=content_type,
                                           actual_digest=actual)
    intact = intact and digest_ok
    out: dict[str, Any] = {"cert": cert, "others": list(certs.other_certs), "hash": md}
    if not intact:
        out["error"] = "the signed bytes do not match the signature's digest (changed after signing)"
    elif not valid:
        out["error"] = "the signature does not verify with the signer's certificate"
    out["intact"] = intact and valid
    try:
        st = signer_info["signed_attrs"]
        when = next((a["values"][0].native for a in st if a["type"].native == "signing_time"), None)
        out["attr_time"] = when.isoformat() if when else None
    except Exception:  # noqa: BLE001
        out["attr_time"] = None
    return out


def _trusted(cert, others: list, roots: list) -> bool:
    from pyhanko_certvalidator import CertificateValidator, ValidationContext

    vc = ValidationContext(trust_roots=roots, other_certs=others, allow_fetching=False, revocation_mode="soft-fail")
    quiet = logging.getLogger("pyhanko_certvalidator")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a path that cannot be built is an answer here, not an error
    try:
        asyncio.run(CertificateValidator(cert, intermediate_certs=others, validation_context=vc)
                    .async_validate_usage(set()))
        return True
    except Exception as exc:  # noqa: BLE001
        log.debug("no trusted path: %s", exc)
        return False
    finally:
        quiet.setLevel(level)


def read_signatures(path: str | Path, *, raw: list[dict] | None = None, widgets: list | None = None,
                    data: bytes | None = None, trust_roots: list | None = None) -> list[dict[str, Any]]:
    """Every embedded signature of the PDF at ``path``, in signing order (by where its byte
    range ends).

    ``raw`` and ``widgets`` are what the reader took from pdfium before flattening
    (``raw_signatures``, ``signature_widgets``); without them the file is opened here. A signature
    that cannot be checked gets ``intact: false`` and an ``error``; nothing is raised."""
    if raw is None:
        from .stamped import open_document

        pdf = open_document(str(path))
        try:
            raw = raw_signatures(pdf)
            widgets = []
            for i in range(len(pdf)):
                page = pdf[i]
                widgets += signature_widgets(pdf, page, i + 1)
                page.close()
        finally:
            pdf.close()
    if not raw:
        return []
    if data is None:
        data = Path(path).read_bytes()
    pages = dict(reversed(widgets or []))  # a field's first widget
    out: list[dict[str, Any]] = []
    for r in sorted(raw, key=lambda r: sum(r["byte_range"][-2:]) if len(r["byte_range"]) >= 2 else 0):
        br = r["byte_range"]
        field, sig_text = _field_of(data, br[1]) if len(br) == 4 else (None, b"")
        if field is None and len(raw) == 1 and len(widgets or []) == 1:
            field = widgets[0][0]
        on = {p for _, p in widgets or []}
        page = pages.get(field) if field else (on.pop() if len(on) == 1 else None)  # one signed page
        sig: dict[str, Any] = {"field": field, "page": page}
        try:
            checked = _check(r, data)
        except Exception as exc:  # noqa: BLE001 - a signature that cannot be parsed is not intact
            checked = {"cert": None, "others": [], "hash": None, "intact": False, "attr_time": None,
                       "error": f"{type(exc).__name__}: {exc}"}
        cert = checked["cert"]
        if cert is not None:
            subject, issuer = cert.subject, cert.issuer
            sn, isn = _native_name(subject), _native_name(issuer)
            cn = _name_part(sn, "common_name")
            sig.update({
                "kind": _kind(cn, sn),
                "signer": {"name": cn, "organisation": _name_part(sn, "organization_name"),
                           "unit": _name_part(sn, "organizational_unit_name"),
                           "email": _name_part(sn, "email_address"), "locality": _name_part(sn, "locality_name")},
                "issuer": {"name": _name_part(isn, "common_name"), "organisation": _name_part(isn, "organization_name")},
                "serial": format(cert.serial_number, "x"),
                "valid_from": _iso(cert["tbs_certificate"]["validity"]["not_before"].native),
                "valid_to": _iso(cert["tbs_certificate"]["validity"]["not_after"].native),
            })
        else:
            sig.update({"kind": None, "signer": None, "issuer": None, "serial": None, "valid_from": None,
                        "valid_to": None})
        sig["signing_time"] = _pdf_date(r["time"]) or checked.get("attr_time")
        sig["reason"] = r["reason"]
        sig["location"] = _dict_entry(sig_text, b"Location") if sig_text else None
        sig["hash"] = checked["hash"]
        # the signed range runs to the end of the file (trailing line ends aside), and not past it
        sig["covers_whole_file"] = covers_whole_file(br, data)
        sig["intact"] = checked["intact"]
        if checked.get("error"):
            sig["error"] = checked["error"]
        if trust_roots:
            sig["trusted"] = bool(sig["intact"] and cert is not None and _trusted(cert, checked["others"], trust_roots))
        else:
            sig["trusted"] = "unknown"
        out.append(sig)
    return out
