"""Files downloaded from the running app in Georgian: the presentation (PPTX) from Data & methodology and a chart's
PNG; both open, the deck with Georgian text intact, the PNG at slide size."""

from __future__ import annotations

import io

import pytest

from dashboard import exports, i18n
from tests.browser.browser_util import has_georgian, open_page

pytestmark = pytest.mark.browser


def _download(page, button, tmp_path):
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.failure() is None
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def test_deck_downloads_in_georgian(server, shared_page, shared_context, tmp_path):
    from pptx import Presentation

    page = shared_page
    open_page(page, server.url, "data_methodology", "ka")
    tab = page.get_by_role("tab", name=i18n.t("page.data.tab_downloads", "ka"))
    button = page.locator(".st-key-dl_pptx button")
    for attempt in range(3):  # a click during a rerun can be lost
        tab.click()
        try:
            button.wait_for(state="visible", timeout=10_000)
            break
        except Exception:
            if attempt == 2:
                raise
    path = _download(page, button, tmp_path)
    assert path.suffix == ".pptx"
    deck = Presentation(str(path))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert len(deck.slides) >= 3
    assert any(has_georgian(t) for t in texts)
    assert "\ufffd" not in "".join(texts) and "⟦" not in "".join(texts)  # no broken or missing text
    titles = [t for t in texts if t]
    assert i18n.t("chart.completion.title_jurisdiction", "ka") in titles
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert pictures  # chart images rendered on the server
    assert shared_context.outside_requests == []


def test_chart_png_downloads_at_slide_size(server, shared_page, tmp_path):
    page = shared_page
    open_page(page, server.url, "themes_sdgs", "ka")
    button = page.locator('[class*="st-key-dl_png_"] button').first
    path = _download(page, button, tmp_path)
    data = path.read_bytes()
    assert path.suffix == ".png"
    assert exports.png_size(data) == (1920, 1080)
    assert has_georgian(path.name) or path.name.isascii()
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        im.verify()
