"""import-page on many files or a directory: English and Georgian pages paired by the portal page id of their
source URL, else by content; one transaction for the batch; the summary table and --json. Saved HTML pages import
like their text (HTML built from the seed pages, tests/importers/html_pages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.importers import portal_page as pp
from dashboard.importers.portal_page.batch import group_pages, page_file
from dashboard.importers.portal_page.html_text import html_to_text, looks_like_html
from tests.helpers import read_csv_rows, snapshot
from tests.importers.html_pages import page_html
from tests.importers.seed_pages import PAGES, SEED_EN, SEED_KA, URL, C, parse_texts, read_page
from tests.importers.test_portal_page_merge import _cli, _json

URL_KA = URL.replace("/en/", "/ka/")
OTHER_ID = "https://ogpgeorgia.gov.ge/en/monitorings/0a1b2c3d-0000-4000-8000-000000000001/"


def _rows(d: Path, name: str) -> list[dict]:
    return read_csv_rows(d / f"{name}.csv")[1]


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------------------------------------ HTML

@pytest.mark.parametrize("saved_from", [False, True])
def test_html_pages_parse_like_their_text(saved_from):
    text_result = parse_texts(read_page(SEED_EN), read_page(SEED_KA), commitment_id=C)
    pages = []
    for src, url, lang in ((SEED_EN, URL, "en"), (SEED_KA, URL_KA, "ka")):
        doc = page_html(read_page(src), url, lang, saved_from=saved_from)
        assert looks_like_html("page.txt", doc) and "<div" in doc
        text, found = html_to_text(doc)
        assert found == url
        assert "labels" not in text and "Home" not in text and "font-weight" not in text
        pages.append(text)
    html_result = parse_texts(*pages, commitment_id=C)
    assert html_result.commitment == text_result.commitment
    assert html_result.progress == text_result.progress
    assert html_result.milestones == text_result.milestones
    assert (html_result.themes, html_result.sdgs, html_result.period) == \
        (text_result.themes, text_result.sdgs, text_result.period)
    assert html_result.warnings == text_result.warnings


def test_html_to_text_blocks_and_entities():
    text, url = html_to_text("<html><body><div>a &amp; b<br>c</div><p>para\n  graph</p><ul><li>one</li></ul>"
                             "<table><tr><td>x</td><td>y</td></tr></table><span>in</span><b>line</b></body></html>")
    assert text.split("\n") == ["a & b", "c", "", "para graph", "", "• one", "x", "y", "inline", ""]
    assert url is None


def test_html_files_import_with_their_source_urls(data, tmp_path):
    folder = tmp_path / "saved"
    _write(folder, "rustavi_en.html", page_html(read_page(SEED_EN), URL, "en"))
    _write(folder, "rustavi_ka.htm", page_html(read_page(SEED_KA), URL_KA, "ka", saved_from=True))
    code, doc = _json(folder, "--data", data, "--commitment-id", C)
    assert code == 0, doc.get("error")
    c = {r["commitment_id"]: r for r in _rows(data, "commitments")}[C]
    assert (c["source_url_en"], c["source_url_ka"]) == (URL, URL_KA)
    assert c["title_ka"] and c["description_en"].startswith("In exercising self-governance")
    assert len([r for r in _rows(data, "milestone_progress") if r["milestone_id"].startswith(C)]) == 6


# ------------------------------------------------------------------------------------------------ pairing

def _seed_file(name: str, src: Path, url: str | None) -> pp.batch.PageFile:
    text = read_page(src)
    return page_file(name, (f"Source URL: {url}\n\n" if url else "") + text)


def test_pairing_by_portal_page_id_beats_content():
    # Two English and two Georgian copies of the same commitment: the content cannot tell them apart, the ids can.
    files = [_seed_file("a_en.txt", SEED_EN, URL), _seed_file("b_en.txt", SEED_EN, OTHER_ID),
             _seed_file("b_ka.txt", SEED_KA, OTHER_ID.replace("/en/", "/")), _seed_file("a_ka.txt", SEED_KA, URL_KA)]
    groups, warnings = group_pages(files)
    assert [[n for n, _ in g.texts] for g in groups] == [["a_en.txt", "a_ka.txt"], ["b_en.txt", "b_ka.txt"]]
    assert (groups[0].source_url, groups[0].source_url_ka) == (URL, URL_KA)
    assert not warnings
    assert not groups[0].texts[0][1].startswith("Source URL")
    # Without ids the four pages cannot be paired by content: each stands alone, with a warning.
    groups, warnings = group_pages([_seed_file(n, s, None) for n, s in (("a_en.txt", SEED_EN), ("b_en.txt", SEED_EN),
                                                                         ("a_ka.txt", SEED_KA), ("b_ka.txt", SEED_KA))])
    assert len(groups) == 4 and len(warnings) == 4


def test_pairing_by_content_in_a_directory():
    files = [page_file(p.name, read_page(p)) for p in (PAGES / "ozurgeti_ka.txt", SEED_EN, PAGES / "ozurgeti_en.txt",
                                                       SEED_KA, PAGES / "national_truncated_en.txt")]
    groups, warnings = group_pages(files)
    names = sorted(tuple(n for n, _ in g.texts) for g in groups)
    assert names == [("national_truncated_en.txt",), ("ozurgeti_en.txt", "ozurgeti_ka.txt"),
                     ("seed_en.txt", "seed_ka.txt")]
    assert warnings == ["national_truncated_en.txt: no Georgian page of the same commitment in the batch"]


def test_same_language_pages_with_the_same_id_are_refused():
    with pytest.raises(pp.ImportError_, match="both the English page"):
        group_pages([_seed_file("a.txt", SEED_EN, URL), _seed_file("b.txt", SEED_EN, URL)])


# ------------------------------------------------------------------------------------------------ the batch

def _batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    for p in (SEED_EN, SEED_KA, PAGES / "ozurgeti_en.txt", PAGES / "ozurgeti_ka.txt"):
        _write(folder, p.name, read_page(p))
    return folder


def test_directory_batch_is_imported_in_one_go_with_a_summary(data, tmp_path):
    folder = _batch_folder(tmp_path)
    code, doc = _json(folder, "--data", data, "--plan-id", "georgia-2018-2019", "--dry-run")
    assert code == 0, doc.get("error")
    assert len(doc["commitments"]) == 2
    assert [c["files"] for c in doc["commitments"]] == [["ozurgeti_en.txt", "ozurgeti_ka.txt"],
                                                         ["seed_en.txt", "seed_ka.txt"]]
    assert doc["changes"]["commitments"]["added"] == 2
    assert doc["changes"]["milestones"]["added"] == 3 + 6
    assert doc["totals"]["added"] == sum(1 for r in doc["records"] if r["status"] == "added")
    code, text = _cli(folder, "--data", data, "--plan-id", "georgia-2018-2019")
    assert code == 0, text
    assert "Commitments (2):" in text and "Changes (written):" in text
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("PORTAL-6.2-rustavi 2019-annual"))
    assert line.split()[2] == str(1 + 1 + 1 + 1 + 6 + 1 + 6)  # commitment, theme, sdg, place, milestones, progress
    from dashboard.store import load_dataset
    ds = load_dataset(data)
    assert ds.con.execute("select count(*) from milestones where commitment_id like 'PORTAL-%'").fetchone()[0] == 9


def test_one_conflict_in_a_batch_writes_nothing(data, tmp_path):
    code, _ = _json(SEED_EN, "--data", data, "--commitment-id", "PORTAL-6.2-rustavi")
    assert code == 0
    before = snapshot(data)
    folder = _batch_folder(tmp_path)
    seed = folder / "seed_en.txt"
    seed.write_text(read_page(seed).replace("Lead Agency: Rustavi Municipality City Hall",
                                            "Lead Agency: Rustavi City Hall"), encoding="utf-8")
    code, doc = _json(folder, "--data", data, "--plan-id", "georgia-2018-2019")
    assert code == 1 and doc["refused"] and doc["totals"]["conflict"] == 1
    assert doc["changes"]["commitments"]["added"] == 1  # Ozurgeti would be added ... but nothing is written
    assert snapshot(data) == before


def test_options_for_one_commitment_are_refused_for_a_batch(data, tmp_path):
    code, text = _cli(_batch_folder(tmp_path), "--data", data, "--commitment-id", "X")
    assert code == 1 and "--commitment-id apply to one commitment; the files hold 2" in text
    code, text = _cli(tmp_path / "empty_dir_that_is_missing", "--data", data)
    assert code == 1 and "cannot read" in text
