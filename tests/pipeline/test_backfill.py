"""congvan backfill on a real Dask: a LocalCluster of 2 worker processes, a worker killed mid-run,
a scheduler and two workers started as separate processes over TCP on 127.0.0.1 (issue 17).
Every run's shards, loaded with ``ingest --from-shards``, must give exactly the store that
``congvan ingest`` gives on the same folder (every table compared; ids and timestamps left out)."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from congvan.corpora.scan import scan_pdf
from congvan.pipeline.backfill import backfill, list_source, run_batch
from congvan.pipeline.cli import main
from congvan.pipeline.contract import validate
from congvan.pipeline.ingest import inbox_files, ingest
from congvan.pipeline.shards import load_shards, read_jsonl

from ..conftest import ROOT
from congvan.corpora.render import render_letter

from .inbox import letter_variant, render_variants

distributed = pytest.importorskip("distributed", reason="the backfill tests need dask[distributed] (the test extra)")
psutil = pytest.importorskip("psutil")
from congvan.pipeline.engines import DaskEngine  # noqa: E402


def mixed_folder(folder: Path) -> Path:
    """Text PDFs, a scan (image only: OCR), a corrupt and an empty file, a duplicate in a subfolder."""
    good = render_variants(folder, 4)
    scan_pdf(good[3], folder / "bản quét.pdf")
    (folder / "hỏng.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (folder / "rỗng.pdf").write_bytes(b"")
    (folder / "lưu").mkdir()
    shutil.copy(good[1], folder / "lưu" / "cv_001 bản sao.pdf")
    shutil.copy(good[0], folder / "a bản sao.pdf")  # before its original in the listing: it is the document
    shutil.copy(good[2], folder / "cv_002 bản sao.pdf")  # in the same batch as its original (batches of 2)
    return folder


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = mixed_folder(tmp_path_factory.mktemp("mixed") / "inbox")
    ref = folder.parent / "ingest.db"
    ingest(folder, ref, workers=1)
    return folder, snapshot(ref)


@pytest.fixture(scope="module")
def engine():
    eng = DaskEngine(workers=2)
    yield eng
    eng.close()


def snapshot(db: Path) -> dict[str, list]:
    """Every table a run writes, rows keyed by content (sha256) instead of ids, timestamps left out."""
    con = sqlite3.connect(db)
    q = lambda sql: sorted(tuple(r) for r in con.execute(sql))  # noqa: E731
    doc = "(SELECT sha256 FROM documents WHERE id = {}.document_id)"
    return {
        "documents": q("SELECT sha256, path, file_name, size, media_type, pages, text_layer, number, symbol, doc_type, "
                       "issuer, issued_date, subject, latest_run_id IS NOT NULL FROM documents"),
        "paths": q(f"SELECT {doc.format('p')}, path FROM document_paths p"),
        "runs": q(f"SELECT {doc.format('r')}, extractor_version, status, result_json FROM runs r"),
        "texts": q(f"SELECT {doc.format('t')}, original_text, normalised_text FROM texts t"),
        "layouts": q("SELECT (SELECT sha256 FROM documents d JOIN runs r ON r.document_id = d.id WHERE r.id = l.run_id), "
                     "blocks_json, field_evidence_json FROM layouts l"),
        "obligations": q(f"SELECT {doc.format('o')}, id, responsible, action, description, deadline, deadline_relation, "
                         "deadline_rule, window_start, window_end, period, recurrence, submit_to, confidence, page, "
                         "obligation_json FROM obligations o"),
        "obligation_units": q("SELECT o.id, u.name, u.unit_key, u.is_group, ou.role, (SELECT sha256 FROM documents "
                              "WHERE id = o.document_id) FROM obligation_units ou JOIN obligations o ON o.pk = "
                              "ou.obligation_pk JOIN units u ON u.id = ou.unit_id"),
        "references": q("SELECT (SELECT d.sha256 FROM documents d JOIN runs r ON r.document_id = d.id WHERE r.id = x.run_id), "
                        "number, symbol, doc_type, issued_date, raw FROM doc_references x"),
        "warnings": q("SELECT (SELECT d.sha256 FROM documents d JOIN runs r ON r.document_id = d.id WHERE r.id = w.run_id), "
                      "code, message, page, obligation_id FROM warnings w"),
        "quarantine": q("SELECT path, sha256, reason, detail, extractor_version FROM quarantine"),
    }


def manifest_files(out: Path) -> list[dict]:
    return [f for b in read_jsonl(out / "manifest.jsonl") if b["type"] == "batch" for f in b["files"]]


def shard_paths(out: Path) -> list[str]:
    return [rec["path"] for p in sorted((out / "shards").glob("*.jsonl")) for rec in read_jsonl(p)]


def assert_every_file_done_once(folder: Path, out: Path) -> None:
    listed = sorted(str(p) for p in inbox_files(folder))
    assert sorted(f["path"] for f in manifest_files(out)) == listed
    recorded = shard_paths(out)
    assert len(recorded) == len(set(recorded)), "a file is in two shards"


# --------------------------------------------------------------------------- the Done-when tests
def test_localcluster_with_2_workers_gives_the_store_ingest_gives(mixed, engine, tmp_path):
    folder, ref = mixed
    assert len(engine.client.nthreads()) == 2
    out = tmp_path / "out"
    summary = backfill(folder, out, engine=engine, batch_size=2)
    assert summary.seen == 10 and summary.stored == 5 and summary.duplicates == 3
    assert summary.quarantined == {"corrupt": 1, "empty": 1}
    assert_every_file_done_once(folder, out)
    batches = [b for b in read_jsonl(out / "manifest.jsonl") if b["type"] == "batch"]
    assert len({b["pid"] for b in batches}) == 2, "both worker processes took batches"
    for p in (out / "shards").glob("*.jsonl"):
        for rec in read_jsonl(p):
            if rec["kind"] == "run":
                assert validate(rec["result"]) == []
    db = tmp_path / "bf.db"
    assert main(["ingest", "--from-shards", str(out), "--db", str(db)]) == 0
    got = snapshot(db)
    scan = [r for r in got["documents"] if r[2] == "bản quét.pdf"]
    assert scan and scan[0][6] == "ocr", "the scan went through OCR"
    assert got == ref
    # a second load adds nothing
    assert load_shards(out, db).stored == 0
    assert snapshot(db) == ref
    # a rerun skips everything the manifest says is done
    again = backfill(folder, out, engine=engine, batch_size=2)
    assert again.done_before == again.seen == 10 and again.batches == 0


def _extraction_children(pid: int) -> list:
    try:
        return [c for c in psutil.Process(pid).children() if "resource_tracker" not in " ".join(c.cmdline())]
    except psutil.Error:
        return []


def test_a_worker_killed_mid_run_still_gives_every_file_once(mixed, tmp_path):
    folder, ref = mixed
    eng = DaskEngine(workers=2)
    killed: dict[str, int] = {}
    stop = threading.Event()
    try:
        pids = list(eng.client.run(os.getpid).values())

        def killer() -> None:  # the moment a worker has an extraction process, it is mid-file: kill it
            while not stop.is_set():
                for pid in pids:
                    kids = _extraction_children(pid)
                    if kids:
                        killed.update(worker=pid, child=kids[0].pid)
                        os.kill(pid, signal.SIGKILL)
                        return
                time.sleep(0.005)

        t = threading.Thread(target=killer, daemon=True)
        t.start()
        out = tmp_path / "out"
        summary = backfill(folder, out, engine=eng, batch_size=2)
        stop.set()
        t.join(5)
        lost = [str(k).split("-", 2)[2] for _, e in eng.client.get_events("all")  # congvan-TOKEN-KEY
                if isinstance(e, dict) and e.get("action") == "remove-worker" for k in e.get("processing-tasks", ())]
    finally:
        eng.close()
    assert killed, "no worker was seen mid-file"
    # the scheduler saw the worker go with a batch in hand, and that batch was done by another one
    assert lost, "the killed worker held no batch"
    batches = {b["batch"]: b for b in read_jsonl(out / "manifest.jsonl") if b["type"] == "batch"}
    for key in lost:
        assert batches[key]["pid"] != killed["worker"]
    assert summary.stored + summary.duplicates + sum(summary.quarantined.values()) == summary.seen == 10
    assert_every_file_done_once(folder, out)
    db = tmp_path / "bf.db"
    load_shards(out, db)
    assert snapshot(db) == ref
    # the killed worker's extraction process did not outlive it
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if psutil.Process(killed["child"]).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"extraction process {killed['child']} still runs after its worker was killed")


def _free_scheduler(tmp: Path) -> tuple[subprocess.Popen, str]:
    sched_file = tmp / "scheduler.json"
    proc = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                             "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(sched_file)], cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not sched_file.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert sched_file.exists(), "the dask scheduler did not start"
    time.sleep(0.2)
    return proc, json.loads(sched_file.read_text())["address"]


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(10)


def test_scheduler_and_two_workers_over_tcp_give_the_same_store(mixed, tmp_path):
    folder, ref = mixed
    procs: list[subprocess.Popen] = []
    try:
        sched, addr = _free_scheduler(tmp_path)
        procs.append(sched)
        assert addr.startswith("tcp://127.0.0.1:")
        for name in ("machine-a", "machine-b"):  # each in its own folder, as on its own machine
            home = tmp_path / name
            home.mkdir()
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", addr, "--host", "127.0.0.1", "--nworkers", "1",
                 "--nthreads", "1", "--no-dashboard", "--name", name, "--local-directory", str(home)],
                cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(addr, timeout=60) as c:
            c.wait_for_workers(2, timeout=120)
        out, db = tmp_path / "out", tmp_path / "bf.db"
        cli = [sys.executable, "-m", "congvan.pipeline.cli"]
        run = subprocess.run(cli + ["backfill", str(folder), "--out", str(out), "--scheduler", addr,
                                    "--batch-size", "2", "--no-progress"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert "10 file(s)" in run.stderr and "2 worker(s)" in run.stderr, run.stderr
    finally:
        _stop(procs)
    hosts = {b["host"] for b in read_jsonl(out / "manifest.jsonl") if b["type"] == "batch"}
    assert hosts, "no batch was recorded"
    assert_every_file_done_once(folder, out)
    load = subprocess.run(cli + ["ingest", "--from-shards", str(out), "--db", str(db)],
                          capture_output=True, text=True, timeout=120)
    assert load.returncode == 0, load.stderr
    assert snapshot(db) == ref


# --------------------------------------------------------------------------- resuming, failures, sources
def test_driver_killed_with_sigkill_resumes_to_the_same_store(mixed, engine, tmp_path):
    folder, ref = mixed
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "congvan.pipeline.cli", "backfill", str(folder), "--out", str(out), "--workers", "2",
           "--batch-size", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    batches = 0
    while time.monotonic() < deadline and proc.poll() is None and batches < 3:
        if (out / "manifest.jsonl").exists():
            batches = sum(1 for b in read_jsonl(out / "manifest.jsonl") if b["type"] == "batch")
        time.sleep(0.02)
    assert proc.poll() is None, "the backfill finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the driver, its LocalCluster and every extraction process
    proc.wait()
    done = sum(1 for b in read_jsonl(out / "manifest.jsonl") if b["type"] == "batch")
    assert 3 <= done < 10
    again = backfill(folder, out, engine=engine, batch_size=1)
    assert again.done_before == done and again.seen == 10
    assert_every_file_done_once(folder, out)
    db = tmp_path / "bf.db"
    load_shards(out, db)
    assert snapshot(db) == ref


def test_ctrl_c_stops_the_driver_and_its_cluster_and_the_rerun_finishes(mixed, engine, tmp_path):
    folder, ref = mixed
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "congvan.pipeline.cli", "backfill", str(folder), "--out", str(out), "--workers", "2",
           "--batch-size", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "manifest.jsonl").exists() and any(b["type"] == "batch" for b in read_jsonl(out / "manifest.jsonl")):
            break
        time.sleep(0.02)
    kids = psutil.Process(proc.pid).children(recursive=True)
    assert proc.poll() is None and kids, "the backfill finished before it could be stopped"
    proc.send_signal(signal.SIGINT)  # Ctrl-C reaches the driver
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err, err
    gone, alive = psutil.wait_procs(kids, timeout=20)
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], "worker processes outlived the driver"
    again = backfill(folder, out, engine=engine, batch_size=1)
    assert again.done_before >= 1 and again.done_before + again.stored + again.duplicates + sum(
        again.quarantined.values()) == again.seen == 10
    assert_every_file_done_once(folder, out)
    db = tmp_path / "bf.db"
    load_shards(out, db)
    assert snapshot(db) == ref


def test_rerun_after_an_interrupted_write_and_a_changed_file(engine, tmp_path):
    folder = tmp_path / "in"
    render_variants(folder, 3)
    out = tmp_path / "out"
    first = backfill(folder, out, engine=engine, batch_size=2)
    assert first.stored == 3
    ref = tmp_path / "ingest.db"
    ingest(folder, ref)
    # what a driver killed mid-write leaves: a shard the manifest does not name, a temp file, a torn line
    (out / "shards" / "009-000000.jsonl").write_text('{"kind": "run"}\n', encoding="utf-8")
    (out / "shards" / ".009-000001.jsonl.x.tmp").write_text("{", encoding="utf-8")
    with (out / "manifest.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"type": "batch", "run": 9, "files": [')
    shutil.copy(folder / "cv_000.pdf", folder / "cv_001.pdf")  # changed in place into a copy of another
    render_letter(letter_variant(9), folder / "cv_002.pdf")  # changed in place: new content, same path
    render_variants(folder, 1, start=5)  # and a new file
    bar = io.StringIO()
    again = backfill(folder, out, engine=engine, batch_size=2, progress=bar)
    assert again.done_before == 1 and again.seen == 4 and again.stored == 2 and again.duplicates == 1
    last = bar.getvalue().split("\r\x1b[K")[-1]
    assert last.startswith("backfill 3/3 files") and "pages/s ETA 0:00:00 0 failed" in last, last
    assert sorted(p.name for p in (out / "shards").iterdir()) == sorted(
        b["shard"].split("/")[1] for b in read_jsonl(out / "manifest.jsonl") if b.get("type") == "batch")
    ingest(folder, ref)
    db = tmp_path / "bf.db"
    load_shards(out, db)
    assert snapshot(db) == snapshot(ref)


def poison_batch(paths: list[str], **options) -> dict:
    """A batch whose worker dies whenever it holds the poisoned file (a worker the OOM killer takes)."""
    if any("poison" in p for p in paths):
        os.kill(os.getpid(), signal.SIGKILL)
    return run_batch(paths, **options)


def test_a_file_whose_worker_keeps_dying_is_split_out_and_quarantined(tmp_path):
    import dask

    folder = tmp_path / "in"
    render_variants(folder, 2)
    shutil.copy(folder / "cv_000.pdf", folder / "poison.pdf")
    (folder / "poison.pdf").write_bytes((folder / "poison.pdf").read_bytes() + b"\n% poisoned\n")
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):  # bounded: 2 deaths per try
        eng = DaskEngine(workers=2)
    try:
        summary = backfill(folder, tmp_path / "out", engine=eng, batch_size=3, batch_fn=poison_batch)
    finally:
        eng.close()
    assert summary.split == 1 and summary.stored == 2 and summary.quarantined == {"crash": 1}
    db = tmp_path / "bf.db"
    load_shards(tmp_path / "out", db)
    (path, reason, detail), = sqlite3.connect(db).execute("SELECT path, reason, detail FROM quarantine")
    assert Path(path).name == "poison.pdf" and reason == "crash" and "died" in detail


def test_sources_folder_list_and_glob(tmp_path):
    folder = tmp_path / "in"
    render_variants(folder, 2)
    (folder / "sub").mkdir()
    (folder / "sub" / "x.txt").write_text("Kính gửi: UBND xã", encoding="utf-8")
    assert list_source(folder) == [os.path.abspath(p) for p in inbox_files(folder)]
    listing = tmp_path / "list.txt"
    listing.write_text("# the archive's list\nin/cv_001.pdf\n\nin/sub/x.txt\nin/cv_001.pdf\n", encoding="utf-8")
    assert list_source(f"@{listing}") == [str(folder / "cv_001.pdf"), str(folder / "sub" / "x.txt")]
    assert list_source(str(folder / "**" / "*.pdf")) == [str(folder / "cv_000.pdf"), str(folder / "cv_001.pdf")]
    with pytest.raises(FileNotFoundError):
        list_source(tmp_path / "nowhere")


def test_base_install_does_not_pull_dask_and_the_command_says_how_to_get_it(tmp_path):
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in meta["dependencies"] if d.lower().startswith(("dask", "distributed"))]
    assert any(d.startswith("dask[distributed]") for d in meta["optional-dependencies"]["cluster"])
    code = ("import sys; sys.modules['distributed'] = None; from congvan.pipeline.cli import main; "
            f"sys.exit(main(['backfill', {str(tmp_path)!r}, '--out', {str(tmp_path / 'out')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and 'pip install -e ".[cluster]"' in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()


def test_the_commands_refuse_what_they_cannot_do(tmp_path, capsys):
    assert main(["ingest", "--from-shards", str(tmp_path), "--db", str(tmp_path / "x.db")]) == 2
    assert "no backfill manifest" in capsys.readouterr().err
    assert main(["ingest", "--db", str(tmp_path / "x.db")]) == 2
    assert main(["ingest", str(tmp_path), "--from-shards", str(tmp_path), "--db", str(tmp_path / "x.db")]) == 2
    assert main(["backfill", str(tmp_path), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9",
                 "--workers", "2"]) == 2
    assert "--workers starts a LocalCluster" in capsys.readouterr().err
    assert main(["backfill", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert "no such folder, file or matching glob" in capsys.readouterr().err
