"""What the frame says above a page: dropped URL values, the synthetic-data and own-data banners, and the error
page shown when the data cannot be loaded. Everything that comes from outside is shown as plain text."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import i18n, state
from dashboard.safe_text import md_escape
from dashboard.ui import url_state
from dashboard.ui.context import PageContext
from dashboard.ui.session_data import clear_user_dataset

log = logging.getLogger(__name__)


def url_notices(notices: list[state.Notice], lang: str) -> None:
    """Dropped URL values, as plain text (never Markdown/HTML: the values come from the URL)."""
    if not notices:
        return
    with st.container(border=True, key="url_notices"):
        st.warning(i18n.t("notice.title", lang), icon=":material/link_off:")
        for n in notices[:20]:
            kwargs = n.kwargs()
            if n.param in state.SIDEBAR_FILTERS:  # the filter's name in the page language, then the raw key
                kwargs["param"] = f"{i18n.t(f'filter.{n.param}', lang)} ({n.param})"
            st.text(i18n.t(n.key, lang, **kwargs))


def banners(ctx: PageContext) -> None:
    """Synthetic data, and this session's own upload (with the way back to the bundled data)."""
    if ctx.synthetic:
        st.warning(ctx.t("banner.synthetic"), icon=":material/science:")
    if ctx.user_data is not None:
        st.info(ctx.t("banner.user_data", label=md_escape(ctx.user_data.label)), icon=":material/upload_file:")
        st.button(ctx.t("banner.back_to_bundled"), key=url_state.WIDGET_PREFIX + "back_to_bundled",
                  on_click=clear_user_dataset, icon=":material/undo:")


def error_page(lang: str, exc: BaseException) -> None:
    """A friendly page in the chosen language when the data cannot be loaded. No traceback on screen."""
    log.exception("dataset could not be loaded")
    st.title(i18n.t("error.data_title", lang))
    st.write(i18n.t("error.data_body", lang))
    st.button(i18n.t("error.retry", lang), key="error_retry", icon=":material/refresh:")
    problems = list(getattr(exc, "problems", None) or [])
    with st.expander(i18n.t("error.data_details", lang)):
        if problems:
            st.text(i18n.t("error.data_problems", lang, n=i18n.fmt_number(len(problems), lang)))
            st.text("\n".join(state.shown(str(p), 300) for p in problems[:30]))
        else:
            st.text(type(exc).__name__)
