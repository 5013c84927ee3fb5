"""`python -m dashboard refresh` against a local HTTP server started by the test (127.0.0.1; never the internet):
every portal page the data cites is fetched in both languages, a dated copy kept, and a new reporting period comes
in as one batch and is reported. Waits (retry back-off, polite delay) are recorded, not slept."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.importers import portal_page as pp
from dashboard.importers.portal_page import refresh
from tests.helpers import minimal_files, read_csv_rows, snapshot, strip_commitment
from tests.importers.html_pages import page_html
from tests.importers.seed_pages import SEED_EN, SEED_KA, C, read_page

PAGE_ID = "1c49c701-acfa-4069-8c65-4b40047eb44c"


class _Server:
    """A local portal: path -> (status, body) answers, a list of the requests it got."""

    def __init__(self):
        self.pages: dict[str, list[tuple[int, bytes]]] = {}
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                answers = server.pages.get(self.path) or [(404, b"not found")]
                status, body = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, lang: str) -> str:
        return f"{self.base}{'/en' if lang == 'en' else ''}/monitorings/{PAGE_ID.upper()}/"


@pytest.fixture
def server():
    s = _Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _local_only(url: str):
    assert urlsplit(url).hostname == "127.0.0.1", f"the test tried to fetch {url}"
    return refresh.fetch(url, timeout=5, retries=2, backoff=0.5, sleep=_waits.append)


_waits: list[float] = []


@pytest.fixture
def data(tmp_path, server):
    """A small data set holding the seed commitment as imported from the local portal's 2019 pages."""
    d = tmp_path / "data"
    d.mkdir()
    for name, content in minimal_files().items():
        (d / name).write_bytes(content)
    strip_commitment(d, C)
    code = pp.cli_import_page([str(SEED_EN), str(SEED_KA)], data_dir=str(d), commitment_id=C,
                              source_url=server.url("en"), source_url_ka=server.url("ka"), out=io.StringIO())
    assert code == 0
    return d


def _serve_2020(server: _Server) -> None:
    for src, lang, (a, b) in ((SEED_EN, "en", ("2019, Annual", "2020, Annual")),
                              (SEED_KA, "ka", ("2019, წლიური", "2020, წლიური"))):
        text = read_page(src).replace(a, b).replace("Not started\n", "In progress\n") \
            .replace("არ დაწყებულა\n", "მიმდინარეობს\n")
        path = urlsplit(server.url(lang)).path
        server.pages[path] = [(503, b"busy"), (200, page_html(text, server.url(lang), lang).encode("utf-8"))]


def _run(d: Path, *args, **kw) -> tuple[int, str]:
    _waits.clear()
    out = io.StringIO()
    code = refresh.cli_refresh(str(d), out=out, fetcher=_local_only, delay=1.5, sleep=_waits.append,
                               now=dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC), **kw)
    return code, out.getvalue()


def test_targets_are_the_cited_portal_pages_in_both_languages(data, server):
    targets = refresh.refresh_targets(data)
    assert [(t.page_id, t.en, t.ka) for t in targets] == [(PAGE_ID, server.url("en"), server.url("ka"))]
    assert refresh.language_urls("https://ogp.gov.ge/en/monitorings/ab/") == \
        ("https://ogp.gov.ge/en/monitorings/ab/", "https://ogp.gov.ge/monitorings/ab/")
    assert refresh.language_urls("https://www.ogp.gov.ge/monitorings/ab") == \
        ("https://www.ogp.gov.ge/en/monitorings/ab/", "https://www.ogp.gov.ge/monitorings/ab/")


def test_refresh_brings_a_new_period_in_and_reports_it(data, server, tmp_path):
    _serve_2020(server)
    before = {(r["milestone_id"], r["period_id"]): r for r in read_csv_rows(data / "milestone_progress.csv")[1]}
    code, text = _run(data, as_json=True)
    doc = json.loads(text[text.index("{"):text.rindex("}") + 1])
    assert code == 0, text
    # What was fetched: both languages, retried once after the 503, spaced by the polite delay, identified.
    paths = [p for p, _ in server.requests]
    assert paths.count(urlsplit(server.url("en")).path) == 2 and paths.count(urlsplit(server.url("ka")).path) == 2
    assert all(ua == refresh.USER_AGENT for _, ua in server.requests)
    assert _waits.count(0.5) == 2 and _waits.count(1.5) == 1
    shots = tmp_path / "snapshots" / "2026-05-01T120000Z"
    assert sorted(p.name for p in shots.iterdir()) == [f"{PAGE_ID}-en.html", f"{PAGE_ID}-ka.html"]
    assert "2020, Annual" in (shots / f"{PAGE_ID}-en.html").read_text(encoding="utf-8")
    # What changed: the 2020 rows were added, the 2019 rows kept, and the report says so.
    assert doc["written"] and doc["changes"]["commitment_progress"]["added"] == 1
    assert doc["changes"]["milestone_progress"]["added"] == 6 and doc["changes"]["periods"]["added"] == 1
    assert doc["totals"]["conflict"] == 0 and doc["changes"]["commitments"]["unchanged"] == 1
    after = {(r["milestone_id"], r["period_id"]): r for r in read_csv_rows(data / "milestone_progress.csv")[1]}
    assert all(after[k] == row for k, row in before.items())
    assert after[(f"{C}/6.2.2", "2020-annual")]["state"] == "in_progress"
    assert after[(f"{C}/6.2.2", "2019-annual")]["state"] == "not_started"
    assert after[(f"{C}/6.2.2", "2020-annual")]["source_url"] == server.url("en")
    from dashboard.store import load_dataset
    load_dataset(data)
    # Again: nothing new.
    code, text = _run(data)
    assert code == 0 and "Changes (nothing to write)" in text and "+ " not in text


def test_refresh_dry_run_writes_nothing_and_a_missing_page_is_reported(data, server):
    _serve_2020(server)
    server.pages[urlsplit(server.url("ka")).path] = [(404, b"gone")]
    before = snapshot(data)
    code, text = _run(data, dry_run=True)
    assert code == 1  # a page could not be fetched
    assert f"not fetched: {server.url('ka')}: HTTP 404" in text
    assert "Changes (dry run, nothing written)" in text and "+ commitment_progress GE-2018-6.2/2020-annual" in text
    assert snapshot(data) == before
    assert _waits.count(0.5) == 1  # the 503 of the English page was retried; the 404 was not


def test_refresh_without_portal_sources(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    for name, content in minimal_files().items():
        (d / name).write_bytes(content)
    strip_commitment(d, C)
    code, text = _run(d)
    assert code == 1 and "cites no monitoring-portal page" in text
