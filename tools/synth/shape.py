"""The numbers that shape the synthetic data: defaults, the last reporting year, how many municipalities,
milestones per commitment and the share of ratings not reported."""

from __future__ import annotations

import numpy as np

DEFAULT_SEED = 20240501
DEFAULT_PERIODS = 5
LAST_YEAR = 2023
N_MUNICIPALITIES = 59
RATING_MISSING_SHARE = 0.30
MILESTONE_COUNT_P = np.array([0.01, 0.03, 0.05, 0.10, 0.16, 0.23, 0.22, 0.20])  # 1..8, mean ≈ 5.94
