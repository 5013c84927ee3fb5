"""A saved portal page as HTML -> the text the page shows, block elements as lines (the standard library's parser).

Scripts, styles, the document head, navigation menus (nav) and the footer are dropped; `<br>` and the start and
end of every block element (div, li, h1-h6, tr, ...) end a line, a paragraph (p) stands between blank lines (as a
browser copies a page's text); list items get the bullet the portal shows. The page's own URL is read from the
canonical link, the `og:url` meta tag or the "saved from url" comment a browser writes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
           "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
           "section", "table", "tbody", "td", "th", "thead", "tr", "ul"}
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "title", "nav", "footer"}  # nav: site menus
_SAVED_FROM_RE = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.url: str | None = None

    def _break(self, force: bool = False) -> None:
        """End the current line (an empty one only when `force`: a <br>)."""
        line = re.sub(r"[ \t\r\n\f\v]+", " ", "".join(self.current)).strip()
        if line or force:
            self.lines.append(line)
        self.current = []

    def _blank(self) -> None:
        """End the current line and leave a blank line (around a paragraph, as a browser copies it)."""
        self._break()
        self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.url = self.url or a["href"]
        elif tag == "meta" and a.get("property", "").lower() == "og:url" and a.get("content"):
            self.url = self.url or a["content"]
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._break(force=True)
        elif tag == "p":
            self._blank()
        elif tag in _BLOCKS:
            self._break()
            if tag == "li":
                self.current.append("  • ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "p":
            self._blank()
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def handle_comment(self, data: str) -> None:
        m = _SAVED_FROM_RE.search(data)
        if m and not self.url:
            self.url = m.group(1)


def looks_like_html(name: str, text: str) -> bool:
    """Text that starts like an HTML document (a tag first; for a file not named .htm/.html, an html or body tag
    early on). Text already taken out of HTML is not HTML any more, whatever its file's name."""
    head = text.lstrip("\ufeff \t\r\n")[:5000].lower()
    if not head.startswith("<"):
        return False
    return name.lower().endswith((".htm", ".html")) or head.startswith(("<!doctype html", "<html")) \
        or "<body" in head


def html_to_text(html: str) -> tuple[str, str | None]:
    """(the page's text, one block per line with runs of blank lines made one; the page's own URL or None)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser._break()
    out: list[str] = []
    for line in parser.lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n", parser.url
