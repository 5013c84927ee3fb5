"""benchmarks/first_visit.py's visit in the real browser: the Overview in a fresh context, its first chart drawn,
and what came over the network counted (not a timed test: only the shape of the figures)."""

from __future__ import annotations

import pytest

from benchmarks import first_visit
from dashboard.ui import plotly_view

pytestmark = pytest.mark.browser


def test_a_real_first_visit_counts_the_bytes(server, browser):
    v = first_visit.visit(browser, server.url + "/?lang=en", True, None)
    assert v.requests > 20 and v.seconds > 0
    assert v.bytes >= sum(n for n, _ in v.largest) > 1_000_000
    # Our plotly.js build is among the three biggest downloads; Streamlit's plotly.js chunk is not fetched at all.
    assert any(plotly_view.BUNDLE in path for _, path in v.largest), v.largest
    assert not any("PlotlyChart" in path for _, path in v.largest)

