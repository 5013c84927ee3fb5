"""The synthetic generator: deterministic, valid under the loader, marked synthetic, realistic shapes (checked on the
session's generated dataset of tests/conftest.py, written by tools.synth)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from dashboard import schema
from tests.helpers import GENERATED_COMMITMENTS, GENERATED_SEED
from tools import synth

N = GENERATED_COMMITMENTS
GEORGIAN = re.compile(r"[\u10A0-\u10FF]")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def _rows(d: Path, table: str) -> list[dict[str, str]]:
    with open(d / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def small(generated_dir) -> Path:
    """N commitments, seed 7."""
    assert GENERATED_SEED == 7
    return generated_dir


def test_command_line_writes_the_same_files(small, tmp_path):
    out = tmp_path / "data"
    assert synth.main(["--commitments", str(N), "--out", str(out), "--seed", "7"]) == 0
    assert _files(out) == _files(small)


def test_same_seed_gives_byte_identical_files(small, tmp_path):
    again = tmp_path / "again"
    synth.write(again, N, seed=7)
    assert _files(again) == _files(small)


def test_different_seed_gives_different_data(small, tmp_path):
    other = tmp_path / "other"
    synth.write(other, N, seed=8)
    a, b = _files(small), _files(other)
    assert a.keys() == b.keys()
    assert a["commitments.csv"] != b["commitments.csv"]
    assert a["milestones.csv"] != b["milestones.csv"]


def test_every_table_has_the_schema_columns_in_order(small):
    for table in schema.TABLES:
        with open(small / table.file, encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert tuple(header) == table.column_names, table.name


def test_metadata_marks_the_data_synthetic(small):
    meta = json.loads((small / schema.METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["synthetic"] is True
    assert meta["generated_by"] == "tools.synth"
    assert meta["seed"] == 7
    assert meta["commitments"] == N
    assert meta["title_en"] == f"Synthetic data ({N} commitments)"
    assert GEORGIAN.search(meta["title_ka"])


def test_loads_and_validates_with_the_store(generated_dataset):
    ds = generated_dataset
    assert ds.synthetic is True
    assert ds.metadata.get("synthetic") is True
    assert ds.counts["commitments"] == N
    con = ds.con.cursor()
    assert con.execute("select count(*) from commitments").fetchone()[0] == N


def test_milestones_per_commitment(small):
    counts: dict[str, int] = {}
    for row in _rows(small, "milestones"):
        counts[row["commitment_id"]] = counts.get(row["commitment_id"], 0) + 1
    assert len(counts) == N                      # every commitment has milestones
    assert min(counts.values()) >= 1 and max(counts.values()) <= 8
    mean = sum(counts.values()) / N
    assert 5.4 <= mean <= 6.5, mean


def test_rating_missing_share(small):
    for table in ("commitment_progress", "milestone_progress"):
        rows = _rows(small, table)
        missing = sum(1 for r in rows if not r["rating"]) / len(rows)
        assert abs(missing - synth.RATING_MISSING_SHARE) < 0.08, (table, missing)
        assert {r["rating"] for r in rows if r["rating"]} <= set(schema.RATINGS)


def test_georgian_text_and_synthetic_marks(small):
    commitments = _rows(small, "commitments")
    assert all(GEORGIAN.search(r["title_ka"]) for r in commitments)
    assert all(r["title_en"].startswith("[synthetic]") for r in commitments)
    assert all(r["title_ka"].startswith("[სინთეზური]") for r in commitments)
    assert all(r["source_url_en"].startswith("https://example.org/synthetic/") for r in commitments)
    assert any(GEORGIAN.search(r["narrative_ka"]) for r in _rows(small, "commitment_progress"))
    assert all(GEORGIAN.search(r["name_ka"]) for r in _rows(small, "jurisdictions"))


def test_every_period_referenced_exists(small):
    periods = {r["period_id"] for r in _rows(small, "periods")}
    assert len(periods) >= 3
    assert any(p.endswith("-midterm") for p in periods)
    for table in ("commitment_progress", "milestone_progress"):
        used = {r["period_id"] for r in _rows(small, table)}
        assert used <= periods, table
    assert {r["commitment_id"] for r in _rows(small, "commitment_progress")} == \
        {r["commitment_id"] for r in _rows(small, "commitments")}


def test_shapes_dates_and_jurisdictions(small):
    jurisdictions = _rows(small, "jurisdictions")
    assert 50 <= len(jurisdictions) <= 70
    assert {"georgia", "synthetic-municipality-017"} <= {j["jurisdiction_id"] for j in jurisdictions}
    assert {r["level"] for r in _rows(small, "commitments")} == set(schema.COMMITMENT_LEVELS)
    assert {r["level"] for r in _rows(small, "action_plans")} == set(schema.PLAN_LEVELS)
    themes: dict[str, int] = {}
    for r in _rows(small, "commitment_themes"):
        themes[r["commitment_id"]] = themes.get(r["commitment_id"], 0) + 1
    assert len(themes) == N and set(themes.values()) <= {1, 2, 3}
    sdgs: dict[str, int] = {}
    for r in _rows(small, "commitment_sdgs"):
        sdgs[r["commitment_id"]] = sdgs.get(r["commitment_id"], 0) + 1
    assert max(sdgs.values()) <= 3 and len(sdgs) < N   # some commitments have no SDG

    milestones = _rows(small, "milestones")
    for table_rows in (milestones, _rows(small, "commitments")):
        for r in table_rows:
            if r["planned_start"] or r["planned_end"]:
                assert MONTH.match(r["planned_start"]) and MONTH.match(r["planned_end"])
                assert r["planned_start"] <= r["planned_end"]
    # Late and early milestones with stated dates, and done milestones with unknown dates.
    late = [r for r in milestones if r["actual_end"] and r["planned_end"] and r["actual_end"][:7] > r["planned_end"]]
    early = [r for r in milestones if r["actual_start"] and r["planned_start"]
             and r["actual_start"][:7] < r["planned_start"]]
    assert late and early
    assert any(len(r["actual_end"]) == 10 for r in milestones) and any(len(r["actual_end"]) == 7 for r in milestones)
    done = {r["milestone_id"] for r in _rows(small, "milestone_progress") if r["state"] == "completed"}
    assert any(not r["actual_end"] for r in milestones if r["milestone_id"] in done)


def test_rejects_bad_sizes():
    with pytest.raises(ValueError):
        synth.generate(0)
    with pytest.raises(SystemExit):
        synth.main(["--commitments", "0", "--out", "unused"])
