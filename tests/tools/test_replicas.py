"""Two `streamlit run` replicas behind nginx (tools/replicas.py, deploy/nginx.conf): health and a real
websocket session through nginx, sticky routing by cookie, both replicas used, one read-only data snapshot.
Skipped when nginx is not installed, except in CI (env CI set), where it must be."""

from __future__ import annotations

import stat
import urllib.request
import uuid

import pytest

from benchmarks.streamlit_client import StreamlitClient
from tests.helpers import require_nginx
from tools import replicas

pytestmark = pytest.mark.slow

require_nginx()


@pytest.fixture(scope="module")
def rs(tmp_path_factory):
    with replicas.running(workdir=tmp_path_factory.mktemp("replicas")) as running:
        yield running


def _get(url: str, cookie: str | None = None) -> tuple[int, str, list[str]]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.read().decode("utf-8", "replace"), resp.headers.get_all("Set-Cookie") or []


def _routes(rs) -> dict[str, set[str]]:
    """route key -> upstream addresses that served it (from nginx's access log)."""
    out: dict[str, set[str]] = {}
    for line in rs.access_log.read_text().splitlines():
        fields = dict(p.split("=", 1) for p in line.split() if p.startswith(("upstream=", "route=")))
        if "route" in fields:
            out.setdefault(fields["route"], set()).add(fields.get("upstream", ""))
    return out


def test_health_and_page_through_nginx(rs):
    assert len(rs.replica_pids) == 2 and len(set(rs.replica_urls)) == 2
    status, body, _ = _get(rs.url + "/_stcore/health")
    assert (status, body.strip()) == (200, "ok")
    for url in rs.replica_urls:
        assert _get(url + "/_stcore/health")[1].strip() == "ok"
    status, body, cookies = _get(rs.url + "/")
    assert status == 200 and "<html" in body.lower()
    assert any(c.startswith("ogp_route=") and "HttpOnly" in c for c in cookies), cookies


def test_websocket_session_through_nginx(rs):
    client = StreamlitClient(rs.url, timeout=90)
    assert client.load_page("/?lang=ka") == 200
    assert client.cookie and "ogp_route=" in client.cookie
    with client:
        first = client.connect(query_string="lang=ka")
        assert first.ok, first.exceptions
        assert first.of_type("heading"), "the page rendered no heading"
        assert "lang=ka" in client.query_string
        assert client.pages, "no st.navigation pages in the session"
        page = next(p for p in client.pages if p)
        again = client.open_page(page)
        assert again.ok, again.exceptions
        back = client.set_radio("w_lang", 0)
        assert back.ok and "lang=ka" not in client.query_string


def test_sticky_routing_and_both_replicas_used(rs):
    # One browser (one cookie): the page, its websockets and later requests all reach the same replica.
    cookie = f"ogp_route={uuid.uuid4().hex}"
    _get(rs.url + "/", cookie)
    for _ in range(3):
        with StreamlitClient(rs.url, timeout=90, cookie=cookie) as client:
            assert client.connect().ok
    _get(rs.url + "/_stcore/health", cookie)
    routes = _routes(rs)
    assert len(routes[cookie.split("=", 1)[1]]) == 1, routes[cookie.split("=", 1)[1]]
    # Many browsers: both replicas get some (consistent hash of random keys; 2**-19 odds of a false failure).
    for _ in range(20):
        _get(rs.url + "/_stcore/health", f"ogp_route={uuid.uuid4().hex}")
    used = set().union(*_routes(rs).values())
    assert len(used) == 2, used


def test_replicas_share_one_read_only_snapshot(rs):
    assert rs.data_dir.name == "snapshot" and rs.data_dir.is_dir()
    mode = stat.S_IMODE(rs.data_dir.stat().st_mode)
    assert not mode & 0o222, oct(mode)
    assert all(not stat.S_IMODE(f.stat().st_mode) & 0o222 for f in rs.data_dir.iterdir())
    assert (rs.data_dir / "commitments.csv").exists()


def test_rendered_config_has_no_placeholders_and_no_machine_paths():
    text = replicas.TEMPLATE.read_text()
    assert "proxy_read_timeout 86400s" in text and "$connection_upgrade" in text
    rendered = replicas.render_config(replicas.TEMPLATE.parent, "127.0.0.1:1", ["127.0.0.1:2", "127.0.0.1:3"])
    assert "{{" not in rendered.replace("{{...}}", "")
    assert "server 127.0.0.1:2" in rendered and "server 127.0.0.1:3" in rendered
