"""Facts of the bundled dataset (data/) checked against independent copies of the sources in tests/fixtures/:
reference_commitments.csv (the hand-collected reference) and the seed page in both languages."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from dashboard import DEFAULT_DATA_DIR, REPO_DIR, schema

DATA = DEFAULT_DATA_DIR
FIXTURES = REPO_DIR / "tests" / "fixtures"
SEED_ID = "GE-2018-6.2"

RATING_WORDS = {"Fully implemented": "fully_implemented", "Mostly implemented": "mostly_implemented",
                "Partially implemented": "partially_implemented", "Not implemented": "not_implemented"}
STATE_WORDS = {"Completed": "completed", "In progress": "in_progress", "Not started": "not_started",
               "Suspended": "suspended"}


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def t() -> dict[str, list[dict]]:
    return {tb.name: read(DATA / tb.file) for tb in schema.TABLES}


@pytest.fixture(scope="module")
def ref() -> dict[str, dict]:
    return {r["commitment_id"]: r for r in read(FIXTURES / "reference_commitments.csv")}


def by(rows: list[dict], key: str) -> dict[str, dict]:
    return {r[key]: r for r in rows}


def test_every_table_has_the_schema_columns_in_order():
    for tb in schema.TABLES:
        with (DATA / tb.file).open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert tuple(header) == tb.column_names, tb.name


def test_metadata_is_real_data():
    meta = json.loads((DATA / "dataset.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is False
    assert meta["title_en"] and meta["title_ka"] and meta["sources"]


def test_store_accepts_the_bundled_data(bundled_dataset):
    ds = bundled_dataset
    assert ds.counts["commitments"] == 65  # 54 + 11 from OGP's IRM sheet
    assert ds.counts["irm_assessments"] == 30


def test_all_54_reference_commitments_with_exact_facts(t, ref):
    com = by(t["commitments"], "commitment_id")
    assert len(t["commitments"]) == 65
    assert set(ref) <= set(com) and len(set(com) - set(ref)) == 11  # 11 created by import-irm
    for cid, r in ref.items():
        c = com[cid]
        assert c["ogp_id"] == r["ogp_id"], cid
        assert c["level"] == r["level"], cid
        assert (c["planned_start"], c["planned_end"]) == (r["start"], r["end"]), cid
        assert c["title_ka"] == r["title_ka"], cid          # no Georgian title where none was seen
        if cid != SEED_ID:
            assert c["title_en"] == r["title_en"], cid
            assert c["lead_agency_en"] == r["lead_agency"], cid
            assert c["lead_agency_ka"] == "", cid
        assert c["description_en"], cid


def test_plans(t, ref):
    plans = by(t["action_plans"], "plan_id")
    com = by(t["commitments"], "commitment_id")
    expected = {"georgia-2018-2019", "georgia-2016-2018", "tbilisi-2017", "tbilisi-2018-2020", "khoni-2021",
                "ozurgeti-2021", "rustavi-2022-2025"}
    assert expected <= set(plans)
    assert {com[c]["plan_id"] for c in com} == set(plans)
    for p in plans.values():
        assert p["level"] == ("local" if p["plan_id"].split("-")[0] in {"tbilisi", "khoni", "ozurgeti", "rustavi"}
                              else "national")
    assert com["GE-2018-N1"]["plan_id"] == "georgia-2018-2019"
    assert com["GE0065"]["plan_id"] == "georgia-2016-2018"
    assert com["GERTV0002"]["plan_id"] == "rustavi-2022-2025"


def test_every_commitment_has_jurisdictions_as_in_the_reference(t, ref):
    links: dict[str, set[str]] = {}
    for row in t["commitment_jurisdictions"]:
        links.setdefault(row["commitment_id"], set()).add(row["jurisdiction_id"])
    for cid, r in ref.items():
        places = {p.strip().lower() for p in r["municipality"].split(";") if p.strip()}
        assert links.get(cid) == (places or {"georgia"}), cid
    assert links["GE0065"] == {"kutaisi", "ozurgeti", "batumi", "akhaltsikhe"}
    assert links["GE-2018-M3"] == {"akhaltsikhe", "kutaisi"}
    assert links[SEED_ID] == {"rustavi"}
    jur = by(t["jurisdictions"], "jurisdiction_id")
    assert jur["georgia"]["kind"] == "country"
    for jid, j in jur.items():
        assert re.match(schema.SLUG_PATTERN, jid)
        if jid != "georgia":
            assert j["kind"] in ("city", "municipality") and j["lat"] and j["lon"] and j["name_ka"], jid


def test_themes_and_sdgs_as_in_the_reference(t, ref):
    names = {"Transparency": "transparency", "Accountability": "accountability",
             "Access to Services": "access_to_services", "Innovation and Technology": "innovation_technology",
             "Engagement": "engagement"}
    themes: dict[str, set] = {}
    for row in t["commitment_themes"]:
        themes.setdefault(row["commitment_id"], set()).add(row["theme_id"])
    sdgs: dict[str, set] = {}
    for row in t["commitment_sdgs"]:
        sdgs.setdefault(row["commitment_id"], set()).add(int(row["sdg"]))
    for cid, r in ref.items():
        assert themes.get(cid, set()) == {names[x.strip()] for x in r["thematic_area"].split(";") if x.strip()}, cid
        assert sdgs.get(cid, set()) == {int(x) for x in r["sdg"].split(";") if x.strip()}, cid
    sdg_rows = by(t["sdgs"], "sdg")
    assert len(sdg_rows) == 17 and sdg_rows["16"]["colour"].upper() == "#00689D"
    assert sdg_rows["16"]["label_ka"] == "მშვიდობა, სამართლიანობა და ძლიერი ინსტიტუტები"


def test_twelve_published_ratings_match_the_reference(t, ref):
    prog = by(t["commitment_progress"], "commitment_id")
    rated = {cid: r for cid, r in ref.items() if r["status_reported"]}
    assert len(rated) == 12 and set(prog) == set(rated)
    for cid, r in rated.items():
        p = prog[cid]
        assert p["period_id"] == "2019-annual"
        assert p["rating"] == RATING_WORDS[r["status_reported"]], cid
        m = re.search(r"progress_state=([A-Za-z ]+?)[.(]", r["notes"])
        assert p["state"] == (STATE_WORDS[m.group(1).strip()] if m else ""), cid
        assert p["source_url"] == r["source_url"], cid
    periods = by(t["periods"], "period_id")
    assert periods["2019-annual"] == {"period_id": "2019-annual", "label_en": "2019, Annual",
                                      "label_ka": "2019, წლიური", "as_of": "2019-12-31"}


def test_every_source_url_preserved(t, ref):
    com = by(t["commitments"], "commitment_id")
    for cid, r in ref.items():
        assert com[cid]["source_url_en"] == r["source_url"], cid
    for tb in schema.TABLES:
        for row in t[tb.name]:
            for c in tb.columns:
                if c.kind == schema.URL and row[c.name]:
                    assert re.match(r"^https?://\S+$", row[c.name]), (tb.name, c.name)
    assert com[SEED_ID]["source_url_ka"] == ""  # the Georgian URL of the seed page was never recorded


def test_seed_commitment(t):
    c = by(t["commitments"], "commitment_id")[SEED_ID]
    assert c["number"] == "6.2"
    assert c["title_en"] == "Introduction and development of electronic services in Rustavi Municipality"
    assert c["title_ka"] == "ქალაქ რუსთავის მუნიციპალიტეტში ელექტრონული სერვისების დანერგვა და განვითარება"
    assert (c["lead_agency_en"], c["lead_agency_ka"]) == ("Rustavi Municipality City Hall",
                                                        "რუსთავის მუნიციპალიტეტის მერია")
    assert (c["planned_start"], c["planned_end"]) == ("2018-07", "2019-12")
    assert c["description_ka"] and c["outcome_en"] and c["outcome_ka"]
    themes = {r["theme_id"] for r in t["commitment_themes"] if r["commitment_id"] == SEED_ID}
    sdgs = {r["sdg"] for r in t["commitment_sdgs"] if r["commitment_id"] == SEED_ID}
    assert themes == {"access_to_services"} and sdgs == {"16"}
    p = by(t["commitment_progress"], "commitment_id")[SEED_ID]
    assert (p["state"], p["rating"]) == ("in_progress", "mostly_implemented")
    assert p["narrative_en"] and p["narrative_ka"]


SEED_MILESTONES = {  # number: (planned_start, planned_end, state, rating)
    "6.2.1": ("2018-06", "2018-12", "completed", "fully_implemented"),
    "6.2.2": ("2019-01", "2019-06", "not_started", "not_implemented"),
    "6.2.3": ("2019-01", "2019-06", "not_started", "not_implemented"),
    "6.2.4": ("2019-04", "2019-09", "completed", "fully_implemented"),
    "6.2.5": ("2019-07", "2019-12", "not_started", "not_implemented"),
    "6.2.6": ("2019-04", "2019-09", "completed", "fully_implemented"),
}


def test_seed_milestones(t):
    ms = by(t["milestones"], "milestone_id")
    mp = by(t["milestone_progress"], "milestone_id")
    assert len(ms) == 6 and len(mp) == 6
    en = (FIXTURES / "seed_en.txt").read_text(encoding="utf-8")
    ka = (FIXTURES / "seed_ka.txt").read_text(encoding="utf-8")
    for number, (start, end, state, rating) in SEED_MILESTONES.items():
        mid = f"{SEED_ID}/{number}"
        m = ms[mid]
        assert (m["commitment_id"], m["number"]) == (SEED_ID, number)
        assert (m["planned_start"], m["planned_end"]) == (start, end), number
        assert f"{number}. {m['title_en']}\n" in en and f"{number}. {m['title_ka']}\n" in ka, number
        assert f"\n{m['indicator_en']}\n" in en and f"\n{m['indicator_ka']}\n" in ka, number
        assert (m["lead_agency_en"], m["lead_agency_ka"]) == ("Rustavi Municipality City Hall",
                                                            "რუსთავის მუნიციპალიტეტის მერია")
        assert m["actual_end"] == ""
        assert m["actual_start"] == ("2019-09-10" if number == "6.2.1" else ""), number
        p = mp[mid]
        assert (p["period_id"], p["state"], p["rating"]) == ("2019-annual", state, rating), number
        assert p["outcome_en"] and p["outcome_ka"]
        assert m["source_url"] == p["source_url"] == \
            "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"
    # kept as published: the English title names Batumi, the Georgian names Rustavi
    assert "Batumi" in ms[f"{SEED_ID}/6.2.1"]["title_en"]
    assert "რუსთავის" in ms[f"{SEED_ID}/6.2.1"]["title_ka"]


def test_vocab_labels(t):
    v = {(r["kind"], r["code"]): r for r in t["vocab"]}
    assert {c for k, c in v if k == "state"} == set(schema.STATES)
    assert {c for k, c in v if k == "rating"} == set(schema.RATINGS)
    assert v[("rating", "mostly_implemented")]["label_ka"] == "უმეტესწილად შესრულდა"
    assert v[("state", "completed")]["label_ka"] == "დასრულდა"


def test_no_georgian_text_upper_cased():
    mtavruli = re.compile("[\u1c90-\u1cbf]")
    for f in list(DATA.glob("*.csv")) + [DATA / "dataset.json", DATA / "README.md"]:
        assert not mtavruli.search(f.read_text(encoding="utf-8")), f.name


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_written_text_is_not_copied_from_the_sources(t, ref):
    """Descriptions, narratives, outcomes and notes are our own words: none equals or contains a run of 8 words of
    the reference notes or of the seed page text."""
    source_texts = [r["notes"] for r in ref.values()]
    source_texts += [(FIXTURES / f).read_text(encoding="utf-8") for f in ("seed_en.txt", "seed_ka.txt")]
    source = set().union(*(_shingles(s) for s in source_texts))
    stems = ("description", "outcome", "narrative")
    checked = 0
    for tb in schema.TABLES:
        cols = [c.name for c in tb.columns if c.name.rsplit("_", 1)[0] in stems or c.name == "notes"]
        for row in t[tb.name]:
            for c in cols:
                text = row[c]
                if not text:
                    continue
                checked += 1
                assert all(text.strip() != s.strip() for s in source_texts), (tb.name, c)
                shared = _shingles(text) & source
                assert not shared, (tb.name, c, sorted(shared)[:2])
    assert checked > 54
