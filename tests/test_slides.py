"""dashboard/slides.py: the slides of presentation mode and the deck, from the bundled data, in both languages."""

from __future__ import annotations

import pytest

from dashboard import i18n, metrics, slides
from dashboard.schema import Filters


@pytest.fixture(scope="module")
def cursor(bundled_dataset):
    return bundled_dataset.con.cursor()


def _build(cursor, lang, filters=None, **kw):
    filters = Filters() if filters is None else filters
    return slides.build_slides(lambda name: metrics.run(cursor, name, filters), lang, filters, **kw)


def _has_georgian(text: str) -> bool:
    return any("\u10d0" <= ch <= "\u10ff" for ch in text)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_chart_has_a_slide(cursor, lang):
    built = _build(cursor, lang)
    assert [s.key for s in built] == list(slides.SLIDE_KEYS)
    assert {s.page for s in built} == {"overview", "municipalities", "themes_sdgs", "timeline", "assessments"}
    for s in built:
        assert s.figure is not None, s.key
        assert s.title and "<" not in s.title
        assert s.finding and "⟦" not in s.finding and "<" not in s.finding
        assert s.caption
        assert _has_georgian(s.title + s.finding) == (lang == "ka"), s.key


def test_titles_follow_the_language(cursor):
    en, ka = _build(cursor, "en"), _build(cursor, "ka")
    assert en[0].title == i18n.t("chart.completion.title_jurisdiction", "en")
    assert ka[0].title == i18n.t("chart.completion.title_jurisdiction", "ka")
    assert all(a.title != b.title for a, b in zip(en, ka, strict=True))


def test_filters_apply(cursor):
    rows = metrics.run(cursor, "completion_by_jurisdiction", Filters())
    one = str(rows["jurisdiction_id"].iloc[0])
    narrowed = _build(cursor, "en", Filters(jurisdiction=(one,)))
    fig = narrowed[0].figure
    assert len(fig.data[0].y) == 1


def test_comparison_uses_the_chosen_jurisdictions(cursor):
    rows = metrics.run(cursor, "completion_by_jurisdiction", Filters()).tail(2)
    built = _build(cursor, "en", compare=list(rows["jurisdiction_id"]))
    comparison = next(s for s in built if s.key == "municipalities.comparison")
    for name in rows["name_en"]:
        assert name in comparison.title


def test_empty_view_keeps_the_slides(cursor):
    built = _build(cursor, "ka", Filters(plan=("no-such-plan",)))
    assert [s.key for s in built] == list(slides.SLIDE_KEYS)
    assert all(s.figure is None and s.finding for s in built)


def test_first_slide_of_page():
    assert slides.first_slide_of("overview") == 1
    assert slides.SLIDES[slides.first_slide_of("timeline") - 1][1] == "timeline"
    assert slides.first_slide_of("commitments") == 1


def test_fallback_marker_survives_a_cut_label():
    """A label that fell back to the other language keeps its "(EN)" marker when the chart shortens it."""
    from dashboard.charts import common

    title = "Increasing citizen participation in the oversight of public finances in many places (EN)"
    assert common.shorten(title, 70).endswith("… (EN)") and len(common.shorten(title, 70)) <= 70
    assert common.wrap(common.shorten(title, 70), width=36, max_lines=2).endswith("(EN)")
    assert common.wrap("Batumi (EN)") == "Batumi (EN)"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_deck_has_the_slides_of_presentation_mode(cursor, lang):
    """The PPTX deck's chart slides are build_slides' slides: same titles, findings and captions, same order."""
    import io

    from pptx import Presentation

    from dashboard import exports

    compare = list(metrics.run(cursor, "completion_by_jurisdiction", Filters()).tail(2)["jurisdiction_id"])
    built = _build(cursor, lang, compare=compare)
    data = exports.deck_bytes(lambda name, **extra: metrics.run(cursor, name, Filters(), **extra), lang,
                              compare=compare, subtitle_lines=["x"], source_line="s", pictures=False)
    deck = list(Presentation(io.BytesIO(data)).slides)[1:1 + len(built)]
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in deck]
    assert [t[:3] for t in texts] == [[s.title, s.finding, s.caption] for s in built]
    assert any(s.key == "municipalities.comparison" for s in built)
