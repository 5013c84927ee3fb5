"""Planned vs actual timelines (Gantt-style) of milestones and of commitments, with overdue spans marked.

Above `limit` rows the chart does not draw one mark per row: in mode "auto" it aggregates (counts per month of the
planned end, stacked by slip status); in mode "page" it draws rows offset..offset+limit. The figure's
meta["shown"] says which (see `shown`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import common as c

Kind = Literal["milestone", "commitment"]
Mode = Literal["auto", "page", "aggregate"]
DEFAULT_LIMIT = 300
CAPTION_KEY = "chart.timeline.caption"
CAPTION_KEY_AGGREGATED = "chart.timeline.caption_aggregated"
_DAY_MS = 86_400_000


def milestone_timeline(df: pd.DataFrame, lang: str, *, offset: int = 0, limit: int = DEFAULT_LIMIT,
                       mode: Mode = "auto", as_of: object = None, synthetic: bool = False,
                       title: str | None = None, dated_only: bool = False) -> go.Figure:
    """Gantt of milestone_slippage rows: planned bar (coloured by slip status), actual dates, overdue spans.
    dated_only: leave out the rows without planned dates (their number is in `shown(fig)["undated"]`)."""
    return _timeline(df, lang, "milestone", offset=offset, limit=limit, mode=mode, as_of=as_of,
                     synthetic=synthetic, title=title, dated_only=dated_only)


def commitment_timeline(df: pd.DataFrame, lang: str, *, offset: int = 0, limit: int = DEFAULT_LIMIT,
                        mode: Mode = "auto", as_of: object = None, synthetic: bool = False,
                        title: str | None = None, dated_only: bool = False) -> go.Figure:
    """Gantt of commitment_slippage rows: planned bar (coloured by slip status), overdue spans, BEI in hover.
    dated_only: leave out the rows without planned dates (their number is in `shown(fig)["undated"]`)."""
    return _timeline(df, lang, "commitment", offset=offset, limit=limit, mode=mode, as_of=as_of,
                     synthetic=synthetic, title=title, dated_only=dated_only)


def undated_note(fig: go.Figure, lang: str, kind: Kind) -> str | None:
    """"31 of 54 commitments have no planned dates and are not in the chart" for a dated_only timeline that left
    rows out; None when it left none out (or aggregated: its subtitle says it)."""
    info = shown(fig)
    undated = int(info.get("undated") or 0)
    if info.get("mode") != "rows" or not undated:
        return None
    return c.t(f"chart.timeline.undated_{kind}", lang, n=c.fmt_number(undated, lang),
               total=c.fmt_number(info.get("total"), lang))


def shown(fig: go.Figure) -> dict:
    """Which rows a timeline shows: {"mode": "rows"|"aggregated", "total", "offset", "limit", "ids"|"groups"}."""
    return dict(c.meta(fig).get("shown") or {})


def page_rows(df: pd.DataFrame, offset: int = 0, limit: int = DEFAULT_LIMIT) -> pd.DataFrame:
    """Rows offset..offset+limit (clamped)."""
    offset = max(0, min(int(offset), max(len(df) - 1, 0)))
    return df.iloc[offset: offset + max(int(limit), 1)]


# ---------------------------------------------------------------------------------------------- internals

def _as_of(df: pd.DataFrame, as_of: object) -> dt.date | None:
    if as_of is not None:
        return c.to_date(as_of)
    if "as_of" in df.columns and df["as_of"].notna().any():
        return c.to_date(df["as_of"].dropna().max())
    return None


def _timeline(df: pd.DataFrame, lang: str, kind: Kind, *, offset: int, limit: int, mode: Mode,
              as_of: object, synthetic: bool, title: str | None, dated_only: bool = False) -> go.Figure:
    as_of_date = _as_of(df, as_of)
    total = len(df)
    if mode == "aggregate" or (mode == "auto" and total > limit):
        return _aggregated(df, lang, kind, as_of_date, synthetic, title)
    start = 0 if mode == "auto" else offset
    rows = page_rows(df, start, limit).reset_index(drop=True)
    extra = {}
    if dated_only:  # rows without planned dates are left out and counted (a line under the chart says how many)
        dated = rows["planned_start"].notna() & rows["planned_end"].notna()
        extra["undated"] = int((~dated).sum())
        rows = rows[dated].reset_index(drop=True)
    return _gantt(rows, lang, kind, as_of_date, synthetic, title,
                  shown_meta={"mode": "rows", "total": total, "offset": int(start), "limit": int(limit),
                              "ids": [str(v) for v in rows[f"{kind}_id"]], **extra})


_DATE_COLUMNS = ("planned_start", "planned_end", "actual_start", "actual_end")


def _records(rows: pd.DataFrame) -> list[dict]:
    """Rows as dicts with python dates (None when missing): iterrows/at are far too slow for hundreds of rows."""
    recs = c.records(rows)
    for r in recs:
        for col in _DATE_COLUMNS:
            r[col] = c.to_date(r.get(col))
    return recs


def _row_label(row: dict, lang: str) -> str:
    number = "" if c.is_missing(row.get("number")) else f"{row['number']} "
    return c.wrap(number + c.shorten(c.data_text(row, "title", lang), 70), width=36, max_lines=2)


def _span_ms(a: dt.date, b: dt.date) -> int:
    return (b - a).days * _DAY_MS


def _gantt(rows: pd.DataFrame, lang: str, kind: Kind, as_of: dt.date | None, synthetic: bool,
           title: str | None, shown_meta: dict) -> go.Figure:
    data: list[dict] = []
    layout: dict = {}
    positions = list(range(len(rows)))
    recs = _records(rows)
    labels = [_row_label(r, lang) for r in recs]
    hover = [_hover(r, lang, kind) for r in recs]
    statuses = ["no_dates" if c.is_missing(r.get("slip_status")) else r["slip_status"] for r in recs]
    bar_width = 0.55

    # Planned bars, one trace per slip status so the legend explains the colours.
    for status in c.ordered_present(statuses):
        idx = [i for i, s in enumerate(statuses) if s == status
               and recs[i]["planned_start"] and recs[i]["planned_end"]]
        if not idx:
            continue
        starts = [recs[i]["planned_start"] for i in idx]
        ends = [recs[i]["planned_end"] for i in idx]
        data.append(dict(
            type="bar", name=c.t("chart.timeline.planned_status", lang, status=c.slip_label(status, lang)),
            meta={"role": "planned", "slip_status": status},
            orientation="h", y=[positions[i] for i in idx],
            base=[s.isoformat() for s in starts],
            # +1 day: a planned end is the last day of its month, and the bar should cover it.
            x=[_span_ms(s, e) + _DAY_MS for s, e in zip(starts, ends, strict=True)],
            width=bar_width, marker={"color": c.PLANNED_OVERDUE_COLOUR if status == "overdue"
                                     else c.SLIP_COLOURS.get(status, c.NO_DATA_COLOUR)},
            customdata=[[hover[i]] for i in idx], hovertemplate="%{customdata[0]}<extra></extra>",
        ))

    if kind == "milestone":
        data.extend(_actual_traces(recs, hover, bar_width, lang))

    over = [i for i, s in enumerate(statuses) if s == "overdue" and recs[i]["planned_end"]]
    if over and as_of:
        data.append(_overdue_trace(over, recs, hover, as_of, bar_width, lang))

    # Dates on the axis: server-side month names in the page's language.
    dates = [r.get(col) for col in _DATE_COLUMNS for r in recs]
    dates = [d for d in dates + [as_of] if d]
    undated = [i for i in positions if not (recs[i]["planned_start"] and recs[i]["planned_end"])]
    if undated and dates:  # say so in the row instead of leaving it blank
        data.append(dict(
            type="scatter", name=c.slip_label("no_dates", lang), meta={"role": "no_dates"}, mode="markers+text",
            x=[min(dates).isoformat()] * len(undated), y=undated,
            text=[c.slip_label("no_dates", lang)] * len(undated), textposition="middle right",
            textfont={"color": "#666", "size": 11}, marker={"symbol": "line-ew-open", "color": c.NO_DATA_COLOUR},
            customdata=[[hover[i]] for i in undated], hovertemplate="%{customdata[0]}<extra></extra>",
        ))
    if dates:
        lo, hi = min(dates), max(dates)
        vals, text = c.month_ticks(lo, hi, lang)
        pad = dt.timedelta(days=max(15, (hi - lo).days // 40))
        layout["xaxis"] = dict(type="date", tickmode="array", tickvals=vals, ticktext=text,
                               range=[(lo - pad).isoformat(), (hi + pad).isoformat()])
    if as_of:
        _as_of_line(layout, as_of, lang)
    layout.update(barmode="overlay", bargap=0.2)
    layout["yaxis"] = dict(tickmode="array", tickvals=positions, ticktext=labels, autorange="reversed",
                           showgrid=False)

    table = _table(recs, lang, kind)
    return c.finish(
        data, layout, lang,
        title=title or c.t(f"chart.timeline.title_{kind}", lang),
        subtitle=None,  # the as-of date labels its line in the chart: not repeated here
        x_title=c.t("chart.timeline.axis_date", lang), y_title=None,
        legend_title=None, synthetic=synthetic,
        height=max(340, 46 * len(rows) + 220),
        caption_key=CAPTION_KEY, table=table,
        extra_meta={"chart": f"{kind}_timeline", "shown": shown_meta},
    )


def _overdue_trace(over: list[int], recs: list[dict], hover: list[str], as_of: dt.date, bar_width: float,
                   lang: str) -> dict:
    """The overdue spans of rows `over`, planned end -> as of, in red (a 0-day span still shows as a red tick)."""
    ends = [recs[i]["planned_end"] for i in over]
    return dict(
        type="bar", name=c.t("chart.timeline.overdue_span", lang), meta={"role": "overdue"}, orientation="h",
        y=over, base=[e.isoformat() for e in ends],
        x=[max(_span_ms(e, as_of), 0) for e in ends], width=bar_width,
        marker={"color": c.OVERDUE_COLOUR, "line": {"color": c.OVERDUE_COLOUR, "width": 2}},
        customdata=[[hover[i]] for i in over], hovertemplate="%{customdata[0]}<extra></extra>",
    )


def _actual_traces(recs: list[dict], hover: list[str], bar_width: float, lang: str) -> list[dict]:
    """Actual dates where a source states them (milestones): a bar when both ends are known, else a marker."""
    bar_idx, mark_idx, mark_x, mark_sym = [], [], [], []
    for i, r in enumerate(recs):
        a, b = r.get("actual_start"), r.get("actual_end")
        if a and b:
            bar_idx.append((i, a, b))
        elif a or b:
            mark_idx.append(i)
            mark_x.append((a or b).isoformat())
            mark_sym.append("triangle-right" if a else "diamond")
    traces = []
    if bar_idx:
        traces.append(dict(
            type="bar", name=c.t("chart.timeline.actual", lang), meta={"role": "actual"}, orientation="h",
            y=[i for i, _, _ in bar_idx], base=[a.isoformat() for _, a, _ in bar_idx],
            x=[_span_ms(a, b) + _DAY_MS for _, a, b in bar_idx], width=bar_width / 3,
            marker={"color": "#222"},
            customdata=[[hover[i]] for i, _, _ in bar_idx], hovertemplate="%{customdata[0]}<extra></extra>",
        ))
    if mark_idx:
        traces.append(dict(
            type="scatter", name=c.t("chart.timeline.actual_known", lang), meta={"role": "actual_marker"},
            mode="markers", y=mark_idx, x=mark_x,
            marker={"symbol": mark_sym, "size": 12, "color": "#222"},
            customdata=[[hover[i]] for i in mark_idx], hovertemplate="%{customdata[0]}<extra></extra>",
        ))
    return traces


def _as_of_line(layout: dict, as_of: dt.date, lang: str) -> None:
    """A dashed vertical line at the as-of date with its label (a shape and an annotation in `layout`).
    add_vline's annotation does arithmetic on the x value, which fails for dates: drawn by hand."""
    layout["shapes"] = [*layout.get("shapes", ()), dict(
        type="line", name="as_of", x0=as_of.isoformat(), x1=as_of.isoformat(), xref="x", y0=0, y1=1, yref="paper",
        line={"color": "#444", "width": 1.5, "dash": "dash"})]
    layout["annotations"] = [*layout.get("annotations", ()), dict(
        name="as_of", x=as_of.isoformat(), xref="x", y=1, yref="paper", yanchor="bottom", xanchor="right",
        showarrow=False, font={"size": 11, "color": "#444"},
        text=c.t("chart.timeline.as_of", lang, date=c.fmt_date(as_of, lang)))]


def _slip_text(r: dict, lang: str) -> str:
    status = r.get("slip_status")
    status = "no_dates" if c.is_missing(status) else status
    text = c.slip_label(status, lang)
    days = r.get("slip_days")
    if not c.is_missing(days):
        key = "chart.timeline.slip_days_min" if bool(r.get("slip_is_minimum")) else "chart.timeline.slip_days"
        text += " · " + c.t(key, lang, days=c.fmt_number(days, lang))
    return text


def _hover(r: dict, lang: str, kind: Kind) -> str:
    number = "" if c.is_missing(r.get("number")) else f"{r['number']} "
    lines = [f"<b>{number}{c.wrap(c.shorten(c.data_text(r, 'title', lang), 120), 50)}</b>",
             c.t("chart.timeline.hover_planned", lang, start=c.fmt_month(r.get("planned_start"), lang),
                 end=c.fmt_month(r.get("planned_end"), lang))]
    if kind == "milestone" and (c.to_date(r.get("actual_start")) or c.to_date(r.get("actual_end"))):
        lines.append(c.t("chart.timeline.hover_actual", lang, start=c.fmt_date(r.get("actual_start"), lang),
                         end=c.fmt_date(r.get("actual_end"), lang)))
    lines.append(_slip_text(r, lang))
    rating = r.get("rating")
    lines.append(c.t("chart.timeline.hover_rating", lang,
                     rating=c.rating_label(c.NOT_REPORTED if c.is_missing(rating) else rating, lang)))
    if kind == "commitment":
        lines.append(c.t("chart.timeline.hover_bei", lang,
                         done=c.fmt_number(r.get("milestones_done_among_due"), lang),
                         due=c.fmt_number(r.get("milestones_due"), lang),
                         bei=c.fmt_percent(r.get("bei"), lang)))
        if not c.is_missing(r.get("rag")):
            lines.append(c.t(f"rag.{r['rag']}", lang))
    return "<br>".join(lines)


def _table(recs: list[dict], lang: str, kind: Kind) -> pd.DataFrame:
    h = functools.partial(c.column_header, lang=lang)

    def col(name: str, f: Callable[[Any], Any]) -> list:
        return [f(r.get(name)) for r in recs]

    out = {
        h("number"): col("number", lambda v: None if c.is_missing(v) else str(v)),
        h("title"): [c.data_text(r, "title", lang) for r in recs],
        h("planned_start"): col("planned_start", lambda v: c.fmt_month(v, lang)),
        h("planned_end"): col("planned_end", lambda v: c.fmt_month(v, lang)),
    }
    if kind == "milestone":
        out[h("actual_start")] = col("actual_start", lambda v: c.fmt_date(v, lang))
        out[h("actual_end")] = col("actual_end", lambda v: c.fmt_date(v, lang))
    out[h("slip_status")] = col("slip_status", lambda v: c.slip_label("no_dates" if c.is_missing(v) else v, lang))
    out[h("slip_days")] = col("slip_days", lambda v: None if c.is_missing(v) else int(v))
    out[h("rating")] = col("rating", lambda v: c.rating_label(c.NOT_REPORTED if c.is_missing(v) else v, lang))
    return pd.DataFrame(out)


def _month_status_counts(df: pd.DataFrame) -> list[tuple[tuple[pd.Timestamp | None, str], int]]:
    """Counts per (month of the planned end, slip status) in order of month (None: no planned end, last), then
    status; a missing status is "no_dates". From slip_months rows (month, slip_status, n: a few hundred at most,
    summed here in Python) or from one row per item (grouped with pandas)."""
    if "n" in df.columns and "month" in df.columns:
        acc: dict[tuple[pd.Timestamp | None, str], int] = {}
        for m, st, n in zip(df["month"], df["slip_status"], df["n"], strict=True):
            key = (None if c.is_missing(m) else pd.Timestamp(m), "no_dates" if c.is_missing(st) else st)
            acc[key] = acc.get(key, 0) + (0 if c.is_missing(n) else int(n))
        order = sorted(acc, key=lambda k: (k[0] is None, k[0] if k[0] is not None else pd.Timestamp.min, k[1]))
        return [(k, acc[k]) for k in order]
    status = df["slip_status"].astype(object).where(df["slip_status"].notna(), "no_dates")
    month = pd.to_datetime(df["planned_end"], errors="coerce").dt.to_period("M").dt.to_timestamp()
    counts = (pd.DataFrame({"month": month, "status": status, "n": 1})
              .groupby(["month", "status"], dropna=False)["n"].sum())
    return [((None if c.is_missing(m) else pd.Timestamp(m), st), int(n)) for (m, st), n in counts.items()]


def _aggregated(df: pd.DataFrame, lang: str, kind: Kind, as_of: dt.date | None, synthetic: bool,
                title: str | None) -> go.Figure:
    """Counts per month of the planned end, stacked by slip status: a bounded number of marks at any size.
    `df` is one row per item, or rows of the slip_months query (month, slip_status, n: counted in SQL)."""
    groups = _month_status_counts(df)  # ((month or None, status), n), months in order, no month last
    months = sorted({m for (m, _st), _n in groups if m is not None})
    month_iso = [m.date().isoformat() for m in months]
    month_label = {m: c.fmt_month(m, lang) for m in months}
    by_status: dict[str, dict[pd.Timestamp, int]] = {}
    for (m, st), n in groups:
        if m is not None:
            by_status.setdefault(st, {})[m] = n
    data: list[dict] = []
    layout: dict = {}
    unit = f"chart.timeline.unit_{kind}"   # "{n} milestones", "1 milestone"
    for st in c.ordered_present(st for (_m, st), _n in groups):
        by_month = by_status.get(st, {})
        ys = [by_month.get(m, 0) for m in months]
        if not any(ys):
            continue
        name = c.slip_label(st, lang)
        data.append(dict(
            type="bar", name=name, meta={"role": "aggregate", "slip_status": st},
            x=month_iso, y=ys,
            marker={"color": c.SLIP_COLOURS.get(st, c.NO_DATA_COLOUR)},
            customdata=[[f"<b>{month_label[m]}</b><br>{name}: {c.count_text(unit, lang, n)}"]
                        for m, n in zip(months, ys, strict=True)],
            hovertemplate="%{customdata[0]}<extra></extra>",
        ))
    if len(months):
        lo, hi = pd.Timestamp(months[0]).date(), pd.Timestamp(months[-1]).date()
        if as_of:
            lo, hi = min(lo, as_of), max(hi, as_of)
        vals, text = c.month_ticks(lo, hi, lang)
        layout["xaxis"] = dict(type="date", tickmode="array", tickvals=vals, ticktext=text)
    if as_of:
        _as_of_line(layout, as_of, lang)
    layout.update(barmode="stack", bargap=0.1)
    table = pd.DataFrame({
        c.column_header("month", lang): [month_label[m] if m is not None else c.fmt_month(None, lang)
                                         for (m, _st), _n in groups],
        c.column_header("slip_status", lang): [c.slip_label(st, lang) for (_m, st), _n in groups],
        c.column_header(f"{kind}s", lang): [n for _key, n in groups],
    })
    total = sum(n for _key, n in groups)
    undated = sum(n for (m, _st), n in groups if m is None)
    subtitle = c.t("chart.timeline.aggregated_note", lang, total=c.fmt_number(total, lang),
                   undated=c.fmt_number(undated, lang))
    return c.finish(
        data, layout, lang,
        title=title or c.t(f"chart.timeline.title_{kind}_aggregated", lang),
        subtitle=subtitle,
        x_title=c.t("chart.timeline.axis_planned_end_month", lang),
        y_title=c.t(f"chart.timeline.axis_count_{kind}", lang),
        legend_title=c.t("chart.timeline.legend_status", lang), synthetic=synthetic, height=440,
        caption_key=CAPTION_KEY_AGGREGATED, table=table,
        extra_meta={"chart": f"{kind}_timeline", "shown": {
            "mode": "aggregated", "total": total, "offset": 0, "limit": None,
            "groups": len(months), "undated": undated}},
    )
