"""Letters that arrive by e-mail: real messages made with the standard library's ``email`` package,
with the sample letter rendered as a real PDF attached, as .eml, mbox and Maildir; and ``--watch``
on a folder that fills while it runs."""
from __future__ import annotations

import email.policy
import email.utils
import mailbox
import os
import signal
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from congvan.pipeline.cli import main
from congvan.pipeline.store import Store

SENDER = "Văn thư Sở Nội vụ <vanthu@snv.example.gov.vn>"
SUBJECT = "V/v báo cáo kết quả cải cách hành chính 6 tháng đầu năm 2025"
RECEIVED = "from mail.snv.example.gov.vn by mx.ubnd.example.gov.vn; Wed, 04 Jun 2025 08:15:00 +0700"


@pytest.fixture(scope="module")
def letter_pdf(tmp_path_factory, sample) -> Path:
    from congvan.corpora.render import render_file

    return Path(render_file(str(sample), str(tmp_path_factory.mktemp("pdf"))))


def message(pdf: Path | None, *, subject: str = SUBJECT, msg_id: str = "<215-ubnd-nv@snv.example.gov.vn>",
            received: str = RECEIVED) -> EmailMessage:
    # long header lines: Python's own folding of a long non-ASCII header drops the space between two
    # encoded words ("hànhchính"), which mail clients do not do; that bug is the generator's, not ours
    msg = EmailMessage(policy=email.policy.default.clone(max_line_length=998))
    msg["From"] = SENDER
    msg["To"] = "vanthu@ubnd.example.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = "Wed, 04 Jun 2025 07:58:00 +0700"
    msg["Message-ID"] = msg_id
    msg["Received"] = received
    msg.set_content("Kính gửi Văn phòng, Sở gửi kèm công văn số 215/UBND-NV.")
    if pdf is not None:
        msg.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf",
                           filename="Công văn 215-UBND-NV.pdf")
    return msg


def test_eml_mbox_and_maildir_attachments_become_documents_with_their_mail(tmp_path, letter_pdf, sample):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "thu.eml").write_bytes(bytes(message(letter_pdf)))
    box = mailbox.mbox(str(inbox / "hop-thu.mbox"))
    box.add(message(None, subject="Giấy mời họp", msg_id="<moi-hop@x>"))  # no PDF: counted, not stored
    box.add(message(letter_pdf, msg_id="<chuyen-tiep@x>",
                    received="by mx; Thu, 05 Jun 2025 09:00:00 +0700"))  # the same letter forwarded
    box.flush()
    box.close()
    md = mailbox.Maildir(str(inbox / "Maildir"), create=True)
    md.add(mailbox.MaildirMessage(bytes(message(letter_pdf, msg_id="<maildir@x>"))))
    (inbox / "Maildir" / "tmp" / "dang-nhan").write_bytes(bytes(message(letter_pdf))[:200])  # being delivered
    (inbox / "ghi-chu.txt").write_text(sample.read_text("utf-8"), "utf-8")  # a plain letter beside the mail
    db = tmp_path / "mail.db"
    r = subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "mail: 4 message(s), 3 PDF attachment(s), 1 without a PDF" in r.stderr
    store = Store(db)
    docs = store.db.execute("SELECT sha256, media_type, pages, symbol FROM documents ORDER BY id").fetchall()
    by_type = {m: (sha, pages, sym) for sha, m, pages, sym in docs}
    assert set(by_type) == {"application/pdf", "text/plain"}  # one PDF document (same content thrice) + the text
    sha, pages, symbol = by_type["application/pdf"]
    assert symbol == "UBND-NV" and pages >= 1
    mail = store.mail_for(sha)
    assert [m["message_key"] for m in mail] == ["<215-ubnd-nv@snv.example.gov.vn>", "<maildir@x>", "<chuyen-tiep@x>"]
    first = mail[0]
    assert (first["sender"], first["subject"], first["attachment"]) == (SENDER, SUBJECT, "Công văn 215-UBND-NV.pdf")
    assert first["received"] == "2025-06-04T08:15:00+07:00"
    assert Path(first["path"]).is_absolute() and Path(first["path"]).read_bytes() == letter_pdf.read_bytes()
    assert Path(first["path"]).parent == tmp_path / "mail.attachments"
    # the register gets the arrival date and the sender from the mail
    import json

    from congvan.pipeline.export import export
    meta = next(json.loads(x) for x in export(store, "nd30")[0].decode().splitlines() if sha in x)
    assert (meta["ArrivalDate"], meta["Sender"], meta["MailSubject"]) == ("2025-06-04", SENDER, SUBJECT)
    # a second run stores nothing new and records no mail twice
    r = subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db)],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "0 stored" in r.stderr and len(Store(db).mail_for(sha)) == 3


def test_a_mail_file_that_is_not_mail_is_reported_and_the_rest_goes_on(tmp_path, letter_pdf):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.eml").write_bytes(bytes(message(letter_pdf)))
    (inbox / "b.eml").write_bytes(b"\x00\x01 not a message at all")
    assert main(["ingest", str(inbox), "--db", str(tmp_path / "x.db"), "--no-progress"]) == 0
    store = Store(tmp_path / "x.db")
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def _wait(pred, timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.2)
    return False


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        return Store(db).db.execute(sql).fetchone()[0]
    except Exception:  # noqa: BLE001 - the watcher may be creating it right now
        return 0


def test_watch_ingests_files_as_they_arrive_never_half_written_and_stops_on_ctrl_c(tmp_path, letter_pdf, seeds):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "watch.db"
    proc = subprocess.Popen([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db),
                             "--watch", "--interval", "0.3", "--settle", "1.5"],
                            stderr=subprocess.PIPE, text=True)
    try:
        data = letter_pdf.read_bytes()
        with (inbox / "dang-sao-chep.pdf").open("wb") as f:  # a copy that pauses half-way
            f.write(data[: len(data) // 2])
            f.flush()
            time.sleep(1.0)  # several polls see it, but it has not settled
            f.write(data[len(data) // 2:])
        (inbox / "thu.eml").write_bytes(bytes(message(letter_pdf, msg_id="<w@x>")))
        (inbox / seeds[1].name).write_bytes(seeds[1].read_bytes())
        assert _wait(lambda: _count(db, "SELECT count(*) FROM documents") == 2), "not ingested"
        assert _wait(lambda: _count(db, "SELECT count(*) FROM mail_messages") == 1)
        assert _count(db, "SELECT count(*) FROM quarantine") == 0  # the half-written PDF was never read
        later = inbox / "sau.txt"
        later.write_text(seeds[2].read_text("utf-8"), "utf-8")
        assert _wait(lambda: _count(db, "SELECT count(*) FROM documents") == 3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "stopped watching; 3 document(s) stored" in err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_ctrl_c_during_an_ingest_of_mail_stops_cleanly(tmp_path, letter_pdf, seeds):
    """Ctrl-C in the middle of a batch: exit 130 with the summary, whole documents only, and the
    next run finishes the rest."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "thu.eml").write_bytes(bytes(message(letter_pdf)))
    for k in range(10):  # enough work to be interrupted in
        for s in seeds:
            (inbox / f"{k:02d}_{s.name}").write_text(s.read_text("utf-8") + f"\n{k}\n", "utf-8")
    db = tmp_path / "int.db"
    proc = subprocess.Popen([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db),
                             "--no-progress"], stderr=subprocess.PIPE, text=True)
    assert _wait(lambda: _count(db, "SELECT count(*) FROM documents") >= 3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err, err
    r = subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db), "--no-progress"],
                       capture_output=True, text=True)
    assert r.returncode == 0
    assert _count(db, "SELECT count(*) FROM documents") == 1 + 10 * len(seeds)


def _skipped(db: Path) -> dict[str, tuple[str, str]]:
    return {p: (r, d) for p, r, d in Store(db).db.execute("SELECT path, reason, detail FROM skipped_paths")}


def test_mail_ingest_lists_what_it_does_not_read_with_the_reason_as_folder_ingest_does(tmp_path, letter_pdf):
    """A real .eml with the letter and two attachments that are not letters, an mbox message with no
    PDF, a Maildir message still being delivered, and the walk's own skips (a hidden file, a link out
    of the inbox): each is one row of skipped_paths with its reason, counted in the summary."""
    import io
    import zipfile

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    msg = message(letter_pdf, msg_id="<kem-theo@x>")
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as z:  # a real zip, as an .xlsx is
        z.writestr("[Content_Types].xml", "<Types/>")
    msg.add_attachment(sheet.getvalue(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="Biểu mẫu.xlsx")
    msg.add_attachment("STT,Đơn vị\n1,Phòng Nội vụ\n".encode("utf-8"), maintype="text", subtype="csv",
                       filename="danh-sach.csv")
    (inbox / "thu.eml").write_bytes(bytes(msg))
    box = mailbox.mbox(str(inbox / "hop-thu.mbox"))
    box.add(message(None, subject="Giấy mời họp", msg_id="<moi-hop@x>"))
    box.flush()
    box.close()
    md = mailbox.Maildir(str(inbox / "Maildir"), create=True)
    (inbox / "Maildir" / "tmp" / "dang-nhan").write_bytes(bytes(message(letter_pdf))[:200])
    (inbox / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    outside = tmp_path / "ngoai.pdf"
    outside.write_bytes(letter_pdf.read_bytes())
    (inbox / "lien-ket.pdf").symlink_to(outside)
    del md
    db = tmp_path / "m.db"
    r = subprocess.run([sys.executable, "-m", "congvan.pipeline.cli", "ingest", str(inbox), "--db", str(db), "--no-progress"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert Store(db).db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1  # the letter
    got = _skipped(db)
    eml, mbox = str(inbox / "thu.eml"), str(inbox / "hop-thu.mbox")
    assert {p: reason for p, (reason, _) in got.items()} == {
        f"{eml}#<kem-theo@x>/Biểu mẫu.xlsx": "not_a_letter",
        f"{eml}#<kem-theo@x>/danh-sach.csv": "attachment_not_pdf",
        f"{mbox}#<moi-hop@x>": "mail_without_pdf",
        str(inbox / "Maildir" / "tmp" / "dang-nhan"): "mail_in_delivery",
        str(inbox / ".DS_Store"): "hidden",
        str(inbox / "lien-ket.pdf"): "symlink_outside",
    }
    assert "a ZIP archive or an office file" in got[f"{eml}#<kem-theo@x>/Biểu mẫu.xlsx"][1]
    assert "text/csv" in got[f"{eml}#<kem-theo@x>/danh-sach.csv"][1]
    assert "Giấy mời họp" in got[f"{mbox}#<moi-hop@x>"][1]
    assert ("6 not read (attachment_not_pdf 1, hidden 1, mail_in_delivery 1, mail_without_pdf 1, "
            "not_a_letter 1, symlink_outside 1)") in r.stderr, r.stderr


def test_watch_lists_what_the_walk_does_not_read_once(tmp_path, letter_pdf):
    import io

    from congvan.pipeline.watch import watch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / ".an.pdf").write_bytes(letter_pdf.read_bytes())
    polls = []
    out = io.StringIO()
    assert watch(inbox, tmp_path / "w.db", interval=0.05, settle=0.0, log_stream=out,
                 stop=lambda: polls.append(1) or len(polls) > 3) == 0
    assert _skipped(tmp_path / "w.db") == {str(inbox / ".an.pdf"): ("hidden", "a hidden file")}
    assert out.getvalue().count("1 not read (hidden 1)") == 1  # once, not every poll


def test_a_mail_file_that_cannot_be_read_is_listed_with_the_reason(tmp_path):
    from congvan.pipeline.mail import MailSummary, attachments

    gone = tmp_path / "da-xoa.eml"  # listed by the walk, removed before it is opened
    summary = MailSummary()
    assert attachments(gone, tmp_path / "att", summary) == []
    [(path, reason, detail)] = summary.skipped
    assert (path, reason) == (str(gone), "unreadable_mail") and "No such file" in detail
    assert summary.unreadable == ["da-xoa.eml"]
