"""Municipalities: ranking, side-by-side comparison of 2-4 jurisdictions, municipality x theme heatmap.

Run by st.navigation from dashboard/app_frame.py; every user-facing string comes from ctx.t("...").
"""

from __future__ import annotations

import streamlit as st

from dashboard.app_frame import PageContext, current_context


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.municipalities.title"))
    st.caption(ctx.t("page.municipalities.intro"))
    st.info(ctx.t("page.under_construction"), icon=":material/construction:")


if __name__ == "__main__":
    render(current_context())
