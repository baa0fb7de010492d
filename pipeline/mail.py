"""Letters that arrive by e-mail: ``.eml`` files, mbox files and Maildir folders in an inbox.

Each PDF attached to a message (``application/pdf``, or any part whose file name ends in ``.pdf``;
forwarded messages are opened too) is saved under the attachments folder by content
(``<sha256 prefix>_<file name>``) and ingested like any other PDF; the message's sender, subject
and received time are kept in ``mail_messages`` (one row per message and attachment), so the
same attachment in two messages is one document that arrived twice. The received time is the
newest ``Received:`` header's date (when the office's server got it), else the ``Date:`` header.

A Maildir's messages are the files under its ``cur/`` and ``new/`` (``tmp/`` holds messages still
being delivered, never read). Whatever of the mail is not read is listed with its reason as the
folder walk lists a file it does not read (``skipped_paths``, counted in the summary's "not read"):
a mail file that cannot be read (``unreadable_mail``), a message without a PDF (``mail_without_pdf``,
path ``FILE#MESSAGE-ID``), an attachment that is not a PDF (``not_a_letter`` with what its content
is, or ``attachment_not_pdf``; path ``FILE#MESSAGE-ID/NAME``), an empty PDF part (``empty_attachment``)
and a Maildir message still in ``tmp/`` (``mail_in_delivery``). The walk's own reasons (hidden files,
links out of the inbox ...) are kept for a mail inbox too. The rest go on.
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
    # [(path, reason, detail)] of what was not read, for ingest's skipped_paths and summary
    skipped: list[tuple[str, str, str]] = field(default_factory=list)

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


def _parts(msg) -> Iterator[tuple[str, str, bytes | None]]:
    """(file name, content type, decoded bytes) of each leaf part that is a file: a PDF, or anything
    sent as an attachment or with a file name (the message's own text and HTML are not)."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename() or ""
        ctype = part.get_content_type()
        if ctype == "application/pdf" or name or part.get_content_disposition() == "attachment":
            try:
                data = part.get_payload(decode=True)
            except (ValueError, LookupError, AssertionError):
                data = None
            yield name, ctype, data


def _is_pdf(name: str, ctype: str) -> bool:
    return ctype == "application/pdf" or name.lower().endswith(".pdf")


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
    """The PDFs attached to the messages of one mail file, saved under ``folder``; what is not read
    goes to ``summary.skipped`` with its reason."""
    from .paths import shown
    from .sniff import HEAD_BYTES, kind as sniff

    kind = mail_kind(path)
    where = shown(path)
    if kind == "partial":
        summary.skipped.append((where, "mail_in_delivery", "a message still being delivered (Maildir tmp/): "
                                "read once it is moved to new/ or cur/"))
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
            about = f"message {key}{f' from {sender}' if sender else ''}{f' ({subject})' if subject else ''}"
            found = 0
            for name, ctype, data in _parts(msg):
                label = name or ctype
                if not _is_pdf(name, ctype):
                    what = sniff(data[:HEAD_BYTES]) if data else None
                    reason, why = ("not_a_letter", what) if what else ("attachment_not_pdf", ctype)
                    summary.skipped.append((f"{where}#{key}/{label}", reason,
                                            f"attachment '{label}' of {about}: {why}; congvan reads PDF attachments"))
                    continue
                if not data:
                    summary.skipped.append((f"{where}#{key}/{label}", "empty_attachment",
                                            f"attachment '{label}' of {about} is empty"))
                    continue
                saved, sha = save(data, name or "attachment.pdf", folder)
                out.append(Attachment(saved, sha, name or "attachment.pdf", key, sender, subject, _received(msg), path))
                found += 1
            summary.attachments += found
            summary.without_pdf += not found
            if not found:
                summary.skipped.append((f"{where}#{key}", "mail_without_pdf", f"{about}: no PDF attached"))
    except (OSError, mailbox.Error, ValueError, LookupError) as exc:
        log.warning("%s: cannot read as mail: %s", path, exc)
        summary.unreadable.append(path.name)
        summary.skipped.append((where, "unreadable_mail", f"cannot read as mail: {exc}"))
    return out


def default_folder(db: str | Path) -> Path:
    """Where attachments go unless told: beside the database, ``<db stem>.attachments/``."""
    db = Path(db)
    return db.with_name(db.stem + ".attachments")


def ingest_inbox(inbox: str | Path, db: str | Path, *, files: list[Path] | None = None,
                 attachments_dir: str | Path | None = None, skipped: list[tuple[str, str, str]] | None = None,
                 **options):
    """``congvan ingest`` with mail: the inbox's (or ``files``') mail is opened and its PDF
    attachments ingested with the other files in one batch; returns (Summary, MailSummary).
    Every path the walk does not read, and every part of the mail that is not read, is listed with
    its reason as ingest lists them (``skipped``: more such paths, e.g. a watch's walk).
    An inbox without mail goes to ``ingest`` unchanged."""
    from .ingest import ingest, walk
    from .store import Store

    inbox = Path(inbox)
    if files is None:
        entries, not_read = walk(inbox)
        listed = [Path(e.path) for e in entries]
    else:
        listed, not_read = files, []
    mail_files = [p for p in listed if mail_kind(p)]
    mail = MailSummary()
    if not mail_files:
        if files is None:
            return ingest(inbox, db, skipped=skipped, **options), mail
        return ingest(inbox, db, files=listed, skipped=skipped, **options), mail
    folder = Path(attachments_dir) if attachments_dir else default_folder(db)
    found: list[Attachment] = []
    for p in mail_files:
        found += attachments(p, folder, mail)
    plain = [p for p in listed if not mail_kind(p)]
    summary = ingest(inbox, db, files=plain + sorted({a.path for a in found}),
                     skipped=not_read + mail.skipped + list(skipped or []), **options)
    store = Store(db)
    for a in found:
        store.record_mail(sha256=a.sha256, attachment=a.name, path=str(a.path), message_key=a.message_key,
                          sender=a.sender, subject=a.subject, received=a.received, source=str(a.source))
    return summary, mail
