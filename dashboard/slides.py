"""The slides of presentation mode and of the PPTX deck: one (title, figure, finding) per chart of the Overview,
Municipalities, Themes & SDGs, Timeline and Government and IRM (assessments) pages, in the chosen language.
Pure (no Streamlit).

    slides = build_slides(ctx.run, ctx.lang, ctx.filters, ctx.synthetic, compare=ctx.view.compare)

`run(name)` returns the rows of queries/<name>.sql for the view's filters (PageContext.run does). The order is
fixed, so slide numbers in a URL (`?present=1&page=3`) stay meaningful; a chart with no rows under the filters
still has its slide (figure None, the finding says there is nothing to show).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, findings, i18n
from dashboard.charts import assessments as charts_a
from dashboard.charts.titles import plain_text
from dashboard.map_measures import has_commitments
from dashboard.schema import Filters

Run = Callable[[str], pd.DataFrame]


@dataclass(frozen=True)
class Slide:
    key: str                   # stable id: "<page>.<chart>", e.g. "overview.completion_jurisdiction"
    page: str                  # the dashboard page the chart comes from (catalog key nav.<page>)
    title: str                 # plain text (the figure's title)
    figure: go.Figure | None   # None when the query returned no rows
    finding: str               # one plain-text sentence computed from the rows
    caption: str = ""          # the chart's one-line "how computed" caption
    subtitle: str = ""         # the figure's subtitle (e.g. what grey cells mean), plain text


def _call(run: Run, name: str, **extra: Any) -> pd.DataFrame | None:
    """run(name, **extra) (PageContext.run takes extra parameters); None when `run` only takes a name."""
    try:
        return run(name, **extra)
    except TypeError:
        return None


def _empty(df: pd.DataFrame | None) -> bool:
    return df is None or len(df) == 0


def _completion(query: str, dimension: str, sort_by: str = "input"):
    def build(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
        df = run(query)
        title = i18n.t(f"chart.completion.title_{dimension}", lang)
        fig = None if _empty(df) else charts.completion_chart(df, lang, dimension, synthetic=synthetic,
                                                              sort_by=sort_by)
        return title, fig, findings.completion(df, lang, dimension)
    return build


def _slippage_summary(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
    df = _call(run, "slip_months", kind="commitment")   # counted in SQL at any size
    if df is None:
        df = run("commitment_slippage")
    title = i18n.t("chart.slippage_summary.title_commitment", lang)
    fig = None if _empty(df) else charts.slippage_summary_chart(df, lang, synthetic=synthetic, kind="commitment")
    return title, fig, findings.slippage(df, lang, kind="commitment", as_of=filters.as_of)


def default_comparison(df: pd.DataFrame, n: int = 3) -> list[str]:
    """As on the Municipalities page: the jurisdictions left by the filters when 2-4 are, else the ones with the
    most rated (then most) commitments."""
    ids = list(df["jurisdiction_id"])
    if 2 <= len(ids) <= 4:
        return ids
    ranked = df.assign(_r=pd.to_numeric(df["rated"], errors="coerce").fillna(0),
                       _c=pd.to_numeric(df["commitments"], errors="coerce").fillna(0))
    ranked = ranked.sort_values(["_r", "_c", "jurisdiction_id"], ascending=[False, False, True], kind="stable")
    return list(ranked["jurisdiction_id"])[:n]


def _comparison(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
    df = run("completion_by_jurisdiction")
    if _empty(df):
        return i18n.t("chart.comparison.title", lang, names=""), None, findings.comparison(df, lang, [])
    ids = [j for j in compare if j in set(df["jurisdiction_id"])][:4]
    if len(ids) < 2:
        ids = default_comparison(df)
    theme_df = run("jurisdiction_theme")
    if not _empty(theme_df):
        theme_df = theme_df[theme_df["jurisdiction_id"].isin(ids)]
    fig = charts.comparison_chart(df, lang, ids, theme_df=theme_df, synthetic=synthetic)
    return charts.figure_title(fig), fig, findings.comparison(df, lang, ids)


def _map(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
    """The municipality map of the number of commitments (the page's default measure)."""
    df = run("map_by_jurisdiction")
    title = i18n.t("chart.map.title_commitments", lang)
    if not has_commitments(df):   # no commitment passes the filters: no map, the empty finding
        return title, None, findings.map_measure(None, lang, "commitments")
    fig = charts.municipality_map(df, lang, "commitments", synthetic=synthetic)
    return title, fig, findings.map_measure(df, lang, "commitments")


def _heatmap(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
    df = run("jurisdiction_theme")
    title = i18n.t("chart.heatmap.title", lang)
    fig = None if _empty(df) else charts.jurisdiction_theme_heatmap(df, lang, synthetic=synthetic)
    return title, fig, findings.heatmap(df, lang)


def _milestone_timeline(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
    # Rows up to the chart's limit, else the per-month counts (slip_months): never every milestone.
    rows = _call(run, "milestone_slippage", limit=charts.timeline.DEFAULT_LIMIT + 1)
    months = _call(run, "slip_months", kind="milestone")
    if rows is None or months is None:
        rows = months = run("milestone_slippage")
    title = i18n.t("chart.timeline.title_milestone", lang)
    fig = None
    if not _empty(rows):
        df = rows if len(rows) <= charts.timeline.DEFAULT_LIMIT else months
        mode = "auto" if df is rows or "n" not in df.columns else "aggregate"
        fig = charts.milestone_timeline(df, lang, as_of=filters.as_of, synthetic=synthetic, mode=mode)
        title = charts.figure_title(fig) or title
    return title, fig, findings.slippage(months if not _empty(rows) else rows, lang, kind="milestone",
                                         as_of=filters.as_of)


def _slip_distribution(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
    df = run("slip_distribution")
    title = i18n.t("chart.slip_distribution.title", lang)
    fig = None if _empty(df) else charts.slip_distribution_chart(df, lang, synthetic=synthetic)
    return title, fig, findings.slip_distribution(df, lang)


def _assessment_coverage(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
    head = run("headline")
    title = i18n.t("chart.assessment_coverage.title", lang)
    total = 0 if _empty(head) else int(head.iloc[0]["commitments"] or 0)
    if not total:
        return title, None, findings.assessment_coverage(None, 0, lang)
    history = charts_a.for_period(run("assessment_history"), head.iloc[0]["period_id"])
    sources = tuple(x for x in charts_a.SOURCES if not filters.source
                    or ("portal" if x == "portal" else "irm") in filters.source)
    fig = charts_a.coverage_chart(history, total, lang, synthetic=synthetic, sources=sources)
    return title, fig, findings.assessment_coverage(history, total, lang)


def _assessment(query: str, title_key: str, chart: Callable[..., go.Figure], finding: Callable[[Any, str], str]):
    """A slide of the assessments page drawn from one query's rows (no figure when it has none)."""
    def build(run: Run, lang: str, filters: Filters, synthetic: bool, compare: Sequence[str]):
        df = run(query)
        fig = None if _empty(df) else chart(df, lang, synthetic=synthetic)
        return i18n.t(title_key, lang), fig, finding(df, lang)
    return build


# (key, page, builder): the charts of the pages, in page order (the Municipalities ranking is the Overview's
# chart sorted by score: not repeated). A builder takes (run, lang, filters, synthetic, compare) and returns
# (title, figure or None, finding).
SLIDES: tuple[tuple[str, str, Callable[..., tuple[str, go.Figure | None, str]]], ...] = (
    ("overview.completion_jurisdiction", "overview", _completion("completion_by_jurisdiction", "jurisdiction",
                                                                       "commitments")),
    ("overview.slippage_summary", "overview", _slippage_summary),
    ("municipalities.map", "municipalities", _map),
    ("municipalities.comparison", "municipalities", _comparison),
    ("municipalities.heatmap", "municipalities", _heatmap),
    ("themes_sdgs.completion_theme", "themes_sdgs", _completion("completion_by_theme", "theme")),
    ("themes_sdgs.completion_sdg", "themes_sdgs", _completion("completion_by_sdg", "sdg")),
    ("timeline.milestones", "timeline", _milestone_timeline),
    ("timeline.slip_distribution", "timeline", _slip_distribution),
    ("assessments.coverage", "assessments", _assessment_coverage),
    ("assessments.agreement", "assessments", _assessment("assessment_agreement", "chart.agreement.title",
                                                         charts_a.agreement_chart, findings.agreement)),
    ("assessments.moves", "assessments", _assessment("assessment_moves", "chart.moves.title", charts_a.moves_chart,
                                                     findings.moves)),
    ("assessments.open_government", "assessments", _assessment("irm_results", "chart.open_government.title",
                                                               charts_a.open_government_chart,
                                                               findings.open_government)),
)
SLIDE_KEYS: tuple[str, ...] = tuple(k for k, _p, _b in SLIDES)


def build_slides(run: Run, lang: str, filters: Filters | None = None, synthetic: bool = False,
                 compare: Sequence[str] = ()) -> list[Slide]:
    """Every slide of the view, in the fixed order of SLIDES. `compare`: the Municipalities comparison's
    jurisdiction ids (view.compare; default the first four)."""
    filters = filters or Filters()
    out = []
    for key, page, build in SLIDES:
        title, fig, finding = build(run, lang, filters, synthetic, tuple(compare or ()))
        out.append(Slide(key=key, page=page, title=plain_text(title) or charts.figure_title(fig), figure=fig,
                         finding=finding, caption=charts.caption(fig, lang) if fig is not None else "",
                         subtitle=charts.figure_subtitle(fig)))
    return out


def first_slide_of(page: str) -> int:
    """The 1-based number of the first slide taken from `page` (1 when the page has no slide)."""
    for i, (_key, p, _build) in enumerate(SLIDES, start=1):
        if p == page:
            return i
    return 1
