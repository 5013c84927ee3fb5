"""The metric queries (queries/*.sql via dashboard.metrics) against an independent pandas computation.

Every query runs on the bundled data and on a small synthetic dataset with tricky cases (joint commitments, missing
ratings, several periods, milestones without dates, due soon, done with and without actual dates); the pandas
reference below reads only the raw tables and re-implements DESIGN §4 from its text.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard import metrics, schema, store
from dashboard.schema import Filters
from dashboard.state import ParamError, parse_pairs
from tests.helpers import SDG_COLOURS, to_csv

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEED = "GE-2018-6.2"
URL = "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"


# ----------------------------------------------------------------------------------------------------------------
# The synthetic dataset


def _seed_rows() -> tuple[list[dict], list[dict]]:
    """The seed's 6 milestones (DESIGN §3) and their 2019-annual progress."""
    plan = {"6.2.1": ("2018-06", "2018-12", "completed", "fully_implemented"),
            "6.2.2": ("2019-01", "2019-06", "not_started", "not_implemented"),
            "6.2.3": ("2019-01", "2019-06", "not_started", "not_implemented"),
            "6.2.4": ("2019-04", "2019-09", "completed", "fully_implemented"),
            "6.2.5": ("2019-07", "2019-12", "not_started", "not_implemented"),
            "6.2.6": ("2019-04", "2019-09", "completed", "fully_implemented")}
    ms, mp = [], []
    for number, (start, end, state, rating) in plan.items():
        mid = f"{SEED}/{number}"
        ms.append({"milestone_id": mid, "commitment_id": SEED, "number": number, "title_en": f"Milestone {number}",
                   "title_ka": f"ეტაპი {number}", "planned_start": start, "planned_end": end,
                   "actual_start": "2019-09-10" if number == "6.2.1" else "", "source_url": URL})
        mp.append({"milestone_id": mid, "period_id": "2019-annual", "state": state, "rating": rating})
    return ms, mp


def synthetic_rows() -> dict[str, list[dict]]:
    """Rows per table. Periods: 2019-annual (2019-12-31) and 2020-midterm (2020-06-30, the latest)."""
    def c(cid, plan, level, number, planned=("", ""), title_ka="", lead=""):
        return {"commitment_id": cid, "plan_id": plan, "level": level, "number": number,
                "title_en": f"Commitment {cid}", "title_ka": title_ka, "lead_agency_en": lead,
                "planned_start": planned[0], "planned_end": planned[1]}

    def m(mid, cid, number, planned=("", ""), actual=("", "")):
        return {"milestone_id": mid, "commitment_id": cid, "number": number, "title_en": f"Milestone {mid}",
                "planned_start": planned[0], "planned_end": planned[1], "actual_start": actual[0],
                "actual_end": actual[1]}

    def p(key, mid_or_cid, period, state="", rating=""):
        return {key: mid_or_cid, "period_id": period, "state": state, "rating": rating}

    seed_ms, seed_mp = _seed_rows()
    return {
        "periods": [
            {"period_id": "2019-annual", "label_en": "2019, Annual", "label_ka": "2019, წლიური", "as_of": "2019-12-31"},
            {"period_id": "2020-midterm", "label_en": "2020, Mid-term", "label_ka": "2020, შუალედური",
             "as_of": "2020-06-30"},
        ],
        "themes": [{"theme_id": t, "label_en": t.title(), "label_ka": f"თემა {t}"} for t in schema.THEMES],
        "sdgs": [{"sdg": str(i), "label_en": f"Goal {i}", "label_ka": f"მიზანი {i}", "colour": SDG_COLOURS[i - 1]}
                 for i in schema.SDGS],
        "vocab": [{"kind": "rating", "code": r, "label_en": r.replace("_", " ").capitalize(), "label_ka": f"ქ {r}"}
                  for r in schema.RATINGS],
        "action_plans": [
            {"plan_id": "georgia-2018-2019", "name_en": "Georgia 2018-2019", "name_ka": "საქართველო 2018-2019",
             "level": "national", "start": "2018-07", "end": "2019-12"},
            {"plan_id": "tbilisi-2019", "name_en": "Tbilisi 2019", "name_ka": "თბილისი 2019", "level": "local"},
        ],
        "jurisdictions": [
            {"jurisdiction_id": "georgia", "name_en": "Georgia", "name_ka": "საქართველო", "kind": "country"},
            {"jurisdiction_id": "rustavi", "name_en": "Rustavi", "name_ka": "რუსთავი", "kind": "city"},
            {"jurisdiction_id": "batumi", "name_en": "Batumi", "name_ka": "ბათუმი", "kind": "city"},
            {"jurisdiction_id": "tbilisi", "name_en": "Tbilisi", "name_ka": "თბილისი", "kind": "city"},
            {"jurisdiction_id": "kutaisi", "name_en": "Kutaisi", "name_ka": "ქუთაისი", "kind": "city"},
        ],
        "commitments": [
            {**c(SEED, "georgia-2018-2019", "municipal", "6.2", ("2018-07", "2019-12"), "რუსთავი",
                 "Rustavi City Hall")},
            c("J1", "georgia-2018-2019", "municipal", "7", ("2018-09", "2020-05"), "ერთობლივი", "Several halls"),
            c("R2", "georgia-2018-2019", "municipal", "10", ("2019-01", "2020-07")),
            c("N3", "georgia-2018-2019", "national", "2", lead="Ministry"),
            c("B4", "georgia-2018-2019", "municipal", "8", ("2018-07", "2019-06"), "ბათუმი"),
            c("T5", "tbilisi-2019", "ogp_local", "1", ("2019-01", "2020-12"), "თბილისი", "Tbilisi City Hall"),
            c("T6", "tbilisi-2019", "ogp_local", "2", ("2019-03", "2020-01")),
        ],
        "commitment_jurisdictions": [
            {"commitment_id": SEED, "jurisdiction_id": "rustavi"},
            {"commitment_id": "J1", "jurisdiction_id": "rustavi"},
            {"commitment_id": "J1", "jurisdiction_id": "batumi"},
            {"commitment_id": "J1", "jurisdiction_id": "tbilisi"},
            {"commitment_id": "R2", "jurisdiction_id": "rustavi"},
            {"commitment_id": "N3", "jurisdiction_id": "georgia"},
            {"commitment_id": "B4", "jurisdiction_id": "batumi"},
            {"commitment_id": "T5", "jurisdiction_id": "tbilisi"},
        ],
        "commitment_themes": [
            {"commitment_id": SEED, "theme_id": "access_to_services"},
            {"commitment_id": "J1", "theme_id": "transparency"},
            {"commitment_id": "J1", "theme_id": "engagement"},
            {"commitment_id": "R2", "theme_id": "transparency"},
            {"commitment_id": "B4", "theme_id": "accountability"},
            {"commitment_id": "T5", "theme_id": "innovation_technology"},
            {"commitment_id": "T5", "theme_id": "transparency"},
        ],
        "commitment_sdgs": [
            {"commitment_id": SEED, "sdg": "16"},
            {"commitment_id": "J1", "sdg": "16"},
            {"commitment_id": "J1", "sdg": "11"},
            {"commitment_id": "B4", "sdg": "5"},
            {"commitment_id": "T5", "sdg": "9"},
        ],
        "milestones": seed_ms + [
            m("J1/1", "J1", "7.1", ("2018-09", "2019-03"), ("2018-10-01", "2019-02-15")),   # done on time
            m("J1/2", "J1", "7.2", ("2018-09", "2019-03"), ("2018-10-01", "2019-05-10")),   # done late
            m("J1/3", "J1", "7.3", ("2019-01", "2019-12")),                                 # due 2019-12-31
            m("J1/4", "J1", "7.4", ("2020-01", "2020-01")),                                 # due soon at 2020-01-05
            m("J1/5", "J1", "7.5"),                                                         # no dates
            m("J1/6", "J1", "7.6", ("2020-03", "2020-09")),                                 # not yet due
            m("J1/10", "J1", "7.10", ("2019-01", "2019-02")),                               # done, date unknown
            m("R2/1", "R2", "10.1", ("2019-01", "2019-04")),                                # progress only in 2020
            m("R2/2", "R2", "10.2", ("2019-01", "2019-04"), ("2019-06-20", "")),            # start after end, not done
            m("B4/1", "B4", "8.1", ("2018-07", "2018-10")),                                 # long overdue
            m("B4/2", "B4", "8.2", ("", ""), ("2019-01-10", "2019-03-01")),                  # done, no planned dates
            m("T6/1", "T6", "2.1", ("2019-03", "2020-07")),
        ],
        "commitment_progress": [
            p("commitment_id", SEED, "2019-annual", "in_progress", "mostly_implemented"),
            p("commitment_id", "J1", "2019-annual", "in_progress", "partially_implemented"),
            p("commitment_id", "J1", "2020-midterm", "completed", "fully_implemented"),
            p("commitment_id", "R2", "2019-annual", "in_progress"),                  # state only: not reported
            p("commitment_id", "R2", "2020-midterm", "in_progress", "mostly_implemented"),
            p("commitment_id", "B4", "2019-annual", "not_started", "not_implemented"),
            p("commitment_id", "T5", "2019-annual", "completed", "fully_implemented"),
            p("commitment_id", "T5", "2020-midterm", "completed", "fully_implemented"),
            p("commitment_id", "T6", "2020-midterm", "suspended", "not_implemented"),
        ],
        "milestone_progress": seed_mp + [
            p("milestone_id", "J1/1", "2019-annual", "completed", "fully_implemented"),
            p("milestone_id", "J1/2", "2019-annual", "completed"),
            p("milestone_id", "J1/3", "2019-annual", "in_progress", "partially_implemented"),
            p("milestone_id", "J1/4", "2019-annual", "not_started"),
            p("milestone_id", "J1/5", "2019-annual", "in_progress"),
            p("milestone_id", "J1/10", "2019-annual", "", "fully_implemented"),
            p("milestone_id", "J1/1", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "J1/2", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "J1/3", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "J1/4", "2020-midterm", "in_progress"),
            p("milestone_id", "R2/1", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "R2/2", "2020-midterm", "in_progress", "mostly_implemented"),
            p("milestone_id", "B4/1", "2019-annual", "in_progress"),
            p("milestone_id", "B4/2", "2019-annual", "completed"),
            p("milestone_id", "T6/1", "2020-midterm", "suspended"),
        ],
    }


def write_synthetic(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in synthetic_rows().items():
        (directory / f"{name}.csv").write_bytes(to_csv(name, rows))
    return directory


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("metrics_synthetic"))


@pytest.fixture(scope="module")
def synthetic(synthetic_dir):
    return store.load_dataset(synthetic_dir).con


@pytest.fixture(scope="module")
def bundled():
    if not (DATA_DIR / "commitments.csv").exists():
        pytest.skip("bundled data/ not built yet")
    return store.load_dataset(DATA_DIR).con


# ----------------------------------------------------------------------------------------------------------------
# The independent pandas reference (DESIGN §4 re-implemented row by row)


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


def _norm(v):
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return _norm(v.item())
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
        return {tuple(_norm(v) for v in r[keys]): {c: _norm(r[c]) for c in cols} for _, r in df.iterrows()}
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


SYNTHETIC_FILTERS = [
    Filters(),
    Filters(period="2019-annual"),
    Filters(period="2020-midterm", as_of="2020-12-31"),
    Filters(as_of="2019-06-15", period="2019-annual"),
    Filters(as_of="2020-01-05", period="2019-annual"),
    Filters(jurisdiction=("rustavi",)),
    Filters(jurisdiction=("batumi", "tbilisi"), period="2019-annual"),
    Filters(theme=("transparency",)),
    Filters(theme=("transparency", "accountability"), jurisdiction=("batumi",), period="2019-annual"),
    Filters(sdg=(16,)),
    Filters(sdg=(11, 5), period="2019-annual"),
    Filters(rating=("not_reported",)),
    Filters(rating=("not_reported",), period="2019-annual"),
    Filters(rating=("mostly_implemented", "not_reported"), period="2019-annual"),
    Filters(level=("national",)),
    Filters(level=("ogp_local", "municipal"), period="2019-annual"),
    Filters(plan=("tbilisi-2019",)),
    Filters(commitment=(SEED, "J1"), period="2019-annual"),
    Filters(period="2017-annual"),                      # unknown period: no rows
    Filters(jurisdiction=("kutaisi",)),                 # no commitments
]


@pytest.mark.parametrize("f", SYNTHETIC_FILTERS, ids=lambda f: repr(f)[8:70])
def test_synthetic_against_pandas(synthetic, f):
    check_all(synthetic, f)


def _bundled_filters(con) -> list[Filters]:
    cj = con.execute("SELECT jurisdiction_id FROM commitment_jurisdictions GROUP BY 1 ORDER BY count(*) DESC, 1 "
                     "LIMIT 2").fetchall()
    theme = con.execute("SELECT theme_id FROM commitment_themes GROUP BY 1 ORDER BY count(*) DESC, 1 "
                        "LIMIT 1").fetchall()
    plan = con.execute("SELECT plan_id FROM commitments GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchall()
    out = [Filters(), Filters(rating=("not_reported",)), Filters(rating=("fully_implemented", "mostly_implemented")),
           Filters(sdg=(16,)), Filters(level=("municipal",)), Filters(commitment=(SEED,)),
           Filters(as_of="2019-06-30")]
    if cj:
        out += [Filters(jurisdiction=(cj[0][0],)), Filters(jurisdiction=tuple(r[0] for r in cj))]
    if theme:
        out.append(Filters(theme=(theme[0][0],)))
    if plan:
        out.append(Filters(plan=(plan[0][0],), rating=("not_reported",)))
    return out


def test_bundled_against_pandas(bundled):
    for f in _bundled_filters(bundled):
        check_all(bundled, f)


def test_bundled_counts(bundled):
    h = metrics.run(bundled, "headline", Filters()).iloc[0]
    assert h.commitments == 65 and h.rated == 12 and h.period_id == "2019-annual"
    cov = metrics.run(bundled, "coverage", Filters()).set_index("field")
    assert (cov.loc["rating", "reported"], cov.loc["rating", "total"]) == (12, 65)


# ----------------------------------------------------------------------------------------------------------------
# Columns, filters narrowing, the seed


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_columns_are_the_contract(synthetic, name):
    assert list(metrics.run(synthetic, name, Filters()).columns) == EXPECTED_COLUMNS[name]


def test_list_queries_covers_the_contract():
    pages = {"commitment_detail", "commitment_progress_history", "milestone_detail"}
    pages |= {"assessment_history", "assessment_agreement", "assessment_moves", "irm_results"}  # test_irm_*.py
    assert set(EXPECTED_COLUMNS) | pages == set(metrics.list_queries())


@pytest.mark.parametrize("field,value", [("jurisdiction", ("rustavi",)), ("theme", ("transparency",)),
                                         ("sdg", (16,)), ("rating", ("not_reported",)), ("level", ("municipal",)),
                                         ("plan", ("georgia-2018-2019",)), ("commitment", ("J1", "B4"))])
def test_each_filter_narrows(synthetic, field, value):
    every = metrics.run(synthetic, "commitments_table", Filters())
    narrowed = metrics.run(synthetic, "commitments_table", Filters(**{field: value}))
    expected = Reference(synthetic).commitments(Filters(**{field: value}))
    assert 0 < len(narrowed) < len(every)
    assert set(narrowed.commitment_id) == set(expected.commitment_id)


def test_not_reported_rating_filter(synthetic):
    # 2019-annual: R2 has a state but no rating, N3 and T6 have no row: all three are "not reported".
    df = metrics.run(synthetic, "commitments_table", Filters(rating=("not_reported",), period="2019-annual"))
    assert sorted(df.commitment_id) == ["N3", "R2", "T6"]
    assert df.rating.isna().all()


def test_joint_commitment_counts_in_each_jurisdiction(synthetic):
    df = metrics.run(synthetic, "completion_by_jurisdiction", Filters(period="2019-annual"))
    df = df.set_index("jurisdiction_id")
    for j in ("rustavi", "batumi", "tbilisi"):
        assert df.loc[j, "partially"] >= 1   # J1 (partially implemented in 2019) counts in all three
    assert df.loc["rustavi", "commitments"] == 3 and df.loc["batumi", "commitments"] == 2
    only = metrics.run(synthetic, "completion_by_jurisdiction", Filters(jurisdiction=("batumi",)))
    assert list(only.jurisdiction_id) == ["batumi"]


def test_periods_and_default(synthetic):
    periods = metrics.run(synthetic, "periods", Filters())
    assert list(periods.period_id) == ["2020-midterm", "2019-annual"]
    h = metrics.run(synthetic, "headline", Filters()).iloc[0]
    assert h.period_id == "2020-midterm" and _norm(h.as_of) == dt.date(2020, 6, 30)
    h = metrics.run(synthetic, "headline", Filters(period="2019-annual", as_of="2019-06-30")).iloc[0]
    assert h.period_id == "2019-annual" and _norm(h.as_of) == dt.date(2019, 6, 30)


def test_due_soon_and_no_dates(synthetic):
    ms = metrics.run(synthetic, "milestone_slippage", Filters(period="2019-annual")).set_index("milestone_id")
    assert ms.loc["J1/4", "slip_status"] == "not_yet_due" and ms.loc["J1/4", "slip_days"] == -31
    soon = metrics.run(synthetic, "milestone_slippage", Filters(period="2019-annual", as_of="2020-01-05"))
    soon = soon.set_index("milestone_id")
    assert soon.loc["J1/4", "slip_status"] == "due_soon" and soon.loc["J1/4", "slip_days"] == -26
    assert ms.loc["J1/5", "slip_status"] == "no_dates" and pd.isna(ms.loc["J1/5", "slip_days"])
    assert ms.loc["J1/6", "slip_status"] == "not_yet_due"
    assert ms.loc["J1/1", "slip_status"] == "done_on_time" and ms.loc["J1/2", "slip_status"] == "done_late"
    assert ms.loc["J1/10", "slip_status"] == "done_date_unknown"
    assert ms.loc["B4/2", "slip_status"] == "done_date_unknown"   # done, no planned dates
    assert ms.loc["J1/3", "slip_status"] == "overdue" and ms.loc["J1/3", "slip_days"] == 0


def test_filter_options(synthetic):
    fo = metrics.run(synthetic, "filter_options", Filters())
    by = {d: list(g.code) for d, g in fo.groupby("dimension")}
    assert by["rating"] == list(schema.RATING_FILTER_VALUES)
    assert by["period"] == ["2020-midterm", "2019-annual"]
    assert set(by["jurisdiction"]) == {"georgia", "rustavi", "batumi", "tbilisi", "kutaisi"}
    assert by["theme"] == list(schema.THEMES) and by["sdg"] == [str(i) for i in schema.SDGS]
    assert set(by["level"]) == {"national", "municipal", "ogp_local"}
    assert set(by["plan"]) == {"georgia-2018-2019", "tbilisi-2019"}
    assert fo.groupby("dimension")["sort"].apply(lambda s: list(s) == list(range(1, len(s) + 1))).all()


def test_commitment_detail_and_history(synthetic):
    d = metrics.run(synthetic, "commitment_detail", Filters(), commitment="J1")
    assert len(d) == 1
    row = d.iloc[0]
    assert row.jurisdiction_ids == "batumi,rustavi,tbilisi" and row.period_id == "2020-midterm"
    assert row.rating == "fully_implemented" and row.milestones == 7 and row.milestones_done == 3
    assert metrics.run(synthetic, "commitment_detail", Filters()).empty       # needs a commitment
    h = metrics.run(synthetic, "commitment_progress_history", Filters(), commitment="J1")
    assert list(h.period_id) == ["2019-annual", "2020-midterm"]
    assert list(h.rating) == ["partially_implemented", "fully_implemented"]
    assert list(h.milestones_done) == [3, 3]


SEED_EXPECTED = {  # milestone: (done, slip_status, slip_days, slip_is_minimum)
    "6.2.1": (True, "done_late", 253, True),
    "6.2.2": (False, "overdue", 184, False),
    "6.2.3": (False, "overdue", 184, False),
    "6.2.4": (True, "done_date_unknown", None, False),
    "6.2.5": (False, "overdue", 0, False),
    "6.2.6": (True, "done_date_unknown", None, False),
}


def check_seed(con) -> None:
    f = Filters(commitment=(SEED,), period="2019-annual")
    ms = metrics.run(con, "milestone_slippage", f)
    assert len(ms) == 6 and list(ms.number) == list(SEED_EXPECTED)
    for r in ms.itertuples():
        assert (bool(r.done), r.slip_status, _norm(r.slip_days), bool(r.slip_is_minimum)) == SEED_EXPECTED[r.number]
        assert _norm(r.as_of) == dt.date(2019, 12, 31)
    cs = metrics.run(con, "commitment_slippage", f).iloc[0]
    assert cs.rating == "mostly_implemented" and bool(cs.overdue) and cs.slip_status == "overdue"
    assert (cs.milestones, cs.milestones_done, cs.milestones_due, cs.milestones_done_among_due) == (6, 3, 6, 3)
    assert cs.bei == 0.5 and cs.max_overdue_days == 184 and cs.rag == "off_track"
    h = metrics.run(con, "headline", f).iloc[0]
    assert (h.milestones, h.milestones_done, h.milestones_overdue, h.bei) == (6, 3, 3, 0.5)


def test_seed_synthetic(synthetic):
    check_seed(synthetic)


def test_seed_bundled(bundled):
    check_seed(bundled)


# ----------------------------------------------------------------------------------------------------------------
# metrics.py API


def test_parse_params():
    f = parse_pairs(["jurisdiction=rustavi, batumi", "sdg=16,5", "rating=not_reported", "as_of=2019-12-31",
                              "period=2019-annual", "jurisdiction=tbilisi", "plan="])
    assert f == Filters(jurisdiction=("rustavi", "batumi", "tbilisi"), sdg=(16, 5), rating=("not_reported",),
                        as_of="2019-12-31", period="2019-annual")
    for bad, message in [("colour=red", "unknown parameter 'colour'"), ("sdg=18", "sdg"), ("sdg=x", "sdg"),
                         ("as_of=2019-13-01", "as_of"), ("as_of=yesterday", "as_of"), ("rating=great", "rating"),
                         ("theme=sports", "theme"), ("jurisdiction", "key=value")]:
        with pytest.raises(ParamError, match=message):
            parse_pairs([bad])
    with pytest.raises(ParamError, match="more than once"):
        parse_pairs(["period=2019-annual", "period=2020-midterm"])


@pytest.mark.parametrize("name", ["../periods", "periods;", "_macros", "Periods", "nope", "periods.sql", ""])
def test_query_name_is_strict(synthetic, name):
    with pytest.raises(metrics.QueryError):
        metrics.run(synthetic, name, Filters())


def test_binds_only_mentioned_parameters():
    sql, params = metrics._query("periods")
    assert params == ()
    assert set(metrics._query("commitment_slippage")[1]) >= {"due_soon_days", "rag_on_track_bei", "commitment"}
    assert metrics._query("headline") is metrics._query("headline")       # read once


INJECTIONS = ["x' OR '1'='1", "'); DROP TABLE commitments; --", "rustavi\" OR 1=1 --", "%", "*"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_is_data(synthetic, value):
    for key in ("jurisdiction", "commitment", "plan"):
        assert metrics.run(synthetic, "commitments_table", Filters(**{key: (value,)})).empty
    assert metrics.run(synthetic, "headline", Filters(period=value)).empty
    assert metrics.run(synthetic, "commitment_detail", Filters(), commitment=value).empty
    assert synthetic.execute("SELECT count(*) FROM commitments").fetchone()[0] == 7


def test_records_and_csv_are_iso(synthetic):
    df = metrics.run(synthetic, "milestone_slippage", Filters(commitment=(SEED,), period="2019-annual"))
    rec = metrics.to_records(df)[0]
    assert rec["planned_end"] == "2018-12-31" and rec["actual_start"] == "2019-09-10" and rec["actual_end"] is None
    assert rec["slip_days"] == 253 and rec["slip_is_minimum"] is True
    text = metrics.to_csv(df)
    assert "2018-12-31" in text and "00:00:00" not in text


def test_thresholds_come_from_the_file():
    th = metrics.thresholds()
    assert th["due_soon_days"] == 30 and th["rag_off_track_overdue_days"] == 180
    for name in metrics.list_queries():
        sql = metrics.query_sql(name)
        for literal in ("0.8", "180", " 30 "):
            assert literal not in sql.replace("$bin_days", ""), (name, literal)


# ------------------------------------------------------------------------------------------ paging and SQL counts

@pytest.mark.parametrize("name", ["commitments_table", "milestone_slippage", "commitment_slippage",
                                  "commitment_progress_history", "overdue_items"])
@pytest.mark.parametrize("f", [Filters(), Filters(jurisdiction=("rustavi",)), Filters(as_of="2019-06-30")])
def test_limit_offset_pages_the_full_result(synthetic, name, f):
    full = metrics.run(synthetic, name, f)
    assert len(full) >= 2
    assert (full["total_rows"] == len(full)).all()
    parts = [metrics.run(synthetic, name, f, limit=2, offset=o) for o in range(0, len(full), 2)]
    for part in parts:
        assert (part["total_rows"] == len(full)).all() and len(part) <= 2
    paged = [r for part in parts for r in metrics.to_records(part.drop(columns="total_rows"))]
    assert paged == metrics.to_records(full.drop(columns="total_rows"))
    assert metrics.run(synthetic, name, f, limit=5, offset=len(full) + 10).empty


def test_commitments_table_search_and_state(synthetic):
    full = metrics.run(synthetic, "commitments_table", Filters())
    hay = (full["commitment_id"].fillna("") + " " + full["number"].fillna("") + " " + full["title_en"].fillna("")
           + " " + full["title_ka"].fillna("")).str.casefold()
    word = str(full["title_en"].dropna().iloc[0]).split()[0].casefold()
    found = metrics.run(synthetic, "commitments_table", Filters(), search=[word])
    assert set(found["commitment_id"]) == set(full.loc[hay.str.contains(word, regex=False), "commitment_id"])
    assert metrics.run(synthetic, "commitments_table", Filters(), search=["no-such-word-xyz"]).empty
    hostile = metrics.run(synthetic, "commitments_table", Filters(), search=["'; DROP TABLE commitments; --"])
    assert hostile.empty and len(metrics.run(synthetic, "commitments_table", Filters())) == len(full)
    state = full["state"].astype(object).where(full["state"].notna(), "not_reported")
    picked = metrics.run(synthetic, "commitments_table", Filters(), state=["not_reported", "completed"])
    assert set(picked["commitment_id"]) == set(full.loc[state.isin(["not_reported", "completed"]), "commitment_id"])


@pytest.mark.parametrize("f", [Filters(), Filters(theme=("transparency",)), Filters(as_of="2020-01-05"),
                               Filters(period="2019-annual")])
def test_slip_months_counts_every_row(synthetic, f):
    for kind, rows in (("milestone", metrics.run(synthetic, "milestone_slippage", f)),
                       ("commitment", metrics.run(synthetic, "commitment_slippage", f))):
        months = metrics.run(synthetic, "slip_months", f, kind=kind)
        assert int(months["n"].sum()) == len(rows)
        month = pd.to_datetime(rows["planned_end"]).dt.to_period("M").dt.to_timestamp()
        expected = rows.assign(month=month).groupby(["month", "slip_status"], dropna=False).size()
        got = months.assign(month=pd.to_datetime(months["month"])).set_index(["month", "slip_status"])["n"]
        assert {k: int(v) for k, v in expected.items()} == {k: int(v) for k, v in got.items()}, kind
        over = rows[rows["slip_status"] == "overdue"]
        if len(over):
            assert months.loc[months["slip_status"] == "overdue", "slip_days"].max() == over["slip_days"].max()


def test_overdue_items_are_the_overdue_rows(synthetic):
    f = Filters()
    ms = metrics.run(synthetic, "milestone_slippage", f)
    cs = metrics.run(synthetic, "commitment_slippage", f)
    items = metrics.run(synthetic, "overdue_items", f)
    expected = sorted([("milestone", i) for i in ms.loc[ms["slip_status"] == "overdue", "milestone_id"]]
                      + [("commitment", i) for i in cs.loc[cs["slip_status"] == "overdue", "commitment_id"]])
    assert sorted(zip(items["kind"], items["id"], strict=False)) == expected
    days = items["slip_days"].tolist()
    assert days == sorted(days, reverse=True)


def _hosts_of(commitments: pd.DataFrame) -> list[tuple[str, int]]:
    """(host, commitments citing it) from the commitments' http(s) source URLs, counted here in Python."""
    from urllib.parse import urlsplit

    counts: dict[str, set[str]] = {}
    for r in commitments.to_dict("records"):
        for col in ("source_url_en", "source_url_ka"):
            url = r.get(col)
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                try:
                    host = (urlsplit(url).hostname or "").removeprefix("www.")
                except ValueError:
                    continue
                if host:
                    counts.setdefault(host, set()).add(str(r.get("commitment_id")))
    return sorted(((h, len(ids)) for h, ids in counts.items()), key=lambda x: (-x[1], x[0]))


def test_source_hosts_counts(synthetic):
    table = metrics.run(synthetic, "commitments_table", Filters())
    hosts = metrics.run(synthetic, "source_hosts", Filters())
    assert int(hosts["total"].iloc[0]) == len(table)
    expected = dict(_hosts_of(table))
    assert {h: int(n) for h, n in zip(hosts["host"], hosts["commitments"], strict=False) if h is not None} == expected


@pytest.mark.parametrize("f", [Filters(), Filters(theme=("transparency",)), Filters(jurisdiction=("rustavi",)),
                               Filters(sdg=(16,), theme=("accountability", "transparency")),
                               Filters(rating=("not_reported",)), Filters(period="no-such-period"),
                               Filters(as_of="2019-06-30"), Filters(level=("municipal",))])
def test_download_counts_are_the_downloads_row_counts(synthetic, f):
    counts = metrics.run(synthetic, "download_counts", f).iloc[0]
    for name in EXPECTED_COLUMNS["download_counts"]:
        assert int(counts[name]) == len(metrics.run(synthetic, name, f)), (name, f)


# ------------------------------------------------------------------------------- views aggregated at load

@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated dataset (tools.synth): many milestones sharing planned ends, so the overdue list has ties."""
    from tools import synth

    path = tmp_path_factory.mktemp("metrics_generated") / "s"
    synth.write(path, 300, seed=7)
    return store.load_dataset(path).con


def _views(con):
    """(filters read from the tables aggregated at load, the same view computed from the rows) per period."""
    periods = con.execute("SELECT period_id, as_of FROM periods").fetchall()
    plans = tuple(r[0] for r in con.execute("SELECT DISTINCT plan_id FROM commitments").fetchall())
    out = [(Filters(), Filters(as_of=max(a for _, a in periods).isoformat()))]
    for period_id, as_of in periods:
        out.append((Filters(period=period_id), Filters(period=period_id, as_of=as_of.isoformat())))
        out.append((Filters(period=period_id), Filters(period=period_id, plan=plans)))   # filtered path
    return out


@pytest.mark.parametrize("fixture", ["synthetic", "generated"])
def test_aggregated_views_match_the_rows(request, fixture):
    """slip_distribution, slip_months and overdue_items without a filter or as_of read derived tables built at load
    (slip_day_counts, slip_month_counts, overdue_item, item_text); the same view given as a custom as_of equal to
    the period's (or with a filter that keeps every commitment) is computed from the milestone rows."""
    con = request.getfixturevalue(fixture)
    for stored, computed in _views(con):
        for name, extras in (("slip_distribution", [{}, {"bin_days": 7}]),
                             ("slip_months", [{"kind": "milestone"}, {"kind": "commitment"}]),
                             ("overdue_items", [{}, {"limit": 3}, {"limit": 4, "offset": 5}])):
            for extra in extras:
                a = metrics.run(con, name, stored, **extra)
                b = metrics.run(con, name, computed, **extra)
                assert metrics.to_records(a) == metrics.to_records(b), (name, stored, computed, extra)
                assert list(a.dtypes) == list(b.dtypes), (name, extra)


@pytest.mark.parametrize("fixture", ["synthetic", "generated"])
@pytest.mark.parametrize("f", [Filters(), Filters(theme=("transparency",)), Filters(period="2019-annual")])
def test_overdue_items_order_and_text(request, fixture, f):
    """overdue_items is every overdue milestone and commitment of milestone_slippage / commitment_slippage, longest
    overdue first, then by id, with their number, titles and planned end (computed here with pandas)."""
    con = request.getfixturevalue(fixture)
    cols = ["id", "number", "title_en", "title_ka", "planned_end", "slip_days"]
    ms = metrics.run(con, "milestone_slippage", f)
    cs = metrics.run(con, "commitment_slippage", f)
    expected = pd.concat([
        ms.loc[ms["slip_status"] == "overdue"].rename(columns={"milestone_id": "id"})[cols].assign(kind="milestone"),
        cs.loc[cs["slip_status"] == "overdue"].rename(columns={"commitment_id": "id"})[cols].assign(kind="commitment"),
    ]).sort_values(["slip_days", "id"], ascending=[False, True], kind="stable")
    items = metrics.run(con, "overdue_items", f)
    got = items[["kind"] + cols].astype(object).where(items[["kind"] + cols].notna(), None)
    exp = expected[["kind"] + cols].astype(object).where(expected[["kind"] + cols].notna(), None)
    assert [tuple(r) for r in got.itertuples(index=False)] == [tuple(r) for r in exp.itertuples(index=False)]
    assert (items["total_rows"] == len(expected)).all()


def test_periods_are_added_to_the_derived_tables_on_first_use(tmp_path):
    """The load computes the per-period tables for the latest period only; a query on another period adds that
    period once (also when several sessions ask at the same time), with the figures of the pandas reference."""
    import threading

    from tools import synth

    synth.write(tmp_path / "s", 120, seed=11)
    con = store.load_dataset(tmp_path / "s").con
    periods = [r[0] for r in con.execute(
        "SELECT period_id FROM periods ORDER BY as_of DESC, period_id DESC").fetchall()]
    assert len(periods) >= 3

    def ready():
        return sorted(r[0] for r in con.execute(
            "SELECT p.period_id FROM derived.period_ready JOIN derived.period_list AS p USING (pkey)").fetchall())

    def count(sql):
        return con.execute(sql).fetchone()[0]

    n_milestones, n_commitments = count("SELECT count(*) FROM milestones"), count("SELECT count(*) FROM commitments")
    assert ready() == [periods[0]]
    assert count("SELECT count(*) FROM derived.milestone_state") == n_milestones

    # An older period: its figures against the pandas reference (the first query adds the period).
    older = periods[1]
    check_all(con, Filters(period=older))
    assert ready() == sorted([periods[0], older])
    names = ("headline", "milestone_slippage", "slip_months", "slip_distribution", "overdue_items")
    errors = []

    def ask():
        try:
            cur = con.cursor()
            for n in names:
                metrics.run(cur, n, Filters(period=periods[2]))
        except Exception as exc:   # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert ready() == sorted([periods[0], older, periods[2]])
    assert count("SELECT count(*) FROM derived.milestone_state") == 3 * n_milestones
    assert count("SELECT count(DISTINCT (pkey, mkey)) FROM derived.milestone_state") == 3 * n_milestones
    assert count("SELECT count(DISTINCT (pkey, ckey)) FROM derived.commitment_state") == 3 * n_commitments
    assert count("SELECT count(*) FROM derived.commitment_state") == 3 * n_commitments
