"""Merging pages into a data directory: filling an empty field is an addition, changing a non-empty value is a
conflict that needs --replace, a new reporting period adds rows and never overwrites older ones; the report of
every record and field; the action plan inferred from the plans' periods and levels."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from dashboard import DEFAULT_DATA_DIR
from dashboard.__main__ import build_parser
from dashboard.importers import portal_page as pp
from dashboard.importers.portal_page.plans import candidate_plans, plan_period
from dashboard.store import load_dataset
from tests.helpers import read_csv_rows, snapshot
from tests.importers.seed_pages import PAGES, SEED_COMMITMENT, SEED_EN, SEED_KA, C, read_page


def _rows(d: Path, name: str) -> list[dict]:
    return read_csv_rows(d / f"{name}.csv")[1]


def _cli(*args) -> tuple[int, str]:
    """`import-page ARGS` in this process: (exit code, what it printed on stdout and stderr)."""
    a = build_parser().parse_args(["import-page", *map(str, args)])
    out = io.StringIO()
    code = pp.cli_import_page(a.files, data_dir=a.data, dry_run=a.dry_run, as_json=a.json, replace=a.replace,
                              commitment_id=a.commitment_id, source_url=a.source_url, source_url_ka=a.source_url_ka,
                              plan_id=a.plan_id, level=a.level, jurisdiction=a.jurisdiction, period_id=a.period_id,
                              out=out)
    return code, out.getvalue()


def _json(*args) -> tuple[int, dict]:
    code, text = _cli(*args, "--json")
    return code, json.loads(text[:text.rindex("}") + 1])


def _english_only(data: Path) -> None:
    code, doc = _json(SEED_EN, "--data", data, "--commitment-id", C)
    assert code == 0, doc
    c = {r["commitment_id"]: r for r in _rows(data, "commitments")}[C]
    assert c["description_en"] and not c["description_ka"] and not c["title_ka"]


def test_georgian_page_fills_an_english_only_commitment_without_replace(data):
    _english_only(data)
    en_rows = {r["commitment_id"]: r for r in _rows(data, "commitments")}[C]
    code, doc = _json(SEED_KA, "--data", data)  # no id: matched by number, dates and (empty) Georgian agency
    assert code == 0, doc.get("error")
    assert doc["commitment"]["commitment_id"] == C
    c = {r["commitment_id"]: r for r in _rows(data, "commitments")}[C]
    assert c["description_ka"] == SEED_COMMITMENT["description_ka"]
    assert c["title_ka"] == SEED_COMMITMENT["title_ka"]
    assert c["description_en"] == en_rows["description_en"]  # the English text is kept
    rec = next(r for r in doc["records"] if r["table"] == "commitments")
    assert rec["status"] == "filled"
    assert rec["fields"]["description_ka"] == {"status": "filled", "old": "", "new": SEED_COMMITMENT["description_ka"]}
    assert rec["fields"]["planned_start"]["status"] == "unchanged"
    assert doc["changes"]["commitments"]["filled"] == 1 and doc["changes"]["commitments"]["conflict"] == 0
    assert doc["changes"]["milestones"]["filled"] == 6 and doc["changes"]["milestone_progress"]["filled"] == 6
    assert doc["totals"]["conflict"] == 0 and doc["totals"]["filled"] == 14 and not doc["refused"]
    ms = {r["milestone_id"]: r for r in _rows(data, "milestones")}
    assert ms[f"{C}/6.2.2"]["title_ka"] == "მონაწილეობითი ბიუჯეტირების მოდულის დანერგვა"
    load_dataset(data)


def test_changing_a_non_empty_value_is_a_conflict_reported_per_field(data):
    _english_only(data)
    before = snapshot(data)
    changed = data.parent / "changed_en.txt"
    changed.write_text(read_page(SEED_EN).replace("Lead Agency: Rustavi Municipality City Hall",
                                                  "Lead Agency: Rustavi City Hall"), encoding="utf-8")
    code, doc = _json(changed, "--data", data, "--commitment-id", C)
    assert code == 1 and doc["refused"] and "--replace" in doc["error"]
    assert snapshot(data) == before
    rec = next(r for r in doc["records"] if r["table"] == "commitments")
    assert rec["status"] == "conflict"
    assert rec["fields"]["lead_agency_en"] == {"status": "conflict", "old": "Rustavi Municipality City Hall",
                                               "new": "Rustavi City Hall"}
    assert rec["fields"]["title_en"]["status"] == "unchanged"
    assert doc["totals"]["conflict"] == 1 and doc["totals"]["unchanged"] >= 13
    code, text = _cli(changed, "--data", data, "--commitment-id", C)
    assert code == 1
    assert "Changes" not in text and "Refused: nothing written" in text
    assert "! commitments GE-2018-6.2: conflict: lead_agency_en conflict" in text
    total = next(ln for ln in text.splitlines() if ln.strip().startswith("total"))
    assert total.split()[1:] == ["0", "0", "0", str(doc["totals"]["unchanged"]), "1"]
    code, doc = _json(changed, "--data", data, "--commitment-id", C, "--replace")
    assert code == 0 and doc["changes"]["commitments"]["replaced"] == 1
    assert {r["commitment_id"]: r for r in _rows(data, "commitments")}[C]["lead_agency_en"] == "Rustavi City Hall"


def test_a_new_reporting_period_adds_rows_and_keeps_the_old_ones(data):
    code, _ = _json(SEED_EN, SEED_KA, "--data", data, "--commitment-id", C)
    assert code == 0
    old = {(r["milestone_id"], r["period_id"]): r for r in _rows(data, "milestone_progress")}
    pages = []
    for src, (a, b) in ((SEED_EN, ("2019, Annual", "2020, Annual")), (SEED_KA, ("2019, წლიური", "2020, წლიური"))):
        text = read_page(src).replace(a, b).replace("done iconNot implemented", "done iconPartially implemented") \
            .replace("done iconარ შესრულდა", "done iconნაწილობრივ შესრულდა")
        p = data.parent / f"2020_{src.name}"
        p.write_text(text, encoding="utf-8")
        pages.append(p)
    code, doc = _json(*pages, "--data", data)
    assert code == 0, doc.get("error")
    assert doc["changes"]["commitment_progress"] == dict(added=1, filled=0, replaced=0, unchanged=0, conflict=0)
    assert doc["changes"]["milestone_progress"]["added"] == 6 and doc["changes"]["periods"]["added"] == 1
    assert doc["changes"]["commitments"]["unchanged"] == 1 and doc["totals"]["conflict"] == 0
    new = {(r["milestone_id"], r["period_id"]): r for r in _rows(data, "milestone_progress")}
    for k, row in old.items():
        assert new[k] == row  # the 2019 rows are as they were
    assert new[(f"{C}/6.2.2", "2020-annual")]["rating"] == "partially_implemented"
    assert new[(f"{C}/6.2.2", "2019-annual")]["rating"] == "not_implemented"


def test_seed_into_the_bundled_data_is_refused_with_conflicts_counted(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, d)
    code, doc = _json(SEED_EN, SEED_KA, "--data", d, "--dry-run")
    assert code == 1 and doc["refused"]
    assert doc["totals"]["conflict"] == len([r for r in doc["records"] if r["status"] == "conflict"]) > 0
    assert doc["totals"]["conflict"] == len(doc["error"].splitlines()) - 1


# ------------------------------------------------------------------------------------------ plan inference

PLANS = [
    {"plan_id": "georgia-2018-2019", "level": "national"},
    {"plan_id": "georgia-2018-parliament", "level": "national", "name_en": "Georgia 2018 cycle - Parliament"},
    {"plan_id": "tbilisi-2018-2020", "level": "local"},
    {"plan_id": "custom", "level": "national", "start": "2019-07", "end": "2021-06"},
]


def test_plan_period_and_candidates():
    assert plan_period(PLANS[0]) == ("2018-01", "2019-12")
    assert plan_period(PLANS[3]) == ("2019-07", "2021-06")
    assert plan_period({"plan_id": "x"}) is None
    assert candidate_plans(PLANS, "2018-07", "2019-12", "municipal") == ["georgia-2018-2019"]
    assert candidate_plans(PLANS, "2018-07", "2019-12", "ogp_local") == ["tbilisi-2018-2020"]
    assert candidate_plans(PLANS, "2018-03", "2018-09", "national") == ["georgia-2018-2019", "georgia-2018-parliament"]
    assert candidate_plans(PLANS, "2019-09", "2019-12", "national") == ["georgia-2018-2019", "custom"]
    assert candidate_plans(PLANS, "2024-01", "2024-12", "national") == []


def _plan_of(data: Path, text: str, **kw) -> pp.PagesImport:
    return pp.plan_pages([("page.txt", text)], data, commitment_id="X-1", **kw)


def test_plan_is_inferred_from_dates_and_level(data):
    r = _plan_of(data, read_page(SEED_EN))
    assert r.plan.commitment["plan_id"] == "georgia-2018-2019" and not r.plan.problems
    assert any("only national plan whose period contains 2018-07..2019-12" in w for w in r.warnings)


def test_several_fitting_plans_are_listed(data):
    text = read_page(SEED_EN).replace("Start date - July 2018, End date - December 2019",
                                      "Start date - March 2018, End date - September 2018")
    r = _plan_of(data, text)
    assert r.plan.commitment["plan_id"] is None
    (problem,) = r.plan.problems
    assert ("several national plans contain 2018-03..2018-09: georgia-2016-2018, georgia-2018-2019, "
            "georgia-2018-parliament;") in problem
    assert _plan_of(data, text, plan_id="georgia-2018-parliament").plan.problems == []


def test_no_fitting_plan_lists_every_plan(data):
    text = read_page(SEED_EN).replace("Start date - July 2018, End date - December 2019",
                                      "Start date - July 2030, End date - December 2031")
    (problem,) = _plan_of(data, text).plan.problems
    plan_ids = [r["plan_id"] for r in _rows(data, "action_plans")]
    assert "no national plan's period contains 2030-07..2031-12" in problem
    assert all(pid in problem for pid in plan_ids)
    (problem,) = _plan_of(data, read_page(PAGES / "national_truncated_en.txt").replace("Timeline:", "X:")).plan.problems
    assert "pass --plan-id" in problem and "georgia-2018-2019" in problem


def test_a_page_without_title_matches_its_commitment_and_keeps_the_title(data):
    code, _ = _json(SEED_EN, SEED_KA, "--data", data, "--commitment-id", C)
    assert code == 0
    pages = []
    for lang, (a, b) in (("en", ("2019, Annual", "2020, Annual")), ("ka", ("2019, წლიური", "2020, წლიური"))):
        p = data.parent / f"notitle_2020_{lang}.txt"
        p.write_text(read_page(PAGES / f"seed_notitle_{lang}.txt").replace(a, b), encoding="utf-8")
        pages.append(p)
    code, doc = _json(*pages, "--data", data)
    assert code == 0, doc.get("error")
    assert doc["commitment"]["commitment_id"] == C
    assert any("matches existing commitment 'GE-2018-6.2'" in w for w in doc["warnings"])
    assert doc["changes"]["commitments"] == dict(added=0, filled=0, replaced=0, unchanged=1, conflict=0)
    assert doc["changes"]["commitment_progress"]["added"] == 1
    c = {r["commitment_id"]: r for r in _rows(data, "commitments")}[C]
    assert (c["title_en"], c["title_ka"]) == (SEED_COMMITMENT["title_en"], SEED_COMMITMENT["title_ka"])
