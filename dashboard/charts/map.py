"""A map of Georgia's 74 second-level units coloured by a measure per jurisdiction (the Municipalities page).

    fig = municipality_map(df, lang, "mean_score")    # df: rows of queries/map_by_jurisdiction.sql

Drawn as filled shapes on plain axes (one trace per unit, hover on the fill), not with plotly's geo subplot: that
one fetches a world map from a CDN even when hidden, and the map must work with no request beyond the app. The
longitude axis is scaled by cos(42°) so the country keeps its shape.

Three kinds of unit, never confused: a value (one of at most five colour classes, in the legend), "not reported"
(commitments, but none rated / no milestones: grey) and "no commitments" (white). National commitments belong to
no unit: their count is in the subtitle. "© OpenStreetMap contributors" is written on the figure, so every export
and slide carries it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import geo, i18n
from dashboard.charts import common as c
from dashboard.map_measures import MEASURES as MEASURES  # re-exported: charts.map.MEASURES
from dashboard.map_measures import mapped_rows, national_commitments, unit_value

CAPTION_KEY = "chart.map.caption"
NO_COMMITMENTS_COLOUR = "#ffffff"
BORDER_COLOUR = "#8c8c8c"
# Five classes per measure: blue for counts and scores, red for overdue milestones (more is worse).
BLUES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
REDS = ("#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15")
# Characters per title line, so a long title wraps instead of running off a 390 px phone screen (Georgian letters
# are wider than Latin ones).
TITLE_WIDTH = {"en": 36, "ka": 26}
ASPECT = 1 / math.cos(math.radians(42.0))   # km per degree of latitude / per degree of longitude at 42° N
_SHARE_EDGES = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class UnitValue:
    """What the map shows for one unit: its state ("value", "not_reported", "none") and value."""
    shape_id: str
    state: str
    value: float | None
    row: dict | None     # the jurisdiction's query row (None: no jurisdiction of the data is drawn as this unit)


def _num(v: Any) -> float:
    return 0.0 if c.is_missing(v) else float(v)


def unit_values(df: pd.DataFrame, measure: str) -> list[UnitValue]:
    """One UnitValue per unit of the boundary file, in its order; rows without a shape_id are not on the map."""
    by_shape = {str(r["shape_id"]): r for r in c.records(mapped_rows(df))}
    out = []
    for sid in geo.shape_ids():
        row = by_shape.get(sid)
        state, value = unit_value(row, measure)
        out.append(UnitValue(sid, state, value, row))
    return out


def classes(values: list[float], measure: str, lang: str) -> list[tuple[float, float, str]]:
    """At most five (low, high, label) classes covering the values: fixed quarters for shares and scores, one
    class per count when there are five or fewer distinct counts, else five equal integer ranges."""
    if measure in ("mean_score", "coverage", "irm_score"):
        fmt = (lambda v: c.fmt_percent(v, lang)) if measure == "coverage" else (lambda v: c.fmt_number(v, lang, 2))
        return [(lo, hi, f"{fmt(lo)}–{fmt(hi)}") for lo, hi in zip(_SHARE_EDGES, _SHARE_EDGES[1:], strict=False)]
    distinct = sorted({int(v) for v in values})
    if len(distinct) <= 5:
        return [(v, v, c.fmt_number(v, lang)) for v in distinct]
    lo, hi = distinct[0], distinct[-1]
    step = math.ceil((hi - lo + 1) / 5)
    out = []
    for k in range(5):
        a, b = lo + k * step, min(hi, lo + (k + 1) * step - 1)
        if a <= hi:
            out.append((a, b, c.fmt_number(a, lang) if a == b else f"{c.fmt_number(a, lang)}–{c.fmt_number(b, lang)}"))
    return out


def class_of(value: float, bins: list[tuple[float, float, str]]) -> int:
    """The index of the class holding value (the last class is closed at both ends)."""
    for i, (lo, hi, _label) in enumerate(bins):
        if lo <= value < hi or (lo == hi == value) or (i == len(bins) - 1 and lo <= value <= hi):
            return i
    return len(bins) - 1


def _unit_label(u: UnitValue, lang: str) -> str:
    if u.row is not None:
        return c.data_text(u.row, "name", lang)
    names = geo.units()[u.shape_id]
    return c.data_text(names, "name", lang)


def _hover(u: UnitValue, measure: str, lang: str) -> str:
    head = f"<b>{_unit_label(u, lang)}</b>"
    if u.state == "none":
        return f"{head}<br>{c.t('chart.map.no_commitments', lang)}"
    r = u.row or {}
    n, rated = int(_num(r.get("commitments"))), int(_num(r.get("rated")))
    lines = [head,
             c.t("chart.map.hover_commitments", lang, n=c.fmt_number(n, lang)),
             c.t("chart.map.hover_rated", lang, rated=c.fmt_number(rated, lang), total=c.fmt_number(n, lang),
                 share=c.fmt_percent(rated / n if n else None, lang)),
             c.t("chart.map.hover_score", lang, score=c.fmt_number(r.get("mean_score"), lang, 2))]
    if _num(r.get("irm_assessed")):
        lines.append(c.t("chart.map.hover_irm", lang, score=c.fmt_number(r.get("irm_score"), lang, 2),
                         n=c.fmt_number(_num(r.get("irm_assessed")), lang)))
    if _num(r.get("milestones")):
        lines.append(c.t("chart.map.hover_overdue", lang, n=c.fmt_number(_num(r.get("milestones_overdue")), lang),
                         total=c.fmt_number(_num(r.get("milestones")), lang)))
    else:
        lines.append(c.t("chart.map.hover_no_milestones", lang))
    return "<br>".join(lines)


def _ring_xy(geometry: dict) -> tuple[list, list]:
    """The outer rings of a (Multi)Polygon as x/y lists, parts separated by None."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    xs: list = []
    ys: list = []
    for poly in polys:
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [p[0] for p in poly[0]]
        ys += [p[1] for p in poly[0]]
    return xs, ys


@functools.lru_cache(maxsize=1)
def _shapes() -> dict[str, tuple[list, list]]:
    return {f["id"]: _ring_xy(f["geometry"]) for f in geo.geojson()["features"]}


def _legend_names(measure: str, lang: str) -> dict[str, str]:
    nr = {"mean_score": "chart.map.not_rated", "irm_score": "chart.map.not_assessed_irm"}.get(
        measure, "chart.map.no_milestones")
    return {"none": c.t("chart.map.no_commitments", lang), "not_reported": c.t(nr, lang)}


def _traces(units: list[UnitValue], measure: str, lang: str, bins: list) -> list[dict]:
    """One filled trace per unit; the first unit of each class shows the class in the legend."""
    palette = REDS if measure == "milestones_overdue" else BLUES
    colours = palette[-len(bins):] if len(bins) < len(palette) else palette
    names = _legend_names(measure, lang)
    shapes = _shapes()
    traces, seen = [], set()
    for u in units:
        if u.state == "value":
            k = class_of(u.value, bins)
            group, name, colour, rank = f"class{k}", bins[k][2], colours[k], k + 2
        else:
            group, name = u.state, names[u.state]
            colour = NO_COMMITMENTS_COLOUR if u.state == "none" else c.NO_DATA_COLOUR
            rank = 0 if u.state == "none" else 1
        xs, ys = shapes[u.shape_id]
        traces.append(dict(
            type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
            line={"color": BORDER_COLOUR, "width": 0.6}, hoveron="fills", hoverinfo="text",
            text=_hover(u, measure, lang), name=name, legendgroup=group, legendrank=rank,
            showlegend=group not in seen, meta={"shape_id": u.shape_id, "state": u.state}))
        seen.add(group)
    return traces


def _table(units: list[UnitValue], df: pd.DataFrame, measure: str, lang: str) -> pd.DataFrame:
    """The table alternative: every jurisdiction of the rows (those on the map and the country), its unit's state."""
    h = functools.partial(c.column_header, lang=lang)
    on_map = {u.row["jurisdiction_id"]: u for u in units if u.row is not None}
    names = _legend_names(measure, lang)
    rows = []
    for r in c.records(df):
        n = int(_num(r.get("commitments")))
        u = on_map.get(r["jurisdiction_id"])
        if u is None:
            shown = c.t("chart.map.not_on_map", lang)
        elif u.state == "value":
            shown = c.fmt_percent(u.value, lang) if measure == "coverage" else \
                c.fmt_number(u.value, lang, 2 if measure in ("mean_score", "irm_score") else 0)
        else:
            shown = names[u.state]
        rows.append((c.plotly_escape(i18n.data_label(r, "name", lang)), n, int(_num(r.get("rated"))),
                     c.fmt_number(r.get("mean_score"), lang, 2), int(_num(r.get("milestones_overdue"))), shown))
    return pd.DataFrame(rows, columns=[h("jurisdiction"), h("commitments"), h("rated"), h("mean_score"),
                                       h("milestones_overdue"), c.t(f"chart.map.measure.{measure}", lang)])


def municipality_map(df: pd.DataFrame, lang: str, measure: str = "commitments", *, synthetic: bool = False,
                     title: str | None = None) -> go.Figure:
    """The map of `measure` (one of map_measures.MEASURES) per unit."""
    units = unit_values(df, measure)
    bins = classes([u.value for u in units if u.state == "value"], measure, lang)
    national = national_commitments(df)
    x_pad, y_pad = 0.05, 0.05
    layout = dict(
        xaxis=dict(visible=False, range=[40.0 - x_pad, 46.75 + x_pad], fixedrange=True),
        yaxis=dict(visible=False, range=[41.05 - y_pad, 43.6 + y_pad], scaleanchor="x", scaleratio=ASPECT,
                   fixedrange=True),
        hovermode="closest", dragmode=False,
        legend={"title": {"text": c.t(f"chart.map.measure.{measure}", lang)}, "traceorder": "normal"},
        annotations=[dict(text=geo.ATTRIBUTION, xref="paper", yref="paper", x=1, y=0, xanchor="right",
                          yanchor="bottom", showarrow=False, font={"size": 10, "color": "#555"},
                          name="osm-attribution")],
    )
    title = title or c.t(f"chart.map.title_{measure}", lang)
    wrapped = c.wrap(title, TITLE_WIDTH.get(lang, 36), 3)
    lines = wrapped.count("<br>")
    return c.finish(
        _traces(units, measure, lang, bins), layout, lang,
        title=wrapped,
        subtitle=c.t("chart.map.subtitle", lang, n=c.fmt_number(national, lang)),
        synthetic=synthetic, height=520, caption_key=CAPTION_KEY,
        table=_table(units, df, measure, lang),
        extra_meta={"chart": "map", "measure": measure, "national": national,
                    "values": {u.shape_id: u.value for u in units if u.state == "value"}},
        after={"margin": {"l": 5, "r": 5, "b": 60, **({"t": 90 + 22 * lines} if lines else {})}},
    )
