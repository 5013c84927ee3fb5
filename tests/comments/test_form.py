"""The comment form and the moderation page in Streamlit's AppTest, in both languages: each wrong field's message
next to it, refusals, "awaits moderation", published comments as plain text, the moderators' sign-in."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR, i18n
from dashboard.comments import CommentStore, rules, signin
from dashboard.safe_text import bidi_isolate
from dashboard.ui.comment_form import form_key
from tools.apptest import open_page

APP = str(REPO_DIR / "streamlit_app.py")
CID = "GE-2018-N2"
K = form_key(CID)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "comments.sqlite3"
    monkeypatch.delenv("DASHBOARD_DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_COMMENTS_DB", str(path))
    store = CommentStore(f"sqlite:///{path}")
    yield store
    store.close()


def _page(lang: str, cid: str = CID) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["commitment"] = cid
    at.run()
    open_page(at, "commitments").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _send(at: AppTest, name: str = "", email: str = "", body: str = "", lang: str | None = None) -> AppTest:
    lang = lang or str(at.query_params["lang"])
    at.text_input(key=f"{K}_name").input(name)
    at.text_input(key=f"{K}_email").input(email)
    at.text_area(key=f"{K}_body").input(body)
    next(b for b in at.button if b.label == i18n.t("comments.form.submit", lang)).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_form_is_there_with_its_lines(db, lang):
    at = _page(lang)
    assert i18n.t("comments.add", lang) in [s.value for s in at.subheader]
    captions = [c.value for c in at.caption]
    assert i18n.t("comments.form.email_note", lang) in captions and i18n.t("comments.form.consent", lang) in captions
    assert i18n.t("comments.none", lang) in [t.value for t in at.text]
    labels = [t.label for t in at.text_input]
    assert i18n.t("comments.form.name", lang) in labels and i18n.t("comments.form.email", lang) in labels


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_each_wrong_field_gets_its_message_in_the_page_language(db, lang):
    at = _send(_page(lang))
    errors = _errors(at)
    assert errors == [i18n.t("comments.fix_fields", lang), i18n.t(rules.NAME_MISSING, lang),
                      i18n.t(rules.EMAIL_MISSING, lang), i18n.t(rules.BODY_MISSING, lang)]
    # Only the wrong field is marked; the others keep what was typed.
    at = _send(at, name="Ana", email="ana@@example", body="A fair point")
    assert _errors(at) == [i18n.t("comments.fix_fields", lang), i18n.t(rules.EMAIL_INVALID, lang)]
    assert at.text_input(key=f"{K}_name").value == "Ana"
    assert db.count() == 0
    # The order of the elements: the message sits right under its field inside the form.
    form_children = [type(e).__name__ for e in at.get("form")[0].children.values()] if at.get("form") else []
    assert form_children[:3] == ["TextInput", "TextInput", "Caption"]
    assert form_children[3] == "Error"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_too_long_comment_message_names_the_numbers(db, lang):
    at = _send(_page(lang), name="Ana", email="ana@example.org", body="x" * 2500)
    expected = i18n.t(rules.BODY_TOO_LONG, lang, max=i18n.fmt_number(2000, lang), n=i18n.fmt_number(2500, lang))
    assert expected in _errors(at)
    assert db.count() == 0


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_good_comment_awaits_moderation_then_shows_as_text(db, lang):
    hostile = "<b>bold?</b> [link](javascript:alert(1)) =1+1"
    at = _send(_page(lang), name="Ana <i>", email="ana@example.org", body=hostile)
    assert [s.value for s in at.success] == [i18n.t("comments.awaiting", lang)]
    assert at.text_area(key=f"{K}_body").value == ""  # the form is cleared
    rows = db.moderator_rows(with_email=True)
    assert [(r["body"], r["email"], r["lang"], r["status"]) for r in rows] == [(hostile, "ana@example.org", lang,
                                                                              "pending")]
    assert hostile not in [t.value for t in at.text]  # not public yet
    db.set_status(rows[0]["id"], "published")
    at = _page(lang)
    texts = [t.value for t in at.text]
    assert bidi_isolate(hostile) in texts  # verbatim, in a bidi isolate
    assert any(t.startswith(bidi_isolate("Ana <i>") + " · ") for t in texts)
    markdown = " ".join(str(m.value) for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "javascript:alert" not in markdown and "ana@example.org" not in markdown + " ".join(texts)


def test_session_rate_limit_and_duplicate_messages(db):
    at = _page("ka")
    for n in range(3):
        at = _send(at, name="Ana", email="ana@example.org", body=f"Comment {n}")
        assert at.success, n
    at = _send(at, name="Ana", email="ana@example.org", body="Comment 0")
    assert i18n.t(rules.REFUSED_DUPLICATE, "ka") in _errors(at)
    at = _send(at, name="Ana", email="ana@example.org", body="Comment 4")
    assert i18n.t(rules.REFUSED_RATE_SESSION, "ka", n=3, minutes=10) in _errors(at)
    assert db.count() == 3


def test_honeypot_in_the_form(db):
    at = _page("en")
    at.text_input(key=f"cm_hp_{K}_value").input("http://spam.example")
    at = _send(at, name="Bot", email="bot@example.org", body="Buy now")
    assert _errors(at) == [i18n.t(rules.REFUSED_HONEYPOT, "en")]
    assert db.count() == 0


def test_comment_counts_in_the_commitments_table(db):
    for n in range(2):
        out = db.submit(commitment_id=CID, name="A", email="a@example.org", body=f"c{n}", lang="en",
                        session_id=f"s{n}", client=f"c{n}")
        db.set_status(out.comment_id, "published")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    open_page(at, "commitments").run()
    df = at.dataframe[0].value
    assert "comments" in df.columns
    import pandas as pd

    ids = pd.read_csv(REPO_DIR / "data" / "commitments.csv")["commitment_id"]
    assert int(df["comments"].sum()) == 2 and len(df) == len(ids)


@pytest.fixture
def moderator(db, monkeypatch):
    from dashboard.ui.pages import moderation

    monkeypatch.setenv(signin.HASH_ENV, signin.hash_password(PASSWORD))
    moderation.LIMITER.reset()
    yield db
    moderation.LIMITER.reset()


def _moderation(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    open_page(at, "moderation").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="mod_password").input(password)
    next(b for b in at.button if b.label == i18n.t("page.moderation.sign_in", "en")).click()
    return at.run()


def test_moderation_needs_a_configured_hash(db, monkeypatch):
    monkeypatch.delenv(signin.HASH_ENV, raising=False)
    at = _moderation()
    assert [w.value for w in at.warning] == [i18n.t("page.moderation.not_configured", "en")]
    assert not at.text_input


def test_moderator_signs_in_publishes_and_signs_out(moderator):
    out = moderator.submit(commitment_id=CID, name="Nino", email="nino@example.org", body="Please add dates",
                           lang="ka", session_id="s", client="c")
    at = _moderation()
    assert bidi_isolate("Please add dates") not in [t.value for t in at.text]  # nothing before signing in
    at = _sign_in(at, "wrong")
    assert _errors(at) == [i18n.t("page.moderation.wrong", "en")]
    at = _sign_in(at, PASSWORD)
    texts = [t.value for t in at.text]
    assert bidi_isolate("Please add dates") in texts
    assert f"{bidi_isolate('Nino')} <{bidi_isolate('nino@example.org')}>" in texts
    next(b for b in at.button if b.key == f"mod_publish_{out.comment_id}").click()
    at.run()
    assert moderator.published(CID)[0].body == "Please add dates"
    next(b for b in at.button if b.key == "mod_sign_out").click()
    at.run()
    assert at.text_input(key="mod_password") is not None
    assert bidi_isolate("Please add dates") not in [t.value for t in at.text]


def test_sign_in_attempts_are_limited(moderator):
    at = _moderation()
    for _ in range(signin.MAX_FAILURES):
        at = _sign_in(at, "guess")
    at = _sign_in(at, PASSWORD)  # right, but locked out
    assert i18n.t("page.moderation.locked", "en", minutes=15) in _errors(at)
    assert not at.get("button") or all(not b.key or not b.key.startswith("mod_publish") for b in at.button)
    at2 = _moderation()  # a new session from the same client is locked too
    at2 = _sign_in(at2, PASSWORD)
    assert i18n.t("page.moderation.locked", "en", minutes=15) in _errors(at2)


def test_a_right_to_left_override_stays_inside_the_name(db):
    out = db.submit(commitment_id=CID, name="Eve \u202eevil", email="eve@example.org", body="x \u202e y", lang="en",
                    session_id="s", client="c")
    db.set_status(out.comment_id, "published")
    at = _page("en")
    byline = next(t.value for t in at.text if "Eve" in t.value)
    assert byline.startswith("\u2068Eve \u202eevil\u2069 · ")  # the date after the isolate reads normally
    assert "\u2068x \u202e y\u2069" in [t.value for t in at.text]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_comment_about_one_milestone(db, lang):
    cid = "GE-2018-6.2"
    k = form_key(cid)
    at = _page(lang, cid)
    box = at.selectbox(key=f"{k}_milestone")
    assert box.options[0] == i18n.t("comments.form.about_commitment", lang) and len(box.options) == 7
    box.set_value("GE-2018-6.2/6.2.3")
    at.text_input(key=f"{k}_name").input("Levan")
    at.text_input(key=f"{k}_email").input("levan@example.org")
    at.text_area(key=f"{k}_body").input("When will the e-petitions module come?")
    next(b for b in at.button if b.label == i18n.t("comments.form.submit", lang)).click()
    at.run()
    assert [s.value for s in at.success] == [i18n.t("comments.awaiting", lang)]
    row = db.moderator_rows()[0]
    assert (row["commitment_id"], row["milestone_id"]) == (cid, "GE-2018-6.2/6.2.3")
    db.set_status(row["id"], "published")
    at = _page(lang, cid)
    byline = next(t.value for t in at.text if "Levan" in t.value)
    assert byline.startswith(bidi_isolate("Levan") + " · ") and "6.2.3. " in byline
    assert byline.endswith("\u2069")  # the milestone title in its own isolate
