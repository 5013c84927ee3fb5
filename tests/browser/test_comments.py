"""A citizen posts a comment through the form in a real browser, a moderator publishes it from the command line,
a second browser sees it under the commitment; the e-mail address appears nowhere in either page."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dashboard import REPO_DIR, i18n
from tests.browser.browser_util import new_guarded_context
from tools.serving import streamlit_server, wait_idle

CID = "GE-2018-N2"
EMAIL = "citizen.private@example.org"
BODY = "Please publish the platform's usage figures <b>monthly</b> [see](javascript:alert(1))"


@pytest.fixture(scope="module")
def comments_server(tmp_path_factory):
    d = tmp_path_factory.mktemp("comments-browser")
    env = {"DASHBOARD_COMMENTS_DB": str(d / "comments.sqlite3"), "DASHBOARD_DATABASE_URL": ""}
    with streamlit_server(env=env, log_path=d / "streamlit.log") as srv:
        srv.env = env
        yield srv


def _cli(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "dashboard", "comments", *args], capture_output=True, text=True,
                         cwd=REPO_DIR, env={**os.environ, **env}, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _open(context, url: str):
    page = context.new_page()
    page.set_default_timeout(45_000)
    page.goto(url)
    wait_idle(page)
    return page


def test_post_moderate_and_see_in_a_second_browser(comments_server, browser):
    url = f"{comments_server.url}/commitments?lang=en&commitment={CID}"
    first = new_guarded_context(browser)
    page = _open(first, url)
    page.get_by_text(i18n.t("comments.add", "en"), exact=True).wait_for()
    page.get_by_label(i18n.t("comments.form.name", "en"), exact=True).fill("Nino Citizen")
    page.get_by_label(i18n.t("comments.form.email", "en"), exact=True).fill(EMAIL)
    page.get_by_label(i18n.t("comments.form.body", "en"), exact=True).fill(BODY)
    page.get_by_role("button", name=i18n.t("comments.form.submit", "en")).click()
    page.get_by_text(i18n.t("comments.awaiting", "en")).wait_for()
    wait_idle(page)
    assert EMAIL not in page.content()
    assert BODY not in page.inner_text("body")  # pending: not shown yet
    # The honeypot is in the page but nobody sees it.
    assert not page.get_by_label("Leave this field empty").is_visible()

    rows = json.loads(_cli(comments_server.env, "list", "--status", "pending", "--json"))
    assert [(r["name"], r["body"], r["commitment_id"]) for r in rows] == [("Nino Citizen", BODY, CID)]
    assert EMAIL not in json.dumps(rows)
    _cli(comments_server.env, "publish", str(rows[0]["id"]))

    second = new_guarded_context(browser)
    for lang in ("en", "ka"):
        other = _open(second, f"{comments_server.url}/commitments?lang={lang}&commitment={CID}")
        other.get_by_text(BODY).wait_for()
        text = other.inner_text("body")
        assert "\u2068Nino Citizen\u2069 · " in text  # the name in a bidi isolate, then the date
        html = other.content()
        assert EMAIL not in html and "citizen.private" not in html
        # The tags and the link are text, never markup.
        assert other.locator("b", has_text="monthly").count() == 0
        assert other.locator('a[href^="javascript:"]').count() == 0
        other.close()
    # The moderation page is not in the navigation.
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert i18n.t("nav.moderation", "en") not in nav
    assert first.outside_requests == [] and second.outside_requests == []
    first.close()
    second.close()
