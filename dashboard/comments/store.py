"""CommentStore: submit a comment (checks, honeypot, duplicates, rate limits, one transaction), moderate it, read
the published ones, count them, forget a person, export for moderators.

E-mail addresses are stored for the secretariat's reply only: no method that feeds a public page returns them
(PublicComment has no e-mail), nothing here logs them, and `moderator_rows(with_email=True)` (the moderators'
export) is the one place they leave the database.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from dashboard.comments import rules
from dashboard.comments.database import (
    comments,
    database_url,
    describe,
    make_engine,
    migrate,
    settings,
    write_transaction,
)

log = logging.getLogger(__name__)
SALT_ENV = "DASHBOARD_COMMENTS_SALT"
_SALT_KEY = "client_hash_salt"


@dataclass(frozen=True)
class Outcome:
    """What became of a submission: stored (comment_id), wrong fields (field -> message key), or refused (key)."""
    comment_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.comment_id is not None


@dataclass(frozen=True)
class PublicComment:
    """A published comment as a public page shows it: no e-mail, no hashes."""
    id: int
    name: str
    body: str
    created_at: datetime
    milestone_id: str | None


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now(now: datetime | None) -> datetime:
    return _utc(now) if now is not None else datetime.now(UTC)


class CommentStore:
    """The comments database. Thread-safe (one engine, a connection per call); open one per process."""

    def __init__(self, url: str | None = None, *, salt: str | None = None) -> None:
        self.url = database_url(url)
        self.engine: Engine = make_engine(self.url)
        migrate(self.engine)
        self._salt = salt or os.environ.get(SALT_ENV) or self._stored_salt()
        log.info("comments database ready: %s", describe(self.url))

    def close(self) -> None:
        self.engine.dispose()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    # -- hashing
    def _stored_salt(self) -> str:
        """The salt kept in the database, generated on first use (the first writer wins, the others read it)."""
        with self.engine.connect() as conn:
            found = conn.execute(select(settings.c.value).where(settings.c.key == _SALT_KEY)).scalar()
        if found:
            return found
        with write_transaction(self.engine) as conn:
            found = conn.execute(select(settings.c.value).where(settings.c.key == _SALT_KEY)).scalar()
            if not found:
                found = secrets.token_hex(32)
                conn.execute(insert(settings).values(key=_SALT_KEY, value=found))
        return found

    def hash_id(self, value: str) -> str:
        """A salted hash of a client address or session id: what is stored instead of the value."""
        return hmac.new(self._salt.encode(), str(value).encode(), hashlib.sha256).hexdigest()

    # -- writing
    def submit(self, *, commitment_id: str, name: str, email: str, body: str, lang: str, session_id: str,
               client: str, honeypot: str = "", milestone_id: str | None = None,
               now: datetime | None = None) -> Outcome:
        """Check and store one comment as `pending`. The checks that depend on other comments (duplicates, rate
        limits) and the insert run in one serialised transaction: either the comment is stored whole, or nothing."""
        if rules.honeypot_filled(honeypot):
            return Outcome(refusal=rules.REFUSED_HONEYPOT)
        checked = rules.check(name, email, body)
        if not checked.ok:
            return Outcome(errors=checked.errors)
        if not str(commitment_id or "").strip() or len(str(commitment_id)) > 200:
            return Outcome(refusal=rules.REFUSED_UNKNOWN_COMMITMENT)
        at = _now(now)
        session_hash, client_hash = self.hash_id(session_id), self.hash_id(client)
        body_key = hashlib.sha256(rules.duplicate_key(checked.body).encode()).hexdigest()
        since = at - rules.RATE_WINDOW
        try:
            with write_transaction(self.engine) as conn:
                refusal = self._refusal(conn, commitment_id, body_key, session_hash, client_hash, since)
                if refusal:
                    return Outcome(refusal=refusal)
                new_id = conn.execute(insert(comments).values(
                    commitment_id=str(commitment_id), milestone_id=milestone_id, lang=str(lang)[:8],
                    name=checked.name, email=checked.email, body=checked.body, body_key=body_key,
                    status="pending", created_at=at, session_hash=session_hash, client_hash=client_hash,
                ).returning(comments.c.id)).scalar_one()
        except IntegrityError:  # the unique (commitment, text) constraint: a duplicate that raced past the check
            return Outcome(refusal=rules.REFUSED_DUPLICATE)
        log.info("comment %s stored as pending on commitment %s", new_id, commitment_id)
        return Outcome(comment_id=int(new_id))

    @staticmethod
    def _refusal(conn: Any, commitment_id: str, body_key: str, session_hash: str, client_hash: str,
                 since: datetime) -> str | None:
        dup = conn.execute(select(comments.c.id).where(comments.c.commitment_id == str(commitment_id),
                                                       comments.c.body_key == body_key)).first()
        if dup:
            return rules.REFUSED_DUPLICATE
        recent = select(func.count()).select_from(comments).where(comments.c.created_at >= since)
        if conn.execute(recent.where(comments.c.session_hash == session_hash)).scalar_one() >= rules.RATE_LIMIT:
            return rules.REFUSED_RATE_SESSION
        if conn.execute(recent.where(comments.c.client_hash == client_hash)).scalar_one() >= rules.RATE_LIMIT:
            return rules.REFUSED_RATE_CLIENT
        return None

    def set_status(self, comment_id: int, status: str, now: datetime | None = None) -> bool:
        """Moderate one comment (pending/published/rejected/spam); False when there is no such comment."""
        if status not in rules.STATUSES:
            raise ValueError(f"unknown status {status!r} (expected one of {', '.join(rules.STATUSES)})")
        with write_transaction(self.engine) as conn:
            done = conn.execute(update(comments).where(comments.c.id == int(comment_id))
                                .values(status=status, moderated_at=_now(now))).rowcount
        if done:
            log.info("comment %s set to %s", comment_id, status)
        return bool(done)

    def forget(self, email: str) -> int:
        """Erase every comment written with this e-mail address (a data-protection request); how many went."""
        normalised, error = rules.check_email(email)
        candidates = {str(email or "").strip(), normalised}
        with write_transaction(self.engine) as conn:
            gone = conn.execute(delete(comments).where(
                func.lower(comments.c.email).in_([c.lower() for c in candidates if c]))).rowcount
        log.info("forget request: %s comment(s) erased", gone)  # never the address
        return int(gone or 0)

    # -- reading
    def published(self, commitment_id: str) -> list[PublicComment]:
        """The published comments of a commitment, newest first."""
        q = (select(comments.c.id, comments.c.name, comments.c.body, comments.c.created_at, comments.c.milestone_id)
             .where(comments.c.commitment_id == str(commitment_id), comments.c.status == "published")
             .order_by(comments.c.created_at.desc(), comments.c.id.desc()))
        with self.engine.connect() as conn:
            return [PublicComment(id=r.id, name=r.name, body=r.body, created_at=_utc(r.created_at),
                                  milestone_id=r.milestone_id) for r in conn.execute(q)]

    def published_counts(self, commitment_ids: list[str] | None = None) -> dict[str, int]:
        """Published comments per commitment (only commitments that have some)."""
        q = (select(comments.c.commitment_id, func.count()).where(comments.c.status == "published")
             .group_by(comments.c.commitment_id))
        if commitment_ids is not None:
            q = q.where(comments.c.commitment_id.in_([str(c) for c in commitment_ids]))
        with self.engine.connect() as conn:
            return {cid: int(n) for cid, n in conn.execute(q)}

    def moderator_rows(self, status: str | None = None, *, with_email: bool = False,
                       limit: int | None = None) -> list[dict[str, Any]]:
        """Comments for the moderators, newest first: id, created_at, status, commitment, milestone, lang, name,
        body, and the e-mail only when asked (the moderators' export and page)."""
        cols = [comments.c.id, comments.c.created_at, comments.c.status, comments.c.commitment_id,
                comments.c.milestone_id, comments.c.lang, comments.c.name, comments.c.body, comments.c.moderated_at]
        if with_email:
            cols.append(comments.c.email)
        q = select(*cols).order_by(comments.c.created_at.desc(), comments.c.id.desc())
        if status:
            q = q.where(comments.c.status == status)
        if limit:
            q = q.limit(int(limit))
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
        for r in rows:
            r["created_at"], r["moderated_at"] = _utc(r["created_at"]), _utc(r["moderated_at"])
        return rows

    def count(self, status: str | None = None) -> int:
        q = select(func.count()).select_from(comments)
        if status:
            q = q.where(comments.c.status == status)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())
