"""A small hand-written dataset with the tricky cases of the metric rules (docs/metrics.md): joint commitments,
missing ratings, several periods, milestones without dates, due soon, done with and without actual dates; the seed
commitment's 6 milestones as in the worked example of docs/metrics.md."""

from __future__ import annotations

from pathlib import Path

from dashboard import schema
from tests.helpers import SDG_COLOURS, to_csv

SEED = "GE-2018-6.2"
URL = "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"


def _seed_rows() -> tuple[list[dict], list[dict]]:
    """The seed's 6 milestones (docs/metrics.md, the worked example) and their 2019-annual progress."""
    plan = {"6.2.1": ("2018-06", "2018-12", "completed", "fully_implemented"),
            "6.2.2": ("2019-01", "2019-06", "not_started", "not_implemented"),
            "6.2.3": ("2019-01", "2019-06", "not_started", "not_implemented"),
            "6.2.4": ("2019-04", "2019-09", "completed", "fully_implemented"),
            "6.2.5": ("2019-07", "2019-12", "not_started", "not_implemented"),
            "6.2.6": ("2019-04", "2019-09", "completed", "fully_implemented")}
    ms, mp = [], []
    for number, (start, end, state, rating) in plan.items():
        mid = f"{SEED}/{number}"
        ms.append({"milestone_id": mid, "commitment_id": SEED, "number": number, "title_en": f"Milestone {number}",
                   "title_ka": f"ეტაპი {number}", "planned_start": start, "planned_end": end,
                   "actual_start": "2019-09-10" if number == "6.2.1" else "", "source_url": URL})
        mp.append({"milestone_id": mid, "period_id": "2019-annual", "state": state, "rating": rating})
    return ms, mp


def synthetic_rows() -> dict[str, list[dict]]:
    """Rows per table. Periods: 2019-annual (2019-12-31) and 2020-midterm (2020-06-30, the latest)."""
    def c(cid, plan, level, number, planned=("", ""), title_ka="", lead=""):
        return {"commitment_id": cid, "plan_id": plan, "level": level, "number": number,
                "title_en": f"Commitment {cid}", "title_ka": title_ka, "lead_agency_en": lead,
                "planned_start": planned[0], "planned_end": planned[1]}

    def m(mid, cid, number, planned=("", ""), actual=("", "")):
        return {"milestone_id": mid, "commitment_id": cid, "number": number, "title_en": f"Milestone {mid}",
                "planned_start": planned[0], "planned_end": planned[1], "actual_start": actual[0],
                "actual_end": actual[1]}

    def p(key, mid_or_cid, period, state="", rating=""):
        return {key: mid_or_cid, "period_id": period, "state": state, "rating": rating}

    seed_ms, seed_mp = _seed_rows()
    return {
        "periods": [
            {"period_id": "2019-annual", "label_en": "2019, Annual", "label_ka": "2019, წლიური", "as_of": "2019-12-31"},
            {"period_id": "2020-midterm", "label_en": "2020, Mid-term", "label_ka": "2020, შუალედური",
             "as_of": "2020-06-30"},
        ],
        "themes": [{"theme_id": t, "label_en": t.title(), "label_ka": f"თემა {t}"} for t in schema.THEMES],
        "sdgs": [{"sdg": str(i), "label_en": f"Goal {i}", "label_ka": f"მიზანი {i}", "colour": SDG_COLOURS[i - 1]}
                 for i in schema.SDGS],
        "vocab": [{"kind": "rating", "code": r, "label_en": r.replace("_", " ").capitalize(), "label_ka": f"ქ {r}"}
                  for r in schema.RATINGS],
        "action_plans": [
            {"plan_id": "georgia-2018-2019", "name_en": "Georgia 2018-2019", "name_ka": "საქართველო 2018-2019",
             "level": "national", "start": "2018-07", "end": "2019-12"},
            {"plan_id": "tbilisi-2019", "name_en": "Tbilisi 2019", "name_ka": "თბილისი 2019", "level": "local"},
        ],
        "jurisdictions": [
            {"jurisdiction_id": "georgia", "name_en": "Georgia", "name_ka": "საქართველო", "kind": "country"},
            {"jurisdiction_id": "rustavi", "name_en": "Rustavi", "name_ka": "რუსთავი", "kind": "city"},
            {"jurisdiction_id": "batumi", "name_en": "Batumi", "name_ka": "ბათუმი", "kind": "city"},
            {"jurisdiction_id": "tbilisi", "name_en": "Tbilisi", "name_ka": "თბილისი", "kind": "city"},
            {"jurisdiction_id": "kutaisi", "name_en": "Kutaisi", "name_ka": "ქუთაისი", "kind": "city"},
        ],
        "commitments": [
            {**c(SEED, "georgia-2018-2019", "municipal", "6.2", ("2018-07", "2019-12"), "რუსთავი",
                 "Rustavi City Hall")},
            c("J1", "georgia-2018-2019", "municipal", "7", ("2018-09", "2020-05"), "ერთობლივი", "Several halls"),
            c("R2", "georgia-2018-2019", "municipal", "10", ("2019-01", "2020-07")),
            c("N3", "georgia-2018-2019", "national", "2", lead="Ministry"),
            c("B4", "georgia-2018-2019", "municipal", "8", ("2018-07", "2019-06"), "ბათუმი"),
            c("T5", "tbilisi-2019", "ogp_local", "1", ("2019-01", "2020-12"), "თბილისი", "Tbilisi City Hall"),
            c("T6", "tbilisi-2019", "ogp_local", "2", ("2019-03", "2020-01")),
        ],
        "commitment_jurisdictions": [
            {"commitment_id": SEED, "jurisdiction_id": "rustavi"},
            {"commitment_id": "J1", "jurisdiction_id": "rustavi"},
            {"commitment_id": "J1", "jurisdiction_id": "batumi"},
            {"commitment_id": "J1", "jurisdiction_id": "tbilisi"},
            {"commitment_id": "R2", "jurisdiction_id": "rustavi"},
            {"commitment_id": "N3", "jurisdiction_id": "georgia"},
            {"commitment_id": "B4", "jurisdiction_id": "batumi"},
            {"commitment_id": "T5", "jurisdiction_id": "tbilisi"},
        ],
        "commitment_themes": [
            {"commitment_id": SEED, "theme_id": "access_to_services"},
            {"commitment_id": "J1", "theme_id": "transparency"},
            {"commitment_id": "J1", "theme_id": "engagement"},
            {"commitment_id": "R2", "theme_id": "transparency"},
            {"commitment_id": "B4", "theme_id": "accountability"},
            {"commitment_id": "T5", "theme_id": "innovation_technology"},
            {"commitment_id": "T5", "theme_id": "transparency"},
        ],
        "commitment_sdgs": [
            {"commitment_id": SEED, "sdg": "16"},
            {"commitment_id": "J1", "sdg": "16"},
            {"commitment_id": "J1", "sdg": "11"},
            {"commitment_id": "B4", "sdg": "5"},
            {"commitment_id": "T5", "sdg": "9"},
        ],
        "milestones": seed_ms + [
            m("J1/1", "J1", "7.1", ("2018-09", "2019-03"), ("2018-10-01", "2019-02-15")),   # done on time
            m("J1/2", "J1", "7.2", ("2018-09", "2019-03"), ("2018-10-01", "2019-05-10")),   # done late
            m("J1/3", "J1", "7.3", ("2019-01", "2019-12")),                                 # due 2019-12-31
            m("J1/4", "J1", "7.4", ("2020-01", "2020-01")),                                 # due soon at 2020-01-05
            m("J1/5", "J1", "7.5"),                                                         # no dates
            m("J1/6", "J1", "7.6", ("2020-03", "2020-09")),                                 # not yet due
            m("J1/10", "J1", "7.10", ("2019-01", "2019-02")),                               # done, date unknown
            m("R2/1", "R2", "10.1", ("2019-01", "2019-04")),                                # progress only in 2020
            m("R2/2", "R2", "10.2", ("2019-01", "2019-04"), ("2019-06-20", "")),            # start after end, not done
            m("B4/1", "B4", "8.1", ("2018-07", "2018-10")),                                 # long overdue
            m("B4/2", "B4", "8.2", ("", ""), ("2019-01-10", "2019-03-01")),                  # done, no planned dates
            m("T6/1", "T6", "2.1", ("2019-03", "2020-07")),
        ],
        "commitment_progress": [
            p("commitment_id", SEED, "2019-annual", "in_progress", "mostly_implemented"),
            p("commitment_id", "J1", "2019-annual", "in_progress", "partially_implemented"),
            p("commitment_id", "J1", "2020-midterm", "completed", "fully_implemented"),
            p("commitment_id", "R2", "2019-annual", "in_progress"),                  # state only: not reported
            p("commitment_id", "R2", "2020-midterm", "in_progress", "mostly_implemented"),
            p("commitment_id", "B4", "2019-annual", "not_started", "not_implemented"),
            p("commitment_id", "T5", "2019-annual", "completed", "fully_implemented"),
            p("commitment_id", "T5", "2020-midterm", "completed", "fully_implemented"),
            p("commitment_id", "T6", "2020-midterm", "suspended", "not_implemented"),
        ],
        "milestone_progress": seed_mp + [
            p("milestone_id", "J1/1", "2019-annual", "completed", "fully_implemented"),
            p("milestone_id", "J1/2", "2019-annual", "completed"),
            p("milestone_id", "J1/3", "2019-annual", "in_progress", "partially_implemented"),
            p("milestone_id", "J1/4", "2019-annual", "not_started"),
            p("milestone_id", "J1/5", "2019-annual", "in_progress"),
            p("milestone_id", "J1/10", "2019-annual", "", "fully_implemented"),
            p("milestone_id", "J1/1", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "J1/2", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "J1/3", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "J1/4", "2020-midterm", "in_progress"),
            p("milestone_id", "R2/1", "2020-midterm", "completed", "fully_implemented"),
            p("milestone_id", "R2/2", "2020-midterm", "in_progress", "mostly_implemented"),
            p("milestone_id", "B4/1", "2019-annual", "in_progress"),
            p("milestone_id", "B4/2", "2019-annual", "completed"),
            p("milestone_id", "T6/1", "2020-midterm", "suspended"),
        ],
    }


def write_synthetic(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in synthetic_rows().items():
        (directory / f"{name}.csv").write_bytes(to_csv(name, rows))
    return directory

