"""congvan ingest on generated inboxes: every file accounted for, nothing stored twice, a batch
killed with SIGKILL resumes to the same database as an uninterrupted run."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from congvan.pipeline.ingest import inbox_files, ingest

from .inbox import hostile_inbox, render_variants


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inbox")
    expect = hostile_inbox(folder)
    db = folder.parent / "hostile.db"
    first = ingest(folder, db, workers=2, timeout=120)
    second = ingest(folder, db, workers=2, timeout=120)
    return folder, expect, db, first, second


def _fates(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    fate = {Path(p).name: "stored" for (p,) in con.execute("SELECT path FROM document_paths")}
    firsts = {Path(p).name for (p,) in con.execute("SELECT path FROM documents")}
    for name in list(fate):
        if name not in firsts:
            fate[name] = "duplicate"
    fate.update({Path(p).name: r for p, r in con.execute("SELECT path, reason FROM quarantine")})
    return fate


def test_every_file_in_the_hostile_inbox_is_accounted_for(hostile):
    folder, expect, db, first, _ = hostile
    fates = _fates(db)
    assert sorted(p.name for p in inbox_files(folder)) == sorted(expect)
    for name, want in expect.items():
        assert fates.get(name) in want.split("|"), (name, fates.get(name))
    copies = [fates[n] for n in ("cv_000.pdf", "bản sao.pdf", "cv_000 (1).pdf")]
    assert sorted(copies) == ["duplicate", "duplicate", "stored"]
    assert first.seen == len(expect)
    assert first.stored + first.duplicates + sum(first.quarantined.values()) == first.seen


def test_second_run_stores_nothing_new(hostile):
    *_, db, first, second = hostile
    assert second.stored == 0 and sum(second.quarantined.values()) == 0
    assert second.skipped + second.duplicates == second.seen
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == first.stored
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (first.stored,) * 2


def test_quarantine_rows_say_why(hostile):
    *_, db, _first, _second = hostile
    con = sqlite3.connect(db)
    for path, reason, detail in con.execute("SELECT path, reason, detail FROM quarantine"):
        assert reason and detail, path


def test_long_pdf_is_stored_with_all_its_pages(hostile):
    *_, db, _first, _second = hostile
    con = sqlite3.connect(db)
    assert con.execute("SELECT pages FROM documents WHERE file_name = '300 trang.pdf'").fetchone() == (300,)


def test_a_worker_past_its_timeout_is_quarantined(tmp_path):
    inbox = tmp_path / "in"
    render_variants(inbox, 1)
    summary = ingest(inbox, tmp_path / "t.db", timeout=0.001)
    assert summary.quarantined == {"timeout": 1}


def _snapshot(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    rows = []
    for sha, raw in con.execute("SELECT d.sha256, r.result_json FROM documents d JOIN runs r ON r.id = d.latest_run_id"):
        result = json.loads(raw)
        result["source"]["path"] = Path(result["source"]["path"]).name
        rows.append((sha, json.dumps(result, sort_keys=True, ensure_ascii=False)))
    n_runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    return sorted(rows) + [("runs", n_runs)]


def test_batch_killed_with_sigkill_resumes_to_the_same_database(tmp_path):
    inbox = tmp_path / "inbox"
    render_variants(inbox, 20)  # long enough that a busy machine cannot finish it between two polls
    whole, broken = tmp_path / "whole.db", tmp_path / "broken.db"
    ingest(inbox, whole)
    cmd = [sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(broken), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if broken.exists():
            try:
                stored = sqlite3.connect(broken).execute("SELECT count(*) FROM runs").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 3:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed; make it longer"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = sqlite3.connect(broken).execute("SELECT count(*) FROM runs").fetchone()[0]
    assert 3 <= partial < 20
    again = ingest(inbox, broken)
    assert again.skipped == partial and again.stored == 20 - partial
    assert _snapshot(broken) == _snapshot(whole)
