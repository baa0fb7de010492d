"""``congvan``: command-line interface over the pipeline API."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Iterator

from . import __version__
from .cli_store import (cmd_backfill, cmd_datasette_metadata, cmd_export, cmd_ingest, cmd_reviewer,
                        cmd_serve)
from .clierrors import UsageError, read_json, run
from .contract import validate
from .run import extract, to_result
from .load import SUPPORTED
from .paths import shown

log = logging.getLogger("congvan")

def _unreadable_codes() -> set[str]:
    """Warnings meaning nothing usable could be read from the file: the ones ingest quarantines."""
    from .ingest import QUARANTINE_CODES

    return set(QUARANTINE_CODES)


def iter_inputs(paths: list[str]) -> Iterator[Path]:
    """Files named, and supported files under folders named (recursively, sorted)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED:
                    yield f
        else:
            yield p


def _out_name(path: Path, used: set[str]) -> str:
    name = path.stem
    k = 2
    while name in used:  # two inputs with one stem (a.pdf, a.txt) keep both results
        name = f"{path.stem}.{k}"
        k += 1
    used.add(name)
    return name + ".json"


def _trust_roots(args: argparse.Namespace):
    """The certificates of ``--trust-roots DIR`` (None without it; False, with a message, when
    the folder holds none)."""
    if not getattr(args, "trust_roots", None):
        return None
    from .signatures import load_trust_roots

    try:
        roots = load_trust_roots(args.trust_roots)
    except (OSError, ValueError) as exc:
        print(f"congvan: --trust-roots {args.trust_roots}: {exc}", file=sys.stderr)
        return False
    if not roots:
        print(f"congvan: --trust-roots {args.trust_roots}: no .pem/.crt/.cer/.der certificates there", file=sys.stderr)
        return False
    return roots


def cmd_extract(args: argparse.Namespace) -> int:
    files = list(iter_inputs(args.paths))
    if not files:
        print("congvan: no input files found", file=sys.stderr)
        return 2
    if args.output is None and len(files) > 1:
        print("congvan: several inputs need -o OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(args.output) if args.output else None
    roots = _trust_roots(args)
    if roots is False:
        return 2
    if outdir:
        outdir.mkdir(parents=True, exist_ok=True)
    failed = 0
    unreadable = _unreadable_codes()
    used: set[str] = set()
    t0 = time.perf_counter()
    for n, path in enumerate(files, 1):
        name = shown(path)  # a name that is not UTF-8 is written with \xNN, never a crash
        if not path.exists():
            print(f"congvan: {name}: no such file", file=sys.stderr)
            failed += 1
            continue
        doc = _extract_one(path, name, ocr=args.ocr, trust_roots=roots)
        result = to_result(doc)
        errors = validate(result)
        if errors:  # never expected; say so loudly rather than write a broken file
            print(f"congvan: {name}: result does not match the contract: {errors[:3]}", file=sys.stderr)
            failed += 1
        unread = [w for w in result["warnings"] if w["code"] in unreadable]
        if doc.failed or unread:  # README: a file that cannot be read exits 1 with a line on stderr
            failed += 1
            reason = "; ".join([e for s in doc.stages for e in s.errors] + [f"{w['code']}: {w['message']}" for w in unread])
            print(f"congvan: {name}: {reason}", file=sys.stderr)
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if outdir:
            out = outdir / _out_name(path, used)
            tmp = out.with_name(out.name + ".tmp")  # whole or absent, never a 0-byte result
            tmp.write_text(text + "\n", encoding="utf-8")
            tmp.replace(out)
            if args.progress and sys.stderr.isatty():
                print(f"\r[{n}/{len(files)}] {Path(name).name[:40]:<40}", end="", file=sys.stderr)
        else:
            print(text)
    if outdir:
        if args.progress and sys.stderr.isatty():
            print(file=sys.stderr)
        print(f"congvan: {len(files)} file(s), {failed} failed, {time.perf_counter() - t0:.1f}s -> {outdir}",
              file=sys.stderr)
    return 1 if failed else 0


def _extract_one(path: Path, name: str, *, ocr: bool, trust_roots=None):
    """One file's document; whatever goes wrong becomes a result with a ``crash`` warning, so one
    bad file never stops a folder."""
    from .document import Document, StageResult
    from .load import sha256_of
    from .run import EMPTY_FIELDS

    try:
        return extract(path, display_path=name, ocr=ocr, trust_roots=trust_roots)
    except Exception as exc:  # noqa: BLE001 - extract() catches what it knows; this is the rest
        log.exception("extract crashed on %s", name)
        try:
            sha = sha256_of(path.read_bytes())
        except OSError:
            sha = sha256_of(b"")
        doc = Document(path=name, sha256=sha, media_type="application/octet-stream", pages=None, text_layer="none")
        doc.stages.append(StageResult("extract", "error", [f"{type(exc).__name__}: {exc}"]))
        doc.warn("crash", f"the file could not be read: {type(exc).__name__}: {exc}")
        doc.fields = dict(EMPTY_FIELDS)
        return doc


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    gold_dir = Path(args.gold_dir)
    if not gold_dir.is_dir():
        raise UsageError(f"{gold_dir}: no such folder of gold files")
    golds = sorted(p for p in gold_dir.rglob("*.json") if p.name != "eval.json")
    if not golds:
        raise UsageError(f"{gold_dir}: no gold JSON files in it")
    for g in golds:  # a broken gold file is named before any extraction starts
        if not isinstance(read_json(g), dict):
            raise UsageError(f"{g}: not a gold file (a JSON object)")
    out = Path(args.json) if args.json else None
    if out is not None and not out.parent.is_dir():
        raise UsageError(f"--json {out}: no folder {out.parent}")
    report = evaluate(gold_dir, shared=Path(args.shared) if args.shared else None, baselines=args.baselines)
    print(format_report(report))
    if out is not None:  # only where asked: the committed gold/eval.json is not rewritten by a run
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwritten: {out}")
    return 0 if not report["missing"] else 1


def json_inputs(paths: list[str]) -> list[Path]:
    """JSON files named, and every ``*.json`` under folders named (recursively, sorted; the
    ``eval.json`` report left out of folders)."""
    out = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.json") if f.is_file() and f.name != "eval.json")
            if not found:
                raise UsageError(f"{p}: no JSON files in this folder")
            out += found
        elif not p.exists():
            raise UsageError(f"{p}: no such file or folder")
        else:
            out.append(p)
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    bad = unreadable = 0
    files = json_inputs(args.paths)
    for path in files:
        try:
            errors = validate(read_json(path))
        except UsageError as exc:  # the others are still checked; the status says it
            print(f"congvan: {exc}", file=sys.stderr)
            unreadable += 1
            continue
        for e in errors:
            print(f"{path}: {e}")
        bad += bool(errors)
    print(f"congvan validate: {len(files)} file(s), {bad} invalid, {unreadable} unreadable", file=sys.stderr)
    return 2 if unreadable else 1 if bad else 0


def cmd_render(args: argparse.Namespace) -> int:
    from congvan.corpora.render import render_file

    failed = 0
    for path in args.paths:
        try:
            print(render_file(path, args.output))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: cannot render: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def _add_ocr_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-ocr", dest="ocr", action="store_false",
                   help="do not OCR pages without a readable text layer (they are reported instead)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congvan",
        description="Read Vietnamese administrative letters (PDF or text) and extract their "
                    "document fields as JSON results that follow the extraction contract.")
    parser.add_argument("--version", action="version", version=f"congvan {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract one result per document",
                       description="Extract every PDF/.txt given (folders recursively). With -o, writes "
                                   "OUTDIR/<stem>.json per document; without, prints the one result. "
                                   "Exit status 1 when any file failed.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("-o", "--output", metavar="OUTDIR", help="folder for the JSON results")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress line")
    _add_ocr_option(p)
    p.add_argument("--trust-roots", metavar="DIR", help="CA certificates (PEM/DER) to check signature chains "
                   "against, offline; without it every signature's trust is 'unknown'")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score extraction against gold files",
                       description="Run extraction on the documents the gold files name and print "
                                   "per-field accuracy / precision / recall / F1; also writes JSON.")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold JSON files (recursively)")
    p.add_argument("--json", metavar="FILE", help="also write the report as JSON to FILE (nothing is written without it)")
    p.add_argument("--shared", metavar="DIR", help="the shared/ folder (default: beside the project)")
    p.add_argument("--no-baselines", dest="baselines", action="store_false",
                   help="skip the NER + dateparser baseline rows (they need congvan[baselines])")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("render", help="render letter texts as realistic A4 PDFs",
                       description="Lay out each UTF-8 letter text as an A4 PDF the way Nghị định "
                                   "30/2020 sets it (two-column header, Kính gửi, Nơi nhận beside "
                                   "the signature), to test the PDF path on known letters.")
    p.add_argument("paths", nargs="+", metavar="TEXT", help="letter text files")
    p.add_argument("-o", "--output", metavar="OUTDIR", required=True, help="folder for the PDFs")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("ingest", help="process an inbox folder into the SQLite store",
                       description="Walk INBOX, skip files already stored with this extractor version, "
                                   "extract the rest in worker processes (timeout and memory limit per "
                                   "file) and store them in the database; files that cannot be read are "
                                   "quarantined with the reason. Safe to stop and start again.")
    p.add_argument("inbox", metavar="INBOX", nargs="?", help="folder (or one file) to ingest; .eml, mbox files and "
                                                  "Maildir folders in it are opened and their PDF attachments ingested")
    p.add_argument("--watch", action="store_true",
                   help="keep ingesting files as they arrive (a file is read once it stops changing; Ctrl-C stops)")
    p.add_argument("--interval", type=float, default=2.0, metavar="S", help="seconds between polls with --watch (default 2)")
    p.add_argument("--settle", type=float, default=3.0, metavar="S",
                   help="with --watch, a file is read once unchanged for S seconds (default 3)")
    p.add_argument("--attachments", metavar="DIR",
                   help="where PDF attachments of e-mails are saved (default: DB_STEM.attachments beside the database)")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database (created if missing)")
    p.add_argument("--from-shards", metavar="DIR", help="instead of INBOX: load the shards a 'congvan backfill "
                                                         "--out DIR' wrote (loading twice adds nothing)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="S", help="seconds per file (default 120)")
    p.add_argument("--ocr-timeout-per-page", type=float, default=60.0, metavar="S",
                   help="extra seconds a file gets per page it sends to OCR (default 60)")
    p.add_argument("--max-seconds", type=float, default=600.0, metavar="S",
                   help="the most one file may take, OCR included (default 600)")
    p.add_argument("--retry-quarantined", action="store_true",
                   help="try every quarantined file again (a file whose worker was killed is retried once anyway)")
    _add_ocr_option(p)
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="address-space limit per worker in MB, 0 for none (default 2048)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress line")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("backfill", help="an archive across machines on Dask, into shards for ingest --from-shards",
                       description="Extract every file of SOURCE as ingest does (same timeouts, memory limit and "
                                   "quarantine reasons), in batches on Dask workers: a LocalCluster on this machine, "
                                   "or the cluster at --scheduler. Each batch becomes a shard of contract JSON lines "
                                   "under --out, listed in OUT/manifest.jsonl with every file's outcome; a rerun skips "
                                   "what the manifest says is done. Load with: congvan ingest --from-shards OUT --db "
                                   "FILE. Needs the cluster extra: pip install -e \".[cluster]\".")
    p.add_argument("source", metavar="SOURCE", help="a folder, @FILE (a list of paths, one a line) or a quoted glob "
                                                    "('archive/**/*.pdf'); paths must be the same on every node")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the shards and the manifest")
    p.add_argument("--scheduler", metavar="ADDR", help="a running Dask scheduler (tcp://HOST:8786); without it a "
                                                       "LocalCluster is started here")
    p.add_argument("--workers", type=int, metavar="N", help="LocalCluster worker processes (default: the cores)")
    p.add_argument("--batch-size", type=int, default=16, metavar="N", help="files per batch (default 16)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="S", help="seconds per file (default 120)")
    p.add_argument("--ocr-timeout-per-page", type=float, default=60.0, metavar="S",
                   help="extra seconds a file gets per page it sends to OCR (default 60)")
    _add_ocr_option(p)
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="address-space limit of each extraction process in MB, 0 for none (default 2048)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress line")
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("export", help="write obligations and results from the store for trackers",
                       description="Export the latest results (reviewer corrections applied) as JSON lines "
                                   "of the contract, CSV/XLSX rows per obligation, an iCalendar of VTODOs, "
                                   "or Nghị định 30 Phụ lục VI metadata. --since CURSOR gives only what "
                                   "changed after an earlier export (the cursor is printed on stderr).")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database written by ingest")
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "xlsx", "ics", "nd30", "gold"],
                   help="gold: one contract JSON file per document a reviewer accepted, into -o DIR")
    p.add_argument("--since", type=int, default=0, metavar="CURSOR",
                   help="only documents changed (new run, correction, review) after this cursor")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout (a folder for gold)")
    p.add_argument("--base-url", default="http://127.0.0.1:8000", metavar="URL",
                   help="where the review app runs, for the links in ics/xlsx ('' for none; default %(default)s)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="the reviewer web app over the store",
                       description="Serve the review app: a queue of documents to check, each document's "
                                   "text and page image with the extracted values highlighted, corrections "
                                   "kept beside the extraction, an audit view and a JSON API. Reviewers log "
                                   "in with accounts made by 'congvan reviewer add'. Binds to localhost "
                                   "unless --host says otherwise.")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database written by ingest")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--keys", metavar="FILE", help="JSON key map overriding shortcuts, e.g. {\"accept\": [\"y\"]} "
                                                  "(actions and defaults: pipeline/data/review_keys.json)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("reviewer", help="reviewer accounts and API tokens for the web app",
                       description="add NAME: create a reviewer (the password is asked twice, or read from "
                                   "stdin with --password-stdin; only its scrypt hash is stored). list: the "
                                   "reviewers. token NAME: print a new API token for the JSON API (valid "
                                   "--days). revoke NAME: end every API token of NAME. password NAME: set a "
                                   "new password; every login session of NAME ends.")
    p.add_argument("action", choices=["add", "list", "token", "revoke", "password"])
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.add_argument("--days", type=float, default=90, metavar="N", help="token: days it stays valid (default 90)")
    p.add_argument("--create", action="store_true", help="create the database if it does not exist yet")
    p.add_argument("--role", choices=["reviewer", "viewer", "admin"],
                   help="add: what the account may do (default reviewer; an admin manages accounts in the app)")
    p.set_defaults(func=cmd_reviewer)

    p = sub.add_parser("datasette-metadata", help="Vietnamese table and column labels for Datasette",
                       description="Write the metadata.json that labels the store's tables and columns in "
                                   "Vietnamese for 'datasette FILE -m metadata.json'.")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database written by ingest")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=cmd_datasette_metadata)

    p = sub.add_parser("validate", help="check JSON results against the contract",
                       description="Validate result or gold JSON files (folders: every *.json under them) "
                                   "against the extraction schema. Exit 1 when one is invalid, 2 when one "
                                   "cannot be read as JSON or nothing was found.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return run(lambda: args.func(args), prog=f"congvan {args.command}")


if __name__ == "__main__":
    sys.exit(main())
