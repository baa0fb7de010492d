"""The SQLite store: documents, extraction runs, obligations, units, references, warnings,
quarantine and reviewer corrections (issue 4).

Rules the schema keeps (and ``tests/pipeline/test_store.py`` checks):

- a document is one file content (``sha256``); every path it was seen under is kept;
- every extraction is a ``runs`` row, one per (document, extractor version); re-extraction with a
  newer extractor adds a run and moves ``documents.latest_run_id``, earlier runs stay;
- ``corrections`` are append-only (triggers refuse UPDATE and DELETE) and are never touched by
  extraction; the effective value of a field is the latest correction, else the latest run;
- ``runs`` cannot be deleted;
- one document is written in one transaction, so a batch killed at any point leaves whole
  documents only.

The database opens in Datasette unchanged: plain tables with foreign keys, a ``current_obligations``
view and full-text search on document text and obligation descriptions. WAL mode.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Callable, Iterator

import sqlite_utils

from extractors.units import unit_key

log = logging.getLogger(__name__)


def _now() -> str:
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


# (version, what it does, migration); append only, never edit an applied one
MIGRATIONS: list[tuple[int, str, Callable[[sqlite_utils.Database], None]]] = [
    (1, "documents, runs, texts, obligations, units, references, warnings, quarantine, corrections", _m1),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(Exception):
    pass


class Store:
    """A thin API over the database; the CLI commands and the web app use only this."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: still atomic per document after a crash
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=10000")
        self.migrate()

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        if "schema_migrations" not in self.db.table_names():
            return 0
        row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def migrate(self) -> list[int]:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {current}; this congvan knows up to "
                             f"{SCHEMA_VERSION}. Upgrade congvan.")
        applied = []
        if "schema_migrations" not in self.db.table_names():
            self.db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                            "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
        for version, description, fn in MIGRATIONS:
            if version <= current:
                continue
            with self.db.atomic():
                fn(self.db)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, description, _now()])
            applied.append(version)
            log.info("store %s: applied migration %d (%s)", self.path, version, description)
        return applied

    # ------------------------------------------------------------------ queries
    def has_run(self, sha256: str, version: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM runs r JOIN documents d ON d.id = r.document_id WHERE d.sha256 = ? "
            "AND r.extractor_version = ?", [sha256, version]).fetchone() is not None

    def is_quarantined(self, sha256: str, version: str) -> bool:
        return self.db.execute("SELECT 1 FROM quarantine WHERE sha256 = ? AND extractor_version = ?",
                               [sha256, version]).fetchone() is not None

    def document_id(self, sha256: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def add_path(self, sha256: str, path: str) -> bool:
        """Record another path of a stored document (a duplicate under another name)."""
        doc_id = self.document_id(sha256)
        if doc_id is None:
            return False
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?, ?)", [doc_id, path, _now()])
        return True

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("documents", "runs", "obligations", "quarantine", "corrections")}

    # ------------------------------------------------------------------ writes
    def quarantine(self, *, path: str, sha256: str | None, reason: str, detail: str, version: str) -> None:
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO quarantine (path, sha256, reason, detail, extractor_version, at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", [path, sha256, reason, detail, version, _now()])

    def store_run(self, *, path: str, size: int, result: dict, version: str, started_at: str, seconds: float,
                  original_text: str = "", normalised_text: str = "") -> int:
        """Store one extraction of one document in one transaction; returns the run id."""
        src, d = result["source"], result["document"]
        status = "warnings" if result["warnings"] else "ok"
        with self.db.atomic():
            doc_id = self.document_id(src["sha256"])
            if doc_id is None:
                doc_id = self.db["documents"].insert({
                    "sha256": src["sha256"], "path": path, "file_name": Path(path).name, "size": size,
                    "media_type": src["media_type"], "pages": src["pages"], "text_layer": src["text_layer"],
                    "first_seen": _now()}).last_pk
            self.db.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?, ?)", [doc_id, path, _now()])
            run_id = self.db["runs"].insert({
                "document_id": doc_id, "extractor_version": version, "started_at": started_at,
                "finished_at": _now(), "seconds": round(seconds, 4), "status": status,
                "result_json": json.dumps(result, ensure_ascii=False)}).last_pk
            self.db["texts"].insert({"run_id": run_id, "document_id": doc_id, "original_text": original_text,
                                     "normalised_text": normalised_text})
            for ob in result["obligations"]:
                self._insert_obligation(run_id, doc_id, ob)
            for ref in d.get("references") or []:
                self.db["doc_references"].insert({
                    "run_id": run_id, "number": ref.get("number"), "symbol": ref.get("symbol"),
                    "doc_type": ref.get("doc_type"), "issued_date": (ref.get("issued_date") or {}).get("iso"),
                    "raw": ref.get("raw")})
            for w in result["warnings"]:
                self.db["warnings"].insert({"run_id": run_id, "code": w["code"], "message": w["message"],
                                            "page": w.get("page"), "obligation_id": w.get("obligation_id")})
            self.db["documents"].update(doc_id, {
                "latest_run_id": run_id, "number": d.get("number"), "symbol": d.get("symbol"),
                "doc_type": d.get("doc_type"), "issuer": (d.get("issuer") or {}).get("name"),
                "issued_date": (d.get("issued_date") or {}).get("iso"), "subject": d.get("subject"),
                "pages": src["pages"], "text_layer": src["text_layer"]})
        return run_id

    def _unit_id(self, name: str, group: bool) -> int:
        row = self.db.execute("SELECT id FROM units WHERE name = ?", [name]).fetchone()
        if row:
            return row[0]
        return self.db["units"].insert({"name": name, "unit_key": unit_key(name), "is_group": int(group)}).last_pk

    def _insert_obligation(self, run_id: int, doc_id: int, ob: dict) -> None:
        dl = ob.get("deadline") or {}
        win = ob.get("data_window") or {}
        pk = self.db["obligations"].insert({
            "id": ob["id"], "run_id": run_id, "document_id": doc_id,
            "responsible": "; ".join(u["name"] for u in ob["responsible"]), "action": ob.get("action"),
            "description": ob.get("description"), "deadline": (dl.get("date") or {}).get("iso"),
            "deadline_relation": dl.get("relation"), "deadline_rule": dl.get("rule"),
            "window_start": (win.get("start") or {}).get("iso"), "window_end": (win.get("end") or {}).get("iso"),
            "period": ob.get("period"), "recurrence": ob.get("recurrence"), "submit_to": ob.get("submit_to"),
            "confidence": ob.get("confidence"), "page": (ob.get("evidence") or [{}])[0].get("page"),
            "obligation_json": json.dumps(ob, ensure_ascii=False)}).last_pk
        for role, units in (("responsible", ob["responsible"]), ("cooperating", ob.get("cooperating") or [])):
            for u in units:
                self.db.execute("INSERT OR IGNORE INTO obligation_units VALUES (?, ?, ?)",
                                [pk, self._unit_id(u["name"], bool(u.get("is_group"))), role])

    def add_correction(self, *, sha256: str, target: str, field: str, old_value, new_value, author: str) -> int:
        """A reviewer's change, kept as its own record (the extraction is never overwritten)."""
        doc_id = self.document_id(sha256)
        if doc_id is None:
            raise StoreError(f"no document with sha256 {sha256}")
        with self.db.atomic():
            return self.db["corrections"].insert({
                "document_id": doc_id, "target": target, "field": field,
                "old_value": json.dumps(old_value, ensure_ascii=False),
                "new_value": json.dumps(new_value, ensure_ascii=False), "author": author, "at": _now()}).last_pk

    # ------------------------------------------------------------------ effective results
    def results(self, *, since: int = 0) -> Iterator[tuple[int, dict]]:
        """(run id, contract result with corrections applied) of each document's latest run,
        oldest first, for runs newer than ``since`` (the incremental-feed cursor)."""
        rows = self.db.execute(
            "SELECT r.id, r.document_id, r.result_json FROM documents d JOIN runs r ON r.id = d.latest_run_id "
            "WHERE r.id > ? ORDER BY r.id", [since]).fetchall()
        for run_id, doc_id, raw in rows:
            yield run_id, self.apply_corrections(doc_id, json.loads(raw))

    def apply_corrections(self, doc_id: int, result: dict) -> dict:
        for target, field, new in self.db.execute(
                "SELECT target, field, new_value FROM corrections WHERE document_id = ? ORDER BY id", [doc_id]):
            value = json.loads(new)
            if target == "document":
                result["document"][field] = value
            elif field == "_deleted" and value:
                result["obligations"] = [o for o in result["obligations"] if o["id"] != target]
            elif field == "_added":
                result["obligations"].append(value)
            else:
                for ob in result["obligations"]:
                    if ob["id"] == target:
                        ob[field] = value
        return result
