"""Themes & SDGs: completion by OGP thematic area and by SDG (official SDG colours).

Run by st.navigation from dashboard/ui/app.py; every user-facing string comes from ctx.t("...").
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, findings
from dashboard.ui import widgets
from dashboard.ui.context import PageContext


def _section(ctx: PageContext, dimension: str) -> None:
    st.subheader(ctx.t(f"page.themes_sdgs.{dimension}"))
    widgets.query_chart(ctx, f"completion_by_{dimension}", f"completion_{dimension}",
                        lambda df: charts.completion_chart(df, ctx.lang, dimension, synthetic=ctx.synthetic),
                        finding=lambda df: findings.completion(df, ctx.lang, dimension))


def _has_theme_rows(ctx: PageContext) -> bool:
    """True when the thematic-area chart has a commitment to show (its query, cached for the chart below; a failure
    is left to the chart, which shows the error in its place)."""
    try:
        df = ctx.run("completion_by_theme")
    except Exception:
        return False
    return bool(len(df)) and bool((pd.to_numeric(df["commitments"], errors="coerce").fillna(0) > 0).any())


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.themes_sdgs.title"))
    st.caption(ctx.t("page.themes_sdgs.intro"))
    if not _has_theme_rows(ctx):  # else some commitment matches: no need to count them (one query less)
        head = ctx.run_or_error("headline")
        if head is not None and (len(head) == 0 or not head.iloc[0]["commitments"]):
            ctx.empty_state()  # nothing matches the filters: one notice, not one per chart
            return
    _section(ctx, "theme")
    st.divider()
    _section(ctx, "sdg")

