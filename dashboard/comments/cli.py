"""`python -m dashboard comments ...`: moderation for operators.

    list [--status S] [--json] [--limit N]     the comments, newest first (never the e-mails)
    publish ID | reject ID | spam ID | pending ID
    export --format csv|xlsx [--output FILE] [--status S]   everything, e-mails included: for moderators only
    forget EMAIL                               erase that person's comments (data-protection request)
    hash-password                              read a password on stdin, print its argon2 hash for configuration

The database is $DASHBOARD_DATABASE_URL, else the SQLite file $DASHBOARD_COMMENTS_DB (default var/comments.sqlite3).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dashboard.comments import rules

ACTIONS = {"publish": "published", "reject": "rejected", "spam": "spam", "pending": "pending"}
EXPORT_COLUMNS = ["id", "created_at", "status", "commitment_id", "milestone_id", "lang", "name", "email", "body",
                  "moderated_at"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="comments_command", required=True)
    p = sub.add_parser("list", help="list comments, newest first (no e-mails)")
    p.add_argument("--status", choices=rules.STATUSES, default=None)
    p.add_argument("--json", action="store_true", help="one JSON array (full texts)")
    p.add_argument("--limit", type=int, default=None)
    for action in ACTIONS:
        p = sub.add_parser(action, help=f"set a comment's status to {ACTIONS[action]}")
        p.add_argument("id", type=int)
    p = sub.add_parser("export", help="all comments with e-mails, formula-safe (moderators only)")
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.add_argument("--output", default=None, help="file to write (default: standard output)")
    p.add_argument("--status", choices=rules.STATUSES, default=None)
    p = sub.add_parser("forget", help="erase every comment written with this e-mail address")
    p.add_argument("email")
    sub.add_parser("hash-password", help="print the argon2 hash of the password read from standard input")


def _one_line(text: Any, width: int) -> str:
    """A table cell for the terminal: line breaks shown as \\n, cut to `width` characters."""
    s = str("" if text is None else text).replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _list(store: Any, args: argparse.Namespace) -> int:
    rows = store.moderator_rows(args.status, limit=args.limit)
    if args.json:
        print(json.dumps([{k: _iso(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        print(f"{r['id']}\t{_iso(r['created_at'])[:19]}\t{r['status']}\t{_one_line(r['commitment_id'], 40)}\t"
              f"{_one_line(r['name'], 30)}\t{_one_line(r['body'], 80)}")
    print(f"{len(rows)} comment(s)", file=sys.stderr)
    return 0


def _export(store: Any, args: argparse.Namespace) -> int:
    import pandas as pd

    from dashboard.exports import tables

    rows = store.moderator_rows(args.status, with_email=True)
    df = pd.DataFrame([{c: (r[c].replace(tzinfo=None) if hasattr(r[c], "tzinfo") and r[c] else r[c])
                        for c in EXPORT_COLUMNS} for r in rows], columns=EXPORT_COLUMNS)
    data = tables.csv_bytes(df) if args.format == "csv" else tables.xlsx_bytes({"comments": df})
    if args.output:
        with open(args.output, "wb") as fh:
            fh.write(data)
        print(f"{len(df)} comment(s) written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def run(args: argparse.Namespace) -> int:
    command = args.comments_command
    if command == "hash-password":
        from dashboard.comments.signin import hash_password

        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            print("comments: no password on standard input", file=sys.stderr)
            return 2
        print(hash_password(password))
        return 0
    from dashboard.comments import CommentStore

    store = CommentStore()
    try:
        if command == "list":
            return _list(store, args)
        if command in ACTIONS:
            if not store.set_status(args.id, ACTIONS[command]):
                print(f"comments: no comment with id {args.id}", file=sys.stderr)
                return 1
            print(f"comment {args.id}: {ACTIONS[command]}")
            return 0
        if command == "export":
            return _export(store, args)
        if command == "forget":
            print(f"{store.forget(args.email)} comment(s) erased")
            return 0
    finally:
        store.close()
    return 2
