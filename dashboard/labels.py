"""Plain-text labels of data values, shared by the charts (dashboard/charts/) and the findings (dashboard/findings.py).

    category_name(row, "sdg", "en")   -> "16. Peace, Justice and Strong Institutions"
    slip_bin_label(0, 31, "en")       -> "0 – 30"   (a bin of slip days, half-open: 0 <= days < 31)

Plain text: a chart escapes it for plotly (charts.common.plotly_escape). No Streamlit or plotly here.
"""

from __future__ import annotations

from typing import Any

from dashboard import i18n
from dashboard.missing import is_missing

# The completion queries' key column and label stem per dimension (docs/contracts.md).
CATEGORY_KEY = {"jurisdiction": "jurisdiction_id", "theme": "theme_id", "sdg": "sdg"}
CATEGORY_STEM = {"jurisdiction": "name", "theme": "label", "sdg": "label"}


def category_name(row: Any, dimension: str, lang: str) -> str:
    """The display name of a category row: data text in lang (fallback marked); SDGs numbered, "16. Peace…"."""
    text = i18n.data_label(row, CATEGORY_STEM[dimension], lang)
    if dimension == "sdg" and not is_missing(row.get("sdg")):
        text = f"{int(row['sdg'])}. {text}"
    return text


def slip_bin_label(start: Any, end: Any, lang: str) -> str:
    """The label of a bin of slip days [start, end): "0 – 30", "365 or more"; "days unknown" with neither end."""
    if is_missing(start) and is_missing(end):
        return i18n.t("chart.slip_distribution.bin_unknown", lang)
    if is_missing(end):
        return i18n.t("chart.slip_distribution.bin_open", lang, start=i18n.fmt_number(start, lang))
    # Bins are half-open (bin_start <= days < bin_end): label them by their first and last whole day.
    last = int(end) - 1
    if is_missing(start) or int(start) >= last:
        return i18n.fmt_number(last if is_missing(start) else start, lang)
    return f"{i18n.fmt_number(start, lang)} – {i18n.fmt_number(last, lang)}"


def irm_label(kind: str, code: Any, lang: str) -> str:
    """The label of an IRM code of `kind` (completion, open_government, potential_impact, yes_no): the IRM's own
    word, or one of the three kinds of "not reported" (nd, nr, na); an empty value is "No assessment"."""
    if is_missing(code) or code == "":
        return i18n.t("irm_not_reported.none", lang)
    if code in ("nd", "nr", "na"):
        return i18n.t(f"irm_not_reported.{code}", lang)
    key = f"irm_{kind}.{code}"
    return i18n.t(key, lang) if i18n.has_key(key, lang) else str(code)


def assessment_value_label(source: Any, value: Any, lang: str) -> str:
    """The label of an assessment_history value: a portal rating or an IRM completion."""
    if source == "portal":
        return i18n.label("rating", value, lang)
    return irm_label("completion", value, lang)
