"""The `import-page` command (dashboard/__main__.py):

    python -m dashboard import-page FILE_OR_DIR [FILE_OR_DIR ...] [--data DATA_DIR] [--dry-run] [--json] [--replace]
        [--commitment-id ID] [--plan-id ID] [--level national|municipal|ogp_local] [--jurisdiction ID]
        [--period-id ID] [--source-url URL] [--source-url-ka URL]

Exit code 0 when the pages were imported (or would be, with --dry-run), 1 when they are refused or invalid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from dashboard import schema
from dashboard.importers.portal_page.batch import read_batch
from dashboard.importers.portal_page.errors import ImportError_, decode_page
from dashboard.importers.portal_page.journal import has_pending_journal, recover, write_import
from dashboard.importers.portal_page.merge import ImportPlan
from dashboard.importers.portal_page.pipeline import plan_batch
from dashboard.importers.portal_page.report import print_json, print_text
from dashboard.store import resolve_data_dir


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="page files (.txt or saved .html, English and/or Georgian) or directories of them")
    p.add_argument("--data", default=None)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--replace", action="store_true")
    p.add_argument("--commitment-id", default=None, help="id of the commitment (else reused by title or derived)")
    p.add_argument("--plan-id", default=None)
    p.add_argument("--level", choices=schema.COMMITMENT_LEVELS, default=None)
    p.add_argument("--jurisdiction", default=None, help="jurisdiction id (else from the lead agency)")
    p.add_argument("--period-id", default=None, help="override the reporting period (e.g. 2019-annual)")
    p.add_argument("--source-url", default=None, help="URL of the English page")
    p.add_argument("--source-url-ka", default=None, help="URL of the Georgian page")


def run(args: argparse.Namespace) -> int:
    """The command for the arguments of `add_arguments`."""
    return cli_import_page(args.files, data_dir=args.data, dry_run=args.dry_run, as_json=args.json,
                           replace=args.replace, commitment_id=args.commitment_id, source_url=args.source_url,
                           source_url_ka=args.source_url_ka, plan_id=args.plan_id, level=args.level,
                           jurisdiction=args.jurisdiction, period_id=args.period_id)


def _read_text(path: str) -> str:
    return decode_page(Path(path).name, Path(path).read_bytes())


_ONE_COMMITMENT = ("commitment_id", "source_url", "source_url_ka", "period_id", "jurisdiction")


def cli_import_page(files, data_dir=None, dry_run=False, as_json=False, replace=False, *,
                    commitment_id=None, source_url=None, source_url_ka=None, plan_id=None, level=None,
                    jurisdiction=None, period_id=None, out: TextIO | None = None) -> int:
    """The `import-page` command: page files or directories, one commitment or many, written as one transaction.
    Returns the exit code (0 ok, 1 refused/invalid)."""
    out = out or sys.stdout
    err = sys.stderr if out is sys.stdout else out
    options = dict(commitment_id=commitment_id, source_url=source_url, source_url_ka=source_url_ka,
                   plan_id=plan_id, level=level, jurisdiction=jurisdiction, period_id=period_id)
    ddir = Path(resolve_data_dir(data_dir))
    notes: list[str] = []
    try:
        groups, batch_warnings = read_batch(list(files), _read_text)
        one = [f"--{k.replace('_', '-')}" for k in _ONE_COMMITMENT if options[k]]
        if one and len(groups) > 1:
            raise ImportError_(f"{', '.join(one)} apply to one commitment; the files hold {len(groups)}")
        notes = recover_first(ddir, dry_run)
        batch = plan_batch(groups, ddir, replace=replace, **options)
    except OSError as exc:
        print(f"import-page: cannot read {exc.filename}: {exc.strerror}", file=err)
        return 1
    except ImportError_ as exc:
        for n in notes:
            print(n, file=err)
        print(f"import-page: {exc}", file=err)
        return 1
    return 0 if write_and_report("import-page", batch, batch_warnings, ddir, dry_run, notes, as_json, out, err) else 1


def write_and_report(command: str, batch, warnings: list[str], ddir: Path, dry_run: bool, notes: list[str],
                     as_json: bool, out: TextIO, err: TextIO) -> bool:
    """Write a planned batch (unless refused or a dry run) and print its report, as `import-page` and `refresh` do;
    False when the plan could not be written."""
    written, error = apply_plan(batch.plan, ddir, dry_run)
    (print_json if as_json else print_text)(batch, warnings, written, error, dry_run, notes, out)
    if error:
        print(f"{command}: {error}", file=err)
    return error is None


def recover_first(ddir: Path, dry_run: bool) -> list[str]:
    """Restore the data of an interrupted import before a real one; a dry run only reports it."""
    if not ddir.is_dir():
        return []
    if not dry_run:
        return recover(ddir)
    if has_pending_journal(ddir):
        return [f"{ddir.name}/ holds an interrupted import; the next import (or recover()) restores it"]
    return []


def apply_plan(plan: ImportPlan | None, ddir: Path, dry_run: bool) -> tuple[list[str], str | None]:
    """Write the plan unless refused or a dry run: (files written, error message or None)."""
    if plan is None:
        return [], (None if dry_run else f"data directory {ddir} does not exist")
    if plan.problems:
        return [], "nothing written: " + "; ".join(plan.problems)
    if plan.conflicts:
        return [], ("nothing written: existing ids would change (use --replace to overwrite them):\n  "
                    + "\n  ".join(plan.conflicts))
    if dry_run:
        return [], None
    try:
        return write_import(plan), None
    except ImportError_ as exc:
        return [], str(exc)
