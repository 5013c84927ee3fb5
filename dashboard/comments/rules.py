"""The rules a comment must pass before it is stored: field checks (each wrong field gets its own message key),
the honeypot, and the rate-limit numbers. Pure functions, no database and no Streamlit.

Every message key here names an entry of both catalogs (dashboard/locales/*.json); the form shows the field keys
next to their field and a refusal key above the form.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email

NAME_MAX = 100          # characters
BODY_MAX = 2000         # characters
EMAIL_MAX = 254         # characters (RFC 5321 path limit, also enforced by email-validator)
RATE_LIMIT = 3          # comments ...
RATE_WINDOW = timedelta(minutes=10)   # ... per this window, per session and per client
STATUSES = ("pending", "published", "rejected", "spam")
FIELDS = ("name", "email", "body")

# Field errors: shown next to the field.
NAME_MISSING = "comments.error.name_missing"
NAME_TOO_LONG = "comments.error.name_too_long"
NAME_INVALID = "comments.error.name_invalid"
EMAIL_MISSING = "comments.error.email_missing"
EMAIL_INVALID = "comments.error.email_invalid"
BODY_MISSING = "comments.error.body_missing"
BODY_TOO_LONG = "comments.error.body_too_long"
BODY_INVALID = "comments.error.body_invalid"
# Refusals of a whole submission: shown above the form.
REFUSED_HONEYPOT = "comments.refused.honeypot"
REFUSED_DUPLICATE = "comments.refused.duplicate"
REFUSED_RATE_SESSION = "comments.refused.rate_session"
REFUSED_RATE_CLIENT = "comments.refused.rate_client"
REFUSED_UNKNOWN_COMMITMENT = "comments.refused.unknown_commitment"
REFUSALS = (REFUSED_HONEYPOT, REFUSED_DUPLICATE, REFUSED_RATE_SESSION, REFUSED_RATE_CLIENT,
            REFUSED_UNKNOWN_COMMITMENT)
FIELD_ERRORS = (NAME_MISSING, NAME_TOO_LONG, NAME_INVALID, EMAIL_MISSING, EMAIL_INVALID, BODY_MISSING,
                BODY_TOO_LONG, BODY_INVALID)


@dataclass(frozen=True)
class Checked:
    """A submission after the field checks: the values to store, or the error key of each wrong field."""
    name: str = ""
    email: str = ""
    body: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _controls(text: str, allowed: str = "") -> bool:
    """True when the text holds a control character (Unicode category Cc) other than those `allowed`."""
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def check_name(name: str) -> tuple[str, str | None]:
    """The name to store (surrounding blanks removed) and its error key, if any. One line, no control characters."""
    value = (name or "").strip()
    if not value:
        return value, NAME_MISSING
    if len(value) > NAME_MAX:
        return value, NAME_TOO_LONG
    if _controls(value):
        return value, NAME_INVALID
    return value, None


def check_email(email: str) -> tuple[str, str | None]:
    """The normalised address (email-validator; no DNS look-up) and its error key, if any."""
    value = (email or "").strip()
    if not value:
        return value, EMAIL_MISSING
    if len(value) > EMAIL_MAX or _controls(value):
        return value, EMAIL_INVALID
    try:
        return validate_email(value, check_deliverability=False).normalized, None
    except EmailNotValidError:
        return value, EMAIL_INVALID


def check_body(body: str) -> tuple[str, str | None]:
    """The comment text exactly as written (stored verbatim) and its error key, if any: not blank, at most
    BODY_MAX characters, no control characters but line breaks and tabs (a NUL cannot be stored in PostgreSQL,
    and terminal escapes would reach the moderators' command line)."""
    value = body or ""
    if not value.strip():
        return value, BODY_MISSING
    if len(value) > BODY_MAX:
        return value, BODY_TOO_LONG
    if _controls(value, allowed="\n\r\t"):
        return value, BODY_INVALID
    return value, None


def check(name: str, email: str, body: str) -> Checked:
    """All three fields at once, so that every wrong field gets its message in one go."""
    n, n_err = check_name(name)
    e, e_err = check_email(email)
    b, b_err = check_body(body)
    errors = {f: err for f, err in (("name", n_err), ("email", e_err), ("body", b_err)) if err}
    return Checked(name=n, email=e, body=b, errors=errors)


def duplicate_key(body: str) -> str:
    """What "identical text" means: the text with its blanks collapsed and its case folded (NFC), so a copy with an
    extra space or other capitals is still the same comment."""
    return " ".join(unicodedata.normalize("NFC", body).casefold().split())


def honeypot_filled(value: str | None) -> bool:
    """The hidden field is empty for a person; a form-filling robot writes something into it."""
    return bool((value or "").strip())
