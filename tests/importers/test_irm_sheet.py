"""import-irm: OGP's commitment sheet -> irm_assessments (and the commitments the data lacks)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from dashboard import store
from dashboard.__main__ import main
from dashboard.importers.irm_sheet import cli_import_irm, parse_month, plan_sheet, row_order
from dashboard.importers.irm_sheet.plan import NOTE
from tests.helpers import read_csv_rows, snapshot, strip_commitment

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "ogp_commitments_sample.csv"
NEW = {"GE0095", "GE0101", "GE0093", "GE0090", "GE0048", "TBI0008", "GE0006", "GE0091", "GE0020", "GE0092",
       "GE0100"}


@pytest.fixture
def before(tmp_path) -> Path:
    """The bundled data as it was before the sheet was imported: without the commitments the sheet created and
    without irm_assessments.csv."""
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    _, rows = read_csv_rows(d / "commitments.csv")
    for r in rows:
        if r["notes"] == NOTE:
            strip_commitment(d, r["commitment_id"])
    (d / "irm_assessments.csv").unlink()
    return d


def _json(args: list[str], capsys) -> tuple[int, dict]:
    code = main(["import-irm", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _assessment(rows: list[dict], cid: str, report: str) -> dict:
    [row] = [r for r in rows if r["commitment_id"] == cid and r["report"] == report]
    return row


def test_dry_run_reports_15_georgian_rows_and_11_new_commitments(before, capsys):
    files = snapshot(before)
    code, doc = _json([str(SAMPLE), "--data", str(before), "--dry-run"], capsys)
    assert code == 0
    assert doc["rows"] == 15 and len(doc["commitments"]) == 15
    assert set(doc["new_commitments"]) == NEW
    assert len(doc["assessments"]) == 30
    def added(n: int) -> dict:
        return {"added": n, "filled": 0, "replaced": 0, "unchanged": 0, "conflict": 0}

    assert doc["changes"] == {"commitments": added(11), "commitment_jurisdictions": added(11),
                              "irm_assessments": added(30)}
    assert doc["written"] == [] and doc["dry_run"] is True
    assert snapshot(before) == files  # a dry run writes nothing


def test_other_members_ignored(before, capsys):
    sample = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    others = {r["Commitment Unique Identifier"] for r in sample if "Georgia" not in r["Country/Locality"]}
    assert len(others) == 25
    _, doc = _json([str(SAMPLE), "--data", str(before), "--dry-run"], capsys)
    taken = {c["ogp_id"] for c in doc["commitments"]}
    assert not taken & others
    assert {a["ogp_id"] for a in doc["assessments"]} == taken
    # Spain's rows include its locality Madrid; Georgia's rows are not Spain's
    result = plan_sheet(SAMPLE, before, member="Spain")
    assert result.rows == 2 and {c["ogp_id"] for c in result.commitments}.isdisjoint(taken)


def test_every_field_of_three_rows_after_a_real_import(before, capsys):
    assert main(["import-irm", str(SAMPLE), "--data", str(before)]) == 0
    ds = store.load_dataset(before)
    assert ds.counts["irm_assessments"] == 30 and ds.counts["commitments"] == 65
    ds.con.close()
    _, commitments = read_csv_rows(before / "commitments.csv")
    _, assessments = read_csv_rows(before / "irm_assessments.csv")
    url = "https://opengovpartnership.org/members/georgia/commitments/"
    # GE0073 is in the data as GE-2018-N8: matched by its OGP id, the commitment left as it was
    assert _assessment(assessments, "GE-2018-N8", "progress") == {
        "commitment_id": "GE-2018-N8", "report": "progress", "ogp_id": "GE0073", "publication_year": "2020",
        "completion": "nd", "open_government": "", "potential_impact": "moderate", "specificity": "nd",
        "verifiable": "yes", "starred": "nd", "source_url": url + "ge0073"}
    assert _assessment(assessments, "GE-2018-N8", "end_of_term") == {
        "commitment_id": "GE-2018-N8", "report": "end_of_term", "ogp_id": "GE0073", "publication_year": "2021",
        "completion": "complete", "open_government": "nd", "potential_impact": "", "specificity": "",
        "verifiable": "", "starred": "nd", "source_url": url + "ge0073"}
    # GE0048: a new commitment, every field from the sheet, no description
    [ge48] = [c for c in commitments if c["commitment_id"] == "GE0048"]
    assert ge48 == {
        "commitment_id": "GE0048", "plan_id": "georgia-2016-2018", "level": "national", "number": "7",
        "ogp_id": "GE0048", "title_en": "Development of the Freedom of Information Law", "title_ka": "",
        "description_en": "", "description_ka": "", "outcome_en": "", "outcome_ka": "",
        "lead_agency_en": "Ministry of Justice of Georgia; Anti-Corruption Council", "lead_agency_ka": "",
        "planned_start": "", "planned_end": "", "source_url_en": url + "ge0048", "source_url_ka": "", "notes": NOTE}
    assert _assessment(assessments, "GE0048", "progress") == {
        "commitment_id": "GE0048", "report": "progress", "ogp_id": "GE0048", "publication_year": "2018",
        "completion": "limited", "open_government": "", "potential_impact": "transformative",
        "specificity": "high", "verifiable": "yes", "starred": "no", "source_url": url + "ge0048"}
    assert _assessment(assessments, "GE0048", "end_of_term")["open_government"] == "did_not_change"
    # TBI0008: Tbilisi's row is Georgia's; local level, Tbilisi's plan, numeric dates month first
    [tbi] = [c for c in commitments if c["commitment_id"] == "TBI0008"]
    assert (tbi["plan_id"], tbi["level"], tbi["number"], tbi["planned_start"], tbi["planned_end"]) == (
        "tbilisi-2018-2020", "ogp_local", "3", "2019-03", "2020-02")
    assert tbi["lead_agency_en"].startswith("Municipal Services Development Agency NCLE, Tbilisi Municipal Legal")
    tbi_p = _assessment(assessments, "TBI0008", "progress")
    assert (tbi_p["completion"], tbi_p["starred"], tbi_p["publication_year"]) == ("na", "na", "2019")
    _, links = read_csv_rows(before / "commitment_jurisdictions.csv")
    assert {"commitment_id": "TBI0008", "jurisdiction_id": "tbilisi"} in links
    # NA for the lead institution is not an institution
    assert next(c for c in commitments if c["commitment_id"] == "GE0006")["lead_agency_en"] == ""


def test_second_import_changes_nothing_and_conflicts_need_replace(before, capsys):
    assert main(["import-irm", str(SAMPLE), "--data", str(before)]) == 0
    capsys.readouterr()
    files = snapshot(before)
    code, doc = _json([str(SAMPLE), "--data", str(before)], capsys)
    assert code == 0 and doc["new_commitments"] == [] and doc["written"] == []
    assert doc["changes"]["irm_assessments"] == {"added": 0, "filled": 0, "replaced": 0, "unchanged": 30, "conflict": 0}
    # a changed rating in the sheet is a conflict: nothing written without --replace
    text = SAMPLE.read_text(encoding="utf-8")
    changed = before.parent / "changed.csv"
    changed.write_text(_edit(text, "GE0048", "Completion (End Of Term)", "Substantial"), encoding="utf-8")
    out = io.StringIO()
    assert cli_import_irm(str(changed), data_dir=before, out=out) == 1
    assert "GE0048/end_of_term already exists with different values (completion: 'limited' -> 'substantial')" \
        in out.getvalue()
    assert snapshot(before) == files
    assert cli_import_irm(str(changed), data_dir=before, replace=True, out=io.StringIO()) == 0
    _, assessments = read_csv_rows(before / "irm_assessments.csv")
    assert _assessment(assessments, "GE0048", "end_of_term")["completion"] == "substantial"


def _edit(text: str, ogp_id: str, column: str, value: str) -> str:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    col = rows[0].index(column)
    for r in rows:
        if r[0] == ogp_id:
            r[col] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(rows)
    return buf.getvalue()


def test_bad_value_is_one_clear_message_and_nothing_is_written(before, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(_edit(SAMPLE.read_text(encoding="utf-8"), "GE0048", "Completion (Progress Report)", "Halfway"),
                   encoding="utf-8")
    files = snapshot(before)
    out = io.StringIO()
    assert cli_import_irm(str(bad), data_dir=before, out=out) == 1
    line = plan_sheet(SAMPLE, before).commitments[6]["line"]  # GE0048 is the 7th Georgian row
    assert (f"bad.csv:{line}: Completion (Progress Report): 'Halfway' is not an accepted value (expected Not "
            "Started, Limited, Substantial, Complete, Withdrawn, Unclear, or ND, NR, NA)") in out.getvalue()
    assert snapshot(before) == files


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty.csv: empty file (expected OGP's commitment sheet with its header)"),
    ("a,b\n1,2\n", "empty.csv:1: not OGP's commitment sheet: missing column(s) 'Commitment Unique Identifier'"),
])
def test_not_a_sheet(before, tmp_path, content, message):
    f = tmp_path / "empty.csv"
    f.write_text(content, encoding="utf-8")
    out = io.StringIO()
    assert cli_import_irm(str(f), data_dir=before, out=out) == 1
    assert message in out.getvalue()


def test_member_without_rows(before):
    out = io.StringIO()
    assert cli_import_irm(str(SAMPLE), member="Atlantis", data_dir=before, dry_run=True, out=out) == 1
    assert "Country/Locality: no rows of the member 'Atlantis' (expected 'Atlantis' or '<locality>, Atlantis')" \
        in out.getvalue()


def test_xlsx_sheet_gives_the_same_rows(before, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    rows = list(csv.reader(SAMPLE.open(encoding="utf-8", newline="")))
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    path = tmp_path / "sheet.xlsx"
    wb.save(path)
    x, c = plan_sheet(path, before), plan_sheet(SAMPLE, before)
    assert x.rows == 15 and set(x.new_commitments) == NEW
    assert x.assessments == c.assessments


@pytest.mark.parametrize(("start", "end", "expected", "warned"), [
    ("9/1/2018", "12/31/2019", ("2018-09", "2019-12"), False),   # the end date shows month first
    ("9/1/18", "12/31/19", ("2018-09", "2019-12"), False),
    ("1/12/2012", "31/12/2014", ("2012-12", "2014-12"), False),   # day first, shown by the end date
    ("9/1/18", "NA", ("", ""), True),                             # the order cannot be told: empty, warned
    ("9/1/18", "5/6/19", ("", ""), True),
    ("1/1/2014", "30/4/2015", ("2014-01", "2015-04"), False),    # same day and month: no doubt
    ("July 2014", "Spring 2015", ("2014-07", ""), True),          # a season is not a month
    ("NA", "2012", ("", ""), True),                               # a year alone is not a month
    ("2018-09-01", "", ("2018-09", ""), False),                   # an .xlsx date cell
])
def test_planned_dates(start, end, expected, warned):
    order = row_order(start, end)
    got = [parse_month(start, order), parse_month(end, order)]
    assert (got[0][0], got[1][0]) == expected
    assert any(w for _, w in got) == warned


def test_bundled_data_holds_the_sheet(capsys):
    """data/ is the sheet imported: a dry run over it changes nothing; descriptions are never copied."""
    code, doc = _json([str(SAMPLE), "--data", str(ROOT / "data"), "--dry-run"], capsys)
    assert code == 0 and doc["new_commitments"] == []
    assert doc["changes"]["irm_assessments"] == {"added": 0, "filled": 0, "replaced": 0, "unchanged": 30, "conflict": 0}
    _, commitments = read_csv_rows(ROOT / "data" / "commitments.csv")
    created = [c for c in commitments if c["notes"] == NOTE]
    assert {c["commitment_id"] for c in created} == NEW
    assert all(c["description_en"] == c["description_ka"] == "" for c in created)

