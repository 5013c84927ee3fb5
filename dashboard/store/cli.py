"""``python -m dashboard validate [DATA_DIR]``: load the data and print a one-line summary or every problem."""

from __future__ import annotations

import sys

from dashboard.store.dataset import Dataset, resolve_data_dir
from dashboard.store.loading import load_dataset
from dashboard.store.problems import DataError, more_line

_SUMMARY_ORDER = (
    ("commitments", "commitments"), ("milestones", "milestones"), ("jurisdictions", "jurisdictions"),
    ("commitment_progress", "commitment progress rows"), ("milestone_progress", "milestone progress rows"),
    ("action_plans", "action plans"), ("periods", "periods"), ("themes", "themes"), ("sdgs", "SDGs"),
    ("vocab", "vocabulary entries"), ("commitment_jurisdictions", "commitment-jurisdiction links"),
    ("commitment_themes", "commitment-theme links"), ("commitment_sdgs", "commitment-SDG links"),
)


def summary(ds: Dataset) -> str:
    parts = [f"{ds.counts.get(t, 0)} {label}" for t, label in _SUMMARY_ORDER]
    parts += [f"{n} {t}" for t, n in ds.counts.items() if t not in dict(_SUMMARY_ORDER)]
    return ", ".join(parts)


def cli_validate(data_dir) -> int:
    """``python -m dashboard validate [DATA_DIR]``: 0 and a one-line summary, or 1 and every problem."""
    path = resolve_data_dir(data_dir)
    try:
        ds = load_dataset(path)
    except DataError as exc:
        for p in exc.problems:
            print(p)
        if exc.total > len(exc.problems):
            print(more_line(exc.total - len(exc.problems)))
        n = exc.total
        print(f"invalid: {n} problem{'s' if n != 1 else ''} in {path}", file=sys.stderr)
        return 1
    synthetic = " (synthetic)" if ds.synthetic else ""
    print(f"ok: {summary(ds)} in {path}{synthetic}")
    ds.con.close()
    return 0
