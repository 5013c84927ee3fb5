"""benchmarks/first_visit.py: its rows and target lines from given visits (the real visit:
tests/browser/test_first_visit_bytes.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from benchmarks import first_visit
from benchmarks.first_visit import Visit

UNTHROTTLED, THROTTLED = (name for name, _ in first_visit.PROFILES)


def _fake_measure(nginx_bytes: int, nginx_seconds: float):
    def measure(_path, _repeat, via_nginx, profiles=first_visit.PROFILES):
        out = {}
        for route in ("direct", "nginx") if via_nginx else ("direct",):
            for profile, _throttle in profiles:
                slow = 10 if profile == THROTTLED else 1
                out[(route, profile, "empty")] = [Visit(1.0 * slow, 1_000_000, 80, [(400_000, "static/a.js")])]
                seconds = (nginx_seconds if route == "nginx" else 3.0) * slow
                size = nginx_bytes if route == "nginx" else 7_000_000
                out[(route, profile, "overview")] = [Visit(seconds, size, 100, [(4_700_000, "static/js/P.js?x")])]
        return out
    return measure


def test_rows_and_targets(monkeypatch):
    monkeypatch.setattr(first_visit, "measure", _fake_measure(2_500_000, 2.5))
    monkeypatch.setattr("tools.replicas.nginx_path", lambda: "/usr/sbin/nginx")
    rows = first_visit.rows(SimpleNamespace(label="bundled", path=None), 1)
    items = [r.item for r in rows]
    assert items == [f"Overview {what}: {route}, {profile}" for route in ("direct", "nginx")
                     for profile in (UNTHROTTLED, THROTTLED) for what in ("first chart", "bytes to first chart")]
    first = rows[0]
    assert first.ratio == pytest.approx(3.0) and first.baseline_name == "empty app"
    assert "7.00 MB" in first.note and "empty app 1.00 MB" in first.note
    assert rows[1].value == "7.00 MB" and "; largest: P.js 4.70 MB" in rows[1].note   # name only
    lines = first_visit.targets(rows)
    assert len(lines) == 4                                                        # nginx rows only
    assert f"first chart × empty app ({UNTHROTTLED}) | bundled | 2.50× | 2.00× | **no** |" in lines[0]
    assert lines[1].endswith("| 2.50 MB | 2.00 MB | **no** |")
    assert f"({THROTTLED}) | bundled | 2.50× | 3.00× | yes |" in lines[2]


def test_targets_met(monkeypatch):
    monkeypatch.setattr(first_visit, "measure", _fake_measure(1_900_000, 1.5))
    monkeypatch.setattr("tools.replicas.nginx_path", lambda: "/usr/sbin/nginx")
    lines = first_visit.targets(first_visit.rows(SimpleNamespace(label="bundled", path=None), 1))
    assert len(lines) == 4 and all(line.endswith("| yes |") for line in lines)


def test_without_nginx_only_direct_rows_and_no_target(monkeypatch):
    monkeypatch.setattr(first_visit, "measure", _fake_measure(1, 1.0))
    monkeypatch.setattr("tools.replicas.nginx_path", lambda: None)
    rows = first_visit.rows(SimpleNamespace(label="bundled", path=None), 1, quick=True)
    assert [r.item for r in rows] == [f"Overview first chart: direct, {UNTHROTTLED}",
                                      f"Overview bytes to first chart: direct, {UNTHROTTLED}"]
    assert first_visit.targets(rows) == []
