"""Commitments: searchable table and a commitment page that mirrors the portal page.

Run by st.navigation from dashboard/app_frame.py; every user-facing string comes from ctx.t("...").
"""

from __future__ import annotations

import streamlit as st

from dashboard.app_frame import PageContext, current_context


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.commitments.title"))
    st.caption(ctx.t("page.commitments.intro"))
    st.info(ctx.t("page.under_construction"), icon=":material/construction:")


if __name__ == "__main__":
    render(current_context())
