"""Completion by jurisdiction, OGP thematic area or SDG: stacked counts of commitments per rating."""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Callable
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import common as c
from dashboard.labels import CATEGORY_KEY, category_name

Dimension = Literal["jurisdiction", "theme", "sdg"]
CAPTION_KEY = "chart.completion.caption"
_MIN_TEXT_SHARE = 0.02   # segments narrower than this share of the longest bar show no number (hover has it)
_MIN_FIGURE_PX = 1000    # in-bar numbers are kept to segments that hold them in a figure this wide
_TEXT_EM = 0.62          # width of a digit or group separator at the bar text size, in em (generous)
_TEXT_PX = 13            # the bar text size (the figure's font size)


def category_labels(df: pd.DataFrame, dimension: Dimension, lang: str) -> list[str]:
    """Display labels of the categories (SDGs numbered "3. Good health…")."""
    return [c.plotly_escape(category_name(row, dimension, lang)) for row in c.records(df)]


def _tick_label(label: str, colour: str | None) -> str:
    wrapped = c.wrap(label)
    if colour:  # the official SDG colour as a swatch before the label
        return f"<span style='color:{colour}'>■</span> {wrapped}"
    return wrapped


def completion_chart(
    df: pd.DataFrame,
    lang: str,
    dimension: Dimension = "jurisdiction",
    *,
    synthetic: bool = False,
    title: str | None = None,
    subtitle: str | None = None,
    sort_by: Literal["input", "commitments", "mean_score"] = "input",
) -> go.Figure:
    """Horizontal bars, one per category, stacked by rating in fixed order, "not reported" always its own segment.

    df: rows of completion_by_jurisdiction / completion_by_theme / completion_by_sdg.
    """
    if dimension not in CATEGORY_KEY:
        raise ValueError(f"dimension must be one of {sorted(CATEGORY_KEY)}")
    df = df.reset_index(drop=True)
    if sort_by != "input" and len(df):
        df = df.sort_values(sort_by, ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    labels = category_labels(df, dimension, lang)
    colours = list(df["colour"]) if dimension == "sdg" and "colour" in df.columns else [None] * len(df)
    ticktext = [_tick_label(lab, None if c.is_missing(col) else col)
                for lab, col in zip(labels, colours, strict=True)]
    positions = list(range(len(df)))

    counts_by_rating = rating_counts(df)
    totals = [sum(col[i] for col in counts_by_rating.values()) for i in range(len(df))]
    records = c.records(df)
    end_labels = [_end_label(row, lang) for row in records]
    longest = max((len(text) for text in end_labels), default=0)
    # b: the x tick labels and the axis title (plotly adds the legend's height under them itself).
    margin = {"l": label_margin(ticktext), "r": max(30, 6 * longest + 10), "b": 48}
    # Numbers inside the segments, always horizontal (textangle=0: plotly would turn them 90° in a narrow
    # segment). Whether a number fits is decided here, for a figure _MIN_FIGURE_PX wide (the Overview's column
    # in the wide layout): a segment narrower than its number (or under ~2% of the longest bar) shows none and
    # says its count on hover only. plotly then no longer draws numbers shrunk to an unreadable size in thin
    # segments (it still would in a narrower figure: constraintext stays on so a number never spills over).
    xmax = max(totals, default=0)
    px_per_unit = max(_MIN_FIGURE_PX - margin["l"] - margin["r"], 200) / max(xmax * 1.05, 1)
    summary = [_summary(row, label, lang) for row, label in zip(records, labels, strict=True)]
    text_of = functools.partial(_segment_text, lang=lang, narrow=xmax * _MIN_TEXT_SHARE, px_per_unit=px_per_unit)
    data = [_rating_trace(code, counts_by_rating[code], totals, summary, text_of, lang) for code in c.RATING_ORDER]

    # The mean score at the end of each bar, so the chart shows it without hovering.
    dim_title = c.t(f"chart.completion.axis_{dimension}", lang)
    layout = dict(
        annotations=[dict(x=tot, y=pos, xanchor="left", xshift=4, showarrow=False, text=text,
                          font={"size": 11, "color": "#444"})
                     for pos, text, tot in zip(positions, end_labels, totals, strict=True)],
        barmode="stack", bargap=0.3,
        yaxis=dict(tickmode="array", tickvals=positions, ticktext=ticktext, autorange="reversed", showgrid=False),
        xaxis=dict(range=[0, max(xmax * 1.05, 1)], rangemode="tozero"),
    )

    table = pd.DataFrame({
        dim_title: labels,
        **{c.rating_label(code, lang): counts_by_rating[code] for code in c.RATING_ORDER},
        c.column_header("commitments", lang): [int(v) for v in df["commitments"]],
        c.column_header("rated", lang): [int(v) for v in df["rated"]],
        c.column_header("mean_score", lang): [c.fmt_number(v, lang, 2) for v in df["mean_score"]],
    })
    # The end-of-bar labels ("score 0.67 · 1/3 rated") may run past the longest bar: keep room for them on the
    # right so they are not cut at the figure's edge (about 6 px per character at size 11). The left and bottom
    # margins already hold the longest tick label line and the x axis: plotly's automargin (kept as a safety net)
    # then finds nothing to push and does not lay the figure out a second time.
    return c.finish(
        data, layout, lang,
        title=title or c.t(f"chart.completion.title_{dimension}", lang),
        subtitle=subtitle,
        x_title=c.t("chart.completion.axis_count", lang),
        y_title=None,
        legend_title=c.t("chart.completion.legend", lang),
        synthetic=synthetic,
        height=max(320, 44 * len(df) + 190),
        caption_key=CAPTION_KEY,
        table=table,
        extra_meta={"chart": "completion", "dimension": dimension},
        after={"margin": margin},
    )


_GEORGIAN = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")
_TAG = re.compile("<[^>]+>")


def _summary(row: dict, label: str, lang: str) -> str:
    """The first lines of a bar's hover text: its category, mean score and rating coverage."""
    return (f"<b>{label}</b><br>" + t_mean(row.get("mean_score"), lang) + "<br>"
            + c.t("chart.completion.coverage", lang, rated=c.fmt_number(row["rated"], lang),
                  total=c.fmt_number(row["commitments"], lang)))


def _rating_trace(code: str, counts: list[int], totals: list[int], summary: list[str],
                  text_of: Callable[[int], str], lang: str) -> dict:
    """The segments of one rating across the bars (a stacked bar trace), with the count inside where it fits."""
    name = c.rating_label(code, lang)
    hover = [f"{s}<br>{name}: {c.fmt_number(n, lang)} ({c.fmt_percent(n / tot if tot else 0, lang)})"
             for s, n, tot in zip(summary, counts, totals, strict=True)]
    return dict(
        type="bar", name=name, legendgroup=code, meta={"rating": code},
        orientation="h", x=counts, y=list(range(len(counts))),
        marker={"color": c.RATING_COLOURS[code],
                "pattern": {"shape": "/" if code == c.NOT_REPORTED else ""},
                "line": {"color": "white", "width": 0.5}},
        text=[text_of(n) for n in counts], textposition="inside",
        insidetextanchor="middle", textangle=0,
        customdata=[[h] for h in hover], hovertemplate="%{customdata[0]}<extra></extra>",
    )


def label_margin(ticktext: list[str], font_px: int = 13) -> int:
    """Pixels for the longest line of the wrapped tick labels (tags removed, entities as one character): about
    0.55 em per Latin character and 0.72 em per Georgian one (Georgian letters are wider), plus the tick padding.
    Generous rather than tight: too little would only make plotly's automargin widen it."""
    longest = 0.0
    for text in ticktext:
        for line in _TAG.sub("", text.replace("<br>", "\n")).split("\n"):
            line = html.unescape(line)
            georgian = len(_GEORGIAN.findall(line))
            longest = max(longest, georgian * 0.72 + (len(line) - georgian) * 0.55)
    return int(math.ceil(longest * font_px)) + 16


def _segment_text(n: int, lang: str, narrow: float, px_per_unit: float) -> str:
    """The count shown inside a segment of n commitments, or "" when the segment is too narrow to hold it."""
    if not n or n < narrow:
        return ""
    text = c.fmt_number(n, lang)
    return text if n * px_per_unit >= len(text) * _TEXT_EM * _TEXT_PX + 6 else ""


def rating_counts(df: pd.DataFrame) -> dict[str, list[int]]:
    """Counts per rating code (fixed order) per row; a NULL count (no commitment with that rating) is 0."""
    out = {}
    for code in c.RATING_ORDER:
        col = c.rating_count_column(code)
        values = df[col] if col in df.columns else [None] * len(df)
        out[code] = [0 if c.is_missing(v) else int(v) for v in values]
    return out


def t_mean(mean: object, lang: str) -> str:
    if c.is_missing(mean):
        return c.t("chart.completion.mean_none", lang)
    return c.t("chart.completion.mean", lang, score=c.fmt_number(mean, lang, 2))


def _end_label(row: dict, lang: str) -> str:
    mean = row.get("mean_score")
    score = c.fmt_number(mean, lang, 2)
    return c.t("chart.completion.end_label", lang, score=score, rated=c.fmt_number(row["rated"], lang),
               total=c.fmt_number(row["commitments"], lang))
