"""The independent pandas reference: the rules of docs/metrics.md re-implemented row by row from the raw tables,
and the comparison of a query's rows with it."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from dashboard import metrics, schema
from dashboard.schema import Filters


def _date(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v


SCORES = {"fully_implemented": 1.0, "mostly_implemented": 2 / 3, "partially_implemented": 1 / 3,
          "not_implemented": 0.0}


class Reference:
    def __init__(self, con):
        self.t = {name: con.execute(f'SELECT * FROM "{name}"').df() for name in schema.TABLES_BY_NAME}
        self.th = metrics.thresholds()

    def _na(self, v):
        return None if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)) else v

    def period(self, f: Filters):
        periods = self.t["periods"]
        if f.period:
            row = periods[periods.period_id == f.period]
            if row.empty:
                return None
        else:
            row = periods.sort_values(["as_of", "period_id"], ascending=False).head(1)
        pid, as_of = row.iloc[0]["period_id"], _date(row.iloc[0]["as_of"])
        return pid, dt.date.fromisoformat(f.as_of) if f.as_of else as_of

    def commitments(self, f: Filters) -> pd.DataFrame:
        sel = self.period(f)
        c = self.t["commitments"].copy()
        if sel is None:
            return c.iloc[0:0].assign(state=None, rating=None, score=None, overdue=None)
        pid, as_of = sel
        cp = self.t["commitment_progress"]
        cp = cp[cp.period_id == pid].set_index("commitment_id")
        c["state"] = [self._na(cp.state.get(x)) for x in c.commitment_id]
        c["rating"] = [self._na(cp.rating.get(x)) for x in c.commitment_id]
        c["score"] = [SCORES.get(r, float("nan")) if r else float("nan") for r in c.rating]
        c["overdue"] = [r != "fully_implemented" and _date(e) is not None and as_of >= _date(e)
                        for r, e in zip(c.rating, c.planned_end, strict=False)]
        c["period_id"], c["as_of"] = pid, as_of
        keep = pd.Series(True, index=c.index)
        if f.plan:
            keep &= c.plan_id.isin(f.plan)
        if f.level:
            keep &= c.level.isin(f.level)
        if f.commitment:
            keep &= c.commitment_id.isin(f.commitment)
        if f.rating:
            keep &= c.rating.fillna("not_reported").isin(f.rating)
        for table, col, values in (("commitment_jurisdictions", "jurisdiction_id", f.jurisdiction),
                                   ("commitment_themes", "theme_id", f.theme), ("commitment_sdgs", "sdg", f.sdg)):
            if values:
                link = self.t[table]
                keep &= c.commitment_id.isin(set(link[link[col].isin(values)].commitment_id))
        return c[keep].reset_index(drop=True)

    def milestones(self, f: Filters) -> pd.DataFrame:
        sel = self.period(f)
        fc = self.commitments(f)
        m = self.t["milestones"]
        m = m[m.commitment_id.isin(set(fc.commitment_id))].copy()
        if sel is None:
            m = m.iloc[0:0]
            sel = (None, None)
        pid, as_of = sel
        mp = self.t["milestone_progress"]
        mp = mp[mp.period_id == pid].set_index("milestone_id")
        rows = []
        for r in m.itertuples():
            state, rating = self._na(mp.state.get(r.milestone_id)), self._na(mp.rating.get(r.milestone_id))
            done = state == "completed" or rating == "fully_implemented"
            pe, a_s, a_e = _date(r.planned_end), _date(r.actual_start), _date(r.actual_end)
            minimum = False
            if done:
                if pe is None:
                    slip, status = None, "done_date_unknown"
                elif a_e is not None:
                    slip = (a_e - pe).days
                    status = "done_on_time" if slip <= 0 else "done_late"
                elif a_s is not None and a_s > pe:
                    slip, status, minimum = (a_s - pe).days, "done_late", True
                else:
                    slip, status = None, "done_date_unknown"
            elif pe is None:
                slip, status = None, "no_dates"
            else:
                slip = (as_of - pe).days
                status = ("overdue" if slip >= 0 else
                          "due_soon" if -slip <= self.th["due_soon_days"] else "not_yet_due")
            rows.append({"milestone_id": r.milestone_id, "commitment_id": r.commitment_id, "state": state,
                         "rating": rating, "done": done, "due": pe is not None and as_of >= pe,
                         "slip_days": slip, "slip_is_minimum": minimum, "slip_status": status,
                         "period_id": pid, "as_of": as_of, "planned_end": pe})
        return pd.DataFrame(rows, columns=["milestone_id", "commitment_id", "state", "rating", "done", "due",
                                           "slip_days", "slip_is_minimum", "slip_status", "period_id", "as_of",
                                           "planned_end"])

    @staticmethod
    def rating_counts(fc: pd.DataFrame) -> dict:
        r = fc.rating
        return {"commitments": len(fc), "rated": int(r.notna().sum()),
                "fully": int((r == "fully_implemented").sum()), "mostly": int((r == "mostly_implemented").sum()),
                "partially": int((r == "partially_implemented").sum()),
                "not_implemented": int((r == "not_implemented").sum()), "not_reported": int(r.isna().sum()),
                "mean_score": fc.score.mean() if fc.score.notna().any() else None}

    def headline(self, f):
        sel = self.period(f)
        if sel is None:
            return pd.DataFrame()
        fc, ms = self.commitments(f), self.milestones(f)
        due = ms[ms.due] if len(ms) else ms
        return pd.DataFrame([{
            "period_id": sel[0], "as_of": sel[1], **self.rating_counts(fc),
            "milestones": len(ms), "milestones_done": int(ms.done.sum()) if len(ms) else 0,
            "milestones_due": len(due), "milestones_overdue": int((~due.done).sum()) if len(due) else 0,
            "commitments_overdue": int(fc.overdue.sum()),
            "bei": due.done.mean() if len(due) else None}])

    def coverage(self, f):
        fc = self.commitments(f)
        n = len(fc)

        def has(col):
            return fc[col].fillna("").astype(str).str.strip() != ""
        counts = {
            "rating": int(fc.rating.notna().sum()),
            "planned_dates": int((fc.planned_start.notna() & fc.planned_end.notna()).sum()),
            "theme": int(fc.commitment_id.isin(set(self.t["commitment_themes"].commitment_id)).sum()),
            "sdg": int(fc.commitment_id.isin(set(self.t["commitment_sdgs"].commitment_id)).sum()),
            "lead_agency": int((has("lead_agency_en") | has("lead_agency_ka")).sum()),
            "title_ka": int(has("title_ka").sum()),
            "milestones": int(fc.commitment_id.isin(set(self.t["milestones"].commitment_id)).sum()),
        }
        return pd.DataFrame([{"field": k, "reported": v, "total": n, "share": v / n if n else None}
                             for k, v in counts.items()])

    def _per_commitment_milestones(self, f):
        ms = self.milestones(f)
        if ms.empty:
            return {}
        return {cid: (len(g), int(g.done.sum())) for cid, g in ms.groupby("commitment_id")}

    def completion(self, f, dim: str):
        table, col, ref, keys = {
            "jurisdiction": ("commitment_jurisdictions", "jurisdiction_id", "jurisdictions",
                             ["jurisdiction_id", "name_en", "name_ka", "kind"]),
            "theme": ("commitment_themes", "theme_id", "themes", ["theme_id", "label_en", "label_ka"]),
            "sdg": ("commitment_sdgs", "sdg", "sdgs", ["sdg", "label_en", "label_ka", "colour"]),
        }[dim]
        fc = self.commitments(f)
        per = self._per_commitment_milestones(f)
        selected = getattr(f, dim)
        link = self.t[table].merge(fc, on="commitment_id")
        rows = []
        for code, g in link.groupby(col):
            if selected and code not in selected:
                continue
            info = self.t[ref].set_index(col).loc[code]
            n_m = sum(per.get(c, (0, 0))[0] for c in g.commitment_id)
            n_d = sum(per.get(c, (0, 0))[1] for c in g.commitment_id)
            rows.append({col: code, **{k: info[k] for k in keys[1:]}, **self.rating_counts(g),
                         "milestones": n_m, "milestones_done": n_d,
                         "milestone_completion_rate": n_d / n_m if n_m else None})
        return pd.DataFrame(rows)

    def jurisdiction_theme(self, f):
        fc = self.commitments(f)
        link = (self.t["commitment_jurisdictions"].merge(self.t["commitment_themes"], on="commitment_id")
                .merge(fc[["commitment_id", "rating", "score"]], on="commitment_id"))
        if f.jurisdiction:
            link = link[link.jurisdiction_id.isin(f.jurisdiction)]
        if f.theme:
            link = link[link.theme_id.isin(f.theme)]
        rows = []
        for (j, t), g in link.groupby(["jurisdiction_id", "theme_id"]):
            rows.append({"jurisdiction_id": j, "theme_id": t, "commitments": len(g),
                         "rated": int(g.rating.notna().sum()),
                         "mean_score": g.score.mean() if g.score.notna().any() else None})
        return pd.DataFrame(rows)

    def commitment_slippage(self, f):
        sel = self.period(f)
        fc = self.commitments(f)
        ms = self.milestones(f)
        th = self.th
        rows = []
        for r in fc.itertuples():
            g = ms[ms.commitment_id == r.commitment_id] if len(ms) else ms
            due = g[g.due] if len(g) else g
            overdue_days = [s for s, st in zip(g.slip_days, g.slip_status, strict=False)
                            if st == "overdue"] if len(g) else []
            worst = max(overdue_days) if overdue_days else None
            bei = due.done.mean() if len(due) else None
            pe = _date(r.planned_end)
            as_of = sel[1]
            if r.rating == "fully_implemented":
                slip = None
                status = "no_dates" if pe is None else "done_on_time" if as_of <= pe else "done_date_unknown"
                status = "done_date_unknown" if pe is None else status
            elif pe is None:
                slip, status = None, "no_dates"
            else:
                slip = (as_of - pe).days
                status = "overdue" if slip >= 0 else "due_soon" if -slip <= th["due_soon_days"] else "not_yet_due"
            if len(g) == 0:
                rag = "not_assessed"
            elif (bei is not None and bei < th["rag_off_track_bei"]) or (worst or 0) > th["rag_off_track_overdue_days"]:
                rag = "off_track"
            elif (bei is None or bei >= th["rag_on_track_bei"]) and (worst or 0) <= th["rag_on_track_max_overdue_days"]:
                rag = "on_track"
            else:
                rag = "at_risk"
            rows.append({"commitment_id": r.commitment_id, "state": r.state, "rating": r.rating,
                         "milestones": len(g), "milestones_done": int(g.done.sum()) if len(g) else 0,
                         "milestones_due": len(due),
                         "milestones_done_among_due": int(due.done.sum()) if len(due) else 0,
                         "bei": bei, "max_overdue_days": worst, "overdue": bool(r.overdue), "slip_days": slip,
                         "slip_status": status, "rag": rag, "period_id": sel[0], "as_of": sel[1]})
        return pd.DataFrame(rows)

    def slip_distribution(self, f, bin_days=30):
        ms = self.milestones(f)
        if ms.empty:
            return pd.DataFrame()
        ms = ms[ms.slip_status.isin(["done_on_time", "done_late", "overdue"]) & ms.slip_days.notna()]
        ms = ms.assign(bin_start=[int(math.floor(s / bin_days)) * bin_days for s in ms.slip_days])
        out = ms.groupby(["bin_start", "slip_status"]).size().rename("milestones").reset_index()
        out["bin_end"] = out.bin_start + bin_days
        return out

    def commitments_table(self, f):
        fc = self.commitments(f)
        per = self._per_commitment_milestones(f)
        cj = self.t["commitment_jurisdictions"].merge(self.t["jurisdictions"], on="jurisdiction_id")
        plans = self.t["action_plans"].set_index("plan_id")
        rows = []
        for r in fc.itertuples():
            names = cj[cj.commitment_id == r.commitment_id]
            rows.append({"commitment_id": r.commitment_id, "plan_name_en": plans.name_en.get(r.plan_id),
                         "jurisdictions_en": ", ".join(sorted(names.name_en)) or None,
                         "jurisdictions_ka": ", ".join(sorted(names.name_ka)) or None,
                         "state": r.state, "rating": r.rating,
                         "milestones": per.get(r.commitment_id, (0, 0))[0],
                         "milestones_done": per.get(r.commitment_id, (0, 0))[1]})
        return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------------------------
# Comparison helpers


def norm(v):
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return norm(v.item())
    if isinstance(v, float):
        return round(v, 9)
    return v


def assert_matches(actual: pd.DataFrame, expected: pd.DataFrame, keys: list[str], what: str = "") -> None:
    """Same set of rows (by keys) and the same value in every column the reference computes."""
    if expected.empty:
        assert actual.empty, f"{what}: expected no rows, got {len(actual)}"
        return
    cols = [c for c in expected.columns if c in actual.columns]
    assert set(expected.columns) <= set(actual.columns), (what, set(expected.columns) - set(actual.columns))

    def rows(df):
        return {tuple(norm(v) for v in r[keys]): {c: norm(r[c]) for c in cols} for _, r in df.iterrows()}
    got, want = rows(actual), rows(expected)
    assert len(got) == len(actual), f"{what}: duplicate keys in the query result"
    assert got.keys() == want.keys(), \
        f"{what}: rows differ: extra {got.keys() - want.keys()}, missing {want.keys() - got.keys()}"
    for k in want:
        for c in cols:
            g, w = got[k][c], want[k][c]
            if isinstance(g, float) or isinstance(w, float):
                assert (g is None) == (w is None) and (g is None or abs(g - w) < 1e-9), f"{what} {k} {c}: {g} != {w}"
            else:
                assert g == w, f"{what} {k} {c}: {g!r} != {w!r}"


EXPECTED_COLUMNS = {
    "headline": ["period_id", "as_of", "commitments", "rated", "fully", "mostly", "partially", "not_implemented",
                 "not_reported", "mean_score", "milestones", "milestones_done", "milestones_due",
                 "milestones_overdue", "commitments_overdue", "bei"],
    "coverage": ["field", "reported", "total", "share"],
    "completion_by_jurisdiction": ["jurisdiction_id", "name_en", "name_ka", "kind", "commitments", "rated", "fully",
                                   "mostly", "partially", "not_implemented", "not_reported", "mean_score",
                                   "milestones", "milestones_done", "milestone_completion_rate"],
    "map_by_jurisdiction": ["jurisdiction_id", "name_en", "name_ka", "kind", "shape_id", "commitments", "rated",
                            "mean_score", "coverage", "milestones", "milestones_overdue", "commitments_overdue",
                            "irm_assessed", "irm_score"],
    "completion_by_theme": ["theme_id", "label_en", "label_ka", "commitments", "rated", "fully", "mostly",
                            "partially", "not_implemented", "not_reported", "mean_score", "milestones",
                            "milestones_done", "milestone_completion_rate"],
    "completion_by_sdg": ["sdg", "label_en", "label_ka", "colour", "commitments", "rated", "fully", "mostly",
                          "partially", "not_implemented", "not_reported", "mean_score", "milestones",
                          "milestones_done", "milestone_completion_rate"],
    "jurisdiction_theme": ["jurisdiction_id", "name_en", "name_ka", "theme_id", "label_en", "label_ka",
                           "commitments", "rated", "mean_score"],
    "milestone_slippage": ["milestone_id", "commitment_id", "number", "title_en", "title_ka", "planned_start",
                           "planned_end", "actual_start", "actual_end", "state", "rating", "done", "slip_days",
                           "slip_is_minimum", "slip_status", "period_id", "as_of", "total_rows"],
    "commitment_slippage": ["commitment_id", "number", "title_en", "title_ka", "plan_id", "planned_start",
                            "planned_end", "state", "rating", "milestones", "milestones_done", "milestones_due",
                            "milestones_done_among_due", "bei", "max_overdue_days", "overdue", "slip_days",
                            "slip_status", "rag", "period_id", "as_of", "total_rows"],
    "slip_distribution": ["bin_start", "bin_end", "slip_status", "milestones"],
    "commitments_table": ["commitment_id", "number", "plan_id", "plan_name_en", "plan_name_ka", "level", "title_en",
                          "title_ka", "jurisdictions_en", "jurisdictions_ka", "lead_agency_en", "lead_agency_ka",
                          "planned_start", "planned_end", "state", "rating", "milestones", "milestones_done",
                          "source_url_en", "source_url_ka", "total_rows"],
    "slip_months": ["month", "slip_status", "n", "slip_days", "period_id", "as_of"],
    "source_hosts": ["host", "commitments", "with_source", "urls", "total"],
    "overdue_items": ["kind", "id", "number", "title_en", "title_ka", "planned_end", "slip_days", "total_rows"],
    "filter_options": ["dimension", "code", "label_en", "label_ka", "sort"],
    "download_counts": ["commitments_table", "milestone_slippage", "commitment_slippage",
                        "completion_by_jurisdiction", "completion_by_theme", "completion_by_sdg",
                        "jurisdiction_theme", "coverage"],
    "periods": ["period_id", "label_en", "label_ka", "as_of"],
}


def check_all(con, f: Filters) -> None:
    """Every filtered query against the reference, under filters f."""
    ref = Reference(con)
    assert_matches(metrics.run(con, "headline", f), ref.headline(f), ["period_id"], f"headline {f}")
    assert_matches(metrics.run(con, "coverage", f), ref.coverage(f), ["field"], f"coverage {f}")
    for dim, key in (("jurisdiction", "jurisdiction_id"), ("theme", "theme_id"), ("sdg", "sdg")):
        assert_matches(metrics.run(con, f"completion_by_{dim}", f), ref.completion(f, dim), [key],
                       f"completion_by_{dim} {f}")
    assert_matches(metrics.run(con, "jurisdiction_theme", f), ref.jurisdiction_theme(f),
                   ["jurisdiction_id", "theme_id"], f"jurisdiction_theme {f}")
    ms = ref.milestones(f).drop(columns=["due", "planned_end"])
    assert_matches(metrics.run(con, "milestone_slippage", f), ms, ["milestone_id"], f"milestone_slippage {f}")
    assert_matches(metrics.run(con, "commitment_slippage", f), ref.commitment_slippage(f), ["commitment_id"],
                   f"commitment_slippage {f}")
    assert_matches(metrics.run(con, "slip_distribution", f), ref.slip_distribution(f), ["bin_start", "slip_status"],
                   f"slip_distribution {f}")
    assert_matches(metrics.run(con, "commitments_table", f), ref.commitments_table(f), ["commitment_id"],
                   f"commitments_table {f}")
