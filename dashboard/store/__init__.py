"""Load and validate the dataset (one CSV file per table) into an in-memory DuckDB connection.

Every table of ``schema.TABLES`` is read as text, checked against the schema (collecting every problem, not
stopping at the first), converted to typed columns and loaded into DuckDB. When any problem is found,
``DataError`` is raised and nothing is loaded. No Streamlit here.

    ds = load_dataset("data")            # or load_dataset({"commitments.csv": b"...", ...})
    ds.con.cursor().execute("SELECT count(*) FROM commitments").fetchone()

The modules, in the order the data goes through them:

    reading.py        the files (a directory or uploaded bytes), encodings, CSV header and rows, dataset.json
    arrow_columns.py  vectorised helpers of the checks (pyarrow.compute, numpy masks, dates)
    rules.py          the rules of one table: column kinds, accepted values, patterns, lengths, key, date order
    validation.py     every table, then the references between tables; ``validate``
    loading.py        the checked columns into DuckDB; ``load_dataset``
    query_setup.py    the set-up SQL of the metric queries, run after loading
    dataset.py        the ``Dataset`` and ``resolve_data_dir``
    problems.py       ``Problem`` and ``DataError``
    cli.py            ``python -m dashboard validate``
"""

from dashboard.store.cli import cli_validate, summary
from dashboard.store.dataset import Dataset, resolve_data_dir
from dashboard.store.loading import DUCKDB_CONFIG, load_dataset
from dashboard.store.problems import DataError, Problem
from dashboard.store.rules import DATE_MAX_YEAR, DATE_MIN_YEAR
from dashboard.store.validation import validate

__all__ = ["DATE_MAX_YEAR", "DATE_MIN_YEAR", "DUCKDB_CONFIG", "DataError", "Dataset", "Problem", "cli_validate",
           "load_dataset", "resolve_data_dir", "summary", "validate"]
