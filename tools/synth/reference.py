"""The reference tables (themes, SDGs, state and rating labels) and the reporting periods."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from tools.synth import cells
from tools.synth.shape import LAST_YEAR
from tools.synth.vocabulary import RATING_LABELS, SDG_LABELS, STATE_LABELS, THEME_LABELS

LABELS = {"label_en", "label_ka"}


def reference_tables() -> dict[str, cells.Table]:
    """themes, sdgs and vocab, from the vocabulary."""
    return {
        "themes": cells.rows_table([(k, en, ka) for k, (en, ka) in THEME_LABELS.items()],
                                   ["theme_id", "label_en", "label_ka"], LABELS),
        "sdgs": cells.rows_table([(k, en, ka, c) for k, (en, ka, c) in SDG_LABELS.items()],
                                 ["sdg", "label_en", "label_ka", "colour"], LABELS),
        "vocab": cells.rows_table([("state", k, en, ka) for k, (en, ka) in STATE_LABELS.items()]
                                  + [("rating", k, en, ka) for k, (en, ka) in RATING_LABELS.items()],
                                  ["kind", "code", "label_en", "label_ka"], LABELS),
    }


@dataclass(frozen=True)
class Periods:
    """The reporting periods, oldest first."""
    rows: list[tuple[str, str, str, str]]   # (period_id, label_en, label_ka, as_of)
    first_year: int

    @property
    def table(self) -> cells.Table:
        return cells.rows_table(self.rows, ["period_id", "label_en", "label_ka", "as_of"], LABELS)

    @property
    def ids(self) -> pa.Array:
        return cells.vocab(r[0] for r in self.rows)

    @property
    def as_of(self) -> np.ndarray:
        return np.array([r[3] for r in self.rows], dtype="datetime64[D]")

    @property
    def as_of_cells(self) -> pa.Array:
        return cells.vocab(r[3] for r in self.rows)


def reporting_periods(count: int) -> Periods:
    """`count` annual reports ending LAST_YEAR plus a mid-term (30 June) in the middle year."""
    first_year = LAST_YEAR - count + 1
    mid_year = first_year + count // 2
    rows = []
    for y in range(first_year, LAST_YEAR + 1):
        if y == mid_year:
            rows.append((f"{y}-midterm", f"{y}, Mid-term", f"{y}, შუალედური", f"{y}-06-30"))
        rows.append((f"{y}-annual", f"{y}, Annual", f"{y}, წლიური", f"{y}-12-31"))
    return Periods(rows, first_year)
