"""Commitments: their plans, numbers and dates, lead agencies and texts, and who carries them out, their themes
and their SDGs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from dashboard import schema
from tools.synth import cells
from tools.synth.cells import cat, nulls, take, text
from tools.synth.places import Municipalities, Plans
from tools.synth.sampling import choose_without_replacement, group_positions
from tools.synth.vocabulary import (
    ACTIONS,
    LOCAL_AGENCIES,
    MARK_EN,
    MARK_KA,
    NATIONAL_AGENCIES,
    OBJECTS,
    OUTCOMES,
    URL_BASE,
)


@dataclass(frozen=True)
class Commitments:
    """What the later tables need of the commitments (months counted as year*12 + (month-1))."""
    table: cells.Table
    ids: pa.Array
    number: pa.Array
    plan: np.ndarray            # plan index of each commitment
    national: np.ndarray        # bool
    muni: np.ndarray            # the plan's municipality index, -1 for national
    start: np.ndarray
    end: np.ndarray
    no_dates: np.ndarray        # bool: planned dates unknown
    lead: np.ndarray            # index into `leads_en` / `leads_ka`
    leads_en: pa.Array
    leads_ka: pa.Array

    def __len__(self) -> int:
        return len(self.plan)


def _lead_agencies(munis: Municipalities) -> tuple[pa.Array, pa.Array]:
    """Every lead agency: the national ones, then each municipality's city hall and council."""
    nat_en, nat_ka = cells.pairs(NATIONAL_AGENCIES)
    loc_en = cells.vocab(f"{LOCAL_AGENCIES[a][0]} ({munis.names_en[m]})"
                         for m in range(len(munis)) for a in range(len(LOCAL_AGENCIES)))
    loc_ka = cells.vocab(f"{LOCAL_AGENCIES[a][1]} ({munis.names_ka[m]})"
                         for m in range(len(munis)) for a in range(len(LOCAL_AGENCIES)))
    return pa.concat_arrays([nat_en, loc_en]), pa.concat_arrays([nat_ka, loc_ka])


def _texts(rng: np.random.Generator, n: int) -> cells.Table:
    """Titles, descriptions and outcomes composed from an action and an object."""
    act_en, act_ka = cells.pairs(ACTIONS)
    act_en_lower = cells.vocab(a[0].lower() for a in ACTIONS)
    obj_en, obj_ka = cells.pairs(OBJECTS)
    a_i = rng.integers(0, len(ACTIONS), n)
    o_i = rng.integers(0, len(OBJECTS), n)
    out_i = rng.integers(0, len(OUTCOMES), n)
    outc_en, outc_ka = cells.pairs(OUTCOMES)
    return {
        "title_en": text(MARK_EN, take(act_en, a_i), " of ", take(obj_en, o_i)),
        "title_ka": text(MARK_KA, take(obj_ka, o_i), " ", take(act_ka, a_i)),
        "description_en": text("The commitment aims at the ", take(act_en_lower, a_i), " of ", take(obj_en, o_i),
                               ". Synthetic text generated for benchmarking; not a real commitment."),
        "description_ka": text("ვალდებულების მიზანია ", take(obj_ka, o_i), " ", take(act_ka, a_i),
                               ". სინთეზური ტექსტი, შექმნილი წარმადობის გასაზომად; ეს არ არის რეალური ვალდებულება."),
        "outcome_en": text(take(outc_en, out_i)),
        "outcome_ka": text(take(outc_ka, out_i)),
    }


def draw_commitments(rng: np.random.Generator, n: int, plans: Plans, munis: Municipalities) -> Commitments:
    """n commitments, ~35% national, in random plans, dated inside their plan's span."""
    is_nat = rng.random(n) < 0.35
    nat_plans, loc_plans = plans.national, plans.local
    plan = np.where(is_nat, nat_plans[rng.integers(0, len(nat_plans), n)],
                    loc_plans[rng.integers(0, len(loc_plans), n)])
    level_i = np.where(is_nat, 0, np.where(rng.random(n) < 0.6, 1, 2))
    chapter = rng.integers(1, 10, n)
    number = cat(cells.num(chapter), ".", cells.num(group_positions(plan)))
    cid = cat("SYN-", cells.pad(np.arange(1, n + 1), 6))
    ogp_id = nulls(cat("SYN", cells.pad(np.arange(1, n + 1), 5)), rng.random(n) < 0.25)
    ps, pe = plans.start[plan], plans.end[plan]
    span = pe - ps + 1
    c_start = ps + (rng.random(n) * span * 0.5).astype(np.int64)
    c_end = np.minimum(c_start + 2 + (rng.random(n) * span).astype(np.int64), pe)
    c_nodates = rng.random(n) < 0.02
    texts = _texts(rng, n)
    cmuni = plans.muni[plan]
    # Lead agency: a ministry for national commitments, the city hall or council of the municipality otherwise.
    leads_en, leads_ka = _lead_agencies(munis)
    lead_i = np.where(is_nat, rng.integers(0, len(NATIONAL_AGENCIES), n),
                      len(NATIONAL_AGENCIES) + np.maximum(cmuni, 0) * len(LOCAL_AGENCIES)
                      + rng.integers(0, len(LOCAL_AGENCIES), n))
    lead_missing = rng.random(n) < 0.05
    c_url = cat(URL_BASE, cid)
    table = {
        "commitment_id": cid,
        "plan_id": take(plans.ids, plan),
        "level": take(cells.vocab(schema.COMMITMENT_LEVELS), level_i),
        "number": number,
        "ogp_id": ogp_id,
        **texts,
        "lead_agency_en": text(nulls(take(leads_en, lead_i), lead_missing)),
        "lead_agency_ka": text(nulls(take(leads_ka, lead_i), lead_missing)),
        "planned_start": nulls(cells.month(c_start), c_nodates),
        "planned_end": nulls(cells.month(c_end), c_nodates),
        "source_url_en": cat(c_url, "?lang=en"),
        "source_url_ka": cat(c_url, "?lang=ka"),
        "notes": take(cells.vocab(["synthetic"]), np.zeros(n)),
    }
    return Commitments(table, cid, number, plan, is_nat, cmuni, c_start, c_end, c_nodates, lead_i, leads_en,
                       leads_ka)


def commitment_jurisdictions(rng: np.random.Generator, com: Commitments, munis: Municipalities) -> cells.Table:
    """The country for national commitments, the plan's municipality for local ones, and for ~6% of local ones
    a joint commitment with 1–3 more municipalities."""
    n, nm = len(com), len(munis)
    base_j = np.where(com.national, 0, com.muni + 1)
    joint = (~com.national) & (rng.random(n) < 0.06)
    extra_rows = np.repeat(np.arange(n), np.where(joint, rng.integers(1, 4, n), 0))
    extra_j = rng.integers(1, nm + 1, len(extra_rows))
    cj_c = np.r_[np.arange(n), extra_rows]
    cj_j = np.r_[base_j, extra_j]
    key = np.unique(cj_c * (nm + 1) + cj_j)                               # sorted, without duplicates
    return {"commitment_id": take(com.ids, key // (nm + 1)),
            "jurisdiction_id": take(munis.jurisdiction_ids, key % (nm + 1))}


def commitment_themes(rng: np.random.Generator, com: Commitments) -> cells.Table:
    """1–3 themes per commitment."""
    n = len(com)
    k_theme = rng.choice([1, 2, 3], size=n, p=[0.45, 0.35, 0.20])
    r, t = choose_without_replacement(rng, n, k_theme, np.array([3.0, 2.0, 2.5, 1.5, 2.0]))
    return {"commitment_id": take(com.ids, r), "theme_id": take(cells.vocab(schema.THEMES), t)}


def commitment_sdgs(rng: np.random.Generator, com: Commitments) -> cells.Table:
    """0–3 SDGs per commitment, SDG 16 the most common."""
    n = len(com)
    k_sdg = rng.choice([0, 1, 2, 3], size=n, p=[0.20, 0.45, 0.25, 0.10])
    w = np.ones(17)
    w[15] = 12.0                                                          # SDG 16
    w[[3, 4, 9, 10]] = [1.5, 2.0, 2.0, 3.0]
    r, s = choose_without_replacement(rng, n, k_sdg, w)
    return {"commitment_id": take(com.ids, r), "sdg": cells.num(s + 1)}
