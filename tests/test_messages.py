"""Messages a first user reads: `validate`'s counts in the right number, `query --help` listing the queries and
parameters, a notice when a query parameter matches nothing, the Overview's overdue card captioned with what it
counts, and a UTF-16 file rejected with one message and nothing from inside pyarrow on stderr."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import DEFAULT_DATA_DIR, REPO_DIR, i18n, metrics, state
from dashboard.store.cli import summary

CORPUS = Path(__file__).resolve().parent / "bad_inputs"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO_DIR, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_validate_counts_are_singular_for_one(bundled_dataset):
    text = summary(bundled_dataset)
    assert bundled_dataset.counts["periods"] == 1
    assert "1 period," in text and "1 periods" not in text
    assert f"{bundled_dataset.counts['commitments']} commitments," in text


def test_validate_prints_singular_in_the_shell():
    res = cli("validate")
    assert res.returncode == 0, res.stderr
    assert " 1 period," in res.stdout and "1 periods" not in res.stdout


def test_query_help_lists_queries_and_parameters():
    res = cli("query", "--help")
    assert res.returncode == 0, res.stderr
    for name in metrics.list_queries():
        assert f"\n  {name} " in res.stdout, name
    for key in state.FILTER_PARAMS:
        assert f"\n  {key} " in res.stdout, key
    assert "milestone_detail" in res.stdout and "commitment" in res.stdout.split("milestone_detail", 1)[1]


def test_query_help_says_which_parameters_a_query_uses():
    assert metrics.query_filters("milestone_detail") == ("commitment",)
    assert metrics.query_filters("periods") == ()
    # every filter but the assessment source, which only the assessment queries take
    assert set(metrics.query_filters("headline")) == set(state.FILTER_PARAMS) - {"source"}
    assert "source" in metrics.query_filters("assessment_history")


def test_a_parameter_that_matches_nothing_gives_the_empty_table_and_a_notice():
    res = cli("query", "completion_by_jurisdiction", "--param", "jurisdiction=nowhere")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jurisdiction_id,")   # the header: an empty table
    assert "notice: jurisdiction 'nowhere' matches nothing in the data" in res.stderr
    assert "notice: no rows match --param jurisdiction=nowhere" in res.stderr


def test_a_known_value_and_an_unknown_one_name_only_the_unknown(bundled_dataset):
    filters = state.parse_pairs(["jurisdiction=rustavi,nowhere", "commitment=GE-2018-6.2,GE-NONE",
                                 "period=1999-annual"])
    found = metrics.unmatched(bundled_dataset.cursor(), filters)
    assert found == ["jurisdiction 'nowhere' matches nothing in the data",
                     "period '1999-annual' matches nothing in the data",
                     "commitment 'GE-NONE' matches nothing in the data"]


def test_a_matching_query_prints_no_notice():
    res = cli("query", "headline", "--param", "jurisdiction=rustavi")
    assert res.returncode == 0 and res.stderr == ""
    assert len(res.stdout.splitlines()) == 2


def test_utf16_without_bom_is_one_message_and_nothing_from_pyarrow(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    shutil.copy(CORPUS / "utf16_le_no_bom" / "commitments.csv", data / "commitments.csv")
    res = cli("validate", str(data))
    assert res.returncode == 1
    assert res.stdout.splitlines() == [
        "commitments.csv:1: the file is not UTF-8 text: its first line has NUL bytes (it looks like UTF-16) "
        "(expected UTF-8 encoding, e.g. Excel's \"CSV UTF-8\")"]
    assert "Exception ignored" not in res.stderr and "Traceback" not in res.stderr, res.stderr


def test_a_malformed_row_with_bytes_that_are_not_utf8_is_reported_without_noise(tmp_path):
    """The fast reader's malformed row (too many fields) in a file that is not UTF-8: the careful reader reports
    it; pyarrow never calls back with undecodable text."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    path = data / "themes.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n") + b"\nx,\xe6\xff,y,z,w,v,u,t\n")
    res = cli("validate", str(data))
    assert res.returncode == 1
    assert "themes.csv:" in res.stdout and "not UTF-8" in res.stdout
    assert "Exception ignored" not in res.stderr and "Traceback" not in res.stderr, res.stderr


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_overdue_card_caption_counts_milestones(bundled_dataset, lang):
    row = metrics.run(bundled_dataset.cursor(), "headline").iloc[0]
    at = AppTest.from_file(str(REPO_DIR / "streamlit_app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    metric = next(m for m in at.metric if m.label == i18n.t("widget.metric.overdue", lang))
    assert metric.value == i18n.fmt_number(int(row["milestones_overdue"]), lang)
    want = i18n.t("widget.metric.overdue_note", lang, total=i18n.fmt_number(int(row["milestones"]), lang),
                  commitments=i18n.fmt_number(int(row["commitments_overdue"]), lang))
    captions = [c.value for c in at.caption]
    assert want in captions
    if lang == "en":
        assert want.startswith(f"of {int(row['milestones'])} milestones, past the planned end and not done; ")
