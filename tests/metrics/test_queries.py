"""The metric queries' contract: their columns, each filter, the seed's figures (docs/metrics.md, the worked
example), the metrics.py API (names, bound parameters, injection as data, ISO output), paging and the SQL counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import metrics, schema
from dashboard.schema import Filters
from dashboard.state import ParamError, parse_pairs
from tests.metrics.cases import SEED
from tests.metrics.reference import EXPECTED_COLUMNS, Reference, norm

# ----------------------------------------------------------------------------------------------------------------
# Columns, filters narrowing, the seed


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_columns_are_the_contract(synthetic, name):
    assert list(metrics.run(synthetic, name, Filters()).columns) == EXPECTED_COLUMNS[name]


def test_list_queries_covers_the_contract():
    pages = {"commitment_detail", "commitment_progress_history", "milestone_detail"}
    # checked in tests/metrics/test_irm_queries.py
    pages |= {"assessment_history", "assessment_agreement", "assessment_moves", "irm_results"}
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
    assert h.period_id == "2020-midterm" and norm(h.as_of) == dt.date(2020, 6, 30)
    h = metrics.run(synthetic, "headline", Filters(period="2019-annual", as_of="2019-06-30")).iloc[0]
    assert h.period_id == "2019-annual" and norm(h.as_of) == dt.date(2019, 6, 30)


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
        assert (bool(r.done), r.slip_status, norm(r.slip_days), bool(r.slip_is_minimum)) == SEED_EXPECTED[r.number]
        assert norm(r.as_of) == dt.date(2019, 12, 31)
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
