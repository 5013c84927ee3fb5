"""The hostile-input corpus (tests/bad_inputs/, built by build_corpus.py; cases.json holds each expected outcome):
a bad file gives a clear message naming the file (and row and column where there is one) and loads nothing;
untrusted text is loaded verbatim as data and, shown in the app, never rendered as HTML or link markup; SQL in
URL parameters is dropped by state.parse and treated as data by metrics. Property-based tests: the portal page
parser and the URL-parameter parser never raise an unhandled exception."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import REPO_DIR, schema, state
from dashboard.importers import portal_page
from dashboard.importers.tables import load_uploads
from dashboard.store import DataError, load_dataset
from dashboard.ui import plotly_view
from tests.bad_inputs.corpus import BY_ID, CASES, CORPUS, case_files
from tests.helpers import minimal_files, minimal_rows, to_csv
from tools.apptest import open_page


def test_corpus_is_big_enough_and_complete():
    assert len(CASES) >= 40
    for c in CASES:
        for name in c["files"]:
            assert (CORPUS / c["id"] / name).is_file(), (c["id"], name)
    assert len(BY_ID) == len(CASES)


# ------------------------------------------------------------------------------------------------ generated cases

DATASET_CASES = [c for c in CASES if c["kind"] == "dataset"]


@pytest.mark.parametrize("case", DATASET_CASES, ids=[c["id"] for c in DATASET_CASES])
def test_dataset_case(case):
    files = case_files(case)
    if case["outcome"] == "error":
        with pytest.raises(DataError) as info:
            load_uploads(files)
        problems = info.value.problems
        assert problems, "a DataError without problems"
        rendered = [str(p) for p in problems]
        for want in case["problems"]:
            match = [p for p in problems
                     if p.file == want["file"]
                     and (want["row"] is None or p.row == want["row"])
                     and (want["column"] is None or p.column == want["column"])
                     and want["message"].lower() in str(p).lower()]
            assert match, f"expected {want} among:\n" + "\n".join(rendered[:20])
        for text in rendered:
            assert text.startswith(tuple(f"{p.file}:" for p in problems))   # names the file
            assert len(text) < 2000 and "Traceback" not in text
        return
    if case["outcome"] == "formulas_as_text":
        try:
            ds = load_uploads(files)
        except DataError as exc:          # refusing a formula is a clear outcome too
            assert any("formula" in str(p).lower() or "title_en" in str(p) for p in exc.problems), exc.problems
            return
        titles = {r[0] for r in ds.con.cursor().execute("select title_en from commitments").fetchall()}
        assert "2" not in titles and "click" not in titles   # never evaluated
        return
    ds = load_uploads(files)
    check = case.get("check")
    if check:
        value = ds.con.cursor().execute(check["sql"]).fetchone()[0]
        assert value == check["equals"]
    # The tables are all there: nothing was executed from the data.
    assert ds.counts["commitments"] >= 3


def test_sql_in_title_is_data_and_tables_survive():
    ds = load_uploads(case_files(BY_ID["sql_in_title"]))
    cur = ds.con.cursor()
    assert cur.execute("select count(*) from commitments").fetchone()[0] == 3
    assert "DROP TABLE" in cur.execute("select title_en from commitments where commitment_id = 'GE0065'").fetchone()[0]


# ------------------------------------------------------------------------------------------------ portal pages

PAGE_CASES = [c for c in CASES if c["kind"] == "page"]


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c["id"] for c in PAGE_CASES])
def test_page_case_refused_and_nothing_written(case, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, content in minimal_files().items():
        (data / name).write_bytes(content)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    paths = [str(CORPUS / case["id"] / n) for n in case["files"]]
    out = io.StringIO()
    code = portal_page.cli_import_page(paths, data_dir=str(data), out=out)
    text = out.getvalue()
    assert code == 1, text
    assert "import-page:" in text and "Traceback" not in text
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    load_dataset(data)


# ------------------------------------------------------------------------------------------------ URL parameters

URL_CASES = [c for c in CASES if c["kind"] == "url"]


@pytest.mark.parametrize("case", URL_CASES, ids=[c["id"] for c in URL_CASES])
def test_url_case_dropped_with_notice(case):
    query = (CORPUS / case["id"] / "query.txt").read_text(encoding="utf-8").strip()
    params = parse_qs(query, keep_blank_values=True)
    filters, lang, notices = state.parse(params, None)
    assert lang in ("en", "ka")
    assert filters == type(filters)() or case["param"] == "lang"
    assert any(n.param == case["param"] for n in notices), notices
    for n in notices:
        assert len(n.value) <= state.SHOWN_LENGTH + 1


def test_sql_in_filter_values_is_data_for_metrics():
    from dashboard import metrics

    ds = load_dataset(_write(minimal_files()))
    cur = ds.con.cursor()
    hostile = schema.Filters(jurisdiction=("rustavi'); DROP TABLE commitments; --",),
                             theme=("x' OR '1'='1",))
    frame = metrics.run(cur, "headline", hostile)
    assert int(frame["commitments"].iloc[0] or 0) == 0
    assert cur.execute("select count(*) from commitments").fetchone()[0] == 3


def _write(files: dict[str, bytes]) -> Path:
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="bad-inputs-"))
    for name, content in files.items():
        (d / name).write_bytes(content)
    return d


# ------------------------------------------------------------------------------------------------ in the app

def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)


HOSTILE_HTML = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="https://evil.example">go</a>'
HOSTILE_MD = "[click me](javascript:alert(1)) **bold** ![x](https://evil.example/x.png)"
RAW_MARKUP = ("<script", "<img", "<a href")


@pytest.mark.slow
def test_untrusted_titles_never_rendered_as_html_or_links(monkeypatch):
    """Titles with HTML/JavaScript and Markdown links, shown by every page of the app (AppTest): Markdown elements
    show them escaped with HTML off, chart specs carry them entity-escaped (plotly reads tags as markup), other
    elements (dataframes, selectbox options, plain text) are plain text by construction."""
    from streamlit.testing.v1 import AppTest

    from dashboard.ui.app import PAGES

    rows = minimal_rows()
    rows["commitments"][0]["title_en"] = HOSTILE_HTML
    rows["commitments"][1]["title_en"] = HOSTILE_MD
    files = minimal_files()
    files["commitments.csv"] = to_csv("commitments", rows["commitments"])
    monkeypatch.setenv("DASHBOARD_DATA", str(_write(files)))
    shown = 0
    for name, _url, _icon in PAGES:
        at = AppTest.from_file(str(REPO_DIR / "streamlit_app.py"), default_timeout=60)
        at.run()
        if name != PAGES[0][0]:
            open_page(at, name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        for el in _walk(at._tree):
            proto = getattr(el, "proto", None)
            kind = getattr(el, "type", "")
            if proto is None:
                continue
            if kind == "markdown" or type(el).__name__ in ("Markdown", "Caption", "Title", "Header", "Subheader",
                                                          "Alert", "Info", "Warning", "Error", "Success"):
                body = str(getattr(proto, "body", ""))
                if "alert(1)" in body or "evil.example" in body:
                    shown += 1
                    assert not getattr(proto, "allow_html", False), (name, body[:200])
                    assert "<script" not in body and "](javascript:" not in body, (name, body[:200])
            elif getattr(proto, "component_name", "") == plotly_view.COMPONENT:
                spec = json.loads(proto.json)["figure"]  # the figure's JSON, as plotly.js gets it
                if "alert(" in spec:
                    shown += 1
                    for raw in RAW_MARKUP:
                        assert raw not in spec and raw.replace("<", "\\u003c") not in spec, (name, raw)
            elif type(el).__name__ == "Html" or kind == "html":
                assert "alert(" not in str(proto), (name, "untrusted text inside st.html")
    assert shown, "no page showed the hostile titles: the test checks nothing"


# ------------------------------------------------------------------------------------------------ properties

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), st.sampled_from([None, "en", "ka"]))
def test_portal_page_parser_never_raises_unhandled(text, lang):
    try:
        portal_page.parse_page(text, lang=lang, source="fuzz.txt")
    except portal_page.ImportError_:
        pass


LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["Milestones", "ეტაპები", "6.2.1.", "Status: completed", "სტატუსი: დასრულებული",
                     "Start date: 06.2018", "End date: 12.2018", "Rating: fully implemented",
                     "Progress 2019, Annual", "done iconარ შესრულდა", "SDG 16", "Theme: transparency"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=60), st.lists(LINE, max_size=60))
def test_portal_pages_pairing_never_raises_unhandled(en_lines, ka_lines):
    try:
        portal_page.parse_pages([("en.txt", "\n".join(en_lines)), ("ka.txt", "\n".join(ka_lines))])
    except portal_page.ImportError_:
        pass


PARAM_KEYS = st.one_of(st.sampled_from(list(state.PARAMS) + ["compare", "x", "", "lang[]"]), st.text(max_size=20))
PARAM_VALUE = st.one_of(st.text(max_size=200), st.sampled_from(["ka", "en", "rustavi,batumi", "16", "2019-annual",
                                                                  "1", "0", "-1", "99999999999", "NaN", ",,,", "%00"]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(PARAM_KEYS, st.one_of(PARAM_VALUE, st.lists(PARAM_VALUE, max_size=5)), max_size=40),
       st.one_of(st.none(), st.dictionaries(st.sampled_from(["jurisdiction", "theme", "plan", "sdg"]),
                                            st.lists(st.text(max_size=10), max_size=5))))
def test_url_parameter_parser_never_raises(params, options):
    filters, lang, notices = state.parse(params, options)
    assert lang in state.LANGS
    view = state.parse_view(params)
    # What comes out goes back into a URL and parses to the same filters.
    again, lang2, _ = state.parse(state.to_params(filters, lang, view), options)
    assert again == filters and lang2 == lang
