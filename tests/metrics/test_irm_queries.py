"""assessment_history, assessment_agreement and assessment_moves against an independent pandas computation on the
bundled data's CSV files, and the source filter in the URL and on the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import metrics, state, store
from dashboard.schema import Filters

DATA = Path(__file__).resolve().parents[2] / "data"
PORTAL = {"fully_implemented": 1.0, "mostly_implemented": 2 / 3, "partially_implemented": 1 / 3,
          "not_implemented": 0.0}
IRM = {"complete": 1.0, "substantial": 2 / 3, "limited": 1 / 3, "not_started": 0.0}
CROSSWALK = {"fully_implemented": "complete", "mostly_implemented": "substantial",
             "partially_implemented": "limited", "not_implemented": "not_started"}


@pytest.fixture(scope="module")
def con():
    ds = store.load_dataset(DATA)
    yield ds.con
    ds.con.close()


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def _expected_history(sources=("portal", "irm")) -> pd.DataFrame:
    rows = []
    periods = _csv("periods").set_index("period_id")
    if "portal" in sources:
        for r in _csv("commitment_progress").itertuples():
            rows.append((r.commitment_id, "portal", int(periods.loc[r.period_id, "as_of"][:4]), r.rating or None,
                         PORTAL.get(r.rating)))
    if "irm" in sources:
        for r in _csv("irm_assessments").itertuples():
            rows.append((r.commitment_id, f"irm_{r.report}", int(r.publication_year) if r.publication_year else None,
                         r.completion or None, IRM.get(r.completion)))
    return pd.DataFrame(rows, columns=["commitment_id", "source", "year", "value", "score"])


def _norm(df: pd.DataFrame) -> list[tuple]:
    out = []
    for r in df.itertuples():
        year = None if pd.isna(r.year) else int(r.year)
        score = None if pd.isna(r.score) else round(float(r.score), 9)
        value = None if pd.isna(r.value) else str(r.value)
        out.append((r.commitment_id, r.source, year, value, score))
    return sorted(out, key=repr)


@pytest.mark.parametrize("sources", [("portal", "irm"), ("portal",), ("irm",)])
def test_history_matches_pandas(con, sources):
    got = metrics.run(con, "assessment_history", Filters(source=sources if len(sources) == 1 else ()))
    expected = _expected_history(sources)
    assert len(got) == len(expected) > 0
    assert _norm(got) == _norm(expected)
    if sources == ("irm",):
        # the three kinds of "not reported" stay apart
        assert {"nd", "nr", "na"} <= set(got["value"])


def test_history_counts_of_the_bundled_data(con):
    got = metrics.run(con, "assessment_history", Filters())
    assert got["source"].value_counts().to_dict() == {"portal": 12, "irm_progress": 15, "irm_end_of_term": 15}


def test_history_follows_the_filters(con):
    got = metrics.run(con, "assessment_history", Filters(plan=("georgia-2014-2016",)))
    plan = _csv("commitments")
    ids = set(plan.loc[plan["plan_id"] == "georgia-2014-2016", "commitment_id"])
    assert set(got["commitment_id"]) <= ids and "GE0020" in set(got["commitment_id"])
    one = metrics.run(con, "assessment_history", Filters(commitment=("GE0020",)))
    assert list(one["source"]) == ["irm_progress", "irm_end_of_term"]
    assert list(one["value"]) == ["substantial", "limited"] and list(one["year"]) == [2016, 2017]


def _expected_agreement() -> pd.DataFrame:
    portal = _csv("commitment_progress")
    portal = portal[portal["rating"] != ""]
    irm = _csv("irm_assessments")
    irm = irm[~irm["completion"].isin(["", "nd", "nr", "na"])].copy()
    irm["rank"] = irm["report"].map({"progress": 1, "end_of_term": 2})
    latest = irm.sort_values("rank").groupby("commitment_id").tail(1)
    both = portal.merge(latest, on="commitment_id", suffixes=("_portal", "_irm"))
    out = []
    for r in both.itertuples():
        p, i = PORTAL[r.rating], IRM.get(r.completion)
        verdict = ("not_comparable" if i is None else "agree" if abs(p - i) < 1e-9
                   else "portal_higher" if p > i else "irm_higher")
        out.append((r.commitment_id, r.rating, r.completion, CROSSWALK[r.rating], verdict))
    return sorted(out)


def test_agreement_matches_pandas(con):
    got = metrics.run(con, "assessment_agreement", Filters())
    rows = sorted(zip(got["commitment_id"], got["portal_rating"], got["irm_completion"], got["crosswalk"],
                      got["agreement"], strict=True))
    assert rows == _expected_agreement()
    assert rows == [("GE-2018-N12", "partially_implemented", "limited", "limited", "agree")]
    assert got["portal_source_url"].iloc[0].startswith("https://ogpgeorgia.gov.ge/")
    assert got["irm_source_url"].iloc[0] == "https://opengovpartnership.org/members/georgia/commitments/ge0077"


def _expected_moves(sources=("portal", "irm")) -> list[tuple]:
    h = _expected_history(sources).dropna(subset=["score"]).copy()
    h["order"] = h["source"].map({"portal": 0, "irm_progress": 1, "irm_end_of_term": 2})
    h = h.sort_values(["commitment_id", "year", "order"])
    out = []
    for cid, g in h.groupby("commitment_id"):
        scores, values = list(g["score"]), list(g["value"])
        for k in range(1, len(g)):
            move = "up" if scores[k] > scores[k - 1] else "down" if scores[k] < scores[k - 1] else "same"
            out.append((cid, values[k - 1], values[k], move))
    return sorted(out)


@pytest.mark.parametrize("sources", [("portal", "irm"), ("irm",)])
def test_moves_match_pandas(con, sources):
    got = metrics.run(con, "assessment_moves", Filters(source=sources if len(sources) == 1 else ()))
    rows = sorted(zip(got["commitment_id"], got["from_value"], got["to_value"], got["move"], strict=True))
    assert rows == _expected_moves(sources)
    assert len(rows) >= 2


def test_source_filter_in_the_url_and_on_the_command_line():
    filters, _, notices = state.parse({"source": "irm,portal,irm"})
    assert filters.source == ("irm", "portal") and not notices
    filters, _, notices = state.parse({"source": "irm,government"})
    assert filters.source == ("irm",)
    assert [(n.key, n.param, n.value) for n in notices] == [("notice.unknown_value", "source", "government")]
    assert state.to_params(Filters(source=("irm",)), "en")["source"] == "irm"
    assert state.parse_pairs(["source=portal"]).source == ("portal",)
    with pytest.raises(state.ParamError, match="expected one of portal, irm"):
        state.parse_pairs(["source=press"])


def test_irm_results_match_pandas(con):
    got = metrics.run(con, "irm_results", Filters()).set_index("commitment_id")
    irm = _csv("irm_assessments")
    prog = irm[irm["report"] == "progress"].set_index("commitment_id")
    end = irm[irm["report"] == "end_of_term"].set_index("commitment_id")
    assert set(got.index) == set(irm["commitment_id"])
    for cid in got.index:
        row = got.loc[cid]
        assert row["progress_completion"] == prog.loc[cid, "completion"]
        assert row["end_of_term_completion"] == end.loc[cid, "completion"]
        assert (row["open_government"] or "") == end.loc[cid, "open_government"]
        assert (row["potential_impact"] or "") == prog.loc[cid, "potential_impact"]
        assert bool(row["starred"]) == ("yes" in (prog.loc[cid, "starred"], end.loc[cid, "starred"]))
    assert not got["starred"].any()  # no Georgian commitment of the sample is starred
