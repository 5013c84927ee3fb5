"""The measures of the municipality map: what one jurisdiction's row of queries/map_by_jurisdiction.sql shows.

One definition for the map (charts/map.py), its finding (findings.map_measure) and the tests:

    unit_value(row, "mean_score") -> ("value", 0.67) | ("not_reported", None) | ("none", None)

"none": no commitment under the filters; "not_reported": commitments, but the measure has nothing to average or
count (mean score: none rated; overdue milestones: no milestones;
IRM completion: none assessed by the IRM); "value": the number drawn. Coverage is a value
for every jurisdiction with commitments (0 % rated is a finding, not a gap).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.missing import is_missing

MEASURES = ("commitments", "mean_score", "coverage", "milestones_overdue", "irm_score")


def _num(v: Any) -> float:
    return 0.0 if is_missing(v) else float(v)


def unit_value(row: Any, measure: str) -> tuple[str, float | None]:
    """(state, value) of one jurisdiction's row (a mapping, or None for no row) for a measure."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    n = 0.0 if row is None else _num(row.get("commitments"))
    if n == 0:
        return "none", None
    if measure == "commitments":
        return "value", n
    if measure == "coverage":
        return "value", _num(row.get("rated")) / n
    if measure == "mean_score":
        if _num(row.get("rated")) == 0 or is_missing(row.get("mean_score")):
            return "not_reported", None
        return "value", float(row["mean_score"])
    if measure == "irm_score":
        if _num(row.get("irm_assessed")) == 0 or is_missing(row.get("irm_score")):
            return "not_reported", None
        return "value", float(row["irm_score"])
    if _num(row.get("milestones")) == 0:
        return "not_reported", None
    return "value", _num(row.get("milestones_overdue"))


def national_commitments(df: pd.DataFrame | None) -> int:
    """Commitments of the country row(s): national commitments belong to no unit of the map."""
    if df is None or not len(df) or "kind" not in df.columns:
        return 0
    rows = df[df["kind"] == "country"]
    return int(pd.to_numeric(rows["commitments"], errors="coerce").fillna(0).sum())


def mapped_rows(df: pd.DataFrame | None) -> pd.DataFrame:
    """The rows drawn on the map: those with a unit (shape_id), the first row per unit."""
    if df is None or not len(df) or "shape_id" not in df.columns:
        return pd.DataFrame(columns=[] if df is None else df.columns)
    return df[df["shape_id"].notna()].drop_duplicates(subset=["shape_id"], keep="first")


def has_commitments(df: pd.DataFrame | None) -> bool:
    """True when some commitment passes the filters (the map has something to show, on a unit or national)."""
    if df is None or not len(df) or "commitments" not in df.columns:
        return False
    return bool(pd.to_numeric(df["commitments"], errors="coerce").fillna(0).gt(0).any())
