"""Catalogs: same keys in both languages, non-empty values, matching placeholders, no Mtavruli; Babel formats."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from dashboard import i18n, schema

LOCALES = Path(i18n.__file__).resolve().parent / "locales"
MTAVRULI = re.compile("[\u1C90-\u1CBF]")
REPO = Path(__file__).resolve().parents[1]


def _raw(lang: str) -> dict:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_key_sets_identical():
    en, ka = _raw("en"), _raw("ka")
    assert sorted(set(en) - set(ka)) == [], "keys missing in ka.json"
    assert sorted(set(ka) - set(en)) == [], "keys missing in en.json"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_flat_sorted_non_empty(lang):
    data = _raw(lang)
    assert list(data) == sorted(data), f"{lang}.json: keep the keys sorted"
    for key, value in data.items():
        assert isinstance(value, str), f"{lang}.json {key}: not a string (catalogs are flat)"
        assert value.strip(), f"{lang}.json {key}: empty"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_mtavruli(lang):
    bad = {k: v for k, v in _raw(lang).items() if MTAVRULI.search(v)}
    assert not bad, f"Georgian capitals (Mtavruli) in {lang}.json: {bad}"


def test_placeholders_match():
    en, ka = _raw("en"), _raw("ka")
    diff = {k: (_placeholders(en[k]), _placeholders(ka[k])) for k in en if k in ka
            and _placeholders(en[k]) != _placeholders(ka[k])}
    assert not diff


def test_georgian_is_georgian():
    """Most Georgian values hold Georgian letters (catches an English string pasted into ka.json)."""
    ka = _raw("ka")
    georgian = sum(1 for v in ka.values() if re.search("[\u10D0-\u10FF]", v))
    assert georgian / len(ka) > 0.8


def test_labels_for_every_code():
    codes = {
        "rating": schema.RATING_FILTER_VALUES,
        "state": schema.STATES + (schema.NOT_REPORTED,),
        "slip": schema.SLIP_STATUSES,
        "rag": schema.RAG,
        "theme": schema.THEMES,
        "level": schema.COMMITMENT_LEVELS + schema.PLAN_LEVELS,
        "kind": schema.JURISDICTION_KINDS,
        "sdg": schema.SDGS,
    }
    for lang in i18n.LANGS:
        for kind, values in codes.items():
            for code in values:
                assert i18n.has_key(f"{kind}.{code}", lang), f"{kind}.{code} missing in {lang}"


def test_portal_vocabulary():
    """Statuses and ratings use the portal's own Georgian words (seed pages)."""
    assert i18n.t("state.completed", "ka") == "დასრულდა"
    assert i18n.t("state.not_started", "ka") == "არ დაწყებულა"
    assert i18n.t("state.in_progress", "ka") == "მიმდინარეობს"
    assert i18n.t("rating.fully_implemented", "ka") == "სრულად შესრულდა"
    assert i18n.t("rating.mostly_implemented", "ka") == "უმეტესწილად შესრულდა"
    assert i18n.t("rating.not_implemented", "ka") == "არ შესრულდა"
    assert i18n.t("field.lead_agency", "ka") == "პასუხისმგებელი უწყება"
    assert i18n.t("field.milestones", "ka") == "ეტაპები"


def test_no_uppercase_css_or_upper_on_labels():
    for path in list((REPO / "dashboard").rglob("*.py")) + [REPO / "streamlit_app.py"]:
        text = path.read_text(encoding="utf-8")
        normalised = text.replace("text-transform:uppercase", "text-transform: uppercase")
        assert "text-transform: uppercase" not in normalised, path


def test_t_placeholders_and_missing_keys(monkeypatch):
    assert i18n.t("unit.days", "ka", n="253") == "253 დღე"
    assert i18n.t("nav.overview", "xx") == i18n.t("nav.overview", "en")
    with pytest.raises(i18n.MissingTranslation):
        i18n.t("no.such.key", "en")
    with pytest.raises(i18n.MissingTranslation):
        i18n.t("unit.days", "en", x=1)  # placeholder {n} not supplied
    # Without kwargs the template comes back unformatted (e.g. for Plotly hover templates with %{y}).
    assert i18n.t("unit.days", "ka") == "{n} დღე"
    monkeypatch.setenv("DASHBOARD_I18N_STRICT", "0")
    assert i18n.t("no.such.key", "ka") == "⟦no.such.key⟧"
    monkeypatch.setitem(i18n.catalog("en"), "only.in.en", "Only English")
    assert i18n.t("only.in.en", "ka").startswith("Only English")
    assert i18n.t("only.in.en", "ka") != "Only English"  # marked as a fallback
    assert i18n.t("unit.days", "en", x=1) == "{n} days"


def test_numbers():
    assert i18n.fmt_number(1234.5, "ka", decimals=1) == "1\u00a0234,5"
    assert i18n.fmt_number(1234.5, "en", decimals=1) == "1,234.5"
    assert i18n.fmt_number(1234567, "ka") == "1\u00a0234\u00a0567"
    assert i18n.fmt_number(54, "ka") == "54"
    assert i18n.fmt_number(None, "ka") == i18n.MISSING
    assert i18n.fmt_number(float("nan"), "en") == i18n.MISSING
    assert i18n.fmt_percent(0.5, "en") == "50%"
    assert i18n.fmt_percent(0.125, "ka", decimals=1) == "12,5%"
    assert i18n.fmt_percent(2 / 3, "en", decimals=1) == "66.7%"


def test_dates():
    assert i18n.fmt_month(dt.date(2018, 7, 1), "en") == "July 2018"
    assert i18n.fmt_month(dt.date(2018, 7, 1), "ka") == "ივლისი 2018"
    assert i18n.fmt_month("2019-12", "ka") == "დეკემბერი 2019"
    assert i18n.fmt_date("2019-09-10", "ka") == "10 სექტემბერი 2019"
    assert i18n.fmt_date(dt.datetime(2019, 9, 10, 12), "en") == "10 September 2019"
    assert i18n.fmt_date(None, "en") == i18n.MISSING
    assert [i18n.month_name(m, "ka") for m in (1, 6, 8)] == ["იანვარი", "ივნისი", "აგვისტო"]
    assert i18n.fmt_month(pd.Timestamp("2018-06-30"), "ka") == "ივნისი 2018"
    assert i18n.fmt_date(pd.NaT, "ka") == i18n.MISSING


def test_data_text_fallback():
    row = {"title_en": "Batumi services", "title_ka": "", "name_en": None, "name_ka": "რუსთავი"}
    assert i18n.data_text(row, "title", "en") == ("Batumi services", False)
    assert i18n.data_text(row, "title", "ka") == ("Batumi services", True)
    assert i18n.data_text(row, "name", "en") == ("რუსთავი", True)
    assert i18n.data_text(row, "missing", "en") == ("", False)
    assert i18n.data_label(row, "title", "ka") == "Batumi services (EN)"
    assert i18n.data_label(row, "name", "en") == "რუსთავი (KA)"
    assert i18n.data_label(row, "name", "ka") == "რუსთავი"
    series = pd.Series({"title_en": "X", "title_ka": float("nan")})
    assert i18n.data_text(series, "title", "ka") == ("X", True)


def test_label_of_codes():
    assert i18n.label("rating", None, "ka") == "შეფასება არ არის"
    assert i18n.label("sdg", 16, "en") == "Peace, Justice and Strong Institutions"


def test_english_singular_and_plural():
    """`{n:one|other}` in a catalog text: the singular for exactly 1 (a number or a formatted one), else plural."""
    assert i18n.t("unit.days", "en", n="1") == "1 day"
    assert i18n.t("unit.days", "en", n=i18n.fmt_number(1234, "en")) == "1,234 days"
    assert i18n.t("unit.days", "en", n="0") == "0 days"
    assert i18n.t("page.data.rows", "en", n="1") == "1 row"
    assert i18n.t("finding.slippage.overdue_milestone", "en", n="1", total="6", date="D") == \
        "1 of 6 milestones is overdue as of D"
    assert i18n.t("finding.slippage.none_milestone", "en", total="1", date="D") == \
        "The only milestone is not overdue as of D"
    assert i18n.t("page.commitments.count", "en", shown="1", total="1") == "1 of 1 commitment"
    # Georgian puts the singular after numbers: the same text for 1 and for many.
    assert i18n.t("unit.days", "ka", n="1") == "1 დღე"
    # No catalog text in English says "1 <plural>" for a count of 1.
    import re
    for key, text in i18n.catalog("en").items():
        names = [m for m in re.findall(r"\{(\w+)\}", text)]
        if not names:
            continue
        out = i18n.t(key, "en", **{n: "0 – 29" if n == "range" else "1" for n in names})
        assert not re.search(r"\b1 (days|milestones|commitments|rows|problems|municipalities|combinations)\b", out), \
            (key, out)
