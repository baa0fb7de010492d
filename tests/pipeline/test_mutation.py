"""A mutation check (issue 18): bit-flipped and truncated copies of real letters give the same
result, or a warning; never a changed result without one. Before pipeline/integrity.py, 9 of 120
flipped copies changed without a word."""
from __future__ import annotations

import json
import random

import pytest

from congvan.pipeline.integrity import problems
from congvan.pipeline.run import extract, to_result

from .inbox import render_variants

FLIPS = 12


def _key(result: dict) -> str:
    r = json.loads(json.dumps(result))
    r["source"].pop("sha256")
    r["source"]["path"] = ""
    for o in r["obligations"]:
        o.pop("id")  # ids hash the file's sha256
    return json.dumps({k: r[k] for k in ("source", "document", "obligations")}, sort_keys=True, ensure_ascii=False)


def _letters(tmp_path, shared_dir):
    out = render_variants(tmp_path / "rendered", 1)
    if shared_dir is not None:
        out += [p for p in (shared_dir / "corpora/public/004.pdf", shared_dir / "corpora/public/021.pdf") if p.exists()]
    return out


@pytest.fixture
def shared_or_none():
    from ..conftest import SHARED

    return SHARED if (SHARED / "corpora").is_dir() else None


def test_flipped_and_truncated_letters_change_only_with_a_warning(tmp_path, shared_or_none):
    rng = random.Random(18)
    silent, trials = [], 0
    for src in _letters(tmp_path, shared_or_none):
        base = to_result(extract(src, ocr=False))
        before = {w["code"] for w in base["warnings"]}
        data = src.read_bytes()
        copies = []
        for _ in range(FLIPS):
            b = bytearray(data)
            pos = rng.randrange(len(b))
            b[pos] ^= 1 << rng.randrange(8)
            copies.append((f"bit {pos}", bytes(b)))
        copies += [(f"cut at {f}", data[: int(len(data) * f)]) for f in (0.33, 0.66, 0.95)]
        for what, mutated in copies:
            path = tmp_path / f"{src.stem}-mutated.pdf"
            path.write_bytes(mutated)
            result = to_result(extract(path, ocr=False))
            trials += 1
            new = {w["code"] for w in result["warnings"]} - before
            if _key(result) != _key(base) and not new:
                silent.append(f"{src.name} {what}")
    assert trials >= FLIPS + 3
    assert silent == [], f"{len(silent)} of {trials} changed without a warning: {silent}"


def test_whole_letters_raise_no_damage(tmp_path, shared_or_none):
    for src in _letters(tmp_path, shared_or_none):
        assert problems(src.read_bytes()) == [], src.name
    if shared_or_none is not None:
        for src in sorted((shared_or_none / "corpora/public").glob("*.pdf")):
            assert problems(src.read_bytes()) == [], src.name


def test_damage_is_named(tmp_path):
    src = render_variants(tmp_path, 1)[0]
    data = src.read_bytes()
    assert any("%%EOF" in p for p in problems(data[: len(data) // 2]))
    i = data.index(b"stream\n", data.index(b"/FlateDecode")) + 20
    flipped = data[:i] + bytes([data[i] ^ 0x10]) + data[i + 1:]
    assert any("does not inflate" in p for p in problems(flipped))


def test_a_signed_letter_whose_streams_are_not_inflated_still_warns_of_every_flip(tmp_path, shared_or_none):
    """A file whose last signature covers it and whose digest matches is not inflated stream by
    stream (``signatures.file_as_signed``): a bit flipped inside a compressed stream must then show
    as a signature that does not match, and the copy is checked the long way (``pdf_damaged``)."""
    from congvan.pipeline.signatures import file_as_signed, raw_signatures
    from congvan.pipeline.stamped import open_document

    if shared_or_none is None:
        pytest.skip("the shared corpora are not here (public 005, a signed letter)")
    def as_signed(path) -> bool:
        pdf = open_document(str(path))
        try:
            return file_as_signed(raw_signatures(pdf), path.read_bytes())
        finally:
            pdf.close()

    src = shared_or_none / "corpora/public/005.pdf"
    data = src.read_bytes()
    assert as_signed(src)
    rng = random.Random(14)
    flate = [m.start() for m in __import__("re").finditer(rb"/FlateDecode", data)]
    for k in range(6):
        i = data.index(b"stream", flate[rng.randrange(len(flate))]) + 8 + rng.randrange(64)
        flipped = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]
        path = tmp_path / f"005-flip{k}.pdf"
        path.write_bytes(flipped)
        assert not as_signed(path)  # the digest no longer matches
        codes = {w["code"] for w in to_result(extract(path, ocr=False))["warnings"]}
        assert "signature_invalid" in codes, (i, codes)
        assert "pdf_damaged" in codes or problems(flipped) == [], (i, codes)
    # a high byte in the padding of the last signature's /Contents: the digest still matches (the
    # hex string is not signed), so the gap itself is looked at, and the damage is named as before
    pdf = open_document(str(src))
    try:
        br = max(raw_signatures(pdf), key=lambda r: r["byte_range"][2])["byte_range"]
    finally:
        pdf.close()
    i = br[2] - 8  # in the zeros that pad the hex string
    flipped = data[:i] + bytes([data[i] | 0x80]) + data[i + 1:]
    path = tmp_path / "005-gap.pdf"
    path.write_bytes(flipped)
    assert not as_signed(path)
    assert problems(flipped) and "pdf_damaged" in {w["code"] for w in to_result(extract(path, ocr=False))["warnings"]}
