"""Overview: headline figures, completion by municipality, slippage summary, data as of and coverage.

Run by st.navigation from dashboard/app_frame.py; every user-facing string comes from ctx.t("...").
"""

from __future__ import annotations

import streamlit as st

from dashboard.app_frame import PageContext, current_context


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.overview.title"))
    st.caption(ctx.t("page.overview.intro"))
    st.info(ctx.t("page.under_construction"), icon=":material/construction:")


if __name__ == "__main__":
    render(current_context())
