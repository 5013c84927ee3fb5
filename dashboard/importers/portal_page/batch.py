"""A batch of page files -> the pages of each commitment (`PageGroup`).

Files are given one by one or as directories (their .txt, .htm and .html files). An HTML file is read as the text it
shows (html_text.py). The English and the Georgian page of one commitment are paired by the portal's page id in
their source URL when the files carry it (the URL of an HTML page, or a `Source URL: ...` line at the top of a text
file); else by content (the same milestone numbers, reporting period and municipality); two files, one in each
language, are one commitment as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.importers.portal_page.errors import ImportError_
from dashboard.importers.portal_page.html_text import html_to_text, looks_like_html
from dashboard.importers.portal_page.parse import parse_page
from dashboard.importers.portal_page.phrases import municipalities_named
from dashboard.importers.portal_page.pipeline import PageGroup, portal_page_id
from dashboard.importers.portal_page.vocabulary import LANG_NAMES

PAGE_SUFFIXES = (".txt", ".htm", ".html")
_URL_LINE_RE = re.compile(r"^\s*(?:source\s+url|url|source)\s*:\s*(https?://\S+)\s*$", re.IGNORECASE)


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """The files given, a directory standing for its page files (sorted by name, not recursive)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES))
        else:
            out.append(p)
    return out


@dataclass
class PageFile:
    """One page as read: its name, its text (HTML already turned into text), the URL it carries, its language."""

    name: str
    text: str
    url: str | None
    lang: str
    key: tuple  # what pairs it by content

    @property
    def page_id(self) -> str | None:
        return portal_page_id(self.url)


def page_file(name: str, text: str, url: str | None = None) -> PageFile:
    """A page's text (or HTML) as a `PageFile`; `url` (the address it was fetched from) wins over the one it
    carries."""
    found = None
    if looks_like_html(name, text):
        text, found = html_to_text(text)
    else:
        head = [ln for ln in text.lstrip("\ufeff").splitlines()[:5] if ln.strip()]
        m = _URL_LINE_RE.match(head[0]) if head else None
        if m:
            found = m.group(1)
            text = text.split(head[0], 1)[1]
    page = parse_page(text, source=name)
    places = municipalities_named(page.lead_agency, page.lang) or municipalities_named(page.title, page.lang)
    key = (tuple(m.number for m in page.milestones), page.period_id, tuple(sorted(places)))
    return PageFile(name, text, url or found, page.lang, key)


def group_pages(pages: list[PageFile]) -> tuple[list[PageGroup], list[str]]:
    """The pages of each commitment, and warnings on pages left unpaired. Raises ImportError_ when two pages in
    the same language carry the same portal page id."""
    by_id: dict[str, dict[str, PageFile]] = {}
    groups: list[dict[str, PageFile]] = []
    for p in pages:
        if p.page_id:
            g = by_id.get(p.page_id)
            if g is None:
                g = by_id[p.page_id] = {}
                groups.append(g)
            if p.lang in g:
                raise ImportError_(f"{g[p.lang].name} and {p.name} are both the {LANG_NAMES[p.lang]} page of "
                                   f"portal page {p.page_id}")
            g[p.lang] = p
        else:
            groups.append({p.lang: p})
    warnings: list[str] = []
    singles = [g for g in groups if len(g) == 1]
    if len(pages) == 2 and len(singles) == 2 and {next(iter(g)) for g in singles} == {"en", "ka"} and \
            not all(next(iter(g.values())).page_id for g in singles):
        groups = [{**singles[0], **singles[1]}]
    else:
        groups = _pair_by_content(groups, singles, warnings)
    return [_as_group(g) for g in groups], warnings


def _pair_by_content(groups: list[dict], singles: list[dict], warnings: list[str]) -> list[dict]:
    """English and Georgian single pages with the same content key, when that key is unique in each language."""
    en = [g for g in singles if "en" in g]
    ka = [g for g in singles if "ka" in g]
    merged: set[int] = set()
    for ge in en:
        key = ge["en"].key
        same_en = [g for g in en if g["en"].key == key]
        same_ka = [g for g in ka if g["ka"].key == key and id(g) not in merged]
        if len(same_en) == 1 and len(same_ka) == 1 and key[0]:
            ge["ka"] = same_ka[0]["ka"]
            merged.add(id(same_ka[0]))
    out = [g for g in groups if id(g) not in merged]
    for g in out:
        if len(g) == 1:
            only = next(iter(g.values()))
            other = "Georgian" if only.lang == "en" else "English"
            warnings.append(f"{only.name}: no {other} page of the same commitment in the batch")
    return out


def _as_group(g: dict[str, PageFile]) -> PageGroup:
    ordered = [g[lang] for lang in ("en", "ka") if lang in g]
    return PageGroup([(p.name, p.text) for p in ordered], source_url=g["en"].url if "en" in g else None,
                     source_url_ka=g["ka"].url if "ka" in g else None)


def read_batch(paths: list[str | Path], read_text) -> tuple[list[PageGroup], list[str]]:
    """The groups of the files or directories `paths`, each file decoded by `read_text(path) -> str`."""
    files = expand_paths(paths)
    if not files:
        raise ImportError_("no page files given (a directory is read for its .txt, .htm and .html files)")
    return group_pages([page_file(f.name, read_text(str(f))) for f in files])
