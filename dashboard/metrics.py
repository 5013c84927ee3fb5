"""Run the metric queries (queries/<name>.sql) with bound parameters and return DataFrames.

No user value is ever formatted into SQL: the filters are bound as DuckDB parameters ($plan, $level, ...; lists as
DuckDB lists, "all" as NULL) and a query name must be the name of an existing file. Only the parameters a query's
SQL mentions are bound. The thresholds come from dashboard/thresholds.toml ($due_soon_days, $rag_*).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
import threading
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard import QUERIES_DIR, schema
from dashboard.missing import is_missing
from dashboard.schema import Filters
from dashboard.state import ParamError, parse_pairs

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.toml"

# A query name is a plain lower-case identifier; the set-up files (queries/setup.toml) start with "_": not queries.
QUERY_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_PARAM_PATTERN = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT_PATTERN = re.compile(r"--[^\n]*")

# Defaults of the extra parameters some queries take (overridable through run(..., **extra)).
# limit/offset page the row-level queries (limit None = every row); search/state narrow commitments_table; kind
# chooses the rows of slip_months.
EXTRA_DEFAULTS: dict[str, Any] = {"bin_days": 30, "limit": None, "offset": 0, "search": None, "state": None,
                                  "kind": "milestone"}
_LIST_EXTRAS = ("search", "state")

class QueryError(ValueError):
    """An unknown query name or a query that needs a parameter nobody supplied."""


# --------------------------------------------------------------------------------------------------------------
# Query files


def list_queries() -> list[str]:
    """Names of the metric queries (queries/*.sql without the set-up files), sorted."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql")
                  if not p.name.startswith("_") and QUERY_NAME_PATTERN.match(p.stem))


@functools.cache
def _query(name: str) -> tuple[str, tuple[str, ...]]:
    """(SQL text, parameter names it mentions) of a query, read once."""
    if not isinstance(name, str) or not QUERY_NAME_PATTERN.match(name) or name not in list_queries():
        raise QueryError(f"unknown query {name!r}; known queries: {', '.join(list_queries())}")
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    params = tuple(dict.fromkeys(_PARAM_PATTERN.findall(_COMMENT_PATTERN.sub("", sql))))
    return sql, params


def query_sql(name: str) -> str:
    """The SQL text of a query (for the methodology page)."""
    return _query(name)[0]


@functools.lru_cache(maxsize=1)
def thresholds() -> dict[str, float | int]:
    """The slippage and RAG thresholds as query parameters: due_soon_days, rag_on_track_bei, ..."""
    with THRESHOLDS_FILE.open("rb") as fh:
        cfg = tomllib.load(fh)
    out: dict[str, float | int] = {"due_soon_days": cfg["slippage"]["due_soon_days"]}
    out.update({f"rag_{key}": value for key, value in cfg["rag"].items()})
    return out


# --------------------------------------------------------------------------------------------------------------
# Running


def _list_or_null(values: Iterable | None) -> list | None:
    if values is None:
        return None
    if isinstance(values, (str, int)):
        values = (values,)
    values = list(values)
    return values or None


def filter_params(filters: Filters) -> dict[str, Any]:
    """The bound value of every filter parameter: lists (NULL = all), period and as_of (NULL = default)."""
    params: dict[str, Any] = {key: _list_or_null(getattr(filters, key)) for key in Filters.LIST_FIELDS}
    if params["sdg"] is not None:
        params["sdg"] = [int(v) for v in params["sdg"]]
    params["period"] = filters.period or None
    as_of = filters.as_of
    params["as_of"] = as_of.isoformat() if isinstance(as_of, dt.date) else (as_of or None)
    return params


def run(con, name: str, filters: Filters | None = None, **extra: Any) -> pd.DataFrame:
    """Run queries/<name>.sql on con with the filters (and extra parameters such as commitment=...) bound."""
    sql, needed = _query(name)
    values: dict[str, Any] = {**thresholds(), **EXTRA_DEFAULTS, **filter_params(filters or Filters()),
                              "theme_order": list(schema.THEMES)}
    for key, value in extra.items():
        values[key] = _list_or_null(value) if key in Filters.LIST_FIELDS or key in _LIST_EXTRAS else value
    missing = [p for p in needed if p not in values]
    if missing:
        raise QueryError(f"query {name!r} needs parameter(s) {', '.join(missing)}")
    if values.get("period") is not None and "period" in needed:
        ensure_period(con, values["period"])
    return _frame(con.execute(_statement(name, con), {p: values[p] for p in needed}))


# The load computes the per-period tables of queries/_derived.sql for the latest period only; another period is added
# on its first use. One lock for every dataset: adding a period is rare (once per period and dataset), and two
# sessions asking for the same period at once must not both add it.
_PERIOD_LOCK = threading.Lock()
_DERIVED_DIR = QUERIES_DIR / "derived"


def _derived_statements(name: str, con) -> tuple[Any, ...]:
    """The statements of queries/derived/<name>.sql, parsed once (as _statement does for a query)."""
    key = f"derived/{name}"
    statements = _STATEMENTS.get(key)
    if statements is None:
        statements = tuple(con.extract_statements((_DERIVED_DIR / f"{name}.sql").read_text(encoding="utf-8")))
        _STATEMENTS[key] = statements
    return statements


def ensure_period(con, period: str) -> None:
    """Make the per-period tables hold ``period`` (queries/derived/add_period.sql) unless they do or it does not
    exist; in one transaction, so a concurrent query sees the period's rows all or none."""
    (check,) = _derived_statements("missing_period", con)
    if con.execute(check, {"period": period}).fetchone() is None:
        return
    with _PERIOD_LOCK:
        row = con.execute(check, {"period": period}).fetchone()
        if row is None:
            return
        con.begin()
        try:
            for statement in _derived_statements("add_period", con):
                con.execute(statement, {"pkey": row[0]})
        except BaseException:
            con.rollback()
            raise
        con.commit()


_STATEMENTS: dict[str, Any] = {}


def _statement(name: str, con) -> Any:
    """The query's parsed statement, parsed once (a DuckDB Statement runs on any connection; executing it copies it):
    parsing the text again on every run costs ~0.1-0.2 ms, as much as running a small query."""
    statement = _STATEMENTS.get(name)
    if statement is None:
        sql = _query(name)[0]
        parsed = con.extract_statements(sql)
        statement = parsed[0] if len(parsed) == 1 else sql
        _STATEMENTS[name] = statement
    return statement


def _frame(result) -> pd.DataFrame:
    """The result as a DataFrame with the dtypes of DuckDB's .df(), built from fetchnumpy(): .df() costs ~0.6 ms
    per call whatever the size (more than a small query itself). NULLs in an integer or boolean column come as a
    masked array; they become pandas' nullable Int/boolean arrays, as .df() makes them, and None in other columns."""
    columns = result.fetchnumpy()
    for name, arr in columns.items():
        if isinstance(arr, np.ma.MaskedArray):
            mask = np.ma.getmaskarray(arr)
            if arr.dtype.kind in "iu":
                columns[name] = pd.arrays.IntegerArray(arr.data, mask)
            elif arr.dtype.kind == "b":
                columns[name] = pd.arrays.BooleanArray(arr.data, mask)
            elif arr.dtype.kind == "O":
                data = np.array(arr.data, dtype=object)   # None, as .df() (an all-NULL text column stays object)
                data[mask] = None
                columns[name] = data
    return pd.DataFrame(columns, copy=False)


# --------------------------------------------------------------------------------------------------------------
# Command line


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    return None if is_missing(value) else value


def to_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready records: dates as ISO strings, missing values as None."""
    return [{col: _json_value(val) for col, val in zip(df.columns, row, strict=True)}
            for row in df.itertuples(index=False, name=None)]


def to_csv(df: pd.DataFrame) -> str:
    """CSV text with ISO dates and empty cells for missing values."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            ts = out[col]
            midnight = ts.isna() | (ts == ts.dt.normalize())
            fmt = "%Y-%m-%d" if bool(midnight.all()) else "%Y-%m-%dT%H:%M:%S"
            out[col] = ts.dt.strftime(fmt)
    return out.to_csv(index=False, lineterminator="\n")


# What each --param takes, for `query --help` (the values are checked by state.parse_pairs).
_PARAM_HELP: dict[str, str] = {
    "plan": "action plan id(s), e.g. georgia-2018-2019 (data/action_plans.csv)",
    "level": "one of " + ", ".join(dict.fromkeys(schema.COMMITMENT_LEVELS + schema.PLAN_LEVELS)),
    "jurisdiction": "municipality or country id(s), e.g. rustavi,batumi (data/jurisdictions.csv)",
    "theme": "one or more of " + ", ".join(schema.THEMES),
    "sdg": "SDG number(s), " + f"{min(schema.SDGS)}-{max(schema.SDGS)}",
    "rating": "one or more of " + ", ".join(schema.RATING_FILTER_VALUES),
    "period": "one reporting period id, e.g. 2019-annual (default: the latest)",
    "as_of": "one date YYYY-MM-DD (default: the period's as-of date)",
    "commitment": "commitment id(s), e.g. GE-2018-6.2",
    "source": "assessment source(s), one or more of " + ", ".join(schema.ASSESSMENT_SOURCES)
              + " (the assessment queries only)",
}


def query_filters(name: str) -> tuple[str, ...]:
    """The --param keys (filters) that query `name` uses."""
    return tuple(p for p in _query(name)[1] if p in _PARAM_HELP)


def cli_help() -> str:
    """The epilog of `python -m dashboard query --help`: every query with the parameters it uses, and what each
    parameter takes."""
    width = max(map(len, list_queries())) + 2
    lines = ["queries (NAME) and the --param keys each uses:"]
    for name in list_queries():
        used = query_filters(name)
        text = "every filter" if len(used) == len(_PARAM_HELP) else ", ".join(used) or "no parameters"
        lines.append(f"  {name:<{width}}{text}")
    lines += ["", "parameters (--param KEY=VALUE, repeatable; a list is comma-separated, a list key may repeat):"]
    lines += [f"  {key:<14}{text}" for key, text in _PARAM_HELP.items()]
    return "\n".join(lines)


def unmatched(con, filters: Filters) -> list[str]:
    """One line for each --param value that names nothing in the data (a jurisdiction, plan, period, commitment
    id that does not exist), so an empty table is not mistaken for a real zero."""
    options = run(con, "filter_options")
    known = {dim: set(group["code"].astype(str)) for dim, group in options.groupby("dimension")}
    if filters.commitment:
        found = run(con, "commitment_detail", Filters(commitment=filters.commitment))
        known["commitment"] = set(found["commitment_id"].astype(str))
    out = []
    for key in _PARAM_HELP:
        value = getattr(filters, key)
        values = (value,) if isinstance(value, str) else tuple(value or ())
        if key not in known:
            continue
        for v in values:
            if str(v) not in known[key]:
                out.append(f"{key} {str(v)!r} matches nothing in the data")
    return out


def cli_query(name: str, params: list[str], data_dir: str | None = None, fmt: str = "csv") -> int:
    """`python -m dashboard query NAME --param key=value ...`: print the result as CSV or JSON records; a notice on
    stderr when a parameter matches nothing or no row is left."""
    try:
        filters = parse_pairs(params)
        _query(name)
    except (ParamError, QueryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from dashboard import store

    try:
        dataset = store.load_dataset(store.resolve_data_dir(data_dir))
    except store.DataError as exc:
        print(f"error: the data did not load:\n{exc}", file=sys.stderr)
        return 1
    df = run(dataset.con, name, filters)
    if fmt == "json":
        sys.stdout.write(json.dumps(to_records(df), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(to_csv(df))
    notices = unmatched(dataset.con, filters) if params else []
    if df.empty and params:
        notices.append(f"no rows match {' '.join('--param ' + p for p in params)}")
    for line in notices:
        print(f"notice: {line}", file=sys.stderr)
    return 0
