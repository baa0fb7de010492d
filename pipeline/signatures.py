"""Digital signatures (chữ ký số) embedded in a PDF: who signed, with which certificate, when, and
whether the file is still what was signed.

The cryptography is pyHanko's (a maintained PDF-signing library: CMS parsing, byte-range digests,
signature checks, certificate paths); this module only asks it and shapes the answer. Everything is
offline: no revocation or issuer fetches. What is checked, per signature:

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
import logging
from pathlib import Path
from typing import Any

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


def _name_part(name, key: str) -> str | None:
    value = name.native.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value else None


def _kind(common_name: str | None, subject) -> str:
    cn = common_name or ""
    user_id = str(subject.native.get("user_id") or "")
    if "MST:" in user_id or any(w in cn + " " for w in _AGENCY_WORDS):
        return "organisation"
    return "personal"


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.datetime) else None


def _pages_of_fields(reader) -> dict[str, int]:
    """Field name -> 1-based page of its widget."""
    from pyhanko.pdf_utils import generic

    found: dict[str, int] = {}
    page_no = 0

    def walk(node) -> None:
        nonlocal page_no
        node = node.get_object()
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node.get("/Kids", []):
                walk(kid)
            return
        page_no += 1
        for annot in node.get("/Annots", generic.ArrayObject()) or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            field = a if "/T" in a else (a["/Parent"].get_object() if "/Parent" in a else a)
            name = field.get("/T")
            if name is not None:
                found.setdefault(str(name), page_no)

    try:
        walk(reader.root["/Pages"])
    except Exception as exc:  # noqa: BLE001 - a malformed page tree only loses the page numbers
        log.debug("page tree walk failed: %s", exc)
    return found


def _integrity(emb) -> tuple[bool, str]:
    """(intact, why not) without certificate-path building (offline, cheap)."""
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    emb.compute_integrity_info(skip_diff=True)
    intact, valid = validate_sig_integrity(emb.signer_info, emb.signer_cert, expected_content_type="data",
                                           actual_digest=emb.compute_digest())
    if not intact:
        return False, "the signed bytes do not match the signature's digest (changed after signing)"
    if not valid:
        return False, "the signature does not verify with the signer's certificate"
    return True, ""


def _trusted(emb, roots: list) -> bool:
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    vc = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a path that cannot be built is an answer here, not an error
    try:
        status = asyncio.run(async_validate_pdf_signature(emb, signer_validation_context=vc, skip_diff=True))
        return bool(status.trusted)
    except Exception as exc:  # noqa: BLE001
        log.debug("trust check failed: %s", exc)
        return False
    finally:
        quiet.setLevel(level)


def read_signatures(path: str | Path, *, trust_roots: list | None = None) -> list[dict[str, Any]]:
    """Every embedded signature of the PDF at ``path``, in file order (the order of signing).

    Raises nothing for a signature it cannot check: that signature gets ``intact: false`` and an
    ``error``. A file pyHanko cannot parse gives an empty list (logged)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    out: list[dict[str, Any]] = []
    with open(path, "rb") as fh:
        try:
            reader = PdfFileReader(fh, strict=False)
            embedded = list(reader.embedded_signatures)
        except Exception as exc:  # noqa: BLE001
            log.warning("signatures of %s could not be read: %s", path, exc)
            return []
        pages = _pages_of_fields(reader) if embedded else {}
        for emb in embedded:
            sig: dict[str, Any] = {"field": str(emb.field_name), "page": pages.get(str(emb.field_name))}
            try:
                cert = emb.signer_cert
                subject, issuer = cert.subject, cert.issuer
                cn = _name_part(subject, "common_name")
                sig.update({
                    "kind": _kind(cn, subject),
                    "signer": {"name": cn, "organisation": _name_part(subject, "organization_name"),
                               "unit": _name_part(subject, "organizational_unit_name"),
                               "email": _name_part(subject, "email_address"),
                               "locality": _name_part(subject, "locality_name")},
                    "issuer": {"name": _name_part(issuer, "common_name"),
                               "organisation": _name_part(issuer, "organization_name")},
                    "serial": format(cert.serial_number, "x"),
                    "valid_from": _iso(cert["tbs_certificate"]["validity"]["not_before"].native),
                    "valid_to": _iso(cert["tbs_certificate"]["validity"]["not_after"].native),
                })
            except Exception as exc:  # noqa: BLE001
                sig.update({"kind": None, "signer": None, "issuer": None, "serial": None,
                            "valid_from": None, "valid_to": None, "error": f"certificate: {exc}"})
            obj = emb.sig_object
            sig["signing_time"] = _iso(emb.self_reported_timestamp)
            sig["reason"] = str(obj["/Reason"]) if "/Reason" in obj else None
            sig["location"] = str(obj["/Location"]) if "/Location" in obj else None
            try:
                sig["hash"] = emb.md_algorithm
            except Exception:  # noqa: BLE001
                sig["hash"] = None
            try:
                intact, why = _integrity(emb)
                sig["covers_whole_file"] = emb.coverage == SignatureCoverageLevel.ENTIRE_FILE
                sig["intact"] = intact
                if why:
                    sig["error"] = why
            except Exception as exc:  # noqa: BLE001 - a signature that cannot be checked is not intact
                sig.setdefault("covers_whole_file", False)
                sig["intact"] = False
                sig["error"] = f"{type(exc).__name__}: {exc}"
            if trust_roots:
                sig["trusted"] = sig["intact"] and _trusted(emb, trust_roots)
            else:
                sig["trusted"] = "unknown"
            out.append(sig)
    return out
