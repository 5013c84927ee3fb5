"""Synthetic dataset generator for benchmarks at scale (issue 5, item 2).

    python -m dashboard.synth --commitments N --out DIR [--seed S] [--periods K]

Writes one CSV per table of ``schema.TABLES`` (exactly the schema's columns, in order, UTF-8) and
``DIR/dataset.json`` marking the data as synthetic. The output is byte-identical for a given seed, size and
period count. Every text is visibly synthetic ("[synthetic]" / "[სინთეზური]"), every URL points at
example.org. Shapes follow the real data: ~60 jurisdictions, national and local plans over several years,
1–8 milestones per commitment (mean ≈ 6), 1–3 themes and 0–3 SDGs per commitment, several reporting periods
(annual, plus a mid-term), ~30% of ratings not reported, milestones early, on time and late, some done with
unknown dates. Everything is vectorised with numpy so 50,000 commitments take a few seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import schema

GENERATED_BY = "dashboard.synth"
DEFAULT_SEED = 20240501
DEFAULT_PERIODS = 5
LAST_YEAR = 2023
N_MUNICIPALITIES = 59
RATING_MISSING_SHARE = 0.30
MILESTONE_COUNT_P = np.array([0.01, 0.03, 0.05, 0.10, 0.16, 0.23, 0.22, 0.20])  # 1..8, mean ≈ 5.94
URL_BASE = "https://example.org/synthetic/"
MARK_EN = "[synthetic] "
MARK_KA = "[სინთეზური] "

# --- reference vocabulary (same wording as the bundled data; see shared reference vocab) -------------------
THEME_LABELS = {
    "transparency": ("Transparency", "გამჭვირვალობა"),
    "accountability": ("Accountability", "ანგარიშვალდებულება"),
    "access_to_services": ("Access to Services", "სერვისების ხელმისაწვდომობა"),
    "innovation_technology": ("Innovation and Technology", "ინოვაცია და ტექნოლოგიები"),
    "engagement": ("Engagement", "მოქალაქეთა ჩართულობა"),
}
SDG_LABELS = {
    1: ("No Poverty", "არა სიღარიბეს", "#E5243B"),
    2: ("Zero Hunger", "არა შიმშილს", "#DDA63A"),
    3: ("Good Health and Well-being", "ჯანმრთელობა და კეთილდღეობა", "#4C9F38"),
    4: ("Quality Education", "ხარისხიანი განათლება", "#C5192D"),
    5: ("Gender Equality", "გენდერული თანასწორობა", "#FF3A21"),
    6: ("Clean Water and Sanitation", "სუფთა წყალი და სანიტარია", "#26BDE2"),
    7: ("Affordable and Clean Energy", "ხელმისაწვდომი და სუფთა ენერგია", "#FCC30B"),
    8: ("Decent Work and Economic Growth", "ღირსეული სამუშაო და ეკონომიკური ზრდა", "#A21942"),
    9: ("Industry, Innovation and Infrastructure", "მრეწველობა, ინოვაციები და ინფრასტრუქტურა", "#FD6925"),
    10: ("Reduced Inequalities", "უთანასწორობის შემცირება", "#DD1367"),
    11: ("Sustainable Cities and Communities", "მდგრადი ქალაქები და დასახლებები", "#FD9D24"),
    12: ("Responsible Consumption and Production", "მდგრადი მოხმარება და წარმოება", "#BF8B2E"),
    13: ("Climate Action", "კლიმატის ცვლილების საწინააღმდეგო ქმედებები", "#3F7E44"),
    14: ("Life Below Water", "წყალქვეშა სამყარო", "#0A97D9"),
    15: ("Life on Land", "სიცოცხლე ხმელეთზე", "#56C02B"),
    16: ("Peace, Justice and Strong Institutions", "მშვიდობა, სამართლიანობა და ძლიერი ინსტიტუტები", "#00689D"),
    17: ("Partnerships for the Goals", "თანამშრომლობა საერთო მიზნებისათვის", "#19486A"),
}
STATE_LABELS = {
    "completed": ("Completed", "დასრულდა"),
    "in_progress": ("In progress", "მიმდინარეობს"),
    "not_started": ("Not started", "არ დაწყებულა"),
    "suspended": ("Suspended", "შეჩერებულია"),
}
RATING_LABELS = {
    "fully_implemented": ("Fully implemented", "სრულად შესრულდა"),
    "mostly_implemented": ("Mostly implemented", "უმეტესწილად შესრულდა"),
    "partially_implemented": ("Partially implemented", "ნაწილობრივ შესრულდა"),
    "not_implemented": ("Not implemented", "არ შესრულდა"),
}
REGIONS = (
    ("Kvemo Kartli", "ქვემო ქართლი"), ("Imereti", "იმერეთი"), ("Kakheti", "კახეთი"), ("Adjara", "აჭარა"),
    ("Shida Kartli", "შიდა ქართლი"), ("Samegrelo-Zemo Svaneti", "სამეგრელო-ზემო სვანეთი"),
    ("Samtskhe-Javakheti", "სამცხე-ჯავახეთი"), ("Mtskheta-Mtianeti", "მცხეთა-მთიანეთი"), ("Guria", "გურია"),
    ("Racha-Lechkhumi and Kvemo Svaneti", "რაჭა-ლეჩხუმი და ქვემო სვანეთი"),
)

# --- word lists for titles and texts (parallel English / Georgian) ------------------------------------------
ACTIONS = (
    ("Introduction", "დანერგვა"), ("Development", "შემუშავება"), ("Improvement", "გაუმჯობესება"),
    ("Publication", "გამოქვეყნება"), ("Strengthening", "გაძლიერება"), ("Modernisation", "მოდერნიზება"),
    ("Expansion", "გაფართოება"), ("Monitoring", "მონიტორინგი"), ("Digitisation", "გაციფრულება"),
    ("Simplification", "გამარტივება"),
)
OBJECTS = (  # English / Georgian genitive
    ("e-services", "ელექტრონული სერვისების"),
    ("open budget data", "ღია საბიუჯეტო მონაცემების"),
    ("public procurement information", "საჯარო შესყიდვების ინფორმაციის"),
    ("citizen participation mechanisms", "მოქალაქეთა ჩართულობის მექანიზმების"),
    ("the municipal website", "მუნიციპალიტეტის ვებგვერდის"),
    ("access to public information", "საჯარო ინფორმაციის ხელმისაწვდომობის"),
    ("the e-petitions platform", "ელექტრონული პეტიციების პლატფორმის"),
    ("youth engagement programmes", "ახალგაზრდების ჩართულობის პროგრამების"),
    ("the complaints system", "საჩივრების სისტემის"),
    ("services for persons with disabilities", "შეზღუდული შესაძლებლობის მქონე პირთა სერვისების"),
    ("environmental data", "გარემოსდაცვითი მონაცემების"),
    ("public transport information", "საზოგადოებრივი ტრანსპორტის ინფორმაციის"),
    ("the participatory budget", "მონაწილეობითი ბიუჯეტის"),
    ("asset declarations", "ქონებრივი დეკლარაციების"),
    ("council session broadcasts", "საკრებულოს სხდომების ტრანსლაციების"),
)
OUTCOMES = (
    ("Greater transparency of public institutions", "საჯარო დაწესებულებების გამჭვირვალობის ზრდა"),
    ("Better access to public services", "საჯარო სერვისებზე უკეთესი ხელმისაწვდომობა"),
    ("More citizen participation in decision-making", "გადაწყვეტილებების მიღებაში მოქალაქეთა მეტი ჩართულობა"),
    ("Stronger accountability of public bodies", "საჯარო უწყებების ანგარიშვალდებულების გაძლიერება"),
    ("Lower administrative burden for citizens", "მოქალაქეებისთვის ადმინისტრაციული ტვირთის შემცირება"),
)
NATIONAL_AGENCIES = (
    ("Ministry of Justice", "იუსტიციის სამინისტრო"),
    ("Ministry of Finance", "ფინანსთა სამინისტრო"),
    ("Administration of the Government", "მთავრობის ადმინისტრაცია"),
    ("Ministry of Economy and Sustainable Development", "ეკონომიკისა და მდგრადი განვითარების სამინისტრო"),
    ("Public Service Development Agency", "საჯარო სერვისების განვითარების სააგენტო"),
    ("Ministry of Education and Science", "განათლებისა და მეცნიერების სამინისტრო"),
    ("State Audit Office", "სახელმწიფო აუდიტის სამსახური"),
    ("Parliament of Georgia", "საქართველოს პარლამენტი"),
)
LOCAL_AGENCIES = (("City Hall", "მერია"), ("Municipal Council", "საკრებულო"))
STEPS = (
    ("Needs assessment", "საჭიროებების შეფასება"),
    ("Drafting of the concept", "კონცეფციის შემუშავება"),
    ("Public consultation", "საჯარო კონსულტაცია"),
    ("Software development", "პროგრამული უზრუნველყოფის შემუშავება"),
    ("Staff training", "თანამშრომლების გადამზადება"),
    ("Pilot launch", "საპილოტე ამოქმედება"),
    ("Awareness campaign", "საინფორმაციო კამპანია"),
    ("Launch of the service", "სერვისის ამოქმედება"),
    ("Procurement of equipment", "აღჭურვილობის შესყიდვა"),
    ("Evaluation and report", "შეფასება და ანგარიში"),
)
INDICATORS = (
    ("Report published", "ანგარიში გამოქვეყნებულია"),
    ("Service launched", "სერვისი ამოქმედებულია"),
    ("Number of users", "მომხმარებელთა რაოდენობა"),
    ("Training held for staff", "თანამშრომლებისთვის ჩატარებულია ტრენინგი"),
    ("Document approved", "დოკუმენტი დამტკიცებულია"),
    ("Consultation meetings held", "ჩატარებულია საკონსულტაციო შეხვედრები"),
)
PARTNERS = (
    ("", ""),
    ("", ""),
    ("Civil society organisations", "სამოქალაქო საზოგადოების ორგანიზაციები"),
    ("UNDP", "გაეროს განვითარების პროგრამა (UNDP)"),
    ("Local NGOs", "ადგილობრივი არასამთავრობო ორგანიზაციები"),
    ("Synthetic Partner Foundation", "სინთეზური პარტნიორი ფონდი"),
)
OUTCOME_NOTES = {
    "completed": ("Completed; evidence published", "დასრულებულია; მტკიცებულება გამოქვეყნებულია"),
    "in_progress": ("Work is ongoing", "მუშაობა მიმდინარეობს"),
    "not_started": ("No activity reported", "აქტივობა არ დაფიქსირებულა"),
    "suspended": ("Suspended for lack of funding", "შეჩერებულია დაფინანსების ნაკლებობის გამო"),
}

STATE_CODES = np.array(schema.STATES, dtype=object)   # completed, in_progress, not_started, suspended
RATING_CODES = np.array(schema.RATINGS, dtype=object)  # fully, mostly, partially, not_implemented


# --- helpers ------------------------------------------------------------------------------------------------
def _MONTH_FMT(months: np.ndarray) -> np.ndarray:
    m = np.asarray(months, dtype="int64")
    dt = (m - 1970 * 12).astype("datetime64[M]")
    return np.datetime_as_string(dt, unit="M").astype(object)


def _month_first_day(months: np.ndarray) -> np.ndarray:
    return (np.asarray(months, dtype="int64") - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")


def _month_last_day(months: np.ndarray) -> np.ndarray:
    return _month_first_day(np.asarray(months, dtype="int64") + 1) - np.timedelta64(1, "D")


def _pick(rng: np.random.Generator, pairs: tuple, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    idx = rng.integers(0, len(pairs), n)
    en = np.array([p[0] for p in pairs], dtype=object)
    ka = np.array([p[1] for p in pairs], dtype=object)
    return idx, en[idx], ka[idx]


def _choose_without_replacement(rng: np.random.Generator, n: int, k_max: np.ndarray, weights: np.ndarray):
    """For each of n rows, draw k_max[i] distinct categories (weighted). Returns (row index, category index)."""
    g = np.log(weights)[None, :] - np.log(-np.log(rng.random((n, len(weights)))))  # Gumbel top-k
    order = np.argsort(-g, axis=1, kind="stable")
    rank = np.arange(len(weights))[None, :]
    keep = rank < k_max[:, None]
    rows = np.broadcast_to(np.arange(n)[:, None], order.shape)[keep]
    cats = order[keep]
    # Sort within a row by category so files read naturally.
    o = np.lexsort((cats, rows))
    return rows[o], cats[o]


def _set_null(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = values.astype(object, copy=True)
    out[mask] = None
    return out


# --- generator ----------------------------------------------------------------------------------------------
def generate(commitments: int, seed: int = DEFAULT_SEED, periods: int = DEFAULT_PERIODS) -> dict[str, pd.DataFrame]:
    """Build every table as a DataFrame with exactly the schema's columns (text cells; None = empty)."""
    if commitments < 1:
        raise ValueError("commitments must be >= 1")
    if periods < 1:
        raise ValueError("periods must be >= 1")
    rng = np.random.default_rng(seed)
    n = int(commitments)
    tables: dict[str, pd.DataFrame] = {}

    # Reference tables.
    tables["themes"] = pd.DataFrame(
        [(k, en, ka) for k, (en, ka) in THEME_LABELS.items()], columns=["theme_id", "label_en", "label_ka"])
    tables["sdgs"] = pd.DataFrame(
        [(k, en, ka, c) for k, (en, ka, c) in SDG_LABELS.items()], columns=["sdg", "label_en", "label_ka", "colour"])
    tables["vocab"] = pd.DataFrame(
        [("state", k, en, ka) for k, (en, ka) in STATE_LABELS.items()]
        + [("rating", k, en, ka) for k, (en, ka) in RATING_LABELS.items()],
        columns=["kind", "code", "label_en", "label_ka"])

    # Periods: K annual reports ending LAST_YEAR plus a mid-term (30 June) in the middle year.
    first_year = LAST_YEAR - periods + 1
    mid_year = first_year + periods // 2
    period_rows = []
    for y in range(first_year, LAST_YEAR + 1):
        if y == mid_year:
            period_rows.append((f"{y}-midterm", f"{y}, Mid-term", f"{y}, შუალედური", f"{y}-06-30"))
        period_rows.append((f"{y}-annual", f"{y}, Annual", f"{y}, წლიური", f"{y}-12-31"))
    tables["periods"] = pd.DataFrame(period_rows, columns=["period_id", "label_en", "label_ka", "as_of"])
    period_ids = np.array([r[0] for r in period_rows], dtype=object)
    period_asof = np.array([r[3] for r in period_rows], dtype="datetime64[D]")
    n_periods = len(period_rows)
    last_asof = period_asof[-1]

    # Jurisdictions: the country plus synthetic municipalities/cities.
    nm = N_MUNICIPALITIES
    muni_ids = np.array([f"synthetic-municipality-{i:03d}" for i in range(1, nm + 1)], dtype=object)
    muni_en = np.array([f"Synthetic Municipality {i:03d}" for i in range(1, nm + 1)], dtype=object)
    muni_ka = np.array([f"სინთეზური მუნიციპალიტეტი {i:03d}" for i in range(1, nm + 1)], dtype=object)
    muni_kind = np.where(rng.random(nm) < 0.2, "city", "municipality").astype(object)
    region_idx = rng.integers(0, len(REGIONS), nm)
    lat = np.round(rng.uniform(41.2, 43.4, nm), 5)
    lon = np.round(rng.uniform(40.1, 46.6, nm), 5)
    tables["jurisdictions"] = pd.DataFrame({
        "jurisdiction_id": np.concatenate([["georgia"], muni_ids]),
        "name_en": np.concatenate([["Georgia"], muni_en]),
        "name_ka": np.concatenate([["საქართველო"], muni_ka]),
        "kind": np.concatenate([["country"], muni_kind]),
        "region_en": np.concatenate([[None], np.array([REGIONS[i][0] for i in region_idx], dtype=object)]),
        "region_ka": np.concatenate([[None], np.array([REGIONS[i][1] for i in region_idx], dtype=object)]),
        "lat": np.concatenate([["42.31500"], np.char.mod("%.5f", lat).astype(object)]),
        "lon": np.concatenate([["43.35690"], np.char.mod("%.5f", lon).astype(object)]),
    })

    # Action plans: two-year national plans covering the reporting years, and local plans per municipality.
    plan_first = first_year - 2
    nat_starts = list(range(plan_first - (plan_first % 2), LAST_YEAR + 1, 2))
    plans_id, plans_en, plans_ka, plans_level, plans_start, plans_end, plans_muni = [], [], [], [], [], [], []
    for y in nat_starts:
        plans_id.append(f"synthetic-georgia-{y}-{y + 1}")
        plans_en.append(f"[synthetic] Georgia national action plan {y}–{y + 1}")
        plans_ka.append(f"[სინთეზური] საქართველოს ეროვნული სამოქმედო გეგმა {y}–{y + 1}")
        plans_level.append("national")
        plans_start.append(y * 12)
        plans_end.append((y + 1) * 12 + 11)
        plans_muni.append(-1)
    local_years = list(range(plan_first, LAST_YEAR + 1))
    has_plan = rng.random((nm, len(local_years))) < 0.15
    has_plan[np.arange(nm), rng.integers(0, len(local_years), nm)] = True
    lengths = rng.integers(1, 3, (nm, len(local_years)))  # one- or two-year local plans
    for mi in range(nm):
        for yi, y in enumerate(local_years):
            if not has_plan[mi, yi]:
                continue
            ln = int(lengths[mi, yi])
            end_y = min(y + ln - 1, LAST_YEAR)
            plans_id.append(f"{muni_ids[mi]}-{y}")
            plans_en.append(f"[synthetic] {muni_en[mi]} local action plan {y}" + (f"–{end_y}" if end_y > y else ""))
            plans_ka.append(f"[სინთეზური] {muni_ka[mi]} – ადგილობრივი სამოქმედო გეგმა {y}"
                            + (f"–{end_y}" if end_y > y else ""))
            plans_level.append("local")
            plans_start.append(y * 12)
            plans_end.append(end_y * 12 + 11)
            plans_muni.append(mi)
    plans_start_a = np.array(plans_start)
    plans_end_a = np.array(plans_end)
    plans_muni_a = np.array(plans_muni)
    plans_id_a = np.array(plans_id, dtype=object)
    tables["action_plans"] = pd.DataFrame({
        "plan_id": plans_id_a, "name_en": plans_en, "name_ka": plans_ka, "level": plans_level,
        "start": _MONTH_FMT(plans_start_a), "end": _MONTH_FMT(plans_end_a),
        "source_url": [URL_BASE + "plan/" + p for p in plans_id],
    })
    nat_plans = np.flatnonzero(plans_muni_a < 0)
    loc_plans = np.flatnonzero(plans_muni_a >= 0)

    # Commitments.
    is_nat = rng.random(n) < 0.35
    plan = np.where(is_nat, nat_plans[rng.integers(0, len(nat_plans), n)],
                    loc_plans[rng.integers(0, len(loc_plans), n)])
    level = np.where(is_nat, "national", np.where(rng.random(n) < 0.6, "municipal", "ogp_local")).astype(object)
    # Number within the plan, in order of appearance.
    order = np.argsort(plan, kind="stable")
    pos = np.empty(n, dtype=np.int64)
    sorted_plan = plan[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_plan)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    pos[order] = np.arange(n) - run_start + 1
    chapter = rng.integers(1, 10, n)
    number = pd.Series(chapter).astype(str).to_numpy(object) + "." + pd.Series(pos).astype(str).to_numpy(object)
    cid = np.char.mod("SYN-%06d", np.arange(1, n + 1)).astype(object)
    ogp_id = _set_null(np.char.mod("SYN%05d", np.arange(1, n + 1)).astype(object), rng.random(n) < 0.25)

    ps, pe = plans_start_a[plan], plans_end_a[plan]
    span = pe - ps + 1
    c_start = ps + (rng.random(n) * span * 0.5).astype(np.int64)
    c_end = np.minimum(c_start + 2 + (rng.random(n) * span).astype(np.int64), pe)
    c_nodates = rng.random(n) < 0.02

    a_idx, a_en, a_ka = _pick(rng, ACTIONS, n)
    o_idx, o_en, o_ka = _pick(rng, OBJECTS, n)
    title_en = MARK_EN + a_en + " of " + o_en
    title_ka = MARK_KA + o_ka + " " + a_ka
    desc_en = ("The commitment aims at the " + np.char.lower(a_en.astype(str)).astype(object) + " of " + o_en
               + ". Synthetic text generated for benchmarking; not a real commitment.")
    desc_ka = ("ვალდებულების მიზანია " + o_ka + " " + a_ka
               + ". სინთეზური ტექსტი, შექმნილი წარმადობის გასაზომად; ეს არ არის რეალური ვალდებულება.")
    _, out_en, out_ka = _pick(rng, OUTCOMES, n)
    cmuni = plans_muni_a[plan]
    nat_ag = rng.integers(0, len(NATIONAL_AGENCIES), n)
    loc_ag = rng.integers(0, len(LOCAL_AGENCIES), n)
    lead_en = np.where(is_nat, np.array([a[0] for a in NATIONAL_AGENCIES], dtype=object)[nat_ag],
                       np.array([a[0] for a in LOCAL_AGENCIES], dtype=object)[loc_ag] + " ("
                       + muni_en[np.maximum(cmuni, 0)] + ")")
    lead_ka = np.where(is_nat, np.array([a[1] for a in NATIONAL_AGENCIES], dtype=object)[nat_ag],
                       np.array([a[1] for a in LOCAL_AGENCIES], dtype=object)[loc_ag] + " ("
                       + muni_ka[np.maximum(cmuni, 0)] + ")")
    lead_missing = rng.random(n) < 0.05
    c_url = URL_BASE + cid
    tables["commitments"] = pd.DataFrame({
        "commitment_id": cid, "plan_id": plans_id_a[plan], "level": level, "number": number, "ogp_id": ogp_id,
        "title_en": title_en, "title_ka": title_ka, "description_en": desc_en, "description_ka": desc_ka,
        "outcome_en": out_en, "outcome_ka": out_ka,
        "lead_agency_en": _set_null(lead_en, lead_missing), "lead_agency_ka": _set_null(lead_ka, lead_missing),
        "planned_start": _set_null(_MONTH_FMT(c_start), c_nodates),
        "planned_end": _set_null(_MONTH_FMT(c_end), c_nodates),
        "source_url_en": c_url + "?lang=en", "source_url_ka": c_url + "?lang=ka",
        "notes": np.full(n, "synthetic", dtype=object),
    })

    # Who carries each commitment out: the country for national ones, the plan's municipality for local ones,
    # and for ~6% of local ones a joint commitment with 1–3 more municipalities.
    base_j = np.where(is_nat, 0, cmuni + 1)
    joint = (~is_nat) & (rng.random(n) < 0.06)
    extra_n = np.where(joint, rng.integers(1, 4, n), 0)
    extra_rows = np.repeat(np.arange(n), extra_n)
    extra_j = rng.integers(1, nm + 1, len(extra_rows))
    cj = pd.DataFrame({"c": np.r_[np.arange(n), extra_rows], "j": np.r_[base_j, extra_j]})
    cj = cj.drop_duplicates().sort_values(["c", "j"], kind="stable")
    jur_ids = np.concatenate([["georgia"], muni_ids]).astype(object)
    tables["commitment_jurisdictions"] = pd.DataFrame({
        "commitment_id": cid[cj["c"].to_numpy()], "jurisdiction_id": jur_ids[cj["j"].to_numpy()]})

    # Themes (1–3) and SDGs (0–3, SDG 16 most common).
    k_theme = rng.choice([1, 2, 3], size=n, p=[0.45, 0.35, 0.20])
    r, t = _choose_without_replacement(rng, n, k_theme, np.array([3.0, 2.0, 2.5, 1.5, 2.0]))
    theme_ids = np.array(schema.THEMES, dtype=object)
    tables["commitment_themes"] = pd.DataFrame({"commitment_id": cid[r], "theme_id": theme_ids[t]})
    k_sdg = rng.choice([0, 1, 2, 3], size=n, p=[0.20, 0.45, 0.25, 0.10])
    w = np.ones(17)
    w[15] = 12.0   # SDG 16
    w[[4, 10, 9, 3]] = [2.0, 3.0, 2.0, 1.5]
    r, s = _choose_without_replacement(rng, n, k_sdg, w)
    tables["commitment_sdgs"] = pd.DataFrame({"commitment_id": cid[r], "sdg": s + 1})

    # Milestones.
    k_ms = rng.choice(np.arange(1, 9), size=n, p=MILESTONE_COUNT_P)
    m = int(k_ms.sum())
    mc = np.repeat(np.arange(n), k_ms)                                   # commitment index per milestone
    mfirst = np.r_[0, np.cumsum(k_ms)[:-1]]
    mj = np.arange(m) - np.repeat(mfirst, k_ms) + 1                      # 1-based number within commitment
    mnumber = number[mc] + "." + pd.Series(mj).astype(str).to_numpy(object)
    mid = cid[mc] + "/" + mnumber
    cs, ce = c_start[mc], c_end[mc]
    mspan = ce - cs + 1
    # Milestones roughly follow each other through the commitment's span.
    frac = (mj - 1) / k_ms[mc]
    m_start = cs + np.minimum((frac * mspan + rng.random(m) * 2).astype(np.int64), mspan - 1)
    m_end = np.minimum(m_start + rng.integers(0, 7, m), ce)
    m_nodates = c_nodates[mc] | (rng.random(m) < 0.02)

    # Latent (true) start/end days; what a source states about them is decided below.
    p_start_day = _month_first_day(m_start)
    p_end_day = _month_last_day(m_end)
    planned_days = (p_end_day - p_start_day).astype(np.int64)
    kind = rng.random(m)
    start_delay = np.where(kind < 0.25, -rng.integers(0, 45, m),             # early
                           np.where(kind < 0.65, rng.integers(0, 20, m),      # on time
                                    rng.integers(20, 420, m)))               # late
    dur = np.maximum((planned_days * rng.uniform(0.5, 1.6, m)).astype(np.int64), 1)
    lat_start = p_start_day + start_delay.astype("timedelta64[D]")
    lat_end = lat_start + dur.astype("timedelta64[D]")
    never = rng.random(m) < 0.10                                           # never started within the data
    suspended = (~never) & (rng.random(m) < 0.03)                          # started, then stalled
    far = np.datetime64("2999-12-31")
    lat_start = np.where(never, far, lat_start)
    lat_end = np.where(never | suspended, far, lat_end)

    # What the source states: dates only when they are in the past at the last report.
    disclose = rng.random(m)
    stated_start = (lat_start <= last_asof) & (disclose < 0.55)
    stated_end = (lat_end <= last_asof) & (disclose < 0.35)
    day_precision = rng.random(m) < 0.7
    a_start_s = np.where(day_precision, np.datetime_as_string(lat_start, unit="D").astype(object),
                         np.datetime_as_string(lat_start.astype("datetime64[M]"), unit="M").astype(object))
    a_end_s = np.where(day_precision, np.datetime_as_string(lat_end, unit="D").astype(object),
                       np.datetime_as_string(lat_end.astype("datetime64[M]"), unit="M").astype(object))

    s_idx, s_en, s_ka = _pick(rng, STEPS, m)
    i_idx, i_en, i_ka = _pick(rng, INDICATORS, m)
    p_idx, pr_en, pr_ka = _pick(rng, PARTNERS, m)
    no_ind = rng.random(m) < 0.1
    c_lead_en = tables["commitments"]["lead_agency_en"].to_numpy(object)[mc]
    c_lead_ka = tables["commitments"]["lead_agency_ka"].to_numpy(object)[mc]
    ka_missing = rng.random(m) < 0.02                                     # a few without Georgian title
    tables["milestones"] = pd.DataFrame({
        "milestone_id": mid, "commitment_id": cid[mc], "number": mnumber,
        "title_en": MARK_EN + s_en + " – commitment " + number[mc],
        "title_ka": _set_null(MARK_KA + s_ka + " – ვალდებულება " + number[mc], ka_missing),
        "indicator_en": _set_null(i_en, no_ind), "indicator_ka": _set_null(i_ka, no_ind),
        "lead_agency_en": c_lead_en, "lead_agency_ka": c_lead_ka,
        "partner_en": _set_null(pr_en, pr_en == ""), "partner_ka": _set_null(pr_ka, pr_ka == ""),
        "planned_start": _set_null(_MONTH_FMT(m_start), m_nodates),
        "planned_end": _set_null(_MONTH_FMT(m_end), m_nodates),
        "actual_start": _set_null(a_start_s, ~stated_start),
        "actual_end": _set_null(a_end_s, ~stated_end),
        "source_url": URL_BASE + "milestone/" + mid,
    })

    # Which periods report on each commitment: those from the plan's start to a year after its end
    # (a plan that ended before the first period is reported once, in the first period).
    plan_start_day = _month_first_day(ps)
    plan_end_year = pe // 12
    period_year = period_asof.astype("datetime64[Y]").astype(np.int64) + 1970
    in_window = (period_asof[None, :] >= plan_start_day[:, None]) & (period_year[None, :] <= plan_end_year[:, None] + 1)
    none = ~in_window.any(axis=1)
    in_window[none, 0] = True
    # Some reports are skipped (not every commitment is monitored every time), but the last in the window stays.
    last_in_window = n_periods - 1 - np.argmax(in_window[:, ::-1], axis=1)
    skip = rng.random((n, n_periods)) < 0.15
    skip[np.arange(n), last_in_window] = False
    reported = in_window & ~skip                                          # (n, n_periods)

    # Milestone state at each period from the latent dates.
    cp_c, cp_p = np.nonzero(reported)                                     # row-major: commitment, then period
    mp_parts = []
    cp_done = np.zeros((n, n_periods))
    cp_started = np.zeros((n, n_periods))
    cp_susp = np.zeros((n, n_periods))
    m_state_by_p = np.empty((m, n_periods), dtype=np.int8)
    for p in range(n_periods):
        asof = period_asof[p]
        st = np.where(lat_end <= asof, 0, np.where(lat_start <= asof, np.where(suspended, 3, 1), 2)).astype(np.int8)
        m_state_by_p[:, p] = st
        cp_done[:, p] = np.bincount(mc, weights=(st == 0), minlength=n)
        cp_started[:, p] = np.bincount(mc, weights=(st != 2), minlength=n)
        cp_susp[:, p] = np.bincount(mc, weights=(st == 3), minlength=n)

    # Milestone progress: every milestone of a reported commitment in that period; earlier periods thinned.
    rep_m = reported[mc]                                                  # (m, n_periods)
    is_last = np.zeros_like(rep_m)
    is_last[np.arange(m), last_in_window[mc]] = True
    rep_m &= is_last | (rng.random(rep_m.shape) < 0.5)
    mp_m, mp_p = np.nonzero(rep_m)
    st = m_state_by_p[mp_m, mp_p]
    nrow = len(mp_m)
    u = rng.random(nrow)
    # Ratings follow the state: done -> fully (some mostly), in progress -> partially/mostly, not started -> not.
    rating_i = np.select(
        [st == 0, st == 1, st == 3, st == 2],
        [np.where(u < 0.9, 0, 1), np.where(u < 0.6, 2, 1), np.where(u < 0.7, 2, 3), np.full(nrow, 3)])
    rating = _set_null(RATING_CODES[rating_i], rng.random(nrow) < RATING_MISSING_SHARE)
    state = _set_null(STATE_CODES[st], rng.random(nrow) < 0.03)
    with_note = rng.random(nrow) < 0.2
    note_en = np.array([OUTCOME_NOTES[s][0] for s in schema.STATES], dtype=object)
    note_ka = np.array([OUTCOME_NOTES[s][1] for s in schema.STATES], dtype=object)
    tables["milestone_progress"] = pd.DataFrame({
        "milestone_id": mid[mp_m], "period_id": period_ids[mp_p], "state": state, "rating": rating,
        "outcome_en": _set_null(MARK_EN + note_en[st], ~with_note),
        "outcome_ka": _set_null(MARK_KA + note_ka[st], ~with_note),
        "source_url": URL_BASE + "report/" + period_ids[mp_p],
    })

    # Commitment progress: state and rating from the share of milestones done at the period's as-of date.
    total = k_ms[cp_c]
    done = cp_done[cp_c, cp_p].astype(np.int64)
    started = cp_started[cp_c, cp_p]
    susp = cp_susp[cp_c, cp_p]
    share = done / total
    c_state = np.where(done == total, 0, np.where(susp > 0, 3, np.where(started > 0, 1, 2)))
    c_rating = np.where(share >= 1, 0, np.where(share >= 0.6, 1, np.where(share > 0, 2, 3)))
    ncp = len(cp_c)
    c_rating_s = _set_null(RATING_CODES[c_rating], rng.random(ncp) < RATING_MISSING_SHARE)
    asof_s = np.datetime_as_string(period_asof, unit="D").astype(object)[cp_p]
    done_s = pd.Series(done).astype(str).to_numpy(object)
    total_s = pd.Series(total).astype(str).to_numpy(object)
    tables["commitment_progress"] = pd.DataFrame({
        "commitment_id": cid[cp_c], "period_id": period_ids[cp_p], "state": STATE_CODES[c_state],
        "rating": c_rating_s,
        "narrative_en": MARK_EN + done_s + " of " + total_s + " milestones completed as of " + asof_s + ".",
        "narrative_ka": MARK_KA + asof_s + "-ის მდგომარეობით დასრულებულია " + total_s + "-დან " + done_s + " ეტაპი.",
        "source_url": URL_BASE + "report/" + period_ids[cp_p] + "/" + cid[cp_c],
    })

    # Exactly the schema's columns, in order.
    for t in schema.TABLES:
        tables[t.name] = tables[t.name][list(t.column_names)]
    return {t.name: tables[t.name] for t in schema.TABLES}


def metadata(commitments: int, seed: int, periods: int, milestones: int | None = None) -> dict:
    meta = {
        "synthetic": True,
        "title_en": f"Synthetic data ({commitments} commitments)",
        "title_ka": f"სინთეზური მონაცემები ({commitments} ვალდებულება)",
        "generated_by": GENERATED_BY,
        "seed": seed,
        "commitments": commitments,
        "periods": periods,
    }
    if milestones is not None:
        meta["milestones"] = milestones
    return meta


def write(out: str | Path, commitments: int, seed: int = DEFAULT_SEED, periods: int = DEFAULT_PERIODS) -> dict:
    """Generate and write the dataset to `out`; returns {table: rows}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = generate(commitments, seed=seed, periods=periods)
    counts = {}
    for t in schema.TABLES:
        df = tables[t.name]
        df.to_csv(out / t.file, index=False, encoding="utf-8", lineterminator="\n")
        counts[t.name] = len(df)
    meta = metadata(commitments, seed, periods, milestones=counts["milestones"])
    (out / schema.METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.synth",
                                     description="Write a synthetic dataset (clearly marked) for benchmarks.")
    parser.add_argument("--commitments", type=int, required=True, help="number of commitments (>= 1)")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--periods", type=int, default=DEFAULT_PERIODS,
                        help=f"number of annual reporting periods, plus one mid-term (default {DEFAULT_PERIODS})")
    args = parser.parse_args(argv)
    if args.commitments < 1 or args.periods < 1:
        parser.error("--commitments and --periods must be >= 1")
    t0 = time.perf_counter()
    counts = write(args.out, args.commitments, seed=args.seed, periods=args.periods)
    dt = time.perf_counter() - t0
    summary = ", ".join(f"{k} {v:,}" for k, v in counts.items())
    print(f"synthetic dataset written to {args.out} in {dt:.2f} s: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
