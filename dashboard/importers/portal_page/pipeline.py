"""Pages -> import plan, the one pipeline of the command line, the upload page and `refresh`: parse the pages of one
commitment, reuse the id of the existing commitment they match, plan the merge (nothing written); for a batch, every
commitment merged in turn into the same tables, so that the batch is written as one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.importers.portal_page.html_text import html_to_text, looks_like_html
from dashboard.importers.portal_page.merge import CsvTable, ImportPlan, plan_import, read_tables, summarize
from dashboard.importers.portal_page.pairing import ParseResult, parse_pages
from dashboard.importers.portal_page.phrases import detect_language, norm

_PAGE_ID_RE = re.compile(r"/monitorings/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")


def portal_page_id(url: str | None) -> str | None:
    """The portal's id of a commitment page in its URL ('.../en/monitorings/1C49C701-...-4B40047EB44C/' ->
    '1c49c701-...-4b40047eb44c'); the same for the English and the Georgian page. None for other URLs."""
    m = _PAGE_ID_RE.search(url or "")
    return m.group(1).lower() if m else None


def find_existing_commitment(result: ParseResult, data_dir: str | Path | None = None,
                             rows: list[dict] | None = None) -> str | None:
    """The id of an existing commitment (in `rows`, else in the data directory's commitments.csv) with the same
    title (either language) or the same portal page (source URL); else with the same number, planned dates and
    lead agency (a Georgian page of a commitment known only in English, a page that states no title)."""
    c = result.commitment
    if rows is None:
        rows = read_tables(Path(data_dir))["commitments"].rows if data_dir else []
    ids = {portal_page_id(c.get(col)) for col in ("source_url_en", "source_url_ka")} - {None}
    for r in rows:
        same_number = not c.get("number") or not r.get("number") or r.get("number") == c.get("number")
        for col in ("title_en", "title_ka", "source_url_en", "source_url_ka"):
            if c.get(col) and norm(r.get(col) or "") == norm(c[col]) and same_number:
                return r["commitment_id"]
        if ids & {portal_page_id(r.get(col)) for col in ("source_url_en", "source_url_ka")}:
            return r["commitment_id"]
    # A page in the language the data lacks, or without a title: the same number, planned dates and lead agency
    # (in the page's language when the data has it).
    for r in rows:
        if not c.get("number") or r.get("number") != c["number"] or not c.get("planned_start") or \
                (r.get("planned_start"), r.get("planned_end")) != (c["planned_start"], c.get("planned_end")):
            continue
        agencies = [(c.get(col), r.get(col)) for col in ("lead_agency_en", "lead_agency_ka") if c.get(col)]
        if agencies and all(not theirs or norm(theirs) == norm(ours) for ours, theirs in agencies):
            return r["commitment_id"]
    return None


@dataclass
class PagesImport:
    """What importing the pages of one commitment would do. Nothing is written."""

    result: ParseResult
    plan: ImportPlan | None  # None when the data directory does not exist
    names: list = field(default_factory=list)  # the files read

    @property
    def warnings(self) -> list[str]:
        return self.result.warnings + (self.plan.warnings if self.plan else [])


def plan_pages(texts: list[tuple[str, str]], data_dir: str | Path, *, replace: bool = False,
               commitment_id: str | None = None, plan_id: str | None = None, level: str | None = None,
               jurisdiction: str | None = None, period_id: str | None = None, source_url: str | None = None,
               source_url_ka: str | None = None, tables: dict[str, CsvTable] | None = None) -> PagesImport:
    """Parse the pages (name, text) of one commitment, reuse the id of the existing commitment they match when no
    id is given, and plan their merge into `data_dir` (into `tables` when given: a batch). A saved HTML page is
    read as its text, its URL the source URL unless one is given. Raises ImportError_ when the pages cannot be
    read as one commitment (two pages in the same language)."""
    data_dir = Path(data_dir)
    names = [n for n, _ in texts]
    texts, urls = _from_html(texts)
    source_url = source_url or urls.get("en")
    source_url_ka = source_url_ka or urls.get("ka")
    options = dict(source_url=source_url, source_url_ka=source_url_ka, plan_id=plan_id, level=level,
                   jurisdiction=jurisdiction, period_id=period_id)
    result = parse_pages(texts, commitment_id=commitment_id, **options)
    if not data_dir.is_dir():
        return PagesImport(result, None, names)
    if tables is None:
        tables = read_tables(data_dir)
    if not commitment_id:
        found = find_existing_commitment(result, rows=tables["commitments"].rows)
        if found:
            result = parse_pages(texts, commitment_id=found, **options)
            result.warnings.append(f"no commitment id given: the page matches existing commitment '{found}' "
                                   "by title, source URL or number and dates")
    plan = plan_import(result, data_dir, replace=replace, explicit_plan=bool(plan_id), tables=tables)
    return PagesImport(result, plan, names)


def _from_html(texts: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The texts with HTML pages read as their text, and the URL each HTML page carries, by language."""
    out, urls = [], {}
    for name, text in texts:
        if looks_like_html(name, text):
            text, url = html_to_text(text)
            if url:
                urls.setdefault(detect_language(text), url)
        out.append((name, text))
    return out, urls


@dataclass
class PageGroup:
    """The pages of one commitment in a batch: (name, text) each, with the source URL of each language."""

    texts: list
    source_url: str | None = None
    source_url_ka: str | None = None


@dataclass
class BatchImport:
    """What importing a batch would do: one `PagesImport` per commitment, and the plan of the whole batch (the
    tables after every commitment; written as one transaction). Nothing is written."""

    items: list
    plan: ImportPlan | None

    @property
    def summary(self) -> dict:
        return self.plan.summary if self.plan else {}


def plan_batch(groups: list[PageGroup], data_dir: str | Path, *, replace: bool = False, **options) -> BatchImport:
    """Plan every group in turn into the same tables. `options` (plan_id, level, ...) apply to every group.
    Raises ImportError_ for a group that cannot be read as one commitment."""
    data_dir = Path(data_dir)
    tables = read_tables(data_dir) if data_dir.is_dir() else None
    items = []
    for g in groups:
        items.append(plan_pages(g.texts, data_dir, replace=replace, source_url=g.source_url or options.get(
            "source_url"), source_url_ka=g.source_url_ka or options.get("source_url_ka"), tables=tables,
            **{k: v for k, v in options.items() if k not in ("source_url", "source_url_ka")}))
    if tables is None:
        return BatchImport(items, None)
    plans = [i.plan for i in items]
    combined = ImportPlan(data_dir, tables, [c for p in plans for c in p.conflicts],
                          [w for p in plans for w in p.warnings], [ch for p in plans for ch in p.changes],
                          plans[-1].commitment if plans else {}, [x for p in plans for x in p.problems])
    return BatchImport(items, combined)


__all__ = ["BatchImport", "PageGroup", "PagesImport", "find_existing_commitment", "plan_batch", "plan_pages",
           "portal_page_id", "summarize"]
