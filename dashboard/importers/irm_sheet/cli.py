"""The `import-irm` command (dashboard/__main__.py):

    python -m dashboard import-irm FILE [--member Georgia] [--data DATA_DIR] [--dry-run] [--json] [--replace]

Exit code 0 when the sheet was imported (or would be, with --dry-run), 1 when it is refused or invalid.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from dashboard import store
from dashboard.importers.irm_sheet.plan import SheetImport, plan_sheet
from dashboard.importers.portal_page.errors import ImportError_
from dashboard.importers.portal_page.journal import has_pending_journal, recover, write_import


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="OGP's commitment sheet, CSV or XLSX, in the sheet's own columns")
    p.add_argument("--member", default="Georgia", help="the OGP member whose rows are taken (and its localities)")
    p.add_argument("--data", default=None)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--replace", action="store_true", help="overwrite assessments already in the data")


def run(args: argparse.Namespace) -> int:
    return cli_import_irm(args.file, member=args.member, data_dir=args.data, dry_run=args.dry_run,
                          as_json=args.json, replace=args.replace)


def cli_import_irm(file, member="Georgia", data_dir=None, dry_run=False, as_json=False, replace=False,
                   out: TextIO | None = None) -> int:
    """The `import-irm` command. Returns the exit code (0 ok, 1 refused/invalid)."""
    out = out or sys.stdout
    err = sys.stderr if out is sys.stdout else out
    ddir = Path(store.resolve_data_dir(data_dir))
    notes = []
    if ddir.is_dir():
        notes = recover(ddir) if not dry_run else (
            [f"{ddir.name}/ holds an interrupted import; the next import restores it"]
            if has_pending_journal(ddir) else [])
    try:
        result = plan_sheet(file, ddir, member=member, replace=replace)
    except ImportError_ as exc:
        print(f"import-irm: {exc}", file=err)
        return 1
    written, error = _apply(result, dry_run)
    if as_json:
        _print_json(result, written, error, dry_run, notes, out)
    else:
        _print_text(result, written, dry_run, notes, out)
    if error:
        print(f"import-irm: {error}", file=err)
        return 1
    return 0


def _apply(result: SheetImport, dry_run: bool) -> tuple[list[str], str | None]:
    plan = result.plan
    if result.problems:
        return [], "nothing written:\n  " + "\n  ".join(result.problems)
    if plan is not None and plan.conflicts:
        return [], ("nothing written: existing assessments would change (use --replace to overwrite them):\n  "
                    + "\n  ".join(plan.conflicts))
    if plan is None:
        return [], None
    if dry_run:
        return [], _invalid(plan)
    try:
        return write_import(plan), None
    except ImportError_ as exc:
        return [], str(exc)


def _invalid(plan) -> str | None:
    """Why the data would not be valid after the import (a dry run checks it too), or None."""
    try:
        store.load_dataset(plan.resulting_files()).con.close()
    except store.DataError as exc:
        return "the imported data would not be valid:\n  " + "\n  ".join(str(p) for p in exc.problems[:30])
    return None


def _print_json(result: SheetImport, written, error, dry_run, notes, out: TextIO) -> None:
    doc = {"file": result.file, "member": result.member, "rows": result.rows, "commitments": result.commitments,
           "new_commitments": result.new_commitments, "assessments": result.assessments,
           "warnings": result.warnings, "changes": result.plan.summary if result.plan else {},
           "written": written, "dry_run": bool(dry_run), "notes": notes}
    if error:
        doc["error"] = error
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _print_text(result: SheetImport, written, dry_run, notes, out: TextIO) -> None:
    for n in notes:
        print(n, file=out)
    print(f"{result.file}: {result.rows} row(s) of {result.member}; {len(result.new_commitments)} new commitment(s)"
          f" ({', '.join(result.new_commitments) or '-'}); {len(result.assessments)} assessment(s)", file=out)
    if result.warnings:
        print(f"Warnings ({len(result.warnings)}):", file=out)
        for w in result.warnings:
            print(f"  - {w}", file=out)
    if result.plan:
        ch = ", ".join(f"{t}: +{s['added']} ~{s['replaced']} ={s['unchanged']} !{s['conflict']}"
                       for t, s in result.plan.summary.items())
        state = "dry run, nothing written" if dry_run else "written" if written else "none"
        print(f"Changes ({state}): {ch or '-'}", file=out)
