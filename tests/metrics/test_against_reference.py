"""The metric queries (queries/*.sql via dashboard.metrics) against the independent pandas computation of
reference.py: on the hand-written dataset of cases.py under many filters, on the bundled data, and the tables
aggregated at load against the same view computed from the rows (also on a generated dataset)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import metrics, store
from dashboard.schema import Filters
from tests.metrics.cases import SEED
from tests.metrics.reference import check_all

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


# ------------------------------------------------------------------------------- views aggregated at load


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
