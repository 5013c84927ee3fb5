"""The map on the Municipalities page under AppTest: drawn in both languages with the values of the query, the
measure picker, national commitments beside it, and choosing a unit filters the view and the URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import geo, i18n
from dashboard.charts.titles import plain_text
from tools import apptest
from tools.apptest import open_page

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")
GEORGIAN = re.compile(r"[\u10d0-\u10ff]")
PICK = "w_muni_map_pick"
MEASURE = "w_muni_map_measure"


@pytest.fixture(autouse=True)
def _bundled_data(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _municipalities(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    _ok(at.run())
    return _ok(open_page(at, "municipalities").run())


def _map(at: AppTest) -> dict:
    figs = apptest.figures(at)
    found = [f for f in figs if f["layout"].get("meta", {}).get("chart") == "map"]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_map_renders_in_both_languages(lang):
    at = _municipalities(lang=lang)
    fig = _map(at)
    assert len(fig["data"]) == 74
    title = plain_text(fig["layout"]["title"]["text"])
    assert title == i18n.t("chart.map.title_commitments", lang)
    assert bool(GEORGIAN.search(title)) == (lang == "ka")
    values = fig["layout"]["meta"]["values"]
    assert values[geo.SHAPE_ID_EXAMPLE] == 7                       # Tbilisi: 6 + 1 from the IRM sheet
    assert len(values) == 12
    metric = [m for m in at.metric if m.label == i18n.t("page.municipalities.map_national", lang)]
    assert metric and metric[0].value == "34"
    pick = at.selectbox(key=PICK)
    assert pick.value in ("", None)
    assert len(pick.options) == 13                                  # "all" + the 12 jurisdictions on the map
    tbilisi = "თბილისი" if lang == "ka" else "Tbilisi"
    assert tbilisi in pick.options
    caption = " ".join(str(c.value) for c in at.caption)
    assert "OpenStreetMap" in caption


def test_measure_picker_redraws():
    at = _municipalities()
    at.segmented_control(key=MEASURE).set_value("mean_score")
    _ok(at.run())
    fig = _map(at)
    assert fig["layout"]["meta"]["measure"] == "mean_score"
    states = {t["meta"]["state"] for t in fig["data"]}
    assert states == {"value", "not_reported", "none"}


def test_choosing_a_unit_filters_the_view_and_the_url():
    at = _municipalities(lang="ka")
    at.selectbox(key=PICK).set_value("rustavi")
    _ok(at.run())
    assert at.query_params["jurisdiction"] in ("rustavi", ["rustavi"])
    assert at.query_params["lang"] in ("ka", ["ka"])
    fig = _map(at)
    assert list(fig["layout"]["meta"]["values"]) == ["GEO-ADM2-95516506B40959724"]   # Rustavi only
    assert at.selectbox(key=PICK).value == "rustavi"
    at.selectbox(key=PICK).set_value("")
    _ok(at.run())
    assert "jurisdiction" not in at.query_params


def test_url_with_one_jurisdiction_preselects_it():
    at = _municipalities(jurisdiction="kutaisi")
    assert at.selectbox(key=PICK).value == "kutaisi"
