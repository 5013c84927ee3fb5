"""The load test at CI size: real sessions over websockets against the real server, 0 errors, reruns happened.
(The full 50-session run and the knee are measured by hand: docs/reliability.md.)"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from benchmarks import load

pytestmark = pytest.mark.slow


def test_tiny_load_run_has_no_errors():
    with tempfile.TemporaryDirectory() as tmp, load.direct_target(2.0, Path(tmp)) as (url, pids, _desc, _warm):
        result = load.run_step(url, pids, sessions=3, duration=10.0, interval=2.0, warmup="none", memory=False,
                               timeout=60.0, log=lambda _m: None)
    assert result.errors == 0, result.error_samples
    assert result.connected == 3
    # Each session opened the app and acted a few times (every ~2 s for 10 s).
    assert result.reruns >= 3 + 6, result.summary()
    assert {"open"} < set(result.by_action), result.by_action
    assert result.p95 > 0 and result.rss_peak > 0


def test_report_sections_are_replaced_in_place(tmp_path):
    report = tmp_path / "reliability.md"
    step = load.StepResult(sessions=50, duration=60, interval=5, reruns=600, errors=0, error_samples=[], p50=0.2,
                           p95=1.1, pmax=2.5, by_action={"open": (50, 0.3, 0.9)}, rss_start=1, rss_before=100 << 20,
                           rss_peak=120 << 20, rss_after=104 << 20, wall=65, client_cpu=10, connected=50)
    load.write_report(report, "direct", "first\n")
    load.write_report(report, "nginx", "other\n")
    load.write_report(report, "direct", load.render_section("direct", "one server", [step], None, "cmd"))
    text = report.read_text()
    assert text.count("<!-- load:direct -->") == 1 and text.count("<!-- load:nginx -->") == 1
    assert "first" not in text and "other" in text
    assert "| 50 | 60 s | 600 | 0 | 200 ms | 1100 ms |" in text
    assert "+4.0 %" in text and "pass" in text
    assert "/work/" not in text and "/root/" not in text
