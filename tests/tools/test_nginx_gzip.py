"""deploy/nginx.conf compresses what a first visit downloads: Streamlit's JavaScript and CSS, the Georgian font,
JSON, our plotly.js (announced by the chart pages with a preload header); the page still works through it.
Skipped when nginx is not installed, except in CI (env CI set)."""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from dashboard import REPO_DIR
from dashboard.ui import plotly_view
from dashboard.ui.app import CHART_PAGES, PAGES
from tests.helpers import require_nginx
from tools import replicas

pytestmark = pytest.mark.slow

require_nginx()


@pytest.fixture(scope="module")
def rs(tmp_path_factory):
    with replicas.running(replicas=1, workdir=tmp_path_factory.mktemp("nginx"), warm=False) as running:
        yield running


def fetch(url: str, gzip_ok: bool) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as resp:
        return {k.lower(): v for k, v in resp.headers.items()}, resp.read()


def test_javascript_css_and_font_are_gzipped(rs):
    _headers, page = fetch(rs.url + "/", gzip_ok=False)
    assets = re.findall(r'(?:src|href)="\./(static/[^"]+\.(?:js|css))"', page.decode())
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets), assets
    checked = 0
    for path in [*assets, "app/static/NotoSansGeorgian-Regular.ttf"]:
        plain_headers, plain = fetch(f"{rs.url}/{path}", gzip_ok=False)
        headers, body = fetch(f"{rs.url}/{path}", gzip_ok=True)
        assert "content-encoding" not in plain_headers, path      # a client without gzip gets the bytes
        if len(plain) < 1024:                                      # gzip_min_length: not worth it
            continue
        checked += 1
        assert headers.get("content-encoding") == "gzip", (path, headers)
        assert gzip.decompress(body) == plain, path
        assert len(body) < 0.6 * len(plain), (path, len(body), len(plain))
    assert checked >= 5


def test_chart_pages_announce_plotly_js_and_static_files_are_gzipped(rs):
    """The documents of the pages with charts carry a Link preload of plotly.js (deploy/nginx.conf), the others
    none; the bundle itself comes gzipped, with the routing cookie still set on every page."""
    bundle = plotly_view.static_url(plotly_view.BUNDLE)

    def head(path: str, **headers: str):
        req = urllib.request.Request(rs.url + path, headers=headers)
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, len(resp.read())

    for name, url, _icon in PAGES:
        for path in (["/", f"/{url}"] if name == PAGES[0][0] else [f"/{url}"]):
            status, headers, _ = head(path)
            links = headers.get_all("Link") or []
            assert status == 200 and any(c.startswith("ogp_route=") for c in headers.get_all("Set-Cookie")), path
            assert links == ([f"<{bundle}>; rel=preload; as=script"] if name in CHART_PAGES else []), (path, links)
    status, headers, size = head(bundle, **{"Accept-Encoding": "gzip"})
    raw = (REPO_DIR / "static" / plotly_view.BUNDLE).stat().st_size
    assert status == 200 and headers["Content-Encoding"] == "gzip" and size < raw / 2
    assert "javascript" in headers["Content-Type"]
    assert not (headers.get_all("Link") or [])
