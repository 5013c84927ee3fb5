"""Filter and language state <-> URL query parameters. Only validated codes get through.

    ?lang=ka&jurisdiction=rustavi,batumi&period=2019-annual&plan=...&level=...&theme=...&sdg=16
     &rating=not_reported&as_of=2019-12-31&commitment=GE-2018-6.2&present=1&page=2
     &compare=rustavi,batumi&source=irm

    filters, lang, notices = parse(params, options)    # params: {key: str | list[str]} (repeated keys as lists)
    params = to_params(filters, lang, view)             # {key: "comma,joined,raw,codes"}, defaults omitted

`options` holds the valid codes per dimension: {dimension: codes} (see options_from_rows for the rows of the
`filter_options` query: dimension, code, label_en, label_ka, sort). A dimension missing from `options` (or
options=None) is checked against the schema's accepted values or code pattern instead.

Anything that is not a valid code — unknown keys, unknown or malformed values, over-long values, repeated keys,
too many values — is dropped and reported as a Notice (an i18n key plus the offending text, cut short and stripped
of control characters). Notices are rendered as plain text, never HTML or Markdown. parse never raises.
Pure: no Streamlit import.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from dashboard import i18n, schema
from dashboard.i18n import DEFAULT_LANG, LANGS
from dashboard.missing import is_missing
from dashboard.schema import Filters

LIST_PARAMS: tuple[str, ...] = ("plan", "level", "jurisdiction", "theme", "sdg", "rating", "commitment", "source")
SINGLE_PARAMS: tuple[str, ...] = ("period", "as_of")
# source: portal and/or irm, on the assessments view where it changes what is counted.
FILTER_PARAMS: tuple[str, ...] = ("plan", "level", "jurisdiction", "theme", "sdg", "rating", "period", "as_of",
                                  "commitment", "source")
# compare: the 2-4 jurisdictions of the Municipalities page's side-by-side comparison (validated like jurisdiction).
VIEW_PARAMS: tuple[str, ...] = ("present", "page", "compare")
MAX_COMPARE = 4
PARAMS: tuple[str, ...] = ("lang",) + FILTER_PARAMS + VIEW_PARAMS
# The sidebar filters, in display order (as_of and commitment are set by links from pages, not by the sidebar).
SIDEBAR_FILTERS: tuple[str, ...] = ("plan", "level", "jurisdiction", "theme", "sdg", "rating", "period")

MAX_PARAMS = 30            # parameters looked at; the rest are dropped with one notice
MAX_VALUE_LENGTH = 1000    # characters of one raw parameter value
MAX_ITEMS = 50             # comma-separated values per parameter
MAX_CODE_LENGTH = 150      # characters of one code
MAX_PAGE = 100_000
SHOWN_LENGTH = 60          # characters of an offending value shown in a notice

_SLUG = re.compile(schema.SLUG_PATTERN)
_PERIOD = re.compile(schema.PERIOD_ID_PATTERN)
_COMMITMENT = re.compile(schema.ID_PATTERN)   # the form of every key column of the data
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SDG = re.compile(r"^[1-9][0-9]?$")

# Fallback validation when `options` does not list a dimension.
_FALLBACK_CODES: dict[str, tuple[str, ...]] = {
    "level": tuple(dict.fromkeys(schema.COMMITMENT_LEVELS + schema.PLAN_LEVELS)),
    "theme": schema.THEMES,
    "sdg": tuple(str(s) for s in schema.SDGS),
    "rating": schema.RATING_FILTER_VALUES,
    "source": schema.ASSESSMENT_SOURCES,
}
# Text the command line binds as given (SQL parameters, never code); the URL takes codes of a fixed form only.
_FREE_TEXT = frozenset({"plan", "jurisdiction", "commitment", "period"})
_FORMS: dict[str, re.Pattern[str]] = {
    "plan": _SLUG, "jurisdiction": _SLUG, "level": _SLUG, "theme": _SLUG, "rating": _SLUG,
    "period": _PERIOD, "commitment": _COMMITMENT, "sdg": _SDG, "as_of": _ISO_DATE, "source": _SLUG,
}


@dataclass(frozen=True)
class Notice:
    """Something in the URL that was dropped. `key` is an i18n key (notice.*); render with
    i18n.t(notice.key, lang, **notice.kwargs()) and show the result as plain text."""
    key: str
    param: str
    value: str = ""
    limit: int | None = None

    def kwargs(self) -> dict[str, Any]:
        return {"param": self.param, "value": self.value, "limit": "" if self.limit is None else self.limit}


@dataclass(frozen=True)
class View:
    """URL state that is not a filter: presentation mode and a 1-based page number (tables, slides)."""
    present: bool = False
    page: int | None = None
    compare: tuple[str, ...] = ()


def shown(text: Any, limit: int = SHOWN_LENGTH) -> str:
    """An offending value made safe to show: control and format characters replaced, cut to `limit` chars."""
    try:
        s = text if isinstance(text, str) else repr(text)
    except Exception:
        s = "?"
    s = "".join("\N{REPLACEMENT CHARACTER}" if unicodedata.category(ch)[0] in ("C", "Z") and ch != " " else ch
                for ch in s[: limit + 1])
    return s if len(s) <= limit else s[:limit] + "…"


def options_from_rows(rows: Iterable[Any]) -> dict[str, tuple[str, ...]]:
    """{dimension: codes in `sort` order} from the rows of the `filter_options` query (mappings, namedtuples or
    a DataFrame's .to_dict("records")). Codes become strings (SDG 16 -> "16")."""
    found: dict[str, list[tuple[Any, int, str]]] = {}
    for i, row in enumerate(rows):
        get = row.get if isinstance(row, Mapping) else (lambda k, _r=row: getattr(_r, k, None))
        dim, code, sort = get("dimension"), get("code"), get("sort")
        if dim is None or code is None:
            continue
        try:
            sort_key = float(i) if is_missing(sort) else float(sort)
        except (TypeError, ValueError):
            sort_key = float(i)
        code_str = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)
        found.setdefault(str(dim), []).append((sort_key, i, code_str))
    return {dim: tuple(dict.fromkeys(code for _, _, code in sorted(items))) for dim, items in found.items()}


def _valid_codes(dim: str, options: Mapping[str, Iterable[Any]] | None) -> frozenset[str] | None:
    if options is not None and dim in options:
        return frozenset(str(c) for c in options[dim])
    codes = _FALLBACK_CODES.get(dim)
    return frozenset(codes) if codes is not None else None


def _values(raw: Any) -> list[str] | None:
    """A parameter's raw occurrences as strings; None when not text."""
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, (list, tuple)):
        if not all(isinstance(v, str) for v in raw):
            return None
        return list(raw)
    return None


def _check_code(dim: str, code: str, valid: frozenset[str] | None) -> str | None:
    """None when the code is acceptable, else the notice key."""
    if len(code) > MAX_CODE_LENGTH or not _FORMS[dim].match(code):
        return "notice.malformed_value"
    if dim == "as_of":
        try:
            day = _dt.date.fromisoformat(code)
        except ValueError:
            return "notice.malformed_value"
        if not schema.DATE_MIN_YEAR <= day.year <= schema.DATE_MAX_YEAR:
            return "notice.date_out_of_range"   # no data can hold it (the store refuses such dates)
        return None
    if valid is not None and code not in valid:
        return "notice.unknown_value"
    return None


def parse(params: Mapping[str, Any] | None, options: Mapping[str, Iterable[Any]] | None = None,
          default_lang: str = DEFAULT_LANG) -> tuple[Filters, str, list[Notice]]:
    """URL parameters -> (Filters with valid codes only, language, notices). Never raises."""
    try:
        return _parse(params, options, default_lang)
    except Exception:
        return Filters(), default_lang if default_lang in LANGS else DEFAULT_LANG, [
            Notice("notice.malformed_value", "?", "")]


def _parse(params: Mapping[str, Any] | None, options: Mapping[str, Iterable[Any]] | None,
           default_lang: str) -> tuple[Filters, str, list[Notice]]:
    notices: list[Notice] = []
    lang = default_lang if default_lang in LANGS else DEFAULT_LANG
    values: dict[str, Any] = {}
    items = list(params.items()) if params else []
    for n, (key, raw) in enumerate(items):
        if n >= MAX_PARAMS:
            notices.append(Notice("notice.too_many_params", shown(key), limit=MAX_PARAMS))
            break
        text = _first_value(key, raw, notices)
        if text is None:
            continue
        if key == "lang":
            code = text.lower()
            if code in LANGS:
                lang = code
            elif code:
                notices.append(Notice("notice.unknown_value", key, shown(text)))
        elif key in VIEW_PARAMS:
            _check_view_value(key, text, options, notices)
        else:
            values[key] = filter_value(key, text, options, notices)
    return Filters(**values), lang, notices


def _first_value(key: Any, raw: Any, notices: list[Notice]) -> str | None:
    """The parameter's first value, stripped; None (with a notice) when the key or the value cannot be used."""
    if not isinstance(key, str) or key not in PARAMS:
        notices.append(Notice("notice.unknown_param", shown(key)))
        return None
    occurrences = _values(raw)
    if occurrences is None:
        notices.append(Notice("notice.malformed_value", key, shown(raw)))
        return None
    if not occurrences:
        return None
    first, extra = occurrences[0], occurrences[1:]
    for other in extra:
        notices.append(Notice("notice.repeated_param", key, shown(other)))
    if len(first) > MAX_VALUE_LENGTH:
        notices.append(Notice("notice.too_long", key, shown(first), limit=MAX_VALUE_LENGTH))
        return None
    return first.strip()


def _check_view_value(key: str, text: str, options: Mapping[str, Iterable[Any]] | None,
                      notices: list[Notice]) -> None:
    """Notices for a view parameter (present, page, compare); parse_view reads their values."""
    if key == "present":
        if text not in ("1", "true", "0", "false", ""):
            notices.append(Notice("notice.malformed_value", key, shown(text)))
    elif key == "compare":
        valid = _valid_codes("jurisdiction", options)
        for p in [p.strip() for p in text.split(",") if p.strip()]:
            problem = _check_code("jurisdiction", p, valid)
            if problem:
                notices.append(Notice(problem, key, shown(p)))
    elif text and not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_PAGE
                       and not text.startswith("0")):
        notices.append(Notice("notice.malformed_value", key, shown(text)))


def filter_value(key: str, text: str, options: Mapping[str, Iterable[Any]] | None, notices: list[Notice],
                 lenient: bool = False) -> Any:
    """The value of filter `key` from its comma-separated text: the valid codes, each once (a tuple; an int tuple
    for sdg), or one code or None for period and as_of. Each dropped code adds a notice. `lenient` (the command
    line) takes any text for plan, jurisdiction, commitment and period: it is bound as a parameter, never code."""
    parts = [p for p in (p.strip() for p in text.split(",")) if p]
    if key in SINGLE_PARAMS and len(parts) > 1:
        notices.extend(Notice("notice.single_value", key, shown(p)) for p in parts[1:])
        parts = parts[:1]
    if len(parts) > MAX_ITEMS:
        notices.append(Notice("notice.too_many_values", key, limit=MAX_ITEMS))
        parts = parts[:MAX_ITEMS]
    valid = _valid_codes(key, options)
    kept: list[str] = []
    for p in parts:
        problem = None if lenient and key in _FREE_TEXT else _check_code(key, p, valid)
        if problem:
            notices.append(Notice(problem, key, shown(p)))
        elif p not in kept:
            kept.append(p)
    if key in SINGLE_PARAMS:
        return kept[0] if kept else None
    return tuple(int(p) for p in kept) if key == "sdg" else tuple(kept)


# ----------------------------------------------------------------------------------------------------- command line

class ParamError(ValueError):
    """A `key=value` parameter of the command line that cannot be used (the message says which and why)."""


def parse_pairs(items: Iterable[str]) -> Filters:
    """Filters from the command line's `key=value` strings, through the same value parser as the URL. Lists are
    comma-separated and a list key may be repeated; the first problem raises ParamError."""
    merged: dict[str, str] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParamError(f"malformed parameter {item!r}: expected key=value")
        if key not in FILTER_PARAMS:
            raise ParamError(f"unknown parameter {key!r}: expected one of {', '.join(FILTER_PARAMS)}")
        if key in merged and key in SINGLE_PARAMS:
            raise ParamError(f"parameter {key!r} given more than once")
        merged[key] = f"{merged[key]},{raw}" if key in merged else raw
    notices: list[Notice] = []
    values = {key: filter_value(key, text.strip(), None, notices, lenient=True) for key, text in merged.items()}
    if notices:
        first = notices[0]
        message = i18n.t(first.key, "en", **first.kwargs())
        expected = _FALLBACK_CODES.get(first.param)
        raise ParamError(f"parameter {message}" + (f" (expected one of {', '.join(expected)})" if expected else ""))
    return Filters(**values)


def parse_view(params: Mapping[str, Any] | None) -> View:
    """The non-filter URL state (present, page); invalid values give the defaults (parse reports them)."""
    present, page, compare = False, None, ()
    try:
        for key in VIEW_PARAMS:
            occ = _values(params.get(key)) if params else None
            if key == "compare":
                if occ and len(occ[0]) <= MAX_VALUE_LENGTH:
                    codes = [p.strip() for p in occ[0].split(",") if p.strip()]
                    codes = [p for p in codes if len(p) <= MAX_CODE_LENGTH and _SLUG.match(p)]
                    compare = tuple(dict.fromkeys(codes))[:MAX_COMPARE]
                continue
            if not occ or len(occ[0]) > 10:
                continue
            text = occ[0].strip()
            if key == "present":
                present = text in ("1", "true")
            elif text.isascii() and text.isdigit() and not text.startswith("0") and int(text) <= MAX_PAGE:
                page = int(text)
    except Exception:
        pass
    return View(present=present, page=page, compare=compare)


def to_params(filters: Filters, lang: str, view: View | None = None) -> dict[str, str]:
    """Filters (+ language, view) -> URL parameters with comma-joined raw codes. Empty filters, the latest period,
    presentation off and no page are omitted; the language is always included so a link reproduces the view."""
    out: dict[str, str] = {"lang": lang if lang in LANGS else DEFAULT_LANG}
    for f in fields(Filters):
        value = getattr(filters, f.name)
        if f.name in SINGLE_PARAMS:
            if value:
                out[f.name] = str(value)
        elif value:
            out[f.name] = ",".join(str(v) for v in value)
    if view is not None:
        if view.present:
            out["present"] = "1"
        if view.page is not None:
            out["page"] = str(view.page)
        if view.compare:
            out["compare"] = ",".join(view.compare)
    return out


def canonical_key(filters: Filters) -> tuple[tuple[str, str], ...]:
    """A hashable, order-independent key of the filters (for caches)."""
    items = to_params(filters, DEFAULT_LANG)
    items.pop("lang", None)
    normalized = {k: ",".join(sorted(v.split(","))) if k in LIST_PARAMS else v for k, v in items.items()}
    return tuple(sorted(normalized.items()))


def replace(filters: Filters, **changes: Any) -> Filters:
    """A copy of filters with some fields changed; list fields become tuples."""
    clean = {k: (tuple(v) if k in LIST_PARAMS and v is not None else v) for k, v in changes.items()}
    return Filters(**{**{f.name: getattr(filters, f.name) for f in fields(Filters)}, **clean})
