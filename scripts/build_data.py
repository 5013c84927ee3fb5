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

from dashboard import schema
from dashboard.importers.portal_page import vocabulary

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
SEED_EN = ROOT / "tests" / "fixtures" / "seed_en.txt"
SEED_KA = ROOT / "tests" / "fixtures" / "seed_ka.txt"

SEED_ID = "GE-2018-6.2"
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

# ---------------------------------------------------------------------------------------------------------------
# Hand-written text, our own words. description_en for every commitment; Georgian only for the seed, the one
# commitment whose Georgian page text was available.
DESCRIPTIONS_EN = {
    "GE-2018-N1": "First commitment under the plan's challenge on better public services. Beyond the title, its "
                  "content, lead agency and timeline were not found.",
    "GE-2018-N2": "Create an innovative online platform through which citizens can engage with public services, "
                  "to be built into the Public Service Hall website.",
    "GE-2018-N3": "Widen access to public e-services by introducing a Unified Authentication System (UAS) shared "
                  "by the services.",
    "GE-2018-N4": "Use the Ministry of Economy's interactive portal YOU.GOV.GE, set up in 2018, to gather public "
                  "feedback on economic reforms, and improve its content.",
    "GE-2018-N5": "Launch an e-portal for the procedures that the Environmental Assessment Code (passed by "
                  "Parliament in June 2017) requires; a follow-up to commitment 16 of the previous plan.",
    "GE-2018-N6": "Strengthen Georgia's main anti-corruption institutions.",
    "GE-2018-N7": "Make monitoring of the Sustainable Development Goals public through an online SDG tracker.",
    "GE-2018-N8": "Prepare laws on the basis of citizen engagement and data analysis, by introducing Regulatory "
                  "Impact Assessment (RIA).",
    "GE-2018-N9": "Publish court decisions in one unified database with a search (retrieval) system.",
    "GE-2018-N10": "Make the Ministry of Internal Affairs more transparent, including rules on how its statistics "
                   "are produced.",
    "GE-2018-N11": "Let citizens send appeals through a feedback mechanism on the State Audit Office's Budget "
                   "Monitor platform, so they can take part in overseeing public finances.",
    "GE-2018-N12": "Make the state grant funding system more transparent, chiefly by amending the Law on Grants.",
    "GE-2018-N13": "Introduce the Open Contracting Data Standard (OCDS) in public procurement.",
    "GE-2018-N14": "Prepare a housing policy document and action plan for realising the right to housing.",
    "GE-2018-N15": "Make state-owned enterprises more open and accountable.",
    "GE0089": "Open Parliament commitment: the Parliament of Georgia promotes and monitors how the SDGs are "
              "implemented, with UNDP support.",
    "GE-2018-M1-Akhaltsikhe": "Akhaltsikhe prepares a local strategy on transparency and integrity, with an action "
                              "plan and a monitoring framework (municipal commitment 1, GE0081).",
    "GE-2018-M1-Ozurgeti": "Ozurgeti City Hall and Council prepare a local strategy and action plan on "
                           "transparency and good governance (municipal commitment 1, GE0081).",
    "GE-2018-M1-Khoni": "Khoni prepares a local strategy and action plan on transparency and good governance "
                        "(municipal commitment 1, GE0081).",
    "GE-2018-M1-Rustavi": "Rustavi is one of the municipal bodies listed for municipal commitment 1 (GE0081): a "
                          "local strategy on transparency and good governance.",
    "GE-2018-M1-Tskaltubo": "Tskaltubo is one of the municipal bodies listed for municipal commitment 1 (GE0081): "
                            "a local strategy on transparency and good governance.",
    "GE-2018-M1-Dusheti": "Dusheti is one of the municipal bodies listed for municipal commitment 1 (GE0081): a "
                          "local strategy on transparency and good governance.",
    "GE-2018-M1-Bolnisi": "Bolnisi is one of the municipal bodies listed for municipal commitment 1 (GE0081): a "
                          "local strategy on transparency and good governance.",
    "GE-2018-M1-Dedoplistskaro": "Dedoplistskaro is one of the municipal bodies listed for municipal commitment 1 "
                                 "(GE0081): a local strategy on transparency and good governance; GIZ is named as "
                                 "partner.",
    "GE-2018-M2-Kutaisi": "Kutaisi improves how it gathers and publishes open data, through an open data strategy "
                          "and action plan (municipal commitment 2, GE0082).",
    "GE-2018-M2-Akhaltsikhe": "Akhaltsikhe improves how it gathers and publishes open data, through an open data "
                              "action plan (municipal commitment 2, GE0082).",
    "GE-2018-M3": "Adapt municipal administration buildings in Akhaltsikhe and Kutaisi to the needs of persons with "
                  "disabilities, with USAID GGI support (municipal commitment 3).",
    "GE-2018-M5": "An online channel for residents to send their ideas to the Mayor of Zugdidi (municipal "
                  "commitment 5).",
    "GE-2018-M6-Batumi": "Batumi City Hall introduces and develops electronic services, five in all (municipal "
                         "commitment 6, shared with Rustavi).",
    SEED_ID: "Rustavi City Hall undertook to put five e-services into operation, as part of building one "
             "e-government-based system for local self-government (municipal commitment 6, shared with Batumi).",
    "GE-2018-M7": "A multifunctional mobile app of the Zugdidi Assembly with sessions, events, municipal programmes "
                  "and a way to give feedback (municipal commitment 7).",
    "GE0051": "Set common rules for publishing court decisions (2016-2017 plan, commitment 10).",
    "GE0055": "Involve citizens in the public audit of state finances; the State Audit Office launched its Budget "
              "Monitor platform in March 2017 (2016-2017 plan, commitment 14).",
    "GE0056": "Electronic tools to make public procurement more transparent and efficient (2016-2017 plan, "
              "commitment 15).",
    "GE0057": "Adopt the Environmental Assessment Code (2016-2017 plan, commitment 16).",
    "GE0063": "An e-petition portal and a 'Zugdidi-INFO' section on the website of the Zugdidi Assembly.",
    "GE0064": "Stream Ozurgeti Assembly sessions live, keep a video archive and notify stakeholders by SMS or e-mail.",
    "GE0065": "The 'Plan City Budget' electronic tool for local budget planning, with a citizen's budget guide, in "
              "Kutaisi, Ozurgeti, Batumi and Akhaltsikhe; supported by USAID GGI and carried out in 2016-2017.",
    "GE0002": "Bring municipalities into e-governance and set up Village Development Centres.",
    "GE0005": "Launch the ichange.ge and data.gov.ge portals.",
    "GE0022": "The I-Change.ge e-petition platform.",
    "GE0096": "Make the state grant funding system more transparent; follows on from the 2018-2019 grants "
              "commitment.",
    "TBI0001": "'Smart Map': a Tbilisi portal for information and civic activities.",
    "TBI0002": "An electronic petition system for Tbilisi City Hall.",
    "TBI-2017-c3": "A mechanism for residents to take part in planning the Tbilisi budget.",
    "TBI-2017-c4": "Interactive access to data on Tbilisi budget spending, with civic control mechanisms.",
    "TBI-2017-c5": "Mechanisms for civic control of, and access to, Tbilisi municipal services.",
    "TBI0006": "The 'Smart Map' portal, carried over from the 2017 plan, as a multi-profile tool for open government "
               "and civic activity.",
    "KHONI-2021-1": "Have the Municipal Council involve persons with disabilities in urban-development decisions; "
                    "includes terms of reference for rehabilitating Khoni Central Park.",
    "KHONI-2021-2": "Hold a regional (Imereti) open government forum, with a regional open governance hub planned.",
    "GEOGT0004": "Involve residents in Ozurgeti's public finance management: public meetings on 2022-2025 "
                 "priorities, the programme budget, a citizens' budget guide and the 2021 budget execution report; "
                 "supported by USAID GGI.",
    "OZURGETI-2021-b": "Study how COVID-19 affected vulnerable groups in Ozurgeti and turn the findings into "
                       "recommendations and an action plan.",
    "OZURGETI-2021-c": "Improve the way Ozurgeti Municipality manages corruption risks.",
    "GERTV0002": "Develop, together with residents, a shared vision and action plan for a cycling network in Rustavi, "
                 "partly to tackle air pollution.",
}
DESCRIPTIONS_KA = {
    SEED_ID: "რუსთავის მუნიციპალიტეტის მერიამ ხუთი ელექტრონული სერვისის ამოქმედება დაისახა მიზნად. ეს ნაბიჯი "
             "ადგილობრივ თვითმმართველობაში ელექტრონულ მმართველობაზე დაფუძნებული ერთიანი სისტემის შექმნის "
             "ნაწილია.",
}
OUTCOMES = {  # expected result, where the source states one
    SEED_ID: ("Target: five e-services in use.", "მიზნობრივი შედეგი: ხუთი ელექტრონული სერვისი ამოქმედებულია."),
    "GE-2018-M6-Batumi": ("Target: five e-services in use.", ""),
}
NOTES = {
    "GE-2018-N1": "OGP ID not seen (GE0066 by sequence is only a guess, so left empty); no monitoring page found.",
    "GE-2018-N2": "Monitoring page without a rating: at the end of the term design and content were ready, a "
                  "contract signed and procurement under way; integration into the PSH website moved to 2020, after "
                  "the planned end (Aug 2019). OGP lists the lead institution as NA.",
    "GE-2018-N3": "The monitoring page words the title slightly differently ('through introduction of UAS'). No "
                  "rating captured.",
    "GE-2018-N4": "The monitoring page spells the title 'Inovative'. No rating captured.",
    "GE-2018-N5": "Timeline and rating not captured.",
    "GE-2018-N6": "Lead agency conflict: the portal names the Ministry of Justice; OGP (GE0071) names the Chief "
                  "Prosecutor's Office, the State Security Service and the Ministry of Justice.",
    "GE-2018-N8": "No rating captured. The RIA manual, submitted at the end of 2019, was approved only on 17 January "
                  "2020 (Government Decree N35), after the planned end.",
    "GE-2018-N9": "Lead agency conflict: the portal names the High Council of Justice (responsibility moved from the "
                  "Supreme Court during implementation); OGP (GE0074) names the Supreme Court. No rating captured.",
    "GE-2018-N10": "OGP ID not seen. Ministerial Order N1/39 (5 Feb 2019) set procedures for statistical data; a "
                   "revision was being drafted. No rating captured.",
    "GE-2018-N11": "Lead agency taken from the commitment text; OGP (GE0076) lists the Administration of the "
                   "Government, apparently copied from GE0077. No rating captured.",
    "GE-2018-N13": "Agency naming differs: Public Procurement Agency (2018-2019 page) vs State Procurement Agency "
                   "(2016-2018 page). No portal monitoring page found.",
    "GE-2018-N14": "The planned end (2021-09) is later than the end of the 2018-2019 plan.",
    "GE-2018-N15": "The action plan's table of contents calls it 'state-sharing enterprises'.",
    "GE0089": "OGP page shows no attached action plan; grouped under the 2018 cycle.",
    "GE-2018-M1-Ozurgeti": "City Hall and Assembly share one row.",
    "GE-2018-M1-Rustavi": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                          "UNDP (1 Nov 2019) named Rustavi among six municipalities with a prepared strategy. OGP "
                          "says 'Town Hall', the portal 'City Hall'.",
    "GE-2018-M1-Tskaltubo": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                            "UNDP (1 Nov 2019) named Tskaltubo among six municipalities with a prepared strategy.",
    "GE-2018-M1-Dusheti": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                          "UNDP (1 Nov 2019) named Dusheti among six municipalities with a prepared strategy.",
    "GE-2018-M1-Bolnisi": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                          "UNDP (1 Nov 2019) named Bolnisi among six municipalities with a prepared strategy.",
    "GE-2018-M1-Dedoplistskaro": "Only the OGP lead-institution list supports this row; no portal page, dates or "
                                 "rating.",
    "GE-2018-M2-Kutaisi": "Rated fully implemented although the public discussion (13 Sep 2019) and approval "
                          "(3 Jan 2020) came after the planned end (Jun 2019). The portal spells the lead "
                          "'Ciity Hall'.",
    "GE-2018-M2-Akhaltsikhe": "Public hearing (4 Sep 2019) and approval of the open data action plan (24 Sep 2019) "
                              "came after the planned end (Jun 2019). No rating captured.",
    "GE-2018-M3": "Joint commitment of two municipalities. No portal monitoring page found.",
    "GE-2018-M6-Batumi": "Sub-number (probably 6.1) not seen, so left empty.",
    SEED_ID: "Two English title forms on the page: heading '...E-services...' and commitment line '...electronic "
             "services...' (the latter kept). English title of milestone 6.2.1 says Batumi, the Georgian says "
             "Rustavi. Georgian page URL not recorded. OGP (GE0086) says 'Town Hall', the portal 'City Hall'.",
    "GE-2018-M7": "App fully launched in January 2019, then an awareness campaign. No rating captured.",
    "GE0022": "Lead agency conflict: the text says the Administration of the Government coordinates; OGP lists the "
              "Public Service Hall.",
    "GE0065": "Joint commitment of four municipalities.",
    "TBI-2017-c3": "OGP ID not seen; title from an IDFI list of the 2017 plan.",
    "TBI-2017-c4": "OGP ID not seen; title from an IDFI list of the 2017 plan.",
    "TBI-2017-c5": "OGP ID not seen; title from an IDFI list of the 2017 plan.",
    "KHONI-2021-1": "OGP ID not seen; completion level not captured from the End of Commitment Report.",
    "KHONI-2021-2": "OGP ID not seen.",
    "OZURGETI-2021-b": "OGP ID not seen.",
    "OZURGETI-2021-c": "Title only; OGP ID not seen.",
}
# Progress narratives for the 12 published ratings (2019 annual monitoring), our own words.
NARRATIVES = {
    "GE-2018-N6": ("In progress. The Anti-Corruption Council secretariat, together with civil-society members of the "
                   "Forum, drafted a methodology for assessing corruption risks.", ""),
    "GE-2018-N7": ("Completed. The Government Administration and the Data Exchange Agency launched sdg.gov.ge with a "
                   "built-in SDG tracker.", ""),
    "GE-2018-N12": ("In progress. A working group of government bodies and a civil-society partner drafted changes "
                    "to the Law on Grants.", ""),
    "GE-2018-N14": ("In progress. Government Decree N190 (12 April 2019) created a governmental commission; the "
                    "housing document itself was not yet in place.", ""),
    "GE-2018-N15": ("Completed. The National Agency of State Property published a common information template for "
                    "state-owned enterprises and drafted a governance guide for companies with a state share above "
                    "50%.", ""),
    "GE-2018-M1-Akhaltsikhe": ("Completed. The municipality approved a 2019-2022 strategy on transparency and "
                               "building integrity, a 2019-2020 action plan and a monitoring framework, drafted with "
                               "USAID/GGI and IDFI.", ""),
    "GE-2018-M1-Ozurgeti": ("In progress. The strategy and action plan were drawn up with local NGOs, among them the "
                            "Georgian Democratic Development Union.", ""),
    "GE-2018-M1-Khoni": ("Completed, with support from a UNDP project on decentralisation and local good "
                         "governance.", ""),
    "GE-2018-M2-Kutaisi": ("Completed. An open data strategy and action plan were drafted with IDFI, discussed in "
                           "public on 13 September 2019 and approved on 3 January 2020.", ""),
    "GE-2018-M5": ("Suspended. MRDI decided to build 17 modules into the municipal management system mms.gov.ge, "
                   "one of them for sending ideas to the mayor; the commitment was overtaken by that.", ""),
    "GE-2018-M6-Batumi": ("Completed. With USAID/GGI a service delivery strategy describing over 200 municipal "
                          "services was prepared; the idea.batumi.ge participatory budgeting platform went live and "
                          "the e-petition module petition.lsg.ge/Batumi was linked to the City Council website.", ""),
    SEED_ID: (
        "In progress. Several activities were delayed because the central government decided to switch "
        "municipalities over from MMS to MSDA. The analysis of business processes began on 10 September 2019 and was "
        "completed, and the "
        "spatial development/architecture and health care/social security modules now work in MMS, so three "
        "milestones were met. The participatory budgeting, e-petition and property management modules were not "
        "introduced. The Secretariat counted 2 of the 5 e-services in place and rated the commitment mostly "
        "implemented within the plan's deadlines.",
        "მიმდინარეობს. მუნიციპალიტეტების MMS-დან MSDA-ზე გადაყვანის შესახებ ცენტრალური ხელისუფლების "
        "გადაწყვეტილებამ რამდენიმე აქტივობა შეაფერხა. ბიზნეს-პროცესების ანალიზი 2019 წლის 10 სექტემბერს დაიწყო და "
        "დასრულდა; სივრცითი მოწყობისა და არქიტექტურის, ასევე ჯანმრთელობის დაცვისა და სოციალური უზრუნველყოფის "
        "მოდულები MMS-ში მუშაობს, ანუ სამი ეტაპი შესრულდა. მონაწილეობითი ბიუჯეტირების, ელექტრონული პეტიციებისა და "
        "ქონების მართვის მოდულები არ ამოქმედებულა. სამდივნოს შეფასებით, ხუთიდან ორი ელექტრონული სერვისი ამოქმედდა "
        "და ვალდებულება უმეტესწილად შესრულდა.",
    ),
}
MILESTONE_OUTCOMES = {
    "6.2.1": ("The analysis of Rustavi City Hall's business processes for municipal services began on 10 September "
              "2019, initiated by MRDI with support from the Tbilisi Municipal Services Development Agency.",
              "რუსთავის მერიის მუნიციპალური სერვისების ბიზნეს-პროცესების ანალიზი 2019 წლის 10 სექტემბერს დაიწყო, "
              "რეგიონული განვითარებისა და ინფრასტრუქტურის სამინისტროს ინიციატივითა და თბილისის მუნიციპალური "
              "სერვისების განვითარების სააგენტოს დახმარებით."),
    "6.2.2": ("Not introduced; the City Hall plans to add it when the municipal website is updated.",
              "არ ამოქმედებულა; მერია მის დამატებას მუნიციპალიტეტის ვებგვერდის განახლებისას გეგმავს."),
    "6.2.3": ("The e-petition module was not in place by the end of the reporting period.",
              "ელექტრონული პეტიციების მოდული საანგარიშო პერიოდის ბოლომდე არ ამოქმედებულა."),
    "6.2.4": ("The spatial development and architecture module is live and works in MMS.",
              "სივრცითი მოწყობისა და არქიტექტურის მოდული ამოქმედდა და MMS-ში გამართულად მუშაობს."),
    "6.2.5": ("No property management module had been introduced by the end of the period.",
              "ქონების მართვის მოდული პერიოდის ბოლოსთვის არ ამოქმედებულა."),
    "6.2.6": ("The health care and social security module is live and works in MMS.",
              "ჯანმრთელობის დაცვისა და სოციალური უზრუნველყოფის მოდული ამოქმედდა და MMS-ში გამართულად მუშაობს."),
}
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
