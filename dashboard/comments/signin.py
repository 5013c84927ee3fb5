"""The moderators' sign-in: a password checked against an argon2 hash from configuration (never the repository),
and a limit on failed attempts. No Streamlit here; dashboard/ui/pages/moderation.py reads the hash from the
environment or st.secrets and keeps one AttemptLimiter per process."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

HASH_ENV = "DASHBOARD_MODERATOR_PASSWORD_HASH"
SECRET_NAME = "moderator_password_hash"
MAX_FAILURES = 5            # failed attempts ...
FAILURE_WINDOW = 15 * 60    # ... within this many seconds lock the key out until the oldest one ages out

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash to put into DASHBOARD_MODERATOR_PASSWORD_HASH (`python -m dashboard comments hash-password`)."""
    return _hasher.hash(password)


def configured_hash(secrets: object = None) -> str | None:
    """The hash from the environment, else from a mapping of secrets (Streamlit's st.secrets); None when neither."""
    value = os.environ.get(HASH_ENV)
    if not value and secrets is not None:
        try:
            value = secrets.get(SECRET_NAME)  # type: ignore[attr-defined]
        except Exception:  # st.secrets raises when there is no secrets file at all
            value = None
    value = str(value or "").strip()
    return value or None


def verify(password_hash: str | None, password: str) -> bool:
    """True when the password matches; False for a wrong password, an empty one, or no (or a broken) hash."""
    if not password_hash or not password:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class AttemptLimiter:
    """Failed sign-in attempts per key (a session, a client): at most MAX_FAILURES within FAILURE_WINDOW seconds.
    Thread-safe; shared by all sessions of a process."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = FAILURE_WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def locked(self, *keys: str) -> bool:
        with self._lock:
            return any(len(self._recent(k)) >= self.max_failures for k in keys)

    def fail(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._recent(k)
                self._failures.setdefault(k, []).append(self.clock())

    def succeed(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()

    def attempt(self, password_hash: str | None, password: str, *keys: str) -> str:
        """One sign-in attempt: "ok", "wrong" or "locked" (then the password is not even checked)."""
        if self.locked(*keys):
            return "locked"
        if verify(password_hash, password):
            self.succeed(*keys)
            return "ok"
        self.fail(*keys)
        return "wrong"
