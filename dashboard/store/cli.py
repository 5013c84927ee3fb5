"""``python -m dashboard validate [DATA_DIR]``: load the data and print a one-line summary or every problem."""

from __future__ import annotations

import sys

from dashboard.store.dataset import Dataset, resolve_data_dir
from dashboard.store.loading import load_dataset
from dashboard.store.problems import DataError, more_line

# (table, label for one, label for several): "1 period", "6 periods".
_SUMMARY_ORDER = (
    ("commitments", "commitment", "commitments"), ("milestones", "milestone", "milestones"),
    ("jurisdictions", "jurisdiction", "jurisdictions"),
    ("commitment_progress", "commitment progress row", "commitment progress rows"),
    ("milestone_progress", "milestone progress row", "milestone progress rows"),
    ("action_plans", "action plan", "action plans"), ("periods", "period", "periods"),
    ("themes", "theme", "themes"), ("sdgs", "SDG", "SDGs"),
    ("vocab", "vocabulary entry", "vocabulary entries"),
    ("commitment_jurisdictions", "commitment-jurisdiction link", "commitment-jurisdiction links"),
    ("commitment_themes", "commitment-theme link", "commitment-theme links"),
    ("commitment_sdgs", "commitment-SDG link", "commitment-SDG links"),
)


def summary(ds: Dataset) -> str:
    parts = []
    for table, one, several in _SUMMARY_ORDER:
        n = ds.counts.get(table, 0)
        parts.append(f"{n} {one if n == 1 else several}")
    known = {table for table, _one, _several in _SUMMARY_ORDER}
    parts += [f"{n} {t}" for t, n in ds.counts.items() if t not in known]
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
