"""The "Government and independent assessments" page and a commitment's own assessment history, in both languages
(AppTest on the bundled data). The plotted numbers are checked against the CSV files with pandas."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from tools import apptest
from tools.apptest import open_page

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")
DATA = REPO / "data"
GEORGIAN = re.compile(r"[\u10a0-\u10ff]")


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def _page(name: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    open_page(at, name).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _figures(at: AppTest) -> dict[str, dict]:
    out = {}
    for fig in apptest.figures(at):
        out[fig["layout"].get("meta", {}).get("chart")] = fig
    return out


def _texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "info", "text") for e in at.get(kind)
            if isinstance(getattr(e, "value", None), str)]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_assessments_page_in_both_languages(lang):
    at = _page("assessments", lang=lang)
    assert at.title[0].value == i18n.t("page.assessments.title", lang)
    figs = _figures(at)
    assert set(figs) == {"assessment_coverage", "assessment_agreement", "assessment_moves", "irm_open_government"}
    # coverage: the counts against pandas on the CSV files
    irm = _csv("irm_assessments")
    counts = figs["assessment_coverage"]["layout"]["meta"]["counts"]
    assert counts["portal"]["reported"] == len(_csv("commitment_progress").query("rating != ''"))
    for report in ("progress", "end_of_term"):
        rows = irm[irm["report"] == report]
        for code in ("nd", "nr", "na"):
            assert counts[f"irm_{report}"][code] == int((rows["completion"] == code).sum())
        assert counts[f"irm_{report}"]["reported"] == int((~rows["completion"].isin(["", "nd", "nr", "na"])).sum())
    # the agreement matrix: one commitment, partially implemented read as Limited
    z = figs["assessment_agreement"]["data"][0]["z"]
    assert sum(map(sum, z)) == 1
    # headline figures say which source they count
    labels = [m.label for m in at.metric]
    assert i18n.t("page.assessments.metric.portal", lang) in labels
    assert i18n.t("page.assessments.metric.irm", lang) in labels
    value = {m.label: m.value for m in at.metric}
    assert value[i18n.t("page.assessments.metric.irm", lang)] == i18n.t("page.assessments.metric.of", lang,
                                                                         n="11", total="65")
    assert i18n.t("page.assessments.no_disagreement", lang) in _texts(at)
    finding = i18n.t("finding.moves", lang, up="0", same="2", down="1", n="3")
    assert any(finding in t.replace("\\", "") for t in _texts(at))  # shown escaped as Markdown
    if lang == "ka":
        assert GEORGIAN.search(figs["assessment_moves"]["layout"]["title"]["text"])
        assert not any("\u1c90" <= ch <= "\u1cbf" for t in _texts(at) for ch in t)  # no Mtavruli


def test_irm_reported_is_the_pandas_count():
    irm = _csv("irm_assessments")
    real = irm[~irm["completion"].isin(["", "nd", "nr", "na"])]
    assert real["commitment_id"].nunique() == 11


@pytest.mark.parametrize(("source", "charts"), [
    ("irm", {"assessment_coverage", "assessment_moves", "irm_open_government"}),
    ("portal", {"assessment_coverage"}),  # one portal period: no step between two portal ratings
])
def test_source_filter_from_the_url(source, charts):
    at = _page("assessments", lang="en", source=source)
    figs = _figures(at)
    assert set(figs) == charts
    bars = figs["assessment_coverage"]["layout"]["meta"]["table"]["rows"]
    assert len(bars) == (1 if source == "portal" else 2)
    assert i18n.t("page.assessments.source_note", "en") in _texts(at)
    assert at.query_params["source"] in ([source], source)
    if source == "portal":
        assert i18n.t("finding.moves_none", "en") in _texts(at)


def test_unknown_source_in_the_url_is_dropped_with_a_notice():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["source"] = "press"
    at.run()
    assert i18n.t("notice.unknown_value", "en", param="source", value="press") in _texts(at)
    open_page(at, "assessments").run()
    assert "source" not in at.query_params
    assert "assessment_agreement" in _figures(at)  # both sources shown


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_commitment_page_shows_its_history_from_both_sources(lang):
    at = _page("commitments", lang=lang, commitment="GE-2018-N12")
    frames = [df.value for df in at.dataframe]
    source_col = i18n.t("chart.column.source", lang)
    [history] = [f for f in frames if source_col in f.columns]
    assert list(history[source_col]) == [i18n.t(f"assessment_source.{s}", lang)
                                         for s in ("portal", "irm_progress", "irm_end_of_term")]
    value_col = i18n.t("chart.column.value", lang)
    assert list(history[value_col]) == [i18n.t("rating.partially_implemented", lang),
                                        i18n.t("irm_not_reported.nd", lang), i18n.t("irm_completion.limited", lang)]
    assert list(history["source_url"])[1] == "https://opengovpartnership.org/members/georgia/commitments/ge0077"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_presentation_mode_has_the_assessment_slides(lang):
    from dashboard import slides

    first = slides.first_slide_of("assessments")
    assert slides.SLIDES[first - 1][0] == "assessments.coverage"
    expected = ("assessment_coverage", "assessment_agreement", "assessment_moves", "irm_open_government")
    for n, chart in enumerate(expected, start=first):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update({"lang": lang, "present": "1", "page": str(n)})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert list(_figures(at)) == [chart]
