"""``congvan`` commands over the SQLite store: ingest (an inbox, a watched folder, or the shards of
a backfill), backfill on Dask, export for trackers, the review web app, reviewer accounts and
Datasette's labels. ``cli`` builds the parser and routes to them.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .clierrors import UsageError, open_store


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import main_progress_stream
    from .mail import ingest_inbox

    if args.from_shards or not args.inbox:
        return _ingest_shards(args)
    if not Path(args.inbox).exists():
        print(f"congvan ingest: {args.inbox} does not exist", file=sys.stderr)
        return 2
    if Path(args.db).is_dir():
        raise UsageError(f"--db {args.db} is a folder, not a database file")
    options = dict(workers=args.workers, timeout=args.timeout, ocr=args.ocr,
                   ocr_timeout_per_page=args.ocr_timeout_per_page, max_memory_mb=args.max_memory or None,
                   attachments_dir=args.attachments, max_seconds=args.max_seconds,
                   retry_quarantined=args.retry_quarantined)
    if args.watch:
        from .watch import watch

        return watch(args.inbox, args.db, interval=args.interval, settle=args.settle, progress=None, **options)
    summary, mail = ingest_inbox(args.inbox, args.db, progress=main_progress_stream(args.progress), **options)
    print(summary.line(), file=sys.stderr)
    if mail.messages or mail.unreadable:
        print(mail.line(), file=sys.stderr)
    return 130 if summary.interrupted else 0


def _ingest_shards(args: argparse.Namespace) -> int:
    from .shards import load_shards

    if not args.from_shards or args.inbox:
        print("congvan ingest: give INBOX or --from-shards DIR (one of them)", file=sys.stderr)
        return 2
    try:
        summary = load_shards(args.from_shards, args.db)
    except FileNotFoundError as exc:
        print(f"congvan ingest: {exc}", file=sys.stderr)
        return 2
    print(summary.line(), file=sys.stderr)
    return 1 if summary.problems else 0


def cmd_backfill(args: argparse.Namespace) -> int:
    from .engines import INSTALL_HINT, EngineUnavailable, dask_available

    if not dask_available():
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    from .backfill import backfill, main_progress_stream
    from .shards import OutputBusy

    if args.scheduler and args.workers:
        print("congvan backfill: --workers starts a LocalCluster; with --scheduler the cluster has its own "
              "workers (start them with: dask worker ADDR)", file=sys.stderr)
        return 2
    try:
        summary = backfill(args.source, args.out, scheduler=args.scheduler, workers=args.workers,
                           batch_size=args.batch_size, timeout=args.timeout, ocr=args.ocr,
                           ocr_timeout_per_page=args.ocr_timeout_per_page, max_memory_mb=args.max_memory or None,
                           progress=main_progress_stream(args.progress))
    except (FileNotFoundError, EngineUnavailable, OutputBusy) as exc:
        print(f"congvan backfill: {exc}", file=sys.stderr)
        return 2
    print(summary.line(), file=sys.stderr)
    if summary.aborted:
        return 2
    return 130 if summary.interrupted else 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export, export_gold
    from .store import StoreError

    store = open_store(args.db)
    if args.output and args.format != "gold" and not Path(args.output).parent.is_dir():
        raise UsageError(f"-o {args.output}: no folder {Path(args.output).parent}")
    if args.format == "gold":
        if not args.output:
            print("congvan export: --format gold writes one file per document; give -o DIR", file=sys.stderr)
            return 2
        written, cursor = export_gold(store, Path(args.output), since=args.since)
        print(f"exported {len(written)} accepted document(s) as gold files to {args.output}; next cursor: "
              f"{cursor} (use --since {cursor})", file=sys.stderr)
        return 0
    try:
        data, n, cursor = export(store, args.format, since=args.since, base_url=args.base_url or None)
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

    from .web import create_app

    store = open_store(args.db)
    if not store.reviewers():
        print(f"congvan serve: no reviewer accounts yet; create one with: congvan reviewer add NAME --db {args.db}",
              file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"congvan serve: listening on {args.host}: reachable from other machines; put it behind HTTPS",
              file=sys.stderr)
    try:  # a bad key map (unreadable, not JSON, unknown action, a key twice: ReviewError) stops here
        app = create_app(args.db, keys=json.loads(Path(args.keys).read_text(encoding="utf-8")) if args.keys else None,
                         secure_cookies=args.host not in ("127.0.0.1", "localhost", "::1"))
    except (OSError, ValueError) as exc:
        print(f"congvan serve: key map {args.keys}: {exc}", file=sys.stderr)
        return 2
    print(f"congvan serve: http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


def cmd_reviewer(args: argparse.Namespace) -> int:
    import getpass

    from .store import StoreError

    if args.action in ("add", "token") and not args.name:
        raise UsageError(f"reviewer {args.action} needs a NAME")
    if args.action == "add" and not args.password_stdin and not sys.stdin.isatty():
        raise UsageError("no terminal to ask the password on; pipe it in with --password-stdin")
    store = open_store(args.db, create=args.create)
    try:
        if args.action == "list":
            for name in store.reviewers():
                print(name)
        elif not args.name:
            print(f"congvan reviewer {args.action}: give the reviewer's NAME", file=sys.stderr)
            return 2
        elif args.action in ("add", "password"):
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\r\n")
            else:
                password = getpass.getpass(f"password for {args.name}: ")
                if password != getpass.getpass("again: "):
                    print("congvan reviewer: the passwords differ", file=sys.stderr)
                    return 2
            if args.action == "add":
                store.add_reviewer(args.name, password)
                if args.role:
                    from .web.roles import set_role

                    set_role(store, args.name, args.role)
                print(f"reviewer {args.name} added", file=sys.stderr)
            else:
                ended = store.set_password(args.name, password)
                print(f"password of {args.name} changed; {ended} login session(s) ended", file=sys.stderr)
        elif args.action == "revoke":
            n = store.revoke_tokens(args.name)
            print(f"{n} API token(s) of {args.name} revoked", file=sys.stderr)
        else:
            print(store.new_api_token(args.name, days=args.days))
            print(f"API token for {args.name}, valid {args.days:g} days (shown once; send it as "
                  f"'Authorization: Bearer TOKEN'; 'congvan reviewer revoke {args.name}' ends it)", file=sys.stderr)
    except StoreError as exc:
        print(f"congvan reviewer: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_datasette_metadata(args: argparse.Namespace) -> int:
    from .datasette import metadata

    open_store(args.db)  # an existing store, migrated: the labelled columns are there
    text = json.dumps(metadata(args.db), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"congvan: Vietnamese labels written; open with: datasette {args.db} -m {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
