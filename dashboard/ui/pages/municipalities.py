"""Municipalities: ranking, side-by-side comparison of 2-4 jurisdictions, municipality x theme heatmap.

Run by st.navigation from dashboard/ui/app.py; every user-facing string comes from ctx.t("...").
The comparison's selection lives in the URL (`compare=rustavi,batumi`, see state.View.compare).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, findings, state
from dashboard.ui import widgets
from dashboard.ui.context import PageContext

SORTS = ("mean_score", "commitments")
_SORT_KEY = "w_muni_sort"
_COMPARE_KEY = "w_muni_compare"
MIN_COMPARE, MAX_COMPARE = 2, state.MAX_COMPARE


def default_comparison(df: pd.DataFrame, n: int = 3) -> list[str]:
    """A sensible default: the jurisdictions filtered in the sidebar when 2-4 are, else the ones with the most
    rated commitments (then most commitments)."""
    ids = list(df["jurisdiction_id"])
    if MIN_COMPARE <= len(ids) <= MAX_COMPARE:
        return ids
    ranked = df.assign(_r=pd.to_numeric(df["rated"], errors="coerce").fillna(0),
                       _c=pd.to_numeric(df["commitments"], errors="coerce").fillna(0))
    ranked = ranked.sort_values(["_r", "_c", "jurisdiction_id"], ascending=[False, False, True], kind="stable")
    return list(ranked["jurisdiction_id"])[:n]


def _on_compare_change() -> None:
    """Keep the comparison in the URL (raw codes), so a copied link reproduces it."""
    chosen = [str(c) for c in st.session_state.get(_COMPARE_KEY) or []][:MAX_COMPARE]
    if chosen:
        st.query_params["compare"] = ",".join(chosen)
    elif "compare" in st.query_params:
        del st.query_params["compare"]


def _ranking(ctx: PageContext, df: pd.DataFrame) -> None:
    st.subheader(ctx.t("page.municipalities.ranking"))
    if _SORT_KEY not in st.session_state:
        st.session_state[_SORT_KEY] = SORTS[0]
    sort_by = st.segmented_control(ctx.t("page.municipalities.sort_by"), options=list(SORTS), key=_SORT_KEY,
                                   format_func=lambda s: ctx.t(f"page.municipalities.sort.{s}"),
                                   selection_mode="single") or SORTS[0]
    fig = widgets.cached_figure(ctx, "completion_jurisdiction_ranked", lambda: charts.completion_chart(
        df, ctx.lang, "jurisdiction", synthetic=ctx.synthetic, sort_by=sort_by), extra=sort_by,
        finding=lambda: findings.completion(df, ctx.lang, "jurisdiction"))
    widgets.chart_block(ctx, fig, key="muni_ranking")


def _comparison(ctx: PageContext, df: pd.DataFrame) -> None:
    st.subheader(ctx.t("page.municipalities.compare"))
    codes = list(df["jurisdiction_id"])
    names = {r["jurisdiction_id"]: ctx.data_label(r, "name") for r in charts.common.records(df)}
    from_url = [c for c in ctx.view.compare if c in names]
    current = from_url if len(from_url) >= 1 else default_comparison(df)
    st.session_state[_COMPARE_KEY] = current[:MAX_COMPARE]
    chosen = st.multiselect(ctx.t("page.municipalities.compare_pick"), options=codes, key=_COMPARE_KEY,
                            format_func=lambda c: names.get(c, c), max_selections=MAX_COMPARE,
                            placeholder=ctx.t("page.municipalities.compare_placeholder"),
                            on_change=_on_compare_change)
    if len(chosen) < MIN_COMPARE:
        st.info(ctx.t("page.municipalities.compare_need_two"), icon=":material/compare_arrows:")
        return
    theme = ctx.run_or_error("jurisdiction_theme")
    theme = None if theme is None else theme[theme["jurisdiction_id"].isin(chosen)]
    key = tuple(chosen)
    fig = widgets.cached_figure(ctx, "comparison", lambda: charts.comparison_chart(
        df, ctx.lang, chosen, theme_df=theme, synthetic=ctx.synthetic), extra=key,
        finding=lambda: findings.comparison(df, ctx.lang, chosen))
    widgets.chart_block(ctx, fig, key="muni_compare")


def _heatmap(ctx: PageContext) -> None:
    st.subheader(ctx.t("page.municipalities.heatmap"))
    widgets.query_chart(ctx, "jurisdiction_theme", "muni_heatmap", lambda df: charts.jurisdiction_theme_heatmap(
        df, ctx.lang, synthetic=ctx.synthetic), finding=lambda df: findings.heatmap(df, ctx.lang))


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.municipalities.title"))
    st.caption(ctx.t("page.municipalities.intro"))
    df = ctx.run_or_error("completion_by_jurisdiction")
    if df is None or widgets.is_empty(ctx, df):
        return
    _ranking(ctx, df)
    st.divider()
    _comparison(ctx, df)
    st.divider()
    _heatmap(ctx)

