"""Build the bundled real dataset in data/ from the hand-collected reference files and the seed pages.

    .venv/bin/python scripts/build_data.py [--reference DIR] [--out DIR]

Inputs (read at build time only; nothing in the app reads them):
  ../shared/reference/ogp_georgia/commitments.csv, milestones.csv   source-cited facts on 54 commitments
  ../shared/reference/vocab/*.csv                                   bilingual vocabulary (SDGs, themes, states, places)
  ../shared/reference/irm/ogp_commitments_sample.csv               OGP's sheet: Georgia's IRM assessments (import-irm)
  tests/fixtures/seed_en.txt, seed_ka.txt                           the seed monitoring page, English and Georgian

Facts (ids, titles, dates, ratings, URLs, agencies) are copied exactly. Descriptions, narratives and outcomes are
written by hand below, in our own words; unknown values stay empty.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from own_words import DESCRIPTIONS_EN, DESCRIPTIONS_KA, MILESTONE_OUTCOMES, NARRATIVES, NOTES, OUTCOMES, SEED_ID

from dashboard import schema
from dashboard.importers.portal_page import vocabulary

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
SEED_EN = ROOT / "tests" / "fixtures" / "seed_en.txt"
SEED_KA = ROOT / "tests" / "fixtures" / "seed_ka.txt"

SEED_URL_EN = "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"
PERIOD = "2019-annual"

# ---------------------------------------------------------------------------------------------------------------
# Action plans: reference "action_plan" text -> plan row. Names in English are the reference's own labels;
# the Georgian names are composed from the Georgian place name and the years (labels, not published titles).
# start/end: left empty. The sources give only the years in a plan's name, not its start and end months, and a
# month is never guessed.
PLANS = {
    "Georgia 2012-2013": dict(plan_id="georgia-2012-2013", name_en="Georgia 2012-2013",
                              name_ka="საქართველო 2012-2013", level="national", start="", end="",
                              source_url=""),
    "Georgia 2014-2016": dict(plan_id="georgia-2014-2016", name_en="Georgia 2014-2016",
                              name_ka="საქართველო 2014-2016", level="national", start="", end="",
                              source_url=""),
    "Georgia 2016-2018": dict(plan_id="georgia-2016-2018", name_en="Georgia 2016-2018",
                              name_ka="საქართველო 2016-2018", level="national", start="", end="",
                              source_url=""),
    "Georgia 2018-2019": dict(plan_id="georgia-2018-2019", name_en="Georgia 2018-2019",
                              name_ka="საქართველო 2018-2019", level="national", start="", end="",
                              source_url="https://docslib.org/doc/383626/action-plan-for-2018-2019"),
    "Georgia 2018 cycle - Parliament (OGP page: 'Action Plan: Not Attached')": dict(
        plan_id="georgia-2018-parliament", name_en="Georgia 2018 cycle - Parliament",
        name_ka="საქართველო 2018 - პარლამენტი", level="national", start="", end="", source_url=""),
    "Georgia 2023-2025 (December)": dict(plan_id="georgia-2023-2025", name_en="Georgia 2023-2025",
                                         name_ka="საქართველო 2023-2025", level="national", start="",
                                         end="", source_url=""),
    "Tbilisi 2017": dict(plan_id="tbilisi-2017", name_en="Tbilisi 2017", name_ka="თბილისი 2017", level="local",
                         start="", end="", source_url=""),
    "Tbilisi 2018-2020": dict(plan_id="tbilisi-2018-2020", name_en="Tbilisi 2018-2020", name_ka="თბილისი 2018-2020",
                              level="local", start="", end="",
                              source_url="https://idfi.ge/en/tbilisi_mayors_office_approved_2018_2020_ogp_action_plan"),
    "Khoni 2021": dict(plan_id="khoni-2021", name_en="Khoni 2021", name_ka="ხონი 2021", level="local",
                       start="", end="", source_url=""),
    "Ozurgeti 2021": dict(plan_id="ozurgeti-2021", name_en="Ozurgeti 2021", name_ka="ოზურგეთი 2021", level="local",
                          start="", end="", source_url=""),
    "Rustavi 2022-2025": dict(plan_id="rustavi-2022-2025", name_en="Rustavi 2022-2025", name_ka="რუსთავი 2022-2025",
                              level="local", start="", end="", source_url=""),
}

THEME_NAMES = {
    "Transparency": "transparency",
    "Accountability": "accountability",
    "Access to Services": "access_to_services",
    "Innovation and Technology": "innovation_technology",
    "Engagement": "engagement",
}

# Self-governing cities, where a source in the reference supports the status (the official body is named
# "ქალაქ <X>-ის მუნიციპალიტეტი"): Tbilisi (budgetmonitor.ge), Kutaisi (matsne.gov.ge), Rustavi (seed KA page,
# kvemokartli.gov.ge). Batumi is one in law, but no source at hand says so: kept "municipality" (see README).
CITIES = {"tbilisi", "kutaisi", "rustavi"}
# Shorter region labels than the vocabulary's explanatory ones.
REGION_EN_OVERRIDE = {"tbilisi": "Tbilisi", "batumi": "Adjara"}

# Hand-written text, our own words: scripts/own_words.py.

# Actual dates stated on the seed page (nothing else is stated).
MILESTONE_ACTUAL_START = {"6.2.1": "2019-09-10"}

# Georgian page URLs recorded in the reference notes (portal pages in Georgian).
KA_URL_RE = re.compile(r"Georgian page: (https?://\S+?)\s*(?:\(|\.\s|$)")

# The portal's English state and rating words -> codes.
STATE_WORDS = {words[0]: code for code, words in vocabulary.STATE_WORDS.items()}
RATING_WORDS = {words[0]: code for code, words in vocabulary.RATING_WORDS.items()}

MONTHS_EN = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"], 1)}
MONTHS_KA = {"იანვარი": 1, "თებერვალი": 2, "მარტი": 3, "აპრილი": 4, "მაისი": 5, "ივნისი": 6, "ივლისი": 7,
             "აგვისტო": 8, "სექტემბერი": 9, "ოქტომბერი": 10, "ნოემბერი": 11, "დეკემბერი": 12}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def month(text: str, months: dict[str, int]) -> str:
    name, year = text.split()
    return f"{int(year):04d}-{months[name]:02d}"


# --- the seed page -----------------------------------------------------------------------------------------------
def parse_seed(path: Path, lang: str) -> dict:
    """Pull the facts we copy from a seed page: commitment line, lead agency, milestones (title, indicator, lead,
    dates, state, rating)."""
    text = path.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    if lang == "en":
        L = dict(commitment="Commitment: ", lead="Lead Agency: ", indicator="Indicator", lead_block="Lead Agency",
                 start="Start", end="End", rating="Rating", months=MONTHS_EN)
    else:
        L = dict(commitment="ვალდებულება: ", lead="პასუხისმგებელი უწყება: ", indicator="ინდიკატორი",
                 lead_block="პასუხისმგებელი უწყება", start="დაწყება", end="დასრულება", rating="შეფასება",
                 months=MONTHS_KA)
    out: dict = {"milestones": {}}
    for ln in lines:
        if ln.startswith(L["commitment"]) and "title" not in out:
            out["title"] = ln[len(L["commitment"]):].strip()
        if ln.startswith(L["lead"]) and "lead" not in out:
            out["lead"] = ln[len(L["lead"]):].strip()
    heads = [i for i, ln in enumerate(lines) if re.match(r"^6\.2\.\d\. ", ln)]
    for n, i in enumerate(heads):
        block = lines[i: heads[n + 1] if n + 1 < len(heads) else len(lines)]
        number, title = block[0].split(". ", 1)
        body = [b for b in block[1:] if b]

        def after_last(label: str, body: list[str] = body) -> str:
            idx = max(j for j, b in enumerate(body) if b == label)
            return body[idx + 1]

        out["milestones"][number] = dict(
            title=title.strip(),
            state_word=body[0],
            indicator=after_last(L["indicator"]),
            lead=after_last(L["lead_block"]),
            start=month(after_last(L["start"]), L["months"]),
            end=month(after_last(L["end"]), L["months"]),
            rating_word=after_last(L["rating"]).replace("done icon", "").strip(),
        )
    return out


# --- building ----------------------------------------------------------------------------------------------------
METADATA = {
    "title_en": "Open Government Partnership commitments in Georgia (real data, 2019 annual monitoring)",
    "title_ka": "ღია მმართველობის პარტნიორობის ვალდებულებები საქართველოში (რეალური მონაცემები, 2019 წლის "
                "ყოველწლიური მონიტორინგი)",
    "synthetic": False,
    "generated_by": "scripts/build_data.py",
    "sources": [
        {"name": "OGP Georgia monitoring portal (ogpgeorgia.gov.ge / ogp.gov.ge), 2019 annual monitoring",
         "url": "https://ogpgeorgia.gov.ge/en/monitorings/"},
        {"name": "Seed commitment page: Rustavi e-services (English; Georgian text from the same page)",
         "url": SEED_URL_EN},
        {"name": "Open Government Partnership commitment pages and End of Commitment Reports",
         "url": "https://www.opengovpartnership.org/members/georgia/"},
        {"name": "OGP's commitment sheet with the IRM's assessments (Georgia's rows; sample of the copy in "
                 "g0v/ogp-commitments, July 2024)",
         "url": "https://github.com/g0v/ogp-commitments"},
        {"name": "Georgia action plan 2018-2019 (copy)",
         "url": "https://docslib.org/doc/383626/action-plan-for-2018-2019"},
        {"name": "IDFI on Tbilisi's OGP action plans",
         "url": "https://idfi.ge/en/tbilisi_mayors_office_approved_2018_2020_ogp_action_plan"},
        {"name": "SDG names and official colours (UN); Georgian SDG names from UN Georgia and budgetmonitor.ge",
         "url": "https://georgia.un.org/ka/sdgs"},
    ],
}


def reference_rows(voc: Path) -> dict[str, list[dict]]:
    """periods, themes, sdgs and vocab: the one reporting period and the reference vocabulary."""
    periods = [dict(period_id=PERIOD, label_en="2019, Annual", label_ka="2019, წლიური", as_of="2019-12-31")]
    themes = [dict(theme_id=r["theme_id"], label_en=r["name_en"], label_ka=r["name_ka"])
              for r in read_csv(voc / "themes.csv")]
    sdgs = [dict(sdg=int(r["sdg"]), label_en=r["name_en"], label_ka=r["name_ka"], colour=r["color_hex"].upper())
            for r in read_csv(voc / "sdgs.csv")]
    vocab = [dict(kind=r["kind"], code=r["code"], label_en=r["label_en"], label_ka=r["label_ka"])
             for r in read_csv(voc / "progress_vocab.csv") if r["kind"] in schema.VOCAB_KINDS]
    return {"periods": periods, "themes": themes, "sdgs": sdgs, "vocab": vocab}


def shape_ids_by_name() -> dict[str, str]:
    """English unit name -> shapeID, from the map units (data/geo/units.csv, see scripts/build_geo.py)."""
    return {r["name_en"]: r["shape_id"] for r in read_csv(ROOT / "data" / "geo" / "units.csv")}


def jurisdiction_rows(munis: dict[str, dict]) -> list[dict]:
    """The country + the municipalities of the reference vocabulary, by id; each municipality linked to its unit
    of the boundary file by its English name (the country has none)."""
    units = shape_ids_by_name()
    rows = [dict(jurisdiction_id="georgia", name_en="Georgia", name_ka="საქართველო", kind="country",
                 region_en="", region_ka="", lat="", lon="", shape_id="")]
    for jid, r in sorted(munis.items()):
        rows.append(dict(
            jurisdiction_id=jid, name_en=r["name_en"], name_ka=r["name_ka"],
            kind="city" if jid in CITIES else "municipality",
            region_en=REGION_EN_OVERRIDE.get(jid, r["region_en"]), region_ka=r["region_ka"],
            lat=r["lat"], lon=r["lon"], shape_id=units[r["name_en"]]))
    return rows


def commitment_row(r: dict, plan_id: str, seed_en: dict, seed_ka: dict) -> dict:
    """One reference commitment as a commitments row; the seed commitment takes its number, English title and
    Georgian lead agency from the seed page."""
    cid = r["commitment_id"]
    title_en, title_ka = r["title_en"], r["title_ka"]
    lead_en, lead_ka = r["lead_agency"], ""
    number = ""
    source_ka = ""
    m = KA_URL_RE.search(r["notes"])
    if m:
        source_ka = m.group(1)
    if cid == SEED_ID:
        number = "6.2"
        title_en = seed_en["title"]            # the page's "Commitment:" line
        assert seed_ka["title"] == title_ka, "seed Georgian title differs from the reference"
        assert seed_en["lead"] == lead_en
        lead_ka = seed_ka["lead"]
    outcome = OUTCOMES.get(cid, ("", ""))
    return dict(
        commitment_id=cid, plan_id=plan_id, level=r["level"], number=number, ogp_id=r["ogp_id"],
        title_en=title_en, title_ka=title_ka,
        description_en=DESCRIPTIONS_EN[cid], description_ka=DESCRIPTIONS_KA.get(cid, ""),
        outcome_en=outcome[0], outcome_ka=outcome[1],
        lead_agency_en=lead_en, lead_agency_ka=lead_ka,
        planned_start=r["start"], planned_end=r["end"],
        source_url_en=r["source_url"], source_url_ka=source_ka, notes=NOTES.get(cid, ""))


def add_commitment_links(tables: dict[str, list[dict]], r: dict, munis: dict[str, dict]) -> None:
    """The commitment's jurisdictions (the country when no municipality is named), themes, SDGs and, when the
    reference reports a status, its progress row."""
    cid = r["commitment_id"]
    places = split_list(r["municipality"])
    jids = [slug(p) for p in places] if places else ["georgia"]
    for jid in jids:
        assert jid in munis or jid == "georgia", f"{cid}: unknown jurisdiction {jid}"
        tables["commitment_jurisdictions"].append(dict(commitment_id=cid, jurisdiction_id=jid))
    for name in split_list(r["thematic_area"]):
        tables["commitment_themes"].append(dict(commitment_id=cid, theme_id=THEME_NAMES[name]))
    for sdg in split_list(r["sdg"]):
        tables["commitment_sdgs"].append(dict(commitment_id=cid, sdg=int(sdg)))
    if r["status_reported"]:
        sm = re.search(r"progress_state=([A-Za-z ]+?)[.(]", r["notes"])
        state = STATE_WORDS[sm.group(1).strip()] if sm else ""
        narrative = NARRATIVES[cid]
        tables["commitment_progress"].append(dict(
            commitment_id=cid, period_id=PERIOD, state=state, rating=RATING_WORDS[r["status_reported"]],
            narrative_en=narrative[0], narrative_ka=narrative[1], source_url=r["source_url"]))


def milestone_rows(r: dict, seed_en: dict, seed_ka: dict) -> tuple[dict, dict]:
    """One reference milestone as (milestones row, milestone_progress row), its indicator and lead agency from
    the seed page."""
    number = r["milestone_id"]
    se, sk = seed_en["milestones"][number], seed_ka["milestones"][number]
    # the reference and the seed agree on the published facts; stop if they ever do not
    assert (se["title"], sk["title"]) == (r["title_en"], r["title_ka"]), number
    assert (se["start"], se["end"]) == (sk["start"], sk["end"]) == (r["start"], r["end"]), number
    assert se["state_word"] == r["status_reported"] and se["rating_word"] == r["rating_reported"], number
    mid = f"{r['commitment_id']}/{number}"
    milestone = dict(
        milestone_id=mid, commitment_id=r["commitment_id"], number=number,
        title_en=r["title_en"], title_ka=r["title_ka"],
        indicator_en=se["indicator"], indicator_ka=sk["indicator"],
        lead_agency_en=se["lead"], lead_agency_ka=sk["lead"], partner_en="", partner_ka="",
        planned_start=r["start"], planned_end=r["end"],
        actual_start=MILESTONE_ACTUAL_START.get(number, ""), actual_end="", source_url=r["source_url"])
    out_en, out_ka = MILESTONE_OUTCOMES[number]
    progress = dict(
        milestone_id=mid, period_id=PERIOD, state=STATE_WORDS[r["status_reported"]],
        rating=RATING_WORDS[r["rating_reported"]], outcome_en=out_en, outcome_ka=out_ka,
        source_url=r["source_url"])
    return milestone, progress


def build(reference: Path) -> tuple[dict[str, list[dict]], dict]:
    """Every table as rows (in the schema's column order) and the dataset's metadata."""
    ref_c = read_csv(reference / "ogp_georgia" / "commitments.csv")
    ref_m = read_csv(reference / "ogp_georgia" / "milestones.csv")
    voc = reference / "vocab"
    seed_en = parse_seed(SEED_EN, "en")
    seed_ka = parse_seed(SEED_KA, "ka")

    tables: dict[str, list[dict]] = {t.name: [] for t in schema.TABLES}
    tables.update(reference_rows(voc))
    munis = {r["id"]: r for r in read_csv(voc / "municipalities.csv")}
    tables["jurisdictions"] = jurisdiction_rows(munis)

    plans_used: dict[str, dict] = {}
    for r in ref_c:
        plan = PLANS[r["action_plan"]]
        plans_used[plan["plan_id"]] = plan
        tables["commitments"].append(commitment_row(r, plan["plan_id"], seed_en, seed_ka))
        add_commitment_links(tables, r, munis)
    tables["action_plans"] = [plans_used[p] for p in sorted(plans_used)]

    for r in ref_m:
        milestone, progress = milestone_rows(r, seed_en, seed_ka)
        tables["milestones"].append(milestone)
        tables["milestone_progress"].append(progress)
    return tables, METADATA


def validate_shape(tables: dict[str, list[dict]]) -> None:
    """Cheap checks so the script fails loudly before writing anything odd (dashboard/store/ validates fully)."""
    month_re = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
    for t in schema.TABLES:
        for row in tables[t.name]:
            assert tuple(row) == t.column_names, (t.name, tuple(row))
            for c in t.columns:
                v = row[c.name]
                if c.kind == schema.MONTH and v:
                    assert month_re.match(v), (t.name, c.name, v)
                if c.kind == schema.URL and v:
                    assert re.match(r"^https?://", v), (t.name, c.name, v)
            for a, b in t.ordered:
                if row.get(a) and row.get(b):
                    assert str(row[a]) <= str(row[b]), (t.name, row)


def write(tables: dict[str, list[dict]], metadata: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for t in schema.TABLES:
        with (out / t.file).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(t.column_names), lineterminator="\n")
            w.writeheader()
            w.writerows(tables[t.name])
    (out / schema.METADATA_FILE).write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--out", type=Path, default=ROOT / "data")
    args = ap.parse_args(argv)
    tables, metadata = build(args.reference)
    validate_shape(tables)
    write(tables, metadata, args.out)
    for t in schema.TABLES:
        print(f"{t.file}: {len(tables[t.name])} rows")
    add_irm_sheet(args.reference, args.out)
    return 0


def add_irm_sheet(reference: Path, out: Path) -> None:
    """Georgia's rows of OGP's commitment sheet (IRM assessments, and the commitments the data lacks), imported
    the way `python -m dashboard import-irm` does."""
    from dashboard.importers.irm_sheet import plan_sheet
    from dashboard.importers.portal_page import write_import

    sheet = reference / "irm" / "ogp_commitments_sample.csv"
    result = plan_sheet(sheet, out, member="Georgia")
    assert not result.problems and not result.plan.conflicts, (result.problems, result.plan.conflicts)
    write_import(result.plan)
    print(f"{sheet.name}: {result.rows} rows of Georgia, {len(result.new_commitments)} new commitments")


if __name__ == "__main__":
    sys.exit(main())
