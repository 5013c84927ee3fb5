"""The benchmark script runs end to end at a tiny size (not a timed test: only the shape of its report)."""

from __future__ import annotations

import re
import subprocess
import sys
import threading

import pytest

from benchmarks import run as bench
from dashboard import REPO_DIR

REPO = REPO_DIR
FIGURE = re.compile(r"^\d+(\.\d+)? (ms|s)$")
RATIO = re.compile(r"^\d+\.\d\d×$")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "benchmarks.md"
    # In a thread of its own: the browser tests' session-wide Playwright keeps an asyncio loop running on the main
    # thread, and Playwright's sync API refuses to start inside a running loop.
    result: dict = {}

    def work() -> None:
        try:
            result["value"] = bench.run(["--sizes", "50", "--repeat", "1", "--quick", "--out", str(out)])
        except BaseException as exc:
            result["error"] = exc

    worker = threading.Thread(target=work, name="benchmark-run")
    worker.start()
    worker.join()
    if "error" in result:
        raise result["error"]
    rows, text = result["value"]
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
    assert any(r.item == "generate (tools.synth)" for r in rows if r.dataset == "synthetic 50")
    for r in rows:
        if r.value:   # a check or a memory figure, not a time
            continue
        assert r.median > 0 and r.low <= r.median <= r.high
    queries = [r for r in rows if r.section == "queries"]
    assert all(r.baseline is not None and r.ratio > 0 for r in queries if "no pandas version" not in r.note)
    assert all("same figures" in r.note or "no pandas version" in r.note for r in queries), [r.note for r in queries]


def test_pages_section_against_the_empty_app(report):
    rows, text, _ = report
    pages = [r for r in rows if r.section == "pages"]
    for ds in ("bundled", "synthetic 50"):
        items = {r.item: r for r in pages if r.dataset == ds}
        for what in ("first run", "rerun after a filter change"):
            r = items[f"overview: {what}"]
            assert r.median > 0 and r.baseline_name == "empty app" and r.ratio > 0
    banner = [r for r in pages if r.item == "synthetic banner on every page"]
    assert banner and all(r.note.startswith("shown on") for r in banner), [r.note for r in banner]
    assert "## Pages on the server (AppTest)" in text


def test_browser_section(report):
    from tools.serving import chromium_available

    rows, text, _ = report
    browser = [r for r in rows if r.section == "browser"]
    if not chromium_available():
        pytest.skip("no chromium here (CI installs it)")
    items = {r.item: r for r in browser if r.dataset == "synthetic 50"}
    for item in ("Overview: first render", "Overview: filter change shown", "reference: one-chart app, first render"):
        assert items[item].median > 0 and items[item].baseline_name == "empty app"
    # The browser's own CPU for each first render: numbers, and the Overview's is more than nothing.
    cpu = re.search(r"browser main-thread CPU (\d+\.\d\d) s \(empty app (\d+\.\d\d) s, one-chart app "
                    r"(\d+\.\d\d) s\)", items["Overview: first render"].note)
    assert cpu and float(cpu.group(1)) > 0 and float(cpu.group(2)) > 0, items["Overview: first render"].note
    assert "MiB" in items["server peak RSS"].value
    assert "## Browser (headless Chromium)" in text
    assert "## Targets" in text


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
                           "--no-bundled", "--sections", "load,queries", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "| synthetic 20 | load + validate |" in proc.stdout
    assert out.read_text(encoding="utf-8").startswith("# Benchmarks")
