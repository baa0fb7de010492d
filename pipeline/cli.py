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
from .contract import validate
from .run import extract, to_result
from .load import SUPPORTED

log = logging.getLogger("congvan")


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
    used: set[str] = set()
    t0 = time.perf_counter()
    for n, path in enumerate(files, 1):
        if not path.exists():
            print(f"congvan: {path}: no such file", file=sys.stderr)
            failed += 1
            continue
        doc = extract(path, ocr=args.ocr, trust_roots=roots)
        result = to_result(doc)
        errors = validate(result)
        if errors:  # never expected; say so loudly rather than write a broken file
            print(f"congvan: {path}: result does not match the contract: {errors[:3]}", file=sys.stderr)
            failed += 1
        if doc.failed:
            failed += 1
            reason = "; ".join(e for s in doc.stages for e in s.errors)
            print(f"congvan: {path}: {reason}", file=sys.stderr)
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if outdir:
            (outdir / _out_name(path, used)).write_text(text + "\n", encoding="utf-8")
            if args.progress and sys.stderr.isatty():
                print(f"\r[{n}/{len(files)}] {path.name[:40]:<40}", end="", file=sys.stderr)
        else:
            print(text)
    if outdir:
        if args.progress and sys.stderr.isatty():
            print(file=sys.stderr)
        print(f"congvan: {len(files)} file(s), {failed} failed, {time.perf_counter() - t0:.1f}s -> {outdir}",
              file=sys.stderr)
    return 1 if failed else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    report = evaluate(Path(args.gold_dir), shared=Path(args.shared) if args.shared else None,
                      baselines=args.baselines)
    print(format_report(report))
    out = Path(args.json) if args.json else Path(args.gold_dir) / "eval.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}")
    return 0 if not report["missing"] else 1


def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for path in iter_inputs(args.paths) if args.paths else []:
        if path.suffix != ".json":
            continue
        errors = validate(json.loads(path.read_text(encoding="utf-8")))
        for e in errors:
            print(f"{path}: {e}")
        bad += bool(errors)
    return 1 if bad else 0


def cmd_render(args: argparse.Namespace) -> int:
    from corpora.render import render_file

    failed = 0
    for path in args.paths:
        try:
            print(render_file(path, args.output))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: cannot render: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest, main_progress_stream

    if not Path(args.inbox).exists():
        print(f"congvan ingest: {args.inbox} does not exist", file=sys.stderr)
        return 2
    summary = ingest(args.inbox, args.db, workers=args.workers, timeout=args.timeout, ocr=args.ocr,
                     ocr_timeout_per_page=args.ocr_timeout_per_page, max_memory_mb=args.max_memory or None, progress=main_progress_stream(args.progress))
    print(summary.line(), file=sys.stderr)
    return 130 if summary.interrupted else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export, export_gold
    from .store import Store, StoreError

    if not Path(args.db).exists():
        print(f"congvan export: no database at {args.db}", file=sys.stderr)
        return 2
    if args.format == "gold":
        if not args.output:
            print("congvan export: --format gold writes one file per document; give -o DIR", file=sys.stderr)
            return 2
        written, cursor = export_gold(Store(args.db), Path(args.output), since=args.since)
        print(f"exported {len(written)} accepted document(s) as gold files to {args.output}; next cursor: "
              f"{cursor} (use --since {cursor})", file=sys.stderr)
        return 0
    try:
        data, n, cursor = export(Store(args.db), args.format, since=args.since)
    except StoreError as exc:
        print(f"congvan export: {exc}", file=sys.stderr)
        return 2
    if args.output:
        Path(args.output).write_bytes(data)
    elif args.format == "xlsx":
        print("congvan export: xlsx is binary; give -o FILE", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    print(f"exported {n} document(s); next cursor: {cursor} (use --since {cursor})", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from werkzeug.serving import run_simple

    from .store import Store, StoreError
    from .web import create_app

    if not Path(args.db).exists():
        print(f"congvan serve: no database at {args.db} (create it with congvan ingest)", file=sys.stderr)
        return 2
    try:
        store = Store(args.db)
    except StoreError as exc:
        print(f"congvan serve: {exc}", file=sys.stderr)
        return 2
    if not store.reviewers():
        print(f"congvan serve: no reviewer accounts yet; create one with: congvan reviewer add NAME --db {args.db}",
              file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"congvan serve: listening on {args.host}: reachable from other machines; put it behind HTTPS",
              file=sys.stderr)
    try:  # a bad key map (unreadable, not JSON, unknown action, a key twice: ReviewError) stops here
        app = create_app(args.db, keys=json.loads(Path(args.keys).read_text(encoding="utf-8")) if args.keys else None)
    except (OSError, ValueError) as exc:
        print(f"congvan serve: key map {args.keys}: {exc}", file=sys.stderr)
        return 2
    print(f"congvan serve: http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


def cmd_reviewer(args: argparse.Namespace) -> int:
    import getpass

    from .store import Store, StoreError

    store = Store(args.db)
    try:
        if args.action == "list":
            for name in store.reviewers():
                print(name)
        elif args.action == "add":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = getpass.getpass(f"password for {args.name}: ")
                if password != getpass.getpass("again: "):
                    print("congvan reviewer: the passwords differ", file=sys.stderr)
                    return 2
            store.add_reviewer(args.name, password)
            print(f"reviewer {args.name} added", file=sys.stderr)
        else:
            print(store.new_api_token(args.name))
            print(f"API token for {args.name} (shown once; send it as 'Authorization: Bearer TOKEN')",
                  file=sys.stderr)
    except StoreError as exc:
        print(f"congvan reviewer: {exc}", file=sys.stderr)
        return 2
    return 0


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
    p.add_argument("--json", metavar="FILE", help="where to write the report (default GOLD_DIR/eval.json)")
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
    p.add_argument("inbox", metavar="INBOX", help="folder (or one file) to ingest")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database (created if missing)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="S", help="seconds per file (default 120)")
    p.add_argument("--ocr-timeout-per-page", type=float, default=60.0, metavar="S",
                   help="extra seconds a file gets per page it sends to OCR (default 60)")
    _add_ocr_option(p)
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="address-space limit per worker in MB, 0 for none (default 2048)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress line")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("export", help="write obligations and results from the store for trackers",
                       description="Export the latest results (reviewer corrections applied) as JSON lines "
                                   "of the contract, CSV/XLSX rows per obligation, an iCalendar of VTODOs, "
                                   "or Nghị định 30 Phụ lục VI metadata. --since CURSOR gives only what "
                                   "changed after an earlier export (the cursor is printed on stderr).")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database written by ingest")
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "xlsx", "ics", "nd30", "gold"],
                   help="gold: one contract JSON file per document a reviewer accepted, into -o DIR")
    p.add_argument("--since", type=int, default=0, metavar="CURSOR", help="only runs after this cursor")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout (a folder for gold)")
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
                                   "reviewers. token NAME: print a new API token for the JSON API.")
    p.add_argument("action", choices=["add", "list", "token"])
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--db", required=True, metavar="FILE", help="SQLite database")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.set_defaults(func=cmd_reviewer)

    p = sub.add_parser("validate", help="check JSON results against the contract",
                       description="Validate result or gold JSON files against the extraction schema.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
