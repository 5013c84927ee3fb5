"""The metric queries recomputed with plain pandas: the baseline the SQL timings are compared with.

Each function takes the loaded tables as DataFrames (``Frames``, read once from the DuckDB connection, not timed)
and a ``schema.Filters`` and returns the same figures as ``queries/<name>.sql`` (same rules: docs/metrics.md and
``queries/_macros.sql``). They start from the raw tables on every call, as a pandas dashboard would; the SQL side
has its derived tables built at load time (counted in the load + validate timing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import schema
from dashboard.metrics import thresholds

TABLES = ("commitments", "commitment_jurisdictions", "commitment_themes", "commitment_sdgs", "milestones",
          "commitment_progress", "milestone_progress", "periods", "jurisdictions", "themes", "sdgs", "action_plans")
SCORES = pd.Series(schema.RATING_SCORES)


@dataclass
class Frames:
    tables: dict[str, pd.DataFrame]

    @classmethod
    def from_connection(cls, con) -> Frames:
        cur = con.cursor()
        return cls({t: cur.execute(f'SELECT * FROM "{t}"').df() for t in TABLES})

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def _period(d: Frames, f: schema.Filters) -> tuple[str | None, pd.Timestamp]:
    p = d["periods"]
    if f.period:
        row = p[p.period_id == f.period].iloc[0]
    else:
        row = p.sort_values(["as_of", "period_id"], ascending=False).iloc[0]
    as_of = pd.Timestamp(f.as_of) if f.as_of else pd.Timestamp(row.as_of)
    return row.period_id, as_of


def _in(d: Frames, link: str, col: str, values) -> pd.Series:
    t = d[link]
    return t.loc[t[col].isin(list(values)), "commitment_id"]


def filtered(d: Frames, f: schema.Filters) -> tuple[pd.DataFrame, str | None, pd.Timestamp]:
    period, as_of = _period(d, f)
    c = d["commitments"]
    mask = np.ones(len(c), dtype=bool)
    for col, values in (("plan_id", f.plan), ("level", f.level), ("commitment_id", f.commitment)):
        if values:
            mask &= c[col].isin(list(values)).to_numpy()
    for link, col, values in (("commitment_jurisdictions", "jurisdiction_id", f.jurisdiction),
                              ("commitment_themes", "theme_id", f.theme), ("commitment_sdgs", "sdg", f.sdg)):
        if values:
            mask &= c.commitment_id.isin(_in(d, link, col, values)).to_numpy()
    cp = d["commitment_progress"]
    prog = cp.loc[cp.period_id == period, ["commitment_id", "state", "rating"]]
    fc = c[mask].merge(prog, on="commitment_id", how="left")
    if f.rating:
        fc = fc[fc.rating.fillna(schema.NOT_REPORTED).isin(list(f.rating))]
    fc = fc.assign(score=fc.rating.map(SCORES).astype("float64"), period_id=period, as_of=as_of)
    fc["overdue"] = (fc.rating != "fully_implemented") & (as_of >= fc.planned_end)
    return fc, period, as_of


def milestones_at(d: Frames, period, as_of, with_progress: bool = False) -> pd.DataFrame:
    m = d["milestones"]
    mp = d["milestone_progress"]
    mp = mp[mp.period_id == period]
    done_ids = mp.loc[(mp.state == "completed") | (mp.rating == "fully_implemented"), "milestone_id"]
    out = m.assign(done=m.milestone_id.isin(done_ids), due=(as_of >= m.planned_end), as_of=as_of, period_id=period)
    if with_progress:
        out = out.merge(mp[["milestone_id", "state", "rating"]], on="milestone_id", how="left")
    return out


def per_commitment(ms: pd.DataFrame) -> pd.DataFrame:
    ms = ms.assign(done_due=ms.done & ms.due, overdue=ms.due & ~ms.done,
                   overdue_days=((ms.as_of - ms.planned_end).dt.days).where(ms.due & ~ms.done))
    return ms.groupby("commitment_id").agg(
        milestones=("milestone_id", "size"), milestones_done=("done", "sum"), milestones_due=("due", "sum"),
        milestones_done_among_due=("done_due", "sum"), milestones_overdue=("overdue", "sum"),
        max_overdue_days=("overdue_days", "max"))


def _rating_counts(g) -> pd.DataFrame:
    return g.agg(
        commitments=("commitment_id", "size"), rated=("rating", "count"),
        fully=("rating", lambda r: (r == "fully_implemented").sum()),
        mostly=("rating", lambda r: (r == "mostly_implemented").sum()),
        partially=("rating", lambda r: (r == "partially_implemented").sum()),
        not_implemented=("rating", lambda r: (r == "not_implemented").sum()),
        not_reported=("rating", lambda r: r.isna().sum()),
        mean_score=("score", "mean"),
        milestones=("milestones", "sum"), milestones_done=("milestones_done", "sum"))


def headline(d: Frames, f: schema.Filters) -> pd.DataFrame:
    fc, period, as_of = filtered(d, f)
    ms = milestones_at(d, period, as_of)
    ms = ms[ms.commitment_id.isin(fc.commitment_id)]
    r = fc.rating
    due = int(ms.due.sum())
    return pd.DataFrame([{
        "period_id": period, "as_of": as_of, "commitments": len(fc), "rated": int(r.count()),
        "fully": int((r == "fully_implemented").sum()), "mostly": int((r == "mostly_implemented").sum()),
        "partially": int((r == "partially_implemented").sum()), "not_implemented": int((r == "not_implemented").sum()),
        "not_reported": int(r.isna().sum()), "mean_score": fc.score.mean(), "milestones": len(ms),
        "milestones_done": int(ms.done.sum()), "milestones_due": due,
        "milestones_overdue": int((ms.due & ~ms.done).sum()), "commitments_overdue": int(fc.overdue.sum()),
        "bei": (ms.due & ms.done).sum() / due if due else np.nan}])


def coverage(d: Frames, f: schema.Filters) -> pd.DataFrame:
    fc, _, _ = filtered(d, f)
    total = len(fc)

    def present(s):
        return s.fillna("").str.strip() != ""
    reported = {
        "rating": fc.rating.count(),
        "planned_dates": (fc.planned_start.notna() & fc.planned_end.notna()).sum(),
        "theme": fc.commitment_id.isin(d["commitment_themes"].commitment_id).sum(),
        "sdg": fc.commitment_id.isin(d["commitment_sdgs"].commitment_id).sum(),
        "lead_agency": (present(fc.lead_agency_en) | present(fc.lead_agency_ka)).sum(),
        "title_ka": present(fc.title_ka).sum(),
        "milestones": fc.commitment_id.isin(d["milestones"].commitment_id).sum(),
    }
    out = pd.DataFrame({"field": list(reported), "reported": [int(v) for v in reported.values()], "total": total})
    out["share"] = out.reported / total if total else np.nan
    return out


def _with_milestones(d: Frames, f: schema.Filters) -> pd.DataFrame:
    fc, period, as_of = filtered(d, f)
    cm = per_commitment(milestones_at(d, period, as_of))
    fc = fc.merge(cm[["milestones", "milestones_done"]], left_on="commitment_id", right_index=True, how="left")
    fc[["milestones", "milestones_done"]] = fc[["milestones", "milestones_done"]].fillna(0)
    return fc


def _completion_by(d: Frames, f: schema.Filters, link: str, key: str, dim: str, selected) -> pd.DataFrame:
    fc = _with_milestones(d, f)
    x = fc.merge(d[link], on="commitment_id")
    if selected:
        x = x[x[key].isin(list(selected))]
    out = _rating_counts(x.groupby(key)).reset_index()
    out["milestone_completion_rate"] = out.milestones_done / out.milestones.replace(0, np.nan)
    return d[dim].merge(out, on=key)


def completion_by_jurisdiction(d: Frames, f: schema.Filters) -> pd.DataFrame:
    out = _completion_by(d, f, "commitment_jurisdictions", "jurisdiction_id", "jurisdictions", f.jurisdiction)
    return out.sort_values(["name_en", "jurisdiction_id"]).reset_index(drop=True)


def completion_by_theme(d: Frames, f: schema.Filters) -> pd.DataFrame:
    return _completion_by(d, f, "commitment_themes", "theme_id", "themes", f.theme)


def completion_by_sdg(d: Frames, f: schema.Filters) -> pd.DataFrame:
    return _completion_by(d, f, "commitment_sdgs", "sdg", "sdgs", f.sdg).sort_values("sdg").reset_index(drop=True)


def jurisdiction_theme(d: Frames, f: schema.Filters) -> pd.DataFrame:
    fc, _, _ = filtered(d, f)
    x = fc.merge(d["commitment_jurisdictions"], on="commitment_id").merge(d["commitment_themes"], on="commitment_id")
    if f.jurisdiction:
        x = x[x.jurisdiction_id.isin(list(f.jurisdiction))]
    if f.theme:
        x = x[x.theme_id.isin(list(f.theme))]
    out = x.groupby(["jurisdiction_id", "theme_id"]).agg(
        commitments=("commitment_id", "size"), rated=("rating", "count"), mean_score=("score", "mean")).reset_index()
    return out.merge(d["jurisdictions"][["jurisdiction_id", "name_en", "name_ka"]], on="jurisdiction_id") \
        .merge(d["themes"], on="theme_id").sort_values(["name_en", "jurisdiction_id", "theme_id"])


def _milestone_status(d: Frames, f: schema.Filters) -> pd.DataFrame:
    fc, period, as_of = filtered(d, f)
    ms = milestones_at(d, period, as_of, with_progress=True)
    ms = ms[ms.commitment_id.isin(fc.commitment_id)]
    pe, ae, ast = ms.planned_end, ms.actual_end, ms.actual_start
    done = ms.done.to_numpy()
    late_start = (ast > pe).to_numpy()
    slip = np.select(
        [pe.isna().to_numpy(), done & ae.notna().to_numpy(), done & late_start, done],
        [np.nan, (ae - pe).dt.days.to_numpy(dtype=float, na_value=np.nan),
         (ast - pe).dt.days.to_numpy(dtype=float, na_value=np.nan), np.nan],
        (as_of - pe).dt.days.to_numpy(dtype=float, na_value=np.nan))
    due_soon = thresholds()["due_soon_days"]
    status = np.select(
        [done & ae.notna().to_numpy() & (ae <= pe).to_numpy(), done & ae.notna().to_numpy() & (ae > pe).to_numpy(),
         done & ae.isna().to_numpy() & late_start, done, pe.isna().to_numpy(), (as_of >= pe).to_numpy(),
         ((pe - as_of).dt.days <= due_soon).to_numpy()],
        ["done_on_time", "done_late", "done_late", "done_date_unknown", "no_dates", "overdue", "due_soon"],
        "not_yet_due")
    return ms.assign(slip_days=slip, slip_is_minimum=done & ae.isna().to_numpy() & late_start, slip_status=status)


def milestone_slippage(d: Frames, f: schema.Filters) -> pd.DataFrame:
    ms = _milestone_status(d, f)
    cols = ["milestone_id", "commitment_id", "number", "title_en", "title_ka", "planned_start", "planned_end",
            "actual_start", "actual_end", "state", "rating", "done", "slip_days", "slip_is_minimum", "slip_status",
            "period_id", "as_of"]
    return ms[cols].sort_values(["commitment_id", "milestone_id"])


def slip_distribution(d: Frames, f: schema.Filters, bin_days: int = 30) -> pd.DataFrame:
    ms = _milestone_status(d, f)
    ms = ms[ms.slip_days.notna() & ms.slip_status.isin(["done_on_time", "done_late", "overdue"])]
    start = (np.floor(ms.slip_days / bin_days) * bin_days).astype("int64")
    out = ms.assign(bin_start=start).groupby(["bin_start", "slip_status"]).size().rename("milestones").reset_index()
    out.insert(1, "bin_end", out.bin_start + bin_days)
    return out


def commitment_slippage(d: Frames, f: schema.Filters) -> pd.DataFrame:
    fc, period, as_of = filtered(d, f)
    cm = per_commitment(milestones_at(d, period, as_of))
    s = fc.merge(cm, left_on="commitment_id", right_index=True, how="left")
    for col in ("milestones", "milestones_done", "milestones_due", "milestones_done_among_due"):
        s[col] = s[col].fillna(0).astype("int64")
    s["bei"] = s.milestones_done_among_due / s.milestones_due.replace(0, np.nan)
    fully = (s.rating == "fully_implemented").to_numpy()
    pe = s.planned_end
    s["slip_days"] = (as_of - pe).dt.days.where(~fully)
    th = thresholds()
    s["slip_status"] = np.select(
        [fully & (as_of <= pe).to_numpy(), fully, pe.isna().to_numpy(), (as_of >= pe).to_numpy(),
         ((pe - as_of).dt.days <= th["due_soon_days"]).to_numpy()],
        ["done_on_time", "done_date_unknown", "no_dates", "overdue", "due_soon"], "not_yet_due")
    bei, mod = s.bei, s.max_overdue_days
    s["rag"] = np.select(
        [(s.milestones == 0).to_numpy(),
         ((bei < th["rag_off_track_bei"]) | (mod > th["rag_off_track_overdue_days"])).to_numpy(),
         ((bei.isna() | (bei >= th["rag_on_track_bei"]))
          & (mod.fillna(0) <= th["rag_on_track_max_overdue_days"])).to_numpy()],
        ["not_assessed", "off_track", "on_track"], "at_risk")
    return s.sort_values(["overdue", "slip_days", "commitment_id"], ascending=[False, False, True],
                         na_position="last")


def commitments_table(d: Frames, f: schema.Filters) -> pd.DataFrame:
    fc = _with_milestones(d, f)
    j = d["commitment_jurisdictions"].merge(d["jurisdictions"][["jurisdiction_id", "name_en", "name_ka"]],
                                            on="jurisdiction_id")
    j = j[j.commitment_id.isin(fc.commitment_id)].sort_values("name_en")
    names = j.groupby("commitment_id").agg(jurisdictions_en=("name_en", ", ".join),
                                           jurisdictions_ka=("name_ka", ", ".join))
    plans = d["action_plans"][["plan_id", "name_en", "name_ka"]].rename(
        columns={"name_en": "plan_name_en", "name_ka": "plan_name_ka"})
    out = fc.merge(plans, on="plan_id", how="left").merge(names, left_on="commitment_id", right_index=True,
                                                          how="left")
    return out.assign(_n=out["number"].map(_number_order)).sort_values(
        ["plan_id", "_n", "commitment_id"], na_position="last", key=_sortable).drop(columns="_n")


def _number_order(n) -> tuple | None:
    """'6.2.10' -> (6, 2, 10), as queries' number_order (None when not numeric: sorted last)."""
    try:
        return tuple(int(p) for p in str(n).split("."))
    except (TypeError, ValueError):
        return None


def _sortable(col: pd.Series) -> pd.Series:
    if col.name != "_n":
        return col
    # Tuples compare element by element; None (not numeric) sorts last.
    return col.map(lambda t: (1, ()) if t is None else (0, t))


def commitment_progress_history(d: Frames, f: schema.Filters) -> pd.DataFrame:
    cp = d["commitment_progress"]
    if f.commitment:
        cp = cp[cp.commitment_id.isin(list(f.commitment))]
    mp = d["milestone_progress"].merge(d["milestones"][["milestone_id", "commitment_id"]], on="milestone_id")
    if f.commitment:
        mp = mp[mp.commitment_id.isin(list(f.commitment))]
    mp = mp.assign(done=(mp.state == "completed") | (mp.rating == "fully_implemented"))
    agg = mp.groupby(["commitment_id", "period_id"]).agg(milestones_reported=("milestone_id", "size"),
                                                         milestones_done=("done", "sum")).reset_index()
    out = cp.merge(d["periods"], on="period_id").merge(agg, on=["commitment_id", "period_id"], how="left")
    return out.sort_values(["commitment_id", "as_of"])


def slip_months(d: Frames, f: schema.Filters) -> pd.DataFrame:
    """Milestones per month of the planned end and slip status (the default kind of queries/slip_months.sql)."""
    ms = _milestone_status(d, f)
    month = pd.to_datetime(ms.planned_end).dt.to_period("M").dt.to_timestamp()
    return (ms.assign(month=month).groupby(["month", "slip_status"], dropna=False)
            .agg(n=("milestone_id", "size"), slip_days=("slip_days", "max")).reset_index())


def periods(d: Frames, f: schema.Filters) -> pd.DataFrame:
    return d["periods"].sort_values(["as_of", "period_id"], ascending=False)


PANDAS = {fn.__name__: fn for fn in (
    headline, coverage, completion_by_jurisdiction, completion_by_theme, completion_by_sdg, jurisdiction_theme,
    milestone_slippage, commitment_slippage, slip_distribution, commitments_table, commitment_progress_history,
    slip_months, periods)}


def same_figures(sql: pd.DataFrame, pdf: pd.DataFrame) -> bool:
    """A light check that both computed the same metric: same row count and the same totals of shared numbers."""
    if len(sql) != len(pdf):
        return False
    for col in sql.columns.intersection(pdf.columns):
        a, b = sql[col], pdf[col]
        if pd.api.types.is_bool_dtype(a) or pd.api.types.is_bool_dtype(b):
            a, b = a.astype("boolean").astype("Int64"), b.astype("boolean").astype("Int64")
        if not (pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b)):
            continue
        x, y = float(pd.to_numeric(a, errors="coerce").sum()), float(pd.to_numeric(b, errors="coerce").sum())
        if not np.isclose(x, y, rtol=1e-6, atol=1e-6):
            return False
    return True
