"""A page is imported only when its labels are read in English or Georgian: a page in another language, even with one
English label in it, is refused with one message (the command line in English, the web app in the page language)."""

from __future__ import annotations

import io

import pytest

from dashboard import i18n
from dashboard.importers import portal_page
from tests.helpers import minimal_files
from tests.importers.seed_pages import SEED_EN, read_page
from tests.ui.test_pages_data import DATA_PAGE, _ok, _page

# A Russian page of the seed commitment with one English "Timeline:" line (the case that used to be imported).
RUSSIAN = """Обязательство 6.2
Внедрение и развитие электронных услуг в муниципалитете города Рустави
Описание обязательства: Мэрия внедрит электронные услуги для жителей и бизнеса.
Timeline: Start date - June 2018, End date - June 2019
Ответственное учреждение: Мэрия муниципалитета Рустави
Этапы
6.2.1. Анализ ключевых бизнес-процессов, связанных с муниципальными услугами
"""
# French labels only: Latin letters, but none of the page's labels in English or Georgian.
FRENCH = """Engagement 6.2
Description de l'engagement : la mairie développera des services électroniques.
Calendrier : date de début - juin 2018, date de fin - juin 2019
Organisme responsable : mairie de Roustavi
Jalons
6.2.1. Analyse des processus clés
"""


@pytest.mark.parametrize("text", [RUSSIAN, FRENCH], ids=["russian_with_an_english_label", "french"])
def test_cli_refuses_a_page_it_cannot_read(text, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, content in minimal_files().items():
        (data / name).write_bytes(content)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert portal_page.cli_import_page([str(page)], data_dir=str(data), out=out) == 1
    assert "not a monitoring page in English or Georgian" in out.getvalue()
    assert "--plan-id" not in out.getvalue()
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_parse_refuses_before_anything_is_planned():
    with pytest.raises(portal_page.UnreadableLanguage) as info:
        portal_page.parse_pages([("ru.txt", RUSSIAN)])
    assert info.value.name == "ru.txt"


def test_the_seed_page_is_still_read():
    result = portal_page.parse_pages([("en.txt", read_page(SEED_EN))], commitment_id="GE-2018-6.2")
    assert result.commitment["title_en"]


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_web_app_says_so_in_the_page_language(lang):
    at = _page(DATA_PAGE, lang)
    _ok(at.file_uploader(key="up_pages").set_value([("ru.txt", RUSSIAN.encode("utf-8"), "text/plain")]).run())
    _ok(at.button(key="up_pages_go").click().run())
    shown = " ".join(str(t.value) for t in at.text) + " ".join(str(e.value) for e in at.error)
    assert i18n.t("upload.page_language", lang, name="ru.txt") in shown
    assert "--plan-id" not in shown
    assert at.session_state["user_dataset"] is None if "user_dataset" in at.session_state else True
