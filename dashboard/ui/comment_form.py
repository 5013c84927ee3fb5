"""Public comments on the commitment page: the published comments (newest first, plain text), the "Add Comment"
form with a message next to each wrong field, and the comment counts of the commitments table.

The store (dashboard/comments/) is opened once per process; when it cannot be opened the page still works and
says that comments are unavailable. A comment is shown only with st.text: never Markdown, never HTML. E-mail
addresses never reach this module's output: PublicComment has none.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboard.comments import CommentStore, rules
from dashboard.comments.database import database_url
from dashboard.safe_text import bidi_isolate
from dashboard.schema import Filters
from dashboard.ui.context import PageContext

log = logging.getLogger(__name__)
_SESSION_ID = "_comments_session_id"
_TZ = "Asia/Tbilisi"  # dates of comments as Georgia sees them
# The honeypot: a text input in a container no person sees (display:none also hides it from screen readers).
_HONEYPOT_CSS = '<style>[class*="st-key-cm_hp_"] { display: none !important; }</style>'


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> CommentStore:
    return CommentStore(url)


def get_store() -> CommentStore | None:
    """This process's comment store (migrated at first use), or None when the database cannot be opened."""
    try:
        return _open_store(database_url())
    except Exception as exc:  # the page must keep working without comments
        log.error("comments database unavailable: %s", type(exc).__name__)
        return None


def session_id() -> str:
    """A random id of this browser session (the per-session rate limit); stored only as a salted hash."""
    return st.session_state.setdefault(_SESSION_ID, secrets.token_hex(16))


def client_address() -> str:
    """The client's address: behind nginx the address nginx saw (X-Real-IP, else the last X-Forwarded-For hop,
    which nginx appended), else the direct peer. Used only through a salted hash."""
    headers = st.context.headers
    real = (headers.get("X-Real-Ip") or "").strip()
    if real:
        return real
    forwarded = [h.strip() for h in (headers.get("X-Forwarded-For") or "").split(",") if h.strip()]
    if forwarded:
        return forwarded[-1]
    peer = getattr(st.context, "ip_address", None)
    return peer if isinstance(peer, str) and peer else "unknown"


def form_key(cid: str) -> str:
    """Widget key stem of a commitment's form (any commitment id becomes a safe key)."""
    return "cm_c_" + hashlib.sha256(str(cid).encode()).hexdigest()[:12]


def local_date(at: datetime) -> Any:
    try:
        return at.astimezone(ZoneInfo(_TZ)).date()
    except Exception:  # no time zone data on the machine: the UTC date
        return at.date()


def _message(ctx: PageContext, key: str, **extra: Any) -> str:
    """The text of a field error or refusal key, with the numbers it mentions."""
    values = {"max": rules.NAME_MAX if key == rules.NAME_TOO_LONG else rules.BODY_MAX, "n": rules.RATE_LIMIT,
              "minutes": int(rules.RATE_WINDOW.total_seconds() // 60), **extra}
    if key == rules.BODY_TOO_LONG:
        values["n"] = ctx.fmt_number(extra.get("n", 0))
        values["max"] = ctx.fmt_number(rules.BODY_MAX)
    return ctx.t(key, **values)


def _submit(lang: str, cid: str, k: str) -> None:
    """The form's callback: check and store the comment, keep the outcome for the run that follows."""
    ss = st.session_state
    ss[f"{k}_errors"], ss[f"{k}_notice"] = {}, None
    store = get_store()
    if store is None:
        ss[f"{k}_notice"] = ("error", "comments.unavailable")
        return
    body = ss.get(f"{k}_body") or ""
    try:
        outcome = store.submit(commitment_id=cid, name=ss.get(f"{k}_name") or "", email=ss.get(f"{k}_email") or "",
                               body=body, lang=lang, session_id=session_id(), client=client_address(),
                               honeypot=ss.get(f"cm_hp_{k}_value") or "",
                               milestone_id=ss.get(f"{k}_milestone") or None)
    except Exception as exc:  # a database error: say so, log no personal data
        log.error("comment not stored: %s", type(exc).__name__)
        ss[f"{k}_notice"] = ("error", "comments.unavailable")
        return
    ss[f"{k}_errors"] = dict(outcome.errors)
    ss[f"{k}_body_len"] = len(body)
    if outcome.ok:
        for f in ("name", "email", "body", "milestone"):
            ss[f"{k}_{f}"] = ""
        ss[f"{k}_notice"] = ("success", "comments.awaiting")
    else:
        ss[f"{k}_notice"] = ("error", outcome.refusal or "comments.fix_fields")


def _field_error(ctx: PageContext, k: str, name: str) -> None:
    key = (st.session_state.get(f"{k}_errors") or {}).get(name)
    if key:
        st.error(_message(ctx, key, n=st.session_state.get(f"{k}_body_len", 0)), icon=":material/error:")


def milestones(ctx: PageContext, cid: str) -> dict[str, str]:
    """The commitment's milestones (id -> "number. title" in the page language), for the form's "About" choice."""
    try:
        rows = ctx.run("milestone_detail", filters=Filters(commitment=(cid,)))
    except Exception as exc:  # the form works without the choice
        log.error("milestones not read for the comment form: %s", type(exc).__name__)
        return {}
    out: dict[str, str] = {}
    for r in rows.drop_duplicates("milestone_id").to_dict("records"):
        number = "" if r.get("number") is None or str(r.get("number")) in ("", "nan", "<NA>") else f"{r['number']}. "
        out[str(r["milestone_id"])] = number + (ctx.data_label(r, "title") or str(r["milestone_id"]))
    return out


def _published(ctx: PageContext, store: CommentStore, cid: str, about: dict[str, str]) -> None:
    shown = store.published(cid)
    if not shown:
        st.text(ctx.t("comments.none"))
        return
    st.caption(ctx.t("comments.count", n=ctx.fmt_number(len(shown))))
    for c in shown:
        with st.container(border=True):
            values = {"name": bidi_isolate(c.name), "date": ctx.fmt_date(local_date(c.created_at))}
            if c.milestone_id:
                st.text(ctx.t("comments.byline_milestone", **values,
                              milestone=bidi_isolate(about.get(c.milestone_id, c.milestone_id))))
            else:
                st.text(ctx.t("comments.byline", **values))
            st.text(bidi_isolate(c.body))


def _form(ctx: PageContext, cid: str, about: dict[str, str]) -> None:
    k = form_key(cid)
    st.subheader(ctx.t("comments.add"), anchor=False)
    notice = st.session_state.get(f"{k}_notice")
    if notice:
        kind, key = notice
        (st.success if kind == "success" else st.error)(_message(ctx, key))
    st.html(_HONEYPOT_CSS)
    with st.form(key=f"{k}_form", border=True):
        st.text_input(ctx.t("comments.form.name"), key=f"{k}_name", max_chars=rules.NAME_MAX)
        _field_error(ctx, k, "name")
        st.text_input(ctx.t("comments.form.email"), key=f"{k}_email", max_chars=rules.EMAIL_MAX)
        st.caption(ctx.t("comments.form.email_note"))
        _field_error(ctx, k, "email")
        st.text_area(ctx.t("comments.form.body"), key=f"{k}_body", height=150)
        _field_error(ctx, k, "body")
        if about:  # the comment may be about one milestone
            st.selectbox(ctx.t("comments.form.about"), options=["", *about], key=f"{k}_milestone",
                         format_func=lambda m: about.get(m) or ctx.t("comments.form.about_commitment"))
        with st.container(key=f"cm_hp_{k}"):
            st.text_input(ctx.t("comments.form.honeypot"), key=f"cm_hp_{k}_value")
        st.caption(ctx.t("comments.form.consent"))
        st.form_submit_button(ctx.t("comments.form.submit"), on_click=_submit, args=(ctx.lang, cid, k),
                              icon=":material/send:")


def render(ctx: PageContext, cid: str) -> None:
    """The comments section of a commitment: published comments, then the form."""
    st.subheader(ctx.t("comments.title"), anchor=False)
    store = get_store()
    if store is None:
        st.info(ctx.t("comments.unavailable"), icon=":material/cloud_off:")
        return
    about = milestones(ctx, cid)
    try:
        _published(ctx, store, cid, about)
    except Exception as exc:
        log.error("published comments not read: %s", type(exc).__name__)
        st.info(ctx.t("comments.unavailable"), icon=":material/cloud_off:")
        return
    _form(ctx, cid, about)


def with_counts(ctx: PageContext, table: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The commitments table with a column of published comments per row (empty when comments are unavailable)."""
    store = get_store()
    counts: dict[str, int] = {}
    if store is not None:
        try:
            counts = store.published_counts(ids)
        except Exception as exc:
            log.error("comment counts not read: %s", type(exc).__name__)
    out = table.copy()
    at = out.columns.get_loc("source") if "source" in out.columns else len(out.columns)  # before the link column
    out.insert(at, "comments", [counts.get(str(i), 0) if store is not None else None for i in ids])
    return out


def count_column(ctx: PageContext) -> Any:
    return st.column_config.NumberColumn(ctx.t("page.commitments.col.comments"), width="small", format="%d")
