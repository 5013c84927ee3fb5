"""The comments store (dashboard/comments/), the same tests against SQLite and against a real PostgreSQL."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData, inspect, select, text

from dashboard.comments import CommentStore, rules
from dashboard.comments.database import head_revision

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _post(store: CommentStore, n: int = 0, **kw):
    values = dict(commitment_id="GE-2018-N2", name=f"Ana {n}", email=f"ana{n}@example.org",
                  body=f"Comment number {n}", lang="en", session_id=f"session-{n}", client=f"198.51.100.{n}",
                  now=NOW)
    values.update(kw)
    return store.submit(**values)


@pytest.fixture
def store(comment_url):
    s = CommentStore(comment_url)
    yield s
    s.close()


def _dump(store: CommentStore) -> str:
    """Every value of every table, as one text."""
    meta = MetaData()
    meta.reflect(store.engine)
    with store.engine.connect() as con:
        return "\n".join(repr(tuple(row)) for t in meta.sorted_tables for row in con.execute(select(t)))


def test_migrations_create_the_schema_once(store, comment_url):
    names = set(inspect(store.engine).get_table_names())
    assert {"comments", "settings", "alembic_version"} <= names
    with store.engine.connect() as con:
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
    _post(store)
    again = CommentStore(comment_url)  # a second start-up: no migration left, nothing lost
    assert again.count() == 1
    again.close()


def test_sqlite_file_is_created_in_wal_mode(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "dir" / "c.sqlite3"
    monkeypatch.setenv("DASHBOARD_COMMENTS_DB", str(path))
    monkeypatch.delenv("DASHBOARD_DATABASE_URL", raising=False)
    s = CommentStore()
    assert path.exists()
    with s.engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    s.close()


def test_a_comment_waits_for_moderation(store):
    out = _post(store, body="<b>Good</b> work")
    assert out.ok and not out.errors and out.refusal is None
    assert store.published("GE-2018-N2") == []
    assert store.moderator_rows()[0]["status"] == "pending"
    assert store.set_status(out.comment_id, "published")
    shown = store.published("GE-2018-N2")
    assert [(c.name, c.body) for c in shown] == [("Ana 0", "<b>Good</b> work")]
    assert not hasattr(shown[0], "email")
    assert store.published_counts() == {"GE-2018-N2": 1}
    for status in ("rejected", "spam"):
        assert store.set_status(out.comment_id, status)
        assert store.published("GE-2018-N2") == [] and store.published_counts() == {}
    assert store.set_status(99999, "published") is False
    with pytest.raises(ValueError):
        store.set_status(out.comment_id, "deleted")


def test_published_newest_first_and_counts(store):
    ids = [_post(store, n, now=NOW + timedelta(minutes=n), commitment_id="A" if n < 3 else "B").comment_id
           for n in range(4)]
    for i in ids:
        store.set_status(i, "published")
    assert [c.body for c in store.published("A")] == ["Comment number 2", "Comment number 1", "Comment number 0"]
    assert store.published("A")[0].created_at == NOW + timedelta(minutes=2)
    assert store.published_counts() == {"A": 3, "B": 1}
    assert store.published_counts(["B", "C"]) == {"B": 1}


@pytest.mark.parametrize(("field", "value", "key"), [
    ("name", "", rules.NAME_MISSING), ("name", "   ", rules.NAME_MISSING), ("name", "x" * 101, rules.NAME_TOO_LONG),
    ("name", "Ana\nBob", rules.NAME_INVALID), ("email", "", rules.EMAIL_MISSING),
    ("email", "not-an-address", rules.EMAIL_INVALID), ("email", "a@b", rules.EMAIL_INVALID),
    ("email", "a@@example.org", rules.EMAIL_INVALID), ("email", "a b@example.org", rules.EMAIL_INVALID),
    ("body", "", rules.BODY_MISSING), ("body", " \n\t ", rules.BODY_MISSING),
    ("body", "x" * 2001, rules.BODY_TOO_LONG), ("body", "nul\x00byte", rules.BODY_INVALID),
    ("body", "escape \x1b[2J", rules.BODY_INVALID),
])
def test_each_wrong_field_has_its_own_message(store, field, value, key):
    out = _post(store, **{field: value})
    assert not out.ok and out.errors == {field: key} and out.refusal is None
    assert store.count() == 0


def test_every_wrong_field_at_once(store):
    out = _post(store, name="", email="x", body="")
    assert out.errors == {"name": rules.NAME_MISSING, "email": rules.EMAIL_INVALID, "body": rules.BODY_MISSING}


def test_limits_are_inclusive(store):
    out = _post(store, name="n" * 100, body="b" * 2000)
    assert out.ok
    row = store.moderator_rows()[0]
    assert len(row["name"]) == 100 and len(row["body"]) == 2000


def test_email_is_normalised_and_kept_for_moderators_only(store):
    _post(store, email="  Ana.B@EXAMPLE.ORG ")
    assert "email" not in store.moderator_rows()[0]
    assert store.moderator_rows(with_email=True)[0]["email"] == "Ana.B@example.org"


def test_honeypot_refuses_and_stores_nothing(store):
    out = _post(store, honeypot="http://spam.example")
    assert out.refusal == rules.REFUSED_HONEYPOT and store.count() == 0
    assert _post(store, honeypot="   ").ok


def test_identical_text_is_refused_on_the_same_commitment(store):
    assert _post(store, 0, body="Please publish the budget").ok
    out = _post(store, 1, body="  please PUBLISH the   budget ")
    assert out.refusal == rules.REFUSED_DUPLICATE
    assert _post(store, 2, body="Please publish the budget", commitment_id="OTHER").ok
    assert store.count() == 2


def test_rate_limit_per_session(store):
    for n in range(3):
        assert _post(store, n, session_id="s", now=NOW + timedelta(minutes=n)).ok
    out = _post(store, 3, session_id="s", now=NOW + timedelta(minutes=3))
    assert out.refusal == rules.REFUSED_RATE_SESSION
    assert _post(store, 4, session_id="s", now=NOW + timedelta(minutes=10, seconds=1)).ok  # the first aged out
    assert store.count() == 4


def test_rate_limit_per_client_across_sessions(store):
    for n in range(3):
        assert _post(store, n, client="203.0.113.7").ok
    out = _post(store, 3, client="203.0.113.7")
    assert out.refusal == rules.REFUSED_RATE_CLIENT
    assert _post(store, 4, client="203.0.113.8").ok


def test_client_and_session_are_stored_only_as_salted_hashes(store, comment_url):
    _post(store, client="203.0.113.77", session_id="session-secret-id")
    dump = _dump(store)
    assert "203.0.113.77" not in dump and "session-secret-id" not in dump
    salted = CommentStore(comment_url, salt="another salt")
    assert salted.hash_id("203.0.113.77") != store.hash_id("203.0.113.77")
    again = CommentStore(comment_url)  # the salt generated into the database is kept
    assert again.hash_id("203.0.113.77") == store.hash_id("203.0.113.77")
    salted.close()
    again.close()


HOSTILE = [
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "[click me](javascript:alert(1)) **bold** # heading",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1+1", "-2+3", "@SUM(A1)",
    "\u202egnp.exe \u202d isolate \u2066x\u2069",
    "Robert'); DROP TABLE comments;--",
    "' OR '1'='1",
    "ქართული ტექსტი 😀 \u200b zero width",
    "line one\r\nline two\n\ttabbed",
]


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_comments_are_stored_verbatim(store, body):
    out = _post(store, body=body, name=body[:100].replace("\n", " ").replace("\r", " ").replace("\t", " "))
    assert out.ok, out
    store.set_status(out.comment_id, "published")
    shown = store.published("GE-2018-N2")
    assert [c.body for c in shown] == [body]
    assert {"comments", "settings"} <= set(inspect(store.engine).get_table_names())


def test_a_10_mb_body_is_refused_whole(store):
    out = _post(store, body="A" * (10 * 1024 * 1024))
    assert out.errors == {"body": rules.BODY_TOO_LONG}
    assert store.count() == 0


def test_the_database_refuses_oversized_text_too(store):
    """The length rules are also CHECK constraints: a write that bypasses the checks fails whole."""
    from sqlalchemy.exc import IntegrityError

    from dashboard.comments.database import comments, write_transaction

    with pytest.raises(IntegrityError), write_transaction(store.engine) as con:
        con.execute(comments.insert().values(
            commitment_id="X", lang="en", name="n", email="e@example.org", body="b" * 2001, body_key="k",
            status="pending", created_at=NOW, session_hash="s", client_hash="c"))
    assert store.count() == 0


def test_forget_erases_that_persons_comments(store):
    for n in range(2):
        _post(store, n, email="Person@Example.org", body=f"mine {n}")
    _post(store, 5, email="other@example.org", body="theirs")
    assert store.forget("person@example.ORG") == 2
    dump = _dump(store).lower()
    assert "person@example.org" not in dump and "mine" not in dump
    assert [r["body"] for r in store.moderator_rows()] == ["theirs"]
    assert store.forget("nobody@example.org") == 0


def test_no_email_in_any_log_line(store, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    try:
        out = _post(store, email="secret.person@example.org")
        _post(store, 1, email="secret.person@example.org", body=_post.__doc__ or "Comment number 0")  # duplicate
        store.set_status(out.comment_id, "published")
        store.moderator_rows(with_email=True)
        store.forget("secret.person@example.org")
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert caplog.records  # the store and the engine did log
    assert "secret.person" not in caplog.text.lower()
