"""One-sentence findings computed from a metric query's DataFrame, in the chosen language.

Pure functions (no Streamlit): the pages show them above each chart, presentation mode and the PPTX deck reuse
them. Each takes the rows of the query the chart is drawn from and returns plain text (never Markdown or HTML;
callers escape it for the medium they write to). An empty frame gives a sentence saying there is nothing to show.

    completion(df, lang, dimension)      completion_by_jurisdiction / _by_theme / _by_sdg rows
    comparison(df, lang, jurisdictions)  completion_by_jurisdiction rows, ids of the compared jurisdictions
    heatmap(df, lang)                    jurisdiction_theme rows
    slippage(df, lang)                   milestone_slippage or commitment_slippage rows (summary and timelines)
    slip_distribution(df, lang)          slip_distribution rows
    headline(row, lang)                  the one headline row (mapping or Series)
    assessment_coverage(df, total, lang) assessment_history rows (one period's portal rows)
    agreement(df, lang)                  assessment_agreement rows
    moves(df, lang)                      assessment_moves rows
    open_government(df, lang)            irm_results rows
    for_chart(chart, df, lang, **kw)     dispatch on a figure's meta["chart"] name
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard import i18n
from dashboard.i18n import fmt_number as _num
from dashboard.labels import CATEGORY_KEY, category_name, irm_label, slip_bin_label
from dashboard.map_measures import mapped_rows, national_commitments, unit_value
from dashboard.missing import is_missing

MAX_NAMED = 3  # names listed in a tie before "and N more"


def _t(key: str, lang: str, **kw: Any) -> str:
    return i18n.t(key, lang, **kw)


def _int(x: Any) -> int:
    return 0 if is_missing(x) else int(x)


def names_list(names: Sequence[str], lang: str, limit: int = MAX_NAMED) -> str:
    """"A", "A and B", "A, B and C", "A, B, C and 2 more" in the language."""
    names = [str(n) for n in names]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) > limit:
        shown, rest = names[:limit], len(names) - limit
        return _t("finding.list_more", lang, items=", ".join(shown), n=_num(rest, lang))
    return _t("finding.list_and", lang, items=", ".join(names[:-1]), last=names[-1])


# ---------------------------------------------------------------------------------------------- completion

def completion(df: pd.DataFrame | None, lang: str, dimension: str = "jurisdiction") -> str:
    """Which category has the highest mean score, among how many with a reported rating.

    "Rustavi has the highest mean score (0.67) among 5 rated municipalities"."""
    if dimension not in CATEGORY_KEY:
        raise ValueError(f"dimension must be one of {sorted(CATEGORY_KEY)}")
    if df is None or len(df) == 0:
        return _t("finding.empty", lang)
    rated = df[pd.to_numeric(df["rated"], errors="coerce").fillna(0).gt(0) & df["mean_score"].notna()]
    noun = dimension
    if dimension == "jurisdiction" and "kind" in rated.columns and (rated["kind"] == "country").any():
        noun = "jurisdiction_national"
    if len(rated) == 0:
        return _t(f"finding.completion.none_{dimension}", lang, n=_num(len(df), lang))
    scores = pd.to_numeric(rated["mean_score"], errors="coerce")
    best = scores.max()
    top = rated[(scores - best).abs() < 1e-9]
    names = [category_name(r, dimension, lang) for r in top.to_dict("records")]
    score = _num(best, lang, 2)
    if len(rated) == 1:
        return _t(f"finding.completion.only_{noun}", lang, name=names[0], score=score)
    key = "top" if len(names) == 1 else "tie"
    return _t(f"finding.completion.{key}_{noun}", lang, name=names[0], names=names_list(names, lang),
              score=score, n=_num(len(rated), lang))


# ---------------------------------------------------------------------------------------------- comparison

def comparison(df: pd.DataFrame | None, lang: str, jurisdictions: Sequence[str] | None = None) -> str:
    """The compared jurisdiction with the highest mean score, and each one's rating coverage."""
    if df is None or len(df) == 0:
        return _t("finding.empty", lang)
    ids = list(jurisdictions) if jurisdictions else list(df["jurisdiction_id"])[:4]
    rows = df[df["jurisdiction_id"].isin(ids)]
    rows = rows.set_index("jurisdiction_id").loc[[j for j in ids if j in set(rows["jurisdiction_id"])]]
    rows = rows.reset_index()
    if len(rows) == 0:
        return _t("finding.empty", lang)
    recs = rows.to_dict("records")
    coverage = ", ".join(_t("finding.comparison.coverage_item", lang, name=i18n.data_label(r, "name", lang),
                            rated=_num(r["rated"], lang), total=_num(r["commitments"], lang)) for r in recs)
    rated = [r for r in recs if _int(r["rated"]) > 0 and not is_missing(r["mean_score"])]
    if not rated:
        return _t("finding.comparison.none", lang, coverage=coverage)
    best = max(float(r["mean_score"]) for r in rated)
    top = [i18n.data_label(r, "name", lang) for r in rated if abs(float(r["mean_score"]) - best) < 1e-9]
    key = "top" if len(top) == 1 else "tie"
    return _t(f"finding.comparison.{key}", lang, names=names_list(top, lang), score=_num(best, lang, 2),
              coverage=coverage)


# ---------------------------------------------------------------------------------------------- heatmap

def heatmap(df: pd.DataFrame | None, lang: str) -> str:
    """The best municipality × theme cell(s) and how many cells with commitments have no reported rating."""
    if df is None or len(df) == 0:
        return _t("finding.empty", lang)
    cells = df[pd.to_numeric(df["commitments"], errors="coerce").fillna(0).gt(0)]
    total = len(cells)
    rated_mask = pd.to_numeric(cells["rated"], errors="coerce").fillna(0).gt(0) & cells["mean_score"].notna()
    grey = int((~rated_mask).sum())
    rated = cells[rated_mask]
    if len(rated) == 0:
        return _t("finding.heatmap.none", lang, total=_num(total, lang))
    scores = pd.to_numeric(rated["mean_score"], errors="coerce")
    best = scores.max()
    top = rated[(scores - best).abs() < 1e-9]
    names = [_t("finding.heatmap.cell", lang, name=i18n.data_label(r, "name", lang),
                theme=i18n.data_label(r, "label", lang)) for r in top.to_dict("records")]
    key = "top" if len(names) == 1 else "tie" if len(names) <= MAX_NAMED else "tie_many"
    return _t(f"finding.heatmap.{key}", lang, cells=names_list(names, lang), score=_num(best, lang, 2),
              k=_num(len(names), lang), rated=_num(len(rated), lang), grey=_num(grey, lang), total=_num(total, lang))


# ---------------------------------------------------------------------------------------------- slippage

def _kind(df: pd.DataFrame) -> str:
    return "milestone" if "milestone_id" in df.columns else "commitment"


def _as_of(df: pd.DataFrame, as_of: Any) -> Any:
    if as_of is not None:
        return as_of
    if "as_of" in df.columns and df["as_of"].notna().any():
        return df["as_of"].dropna().max()
    return None


def slippage(df: pd.DataFrame | None, lang: str, *, kind: str | None = None, as_of: Any = None) -> str:
    """How many milestones (or commitments) are overdue as of the period's date, and the longest overdue.

    "3 of 6 milestones are overdue as of 31 December 2019 (the longest by 184 days); 3 are done, 1 of them late"."""
    if df is None or len(df) == 0:
        return _t("finding.empty", lang)
    kind = kind or _kind(df)
    status = df["slip_status"].astype(object).where(df["slip_status"].notna(), "no_dates")
    # Rows of slip_months carry a count `n` (and the group's largest slip_days); otherwise one row per item.
    weight = pd.to_numeric(df["n"], errors="coerce").fillna(0) if "n" in df.columns else pd.Series(1, index=df.index)
    total = int(weight.sum())
    overdue = df[status == "overdue"]
    n_overdue = int(weight[status == "overdue"].sum())
    date = i18n.fmt_date(_as_of(df, as_of), lang)
    days = pd.to_numeric(overdue["slip_days"], errors="coerce").dropna() if "slip_days" in df.columns else []
    parts = []
    if n_overdue == 0:
        parts.append(_t(f"finding.slippage.none_{kind}", lang, total=_num(total, lang), date=date))
    elif len(days):
        parts.append(_t(f"finding.slippage.overdue_longest_{kind}", lang, n=_num(n_overdue, lang),
                        total=_num(total, lang), date=date, days=_num(days.max(), lang)))
    else:
        parts.append(_t(f"finding.slippage.overdue_{kind}", lang, n=_num(n_overdue, lang),
                        total=_num(total, lang), date=date))
    done = int(weight[status.isin(["done_on_time", "done_late", "done_date_unknown"])].sum())
    if done:
        late = int(weight[status == "done_late"].sum())
        parts.append(_t("finding.slippage.done_late" if late else "finding.slippage.done", lang,
                        n=_num(done, lang), late=_num(late, lang)))
    return "; ".join(parts)


def slip_distribution(df: pd.DataFrame | None, lang: str) -> str:
    """The most common bin of slip days among the milestones done late or overdue."""
    if df is None or len(df) == 0:
        return _t("finding.empty", lang)
    counts = pd.to_numeric(df["milestones"], errors="coerce").fillna(0)
    total = int(counts.sum())
    if total == 0:
        return _t("finding.empty", lang)
    by_bin = (pd.DataFrame({"s": df["bin_start"].astype(object), "e": df["bin_end"].astype(object), "n": counts})
              .groupby(["s", "e"], dropna=False, sort=False)["n"].sum())
    (s, e), n = max(by_bin.items(), key=lambda kv: kv[1])
    s = None if is_missing(s) else int(s)
    e = None if is_missing(e) else int(e)
    return _t("finding.slip_distribution", lang, range=slip_bin_label(s, e, lang), n=_num(n, lang),
              total=_num(total, lang))


# ---------------------------------------------------------------------------------------------- headline

def headline(row: Mapping[str, Any] | pd.Series | None, lang: str) -> str:
    """Coverage, mean score and milestones as of the period's date, in one sentence."""
    if row is None or _int(row.get("commitments")) == 0:
        return _t("finding.empty", lang)
    parts = [_t("finding.headline.coverage", lang, rated=_num(row.get("rated"), lang),
                total=_num(row.get("commitments"), lang), date=i18n.fmt_date(row.get("as_of"), lang))]
    if not is_missing(row.get("mean_score")):
        parts.append(_t("finding.headline.mean", lang, score=_num(row.get("mean_score"), lang, 2)))
    if _int(row.get("milestones")):
        parts.append(_t("finding.headline.milestones", lang, done=_num(row.get("milestones_done"), lang),
                        total=_num(row.get("milestones"), lang), overdue=_num(row.get("milestones_overdue"), lang)))
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------- dispatch

# ---------------------------------------------------------------------------------------------- two voices

def assessment_coverage(history: pd.DataFrame | None, total: int, lang: str) -> str:
    """"The government rated 12 of 65 commitments; the IRM reported a completion for 11" from assessment_history
    rows (the portal's of one period: charts.assessments.for_period). The IRM's count: commitments with a completion
    in either report (nd, nr, na not counted)."""
    if not total:
        return _t("finding.empty", lang)
    rows = history if history is not None else pd.DataFrame(columns=["commitment_id", "source", "value"])
    real = rows[rows["value"].notna() & ~rows["value"].isin(["nd", "nr", "na"])]
    portal = real.loc[real["source"] == "portal", "commitment_id"].nunique()
    irm = real.loc[real["source"] != "portal", "commitment_id"].nunique()
    return _t("finding.assessment_coverage", lang, portal=_num(portal, lang), total=_num(total, lang),
              irm=_num(irm, lang))


def agreement(df: pd.DataFrame | None, lang: str) -> str:
    """How many commitments assessed by both agree through the crosswalk, and which side is higher otherwise."""
    if df is None or len(df) == 0:
        return _t("finding.agreement_none", lang)
    verdicts = list(df["agreement"])
    return _t("finding.agreement", lang, n=_num(len(verdicts), lang), agree=_num(verdicts.count("agree"), lang),
              portal=_num(verdicts.count("portal_higher"), lang), irm=_num(verdicts.count("irm_higher"), lang))


def moves(df: pd.DataFrame | None, lang: str) -> str:
    """"Between reports: 0 moved up, 2 stayed, 1 moved down (3 steps)"."""
    if df is None or len(df) == 0:
        return _t("finding.moves_none", lang)
    m = list(df["move"])
    return _t("finding.moves", lang, up=_num(m.count("up"), lang), same=_num(m.count("same"), lang),
              down=_num(m.count("down"), lang), n=_num(len(m), lang))


def open_government(df: pd.DataFrame | None, lang: str) -> str:
    """The IRM's end-of-term "did it open government" results among the commitments it assessed, and the stars."""
    if df is None or len(df) == 0:
        return _t("finding.empty", lang)
    values = [v for v in df["open_government"] if not is_missing(v) and v not in ("", "nd", "nr", "na")]
    starred = int(pd.Series(df["starred"]).fillna(False).astype(bool).sum())
    total = _num(len(df), lang)
    if not values:
        return _t("finding.open_government_none", lang, total=total, starred=_num(starred, lang))
    counts = pd.Series(values).value_counts()
    results = ", ".join(f"{irm_label('open_government', k, lang)} {_num(n, lang)}" for k, n in counts.items())
    return _t("finding.open_government", lang, n=_num(len(values), lang), total=total, results=results,
              starred=_num(starred, lang))


def for_chart(chart: str, df: pd.DataFrame | None, lang: str, **kw: Any) -> str:
    """The finding for a chart by its meta["chart"] name ("completion", "comparison", "jurisdiction_theme",
    "slippage_summary", "milestone_timeline", "commitment_timeline", "slip_distribution")."""
    if chart == "completion":
        return completion(df, lang, kw.get("dimension", "jurisdiction"))
    if chart == "comparison":
        return comparison(df, lang, kw.get("jurisdictions"))
    if chart == "jurisdiction_theme":
        return heatmap(df, lang)
    if chart in ("slippage_summary", "milestone_timeline", "commitment_timeline"):
        kind = {"milestone_timeline": "milestone", "commitment_timeline": "commitment"}.get(chart)
        return slippage(df, lang, kind=kind, as_of=kw.get("as_of"))
    if chart == "slip_distribution":
        return slip_distribution(df, lang)
    if chart == "assessment_agreement":
        return agreement(df, lang)
    if chart == "assessment_moves":
        return moves(df, lang)
    if chart == "irm_open_government":
        return open_government(df, lang)
    raise ValueError(f"no finding for chart {chart!r}")


# ---------------------------------------------------------------------------------------------- map

def map_measure(df: pd.DataFrame | None, lang: str, measure: str = "commitments") -> str:
    """Which municipality on the map has the highest value of the measure, among how many with a value, and how
    many national commitments are not on the map. map_by_jurisdiction rows."""
    national = national_commitments(df)
    rows = mapped_rows(df).to_dict("records")
    valued = [(r, v) for r in rows for state, v in [unit_value(r, measure)] if state == "value"]
    if not valued:
        return _t("finding.map.none", lang, national=_num(national, lang))
    best = max(v for _r, v in valued)
    top = [i18n.data_label(r, "name", lang) for r, v in valued if abs(v - best) < 1e-9]
    value = i18n.fmt_percent(best, lang) if measure == "coverage" else \
        _num(best, lang, 2 if measure in ("mean_score", "irm_score") else 0)
    key = "top" if len(top) == 1 else "tie"
    return _t(f"finding.map.{key}", lang, name=top[0], names=names_list(top, lang), value=value,
              n=_num(len(valued), lang), national=_num(national, lang))
