"""Translation catalogs (dashboard/locales/<lang>.json) and Babel formatting of numbers and dates.

    t("nav.overview", "ka")                        -> "მიმოხილვა"
    t("metric.coverage", "en", reported=12, total=54)
    t("page.data.rows", "en", n="1")               -> "1 row"   (catalog: "{n} {n:row|rows}")
    label("rating", "fully_implemented", "ka")     -> "სრულად შესრულდა"
    fmt_number(1234.5, "ka", decimals=1)           -> "1 234,5" (non-breaking space)
    fmt_month(date(2018, 7, 1), "ka")              -> "ივლისი 2018"
    data_text(row, "title", "ka")                  -> (text, fell_back)

Catalogs are flat JSON objects sorted by key; both languages hold the same keys (tests/test_i18n.py).
Singular and plural: a placeholder with a format spec `{n:one|other}` becomes `one` when the value of n is the
number 1 and `other` otherwise (`"{n} {n:milestone|milestones} {n:is|are} overdue"`); the value may be a number or
a formatted one ("1", "1,234"). English needs it; Georgian puts the singular after numbers and does not use it.
A missing key raises MissingTranslation with DASHBOARD_I18N_STRICT=1 (tests/conftest.py sets it) and otherwise
falls back to English, then to the bracketed key, so a page never breaks over a missing string.
No Streamlit import here.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import string
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal

from dashboard.missing import is_missing

LANGS: tuple[str, ...] = ("en", "ka")
DEFAULT_LANG = "en"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
# Shown for a value that is missing (None/NaN) by the fmt_* functions: language-neutral.
MISSING = "—"


class MissingTranslation(KeyError):
    """A catalog key that does not exist (raised in strict mode)."""


def normalize_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def strict() -> bool:
    """Strict mode (DASHBOARD_I18N_STRICT=1; tests/conftest.py sets it): missing keys and placeholders raise."""
    return os.environ.get("DASHBOARD_I18N_STRICT", "") not in ("", "0", "false", "no")


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """The catalog of one language (read once per process)."""
    path = LOCALES_DIR / f"{normalize_lang(lang)}.json"
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a flat JSON object")
    return data


def reload_catalogs() -> None:
    catalog.cache_clear()


def has_key(key: str, lang: str = DEFAULT_LANG) -> bool:
    return key in catalog(lang)


def _plural_value(value: Any) -> float | None:
    """The number a placeholder value stands for (an int/float, or a formatted number such as "1,234")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.replace("\u2212", "-")
    try:
        return float(text)
    except ValueError:
        return None


class _PluralFormatter(string.Formatter):
    """str.format_map, plus `{name:one|other}`: `one` when the value is the number 1 (English plural rule)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if _plural_value(value) in (1.0, -1.0) else other
        return super().format_field(value, format_spec)


_FORMATTER = _PluralFormatter()


class _StrictDict(dict):
    def __missing__(self, key: str) -> str:
        if strict():
            raise MissingTranslation(f"placeholder {{{key}}} not supplied")
        return "{" + key + "}"


def t(key: str, lang: str, /, **kwargs: Any) -> str:
    """The text of `key` in `lang`, with `{placeholders}` filled from kwargs (values are inserted as given).

    Without kwargs the text is returned as stored (a template such as a Plotly hover text with %{y} stays intact);
    with kwargs, literal braces in the catalog text must be doubled ({{ }}).
    """
    lang = normalize_lang(lang)
    text = catalog(lang).get(key)
    if text is None:
        if strict():
            raise MissingTranslation(f"{key!r} is not in the {lang} catalog")
        fallback = catalog(DEFAULT_LANG).get(key)
        text = f"{fallback} ⟨{DEFAULT_LANG}⟩" if fallback is not None else f"⟦{key}⟧"
    if kwargs:
        values = _StrictDict(kwargs)
        text = _FORMATTER.vformat(text, (), values) if "|" in text else text.format_map(values)
    return text


def label(kind: str, code: Any, lang: str) -> str:
    """The label of a code: label("rating", "mostly_implemented", lang) = t("rating.mostly_implemented", lang).

    A NULL code is "not reported" (ratings, states) — never dropped. An unknown code is shown as is at run time.
    """
    if is_missing(code):
        code = "not_reported"
    key = f"{kind}.{code}"
    if has_key(key, lang) or strict():
        return t(key, lang)
    return str(code)


# ---------------------------------------------------------------------------------------------- formatting

def fmt_number(x: Any, lang: str, decimals: int = 0) -> str:
    """1234.5 -> "1,234.5" (en) / "1 234,5" (ka, non-breaking space). None/NaN -> "—"."""
    if is_missing(x):
        return MISSING
    if hasattr(x, "item") and not isinstance(x, (int, float)):  # numpy scalar: its Python value (hashable)
        x = x.item()
    if isinstance(x, (int, float)) and not isinstance(x, bool) and (x or isinstance(x, int)):  # -0.0 == 0: not cached
        return _format_decimal(x, int(decimals), normalize_lang(lang))
    return _format_decimal.__wrapped__(x, int(decimals), normalize_lang(lang))


@lru_cache(maxsize=65536)
def _format_decimal(x: Any, decimals: int, lang: str) -> str:
    """Babel's number formatting (slow: ~0.1 ms a call), memoised: charts and tables repeat the same few numbers."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return _babel_format_decimal(x, format=pattern, locale=lang, decimal_quantization=True)


def fmt_percent(x: Any, lang: str, decimals: int = 0) -> str:
    """A share 0..1 as a percentage: 0.125 -> "13%" / with decimals=1 "12.5%" (en), "12,5%" (ka)."""
    if is_missing(x):
        return MISSING
    return fmt_number(float(x) * 100.0, lang, decimals) + "%"


def to_date(d: Any) -> _dt.date | None:
    """A date from a date/datetime/pandas Timestamp/ISO string ("2019-09-10", "2019-09"); None when missing."""
    if is_missing(d):
        return None
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    if hasattr(d, "to_pydatetime"):
        return d.to_pydatetime().date()
    text = str(d).strip()
    if len(text) == 7:
        text += "-01"
    return _dt.date.fromisoformat(text[:10])


def fmt_date(d: Any, lang: str) -> str:
    """10 September 2019 / 10 სექტემბერი 2019. None -> "—"."""
    day = to_date(d)
    if day is None:
        return MISSING
    return _format_date(day, "d MMMM y", normalize_lang(lang))


def fmt_month(d: Any, lang: str) -> str:
    """July 2018 / ივლისი 2018 (as the portal publishes months). None -> "—"."""
    day = to_date(d)
    if day is None:
        return MISSING
    return _format_date(day, "LLLL y", normalize_lang(lang))


@lru_cache(maxsize=16384)
def _format_date(day: _dt.date, pattern: str, lang: str) -> str:
    """Babel's date formatting, memoised (a page formats the same few dates many times)."""
    return _babel_format_date(day, pattern, locale=lang)


def month_name(month: int, lang: str) -> str:
    """Stand-alone month name 1..12: "July" / "ივლისი" (for chart tick labels)."""
    return _format_date(_dt.date(2000, month, 1), "LLLL", normalize_lang(lang))


def fmt_days(n: Any, lang: str) -> str:
    """A number of days: "253 days" / "253 დღე"."""
    if is_missing(n):
        return MISSING
    return t("unit.days", lang, n=fmt_number(n, lang))


# ---------------------------------------------------------------------------------------------- data text

def _get(row: Any, name: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(name)
    getter = getattr(row, "get", None)  # pandas Series
    if callable(getter):
        try:
            return getter(name)
        except Exception:  # any row-like object: a failing getter means no value
            return None
    return getattr(row, name, None)


def _present(value: Any) -> bool:
    return not is_missing(value) and str(value).strip() != ""


def other_lang(lang: str) -> str:
    return "ka" if normalize_lang(lang) == "en" else "en"


def data_text(row: Any, stem: str, lang: str) -> tuple[str, bool]:
    """The data text `<stem>_<lang>` of a row (dict, pandas Series or namedtuple), else the other language.

    Returns (text, fell_back): fell_back is True when the text is in the other language, so the page shows
    fallback_marker(...) next to it. ("", False) when neither language has it.
    """
    lang = normalize_lang(lang)
    value = _get(row, f"{stem}_{lang}")
    if _present(value):
        return str(value), False
    value = _get(row, f"{stem}_{other_lang(lang)}")
    if _present(value):
        return str(value), True
    return "", False


def fallback_marker(lang: str) -> str:
    """The marker for a text that fell back from `lang` to the other language: "(EN)" on a Georgian page."""
    lang = normalize_lang(lang)
    return t(f"data.fallback_marker.{other_lang(lang)}", lang)


def data_label(row: Any, stem: str, lang: str) -> str:
    """data_text with the fallback marker appended when it fell back: "Batumi (EN)". Plain text."""
    text, fell_back = data_text(row, stem, lang)
    return f"{text} {fallback_marker(lang)}" if fell_back else text
