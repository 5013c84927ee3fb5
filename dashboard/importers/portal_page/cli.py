"""The `import-page` command (dashboard/__main__.py):

    python -m dashboard import-page EN_FILE [KA_FILE] [--data DATA_DIR] [--dry-run] [--json] [--replace]
        [--commitment-id ID] [--plan-id ID] [--level national|municipal|ogp_local] [--jurisdiction ID]
        [--period-id ID] [--source-url URL] [--source-url-ka URL]

Exit code 0 when the pages were imported (or would be, with --dry-run), 1 when they are refused or invalid.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from dashboard import schema
from dashboard.importers.portal_page.errors import ImportError_, decode_page
from dashboard.importers.portal_page.journal import has_pending_journal, recover, write_import
from dashboard.importers.portal_page.merge import ImportPlan, PagesImport, plan_pages
from dashboard.importers.portal_page.pairing import ParseResult
from dashboard.importers.portal_page.vocabulary import LANG_NAMES
from dashboard.store import resolve_data_dir


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="one or two page files, in either language")
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


def cli_import_page(files, data_dir=None, dry_run=False, as_json=False, replace=False, *,
                    commitment_id=None, source_url=None, source_url_ka=None, plan_id=None, level=None,
                    jurisdiction=None, period_id=None, out: TextIO | None = None) -> int:
    """The `import-page` command. Returns the exit code (0 ok, 1 refused/invalid)."""
    out = out or sys.stdout
    err = sys.stderr if out is sys.stdout else out
    if not 1 <= len(files) <= 2:
        print("import-page: give one or two page files (English and/or Georgian)", file=err)
        return 1
    try:
        texts = [(Path(f).name, _read_text(f)) for f in files]
    except OSError as exc:
        print(f"import-page: cannot read {exc.filename}: {exc.strerror}", file=err)
        return 1
    except ImportError_ as exc:
        print(f"import-page: {exc}", file=err)
        return 1
    ddir = Path(resolve_data_dir(data_dir))
    notes = _recover_first(ddir, dry_run)
    try:
        pages = plan_pages(texts, ddir, replace=replace, commitment_id=commitment_id, plan_id=plan_id, level=level,
                           jurisdiction=jurisdiction, period_id=period_id, source_url=source_url,
                           source_url_ka=source_url_ka)
    except ImportError_ as exc:
        for n in notes:
            print(n, file=err)
        print(f"import-page: {exc}", file=err)
        return 1
    written, error = _apply(pages.plan, ddir, dry_run)
    if as_json:
        _print_json(pages, written, error, dry_run, notes, out)
    else:
        _print_text(pages, written, dry_run, notes, out)
    if error:
        print(f"import-page: {error}", file=err)
        return 1
    return 0


def _recover_first(ddir: Path, dry_run: bool) -> list[str]:
    """Restore the data of an interrupted import before a real one; a dry run only reports it."""
    if not ddir.is_dir():
        return []
    if not dry_run:
        return recover(ddir)
    if has_pending_journal(ddir):
        return [f"{ddir.name}/ holds an interrupted import; the next import (or recover()) restores it"]
    return []


def _apply(plan: ImportPlan | None, ddir: Path, dry_run: bool) -> tuple[list[str], str | None]:
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


def _print_json(pages: PagesImport, written: list[str], error: str | None, dry_run: bool, notes: list[str],
                out: TextIO) -> None:
    doc = pages.result.as_json()
    plan = pages.plan
    if plan:
        doc["commitment"]["plan_id"] = plan.commitment.get("plan_id")
        doc["commitment"]["level"] = plan.commitment.get("level")
    doc["warnings"] = pages.warnings
    doc["changes"] = plan.summary if plan else {}
    doc["written"] = written
    doc["dry_run"] = bool(dry_run)
    doc["notes"] = notes
    if error:
        doc["error"] = error
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _print_text(pages: PagesImport, written: list[str], dry_run: bool, notes: list[str], out: TextIO) -> None:
    for n in notes:
        print(n, file=out)
    print(_describe(pages.result), file=out)
    warnings = pages.warnings
    if warnings:
        print(f"Warnings ({len(warnings)}):", file=out)
        for w in warnings:
            print(f"  - {w}", file=out)
    if pages.plan:
        ch = ", ".join(f"{t}: +{s['added']} ~{s['updated']} ={s['unchanged']}" for t, s in pages.plan.summary.items())
        print(f"Changes ({'dry run, nothing written' if dry_run else 'written' if written else 'none'}): {ch}",
              file=out)


def _describe(result: ParseResult) -> str:
    c = result.commitment
    out = [f"Commitment {c['commitment_id']} (number {c['number'] or '?'}, languages: "
           f"{', '.join(LANG_NAMES[x] for x in result.languages)})",
           f"  title: {c['title_en'] or '-'} | {c['title_ka'] or '-'}",
           f"  lead agency: {c['lead_agency_en'] or '-'} | {c['lead_agency_ka'] or '-'}",
           f"  planned: {c['planned_start'] or '?'} .. {c['planned_end'] or '?'}; themes: "
           f"{', '.join(result.themes) or '-'}; SDGs: {', '.join(map(str, result.sdgs)) or '-'}; "
           f"jurisdictions: {', '.join(result.jurisdictions) or '-'}"]
    p = result.progress
    if p:
        out.append(f"  progress {p['period_id']}: state {p['state'] or 'not reported'}, "
                   f"rating {p['rating'] or 'not reported'}")
    out.append(f"  milestones: {len(result.milestones)}")
    for m in result.milestones:
        mp = m.get("progress") or {}
        started = f" started {m['actual_start']}" if m["actual_start"] else ""
        title = (m["title_en"] or m["title_ka"] or "")[:70]
        out.append(f"    {m['number']}: {m['planned_start'] or '?'}..{m['planned_end'] or '?'}{started}; "
                   f"{mp.get('state') or '-'} / {mp.get('rating') or '-'}; {title}")
    return "\n".join(out)
