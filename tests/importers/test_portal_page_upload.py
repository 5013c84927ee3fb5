"""The upload page (Data & methodology -> Your own data) takes portal pages saved as HTML through the same pipeline
as the command line (dashboard.importers.portal_page.plan_pages)."""

from __future__ import annotations

from tests.importers.html_pages import page_html
from tests.importers.seed_pages import SEED_EN, SEED_KA, URL, read_page
from tests.ui.test_pages_data import DATA, DATA_PAGE, _ok, _page


def test_html_pages_upload_like_their_text():
    at = _page(DATA_PAGE, "en")
    files = [("rustavi_en.html", page_html(read_page(SEED_EN), URL, "en").encode("utf-8"), "text/html"),
             ("rustavi_ka.html", page_html(read_page(SEED_KA), URL.replace("/en/", "/"), "ka").encode("utf-8"),
              "text/html")]
    _ok(at.file_uploader(key="up_pages").set_value(files).run())
    _ok(at.button(key="up_pages_go").click().run())
    assert not at.error, [e.value for e in at.error]
    ds = at.session_state["user_dataset"]
    assert ds is not None
    sql = "select source_url_en, source_url_ka, title_ka from commitments where source_url_en = ?"
    row = ds.dataset.con.cursor().execute(sql, [URL]).fetchone()
    assert row == (URL, URL.replace("/en/", "/"), "ქალაქ რუსთავის მუნიციპალიტეტში ელექტრონული სერვისების დანერგვა და "
                   "განვითარება")
    assert not (DATA / ".import-journal").exists()
