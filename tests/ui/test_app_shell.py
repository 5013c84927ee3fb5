"""The app frame under AppTest: both languages, every page, the URL round trip, tampered URLs, data states."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR, i18n, metrics, state, store
from dashboard.ui.app import PAGES
from dashboard.ui.session_data import USER_DATASET_KEY, UserDataset
from tests.helpers import write_minimal_dataset
from tools.apptest import open_page

APP = str(REPO_DIR / "streamlit_app.py")
TIMEOUT = 60


def _app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def options(bundled_dataset) -> dict[str, tuple[str, ...]]:
    return state.options_from_rows(metrics.run(bundled_dataset.cursor(), "filter_options").to_dict("records"))


def _texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "text"):
        out += [str(e.value) for e in getattr(at, kind)]
    return out


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_runs_in_both_languages(lang):
    at = _ok(_app(lang=lang).run())
    assert at.title[0].value == i18n.t("page.overview.title", lang)
    assert at.sidebar.radio(key="w_lang").value == lang
    assert at.query_params == {"lang": lang}
    assert not at.warning  # no notice for a clean URL, no synthetic banner for the real data


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_page_switchable(lang):
    at = _ok(_app(lang=lang).run())
    for name, _url, _icon in PAGES:
        _ok(open_page(at, name).run())
        assert i18n.t(f"page.{name}.title", lang) in [t.value for t in at.title], name
        assert at.query_params["lang"] == lang


def test_language_default_from_browser_locale():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.context["locale"] = "ka-GE"
    _ok(at.run())
    assert at.title[0].value == i18n.t("page.overview.title", "ka")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.context["locale"] = "de-DE"
    _ok(at.run())
    assert at.title[0].value == i18n.t("page.overview.title", "en")


def test_language_toggle():
    at = _ok(_app(lang="en").run())
    _ok(at.sidebar.radio(key="w_lang").set_value("ka").run())
    assert at.query_params["lang"] == "ka"
    assert at.title[0].value == i18n.t("page.overview.title", "ka")
    assert at.sidebar.multiselect(key="w_theme").label == i18n.t("filter.theme", "ka")


def test_url_round_trip(options):
    params = {
        "lang": "ka",
        "plan": options["plan"][0],
        "level": options["level"][0],
        "jurisdiction": ",".join(options["jurisdiction"][1:3]),
        "theme": ",".join(options["theme"][:2]),
        "sdg": "16",
        "rating": "mostly_implemented,not_reported",
        "period": options["period"][0],
    }
    at = _ok(_app(**params).run())
    # parameters in -> widgets set
    sb = at.sidebar
    assert sb.multiselect(key="w_plan").value == [options["plan"][0]]
    assert sb.multiselect(key="w_level").value == [options["level"][0]]
    assert sb.multiselect(key="w_jurisdiction").value == list(options["jurisdiction"][1:3])
    assert sb.multiselect(key="w_theme").value == list(options["theme"][:2])
    assert sb.multiselect(key="w_sdg").value == ["16"]
    assert sb.multiselect(key="w_rating").value == ["mostly_implemented", "not_reported"]
    assert sb.selectbox(key="w_period").value == options["period"][0]
    assert sb.multiselect(key="w_jurisdiction").label == i18n.t("filter.jurisdiction", "ka")
    # widgets -> parameters out (unchanged, raw codes, no translated labels)
    assert at.query_params == params
    assert not at.warning
    # a widget change goes back to the URL as raw codes
    _ok(sb.multiselect(key="w_jurisdiction").set_value([options["jurisdiction"][0]]).run())
    _ok(at.sidebar.multiselect(key="w_sdg").set_value(["5", "16"]).run())
    _ok(at.sidebar.selectbox(key="w_period").set_value("").run())
    expected = {**params, "jurisdiction": options["jurisdiction"][0], "sdg": "5,16"}
    del expected["period"]
    assert at.query_params == expected
    # the same URL in a new session reproduces the view
    again = _ok(_app(**expected).run())
    assert again.sidebar.multiselect(key="w_sdg").value == ["5", "16"]
    assert again.sidebar.multiselect(key="w_jurisdiction").value == [options["jurisdiction"][0]]
    # clear filters
    _ok(at.sidebar.button(key="w_reset").click().run())
    assert at.query_params == {"lang": "ka"}
    assert at.sidebar.multiselect(key="w_theme").value == []


def test_filters_survive_page_switch_without_query_string(options):
    at = _ok(_app(lang="ka", theme="transparency").run())
    at.query_params = {}  # the browser drops the query string when switching pages
    _ok(open_page(at, "timeline").run())
    assert at.query_params == {"lang": "ka", "theme": "transparency"}
    assert at.sidebar.multiselect(key="w_theme").value == ["transparency"]


TAMPERED = {
    "jurisdiction": "rustavi'; DROP TABLE commitments; --",
    "theme": "<script>alert(1)</script>",
    "plan": "[click](javascript:alert(1))",
    "rating": "**bold**,not_reported",
    "sdg": "99,16",
    "period": "1999-annual",
    "level": "x" * 10_000,
    "evil<b>": "1",
}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_tampered_params_give_notice(lang):
    at = _ok(_app(lang=lang, **TAMPERED).run())
    assert i18n.t("notice.title", lang) in [w.value for w in at.warning]
    shown = [t.value for t in at.text]
    assert any("DROP TABLE" in s for s in shown)
    assert any("<script>alert(1)</script>" in s for s in shown)  # as plain text, not HTML
    assert all(len(s) < 400 for s in shown)
    # valid values survive, the rest is gone from the URL
    assert at.query_params == {"lang": lang, "rating": "not_reported", "sdg": "16"}
    assert at.sidebar.multiselect(key="w_rating").value == ["not_reported"]
    # no dropped value was rendered as Markdown/HTML anywhere
    for md in at.markdown:
        assert "<script>" not in md.value and "javascript:" not in md.value
    # the notice is gone after the next interaction (the URL is clean now)
    _ok(at.run())
    assert i18n.t("notice.title", lang) not in [w.value for w in at.warning]


def test_repeated_keys_give_notice():
    at = _ok(_app(lang="en", theme=["transparency", "engagement"]).run())
    assert i18n.t("notice.title", "en") in [w.value for w in at.warning]
    assert at.query_params == {"lang": "en", "theme": "transparency"}


def test_presentation_mode():
    at = _ok(_app(lang="ka", present="1").run())
    assert len(at.sidebar.multiselect) == 0
    exit_button = at.button(key="w_exit_present")
    assert exit_button.label == i18n.t("present.exit", "ka")
    _ok(exit_button.click().run())
    assert at.query_params == {"lang": "ka"}
    assert len(at.sidebar.multiselect) > 0


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_friendly_error_when_data_cannot_load(tmp_path, monkeypatch, lang):
    (tmp_path / "periods.csv").write_text("period_id,label_en\nnot a period,x\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path))
    at = _ok(_app(lang=lang).run())
    assert at.title[0].value == i18n.t("error.data_title", lang)
    texts = " ".join(_texts(at))
    assert "Traceback" not in texts and 'File "' not in texts
    _ok(at.button(key="error_retry").click().run())


def test_synthetic_banner(tmp_path, monkeypatch):
    write_minimal_dataset(tmp_path)
    (tmp_path / "dataset.json").write_text(json.dumps({"synthetic": True}), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path))
    at = _ok(_app(lang="ka").run())
    assert i18n.t("banner.synthetic", "ka") in [w.value for w in at.warning]


def test_session_dataset_takes_precedence(tmp_path):
    write_minimal_dataset(tmp_path)
    ds = store.load_dataset(tmp_path)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.session_state[USER_DATASET_KEY] = UserDataset(ds, "upload:test-minimal", "my_tables.zip")
    _ok(at.run())
    banner = i18n.t("banner.user_data", "en", label="my\\_tables\\.zip")
    assert banner in [i.value for i in at.info]
    # the session's data drives the filters: the minimal dataset has 3 jurisdictions
    assert set(at.sidebar.multiselect(key="w_jurisdiction").options) >= {"Georgia", "Rustavi"}
    assert len(at.sidebar.multiselect(key="w_jurisdiction").options) == 3
    # another session still sees the bundled data
    other = _ok(_app(lang="en").run())
    assert banner not in [i.value for i in other.info]
    assert len(other.sidebar.multiselect(key="w_jurisdiction").options) > 3
    # one click back to the bundled data
    _ok(at.button(key="w_back_to_bundled").click().run())
    assert banner not in [i.value for i in at.info]
    assert len(at.sidebar.multiselect(key="w_jurisdiction").options) > 3


def test_context_runs_metrics_cached(options, bundled_dataset):
    """A page's ctx.run goes through st.cache_data keyed by dataset version, query and filters."""
    from dashboard.ui.context import PageContext

    ds = bundled_dataset
    ctx = PageContext(lang="ka", filters=state.parse({"sdg": "16"}, options)[0], view=state.View(),
                                cursor=ds.cursor(), dataset=ds, dataset_key="test:ctx", options={})
    first = ctx.run("headline")
    again = ctx.run("headline")
    assert first.equals(again) and first is not again
    assert ctx.fmt_number(1234.5, 1) == "1\u00a0234,5"
    assert ctx.label("rating", None) == i18n.t("rating.not_reported", "ka")
    assert ctx.params(jurisdiction=["rustavi"]) == {"lang": "ka", "sdg": "16", "jurisdiction": "rustavi"}
