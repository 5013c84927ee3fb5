"""Municipalities: a map of a chosen measure, ranking, side-by-side comparison of 2-4 jurisdictions,
municipality x theme heatmap.

Run by st.navigation from dashboard/ui/app.py; every user-facing string comes from ctx.t("...").
The comparison's selection lives in the URL (`compare=rustavi,batumi`, see state.View.compare). Choosing a unit
beside the map sets the jurisdiction filter (url_state.set_filters), so the whole dashboard and the URL follow.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, findings, state
from dashboard.charts.map import MEASURES
from dashboard.map_measures import has_commitments, mapped_rows, national_commitments
from dashboard.ui import url_state, widgets
from dashboard.ui.context import PageContext

SORTS = ("mean_score", "commitments")
_SORT_KEY = "w_muni_sort"
_COMPARE_KEY = "w_muni_compare"
MIN_COMPARE, MAX_COMPARE = 2, state.MAX_COMPARE
_MEASURE_KEY = "w_muni_map_measure"
_PICK_KEY = "w_muni_map_pick"


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


def _on_map_pick() -> None:
    """The unit chosen beside the map becomes the jurisdiction filter (none: every jurisdiction)."""
    choice = st.session_state.get(_PICK_KEY)
    url_state.set_filters(jurisdiction=(choice,) if choice else ())


def _map_side(ctx: PageContext, df: pd.DataFrame) -> None:
    """Beside the map: the national commitments it cannot show, and the choice of one unit."""
    st.metric(ctx.t("page.municipalities.map_national"), ctx.fmt_number(national_commitments(df)))
    st.caption(ctx.t("page.municipalities.map_national_note"))
    # The choice lists every jurisdiction on the map, whatever the jurisdiction filter is now.
    everyone = ctx.run_or_error("map_by_jurisdiction", state.replace(ctx.filters, jurisdiction=()))
    rows = charts.common.records(mapped_rows(everyone))
    names = {r["jurisdiction_id"]: ctx.data_label(r, "name") for r in rows}
    chosen = ctx.filters.jurisdiction
    st.session_state[_PICK_KEY] = chosen[0] if len(chosen) == 1 and chosen[0] in names else ""
    st.selectbox(ctx.t("page.municipalities.map_choose"), options=["", *sorted(names, key=names.get)],
                 key=_PICK_KEY, on_change=_on_map_pick, help=ctx.t("page.municipalities.map_choose_help"),
                 format_func=lambda c: names.get(c, ctx.t("page.municipalities.map_all")))


def _map(ctx: PageContext) -> bool:
    """The map section; False (nothing shown) when no commitment passes the filters: the page's empty state
    follows."""
    df = ctx.run_or_error("map_by_jurisdiction")
    if df is None or not has_commitments(df):
        return False
    st.subheader(ctx.t("page.municipalities.map"))
    if _MEASURE_KEY not in st.session_state:
        st.session_state[_MEASURE_KEY] = MEASURES[0]
    measure = st.segmented_control(ctx.t("page.municipalities.map_measure"), options=list(MEASURES),
                                   key=_MEASURE_KEY, selection_mode="single",
                                   format_func=lambda m: ctx.t(f"chart.map.measure.{m}")) or MEASURES[0]
    fig = widgets.cached_figure(ctx, "municipality_map", lambda: charts.municipality_map(
        df, ctx.lang, measure, synthetic=ctx.synthetic), extra=measure,
        finding=lambda: findings.map_measure(df, ctx.lang, measure))
    main, side = st.columns([3, 1], gap="medium")
    with main:
        widgets.chart_block(ctx, fig, key="muni_map")
    with side:
        _map_side(ctx, df)
    return True


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
    if _map(ctx):
        st.divider()
    df = ctx.run_or_error("completion_by_jurisdiction")
    if df is None or widgets.is_empty(ctx, df):
        return
    _ranking(ctx, df)
    st.divider()
    _comparison(ctx, df)
    st.divider()
    _heatmap(ctx)

