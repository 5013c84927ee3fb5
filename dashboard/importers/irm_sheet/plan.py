"""A sheet's rows of one member + a data directory -> the import plan (nothing is written here).

* the member's rows: `Country/Locality` is the member or ends with ", <member>" (`Tbilisi, Georgia`);
* a row is matched to the commitments whose `ogp_id` (or id) is its OGP id; a commitment the data lacks is created
  (id = the OGP id; plan, number, title, planned dates, lead institution from the sheet; no description);
  a commitment already in the data is never changed (a different planned date is a warning);
* each row gives two assessments, the progress report and the end-of-term report; an existing assessment whose
  values would change is a conflict unless `replace`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dashboard import schema
from dashboard.importers.irm_sheet import vocabulary as v
from dashboard.importers.irm_sheet.dates import parse_month, row_order
from dashboard.importers.irm_sheet.sheet import SheetRow, read_sheet
from dashboard.importers.portal_page.merge import CsvTable, ImportPlan, RecordChange, read_table
from dashboard.store.problems import Problem, show

TABLES = ("action_plans", "jurisdictions", "commitments", "commitment_jurisdictions", "irm_assessments")
NOTE = ("Created from OGP's commitment sheet: plan, number, title, planned dates and lead institution as published "
        "there; no description written yet.")


@dataclass
class SheetImport:
    """What importing a sheet would do: the member's rows, the commitments matched or created, the assessments."""

    file: str
    member: str
    rows: int = 0
    commitments: list = field(default_factory=list)  # {"ogp_id", "line", "commitment_ids", "new"}
    assessments: list = field(default_factory=list)  # irm_assessments rows
    warnings: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    plan: ImportPlan | None = None

    @property
    def new_commitments(self) -> list[str]:
        return [c["ogp_id"] for c in self.commitments if c["new"]]


class _Tables:
    """The data directory's tables and the counts of what the plan adds or changes in them."""

    def __init__(self, data_dir: Path, replace: bool):
        self.t: dict[str, CsvTable] = {n: read_table(data_dir, n) for n in TABLES}
        self.replace = replace
        self.conflicts: list[str] = []
        self.changes: list[RecordChange] = []

    def rows(self, name: str) -> list[dict]:
        return self.t[name].rows

    def upsert(self, name: str, row: dict) -> None:
        """Add the row, or compare it with the row of the same key: unchanged, replaced (--replace) or a conflict."""
        t = self.t[name]
        row = {c: row.get(c, "") for c in schema.TABLES_BY_NAME[name].column_names}
        key = t.key_of(row)
        at = t.find(key)
        if at is None:
            t.add({c: "" for c in t.header} | row)
            added = {c: {"status": "added", "old": "", "new": x} for c, x in row.items() if x}
            self.changes.append(RecordChange(name, "/".join(key), "added", added))
            return
        old = t.rows[at]
        diffs = [c for c in row if (old.get(c) or "").strip() != row[c]]
        fields = {c: {"status": "replaced" if self.replace else "conflict", "old": old.get(c) or "", "new": row[c]}
                  for c in diffs}
        status = "unchanged" if not diffs else "replaced" if self.replace else "conflict"
        self.changes.append(RecordChange(name, "/".join(key), status, fields))
        if diffs and self.replace:
            t.rows[at] = old | row
            t.rewritten = True
        elif diffs:
            shown = "; ".join(f"{c}: {(old.get(c) or '')!r} -> {row[c]!r}" for c in diffs[:6])
            self.conflicts.append(f"{name} {'/'.join(key)} already exists with different values ({shown})")


def plan_sheet(path: str | Path, data_dir: str | Path, member: str = "Georgia", replace: bool = False) -> SheetImport:
    """Read the sheet and work out the import into data_dir. Raises ImportError_ for an unreadable sheet."""
    name, rows = read_sheet(path)
    out = SheetImport(name, member)
    picked = [r for r in rows if v.member_of(r.get(v.MEMBER), member)]
    out.rows = len(picked)
    if not picked:
        out.problems.append(str(Problem(name, None, v.MEMBER, f"no rows of the member {member!r}",
                                        f"'{member}' or '<locality>, {member}'")))
        return out
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        out.problems.append(f"data directory {data_dir} does not exist")
        return out
    tables = _Tables(data_dir, replace)
    seen: dict[str, int] = {}
    for row in picked:
        ogp_id = row.get(v.ID)
        if not ogp_id or ogp_id in seen:
            why = "empty" if not ogp_id else f"{show(ogp_id)} also on line {seen[ogp_id]}"
            out.problems.append(str(Problem(name, row.line, v.ID, why, "one row per OGP id")))
            continue
        seen[ogp_id] = row.line
        assessments = _assessments(name, row, out.problems)
        ids = _match(tables, ogp_id)
        new = not ids
        if new:
            ids = [_create_commitment(tables, name, row, out.warnings)]
        else:
            _compare_dates(tables, name, row, ids, out.warnings)
        if len(ids) > 1:
            out.warnings.append(f"{name}:{row.line}: {ogp_id} is the OGP id of {len(ids)} commitments in the data "
                                f"({', '.join(ids)}): the IRM's assessment is added to each")
        out.commitments.append({"ogp_id": ogp_id, "line": row.line, "commitment_ids": ids, "new": new})
        for cid in ids:
            for a in assessments:
                full = {"commitment_id": cid, "ogp_id": ogp_id, "source_url": row.get(v.URL), **a}
                tables.upsert("irm_assessments", full)
                out.assessments.append({c: full.get(c, "") for c in schema.TABLES_BY_NAME["irm_assessments"]
                                        .column_names})
    out.plan = ImportPlan(data_dir, tables.t, tables.conflicts, out.warnings, tables.changes, {}, out.problems)
    return out


def _match(tables: _Tables, ogp_id: str) -> list[str]:
    return [r["commitment_id"] for r in tables.rows("commitments")
            if (r.get("ogp_id") or "").strip() == ogp_id or r.get("commitment_id") == ogp_id]


def _code(value: str, accepted: tuple) -> str | None:
    """The schema code of a cell, '' for an empty cell, None when it is not an accepted value."""
    if not value:
        return ""
    code = v.code_of(value)
    return code if code in accepted + schema.IRM_NOT_REPORTED else None


def _expected(accepted: tuple) -> str:
    words = [("Yes/1" if a == "yes" else "No/0" if a == "no" else a.replace("_", " ").title()) for a in accepted]
    return ", ".join(words) + ", or ND, NR, NA"


def _assessments(name: str, row: SheetRow, problems: list[str]) -> list[dict]:
    out = []
    for report, columns in v.REPORT_COLUMNS.items():
        a = {"report": report}
        for col, (sheet_col, accepted) in columns.items():
            cell = row.get(sheet_col)
            if col == "publication_year":
                ok = not cell or cell.upper() in v.NOT_REPORTED_CODES or (cell.isdigit() and 2011 <= int(cell) <= 2100)
                a[col] = cell if cell.isdigit() else ""
                if not ok:
                    problems.append(str(Problem(name, row.line, sheet_col, f"{show(cell)} is not a year",
                                                "a year from 2011, or ND, NR, NA")))
                continue
            code = _code(cell, accepted)
            if code is None:
                problems.append(str(Problem(name, row.line, sheet_col, f"{show(cell)} is not an accepted value",
                                            _expected(accepted))))
            a[col] = code or ""
        out.append(a)
    return out


def _dates(name: str, row: SheetRow, warnings: list[str]) -> tuple[str, str]:
    start, end = row.get(v.START), row.get(v.END)
    order = row_order(start, end)
    out = []
    for col, text in ((v.START, start), (v.END, end)):
        month, warning = parse_month(text, order)
        if warning:
            warnings.append(f"{name}:{row.line}: {col}: {warning}")
        out.append(month)
    if out[0] and out[1] and out[0] > out[1]:
        warnings.append(f"{name}:{row.line}: {v.START}: {out[0]} is after the end {out[1]}: both left empty")
        return "", ""
    return out[0], out[1]


def _compare_dates(tables: _Tables, name: str, row: SheetRow, ids: list[str], warnings: list[str]) -> None:
    start, end = _dates(name, row, [])
    for r in tables.rows("commitments"):
        if r["commitment_id"] not in ids:
            continue
        for col, sheet in (("planned_start", start), ("planned_end", end)):
            have = (r.get(col) or "").strip()
            if sheet and have and sheet != have:
                warnings.append(f"{name}:{row.line}: {r['commitment_id']} {col} kept as {have} "
                                f"(the sheet says {sheet}; import-irm never changes a commitment already in the data)")


def _plan_id(tables: _Tables, row: SheetRow, jurisdiction: dict | None) -> str:
    """The plan of a new commitment: `<member>-<start>-<end>`, else the one plan of the member starting that year,
    else a new plan of that id."""
    member, start, end = v.slug(row.get(v.MEMBER)), row.get(v.PLAN_START), row.get(v.PLAN_END)
    wanted = f"{member}-{start}-{end}" if end and end != start else f"{member}-{start}"
    ids = [p["plan_id"] for p in tables.rows("action_plans")]
    if wanted in ids:
        return wanted
    same_start = [p for p in ids if p == f"{member}-{start}" or p.startswith(f"{member}-{start}-")]
    if len(same_start) == 1:
        return same_start[0]
    level = v.level_of(row.get(v.NATIONAL_OR_LOCAL))
    years = wanted.removeprefix(f"{member}-")
    place_en = row.get(v.MEMBER).split(",")[0].strip()
    place_ka = (jurisdiction or {}).get("name_ka") or ""
    tables.upsert("action_plans", {"plan_id": wanted, "name_en": f"{place_en} {years}",
                                   "name_ka": f"{place_ka} {years}" if place_ka else "",
                                   "level": "national" if level == "national" else "local"})
    return wanted


def _create_commitment(tables: _Tables, name: str, row: SheetRow, warnings: list[str]) -> str:
    ogp_id = row.get(v.ID)
    jid = v.slug(row.get(v.MEMBER))
    jurisdiction = next((j for j in tables.rows("jurisdictions") if j.get("jurisdiction_id") == jid), None)
    start, end = _dates(name, row, warnings)
    lead = row.get(v.LEAD)
    tables.upsert("commitments", {
        "commitment_id": ogp_id, "plan_id": _plan_id(tables, row, jurisdiction),
        "level": v.level_of(row.get(v.NATIONAL_OR_LOCAL)), "number": row.get(v.NUMBER), "ogp_id": ogp_id,
        "title_en": " ".join(row.get(v.TITLE).split()),
        "lead_agency_en": "" if lead.upper() in v.NOT_REPORTED_CODES else " ".join(lead.split()),
        "planned_start": start, "planned_end": end, "source_url_en": row.get(v.URL), "notes": NOTE})
    if jurisdiction:
        tables.upsert("commitment_jurisdictions", {"commitment_id": ogp_id, "jurisdiction_id": jid})
    else:
        warnings.append(f"{name}:{row.line}: jurisdiction {jid!r} is not in jurisdictions.csv: {ogp_id} not linked")
    return ogp_id
