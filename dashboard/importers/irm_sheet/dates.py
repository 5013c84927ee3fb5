"""The sheet's planned dates -> "YYYY-MM", or empty with a warning. Nothing is guessed.

The sheet mixes forms: `9/1/2018` and `9/1/18` (month first, US style), `31/12/2014` (day first), `July 2014`,
`Spring 2015`, `2012`, `NA`. A numeric date whose day-month order cannot be told from the cell itself (both parts
12 or less and different) takes the order shown by the other date of the same row when that one can be told;
otherwise it stays empty with a warning.
"""

from __future__ import annotations

import re

from dashboard.importers.irm_sheet.vocabulary import NOT_REPORTED_CODES

MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_ISO = re.compile(r"^((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?(?:[ T].*)?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+((?:19|20)\d{2})$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_SEASON = re.compile(r"^(spring|summer|autumn|fall|winter)\s+(?:19|20)\d{2}$", re.IGNORECASE)

MONTH_FIRST, DAY_FIRST, UNKNOWN = "month_first", "day_first", "unknown"


def numeric_order(text: str) -> str | None:
    """The day-month order a numeric date shows by itself: MONTH_FIRST, DAY_FIRST, UNKNOWN (cannot be told) or
    None when the text is not a numeric d/m/y date (or the order does not matter)."""
    m = _NUMERIC.match(text.strip())
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a > 12 >= b:
        return DAY_FIRST
    if b > 12 >= a:
        return MONTH_FIRST
    if a == b and a <= 12:
        return None
    return UNKNOWN if a <= 12 and b <= 12 else None


def row_order(*texts: str) -> str | None:
    """The order a row's dates show: the one order its unambiguous numeric dates agree on, else None."""
    orders = {numeric_order(t) for t in texts} - {None, UNKNOWN}
    return orders.pop() if len(orders) == 1 else None


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def parse_month(text: str, order: str | None = None) -> tuple[str, str | None]:
    """(YYYY-MM or "", warning or None) of a sheet date; `order` is the row's day-month order (row_order)."""
    raw = (text or "").strip()
    if not raw or raw.upper() in NOT_REPORTED_CODES:
        return "", None
    m = _NUMERIC.match(raw)
    if m:
        return _numeric(raw, m, order)
    m = _ISO.match(raw)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{m.group(2)}", None
    m = _MONTH_YEAR.match(raw)
    if m and m.group(1).lower() in MONTHS:
        return f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}", None
    if _SEASON.match(raw):
        return "", f"{raw!r} is a season, not a month: left empty"
    if _YEAR.match(raw):
        return "", f"{raw!r} is a year without a month: left empty"
    return "", f"{raw!r} is not a date this importer can read: left empty"


def _numeric(raw: str, m: re.Match, order: str | None) -> tuple[str, str | None]:
    a, b, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
    own = numeric_order(raw)
    if own == UNKNOWN:
        if order is None:
            return "", (f"{raw!r}: day and month cannot be told apart (both 12 or less and the row's other date "
                        "does not show the order): left empty")
        own = order
    month = b if own == DAY_FIRST else a
    day = a if own == DAY_FIRST else b
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return "", f"{raw!r} is not a valid date: left empty"
    return f"{year:04d}-{month:02d}", None
