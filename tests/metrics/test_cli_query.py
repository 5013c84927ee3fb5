"""`python -m dashboard query ...` in a subprocess: the seed's slippage figures, CSV/JSON output, clear errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import REPO_DIR

ROOT = REPO_DIR
SEED = "GE-2018-6.2"


def run_cli(*args: str, data: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dashboard", "query", *args]
    if data is not None:
        cmd += ["--data", str(data)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_seed_slippage_json():
    res = run_cli("milestone_slippage", "--param", f"commitment={SEED}", "--format", "json")
    assert res.returncode == 0, res.stderr
    rows = {r["number"]: r for r in json.loads(res.stdout)}
    assert sorted(rows) == ["6.2.1", "6.2.2", "6.2.3", "6.2.4", "6.2.5", "6.2.6"]
    assert sum(r["done"] for r in rows.values()) == 3
    assert rows["6.2.1"]["slip_status"] == "done_late" and rows["6.2.1"]["slip_days"] == 253
    assert rows["6.2.1"]["slip_is_minimum"] is True and rows["6.2.1"]["actual_start"] == "2019-09-10"
    for n in ("6.2.2", "6.2.3"):
        assert (rows[n]["slip_status"], rows[n]["slip_days"]) == ("overdue", 184)
    assert (rows["6.2.5"]["slip_status"], rows["6.2.5"]["slip_days"]) == ("overdue", 0)
    for n in ("6.2.4", "6.2.6"):
        assert rows[n]["slip_status"] == "done_date_unknown" and rows[n]["slip_days"] is None
    assert {r["as_of"] for r in rows.values()} == {"2019-12-31"}


def test_seed_commitment_csv():
    res = run_cli("commitment_slippage", "--param", f"commitment={SEED}", "--param", "as_of=2019-12-31")
    assert res.returncode == 0, res.stderr
    (row,) = list(csv.DictReader(io.StringIO(res.stdout)))
    assert row["rating"] == "mostly_implemented" and row["overdue"] == "True"
    assert float(row["bei"]) == 0.5 and row["as_of"] == "2019-12-31" and row["planned_end"] == "2019-12-31"


def test_every_query_runs():
    for name in ("headline", "coverage", "periods", "filter_options", "completion_by_jurisdiction"):
        res = run_cli(name, "--format", "json")
        assert res.returncode == 0, (name, res.stderr)
        assert isinstance(json.loads(res.stdout), list)


@pytest.mark.parametrize("args,message", [
    (("headline", "--param", "colour=red"), "unknown parameter 'colour'"),
    (("headline", "--param", "sdg=99"), "sdg"),
    (("headline", "--param", "as_of=31/12/2019"), "as_of"),
    (("headline", "--param", "period"), "key=value"),
    (("no_such_query",), "unknown query"),
    (("../pyproject",), "unknown query"),
])
def test_errors_are_clear(args, message):
    res = run_cli(*args)
    assert res.returncode != 0
    assert message in res.stderr and "Traceback" not in res.stderr
    assert res.stdout == ""


def test_injection_is_data():
    res = run_cli("commitments_table", "--param", "jurisdiction=x' OR '1'='1", "--format", "json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == []
    res = run_cli("commitments_table", "--param", "commitment='); DROP TABLE commitments; --")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[1:] == []


def test_bad_data_dir(tmp_path):
    (tmp_path / "commitments.csv").write_text("nonsense\n", encoding="utf-8")
    res = run_cli("headline", data=tmp_path)
    assert res.returncode == 1 and "error" in res.stderr and "Traceback" not in res.stderr
