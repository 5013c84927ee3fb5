"""The benchmark script runs end to end at a tiny size (not a timed test: only the shape of its report)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dashboard.store")
pytest.importorskip("dashboard.metrics")

from benchmarks import run as bench  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIGURE = re.compile(r"^\d+(\.\d+)? (ms|s)$")
RATIO = re.compile(r"^\d+\.\d\d×$")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "benchmarks.md"
    rows, text = bench.run(["--sizes", "50", "--repeat", "1", "--quick", "--out", str(out)])
    return rows, text, out


def _table_rows(text: str, section: str) -> list[list[str]]:
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    lines = [ln for ln in body.splitlines() if ln.startswith("| ") and not ln.startswith("| dataset")]
    return [[c.strip() for c in ln.strip("|").split("|")] for ln in lines]


def test_rows_cover_every_dataset_and_query(report):
    rows, _, _ = report
    datasets = {r.dataset for r in rows}
    assert datasets == {"bundled", "synthetic 50"}
    for ds in datasets:
        items = {r.item for r in rows if r.dataset == ds}
        assert "load + validate" in items
        for name in bench.QUICK_QUERIES:
            assert f"{name} (all)" in items, (ds, name)
    assert any(r.item == "generate (dashboard.synth)" for r in rows if r.dataset == "synthetic 50")
    for r in rows:
        assert r.median > 0 and r.low <= r.median <= r.high
    queries = [r for r in rows if r.section == "queries"]
    assert queries and all(r.baseline is not None and r.ratio > 0 for r in queries)
    assert all("same figures" in r.note for r in queries), [r.note for r in queries]


def test_markdown_written_with_machine_and_numeric_figures(report):
    _, text, out = report
    assert out.read_text(encoding="utf-8") == text
    assert text.startswith("# Benchmarks")
    assert re.search(r"on \d{4}-\d{2}-\d{2} \d{2}:\d{2}", text)
    assert re.search(r"cores \d+", text) and "memory" in text
    load = _table_rows(text, "Load and validate")
    assert {r[0] for r in load} == {"bundled", "synthetic 50"}
    for cells in load:
        assert FIGURE.match(cells[2]), cells
    queries = _table_rows(text, "Queries against pandas")
    assert len(queries) == 2 * len(bench.QUICK_QUERIES)
    for cells in queries:
        assert FIGURE.match(cells[2]), cells
        assert cells[4].startswith("pandas ") and FIGURE.match(cells[4].removeprefix("pandas ")), cells
        assert RATIO.match(cells[5]), cells


def test_command_line_entry_point(tmp_path):
    out = tmp_path / "b.md"
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--sizes", "20", "--repeat", "1", "--quick",
                           "--no-bundled", "--out", str(out)], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "| synthetic 20 | load + validate |" in proc.stdout
    assert out.read_text(encoding="utf-8").startswith("# Benchmarks")
