"""Side-by-side comparison of 2–4 jurisdictions: rating shares (grouped bars) and, optionally, mean score by theme."""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import common as c
from dashboard.schema import THEMES

CAPTION_KEY = "chart.comparison.caption"
MAX_JURISDICTIONS = 4
_BARGAP = 0.25


def comparison_chart(
    df: pd.DataFrame,
    lang: str,
    jurisdictions: Sequence[str] | None = None,
    *,
    theme_df: pd.DataFrame | None = None,
    measure: Literal["share", "count"] = "share",
    synthetic: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Grouped bars: for each rating (fixed order, "not reported" included), one bar per jurisdiction.

    df: completion_by_jurisdiction rows; jurisdictions: ids to compare (default: the first four rows; at most
    four are drawn). measure "share" divides by each jurisdiction's commitments, so sizes compare fairly; the count
    is in the bar text and hover either way. theme_df: jurisdiction_theme rows for a second panel (mean score).
    """
    ids = list(jurisdictions) if jurisdictions else list(df["jurisdiction_id"])
    ids = [j for j in ids if j in set(df["jurisdiction_id"])][:MAX_JURISDICTIONS]
    rows = df.set_index("jurisdiction_id").loc[ids].reset_index()
    records = c.records(rows)
    names = [c.data_text(r, "name", lang) for r in records]
    with_themes = theme_df is not None and len(theme_df) > 0

    layout = _grid(2 if with_themes else 1,
                   (c.t("chart.comparison.panel_ratings", lang), c.t("chart.comparison.panel_themes", lang))
                   if with_themes else None)
    data: list[dict[str, Any]] = []
    rating_labels = [c.wrap(c.rating_label(code, lang), 16) for code in c.RATING_ORDER]
    x = list(range(len(c.RATING_ORDER)))
    table_rows = []
    for i, (name, r) in enumerate(zip(names, records, strict=True)):
        total = int(r["commitments"]) if not c.is_missing(r["commitments"]) else 0
        counts = [0 if c.is_missing(r.get(c.rating_count_column(code))) else int(r[c.rating_count_column(code)])
                  for code in c.RATING_ORDER]
        shares = [n / total if total else 0.0 for n in counts]
        ys = shares if measure == "share" else counts
        colour = c.SERIES_COLOURS[i % len(c.SERIES_COLOURS)]
        data.append(dict(
            type="bar", name=name, legendgroup=str(r["jurisdiction_id"]),
            meta={"jurisdiction_id": str(r["jurisdiction_id"])},
            x=x, y=ys, marker={"color": colour},
            text=[c.fmt_number(n, lang) for n in counts], textposition="outside", cliponaxis=False,
            customdata=[[f"<b>{name}</b><br>{c.rating_label(code, lang)}: {c.fmt_number(n, lang)} "
                         f"({c.fmt_percent(s, lang)})<br>"
                         + c.t("chart.completion.coverage", lang, rated=c.fmt_number(r["rated"], lang),
                               total=c.fmt_number(total, lang))]
                        for code, n, s in zip(c.RATING_ORDER, counts, shares, strict=True)],
            hovertemplate="%{customdata[0]}<extra></extra>", xaxis="x", yaxis="y",
        ))
        table_rows.append([name] + counts + [total, c.fmt_number(r["mean_score"], lang, 2)])
    axes: dict[str, dict] = {"xaxis": dict(tickmode="array", tickvals=x, ticktext=rating_labels)}
    if measure == "share":
        axes["yaxis"] = dict(title={"text": c.t("chart.comparison.axis_share", lang)}, range=[0, 1.15],
                             tickmode="array", tickvals=[0, 0.25, 0.5, 0.75, 1],
                             ticktext=[c.fmt_percent(v, lang) for v in (0, 0.25, 0.5, 0.75, 1)])
    else:
        axes["yaxis"] = dict(title={"text": c.t("chart.completion.axis_count", lang)})

    if with_themes:
        axes.update(_theme_panel(data, layout, theme_df, ids, names, lang))
    c.merge(layout, axes)

    h = functools.partial(c.column_header, lang=lang)
    table = pd.DataFrame(table_rows, columns=[h("jurisdiction")] + [c.rating_label(code, lang)
                                                                    for code in c.RATING_ORDER]
                         + [h("commitments"), h("mean_score")])
    c.merge(layout, dict(barmode="group", bargap=_BARGAP, bargroupgap=0.05))
    return c.finish(
        data, layout, lang,
        title=title or c.t("chart.comparison.title", lang, names=", ".join(names)),
        legend_title=c.t("chart.comparison.legend", lang), synthetic=synthetic,
        height=720 if with_themes else 440,
        caption_key=CAPTION_KEY, table=table,
        extra_meta={"chart": "comparison", "jurisdictions": ids, "measure": measure},
    )


@functools.lru_cache(maxsize=16)
def _grid_layout(rows: int, titles: tuple[str, str] | None) -> dict[str, Any]:
    layout = make_subplots(rows=rows, cols=1, vertical_spacing=0.22,
                           subplot_titles=list(titles) if titles else None).to_dict()["layout"]
    layout.pop("template", None)  # the default template: added again when the figure is made
    return layout


def _grid(rows: int, titles: tuple[str, str] | None) -> dict[str, Any]:
    """The layout make_subplots gives one column of `rows` panels (axis domains and anchors, panel titles), made
    once per (rows, titles) and copied: make_subplots builds and validates a whole figure each time."""
    return copy.deepcopy(_grid_layout(rows, titles))


def _theme_panel(data: list[dict[str, Any]], layout: dict[str, Any], theme_df: pd.DataFrame, ids: list[str],
                 names: list[str], lang: str) -> dict:
    """Mean score per theme, one bar per jurisdiction (traces appended to `data`); a theme with commitments but no
    rating says so at 0 (annotations added to `layout`). Returns the panel's axis settings (xaxis2, yaxis2) for
    the caller's layout update."""
    present = [t for t in THEMES if t in set(theme_df["theme_id"])]
    present += sorted(set(theme_df["theme_id"]) - set(present))
    firsts = theme_df.drop_duplicates("theme_id").set_index("theme_id")
    first_rows = {r["theme_id"]: r for r in c.records(firsts.reset_index())}
    labels = [c.wrap(c.data_text(first_rows[t], "label", lang), 16) for t in present]
    x = list(range(len(present)))
    cells = {(r["jurisdiction_id"], r["theme_id"]): r for r in c.records(theme_df)}
    unrated: list[tuple[int, int]] = []   # (theme position, jurisdiction position) with commitments, no rating
    for i, (jid, name) in enumerate(zip(ids, names, strict=True)):
        ys, text, hover = [], [], []
        for pos, tid in enumerate(present):
            r = cells.get((jid, tid))
            n = 0 if r is None else int(r["commitments"])
            mean = None if r is None or c.is_missing(r["mean_score"]) else float(r["mean_score"])
            if n == 0:
                y, bar_text, tip = None, "", c.t("chart.heatmap.no_commitments", lang)
            elif mean is None:  # no bar: a label in its place, clear of the axis labels (annotation below)
                y, bar_text = None, ""
                tip = c.t("chart.heatmap.hover_not_reported", lang, total=c.fmt_number(n, lang))
                unrated.append((pos, i))
            else:
                y, bar_text = mean, c.fmt_number(mean, lang, 2)
                tip = c.t("chart.heatmap.hover_score", lang, score=c.fmt_number(mean, lang, 2),
                          rated=c.fmt_number(r["rated"], lang), total=c.fmt_number(n, lang))
            ys.append(y)
            text.append(bar_text)
            hover.append(tip)
        data.append(dict(
            type="bar", name=name, legendgroup=jid, showlegend=False, meta={"jurisdiction_id": jid, "panel": "themes"},
            x=x, y=ys, marker={"color": c.SERIES_COLOURS[i % len(c.SERIES_COLOURS)]},
            text=text, textposition="outside", cliponaxis=False, textfont={"size": 10}, constraintext="none",
            customdata=[[f"<b>{name}</b> · {lab.replace('<br>', ' ')}<br>{hv}"]
                        for lab, hv in zip(labels, hover, strict=True)],
            hovertemplate="%{customdata[0]}<extra></extra>", xaxis="x2", yaxis="y2",
        ))
    # "not reported" where the bar would be: centred on its slot of the group (bargap 0.25, bargroupgap 0.05),
    # raised off the zero line so it does not run into the theme labels under the axis.
    slot = (1 - _BARGAP) / max(len(ids), 1)
    if unrated:
        layout["annotations"] = [*layout.get("annotations", ()), *(
            dict(x=pos - (1 - _BARGAP) / 2 + slot * (i + 0.5), y=0.1, yanchor="bottom",
                 text=c.wrap(c.t("chart.heatmap.cell_not_reported", lang), 10), showarrow=False,
                 font={"size": 10, "color": "#555"}, name="not_reported", xref="x2", yref="y2")
            for pos, i in unrated)]
    return {"xaxis2": dict(tickmode="array", tickvals=x, ticktext=labels),
            "yaxis2": dict(title={"text": c.t("chart.comparison.axis_score", lang)}, range=[0, 1.2],
                           tickmode="array", tickvals=[0, 1 / 3, 2 / 3, 1],
                           ticktext=[c.fmt_number(v, lang, 2) for v in (0, 1 / 3, 2 / 3, 1)])}
