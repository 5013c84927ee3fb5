"""dashboard.findings: one-sentence findings from the query rows, in both languages (pure, no Streamlit)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import findings, i18n, metrics
from dashboard.schema import Filters

GEORGIAN = re.compile(r"[\u10a0-\u10ff]")


@pytest.fixture(scope="module")
def run(bundled_dataset):
    cur = bundled_dataset.con.cursor()
    return lambda name, **f: metrics.run(cur, name, Filters(**f))


def _juris(rows):
    cols = ["jurisdiction_id", "name_en", "name_ka", "kind", "commitments", "rated", "mean_score"]
    return pd.DataFrame(rows, columns=cols)


def test_completion_top_single():
    df = _juris([("rustavi", "Rustavi", "რუსთავი", "city", 3, 1, 2 / 3),
                 ("zugdidi", "Zugdidi", "ზუგდიდი", "municipality", 3, 1, 0.0),
                 ("bolnisi", "Bolnisi", "ბოლნისი", "municipality", 1, 0, None)])
    assert findings.completion(df, "en") == "Rustavi has the highest mean score (0.67) among 2 rated municipalities"
    ka = findings.completion(df, "ka")
    assert "რუსთავი" in ka and "0,67" in ka and "2" in ka


def test_completion_tie_national_and_bundled(run):
    df = run("completion_by_jurisdiction")
    text = findings.completion(df, "en", "jurisdiction")
    # Akhaltsikhe, Batumi, Khoni, Kutaisi share 1.00; 8 places have a rating, the country among them
    assert text == ("Akhaltsikhe, Batumi, Khoni and 1 more share the highest mean score (1.00) among 8 rated "
                    "municipalities and the national level")
    ka = findings.completion(df, "ka", "jurisdiction")
    assert "ახალციხე" in ka and "1,00" in ka and "კიდევ 1" in ka and not re.search(r"[A-Za-z]{3,}", ka)


def test_completion_only_and_none():
    one = _juris([("rustavi", "Rustavi", "რუსთავი", "city", 3, 1, 2 / 3),
                  ("tbilisi", "Tbilisi", "თბილისი", "city", 6, 0, None)])
    assert findings.completion(one, "en") == "Rustavi is the only municipality with a reported rating (mean score 0.67)"
    none = _juris([("tbilisi", "Tbilisi", "თბილისი", "city", 6, 0, None)])
    assert findings.completion(none, "en") == "The only municipality has no reported rating"  # singular for one
    assert findings.completion(none.iloc[0:0], "en") == i18n.t("finding.empty", "en")


def test_completion_sdg_and_theme(run):
    sdg = findings.completion(run("completion_by_sdg"), "en", "sdg")
    assert sdg.startswith("SDG 16. Peace, Justice and Strong Institutions has the highest mean score (0.67)")
    theme = findings.completion(run("completion_by_theme"), "en", "theme")
    assert theme == "Access to Services has the highest mean score (0.83) among 5 rated OGP thematic areas"
    assert GEORGIAN.search(findings.completion(run("completion_by_theme"), "ka", "theme"))


def test_slippage_seed(run):
    ms = run("milestone_slippage", commitment=("GE-2018-6.2",))
    assert findings.slippage(ms, "en") == ("3 of 6 milestones are overdue as of 31 December 2019, the longest by "
                                           "184 days; 3 are done, 1 of them late")
    ka = findings.slippage(ms, "ka")
    assert "6 ეტაპიდან 3" in ka and "184" in ka and "დეკემბერი" in ka
    cs = run("commitment_slippage")
    text = findings.slippage(cs, "en")
    assert text.startswith("18 of 65 commitments are overdue as of 31 December 2019")


def test_slippage_none_overdue():
    df = pd.DataFrame({"milestone_id": ["a", "b"], "slip_status": ["done_on_time", "not_yet_due"],
                       "slip_days": [None, None], "as_of": [pd.Timestamp("2020-06-30")] * 2})
    assert findings.slippage(df, "en") == "None of the 2 milestones is overdue as of 30 June 2020; 1 is done"


def test_slip_distribution(run):
    text = findings.slip_distribution(run("slip_distribution"), "en")
    assert text == "Most common slippage: 180 – 209 days (2 of 4 milestones done late or overdue)"
    assert findings.slip_distribution(run("slip_distribution").iloc[0:0], "en") == i18n.t("finding.empty", "en")


def test_heatmap(run):
    text = findings.heatmap(run("jurisdiction_theme"), "en")
    assert text == ("10 of 22 rated combinations share the highest mean score (1.00); 2 of 24 combinations with "
                    "commitments have no reported rating")
    one = run("jurisdiction_theme", jurisdiction=("georgia",))
    assert findings.heatmap(one, "en") == ("Georgia in Innovation and Technology has the highest mean score (0.67); "
                                           "1 of 5 combinations with commitments has no reported rating")
    assert GEORGIAN.search(findings.heatmap(run("jurisdiction_theme"), "ka"))


def test_comparison(run):
    df = run("completion_by_jurisdiction")
    text = findings.comparison(df, "en", ["georgia", "zugdidi"])
    assert text == ("Georgia has the highest mean score (0.53); ratings reported: Georgia 5 of 34, Zugdidi 1 of 3")
    none = findings.comparison(df, "en", ["tbilisi", "bolnisi"])
    assert none == "None of them has a reported rating (Tbilisi 0 of 7, Bolnisi 0 of 1)"


def test_headline(run):
    row = run("headline").iloc[0]
    assert findings.headline(row, "en") == ("Rating reported for 12 of 65 commitments as of 31 December 2019; "
                                            "mean score 0.67; 3 of 6 milestones done, 3 overdue")
    assert findings.headline(None, "ka") == i18n.t("finding.empty", "ka")


def test_for_chart_dispatch(run):
    assert findings.for_chart("completion", run("completion_by_sdg"), "en", dimension="sdg") == \
        findings.completion(run("completion_by_sdg"), "en", "sdg")
    assert findings.for_chart("milestone_timeline", run("milestone_slippage"), "en") == \
        findings.slippage(run("milestone_slippage"), "en", kind="milestone")
    with pytest.raises(ValueError):
        findings.for_chart("nope", None, "en")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_markup_and_lists(lang):
    assert findings.names_list(["A"], lang) == "A"
    assert findings.names_list(["A", "B"], lang) == i18n.t("finding.list_and", lang, items="A", last="B")
    assert "2" in findings.names_list(list("ABCDE"), lang)


def test_labels_shared_with_the_charts():
    """The slip-bin label and category name of a finding are the chart's (dashboard/labels.py)."""
    from dashboard import labels
    from dashboard.charts import completion

    assert labels.slip_bin_label(0, 31, "en") == "0 – 30"
    assert labels.slip_bin_label(0, 1, "en") == "0"
    assert labels.slip_bin_label(365, None, "en") == i18n.t("chart.slip_distribution.bin_open", "en", start="365")
    assert labels.slip_bin_label(None, pd.NA, "ka") == i18n.t("chart.slip_distribution.bin_unknown", "ka")
    sdg = pd.DataFrame([{"sdg": 16, "label_en": "Peace & Justice", "label_ka": ""}])
    assert findings.category_name(sdg.iloc[0], "sdg", "en") == "16. Peace & Justice"
    assert completion.category_labels(sdg, "sdg", "en") == ["16. Peace &amp; Justice"]  # escaped for plotly
