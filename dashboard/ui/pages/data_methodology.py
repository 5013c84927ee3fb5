"""Data & methodology: coverage, sources, definitions, downloads, upload of the user's own tables.

Run by st.navigation from dashboard/ui/app.py; every user-facing string comes from ctx.t("...").

Downloads are built lazily (download_button with a callable): CSV with a UTF-8 BOM and XLSX of the filtered
tables, and the PPTX deck of the current view (images rendered only when it is asked for).
Your own data: uploaded tables or portal pages become a Dataset kept in this session's state only
(dashboard/ui/session_data.py set_user_dataset) — never written to disk, never in a shared cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import exports, i18n, metrics
from dashboard.importers.tables import MAX_BYTES, UPLOAD_LIMIT_MB
from dashboard.safe_text import md_escape, safe_url
from dashboard.ui import widgets
from dashboard.ui.context import PageContext
from dashboard.ui.session_data import clear_user_dataset, content_key, set_user_dataset

# The filtered tables offered for download (query name -> catalog key of its name).
DOWNLOADS: tuple[str, ...] = ("commitments_table", "milestone_slippage", "commitment_slippage",
                              "completion_by_jurisdiction", "completion_by_theme", "completion_by_sdg",
                              "jurisdiction_theme", "coverage")
_PROBLEMS_SHOWN = 200
_SOURCES_SHOWN = 500   # commitments listed with their sources (the counts above cover all)


# ----------------------------------------------------------------------------------------------------- helpers

def _filter_lines(ctx: PageContext) -> list[str]:
    """The view's filters in words, for the title slide: plan first, then every other filter that is set."""
    f = ctx.filters
    lines = []
    plans = [ctx.option_label("plan", p) for p in f.plan]
    lines.append(ctx.t("page.data.deck_plan", plans=", ".join(plans) if plans else ctx.t("page.data.all_plans")))
    parts = []
    for dim in ("level", "jurisdiction", "theme", "sdg", "rating"):
        values = getattr(f, dim)
        if values:
            parts.append(f"{ctx.t(f'filter.{dim}')}: " + ", ".join(ctx.option_label(dim, v) for v in values))
    lines.append(ctx.t("page.data.deck_filters", filters="; ".join(parts) if parts else ctx.t("page.data.no_filters")))
    as_of = widgets.as_of(ctx)
    lines.append(ctx.t("page.data.deck_as_of", period=widgets.period_label(ctx) or "—",
                       date=ctx.fmt_date(as_of) if as_of else "—"))
    return lines


# ----------------------------------------------------------------------------------------------------- sections

def _coverage(ctx: PageContext) -> None:
    st.subheader(ctx.t("page.data.coverage"), anchor=False)
    df = ctx.run_or_error("coverage")
    if df is None:
        return
    total = int(df["total"].iloc[0]) if not df.empty else 0
    if total == 0:
        ctx.empty_state()
        return
    rating = df[df["field"] == "rating"]
    if not rating.empty:
        text = ctx.t("page.data.coverage_rating", reported=ctx.fmt_number(rating["reported"].iloc[0]),
                     total=ctx.fmt_number(total), period=widgets.period_label(ctx) or "—")
        st.markdown("**" + md_escape(text) + "**")
    table = pd.DataFrame({
        "field": [ctx.t(f"page.data.field.{f}") if i18n.has_key(f"page.data.field.{f}", ctx.lang) else f
                  for f in df["field"]],
        "reported": df["reported"].astype(int),
        "total": df["total"].astype(int),
        "share": df["share"].astype(float).fillna(0.0) * 100,
    })
    cc = st.column_config
    st.dataframe(table, hide_index=True, key="data_coverage", column_config={
        "field": cc.TextColumn(ctx.t("page.data.col.field"), width="medium"),
        "reported": cc.NumberColumn(ctx.t("page.data.col.reported")),
        "total": cc.NumberColumn(ctx.t("page.data.col.total")),
        "share": cc.ProgressColumn(ctx.t("page.data.col.share"), min_value=0, max_value=100, format="%.0f%%"),
    })
    st.caption(ctx.t("page.data.coverage_caption"))


def _sources(ctx: PageContext) -> None:
    st.subheader(ctx.t("page.data.sources"), anchor=False)
    st.markdown(ctx.t("page.data.sources_body"))
    stats = ctx.run_or_error("source_hosts")   # counted in SQL: no row per commitment is fetched
    if stats is None or stats.empty or not int(stats["total"].iloc[0]):
        return
    first = stats.iloc[0]
    st.markdown(md_escape(ctx.t("page.data.sources_count", n=ctx.fmt_number(int(first["with_source"])),
                                total=ctx.fmt_number(int(first["total"])), urls=ctx.fmt_number(int(first["urls"])))))
    hosts = stats[stats["host"].notna()]
    if len(hosts):
        st.dataframe(pd.DataFrame({"host": hosts["host"].astype(str), "commitments": hosts["commitments"].astype(int)}),
                     hide_index=True, key="data_hosts", column_config={
                         "host": st.column_config.TextColumn(ctx.t("page.data.col.host")),
                         "commitments": st.column_config.NumberColumn(ctx.t("page.data.col.commitments")),
                     })
    # Lazy: the list (up to _SOURCES_SHOWN rows) is queried and sent only while the expander is open.
    box = st.expander(ctx.t("page.data.sources_per_commitment"), key="data_sources_box", on_change="rerun")
    if not box.open:
        return
    with box:
        df = ctx.run_or_error("commitments_table", limit=_SOURCES_SHOWN)
        if df is None or df.empty:
            return
        total = int(df["total_rows"].iloc[0])
        if total > len(df):
            st.caption(ctx.t("page.timeline.rows_shown", first=ctx.fmt_number(1), last=ctx.fmt_number(len(df)),
                             total=ctx.fmt_number(total)))
        urls = [[u for u in (safe_url(r.get("source_url_en")), safe_url(r.get("source_url_ka"))) if u]
                for r in df.to_dict("records")]
        rows = pd.DataFrame({
            "commitment": [ctx.data_label(r, "title") or r["commitment_id"] for r in df.to_dict("records")],
            "sources": [len(u) for u in urls],
            "link": [u[0] if u else None for u in urls],
        })
        st.dataframe(rows, hide_index=True, key="data_sources", column_config={
            "commitment": st.column_config.TextColumn(ctx.t("page.commitments.col.title"), width="large"),
            "sources": st.column_config.NumberColumn(ctx.t("page.data.col.sources")),
            "link": st.column_config.LinkColumn(ctx.t("page.commitments.col.source"),
                                                display_text=ctx.t("page.commitments.source_link")),
        })


def _definitions(ctx: PageContext) -> None:
    st.subheader(ctx.t("page.data.definitions"), anchor=False)
    ratings = ("fully_implemented", "mostly_implemented", "partially_implemented", "not_implemented", "not_reported")
    scores = {"fully_implemented": "1", "mostly_implemented": "⅔", "partially_implemented": "⅓",
              "not_implemented": "0", "not_reported": "—"}
    table = pd.DataFrame({
        "rating": [ctx.label("rating", r) for r in ratings],
        "score": [scores[r] for r in ratings],
        "irm": [ctx.t(f"method.irm.{r}") for r in ratings],
    })
    st.dataframe(table, hide_index=True, key="data_scores", column_config={
        "rating": st.column_config.TextColumn(ctx.t("page.data.col.rating")),
        "score": st.column_config.TextColumn(ctx.t("page.data.col.score")),
        "irm": st.column_config.TextColumn(ctx.t("page.data.col.irm")),
    })
    for line in exports.methodology_lines(ctx.lang):
        st.markdown("- " + md_escape(line))
    th = metrics.thresholds()
    st.markdown("**" + md_escape(ctx.t("page.data.thresholds")) + "**")
    names = ("due_soon_days", "rag_on_track_bei", "rag_on_track_max_overdue_days", "rag_off_track_bei",
             "rag_off_track_overdue_days")
    values = [ctx.fmt_percent(th[n]) if n.endswith("_bei") else ctx.fmt_number(th[n]) for n in names]
    st.dataframe(pd.DataFrame({"name": [ctx.t(f"method.threshold.{n}") for n in names], "value": values}),
                 hide_index=True, key="data_thresholds", column_config={
                     "name": st.column_config.TextColumn(ctx.t("page.data.col.threshold"), width="large"),
                     "value": st.column_config.TextColumn(ctx.t("page.data.col.value")),
                 })
    st.caption(ctx.t("page.data.thresholds_caption"))


def _downloads(ctx: PageContext) -> None:
    st.subheader(ctx.t("page.data.downloads"), anchor=False)
    st.caption(ctx.t("page.data.downloads_intro"))
    frames: dict[str, Any] = {}    # name -> (row count, callable returning the whole table)
    cursor_source = ctx.dataset
    filters = ctx.filters

    def fetch(name: str) -> Callable[[], pd.DataFrame]:
        def get() -> pd.DataFrame:   # on click: every row, on a cursor of its own
            df = metrics.run(cursor_source.con.cursor(), name, filters)
            return df.drop(columns=["total_rows"], errors="ignore")
        return get

    # Every row count from one query (download_counts); the rows themselves are fetched only on a click.
    counts = ctx.run_or_error("download_counts")
    if counts is None:
        return
    row = counts.iloc[0] if len(counts) else {}
    for name in DOWNLOADS:
        frames[name] = (int(row.get(name, 0) or 0), fetch(name))
    as_of = widgets.as_of(ctx)   # the data-as-of date (the URL's, the chosen period's or the latest's)
    stamp = ctx.fmt_date(as_of) if as_of else ""
    for name, (n_rows, get) in frames.items():
        label = ctx.t(f"page.data.table.{name}")
        cols = st.columns([3, 1, 2], vertical_alignment="center")
        cols[0].markdown(md_escape(label))
        cols[1].caption(ctx.t("page.data.rows", n=ctx.fmt_number(n_rows)))
        cols[2].download_button(
            ctx.t("export.download_csv"), data=lambda g=get: exports.csv_bytes(g()),
            file_name=exports.export_filename(label, ctx.lang, "csv"), mime="text/csv", key=f"dl_csv_{name}",
            on_click="ignore", icon=":material/download:")
    sheets = {ctx.t(f"page.data.sheet.{name}"): get for name, (_n, get) in frames.items()}
    c1, c2 = st.columns(2)
    c1.download_button(
        ctx.t("export.download_xlsx"), data=lambda s=sheets: exports.xlsx_bytes({k: g() for k, g in s.items()}),
        file_name=exports.export_filename(ctx.t("page.data.xlsx_name") + (f" {stamp}" if stamp else ""),
                                         ctx.lang, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_xlsx",
        on_click="ignore", icon=":material/table_view:", type="primary")

    # The slide deck of the current view: computed only when asked for (images through one headless Chromium).
    subtitle = _filter_lines(ctx)
    source = widgets.source_line(ctx)
    lang, synthetic, compare = ctx.lang, bool(ctx.synthetic), tuple(ctx.view.compare)
    user_label = ctx.user_data.label if ctx.user_data is not None else None

    def make_deck() -> bytes:   # on click: the slides of presentation mode, queried on a cursor of their own
        cursor = cursor_source.con.cursor()
        return exports.deck_bytes(lambda name, **extra: metrics.run(cursor, name, filters, **extra), lang,
                                  filters=filters, compare=compare, subtitle_lines=subtitle, source_line=source,
                                  synthetic=synthetic, user_label=user_label)

    c2.download_button(
        ctx.t("export.download_pptx"), data=make_deck,
        file_name=exports.export_filename(ctx.t("app.title"), ctx.lang, "pptx"),
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", key="dl_pptx",
        on_click="ignore", icon=":material/slideshow:")
    st.caption(ctx.t("page.data.pptx_caption") if exports.find_browser() is not None
               else ctx.t("page.data.pptx_no_images"))


# ----------------------------------------------------------------------------------------------------- uploads

def _show_problems(ctx: PageContext, problems: list[Any], total: int | None = None) -> None:
    """The first problems as plain text (file names and values come from the upload) and a count of the rest
    (``total`` counts the problems the loader found but did not keep)."""
    total = max(total or 0, len(problems))
    st.error(ctx.t("upload.invalid", n=ctx.fmt_number(total)), icon=":material/error:")
    st.text("\n".join(str(p) for p in problems[:_PROBLEMS_SHOWN]))
    if total > _PROBLEMS_SHOWN:
        st.text(ctx.t("upload.more_problems", n=ctx.fmt_number(total - _PROBLEMS_SHOWN)))


def _uploader_key(name: str) -> str:
    """The uploader's widget key: a new key empties the widget (and Streamlit drops its files)."""
    gen = st.session_state.get("_up_gen", 0)
    return name if not gen else f"{name}_{gen}"


def _within_budget(*uploads: Any) -> None:
    """The session's upload budget, checked as files arrive (the widgets' limit is per file): when the files in
    both uploaders pass it, both are emptied at once, so the server does not keep them, and the next run says so."""
    total = sum(int(getattr(f, "size", 0) or 0) for up in uploads for f in (up or []))
    if total <= MAX_BYTES:
        return
    st.session_state["_up_gen"] = st.session_state.get("_up_gen", 0) + 1
    st.session_state["_up_refused"] = total
    st.rerun()


def _files(uploaded: Any) -> list[tuple[str, bytes]]:
    return [(f.name, f.getvalue()) for f in (uploaded or [])]


def _too_large(ctx: PageContext, files: list[tuple[str, bytes]]) -> bool:

    total = sum(len(d) for _, d in files)
    if total > MAX_BYTES:
        st.error(ctx.t("upload.too_large", size=ctx.fmt_number(total / 1000 / 1000, 1),
                       limit=ctx.fmt_number(UPLOAD_LIMIT_MB)), icon=":material/error:")
        return True
    return False


def _use_tables(ctx: PageContext, files: list[tuple[str, bytes]]) -> None:
    from dashboard.importers.tables import load_uploads
    from dashboard.store import DataError

    if _too_large(ctx, files):
        return
    try:
        dataset = load_uploads(files)
    except DataError as exc:
        _show_problems(ctx, exc.problems, exc.total)
        return
    names = ", ".join(n for n, _ in files[:3]) + ("…" if len(files) > 3 else "")
    set_user_dataset(dataset, content_key(dict(files)), names)
    st.rerun()


def _use_pages(ctx: PageContext, files: list[tuple[str, bytes]], commitment_id: str, replace: bool) -> None:
    """Portal pages parsed and merged into a copy of the bundled tables, in memory (read-only on disk)."""
    from dashboard.importers import portal_page as pp
    from dashboard.store import DataError, load_dataset, resolve_data_dir

    if _too_large(ctx, files):
        return
    if not 1 <= len(files) <= 2:
        _show_problems(ctx, [ctx.t("upload.pages_count")])
        return
    texts = []
    for name, data in files:
        try:
            texts.append((name, pp.decode_page(name, data)))
        except pp.ImportError_:
            _show_problems(ctx, [ctx.t("upload.not_utf8", name=name)])
            return
    root = resolve_data_dir(None)
    try:
        pages = pp.plan_pages(texts, root, commitment_id=commitment_id.strip() or None, replace=replace)
    except pp.UnreadableLanguage as exc:
        _show_problems(ctx, [ctx.t("upload.page_language", name=exc.name)])
        return
    except pp.ImportError_ as exc:
        _show_problems(ctx, [str(exc)])
        return
    except Exception as exc:  # a page the parser cannot read is a problem to list, not a crash
        _show_problems(ctx, [f"{type(exc).__name__}: {exc}"])
        return
    plan = pages.plan
    if plan is None:  # the served data directory does not exist
        _show_problems(ctx, [ctx.t("upload.no_data_dir")])
        return
    if plan.problems or plan.conflicts:
        _show_problems(ctx, [*plan.problems, *plan.conflicts])
        if plan.conflicts:
            st.caption(ctx.t("upload.conflicts_hint"))
        return
    files_map = plan.resulting_files()
    label = ", ".join(n for n, _ in files)
    try:
        dataset = load_dataset(files_map, label=label)
    except DataError as exc:
        _show_problems(ctx, exc.problems, exc.total)
        return
    st.session_state["_upload_warnings"] = pages.warnings
    set_user_dataset(dataset, content_key(files_map), label)
    st.rerun()


def _your_data(ctx: PageContext) -> None:
    st.subheader(ctx.t("upload.title"), anchor=False)
    st.markdown(ctx.t("upload.intro", mb=ctx.fmt_number(UPLOAD_LIMIT_MB)))
    if ctx.user_data is not None:
        st.success(ctx.t("upload.active", label=md_escape(ctx.user_data.label)), icon=":material/check_circle:")
        st.button(ctx.t("banner.back_to_bundled"), key="up_back", on_click=clear_user_dataset,
                  icon=":material/undo:")
        warnings = st.session_state.get("_upload_warnings") or []
        if warnings:
            with st.expander(ctx.t("upload.warnings", n=ctx.fmt_number(len(warnings)))):
                st.text("\n".join(str(w) for w in warnings[:100]))
    refused = st.session_state.pop("_up_refused", None)
    if refused:
        st.error(ctx.t("upload.too_large", size=ctx.fmt_number(refused / 1000 / 1000, 1),
                       limit=ctx.fmt_number(UPLOAD_LIMIT_MB)), icon=":material/error:")
    tables_tab, pages_tab = st.tabs([ctx.t("upload.tables_tab"), ctx.t("upload.pages_tab")])
    with tables_tab:
        st.caption(ctx.t("upload.tables_help"))
        uploaded = st.file_uploader(ctx.t("upload.tables_label"), type=["csv", "zip", "xlsx", "json"],
                                    accept_multiple_files=True, key=_uploader_key("up_tables"),
                                    max_upload_size=UPLOAD_LIMIT_MB)
        if st.button(ctx.t("upload.use_tables"), key="up_tables_go", disabled=not uploaded,
                     icon=":material/upload:", type="primary"):
            _use_tables(ctx, _files(uploaded))
    with pages_tab:
        st.caption(ctx.t("upload.pages_help"))
        pages = st.file_uploader(ctx.t("upload.pages_label"), type=["txt", "html", "htm"], accept_multiple_files=True,
                                 key=_uploader_key("up_pages"), max_upload_size=UPLOAD_LIMIT_MB)
        _within_budget(uploaded, pages)
        cid = st.text_input(ctx.t("upload.commitment_id"), key="up_cid", max_chars=150,
                            placeholder=ctx.t("upload.commitment_id_placeholder"))
        replace = st.checkbox(ctx.t("upload.replace"), key="up_replace", value=True)
        if st.button(ctx.t("upload.use_pages"), key="up_pages_go", disabled=not pages,
                     icon=":material/upload:", type="primary"):
            _use_pages(ctx, _files(pages), cid or "", bool(replace))


# ----------------------------------------------------------------------------------------------------- page

def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.data_methodology.title"))
    st.caption(ctx.t("page.data_methodology.intro"))
    tabs = st.tabs([ctx.t("page.data.tab_coverage"), ctx.t("page.data.tab_methodology"),
                    ctx.t("page.data.tab_downloads"), ctx.t("page.data.tab_upload")])
    with tabs[0]:
        _coverage(ctx)
        _sources(ctx)
    with tabs[1]:
        _definitions(ctx)
    with tabs[2]:
        _downloads(ctx)
    with tabs[3]:
        _your_data(ctx)

