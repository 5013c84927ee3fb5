"""dashboard.store: loading, typed tables, and every kind of bad input (exact message shapes)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import DEFAULT_DATA_DIR, REPO_DIR, schema, store
from dashboard.store import DataError, Problem, load_dataset, loading, query_setup, validate, validation
from tests import helpers

C = helpers.C


def write(directory: Path, rows: dict, **overrides) -> Path:
    """Write the tables in ``rows``; ``overrides`` maps a file name to raw bytes (None = leave the file out)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, table_rows in rows.items():
        (directory / f"{name}.csv").write_bytes(helpers.to_csv(name, table_rows))
    for file_name, data in overrides.items():
        file_name = file_name.replace("__", ".")
        path = directory / file_name
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)
    return directory


@pytest.fixture
def rows():
    return helpers.minimal_rows()


@pytest.fixture
def no_connect(monkeypatch):
    """Fail the test if a DuckDB connection is opened (nothing may be loaded from bad data)."""
    def refuse(*args, **kwargs):  # pragma: no cover - only runs on a bug
        raise AssertionError("a DuckDB connection was opened for invalid data")
    monkeypatch.setattr(loading.duckdb, "connect", refuse)


def problems_of(directory) -> list[str]:
    return [str(p) for p in validate(directory)]


def assert_rejected(directory, expected: list[str]) -> None:
    """validate() lists exactly ``expected`` and load_dataset() raises with the same problems."""
    assert problems_of(directory) == expected
    with pytest.raises(DataError) as err:
        load_dataset(directory)
    assert [str(p) for p in err.value.problems] == expected


# ----------------------------------------------------------------------------------------------------------------
# Valid data


def test_minimal_dataset_loads_typed(tmp_path):
    helpers.write_minimal_dataset(tmp_path)
    ds = load_dataset(tmp_path)
    assert ds.counts == {name: len(r) for name, r in helpers.minimal_rows().items()} | {"irm_assessments": 0}
    assert ds.metadata == {} and ds.synthetic is False
    con = ds.con.cursor()
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'milestones'").fetchall())
    assert types["planned_start"] == "DATE" and types["actual_end"] == "DATE"
    assert types["actual_start_precision"] == "VARCHAR"
    row = con.execute("SELECT planned_start, planned_end, actual_start, actual_start_precision, actual_end, "
                      "actual_end_precision FROM milestones WHERE milestone_id = ?", [f"{C}/6.2.3"]).fetchone()
    # a month start is the first day, a month end the last day; day_or_month keeps its precision
    assert row == (dt.date(2019, 1, 1), dt.date(2019, 6, 30), dt.date(2019, 2, 1), "month",
                   dt.date(2019, 3, 15), "day")
    assert con.execute("SELECT \"start\", \"end\" FROM action_plans WHERE plan_id = 'georgia-2018-2019'"
                       ).fetchone() == (dt.date(2018, 1, 1), dt.date(2019, 12, 31))
    assert con.execute("SELECT typeof(sdg) FROM commitment_sdgs LIMIT 1").fetchone() == ("INTEGER",)
    assert con.execute("SELECT lat FROM jurisdictions WHERE jurisdiction_id = 'rustavi'").fetchone() == (41.55,)
    # empty text is NULL, a value with a line break survives the careful reader
    assert con.execute("SELECT ogp_id, description_en FROM commitments WHERE commitment_id = 'GE0065'"
                       ).fetchone() == (None, "A line, with a comma\nand two lines")
    assert con.execute("SELECT as_of FROM periods WHERE period_id = '2019-annual'").fetchone() == (
        dt.date(2019, 12, 31),)


def test_mapping_source_bom_crlf_and_metadata():
    files = helpers.minimal_files()
    files["commitments.csv"] = b"\xef\xbb\xbf" + files["commitments.csv"].replace(b"\n", b"\r\n")
    files["milestones.csv"] = files["milestones.csv"].replace(b"\n", b"\r\n")
    files["dataset.json"] = json.dumps({"title_en": "Test data", "synthetic": True}).encode()
    ds = load_dataset(files)
    assert ds.synthetic is True and ds.label == "Test data"
    assert ds.counts["commitments"] == 3
    assert ds.con.execute("SELECT title_ka FROM commitments WHERE commitment_id = ?", [C]).fetchone() == (
        "ელექტრონული სერვისები რუსთავში",)


def test_macros_are_executed(tmp_path):
    helpers.write_minimal_dataset(tmp_path)
    ds = load_dataset(tmp_path)
    macros = sorted(Path(REPO_DIR, "queries").glob("_*.sql"))
    if not macros:
        pytest.skip("no queries/_*.sql yet")
    n = ds.con.execute("SELECT count(*) FROM duckdb_functions() WHERE macro_definition IS NOT NULL "
                       "AND NOT internal").fetchone()[0]
    n += ds.con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone()[0]
    assert n > 0


def test_bundled_data_loads(bundled_dataset):
    ds = bundled_dataset
    assert ds.counts["commitments"] >= 54
    assert ds.counts["milestones"] >= 6
    assert ds.synthetic is False


def test_resolve_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    assert store.resolve_data_dir(None) == Path(DEFAULT_DATA_DIR)
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path))
    assert store.resolve_data_dir(None) == tmp_path
    assert store.resolve_data_dir("elsewhere") == Path("elsewhere")


# ----------------------------------------------------------------------------------------------------------------
# Bad input: one kind at a time, each with its exact message


def test_unknown_state(tmp_path, rows, no_connect):
    rows["commitment_progress"][0]["state"] = "done"
    assert_rejected(write(tmp_path, rows), [
        "commitment_progress.csv:2: state: 'done' is not an accepted value "
        "(expected one of: completed, in_progress, not_started, suspended)"])


def test_unknown_rating(tmp_path, rows, no_connect):
    rows["milestone_progress"][1]["rating"] = "Fully implemented"
    assert_rejected(write(tmp_path, rows), [
        "milestone_progress.csv:3: rating: 'Fully implemented' is not an accepted value "
        "(expected one of: fully_implemented, mostly_implemented, partially_implemented, not_implemented)"])


def test_bad_theme_code(tmp_path, rows, no_connect):
    rows["commitment_themes"][2]["theme_id"] = "open_data"
    assert_rejected(write(tmp_path, rows), [
        "commitment_themes.csv:4: theme_id: 'open_data' is not an accepted value (expected one of: "
        "transparency, accountability, access_to_services, innovation_technology, engagement)"])


def test_sdg_18(tmp_path, rows, no_connect):
    rows["commitment_sdgs"][1]["sdg"] = "18"
    rows["commitment_sdgs"].append({"commitment_id": C, "sdg": "sixteen"})
    assert_rejected(write(tmp_path, rows), [
        "commitment_sdgs.csv:3: sdg: '18' is not an accepted value (expected a whole number from 1 to 17)",
        "commitment_sdgs.csv:5: sdg: 'sixteen' is not a whole number (expected a whole number, e.g. 7)"])


def test_bad_period_id(tmp_path, rows, no_connect):
    rows["periods"].append({"period_id": "2019-yearly", "label_en": "x", "label_ka": "x", "as_of": "2019-12-31"})
    assert_rejected(write(tmp_path, rows), [
        "periods.csv:4: period_id: '2019-yearly' does not have the required form "
        "(expected a period id like 2019-annual, 2020-midterm, 2021-q3 or 2021-h1)"])


def test_duplicate_key(tmp_path, rows, no_connect):
    rows["milestone_progress"].append(dict(rows["milestone_progress"][0]))
    rows["commitment_themes"].append({"commitment_id": C, "theme_id": "access_to_services"})
    assert_rejected(write(tmp_path, rows), [
        "commitment_themes.csv:5: commitment_id, theme_id: duplicate key 'GE-2018-6.2, access_to_services' "
        "(first at row 2) (expected each commitment_id, theme_id once)",
        f"milestone_progress.csv:5: milestone_id, period_id: duplicate key '{C}/6.2.1, 2019-annual' "
        "(first at row 2) (expected each milestone_id, period_id once)"])


def test_orphan_references(tmp_path, rows, no_connect):
    rows["commitment_progress"][1]["period_id"] = "2020-annual"
    rows["commitment_jurisdictions"][0]["jurisdiction_id"] = "kutaisi"
    rows["milestones"][2]["commitment_id"] = "GE9999"
    assert_rejected(write(tmp_path, rows), [
        "commitment_jurisdictions.csv:2: jurisdiction_id: 'kutaisi' is not in jurisdictions.csv "
        "(expected a jurisdiction_id listed in jurisdictions.csv)",
        "milestones.csv:4: commitment_id: 'GE9999' is not in commitments.csv "
        "(expected a commitment_id listed in commitments.csv)",
        "commitment_progress.csv:3: period_id: '2020-annual' is not in periods.csv "
        "(expected a period_id listed in periods.csv)"])


def test_start_after_end(tmp_path, rows, no_connect):
    rows["commitments"][2].update(planned_start="2019-09", planned_end="2019-03")  # line 5 (row 3 spans 2 lines)
    rows["milestones"][0].update(actual_start="2019-09-10", actual_end="2019-09")  # same month: fine
    rows["milestones"][1].update(actual_start="2019-10", actual_end="2019-09-30")
    assert_rejected(write(tmp_path, rows), [
        "milestones.csv:3: actual_start: actual_start 2019-10 is after actual_end 2019-09-30 "
        "(expected actual_start <= actual_end)",
        "commitments.csv:5: planned_start: planned_start 2019-09 is after planned_end 2019-03 "
        "(expected planned_start <= planned_end)"][::-1])


def test_day_date_in_month_column(tmp_path, rows, no_connect):
    rows["milestones"][0]["planned_end"] = "2018-12-31"
    assert_rejected(write(tmp_path, rows), [
        "milestones.csv:2: planned_end: '2018-12-31' is a day date in a month column "
        "(expected YYYY-MM, e.g. 2019-07 (months are stored as published))"])


def test_unparseable_dates(tmp_path, rows, no_connect):
    rows["periods"][0]["as_of"] = "31/12/2019"
    rows["periods"][1]["as_of"] = "2018-02-30"
    rows["action_plans"][0]["start"] = "July 2018"
    rows["milestones"][0]["actual_start"] = "2019-9-10"
    assert_rejected(write(tmp_path, rows), [
        "periods.csv:2: as_of: '31/12/2019' is not a date (expected YYYY-MM-DD, e.g. 2019-12-31)",
        "periods.csv:3: as_of: '2018-02-30' is not a valid date (expected a real calendar date in YYYY-MM-DD)",
        "action_plans.csv:2: start: 'July 2018' is not a month (expected YYYY-MM, e.g. 2019-07)",
        "milestones.csv:2: actual_start: '2019-9-10' is not a date or a month "
        "(expected YYYY-MM-DD or YYYY-MM, e.g. 2019-09-10 or 2019-09)"])


def test_missing_column(tmp_path, rows, no_connect):
    cols = tuple(c for c in schema.TABLES_BY_NAME["periods"].column_names if c != "label_ka")
    d = write(tmp_path, rows, periods__csv=helpers.to_csv("periods", rows["periods"], cols))
    assert_rejected(d, [
        "periods.csv:1: label_ka: missing column in the header "
        "(expected the columns period_id,label_en,label_ka,as_of)"])


def test_extra_and_duplicated_column(tmp_path, rows, no_connect):
    cols = schema.TABLES_BY_NAME["themes"].column_names + ("colour", "label_en")
    d = write(tmp_path, rows, themes__csv=helpers.to_csv("themes", rows["themes"], cols))
    assert_rejected(d, [
        "themes.csv:1: colour: unknown column in the header (expected only the columns theme_id,label_en,label_ka)",
        "themes.csv:1: label_en: duplicated column in the header (expected each column once)"])


def test_non_utf8_file(tmp_path, rows, no_connect):
    data = helpers.to_csv("jurisdictions", rows["jurisdictions"]).decode().replace("Rustavi", "Rüstavi")
    d = write(tmp_path, rows, jurisdictions__csv=data.encode("latin-1", errors="replace"))
    assert_rejected(d, [
        "jurisdictions.csv:3: the file is not UTF-8 text: byte 0xfc cannot be decoded "
        "(expected UTF-8 encoding, e.g. Excel's \"CSV UTF-8\")"])


def test_non_utf8_header(tmp_path, rows, no_connect):
    d = write(tmp_path, rows, vocab__csv="kind,code,label_en,label_ka\n".encode("utf-16"))
    assert [str(p) for p in validate(d)] == [
        "vocab.csv:1: the file is not UTF-8 text: byte 0xff cannot be decoded (it looks like UTF-16) "
        "(expected UTF-8 encoding, e.g. Excel's \"CSV UTF-8\")"]


def test_missing_file(tmp_path, rows, no_connect):
    d = write(tmp_path, rows, sdgs__csv=None)
    assert_rejected(d, [
        "sdgs.csv: missing file (expected a file named sdgs.csv with the columns sdg,label_en,label_ka,colour)"])


def test_malformed_rows(tmp_path, rows, no_connect):
    data = helpers.to_csv("milestone_progress", rows["milestone_progress"]) + b"extra,2019-annual,,,,,,oops\n"
    data += b"short,row\n"
    d = write(tmp_path, rows, milestone_progress__csv=data)
    assert_rejected(d, [
        "milestone_progress.csv:5: malformed row: 8 fields (expected 7 fields as in the header)",
        "milestone_progress.csv:6: malformed row: 2 fields (expected 7 fields as in the header)"])


def test_malformed_row_does_not_cascade(tmp_path, rows, no_connect):
    data = helpers.to_csv("periods", rows["periods"]).replace(b"2019-12-31\n", b"2019-12-31,oops\n")
    d = write(tmp_path, rows, periods__csv=data)
    # the progress rows that refer to 2019-annual are not reported again as orphans
    assert_rejected(d, ["periods.csv:2: malformed row: 5 fields (expected 4 fields as in the header)"])


def test_missing_file_names_other_csv_files(tmp_path, rows, no_connect):
    d = write(tmp_path, rows, sdgs__csv=None, sdg__csv=helpers.to_csv("sdgs", rows["sdgs"]))
    (tmp_path / "README.md").write_text("not data")
    assert_rejected(d, ["sdgs.csv: missing file (other CSV files here: sdg.csv) "
                        "(expected a file named sdgs.csv with the columns sdg,label_en,label_ka,colour)"])


def test_unclosed_quote(tmp_path, rows, no_connect):
    data = helpers.to_csv("themes", rows["themes"]) + b'engagement,"Engagement,x\n'
    problems = problems_of(write(tmp_path, rows, themes__csv=data))
    assert len(problems) == 1 and problems[0].startswith("themes.csv:7: ")


def test_bad_url(tmp_path, rows, no_connect):
    rows["commitments"][0]["source_url_en"] = "ogpgeorgia.gov.ge/en"
    rows["action_plans"][0]["source_url"] = "javascript:alert(1)"
    assert_rejected(write(tmp_path, rows), [
        "action_plans.csv:2: source_url: 'javascript:alert(1)' is not an http(s) URL "
        "(expected a URL starting with http:// or https://)",
        "commitments.csv:2: source_url_en: 'ogpgeorgia.gov.ge/en' is not an http(s) URL "
        "(expected a URL starting with http:// or https://)"])


def test_empty_required_title(tmp_path, rows, no_connect):
    rows["commitments"][2]["title_en"] = "  "
    rows["milestones"][1]["title_en"] = ""
    assert_rejected(write(tmp_path, rows), [
        "commitments.csv:5: title_en: empty value (expected a value: this column is required)",
        "milestones.csv:3: title_en: empty value (expected a value: this column is required)"])


def test_other_kinds(tmp_path, rows, no_connect):
    rows["jurisdictions"][0]["lat"] = "41,7"
    rows["jurisdictions"][1]["kind"] = "village"
    rows["sdgs"][0]["colour"] = "red"
    rows["commitments"][0]["commitment_id"] = C + " "
    rows["commitments"][1]["title_en"] = "x" * 1001
    assert problems_of(write(tmp_path, rows)) == [
        "sdgs.csv:2: colour: 'red' does not have the required form (expected a colour like #E5243B)",
        "jurisdictions.csv:2: lat: '41,7' is not a number (expected a decimal number, e.g. 41.64)",
        "jurisdictions.csv:3: kind: 'village' is not an accepted value (expected one of: country, municipality, "
        "city)",
        "commitments.csv:2: commitment_id: 'GE-2018-6.2 ' has leading or trailing spaces "
        "(expected an identifier without surrounding spaces)",
        "commitments.csv:3: title_en: text of 1001 characters is too long (expected at most 1000 characters)",
    ] + [  # the rows that pointed at the id with a space now point at nothing
        p for p in problems_of(tmp_path) if "is not in commitments.csv" in p]


def test_bad_metadata(tmp_path, rows, no_connect):
    d = write(tmp_path, rows, dataset__json=b'{"synthetic": true,\n "title_en": }')
    assert_rejected(d, ["dataset.json:2: not valid JSON: Expecting value (expected a JSON object)"])


def test_empty_file(tmp_path, rows, no_connect):
    d = write(tmp_path, rows, periods__csv=b"")
    problems = problems_of(d)
    assert problems[0] == "periods.csv:1: the file is empty (expected a header row: period_id,label_en,label_ka,as_of)"


def test_missing_directory(tmp_path, no_connect):
    missing = tmp_path / "nope"
    with pytest.raises(DataError) as err:
        load_dataset(missing)
    assert [str(p) for p in err.value.problems] == [
        f"{missing}: data directory does not exist (expected a directory holding one CSV file per table)"]


def test_all_problems_collected(tmp_path, rows, no_connect):
    rows["commitment_progress"][0]["state"] = "done"
    rows["milestones"][0]["planned_end"] = "2018-12-31"
    rows["commitment_sdgs"][0]["sdg"] = "18"
    d = write(tmp_path, rows, sdgs__csv=None)
    problems = validate(d)
    assert len(problems) == 4
    assert all(isinstance(p, Problem) for p in problems)
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert len(err.value.problems) == 4 and "4 problems" in str(err.value)


def test_problem_rendering():
    assert str(Problem("a.csv", 3, "col", "bad", "good")) == "a.csv:3: col: bad (expected good)"
    assert str(Problem("a.csv", None, None, "missing file")) == "a.csv: missing file"


# ----------------------------------------------------------------------------------------------------------------
# Command line


def run_cli(*args, env=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "dashboard", "validate", *args], capture_output=True, text=True,
                          cwd=REPO_DIR, env=full_env, timeout=120)


def test_cli_ok(tmp_path):
    helpers.write_minimal_dataset(tmp_path)
    res = run_cli(str(tmp_path))
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("ok: 3 commitments, 3 milestones, 3 jurisdictions, 2 commitment progress rows")
    assert res.stdout.strip().endswith(f"in {tmp_path}")
    assert len(res.stdout.strip().splitlines()) == 1


def test_cli_lists_every_problem(tmp_path, rows):
    rows["commitment_progress"][0]["rating"] = "great"
    rows["commitments"][0]["planned_start"] = "2018-06-01"
    write(tmp_path, rows, vocab__csv=None)
    res = run_cli("--data", str(tmp_path))
    assert res.returncode == 1
    lines = res.stdout.strip().splitlines()
    assert lines == [
        "vocab.csv: missing file (expected a file named vocab.csv with the columns kind,code,label_en,label_ka)",
        "commitments.csv:2: planned_start: '2018-06-01' is a day date in a month column "
        "(expected YYYY-MM, e.g. 2019-07 (months are stored as published))",
        "commitment_progress.csv:2: rating: 'great' is not an accepted value (expected one of: fully_implemented, "
        "mostly_implemented, partially_implemented, not_implemented)"]
    assert "3 problems" in res.stderr


def test_cli_uses_env_and_missing_dir(tmp_path):
    res = run_cli(env={"DASHBOARD_DATA": str(tmp_path / "missing")})
    assert res.returncode == 1
    assert "data directory does not exist" in res.stdout


def test_broken_macro_file_names_the_file(tmp_path, monkeypatch):
    data = helpers.write_minimal_dataset(tmp_path / "data")
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "_a.sql").write_text("CREATE MACRO ok_macro(x) AS x + 1;")
    (queries / "_b.sql").write_text("CREATE MACRO broken(x) AS (x +;")
    (queries / "setup.toml").write_text('files = ["_a.sql", "_b.sql"]')
    (queries / "not_a_macro.sql").write_text("this is not run")
    monkeypatch.setattr(query_setup, "QUERIES_DIR", queries)
    with pytest.raises(RuntimeError, match=r"queries/_b\.sql"):
        load_dataset(data)
    (queries / "_b.sql").write_text("")
    assert load_dataset(data).con.execute("SELECT ok_macro(1)").fetchone() == (2,)


def test_setup_files_run_in_the_declared_order(tmp_path, monkeypatch):
    """queries/setup.toml decides the order of the set-up files, not their names."""
    data = helpers.write_minimal_dataset(tmp_path / "data")
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "_a.sql").write_text("CREATE MACRO uses_b(x) AS from_b(x) * 10;")
    (queries / "_b.sql").write_text("CREATE MACRO from_b(x) AS x + 1;")
    (queries / "setup.toml").write_text('files = ["_b.sql", "_a.sql"]')
    monkeypatch.setattr(query_setup, "QUERIES_DIR", queries)
    assert load_dataset(data).con.execute("SELECT uses_b(1)").fetchone() == (20,)
    (queries / "setup.toml").write_text('files = ["_b.sql", "_missing.sql"]')
    with pytest.raises(RuntimeError, match=r"queries/setup\.toml: no such file: _missing\.sql"):
        load_dataset(data)


def test_the_repository_declares_every_setup_file():
    """Every queries/_*.sql is listed in queries/setup.toml (a new one would otherwise never run)."""
    listed = [p.name for p in query_setup.setup_files()]
    assert sorted(listed) == sorted(p.name for p in Path(REPO_DIR, "queries").glob("_*.sql"))
    assert listed[-1] == "_macros.sql"


def test_parallel_checking_same_problems_and_tables(tmp_path, rows, monkeypatch):
    """Big inputs are checked two tables at a time: same problems in the same order, same tables."""
    ok = write(tmp_path / "ok", helpers.minimal_rows())
    rows["commitment_progress"][0]["state"] = "done"
    rows["milestones"][1].update(actual_start="2019-10", actual_end="2019-09-30")
    rows["milestones"][2]["commitment_id"] = "GE9999"
    rows["milestone_progress"].append(dict(rows["milestone_progress"][0]))
    rows["commitment_sdgs"][0]["sdg"] = "18"
    bad = write(tmp_path / "bad", rows, sdgs__csv=None)
    sequential = [str(p) for p in validate(bad)]
    counts = load_dataset(ok).counts
    monkeypatch.setattr(validation, "_PARALLEL_BYTES", 0)
    assert [str(p) for p in validate(bad)] == sequential and len(sequential) >= 5
    assert load_dataset(ok).counts == counts
