"""URL parameters <-> filters: round trip, tampered parameters dropped with notices, parse never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import i18n, state
from dashboard.schema import Filters

OPTIONS = {
    "plan": ("georgia-2018-2019", "rustavi-2022-2025", "tbilisi-2017"),
    "level": ("national", "municipal", "ogp_local"),
    "jurisdiction": ("georgia", "rustavi", "batumi", "kutaisi"),
    "theme": ("transparency", "accountability", "access_to_services", "innovation_technology", "engagement"),
    "sdg": tuple(str(n) for n in range(1, 18)),
    "rating": ("fully_implemented", "mostly_implemented", "partially_implemented", "not_implemented",
               "not_reported"),
    "period": ("2019-annual", "2020-midterm"),
    "commitment": ("GE-2018-6.2", "GE0065"),
}


def _subset(codes):
    return st.lists(st.sampled_from(codes), unique=True, max_size=len(codes)).map(tuple)


filters_strategy = st.builds(
    Filters,
    plan=_subset(OPTIONS["plan"]),
    level=_subset(OPTIONS["level"]),
    jurisdiction=_subset(OPTIONS["jurisdiction"]),
    theme=_subset(OPTIONS["theme"]),
    sdg=_subset(tuple(range(1, 18))),
    rating=_subset(OPTIONS["rating"]),
    period=st.none() | st.sampled_from(OPTIONS["period"]),
    as_of=st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)).map(str),
    commitment=_subset(OPTIONS["commitment"]),
)


@given(filters_strategy, st.sampled_from(state.LANGS), st.booleans(), st.none() | st.integers(1, 999))
def test_round_trip(filters, lang, present, page):
    view = state.View(present=present, page=page)
    params = state.to_params(filters, lang, view)
    assert all(isinstance(v, str) for v in params.values())
    parsed, parsed_lang, notices = state.parse(params, OPTIONS)
    assert (parsed, parsed_lang, notices) == (filters, lang, [])
    assert state.parse_view(params) == view


def test_example_url():
    params = {"lang": "ka", "jurisdiction": "rustavi,batumi", "period": "2019-annual", "sdg": "16",
              "rating": "not_reported", "present": "1", "page": "2"}
    filters, lang, notices = state.parse(params, OPTIONS)
    assert lang == "ka" and notices == []
    assert filters == Filters(jurisdiction=("rustavi", "batumi"), period="2019-annual", sdg=(16,),
                              rating=("not_reported",))
    assert state.parse_view(params) == state.View(present=True, page=2)


def test_defaults_omitted():
    assert state.to_params(Filters(), "en") == {"lang": "en"}
    assert state.to_params(Filters(), "ka", state.View()) == {"lang": "ka"}
    assert state.to_params(Filters(sdg=(16, 5)), "xx") == {"lang": "en", "sdg": "16,5"}


def test_language_default_and_case():
    assert state.parse({}, OPTIONS)[1] == "en"
    assert state.parse({}, OPTIONS, default_lang="ka")[1] == "ka"
    assert state.parse({"lang": "KA"}, OPTIONS)[1] == "ka"
    f, lang, notices = state.parse({"lang": "fr"}, OPTIONS, default_lang="ka")
    assert lang == "ka" and [n.key for n in notices] == ["notice.unknown_value"]


def _keys(notices):
    return [(n.key, n.param) for n in notices]


TAMPERED = [
    ({"jurisdiction": "rustavi'; DROP TABLE commitments; --"}, "notice.malformed_value"),
    ({"plan": "x' OR '1'='1"}, "notice.malformed_value"),
    ({"theme": "transparency) UNION SELECT * FROM jurisdictions --"}, "notice.malformed_value"),
    ({"jurisdiction": "<script>alert(1)</script>"}, "notice.malformed_value"),
    ({"rating": "<img src=x onerror=alert(1)>"}, "notice.malformed_value"),
    ({"level": "**bold** [link](http://evil)"}, "notice.malformed_value"),
    ({"jurisdiction": "tbilisi-unknown"}, "notice.unknown_value"),
    ({"sdg": "18"}, "notice.unknown_value"),
    ({"sdg": "016"}, "notice.malformed_value"),
    ({"sdg": "-1"}, "notice.malformed_value"),
    ({"period": "2019-annual; DELETE"}, "notice.malformed_value"),
    ({"period": "2031-annual"}, "notice.unknown_value"),
    ({"as_of": "2019-02-30"}, "notice.malformed_value"),
    ({"theme": "a" * 10_000}, "notice.too_long"),
    ({"jurisdiction": ["rustavi", "batumi"]}, "notice.repeated_param"),
    ({"period": "2019-annual,2020-midterm"}, "notice.single_value"),
    ({"evil": "1"}, "notice.unknown_param"),
    ({"<b>x</b>": "1"}, "notice.unknown_param"),
    ({"page": "0"}, "notice.malformed_value"),
    ({"present": "yes please"}, "notice.malformed_value"),
    ({"jurisdiction": ",".join(["rustavi"] * 80)}, "notice.too_many_values"),
]


def test_tampered_params_dropped_with_notices():
    for params, expected in TAMPERED:
        filters, lang, notices = state.parse({"lang": "ka", **params}, OPTIONS)
        assert lang == "ka"
        assert expected in [n.key for n in notices], (params, notices)
        for n in notices:
            assert len(n.value) <= state.SHOWN_LENGTH + 1
            assert len(n.param) <= state.SHOWN_LENGTH + 1
            for lang_ in state.LANGS:
                assert i18n.t(n.key, lang_, **n.kwargs())
        # Nothing invalid gets through
        _assert_valid(filters)


def test_valid_values_kept_next_to_invalid_ones():
    filters, _, notices = state.parse({"jurisdiction": "rustavi,<b>,batumi,nowhere", "sdg": "16,99"}, OPTIONS)
    assert filters.jurisdiction == ("rustavi", "batumi")
    assert filters.sdg == (16,)
    assert _keys(notices) == [("notice.malformed_value", "jurisdiction"), ("notice.unknown_value", "jurisdiction"),
                              ("notice.unknown_value", "sdg")]


def test_repeated_key_keeps_first():
    filters, _, notices = state.parse({"jurisdiction": ["rustavi", "batumi,kutaisi"]}, OPTIONS)
    assert filters.jurisdiction == ("rustavi",)
    assert _keys(notices) == [("notice.repeated_param", "jurisdiction")]
    assert notices[0].value == "batumi,kutaisi"


def test_notice_values_are_made_safe():
    _, _, notices = state.parse({"jurisdiction": "a\nb\x00c\u202e" + "x" * 500}, OPTIONS)
    (n,) = notices
    assert "\n" not in n.value and "\x00" not in n.value and "\u202e" not in n.value
    assert n.value.endswith("…")


def test_too_many_params():
    params = {f"k{i}": "1" for i in range(200)}
    _, _, notices = state.parse(params, OPTIONS)
    assert len(notices) == state.MAX_PARAMS + 1
    assert notices[-1].key == "notice.too_many_params"


def test_fallback_validation_without_options():
    filters, _, notices = state.parse({"theme": "transparency,nope", "jurisdiction": "rustavi", "sdg": "17,18",
                                       "rating": "not_reported", "period": "2019-annual"}, None)
    assert filters.theme == ("transparency",) and filters.jurisdiction == ("rustavi",)
    assert filters.sdg == (17,) and filters.period == "2019-annual"
    assert len(notices) == 2


def test_options_from_rows():
    rows = [{"dimension": "sdg", "code": "16", "label_en": "P", "label_ka": "მ", "sort": 2},
            {"dimension": "sdg", "code": "1", "label_en": "N", "label_ka": "ა", "sort": 1},
            {"dimension": "level", "code": "national", "label_en": None, "label_ka": None, "sort": 1}]
    assert state.options_from_rows(rows) == {"sdg": ("1", "16"), "level": ("national",)}


def test_canonical_key_ignores_order():
    a = Filters(jurisdiction=("rustavi", "batumi"), sdg=(16, 5))
    b = Filters(jurisdiction=("batumi", "rustavi"), sdg=(5, 16))
    assert state.canonical_key(a) == state.canonical_key(b)
    assert state.canonical_key(a) != state.canonical_key(Filters())


def _assert_valid(filters: Filters) -> None:
    for dim in ("plan", "level", "jurisdiction", "theme", "rating", "commitment"):
        assert set(getattr(filters, dim)) <= set(OPTIONS[dim])
    assert {str(s) for s in filters.sdg} <= set(OPTIONS["sdg"])
    assert filters.period is None or filters.period in OPTIONS["period"]


_text = st.text(max_size=300)
_any_value = st.one_of(
    _text,
    st.lists(_text, max_size=4),
    st.sampled_from(["rustavi,batumi", "16", "2019-annual", "not_reported", "", ",,,", "1", "0"]),
    st.integers(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
_any_key = st.one_of(st.sampled_from(state.PARAMS), _text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_any_key, _any_value, max_size=40), st.sampled_from([OPTIONS, None, {}]))
def test_parse_never_raises(params, options):
    filters, lang, notices = state.parse(params, options)
    assert isinstance(filters, Filters)
    assert lang in state.LANGS
    if options is OPTIONS:
        _assert_valid(filters)
    for n in notices:
        assert i18n.has_key(n.key, "en") and i18n.has_key(n.key, "ka")
        assert len(n.value) <= state.SHOWN_LENGTH + 1
        i18n.t(n.key, lang, **n.kwargs())
    state.parse_view(params)
    # Whatever survived is a valid URL again
    again, lang2, notices2 = state.parse(state.to_params(filters, lang), options)
    assert (again, lang2) == (filters, lang) and notices2 == []
