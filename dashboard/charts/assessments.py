"""The two voices side by side: coverage per source, the agreement matrix, status over time and the IRM's results.

Pure functions from the rows of assessment_history, assessment_agreement, assessment_moves and irm_results
(docs/contracts.md) to plotly figures. The IRM's codes ND, NR and NA are three kinds of "not reported", each in its
own grey, never a score; the crosswalk between the two scales is the dashboard's own reading and says so.
"""

from __future__ import annotations

import functools

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import common as c
from dashboard.labels import irm_label
from dashboard.schema import IRM_COMPLETION, IRM_NOT_REPORTED, IRM_OPEN_GOVERNMENT, RATINGS

SOURCES = ("portal", "irm_progress", "irm_end_of_term")
REPORTED_COLOUR = "#2171b5"
NOT_REPORTED_COLOURS = {"nd": "#969696", "nr": "#bdbdbd", "na": "#d9d9d9", "none": "#f0f0f0"}
MOVE_COLOURS = {"up": "#2171b5", "same": "#9ecae1", "down": "#e6550d"}
OPEN_GOV_COLOURS = {"worsens": "#e6550d", "did_not_change": "#c6dbef", "marginal": "#9ecae1", "major": "#4292c6",
                    "outstanding": "#08519c", "no_early_results": "#fdd0a2"}
# The crosswalk (docs/metrics.md): the IRM completion each portal rating is read as.
CROSSWALK = dict(zip(RATINGS, ("complete", "substantial", "limited", "not_started"), strict=True))


def _source_label(code: str, lang: str) -> str:
    return c.t(f"assessment_source.{code}", lang)


def for_period(history: pd.DataFrame, period_id) -> pd.DataFrame:
    """The history with the portal's rows of one period only (the IRM's rows all kept): what coverage counts."""
    if not len(history) or c.is_missing(period_id):
        return history
    return history[(history["source"] != "portal") | (history["period_id"] == period_id)]


def coverage_counts(history: pd.DataFrame, total: int) -> dict[str, dict[str, int]]:
    """Per source: commitments assessed ("reported"), with ND / NR / NA, and with no assessment ("none")."""
    out = {}
    for source in SOURCES:
        rows = history[history["source"] == source] if len(history) else history
        if source == "portal":
            values = rows.drop_duplicates("commitment_id")["value"]
        else:
            values = rows["value"]
        codes = ["none" if c.is_missing(v) else v if v in IRM_NOT_REPORTED else "reported" for v in values]
        counts = {k: codes.count(k) for k in ("reported", *IRM_NOT_REPORTED)}
        counts["none"] = max(0, int(total) - sum(counts.values()))
        out[source] = counts
    return out


def coverage_chart(history: pd.DataFrame, total: int, lang: str, *, synthetic: bool = False,
                   sources: tuple[str, ...] = SOURCES) -> go.Figure:
    """Stacked bars, one per source: assessed, ND, NR, NA, no assessment (of the `total` filtered commitments)."""
    counts = coverage_counts(history, total)
    sources = tuple(s for s in SOURCES if s in sources)
    labels = [c.wrap(_source_label(s, lang), 24) for s in sources]
    segments = (("reported", c.t("chart.assessment_coverage.reported", lang), REPORTED_COLOUR),
                *((k, irm_label("completion", k, lang), NOT_REPORTED_COLOURS[k]) for k in IRM_NOT_REPORTED),
                ("none", irm_label("completion", None, lang), NOT_REPORTED_COLOURS["none"]))
    data = []
    for key, name, colour in segments:
        xs = [counts[s][key] for s in sources]
        if not any(xs):
            continue
        data.append(dict(type="bar", orientation="h", name=name, x=xs, y=list(range(len(sources))),
                         marker={"color": colour, "line": {"color": "#888", "width": 0.5}},
                         text=[c.fmt_number(x, lang) if x else "" for x in xs], textposition="inside",
                         customdata=[f"{c.plotly_escape(_source_label(s, lang))}: {name} {c.fmt_number(x, lang)}"
                                     for s, x in zip(sources, xs, strict=True)],
                         hovertemplate="%{customdata}<extra></extra>", meta={"role": key}))
    h = functools.partial(c.column_header, lang=lang)
    table = pd.DataFrame([(_source_label(s, lang), *(counts[s][k] for k, _n, _c in segments)) for s in sources],
                         columns=[h("source"), *(n for _k, n, _c in segments)])
    layout = dict(barmode="stack", yaxis=dict(tickmode="array", tickvals=list(range(len(sources))), ticktext=labels,
                                              autorange="reversed"))
    return c.finish(data, layout, lang, title=c.t("chart.assessment_coverage.title", lang),
                    subtitle=c.t("chart.assessment_coverage.subtitle", lang),
                    x_title=c.t("chart.assessment_coverage.x", lang), synthetic=synthetic,
                    height=max(300, 90 * len(sources) + 200), caption_key="chart.assessment_coverage.caption",
                    table=table, extra_meta={"chart": "assessment_coverage", "counts": counts})


def agreement_chart(agreement: pd.DataFrame, lang: str, *, synthetic: bool = False) -> go.Figure:
    """Portal rating (rows) × IRM completion (columns): commitments per cell; the crosswalk's cells outlined."""
    columns = [k for k in IRM_COMPLETION if k in CROSSWALK.values()
               or (len(agreement) and k in set(agreement["irm_completion"]))]
    rows = list(RATINGS)
    cells = {(r, k): 0 for r in rows for k in columns}
    for rec in c.records(agreement):
        cells[(rec["portal_rating"], rec["irm_completion"])] = cells.get((rec["portal_rating"],
                                                                          rec["irm_completion"]), 0) + 1
    z = [[cells[(r, k)] for k in columns] for r in rows]
    text = [[c.fmt_number(n, lang) if n else "" for n in line] for line in z]
    hover = [[f"{c.plotly_escape(c.rating_label(r, lang))} · {c.plotly_escape(irm_label('completion', k, lang))}"
              f"<br>{c.t('chart.agreement.hover', lang, n=c.fmt_number(cells[(r, k)], lang))}" for k in columns]
             for r in rows]
    peak = max(1, max(max(line) for line in z))
    data = [dict(type="heatmap", z=z, x=list(range(len(columns))), y=list(range(len(rows))), zmin=0, zmax=peak,
                 colorscale=[[0, "#f7fbff"], [1, "#2171b5"]], showscale=False, xgap=2, ygap=2, text=text,
                 texttemplate="%{text}", textfont={"size": 16}, customdata=hover,
                 hovertemplate="%{customdata}<extra></extra>", meta={"role": "count"})]
    shapes = [dict(type="rect", xref="x", yref="y", x0=columns.index(CROSSWALK[r]) - 0.5,
                   x1=columns.index(CROSSWALK[r]) + 0.5, y0=i - 0.5, y1=i + 0.5,
                   line={"color": "#08306b", "width": 2})
              for i, r in enumerate(rows) if CROSSWALK[r] in columns]
    layout = dict(shapes=shapes,
                  xaxis=dict(tickmode="array", tickvals=list(range(len(columns))), showgrid=False,
                             ticktext=[c.wrap(irm_label("completion", k, lang), 14) for k in columns]),
                  yaxis=dict(tickmode="array", tickvals=list(range(len(rows))), autorange="reversed", showgrid=False,
                             ticktext=[c.wrap(c.rating_label(r, lang), 18) for r in rows]))
    h = functools.partial(c.column_header, lang=lang)
    table = pd.DataFrame([(c.rating_label(r, lang), irm_label("completion", k, lang), cells[(r, k)],
                           c.t(f"agreement.{_verdict(r, k)}", lang)) for r in rows for k in columns if cells[(r, k)]],
                         columns=[h("portal_rating"), h("irm_completion"), h("commitments"), h("agreement")])
    return c.finish(data, layout, lang, title=c.t("chart.agreement.title", lang),
                    subtitle=c.t("chart.agreement.subtitle", lang), x_title=c.t("chart.agreement.x", lang),
                    y_title=c.t("chart.agreement.y", lang), synthetic=synthetic, height=420,
                    caption_key="chart.agreement.caption", table=table, extra_meta={"chart": "assessment_agreement"})


def _verdict(rating: str, completion: str) -> str:
    """agree / portal_higher / irm_higher / not_comparable, as assessment_agreement says (for the table)."""
    order = ("not_started", "limited", "substantial", "complete")
    if completion not in order:
        return "not_comparable"
    a, b = order.index(CROSSWALK[rating]), order.index(completion)
    return "agree" if a == b else "portal_higher" if a > b else "irm_higher"


def move_counts(moves: pd.DataFrame) -> dict[str, int]:
    values = list(moves["move"]) if len(moves) else []
    return {k: values.count(k) for k in MOVE_COLOURS}


def moves_chart(moves: pd.DataFrame, lang: str, *, synthetic: bool = False) -> go.Figure:
    """Bars: steps that moved up, stayed, moved down, each split by the pair of reports it lies between."""
    kinds = list(dict.fromkeys(zip(moves["from_source"], moves["to_source"], strict=True))) if len(moves) else []
    data = []
    for frm, to in kinds:
        part = moves[(moves["from_source"] == frm) & (moves["to_source"] == to)]
        counts = move_counts(part)
        name = f"{_source_label(frm, lang)} → {_source_label(to, lang)}"
        data.append(dict(type="bar", name=name, x=list(range(len(MOVE_COLOURS))), y=list(counts.values()),
                         text=[c.fmt_number(v, lang) if v else "" for v in counts.values()],
                         textposition="inside", meta={"role": f"{frm}>{to}"},
                         customdata=[f"{c.plotly_escape(name)}: {c.fmt_number(v, lang)}" for v in counts.values()],
                         hovertemplate="%{customdata}<extra></extra>"))
    layout = dict(barmode="stack", xaxis=dict(tickmode="array", tickvals=list(range(len(MOVE_COLOURS))),
                                              ticktext=[c.t(f"move.{k}", lang) for k in MOVE_COLOURS]),
                  yaxis=dict(dtick=1, tickformat="d", rangemode="tozero"),
                  colorway=["#2171b5", "#6baed6", "#e6550d", "#74c476", "#9e9ac8"])
    h = functools.partial(c.column_header, lang=lang)
    table = pd.DataFrame([(r["commitment_id"], _step_end(r, "from", lang), _step_end(r, "to", lang),
                           c.t(f"move.{r['move']}", lang)) for r in c.records(moves)],
                         columns=[h("commitment_id"), h("from"), h("to"), h("move")])
    return c.finish(data, layout, lang, title=c.t("chart.moves.title", lang),
                    subtitle=c.t("chart.moves.subtitle", lang), y_title=c.t("chart.moves.x", lang),
                    synthetic=synthetic, height=420,
                    caption_key="chart.moves.caption", table=table,
                    extra_meta={"chart": "assessment_moves", "counts": move_counts(moves)})


def _step_end(row: dict, end: str, lang: str) -> str:
    """"IRM mid-term report 2016: Substantial" for one end of a step."""
    source, value, year = row[f"{end}_source"], row[f"{end}_value"], row[f"{end}_year"]
    label = c.rating_label(value, lang) if source == "portal" else irm_label("completion", value, lang)
    when = "" if c.is_missing(year) else f" {int(year)}"
    return f"{_source_label(source, lang)}{when}: {label}"


def open_government_chart(irm: pd.DataFrame, lang: str, *, synthetic: bool = False) -> go.Figure:
    """Horizontal bars: commitments per end-of-term "did it open government" value, not-reported codes in grey."""
    values = ["none" if c.is_missing(v) or v == "" else v for v in irm["open_government"]] if len(irm) else []
    order = [k for k in (*reversed(IRM_OPEN_GOVERNMENT), *IRM_NOT_REPORTED, "none") if k in values]
    counts = [values.count(k) for k in order]
    labels = [irm_label("open_government", None if k == "none" else k, lang) for k in order]
    colours = [OPEN_GOV_COLOURS.get(k) or NOT_REPORTED_COLOURS[k] for k in order]
    data = [dict(type="bar", orientation="h", x=counts, y=list(range(len(order))), marker={"color": colours},
                 text=[c.fmt_number(n, lang) for n in counts], textposition="auto", showlegend=False,
                 customdata=[f"{c.plotly_escape(lab)}: {c.fmt_number(n, lang)}" for lab, n in zip(labels, counts,
                                                                                              strict=True)],
                 hovertemplate="%{customdata}<extra></extra>", meta={"role": "open_government"})]
    layout = dict(yaxis=dict(tickmode="array", tickvals=list(range(len(order))), autorange="reversed",
                             ticktext=[c.wrap(lab, 24) for lab in labels]))
    h = functools.partial(c.column_header, lang=lang)
    table = pd.DataFrame(list(zip(labels, counts, strict=True)), columns=[h("open_government"), h("commitments")])
    return c.finish(data, layout, lang, title=c.t("chart.open_government.title", lang),
                    subtitle=c.t("chart.open_government.subtitle", lang),
                    x_title=c.t("chart.open_government.x", lang), synthetic=synthetic,
                    height=max(300, 44 * len(order) + 200), caption_key="chart.open_government.caption",
                    table=table, extra_meta={"chart": "irm_open_government"})
