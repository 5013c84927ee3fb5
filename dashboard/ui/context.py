"""What a page receives for one run: the language, the validated filters and view, the session's cursor on its
dataset, the filter options, and helpers for text in the page language, cached metric runs and links.

The frame (dashboard/ui/app.py) builds one PageContext per run and hands it to the page's render(ctx).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import i18n, metrics, state
from dashboard.missing import is_missing
from dashboard.schema import Filters
from dashboard.ui.session_data import UserDataset, cached_metric

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Option:
    code: str
    label_en: str | None
    label_ka: str | None
    sort: float


@dataclass
class PageContext:
    """Everything a page needs for one run. Pages read it; they never touch st.query_params or the dataset."""
    lang: str                                  # "en" | "ka"
    filters: Filters                           # validated filters of this view
    view: state.View                           # present (presentation mode), page (1-based, optional)
    cursor: Any                                # this session's DuckDB cursor
    dataset: Any                               # store.Dataset (bundled or this session's upload)
    dataset_key: str                           # version of the dataset (cache key)
    options: dict[str, list[Option]]           # filter_options rows per dimension, in display order
    synthetic: bool = False                    # show the synthetic-data watermark on charts/exports
    user_data: UserDataset | None = None       # set when this session's own upload is active
    pages: dict[str, Any] = field(default_factory=dict)   # name -> st.Page (for st.page_link / st.switch_page)

    # -- text
    def t(self, key: str, **kwargs: Any) -> str:
        return i18n.t(key, self.lang, **kwargs)

    def label(self, kind: str, code: Any) -> str:
        """Catalog label of a code: ctx.label("rating", "fully_implemented"); None -> "not reported"."""
        return i18n.label(kind, code, self.lang)

    def option_label(self, dimension: str, code: Any) -> str:
        """Label of a filter value in the page language: data label (with fallback marker), else catalog, else code."""
        code = str(code)
        text = option_labels(self.dataset_key, self.lang, self.options).get(dimension, {}).get(code)
        if text:
            return text
        key = f"{dimension}.{code}"
        return self.t(key) if i18n.has_key(key, self.lang) else code

    def data_text(self, row: Any, stem: str) -> tuple[str, bool]:
        return i18n.data_text(row, stem, self.lang)

    def data_label(self, row: Any, stem: str) -> str:
        """Data text in the page language, with "(EN)"/"(KA)" appended when it fell back. Plain text."""
        return i18n.data_label(row, stem, self.lang)

    def fmt_number(self, x: Any, decimals: int = 0) -> str:
        return i18n.fmt_number(x, self.lang, decimals)

    def fmt_percent(self, x: Any, decimals: int = 0) -> str:
        return i18n.fmt_percent(x, self.lang, decimals)

    def fmt_date(self, d: Any) -> str:
        return i18n.fmt_date(d, self.lang)

    def fmt_month(self, d: Any) -> str:
        return i18n.fmt_month(d, self.lang)

    # -- data
    def run(self, name: str, filters: Filters | None = None, **extra: Any) -> pd.DataFrame:
        """Run queries/<name>.sql with this view's filters (or `filters`) and extra parameters, cached by
        (dataset version, name, filters, extra). Returns a copy the page may modify."""
        f = self.filters if filters is None else filters
        return cached_metric(self.dataset_key, self.cursor, name, f, state.canonical_key(f), extra)

    def run_or_error(self, name: str, filters: Filters | None = None, **extra: Any) -> pd.DataFrame | None:
        """ctx.run, but a failing query shows a short translated error (no traceback) and returns None."""
        try:
            return self.run(name, filters, **extra)
        except Exception:
            log.exception("metric %s failed", name)
            st.error(self.t("error.metric_failed"), icon=":material/error:")
            return None

    # -- links
    def params(self, filters: Filters | None = None, lang: str | None = None, **changes: Any) -> dict[str, str]:
        """URL parameters of this view with some filters changed: st.page_link(ctx.pages["commitments"],
        query_params=ctx.params(commitment=["GE-2018-6.2"]))."""
        f = state.replace(self.filters if filters is None else filters, **changes)
        return state.to_params(f, lang or self.lang, self.view)

    # -- common UI pieces
    def empty_state(self) -> None:
        st.info(self.t("app.empty_state"), icon=":material/filter_alt_off:")


@st.cache_resource(show_spinner=False, max_entries=128, ttl=6 * 3600)
def option_labels(dataset_key: str, lang: str, _options: dict[str, list[Option]]) -> dict[str, dict[str, str]]:
    """Data labels of the filter values of a dataset version in one language (dimension -> code -> label), built
    once: the sidebar formats every option of every filter on each run."""
    out: dict[str, dict[str, str]] = {}
    for dimension, opts in _options.items():
        labels = out.setdefault(dimension, {})
        for opt in opts:
            if opt.code in labels:
                continue
            text = i18n.data_label({"label_en": opt.label_en, "label_ka": opt.label_ka}, "label", lang)
            labels[opt.code] = (f"{opt.code} · {text}" if dimension == "sdg" else text) if text else ""
    return out



@st.cache_resource(show_spinner=False, max_entries=64, ttl=6 * 3600)
def load_options(dataset_key: str, _cursor: Any) -> dict[str, list[Option]]:
    """The sidebar's options of a dataset version, built once per version (they do not depend on the filters, so
    a filter change never queries them again). Shared read-only by every session."""
    frame = metrics.run(_cursor, "filter_options", Filters())
    out: dict[str, list[Option]] = {}
    for row in frame.to_dict("records"):
        code = row.get("code")
        if is_missing(code):
            continue
        sort = row.get("sort")
        out.setdefault(str(row["dimension"]), []).append(
            Option(str(code), _text(row.get("label_en")), _text(row.get("label_ka")),
                   0.0 if is_missing(sort) else float(sort)))
    for dim in out:
        out[dim].sort(key=lambda o: o.sort)
    return out



def _text(v: Any) -> str | None:
    return None if is_missing(v) or str(v) == "" else str(v)
