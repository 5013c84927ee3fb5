"""The municipality map (dashboard/charts/map.py): every unit drawn once, the values and the three kinds of unit
against an independent pandas computation, hover and legend in both languages, attribution on the figure and on
exports, the finding and the slide."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import charts, findings, geo, i18n, metrics, slides
from dashboard.charts.map import MEASURES, classes, municipality_map
from dashboard.exports import images
from dashboard.schema import Filters
from dashboard.store import load_dataset
from tests.store.test_map_data import DATA, _independent

GEORGIAN = re.compile(r"[\u10d0-\u10ff]")


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    ds = load_dataset(DATA)
    return metrics.run(ds.con.cursor(), "map_by_jurisdiction", Filters())


def _expected(measure: str) -> dict[str, tuple[str, float | None]]:
    """shape_id -> (state, value), from the CSVs with pandas (not through the chart's own helpers)."""
    want = _independent()
    ms = pd.read_csv(DATA / "milestones.csv", dtype=str)
    out = {}
    for jid, r in want.iterrows():
        if not r["shape_id"]:
            continue
        n, rated = int(r["commitments"]), int(r["rated"])
        if n == 0:
            out[r["shape_id"]] = ("none", None)
        elif measure == "commitments":
            out[r["shape_id"]] = ("value", float(n))
        elif measure == "coverage":
            out[r["shape_id"]] = ("value", rated / n)
        elif measure == "mean_score":
            out[r["shape_id"]] = ("value", float(r["mean_score"])) if rated else ("not_reported", None)
        elif measure == "irm_score":
            assessed = int(r["irm_assessed"])
            out[r["shape_id"]] = ("value", float(r["irm_score"])) if assessed else ("not_reported", None)
        else:
            has = jid == "rustavi" and len(ms) > 0     # the seed's milestones: all of Rustavi's GE-2018-6.2
            out[r["shape_id"]] = ("value", 3.0) if has else ("not_reported", None)
    return out


@pytest.mark.parametrize("measure", MEASURES)
def test_plotted_values_equal_pandas(rows, measure):
    fig = municipality_map(rows, "en", measure)
    traces = [t for t in fig.data if t.meta and "shape_id" in t.meta]
    assert sorted(t.meta["shape_id"] for t in traces) == sorted(geo.shape_ids())   # every unit once
    states = {t.meta["shape_id"]: t.meta["state"] for t in traces}
    values = charts.common.meta(fig)["values"]
    expected = _expected(measure)
    for sid in geo.shape_ids():
        state, value = expected.get(sid, ("none", None))
        assert states[sid] == state, (sid, measure)
        if state == "value":
            assert values[sid] == pytest.approx(value), (sid, measure)
        else:
            assert sid not in values
    assert charts.common.meta(fig)["national"] == 34   # 24 of the reference + 10 from the IRM sheet


def test_kinds_of_unit_look_different(rows):
    fig = municipality_map(rows, "en", "mean_score")
    fill = {}
    for t in fig.data:
        fill.setdefault(t.meta["state"], set()).add(t.fillcolor)
    assert fill["none"] == {"#ffffff"}
    assert fill["not_reported"] == {charts.common.NO_DATA_COLOUR}
    assert not (fill["value"] & (fill["none"] | fill["not_reported"]))
    legend = [t.name for t in fig.data if t.showlegend]
    assert "No commitments" in legend and "Commitments, none rated" in legend


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_language_hover_title_and_attribution(rows, lang):
    fig = municipality_map(rows, lang, "commitments")
    hover = {t.meta["shape_id"]: t.text for t in fig.data}
    tbilisi = hover[geo.SHAPE_ID_EXAMPLE]
    assert ("თბილისი" if lang == "ka" else "Tbilisi") in tbilisi
    assert i18n.t("chart.map.hover_commitments", lang, n=i18n.fmt_number(7, lang)) in tbilisi
    title = charts.figure_title(fig)
    assert title == i18n.t("chart.map.title_commitments", lang)
    assert bool(GEORGIAN.search(title)) == (lang == "ka")
    assert "34" in charts.figure_subtitle(fig)
    assert any(a.text == "© OpenStreetMap contributors" for a in fig.layout.annotations)
    assert "OpenStreetMap" in charts.caption(fig, lang)
    # A unit without a sourced Georgian name shows its English name, marked, in Georgian.
    gagra = next(sid for sid, u in geo.units().items() if u["name_en"] == "Gagra District")
    if lang == "ka":
        assert "Gagra District (EN)" in hover[gagra]


def test_table_alternative_lists_jurisdictions_and_national(rows):
    table = charts.table_alternative(municipality_map(rows, "en", "coverage"), "en")
    assert len(table) == len(rows) == 13
    national = table[table.iloc[:, 0] == "Georgia"].iloc[0]
    assert national.iloc[-1] == "Not on the map (national)"
    batumi = table[table.iloc[:, 0] == "Batumi"].iloc[0]
    assert batumi.iloc[-1] == "50%"


def test_classes():
    assert [b[2] for b in classes([1, 2, 3], "commitments", "en")] == ["1", "2", "3"]
    six = classes([1, 2, 3, 4, 5, 6, 30], "commitments", "en")
    assert len(six) == 5 and six[0][0] == 1 and six[-1][1] == 30
    assert [b[2] for b in classes([0.5], "coverage", "ka")][0] == "0%–25%"


def test_finding_and_slide(rows):
    assert findings.map_measure(rows, "en", "commitments") == (
        "Tbilisi has the highest value (7) of 12 municipalities on the map; "
        "34 national commitments are not on the map.")
    ka = findings.map_measure(rows, "ka", "milestones_overdue")
    assert "რუსთავი" in ka and "(3)" in ka
    assert "municipalities.map" in slides.SLIDE_KEYS

    def run(name, **_extra):
        ds = load_dataset(DATA)
        return metrics.run(ds.con.cursor(), name, Filters())

    built = {s.key: s for s in slides.build_slides(run, "ka")}
    slide = built["municipalities.map"]
    assert slide.figure is not None and GEORGIAN.search(slide.title) and "OpenStreetMap" in slide.caption


def test_export_layout_keeps_the_attribution(rows):
    spec = images.slide_layout(municipality_map(rows, "ka", "mean_score"), title="t", source_line="s", lang="ka")
    texts = [a.get("text") for a in spec["layout"]["annotations"]]
    assert "© OpenStreetMap contributors" in texts
