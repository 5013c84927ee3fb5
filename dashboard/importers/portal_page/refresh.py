"""The `refresh` command: fetch again every monitoring-portal page that the data cites as a source, in English and
Georgian, keep a dated copy of each, and import them as one batch with the merge semantics of `import-page`
(new records and empty fields added; a changed non-empty value is a conflict unless --replace).

    python -m dashboard refresh [--data DATA_DIR] [--dry-run] [--json] [--replace] [--snapshots DIR]

Only an operator runs it, on a machine that is online; nothing else in the product fetches anything. Each request
has a timeout, failed requests are retried with back-off (not a missing page), requests are spaced by a polite
delay and say who is asking (User-Agent). The copies go under SNAPSHOTS/<UTC date and time>/ (default: the folder
`snapshots/` beside the data directory, which git ignores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit, urlunsplit

from dashboard.importers.portal_page.batch import group_pages, page_file
from dashboard.importers.portal_page.errors import ImportError_
from dashboard.importers.portal_page.merge import read_table
from dashboard.importers.portal_page.pipeline import plan_batch, portal_page_id

USER_AGENT = "ogp-georgia-dashboard-refresh/1.0 (commitment monitoring dashboard; operator-run refresh)"
TIMEOUT = 20.0
RETRIES = 3
BACKOFF = 2.0  # seconds before the first retry, doubled after each
DELAY = 1.0  # seconds between two requests
_SOURCE_COLUMNS = (("commitments", ("source_url_en", "source_url_ka")), ("milestones", ("source_url",)),
                   ("commitment_progress", ("source_url",)), ("milestone_progress", ("source_url",)))


@dataclass
class Target:
    """One portal page the data cites: its id, and the URL of its English and of its Georgian version."""

    page_id: str
    en: str
    ka: str


def language_urls(url: str) -> tuple[str, str]:
    """The English and the Georgian URL of a portal page, from either ('/en/monitorings/ID/' and
    '/monitorings/ID/')."""
    parts = urlsplit(url)
    segs = [s for s in parts.path.split("/") if s]
    if segs and segs[0].lower() in ("en", "ka", "ge"):
        segs = segs[1:]
    path = "/".join(segs) + "/"
    return (urlunsplit((parts.scheme, parts.netloc, "/en/" + path, "", "")),
            urlunsplit((parts.scheme, parts.netloc, "/" + path, "", "")))


def refresh_targets(data_dir: str | Path) -> list[Target]:
    """Every portal page the data cites (commitments, milestones, progress rows), once, in the order cited. A
    Georgian URL the data gives is used as it is; the other language's URL is derived."""
    targets: dict[str, Target] = {}
    for table, cols in _SOURCE_COLUMNS:
        for row in read_table(Path(data_dir), table).rows:
            for col in cols:
                url = (row.get(col) or "").strip()
                pid = portal_page_id(url)
                if not pid:
                    continue
                en, ka = language_urls(url)
                t = targets.setdefault(pid, Target(pid, en, ka))
                if col == "source_url_ka":
                    t.ka = url
                elif col == "source_url_en":
                    t.en = url
    return list(targets.values())


def fetch(url: str, *, timeout: float = TIMEOUT, retries: int = RETRIES, backoff: float = BACKOFF,
          sleep: Callable[[float], None] = time.sleep) -> tuple[str, bytes]:
    """(text, raw bytes) of a page. Server errors (5xx, 429) and network errors are retried `retries` times,
    waiting `backoff`, then twice as long each time; a client error (404 ...) is not. Raises OSError at the end."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain"})
    wait = backoff
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                charset = resp.headers.get_content_charset() or "utf-8"
            return raw.decode(charset, errors="replace"), raw
        except urllib.error.HTTPError as exc:
            if exc.code < 500 and exc.code != 429 or attempt == retries:
                raise OSError(f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if attempt == retries:
                raise OSError(str(getattr(exc, "reason", exc))) from None
        sleep(wait)
        wait *= 2
    raise OSError("not fetched")  # not reached


@dataclass
class Fetched:
    pages: list = field(default_factory=list)  # PageFile
    failures: list = field(default_factory=list)  # "URL: reason"
    snapshot_dir: Path | None = None


def fetch_all(targets: list[Target], snapshots: Path, *, fetcher: Callable[[str], tuple[str, bytes]] = fetch,
              delay: float = DELAY, sleep: Callable[[float], None] = time.sleep,
              now: dt.datetime | None = None) -> Fetched:
    """Fetch both languages of every target, keeping a copy of each page under snapshots/<UTC stamp>/."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H%M%SZ")
    out = Fetched(snapshot_dir=snapshots / stamp)
    first = True
    for t in targets:
        for lang, url in (("en", t.en), ("ka", t.ka)):
            if not first:
                sleep(delay)
            first = False
            try:
                text, raw = fetcher(url)
            except OSError as exc:
                out.failures.append(f"{url}: {exc}")
                continue
            out.snapshot_dir.mkdir(parents=True, exist_ok=True)
            name = f"{t.page_id}-{lang}.html"
            (out.snapshot_dir / name).write_bytes(raw)
            out.pages.append(page_file(name, text, url=url))
    return out


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=None)
    p.add_argument("--dry-run", action="store_true", help="fetch and report; write nothing to the data")
    p.add_argument("--json", action="store_true")
    p.add_argument("--replace", action="store_true", help="let the pages change values the data already has")
    p.add_argument("--snapshots", default=None, help="folder of the dated copies (default: snapshots/ beside DATA)")


def cli_refresh(data_dir=None, dry_run=False, as_json=False, replace=False, snapshots=None,
                out: TextIO | None = None, **fetch_options) -> int:
    """The `refresh` command; `fetch_options` (fetcher, delay, sleep, now) are for tests. Exit 0 when every page
    was fetched and the batch imported (or would be, with --dry-run), else 1."""
    from dashboard.importers.portal_page.cli import recover_first, write_and_report
    from dashboard.store import resolve_data_dir

    out = out or sys.stdout
    err = sys.stderr if out is sys.stdout else out
    ddir = Path(resolve_data_dir(data_dir))
    targets = refresh_targets(ddir)
    if not targets:
        print("refresh: the data cites no monitoring-portal page", file=err)
        return 1
    fetched = fetch_all(targets, Path(snapshots) if snapshots else ddir.parent / "snapshots", **fetch_options)
    print(f"refresh: {len(fetched.pages)} page(s) of {len(targets)} portal commitment(s) fetched; copies in "
          f"{fetched.snapshot_dir}", file=err)
    for f in fetched.failures:
        print(f"refresh: not fetched: {f}", file=err)
    if not fetched.pages:
        return 1
    notes = recover_first(ddir, dry_run)
    try:
        groups, warnings = group_pages(fetched.pages)
        batch = plan_batch(groups, ddir, replace=replace)
    except ImportError_ as exc:
        print(f"refresh: {exc}", file=err)
        return 1
    written = write_and_report("refresh", batch, warnings, ddir, dry_run, notes, as_json, out, err)
    return 0 if written and not fetched.failures else 1
