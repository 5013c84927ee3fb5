"""Overview, Municipalities, Themes & SDGs and Timeline under AppTest: both languages, plotted values from the
figure JSON against an independent pandas computation over data/*.csv, the seed's timeline, empty states."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR, i18n
from tests.helpers import GENERATED_COMMITMENTS
from tools import apptest
from tools.apptest import open_page

REPO = REPO_DIR
APP = str(REPO / "streamlit_app.py")
DATA = REPO / "data"
TIMEOUT = 60
PAGES = ("overview", "municipalities", "themes_sdgs", "timeline")
RATINGS = ("fully_implemented", "mostly_implemented", "partially_implemented", "not_implemented", "not_reported")
GEORGIAN = re.compile(r"[\u10a0-\u10ff]")


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page(name: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    _ok(at.run())
    if name != "overview":
        _ok(open_page(at, name).run())
    return at


def _figures(at: AppTest) -> list[dict]:
    return apptest.figures(at)


def _figure(at: AppTest, chart: str, **meta) -> dict:
    found = [f for f in _figures(at) if f["layout"].get("meta", {}).get("chart") == chart
             and all(f["layout"]["meta"].get(k) == v for k, v in meta.items())]
    assert found, (chart, [f["layout"].get("meta", {}).get("chart") for f in _figures(at)])
    return found[0]


def _texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "text"):
        out += [str(e.value) for e in getattr(at, kind)]
    return out


# ---------------------------------------------------------------------------------------------- independent data

def _latest_ratings() -> pd.Series:
    """commitment_id -> rating code of the latest period ("not_reported" when none)."""
    commitments = pd.read_csv(DATA / "commitments.csv", dtype=str)
    progress = pd.read_csv(DATA / "commitment_progress.csv", dtype=str)
    periods = pd.read_csv(DATA / "periods.csv", dtype=str)
    progress = progress.merge(periods[["period_id", "as_of"]], on="period_id").sort_values("as_of")
    latest = progress.dropna(subset=["rating"]).groupby("commitment_id")["rating"].last()
    return commitments.set_index("commitment_id").index.to_series().map(latest).fillna("not_reported")


def _expected_counts(link_file: str, key: str) -> pd.DataFrame:
    links = pd.read_csv(DATA / link_file, dtype=str)
    links["rating"] = links["commitment_id"].map(_latest_ratings())
    return links.groupby([key, "rating"]).size().unstack(fill_value=0).reindex(columns=list(RATINGS), fill_value=0)


def _plotted_counts(fig: dict) -> dict[str, dict[str, int]]:
    """{tick label: {rating: count}} from the stacked completion bars."""
    ticks = dict(zip(fig["layout"]["yaxis"]["tickvals"], fig["layout"]["yaxis"]["ticktext"]))
    out: dict[str, dict[str, int]] = {}
    for trace in fig["data"]:
        rating = trace["meta"]["rating"]
        for pos, n in zip(trace["y"], trace["x"]):
            out.setdefault(ticks[pos], {})[rating] = int(n)
    return out


# ---------------------------------------------------------------------------------------------- every page

@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page_renders(name, lang):
    at = _page(name, lang=lang)
    assert i18n.t(f"page.{name}.title", lang) in [t.value for t in at.title]
    figs = _figures(at)
    assert figs, name
    for fig in figs:
        title = fig["layout"]["title"]["text"]
        assert title
        if lang == "ka":  # Georgian chart titles on the Georgian page, and no Mtavruli capitals
            assert GEORGIAN.search(title), title
            assert not re.search(r"[\u1c90-\u1cbf]", title)
        else:
            assert not GEORGIAN.search(title), title
    # every chart has its caption, table alternative and image downloads (or the "unavailable" note)
    assert len(at.expander) >= len(figs)
    assert len(at.get("download_button")) >= 2 * len(figs) or i18n.t("export.unavailable", lang) in _texts(at)


# ---------------------------------------------------------------------------------------------- values

@pytest.mark.parametrize("lang", i18n.LANGS)
def test_completion_by_jurisdiction_counts(lang):
    at = _page("overview", lang=lang)
    fig = _figure(at, "completion", dimension="jurisdiction")
    plotted = _plotted_counts(fig)
    juris = pd.read_csv(DATA / "jurisdictions.csv", dtype=str).set_index("jurisdiction_id")
    expected = _expected_counts("commitment_jurisdictions.csv", "jurisdiction_id")
    assert len(plotted) == len(expected)
    for jid, row in expected.iterrows():
        name = juris.loc[jid, f"name_{lang}"]
        assert plotted[name] == {r: int(row[r]) for r in RATINGS}, jid
    # the overview orders by number of commitments, largest first
    totals = [sum(plotted[t].values()) for t in fig["layout"]["yaxis"]["ticktext"]]
    assert totals == sorted(totals, reverse=True)


def test_completion_by_sdg_counts_and_colours():
    at = _page("themes_sdgs", lang="en")
    fig = _figure(at, "completion", dimension="sdg")
    plotted = {int(re.search(r"(\d+)\. ", label).group(1)): counts
               for label, counts in _plotted_counts(fig).items()}
    expected = _expected_counts("commitment_sdgs.csv", "sdg")
    expected.index = expected.index.astype(int)
    assert set(plotted) == set(expected.index)
    for sdg, row in expected.iterrows():
        assert plotted[sdg] == {r: int(row[r]) for r in RATINGS}, sdg
    colours = pd.read_csv(DATA / "sdgs.csv").set_index("sdg")["colour"]
    for label in fig["layout"]["yaxis"]["ticktext"]:
        sdg = int(re.search(r"(\d+)\. ", label).group(1))
        assert colours[sdg].lower() in label.lower()  # the official SDG colour swatch


def test_seed_timeline_rustavi():
    at = _page("timeline", lang="en", jurisdiction="rustavi")
    fig = _figure(at, "milestone_timeline")
    shown = fig["layout"]["meta"]["shown"]
    assert shown["mode"] == "rows" and len(shown["ids"]) == 6
    overdue = [t for t in fig["data"] if t.get("meta", {}).get("role") == "overdue"]
    assert len(overdue) == 1 and len(overdue[0]["y"]) == 3
    # the overdue list: 3 milestones, 184, 184 and 0 days
    days_col = i18n.t("page.timeline.col.days_overdue", "en")
    kind_col = i18n.t("page.timeline.col.kind", "en")
    table = next(d.value for d in at.dataframe if kind_col in d.value.columns)
    ms = table[table[kind_col] == i18n.t("page.timeline.kind.milestone", "en")]
    assert sorted(int(d) for d in ms[days_col]) == [0, 184, 184]
    finding = i18n.t("finding.slippage.overdue_longest_milestone", "en", n="3", total="6",
                     date="31 December 2019", days="184")
    assert any(finding in t for t in _texts(at))


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_commitment_timeline_only_dated_rows(lang):
    """65 commitments, 28 with planned dates: 28 rows in the chart and a line under it about the other 37."""
    at = _page("timeline", lang=lang)
    fig = _figure(at, "commitment_timeline")
    shown = fig["layout"]["meta"]["shown"]
    assert len(shown["ids"]) == 28 and shown["undated"] == 37
    assert not [t for t in fig["data"] if t.get("meta", {}).get("role") == "no_dates"]
    assert fig["layout"]["height"] < 1600  # 28 rows (23 before the IRM sheet added 5 dated ones)
    note = i18n.t("chart.timeline.undated_commitment", lang, n="37", total="65")
    assert any(note in t.replace("\\", "") for t in _texts(at))  # shown escaped as Markdown


def test_timeline_georgian_months():
    at = _page("timeline", lang="ka", jurisdiction="rustavi")
    fig = _figure(at, "milestone_timeline")
    ticks = " ".join(fig["layout"]["xaxis"]["ticktext"])
    assert GEORGIAN.search(ticks) and not re.search(r"[A-Za-z]", ticks.replace("<br>", ""))


def test_headline_coverage():
    at = _page("overview", lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("widget.metric.commitments", "en")] == "65"
    assert i18n.t("metric.coverage", "en", reported="12", total="65") in _texts(at)
    assert any("31 December 2019" in t for t in _texts(at))  # the period's "as of" date
    at = _page("overview", lang="ka")
    assert i18n.t("metric.coverage", "ka", reported="12", total="65") in _texts(at)


@pytest.mark.parametrize("name", PAGES)
def test_empty_filter_result(name):
    params = {"lang": "ka", "rating": "partially_implemented", "jurisdiction": "tbilisi"}
    # the combination really is empty in the data
    ratings = _latest_ratings()
    links = pd.read_csv(DATA / "commitment_jurisdictions.csv", dtype=str)
    tbilisi = set(links.loc[links["jurisdiction_id"] == "tbilisi", "commitment_id"])
    assert not any(ratings[c] == "partially_implemented" for c in tbilisi)
    at = _page(name, **params)
    assert not apptest.charts(at)
    assert i18n.t("app.empty_state", "ka") in [i.value for i in at.info]


def test_comparison_from_url_and_back():
    at = _page("municipalities", lang="en", compare="rustavi,batumi")
    assert at.multiselect(key="w_muni_compare").value == ["rustavi", "batumi"]
    fig = _figure(at, "comparison")
    assert fig["layout"]["meta"]["jurisdictions"] == ["rustavi", "batumi"]
    _ok(at.multiselect(key="w_muni_compare").set_value(["rustavi", "batumi", "kutaisi"]).run())
    assert at.query_params["compare"] == "rustavi,batumi,kutaisi"
    assert _figure(at, "comparison")["layout"]["meta"]["jurisdictions"] == ["rustavi", "batumi", "kutaisi"]


def test_ranking_sort():
    at = _page("municipalities", lang="en")
    fig = _figure(at, "completion", dimension="jurisdiction")
    table = pd.DataFrame(fig["layout"]["meta"]["table"]["rows"], columns=fig["layout"]["meta"]["table"]["columns"])
    scores = pd.to_numeric(table[i18n.t("chart.column.mean_score", "en")], errors="coerce").dropna()
    assert list(scores) == sorted(scores, reverse=True)
    _ok(at.segmented_control(key="w_muni_sort").set_value("commitments").run())
    fig = _figure(at, "completion", dimension="jurisdiction")
    table = pd.DataFrame(fig["layout"]["meta"]["table"]["rows"], columns=fig["layout"]["meta"]["table"]["columns"])
    counts = list(table[i18n.t("chart.column.commitments", "en")])
    assert counts == sorted(counts, reverse=True)


# ---------------------------------------------------------------------------------------------- big data timeline

@pytest.fixture(scope="module")
def synthetic_400(generated_dir, generated_dataset):
    """400 synthetic commitments (~2,400 milestones): more than one page (300 rows) of each kind."""
    assert GENERATED_COMMITMENTS == 400
    return generated_dir, generated_dataset


def _queries_run(monkeypatch) -> list[tuple[str, dict]]:
    """Record the metric queries the app runs (the query cache cleared first)."""
    import streamlit as st

    from dashboard import metrics

    st.cache_data.clear()
    runs: list[tuple[str, dict]] = []
    real = metrics.run

    def run(con, name, filters=None, **extra):
        runs.append((name, extra))
        return real(con, name, filters, **extra)

    monkeypatch.setattr(metrics, "run", run)
    return runs


def test_big_timeline_aggregates_from_month_counts_without_fetching_rows(synthetic_400, monkeypatch):
    """Above a page of rows the timelines are drawn from the per-month counts, which also count the rows: the row
    queries run only for the page the user asks for (or when the filters leave one page or less)."""
    from dashboard import metrics
    from dashboard.schema import Filters

    path, ds = synthetic_400
    monkeypatch.setenv("DASHBOARD_DATA", str(path))
    milestones, commitments = ds.counts["milestones"], ds.counts["commitments"]
    assert milestones > 300 and commitments > 300
    at = _page("timeline", lang="en")
    runs = _queries_run(monkeypatch)
    _ok(at.run())
    names = [name for name, _ in runs]
    assert "milestone_slippage" not in names and "commitment_slippage" not in names
    assert names.count("slip_months") == 2
    for kind, total in (("milestone", milestones), ("commitment", commitments)):
        shown = _figure(at, f"{kind}_timeline")["layout"]["meta"]["shown"]
        assert shown["mode"] == "aggregated" and shown["total"] == total

    # One page of rows when asked: the row query with limit/offset, a pager over every row.
    runs.clear()
    _ok(at.segmented_control(key="w_tl_mode_milestone").set_value("page").run())
    shown = _figure(at, "milestone_timeline")["layout"]["meta"]["shown"]
    assert shown["mode"] == "rows" and len(shown["ids"]) + shown.get("undated", 0) == 300
    assert ("milestone_slippage", {"limit": 300, "offset": 0}) in runs
    assert at.number_input(key="w_tl_page_milestone").max == -(-milestones // 300)
    _ok(at.number_input(key="w_tl_page_milestone").set_value(2).run())
    shown = _figure(at, "milestone_timeline")["layout"]["meta"]["shown"]
    expected = metrics.run(ds.con.cursor(), "milestone_slippage", Filters(), limit=300, offset=300)
    assert shown["ids"] == [str(v) for v, s, e in zip(expected["milestone_id"], expected["planned_start"],
                                                      expected["planned_end"]) if pd.notna(s) and pd.notna(e)]


def test_big_timeline_rows_when_the_filters_leave_one_page(synthetic_400, monkeypatch):
    from dashboard import metrics
    from dashboard.schema import Filters

    path, ds = synthetic_400
    monkeypatch.setenv("DASHBOARD_DATA", str(path))
    cursor = ds.con.cursor()
    options = metrics.run(cursor, "filter_options", Filters())
    small = None
    for code in options.loc[options["dimension"] == "jurisdiction", "code"]:
        rows = metrics.run(cursor, "milestone_slippage", Filters(jurisdiction=(code,)), limit=1, offset=0)
        if len(rows) and 0 < int(rows["total_rows"].iloc[0]) <= 300:
            small = (code, int(rows["total_rows"].iloc[0]))
            break
    assert small, "a jurisdiction with a page of milestones or less"
    at = _page("timeline", lang="ka", jurisdiction=small[0])
    shown = _figure(at, "milestone_timeline")["layout"]["meta"]["shown"]
    assert shown["mode"] == "rows" and shown["total"] == small[1]
    assert len(shown["ids"]) + shown.get("undated", 0) == small[1]
    assert not at.segmented_control  # no aggregate/page choice for one page of rows


def test_big_timeline_empty_filter_result(synthetic_400, monkeypatch):
    from dashboard import metrics
    from dashboard.schema import Filters

    path, ds = synthetic_400
    monkeypatch.setenv("DASHBOARD_DATA", str(path))
    cursor = ds.con.cursor()
    options = metrics.run(cursor, "filter_options", Filters())
    empty = next(({"jurisdiction": j, "rating": r}
                  for j in options.loc[options["dimension"] == "jurisdiction", "code"]
                  for r in options.loc[options["dimension"] == "rating", "code"]
                  if int(metrics.run(cursor, "headline", Filters(jurisdiction=(j,), rating=(r,)))["commitments"]
                         .fillna(0).sum()) == 0), None)
    assert empty, "a jurisdiction and rating without commitments"
    at = _page("timeline", lang="en", **empty)
    assert not apptest.charts(at)
    assert i18n.t("app.empty_state", "en") in [i.value for i in at.info]


def test_themes_page_counts_nothing_it_does_not_show(monkeypatch):
    """The Themes & SDGs page runs its two chart queries; the headline count only when the thematic-area query
    has no commitment (to tell "nothing matches" from "no thematic area")."""
    at = _page("themes_sdgs", lang="en")
    runs = _queries_run(monkeypatch)
    _ok(at.run())
    names = [name for name, _ in runs]
    assert "headline" not in names
    assert {"completion_by_theme", "completion_by_sdg"} <= set(names)
    assert len(_figures(at)) == 2
