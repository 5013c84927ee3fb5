"""Two replicas behind nginx share the comments through one PostgreSQL (python -m tools.replicas --postgres): a
comment posted on replica 1 and published from the command line is seen on replica 2 and through nginx."""

from __future__ import annotations

import json
import os

import pytest

from dashboard import i18n
from tests.browser.browser_util import new_guarded_context
from tests.browser.test_comments import _cli, _open
from tools import replicas
from tools.postgres import pg_bin_dir

CID = "GE-2018-N1"
BODY = "Shared between the replicas: comment from replica one"


@pytest.fixture(scope="module")
def rs(tmp_path_factory):
    missing = [name for name, ok in (("nginx", replicas.nginx_path()), ("postgresql", pg_bin_dir())) if not ok]
    if missing:
        reason = f"{' and '.join(missing)} not installed (Debian: apt-get install nginx postgresql)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with replicas.running(workdir=tmp_path_factory.mktemp("replicas"), postgres=True) as running:
        yield running


def test_replicas_share_comments_through_postgresql(rs, browser):
    assert rs.database_url and rs.database_url.startswith("postgresql")
    first = new_guarded_context(browser)
    page = _open(first, f"{rs.replica_urls[0]}/commitments?lang=ka&commitment={CID}")
    page.get_by_text(i18n.t("comments.add", "ka"), exact=True).wait_for()
    page.get_by_label(i18n.t("comments.form.name", "ka"), exact=True).fill("ნინო")
    page.get_by_label(i18n.t("comments.form.email", "ka"), exact=True).fill("nino@example.org")
    page.get_by_label(i18n.t("comments.form.body", "ka"), exact=True).fill(BODY)
    page.get_by_role("button", name=i18n.t("comments.form.submit", "ka")).click()
    page.get_by_text(i18n.t("comments.awaiting", "ka")).wait_for()

    env = {"DASHBOARD_DATABASE_URL": rs.database_url}
    rows = [r for r in json.loads(_cli(env, "list", "--json")) if r["body"] == BODY]
    assert len(rows) == 1 and rows[0]["status"] == "pending"
    _cli(env, "publish", str(rows[0]["id"]))

    second = new_guarded_context(browser)
    for base in (rs.replica_urls[1], rs.url):
        other = _open(second, f"{base}/commitments?lang=en&commitment={CID}")
        other.get_by_text(BODY).wait_for()
        assert "nino@example.org" not in other.content()
        other.close()
    first.close()
    second.close()
