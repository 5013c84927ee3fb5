"""The portal page importer on the layouts the portal renders besides the seed's: no "Progress:" label, labels
glued to the previous sentence, no title header; and a property test that moves the line breaks around the labels.
The fixtures (tests/fixtures/pages/seed_*_{en,ka}.txt) are the seed pages rewritten in those layouts."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.importers.portal_page.vocabulary import HEADER_LABELS
from tests.importers.seed_pages import PAGES, SEED_COMMITMENT, SEED_EN, SEED_KA, C, parse, parse_texts, read_page

VARIANTS = ("noprogress", "glued", "notitle")


def _seed_json():
    return parse(SEED_EN, SEED_KA, commitment_id=C).as_json()


def _without_title(doc):
    doc = dict(doc, commitment=dict(doc["commitment"]))
    for col in ("title_en", "title_ka", "notes"):
        doc["commitment"].pop(col)
    doc.pop("warnings")
    return doc


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_layout_reads_every_field_of_the_seed(variant):
    got = parse(PAGES / f"seed_{variant}_en.txt", PAGES / f"seed_{variant}_ka.txt", commitment_id=C).as_json()
    exp = _seed_json()
    if variant == "notitle":  # the page does not state the title: it stays empty (never guessed)
        assert got["commitment"]["title_en"] is None and got["commitment"]["title_ka"] is None
        assert any("no commitment title" in w for w in got["warnings"])
        got, exp = _without_title(got), _without_title(exp)
    else:
        assert got["warnings"] == exp["warnings"]
    assert got == exp


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_variant_layouts_alone_in_one_language(lang):
    seed = parse(SEED_EN if lang == "en" else SEED_KA, commitment_id=C)
    for variant in ("noprogress", "glued"):
        r = parse(PAGES / f"seed_{variant}_{lang}.txt", commitment_id=C)
        assert r.commitment == seed.commitment, variant
        assert r.progress == seed.progress and r.milestones == seed.milestones, variant


def test_without_progress_label_the_lead_agency_is_only_its_value():
    r = parse(PAGES / "seed_noprogress_en.txt", commitment_id=C)
    assert r.commitment["lead_agency_en"] == SEED_COMMITMENT["lead_agency_en"]
    assert r.progress["state"] == "in_progress" and r.progress["rating"] == "mostly_implemented"
    assert r.progress["narrative_en"].startswith("When reviewing the progress")
    assert "\n\nAt the initiative" in r.progress["narrative_en"]  # paragraphs kept


def test_glued_timeline_is_read():
    text = read_page(SEED_EN)
    assert "introducedTimeline:" in read_page(PAGES / "seed_glued_en.txt")
    glued = text.replace("are introduced\nTimeline:", "have been ensuredTimeline:")
    r = parse_texts(glued, commitment_id=C)
    assert (r.commitment["planned_start"], r.commitment["planned_end"]) == ("2018-07", "2019-12")
    assert r.commitment["outcome_en"] == "Five E-services have been ensured"


def test_a_label_word_inside_a_sentence_is_not_split_but_one_after_a_full_stop_is():
    text = read_page(SEED_EN).replace("five E-services. Outcome:", "five E-services for SDG: 16. Outcome:")
    r = parse_texts(text, commitment_id=C)
    assert "for SDG: 16." in r.commitment["description_en"] and r.sdgs == [16]
    text = read_page(SEED_EN).replace("are introduced\nTimeline:", "are introduced. Timeline:")
    r = parse_texts(text, commitment_id=C)
    assert r.commitment["outcome_en"] == "Five E-services are introduced."
    assert (r.commitment["planned_start"], r.commitment["planned_end"]) == ("2018-07", "2019-12")


def test_a_label_word_inside_the_narrative_is_not_split():
    text = read_page(SEED_EN).replace("it is essential to mention", "see the Timeline: it is essential to mention")
    r = parse_texts(text, commitment_id=C)
    assert "see the Timeline: it is essential" in r.progress["narrative_en"]


# ------------------------------------------------------------------------------------------ property test

def _labels(lang: str) -> list[str]:
    idx = 0 if lang == "en" else 1
    names = ("commitment", "description", "timeline", "themes", "sdg", "period", "lead_agency", "progress",
             "milestones")
    return [HEADER_LABELS[n][idx] for n in names]


def _reshape(text: str, lang: str, moves: list[int], drop_progress: bool) -> str:
    """The seed page with each header label glued to the line before (1), after a blank line (2), with its value
    on the next line (3) or as it is (0); without the progress label when `drop_progress`."""
    labels = _labels(lang)
    if drop_progress:
        text = text.replace(f"\n{labels[7]}:\n", "\n")
    for lab, move in zip(labels, moves, strict=False):
        at = text.find(f"\n{lab}")
        if at < 0 or move == 0:
            continue
        end = text.index("\n", at + 1)
        line = text[at + 1:end]
        if move == 1:
            start = at
            while text[start - 1] == "\n":
                start -= 1
            text = text[:start] + text[at + 1:]
        elif move == 2:
            text = text[:at] + "\n\n" + text[at:]
        elif move == 3 and line.strip() != f"{lab}:" and lab not in (labels[7], labels[8]):
            value = line[len(lab) + 1:].strip()
            text = text[:at + 1] + f"{lab}:\n{value}" + text[end:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moves=st.lists(st.integers(0, 3), min_size=9, max_size=9), drop_progress=st.booleans(),
       lang=st.sampled_from(["en", "ka"]))
def test_line_breaks_around_labels_do_not_change_the_fields(moves, drop_progress, lang):
    text = read_page(SEED_EN if lang == "en" else SEED_KA)
    expected = parse_texts(text, commitment_id=C)
    shaped = _reshape(text, lang, moves, drop_progress)
    got = parse_texts(shaped, commitment_id=C)
    assert got.commitment == expected.commitment
    assert (got.themes, got.sdgs, got.jurisdictions, got.period) == \
        (expected.themes, expected.sdgs, expected.jurisdictions, expected.period)
    assert got.progress == expected.progress
    assert got.milestones == expected.milestones


def test_reshape_really_changes_the_layout():
    text = read_page(SEED_EN)
    shaped = _reshape(text, "en", [1, 1, 1, 1, 3, 2, 3, 0, 1], True)
    assert "Progress:" not in shaped and re.search(r"[a-z]Timeline:", shaped)
    assert "SDG:\n16" in shaped and "\n\n\nReporting Period:" in shaped
