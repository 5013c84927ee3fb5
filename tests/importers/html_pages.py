"""Portal pages as HTML, built from the text of the seed pages the way the portal renders them: the breadcrumb in a
nav, the heading in h1, each field a div with its label in <strong>, paragraphs in p, bullets in ul/li, the "done"
icon an image, a head with a script and a style whose text must not show, the comment form at the end."""

from __future__ import annotations

import html

from dashboard.importers.portal_page.layout import header_label


def _line(s: str) -> str:
    h = header_label(s)
    if h and s.strip() != s.split(":", 1)[0].strip() + ":":
        label = s.split(":", 1)[0].strip()
        return (f'<div class="field">\n      <strong>{html.escape(label)}:</strong>\n      '
                f"<span>{html.escape(s.split(':', 1)[1].strip())}</span>\n    </div>")
    parts = [html.escape(p) for p in s.strip().split("done icon")]
    return "<div>" + '<img src="/img/done.svg" alt="done icon">'.join(f"<span>{p}</span>" if p else "" for p in parts) \
        + "</div>"


def _block(lines: list[str]) -> str:
    out = []
    bullets = [ln for ln in lines if ln.strip().startswith("•")]
    if len(lines) == 1 and not bullets and not header_label(lines[0]):
        return f"<p>\n      {html.escape(lines[0].strip())}\n    </p>"
    in_list = False
    for ln in lines:
        if ln.strip().startswith("•"):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"  <li>{html.escape(ln.strip()[1:].strip())}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        out.append(_line(ln))
    if in_list:
        out.append("</ul>")
    return "\n    ".join(out)


def page_html(text: str, url: str | None = None, lang: str = "en", saved_from: bool = False) -> str:
    """The HTML of a page whose text (as the browser copies it) is `text`."""
    blocks: list[list[str]] = [[]]
    for ln in text.replace("\r\n", "\n").split("\n"):
        if ln.strip():
            blocks[-1].append(ln)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    body = []
    for i, b in enumerate(blocks):
        if i == 0 and len(b) == 1 and b[0].strip() in ("Commitments", "ვალდებულებები"):
            body.append(f'<nav class="breadcrumb"><a href="/{lang}/monitorings/">{html.escape(b[0])}</a></nav>')
        elif i == 1 and len(b) == 1 and not header_label(b[0]):
            body.append(f"<h1>{html.escape(b[0])}</h1>")
        else:
            body.append(_block(b))
    head = '<meta charset="utf-8">\n  <title>Monitoring - OGP Georgia</title>\n'
    if url and not saved_from:
        head += f'  <link rel="canonical" href="{html.escape(url)}">\n'
    saved = f"<!-- saved from url=({len(url):04d}){url} -->\n" if url and saved_from else ""
    return (f"<!DOCTYPE html>\n{saved}<html lang=\"{lang}\">\n<head>\n  {head}"
            "  <style>p { margin: 1em 0 } .field strong { font-weight: 700 }</style>\n"
            "  <script>var labels = ['Timeline: none', 'Progress: none'];</script>\n</head>\n<body>\n"
            '  <header><nav class="menu"><a href="/">Home</a><a href="/about">About</a></nav></header>\n'
            '  <main class="content">\n    ' + "\n    ".join(body) + "\n  </main>\n"
            "  <footer><p>&copy; OGP Georgia</p><script>document.write('Error!!!')</script></footer>\n"
            "</body>\n</html>\n")
