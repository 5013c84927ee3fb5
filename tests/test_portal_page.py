"""The monitoring-portal page importer: parsing (both languages, either alone, other and truncated pages),
warnings on disagreements, the command line, merging into a data directory and all-or-nothing writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dashboard.importers import portal_page as pp
from dashboard.importers.portal_page import journal
from tests.helpers import read_csv_rows, snapshot, strip_commitment

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
PAGES = FIX / "pages"
SEED_EN = FIX / "seed_en.txt"
SEED_KA = FIX / "seed_ka.txt"
C = "GE-2018-6.2"
URL = "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"
RUSTAVI_EN = "Rustavi Municipality City Hall"
RUSTAVI_KA = "რუსთავის მუნიციპალიტეტის მერია"


def _text(p: Path) -> str:
    return p.read_bytes().decode("utf-8")


def parse(*paths, **kw):
    return pp.parse_pages([(p.name, _text(p)) for p in paths], **kw)


def parse_texts(*texts, **kw):
    return pp.parse_pages([(f"page{i}.txt", t) for i, t in enumerate(texts)], **kw)


# ------------------------------------------------------------------ expected values of the seed pages

SEED_MILESTONES = {
    "6.2.1": dict(
        title_en="Analysis of key business processes related to municipal services in the system of Batumi "
                 "Municipality City Hall",
        title_ka="ქ. რუსთავის მუნიციპალიტეტის მერიის სისტემაში მუნიციპალურ სერვისებთან დაკავშირებული საკვანძო "
                 "ბიზნეს-პროცესების ანალიზი",
        indicator_en="Business processes analysis is conducted",
        indicator_ka="ბიზნეს პროცესების ანალიზი განხორციელებულია",
        planned_start="2018-06", planned_end="2018-12", actual_start="2019-09-10",
        state="completed", rating="fully_implemented",
        outcome_en="At the initiative of the Ministry of Regional Development and Infrastructure (MRDI) and with the "
                   "support of Tbilisi Municipal Service Development Agency, the processes of carrying out the "
                   "analysis of key business processes related to Rustavi Municipality City Hall's existing "
                   "municipal services and modules started on 10 September 2019.",
        outcome_ka="ქ. რუსთავის მუნიციპალიტეტის მერიის არსებულ მუნიციპალურ სერვისებთან დაკავშირებული საკვანძო "
                   "ბიზნეს-პროცესების ანალიზის განხორციელება და მოდულების გაწერა რეგიონული განვითარებისა და "
                   "ინფრასტრუქტურის სამინისტროს ინიციატივით და ქ. თბილისის მუნიციპალური სერვისების განვითარების "
                   "სააგენტოს მხარდაჭერით, 2019 წლის 10 სექტემბრიდან დაიწყო"),
    "6.2.2": dict(
        title_en="Introduction of a participatory budgeting module",
        title_ka="მონაწილეობითი ბიუჯეტირების მოდულის დანერგვა",
        indicator_en="Participatory Budgeting Module is introduced",
        indicator_ka="მონაწილეობითი ბიუჯეტირების მოდული დანერგილია",
        planned_start="2019-01", planned_end="2019-06", actual_start=None,
        state="not_started", rating="not_implemented",
        outcome_en="Introduction of Participatory Budgeting module is planned along with updating the municipality "
                   "website",
        outcome_ka="მონაწილეობითი ბიუჯეტირების მოდულის დანერგვა იგეგმება მუნიციპალიტეტის ვებგვერდის განახლებასთან "
                   "ერთად"),
    "6.2.3": dict(
        title_en="Introduction of e-petitions module",
        title_ka="ელექტრონული პეტიციების მოდულის დანერგვა",
        indicator_en="Electronic Petitions Module is introduced",
        indicator_ka="ელექტრონული პეტიციების მოდული დანერგილია",
        planned_start="2019-01", planned_end="2019-06", actual_start=None,
        state="not_started", rating="not_implemented",
        outcome_en="The E-petitions Module was not introduced within the reporting period",
        outcome_ka="ელექტრონული პეტიციების მოდული საანგარიშო პერიოდში არ დანერგილა"),
    "6.2.4": dict(
        title_en="Introduction of a spatial arrangement and architecture module",
        title_ka="სივრცითი მოწყობისა და არქიტექტურის მოდულის დანერგვა",
        indicator_en="Spatial Development and Architecture Module is introduced",
        indicator_ka="სივრცითი მოწყობისა და არქიტექტურის მოდული დანეგილია",
        planned_start="2019-04", planned_end="2019-09", actual_start=None,
        state="completed", rating="fully_implemented",
        outcome_en="the Spatial Development and Architectural Module has been introduced and is properly functioning "
                   "within the MMS system.",
        outcome_ka="სივრცითი მოწყობისა და არქიტექტურული მოდული დანერგილია და გამართულად ფუნქციონირებს სისტემა "
                   "MMS-ში."),
    "6.2.5": dict(
        title_en="Introduction of a property management services module",
        title_ka="ქონების მართვის სერვისების მოდულის დანერგვა",
        indicator_en="Property Management Services Module is introduced",
        indicator_ka="ქონების მართვის სერვისების მოდული დანერგილია",
        planned_start="2019-07", planned_end="2019-12", actual_start=None,
        state="not_started", rating="not_implemented",
        outcome_en="The Property Management Services Module was not introduced within the reporting period",
        outcome_ka="ქონების მართვის სერვისების მოდული საანგარიშო პერიოდში არ დანერგილა"),
    "6.2.6": dict(
        title_en="Introduction of a healthcare and social welfare services module",
        title_ka="ჯანმრთელობის დაცვის და სოციალური უზრუნველყოფის სერვისების მოდულის დანერგვა",
        indicator_en="Health Care and Social Security Services Module is introduced",
        indicator_ka="ჯანმრთელობის დაცვის და სოციალური უზრუნველყოფის სერვისების მოდული დანერგილია",
        planned_start="2019-04", planned_end="2019-09", actual_start=None,
        state="completed", rating="fully_implemented",
        outcome_en="Health Care and Social Security Services Module has been introduced and is properly functioning "
                   "within the MMS system",
        outcome_ka="ჯანმრთელობის დაცვის და სოციალური უზრუნველყოფის სერვისების მოდული დანერგილია და გამართულად "
                   "ფუნქციონირებს სისტემა MMS-ში."),
}

SEED_COMMITMENT = dict(
    commitment_id=C, plan_id=None, level="municipal", number="6.2", ogp_id=None,
    title_en="Introduction and development of electronic services in Rustavi Municipality",
    title_ka="ქალაქ რუსთავის მუნიციპალიტეტში ელექტრონული სერვისების დანერგვა და განვითარება",
    description_en="In exercising self-governance, establishing a unified system based on e-government principles is "
                   "one of the most important priority directions of open government. In this context, Rustavi "
                   "Municipality City Hall has committed to introducing five E-services.",
    description_ka="თვითმმართველობის განხორციელებისას ელექტრონული მმართველობის პრინციპებზე დაფუძნებული ერთიანი "
                   "სისტემის შექმნა ღია მმართველობის ერთ–ერთ მნიშვნელოვან და პრიორიტეტულ მიმართულებას "
                   "წარმოადგენს. აღნიშნულის ფარგლებში, ქ. რუსთავის მუნიციპალიტეტის მერიამ აიღო ვალდებულება 5 "
                   "ელექტრონული სერვისის დანერგვასთან დაკავშირებით",
    outcome_en="Five E-services are introduced",
    outcome_ka="5 ელექტრონული სერვისი დანერგილია",
    lead_agency_en=RUSTAVI_EN, lead_agency_ka=RUSTAVI_KA,
    planned_start="2018-07", planned_end="2019-12",
    source_url_en=None, source_url_ka=None,
    notes="English page heading: Introduction and development of E-services in Rustavi Municipality",
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
    assert pp.detect_language(_text(SEED_EN)) == "en"
    assert pp.detect_language(_text(SEED_KA)) == "ka"


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
    t = _text(SEED_KA)
    for old, new in replacements:
        assert old in t, old
        t = t.replace(old, new, 1)
    return t


def test_disagreements_dates_states_ratings_and_milestone_sets():
    ka = _text(SEED_KA)
    # 6.2.2: another state, 6.2.3: another planned end, 6.2.6 removed, commitment rating differs.
    block_622 = ka[ka.index("6.2.2."):ka.index("6.2.3.")]
    block_623 = ka[ka.index("6.2.3."):ka.index("6.2.4.")]
    ka = ka.replace(block_622, block_622.replace("არ დაწყებულა", "მიმდინარეობს", 1))
    ka = ka.replace(block_623, block_623.replace("დასრულება\nივნისი 2019", "დასრულება\nივლისი 2019"))
    ka = ka[:ka.index("6.2.6.")] + ka[ka.index("კომენტარის დამატება"):]
    ka = ka.replace("მიმდინარეობს done iconუმეტესწილად შესრულდა", "მიმდინარეობს done iconნაწილობრივ შესრულდა")
    r = parse_texts(_text(SEED_EN), ka, commitment_id=C)
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
    ka = _text(SEED_KA)
    i = ka.index("6.2.4.")
    j = ka.index(RUSTAVI_KA, i)
    ka = ka[:j] + "ქუთაისის მუნიციპალიტეტის მერია" + ka[j + len(RUSTAVI_KA):]
    r = parse_texts(_text(SEED_EN), ka, commitment_id=C)
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
    t = _text(SEED_EN)
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
    t = "\n".join(ln for ln in _text(SEED_EN).splitlines() if not ln.startswith("Timeline:"))
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


# ------------------------------------------------------------------ data directory: merge, CLI, atomic writes

def _bundled_or_minimal(dest: Path) -> Path:
    if (ROOT / "data" / "commitments.csv").exists():
        shutil.copytree(ROOT / "data", dest)
    else:  # pragma: no cover - before the bundled data existed
        from tests.helpers import write_minimal_dataset
        write_minimal_dataset(dest)
    return dest


def _read_rows(d: Path, name: str) -> list[dict]:
    return read_csv_rows(d / f"{name}.csv")[1]


def run_cli(*args, check=None):
    cmd = [sys.executable, "-m", "dashboard", "import-page"] + [str(a) for a in args]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    if check is not None:
        assert p.returncode == check, p.stdout + p.stderr
    return p


@pytest.fixture
def data_dir(tmp_path):
    return _bundled_or_minimal(tmp_path / "data")


@pytest.fixture
def data_without_seed(data_dir):
    strip_commitment(data_dir, C)
    return data_dir


def test_cli_dry_run_json(data_without_seed):
    data_dir = data_without_seed
    before = snapshot(data_dir)
    p = run_cli(SEED_EN, SEED_KA, "--data", data_dir, "--dry-run", "--json", check=0)
    doc = json.loads(p.stdout)
    assert doc["dry_run"] is True and doc["written"] == []
    assert doc["changes"]["milestones"]["added"] == 6
    assert doc["commitment"]["plan_id"] == "georgia-2018-2019"
    assert {"commitment", "progress", "milestones", "warnings"} <= set(doc)
    assert doc["commitment"]["title_ka"] == SEED_COMMITMENT["title_ka"]
    assert doc["commitment"]["themes"] == ["access_to_services"] and doc["commitment"]["sdgs"] == [16]
    assert doc["progress"]["state"] == "in_progress" and doc["progress"]["rating"] == "mostly_implemented"
    assert len(doc["milestones"]) == 6
    m1 = doc["milestones"][0]
    assert m1["actual_start"] == "2019-09-10" and m1["progress"]["rating"] == "fully_implemented"
    assert any("Batumi" in w and "Rustavi" in w for w in doc["warnings"])
    assert snapshot(data_dir) == before


def test_cli_dry_run_reports_a_refusal(data_dir):
    before = snapshot(data_dir)
    p = run_cli(SEED_EN, SEED_KA, "--data", data_dir, "--dry-run", "--json")
    doc = json.loads(p.stdout)
    if p.returncode == 1:  # the bundled data words the seed rows in its own words: a real run would be refused
        assert "--replace" in doc["error"]
    assert snapshot(data_dir) == before


def test_cli_text_output_without_data_dir(tmp_path):
    p = run_cli(SEED_KA, "--data", tmp_path / "absent", "--dry-run", check=0)
    assert "6.2.1" in p.stdout and "Warnings" in p.stdout


def test_import_into_data_without_the_seed_reproduces_its_rows(data_without_seed):
    bundled = ROOT / "data"
    if not (bundled / "commitments.csv").exists() or not any(r["commitment_id"] == C
                                                             for r in _read_rows(bundled, "commitments")):
        pytest.skip("bundled data has no seed commitment")
    d = data_without_seed
    run_cli(SEED_EN, SEED_KA, "--data", d, "--commitment-id", C, "--source-url", URL, check=0)
    from dashboard.store import load_dataset
    load_dataset(d)

    def rows(base, name, key):
        return {r[key]: r for r in _read_rows(base, name) if (r.get("commitment_id") == C or
                                                            r.get("milestone_id", "").startswith(C + "/"))}
    # Columns the page states verbatim. (The bundled descriptions, outcomes and narratives are paraphrased, so
    # they are compared only for presence.)
    got, exp = rows(d, "commitments", "commitment_id")[C], rows(bundled, "commitments", "commitment_id")[C]
    for col in ("commitment_id", "plan_id", "level", "number", "title_en", "title_ka", "lead_agency_en",
                "lead_agency_ka", "planned_start", "planned_end", "source_url_en"):
        assert got[col] == exp[col], col
    for col in ("description_en", "description_ka", "outcome_en", "outcome_ka"):
        assert got[col] and exp[col]
    got_m, exp_m = rows(d, "milestones", "milestone_id"), rows(bundled, "milestones", "milestone_id")
    assert got_m == exp_m
    for name, col in (("commitment_themes", "theme_id"), ("commitment_sdgs", "sdg"),
                      ("commitment_jurisdictions", "jurisdiction_id")):
        assert {r[col] for r in _read_rows(d, name) if r["commitment_id"] == C} == \
            {r[col] for r in _read_rows(bundled, name) if r["commitment_id"] == C}
    for name, key in (("commitment_progress", "commitment_id"), ("milestone_progress", "milestone_id")):
        g = {(r[key], r["period_id"]): (r["state"], r["rating"]) for r in _read_rows(d, name)
             if r[key].startswith(C)}
        e = {(r[key], r["period_id"]): (r["state"], r["rating"]) for r in _read_rows(bundled, name)
             if r[key].startswith(C)}
        assert g == e
    # untouched files keep their bytes
    for name in ("themes.csv", "sdgs.csv", "jurisdictions.csv", "action_plans.csv", "periods.csv"):
        assert (d / name).read_bytes() == (bundled / name).read_bytes()


def test_write_then_reimport_refused_without_replace(data_without_seed):
    d = data_without_seed
    p = run_cli(SEED_EN, SEED_KA, "--data", d, check=0)
    assert "no commitment id given: derived 'PORTAL-6.2-rustavi'" in p.stdout
    from dashboard.store import load_dataset
    ds = load_dataset(d)
    cid = "PORTAL-6.2-rustavi"
    assert ds.con.execute("select count(*) from milestones where commitment_id = ?", [cid]).fetchone()[0] == 6
    assert ds.con.execute("select plan_id from commitments where commitment_id = ?", [cid]).fetchone()[0] \
        == "georgia-2018-2019"
    after_first = snapshot(d)
    # The same pages again: matched by title, nothing changes, exit 0.
    p = run_cli(SEED_EN, SEED_KA, "--data", d, check=0)
    assert "matches existing commitment 'PORTAL-6.2-rustavi'" in p.stdout
    assert snapshot(d) == after_first
    # A changed Georgian page (another rating for 6.2.2; alone, so its rating is the one imported) without
    # --replace: refused, nothing written.
    changed = d.parent / "changed_ka.txt"
    ka = _text(SEED_KA)
    i = ka.index("6.2.2.")
    j = ka.index("done iconარ შესრულდა", i)
    changed.write_text(ka[:j] + "done iconნაწილობრივ შესრულდა" + ka[j + len("done iconარ შესრულდა"):],
                       encoding="utf-8")
    p = run_cli(changed, "--data", d, check=1)
    assert "--replace" in p.stderr and "milestone_progress" in p.stderr
    assert snapshot(d) == after_first
    # With --replace: accepted.
    p = run_cli(changed, "--data", d, "--replace", check=0)
    rows = {r["milestone_id"]: r for r in _read_rows(d, "milestone_progress")}
    assert rows[f"{cid}/6.2.2"]["rating"] == "partially_implemented"
    assert rows[f"{cid}/6.2.2"]["outcome_en"]  # English outcome kept: an empty value never erases
    load_dataset(d)


def test_existing_bundled_commitment_is_matched_and_protected(data_dir):
    before = snapshot(data_dir)
    p = run_cli(SEED_EN, SEED_KA, "--data", data_dir, check=1)
    if "matches existing commitment" not in p.stdout:
        pytest.skip("bundled data words the seed title differently")
    assert "already exists with different values" in p.stderr
    assert snapshot(data_dir) == before
    run_cli(SEED_EN, SEED_KA, "--data", data_dir, "--replace", check=0)
    from dashboard.store import load_dataset
    load_dataset(data_dir)
    c = {r["commitment_id"]: r for r in _read_rows(data_dir, "commitments")}[C]
    assert c["description_en"] == SEED_COMMITMENT["description_en"]
    assert c["ogp_id"] == "GE0086" or c["ogp_id"] == ""  # columns the page lacks are kept


def test_planned_dates_are_not_overwritten_by_a_progress_update(data_without_seed):
    d = data_without_seed
    run_cli(SEED_EN, SEED_KA, "--data", d, "--commitment-id", C, check=0)
    # A 2020 report of the same page with moved planned dates for 6.2.5.
    en = _text(SEED_EN).replace("Reporting Period: 2019, Annual", "Reporting Period: 2020, Annual")
    i = en.index("6.2.5.")
    en = en[:i] + en[i:].replace("End\nDecember 2019", "End\nJune 2020", 1)
    page = d.parent / "update_en.txt"
    page.write_text(en, encoding="utf-8")
    p = run_cli(page, "--data", d, "--commitment-id", C, check=0)
    assert "planned dates change only with --replace" in p.stdout
    ms = {r["milestone_id"]: r for r in _read_rows(d, "milestones")}
    assert ms[f"{C}/6.2.5"]["planned_end"] == "2019-12"
    assert any(r["period_id"] == "2020-annual" for r in _read_rows(d, "periods"))
    mp = {(r["milestone_id"], r["period_id"]) for r in _read_rows(d, "milestone_progress")}
    assert (f"{C}/6.2.5", "2020-annual") in mp and (f"{C}/6.2.5", "2019-annual") in mp
    run_cli(page, "--data", d, "--commitment-id", C, "--replace", check=0)
    ms = {r["milestone_id"]: r for r in _read_rows(d, "milestones")}
    assert ms[f"{C}/6.2.5"]["planned_end"] == "2020-06"


def test_invalid_result_writes_nothing(data_without_seed):
    d = data_without_seed
    before = snapshot(d)
    p = run_cli(SEED_EN, SEED_KA, "--data", d, "--plan-id", "no-such-plan", check=1)
    assert "no-such-plan" in p.stderr and "nothing was written" in p.stderr
    assert snapshot(d) == before


def test_other_pages_import_into_data(data_dir):
    run_cli(PAGES / "ozurgeti_en.txt", PAGES / "ozurgeti_ka.txt", "--data", data_dir, "--commitment-id", "TEST-OZ-3",
            "--plan-id", "georgia-2018-2019", check=0)
    from dashboard.store import load_dataset
    ds = load_dataset(data_dir)
    assert ds.con.execute("select count(*) from milestone_progress where milestone_id like 'TEST-OZ-3/%'"
                          ).fetchone()[0] == 3
    assert sorted(r["sdg"] for r in _read_rows(data_dir, "commitment_sdgs") if r["commitment_id"] == "TEST-OZ-3") \
        == ["1", "16"]


def _plan_for_seed(d: Path):
    r = parse(SEED_EN, SEED_KA, commitment_id=C)
    plan = pp.plan_import(r, d)
    assert not plan.conflicts and not plan.problems and len(plan.changed_files) >= 5
    return plan


def test_interrupted_replace_in_process_leaves_data_as_it_was(data_without_seed, monkeypatch):
    d = data_without_seed
    before = snapshot(d)
    real = os.replace
    calls = {"n": 0}

    def flaky(src, dst):
        if str(src).endswith(".tmp") and Path(dst).parent == d:
            calls["n"] += 1
            if calls["n"] > 1:
                raise OSError("disk full (simulated)")
        return real(src, dst)

    monkeypatch.setattr(journal.os, "replace", flaky)
    with pytest.raises(pp.ImportError_, match="restored"):
        pp.write_import(_plan_for_seed(d))
    assert calls["n"] == 2
    assert snapshot(d) == before
    assert not (d / pp.JOURNAL_DIR).exists()


def test_interrupted_replace_every_later_call_fails(data_without_seed, monkeypatch):
    """os.replace keeps failing after the first file (rollback must not need it)."""
    d = data_without_seed
    before = snapshot(d)
    real = os.replace
    calls = {"n": 0}

    def broken(src, dst):
        calls["n"] += 1
        if calls["n"] > 2:  # the manifest's own replace, then the first data file
            raise OSError("simulated")
        return real(src, dst)

    monkeypatch.setattr(journal.os, "replace", broken)
    with pytest.raises(pp.ImportError_):
        pp.write_import(_plan_for_seed(d))
    assert snapshot(d) == before


def test_killed_process_mid_replace_is_recovered(data_without_seed):
    d = data_without_seed
    before = snapshot(d)
    script = textwrap.dedent(f"""
        import os, signal, sys
        from dashboard.__main__ import main
        from dashboard.importers.portal_page import journal
        real = os.replace
        n = [0]
        def dying(src, dst):
            real(src, dst)
            if str(src).endswith('.tmp') and not str(src).endswith('manifest.json.tmp'):
                n[0] += 1
                os.kill(os.getpid(), signal.SIGKILL)
        journal.os.replace = dying
        sys.exit(main(['import-page', {str(SEED_EN)!r}, {str(SEED_KA)!r}, '--data', {str(d)!r},
                       '--commitment-id', 'X-1']))
    """)
    p = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=120)
    assert p.returncode == -9, p.stderr
    assert pp.has_pending_journal(d)
    assert snapshot(d) != before  # one file was already replaced
    # The next import (even a harmless one) restores the data first; recover() alone does the same.
    assert pp.recover(d)
    assert snapshot(d) == before
    assert not pp.has_pending_journal(d) and not (d / pp.JOURNAL_DIR).exists()
    assert not any(n.endswith(".tmp") for n in os.listdir(d))


def test_next_import_recovers_automatically(data_without_seed):
    d = data_without_seed
    before = snapshot(d)
    script = textwrap.dedent(f"""
        import os, signal, sys
        from dashboard.__main__ import main
        from dashboard.importers.portal_page import journal
        real = os.replace
        def dying(src, dst):
            real(src, dst)
            if str(src).endswith('.tmp') and 'manifest' not in str(src):
                os.kill(os.getpid(), signal.SIGKILL)
        journal.os.replace = dying
        main(['import-page', {str(SEED_EN)!r}, '--data', {str(d)!r}, '--commitment-id', 'X-1'])
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=120)
    assert pp.has_pending_journal(d)
    p = run_cli(PAGES / "ozurgeti_en.txt", "--data", d, "--plan-id", "georgia-2018-2019", check=0)
    assert "recovered an interrupted import" in p.stdout
    assert not pp.has_pending_journal(d)
    after = snapshot(d)
    assert not any(_read_rows(d, "commitments")[i]["commitment_id"] == "X-1"
                   for i in range(len(_read_rows(d, "commitments"))))
    assert set(after) == set(before)
