"""Milestones: 1–8 per commitment following each other through the commitment's span, each with latent (true)
start and end days from which the stated dates and, in progress.py, the reported states follow."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tools.synth import cells
from tools.synth.cells import cat, nulls, take, text
from tools.synth.commitments import Commitments
from tools.synth.shape import MILESTONE_COUNT_P
from tools.synth.vocabulary import INDICATORS, MARK_EN, MARK_KA, PARTNERS, STEPS, URL_BASE

FAR = np.datetime64("2999-12-31")   # the latent day of what never happens


@dataclass(frozen=True)
class Milestones:
    """What the progress tables need of the milestones."""
    table: cells.Table
    ids: pa.Array
    commitment: np.ndarray      # commitment index of each milestone
    per_commitment: np.ndarray  # number of milestones of each commitment
    latent_start: np.ndarray    # datetime64[D], FAR if never started
    latent_end: np.ndarray      # datetime64[D], FAR if never finished
    suspended: np.ndarray       # bool: started and stalled


@dataclass(frozen=True)
class _Plan:
    """Milestone positions and planned months."""
    commitment: np.ndarray
    per_commitment: np.ndarray
    index: np.ndarray           # 1-based number within the commitment
    start: np.ndarray
    end: np.ndarray
    no_dates: np.ndarray


def _planned(rng: np.random.Generator, com: Commitments) -> _Plan:
    n = len(com)
    k_ms = rng.choice(np.arange(1, 9), size=n, p=MILESTONE_COUNT_P)
    m = int(k_ms.sum())
    mc = np.repeat(np.arange(n), k_ms)
    mj = np.arange(m) - np.repeat(np.r_[0, np.cumsum(k_ms)[:-1]], k_ms) + 1
    cs, ce = com.start[mc], com.end[mc]
    mspan = ce - cs + 1
    frac = (mj - 1) / k_ms[mc]
    m_start = cs + np.minimum((frac * mspan + rng.random(m) * 2).astype(np.int64), mspan - 1)
    m_end = np.minimum(m_start + rng.integers(0, 7, m), ce)
    m_nodates = com.no_dates[mc] | (rng.random(m) < 0.02)
    return _Plan(mc, k_ms, mj, m_start, m_end, m_nodates)


def _latent_days(rng: np.random.Generator, plan: _Plan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start, end, suspended): early, on time or late; some never start, some stall."""
    m = len(plan.commitment)
    p_start_day = cells.month_first_day(plan.start)
    planned_days = (cells.month_last_day(plan.end) - p_start_day).astype(np.int64)
    u = rng.random(m)
    start_delay = np.where(u < 0.25, -rng.integers(0, 45, m),            # early
                           np.where(u < 0.65, rng.integers(0, 20, m),     # on time
                                    rng.integers(20, 420, m)))           # late
    dur = np.maximum((planned_days * rng.uniform(0.5, 1.6, m)).astype(np.int64), 1)
    lat_start = p_start_day + start_delay.astype("timedelta64[D]")
    lat_end = lat_start + dur.astype("timedelta64[D]")
    never = rng.random(m) < 0.10
    suspended = (~never) & (rng.random(m) < 0.03)
    lat_start = np.where(never, FAR, lat_start)
    lat_end = np.where(never | suspended, FAR, lat_end)
    return lat_start, lat_end, suspended


def _stated(rng: np.random.Generator, lat_start, lat_end, last_as_of) -> tuple[pa.Array, pa.Array]:
    """What a source states: actual dates only when past at the last report, and not always (done, date
    unknown); to the day for ~70%, else to the month. Null where nothing is stated."""
    m = len(lat_start)
    disclose = rng.random(m)
    stated_start = (lat_start <= last_as_of) & (disclose < 0.55)
    stated_end = (lat_end <= last_as_of) & (disclose < 0.35)
    day_precision = pa.array(rng.random(m) < 0.7)
    safe_start = np.where(stated_start, lat_start, last_as_of)
    safe_end = np.where(stated_end, lat_end, last_as_of)
    a_start = pc.if_else(day_precision, cells.day(safe_start), cells.month_of(safe_start))
    a_end = pc.if_else(day_precision, cells.day(safe_end), cells.month_of(safe_end))
    return nulls(a_start, ~stated_start), nulls(a_end, ~stated_end)


def _table(rng: np.random.Generator, com: Commitments, plan: _Plan, actual: tuple[pa.Array, pa.Array]):
    m, mc = len(plan.commitment), plan.commitment
    c_number = take(com.number, mc)
    mnumber = cat(c_number, ".", cells.num(plan.index))
    mid = cat(take(com.ids, mc), "/", mnumber)
    step_en, step_ka = cells.pairs(STEPS)
    ind_en, ind_ka = cells.pairs(INDICATORS)
    par_en, par_ka = cells.pairs(PARTNERS)
    s_i = rng.integers(0, len(STEPS), m)
    i_i = rng.integers(0, len(INDICATORS), m)
    pr_i = rng.integers(0, len(PARTNERS), m)
    no_ind = rng.random(m) < 0.1
    own_lead = rng.random(m) < 0.3                                         # else the commitment's lead (left empty)
    m_lead = com.lead[mc]
    table = {
        "milestone_id": mid,
        "commitment_id": take(com.ids, mc),
        "number": mnumber,
        "title_en": text(MARK_EN, take(step_en, s_i), " – commitment ", c_number),
        "title_ka": text(MARK_KA, take(step_ka, s_i), " – ვალდებულება ", c_number),
        "indicator_en": text(nulls(take(ind_en, i_i), no_ind)),
        "indicator_ka": text(nulls(take(ind_ka, i_i), no_ind)),
        "lead_agency_en": text(nulls(take(com.leads_en, m_lead), ~own_lead)),
        "lead_agency_ka": text(nulls(take(com.leads_ka, m_lead), ~own_lead)),
        "partner_en": text(nulls(take(par_en, pr_i), pr_i < 2)),
        "partner_ka": text(nulls(take(par_ka, pr_i), pr_i < 2)),
        "planned_start": nulls(cells.month(plan.start), plan.no_dates),
        "planned_end": nulls(cells.month(plan.end), plan.no_dates),
        "actual_start": actual[0],
        "actual_end": actual[1],
        "source_url": cat(URL_BASE, "milestone/", mid),
    }
    # A few milestones without a Georgian title (shown with the fallback marker).
    table["title_ka"] = nulls(table["title_ka"], rng.random(m) < 0.02)
    return table, mid


def draw_milestones(rng: np.random.Generator, com: Commitments, last_as_of: np.datetime64) -> Milestones:
    """The milestones of every commitment; `last_as_of` is the day of the last report."""
    plan = _planned(rng, com)
    lat_start, lat_end, suspended = _latent_days(rng, plan)
    actual = _stated(rng, lat_start, lat_end, last_as_of)
    table, ids = _table(rng, com, plan, actual)
    return Milestones(table, ids, plan.commitment, plan.per_commitment, lat_start, lat_end, suspended)
