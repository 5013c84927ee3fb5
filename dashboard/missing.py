"""The one test for a missing value, shared by the formatting (dashboard.i18n), the charts and the findings.

No Streamlit or plotly here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas' NA: a value the data does not have. A list or array is not missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    kind = type(value)
    if kind is str or kind is int or kind is bool:  # the common cases, answered without pandas
        return False
    if kind is float:
        return value != value
    if pd.api.types.is_list_like(value):  # a list, tuple or array holds values: it is not one missing value
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
