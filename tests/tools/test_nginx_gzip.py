"""deploy/nginx.conf compresses what a first visit downloads: Streamlit's JavaScript and CSS, the Georgian font,
JSON; the page still works through it. Skipped when nginx is not installed, except in CI (env CI set)."""

from __future__ import annotations

import gzip
import os
import re
import urllib.request

import pytest

from tools import replicas

pytestmark = pytest.mark.slow

if replicas.nginx_path() is None:
    if os.environ.get("CI"):
        pytest.fail("nginx is not installed but CI is set: .ci/run installs it (apt-get install nginx)",
                    pytrace=False)
    pytest.skip("nginx is not installed (Debian: apt-get install nginx); the nginx tests need it",
                allow_module_level=True)


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
