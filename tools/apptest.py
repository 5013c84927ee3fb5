"""Streamlit's AppTest on the dashboard: open a page by name; the charts a run drew.

AppTest.switch_page() finds only file pages; the dashboard's pages are callables (st.Page(callable) in
dashboard/ui/app.py), so a page is asked for by the script hash st.navigation registered for its url path. These two
AppTest attributes (`_registered_pages`, `_page_hash`) are the only private names the tests and benchmarks use.
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from dashboard.ui import plotly_view
from dashboard.ui.app import PAGES


def open_page(at: AppTest, name: str) -> AppTest:
    """Make the next at.run() show page `name` (a name of dashboard.ui.app.PAGES). Run the app once before."""
    served = {n: "" if i == 0 else url for i, (n, url, _icon) in enumerate(PAGES)}  # the default page at "/"
    if name not in served:
        raise ValueError(f"unknown page {name!r}")
    url = served[name]
    registered = at._registered_pages  # see the module docstring
    at._page_hash = next(h for h, info in registered.items() if info.get("url_pathname") == url)
    return at


def charts(at: AppTest) -> list:
    """The charts of the last run (dashboard/ui/plotly_view.py's component), in page order."""
    return [el for el in at.get("bidi_component") if el.proto.component_name == plotly_view.COMPONENT]


def figures(at: AppTest) -> list[dict]:
    """The plotly figures of the last run's charts, as plotly JSON (the figure the browser draws)."""
    return [json.loads(json.loads(el.proto.json)["figure"]) for el in charts(at)]
