"""Moderation of public comments: reachable only after signing in with the moderators' password, whose argon2 hash
is in configuration (DASHBOARD_MODERATOR_PASSWORD_HASH, else moderator_password_hash in the Streamlit secrets;
never in the repository). Failed attempts are limited per session and per client address; sign-out forgets the
sign-in. Hidden from the navigation (open /moderation). The same actions: `python -m dashboard comments ...`.

This is the one page that shows e-mail addresses (for the secretariat's reply); every text is st.text.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from dashboard.comments import rules, signin
from dashboard.safe_text import bidi_isolate
from dashboard.ui import comment_form
from dashboard.ui.context import PageContext

_SIGNED_IN = "_moderator_signed_in"
_RESULT = "_moderator_result"
_SHOWN = 200
# Failed sign-ins of every session of this process (a new session does not reset its client's count).
LIMITER = signin.AttemptLimiter()


def _secrets() -> Any:
    try:
        return st.secrets if st.secrets.load_if_toml_exists() else None
    except Exception:  # a broken secrets file: the environment alone decides
        return None


def _keys() -> tuple[str, str]:
    client = hashlib.sha256(comment_form.client_address().encode()).hexdigest()
    return f"session:{comment_form.session_id()}", f"client:{client}"


def _try_sign_in() -> None:
    password = st.session_state.get("mod_password") or ""
    st.session_state["mod_password"] = ""
    result = LIMITER.attempt(signin.configured_hash(_secrets()), password, *_keys())
    st.session_state[_SIGNED_IN] = result == "ok"
    st.session_state[_RESULT] = result


def _sign_out() -> None:
    st.session_state[_SIGNED_IN] = False
    st.session_state[_RESULT] = None


def _sign_in_form(ctx: PageContext) -> None:
    st.caption(ctx.t("page.moderation.intro"))
    if not signin.configured_hash(_secrets()):
        st.warning(ctx.t("page.moderation.not_configured"), icon=":material/lock:")
        return
    result = st.session_state.get(_RESULT)
    if result == "wrong":
        st.error(ctx.t("page.moderation.wrong"), icon=":material/error:")
    elif result == "locked":
        st.error(ctx.t("page.moderation.locked", minutes=signin.FAILURE_WINDOW // 60), icon=":material/lock_clock:")
    with st.form(key="mod_signin"):
        st.text_input(ctx.t("page.moderation.password"), type="password", key="mod_password")
        st.form_submit_button(ctx.t("page.moderation.sign_in"), on_click=_try_sign_in, icon=":material/login:")


def _act(comment_id: int, status: str) -> None:
    if not st.session_state.get(_SIGNED_IN):
        return
    store = comment_form.get_store()
    if store is not None and store.set_status(comment_id, status):
        st.session_state["_moderator_done"] = (comment_id, status)


def _comment(ctx: PageContext, r: dict) -> None:
    with st.container(border=True):
        date = ctx.fmt_date(comment_form.local_date(r["created_at"]))
        st.text(ctx.t("page.moderation.meta", id=r["id"], status=ctx.t(f"comments.status.{r['status']}"),
                      commitment=bidi_isolate(r["commitment_id"]), date=date))
        st.text(ctx.t("page.moderation.author", name=bidi_isolate(r["name"]), email=bidi_isolate(r["email"])))
        st.text(bidi_isolate(r["body"]))
        cols = st.columns(3)
        for col, (action, status) in zip(cols, (("publish", "published"), ("reject", "rejected"), ("spam", "spam"))):
            col.button(ctx.t(f"page.moderation.{action}"), key=f"mod_{action}_{r['id']}", on_click=_act,
                       args=(r["id"], status), disabled=r["status"] == status, width="stretch")


def render(ctx: PageContext) -> None:
    st.title(ctx.t("page.moderation.title"))
    if not st.session_state.get(_SIGNED_IN):
        _sign_in_form(ctx)
        return
    top = st.columns([4, 1], vertical_alignment="center")
    top[0].caption(ctx.t("page.moderation.signed_in"))
    top[1].button(ctx.t("page.moderation.sign_out"), key="mod_sign_out", on_click=_sign_out,
                  icon=":material/logout:", width="stretch")
    store = comment_form.get_store()
    if store is None:
        st.info(ctx.t("comments.unavailable"), icon=":material/cloud_off:")
        return
    done = st.session_state.pop("_moderator_done", None)
    if done:
        st.success(ctx.t("page.moderation.done", id=done[0], status=ctx.t(f"comments.status.{done[1]}")))
    status = st.segmented_control(ctx.t("page.moderation.status"), options=list(rules.STATUSES), default="pending",
                                  format_func=lambda s: ctx.t(f"comments.status.{s}"), key="mod_status")
    rows = store.moderator_rows(status or None, with_email=True, limit=_SHOWN)
    if not rows:
        st.text(ctx.t("page.moderation.empty"))
        return
    st.caption(ctx.t("page.moderation.shown", n=ctx.fmt_number(len(rows)), max=ctx.fmt_number(_SHOWN)))
    for r in rows:
        _comment(ctx, r)
