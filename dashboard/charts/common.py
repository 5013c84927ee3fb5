"""Shared layout and formatting for every chart: fonts, titles, label wrapping, locale-aware numbers and dates,
the synthetic-data watermark, the empty guard and the table alternative.

Numbers and dates are formatted here (Babel, through dashboard.i18n) and handed to plotly as strings — in hover
text (customdata), bar text and tick text — because plotly's d3 formats know nothing of the Georgian decimal comma
or Georgian month names.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts.titles import MARGIN_TOP, MARGIN_TOP_SUBTITLE, title_layout

# Re-exported for the chart modules (c.fmt_number, ...): Babel formatting, a dash for a missing value.
from dashboard.i18n import fmt_date as fmt_date
from dashboard.i18n import fmt_month as fmt_month
from dashboard.i18n import fmt_number as fmt_number
from dashboard.i18n import fmt_percent as fmt_percent
from dashboard.i18n import has_key as has_key
from dashboard.i18n import t as t
from dashboard.i18n import to_date as to_date
from dashboard.missing import is_missing as is_missing
from dashboard.schema import NOT_REPORTED, RATING_COLUMNS, RATINGS, SLIP_STATUSES

# Plotly in the browser uses the page's fonts: the app serves Noto Sans Georgian; the browser picks per glyph.
FONT_FAMILY = "Noto Sans Georgian, Source Sans, sans-serif"

# Rating segments, always in this order (best to worst, then unknown). Keys are the short query column names.
RATING_ORDER: tuple[str, ...] = RATINGS + (NOT_REPORTED,)
RATING_COLOURS: dict[str, str] = {
    # A blue ramp for the ordered ratings and orange for "not implemented" reads for colour-blind viewers;
    # grey is reserved for "not reported".
    "fully_implemented": "#08519c",
    "mostly_implemented": "#4292c6",
    "partially_implemented": "#9ecae1",
    "not_implemented": "#e6550d",
    NOT_REPORTED: "#bdbdbd",
}
SLIP_COLOURS: dict[str, str] = {
    "done_on_time": "#08519c",
    "done_late": "#6baed6",
    "done_date_unknown": "#c6dbef",
    "overdue": "#cb181d",
    "due_soon": "#fd8d3c",
    "not_yet_due": "#74c476",
    "no_dates": "#bdbdbd",
}
OVERDUE_COLOUR = "#cb181d"
# On a timeline the planned bar of an overdue item is light, so the red overdue span after it stands out.
PLANNED_OVERDUE_COLOUR = "#fcbba1"
NO_DATA_COLOUR = "#bdbdbd"
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")  # Okabe–Ito, for 2–4 compared jurisdictions

WATERMARK_NAME = "synthetic_watermark"
LABEL_WIDTH = 28  # characters per line of a wrapped category label


# ---------------------------------------------------------------------------------------------- catalog + formats

def rating_label(code: str, lang: str) -> str:
    return t(f"rating.{code}", lang)


def slip_label(code: str, lang: str) -> str:
    return t(f"slip.{code}", lang)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """df.to_dict("records") with the same values, column by column: several times faster on Arrow-backed text
    columns (to_dict converts value by value)."""
    cols = list(df.columns)
    return [dict(zip(cols, row, strict=True)) for row in zip(*(_column_values(df[c]) for c in cols), strict=True)]


def _column_values(col: pd.Series) -> list[Any]:
    values = col.tolist()
    # An extension column missing values as pd.NA (nullable Int64/Float64/boolean, Arrow, string[NA]): to_dict gives
    # None for them, tolist pd.NA.
    if isinstance(col.dtype, pd.api.extensions.ExtensionDtype) and col.dtype.na_value is pd.NA:
        values = [None if v is pd.NA else v for v in values]
    return values


@functools.lru_cache(maxsize=16384)
def count_text(key: str, lang: str, n: int) -> str:
    """A catalog text with a locale count, e.g. "1,234 milestones" for chart.timeline.unit_milestone; memoised
    (hover texts repeat the same few counts hundreds of times)."""
    return t(key, lang, n=fmt_number(n, lang))


def separators(lang: str) -> str:
    """Plotly's `separators` (decimal, then group) from Babel, so numeric axis ticks follow the locale too."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(lang) + get_group_symbol(lang)


def data_text(row: Any, stem: str, lang: str) -> str:
    """A bilingual data value in lang; a value that fell back to the other language carries a visible marker.
    Escaped for Plotly, which reads tags such as <b>, <br> and <a href> in any text as markup: data is shown
    as typed, never as markup (plotly.js turns &lt; &gt; &amp; back into the characters)."""
    return plotly_escape(i18n.data_label(row, stem, lang))


def plotly_escape(text: Any) -> str:
    """Untrusted text made inert for Plotly labels, hover text and tick labels."""
    return html.escape(str(text), quote=False)


def plain_text(value: Any) -> Any:
    """A label made for Plotly back as the text it stands for (tables are plain text: "A &amp; B" shows as
    "A & B", a wrapped label's <br> as a space); other values unchanged."""
    if not isinstance(value, str):
        return value
    return html.unescape(value.replace("<br>", " "))


def wrap(text: str, width: int = LABEL_WIDTH, max_lines: int = 3) -> str:
    """Wrap a long category label onto lines joined by <br> so margins need not cut it. A language-fallback
    marker at the end ("… (EN)") survives the cut."""
    body, marker = _split_marker(str(text))
    lines = textwrap.wrap(body, width=width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    if marker:
        if len(lines[-1]) + 1 + len(marker) <= width or len(lines) >= max_lines:
            lines[-1] = f"{lines[-1]} {marker}"
        else:
            lines.append(marker)
    return "<br>".join(lines)


_MARKERS = ("(EN)", "(KA)")  # i18n.fallback_marker: what a label that fell back to the other language ends with


def _split_marker(text: str) -> tuple[str, str]:
    for m in _MARKERS:
        if text.endswith(" " + m):
            return text[: -len(m) - 1], m
    return text, ""


def shorten(text: str, width: int = 60) -> str:
    """Cut a label to `width` characters with "…", keeping a language-fallback marker at the end."""
    text = str(text)
    if len(text) <= width:
        return text
    body, marker = _split_marker(text)
    if marker:
        return body[: max(width - len(marker) - 2, 1)].rstrip(" .,;:") + "… " + marker
    return text[: width - 1].rstrip(" .,;:") + "…"


# ---------------------------------------------------------------------------------------------- dates on axes

def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _add_months(d: dt.date, n: int) -> dt.date:
    """The first of the month ``n`` months after ``d``, kept within the calendar (years 1 to 9999)."""
    y, m = divmod(d.month - 1 + n, 12)
    if not dt.MINYEAR <= d.year + y <= dt.MAXYEAR:
        return dt.date(dt.MINYEAR, 1, 1) if d.year + y < dt.MINYEAR else dt.date(dt.MAXYEAR, 12, 1)
    return dt.date(d.year + y, m + 1, 1)


def month_ticks(start: Any, end: Any, lang: str, max_ticks: int = 8) -> tuple[list[str], list[str]]:
    """Tick positions (ISO dates, first of a month) and server-side labels with the language's month names.

    The year is added on the first tick and on every January; long spans switch to short month names.
    """
    s, e = to_date(start), to_date(end)
    if s is None or e is None:
        return [], []
    if e < s:
        s, e = e, s
    first = _month_start(s)
    months = (e.year - first.year) * 12 + e.month - first.month + 1
    # Any span gets a step (whole years beyond the listed ones: a date in year 1 or 9999 must not raise).
    step = next((k for k in (1, 2, 3, 6, 12, 24, 60, 120, 1200) if math.ceil(months / k) <= max_ticks),
                12 * math.ceil(months / 12 / max_ticks))
    if step > 1:  # align to calendar quarters / halves / years
        first = _add_months(first, (-(first.month - 1)) % step) if step <= 12 else dt.date(first.year, 1, 1)
        if first > s:
            first = _add_months(first, -step)
    vals, text = [], []
    d = first
    while d <= e and len(vals) <= max_ticks + 1:
        if d < first_visible(s):
            nxt = _add_months(d, step)
            if nxt <= d:   # the end of the calendar
                break
            d = nxt
            continue
        if step >= 12:
            label = str(d.year)
        else:
            name = i18n_month_name(d, lang, short=step > 1 or months > 8)
            label = name if (vals and d.month != 1) else f"{name}<br>{d.year}"
        vals.append(d.isoformat())
        text.append(label)
        nxt = _add_months(d, step)
        if nxt <= d:
            break
        d = nxt
    return vals, text


def first_visible(s: dt.date) -> dt.date:
    """The first tick drawn: the first of s's month when s is the 1st, else the next month."""
    return s if s.day == 1 else _add_months(s, 1)


def i18n_month_name(d: dt.date, lang: str, short: bool = False) -> str:
    """Standalone month name (Babel): "ივნისი"/"June", short "ივნ"/"Jun"."""
    from babel.dates import format_date

    return format_date(d, "LLL" if short else "LLLL", locale=lang)


# ---------------------------------------------------------------------------------------------- layout

def is_empty(df: pd.DataFrame | None) -> bool:
    """True when there is nothing to plot: callers show an empty state instead of an empty axis."""
    return df is None or len(df) == 0


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain trace dicts (each with its "type") and a layout dict, validated by plotly in one step.

    The builders assemble plain dicts and make the figure once: plotly's per-property checks and bookkeeping per
    update call (add_trace, update_layout) cost far more than this one pass."""
    return go.Figure({"data": data, "layout": layout})


_AXIS_KEY = re.compile(r"^[xy]axis[0-9]*$")


def merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """`update` merged into `base` (in place) as plotly's update_layout does: nested dicts merge, anything else
    (lists included) replaces."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def finish(
    data: list[dict[str, Any]],
    layout: dict[str, Any],
    lang: str,
    *,
    title: str,
    subtitle: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    legend_title: str | None = None,
    synthetic: bool = False,
    height: int | None = None,
    caption_key: str | None = None,
    table: pd.DataFrame | None = None,
    extra_meta: dict | None = None,
    after: dict[str, Any] | None = None,
) -> go.Figure:
    """The figure of a chart's traces and own layout with the layout every chart shares: title, axis titles,
    legend, font, margins, watermark and metadata (merged over the chart's own layout, as one update_layout would;
    `after` is merged last)."""
    update: dict[str, Any] = dict(
        title=title_layout(title, subtitle),
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        hoverlabel={"font": {"family": FONT_FAMILY}, "align": "left"},
        # Below everything (container coordinates), so it never overlaps two-line date ticks or the axis title.
        legend={"title": {"text": legend_title or ""}, "orientation": "h", "yref": "container", "yanchor": "bottom",
                "y": 0, "x": 0.01, "xanchor": "left", "traceorder": "normal"},
        margin={"l": 10, "r": 30, "t": MARGIN_TOP_SUBTITLE if subtitle else MARGIN_TOP, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        separators=separators(lang),
    )
    if height:
        update["height"] = height
    axes = sorted({"xaxis", "yaxis"} | {k for k in layout if _AXIS_KEY.match(k)}, key=_axis_order)
    for name in axes:
        ax = layout.get(name) or {}
        props: dict[str, Any] = {"automargin": True, "gridcolor": "#e5e5e5", "zerolinecolor": "#bbb"}
        # Categories sit at numeric positions 0..n-1 (so equal labels never merge): no zero line through the first.
        if ax.get("tickmode") == "array" and ax.get("type") != "date":
            props["zeroline"] = False
        axis_title = x_title if name.startswith("x") else y_title
        if axis_title is not None:
            props["title"] = {"text": axis_title}
        update[name] = props
    meta: dict[str, Any] = dict(extra_meta or {})
    meta["lang"] = lang
    if caption_key:
        meta["caption_key"] = caption_key
    if table is not None:
        meta["table"] = {"columns": [str(c) for c in table.columns],
                         "rows": [[_jsonable(v) for v in r] for r in table.itertuples(index=False, name=None)]}
    update["meta"] = meta
    layout = merge(layout, update)
    if after:
        merge(layout, after)
    if synthetic:
        layout["annotations"] = [*layout.get("annotations", ()), watermark(lang)]
    return figure(data, layout)


def _axis_order(name: str) -> tuple[str, int]:
    return name[0], int(name[5:] or 1)


def _jsonable(v: Any) -> Any:
    if is_missing(v):
        return None
    if isinstance(v, (dt.date, dt.datetime, pd.Timestamp)):
        return to_date(v).isoformat()
    if hasattr(v, "item"):  # numpy scalar
        return v.item()
    return v


def watermark(lang: str) -> dict[str, Any]:
    """The faint diagonal "synthetic data" label across the plot (a layout annotation)."""
    return dict(
        name=WATERMARK_NAME, text=t("chart.common.synthetic_watermark", lang),
        xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, textangle=-25,
        font={"size": 44, "color": "rgba(120,120,120,0.18)", "family": FONT_FAMILY},
    )


def has_watermark(fig: go.Figure) -> bool:
    return any(a.name == WATERMARK_NAME for a in fig.layout.annotations)


def meta(fig: go.Figure) -> dict:
    m = fig.layout.meta
    return dict(m) if isinstance(m, dict) else {}


def caption_key(fig: go.Figure) -> str | None:
    """The catalog key of the one-line "how computed" caption of a chart built here."""
    return meta(fig).get("caption_key")


def caption(fig: go.Figure, lang: str) -> str:
    key = caption_key(fig)
    return t(key, lang) if key else ""


# ---------------------------------------------------------------------------------------------- table alternative

_CODE_COLUMNS = {"rating": "rating", "state": "state", "slip_status": "slip", "rag": "rag"}


def table_alternative(fig_or_df: go.Figure | pd.DataFrame, lang: str) -> pd.DataFrame:
    """The data behind a chart as a table with headers in lang, for the "table alternative" under each chart.

    From a figure built here: the table it recorded (already translated). From a query DataFrame: the columns of
    lang (the other language's `_en`/`_ka` twin is dropped), codes translated, headers from `chart.column.<name>`.
    """
    if isinstance(fig_or_df, go.Figure):
        tab = meta(fig_or_df).get("table")
        if not tab:
            return pd.DataFrame()
        rows = [[plain_text(v) for v in r] for r in tab["rows"]]
        return pd.DataFrame(rows, columns=[plain_text(c) for c in tab["columns"]])
    df = fig_or_df.copy()
    other = "_en" if lang == "ka" else "_ka"
    keep = [c for c in df.columns
            if not (str(c).endswith(other) and f"{str(c)[: -len(other)]}_{lang}" in df.columns)]
    df = df[keep]
    for col, prefix in _CODE_COLUMNS.items():
        if col in df.columns:
            df[col] = [
                t(f"{prefix}.{NOT_REPORTED}", lang) if (col == "rating" and is_missing(v))
                else ("" if is_missing(v) else t(f"{prefix}.{v}", lang))
                for v in df[col]
            ]
    headers = {}
    for c in df.columns:
        base = str(c)
        for suffix in ("_en", "_ka"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        key = f"chart.column.{base}"
        headers[c] = t(key, lang) if has_key(key, lang) else str(c)
    return df.rename(columns=headers)


def column_header(name: str, lang: str) -> str:
    key = f"chart.column.{name}"
    return t(key, lang) if has_key(key, lang) else name


def rating_count_column(code: str) -> str:
    """The short query column of a rating code ("fully_implemented" -> "fully")."""
    return RATING_COLUMNS[code]


def ordered_present(values: Iterable[str], order: Sequence[str] = SLIP_STATUSES) -> list[str]:
    vs = set(values)
    return [v for v in order if v in vs] + sorted(v for v in vs if v not in order and not is_missing(v))
