"""The data a session reads: the served data directory (one per process, shared read-only) or this session's own
upload, the session's DuckDB cursor on it, and metric results cached per dataset version, query and filters."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import metrics
from dashboard.housekeeping import start_periodic_gc
from dashboard.live_data import LiveData
from dashboard.schema import Filters
from dashboard.store import resolve_data_dir

# Session-state keys.
USER_DATASET_KEY = "user_dataset"      # a UserDataset: this session's own upload, takes precedence
_CURSOR_KEY = "_db_cursor"             # (dataset key, cursor)

_CURSOR_LOCK = threading.Lock()


@dataclass
class UserDataset:
    """A dataset uploaded in this session (kept in st.session_state only, never on disk or in a shared cache)."""
    dataset: Any
    key: str          # content hash: the cache version of its query results
    label: str        # shown in the banner (plain text)


def content_key(files: Mapping[str, bytes]) -> str:
    """A version key for uploaded files: hash of names and contents."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(files[name]).digest())
    return "upload:" + h.hexdigest()[:32]


def set_user_dataset(dataset: Any, key: str, label: str) -> None:
    """Use an uploaded dataset for the rest of this session (the upload page calls this)."""
    st.session_state[USER_DATASET_KEY] = UserDataset(dataset, key, label)
    st.session_state.pop(_CURSOR_KEY, None)


def clear_user_dataset() -> None:
    """Back to the bundled data."""
    st.session_state.pop(USER_DATASET_KEY, None)
    st.session_state.pop(_CURSOR_KEY, None)


@st.cache_resource(show_spinner=False)
def live_data(data_dir: str) -> LiveData:
    """The bundled (or $DASHBOARD_DATA) data, one per process, shared read-only by all sessions (each queries it
    through its own cursor). dashboard/live_data.py: reloaded only when a changed directory validates; a bad
    replacement keeps the last good data; before the first good load the error propagates (error page, retry)."""
    start_periodic_gc()   # memory of closed sessions is returned (runner.postScriptGC is off: docs/reliability.md)
    return LiveData(Path(data_dir))


def active_dataset() -> tuple[Any, str, UserDataset | None]:
    """(dataset, version key, the session's upload or None): the upload when there is one, else the served data."""
    user = st.session_state.get(USER_DATASET_KEY)
    if isinstance(user, UserDataset):
        return user.dataset, user.key, user
    dataset, key = live_data(str(resolve_data_dir(None))).current()
    return dataset, key, None


def session_cursor(dataset: Any, key: str) -> Any:
    """This session's cursor on the dataset (one per session and dataset version)."""
    held = st.session_state.get(_CURSOR_KEY)
    if held is not None and held[0] == key:
        return held[1]
    with _CURSOR_LOCK:  # the shared connection hands out one cursor per session
        cursor = dataset.con.cursor()
    st.session_state[_CURSOR_KEY] = (key, cursor)
    return cursor


@st.cache_data(show_spinner=False, max_entries=2000, ttl=6 * 3600)
def _cached_metric(dataset_key: str, name: str, filters_key: tuple, extra_key: tuple,
                   _cursor: Any, _filters: Filters, _extra: dict[str, Any]) -> pd.DataFrame:
    return metrics.run(_cursor, name, _filters, **_extra)


def cached_metric(dataset_key: str, cursor: Any, name: str, filters: Filters, filters_key: tuple,
                  extra: Mapping[str, Any]) -> pd.DataFrame:
    """queries/<name>.sql run on `cursor`, cached by (dataset version, name, filters, extra parameters)."""
    extra_key = tuple(sorted((k, repr(v)) for k, v in extra.items()))
    return _cached_metric(dataset_key, name, filters_key, extra_key, cursor, filters, dict(extra))
