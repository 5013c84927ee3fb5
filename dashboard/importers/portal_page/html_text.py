"""A saved portal page as HTML -> the text the page shows, block elements as lines (the standard library's parser).

Scripts, styles and the document head are dropped; `<br>` and the end of every block element (p, div, li, h1-h6,
tr, ...) end a line; list items get the bullet the portal shows. The page's own URL is read from the canonical link,
the `og:url` meta tag or the "saved from url" comment a browser writes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
           "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
           "section", "table", "tbody", "td", "th", "thead", "tr", "ul"}
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "title"}
_SAVED_FROM_RE = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.url: str | None = None

    def _break(self) -> None:
        line = re.sub(r"[ \t\r\n\f\v]+", " ", "".join(self.current)).strip()
        self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.url = self.url or a["href"]
        elif tag == "meta" and a.get("property", "").lower() == "og:url" and a.get("content"):
            self.url = self.url or a["content"]
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._break()
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
    """A file named .htm/.html, or text that starts like an HTML document."""
    if name.lower().endswith((".htm", ".html")):
        return True
    head = text.lstrip("\ufeff \t\r\n")[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or (head.startswith("<") and "<body" in text[:5000].lower())


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
