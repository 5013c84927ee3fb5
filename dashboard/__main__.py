"""Command line for operators: validate the data, import a portal page, run a metric query.

    python -m dashboard validate [DATA_DIR]
    python -m dashboard import-page FILE_OR_DIR [...] [--data DATA_DIR] [--dry-run] [--json] [--replace]
        [--commitment-id ID] [--plan-id ID] [--level L] [--jurisdiction ID] [--period-id P] [--source-url URL]
    python -m dashboard import-irm FILE [--member Georgia] [--data DATA_DIR] [--dry-run] [--json] [--replace]
    python -m dashboard refresh [--data DATA_DIR] [--dry-run] [--json] [--replace] [--snapshots DIR]
    python -m dashboard query NAME [--param key=value ...] [--data DATA_DIR] [--format csv|json]
    python -m dashboard comments list [--status S] [--json] | publish ID | reject ID | spam ID
        | export --format csv|xlsx [--output FILE] | forget EMAIL | hash-password

DATA_DIR defaults to $DASHBOARD_DATA, else the bundled data/.
"""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="validate a data directory; exit 1 with the problem list")
    p.add_argument("data_dir", nargs="?", default=None)
    p.add_argument("--data", dest="data_opt", default=None, help="same as DATA_DIR")

    from dashboard.importers.portal_page.cli import add_arguments as add_import_arguments

    p = sub.add_parser("import-page", help="import a monitoring-portal page (English and/or Georgian)")
    add_import_arguments(p)

    from dashboard.importers.irm_sheet.cli import add_arguments as add_irm_arguments

    p = sub.add_parser("import-irm", help="import OGP's commitment sheet (IRM assessments) for one member")
    add_irm_arguments(p)

    from dashboard.importers.portal_page.refresh import add_arguments as add_refresh_arguments

    p = sub.add_parser("refresh", help="fetch again every portal page the data cites and import them as one batch")
    add_refresh_arguments(p)

    from dashboard.metrics import cli_help

    p = sub.add_parser("query", help="run queries/NAME.sql and print the result",
                       description="Run queries/NAME.sql with the filters bound and print the rows as CSV or JSON.",
                       epilog=cli_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", metavar="NAME", help="a query (listed below)")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a filter (listed below)")
    p.add_argument("--data", default=None, metavar="DATA_DIR", help="default: $DASHBOARD_DATA, else data/")
    p.add_argument("--format", choices=("csv", "json"), default="csv")

    from dashboard.comments.cli import add_arguments as add_comments_arguments

    p = sub.add_parser("comments", help="moderate public comments (see dashboard/comments/cli.py)")
    add_comments_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        from dashboard.store import cli_validate
        return cli_validate(args.data_dir or args.data_opt)
    if args.command == "import-page":
        from dashboard.importers.portal_page.cli import run as import_page
        return import_page(args)
    if args.command == "import-irm":
        from dashboard.importers.irm_sheet.cli import run as import_irm
        return import_irm(args)
    if args.command == "refresh":
        from dashboard.importers.portal_page.refresh import cli_refresh
        return cli_refresh(args.data, dry_run=args.dry_run, as_json=args.json, replace=args.replace,
                           snapshots=args.snapshots)
    if args.command == "query":
        from dashboard.metrics import cli_query
        return cli_query(args.name, args.param, data_dir=args.data, fmt=args.format)
    if args.command == "comments":
        from dashboard.comments.cli import run as comments
        return comments(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
