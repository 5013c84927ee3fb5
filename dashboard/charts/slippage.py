"""Slippage: the distribution of slip days (binned in SQL) and a summary of milestones per slip status."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import common as c
from dashboard.labels import slip_bin_label
from dashboard.schema import SLIP_STATUSES

CAPTION_KEY_DISTRIBUTION = "chart.slip_distribution.caption"
CAPTION_KEY_SUMMARY = "chart.slippage_summary.caption"


def slip_distribution_chart(df: pd.DataFrame, lang: str, *, synthetic: bool = False,
                            title: str | None = None) -> go.Figure:
    """Milestones per bin of slip days (slip_distribution rows), stacked by slip status; a bin without days last."""
    def key(start: object, end: object) -> tuple[int | None, int | None]:
        return None if c.is_missing(start) else int(start), None if c.is_missing(end) else int(end)

    row_keys = [key(s, e) for s, e in zip(df["bin_start"], df["bin_end"], strict=True)]
    # Bins in order of their start, the bin without days (no start) last.
    keys = sorted(dict.fromkeys(row_keys), key=lambda k: (k[0] is None, k[0] if k[0] is not None else 0))
    labels = [slip_bin_label(s, e, lang) for s, e in keys]
    label_of = dict(zip(keys, labels, strict=True))
    counts: dict[tuple[object, tuple], int] = {}
    for st, k, n in zip(df["slip_status"], row_keys, df["milestones"], strict=True):
        counts[(st, k)] = counts.get((st, k), 0) + int(n)
    data = []
    unit = "chart.timeline.unit_milestone"   # "{n} milestones", "1 milestone"
    days = c.t("chart.slip_distribution.days", lang)
    for st in c.ordered_present(df["slip_status"].dropna()):
        ys = [counts.get((st, k), 0) for k in keys]
        name = c.slip_label(st, lang)
        data.append(dict(
            type="bar", name=name, meta={"slip_status": st}, x=labels, y=ys,
            marker={"color": c.SLIP_COLOURS.get(st, c.NO_DATA_COLOUR)},
            customdata=[[f"<b>{lab} {days}</b><br>{name}: {c.count_text(unit, lang, n)}"]
                        for lab, n in zip(labels, ys, strict=True)],
            hovertemplate="%{customdata[0]}<extra></extra>",
        ))
    tallest = max((sum(int(t["y"][i]) for t in data) for i in range(len(labels))), default=0)
    layout = dict(
        barmode="stack", bargap=0.08, xaxis=dict(type="category", categoryorder="array", categoryarray=labels),
        # whole milestones: no 0.5 ticks on a small count axis
        **({"yaxis": dict(dtick=1, rangemode="tozero")} if tallest <= 10 else {}))
    table = pd.DataFrame({
        c.column_header("slip_days", lang): [label_of[k] for k in row_keys],
        c.column_header("slip_status", lang): [c.slip_label(s, lang) for s in df["slip_status"]],
        c.column_header("milestones", lang): [int(v) for v in df["milestones"]],
    })
    return c.finish(
        data, layout, lang,
        title=title or c.t("chart.slip_distribution.title", lang),
        x_title=c.t("chart.slip_distribution.axis_days", lang),
        y_title=c.t("chart.slip_distribution.axis_count", lang),
        legend_title=c.t("chart.slip_distribution.legend", lang), synthetic=synthetic, height=420,
        caption_key=CAPTION_KEY_DISTRIBUTION, table=table, extra_meta={"chart": "slip_distribution"},
    )


def slip_counts(df: pd.DataFrame) -> dict[str, int]:
    """Count per slip status: slip_distribution rows (sums `milestones`), slip_months rows (sums `n`), or one row
    per milestone/commitment."""
    status = df["slip_status"].astype(object).where(df["slip_status"].notna(), "no_dates")
    if "bin_start" in df.columns:
        counts = pd.to_numeric(df["milestones"]).groupby(status).sum()
    elif "n" in df.columns:
        counts = pd.to_numeric(df["n"]).groupby(status).sum()
    else:
        counts = status.value_counts()
    return {k: int(v) for k, v in counts.items()}


def slippage_summary_chart(df: pd.DataFrame, lang: str, *, synthetic: bool = False,
                           title: str | None = None, kind: str | None = None) -> go.Figure:
    """One bar per slip status (every status shown, zeros included), in the fixed order of schema.SLIP_STATUSES."""
    counts = slip_counts(df)
    statuses = list(SLIP_STATUSES) + [s for s in counts if s not in SLIP_STATUSES]
    ys = [counts.get(s, 0) for s in statuses]
    total = sum(ys)
    names = [c.slip_label(s, lang) for s in statuses]
    kind = kind or ("commitment" if "commitment_id" in df.columns and "milestone_id" not in df.columns
                    else "milestone")
    unit = f"chart.timeline.unit_{kind}"   # "{n} commitments", "1 commitment"
    trace = dict(
        type="bar", orientation="h", y=list(range(len(statuses))), x=ys, meta={"statuses": statuses},
        marker={"color": [c.SLIP_COLOURS.get(s, c.NO_DATA_COLOUR) for s in statuses]},
        text=[c.fmt_number(n, lang) for n in ys], textposition="outside", cliponaxis=False,
        customdata=[[f"<b>{nm}</b><br>{c.t(unit, lang, n=c.fmt_number(n, lang))} "
                     f"({c.fmt_percent(n / total if total else 0, lang)})"] for nm, n in zip(names, ys, strict=True)],
        hovertemplate="%{customdata[0]}<extra></extra>", showlegend=False,
    )
    layout = dict(
        yaxis=dict(tickmode="array", tickvals=list(range(len(statuses))), ticktext=[c.wrap(n) for n in names],
                   autorange="reversed", showgrid=False),
        xaxis=dict(range=[0, max(max(ys, default=0) * 1.2, 1)]))
    table = pd.DataFrame({c.column_header("slip_status", lang): names,
                          c.column_header(f"{kind}s", lang): ys})
    return c.finish(
        [trace], layout, lang,
        title=title or c.t(f"chart.slippage_summary.title_{kind}", lang),
        x_title=c.t(f"chart.timeline.axis_count_{kind}", lang), y_title=None,
        synthetic=synthetic, height=360, caption_key=CAPTION_KEY_SUMMARY, table=table,
        extra_meta={"chart": "slippage_summary"},
    )
