"""Every download's data is built only when its button is clicked: a page run hands download_button a callable
(deferred file) and never calls the CSV / XLSX / PNG / SVG / PPTX builders."""

from __future__ import annotations

from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR, exports
from dashboard.exports import images, pptx_file
from dashboard.ui.app import PAGES
from tools.apptest import open_page

REPO = REPO_DIR
APP = str(REPO / "streamlit_app.py")
TIMEOUT = 60
# The names the pages call (the package) and where the deck calls them (its modules).
BUILDERS = {exports: ("csv_bytes", "xlsx_bytes", "figure_image", "pptx_bytes", "deck_bytes"),
            images: ("figure_image",), pptx_file: ("pptx_bytes",)}


@pytest.fixture
def calls(monkeypatch) -> Counter:
    """How often each bytes builder ran."""
    counter: Counter = Counter()
    for module, names in BUILDERS.items():
        for name in names:
            original = getattr(module, name)

            def counted(*args, _name=name, _original=original, **kwargs):
                counter[_name] += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(module, name, counted)
    return counter


def _run(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "ka"
    at.run()
    if name != PAGES[0][0]:
        open_page(at, name).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("name", [name for name, _url, _icon in PAGES])
def test_a_page_run_builds_no_download(name, calls, media):
    at = _run(name)
    buttons = at.get("download_button")
    if name in ("overview", "municipalities", "themes_sdgs", "timeline", "data_methodology") \
            and exports.find_browser() is not None:
        assert buttons, name
    assert all(b.proto.deferred_file_id for b in buttons), [b.proto.id for b in buttons if not b.proto.deferred_file_id]
    assert sum(calls.values()) == 0, dict(calls)
    at.run()  # a rerun builds nothing either
    assert sum(calls.values()) == 0, dict(calls)


def test_the_bytes_are_built_on_click(calls, media):
    at = _run("data_methodology")
    button = next(b for b in at.get("download_button") if "dl_csv_coverage" in b.proto.id)
    url = media[-1].execute_deferred(button.proto.deferred_file_id)
    assert calls["csv_bytes"] == 1
    data = media[-1]._storage.get_file(url.rsplit("/", 1)[-1]).content
    assert data.startswith(b"\xef\xbb\xbf")  # CSV with a UTF-8 BOM
