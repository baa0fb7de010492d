"""The store's schema: its migrations, applied in order by ``Store.migrate`` and recorded in
``schema_migrations``. Append only: a migration that has run somewhere is never edited, a change
is a new one (``tests/pipeline/test_store.py`` upgrades a version-1 database through all of them).
"""
from __future__ import annotations

from typing import Callable

import datetime as dt

import sqlite_utils


def _now() -> str:
    """The store's timestamps: UTC, ISO 8601 to the second."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _m1(db: sqlite_utils.Database) -> None:
    db.executescript("""
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        file_name TEXT,
        size INTEGER,
        media_type TEXT,
        pages INTEGER,
        text_layer TEXT,
        first_seen TEXT NOT NULL,
        number TEXT, symbol TEXT, doc_type TEXT, issuer TEXT, issued_date TEXT, subject TEXT,
        latest_run_id INTEGER REFERENCES runs(id)
    );
    CREATE TABLE document_paths (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        path TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (document_id, path)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        extractor_version TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        seconds REAL,
        status TEXT NOT NULL,
        result_json TEXT NOT NULL,
        UNIQUE (document_id, extractor_version)
    );
    CREATE TABLE texts (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id),
        document_id INTEGER NOT NULL REFERENCES documents(id),
        original_text TEXT,
        normalised_text TEXT
    );
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        unit_key TEXT NOT NULL,
        is_group INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE obligations (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        document_id INTEGER NOT NULL REFERENCES documents(id),
        responsible TEXT,
        action TEXT,
        description TEXT,
        deadline TEXT,
        deadline_relation TEXT,
        deadline_rule TEXT,
        window_start TEXT,
        window_end TEXT,
        period TEXT,
        recurrence TEXT,
        submit_to TEXT,
        confidence REAL,
        page INTEGER,
        obligation_json TEXT NOT NULL,
        UNIQUE (run_id, id)
    );
    CREATE TABLE obligation_units (
        obligation_pk INTEGER NOT NULL REFERENCES obligations(pk),
        unit_id INTEGER NOT NULL REFERENCES units(id),
        role TEXT NOT NULL,
        PRIMARY KEY (obligation_pk, unit_id, role)
    );
    CREATE TABLE doc_references (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        number TEXT, symbol TEXT, doc_type TEXT, issued_date TEXT, raw TEXT
    );
    CREATE TABLE warnings (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        code TEXT NOT NULL,
        message TEXT,
        page INTEGER,
        obligation_id TEXT
    );
    CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT,
        reason TEXT NOT NULL,
        detail TEXT,
        extractor_version TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (sha256, extractor_version)
    );
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        target TEXT NOT NULL,          -- 'document' or an obligation id
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        author TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TRIGGER corrections_append_only_update BEFORE UPDATE ON corrections
        BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
    CREATE TRIGGER corrections_append_only_delete BEFORE DELETE ON corrections
        BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
    CREATE TRIGGER runs_are_kept BEFORE DELETE ON runs
        BEGIN SELECT RAISE(ABORT, 'extraction runs are kept'); END;
    CREATE INDEX obligations_document ON obligations(document_id);
    CREATE INDEX runs_document ON runs(document_id);
    CREATE INDEX corrections_document ON corrections(document_id);
    CREATE VIEW current_obligations AS
        SELECT o.* FROM obligations o JOIN documents d ON o.run_id = d.latest_run_id;
    """)
    db["texts"].enable_fts(["normalised_text"], create_triggers=True, tokenize="unicode61")
    db["obligations"].enable_fts(["description"], create_triggers=True, tokenize="unicode61")


def _m2(db: sqlite_utils.Database) -> None:
    db.executescript("""
    -- where each span of the normalised text stands on its page, and the spans of the document
    -- fields, so that the review app can highlight them on the text and on the page image
    CREATE TABLE layouts (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id),
        blocks_json TEXT NOT NULL,          -- [[start, end, page, x0, top, x1, bottom], ...]
        field_evidence_json TEXT NOT NULL   -- {"number": [[start, end]], "recipients": [...], ...}
    );
    CREATE TABLE reviewers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
        token_sha256 TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    -- review status, apart from the extraction and append-only like corrections: the latest wins
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        status TEXT NOT NULL CHECK (status IN ('unreviewed', 'accepted', 'rejected')),
        author TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TRIGGER reviews_append_only_update BEFORE UPDATE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
    CREATE TRIGGER reviews_append_only_delete BEFORE DELETE ON reviews
        BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
    CREATE INDEX reviews_document ON reviews(document_id);
    CREATE TABLE app_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    -- the review queue summarises every document's latest run: keep those reads on indexes
    CREATE INDEX obligations_run_summary ON obligations(run_id, confidence, deadline);
    CREATE INDEX warnings_run ON warnings(run_id);
    CREATE INDEX documents_latest_run ON documents(latest_run_id);
    -- the run a correction was made on: an obligation id that a newer extractor no longer gives
    -- is found again through that run's obligation (its evidence)
    ALTER TABLE corrections ADD COLUMN run_id INTEGER REFERENCES runs(id);
    """)


def _m3(db: sqlite_utils.Database) -> None:
    db.executescript("""
    -- each run's digital signatures (pipeline/signatures.py), one row each, in signing order
    CREATE TABLE signatures (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        seq INTEGER NOT NULL,               -- 0 = signed first
        field TEXT, page INTEGER,
        kind TEXT,                          -- personal | organisation
        signer_name TEXT, signer_organisation TEXT, signer_email TEXT,
        issuer_name TEXT, serial TEXT, valid_from TEXT, valid_to TEXT,
        signing_time TEXT, reason TEXT, location TEXT, hash TEXT,
        covers_whole_file INTEGER, intact INTEGER,
        trusted TEXT                        -- 'true' | 'false' | 'unknown'
    );
    CREATE INDEX signatures_run ON signatures(run_id);
    -- an electronic copy's stamp (SAO Y, TRÍCH SAO ...): who made the copy, when, its own number
    CREATE TABLE copies (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id),
        kind TEXT NOT NULL, copied_by TEXT, organisation TEXT, copied_at TEXT, number TEXT, page INTEGER
    );
    """)


def _m4(db: sqlite_utils.Database) -> None:
    db.executescript("""
    -- the session key leaves the database (anyone who could read the file could sign a login):
    -- it is now a 0600 file beside it, or CONGVAN_SECRET_KEY; cookies signed with the old key fail
    DELETE FROM app_secrets WHERE name = 'session_key';
    -- server-side sessions: the cookie carries a random id, only its hash is kept; logout and a
    -- password change delete the row, so a copied cookie stops working
    CREATE TABLE sessions (
        id_sha256 TEXT PRIMARY KEY,
        reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE INDEX sessions_reviewer ON sessions(reviewer_id);
    -- API tokens expire and can be revoked; tokens made before this get 90 days from their creation
    ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
    ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
    UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', created_at, '+90 days');
    -- a file whose worker was killed is tried again once on the next run before it stays quarantined
    ALTER TABLE quarantine ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
    -- every path of the inbox that is not a stored document nor a quarantined file, and why
    -- (hidden, a symbolic link out of the inbox, an image or archive, a copy of a quarantined file ...)
    CREATE TABLE skipped_paths (
        path TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        detail TEXT,
        sha256 TEXT,
        seen_at TEXT NOT NULL
    );
    """)


def _m5(db: sqlite_utils.Database) -> None:
    db.executescript("""
    -- what a reviewer may do: 'reviewer' edits, 'viewer' reads, 'admin' also manages accounts
    ALTER TABLE reviewers ADD COLUMN role TEXT NOT NULL DEFAULT 'reviewer'
        CHECK (role IN ('reviewer', 'viewer', 'admin'));
    -- an undo is a new record that restores the previous value; it names the record it undoes
    ALTER TABLE corrections ADD COLUMN undoes INTEGER REFERENCES corrections(id);
    ALTER TABLE reviews ADD COLUMN undoes INTEGER REFERENCES reviews(id);
    -- who has a letter open ("being reviewed by X"), refreshed by the page while it is open
    CREATE TABLE presence (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        reviewer TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (document_id, reviewer)
    );
    CREATE INDEX corrections_target ON corrections(document_id, target, field);
    """)


def _m6(db: sqlite_utils.Database) -> None:
    """Issue 19: one change log behind every feed cursor, accent-folded search columns, mail metadata."""
    from .textfold import fold

    db.executescript("""
    -- every change that alters what a feed delivers for a document: a new run, a correction
    -- (an undo is a correction too) or a review decision. Feed cursors are ids of this table.
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        kind TEXT NOT NULL CHECK (kind IN ('run', 'correction', 'review')),
        ref_id INTEGER NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX changes_document ON changes(document_id, id);
    CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes
        BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
    CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
        BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
    -- runs first with their own ids, so that a cursor a tracker got before this migration (a run
    -- id) still means "after that run"; the corrections and reviews made so far come after them
    -- (delivered once more, never lost)
    INSERT INTO changes (id, document_id, kind, ref_id, at)
        SELECT id, document_id, 'run', id, finished_at FROM runs ORDER BY id;
    INSERT INTO changes (document_id, kind, ref_id, at)
        SELECT document_id, kind, ref_id, at FROM (
            SELECT document_id, 'correction' AS kind, id AS ref_id, at FROM corrections
            UNION ALL SELECT document_id, 'review', id, at FROM reviews) ORDER BY at, kind, ref_id;
    CREATE TRIGGER changes_on_run AFTER INSERT ON runs BEGIN
        INSERT INTO changes (document_id, kind, ref_id, at) VALUES (NEW.document_id, 'run', NEW.id, NEW.finished_at);
    END;
    CREATE TRIGGER changes_on_correction AFTER INSERT ON corrections BEGIN
        INSERT INTO changes (document_id, kind, ref_id, at) VALUES (NEW.document_id, 'correction', NEW.id, NEW.at);
    END;
    CREATE TRIGGER changes_on_review AFTER INSERT ON reviews BEGIN
        INSERT INTO changes (document_id, kind, ref_id, at) VALUES (NEW.document_id, 'review', NEW.id, NEW.at);
    END;
    -- PDFs that arrived as e-mail attachments: who sent them, when, under which subject
    CREATE TABLE mail_messages (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,           -- of the attachment (documents.sha256 once it is stored)
        attachment TEXT NOT NULL,       -- its file name in the message
        path TEXT NOT NULL,             -- where congvan saved it
        message_key TEXT NOT NULL,      -- Message-ID, else the sha256 of the raw message
        sender TEXT, subject TEXT, received TEXT,
        source TEXT NOT NULL,           -- the .eml, mbox or Maildir it was read from
        UNIQUE (sha256, message_key, attachment)
    );
    CREATE INDEX mail_messages_sha ON mail_messages(sha256);
    ALTER TABLE texts ADD COLUMN folded_text TEXT;
    ALTER TABLE obligations ADD COLUMN description_folded TEXT;
    """)
    for run_id, text in db.execute("SELECT run_id, normalised_text FROM texts").fetchall():
        db.execute("UPDATE texts SET folded_text = ? WHERE run_id = ?", [fold(text), run_id])
    for pk, desc in db.execute("SELECT pk, description FROM obligations").fetchall():
        db.execute("UPDATE obligations SET description_folded = ? WHERE pk = ?", [fold(desc), pk])
    # both columns indexed: `đơn vị` matches the letter's words, `don vi` their folded copy
    db["texts"].disable_fts()
    db["texts"].enable_fts(["normalised_text", "folded_text"], create_triggers=True, tokenize="unicode61")
    db["obligations"].disable_fts()
    db["obligations"].enable_fts(["description", "description_folded"], create_triggers=True, tokenize="unicode61")


# (version, what it does, migration); append only, never edit an applied one
MIGRATIONS: list[tuple[int, str, Callable[[sqlite_utils.Database], None]]] = [
    (1, "documents, runs, texts, obligations, units, references, warnings, quarantine, corrections", _m1),
    (2, "layouts, reviewers, api tokens, reviews, app secrets, corrections.run_id", _m2),
    (3, "signatures and copies of each run", _m3),
    (4, "sessions, token expiry and revocation, quarantine attempts, skipped paths; session key out", _m4),
    (5, "reviewer roles, undo links on corrections and reviews, presence", _m5),
    (6, "change log behind feed cursors, folded search columns, mail metadata", _m6),
]
