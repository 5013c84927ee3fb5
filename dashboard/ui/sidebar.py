"""The sidebar: the language switch and the filters. The widgets show the URL's view (dashboard/ui/url_state.py);
a change writes the new raw codes to the URL and the run that follows applies them."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import i18n, state
from dashboard.schema import Filters
from dashboard.ui import url_state
from dashboard.ui.context import PageContext, option_labels

_W = url_state.WIDGET_PREFIX
_LATEST = ""                           # the period selectbox value for "latest period"


def language_toggle(lang: str) -> None:
    st.session_state[url_state.LANG_KEY] = lang
    st.sidebar.radio(i18n.t("app.language", lang), options=list(i18n.LANGS), key=url_state.LANG_KEY,
                     format_func=lambda code: i18n.t(f"lang.{code}", lang), horizontal=True,
                     on_change=url_state.on_lang_change)


def _widget_filters() -> tuple[Filters, str, state.View]:
    """The filters and language the sidebar widgets hold now (callbacks run before the script)."""
    filters, lang, view = url_state.current()
    ss = st.session_state
    lang = ss.get(url_state.LANG_KEY, lang)
    changes: dict[str, Any] = {}
    for dim in state.SIDEBAR_FILTERS:
        key = _W + dim
        if key not in ss:
            continue
        value = ss[key]
        if dim == "period":
            changes[dim] = value or None
        elif dim == "sdg":
            changes[dim] = tuple(int(v) for v in value or ())
        else:
            changes[dim] = tuple(value or ())
    return state.replace(filters, **changes), lang, view


def _on_widget_change() -> None:
    filters, lang, view = _widget_filters()
    # A filter change goes back to the first page of any table (the comparison choice stays).
    url_state.show(filters, lang, state.View(present=view.present, compare=view.compare))


def filters(ctx: PageContext) -> None:
    """One widget per sidebar filter, set from the URL's view, and the reset button."""
    sb = st.sidebar
    sb.subheader(ctx.t("filter.title"))
    # The data labels are looked up once per run (not through the cached function for each of the ~400 option
    # formats at 50,000 commitments); ctx.option_label only for a code without one (catalog label or the code).
    labels = option_labels(ctx.dataset_key, ctx.lang, ctx.options)
    for dim in state.SIDEBAR_FILTERS:
        codes = [o.code for o in ctx.options.get(dim, [])]
        key = _W + dim
        known = labels.get(dim, {})
        if dim == "period":
            current = ctx.filters.period or _LATEST
            st.session_state[key] = current if current in codes else _LATEST
            latest = ctx.t("filter.period_latest")
            sb.selectbox(ctx.t("filter.period"), options=[_LATEST, *codes], key=key,
                         format_func=lambda c, _k=known, latest=latest: latest if c == _LATEST
                         else _k.get(str(c)) or ctx.option_label("period", c),
                         on_change=_on_widget_change)
            continue
        selected = [str(v) for v in getattr(ctx.filters, dim)]
        st.session_state[key] = [c for c in selected if c in codes]
        sb.multiselect(ctx.t(f"filter.{dim}"), options=codes, key=key,
                       format_func=lambda c, _d=dim, _k=known: _k.get(str(c)) or ctx.option_label(_d, c),
                       placeholder=ctx.t("filter.all"), on_change=_on_widget_change)
    sb.button(ctx.t("filter.reset"), key=_W + "reset", on_click=url_state.on_reset, icon=":material/filter_alt_off:")
    sb.caption(ctx.t("filter.help_link"))
