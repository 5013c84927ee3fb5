"""Government and independent assessments: the portal's ratings (the government's monitoring) beside the IRM's
(independent), what each covers, where they agree, how statuses moved between reports, and the IRM's results.

The source filter (`?source=portal` or `?source=irm`, none = both) lives in the URL like the other filters. The
crosswalk between the two scales is the dashboard's own reading; every figure says which source it counts.
Run by st.navigation from dashboard/ui/app.py; `commitment_history` is also shown on a commitment's page.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import findings, i18n
from dashboard.charts import assessments as charts_a
from dashboard.labels import assessment_value_label, irm_label
from dashboard.missing import is_missing
from dashboard.safe_text import safe_url
from dashboard.schema import ASSESSMENT_SOURCES, Filters
from dashboard.ui import widgets
from dashboard.ui.context import PageContext
from dashboard.ui.url_state import set_filters

_SOURCE_KEY = "w_assessments_source"
_ALL = "all"
_NOT_REPORTED = ("nd", "nr", "na")


def _on_source_change() -> None:
    choice = st.session_state.get(_SOURCE_KEY) or _ALL
    set_filters(source=() if choice == _ALL else (choice,))


def _source_filter(ctx: PageContext) -> tuple[str, ...]:
    """The source control (both / portal / IRM), kept in the URL; returns the sources shown."""
    current = ctx.filters.source[0] if len(ctx.filters.source) == 1 else _ALL
    st.session_state[_SOURCE_KEY] = current
    options = [_ALL, *ASSESSMENT_SOURCES]
    st.segmented_control(ctx.t("page.assessments.source_filter"), options, key=_SOURCE_KEY,
                         selection_mode="single", on_change=_on_source_change,
                         format_func=lambda s: ctx.t("page.assessments.source_all") if s == _ALL
                         else ctx.t(f"assessment_source.{s}"))
    return ASSESSMENT_SOURCES if current == _ALL else (current,)


def _irm_reported(irm: pd.DataFrame | None) -> int:
    """Commitments with a completion in either IRM report (ND, NR, NA and empty not counted)."""
    if irm is None or irm.empty:
        return 0
    real = [not _missing_or_code(a) or not _missing_or_code(b)
            for a, b in zip(irm["progress_completion"], irm["end_of_term_completion"], strict=True)]
    return sum(real)


def _missing_or_code(v: Any) -> bool:
    return is_missing(v) or v == "" or v in _NOT_REPORTED


def _metrics(ctx: PageContext, head: dict, irm: pd.DataFrame | None, agreement: pd.DataFrame | None,
             shown: tuple[str, ...]) -> None:
    total = int(head.get("commitments") or 0)
    cols = st.columns(4, gap="medium")

    def of(n: int, d: int) -> str:
        return ctx.t("page.assessments.metric.of", n=ctx.fmt_number(n), total=ctx.fmt_number(d))

    if "portal" in shown:
        cols[0].metric(ctx.t("page.assessments.metric.portal"), of(int(head.get("rated") or 0), total))
        cols[0].caption(ctx.t("page.assessments.metric.portal_note"))
    if "irm" in shown:
        cols[1].metric(ctx.t("page.assessments.metric.irm"), of(_irm_reported(irm), total))
        cols[1].caption(ctx.t("page.assessments.metric.irm_note"))
        n_irm = 0 if irm is None else len(irm)
        starred = 0 if irm is None or irm.empty else int(irm["starred"].fillna(False).astype(bool).sum())
        cols[3].metric(ctx.t("page.assessments.metric.starred"), ctx.fmt_number(starred))
        cols[3].caption(ctx.t("page.assessments.metric.starred_note", total=ctx.fmt_number(n_irm)))
    if len(shown) == 2 and agreement is not None:
        agree = int((agreement["agreement"] == "agree").sum()) if len(agreement) else 0
        cols[2].metric(ctx.t("page.assessments.metric.both"), ctx.fmt_number(len(agreement)))
        cols[2].caption(ctx.t("page.assessments.metric.both_note", agree=ctx.fmt_number(agree)))


def _link_columns(ctx: PageContext, names: dict[str, str]) -> dict[str, Any]:
    return {col: st.column_config.LinkColumn(ctx.t(f"chart.column.{col}"), display_text=ctx.t("chart.column.link"))
            for col in names}


def _agreement_table(ctx: PageContext, df: pd.DataFrame, key: str) -> None:
    """The compared commitments with both values, the crosswalk's reading and both sources linked."""
    rows = [{
        ctx.t("chart.column.commitment_id"): r["commitment_id"],
        ctx.t("chart.column.title"): ctx.data_label(r, "title"),
        ctx.t("chart.column.portal_rating"): ctx.label("rating", r["portal_rating"]),
        ctx.t("chart.column.irm_completion"): irm_label("completion", r["irm_completion"], ctx.lang),
        ctx.t("chart.column.crosswalk"): irm_label("completion", r["crosswalk"], ctx.lang),
        ctx.t("chart.column.agreement"): ctx.t(f"agreement.{r['agreement']}"),
        "portal_source_url": safe_url(r["portal_source_url"]),
        "irm_source_url": safe_url(r["irm_source_url"]),
    } for r in df.to_dict("records")]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=key,
                 column_config=_link_columns(ctx, {"portal_source_url": "", "irm_source_url": ""}))


def _agreement(ctx: PageContext, agreement: pd.DataFrame | None) -> None:
    st.subheader(ctx.t("page.assessments.agreement"), anchor=False)
    if agreement is None:
        return
    fig = widgets.cached_figure(ctx, "assessment_agreement",
                                lambda: charts_a.agreement_chart(agreement, ctx.lang, synthetic=ctx.synthetic),
                                finding=lambda: findings.agreement(agreement, ctx.lang))
    widgets.chart_block(ctx, fig, key="assessment_agreement")
    if agreement.empty:
        return
    _agreement_table(ctx, agreement, "as_compared")
    st.markdown(f"**{ctx.t('page.assessments.disagreements')}**")
    differ = agreement[agreement["agreement"] != "agree"]
    if differ.empty:
        st.info(ctx.t("page.assessments.no_disagreement"), icon=":material/handshake:")
    else:
        _agreement_table(ctx, differ, "as_disagreements")


def _section_coverage(ctx: PageContext, head: dict, shown: tuple[str, ...]) -> None:
    st.subheader(ctx.t("page.assessments.coverage"), anchor=False)
    history = ctx.run_or_error("assessment_history")
    if history is None:
        return
    history = charts_a.for_period(history, head.get("period_id"))
    total = int(head.get("commitments") or 0)
    sources = tuple(s for s in charts_a.SOURCES if ("portal" if s == "portal" else "irm") in shown)
    fig = widgets.cached_figure(ctx, "assessment_coverage", lambda: charts_a.coverage_chart(
        history, total, ctx.lang, synthetic=ctx.synthetic, sources=sources), extra=sources,
        finding=lambda: findings.assessment_coverage(history, total, ctx.lang))
    widgets.chart_block(ctx, fig, key="assessment_coverage")


def _section_moves(ctx: PageContext) -> None:
    st.subheader(ctx.t("page.assessments.moves"), anchor=False)
    moves = ctx.run_or_error("assessment_moves")
    if moves is None:
        return
    if moves.empty:  # says why there is no chart (not the "nothing matches the filters" notice)
        st.info(findings.moves(moves, ctx.lang), icon=":material/timeline:")
        return
    fig = widgets.cached_figure(ctx, "assessment_moves",
                                lambda: charts_a.moves_chart(moves, ctx.lang, synthetic=ctx.synthetic),
                                finding=lambda: findings.moves(moves, ctx.lang))
    widgets.chart_block(ctx, fig, key="assessment_moves")


def _section_irm(ctx: PageContext, irm: pd.DataFrame | None) -> None:
    st.subheader(ctx.t("page.assessments.irm_results"), anchor=False)
    if irm is None or widgets.is_empty(ctx, irm):
        return
    fig = widgets.cached_figure(ctx, "irm_open_government",
                                lambda: charts_a.open_government_chart(irm, ctx.lang, synthetic=ctx.synthetic),
                                finding=lambda: findings.open_government(irm, ctx.lang))
    widgets.chart_block(ctx, fig, key="irm_open_government")
    with st.expander(ctx.t("page.assessments.irm_table"), icon=":material/table:"):
        st.dataframe(_irm_frame(ctx, irm), hide_index=True, key="as_irm",
                     column_config=_link_columns(ctx, {"irm_source_url": ""}))


def _irm_frame(ctx: PageContext, irm: pd.DataFrame) -> pd.DataFrame:
    lab = ctx.t
    return pd.DataFrame([{
        lab("chart.column.commitment_id"): r["commitment_id"],
        lab("chart.column.title"): ctx.data_label(r, "title"),
        lab("chart.column.progress_completion"): irm_label("completion", r["progress_completion"], ctx.lang),
        lab("chart.column.end_of_term_completion"): irm_label("completion", r["end_of_term_completion"], ctx.lang),
        lab("chart.column.open_government"): irm_label("open_government", r["open_government"], ctx.lang),
        lab("chart.column.potential_impact"): irm_label("potential_impact", r["potential_impact"], ctx.lang),
        lab("chart.column.starred"): irm_label("yes_no", _starred(r), ctx.lang),
        "irm_source_url": safe_url(r["source_url"]),
    } for r in irm.to_dict("records")])


def _starred(r: dict) -> Any:
    """yes when either report starred it, no when a report says no, else the not-reported code of the reports."""
    values = [r["starred_end_of_term"], r["starred_progress"]]
    if r["starred"]:
        return "yes"
    if "no" in values:
        return "no"
    return next((v for v in values if not is_missing(v) and v != ""), None)


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.assessments.title"))
    st.caption(ctx.t("page.assessments.intro"))
    shown = _source_filter(ctx)
    head = widgets.headline_row(ctx)
    if head is None:
        return
    irm = ctx.run_or_error("irm_results") if "irm" in shown else None
    agreement = ctx.run_or_error("assessment_agreement") if len(shown) == 2 else None
    _metrics(ctx, head, irm, agreement, shown)
    st.divider()
    _section_coverage(ctx, head, shown)
    st.divider()
    if len(shown) == 2:
        _agreement(ctx, agreement)
    else:
        st.caption(ctx.t("page.assessments.source_note"))
    st.divider()
    _section_moves(ctx)
    if "irm" in shown:
        st.divider()
        _section_irm(ctx, irm)


# ----------------------------------------------------------------------------------------------------- commitment

def commitment_history(ctx: PageContext, cid: str) -> None:
    """A commitment's own assessments from both sources, oldest first, each with its source linked."""
    st.subheader(ctx.t("page.commitments.assessments"), anchor=False)
    history = ctx.run_or_error("assessment_history", filters=Filters(commitment=(cid,)))
    if history is None:
        return
    if history.empty:
        st.text(ctx.t("page.commitments.no_assessments"))
        return
    rows = [{
        ctx.t("chart.column.source"): ctx.t(f"assessment_source.{r['source']}"),
        ctx.t("chart.column.year"): "" if is_missing(r["year"]) else str(int(r["year"])),
        ctx.t("chart.column.value"): assessment_value_label(r["source"], r["value"], ctx.lang),
        ctx.t("chart.column.score"): i18n.fmt_number(r["score"], ctx.lang, 2),
        "source_url": safe_url(r["source_url"]),
    } for r in history.to_dict("records")]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="cm_assessments", column_config={
        "source_url": st.column_config.LinkColumn(ctx.t("chart.column.link"), display_text=ctx.t("chart.column.link"))})
    st.caption(ctx.t("page.commitments.assessments_note"))
