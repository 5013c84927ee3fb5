"""Chart builders: the plotted values, labels and formats, asserted on the figure JSON."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, i18n, metrics
from dashboard.charts import common, completion, heatmap, slippage, timeline
from dashboard.schema import Filters
from dashboard.ui import widgets

MTAVRULI = re.compile("[\u1C90-\u1CBF]")
GEORGIAN = re.compile("[\u10D0-\u10FF]")
KA_MONTHS = ("იანვარი", "თებერვალი", "მარტი", "აპრილი", "მაისი", "ივნისი", "ივლისი", "აგვისტო", "სექტემბერი",
             "ოქტომბერი", "ნოემბერი", "დეკემბერი")
KA_MONTHS_SHORT = ("იან", "თებ", "მარ", "აპრ", "მაი", "ივნ", "ივლ", "აგვ", "სექ", "ოქტ", "ნოე", "დეკ")


def _json(fig: go.Figure) -> str:
    return fig.to_json()


def _trace(fig: go.Figure, **meta) -> go.BaseTraceType:
    found = [tr for tr in fig.data if isinstance(tr.meta, dict) and all(tr.meta.get(k) == v for k, v in meta.items())]
    assert len(found) == 1, (meta, [tr.meta for tr in fig.data])
    return found[0]


def _hover_texts(fig: go.Figure) -> list[str]:
    out = []
    for tr in fig.data:
        if tr.customdata is not None:
            for row in tr.customdata:
                out.extend(str(x) for x in (row if isinstance(row, (list, tuple)) else [row]))
    return out


def _visible_text(fig: go.Figure) -> str:
    """Every text a reader sees: title, axes, legend, ticks, annotations, hover and bar text."""
    lay = fig.layout
    parts = [lay.title.text or "", (lay.title.subtitle.text or "") if lay.title.subtitle else ""]
    for ax in list(fig.select_xaxes()) + list(fig.select_yaxes()):
        parts.append(ax.title.text or "")
        parts.extend(str(x) for x in (ax.ticktext or ()))
    parts.extend(a.text or "" for a in lay.annotations)
    for tr in fig.data:
        parts.append(tr.name or "")
        if getattr(tr, "text", None) is not None:
            parts.extend(str(x) for x in (tr.text if not isinstance(tr.text, str) else [tr.text]))
    parts.extend(_hover_texts(fig))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------- fixtures

def _completion_rows(dimension: str = "jurisdiction") -> pd.DataFrame:
    counts = dict(commitments=[7, 2, 3], rated=[3, 2, 0], fully=[1, 1, None], mostly=[1, 0, None],
                  partially=[1, 0, None], not_implemented=[0, 1, None], not_reported=[4, 0, 3],
                  mean_score=[2 / 3, 0.5, None], milestones=[6, 0, 0], milestones_done=[3, 0, 0],
                  milestone_completion_rate=[0.5, None, None])
    if dimension == "jurisdiction":
        keys = dict(jurisdiction_id=["rustavi", "batumi", "tbilisi"], name_en=["Rustavi", "Batumi", "Tbilisi"],
                    name_ka=["რუსთავი", "ბათუმი", "თბილისი"], kind=["municipality", "city", "city"])
    elif dimension == "theme":
        keys = dict(theme_id=["transparency", "engagement", "access_to_services"],
                    label_en=["Transparency", "Engagement", "Access to Services"],
                    label_ka=["გამჭვირვალობა", "მოქალაქეთა ჩართულობა", "სერვისების ხელმისაწვდომობა"])
    else:
        keys = dict(sdg=[1, 11, 16], label_en=["No Poverty", "Sustainable Cities and Communities",
                                               "Peace, Justice and Strong Institutions"],
                    label_ka=["არა სიღარიბეს", "მდგრადი ქალაქები და დასახლებები",
                              "მშვიდობა, სამართლიანობა და ძლიერი ინსტიტუტები"],
                    colour=["#E5243B", "#FD9D24", "#00689D"])
    return pd.DataFrame({**keys, **counts})


def _seed_milestones() -> pd.DataFrame:
    """milestone_slippage rows of the seed as of 2019-12-31 (docs/metrics.md, the worked example)."""
    d = pd.Timestamp
    rows = [
        ("6.2.1", "2018-06-01", "2018-12-31", "2019-09-10", None, "completed", "fully_implemented", True, 253, True,
         "done_late"),
        ("6.2.2", "2019-01-01", "2019-06-30", None, None, "not_started", "not_implemented", False, 184, False,
         "overdue"),
        ("6.2.3", "2019-01-01", "2019-06-30", None, None, "not_started", "not_implemented", False, 184, False,
         "overdue"),
        ("6.2.4", "2019-04-01", "2019-09-30", None, None, "completed", "fully_implemented", True, None, False,
         "done_date_unknown"),
        ("6.2.5", "2019-07-01", "2019-12-31", None, None, "not_started", "not_implemented", False, 0, False,
         "overdue"),
        ("6.2.6", "2019-04-01", "2019-09-30", None, None, "completed", "fully_implemented", True, None, False,
         "done_date_unknown"),
    ]
    return pd.DataFrame([{
        "milestone_id": f"GE-2018-6.2/{n}", "commitment_id": "GE-2018-6.2", "number": n,
        "title_en": f"Milestone {n} of the e-services commitment in Rustavi", "title_ka": f"ეტაპი {n} რუსთავში",
        "planned_start": d(ps), "planned_end": d(pe), "actual_start": d(a) if a else pd.NaT,
        "actual_end": d(b) if b else pd.NaT, "state": st, "rating": r, "done": done,
        "slip_days": pd.array([sd], dtype="Int64")[0], "slip_is_minimum": mn, "slip_status": ss,
        "period_id": "2019-annual", "as_of": d("2019-12-31"),
    } for n, ps, pe, a, b, st, r, done, sd, mn, ss in rows])


def _many_milestones(n: int) -> pd.DataFrame:
    base = _seed_milestones()
    reps = pd.concat([base] * (n // len(base) + 1), ignore_index=True).iloc[:n].copy()
    reps["milestone_id"] = [f"M{i}" for i in range(n)]
    offsets = pd.to_timedelta([(i % 24) * 30 for i in range(n)], unit="D")
    reps["planned_end"] = reps["planned_end"] + offsets
    reps["planned_start"] = reps["planned_start"] + offsets
    return reps


def _jurisdiction_theme() -> pd.DataFrame:
    return pd.DataFrame([
        dict(jurisdiction_id="rustavi", name_en="Rustavi", name_ka="რუსთავი", theme_id="transparency",
             label_en="Transparency", label_ka="გამჭვირვალობა", commitments=3, rated=2, mean_score=0.5),
        dict(jurisdiction_id="rustavi", name_en="Rustavi", name_ka="რუსთავი", theme_id="access_to_services",
             label_en="Access to Services", label_ka="სერვისების ხელმისაწვდომობა", commitments=2, rated=0,
             mean_score=None),
        dict(jurisdiction_id="batumi", name_en="Batumi", name_ka="ბათუმი", theme_id="transparency",
             label_en="Transparency", label_ka="გამჭვირვალობა", commitments=1, rated=1, mean_score=0.0),
    ])


# ---------------------------------------------------------------------------------------------- completion

@pytest.mark.parametrize("dimension", ["jurisdiction", "theme", "sdg"])
def test_completion_plots_the_input_counts_in_fixed_order(dimension):
    df = _completion_rows(dimension)
    fig = charts.completion_chart(df, "en", dimension)
    codes = [tr.meta["rating"] for tr in fig.data]
    assert codes == ["fully_implemented", "mostly_implemented", "partially_implemented", "not_implemented",
                     "not_reported"]
    for tr in fig.data:
        column = common.rating_count_column(tr.meta["rating"])
        assert list(tr.x) == [0 if pd.isna(v) else int(v) for v in df[column]]
    assert fig.layout.barmode == "stack"
    assert charts.caption_key(fig) == completion.CAPTION_KEY
    assert i18n.has_key(completion.CAPTION_KEY, "en") and i18n.has_key(completion.CAPTION_KEY, "ka")


def test_not_reported_is_its_own_grey_category_even_when_zero():
    df = _completion_rows().assign(not_reported=[0, 0, 0], commitments=[3, 2, 0])
    fig = charts.completion_chart(df, "en")
    nr = _trace(fig, rating="not_reported")
    assert list(nr.x) == [0, 0, 0] and nr.marker.color == common.NO_DATA_COLOUR
    assert nr.name == "Not reported" or nr.name == i18n.t("rating.not_reported", "en")
    fig = charts.completion_chart(_completion_rows(), "en")
    assert list(_trace(fig, rating="not_reported").x) == [4, 0, 3]


def test_completion_hover_has_mean_score_and_coverage_in_locale_format():
    en = charts.completion_chart(_completion_rows(), "en")
    ka = charts.completion_chart(_completion_rows(), "ka")
    en_hover = "\n".join(_hover_texts(en))
    ka_hover = "\n".join(_hover_texts(ka))
    assert "0.67" in en_hover and "Rating reported for 3 of 7 commitments" in en_hover
    assert "0,67" in ka_hover and "0.67" not in ka_hover
    assert i18n.t("chart.completion.coverage", "ka", rated="3", total="7") in ka_hover
    assert i18n.t("chart.completion.mean_none", "ka") in ka_hover  # Tbilisi: nothing rated
    assert ka.layout.separators.startswith(",")


def test_completion_sdg_labels_carry_the_official_colour():
    fig = charts.completion_chart(_completion_rows("sdg"), "ka", "sdg")
    ticks = list(fig.layout.yaxis.ticktext)
    assert "#E5243B" in ticks[0] and "1. არა სიღარიბეს" in ticks[0]
    assert "#00689D" in ticks[2]


def test_completion_georgian_labels_everywhere_and_no_mtavruli():
    fig = charts.completion_chart(_completion_rows(), "ka")
    assert fig.layout.title.text == i18n.t("chart.completion.title_jurisdiction", "ka")
    assert GEORGIAN.search(fig.layout.xaxis.title.text)
    assert all(GEORGIAN.search(tr.name) for tr in fig.data)
    assert [tr.name for tr in fig.data][:2] == ["სრულად შესრულდა", "უმეტესწილად შესრულდა"]
    assert all(GEORGIAN.search(t) for t in fig.layout.yaxis.ticktext)
    assert not MTAVRULI.search(_json(fig))
    assert "Noto Sans Georgian" in fig.layout.font.family


def test_long_category_labels_are_wrapped():
    df = _completion_rows().assign(name_ka=["ძალიან გრძელი მუნიციპალიტეტის სახელი, რომელიც ერთ ხაზზე არ ეტევა",
                                            "ბათუმი", "თბილისი"])
    fig = charts.completion_chart(df, "ka")
    assert "<br>" in fig.layout.yaxis.ticktext[0]
    assert fig.layout.yaxis.automargin is True


def test_missing_georgian_name_falls_back_with_marker():
    df = _completion_rows().assign(name_ka=[None, "ბათუმი", "თბილისი"])
    fig = charts.completion_chart(df, "ka")
    assert "Rustavi" in fig.layout.yaxis.ticktext[0]
    assert i18n.fallback_marker("ka") in fig.layout.yaxis.ticktext[0]


# ---------------------------------------------------------------------------------------------- timeline

def test_seed_timeline_six_milestones_three_overdue_spans():
    fig = charts.milestone_timeline(_seed_milestones(), "en")
    planned = [tr for tr in fig.data if tr.meta.get("role") == "planned"]
    assert sum(len(tr.y) for tr in planned) == 6
    overdue = _trace(fig, role="overdue")
    assert len(overdue.y) == 3
    # 6.2.2 and 6.2.3 by 184 days, 6.2.5 by 0 days: spans from the planned end to as of.
    assert sorted(int(x) // 86_400_000 for x in overdue.x) == [0, 184, 184]
    assert list(overdue.base) == ["2019-06-30", "2019-06-30", "2019-12-31"]
    assert overdue.marker.color == common.OVERDUE_COLOUR
    # The actual start of 6.2.1 (10 September 2019) as a marker.
    actual = _trace(fig, role="actual_marker")
    assert list(actual.x) == ["2019-09-10"]
    # The as-of line.
    assert any(s.name == "as_of" and s.x0 == "2019-12-31" for s in fig.layout.shapes)
    assert charts.shown(fig) == {"mode": "rows", "total": 6, "offset": 0, "limit": timeline.DEFAULT_LIMIT,
                                 "ids": list(_seed_milestones()["milestone_id"])}
    assert "at least 253 days" in "\n".join(_hover_texts(fig))


def test_timeline_georgian_month_names_and_dates():
    fig = charts.milestone_timeline(_seed_milestones(), "ka")
    ticks = " ".join(fig.layout.xaxis.ticktext)
    assert any(m in ticks for m in KA_MONTHS + KA_MONTHS_SHORT)
    assert not re.search("Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec", ticks)
    assert fig.layout.xaxis.tickmode == "array"
    text = _visible_text(fig)
    assert "10 სექტემბერი 2019" in text and "31 დეკემბერი 2019" in text
    assert "ივნისი 2018" in text  # planned start of 6.2.1, as the portal publishes months
    assert not MTAVRULI.search(_json(fig))
    assert GEORGIAN.search(fig.layout.title.text) and GEORGIAN.search(fig.layout.xaxis.title.text)


def test_timeline_aggregates_above_the_limit():
    many = _many_milestones(2000)
    fig = charts.milestone_timeline(many, "en", limit=300)
    marks = sum(len(tr.x) for tr in fig.data)
    assert marks < 100 < len(many)
    info = charts.shown(fig)
    assert info["mode"] == "aggregated" and info["total"] == 2000
    assert sum(sum(tr.y) for tr in fig.data) == 2000  # every row counted once
    assert charts.caption_key(fig) == timeline.CAPTION_KEY_AGGREGATED


def test_timeline_pages_when_asked():
    many = _many_milestones(1000)
    fig = charts.milestone_timeline(many, "en", mode="page", offset=300, limit=50)
    planned = [tr for tr in fig.data if tr.meta.get("role") == "planned"]
    assert sum(len(tr.y) for tr in planned) == 50
    info = charts.shown(fig)
    assert info["mode"] == "rows" and info["offset"] == 300 and info["ids"] == [f"M{i}" for i in range(300, 350)]


def test_commitment_timeline_overdue_and_no_dates():
    df = pd.DataFrame([
        dict(commitment_id="GE-2018-6.2", number="6.2", title_en="E-services in Rustavi", title_ka="ე-სერვისები",
             plan_id="georgia-2018-2019", planned_start=pd.Timestamp("2018-07-01"),
             planned_end=pd.Timestamp("2019-12-31"), state="in_progress", rating="mostly_implemented", milestones=6,
             milestones_done=3, milestones_due=6, milestones_done_among_due=3, bei=0.5, max_overdue_days=184,
             overdue=True, slip_days=0, slip_status="overdue", rag="off_track", period_id="2019-annual",
             as_of=pd.Timestamp("2019-12-31")),
        dict(commitment_id="X", number=None, title_en="Undated", title_ka=None, plan_id="p", planned_start=pd.NaT,
             planned_end=pd.NaT, state=None, rating=None, milestones=0, milestones_done=0, milestones_due=0,
             milestones_done_among_due=0, bei=None, max_overdue_days=None, overdue=False, slip_days=None,
             slip_status="no_dates", rag="not_assessed", period_id="2019-annual", as_of=pd.Timestamp("2019-12-31")),
    ])
    fig = charts.commitment_timeline(df, "ka")
    assert len(_trace(fig, role="overdue").y) == 1
    assert list(_trace(fig, role="no_dates").y) == [1]
    hover = "\n".join(_hover_texts(fig))
    assert "50%" in hover and i18n.t("rating.not_reported", "ka") in hover
    # dated_only (the Timeline page): the undated row is left out and counted for the line under the chart.
    fig = charts.commitment_timeline(df, "en", dated_only=True)
    assert not [tr for tr in fig.data if tr.meta.get("role") == "no_dates"]
    assert charts.shown(fig)["ids"] == ["GE-2018-6.2"] and charts.shown(fig)["undated"] == 1
    assert timeline.undated_note(fig, "en", "commitment") == \
        "1 of 2 commitments has no planned dates and is not in the chart"
    assert "1" in timeline.undated_note(charts.commitment_timeline(df, "ka", dated_only=True), "ka", "commitment")
    assert timeline.undated_note(charts.commitment_timeline(df.iloc[:1], "en", dated_only=True), "en",
                                 "commitment") is None
    # The as-of date is said once: by the label of its line, not again in a subtitle.
    assert not (fig.layout.title.subtitle and fig.layout.title.subtitle.text)
    assert [a.text for a in fig.layout.annotations if a.name == "as_of"] == ["as of 31 December 2019"]


# ---------------------------------------------------------------------------------------------- slippage

def test_slip_distribution_stacks_counts_by_status():
    df = pd.DataFrame(dict(bin_start=[0, 180, 240], bin_end=[30, 210, 270],
                           slip_status=["overdue", "overdue", "done_late"], milestones=[1, 2, 1]))
    fig = charts.slip_distribution_chart(df, "en")
    assert fig.layout.barmode == "stack"
    overdue, late = _trace(fig, slip_status="overdue"), _trace(fig, slip_status="done_late")
    assert list(overdue.x) == ["0 – 29", "180 – 209", "240 – 269"]
    assert list(overdue.y) == [1, 2, 0] and list(late.y) == [0, 0, 1]
    assert charts.caption_key(fig) == slippage.CAPTION_KEY_DISTRIBUTION


def test_slippage_summary_counts_every_status():
    fig = charts.slippage_summary_chart(_seed_milestones(), "ka")
    bar = fig.data[0]
    counts = dict(zip(bar.meta["statuses"], bar.x, strict=True))
    assert counts["overdue"] == 3 and counts["done_late"] == 1 and counts["done_date_unknown"] == 2
    assert counts["no_dates"] == 0  # shown, not dropped
    assert sum(bar.x) == 6
    assert i18n.t("slip.overdue", "ka") in " ".join(fig.layout.yaxis.ticktext)


# ---------------------------------------------------------------------------------------------- heatmap

def test_heatmap_distinguishes_not_reported_from_empty_and_zero():
    fig = charts.jurisdiction_theme_heatmap(_jurisdiction_theme(), "en")
    score = _trace(fig, role="score")
    grey = _trace(fig, role="not_reported")
    # rows: rustavi, batumi; columns: transparency, access_to_services (THEMES order)
    assert [list(r) for r in score.z] == [[0.5, None], [0.0, None]]
    assert [list(r) for r in grey.z] == [[None, 1], [None, None]]
    assert score.customdata[1][1].endswith("No commitments")
    assert "none with a reported rating" in score.customdata[0][1]
    assert "0.00" in score.text[1][0]  # a real zero is a score, shown as such
    assert charts.caption_key(fig) == heatmap.CAPTION_KEY


def test_heatmap_georgian_counts_and_decimal_comma():
    fig = charts.jurisdiction_theme_heatmap(_jurisdiction_theme(), "ka")
    score = _trace(fig, role="score")
    assert score.text[0][0].startswith("0,50")
    assert "შეფასება არ არის" in _visible_text(fig) or i18n.t("chart.heatmap.cell_not_reported", "ka") in str(
        _trace(fig, role="not_reported").text)
    assert not MTAVRULI.search(_json(fig))


# ---------------------------------------------------------------------------------------------- comparison

def test_comparison_of_two_to_four_jurisdictions():
    df = _completion_rows()
    fig = charts.comparison_chart(df, "en", ["batumi", "rustavi"])
    assert [tr.name for tr in fig.data] == ["Batumi", "Rustavi"]
    rustavi = fig.data[1]
    assert list(rustavi.text) == ["1", "1", "1", "0", "4"]  # counts, incl. not reported
    assert rustavi.y[4] == pytest.approx(4 / 7)
    fig = charts.comparison_chart(df, "ka", ["batumi", "rustavi"], theme_df=_jurisdiction_theme())
    themes = [tr for tr in fig.data if tr.meta.get("panel") == "themes"]
    assert len(themes) == 2 and fig.layout.barmode == "group"
    # Rustavi's access_to_services: commitments, no rating -> "not reported" over its slot, raised off the axis.
    notes = [a for a in fig.layout.annotations if a.name == "not_reported"]
    assert len(notes) == 1 and notes[0].y >= 0.08 and notes[0].yanchor == "bottom"
    assert notes[0].text.replace("<br>", " ") == i18n.t("chart.heatmap.cell_not_reported", "ka")
    assert notes[0].x > 1  # the second theme's group, Rustavi's (second) slot
    assert charts.comparison_chart(pd.concat([df, df.assign(jurisdiction_id=df.jurisdiction_id + "2")]),
                                   "en").layout.meta["jurisdictions"].__len__() == 4


# ---------------------------------------------------------------------------------------------- common

def test_watermark_only_when_synthetic():
    builders = [
        lambda s: charts.completion_chart(_completion_rows(), "ka", synthetic=s),
        lambda s: charts.milestone_timeline(_seed_milestones(), "ka", synthetic=s),
        lambda s: charts.jurisdiction_theme_heatmap(_jurisdiction_theme(), "ka", synthetic=s),
    ]
    for build in builders:
        assert not common.has_watermark(build(False))
        fig = build(True)
        assert common.has_watermark(fig)
        assert "სინთეზური მონაცემები" in [a.text for a in fig.layout.annotations]


def test_is_empty_guard():
    assert charts.is_empty(None) and charts.is_empty(pd.DataFrame())
    assert not charts.is_empty(_completion_rows())


def test_table_alternative_from_figure_and_from_dataframe():
    fig = charts.completion_chart(_completion_rows(), "ka")
    tab = charts.table_alternative(fig, "ka")
    assert list(tab.iloc[:, 0]) == ["რუსთავი", "ბათუმი", "თბილისი"]
    assert "შეფასება არ არის" in tab.columns and list(tab["შეფასება არ არის"]) == [4, 0, 3]
    raw = charts.table_alternative(_seed_milestones(), "ka")
    assert "დაგეგმილი დასრულება" in raw.columns and "title_en" not in raw.columns
    assert raw[i18n.t("chart.column.slip_status", "ka")].iloc[1] == i18n.t("slip.overdue", "ka")
    json.dumps(fig.layout.meta)  # the recorded table is plain JSON


def test_month_ticks_in_both_languages():
    vals, text = common.month_ticks(dt.date(2019, 1, 1), dt.date(2019, 4, 30), "ka")
    assert vals == ["2019-01-01", "2019-02-01", "2019-03-01", "2019-04-01"]
    assert text == ["იანვარი<br>2019", "თებერვალი", "მარტი", "აპრილი"]
    _, text = common.month_ticks(dt.date(2019, 1, 1), dt.date(2019, 4, 30), "en")
    assert text[0] == "January<br>2019"


# ---------------------------------------------------------------------------------------------- real data

@pytest.fixture(scope="module")
def cursor(bundled_dataset):
    return bundled_dataset.con.cursor()


def _run(cursor, name):
    return metrics.run(cursor, name, Filters())


def test_real_completion_by_jurisdiction(cursor):
    df = _run(cursor, "completion_by_jurisdiction")
    for lang in ("en", "ka"):
        fig = charts.completion_chart(df, lang)
        for tr in fig.data:
            col = common.rating_count_column(tr.meta["rating"])
            assert list(tr.x) == [0 if pd.isna(v) else int(v) for v in df[col]]
        assert sum(sum(tr.x) for tr in fig.data) == int(df["commitments"].sum())
        assert not MTAVRULI.search(_json(fig))


def test_real_completion_by_sdg_colours(cursor):
    df = _run(cursor, "completion_by_sdg")
    fig = charts.completion_chart(df, "ka", "sdg")
    for colour, tick in zip(df["colour"], fig.layout.yaxis.ticktext, strict=True):
        assert colour in tick


def test_real_seed_timeline(cursor):
    df = _run(cursor, "milestone_slippage")
    seed = df[df["commitment_id"] == "GE-2018-6.2"]
    fig = charts.milestone_timeline(seed, "ka")
    assert sum(len(tr.y) for tr in fig.data if tr.meta.get("role") == "planned") == 6
    assert len(_trace(fig, role="overdue").y) == 3


def test_real_other_charts_build(cursor):
    for lang in ("en", "ka"):
        charts.commitment_timeline(_run(cursor, "commitment_slippage"), lang)
        charts.slip_distribution_chart(_run(cursor, "slip_distribution"), lang)
        charts.slippage_summary_chart(_run(cursor, "milestone_slippage"), lang)
        charts.comparison_chart(_run(cursor, "completion_by_jurisdiction"), lang, ["rustavi", "batumi"])
        charts.completion_chart(_run(cursor, "completion_by_theme"), lang, "theme")
        charts.jurisdiction_theme_heatmap(_run(cursor, "jurisdiction_theme"), lang)


def test_completion_numbers_stay_horizontal_and_skip_narrow_segments():
    """Numbers inside the stacked segments are never turned 90° (textangle 0); a segment too narrow for one
    (under 2% of the longest bar) has no number, its count is in the hover."""
    df = pd.DataFrame([
        dict(jurisdiction_id="big", name_en="Big", name_ka="დიდი", kind="city", commitments=200, rated=101,
             fully=100, mostly=1, partially=0, not_implemented=0, not_reported=99, mean_score=0.99),
        dict(jurisdiction_id="small", name_en="Small", name_ka="პატარა", kind="city", commitments=3, rated=1,
             fully=1, mostly=0, partially=0, not_implemented=0, not_reported=2, mean_score=1.0),
    ])
    fig = charts.completion_chart(df, "ka", "jurisdiction")
    assert all(tr.textangle == 0 for tr in fig.data)
    fully = _trace(fig, rating="fully_implemented")
    mostly = _trace(fig, rating="mostly_implemented")
    assert list(fully.text) == ["100", ""] and list(mostly.text) == ["", ""]
    assert "1" in fig.data[1].customdata[0][0]  # the narrow segment's count is still in its hover


def _every_chart(lang: str, synthetic: bool) -> dict[str, go.Figure]:
    as_of = dt.date(2019, 12, 31)
    many = _many_milestones(40)
    months = many.assign(month=many["planned_end"].dt.to_period("M").dt.to_timestamp(), n=1)[
        ["month", "slip_status", "n", "slip_days"]]
    jt = _jurisdiction_theme()
    dist = pd.DataFrame(dict(bin_start=[0, 30, 30, None], bin_end=[30, 60, 60, None],
                             slip_status=["done_late", "done_late", "overdue", "overdue"], milestones=[1, 2, 3, 1]))
    return {
        **{f"completion_{d}": charts.completion_chart(_completion_rows(d), lang, d, synthetic=synthetic,
                                                       sort_by="mean_score") for d in ("jurisdiction", "theme", "sdg")},
        "comparison_themes": charts.comparison_chart(_completion_rows(), lang, ["rustavi", "batumi"], theme_df=jt,
                                                     synthetic=synthetic),
        "comparison": charts.comparison_chart(_completion_rows(), lang, ["rustavi", "batumi", "tbilisi"],
                                              measure="count", synthetic=synthetic),
        "heatmap": charts.jurisdiction_theme_heatmap(jt, lang, synthetic=synthetic),
        "summary": charts.slippage_summary_chart(months, lang, kind="milestone", synthetic=synthetic),
        "distribution": charts.slip_distribution_chart(dist, lang, synthetic=synthetic),
        "gantt": charts.milestone_timeline(_seed_milestones(), lang, as_of=as_of, synthetic=synthetic),
        "gantt_page": charts.milestone_timeline(many, lang, mode="page", offset=10, limit=12, as_of=as_of,
                                                synthetic=synthetic, dated_only=True),
        "aggregated": charts.milestone_timeline(months, lang, mode="aggregate", as_of=as_of, synthetic=synthetic),
    }


@pytest.mark.parametrize("synthetic", [False, True])
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_chart_is_a_valid_plotly_figure(lang, synthetic):
    """The builders hand plotly plain dicts, made into a figure in one step (common.figure): every figure must
    pass plotly's checks. plotly rebuilds it from its JSON with validation on (an unknown property or a bad value
    raises) and must give exactly the same figure."""
    for name, fig in _every_chart(lang, synthetic).items():
        plain = fig.to_dict()
        checked = go.Figure(plain)  # validates every trace and layout property
        assert checked.to_dict() == plain, name
        assert common.has_watermark(fig) == synthetic, name
        assert plain["layout"]["template"]["layout"], name  # plotly's default template, as with go.Figure()
        assert widgets.plain_figure(fig) == plain, name  # what the pages send: the same figure, uncopied


def test_figure_checks_changes_made_after_it_is_built():
    """A finished figure validates later changes again (an export or slide that edits its copy)."""
    fig = charts.completion_chart(_completion_rows(), "en")
    with pytest.raises(ValueError):
        fig.update_layout(not_a_layout_property=1)
    with pytest.raises(ValueError):
        fig.data[0].update(marker={"colour": "red"})
    fig.update_layout(title={"subtitle": {"text": "note"}})
    assert fig.layout.title.text and fig.layout.title.subtitle.text == "note"  # nested updates still merge


@pytest.mark.parametrize("name", ["commitments_table", "milestone_slippage", "commitment_slippage", "overdue_items",
                                  "completion_by_sdg", "slip_months", "jurisdiction_theme"])
def test_records_equal_to_dict_records(cursor, name):
    """common.records (column by column) gives exactly what DataFrame.to_dict("records") gives: the same values of
    the same types, None for a missing nullable integer."""
    df = _run(cursor, name)
    assert len(df)
    fast, slow = common.records(df), df.to_dict("records")
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert list(a) == list(b)
        for key in a:
            assert type(a[key]) is type(b[key]), (key, a[key], b[key])
            assert a[key] is b[key] or a[key] == b[key] or (pd.isna(a[key]) and pd.isna(b[key])), key


def test_title_and_subtitle_read_back_as_plain_text():
    """charts.figure_title / figure_subtitle: the one reader of a figure's title (pages, slides, deck, exports)."""
    heat = charts.jurisdiction_theme_heatmap(_jurisdiction_theme(), "en")
    assert charts.figure_title(heat) == i18n.t("chart.heatmap.title", "en")
    assert charts.figure_subtitle(heat) == i18n.t("chart.heatmap.subtitle", "en")
    fig = charts.completion_chart(_completion_rows(), "en", title="Line one<br><b>line</b>  two")
    assert charts.figure_title(fig) == "Line one line two"
    assert charts.figure_subtitle(fig) == ""
    assert charts.figure_title(None) == charts.figure_subtitle(None) == ""


def test_set_subtitle_as_if_built_with_it():
    """A subtitle added to a finished chart looks as one given when it was built: same type, same top margin."""
    built = charts.completion_chart(_completion_rows(), "en", subtitle="A note")
    added = charts.set_subtitle(charts.completion_chart(_completion_rows(), "en"), "A note")
    assert added.layout.title.to_plotly_json() == built.layout.title.to_plotly_json()
    assert added.layout.margin.t == built.layout.margin.t
    assert charts.figure_subtitle(added) == "A note"


@pytest.mark.parametrize("value, missing", [
    (None, True), (float("nan"), True), (pd.NA, True), (pd.NaT, True), (pd.array([None], dtype="Int64")[0], True),
    (0, False), (0.0, False), ("", False), ("x", False), (False, False), (dt.date(2019, 1, 1), False),
    ([None], False), ((1, 2), False),
])
def test_is_missing_one_test_for_charts_findings_and_formats(value, missing):
    """dashboard.missing.is_missing: the charts' test and the formats' (a dash for a missing value) are the same."""
    from dashboard.missing import is_missing

    assert is_missing(value) is missing
    assert common.is_missing is is_missing
    if missing:
        assert i18n.fmt_number(value, "en") == i18n.fmt_date(value, "en") == i18n.MISSING
