"""Text that is safe to show: data values escaped for Markdown, and link targets checked before they become links.

No Streamlit import: the UI layer (dashboard/ui/) and the exports use these on user-supplied text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from dashboard.missing import is_missing

_MARKDOWN_CHARS = frozenset("\\`*_{}[]()#+-.!|<>~$&:\"'=")
_URL_FORBIDDEN = frozenset("<>\"'`()[]{}|\\^")


def md_escape(text: Any) -> str:
    """Text safe to put inside Markdown (data values, file names): every Markdown/HTML character escaped."""
    out = []
    for ch in str(text):
        if ch in _MARKDOWN_CHARS:
            out.append("\\" + ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def safe_url(url: Any) -> str | None:
    """`url` when it is an absolute http(s) URL with a host and no spaces, quotes or brackets (safe as a link
    target in st.link_button, a LinkColumn or a Markdown link); None otherwise (javascript:, data:, relative ...)."""
    if is_missing(url):
        return None
    text = str(url).strip()
    if not text or len(text) > 2000 or any(ch.isspace() or ord(ch) < 32 or ch in _URL_FORBIDDEN for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


_FSI, _PDI = "\u2068", "\u2069"


def bidi_isolate(text: Any) -> str:
    """User text to show inside a longer line (a name beside a date): wrapped in FIRST STRONG ISOLATE ... POP
    DIRECTIONAL ISOLATE, so a right-to-left override in it (U+202E) cannot reverse the rest of the line. The text
    itself is unchanged."""
    return f"{_FSI}{'' if text is None else text}{_PDI}"
