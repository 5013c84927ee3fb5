"""Synthetic dataset generator for benchmarks at scale.

    python -m tools.synth --commitments N --out DIR [--seed S] [--periods K]

Writes one CSV per table of ``schema.TABLES`` (exactly the schema's columns, in order, UTF-8) and
``DIR/dataset.json`` marking the data as synthetic. The output is byte-identical for a given seed, size and
period count. Every text is visibly synthetic ("[synthetic]" / "[სინთეზური]"), every URL points at
example.org. Shapes follow the real data: ~60 jurisdictions, national and local plans over several years,
1–8 milestones per commitment (mean ≈ 6), 1–3 themes and 0–3 SDGs per commitment, several reporting periods
(annual, plus a mid-term), ~30% of ratings not reported, milestones early, on time and late, some done with
unknown dates. Everything is vectorised with numpy and pyarrow, so 50,000 commitments take a few seconds.

The modules, in the order the data is built:
  vocabulary.py   the words (English / Georgian pairs) and the synthetic marks
  shape.py        the numbers: defaults, last year, municipalities, milestones per commitment, missing ratings
  cells.py        CSV-encoded string cells (pyarrow) and date helpers
  sampling.py     weighted draws without replacement, positions within groups (numpy)
  reference.py    themes, SDGs, state and rating labels, reporting periods
  places.py       jurisdictions and action plans
  commitments.py  commitments, their jurisdictions, themes and SDGs
  milestones.py   milestones with latent true dates and the dates a source states
  progress.py     which periods report, states at each as-of date, milestone and commitment progress
  generate.py     `generate`: every table, in the schema's order
  write.py        `write`: the CSV files and dataset.json
  cli.py          `main`: the command line
"""

from tools.synth.cli import main
from tools.synth.generate import generate
from tools.synth.shape import (
    DEFAULT_PERIODS,
    DEFAULT_SEED,
    LAST_YEAR,
    MILESTONE_COUNT_P,
    N_MUNICIPALITIES,
    RATING_MISSING_SHARE,
)
from tools.synth.vocabulary import MARK_EN, MARK_KA, URL_BASE
from tools.synth.write import GENERATED_BY, metadata, write

__all__ = [
    "DEFAULT_PERIODS",
    "DEFAULT_SEED",
    "GENERATED_BY",
    "LAST_YEAR",
    "MARK_EN",
    "MARK_KA",
    "MILESTONE_COUNT_P",
    "N_MUNICIPALITIES",
    "RATING_MISSING_SHARE",
    "URL_BASE",
    "generate",
    "main",
    "metadata",
    "write",
]
