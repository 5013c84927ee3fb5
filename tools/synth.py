"""Synthetic dataset generator for benchmarks at scale (issue 5, item 2).

    python -m tools.synth --commitments N --out DIR [--seed S] [--periods K]

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
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema

GENERATED_BY = "tools.synth"
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

# --- vectorised text: pyarrow string arrays, assembled in C++ ------------------------------------------------
# Every cell is built already CSV-encoded: identifiers, codes, dates and URLs never need quoting, and free-text
# cells are wrapped in double quotes (their parts never contain a quote or a newline, checked in _vocab).
_STR = pa.string()


def _vocab(values) -> pa.Array:
    values = list(values)
    for v in values:
        if v is not None and ('"' in v or "\n" in v or "\r" in v):
            raise ValueError(f"vocabulary text may not contain quotes or newlines: {v!r}")
    return pa.array(values, _STR)


def _take(vocab: pa.Array, idx) -> pa.Array:
    return vocab.take(pa.array(np.asarray(idx, dtype=np.int64)))


def _cat(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _text(*parts) -> pa.Array:
    """A free-text cell, quoted for CSV."""
    return _cat('"', *parts, '"')


def _num(values) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), _STR)


def _pad(values, width: int) -> pa.Array:
    return pc.utf8_lpad(_num(values), width=width, padding="0")


def _nulls(arr: pa.Array, mask) -> pa.Array:
    return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), pa.scalar(None, _STR), arr)


def _day(days: np.ndarray) -> pa.Array:
    """datetime64[D] -> 'YYYY-MM-DD'."""
    return pc.cast(pa.array(np.asarray(days, dtype="datetime64[D]")), _STR)


def _month(months: np.ndarray) -> pa.Array:
    """Months counted as year*12 + (month-1) -> 'YYYY-MM'."""
    return pc.utf8_slice_codeunits(_day(_month_first_day(months)), 0, 7)


def _month_of(days: np.ndarray) -> pa.Array:
    return pc.utf8_slice_codeunits(_day(days), 0, 7)


def _month_first_day(months) -> np.ndarray:
    return (np.asarray(months, dtype="int64") - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]")


def _month_last_day(months) -> np.ndarray:
    return _month_first_day(np.asarray(months, dtype="int64") + 1) - np.timedelta64(1, "D")


def _pairs(pairs, quote: bool = True) -> tuple[pa.Array, pa.Array]:
    en = _vocab(p[0] for p in pairs)
    ka = _vocab(p[1] for p in pairs)
    return en, ka


def _choose_without_replacement(rng: np.random.Generator, n: int, k: np.ndarray, weights: np.ndarray):
    """For each of n rows draw k[i] distinct categories (weighted). Returns (row index, category index)."""
    g = np.log(weights)[None, :] - np.log(-np.log(rng.random((n, len(weights)))))  # Gumbel top-k
    order = np.argsort(-g, axis=1, kind="stable")
    keep = np.arange(len(weights))[None, :] < k[:, None]
    rows = np.broadcast_to(np.arange(n)[:, None], order.shape)[keep]
    cats = order[keep]
    o = np.lexsort((cats, rows))                                          # by row, then category
    return rows[o], cats[o]


def _group_positions(group: np.ndarray) -> np.ndarray:
    """1-based position of each element within its group, in order of appearance."""
    n = len(group)
    order = np.argsort(group, kind="stable")
    g = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n])) + 1
    return pos


# --- generator ----------------------------------------------------------------------------------------------
def generate(commitments: int, seed: int = DEFAULT_SEED,
             periods: int = DEFAULT_PERIODS) -> dict[str, dict[str, pa.Array]]:
    """Build every table as {column: CSV-encoded string cells (null = empty)}, in the schema's column order."""
    if commitments < 1:
        raise ValueError("commitments must be >= 1")
    if periods < 1:
        raise ValueError("periods must be >= 1")
    rng = np.random.default_rng(seed)
    n = int(commitments)
    out: dict[str, dict[str, pa.Array]] = {}

    def small(rows: list[tuple], columns: list[str], text_cols: set[str]) -> dict[str, pa.Array]:
        cols = {}
        for i, c in enumerate(columns):
            vals = _vocab(str(r[i]) if r[i] is not None else None for r in rows)
            cols[c] = _text(vals) if c in text_cols else vals
        return cols

    # Reference tables.
    label = {"label_en", "label_ka"}
    out["themes"] = small([(k, en, ka) for k, (en, ka) in THEME_LABELS.items()],
                          ["theme_id", "label_en", "label_ka"], label)
    out["sdgs"] = small([(k, en, ka, c) for k, (en, ka, c) in SDG_LABELS.items()],
                        ["sdg", "label_en", "label_ka", "colour"], label)
    out["vocab"] = small([("state", k, en, ka) for k, (en, ka) in STATE_LABELS.items()]
                         + [("rating", k, en, ka) for k, (en, ka) in RATING_LABELS.items()],
                         ["kind", "code", "label_en", "label_ka"], label)

    # Periods: K annual reports ending LAST_YEAR plus a mid-term (30 June) in the middle year.
    first_year = LAST_YEAR - periods + 1
    mid_year = first_year + periods // 2
    period_rows = []
    for y in range(first_year, LAST_YEAR + 1):
        if y == mid_year:
            period_rows.append((f"{y}-midterm", f"{y}, Mid-term", f"{y}, შუალედური", f"{y}-06-30"))
        period_rows.append((f"{y}-annual", f"{y}, Annual", f"{y}, წლიური", f"{y}-12-31"))
    out["periods"] = small(period_rows, ["period_id", "label_en", "label_ka", "as_of"], label)
    period_ids = _vocab(r[0] for r in period_rows)
    period_asof = np.array([r[3] for r in period_rows], dtype="datetime64[D]")
    n_periods = len(period_rows)
    last_asof = period_asof[-1]

    # Jurisdictions: the country plus synthetic municipalities and cities.
    nm = N_MUNICIPALITIES
    muni_ids = [f"synthetic-municipality-{i:03d}" for i in range(1, nm + 1)]
    muni_en = [f"Synthetic Municipality {i:03d}" for i in range(1, nm + 1)]
    muni_ka = [f"სინთეზური მუნიციპალიტეტი {i:03d}" for i in range(1, nm + 1)]
    muni_kind = np.where(rng.random(nm) < 0.2, "city", "municipality")
    region_idx = rng.integers(0, len(REGIONS), nm)
    lat = rng.uniform(41.2, 43.4, nm)
    lon = rng.uniform(40.1, 46.6, nm)
    jur_rows = [("georgia", "Georgia", "საქართველო", "country", None, None, "42.31500", "43.35690")]
    for i in range(nm):
        jur_rows.append((muni_ids[i], muni_en[i], muni_ka[i], str(muni_kind[i]), REGIONS[region_idx[i]][0],
                         REGIONS[region_idx[i]][1], f"{lat[i]:.5f}", f"{lon[i]:.5f}"))
    out["jurisdictions"] = small(jur_rows, list(schema.TABLES_BY_NAME["jurisdictions"].column_names),
                                 {"name_en", "name_ka", "region_en", "region_ka"})
    jur_ids = _vocab(r[0] for r in jur_rows)

    # Action plans: two-year national plans over the reporting years, and local plans per municipality.
    plan_first = first_year - 2
    plan_rows, p_start, p_end, p_muni = [], [], [], []
    for y in range(plan_first - (plan_first % 2), LAST_YEAR + 1, 2):
        pid = f"synthetic-georgia-{y}-{y + 1}"
        plan_rows.append((pid, f"[synthetic] Georgia national action plan {y}–{y + 1}",
                          f"[სინთეზური] საქართველოს ეროვნული სამოქმედო გეგმა {y}–{y + 1}", "national",
                          f"{y}-01", f"{y + 1}-12", URL_BASE + "plan/" + pid))
        p_start.append(y * 12)
        p_end.append((y + 1) * 12 + 11)
        p_muni.append(-1)
    local_years = list(range(plan_first, LAST_YEAR + 1))
    has_plan = rng.random((nm, len(local_years))) < 0.15
    has_plan[np.arange(nm), rng.integers(0, len(local_years), nm)] = True
    lengths = rng.integers(1, 3, (nm, len(local_years)))                 # one- or two-year local plans
    for mi in range(nm):
        for yi, y in enumerate(local_years):
            if not has_plan[mi, yi]:
                continue
            end_y = min(y + int(lengths[mi, yi]) - 1, LAST_YEAR)
            years = f"{y}" + (f"–{end_y}" if end_y > y else "")
            pid = f"{muni_ids[mi]}-{y}"
            plan_rows.append((pid, f"[synthetic] {muni_en[mi]} local action plan {years}",
                              f"[სინთეზური] {muni_ka[mi]} – ადგილობრივი სამოქმედო გეგმა {years}", "local",
                              f"{y}-01", f"{end_y}-12", URL_BASE + "plan/" + pid))
            p_start.append(y * 12)
            p_end.append(end_y * 12 + 11)
            p_muni.append(mi)
    out["action_plans"] = small(plan_rows, list(schema.TABLES_BY_NAME["action_plans"].column_names),
                                {"name_en", "name_ka"})
    plan_ids = _vocab(r[0] for r in plan_rows)
    p_start, p_end, p_muni = np.array(p_start), np.array(p_end), np.array(p_muni)
    nat_plans = np.flatnonzero(p_muni < 0)
    loc_plans = np.flatnonzero(p_muni >= 0)

    # Commitments.
    is_nat = rng.random(n) < 0.35
    plan = np.where(is_nat, nat_plans[rng.integers(0, len(nat_plans), n)],
                    loc_plans[rng.integers(0, len(loc_plans), n)])
    level_i = np.where(is_nat, 0, np.where(rng.random(n) < 0.6, 1, 2))
    pos = _group_positions(plan)
    chapter = rng.integers(1, 10, n)
    number = _cat(_num(chapter), ".", _num(pos))
    cid = _cat("SYN-", _pad(np.arange(1, n + 1), 6))
    ogp_id = _nulls(_cat("SYN", _pad(np.arange(1, n + 1), 5)), rng.random(n) < 0.25)
    ps, pe = p_start[plan], p_end[plan]
    span = pe - ps + 1
    c_start = ps + (rng.random(n) * span * 0.5).astype(np.int64)
    c_end = np.minimum(c_start + 2 + (rng.random(n) * span).astype(np.int64), pe)
    c_nodates = rng.random(n) < 0.02

    act_en, act_ka = _pairs(ACTIONS)
    act_en_lower = _vocab(a[0].lower() for a in ACTIONS)
    obj_en, obj_ka = _pairs(OBJECTS)
    a_i = rng.integers(0, len(ACTIONS), n)
    o_i = rng.integers(0, len(OBJECTS), n)
    out_i = rng.integers(0, len(OUTCOMES), n)
    outc_en, outc_ka = _pairs(OUTCOMES)
    cmuni = p_muni[plan]
    # Lead agency: a ministry for national commitments, the city hall or council of the municipality otherwise.
    nat_en, nat_ka = _pairs(NATIONAL_AGENCIES)
    loc_en = _vocab(f"{LOCAL_AGENCIES[a][0]} ({muni_en[m]})" for m in range(nm) for a in range(len(LOCAL_AGENCIES)))
    loc_ka = _vocab(f"{LOCAL_AGENCIES[a][1]} ({muni_ka[m]})" for m in range(nm) for a in range(len(LOCAL_AGENCIES)))
    lead_en_v = pa.concat_arrays([nat_en, loc_en])
    lead_ka_v = pa.concat_arrays([nat_ka, loc_ka])
    lead_i = np.where(is_nat, rng.integers(0, len(NATIONAL_AGENCIES), n),
                      len(NATIONAL_AGENCIES) + np.maximum(cmuni, 0) * len(LOCAL_AGENCIES)
                      + rng.integers(0, len(LOCAL_AGENCIES), n))
    lead_missing = rng.random(n) < 0.05
    lead_en = _nulls(_take(lead_en_v, lead_i), lead_missing)
    lead_ka = _nulls(_take(lead_ka_v, lead_i), lead_missing)
    c_url = _cat(URL_BASE, cid)
    out["commitments"] = {
        "commitment_id": cid,
        "plan_id": _take(plan_ids, plan),
        "level": _take(_vocab(schema.COMMITMENT_LEVELS), level_i),
        "number": number,
        "ogp_id": ogp_id,
        "title_en": _text(MARK_EN, _take(act_en, a_i), " of ", _take(obj_en, o_i)),
        "title_ka": _text(MARK_KA, _take(obj_ka, o_i), " ", _take(act_ka, a_i)),
        "description_en": _text("The commitment aims at the ", _take(act_en_lower, a_i), " of ", _take(obj_en, o_i),
                                ". Synthetic text generated for benchmarking; not a real commitment."),
        "description_ka": _text("ვალდებულების მიზანია ", _take(obj_ka, o_i), " ", _take(act_ka, a_i),
                                ". სინთეზური ტექსტი, შექმნილი წარმადობის გასაზომად; ეს არ არის რეალური ვალდებულება."),
        "outcome_en": _text(_take(outc_en, out_i)),
        "outcome_ka": _text(_take(outc_ka, out_i)),
        "lead_agency_en": _text(lead_en),
        "lead_agency_ka": _text(lead_ka),
        "planned_start": _nulls(_month(c_start), c_nodates),
        "planned_end": _nulls(_month(c_end), c_nodates),
        "source_url_en": _cat(c_url, "?lang=en"),
        "source_url_ka": _cat(c_url, "?lang=ka"),
        "notes": _take(_vocab(["synthetic"]), np.zeros(n)),
    }

    # Who carries each commitment out: the country for national ones, the plan's municipality for local ones,
    # and for ~6% of local ones a joint commitment with 1–3 more municipalities.
    base_j = np.where(is_nat, 0, cmuni + 1)
    joint = (~is_nat) & (rng.random(n) < 0.06)
    extra_rows = np.repeat(np.arange(n), np.where(joint, rng.integers(1, 4, n), 0))
    extra_j = rng.integers(1, nm + 1, len(extra_rows))
    cj_c = np.r_[np.arange(n), extra_rows]
    cj_j = np.r_[base_j, extra_j]
    key = np.unique(cj_c * (nm + 1) + cj_j)                               # sorted, without duplicates
    out["commitment_jurisdictions"] = {"commitment_id": _take(cid, key // (nm + 1)),
                                       "jurisdiction_id": _take(jur_ids, key % (nm + 1))}

    # Themes (1–3) and SDGs (0–3, SDG 16 most common).
    k_theme = rng.choice([1, 2, 3], size=n, p=[0.45, 0.35, 0.20])
    r, t = _choose_without_replacement(rng, n, k_theme, np.array([3.0, 2.0, 2.5, 1.5, 2.0]))
    out["commitment_themes"] = {"commitment_id": _take(cid, r), "theme_id": _take(_vocab(schema.THEMES), t)}
    k_sdg = rng.choice([0, 1, 2, 3], size=n, p=[0.20, 0.45, 0.25, 0.10])
    w = np.ones(17)
    w[15] = 12.0                                                          # SDG 16
    w[[3, 4, 9, 10]] = [1.5, 2.0, 2.0, 3.0]
    r, s = _choose_without_replacement(rng, n, k_sdg, w)
    out["commitment_sdgs"] = {"commitment_id": _take(cid, r), "sdg": _num(s + 1)}

    # Milestones: 1–8 per commitment, following each other through the commitment's span.
    k_ms = rng.choice(np.arange(1, 9), size=n, p=MILESTONE_COUNT_P)
    m = int(k_ms.sum())
    mc = np.repeat(np.arange(n), k_ms)                                    # commitment index per milestone
    mj = np.arange(m) - np.repeat(np.r_[0, np.cumsum(k_ms)[:-1]], k_ms) + 1
    c_number = _take(number, mc)
    mnumber = _cat(c_number, ".", _num(mj))
    m_cid = _take(cid, mc)
    mid = _cat(m_cid, "/", mnumber)
    cs, ce = c_start[mc], c_end[mc]
    mspan = ce - cs + 1
    frac = (mj - 1) / k_ms[mc]
    m_start = cs + np.minimum((frac * mspan + rng.random(m) * 2).astype(np.int64), mspan - 1)
    m_end = np.minimum(m_start + rng.integers(0, 7, m), ce)
    m_nodates = c_nodates[mc] | (rng.random(m) < 0.02)

    # Latent (true) start/end days: early, on time or late; some never start, some stall.
    p_start_day = _month_first_day(m_start)
    planned_days = (_month_last_day(m_end) - p_start_day).astype(np.int64)
    u = rng.random(m)
    start_delay = np.where(u < 0.25, -rng.integers(0, 45, m),            # early
                           np.where(u < 0.65, rng.integers(0, 20, m),     # on time
                                    rng.integers(20, 420, m)))           # late
    dur = np.maximum((planned_days * rng.uniform(0.5, 1.6, m)).astype(np.int64), 1)
    lat_start = p_start_day + start_delay.astype("timedelta64[D]")
    lat_end = lat_start + dur.astype("timedelta64[D]")
    never = rng.random(m) < 0.10
    suspended = (~never) & (rng.random(m) < 0.03)
    far = np.datetime64("2999-12-31")
    lat_start = np.where(never, far, lat_start)
    lat_end = np.where(never | suspended, far, lat_end)

    # What a source states: actual dates only when past at the last report, and not always (done, date unknown).
    disclose = rng.random(m)
    stated_start = (lat_start <= last_asof) & (disclose < 0.55)
    stated_end = (lat_end <= last_asof) & (disclose < 0.35)
    day_precision = pa.array(rng.random(m) < 0.7)
    safe_start = np.where(stated_start, lat_start, last_asof)
    safe_end = np.where(stated_end, lat_end, last_asof)
    a_start = pc.if_else(day_precision, _day(safe_start), _month_of(safe_start))
    a_end = pc.if_else(day_precision, _day(safe_end), _month_of(safe_end))

    step_en, step_ka = _pairs(STEPS)
    ind_en, ind_ka = _pairs(INDICATORS)
    par_en, par_ka = _pairs(PARTNERS)
    s_i = rng.integers(0, len(STEPS), m)
    i_i = rng.integers(0, len(INDICATORS), m)
    pr_i = rng.integers(0, len(PARTNERS), m)
    no_ind = rng.random(m) < 0.1
    own_lead = rng.random(m) < 0.3                                         # else the commitment's lead (left empty)
    m_lead = _take(lead_i.astype(np.int64), mc)
    out["milestones"] = {
        "milestone_id": mid,
        "commitment_id": m_cid,
        "number": mnumber,
        "title_en": _text(MARK_EN, _take(step_en, s_i), " – commitment ", c_number),
        "title_ka": _text(MARK_KA, _take(step_ka, s_i), " – ვალდებულება ", c_number),
        "indicator_en": _text(_nulls(_take(ind_en, i_i), no_ind)),
        "indicator_ka": _text(_nulls(_take(ind_ka, i_i), no_ind)),
        "lead_agency_en": _text(_nulls(_take(lead_en_v, m_lead), ~own_lead)),
        "lead_agency_ka": _text(_nulls(_take(lead_ka_v, m_lead), ~own_lead)),
        "partner_en": _text(_nulls(_take(par_en, pr_i), pr_i < 2)),
        "partner_ka": _text(_nulls(_take(par_ka, pr_i), pr_i < 2)),
        "planned_start": _nulls(_month(m_start), m_nodates),
        "planned_end": _nulls(_month(m_end), m_nodates),
        "actual_start": _nulls(a_start, ~stated_start),
        "actual_end": _nulls(a_end, ~stated_end),
        "source_url": _cat(URL_BASE, "milestone/", mid),
    }
    # A few milestones without a Georgian title (shown with the fallback marker).
    out["milestones"]["title_ka"] = _nulls(out["milestones"]["title_ka"], rng.random(m) < 0.02)

    # Which periods report on each commitment: those from its plan's start to a year after the plan's end (a plan
    # that ended before the first period is reported once, in the first). Some reports skip a commitment, but
    # never the last one in its window.
    plan_start_day = _month_first_day(ps)
    plan_end_year = pe // 12
    period_year = period_asof.astype("datetime64[Y]").astype(np.int64) + 1970
    reported = (period_asof[None, :] >= plan_start_day[:, None]) & (period_year[None, :] <= plan_end_year[:, None] + 1)
    reported[~reported.any(axis=1), 0] = True
    last_in_window = n_periods - 1 - np.argmax(reported[:, ::-1], axis=1)
    reported &= rng.random((n, n_periods)) >= 0.15
    reported[np.arange(n), last_in_window] = True

    # Milestone state at each as-of date from the latent dates: 0 completed, 1 in progress, 2 not started,
    # 3 suspended (codes in schema.STATES order).
    m_state = np.empty((m, n_periods), dtype=np.int8)
    c_done = np.zeros((n, n_periods), dtype=np.int64)
    c_started = np.zeros((n, n_periods), dtype=np.int64)
    c_susp = np.zeros((n, n_periods), dtype=np.int64)
    for p in range(n_periods):
        asof = period_asof[p]
        st = np.where(lat_end <= asof, 0, np.where(lat_start <= asof, np.where(suspended, 3, 1), 2))
        m_state[:, p] = st
        c_done[:, p] = np.bincount(mc, weights=(st == 0), minlength=n).astype(np.int64)
        c_started[:, p] = np.bincount(mc, weights=(st != 2), minlength=n).astype(np.int64)
        c_susp[:, p] = np.bincount(mc, weights=(st == 3), minlength=n).astype(np.int64)

    state_codes = _vocab(schema.STATES)
    rating_codes = _vocab(schema.RATINGS)
    report_url = _vocab(URL_BASE + "report/" + r[0] for r in period_rows)

    # Milestone progress: the milestones of a reported commitment; earlier reports list about half of them.
    rep_m = reported[mc]
    rep_m &= rng.random(rep_m.shape) < 0.5
    rep_m[np.arange(m), last_in_window[mc]] = True
    mp_m, mp_p = np.nonzero(rep_m)
    st = m_state[mp_m, mp_p]
    k = len(mp_m)
    u = rng.random(k)
    # Ratings follow the state: done -> fully (some mostly), in progress -> partially/mostly, suspended ->
    # partially/not, not started -> not implemented; ~30% not reported.
    rating_i = np.select([st == 0, st == 1, st == 3], [np.where(u < 0.9, 0, 1), np.where(u < 0.6, 2, 1),
                                                       np.where(u < 0.7, 2, 3)], 3)
    note_en = _vocab(MARK_EN + OUTCOME_NOTES[s][0] for s in schema.STATES)
    note_ka = _vocab(MARK_KA + OUTCOME_NOTES[s][1] for s in schema.STATES)
    with_note = rng.random(k) < 0.2
    out["milestone_progress"] = {
        "milestone_id": _take(mid, mp_m),
        "period_id": _take(period_ids, mp_p),
        "state": _nulls(_take(state_codes, st), rng.random(k) < 0.03),
        "rating": _nulls(_take(rating_codes, rating_i), rng.random(k) < RATING_MISSING_SHARE),
        "outcome_en": _text(_nulls(_take(note_en, st), ~with_note)),
        "outcome_ka": _text(_nulls(_take(note_ka, st), ~with_note)),
        "source_url": _take(report_url, mp_p),
    }

    # Commitment progress: state and rating from the share of milestones done at the as-of date.
    cp_c, cp_p = np.nonzero(reported)
    total = k_ms[cp_c]
    done = c_done[cp_c, cp_p]
    share = done / total
    # A commitment is reported suspended for some of the reports where one of its milestones stalled.
    stalled = (c_susp[cp_c, cp_p] > 0) & (rng.random(len(cp_c)) < 0.3)
    c_state = np.where(done == total, 0, np.where(stalled, 3, np.where(c_started[cp_c, cp_p] > 0, 1, 2)))
    c_rating = np.where(share >= 1, 0, np.where(share >= 0.6, 1, np.where(share > 0, 2, 3)))
    kc = len(cp_c)
    asof_s = _take(_vocab(r[3] for r in period_rows), cp_p)
    done_s, total_s = _num(done), _num(total)
    out["commitment_progress"] = {
        "commitment_id": _take(cid, cp_c),
        "period_id": _take(period_ids, cp_p),
        "state": _take(state_codes, c_state),
        "rating": _nulls(_take(rating_codes, c_rating), rng.random(kc) < RATING_MISSING_SHARE),
        "narrative_en": _text(MARK_EN, done_s, " of ", total_s, " milestones completed as of ", asof_s, "."),
        "narrative_ka": _text(MARK_KA, asof_s, "-ის მდგომარეობით დასრულებულია ", total_s, "-დან ", done_s, " ეტაპი."),
        "source_url": _cat(_take(report_url, cp_p), "/", _take(cid, cp_c)),
    }

    result = {}
    for t in schema.TABLES:
        cols = out[t.name]
        if list(cols) != list(t.column_names):
            cols = {c: cols[c] for c in t.column_names}
        result[t.name] = cols
    return result


# --- writing ------------------------------------------------------------------------------------------------
CHUNK_ROWS = 200_000


def _write_csv(path: Path, columns: dict[str, pa.Array]) -> int:
    """Write already-encoded cells as CSV (UTF-8, '\\n' line ends); returns the number of rows."""
    names = list(columns)
    arrays = list(columns.values())
    rows = len(arrays[0]) if arrays else 0
    with open(path, "wb") as f:
        f.write((",".join(names) + "\n").encode("utf-8"))
        for lo in range(0, rows, CHUNK_ROWS):
            cells = [pc.fill_null(a.slice(lo, CHUNK_ROWS), "") for a in arrays]
            line = pc.binary_join_element_wise(*cells, ",") if len(cells) > 1 else cells[0]
            line = _cat(line, "\n")
            if isinstance(line, pa.ChunkedArray):
                line = line.combine_chunks()
            offsets = np.frombuffer(line.buffers()[1], dtype=np.int32)[line.offset:line.offset + len(line) + 1]
            data = line.buffers()[2]
            f.write(memoryview(data)[int(offsets[0]):int(offsets[-1])])
    return rows


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
    """Generate and write the dataset to `out` (created if missing); returns {table: rows}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = generate(commitments, seed=seed, periods=periods)
    counts = {t.name: _write_csv(out / t.file, tables[t.name]) for t in schema.TABLES}
    meta = metadata(commitments, seed, periods, milestones=counts["milestones"])
    (out / schema.METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.synth",
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
