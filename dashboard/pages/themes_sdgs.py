"""Themes & SDGs: completion by OGP thematic area and by SDG (official SDG colours).

Run by st.navigation from dashboard/app_frame.py; every user-facing string comes from ctx.t("...").
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, findings, widgets
from dashboard.app_frame import PageContext, current_context


def _section(ctx: PageContext, dimension: str) -> None:
    st.subheader(ctx.t(f"page.themes_sdgs.{dimension}"))
    widgets.query_chart(ctx, f"completion_by_{dimension}", f"completion_{dimension}",
                        lambda df: charts.completion_chart(df, ctx.lang, dimension, synthetic=ctx.synthetic),
                        finding=lambda df: findings.completion(df, ctx.lang, dimension))


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.themes_sdgs.title"))
    st.caption(ctx.t("page.themes_sdgs.intro"))
    head = ctx.run_or_error("headline")
    if head is not None and (len(head) == 0 or not head.iloc[0]["commitments"]):
        ctx.empty_state()  # nothing matches the filters: one notice, not one per chart
        return
    _section(ctx, "theme")
    st.divider()
    _section(ctx, "sdg")


if __name__ == "__main__":
    render(current_context())
