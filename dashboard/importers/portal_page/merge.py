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
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import schema
from dashboard.importers.portal_page.pairing import ParseResult
from dashboard.importers.portal_page.plans import settle_plan_and_level
from dashboard.importers.portal_page.vocabulary import JURISDICTION_ROWS

MERGED_TABLES = ("periods", "jurisdictions", "action_plans", "commitments", "commitment_jurisdictions",
                 "commitment_themes", "commitment_sdgs", "milestones", "commitment_progress", "milestone_progress")
_PLANNED = ("planned_start", "planned_end")


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
    changes: list  # RecordChange of every record the page gives
    commitment: dict  # the commitment row as merged (plan and level settled)
    problems: list = field(default_factory=list)  # what keeps the import from being valid: nothing may be written

    @property
    def summary(self) -> dict:
        """Table -> {"added": n, "filled": n, "replaced": n, "unchanged": n, "conflict": n} (records)."""
        return summarize(self.changes)

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


RECORD_STATUSES = ("added", "filled", "replaced", "unchanged", "conflict")


@dataclass
class RecordChange:
    """What the import does to one record (one row of a table): `added` (a new row), `filled` (only empty fields
    get a value: an addition), `replaced` (non-empty values changed, with --replace), `unchanged`, or `conflict`
    (non-empty values would change without --replace). `fields` maps each column that the page gives a value to
    {"status": added|filled|replaced|conflict|kept|unchanged, "old": ..., "new": ...}."""

    table: str
    key: str
    status: str
    fields: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"table": self.table, "key": self.key, "status": self.status, "fields": self.fields}


def _empty_summary() -> dict[str, int]:
    return {s: 0 for s in RECORD_STATUSES}


def summarize(changes: list[RecordChange]) -> dict[str, dict[str, int]]:
    """Table -> number of records of each status (added, filled, replaced, unchanged, conflict)."""
    out: dict[str, dict[str, int]] = {}
    for ch in changes:
        out.setdefault(ch.table, _empty_summary())[ch.status] += 1
    return out


class _Merge:
    """Rows merged into the tables, with the conflicts, warnings and per-record changes of doing so."""

    def __init__(self, tables: dict[str, CsvTable], replace: bool):
        self.tables = tables
        self.replace = replace
        self.conflicts: list[str] = []
        self.warnings: list[str] = []
        self.changes: list[RecordChange] = []

    @property
    def summary(self) -> dict[str, dict[str, int]]:
        return summarize(self.changes)

    def upsert(self, tname: str, row: dict, protect_planned: bool = False, new_only: tuple = ()) -> None:
        """Add the row, or merge it into the row of the same key: empty fields are filled, changed non-empty
        fields are a conflict without `replace`. Columns in `new_only` are written only with a new row."""
        t = self.tables[tname]
        row = {k: _s(v) for k, v in row.items() if k in schema.TABLES_BY_NAME[tname].column_names}
        for col in row:
            if col not in t.header and row[col]:
                t.header.append(col)
                t.rewritten = True
        key = t.key_of(row)
        at = t.find(key)
        if at is not None:
            self._update(t, at, row, protect_planned, new_only)
            return
        full = {col: "" for col in t.header}
        full.update(row)
        t.add(full)
        self.changes.append(RecordChange(tname, "/".join(key), "added",
                                         {c: {"status": "added", "old": "", "new": v} for c, v in row.items() if v}))

    def _update(self, t: CsvTable, at: int, row: dict, protect_planned: bool, new_only: tuple) -> None:
        old = t.rows[at]
        key = "/".join(t.key_of(row))
        new = dict(old)
        fields = {}
        for col, val in row.items():
            was = (old.get(col) or "").strip()
            if col in new_only or not val:
                continue
            if was == val.strip():
                fields[col] = {"status": "unchanged", "old": was, "new": val}
            elif not was:
                fields[col] = {"status": "filled", "old": "", "new": val}
                new[col] = val
            elif protect_planned and col in _PLANNED and not self.replace:
                fields[col] = {"status": "kept", "old": old.get(col), "new": val}
                self.warnings.append(f"{t.name} {key}: {col} kept as {old.get(col)!r} "
                                     f"(the page says {val!r}; planned dates change only with --replace)")
            else:
                fields[col] = {"status": "replaced" if self.replace else "conflict", "old": old.get(col) or "",
                               "new": val}
                new[col] = val
        statuses = {f["status"] for f in fields.values()}
        status = ("conflict" if "conflict" in statuses else "replaced" if "replaced" in statuses
                  else "filled" if "filled" in statuses else "unchanged")
        self.changes.append(RecordChange(t.name, key, status, fields))
        if status == "conflict":
            diffs = [(c, f["old"], f["new"]) for c, f in fields.items() if f["status"] == "conflict"]
            shown = "; ".join(f"{col}: {a[:60]!r} -> {b[:60]!r}" for col, a, b in diffs[:6])
            self.conflicts.append(f"{t.name} {key} already exists with different values ({shown}"
                                  f"{'; …' if len(diffs) > 6 else ''})")
        elif status != "unchanged":
            t.rows[at] = new
            t.rewritten = True

    def links(self, tname: str, col: str, values: list, cid: str, prune: bool, existing: bool) -> None:
        """The commitment's rows of a link table (themes, SDGs, jurisdictions). With `prune`, links the page does
        not list are removed (`replace`) or a conflict."""
        t = self.tables[tname]
        have = {(r.get(col) or "").strip() for r in t.rows if r.get("commitment_id") == cid}
        want = {_s(v) for v in values}
        extra = have - want
        if extra and want and existing:
            change = {col: {"status": "replaced" if self.replace else "conflict", "old": ", ".join(sorted(extra)),
                            "new": ", ".join(sorted(want))}}
            if prune and self.replace:
                t.rows = [r for r in t.rows if not (r.get("commitment_id") == cid and r.get(col) in extra)]
                t.rewritten = True
                self.changes.append(RecordChange(tname, cid, "replaced", change))
            elif prune:
                self.conflicts.append(f"{tname}: {cid} has {', '.join(sorted(extra))} which the page does not list")
                self.changes.append(RecordChange(tname, cid, "conflict", change))
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


def read_tables(data_dir: str | Path) -> dict[str, CsvTable]:
    """The tables an import merges into, as read from a data directory."""
    return {n: read_table(Path(data_dir), n) for n in MERGED_TABLES}


def plan_import(result: ParseResult, data_dir: str | Path, replace: bool = False,
                explicit_plan: bool = False, tables: dict[str, CsvTable] | None = None) -> ImportPlan:
    """Work out the merged tables; nothing is written. Conflicts (existing ids whose values would change without
    `replace`) are listed in .conflicts. With `tables` (of `read_tables`, maybe holding earlier pages of a batch)
    the merge goes into them."""
    data_dir = Path(data_dir)
    merge = _Merge(tables if tables is not None else read_tables(data_dir), replace)
    tables = merge.tables
    c = dict(result.commitment)
    cid = c["commitment_id"]
    existing = next((r for r in tables["commitments"].rows if r.get("commitment_id") == cid), None)
    problems = settle_plan_and_level(c, existing, tables["action_plans"].rows, explicit_plan, merge.warnings)
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
    return ImportPlan(data_dir, tables, merge.conflicts, merge.warnings, merge.changes, c, problems)
