"""Timeline: planned vs actual per milestone/commitment, overdue list with days, slip distribution.

Run by st.navigation from dashboard/ui/app.py; every user-facing string comes from ctx.t("...").
Big data: above ROW_LIMIT rows a timeline is aggregated in SQL (slip_months: counts per month of the planned end);
the user may page through the rows instead, ROW_LIMIT at a time (limit/offset in SQL). The overdue list is paged in
SQL too (overdue_items), so a run never fetches more than a page of rows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, findings
from dashboard.charts.timeline import DEFAULT_LIMIT as ROW_LIMIT
from dashboard.ui import widgets
from dashboard.ui.context import PageContext

TABLE_PAGE = 200
_MODES = ("aggregate", "page")


def _total(df: pd.DataFrame | None) -> int:
    """total_rows of a paged query result (0 when no row)."""
    if df is None or len(df) == 0:
        return 0
    return int(df["total_rows"].iloc[0])


def _fits_one_page(ctx: PageContext, kind: str) -> bool:
    """True when the whole dataset has at most ROW_LIMIT rows of this kind (store.Dataset.counts): then any filter
    fits one page, and the rows are fetched at once (no per-month query to count them first)."""
    n = (getattr(ctx.dataset, "counts", None) or {}).get(f"{kind}s")
    return n is not None and int(n) <= ROW_LIMIT


def _timeline_data(ctx: PageContext, kind: str) -> tuple[pd.DataFrame | None, pd.DataFrame | None, int] | None:
    """(first page of rows, per-month counts, total rows) of the milestone or commitment timeline; None when a query
    failed. A small dataset fetches the first page of rows (their total_rows counts them); a big one the per-month
    counts (slip_months: their sum counts the same rows, and the aggregated chart and finding need them anyway),
    and the rows only when the filters leave a page or less. Each is the same cached query the chart draws from."""
    query = f"{kind}_slippage"
    if _fits_one_page(ctx, kind):
        first = ctx.run_or_error(query, limit=ROW_LIMIT, offset=0)
        return None if first is None else (first, None, _total(first))
    months = ctx.run_or_error("slip_months", kind=kind)
    if months is None:
        return None
    total = int(pd.to_numeric(months["n"]).sum()) if len(months) else 0
    if 0 < total <= ROW_LIMIT:
        first = ctx.run_or_error(query, limit=ROW_LIMIT, offset=0)
        return None if first is None else (first, months, _total(first))
    return None, months, total


def _timeline(ctx: PageContext, kind: str, as_of, data=None) -> bool:
    """The milestone or commitment timeline (from `data`, _timeline_data's result, when the run fetched it
    already); False when a query failed."""
    query = f"{kind}_slippage"
    if data is None:
        data = _timeline_data(ctx, kind)
    if data is None:
        return False
    first, months, total = data
    if total == 0:
        if kind == "milestone":
            st.info(ctx.t("page.timeline.no_milestones"), icon=":material/info:")
        return True
    build = charts.milestone_timeline if kind == "milestone" else charts.commitment_timeline
    # Rows without planned dates have no bar to draw: left out of the chart, their number in a line under it.
    if total <= ROW_LIMIT:  # every row is here: the finding counts them (no per-month query)
        fig = widgets.cached_figure(ctx, f"timeline_{kind}", lambda: build(
            first, ctx.lang, as_of=as_of, synthetic=ctx.synthetic, dated_only=True), extra=("rows", 1),
            finding=lambda: findings.slippage(first, ctx.lang, kind=kind, as_of=as_of))
        widgets.chart_block(ctx, fig, key=f"timeline_{kind}", note=charts.timeline.undated_note(fig, ctx.lang, kind))
        return True
    # The finding counts every row: from the per-month counts (small at any size).
    def finding() -> str | None:
        return findings.slippage(months, ctx.lang, kind=kind, as_of=as_of)

    choice = st.segmented_control(ctx.t("page.timeline.big_mode"), options=list(_MODES),
                                  key=f"w_tl_mode_{kind}", default=_MODES[0],
                                  format_func=lambda m: ctx.t(f"page.timeline.mode.{m}"))
    if choice == "page":
        offset = widgets.pager(ctx, f"w_tl_page_{kind}", total, ROW_LIMIT)
        page = offset // ROW_LIMIT + 1
        rows = ctx.run_or_error(query, limit=ROW_LIMIT, offset=offset)
        if rows is None:
            return False
        fig = widgets.cached_figure(ctx, f"timeline_{kind}", lambda: build(
            rows, ctx.lang, mode="page", offset=0, limit=ROW_LIMIT, as_of=as_of, synthetic=ctx.synthetic,
            dated_only=True), extra=("page", page), finding=finding)
    else:
        fig = widgets.cached_figure(ctx, f"timeline_{kind}", lambda: build(
            months, ctx.lang, mode="aggregate", as_of=as_of, synthetic=ctx.synthetic),
            extra=("aggregate", 1), finding=finding)
    widgets.chart_block(ctx, fig, key=f"timeline_{kind}", note=charts.timeline.undated_note(fig, ctx.lang, kind))
    return True


def overdue_table(ctx: PageContext, items: pd.DataFrame) -> pd.DataFrame:
    """Rows of overdue_items (longest overdue first) with headers in the page language."""
    if items is None or len(items) == 0:
        return pd.DataFrame()
    out = pd.DataFrame({
        "kind": [ctx.t(f"page.timeline.kind.{k}") for k in items["kind"]],
        "number": ["" if pd.isna(v) else str(v) for v in items["number"]],
        "days": pd.to_numeric(items["slip_days"], errors="coerce").astype("Int64"),
        "planned_end": [ctx.fmt_date(d) for d in pd.to_datetime(items["planned_end"], errors="coerce").dt.date],
        "title": [ctx.data_label(r, "title") for r in charts.common.records(items)],
        "id": items["id"].astype(str),
    })
    return out.reset_index(drop=True)


def _overdue(ctx: PageContext) -> None:
    st.subheader(ctx.t("page.timeline.overdue"))
    first = ctx.run_or_error("overdue_items", limit=TABLE_PAGE, offset=0)
    if first is None:
        return
    total = _total(first)
    if total == 0:
        st.info(ctx.t("page.timeline.none_overdue"), icon=":material/task_alt:")
        return
    offset = widgets.pager(ctx, "w_tl_overdue_page", total, TABLE_PAGE)
    items = first if offset == 0 else ctx.run_or_error("overdue_items", limit=TABLE_PAGE, offset=offset)
    shown = overdue_table(ctx, items)
    headers = {"kind": ctx.t("page.timeline.col.kind"), "number": ctx.t("chart.column.number"),
               "title": ctx.t("chart.column.title"), "planned_end": ctx.t("chart.column.planned_end"),
               "days": ctx.t("page.timeline.col.days_overdue"), "id": ctx.t("page.timeline.col.id")}
    st.caption(ctx.t("page.timeline.overdue_caption"))
    st.dataframe(shown.rename(columns=headers), hide_index=True, width="stretch")


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.timeline.title"))
    st.caption(ctx.t("page.timeline.intro"))
    # The commitment timeline's data (the same cached queries it draws from): anything to show at all?
    head = _timeline_data(ctx, "commitment")
    if head is None:
        return
    if head[2] == 0:
        ctx.empty_state()
        return
    as_of = widgets.as_of(ctx)
    _timeline(ctx, "milestone", as_of)

    st.divider()
    _overdue(ctx)

    st.divider()
    dist = ctx.run_or_error("slip_distribution")
    if dist is not None and len(dist):
        fig = widgets.cached_figure(ctx, "slip_distribution", lambda: charts.slip_distribution_chart(
            dist, ctx.lang, synthetic=ctx.synthetic), finding=lambda: findings.slip_distribution(dist, ctx.lang))
        widgets.chart_block(ctx, fig, key="slip_distribution")
    elif dist is not None:
        st.info(ctx.t("page.timeline.no_slippage"), icon=":material/info:")

    st.divider()
    _timeline(ctx, "commitment", as_of, data=head)  # the queries of the check above, not run (or copied) again

