"""The Commitments and Data & methodology pages under AppTest: both languages, the commitment page of the seed,
search, downloads (CSV with BOM, XLSX, PPTX), session-only uploads, bad and hostile uploads."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR, i18n
from dashboard.safe_text import md_escape
from tools.apptest import open_page

REPO = REPO_DIR
APP = str(REPO / "streamlit_app.py")
DATA = REPO / "data"
TIMEOUT = 60
SEED = "GE-2018-6.2"
COMMITMENTS = "commitments"
DATA_PAGE = "data_methodology"


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page(page: str, lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    _ok(at.run())
    for key, value in params.items():
        at.query_params[key] = value
    return _ok(open_page(at, page).run())


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", str(text).replace("\u2060", "").replace("&#58;", ":"))  # see safe_text.md_escape


def _texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "text"):
        out += [_unescape(e.value) for e in getattr(at, kind)]
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _download(at: AppTest, managers: list[MediaFileManager], key_part: str) -> bytes:
    """Bytes of the download button whose element id contains key_part (deferred or not)."""
    for el in at.get("download_button"):
        if key_part not in el.proto.id:
            continue
        mgr = managers[-1]
        url = mgr.execute_deferred(el.proto.deferred_file_id) if el.proto.deferred_file_id else el.proto.url
        return mgr._storage.get_file(url.rsplit("/", 1)[-1]).content
    raise AssertionError(f"no download button {key_part}")


def _zip_of_data(tmp_path: Path, edit=None) -> bytes:
    """A zip of a temp copy of data/ (edit(dir) may change it first)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    if edit:
        edit(copy)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(copy.iterdir()):
            if f.suffix in (".csv", ".json"):
                zf.write(f, f"data/{f.name}")
    return buf.getvalue()


def _set_title(directory: Path, table: str, key_col: str, key: str, column: str, value: str) -> None:
    path = directory / f"{table}.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for r in rows:
        if r[key_col] == key:
            r[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def _upload(at: AppTest, data: bytes, name: str = "data.zip") -> AppTest:
    _ok(at.file_uploader(key="up_tables").set_value((name, data, "application/zip")).run())
    return _ok(at.button(key="up_tables_go").click().run())


def _table_titles(at: AppTest) -> list[str]:
    return [str(t) for t in at.dataframe[0].value["title"]]


# ----------------------------------------------------------------------------------------------------- rendering

@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("page", [COMMITMENTS, DATA_PAGE])
def test_pages_render(page, lang):
    at = _page(page, lang)
    name = Path(page).stem
    assert i18n.t(f"page.{name}.title", lang) in [t.value for t in at.title]
    assert at.query_params["lang"] == lang
    if page == COMMITMENTS:
        assert len(at.dataframe[0].value) == 65


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_commitment_page_of_the_seed(lang):
    at = _page(COMMITMENTS, lang, commitment=SEED)
    texts = "\n".join(_texts(at))
    milestones = [r for r in _rows(DATA / "milestones.csv") if r["commitment_id"] == SEED]
    assert len(milestones) == 6
    for m in milestones:
        assert m[f"title_{lang}"] in texts, m["number"]
    if lang == "en":
        assert "Batumi Municipality City Hall" in texts  # the English title of 6.2.1 says Batumi (as published)
    else:
        assert "ქ. რუსთავის მუნიციპალიტეტის მერიის სისტემაში" in texts
        assert "ივლისი 2018" in texts and "დეკემბერი 2019" in texts  # timeline in Georgian month names
    progress = next(r for r in _rows(DATA / "commitment_progress.csv") if r["commitment_id"] == SEED)
    assert progress[f"narrative_{lang}"].split("\n")[0].strip() in texts
    assert i18n.t("rating.mostly_implemented", lang) in texts
    assert i18n.t("page.commitments.slip_days_min", lang, status=i18n.t("slip.done_late", lang),
                  days=i18n.fmt_days(253, lang)) in texts
    url = "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"
    assert url in texts
    assert url in [b.proto.url for b in at.get("link_button")]
    summary = at.dataframe[0].value
    assert len(summary) == 6
    assert i18n.t("page.commitments.not_reported", lang) in texts


def test_selecting_a_commitment_puts_it_in_the_url():
    at = _page(COMMITMENTS, "ka")
    _ok(at.selectbox(key="cm_open").select(SEED).run())
    assert at.query_params["commitment"] == SEED
    assert at.query_params["lang"] == "ka"
    assert len(at.get("link_button")) >= 1
    _ok(at.button(key="cm_back").click().run())
    assert "commitment" not in at.query_params
    assert len(at.dataframe[0].value) == 65


def test_unknown_commitment_gives_a_message():
    at = _page(COMMITMENTS, "en", commitment="GE-0000-9.9")
    assert any("GE-0000-9.9" in w for w in _texts(at))


def test_search_narrows_the_table():
    at = _page(COMMITMENTS, "en")
    _ok(at.text_input(key="cm_search").input("electronic services Rustavi").run())
    titles = _table_titles(at)
    assert 1 <= len(titles) < 65
    assert any("Rustavi" in t for t in titles)
    at = _page(COMMITMENTS, "ka")
    _ok(at.text_input(key="cm_search").input("რუსთავის").run())
    assert 1 <= len(at.dataframe[0].value) < 65
    _ok(at.text_input(key="cm_search").input("'; DROP TABLE commitments; --").run())
    assert not at.dataframe  # nothing matches: a friendly message, no table
    assert any(i18n.t("page.commitments.no_match", "ka") == t for t in _texts(at))


def test_list_counts_and_pages_in_one_query_until_narrowed(monkeypatch):
    """Without a search or state choice the list's first page also gives the count ("65 of 65"): one query. A
    search counts every commitment of the filters separately ("n of 65")."""
    import streamlit as st

    from dashboard import metrics

    at = _page(COMMITMENTS, "en")
    st.cache_data.clear()
    runs: list[tuple[str, dict]] = []
    real = metrics.run
    monkeypatch.setattr(metrics, "run", lambda con, name, filters=None, **extra: (
        runs.append((name, extra)), real(con, name, filters, **extra))[1])
    _ok(at.run())
    assert [name for name, _ in runs if name == "commitments_table"] == ["commitments_table"]
    assert i18n.t("page.commitments.count", "en", shown="65", total="65") in _texts(at)
    assert len(at.dataframe[0].value) == 65
    runs.clear()
    _ok(at.text_input(key="cm_search").input("Rustavi").run())
    shown = len(at.dataframe[0].value)
    assert 1 <= shown < 65
    assert i18n.t("page.commitments.count", "en", shown=str(shown), total="65") in _texts(at)
    _ok(at.text_input(key="cm_search").input("").run())
    assert i18n.t("page.commitments.count", "en", shown="65", total="65") in _texts(at)


# ----------------------------------------------------------------------------------------------------- downloads

def test_csv_and_xlsx_downloads(media):
    at = _page(DATA_PAGE, "ka")
    data = _download(at, media, "dl_csv_commitments_table")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "ქალაქ რუსთავის მუნიციპალიტეტში ელექტრონული სერვისების დანერგვა და განვითარება" in text
    assert len(list(csv.DictReader(io.StringIO(text)))) == 65

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(_download(at, media, "dl_xlsx")))
    assert len(wb.sheetnames) >= 6
    assert i18n.t("page.data.sheet.commitments_table", "ka") in wb.sheetnames
    ws = wb[i18n.t("page.data.sheet.commitments_table", "ka")]
    assert ws.max_row == 66


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_pptx_download(media, lang):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no /usr/bin/chromium: the deck's chart images need a headless Chromium")
    from pptx import Presentation

    at = _page(DATA_PAGE, lang)
    prs = Presentation(io.BytesIO(_download(at, media, "dl_pptx")))
    slides = list(prs.slides)
    texts = ["\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in slides]
    assert i18n.t("app.title", lang) in texts[0]
    assert len(slides) >= 5  # title, charts, methodology and sources
    assert any(sh.shape_type == 13 for s in slides for sh in s.shapes)  # pictures of the charts
    assert any(i18n.t("export.methodology", lang) in t for t in texts)
    if lang == "ka":
        assert "ეტაპ" in "\n".join(texts)


# ----------------------------------------------------------------------------------------------------- uploads

def test_upload_is_seen_only_by_its_session(tmp_path):
    title = "Uploaded title for this session only"
    data = _zip_of_data(tmp_path, lambda d: _set_title(d, "commitments", "commitment_id", SEED, "title_en", title))
    at = _page(DATA_PAGE, "en")
    _upload(at, data)
    assert at.session_state["user_dataset"] is not None
    assert any(i18n.t("upload.active", "en", label="").split(":")[0] in t for t in _texts(at))
    _ok(open_page(at, COMMITMENTS).run())
    assert title in _table_titles(at)

    other = _page(COMMITMENTS, "en")
    assert title not in _table_titles(other)
    assert len(other.dataframe[0].value) == 65

    # One click back to the bundled data.
    _ok(open_page(at, DATA_PAGE).run())
    _ok(at.button(key="up_back").click().run())
    _ok(open_page(at, COMMITMENTS).run())
    assert title not in _table_titles(at)


def test_bad_upload_lists_problems_and_keeps_the_bundled_data(tmp_path):
    def break_it(d: Path) -> None:
        _set_title(d, "commitment_progress", "commitment_id", SEED, "rating", "excellent")
        _set_title(d, "milestones", "milestone_id", f"{SEED}/6.2.1", "planned_start", "June 2018")

    at = _page(DATA_PAGE, "ka")
    _upload(at, _zip_of_data(tmp_path, break_it))
    assert "user_dataset" not in at.session_state
    assert any(e.value.startswith(i18n.t("upload.invalid", "ka", n="2")[:20]) for e in at.error)
    problems = "\n".join(str(t.value) for t in at.text)
    assert "commitment_progress.csv" in problems and "rating" in problems
    assert "milestones.csv" in problems and "planned_start" in problems
    _ok(open_page(at, COMMITMENTS).run())
    assert len(at.dataframe[0].value) == 65

    # Not a data file at all
    at = _page(DATA_PAGE, "en")
    _upload(at, b"a,b\n1,2\n", "notes.csv")  # not a table of the dataset
    assert at.error and "user_dataset" not in at.session_state


def test_hostile_titles_are_shown_as_text(tmp_path):
    hostile = ("<script>alert(1)</script> [click me](javascript:alert(1)) **bold** "
               "<img src=x onerror=alert(2)> =HYPERLINK(\"http://evil\")")

    def edit(d: Path) -> None:
        _set_title(d, "commitments", "commitment_id", SEED, "title_en", hostile)
        _set_title(d, "milestones", "milestone_id", f"{SEED}/6.2.2", "title_en", hostile)

    at = _page(DATA_PAGE, "en")
    _upload(at, _zip_of_data(tmp_path, edit))
    assert at.session_state["user_dataset"] is not None
    at.query_params["commitment"] = SEED
    _ok(open_page(at, COMMITMENTS).run())
    for kind in ("header", "subheader", "markdown", "caption"):
        for el in getattr(at, kind):
            value = str(el.value)
            assert not getattr(el.proto, "allow_html", False)
            assert not re.search(r"(?<!\\)<", value), value          # no raw tag
            assert not re.search(r"(?<!\\)\]\(", value), value       # no link markup
            assert "**bold**" not in value
    assert any(md_escape(hostile) in str(h.value) for h in at.header)  # the commitment title, escaped
    assert any(md_escape(hostile) in str(m.value) for m in at.markdown)  # the milestone title, escaped
    assert all(b.proto.url.startswith("https://") for b in at.get("link_button"))


def test_portal_pages_upload_merges_into_a_session_copy():
    fixtures = REPO / "tests" / "fixtures"
    at = _page(DATA_PAGE, "ka")
    files = [(n, (fixtures / n).read_bytes(), "text/plain") for n in ("seed_en.txt", "seed_ka.txt")]
    _ok(at.file_uploader(key="up_pages").set_value(files).run())
    _ok(at.button(key="up_pages_go").click().run())
    assert at.session_state["user_dataset"] is not None
    assert not at.error
    # The bundled files on disk are untouched (merged in memory only).
    assert not (DATA / ".import-journal").exists()

    at = _page(DATA_PAGE, "en")
    _ok(at.file_uploader(key="up_pages").set_value(("page.txt", b"hello\nnothing here\n", "text/plain")).run())
    _ok(at.button(key="up_pages_go").click().run())
    assert at.error and "user_dataset" not in at.session_state
    assert at.text  # the parser's problem, as plain text
