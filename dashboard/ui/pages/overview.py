"""Overview: headline figures, completion by municipality, slippage summary, data as of and coverage.

Run by st.navigation from dashboard/ui/app.py; every user-facing string comes from ctx.t("...").
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, findings
from dashboard.safe_text import md_escape
from dashboard.ui import widgets
from dashboard.ui.context import PageContext

COVERAGE_FIELDS = ("rating", "planned_dates", "theme", "sdg", "lead_agency", "title_ka", "milestones")


def _coverage_table(ctx: PageContext, df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in df.to_dict("records"):
        field = str(r["field"])
        name = ctx.t(f"page.overview.coverage.{field}") if field in COVERAGE_FIELDS else field
        rows.append({ctx.t("page.overview.coverage.field"): name,
                     ctx.t("page.overview.coverage.reported"): ctx.t(
                         "widget.metric.of", n=ctx.fmt_number(r["reported"]), total=ctx.fmt_number(r["total"])),
                     ctx.t("page.overview.coverage.share"): ctx.fmt_percent(r["share"])})
    return pd.DataFrame(rows)


def _markdown_table(df: pd.DataFrame) -> str:
    """A small table as Markdown (every cell escaped). The coverage table has seven rows: as Markdown it is drawn
    with the page's own text, without the interactive data grid, whose front-end code (~1.7 MB of JavaScript in
    some 20 files: grid, Arrow, moment) a new browser otherwise fetches and runs before the Overview is shown."""
    head = "| " + " | ".join(md_escape(c) for c in df.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in df.columns) + "|"
    rows = ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.overview.title"))
    st.caption(ctx.t("page.overview.intro"))

    row = widgets.headline_row(ctx)
    if row is None:
        return
    widgets.headline_metrics(ctx, row)
    widgets.show_finding(ctx, findings.headline(row, ctx.lang))

    st.divider()
    widgets.query_chart(ctx, "completion_by_jurisdiction", "overview_completion", lambda df: charts.completion_chart(
        df, ctx.lang, "jurisdiction", synthetic=ctx.synthetic, sort_by="commitments"),
        finding=lambda df: findings.completion(df, ctx.lang, "jurisdiction"))

    st.divider()
    # Counted in SQL (slip_months: a few rows per month and status), never one row per commitment.
    slip = widgets.query_chart(ctx, "slip_months", "overview_slippage", lambda df: charts.slippage_summary_chart(
        df, ctx.lang, synthetic=ctx.synthetic, kind="commitment"),
        finding=lambda df: findings.slippage(df, ctx.lang, kind="commitment"), kind="commitment")
    if slip is not None:
        st.page_link(ctx.pages["timeline"], label=ctx.t("page.overview.to_timeline"),
                     icon=":material/timeline:", query_params=ctx.params())

    st.divider()
    st.subheader(ctx.t("page.overview.coverage.title"))
    cov = ctx.run_or_error("coverage")
    if cov is not None and not widgets.is_empty(ctx, cov):
        st.caption(ctx.t("page.overview.coverage.caption"))
        st.markdown(_markdown_table(_coverage_table(ctx, cov)))

