"""Letters that arrive by e-mail: ``.eml`` files, mbox files and Maildir folders in an inbox.

Each PDF attached to a message (``application/pdf``, or any part whose file name ends in ``.pdf``;
forwarded messages are opened too) is saved under the attachments folder by content
(``<sha256 prefix>_<file name>``) and ingested like any other PDF; the message's sender, subject
and received time are kept in ``mail_messages`` (one row per message and attachment), so the
same attachment in two messages is one document that arrived twice. The received time is the
newest ``Received:`` header's date (when the office's server got it), else the ``Date:`` header.

A Maildir's messages are the files under its ``cur/`` and ``new/`` (``tmp/`` holds messages still
being delivered, never read). A message file that cannot be parsed, or that has no PDF, is
reported in the summary line and the rest go on.
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import logging
import mailbox
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

MAILDIR_PARTS = ("cur", "new", "tmp")


@dataclass
class Attachment:
    path: Path
    sha256: str
    name: str
    message_key: str
    sender: str | None
    subject: str | None
    received: str | None
    source: Path


@dataclass
class MailSummary:
    messages: int = 0
    attachments: int = 0
    without_pdf: int = 0
    unreadable: list[str] = field(default_factory=list)

    def line(self) -> str:
        bad = f", {len(self.unreadable)} unreadable ({', '.join(self.unreadable[:3])})" if self.unreadable else ""
        return (f"mail: {self.messages} message(s), {self.attachments} PDF attachment(s), "
                f"{self.without_pdf} without a PDF{bad}")


def is_maildir(folder: Path) -> bool:
    return all((folder / part).is_dir() for part in MAILDIR_PARTS)


def _looks_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(5) == b"From "
    except OSError:
        return False


def mail_kind(path: Path) -> str | None:
    """``"eml"``, ``"mbox"`` or None for a file of an inbox. A file in a Maildir's ``cur``/``new``
    is one message (``"eml"``); one in its ``tmp`` is still being delivered (``"partial"``)."""
    if path.parent.name in MAILDIR_PARTS and is_maildir(path.parent.parent):
        return "partial" if path.parent.name == "tmp" else "eml"
    suffix = path.suffix.lower()
    if suffix == ".eml":
        return "eml"
    if suffix == ".mbox" or (suffix in ("", ".mbx") and _looks_like_mbox(path)):
        return "mbox"
    return None


def _messages(path: Path, kind: str) -> Iterator[bytes]:
    if kind == "eml":
        yield path.read_bytes()
        return
    box = mailbox.mbox(str(path), create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()


def _received(msg) -> str | None:
    for header in (msg.get_all("Received") or [])[:1]:
        stamp = str(header).rsplit(";", 1)[-1].strip()
        try:
            return email.utils.parsedate_to_datetime(stamp).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    try:
        return email.utils.parsedate_to_datetime(str(msg["Date"])).isoformat() if msg["Date"] else None
    except (TypeError, ValueError, IndexError):
        return None


def _pdf_parts(msg) -> Iterator[tuple[str, bytes]]:
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename() or ""
        if part.get_content_type() == "application/pdf" or name.lower().endswith(".pdf"):
            data = part.get_payload(decode=True)
            if data:
                yield (name or "attachment.pdf"), data


def _safe_name(name: str) -> str:
    name = os.path.basename(name.replace("\\", "/"))
    name = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "attachment.pdf"
    return name[:100] if name.lower().endswith(".pdf") else name[:96] + ".pdf"


def save(data: bytes, name: str, folder: Path) -> tuple[Path, str]:
    """Write ``data`` under ``folder`` by content (atomically; kept if there already)."""
    sha = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sha[:16]}_{_safe_name(name)}"
    if not path.exists():
        tmp = path.with_name("." + path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path, sha


def attachments(path: Path, folder: Path, summary: MailSummary) -> list[Attachment]:
    """The PDFs attached to the messages of one mail file, saved under ``folder``."""
    kind = mail_kind(path)
    if kind in (None, "partial"):
        return []
    out = []
    try:
        for raw in _messages(path, kind):
            summary.messages += 1
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            key = str(msg["Message-ID"] or "").strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
            sender = str(msg["From"]) if msg["From"] else None
            subject = " ".join(str(msg["Subject"]).split()) if msg["Subject"] else None
            found = 0
            for name, data in _pdf_parts(msg):
                saved, sha = save(data, name, folder)
                out.append(Attachment(saved, sha, name, key, sender, subject, _received(msg), path))
                found += 1
            summary.attachments += found
            summary.without_pdf += not found
    except (OSError, mailbox.Error, ValueError, LookupError) as exc:
        log.warning("%s: cannot read as mail: %s", path, exc)
        summary.unreadable.append(path.name)
    return out


def default_folder(db: str | Path) -> Path:
    """Where attachments go unless told: beside the database, ``<db stem>.attachments/``."""
    db = Path(db)
    return db.with_name(db.stem + ".attachments")


def ingest_inbox(inbox: str | Path, db: str | Path, *, files: list[Path] | None = None,
                 attachments_dir: str | Path | None = None, **options):
    """``congvan ingest`` with mail: the inbox's (or ``files``') mail is opened and its PDF
    attachments ingested with the other files in one batch; returns (Summary, MailSummary).
    An inbox without mail goes to ``ingest`` unchanged."""
    from .ingest import inbox_files, ingest
    from .store import Store

    inbox = Path(inbox)
    listed = files if files is not None else inbox_files(inbox)
    mail_files = [p for p in listed if mail_kind(p)]
    mail = MailSummary()
    if not mail_files:
        return (ingest(inbox, db, **options) if files is None else ingest(inbox, db, files=listed, **options)), mail
    folder = Path(attachments_dir) if attachments_dir else default_folder(db)
    found: list[Attachment] = []
    for p in mail_files:
        found += attachments(p, folder, mail)
    plain = [p for p in listed if not mail_kind(p)]
    summary = ingest(inbox, db, files=plain + sorted({a.path for a in found}), **options)
    store = Store(db)
    for a in found:
        store.record_mail(sha256=a.sha256, attachment=a.name, path=str(a.path), message_key=a.message_key,
                          sender=a.sender, subject=a.subject, received=a.received, source=str(a.source))
    return summary, mail
