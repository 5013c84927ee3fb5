"""Progress reports: which periods report on each commitment, the milestones' states at each as-of date, and the
milestone_progress and commitment_progress tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard import schema
from tools.synth import cells
from tools.synth.cells import cat, nulls, take, text
from tools.synth.commitments import Commitments
from tools.synth.milestones import Milestones
from tools.synth.places import Plans
from tools.synth.reference import Periods
from tools.synth.shape import RATING_MISSING_SHARE
from tools.synth.vocabulary import MARK_EN, MARK_KA, OUTCOME_NOTES, URL_BASE


@dataclass(frozen=True)
class Reports:
    """Which (commitment, period) pairs are reported, and the latest period in each commitment's window."""
    reported: np.ndarray        # bool, commitments x periods
    last_in_window: np.ndarray  # period index per commitment


@dataclass(frozen=True)
class States:
    """Milestone states (codes in schema.STATES order: 0 completed, 1 in progress, 2 not started, 3 suspended)
    at each as-of date, and per commitment the milestones done, started and suspended."""
    milestone: np.ndarray       # milestones x periods
    done: np.ndarray            # commitments x periods
    started: np.ndarray
    suspended: np.ndarray


def reports(rng: np.random.Generator, com: Commitments, plans: Plans, periods: Periods) -> Reports:
    """The periods from a commitment's plan start to a year after the plan's end (a plan that ended before the
    first period is reported once, in the first). Some reports skip a commitment, but never the last one in its
    window."""
    n, as_of = len(com), periods.as_of
    n_periods = len(as_of)
    plan_start_day = cells.month_first_day(plans.start[com.plan])
    plan_end_year = plans.end[com.plan] // 12
    period_year = as_of.astype("datetime64[Y]").astype(np.int64) + 1970
    reported = (as_of[None, :] >= plan_start_day[:, None]) & (period_year[None, :] <= plan_end_year[:, None] + 1)
    reported[~reported.any(axis=1), 0] = True
    last_in_window = n_periods - 1 - np.argmax(reported[:, ::-1], axis=1)
    reported &= rng.random((n, n_periods)) >= 0.15
    reported[np.arange(n), last_in_window] = True
    return Reports(reported, last_in_window)


def states(ms: Milestones, n: int, as_of: np.ndarray) -> States:
    """Each milestone's state at each as-of date from its latent days; counts per commitment."""
    m, n_periods, mc = len(ms.commitment), len(as_of), ms.commitment
    m_state = np.empty((m, n_periods), dtype=np.int8)
    c_done = np.zeros((n, n_periods), dtype=np.int64)
    c_started = np.zeros((n, n_periods), dtype=np.int64)
    c_susp = np.zeros((n, n_periods), dtype=np.int64)
    for p in range(n_periods):
        st = np.where(ms.latent_end <= as_of[p], 0,
                      np.where(ms.latent_start <= as_of[p], np.where(ms.suspended, 3, 1), 2))
        m_state[:, p] = st
        c_done[:, p] = np.bincount(mc, weights=(st == 0), minlength=n).astype(np.int64)
        c_started[:, p] = np.bincount(mc, weights=(st != 2), minlength=n).astype(np.int64)
        c_susp[:, p] = np.bincount(mc, weights=(st == 3), minlength=n).astype(np.int64)
    return States(m_state, c_done, c_started, c_susp)


def report_urls(periods: Periods):
    return cells.vocab(URL_BASE + "report/" + r[0] for r in periods.rows)


def milestone_progress(rng: np.random.Generator, ms: Milestones, rep: Reports, st: States,
                       periods: Periods) -> cells.Table:
    """The milestones of a reported commitment; earlier reports list about half of them. Ratings follow the
    state: done -> fully (some mostly), in progress -> partially/mostly, suspended -> partially/not, not started
    -> not implemented; ~30% not reported."""
    mc = ms.commitment
    rep_m = rep.reported[mc]
    rep_m &= rng.random(rep_m.shape) < 0.5
    rep_m[np.arange(len(mc)), rep.last_in_window[mc]] = True
    mp_m, mp_p = np.nonzero(rep_m)
    state = st.milestone[mp_m, mp_p]
    k = len(mp_m)
    u = rng.random(k)
    rating_i = np.select([state == 0, state == 1, state == 3],
                         [np.where(u < 0.9, 0, 1), np.where(u < 0.6, 2, 1), np.where(u < 0.7, 2, 3)], 3)
    note_en = cells.vocab(MARK_EN + OUTCOME_NOTES[s][0] for s in schema.STATES)
    note_ka = cells.vocab(MARK_KA + OUTCOME_NOTES[s][1] for s in schema.STATES)
    with_note = rng.random(k) < 0.2
    return {
        "milestone_id": take(ms.ids, mp_m),
        "period_id": take(periods.ids, mp_p),
        "state": nulls(take(cells.vocab(schema.STATES), state), rng.random(k) < 0.03),
        "rating": nulls(take(cells.vocab(schema.RATINGS), rating_i), rng.random(k) < RATING_MISSING_SHARE),
        "outcome_en": text(nulls(take(note_en, state), ~with_note)),
        "outcome_ka": text(nulls(take(note_ka, state), ~with_note)),
        "source_url": take(report_urls(periods), mp_p),
    }


def commitment_progress(rng: np.random.Generator, com: Commitments, ms: Milestones, rep: Reports, st: States,
                        periods: Periods) -> cells.Table:
    """State and rating from the share of milestones done at the as-of date. A commitment is reported suspended
    for some of the reports where one of its milestones stalled."""
    cp_c, cp_p = np.nonzero(rep.reported)
    total = ms.per_commitment[cp_c]
    done = st.done[cp_c, cp_p]
    share = done / total
    stalled = (st.suspended[cp_c, cp_p] > 0) & (rng.random(len(cp_c)) < 0.3)
    c_state = np.where(done == total, 0, np.where(stalled, 3, np.where(st.started[cp_c, cp_p] > 0, 1, 2)))
    c_rating = np.where(share >= 1, 0, np.where(share >= 0.6, 1, np.where(share > 0, 2, 3)))
    as_of = take(periods.as_of_cells, cp_p)
    done_s, total_s = cells.num(done), cells.num(total)
    return {
        "commitment_id": take(com.ids, cp_c),
        "period_id": take(periods.ids, cp_p),
        "state": take(cells.vocab(schema.STATES), c_state),
        "rating": nulls(take(cells.vocab(schema.RATINGS), c_rating), rng.random(len(cp_c)) < RATING_MISSING_SHARE),
        "narrative_en": text(MARK_EN, done_s, " of ", total_s, " milestones completed as of ", as_of, "."),
        "narrative_ka": text(MARK_KA, as_of, "-ის მდგომარეობით დასრულებულია ", total_s, "-დან ", done_s, " ეტაპი."),
        "source_url": cat(take(report_urls(periods), cp_p), "/", take(com.ids, cp_c)),
    }
