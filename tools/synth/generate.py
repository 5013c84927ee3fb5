"""`generate`: every table of the synthetic dataset, in the schema's table and column order.

The random draws happen in one fixed order (the order of the calls below), so a seed, a size and a period count
always give the same cells.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from dashboard import schema
from tools.synth import cells
from tools.synth.commitments import commitment_jurisdictions, commitment_sdgs, commitment_themes, draw_commitments
from tools.synth.milestones import draw_milestones
from tools.synth.places import action_plans, municipalities
from tools.synth.progress import commitment_progress, milestone_progress, reports, states
from tools.synth.reference import reference_tables, reporting_periods
from tools.synth.shape import DEFAULT_PERIODS, DEFAULT_SEED


def generate(commitments: int, seed: int = DEFAULT_SEED,
             periods: int = DEFAULT_PERIODS) -> dict[str, cells.Table]:
    """Build every table as {column: CSV-encoded string cells (null = empty)}, in the schema's column order."""
    if commitments < 1:
        raise ValueError("commitments must be >= 1")
    if periods < 1:
        raise ValueError("periods must be >= 1")
    rng = np.random.default_rng(seed)
    n = int(commitments)
    out = reference_tables()
    per = reporting_periods(periods)
    out["periods"] = per.table
    munis = municipalities(rng)
    out["jurisdictions"] = munis.table
    plans = action_plans(rng, munis, per.first_year)
    out["action_plans"] = plans.table
    com = draw_commitments(rng, n, plans, munis)
    out["commitments"] = com.table
    out["commitment_jurisdictions"] = commitment_jurisdictions(rng, com, munis)
    out["commitment_themes"] = commitment_themes(rng, com)
    out["commitment_sdgs"] = commitment_sdgs(rng, com)
    ms = draw_milestones(rng, com, per.as_of[-1])
    out["milestones"] = ms.table
    rep = reports(rng, com, plans, per)
    st = states(ms, n, per.as_of)
    out["milestone_progress"] = milestone_progress(rng, ms, rep, st, per)
    out["commitment_progress"] = commitment_progress(rng, com, ms, rep, st, per)
    for t in schema.TABLES:  # optional tables the generator does not draw (irm_assessments): header only
        out.setdefault(t.name, {c: pa.array([], type=pa.binary()) for c in t.column_names})
    return {t.name: {c: out[t.name][c] for c in t.column_names} for t in schema.TABLES}
