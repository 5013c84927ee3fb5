"""The monitoring-portal page importer's parser: the seed pages in both languages or either alone, warnings on
disagreements between the two versions, other and truncated pages."""

from __future__ import annotations

import json

import pytest

from dashboard.importers import portal_page as pp
from tests.importers.seed_pages import (
    PAGES,
    RUSTAVI_EN,
    RUSTAVI_KA,
    SEED_COMMITMENT,
    SEED_EN,
    SEED_KA,
    SEED_MILESTONES,
    URL,
    C,
    parse,
    parse_texts,
    read_page,
)


def _municipality_warnings(warnings):
    return [w for w in warnings if "name different municipalities" in w]


def _check_seed_milestones(result, langs=("en", "ka")):
    assert [m["number"] for m in result.milestones] == list(SEED_MILESTONES)
    for m in result.milestones:
        exp = SEED_MILESTONES[m["number"]]
        assert m["milestone_id"] == f"{C}/{m['number']}"
        assert m["commitment_id"] == C
        for lang in ("en", "ka"):
            there = lang in langs
            assert m[f"title_{lang}"] == (exp[f"title_{lang}"] if there else None)
            assert m[f"indicator_{lang}"] == (exp[f"indicator_{lang}"] if there else None)
            assert m[f"lead_agency_{lang}"] == ({"en": RUSTAVI_EN, "ka": RUSTAVI_KA}[lang] if there else None)
            assert m[f"partner_{lang}"] is None
            assert m["progress"][f"outcome_{lang}"] == (exp[f"outcome_{lang}"] if there else None)
        assert (m["planned_start"], m["planned_end"]) == (exp["planned_start"], exp["planned_end"])
        assert m["actual_start"] == exp["actual_start"]
        assert m["actual_end"] is None
        assert m["source_url"] is None
        p = m["progress"]
        assert (p["milestone_id"], p["period_id"]) == (m["milestone_id"], "2019-annual")
        assert (p["state"], p["rating"]) == (exp["state"], exp["rating"])
        assert p["source_url"] is None


def test_seed_both_languages_every_field():
    r = parse(SEED_EN, SEED_KA, commitment_id=C)
    assert r.languages == ["en", "ka"]
    assert r.commitment == SEED_COMMITMENT
    assert r.themes == ["access_to_services"]
    assert r.sdgs == [16]
    assert r.jurisdictions == ["rustavi"]
    assert r.period == {"period_id": "2019-annual", "label_en": "2019, Annual", "label_ka": "2019, წლიური",
                        "as_of": "2019-12-31"}
    p = r.progress
    assert (p["commitment_id"], p["period_id"], p["state"], p["rating"]) == \
        (C, "2019-annual", "in_progress", "mostly_implemented")
    assert p["narrative_en"].startswith("When reviewing the progress achieved in frames of this commitment")
    assert p["narrative_en"].endswith("2 out of 5 E-services were introduced.")
    assert "• According to the City Hall, the introduction of E-petitions Module" in p["narrative_en"]
    assert p["narrative_ka"].startswith("საანგარიშო პერიოდში ვალდებულების შესრულების პროგრესის მიმოხილვისას")
    assert p["narrative_ka"].endswith("დაინერგა 5-დან 2 ელექტრონული სერვისი.")
    assert "done icon" not in json.dumps(r.as_json(), ensure_ascii=False)
    assert "Error!!!" not in json.dumps(r.as_json(), ensure_ascii=False)
    _check_seed_milestones(r)
    # The Batumi/Rustavi disagreement of 6.2.1, and no false alarm elsewhere.
    muni = _municipality_warnings(r.warnings)
    assert len(muni) == 1, r.warnings
    assert muni[0].startswith("milestone 6.2.1 title")
    assert "Batumi" in muni[0] and "რუსთავი" in muni[0] and "Rustavi" in muni[0]
    assert any("6.2.1" in w and "2019-09-10" in w and "planned end" in w for w in r.warnings)
    assert not any("differs" in w for w in r.warnings)
    assert not any(w.startswith("no commitment id") for w in r.warnings)


def test_seed_order_and_language_detection_do_not_depend_on_arguments():
    a = parse(SEED_EN, SEED_KA, commitment_id=C).as_json()
    b = parse(SEED_KA, SEED_EN, commitment_id=C).as_json()
    b["languages"] = a["languages"]
    assert a == b
    assert pp.detect_language(read_page(SEED_EN)) == "en"
    assert pp.detect_language(read_page(SEED_KA)) == "ka"


def test_english_alone():
    r = parse(SEED_EN, commitment_id=C)
    assert r.languages == ["en"]
    for k, v in SEED_COMMITMENT.items():
        assert r.commitment[k] == (None if k.endswith("_ka") else v), k
    assert r.progress["narrative_ka"] is None and r.progress["state"] == "in_progress"
    assert r.progress["rating"] == "mostly_implemented"
    _check_seed_milestones(r, langs=("en",))
    assert "no Georgian page: the _ka columns are left empty" in r.warnings
    assert not _municipality_warnings(r.warnings)


def test_georgian_alone():
    r = parse(SEED_KA, commitment_id=C)
    assert r.languages == ["ka"]
    for k, v in SEED_COMMITMENT.items():
        if k == "notes":
            assert r.commitment[k] is None  # the Georgian heading equals its "Commitment:" line
            continue
        assert r.commitment[k] == (None if k.endswith("_en") else v), k
    assert r.themes == ["access_to_services"] and r.sdgs == [16] and r.jurisdictions == ["rustavi"]
    assert r.progress["period_id"] == "2019-annual"
    assert (r.progress["state"], r.progress["rating"]) == ("in_progress", "mostly_implemented")
    _check_seed_milestones(r, langs=("ka",))
    assert "no English page: the _en columns are left empty" in r.warnings
    assert any("title_en (required)" in w for w in r.warnings)


def test_derived_commitment_id_is_deterministic_and_warned():
    r1, r2 = parse(SEED_EN, SEED_KA), parse(SEED_KA)
    assert r1.commitment["commitment_id"] == r2.commitment["commitment_id"] == "PORTAL-6.2-rustavi"
    assert any("derived 'PORTAL-6.2-rustavi'" in w for w in r1.warnings)
    assert r1.milestones[0]["milestone_id"] == "PORTAL-6.2-rustavi/6.2.1"


def test_source_urls_go_to_every_row():
    r = parse(SEED_EN, SEED_KA, commitment_id=C, source_url=URL, source_url_ka=URL.replace("/en/", "/"))
    assert r.commitment["source_url_en"] == URL
    assert r.commitment["source_url_ka"] == URL.replace("/en/", "/")
    assert r.progress["source_url"] == URL
    assert all(m["source_url"] == URL and m["progress"]["source_url"] == URL for m in r.milestones)


# ------------------------------------------------------------------ disagreements between the two versions

def _seed_ka_variant(replacements):
    t = read_page(SEED_KA)
    for old, new in replacements:
        assert old in t, old
        t = t.replace(old, new, 1)
    return t


def test_disagreements_dates_states_ratings_and_milestone_sets():
    ka = read_page(SEED_KA)
    # 6.2.2: another state, 6.2.3: another planned end, 6.2.6 removed, commitment rating differs.
    block_622 = ka[ka.index("6.2.2."):ka.index("6.2.3.")]
    block_623 = ka[ka.index("6.2.3."):ka.index("6.2.4.")]
    ka = ka.replace(block_622, block_622.replace("არ დაწყებულა", "მიმდინარეობს", 1))
    ka = ka.replace(block_623, block_623.replace("დასრულება\nივნისი 2019", "დასრულება\nივლისი 2019"))
    ka = ka[:ka.index("6.2.6.")] + ka[ka.index("კომენტარის დამატება"):]
    ka = ka.replace("მიმდინარეობს done iconუმეტესწილად შესრულდა", "მიმდინარეობს done iconნაწილობრივ შესრულდა")
    r = parse_texts(read_page(SEED_EN), ka, commitment_id=C)
    w = "\n".join(r.warnings)
    assert "milestone 6.2.2: state differs: English 'not_started', Georgian 'in_progress'" in w
    assert "milestone 6.2.3: planned end differs: English '2019-06', Georgian '2019-07'" in w
    assert "milestone(s) only on the English page: 6.2.6" in w
    assert "commitment progress rating differs: English 'mostly_implemented', Georgian 'partially_implemented'" in w
    # English wins, Georgian-only columns of 6.2.6 stay empty
    m = {x["number"]: x for x in r.milestones}
    assert m["6.2.2"]["progress"]["state"] == "not_started"
    assert m["6.2.6"]["title_ka"] is None and m["6.2.6"]["title_en"]


def test_municipality_disagreement_is_generic():
    # Any municipality, any field: the Georgian lead agency of 6.2.4 says Kutaisi.
    ka = read_page(SEED_KA)
    i = ka.index("6.2.4.")
    j = ka.index(RUSTAVI_KA, i)
    ka = ka[:j] + "ქუთაისის მუნიციპალიტეტის მერია" + ka[j + len(RUSTAVI_KA):]
    r = parse_texts(read_page(SEED_EN), ka, commitment_id=C)
    muni = _municipality_warnings(r.warnings)
    assert any(x.startswith("milestone 6.2.4 lead agency") and "Kutaisi" in x for x in muni), muni
    assert any(x.startswith("milestone 6.2.1 title") for x in muni)


def test_municipality_mentions_in_georgian_case_forms():
    m = pp.municipalities_named
    assert m("ქ. რუსთავის მუნიციპალიტეტის მერია", "ka") == {"rustavi"}
    assert m("რუსთავში და ბათუმში", "ka") == {"rustavi", "batumi"}
    assert m("მცხეთაში", "ka") == {"mtskheta"}
    assert m("დედოფლისწყაროს მერია", "ka") == {"dedoplistskaro"}
    assert m("რუსთაველის გამზირი", "ka") == set()  # Rustaveli avenue is not Rustavi
    assert m("Tbilisi's and Batumi City Hall", "en") == {"tbilisi", "batumi"}
    assert m("rustavi.gov.ge", "en") == set()


# ------------------------------------------------------------------ other pages

def test_other_commitment_pair_with_crlf_several_themes_and_sdgs():
    ka_path = PAGES / "ozurgeti_ka.txt"
    assert b"\r\n" in ka_path.read_bytes()
    r = parse(ka_path, PAGES / "ozurgeti_en.txt", commitment_id="TEST-3")
    c = r.commitment
    assert c["number"] == "3" and c["level"] == "municipal"
    assert r.jurisdictions == ["ozurgeti"]
    assert c["title_en"] == "Opening Ozurgeti Municipality Council sessions to citizens"
    assert c["title_ka"] == "ოზურგეთის მუნიციპალიტეტის საკრებულოს სხდომების გახსნა მოქალაქეებისთვის"
    assert c["outcome_en"] == "Council sessions are streamed and decisions are published as open data"
    assert c["outcome_ka"] == "სხდომები ონლაინ გადაიცემა და გადაწყვეტილებები ღია მონაცემებად ქვეყნდება"
    assert (c["planned_start"], c["planned_end"]) == ("2020-01", "2021-06")
    assert c["lead_agency_ka"] == "ოზურგეთის მუნიციპალიტეტის საკრებულო"
    assert r.themes == ["transparency", "accountability"]
    assert r.sdgs == [1, 16]
    assert r.period["period_id"] == "2020-annual" and r.period["label_ka"] == "2020, წლიური"
    assert (r.progress["state"], r.progress["rating"]) == ("suspended", "partially_implemented")
    assert r.progress["narrative_en"].endswith("The open-data publication of decisions has not started.")
    ms = {m["number"]: m for m in r.milestones}
    assert list(ms) == ["3.1", "3.2", "3.3"]
    assert ms["3.1"]["partner_en"] == "Georgian Democratic Development Union"
    assert ms["3.1"]["partner_ka"] == "საქართველოს დემოკრატიული განვითარების კავშირი"
    assert ms["3.1"]["actual_start"] == "2020-03"  # month precision: only the month is stated
    assert ms["3.2"]["progress"]["state"] == "suspended"
    assert ms["3.2"]["progress"]["rating"] == "partially_implemented"
    assert ms["3.2"]["partner_en"] is None
    assert ms["3.3"]["planned_end"] == "2021-06"
    assert any("milestone 3.3: planned end differs" in w for w in r.warnings)
    assert not _municipality_warnings(r.warnings)
    assert "\r" not in json.dumps(r.as_json(), ensure_ascii=False)


def test_truncated_national_page():
    r = parse(PAGES / "national_truncated_en.txt")
    c = r.commitment
    assert c["number"] == "12" and c["commitment_id"] == "PORTAL-12"
    assert c["level"] is None and r.jurisdictions == []
    assert c["description_en"] == "The State Procurement Agency will publish procurement data as open data."
    assert c["outcome_en"] is None
    assert (c["planned_start"], c["planned_end"]) == ("2018-09", "2019-08")
    assert r.themes == [] and r.sdgs == [] and r.period is None and r.progress is None
    assert [m["number"] for m in r.milestones] == ["12.1", "12.2"]
    assert r.milestones[0]["progress"] is None  # no period: no progress rows
    assert r.milestones[0]["indicator_en"] == "A data format is approved"
    assert r.milestones[1]["planned_start"] is None
    w = "\n".join(r.warnings)
    for part in ("no OGP thematic areas", "no SDG", "no reporting period", "no progress block",
                 "cut short inside milestone 12.2", "milestone 12.2: not reported"):
        assert part in w


@pytest.mark.parametrize("cut", ["Timeline:", "Progress:", "Milestones:", "6.2.1.", "Indicator\nBusiness",
                                 "6.2.4.", "Rating\ndone iconNot implemented"])
def test_seed_cut_short_anywhere_imports_what_is_there(cut):
    t = read_page(SEED_EN)
    t = t[:t.index(cut)]
    r = parse_texts(t, commitment_id=C)
    assert r.commitment["title_en"] == SEED_COMMITMENT["title_en"]
    assert r.warnings
    for m in r.milestones:  # whatever milestones there are carry their published values only
        exp = SEED_MILESTONES[m["number"]]
        assert m["title_en"] == exp["title_en"]
        for k in ("planned_start", "planned_end"):
            assert m[k] in (None, exp[k])


def test_timeline_missing_warns():
    t = "\n".join(ln for ln in read_page(SEED_EN).splitlines() if not ln.startswith("Timeline:"))
    r = parse_texts(t, commitment_id=C)
    assert r.commitment["planned_start"] is None and r.commitment["planned_end"] is None
    assert any("no timeline" in w for w in r.warnings)


def test_helpers():
    assert pp.parse_month("July 2018") == "2018-07"
    assert pp.parse_month("ივლისი 2018") == "2018-07"
    assert pp.parse_month("Sept. 2020") == "2020-09"
    assert pp.parse_month("2019-11") == "2019-11"
    assert pp.parse_month("soon") is None
    assert pp.parse_period("2019, Annual") == "2019-annual"
    assert pp.parse_period("2019, წლიური") == "2019-annual"
    assert pp.parse_period("Mid-term 2020") == "2020-midterm"
    assert pp.parse_actual_start("work started on 10 September 2019.", "en") == "2019-09-10"
    assert pp.parse_actual_start("it began on March 3, 2021", "en") == "2021-03-03"
    assert pp.parse_actual_start("The module was not introduced", "en") is None
    assert pp.parse_actual_start("2019 წლის 10 სექტემბრიდან დაიწყო", "ka") == "2019-09-10"
    assert pp.parse_actual_start("დაიწყო 2020 წლის 5 მარტს", "ka") == "2020-03-05"
    assert pp.parse_actual_start("არ დანერგილა", "ka") is None
    assert pp.parse_state_rating("In progress done iconMostly implemented") == ("in_progress", "mostly_implemented")
    assert pp.parse_state_rating("არ დაწყებულა done iconარ შესრულდა") == ("not_started", "not_implemented")
    assert pp.parse_state_rating("done iconFully implemented") == (None, "fully_implemented")
    assert pp.milestone_base_number(["6.2.1", "6.2.10"]) == "6.2"
    assert pp.milestone_base_number(["12.1", "12.2"]) == "12"


def test_two_pages_in_the_same_language_are_refused():
    with pytest.raises(pp.ImportError_):
        parse(SEED_EN, PAGES / "ozurgeti_en.txt")
