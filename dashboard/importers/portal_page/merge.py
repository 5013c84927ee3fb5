"""Merging a parsed commitment into a data directory's tables: the import plan. Nothing is written here
(dashboard/importers/portal_page/journal.py writes a plan).

  * a new key is added; an existing key whose values would change is a conflict unless `replace=True`;
  * the planned dates of an existing commitment/milestone are never overwritten without `replace` (kept, with a
    warning, so a progress update for a new period still imports);
  * an empty value on the page never erases a value in the data.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import schema
from dashboard.importers.portal_page.pairing import ParseResult, parse_pages
from dashboard.importers.portal_page.phrases import norm
from dashboard.importers.portal_page.vocabulary import JURISDICTION_ROWS

MERGED_TABLES = ("periods", "jurisdictions", "action_plans", "commitments", "commitment_jurisdictions",
                 "commitment_themes", "commitment_sdgs", "milestones", "commitment_progress", "milestone_progress")
_PLANNED = ("planned_start", "planned_end")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass
class CsvTable:
    """One CSV file as read, and what the plan changes in it. An unchanged file keeps its bytes; rows only
    appended are written after the original bytes (same BOM and line ends)."""

    name: str
    header: list
    rows: list
    original: bytes | None
    newline: str = "\n"
    bom: bool = False
    appended: list = field(default_factory=list)
    rewritten: bool = False
    # Key -> position in ``rows``, built on first use (an import looks up each new row once: linear, not
    # quadratic); dropped whenever ``rows`` is replaced.
    _index: dict | None = field(default=None, repr=False)
    _indexed: list | None = field(default=None, repr=False)

    @property
    def changed(self) -> bool:
        return self.rewritten or bool(self.appended)

    def key_of(self, row: dict) -> tuple:
        return tuple((row.get(k) or "").strip() for k in schema.TABLES_BY_NAME[self.name].key)

    def find(self, key: tuple) -> int | None:
        """The position of the first row with ``key`` (None when there is none)."""
        if self._index is None or self._indexed is not self.rows:
            self._index = {}
            for i, r in enumerate(self.rows):
                self._index.setdefault(self.key_of(r), i)
            self._indexed = self.rows
        return self._index.get(key)

    def add(self, row: dict) -> None:
        """Append a new row (kept in the index)."""
        if self._index is not None and self._indexed is self.rows:
            self._index.setdefault(self.key_of(row), len(self.rows))
        self.rows.append(row)
        self.appended.append(row)

    def to_bytes(self) -> bytes:
        if not self.rewritten and self.original is not None:
            text = self.original.decode("utf-8-sig")
            if text and not text.endswith(("\n", "\r")):
                text += self.newline
            text += self._serialize(self.appended, header=False)
        else:
            text = self._serialize(self.rows, header=True)
        return (("\ufeff" if self.bom else "") + text).encode("utf-8")

    def _serialize(self, rows: list, header: bool) -> str:
        buf = io.StringIO()
        wr = csv.writer(buf, lineterminator=self.newline)
        if header:
            wr.writerow(self.header)
        for r in rows:
            wr.writerow([r.get(c) or "" for c in self.header])
        return buf.getvalue()


def read_table(data_dir: Path, name: str) -> CsvTable:
    """The table `name` of a data directory (empty, with the schema's columns, when the file is absent)."""
    path = data_dir / f"{name}.csv"
    cols = list(schema.TABLES_BY_NAME[name].column_names)
    if not path.exists():
        return CsvTable(name, cols, [], None)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = [dict(r) for r in reader]
    header = list(reader.fieldnames or cols)
    return CsvTable(name, header, rows, raw, "\r\n" if "\r\n" in text else "\n", raw.startswith(b"\xef\xbb\xbf"))


def _s(v) -> str:
    return "" if v is None else str(v)


@dataclass
class ImportPlan:
    data_dir: Path
    tables: dict
    conflicts: list  # existing rows the page would change without `replace`: nothing may be written
    warnings: list
    summary: dict  # table -> {"added": n, "updated": n, "unchanged": n}
    commitment: dict  # the commitment row as merged (plan and level settled)
    problems: list = field(default_factory=list)  # what keeps the import from being valid: nothing may be written

    @property
    def changed_files(self) -> dict:
        """File name -> new bytes, for the files the plan changes."""
        return {f"{t.name}.csv": t.to_bytes() for t in self.tables.values() if t.changed}

    def resulting_files(self) -> dict[str, bytes]:
        """The data directory's whole set of files (CSV files and metadata) as they would be after the import,
        in the `{file name: bytes}` form `dashboard.store.load_dataset` reads."""
        files = {}
        for p in sorted(self.data_dir.iterdir()):
            if p.is_file() and (p.suffix == ".csv" or p.name == schema.METADATA_FILE) and not p.name.startswith("."):
                files[p.name] = p.read_bytes()
        files.update(self.changed_files)
        return files


class _Merge:
    """Rows merged into the tables, with the conflicts, warnings and counts of doing so."""

    def __init__(self, tables: dict[str, CsvTable], replace: bool):
        self.tables = tables
        self.replace = replace
        self.conflicts: list[str] = []
        self.warnings: list[str] = []
        self.summary: dict[str, dict[str, int]] = {}

    def upsert(self, tname: str, row: dict, protect_planned: bool = False, new_only: tuple = ()) -> None:
        """Add the row, or update the row of the same key (a conflict without `replace`). Columns in `new_only`
        are written only with a new row."""
        t = self.tables[tname]
        row = {k: _s(v) for k, v in row.items() if k in schema.TABLES_BY_NAME[tname].column_names}
        for col in row:
            if col not in t.header and row[col]:
                t.header.append(col)
                t.rewritten = True
        key = t.key_of(row)
        stats = self.summary.setdefault(tname, {"added": 0, "updated": 0, "unchanged": 0})
        at = t.find(key)
        if at is not None:
            self._update(t, at, row, stats, protect_planned, new_only)
            return
        full = {col: "" for col in t.header}
        full.update(row)
        t.add(full)
        stats["added"] += 1

    def _update(self, t: CsvTable, at: int, row: dict, stats: dict, protect_planned: bool, new_only: tuple) -> None:
        old = t.rows[at]
        key = "/".join(t.key_of(row))
        new = dict(old)
        diffs = []
        for col, val in row.items():
            was = (old.get(col) or "").strip()
            if col in new_only or not val or was == val.strip():
                continue
            if protect_planned and col in _PLANNED and was and not self.replace:
                self.warnings.append(f"{t.name} {key}: {col} kept as {old.get(col)!r} "
                                     f"(the page says {val!r}; planned dates change only with --replace)")
                continue
            diffs.append((col, old.get(col) or "", val))
            new[col] = val
        if not diffs:
            stats["unchanged"] += 1
        elif not self.replace:
            shown = "; ".join(f"{col}: {a[:60]!r} -> {b[:60]!r}" for col, a, b in diffs[:6])
            self.conflicts.append(f"{t.name} {key} already exists with different values ({shown}"
                                  f"{'; …' if len(diffs) > 6 else ''})")
        else:
            t.rows[at] = new
            t.rewritten = True
            stats["updated"] += 1

    def links(self, tname: str, col: str, values: list, cid: str, prune: bool, existing: bool) -> None:
        """The commitment's rows of a link table (themes, SDGs, jurisdictions). With `prune`, links the page does
        not list are removed (`replace`) or a conflict."""
        t = self.tables[tname]
        have = {(r.get(col) or "").strip() for r in t.rows if r.get("commitment_id") == cid}
        want = {_s(v) for v in values}
        extra = have - want
        if extra and want and existing:
            if prune and self.replace:
                t.rows = [r for r in t.rows if not (r.get("commitment_id") == cid and r.get(col) in extra)]
                t.rewritten = True
            elif prune:
                self.conflicts.append(f"{tname}: {cid} has {', '.join(sorted(extra))} which the page does not list")
        for v in values:
            if _s(v) not in have:
                self.upsert(tname, {"commitment_id": cid, col: v})

    def known_jurisdictions(self, ids: list[str]) -> list[str]:
        """The ids in jurisdictions.csv, after adding the sourced rows of those it lacks."""
        known = {r.get("jurisdiction_id") for r in self.tables["jurisdictions"].rows}
        out = []
        for j in ids:
            if j not in known and j in JURISDICTION_ROWS:
                ne, nk, kind, re_, rk, lat, lon = JURISDICTION_ROWS[j]
                self.upsert("jurisdictions", {"jurisdiction_id": j, "name_en": ne, "name_ka": nk, "kind": kind,
                                              "region_en": re_, "region_ka": rk, "lat": lat, "lon": lon})
                known.add(j)
            if j in known:
                out.append(j)
            else:
                self.warnings.append(f"jurisdiction '{j}' is not in jurisdictions.csv: "
                                     "commitment_jurisdictions not written")
        return out


def plan_import(result: ParseResult, data_dir: str | Path, replace: bool = False,
                explicit_plan: bool = False) -> ImportPlan:
    """Work out the merged tables; nothing is written. Conflicts (existing ids whose values would change without
    `replace`) are listed in .conflicts."""
    data_dir = Path(data_dir)
    merge = _Merge({n: read_table(data_dir, n) for n in MERGED_TABLES}, replace)
    tables = merge.tables
    c = dict(result.commitment)
    cid = c["commitment_id"]
    existing = next((r for r in tables["commitments"].rows if r.get("commitment_id") == cid), None)
    problems = _settle_plan_and_level(c, existing, tables["action_plans"].rows, explicit_plan, merge.warnings)
    if result.period and not any(r.get("period_id") == result.period["period_id"] for r in tables["periods"].rows):
        merge.upsert("periods", result.period)
    merge.upsert("commitments", c, protect_planned=True, new_only=("notes",))
    merge.links("commitment_themes", "theme_id", result.themes, cid, prune=True, existing=existing is not None)
    merge.links("commitment_sdgs", "sdg", result.sdgs, cid, prune=True, existing=existing is not None)
    merge.links("commitment_jurisdictions", "jurisdiction_id", merge.known_jurisdictions(result.jurisdictions), cid,
                prune=False, existing=existing is not None)
    page_numbers = {m["number"] for m in result.milestones}
    for r in tables["milestones"].rows:
        if r.get("commitment_id") == cid and r.get("number") not in page_numbers:
            merge.warnings.append(f"milestone {r.get('milestone_id')} is in the data but not on the page: "
                                  "left as it is")
    for m in result.milestones:
        merge.upsert("milestones", {k: v for k, v in m.items() if k != "progress"}, protect_planned=True)
    if result.progress:
        merge.upsert("commitment_progress", result.progress)
        for m in result.milestones:
            if m.get("progress"):
                merge.upsert("milestone_progress", m["progress"])
    return ImportPlan(data_dir, tables, merge.conflicts, merge.warnings, merge.summary, c, problems)


def _settle_plan_and_level(c: dict, existing: dict | None, plans: list, explicit_plan: bool,
                           warnings: list[str]) -> list[str]:
    """Plan and level of the commitment row `c`: given > existing row > inferred. Returns the problems."""
    if existing is not None:
        if not explicit_plan or not c.get("plan_id"):
            c["plan_id"] = existing.get("plan_id") or c.get("plan_id")
        c["level"] = existing.get("level") or c.get("level")
    if not c.get("plan_id"):
        c["plan_id"] = _infer_plan(plans, c, warnings)
    problems = []
    if not c.get("plan_id"):
        problems.append("cannot tell which action plan the commitment belongs to: pass --plan-id")
    if not c.get("level"):
        c["level"] = "national"
        warnings.append("level not known from the page (no municipality named): 'national' assumed; "
                        "pass --level to set it")
    return problems


def _infer_plan(plans: list, c: dict, warnings: list) -> str | None:
    """The action plan whose period covers the commitment's timeline: from the plan's start/end, else from the
    years in its id or name ("georgia-2018-2019"). National plans first (the portal monitors the national plan,
    which has a municipal section), then the shortest period."""
    ps, pe = c.get("planned_start"), c.get("planned_end") or c.get("planned_start")
    if not plans or not ps:
        return None

    def months(ym: str) -> int:
        return int(ym[:4]) * 12 + int(ym[5:7])

    cands = []
    for p in plans:
        s, e = (p.get("start") or "").strip(), (p.get("end") or "").strip()
        if not (re.fullmatch(r"\d{4}-\d{2}", s) and re.fullmatch(r"\d{4}-\d{2}", e)):
            years = [int(y) for y in _YEAR_RE.findall(f"{p.get('plan_id', '')}")] or \
                [int(y) for y in _YEAR_RE.findall(p.get("name_en") or "")]
            if not years:
                continue
            s, e = f"{min(years)}-01", f"{max(years)}-12"
        if s <= ps and pe <= e:
            cands.append((0 if p.get("level") == "national" else 1, months(e) - months(s), p["plan_id"]))
    if not cands:
        return None
    cands.sort()
    chosen = cands[0][2]
    warnings.append(f"action plan not given: '{chosen}' chosen as the "
                    f"{'national' if cands[0][0] == 0 else 'local'} plan whose period covers {ps}..{pe} "
                    "(pass --plan-id to set it)")
    return chosen


def find_existing_commitment(result: ParseResult, data_dir: str | Path) -> str | None:
    """The id of an existing commitment with the same title (either language) or the same source URL."""
    c = result.commitment
    for r in read_table(Path(data_dir), "commitments").rows:
        for col in ("title_en", "title_ka", "source_url_en", "source_url_ka"):
            if c.get(col) and norm(r.get(col) or "") == norm(c[col]):
                if not c.get("number") or not r.get("number") or r.get("number") == c.get("number"):
                    return r["commitment_id"]
    return None


# ------------------------------------------------------------------------------------- pages -> plan, in one call

@dataclass
class PagesImport:
    """What importing one or two pages would do. Nothing is written."""

    result: ParseResult
    plan: ImportPlan | None  # None when the data directory does not exist

    @property
    def warnings(self) -> list[str]:
        return self.result.warnings + (self.plan.warnings if self.plan else [])


def plan_pages(texts: list[tuple[str, str]], data_dir: str | Path, *, replace: bool = False,
               commitment_id: str | None = None, plan_id: str | None = None, level: str | None = None,
               jurisdiction: str | None = None, period_id: str | None = None, source_url: str | None = None,
               source_url_ka: str | None = None) -> PagesImport:
    """Parse the pages (name, text), reuse the id of the existing commitment they match when no id is given,
    and plan their merge into `data_dir`. Raises ImportError_ when the pages cannot be read as one commitment
    (two pages in the same language)."""
    options = dict(source_url=source_url, source_url_ka=source_url_ka, plan_id=plan_id, level=level,
                   jurisdiction=jurisdiction, period_id=period_id)
    data_dir = Path(data_dir)
    result = parse_pages(texts, commitment_id=commitment_id, **options)
    if not data_dir.is_dir():
        return PagesImport(result, None)
    if not commitment_id:
        found = find_existing_commitment(result, data_dir)
        if found:
            result = parse_pages(texts, commitment_id=found, **options)
            result.warnings.append(f"no commitment id given: the page matches existing commitment '{found}' "
                                   "by title or source URL")
    return PagesImport(result, plan_import(result, data_dir, replace=replace, explicit_plan=bool(plan_id)))
