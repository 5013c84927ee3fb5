"""What an import did or would do, as text for the operator or as JSON: each commitment read, its warnings, every
record with its fields added / filled / replaced / unchanged / in conflict, and the counts per table and per
commitment. A refused import says so and shows the conflicts; it has no "Changes" section."""

from __future__ import annotations

import json
from typing import TextIO

from dashboard.importers.portal_page.merge import RECORD_STATUSES, summarize
from dashboard.importers.portal_page.pairing import ParseResult
from dashboard.importers.portal_page.pipeline import BatchImport, PagesImport
from dashboard.importers.portal_page.vocabulary import LANG_NAMES

_MARK = {"added": "+", "filled": "+", "replaced": "~", "unchanged": "=", "conflict": "!"}


def totals(summary: dict) -> dict[str, int]:
    """Status -> records, over every table of a summary."""
    return {s: sum(t[s] for t in summary.values()) for s in RECORD_STATUSES}


def _item_json(item: PagesImport) -> dict:
    doc = item.result.as_json()
    if item.plan:
        doc["commitment"]["plan_id"] = item.plan.commitment.get("plan_id")
        doc["commitment"]["level"] = item.plan.commitment.get("level")
    doc["files"] = list(item.names)
    doc["warnings"] = item.warnings
    doc["changes"] = item.plan.summary if item.plan else {}
    doc["records"] = [ch.as_json() for ch in item.plan.changes] if item.plan else []
    return doc


def print_json(batch: BatchImport, batch_warnings: list[str], written: list[str], error: str | None,
               dry_run: bool, notes: list[str], out: TextIO) -> None:
    """The JSON report. With one commitment, its keys (commitment, progress, milestones, ...) are also at the top."""
    items = [_item_json(i) for i in batch.items]
    doc: dict = dict(items[0]) if len(items) == 1 else {}
    doc.update(commitments=items, changes=batch.summary, totals=totals(batch.summary),
               records=[r for i in items for r in i["records"]],
               warnings=list(batch_warnings) + [w for i in items for w in i["warnings"]],
               written=written, dry_run=bool(dry_run), refused=bool(error), notes=notes)
    if error:
        doc["error"] = error
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def print_text(batch: BatchImport, batch_warnings: list[str], written: list[str], error: str | None,
               dry_run: bool, notes: list[str], out: TextIO) -> None:
    for n in notes:
        print(n, file=out)
    for w in batch_warnings:
        print(f"batch: {w}", file=out)
    for item in batch.items:
        print(describe(item.result), file=out)
        if item.warnings:
            print(f"Warnings ({len(item.warnings)}):", file=out)
            for w in item.warnings:
                print(f"  - {w}", file=out)
    if batch.plan is None:
        return
    if error:
        print("Refused: nothing written. The records the import would touch:", file=out)
    else:
        print(f"Changes ({'dry run, nothing written' if dry_run else 'written' if written else 'nothing to write'}):",
              file=out)
    for line in record_lines(batch):
        print(f"  {line}", file=out)
    print(summary_table(batch), file=out)


def record_lines(batch: BatchImport) -> list[str]:
    """One line per record added, filled, replaced or in conflict (with its fields); the unchanged records of
    each table on one line."""
    lines = []
    unchanged: dict[str, list[str]] = {}
    for ch in batch.plan.changes:
        if ch.status == "unchanged":
            unchanged.setdefault(ch.table, []).append(ch.key)
            continue
        if ch.status == "added":
            lines.append(f"+ {ch.table} {ch.key}: new")
            continue
        parts = []
        for col, f in ch.fields.items():
            if f["status"] in ("filled", "replaced", "conflict", "kept"):
                parts.append(f"{col} {f['status']}" + ("" if f["status"] == "filled" else
                                                       f" ({str(f['old'])[:40]!r} -> {str(f['new'])[:40]!r})"))
        lines.append(f"{_MARK[ch.status]} {ch.table} {ch.key}: {ch.status}: {'; '.join(parts)}")
    for table, keys in unchanged.items():
        shown = ", ".join(keys[:8]) + (f", … ({len(keys)} in all)" if len(keys) > 8 else "")
        lines.append(f"= {table} unchanged: {shown}")
    return lines


def summary_table(batch: BatchImport) -> str:
    """The counts per table and, for a batch, per commitment."""
    head = f"{'':28}" + "".join(f"{s:>10}" for s in RECORD_STATUSES)
    rows = ["Summary (records):", "  " + head]
    for table, counts in batch.summary.items():
        rows.append(f"  {table:28}" + "".join(f"{counts[s]:>10}" for s in RECORD_STATUSES))
    total = totals(batch.summary)
    rows.append(f"  {'total':28}" + "".join(f"{total[s]:>10}" for s in RECORD_STATUSES))
    if len(batch.items) > 1:
        labels = []
        for item in batch.items:
            p = item.result.progress
            labels.append(f"{item.result.commitment['commitment_id']} {p['period_id'] if p else '-'}")
        width = max(28, *map(len, labels))
        rows.append(f"Commitments ({len(batch.items)}):")
        rows.append(f"  {'commitment period':{width}}" + "".join(f"{s:>10}" for s in RECORD_STATUSES) + "  files")
        for label, item in zip(labels, batch.items, strict=True):
            t = totals(summarize(item.plan.changes))
            rows.append(f"  {label:{width}}" + "".join(f"{t[s]:>10}" for s in RECORD_STATUSES)
                        + f"  {', '.join(item.names)}")
    return "\n".join(rows)


def describe(result: ParseResult) -> str:
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
