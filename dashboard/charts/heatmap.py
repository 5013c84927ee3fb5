"""Jurisdiction × OGP thematic area: mean rating score per cell, with counts.

Three kinds of cell, never confused: a mean score (colour), "not reported" (commitments but none rated: grey,
distinct from a score of 0) and "no commitments" (blank).
"""

from __future__ import annotations

import functools

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import common as c
from dashboard.schema import RATING_SCORES, THEMES

CAPTION_KEY = "chart.heatmap.caption"
_SCALE = [[0.0, "#fdd0a2"], [0.34, "#c6dbef"], [0.67, "#4292c6"], [1.0, "#08306b"]]


def _labels(df: pd.DataFrame, key: str, stem: str, lang: str, order: list | None = None) -> tuple[list, list]:
    firsts = df.drop_duplicates(subset=[key])
    by_key = {row[key]: c.data_text(row, stem, lang) for row in c.records(firsts)}
    keys = [k for k in order if k in by_key] + [k for k in by_key if k not in order] if order else list(by_key)
    return keys, [by_key[k] for k in keys]


def _cell(r: dict | None, jurisdiction: str, theme: str, lang: str) -> tuple:
    """One cell: (score or None, 1 on the grey layer or None, its text, its grey layer text, hover text, table row).
    """
    n = 0 if r is None or c.is_missing(r["commitments"]) else int(r["commitments"])
    rated = 0 if r is None or c.is_missing(r["rated"]) else int(r["rated"])
    mean = None if r is None or c.is_missing(r["mean_score"]) else float(r["mean_score"])
    head = f"<b>{jurisdiction}</b> · {theme}<br>"
    if n == 0:
        state = c.t("chart.heatmap.no_commitments", lang)
        return None, None, "", "", head + state, (jurisdiction, theme, n, rated, state)
    if mean is None or rated == 0:
        hover = head + c.t("chart.heatmap.hover_not_reported", lang, total=c.fmt_number(n, lang))
        return (None, 1, "", c.t("chart.heatmap.cell_not_reported", lang), hover,
                (jurisdiction, theme, n, rated, c.t(f"rating.{c.NOT_REPORTED}", lang)))
    score = c.fmt_number(mean, lang, 2)
    hover = head + c.t("chart.heatmap.hover_score", lang, score=score, rated=c.fmt_number(rated, lang),
                       total=c.fmt_number(n, lang))
    text = f"{score}<br>({c.fmt_number(rated, lang)}/{c.fmt_number(n, lang)})"
    return mean, None, text, "", hover, (jurisdiction, theme, n, rated, score)


def jurisdiction_theme_heatmap(df: pd.DataFrame, lang: str, *, synthetic: bool = False,
                               title: str | None = None) -> go.Figure:
    """Heatmap of jurisdiction_theme rows: rows are jurisdictions (input order), columns the OGP themes."""
    j_keys, j_labels = _labels(df, "jurisdiction_id", "name", lang)
    t_keys, t_labels = _labels(df, "theme_id", "label", lang, order=list(THEMES))
    cells = {(r["jurisdiction_id"], r["theme_id"]): r for r in c.records(df)}

    # Five grids of the same shape (rows: jurisdictions, columns: themes), one cell of each per (row, column).
    grids: tuple[list, ...] = ([], [], [], [], [])   # z, grey, text, grey_text, hover
    table_rows = []
    for jk, jl in zip(j_keys, j_labels, strict=True):
        row_cells = [_cell(cells.get((jk, tk)), jl, tl, lang) for tk, tl in zip(t_keys, t_labels, strict=True)]
        for i, grid in enumerate(grids):
            grid.append([cell[i] for cell in row_cells])
        table_rows.extend(cell[5] for cell in row_cells)
    z, grey, text, grey_text, hover = grids

    x = list(range(len(t_keys)))
    y = list(range(len(j_keys)))
    # Not reported: a separate grey layer, so it can never be read as a low score.
    grey_layer = dict(
        type="heatmap", name=c.t(f"rating.{c.NOT_REPORTED}", lang), meta={"role": "not_reported"},
        x=x, y=y, z=grey, zmin=0, zmax=1, colorscale=[[0, c.NO_DATA_COLOUR], [1, c.NO_DATA_COLOUR]],
        showscale=False, hoverinfo="skip", xgap=2, ygap=2,
        text=grey_text, texttemplate="%{text}", textfont={"size": 10, "color": "#333"},
    )
    score_ticks = [RATING_SCORES[k] for k in ("not_implemented", "partially_implemented",
                                              "mostly_implemented", "fully_implemented")]
    score_layer = dict(
        type="heatmap", name=c.t("chart.heatmap.legend", lang), meta={"role": "score"},
        x=x, y=y, z=z, zmin=0, zmax=1, colorscale=_SCALE, xgap=2, ygap=2,
        text=text, texttemplate="%{text}", textfont={"size": 11},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", hoverongaps=True,
        colorbar={"title": {"text": c.t("chart.heatmap.legend", lang), "side": "right"},
                  "tickmode": "array", "tickvals": score_ticks,
                  "ticktext": [f"{c.fmt_number(v, lang, 2)} {c.wrap(c.rating_label(k, lang), 18)}"
                               for v, k in zip(score_ticks, ("not_implemented", "partially_implemented",
                                                             "mostly_implemented", "fully_implemented"),
                                               strict=True)]},
    )
    # The score layer lies on top; hoverongaps gives the grey and the empty cells their hover text too.
    layout = dict(
        xaxis=dict(tickmode="array", tickvals=x, ticktext=[c.wrap(label, 16) for label in t_labels], showgrid=False),
        yaxis=dict(tickmode="array", tickvals=y, ticktext=[c.wrap(label) for label in j_labels], autorange="reversed",
                   showgrid=False))
    h = functools.partial(c.column_header, lang=lang)
    table = pd.DataFrame(table_rows, columns=[h("jurisdiction"), h("theme"), h("commitments"), h("rated"),
                                              h("mean_score")])
    return c.finish(
        [grey_layer, score_layer], layout, lang,
        title=title or c.t("chart.heatmap.title", lang),
        subtitle=c.t("chart.heatmap.subtitle", lang),
        x_title=None, y_title=None, synthetic=synthetic,
        height=max(360, 48 * len(j_keys) + 220),
        caption_key=CAPTION_KEY, table=table, extra_meta={"chart": "jurisdiction_theme"},
    )
