"""The CLI on real letters: every result follows the contract; bad files do not stop a batch."""
import json
import subprocess
import sys

import pytest

from congvan.pipeline.cli import main
from congvan.pipeline.contract import validate


def _run(*args):
    return subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", *args], capture_output=True, text=True)


def test_help_for_every_command():
    for cmd in ("extract", "eval", "validate", "render", "ingest", "export"):
        r = _run(cmd, "--help")
        assert r.returncode == 0 and "usage" in r.stdout


def test_sample_prints_one_valid_result(sample):
    r = _run("extract", str(sample))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert validate(result) == []
    d = result["document"]
    assert (d["number"], d["symbol"], d["doc_type"]) == ("215", "UBND-NV", "cong_van")
    assert d["issuer"]["name"] == "Ủy ban nhân dân huyện Mẫu Sơn"
    assert d["issued_date"]["iso"] == "2025-06-03"


def test_seeds_and_public_pdfs_all_validate(shared, tmp_path):
    code = main(["extract", str(shared / "corpora/seeds"), str(shared / "corpora/public"), "-o", str(tmp_path)])
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == len(list((shared / "corpora/seeds").glob("*.txt"))) + \
        len(list((shared / "corpora/public").glob("*.pdf")))
    for f in files:
        assert validate(json.loads(f.read_text("utf-8"))) == [], f.name
    assert code == 0


def test_headless_seed_gives_nulls_and_a_warning(seeds, tmp_path):
    headless = [s for s in seeds if s.name.startswith("001_")][0]
    main(["extract", str(headless), "-o", str(tmp_path)])
    r = json.loads((tmp_path / (headless.stem + ".json")).read_text("utf-8"))
    assert r["document"]["number"] is None and r["document"]["symbol"] is None
    assert r["document"]["issued_date"] is None
    assert "header_not_found" in {w["code"] for w in r["warnings"]}


@pytest.mark.parametrize("name, content, code", [
    ("broken.pdf", b"%PDF-1.4\n garbage that is not a pdf", "corrupt"),
    ("notapdf.pdf", b"hello, this is plain text", "not_pdf"),
    ("empty.pdf", b"", "empty_file"),
])
def test_bad_file_is_reported_and_batch_goes_on(tmp_path, sample, name, content, code):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(content)
    (inbox / "good.txt").write_text(sample.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    r = _run("extract", str(inbox), "-o", str(out))
    good = json.loads((out / "good.json").read_text("utf-8"))
    bad = json.loads((out / (name[:-4] + ".json")).read_text("utf-8"))
    assert good["document"]["symbol"] == "UBND-NV"
    assert code in {w["code"] for w in bad["warnings"]}
    assert validate(bad) == []
    assert r.returncode == 1 and name in r.stderr  # empty_file too, as the README says


def test_image_only_pdf_with_no_ocr_warns_no_text_layer(public_pdfs, tmp_path):
    scan = [p for p in public_pdfs if p.name == "036.pdf"]
    if not scan:
        pytest.skip("036.pdf not in the shared corpus")
    main(["extract", str(scan[0]), "--no-ocr", "-o", str(tmp_path)])
    r = json.loads((tmp_path / "036.json").read_text("utf-8"))
    assert r["source"]["text_layer"] == "none"
    assert "no_text_layer" in {w["code"] for w in r["warnings"]}
