"""Digital signatures: files signed here with a throwaway certificate (valid, tampered, updated after
signing, two signatures, none) and the real signed letters of ../shared/corpora."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from congvan.corpora.render import render_letter
from congvan.pipeline import extract, to_result, validate
from congvan.pipeline.signatures import load_trust_roots, read_signatures

SIGNER_NAME = "Nguyễn Văn An"
AGENCY = "ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM"


def _name(cn: str, org: str | None = None, email: str | None = None):
    from cryptography.x509 import Name, NameAttribute
    from cryptography.x509.oid import NameOID

    attrs = [NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(NameAttribute(NameOID.COMMON_NAME, cn))
    if email:
        attrs.append(NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return Name(attrs)


def _cert(subject, issuer, key, signing_key, *, ca: bool):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                                        critical=True)
    return builder.sign(signing_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A throwaway CA, a person's and an agency's certificate under it, and a foreign CA."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    def key():
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    ca_key, other_key, person_key, org_key = key(), key(), key(), key()
    ca_name = _name("Throwaway test CA", "congvan tests")
    ca = _cert(ca_name, ca_name, ca_key, ca_key, ca=True)
    other_name = _name("Unrelated CA", "elsewhere")
    other = _cert(other_name, other_name, other_key, other_key, ca=True)
    person = _cert(_name(SIGNER_NAME, AGENCY, "an.nv@thu.gov.vn"), ca_name, person_key, ca_key, ca=False)
    org = _cert(_name("VĂN PHÒNG HĐND VÀ UBND HUYỆN THỬ NGHIỆM", AGENCY), ca_name, org_key, ca_key, ca=False)
    folder = tmp_path_factory.mktemp("pki")
    for name, c in [("ca", ca), ("other", other)]:
        (folder / name).mkdir()
        (folder / name / f"{name}.pem").write_bytes(c.public_bytes(serialization.Encoding.PEM))

    def signer(cert, k):
        from asn1crypto import keys, x509 as ax509
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        der = k.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
        return signers.SimpleSigner(
            signing_cert=ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            signing_key=keys.PrivateKeyInfo.load(der),
            cert_registry=SimpleCertificateStore.from_certs([]))

    return {"person": signer(person, person_key), "org": signer(org, org_key),
            "ca_dir": folder / "ca", "other_dir": folder / "other"}


def _sign(src: Path, dst: Path, signer, field: str, box=None) -> Path:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    # a visible stamp in the signature widget's appearance (ASCII: pyHanko's built-in font has no
    # Vietnamese glyphs), which the reader must read in place without losing the page's own text
    style = TextStampStyle(stamp_text="Da ky so\nThoi gian ky: %(ts)s")
    with src.open("rb") as fh:
        writer = IncrementalPdfFileWriter(fh, strict=False)
        spec = fields.SigFieldSpec(field, on_page=0, box=box) if box else None
        meta = signers.PdfSignatureMetadata(field_name=field, reason="ký số văn bản", location="Thử Nghiệm",
                                            md_algorithm="sha256")
        with dst.open("wb") as out:
            signers.PdfSigner(meta, signer=signer, new_field_spec=spec, stamp_style=style).sign_pdf(writer, output=out)
    return dst


LETTER = """ỦY BAN NHÂN DÂN HUYỆN THỬ NGHIỆM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 215/UBND-VP
Thử Nghiệm, ngày 05 tháng 3 năm 2025
V/v báo cáo kết quả thực hiện
Kính gửi: Phòng Nội vụ huyện.
Đề nghị Phòng Nội vụ báo cáo kết quả trước ngày 20/3/2025.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory, pki):
    folder = tmp_path_factory.mktemp("signed")
    plain = render_letter(LETTER, folder / "plain.pdf")
    valid = _sign(plain, folder / "valid.pdf", pki["person"], "Nguoi_ky", box=(380, 80, 560, 130))
    two = _sign(valid, folder / "two.pdf", pki["org"], "Co_quan", box=(380, 140, 560, 190))
    data = bytearray(valid.read_bytes())
    at = data.index(b"/Producer") if b"/Producer" in data[:len(data) // 2] else 200
    data[at + 2] ^= 0x01  # one byte inside the signed range, in a dictionary key's name
    tampered = folder / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    # an incremental update after signing: a new Info dictionary appended by a plain writer
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    updated = folder / "updated.pdf"
    with valid.open("rb") as fh:
        w = IncrementalPdfFileWriter(fh, strict=False)
        info = generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("sửa sau khi ký")})
        w.trailer["/Info"] = w.add_object(info)
        with updated.open("wb") as out:
            w.write(out)
    return {"plain": plain, "valid": valid, "two": two, "tampered": tampered, "updated": updated}


def _codes(doc) -> list[str]:
    return [w.code for w in doc.warnings]


def test_no_signature_gives_no_additions(files):
    doc = extract(files["plain"])
    result = to_result(doc)
    assert "signatures" not in result and "copy" not in result
    assert read_signatures(files["plain"]) == []


def test_valid_signature_is_listed_whole(files):
    (sig,) = read_signatures(files["valid"])
    assert sig["field"] == "Nguoi_ky" and sig["page"] == 1
    assert sig["kind"] == "personal"
    assert sig["signer"]["name"] == SIGNER_NAME and sig["signer"]["email"] == "an.nv@thu.gov.vn"
    assert sig["issuer"]["name"] == "Throwaway test CA"
    assert sig["intact"] is True and sig["covers_whole_file"] is True and sig["trusted"] == "unknown"
    assert sig["reason"] == "ký số văn bản" and sig["hash"] == "sha256"
    assert dt.datetime.fromisoformat(sig["signing_time"]).date() == dt.date.today()
    doc = extract(files["valid"])
    result = to_result(doc)
    assert validate(result) == []
    assert "Da ky so" in doc.text and "Thoi gian ky:" in doc.text  # the widget's stamp, read in place
    assert result["signatures"][0]["signer"]["name"] == SIGNER_NAME
    # the page says 05/3/2025 and the file was signed today: a reviewer must see it
    assert "signed_after_issue_date" in _codes(doc)
    assert not {"signature_invalid", "modified_after_signing", "signature_untrusted"} & set(_codes(doc))
    # the page's signer is kept, and the certificate agrees with it
    assert result["document"]["signer"]["name"] == SIGNER_NAME
    assert "signer_differs_from_signature" not in _codes(doc)


def test_tampered_file_is_invalid(files):
    (sig,) = read_signatures(files["tampered"])
    assert sig["intact"] is False
    assert "signature_invalid" in _codes(extract(files["tampered"]))


def test_update_after_signing_is_reported(files):
    (sig,) = read_signatures(files["updated"])
    assert sig["intact"] is True and sig["covers_whole_file"] is False
    doc = extract(files["updated"])
    assert "modified_after_signing" in _codes(doc) and "signature_invalid" not in _codes(doc)


def test_two_signatures_in_signing_order(files):
    sigs = read_signatures(files["two"])
    assert [s["field"] for s in sigs] == ["Nguoi_ky", "Co_quan"]
    assert [s["kind"] for s in sigs] == ["personal", "organisation"]
    assert [s["covers_whole_file"] for s in sigs] == [False, True]  # the second is the update after the first
    assert all(s["intact"] for s in sigs)
    assert "modified_after_signing" not in _codes(extract(files["two"]))


def test_trust_only_with_roots(files, pki):
    (sig,) = read_signatures(files["valid"], trust_roots=load_trust_roots(pki["ca_dir"]))
    assert sig["trusted"] is True
    (sig,) = read_signatures(files["valid"], trust_roots=load_trust_roots(pki["other_dir"]))
    assert sig["trusted"] is False
    doc = extract(files["valid"], trust_roots=load_trust_roots(pki["other_dir"]))
    assert "signature_untrusted" in _codes(doc)


def test_cli_trust_roots(files, pki, tmp_path):
    from congvan.pipeline.cli import main

    out = tmp_path / "out"
    assert main(["extract", str(files["valid"]), "-o", str(out), "--trust-roots", str(pki["ca_dir"])]) == 0
    (result_file,) = out.glob("*.json")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["signatures"][0]["trusted"] is True


# --- real signed letters -------------------------------------------------------------------------

@pytest.mark.parametrize("name, signatures, first_signer, number, day, broken", [
    ("public/005.pdf", 4, "Trần Hữu Tuấn", "963", (2025, 8, 21), 0),
    # the first signature's digest matches but its RSA signature does not verify (pyHanko)
    ("public/001.pdf", 5, "Cao Huy", "5816", (2025, 7, 31), 1),
    ("public/003.pdf", 4, None, "3858", (2025, 12, 29), 0),
    ("dev/dev002.pdf", 4, None, "141", (2025, 12, 9), 0),
])
def test_real_signed_letters(shared, name, signatures, first_signer, number, day, broken):
    doc = extract(shared / "corpora" / name)
    result = to_result(doc)
    assert validate(result) == []
    sigs = result["signatures"]
    assert len(sigs) == signatures
    assert all(s["signer"]["name"] and s["signing_time"] for s in sigs)
    assert sum(s["intact"] is not True for s in sigs) == broken
    assert ("signature_invalid" in _codes(doc)) == bool(broken)
    if first_signer:
        assert sigs[0]["signer"]["name"] == first_signer and sigs[0]["kind"] == "personal"
    # the number and day e-office stamped at signing are read from the widget appearances
    d = result["document"]
    assert d["number"] == number
    assert (d["issued_date"]["year"], d["issued_date"]["month"], d["issued_date"]["day"]) == day
    assert "number_blank" not in _codes(doc)


def test_real_copy_is_recorded_apart(shared):
    doc = extract(shared / "corpora/public/037.pdf", ocr=False)
    result = to_result(doc)
    assert validate(result) == []
    assert result["copy"]["kind"] == "sao_y" and result["copy"]["by"] == "Bộ Công an"
    assert result["copy"]["time"].startswith("2025-09-16")


def test_real_file_changed_after_signing(shared):
    # public 028: both signatures' digests no longer match the bytes (the portal re-saved it)
    doc = extract(shared / "corpora/public/028.pdf", ocr=False)
    assert "signature_invalid" in _codes(doc)


# --- store, feeds, review page -------------------------------------------------------------------

def test_store_exports_and_review_page_show_signatures(files, tmp_path):
    from congvan.pipeline.export import export
    from congvan.pipeline.store import Store
    from congvan.pipeline.web import create_app

    from .web.conftest import PASSWORD, csrf

    store = Store(tmp_path / "s.db")
    assert store.schema_version() >= 3
    result = to_result(extract(files["two"]))
    result["document"]["signer"] = None  # as if the page had lost the signature block
    store.store_run(path=str(files["two"]), size=1, result=result, version="1", started_at="t", seconds=0)
    rows = list(store.db.execute("SELECT seq, kind, signer_name, intact, covers_whole_file, trusted "
                                 "FROM signatures ORDER BY seq"))
    assert rows == [(0, "personal", SIGNER_NAME, 1, 0, "unknown"),
                    (1, "organisation", "VĂN PHÒNG HĐND VÀ UBND HUYỆN THỬ NGHIỆM", 1, 1, "unknown")]
    (line,) = export(store, "jsonl")[0].decode().splitlines()
    assert [s["field"] for s in json.loads(line)["signatures"]] == ["Nguoi_ky", "Co_quan"]
    (meta,) = [json.loads(x) for x in export(store, "nd30")[0].decode().splitlines()]
    assert meta["FullName"] == SIGNER_NAME  # filled from the personal certificate
    store.add_reviewer("lan", PASSWORD)
    client = create_app(tmp_path / "s.db").test_client()
    client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf_token": csrf(client.get("/login").text)})
    html = client.get("/doc/1").text
    assert "Chữ ký số (2)" in html and SIGNER_NAME in html and "Throwaway test CA" in html


def test_unreadable_signature_is_invalid_and_the_letter_still_read(files, tmp_path):
    """A /Contents that is not CMS (zeros written over it): the signature is reported, the text read."""
    data = bytearray(files["valid"].read_bytes())
    at = data.index(b"/Contents <") + len(b"/Contents <")
    data[at:at + 64] = b"0" * 64
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    (sig,) = read_signatures(broken)
    assert sig["intact"] is False and sig["error"]
    doc = extract(broken)
    assert "signature_invalid" in _codes(doc) and "stage_failed" not in _codes(doc)
    assert doc.fields["number"] == "215"
