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

The migrations are in ``store_schema``; reviewer accounts, tokens and sessions in ``store_accounts``.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Iterator

from congvan.extractors.units import unit_key

from . import shared_db
from .store_accounts import ReviewerAccounts, StoreError  # noqa: F401 (StoreError: part of the API)
from .store_schema import MIGRATIONS, _now
from .textfold import fold

log = logging.getLogger(__name__)


def _abs(path: str) -> str:
    """Paths are stored absolute, so that ``serve`` and ``export`` find the files from any folder
    (no symlink is resolved: the name the file was seen under is kept)."""
    return os.path.abspath(path)


REVIEW_STATUSES = ("unreviewed", "accepted", "rejected")
# quarantine reasons that may be the machine's fault, not the file's (a worker killed from outside,
# the OOM killer): such a file gets one more attempt on the next run
RETRIED_REASONS = ("killed",)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class Store(ReviewerAccounts):
    """A thin API over the database; the CLI commands and the web app use only this."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        # created 0600, busy timeout first, write transactions BEGIN IMMEDIATE (pipeline/shared_db.py)
        self.db = shared_db.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: still atomic per document after a crash
        self.db.execute("PRAGMA foreign_keys=ON")
        self.last_run_new = False  # whether the last store_run added a run (another process may have)
        if self.schema_version() > SCHEMA_VERSION or self._pending():
            with shared_db.migration_lock(self.path):  # one process migrates; the others then find it done
                self.migrate()

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        if "schema_migrations" not in self.db.table_names():
            return 0
        row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def _pending(self) -> list[int]:
        """Migrations not applied yet (by set, not by the highest number: branches get numbers apart)."""
        done = set()
        if "schema_migrations" in self.db.table_names():
            done = {v for (v,) in self.db.execute("SELECT version FROM schema_migrations")}
        return [v for v, _, _ in MIGRATIONS if v not in done]

    def migrate(self) -> list[int]:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {current}; this congvan knows up to "
                             f"{SCHEMA_VERSION}. Upgrade congvan.")
        applied = []
        if "schema_migrations" not in self.db.table_names():
            self.db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                            "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
        pending = set(self._pending())
        for version, description, fn in MIGRATIONS:
            if version not in pending:
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
        """Quarantined for good with this version; a file whose worker was killed (``crash``) on its
        only attempt is not: the next run tries it once more."""
        row = self.db.execute("SELECT reason, attempts FROM quarantine WHERE sha256 = ? AND extractor_version = ?",
                              [sha256, version]).fetchone()
        return row is not None and not (row[0] in RETRIED_REASONS and row[1] < 2)

    def unquarantine(self, version: str, *, sha256: str | None = None) -> int:
        """Forget quarantine rows of ``version`` (all of them, or one file's) so the files are tried
        again (``congvan ingest --retry-quarantined``); returns how many."""
        with self.db.atomic():
            cur = self.db.execute("DELETE FROM quarantine WHERE extractor_version = ?"
                                  + (" AND sha256 = ?" if sha256 else ""), [version] + ([sha256] if sha256 else []))
            return cur.rowcount

    def skip_path(self, path: str, reason: str, detail: str = "", sha256: str | None = None) -> None:
        """Record a path of the inbox that is neither stored nor quarantined, with the reason."""
        with self.db.atomic():
            self.db.execute("INSERT INTO skipped_paths VALUES (?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET "
                            "reason = excluded.reason, detail = excluded.detail, sha256 = excluded.sha256, "
                            "seen_at = excluded.seen_at", [path, reason, detail, sha256, _now()])

    def document_id(self, sha256: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def add_path(self, sha256: str, path: str) -> bool:
        """Record another path of a stored document (a duplicate under another name)."""
        doc_id = self.document_id(sha256)
        if doc_id is None:
            return False
        path = _abs(path)
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?, ?)", [doc_id, path, _now()])
        return True

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("documents", "runs", "obligations", "quarantine", "corrections")}

    # ------------------------------------------------------------------ writes
    def quarantine(self, *, path: str, sha256: str | None, reason: str, detail: str, version: str) -> None:
        """Quarantine a file; a second failure of the same content counts another attempt."""
        path = _abs(path)
        with self.db.atomic():
            if sha256 is not None and self.db.execute(
                    "SELECT 1 FROM quarantine WHERE sha256 = ? AND extractor_version = ?", [sha256, version]).fetchone():
                self.db.execute("UPDATE quarantine SET attempts = attempts + 1, reason = ?, detail = ?, path = ?, at = ? "
                                "WHERE sha256 = ? AND extractor_version = ?",
                                [reason, detail, path, _now(), sha256, version])
                return
            self.db.execute("INSERT OR IGNORE INTO quarantine (path, sha256, reason, detail, extractor_version, at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", [path, sha256, reason, detail, version, _now()])

    def store_run(self, *, path: str, size: int, result: dict, version: str, started_at: str, seconds: float,
                  original_text: str = "", normalised_text: str = "", blocks: list | None = None,
                  field_evidence: dict | None = None) -> int:
        """Store one extraction of one document in one transaction; returns the run id.

        ``blocks`` ([start, end, page, x0, top, x1, bottom] per span of the normalised text) and
        ``field_evidence`` (field -> [[start, end], ...]) let the review app highlight values."""
        path = _abs(path)
        result = {**result, "source": {**result["source"], "path": path}}
        src, d = result["source"], result["document"]
        status = "warnings" if result["warnings"] else "ok"
        self.last_run_new = False
        with self.db.atomic():
            doc_id = self.document_id(src["sha256"])
            done = doc_id is not None and self.db.execute(
                "SELECT id FROM runs WHERE document_id = ? AND extractor_version = ?", [doc_id, version]).fetchone()
            if done:  # another process (a second ingest) stored it meanwhile: keep the path, not a second run
                self.db.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?, ?)", [doc_id, path, _now()])
                return done[0]
            self.last_run_new = True
            # a retried file that now reads: out of quarantine
            self.db.execute("DELETE FROM quarantine WHERE sha256 = ? AND extractor_version = ?", [src["sha256"], version])
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
                                     "normalised_text": normalised_text, "folded_text": fold(normalised_text)})
            self.db["layouts"].insert({"run_id": run_id, "blocks_json": json.dumps(blocks or []),
                                       "field_evidence_json": json.dumps(field_evidence or {})})
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
            self._insert_signatures(run_id, result)
            self.db["documents"].update(doc_id, {
                "latest_run_id": run_id, "number": d.get("number"), "symbol": d.get("symbol"),
                "doc_type": d.get("doc_type"), "issuer": (d.get("issuer") or {}).get("name"),
                "issued_date": (d.get("issued_date") or {}).get("iso"), "subject": d.get("subject"),
                "pages": src["pages"], "text_layer": src["text_layer"]})
        return run_id

    def _insert_signatures(self, run_id: int, result: dict) -> None:
        for seq, s in enumerate(result.get("signatures") or []):
            signer, issuer = s.get("signer") or {}, s.get("issuer") or {}
            self.db["signatures"].insert({
                "run_id": run_id, "seq": seq, "field": s.get("field"), "page": s.get("page"), "kind": s.get("kind"),
                "signer_name": signer.get("name"), "signer_organisation": signer.get("organisation"),
                "signer_email": signer.get("email"), "issuer_name": issuer.get("name"), "serial": s.get("serial"),
                "valid_from": s.get("valid_from"), "valid_to": s.get("valid_to"),
                "signing_time": s.get("signing_time"), "reason": s.get("reason"), "location": s.get("location"),
                "hash": s.get("hash"), "covers_whole_file": int(bool(s.get("covers_whole_file"))),
                "intact": int(bool(s.get("intact"))), "trusted": str(s.get("trusted")).lower()})
        c = result.get("copy")
        if c:
            self.db["copies"].insert({"run_id": run_id, "kind": c["kind"], "copied_by": c.get("by"),
                                      "organisation": c.get("organisation"), "copied_at": c.get("time"),
                                      "number": c.get("number"), "page": c.get("page")})

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
            "obligation_json": json.dumps(ob, ensure_ascii=False),
            "description_folded": fold(ob.get("description"))}).last_pk
        for role, units in (("responsible", ob["responsible"]), ("cooperating", ob.get("cooperating") or [])):
            for u in units:
                self.db.execute("INSERT OR IGNORE INTO obligation_units VALUES (?, ?, ?)",
                                [pk, self._unit_id(u["name"], bool(u.get("is_group"))), role])

    def add_correction(self, *, sha256: str, target: str, field: str, old_value, new_value, author: str,
                       undoes: int | None = None) -> int:
        """A reviewer's change, kept as its own record (the extraction is never overwritten).

        ``target`` is ``"document"`` or an obligation id; ``field`` a contract field, or
        ``_deleted`` (true/false), ``_added`` (a whole obligation) and ``_accepted`` (a reviewer's
        decision) for obligations; ``undoes`` names the correction this one reverts."""
        doc_id = self.document_id(sha256)
        if doc_id is None:
            raise StoreError(f"no document with sha256 {sha256}")
        with self.db.atomic():
            run_id = self.db.execute("SELECT latest_run_id FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
            return self.db["corrections"].insert({
                "document_id": doc_id, "target": target, "field": field,
                "old_value": json.dumps(old_value, ensure_ascii=False),
                "new_value": json.dumps(new_value, ensure_ascii=False), "author": author, "at": _now(),
                "run_id": run_id, **({"undoes": undoes} if undoes is not None else {})}).last_pk

    # ------------------------------------------------------------------ effective results
    def results(self, *, since: int = 0, limit: int | None = None) -> Iterator[tuple[int, dict]]:
        """(cursor, contract result with corrections applied) of each document's latest run, for
        every document that changed after the cursor ``since`` (a new run, a correction or an undo,
        a review decision: the ``changes`` log), in the order of their last change; at most ``limit``.
        A document's cursor is the id of its last change: pass the last one back as ``since``."""
        rows = self.db.execute(
            "SELECT c.last, r.id, r.document_id, r.result_json FROM "
            "(SELECT document_id, max(id) AS last FROM changes WHERE id > ? GROUP BY document_id) c "
            "JOIN documents d ON d.id = c.document_id JOIN runs r ON r.id = d.latest_run_id "
            "ORDER BY c.last" + (f" LIMIT {int(limit)}" if limit else ""), [since]).fetchall()
        for cursor, run_id, doc_id, raw in rows:
            yield cursor, self.apply_corrections(doc_id, json.loads(raw), run_id=run_id)

    def cursor(self) -> int:
        """The cursor of the latest change (0 on an empty store)."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def search(self, query: str, *, limit: int = 50) -> list[int]:
        """Ids of the documents whose latest text holds every word of ``query``, accents ignored
        (``don vi`` finds ``đơn vị``; ``đơn vị`` too), best match first."""
        words = [w for w in fold(query).split() if w.strip('"')]
        if not words:
            return []
        match = "folded_text: (" + " ".join('"' + w.replace('"', "") + '"' for w in words) + ")"
        return [r[0] for r in self.db.execute(
            "SELECT d.id FROM texts_fts f JOIN texts t ON t.rowid = f.rowid JOIN documents d "
            "ON d.latest_run_id = t.run_id WHERE texts_fts MATCH ? ORDER BY rank LIMIT ?",
            [match, int(limit)]).fetchall()]

    # ------------------------------------------------------------------ mail
    def record_mail(self, *, sha256: str, attachment: str, path: str, message_key: str, sender: str | None,
                    subject: str | None, received: str | None, source: str) -> None:
        """Where an attachment came from (kept once per message and attachment)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR IGNORE INTO mail_messages (sha256, attachment, path, message_key, sender, subject, "
                "received, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [sha256, attachment, _abs(path), message_key, sender, subject, received, _abs(source)])

    def mail_for(self, sha256: str) -> list[dict]:
        """The messages a document arrived with, earliest first."""
        cur = self.db.execute("SELECT attachment, path, message_key, sender, subject, received, source "
                              "FROM mail_messages WHERE sha256 = ? ORDER BY received, id", [sha256])
        return [dict(zip([c[0] for c in cur.description], row)) for row in cur.fetchall()]

    def apply_corrections(self, doc_id: int, result: dict, *, run_id: int | None = None) -> dict:
        """The result with every correction of the document applied in order (latest wins).

        A correction made on an earlier run whose obligation id this run does not have is applied
        to the obligation with the same evidence sentence; where there is none, the result gets a
        ``correction_unanchored`` warning instead of the change being dropped silently."""
        obligations = {o["id"]: o for o in result["obligations"]}
        order = [o["id"] for o in result["obligations"]]
        deleted: set[str] = set()
        moved: dict[str, str | None] = {}
        for target, field, new, made_on in self.db.execute(
                "SELECT target, field, new_value, run_id FROM corrections WHERE document_id = ? ORDER BY id",
                [doc_id]).fetchall():
            if field == "_accepted":  # a reviewer's decision on an obligation, not a value
                continue
            value = json.loads(new)
            if target == "document":
                result["document"][field] = value
                continue
            if field == "_added":
                obligations[target] = value
                order.append(target)
                continue
            if target not in obligations:
                if target not in moved:
                    moved[target] = self._anchor(target, made_on, obligations)
                if moved[target] is None:
                    result["warnings"].append({
                        "code": "correction_unanchored", "page": None,
                        "message": f"a reviewer's correction of '{field}' on obligation {target} no longer "
                                   f"matches any obligation of this extraction; see the audit view"})
                    continue
                target = moved[target]
            if field == "_deleted":
                (deleted.add if value else deleted.discard)(target)
            else:
                obligations[target][field] = value
        result["obligations"] = [obligations[i] for i in order if i not in deleted]
        return result

    def _anchor(self, ob_id: str, run_id: int | None, current: dict[str, dict]) -> str | None:
        """The id, among ``current``, of the obligation that ``ob_id`` of an earlier run became."""
        row = self.db.execute("SELECT obligation_json FROM obligations WHERE id = ? AND (? IS NULL OR run_id = ?) "
                              "ORDER BY run_id DESC", [ob_id, run_id, run_id]).fetchone()
        if row is None:
            return None
        old = json.loads(row[0])

        def key(o: dict) -> tuple[str, str | None]:
            return " ".join(o["evidence"][0]["text"].split()), o.get("period")

        who = {u["name"] for u in old["responsible"]}
        same = [i for i, o in current.items() if o.get("evidence") and key(o) == key(old)]
        best = [i for i in same if {u["name"] for u in current[i]["responsible"]} == who] or same
        return best[0] if len(best) == 1 else None

    # ------------------------------------------------------------------ review
    def document_row(self, doc_id: int) -> dict | None:
        cur = self.db.execute("SELECT * FROM documents WHERE id = ?", [doc_id])
        row = cur.fetchone()
        return None if row is None else dict(zip([c[0] for c in cur.description], row))

    def review_status(self, doc_id: int) -> dict:
        row = self.db.execute("SELECT status, author, at FROM reviews WHERE document_id = ? ORDER BY id DESC LIMIT 1",
                              [doc_id]).fetchone()
        return {"status": row[0], "author": row[1], "at": row[2]} if row else \
            {"status": "unreviewed", "author": None, "at": None}

    def set_review(self, doc_id: int, status: str, *, author: str) -> int:
        if status not in REVIEW_STATUSES:
            raise StoreError(f"unknown review status {status!r}; one of {', '.join(REVIEW_STATUSES)}")
        with self.db.atomic():
            return self.db["reviews"].insert({"document_id": doc_id, "status": status, "author": author,
                                              "at": _now()}).last_pk

    def review_statuses(self) -> dict[int, str]:
        return dict(self.db.execute(
            "SELECT document_id, status FROM reviews WHERE id IN (SELECT max(id) FROM reviews GROUP BY document_id)"
        ).fetchall())

    def effective(self, doc_id: int) -> dict | None:
        """Everything the review page shows of one document: the effective result, the texts,
        the layout, the review status and the corrections."""
        doc = self.document_row(doc_id)
        if doc is None or doc["latest_run_id"] is None:
            return None
        run_id = doc["latest_run_id"]
        raw, version = self.db.execute("SELECT result_json, extractor_version FROM runs WHERE id = ?",
                                       [run_id]).fetchone()
        text_row = self.db.execute("SELECT normalised_text FROM texts WHERE run_id = ?", [run_id]).fetchone()
        layout = self.db.execute("SELECT blocks_json, field_evidence_json FROM layouts WHERE run_id = ?",
                                 [run_id]).fetchone()
        return {"row": doc, "run_id": run_id, "extractor_version": version,
                "extracted": json.loads(raw), "result": self.apply_corrections(doc_id, json.loads(raw), run_id=run_id),
                "text": text_row[0] if text_row else "", "blocks": json.loads(layout[0]) if layout else [],
                "field_evidence": json.loads(layout[1]) if layout else {},
                "review": self.review_status(doc_id), "corrections": self.corrections(document_id=doc_id)}

    def corrections(self, *, since: int = 0, document_id: int | None = None, limit: int | None = None) -> list[dict]:
        """Corrections after the cursor ``since`` (a correction id), oldest first."""
        sql = ("SELECT c.id, c.document_id, d.sha256, d.number, d.symbol, c.target, c.field, c.old_value, "
               "c.new_value, c.author, c.at, c.run_id FROM corrections c JOIN documents d ON d.id = c.document_id "
               "WHERE c.id > ?")
        args: list = [since]
        if document_id is not None:
            sql += " AND c.document_id = ?"
            args.append(document_id)
        sql += " ORDER BY c.id" + (f" LIMIT {int(limit)}" if limit else "")
        keys = ["id", "document_id", "sha256", "number", "symbol", "target", "field", "old_value", "new_value",
                "author", "at", "run_id"]
        out = []
        for row in self.db.execute(sql, args).fetchall():
            c = dict(zip(keys, row))
            c["old_value"], c["new_value"] = json.loads(c["old_value"]), json.loads(c["new_value"])
            out.append(c)
        return out
