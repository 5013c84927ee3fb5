"""Streamlit pieces shared by the pages: a chart with its finding, caption, table alternative and image downloads;
the headline figures; empty states; cached figures.

    fig = widgets.cached_figure(ctx, "completion_jurisdiction", lambda: charts.completion_chart(df, ctx.lang))
    widgets.chart_block(ctx, fig, key="completion_jurisdiction", finding=findings.completion(df, ctx.lang))

Every text comes from the catalogs (ctx.t) or from the data (escaped: never rendered as Markdown or HTML).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, exports, state
from dashboard.missing import is_missing
from dashboard.safe_text import md_escape
from dashboard.ui import plotly_view
from dashboard.ui.context import PageContext

# ---------------------------------------------------------------------------------------------- data helpers

def is_empty(ctx: PageContext, df: pd.DataFrame | None) -> bool:
    """True (after showing the friendly empty state) when there is nothing to draw."""
    if charts.is_empty(df):
        ctx.empty_state()
        return True
    return False


@st.cache_resource(show_spinner=False, max_entries=256, ttl=6 * 3600)
def _period_info(dataset_key: str, period: str | None, _ctx: PageContext) -> tuple[dt.date | None, dict]:
    """(as-of date, label row) of the chosen period, else of the latest one."""
    periods = _ctx.run("periods")
    if periods is None or len(periods) == 0:
        return None, {}
    periods = periods.assign(_d=pd.to_datetime(periods["as_of"], errors="coerce"))
    rows = periods[periods["period_id"] == period] if period else periods.sort_values("_d").tail(1)
    if rows.empty or pd.isna(rows["_d"].max()):
        return None, {}
    row = rows.iloc[-1]
    return row["_d"].date(), {"label_en": row.get("label_en"), "label_ka": row.get("label_ka")}


def as_of(ctx: PageContext) -> dt.date | None:
    """The date the view is "as of": the URL's as_of, else the chosen period's, else the latest period's."""
    if ctx.filters.as_of:
        return dt.date.fromisoformat(str(ctx.filters.as_of))
    return _period_info(ctx.dataset_key, ctx.filters.period, ctx)[0]


def period_label(ctx: PageContext) -> str:
    """The label of the chosen (or latest) reporting period in the page language, "" when none."""
    row = _period_info(ctx.dataset_key, ctx.filters.period, ctx)[1]
    return ctx.data_label(row, "label") if row else ""


def source_line(ctx: PageContext) -> str:
    """"Source: … · as of …" for exported images, in the page language."""
    if ctx.user_data is not None:
        source = ctx.t("widget.source_user", label=ctx.user_data.label)
    elif ctx.synthetic:
        source = ctx.t("widget.source_synthetic")
    else:
        source = ctx.t("widget.source_bundled")
    return ctx.t("export.source_line", source=source, date=ctx.fmt_date(as_of(ctx)))  # no date: "—"


@st.cache_resource(show_spinner=False, max_entries=512, ttl=6 * 3600)
def _figure_cache(dataset_key: str, filters_key: tuple, lang: str, synthetic: bool, name: str, extra: Hashable,
                  _build: Callable[[], go.Figure], _finding: Callable[[], str] | None) -> go.Figure:
    fig = _build()
    # Computed once with the figure: the table alternative, the finding and the JSON the browser draws
    # (plotly_view.show; attributes plotly leaves alone).
    fig._dash_table = charts.table_alternative(fig, lang)
    fig._dash_finding = _finding() if _finding is not None else None
    fig._dash_json = fig.to_json()
    return fig


def clear_caches() -> None:
    """Forget every cached figure and period (the benchmarks measure first renders with this)."""
    _figure_cache.clear()
    _period_info.clear()


def plain_figure(fig: go.Figure) -> dict[str, Any]:
    """The figure as the plain dict the page's chart and the image export start from (plotly's fig.to_dict())."""
    return fig.to_dict()


def cached_figure(ctx: PageContext, name: str, build: Callable[[], go.Figure], extra: Hashable = (),
                  finding: Callable[[], str] | None = None) -> go.Figure:
    """A figure built once per (dataset version, filters, language, chart name, extra) and shared read-only:
    reruns skip plotly's slow figure construction. `extra` holds any other input (page options, selections);
    `finding` (optional) computes the chart's one-sentence finding, cached with it and shown by chart_block."""
    return _figure_cache(ctx.dataset_key, state.canonical_key(ctx.filters), ctx.lang, bool(ctx.synthetic), name,
                         extra, build, finding)


# ---------------------------------------------------------------------------------------------- chart block

def show_finding(ctx: PageContext, text: str | None) -> None:
    """A one-sentence finding above a chart (plain text from data: escaped, shown in bold)."""
    if text:
        st.markdown(f"**{md_escape(text)}**")


def _image_maker(fig: go.Figure, fmt: str, title: str, source: str, lang: str, synthetic: bool
                 ) -> Callable[[], bytes]:
    """The deferred data of a download button: rendered only when the user clicks (kaleido, one renderer)."""
    def make() -> bytes:  # slide_layout copies the figure: the shared cached one is never changed
        return exports.figure_image(fig, fmt, title=title, source_line=source, lang=lang, synthetic=synthetic)

    return make


def chart_block(ctx: PageContext, fig: go.Figure, *, key: str, finding: str | None = None,
                note: str | None = None) -> None:
    """A chart with its finding, a note right under it (optional, plain text: e.g. what it leaves out), one-line
    "how computed" caption, table alternative and PNG/SVG downloads.

    The images (1920×1080 PNG and SVG, with title, source and "as of" line, watermark on synthetic data) are
    rendered lazily, only when a download button is clicked."""
    title = charts.figure_title(fig)
    show_finding(ctx, finding if finding is not None else getattr(fig, "_dash_finding", None))
    plotly_view.show(fig, key=f"chart_{key}", config=exports.plotly_config(ctx.lang, title or key),
                     label=title or key, failed=ctx.t("widget.chart_not_loaded"))
    if note:
        st.caption(md_escape(note))
    caption = charts.caption(fig, ctx.lang)
    if caption:
        st.caption(caption)
    # Lazy: the table is built and sent only while the expander is open (opening it reruns the page from cache).
    table_box = st.expander(ctx.t("widget.table_alternative"), icon=":material/table:", key=f"tbl_{key}",
                            on_change="rerun")
    if table_box.open:
        with table_box:
            table = getattr(fig, "_dash_table", None)
            table = charts.table_alternative(fig, ctx.lang) if table is None else table
            if table.empty:
                st.caption(ctx.t("widget.table_empty"))
            else:
                st.dataframe(table, hide_index=True, width="stretch")
    if ctx.view.present:
        return
    if exports.find_browser() is None:
        st.caption(ctx.t("export.unavailable"))
        return
    source = source_line(ctx)
    row = st.container(horizontal=True, gap="small")
    for fmt, mime, label in (("png", "image/png", "export.download_png"),
                             ("svg", "image/svg+xml", "export.download_svg")):
        row.download_button(ctx.t(label), data=_image_maker(fig, fmt, title, source, ctx.lang, ctx.synthetic),
                            file_name=exports.export_filename(title or key, ctx.lang, fmt), mime=mime,
                            key=f"dl_{fmt}_{key}", on_click="ignore", icon=":material/download:")


def query_chart(ctx: PageContext, query: str, key: str, build: Callable[[pd.DataFrame], go.Figure],
                finding: Callable[[pd.DataFrame], str] | None = None, **extra: Any) -> pd.DataFrame | None:
    """Run a metric and show its chart (cached figure, chart_block under `key`), or the empty state when it has no
    rows. Returns the rows (None when the query failed or had none)."""
    df = ctx.run_or_error(query, **extra)
    if df is None or is_empty(ctx, df):
        return None
    fig = cached_figure(ctx, key, lambda: build(df), extra=_extra_key(extra),
                        finding=(lambda: finding(df)) if finding is not None else None)
    chart_block(ctx, fig, key=key)
    return df


def _extra_key(extra: Mapping[str, Any]) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in extra.items()))


def pager(ctx: PageContext, key: str, total: int, size: int) -> int:
    """A 1-based page number input and a "rows 201–400 of 1,234" line when there is more than one page of `size`
    rows; returns the offset of the page's first row (0 with a single page)."""
    pages = max(1, -(-int(total) // int(size)))
    if pages == 1:
        return 0
    page = st.number_input(ctx.t("page.timeline.page", pages=ctx.fmt_number(pages)), min_value=1,
                           max_value=pages, value=1, step=1, key=key)
    first = (int(page) - 1) * size
    st.caption(ctx.t("page.timeline.rows_shown", first=ctx.fmt_number(first + 1),
                     last=ctx.fmt_number(min(first + size, total)), total=ctx.fmt_number(total)))
    return first


# ---------------------------------------------------------------------------------------------- headline

def _num(row: Mapping[str, Any], name: str) -> Any:
    v = row.get(name)
    return None if is_missing(v) else v


def headline_metrics(ctx: PageContext, row: Mapping[str, Any]) -> None:
    """The five headline figures with their coverage and the period's "as of" date."""
    commitments = int(_num(row, "commitments") or 0)
    rated = int(_num(row, "rated") or 0)
    milestones = int(_num(row, "milestones") or 0)
    done = int(_num(row, "milestones_done") or 0)
    overdue = int(_num(row, "milestones_overdue") or 0)
    c_overdue = int(_num(row, "commitments_overdue") or 0)
    cols = st.columns(5, gap="medium")
    with cols[0]:
        st.metric(ctx.t("widget.metric.commitments"), ctx.fmt_number(commitments))
        st.caption(ctx.t("widget.metric.commitments_note"))
    with cols[1]:
        st.metric(ctx.t("widget.metric.rated_share"), ctx.fmt_percent(rated / commitments if commitments else None))
        st.caption(ctx.t("metric.coverage", reported=ctx.fmt_number(rated), total=ctx.fmt_number(commitments)))
    with cols[2]:
        mean = _num(row, "mean_score")
        st.metric(ctx.t("widget.metric.mean_score"), ctx.fmt_number(mean, 2))
        st.caption(ctx.t("widget.metric.mean_score_note"))
    with cols[3]:
        st.metric(ctx.t("widget.metric.milestones_done"),
                  ctx.t("widget.metric.of", n=ctx.fmt_number(done), total=ctx.fmt_number(milestones)))
        bei = _num(row, "bei")
        st.caption(ctx.t("widget.metric.bei", due=ctx.fmt_number(_num(row, "milestones_due") or 0),
                         bei=ctx.fmt_percent(bei), n=ctx.fmt_number(done), total=ctx.fmt_number(milestones)))
    with cols[4]:
        st.metric(ctx.t("widget.metric.overdue"), ctx.fmt_number(overdue))
        # The caption says what the figure counts (milestones), then the overdue commitments beside it.
        st.caption(ctx.t("widget.metric.overdue_note", total=ctx.fmt_number(milestones),
                         commitments=ctx.fmt_number(c_overdue)))
    date = _num(row, "as_of")
    label = period_label(ctx)
    st.caption(ctx.t("widget.as_of", date=ctx.fmt_date(date), period=md_escape(label)) if label
               else ctx.t("app.data_as_of", date=ctx.fmt_date(date)))


def headline_row(ctx: PageContext) -> dict | None:
    """The headline query's one row for this view; None when there is nothing to show (the query's error or the
    empty state is shown then)."""
    head = ctx.run_or_error("headline")
    if head is None:
        return None
    row = head.iloc[0].to_dict() if len(head) else {}
    if not row or not row.get("commitments"):
        ctx.empty_state()
        return None
    return row
