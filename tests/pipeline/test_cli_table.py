"""Every row of the README's CLI table, with every exit status it states: a user's mistake gives
one clear line on stderr and exit 2, never a traceback."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def congvan(*args, stdin: str | None = None, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          input=stdin, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, **kw)


def one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2 with no traceback and a line that says what is wrong."""
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.strip(), r.stderr
    line = r.stderr.strip().splitlines()[-1]
    assert all(w in line for w in words), line


@pytest.fixture(scope="module")
def db(tmp_path_factory, sample) -> Path:
    root = tmp_path_factory.mktemp("cli")
    (root / "inbox").mkdir()
    shutil.copy(sample, root / "inbox" / sample.name)
    r = congvan("ingest", root / "inbox", "--db", root / "c.db", "--no-progress")
    assert r.returncode == 0, r.stderr
    return root / "c.db"


@pytest.fixture
def not_a_db(tmp_path) -> Path:
    p = tmp_path / "notes.db"
    p.write_text("đây không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
    return p


# ---------------------------------------------------------------- extract


def test_extract(tmp_path, sample):
    assert congvan("extract", sample).returncode == 0
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    blank.output(str(tmp_path / "trang-trang.pdf"))
    (tmp_path / "rong.pdf").write_bytes(b"")
    for name, code in (("rong.pdf", "empty_file"), ("trang-trang.pdf", "no_text_layer")):
        r = congvan("extract", tmp_path / name, "--no-ocr")
        assert r.returncode == 1 and name in r.stderr and code in r.stderr, r.stderr
        assert code in {w["code"] for w in json.loads(r.stdout)["warnings"]}
    (tmp_path / "empty").mkdir()
    one_line_error(congvan("extract", tmp_path / "empty"), "no input files")
    one_line_error(congvan("extract", sample, tmp_path / "rong.pdf"), "-o OUTDIR")
    one_line_error(congvan("extract", sample, "-o", tmp_path / "rong.pdf"), "rong.pdf")  # -o is a file
    # missing inputs are failures of that file only
    r = congvan("extract", sample, tmp_path / "missing.pdf", "-o", tmp_path / "out")
    assert r.returncode == 1 and "missing.pdf: no such file" in r.stderr


# ---------------------------------------------------------------- eval


def test_eval(tmp_path, shared):
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(ROOT / "gold/seeds/000_c049241dda0dfc51.json", gold)
    r = congvan("eval", gold, "--shared", shared, "--no-baselines")
    assert r.returncode == 0, r.stderr
    assert not (gold / "eval.json").exists() and "written" not in r.stdout  # JSON only where asked
    r = congvan("eval", gold, "--shared", shared, "--no-baselines", "--json", tmp_path / "report.json")
    assert r.returncode == 0 and json.loads((tmp_path / "report.json").read_text("utf-8"))["documents"] == 1
    missing = json.loads((gold / "000_c049241dda0dfc51.json").read_text("utf-8"))
    missing["source"]["path"] = "nowhere/khong-co.txt"
    (gold / "missing.json").write_text(json.dumps(missing), "utf-8")
    assert congvan("eval", gold, "--shared", shared, "--no-baselines").returncode == 1
    (tmp_path / "empty").mkdir()
    one_line_error(congvan("eval", tmp_path / "empty"), "no gold JSON files")
    one_line_error(congvan("eval", tmp_path / "nope"), "no such folder")
    (gold / "broken.json").write_text("{ not json", "utf-8")
    one_line_error(congvan("eval", gold), "broken.json", "not JSON")
    (gold / "broken.json").unlink()
    one_line_error(congvan("eval", gold, "--json", tmp_path / "no/such/dir/r.json"), "no folder")


def test_committed_eval_report_is_not_rewritten_by_tests():
    assert (ROOT / "gold/eval.json").is_file()


# ---------------------------------------------------------------- validate


def test_validate(tmp_path):
    assert congvan("validate", ROOT / "gold").returncode == 0  # walks the folder: every gold file
    bad = tmp_path / "bad"
    bad.mkdir()
    g = json.loads((ROOT / "gold/seeds/000_c049241dda0dfc51.json").read_text("utf-8"))
    del g["document"]["subject"]
    (bad / "sub").mkdir()
    (bad / "sub" / "g.json").write_text(json.dumps(g), "utf-8")
    r = congvan("validate", bad)
    assert r.returncode == 1 and "g.json" in r.stdout and "subject" in r.stdout
    (bad / "x.json").write_text("[1, 2", "utf-8")
    r = congvan("validate", bad)
    assert r.returncode == 2 and "x.json: not JSON" in r.stderr and "g.json" in r.stdout  # the rest still checked
    (tmp_path / "empty").mkdir()
    one_line_error(congvan("validate", tmp_path / "empty"), "no JSON files")
    one_line_error(congvan("validate", tmp_path / "missing.json"), "missing.json", "no such file")


# ---------------------------------------------------------------- render


def test_render(tmp_path, sample):
    r = congvan("render", sample, "-o", tmp_path)
    assert r.returncode == 0 and Path(r.stdout.strip()).read_bytes()[:5] == b"%PDF-"
    r = congvan("render", tmp_path / "missing.txt", "-o", tmp_path)
    assert r.returncode == 1 and "missing.txt" in r.stderr and "Traceback" not in r.stderr
    assert congvan("render", sample).returncode == 2  # -o is required


# ---------------------------------------------------------------- ingest


def test_ingest(tmp_path, sample, not_a_db):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sample, inbox)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = congvan("ingest", "../inbox", "--db", "x.db", "--no-progress", cwd=elsewhere)  # relative paths
    assert r.returncode == 0 and "1 stored" in r.stderr, r.stderr
    from congvan.pipeline.store import Store

    stored = Store(elsewhere / "x.db").db.execute("SELECT path FROM documents").fetchone()[0]
    assert stored == str(inbox / sample.name)  # absolute: serve and export work from any folder
    one_line_error(congvan("ingest", tmp_path / "nope", "--db", tmp_path / "y.db"), "does not exist")
    one_line_error(congvan("ingest", inbox, "--db", not_a_db), "not a database")
    one_line_error(congvan("ingest", inbox, "--db", tmp_path), "folder")
    # exit 130 on Ctrl-C: tests/pipeline/test_mail.py::test_ctrl_c_during_an_ingest_of_mail_stops_cleanly


# ---------------------------------------------------------------- export


def test_export(tmp_path, db, not_a_db):
    r = congvan("export", "--db", db, "--format", "jsonl")
    assert r.returncode == 0 and "next cursor" in r.stderr and json.loads(r.stdout.splitlines()[0])
    r = congvan("export", "--db", db, "--format", "xlsx", "-o", tmp_path / "a.xlsx")
    assert r.returncode == 0 and (tmp_path / "a.xlsx").stat().st_size > 0
    one_line_error(congvan("export", "--db", tmp_path / "typo.db", "--format", "jsonl"), "no database")
    assert not (tmp_path / "typo.db").exists()  # a mistyped --db creates nothing
    one_line_error(congvan("export", "--db", not_a_db, "--format", "jsonl"), "not a congvan database")
    one_line_error(congvan("export", "--db", db, "--format", "xlsx"), "-o FILE")
    one_line_error(congvan("export", "--db", db, "--format", "csv", "-o", tmp_path / "no/dir/x.csv"), "no folder")
    os.chmod(tmp_path, 0o500)
    try:
        if os.access(tmp_path, os.W_OK):
            pass  # root writes anywhere; the missing-folder case above covers an unwritable -o
        else:
            one_line_error(congvan("export", "--db", db, "--format", "csv", "-o", tmp_path / "x.csv"), "permission")
    finally:
        os.chmod(tmp_path, 0o700)


def test_export_into_a_closed_pipe_stops_quietly(db):
    r, w = os.pipe()
    os.close(r)  # the reader (`head`) is gone before anything is written
    proc = subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", "export", "--db", str(db), "--format", "jsonl"],
                          stdout=w, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(w)
    assert proc.returncode == 141 and "Traceback" not in proc.stderr and "Exception" not in proc.stderr, proc.stderr


def test_export_gold(tmp_path, db):
    r = congvan("export", "--db", db, "--format", "gold", "-o", tmp_path / "g")
    assert r.returncode == 0 and "0 accepted document(s)" in r.stderr
    one_line_error(congvan("export", "--db", db, "--format", "gold"), "-o DIR")


# ---------------------------------------------------------------- reviewer


def test_reviewer(tmp_path, db):
    new = tmp_path / "new.db"
    one_line_error(congvan("reviewer", "add", "lan", "--db", new, "--password-stdin", stdin="mật-khẩu-dài\n"),
                   "no database")
    assert not new.exists()
    r = congvan("reviewer", "add", "lan", "--db", new, "--password-stdin", "--create", stdin="mật-khẩu-dài\n")
    assert r.returncode == 0, r.stderr
    # no terminal to ask on (stdin is a pipe here) and no --password-stdin
    one_line_error(congvan("reviewer", "add", "minh", "--db", new, stdin=""), "no terminal", "--password-stdin")
    one_line_error(congvan("reviewer", "add", "--db", new, "--password-stdin", stdin="x" * 10), "needs a NAME")
    one_line_error(congvan("reviewer", "add", "lan", "--db", new, "--password-stdin", stdin="mật-khẩu-dài\n"), "exists")
    one_line_error(congvan("reviewer", "token", "ai-do", "--db", new), "no reviewer")
    r = congvan("reviewer", "token", "lan", "--db", new)
    assert r.returncode == 0 and len(r.stdout.strip()) > 30
    r = congvan("reviewer", "list", "--db", new)
    assert r.returncode == 0 and r.stdout.split() == ["lan"]


# ---------------------------------------------------------------- datasette-metadata


def test_datasette(tmp_path, db, not_a_db):
    r = congvan("datasette-metadata", "--db", db)
    assert r.returncode == 0 and "Nhiệm vụ" in json.dumps(json.loads(r.stdout), ensure_ascii=False)
    r = congvan("datasette-metadata", "--db", db, "-o", tmp_path / "m.json")
    assert r.returncode == 0 and json.loads((tmp_path / "m.json").read_text("utf-8"))["databases"]["c"]
    one_line_error(congvan("datasette-metadata", "--db", tmp_path / "typo.db"), "no database")
    one_line_error(congvan("datasette-metadata", "--db", not_a_db), "not a congvan database")


# ---------------------------------------------------------------- serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve(tmp_path, db, not_a_db):
    one_line_error(congvan("serve", "--db", tmp_path / "typo.db"), "no database")
    one_line_error(congvan("serve", "--db", not_a_db), "not a congvan database")
    (tmp_path / "keys.json").write_text("{oops", "utf-8")
    one_line_error(congvan("serve", "--db", db, "--keys", tmp_path / "keys.json"), "key map")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "congvan.pipeline.cli", "serve", "--db", str(db), "--port", str(port)],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as resp:
                    assert resp.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("serve did not answer")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0 and "Traceback" not in err, err


def test_backfill(tmp_path):
    """The row's refusals (the runs themselves: tests/pipeline/test_backfill.py)."""
    one_line_error(congvan("backfill", tmp_path / "nowhere", "--out", tmp_path / "out"), "nowhere")
    (tmp_path / "inbox").mkdir()
    one_line_error(congvan("backfill", tmp_path / "inbox", "--out", tmp_path / "out", "--scheduler",
                           "tcp://127.0.0.1:1", "--workers", "2"), "--workers")


def test_readme_table_rows_are_the_commands_tested():
    """The README's CLI table names exactly the commands this file tests (one test per row)."""
    import re

    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("## CLI", 1)[1].split("\n\n", 2)[1]
    rows = [re.match(r"\| `congvan (\w+)(?: [^`]*?--format (gold))?", line) for line in table.splitlines()[2:]]
    names = ["_".join(filter(None, m.groups())) for m in rows if m]
    tested = {n.removeprefix("test_") for n in globals() if n.startswith("test_")}
    assert names and all(n in tested for n in names), (names, tested)
    assert "Python ≥ 3.11" in readme
    section = readme.split("## CLI", 1)[1].split("Python API", 1)[0]
    for code in ("0", "1", "2", "130", "141"):
        assert f"`{code}`" in section, code
