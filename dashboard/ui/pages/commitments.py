"""Commitments: searchable table and a commitment page that mirrors the portal page.

Run by st.navigation from dashboard/ui/app.py; every user-facing string comes from ctx.t("...").

Without a commitment in the URL the page lists the commitments of the current filters (text search over the
titles in both languages: the words are bound parameters of commitments_table, never SQL text), a page of rows at
a time. Selecting a row (or picking a
commitment in the box) puts `commitment=<id>` in the URL, so the link opens that commitment's page directly.
Every data value is shown as plain text: Markdown with every special character escaped (md_escape), links only
from validated http(s) URLs (safe_url).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, i18n
from dashboard.missing import is_missing
from dashboard.safe_text import md_escape, safe_url
from dashboard.schema import Filters
from dashboard.ui import comment_form, widgets
from dashboard.ui.context import PageContext
from dashboard.ui.pages import assessments
from dashboard.ui.url_state import set_filters

_TABLE_KEY = "cm_table"
_IDS_KEY = "_cm_table_ids"
_MAX_DETAIL = 5        # commitments shown when the URL names several
_SEARCH_LIMIT = 200    # characters of the search text used
_PAGE_ROWS = 200       # commitments listed per page (fetched with limit/offset)


# ----------------------------------------------------------------------------------------------------- helpers

def _missing(value: Any) -> bool:
    """Missing, or only blanks: shown as "not reported"."""
    return is_missing(value) or str(value).strip() == ""


def _or_not_reported(ctx: PageContext, text: Any) -> str:
    return ctx.t("page.commitments.not_reported") if _missing(text) else str(text)


def _field(ctx: PageContext, label: str, value: Any) -> None:
    """One "Label: value" line of the portal page; the value is escaped plain text."""
    st.markdown(f"**{md_escape(label)}:** {md_escape(_or_not_reported(ctx, value))}")


def _paragraphs(text: Any) -> None:
    """Long data text (description, narrative) as escaped paragraphs."""
    for para in str(text).splitlines():
        if para.strip():
            st.markdown(md_escape(para.strip()))


def _codes(value: Any) -> list[str]:
    return [] if _missing(value) else [c.strip() for c in str(value).split(",") if c.strip()]


def _month(ctx: PageContext, value: Any) -> str:
    return ctx.t("page.commitments.not_reported") if _missing(value) else ctx.fmt_month(value)


def _day_or_month(ctx: PageContext, value: Any, precision: Any) -> str:
    if _missing(value):
        return ctx.t("page.commitments.not_reported")
    return ctx.fmt_month(value) if str(precision) == "month" else ctx.fmt_date(value)


def _progress_label(ctx: PageContext, state_code: Any, rating_code: Any) -> str:
    state_text = ctx.label("state", None if _missing(state_code) else state_code)
    rating_text = ctx.label("rating", None if _missing(rating_code) else rating_code)
    return ctx.t("page.commitments.progress_line", state=state_text, rating=rating_text)


def _slip_text(ctx: PageContext, row: Any) -> str:
    status = row.get("slip_status")
    text = ctx.label("slip", status) if not _missing(status) else ctx.t("page.commitments.not_reported")
    days = row.get("slip_days")
    if _missing(days):
        return text
    days_text = i18n.fmt_days(int(days), ctx.lang)
    key = "page.commitments.slip_days_min" if bool(row.get("slip_is_minimum")) else "page.commitments.slip_days"
    return ctx.t(key, status=text, days=days_text)


def _text_columns(ctx: PageContext, names: tuple[str, ...]) -> dict[str, Any]:
    """column_config of text columns headed page.commitments.col.<name>: number narrow, title wide."""
    widths = {"number": "small", "title": "large"}
    return {name: st.column_config.TextColumn(ctx.t(f"page.commitments.col.{name}"), width=widths.get(name))
            for name in names}


def _sources(ctx: PageContext, urls: list[tuple[str, Any]]) -> None:
    """Link buttons to the sources: only validated http(s) URLs, each once; the URL itself as escaped text."""
    seen: set[str] = set()
    shown = 0
    for label, url in urls:
        good = safe_url(url)
        if good is None or good in seen:
            continue
        seen.add(good)
        shown += 1
        cols = st.columns([1, 3], vertical_alignment="center")
        cols[0].link_button(label, good, icon=":material/open_in_new:")
        cols[1].markdown(md_escape(good))
    if not shown:
        st.text(ctx.t("page.commitments.no_sources"))


# ----------------------------------------------------------------------------------------------------- the list

def _open_selected_row() -> None:
    """dataframe on_select callback: open the selected commitment."""
    selection = st.session_state.get(_TABLE_KEY)
    ids = st.session_state.get(_IDS_KEY) or []
    try:
        rows = selection["selection"]["rows"]
    except (KeyError, TypeError):
        return
    if rows and 0 <= rows[0] < len(ids):
        set_filters(commitment=(ids[rows[0]],))


def _open_picked() -> None:
    picked = st.session_state.get("cm_open")
    if picked:
        set_filters(commitment=(picked,))


def _table_frame(ctx: PageContext, df: pd.DataFrame) -> pd.DataFrame:
    records = charts.common.records(df)  # as df.to_dict("records"), faster on text columns
    rows = []
    for r in records:
        url = safe_url(r.get(f"source_url_{ctx.lang}")) or safe_url(r.get(f"source_url_{i18n.other_lang(ctx.lang)}"))
        rows.append({
            "number": "" if _missing(r.get("number")) else str(r["number"]),
            "title": ctx.data_label(r, "title") or r["commitment_id"],
            "plan": ctx.data_label(r, "plan_name") or r.get("plan_id") or "",
            "jurisdictions": ctx.data_label(r, "jurisdictions"),
            "lead_agency": ctx.data_label(r, "lead_agency") or ctx.t("page.commitments.not_reported"),
            "planned_start": _month(ctx, r.get("planned_start")),
            "planned_end": _month(ctx, r.get("planned_end")),
            "state": ctx.label("state", None if _missing(r.get("state")) else r["state"]),
            "rating": ctx.label("rating", None if _missing(r.get("rating")) else r["rating"]),
            "milestones": ctx.t("page.commitments.milestones_done", done=ctx.fmt_number(r.get("milestones_done")),
                                total=ctx.fmt_number(r.get("milestones")))
            if r.get("milestones") else "",
            "source": url,
        })
    return pd.DataFrame(rows, columns=["number", "title", "plan", "jurisdictions", "lead_agency", "planned_start",
                                       "planned_end", "state", "rating", "milestones", "source"])


def _words(query: Any) -> tuple[str, ...]:
    """The search words (case-folded, each once, in order)."""
    return tuple(dict.fromkeys(w for w in str(query or "").casefold().split() if w))


def _render_list(ctx: PageContext) -> None:
    base = ctx.filters if not ctx.filters.commitment else _without_commitment(ctx.filters)
    # Without a search or state choice (the widgets' values from the last run) the first page of the list counts
    # every commitment too: one query instead of a count and the page.
    unnarrowed = not _words(st.session_state.get("cm_search")) and not st.session_state.get("cm_state")
    if unnarrowed:
        head = ctx.run_or_error("commitments_table", filters=base, limit=_PAGE_ROWS, offset=0, search=None,
                                state=None)
    else:
        head = ctx.run_or_error("commitments_table", filters=base, limit=1)
    if head is None:
        return
    if head.empty:
        ctx.empty_state()
        return
    total = int(head["total_rows"].iloc[0])
    c1, c2 = st.columns([3, 2])
    query = c1.text_input(ctx.t("page.commitments.search"), key="cm_search", max_chars=_SEARCH_LIMIT,
                          placeholder=ctx.t("page.commitments.search_placeholder"))
    states = [s for s in ("completed", "in_progress", "not_started", "suspended", "not_reported")]
    picked_states = c2.multiselect(ctx.t("page.commitments.state_filter"), options=states, key="cm_state",
                                   format_func=lambda s: ctx.label("state", s), placeholder=ctx.t("filter.all"))
    # Search and state narrow the list in SQL as bound parameters (the words are data, never SQL text); only the
    # rows of the page shown are fetched.
    words = _words(query)
    narrow = {"search": words or None, "state": tuple(picked_states) or None}
    first = ctx.run_or_error("commitments_table", filters=base, limit=_PAGE_ROWS, offset=0, **narrow)
    if first is None:
        return
    matched = int(first["total_rows"].iloc[0]) if len(first) else 0
    st.caption(ctx.t("page.commitments.count", shown=ctx.fmt_number(matched), total=ctx.fmt_number(total)))
    if matched == 0:
        st.info(ctx.t("page.commitments.no_match"), icon=":material/search_off:")
        return
    shown = first
    lo = widgets.pager(ctx, "cm_page", matched, _PAGE_ROWS)
    if lo:
        shown = ctx.run_or_error("commitments_table", filters=base, limit=_PAGE_ROWS, offset=lo, **narrow)
        if shown is None:
            return
    ids = shown["commitment_id"].astype(str).tolist()
    st.session_state[_IDS_KEY] = ids
    table = comment_form.with_counts(ctx, _table_frame(ctx, shown), ids)
    st.dataframe(
        table, hide_index=True, key=_TABLE_KEY, on_select=_open_selected_row, selection_mode="single-row",
        column_config={
            **_text_columns(ctx, ("number", "title", "plan", "jurisdictions", "lead_agency", "planned_start",
                                  "planned_end", "state", "rating", "milestones")),
            "source": st.column_config.LinkColumn(ctx.t("page.commitments.col.source"),
                                                  display_text=ctx.t("page.commitments.source_link")),
            "comments": comment_form.count_column(ctx),
        },
    )
    st.caption(ctx.t("page.commitments.select_hint"))
    labels = dict(zip(ids, (f"{n} · {t}" if n else t for n, t in zip(table["number"], table["title"]))))
    st.selectbox(ctx.t("page.commitments.open"), options=ids, index=None, key="cm_open",
                 format_func=lambda cid: labels.get(cid, cid), on_change=_open_picked,
                 placeholder=ctx.t("page.commitments.open_placeholder"))


def _without_commitment(filters: Filters) -> Filters:
    from dashboard import state

    return state.replace(filters, commitment=())


# ----------------------------------------------------------------------------------------------------- one page

def _render_commitment(ctx: PageContext, cid: str) -> None:
    base = Filters(commitment=(cid,), period=ctx.filters.period, as_of=ctx.filters.as_of)
    detail = ctx.run_or_error("commitment_detail", filters=base)
    if detail is None:
        return
    if detail.empty:
        st.warning(ctx.t("page.commitments.not_found", id=md_escape(cid)), icon=":material/search_off:")
        return
    c = detail.iloc[0].to_dict()

    number = "" if _missing(c.get("number")) else f"{c['number']}. "
    title = ctx.data_label(c, "title") or cid
    st.header(md_escape(number + title), anchor=False)
    meta = [ctx.t("page.commitments.id_line", id=cid)]
    if not _missing(c.get("ogp_id")):
        meta.append(ctx.t("page.commitments.ogp_id", id=str(c["ogp_id"])))
    plan = ctx.data_label(c, "plan_name")
    if plan:
        meta.append(ctx.t("page.commitments.plan_line", plan=plan))
    juris = [ctx.option_label("jurisdiction", j) for j in _codes(c.get("jurisdiction_ids"))]
    if juris:
        meta.append(ctx.t("page.commitments.jurisdictions_line", names=", ".join(juris)))
    st.caption(md_escape(" · ".join(meta)))

    # The fields in the order of the portal page.
    _field(ctx, ctx.t("field.commitment"), ctx.data_label(c, "title"))
    st.markdown(f"**{md_escape(ctx.t('field.commitment_description'))}:**")
    description = ctx.data_label(c, "description")
    if description:
        _paragraphs(description)
    else:
        st.text(ctx.t("page.commitments.not_reported"))
    _field(ctx, ctx.t("field.outcome"), ctx.data_label(c, "outcome"))
    _field(ctx, ctx.t("field.timeline"), ctx.t(
        "page.commitments.timeline", start_label=ctx.t("field.start_date"), start=_month(ctx, c.get("planned_start")),
        end_label=ctx.t("field.end_date"), end=_month(ctx, c.get("planned_end"))))
    themes = [ctx.option_label("theme", code) for code in _codes(c.get("theme_ids"))]
    _field(ctx, ctx.t("field.thematic_areas"), ", ".join(themes))
    sdgs = [ctx.option_label("sdg", code) for code in _codes(c.get("sdgs"))]
    _field(ctx, ctx.t("field.sdg"), "; ".join(sdgs))
    period_id = c.get("period_id")
    _field(ctx, ctx.t("field.reporting_period"),
           ctx.option_label("period", period_id) if not _missing(period_id) else None)
    _field(ctx, ctx.t("field.lead_agency"), ctx.data_label(c, "lead_agency"))

    # Progress in the selected period, then the other periods.
    st.subheader(ctx.t("field.progress"), anchor=False)
    st.markdown(f"**{md_escape(_progress_label(ctx, c.get('state'), c.get('rating')))}**")
    narrative = ctx.data_label(c, "narrative")
    if narrative:
        _paragraphs(narrative)
    elif _missing(c.get("state")) and _missing(c.get("rating")):
        st.text(ctx.t("page.commitments.no_progress"))
    history = ctx.run_or_error("commitment_progress_history", filters=base)
    if history is not None:
        others = history[history["period_id"].astype(str) != str(period_id)]
        if not others.empty:
            with st.expander(ctx.t("page.commitments.other_periods", n=ctx.fmt_number(len(others)))):
                for h in others.to_dict("records"):
                    st.markdown(f"**{md_escape(ctx.data_label(h, 'label') or h['period_id'])}:** "
                                f"{md_escape(_progress_label(ctx, h.get('state'), h.get('rating')))}")
                    text = ctx.data_label(h, "narrative")
                    if text:
                        _paragraphs(text)

    _render_milestones(ctx, base, c)
    assessments.commitment_history(ctx, cid)  # the portal's and the IRM's assessments over time

    st.subheader(ctx.t("field.source"), anchor=False)
    urls: list[tuple[str, Any]] = [
        (ctx.t("page.commitments.source_en"), c.get("source_url_en")),
        (ctx.t("page.commitments.source_ka"), c.get("source_url_ka")),
        (ctx.t("page.commitments.source_progress"), c.get("progress_source_url")),
    ]
    if history is not None:
        urls += [(ctx.t("page.commitments.source_progress"), u) for u in history["source_url"].tolist()]
    _sources(ctx, urls)
    comment_form.render(ctx, cid)


def _render_milestones(ctx: PageContext, base: Filters, c: dict) -> None:
    st.subheader(ctx.t("field.milestones"), anchor=False)
    slip = ctx.run_or_error("milestone_slippage", filters=base)
    detail = ctx.run_or_error("milestone_detail", filters=base)
    if slip is None or detail is None:
        return
    if slip.empty and detail.empty:
        st.text(ctx.t("page.commitments.no_milestones"))
        return
    period_id = c.get("period_id")
    as_of = slip["as_of"].iloc[0] if not slip.empty else c.get("as_of")
    if not _missing(as_of):
        st.caption(ctx.t("page.commitments.milestones_as_of", date=ctx.fmt_date(as_of)))
    # The selected period's progress row of each milestone (or the milestone alone when it has none).
    in_period = detail[detail["period_id"].astype(object).eq(period_id).fillna(False)] if not _missing(period_id) \
        else detail.iloc[0:0]
    firsts = detail.drop_duplicates("milestone_id")
    info = {r["milestone_id"]: r for r in firsts.to_dict("records")}
    for r in in_period.to_dict("records"):
        info[r["milestone_id"]] = r
    slips = {r["milestone_id"]: r for r in slip.to_dict("records")}
    order = list(dict.fromkeys([*slip["milestone_id"].tolist(), *firsts["milestone_id"].tolist()]))

    # Each milestone: its text and progress (m), its position against the plan (s), merged (s wins when set).
    merged = [(info.get(mid, {}), slips.get(mid, {})) for mid in order]
    merged = [(m, s, {**m, **{k: v for k, v in s.items() if not _missing(v) or k not in m}}) for m, s in merged]
    summary = []
    for m, s, row in merged:
        summary.append({
            "number": str(row.get("number") or ""),
            "title": ctx.data_label(row, "title"),
            "planned": ctx.t("page.commitments.range", start=_month(ctx, row.get("planned_start")),
                             end=_month(ctx, row.get("planned_end"))),
            "actual_start": _day_or_month(ctx, row.get("actual_start"), m.get("actual_start_precision")),
            "actual_end": _day_or_month(ctx, row.get("actual_end"), m.get("actual_end_precision")),
            "state": ctx.label("state", None if _missing(row.get("state")) else row["state"]),
            "rating": ctx.label("rating", None if _missing(row.get("rating")) else row["rating"]),
            "slip": _slip_text(ctx, s) if s else ctx.t("page.commitments.not_reported"),
        })
    st.dataframe(pd.DataFrame(summary), hide_index=True, key="cm_milestones", column_config=_text_columns(
        ctx, ("number", "title", "planned", "actual_start", "actual_end", "state", "rating", "slip")))

    for m, s, row in merged:
        with st.container(border=True):
            number = str(row.get("number") or "")
            st.markdown(f"**{md_escape((number + '. ') if number else '')}{md_escape(ctx.data_label(row, 'title'))}**")
            left, right = st.columns([3, 2])
            with left:
                _field(ctx, ctx.t("field.indicator"), ctx.data_label(row, "indicator"))
                _field(ctx, ctx.t("field.timeline"), ctx.t(
                    "page.commitments.timeline", start_label=ctx.t("field.start"),
                    start=_month(ctx, row.get("planned_start")), end_label=ctx.t("field.end"),
                    end=_month(ctx, row.get("planned_end"))))
                _field(ctx, ctx.t("page.commitments.actual_dates"), ctx.t(
                    "page.commitments.timeline", start_label=ctx.t("field.start"),
                    start=_day_or_month(ctx, row.get("actual_start"), m.get("actual_start_precision")),
                    end_label=ctx.t("field.end"),
                    end=_day_or_month(ctx, row.get("actual_end"), m.get("actual_end_precision"))))
                _field(ctx, ctx.t("field.partner_organization"), ctx.data_label(row, "partner"))
                _field(ctx, ctx.t("field.lead_agency"), ctx.data_label(row, "lead_agency"))
            with right:
                _field(ctx, ctx.t("field.status"), ctx.label("state", None if _missing(row.get("state"))
                                                              else row["state"]))
                _field(ctx, ctx.t("field.rating"), ctx.label("rating", None if _missing(row.get("rating"))
                                                              else row["rating"]))
                _field(ctx, ctx.t("page.commitments.against_plan"), _slip_text(ctx, s) if s else None)
            _field(ctx, ctx.t("field.outcome"), ctx.data_label(row, "outcome"))


# ----------------------------------------------------------------------------------------------------- page

def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.commitments.title"))
    ids = list(dict.fromkeys(ctx.filters.commitment))
    if not ids:
        st.caption(ctx.t("page.commitments.intro"))
        _render_list(ctx)
        return
    st.button(ctx.t("page.commitments.back"), key="cm_back", on_click=set_filters, kwargs={"commitment": ()},
              icon=":material/arrow_back:", type="tertiary")
    for i, cid in enumerate(ids[:_MAX_DETAIL]):
        if i:
            st.divider()
        _render_commitment(ctx, cid)

