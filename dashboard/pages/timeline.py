"""Timeline: planned vs actual per milestone/commitment, overdue list with days, slip distribution.

Run by st.navigation from dashboard/app_frame.py; every user-facing string comes from ctx.t("...").
Big data: above ROW_LIMIT rows a timeline is aggregated (counts per month of the planned end); the user may page
through the rows instead, ROW_LIMIT at a time. The overdue list is paged too.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import charts, findings, widgets
from dashboard.app_frame import PageContext, current_context
from dashboard.charts.timeline import DEFAULT_LIMIT as ROW_LIMIT

TABLE_PAGE = 200
_MODES = ("aggregate", "page")


def _pager(ctx: PageContext, key: str, total: int, size: int) -> int:
    """A 1-based page number input when there is more than one page; returns the page."""
    pages = max(1, math.ceil(total / size))
    if pages == 1:
        return 1
    page = st.number_input(ctx.t("page.timeline.page", pages=ctx.fmt_number(pages)), min_value=1,
                           max_value=pages, value=1, step=1, key=key)
    first = (int(page) - 1) * size
    st.caption(ctx.t("page.timeline.rows_shown", first=ctx.fmt_number(first + 1),
                     last=ctx.fmt_number(min(first + size, total)), total=ctx.fmt_number(total)))
    return int(page)


def _timeline(ctx: PageContext, df: pd.DataFrame, kind: str, as_of) -> None:
    total = len(df)
    mode, page = "auto", 1
    if total > ROW_LIMIT:
        choice = st.segmented_control(ctx.t("page.timeline.big_mode"), options=list(_MODES),
                                      key=f"w_tl_mode_{kind}", default=_MODES[0],
                                      format_func=lambda m: ctx.t(f"page.timeline.mode.{m}"))
        if choice == "page":
            mode = "page"
            page = _pager(ctx, f"w_tl_page_{kind}", total, ROW_LIMIT)
    build = charts.milestone_timeline if kind == "milestone" else charts.commitment_timeline
    fig = widgets.cached_figure(ctx, f"timeline_{kind}", lambda: build(
        df, ctx.lang, mode=mode, offset=(page - 1) * ROW_LIMIT, limit=ROW_LIMIT, as_of=as_of,
        synthetic=ctx.synthetic), extra=(mode, page),
        finding=lambda: findings.slippage(df, ctx.lang, kind=kind, as_of=as_of))
    widgets.chart_block(ctx, fig, key=f"timeline_{kind}")


def overdue_table(ctx: PageContext, milestones: pd.DataFrame | None, commitments: pd.DataFrame) -> pd.DataFrame:
    """Overdue milestones and commitments, longest overdue first, with headers in the page language."""
    parts = []
    for kind, df in (("milestone", milestones), ("commitment", commitments)):
        if df is None or len(df) == 0:
            continue
        over = df[df["slip_status"] == "overdue"]
        if len(over) == 0:
            continue
        parts.append(pd.DataFrame({
            "kind": ctx.t(f"page.timeline.kind.{kind}"),
            "number": ["" if pd.isna(v) else str(v) for v in over["number"]],
            "days": pd.to_numeric(over["slip_days"], errors="coerce").astype("Int64"),
            "planned_end": pd.to_datetime(over["planned_end"], errors="coerce").dt.date,
            "title": [ctx.data_label(r, "title") for r in over.to_dict("records")],
            "id": over[f"{kind}_id"].astype(str),
        }))
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True).sort_values(["days", "id"], ascending=[False, True],
                                                          na_position="last", kind="stable")
    out["planned_end"] = [ctx.fmt_date(d) for d in out["planned_end"]]
    return out.reset_index(drop=True)


def _overdue(ctx: PageContext, milestones: pd.DataFrame | None, commitments: pd.DataFrame) -> None:
    st.subheader(ctx.t("page.timeline.overdue"))
    table = overdue_table(ctx, milestones, commitments)
    if table.empty:
        st.info(ctx.t("page.timeline.none_overdue"), icon=":material/task_alt:")
        return
    page = _pager(ctx, "w_tl_overdue_page", len(table), TABLE_PAGE)
    shown = table.iloc[(page - 1) * TABLE_PAGE: page * TABLE_PAGE]
    headers = {"kind": ctx.t("page.timeline.col.kind"), "number": ctx.t("chart.column.number"),
               "title": ctx.t("chart.column.title"), "planned_end": ctx.t("chart.column.planned_end"),
               "days": ctx.t("page.timeline.col.days_overdue"), "id": ctx.t("page.timeline.col.id")}
    st.caption(ctx.t("page.timeline.overdue_caption"))
    st.dataframe(shown.rename(columns=headers), hide_index=True, width="stretch")


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.timeline.title"))
    st.caption(ctx.t("page.timeline.intro"))
    commitments = ctx.run_or_error("commitment_slippage")
    if commitments is None or widgets.is_empty(ctx, commitments):
        return
    as_of = widgets.as_of(ctx)
    milestones = ctx.run_or_error("milestone_slippage")

    if milestones is None or len(milestones) == 0:
        st.info(ctx.t("page.timeline.no_milestones"), icon=":material/info:")
    else:
        _timeline(ctx, milestones, "milestone", as_of)

    st.divider()
    _overdue(ctx, milestones, commitments)

    st.divider()
    dist = ctx.run_or_error("slip_distribution")
    if dist is not None and len(dist):
        fig = widgets.cached_figure(ctx, "slip_distribution", lambda: charts.slip_distribution_chart(
            dist, ctx.lang, synthetic=ctx.synthetic), finding=lambda: findings.slip_distribution(dist, ctx.lang))
        widgets.chart_block(ctx, fig, key="slip_distribution")
    elif dist is not None:
        st.info(ctx.t("page.timeline.no_slippage"), icon=":material/info:")

    st.divider()
    _timeline(ctx, commitments, "commitment", as_of)


if __name__ == "__main__":
    render(current_context())
