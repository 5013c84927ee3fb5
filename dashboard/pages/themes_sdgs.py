"""Themes & SDGs: completion by OGP thematic area and by SDG (official SDG colours).

Run by st.navigation from dashboard/app_frame.py; every user-facing string comes from ctx.t("...").
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, findings, widgets
from dashboard.app_frame import PageContext, current_context


def _section(ctx: PageContext, dimension: str, df: pd.DataFrame | None) -> None:
    st.subheader(ctx.t(f"page.themes_sdgs.{dimension}"))
    if df is None or widgets.is_empty(ctx, df):
        return
    fig = widgets.cached_figure(ctx, f"completion_{dimension}", lambda: charts.completion_chart(
        df, ctx.lang, dimension, synthetic=ctx.synthetic),
        finding=lambda: findings.completion(df, ctx.lang, dimension))
    widgets.chart_block(ctx, fig, key=f"completion_{dimension}")


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.themes_sdgs.title"))
    st.caption(ctx.t("page.themes_sdgs.intro"))
    head = ctx.run_or_error("headline")
    if head is not None and (len(head) == 0 or not head.iloc[0]["commitments"]):
        ctx.empty_state()  # nothing matches the filters: one notice, not one per chart
        return
    _section(ctx, "theme", ctx.run_or_error("completion_by_theme"))
    st.divider()
    _section(ctx, "sdg", ctx.run_or_error("completion_by_sdg"))


if __name__ == "__main__":
    render(current_context())
