"""An inbox that always finishes (issue 18), on real files: names that are not UTF-8, a PDF whose
page count is wrong, paths that are not letters, a file swapped for a link after it was hashed,
a killed worker, the parent killed, two ingests on one store, an ingest while a reviewer saves,
500 blank pages and a 14,400-point page within their limits."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from congvan.pipeline.cli import main
from congvan.pipeline.ingest import _hash, ingest
from congvan.pipeline.ingest_workers import _payload
from congvan.pipeline.ocr import tesseract_status
from congvan.pipeline.run import extract
from congvan.pipeline.store import Store

from .inbox import long_pdf, render_variants

ODD = os.fsdecode(b"c\xf4ng v\xe3n cp1258.txt")  # "công văn" in a legacy code page: not UTF-8
needs_tesseract = pytest.mark.skipif(tesseract_status() is not None, reason=f"OCR unavailable: {tesseract_status()}")


def _wrong_page_count(src: Path, dest: Path) -> Path:
    """A real letter whose page tree says 7 pages where it has 1."""
    dest.write_bytes(re.sub(rb"/Count 1\b", b"/Count 7", src.read_bytes(), count=1))
    return dest


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", *args], capture_output=True, text=True, **kw)


# ---------------------------------------------------------------- names and page counts


def test_a_name_that_is_not_utf8_is_ingested_and_reruns_finish(tmp_path, sample):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(sample, os.path.join(os.fsencode(inbox), os.fsencode(ODD)))
    db = tmp_path / "s.db"
    for _ in range(2):  # before: the first run crashed, and every rerun again
        r = _cli("ingest", str(inbox), "--db", str(db), "--no-progress")
        assert r.returncode == 0, r.stderr
    path = sqlite3.connect(db).execute("SELECT path FROM documents").fetchone()[0]
    assert path.endswith("c\\xf4ng v\\xe3n cp1258.txt")
    assert "2 path(s)" not in r.stderr and "1 skipped" in r.stderr


def test_extract_writes_every_result_of_a_folder_with_bad_files(tmp_path, sample):
    """A non-UTF-8 name and a wrong page count: before, a 0-byte result and 0 of 3 written."""
    folder = tmp_path / "in"
    good = render_variants(folder, 1)[0]
    _wrong_page_count(good, folder / "sai số trang.pdf")
    shutil.copy(sample, os.path.join(os.fsencode(folder), os.fsencode(ODD)))
    out = tmp_path / "out"
    r = _cli("extract", str(folder), "-o", str(out), "--no-progress")
    assert "Traceback" not in r.stderr, r.stderr
    results = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.iterdir()}
    assert len(results) == 3 and all(p.stat().st_size > 0 for p in out.iterdir())
    wrong = results["sai số trang.json"]
    assert wrong["source"]["pages"] == 7
    assert any(w["code"] == "pages_unreadable" for w in wrong["warnings"])
    assert wrong["document"]["symbol"] == "UBND-NV"  # the page it has is read
    odd = next(v for k, v in results.items() if k.startswith("c"))
    assert odd["source"]["path"].endswith("c\\xf4ng v\\xe3n cp1258.txt") and odd["document"]["symbol"]


# ---------------------------------------------------------------- every path accounted for


def test_every_path_is_stored_duplicate_quarantined_or_skipped_with_a_reason(tmp_path, sample):
    inbox = tmp_path / "in"
    letters = render_variants(inbox, 2)
    (inbox / ".ẩn.pdf").write_bytes(letters[0].read_bytes())
    (inbox / ".git").mkdir()
    (inbox / ".git" / "config").write_text("x")
    (inbox / "ảnh chụp.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    (inbox / "ảnh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))  # a photo named .pdf
    (inbox / "hồ sơ.zip").write_bytes(b"PK\x03\x04" + bytes(200))
    (inbox / "tờ trình.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))
    shutil.copy(sys.executable, inbox / "cài đặt.exe")
    os.symlink("/etc/hostname", inbox / "ra ngoài.txt")
    os.symlink(letters[1].name, inbox / "liên kết.pdf")  # inside the inbox: read as that file
    os.symlink("không có.txt", inbox / "hỏng.txt")  # a broken link inside the inbox
    os.symlink("/etc", inbox / "thư mục ngoài")
    os.mkfifo(inbox / "ống.txt")
    (inbox / "rỗng.pdf").write_bytes(b"")
    (inbox / "rỗng bản 2.pdf").write_bytes(b"")  # a copy of a quarantined file
    db = tmp_path / "s.db"
    s = ingest(inbox, db)
    assert s.seen == s.accounted() == 16, s.line()
    assert s.stored == 2 and s.duplicates == 2 and s.quarantined == {"empty": 1}
    assert s.ignored == {"hidden": 2, "not_a_letter": 5, "symlink_outside": 1, "broken_symlink": 1,
                         "symlinked_folder": 1, "not_a_regular_file": 1}, s.ignored
    con = sqlite3.connect(db)
    listed = {Path(p).name: r for p, r in con.execute("SELECT path, reason FROM skipped_paths")}
    copies = [n for n in ("rỗng.pdf", "rỗng bản 2.pdf") if listed.pop(n, None) == "duplicate_of_quarantined"]
    assert len(copies) == 1  # the other is the quarantined one
    assert listed == {
        ".ẩn.pdf": "hidden", ".git": "hidden", "ảnh chụp.jpg": "not_a_letter", "ảnh.pdf": "not_a_letter",
        "hồ sơ.zip": "not_a_letter", "tờ trình.docx": "not_a_letter", "cài đặt.exe": "not_a_letter",
        "ra ngoài.txt": "symlink_outside", "hỏng.txt": "broken_symlink", "thư mục ngoài": "symlinked_folder",
        "ống.txt": "not_a_regular_file"}
    details = dict(con.execute("SELECT reason, detail FROM skipped_paths WHERE path LIKE '%.exe'"))
    assert "program" in details["not_a_letter"] and "PDF and plain-text" in details["not_a_letter"]
    paths = {Path(p).name for (p,) in con.execute("SELECT path FROM document_paths")}
    assert "liên kết.pdf" in paths
    assert "not read" in s.line() and "not_a_letter 5" in s.line()
    again = ingest(inbox, db)
    assert again.stored == 0 and again.seen == again.accounted() == 16


# ---------------------------------------------------------------- the symlink race


def test_a_file_swapped_for_a_link_after_hashing_is_not_followed(tmp_path, sample):
    inbox = tmp_path / "in"
    inbox.mkdir()
    victim = inbox / "thư.txt"
    shutil.copy(sample, victim)
    sha, size, _, ident = _hash(str(victim))
    victim.unlink()
    os.symlink("/etc/passwd", victim)  # the race: swapped between the hash and the read
    task = {"path": str(victim), "shown": str(victim), "sha256": sha, "ident": list(ident)}
    out = _payload(task, ocr=False)
    assert out["error"] == "changed" and "symbolic link" in out["detail"]
    victim.unlink()
    other = inbox / "khác.txt"
    other.write_text("Công văn khác", encoding="utf-8")
    os.rename(other, victim)  # swapped for another file (not a link): the inode differs
    assert _payload(task, ocr=False)["error"] == "changed"


def test_the_race_during_a_real_ingest(tmp_path, sample):
    """The second file is swapped for a link to /etc/passwd while the first is being stored."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    first, second = inbox / "a.txt", inbox / "b.txt"
    shutil.copy(sample, first)
    second.write_text(sample.read_text(encoding="utf-8").replace("215/UBND-NV", "216/UBND-NV"), encoding="utf-8")

    def swap(path: str) -> None:
        if path.endswith("a.txt"):
            second.unlink()
            os.symlink("/etc/passwd", second)

    db = tmp_path / "s.db"
    s = ingest(inbox, db, on_stored=swap)
    assert s.stored == 1 and s.ignored == {"changed": 1}
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM texts WHERE original_text LIKE '%root:%'").fetchone() == (0,)
    assert con.execute("SELECT reason FROM skipped_paths WHERE path LIKE '%b.txt'").fetchone() == ("changed",)
    assert ingest(inbox, db).ignored == {"symlink_outside": 1}  # the next run sees a link out of the inbox


# ---------------------------------------------------------------- killed workers, killed parents


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# pages of the letter a worker is killed reading: several seconds of work even on an idle machine
# (400 pages read in 0.4 s once the extractor got faster, and the kill came too late)
LONG = 2000


def _kill_worker_when_busy(stop: threading.Event) -> None:
    """SIGKILL this process's ingest worker once it has been working a moment (what the OOM killer does)."""
    me = os.getpid()
    while not stop.is_set():
        kids = _children(me)
        if kids:
            time.sleep(0.5)
            for k in _children(me):
                os.kill(k, signal.SIGKILL)
            return
        time.sleep(0.02)


def _ingest_killing_the_worker(inbox: Path, db: Path, **kw):
    stop = threading.Event()
    t = threading.Thread(target=_kill_worker_when_busy, args=(stop,), daemon=True)
    t.start()
    try:
        return ingest(inbox, db, **kw)
    finally:
        stop.set()
        t.join(5)


@pytest.mark.slow
def test_a_killed_workers_file_is_retried_once_then_stays_then_retry_quarantined(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    long_pdf(inbox / "dài.pdf", LONG)  # seconds of reading: time to be killed
    db = tmp_path / "s.db"
    first = _ingest_killing_the_worker(inbox, db)
    assert first.quarantined == {"killed": 1}, first.line()
    detail = sqlite3.connect(db).execute("SELECT detail FROM quarantine").fetchone()[0]
    assert "signal 9" in detail and "next run" in detail
    second = _ingest_killing_the_worker(inbox, db)  # retried once, killed again: it stays now
    assert second.retried == 1 and second.quarantined == {"killed": 1}
    third = ingest(inbox, db)
    assert third.skipped == 1 and third.stored == 0
    fourth = ingest(inbox, db, retry_quarantined=True)
    assert fourth.retried == 1 and fourth.stored == 1
    assert sqlite3.connect(db).execute("SELECT count(*) FROM quarantine").fetchone() == (0,)


@pytest.mark.slow
def test_a_killed_workers_file_that_reads_on_the_retry_is_stored(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    long_pdf(inbox / "dài.pdf", LONG)
    db = tmp_path / "s.db"
    assert _ingest_killing_the_worker(inbox, db).quarantined == {"killed": 1}
    again = ingest(inbox, db)
    assert again.retried == 1 and again.stored == 1 and not again.quarantined


@pytest.mark.slow
def test_killing_the_parent_stops_its_workers(tmp_path):
    inbox = tmp_path / "in"
    render_variants(inbox, 2)
    long_pdf(inbox / "dài.pdf", 600)
    proc = subprocess.Popen([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db",
                             str(tmp_path / "s.db"), "--workers", "2", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) == 2, "the workers did not start"
    proc.kill()  # the parent only, not its process group
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() and
                                              "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]
                                              for w in workers if Path(f"/proc/{w}/stat").exists()):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()
             and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"]
    assert alive == []


def test_the_time_for_one_file_is_capped(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    long_pdf(inbox / "dài.pdf", LONG)
    s = ingest(inbox, tmp_path / "s.db", timeout=10_000, max_seconds=0.3)
    assert s.quarantined == {"timeout": 1}
    detail = sqlite3.connect(tmp_path / "s.db").execute("SELECT detail FROM quarantine").fetchone()[0]
    assert "at most 0.3s" in detail


# ---------------------------------------------------------------- limits


def test_500_blank_pages_are_not_sent_to_ocr(tmp_path):
    """Before: a 62 KB PDF of 500 blank pages held a worker 13.5 minutes (60 s more per OCR page)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(500):
        pdf.add_page()
    path = tmp_path / "500 trang trắng.pdf"
    pdf.output(str(path))
    asked: list[int] = []
    doc = extract(path, on_ocr=asked.append)
    codes = {w.code: w.message for w in doc.warnings}
    assert asked == [] and "1-500" in codes["blank_pages"] and "no_text_layer" in codes
    s = ingest(path, tmp_path / "s.db")
    assert s.quarantined == {"no_text_layer": 1}


@needs_tesseract
def test_ocr_reads_at_most_the_page_limit_and_says_so(tmp_path, monkeypatch):
    from fpdf import FPDF

    from congvan.pipeline import ocr

    monkeypatch.setattr(ocr, "MAX_PAGES", 2)
    pdf = FPDF()
    for _ in range(4):
        pdf.add_page()
        pdf.rect(20, 40, 170, 30, style="F")  # something drawn: not blank, no text
    path = tmp_path / "4 trang.pdf"
    pdf.output(str(path))
    asked: list[int] = []
    doc = extract(path, on_ocr=asked.append)
    limit = next(w for w in doc.warnings if w.code == "ocr_page_limit")
    assert asked == [2] and "3-4" in limit.message


@pytest.mark.slow
@needs_tesseract
def test_a_huge_page_is_read_within_its_memory_bound(tmp_path):
    """A 14,400-point page: 9.1 GB for extract before; now rendered within 36 Mpx."""
    from fpdf import FPDF

    from congvan.corpora.render import FONTS

    pdf = FPDF(unit="pt", format=(14400, 14400))
    pdf.add_font("Serif", "", str(FONTS / "LiberationSerif-Regular.ttf"))
    pdf.add_page()
    for y in range(400, 14000, 900):
        pdf.rect(300, y, 13000, 200, style="F")
    path = tmp_path / "trang khổng lồ.pdf"
    pdf.output(str(path))
    # the child's own peak: VmHWM is its memory's high-water mark; getrusage's ru_maxrss keeps the peak of
    # the process it was forked from (Linux carries it across exec), so it read the test runner's size
    code = ("import re, sys; from congvan.pipeline.run import extract; d = extract(sys.argv[1]); "
            "print([w.code for w in d.warnings]); "
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300)
    codes, peak_kb = r.stdout.splitlines()[-2:]
    assert "page_too_large" in codes
    assert int(peak_kb) < 1024 * 1024, f"peak {int(peak_kb) // 1024} MB"


# ---------------------------------------------------------------- a store several processes share


@pytest.mark.slow
def test_two_ingests_at_once_both_finish_with_every_file_once(tmp_path):
    inbox = tmp_path / "in"
    render_variants(inbox, 12)
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db), "--no-progress"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (12, 12)
    assert con.execute("SELECT count(*) FROM runs").fetchone() == (12,)
    assert con.execute("SELECT count(*) FROM document_paths").fetchone() == (12,)
    stored = [int(re.search(r"(\d+) stored", o[1]).group(1)) for o in outs]
    assert sum(stored) == 12


def test_many_processes_opening_a_fresh_database_migrate_it_once(tmp_path):
    db = tmp_path / "fresh.db"
    code = "import sys; from congvan.pipeline.store import Store; Store(sys.argv[1])"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errs
    versions = [v for (v,) in sqlite3.connect(db).execute("SELECT version FROM schema_migrations")]
    assert sorted(versions) == sorted(set(versions))


@pytest.mark.slow
def test_ingest_while_a_reviewer_saves_loses_no_edit(tmp_path, sample):
    """Before: the ingest crashed in 2 of 3 trials and 16 % of the reviewer's requests got a 500."""
    from congvan.pipeline.web import create_app

    from .web.conftest import PASSWORD, csrf

    first = tmp_path / "first"
    render_variants(first, 1)
    db = tmp_path / "s.db"
    assert ingest(first, db).stored == 1
    Store(db).add_reviewer("lan", PASSWORD)
    client = create_app(db).test_client()
    token = csrf(client.get("/login").text)
    assert client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf_token": token}).status_code == 302
    inbox = tmp_path / "in"
    render_variants(inbox, 25, start=10)
    proc = subprocess.Popen([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db),
                             "--no-progress", "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    codes: list[int] = []
    page = client.get("/doc/1").text
    while proc.poll() is None or len(codes) < 10:
        r = client.post("/doc/1/edit", data={"csrf_token": csrf(page), "target": "document", "field": "subject",
                                             "value": f"sửa lần {len(codes)}"})
        codes.append(r.status_code)
        if len(codes) > 2000:
            break
    err = proc.communicate(timeout=300)[1]
    assert proc.returncode == 0, err[-2000:]
    assert set(codes) == {302}, codes
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM corrections").fetchone() == (len(codes),)
    assert con.execute("SELECT count(*) FROM runs").fetchone() == (26,)
    assert Store(db).effective(1)["result"]["document"]["subject"] == f"sửa lần {len(codes) - 1}"


def test_eval_reports_a_gold_file_whose_document_is_missing(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "mất.json").write_text(json.dumps({"source": {"path": "không có.pdf"}, "document": {},
                                               "annotation": {"scope": ["document"]}}), encoding="utf-8")
    assert main(["eval", str(gold), "--no-baselines"]) == 1
    out = capsys.readouterr().out
    assert "n/a" in out and "not found for 1 gold file" in out


def test_a_folder_that_cannot_be_listed_is_listed_with_its_reason(sample):
    """Root reads every folder, so as root the ingest runs as nobody (setpriv), as a clerk would."""
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="congvan-unreadable-"))
    try:
        os.chmod(work, 0o777)
        inbox = work / "in"
        (inbox / "khóa").mkdir(parents=True)
        shutil.copy(sample, inbox / "thư.txt")
        shutil.copy(sample, inbox / "khóa" / "trong.txt")
        os.chmod(inbox / "khóa", 0)
        os.chmod(inbox, 0o777)
        db = work / "s.db"
        cmd = [sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db), "--no-progress"]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: every folder is readable")
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
            probe = subprocess.run([*cmd[:4], sys.executable, "-c", "import congvan.pipeline.cli"], capture_output=True,
                                   cwd=Path(__file__).parents[2])
            if probe.returncode != 0:  # a checkout in a private folder (mktemp -d is 0700)
                pytest.skip("nobody cannot read this checkout, so the ingest cannot run as nobody here")
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=Path(__file__).parents[2])
        assert r.returncode == 0, r.stderr[-2000:]
        assert "1 stored" in r.stderr and "unreadable_folder 1" in r.stderr
        os.chmod(inbox / "khóa", 0o755)
        row = sqlite3.connect(db).execute("SELECT path, reason, detail FROM skipped_paths").fetchone()
        assert row[0].endswith("khóa") and row[1] == "unreadable_folder" and "Permission denied" in row[2]
    finally:
        for p in work.rglob("*"):
            if p.is_dir():
                os.chmod(p, 0o755)
        shutil.rmtree(work, ignore_errors=True)
