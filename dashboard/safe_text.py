"""Text that is safe to show: data values escaped for Markdown, and link targets checked before they become links.

No Streamlit import: the UI layer (dashboard/ui/) and the exports use these on user-supplied text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from dashboard.missing import is_missing

_MARKDOWN_CHARS = frozenset("\\`*_{}[]()#+-.!|<>~$&\"'=")
_URL_FORBIDDEN = frozenset("<>\"'`()[]{}|\\^")
# U+2060 WORD JOINER: invisible and zero-width, it breaks the patterns Streamlit's Markdown turns into live links
# (bare "scheme:", "www.", "name@host") where a backslash escape does not (checked in Chromium: an escaped
# "https\://x", "www\.x" or "x\@y" still became a link). Copied text carries it, the page shows nothing.
WORD_JOINER = "\u2060"
# A colon as a character reference: Streamlit reads ":material/home:", ":smile:" and ":red[...]" before the
# backslash escapes, but not through "&#58;" (shown as ":").
_COLON = "&#58;"
_WWW = re.compile(r"(?i)(?<![a-z0-9])www(?=\.)")


def md_escape(text: Any) -> str:
    """Untrusted text (data values, file names, URL values) to put inside Markdown, shown exactly as written:
    every Markdown/HTML character escaped, line breaks as spaces, and no autolink (bare URLs, "www.", e-mail),
    icon, emoji or colour directive (":material/…:", ":red[…]") can form. The one helper for untrusted text in
    Markdown (st.markdown, st.caption, st.warning, st.info, st.error, st.success, titles and headers)."""
    text = _WWW.sub(lambda m: m.group(0) + WORD_JOINER, str(text))
    out = []
    for i, ch in enumerate(text):
        if ch in _MARKDOWN_CHARS:
            out.append("\\" + ch)
        elif ch == ":":
            # Before a space or at the end a colon starts nothing ("Status: done"); otherwise it may ("https://",
            # ":material/home:", ":red[", ":smile:").
            nxt = text[i + 1: i + 2]
            out.append("\\:" if not nxt or nxt.isspace() else WORD_JOINER + _COLON + WORD_JOINER)
        elif ch == "@":
            out.append(WORD_JOINER + "@")
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def md_unescape(markdown: str) -> str:
    """The text a reader sees of ``md_escape(text)`` (for tests: ``md_unescape(md_escape(t)) == t`` on one line)."""
    text = markdown.replace(WORD_JOINER, "").replace(_COLON, ":")
    return re.sub(r"\\(.)", r"\1", text)


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
