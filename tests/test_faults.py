"""Faults: the data directory missing, unreadable or with one corrupt file when the app starts (a clear error page
in the chosen language, no traceback); data replaced while the app runs (the last good data is kept until a valid
set is in place: dashboard/live_data.py); an `import-page` killed mid-write (the previous data is restored)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR, i18n
from dashboard.importers import portal_page
from dashboard.live_data import LiveData, dir_version
from dashboard.store import DataError, load_dataset
from tests.helpers import read_csv_rows, snapshot, strip_commitment, write_csv_rows
from tools import apptest

APP = str(REPO_DIR / "streamlit_app.py")
DATA = REPO_DIR / "data"
FIX = REPO_DIR / "tests" / "fixtures"
TRACEBACK_MARKERS = ("Traceback", 'File "', "Error:", "raise ", "site-packages")


def _copy_data(dest: Path) -> Path:
    shutil.copytree(DATA, dest)
    return dest


def _texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "code", "exception"):
        for el in getattr(at, kind, []):
            out.append(str(getattr(el, "value", "") or getattr(el, "body", "")))
    return out


def _run_app(monkeypatch, data_dir: Path, lang: str | None = None) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DATA", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def _assert_error_page(at: AppTest, lang: str, *details: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    titles = [t.value for t in at.title]
    assert i18n.t("error.data_title", lang) in titles, titles
    texts = _texts(at)
    assert i18n.t("error.data_body", lang) in " ".join(texts)
    joined = "\n".join(texts)
    for marker in TRACEBACK_MARKERS[:3]:
        assert marker not in joined, joined[:2000]
    for d in details:
        assert d in joined, joined[:2000]
    # Nothing half-loaded: no page of figures under the error.
    assert not apptest.charts(at) and not at.get("metric")


@pytest.mark.parametrize("lang", ["en", "ka"])
def test_missing_data_directory_shows_error_page(monkeypatch, tmp_path, lang):
    at = _run_app(monkeypatch, tmp_path / "no-such-dir", lang)
    _assert_error_page(at, lang, "data directory does not exist")


def test_unreadable_data_directory_shows_error_page(monkeypatch, tmp_path):
    d = _copy_data(tmp_path / "data")
    os.chmod(d, 0)
    try:
        if os.geteuid() == 0:
            # root reads anything: make the reads fail the way a permission problem does.
            real_iterdir = Path.iterdir

            def iterdir(self):
                if Path(self) == d:
                    raise PermissionError(13, "Permission denied", str(self))
                return real_iterdir(self)

            monkeypatch.setattr(Path, "iterdir", iterdir)
        at = _run_app(monkeypatch, d, "ka")
        _assert_error_page(at, "ka", "cannot read the directory")
    finally:
        os.chmod(d, stat.S_IRWXU)


def test_one_corrupt_file_shows_error_page_naming_it(monkeypatch, tmp_path):
    d = _copy_data(tmp_path / "data")
    (d / "milestones.csv").write_bytes(b"\x00\xff\xfe garbage \x89PNG\r\n\x1a\n" * 50)
    at = _run_app(monkeypatch, d, "en")
    _assert_error_page(at, "en", "milestones.csv")


def test_error_page_recovers_once_the_data_is_fixed(monkeypatch, tmp_path):
    d = tmp_path / "data"
    at = _run_app(monkeypatch, d, "en")
    _assert_error_page(at, "en")
    _copy_data(d)
    at.run()
    assert not at.exception
    assert i18n.t("error.data_title", "en") not in [t.value for t in at.title]


# --------------------------------------------------------------------------------------- data replaced at runtime

def _rewrite_title(d: Path, new_title: str) -> str:
    """Give the first commitment of commitments.csv a new English title; returns its id."""
    path = d / "commitments.csv"
    fieldnames, rows = read_csv_rows(path)
    rows[0]["title_en"] = new_title
    write_csv_rows(path, fieldnames, rows)
    return rows[0]["commitment_id"]


def _title(dataset, cid: str) -> str:
    return dataset.con.cursor().execute("select title_en from commitments where commitment_id = ?",
                                        [cid]).fetchone()[0]


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_live_data_keeps_last_good_until_a_valid_set(tmp_path):
    d = _copy_data(tmp_path / "data")
    clock = _Clock()
    live = LiveData(d, check_every=2.0, settle=1.0, clock=clock)
    good, key = live.current()
    # A corrupt replacement: still the old data, the error kept for the logs.
    (d / "commitments.csv").write_text("commitment_id,title_en\nbroken", encoding="utf-8")
    for t in (2.5, 4.0, 6.5, 9.0):
        clock.now = t
        ds, k = live.current()
        assert (ds, k) == (good, key)
    assert isinstance(live.last_error, DataError)
    # A valid replacement is served once it has been stable for `settle` seconds.
    shutil.copy2(DATA / "commitments.csv", d / "commitments.csv")
    cid = _rewrite_title(d, "Replaced title")
    clock.now = 12.0
    assert live.current()[1] == key            # change seen, not yet settled
    clock.now = 14.5
    new, new_key = live.current()
    assert new_key != key and new is not good and live.last_error is None
    assert _title(new, cid) == "Replaced title"
    assert _title(good, cid) != "Replaced title"   # sessions still on the old set can finish their run


def test_live_data_waits_for_an_import_in_progress(tmp_path):
    d = _copy_data(tmp_path / "data")
    clock = _Clock()
    live = LiveData(d, check_every=0, settle=0, clock=clock)
    _, key = live.current()
    (d / portal_page.JOURNAL_DIR).mkdir()
    _rewrite_title(d, "Half way")
    clock.now = 10
    assert live.current()[1] == key
    shutil.rmtree(d / portal_page.JOURNAL_DIR)
    clock.now = 20
    assert live.current()[1] != key


def test_app_keeps_serving_last_good_data_when_replaced_by_bad(monkeypatch, tmp_path):
    d = _copy_data(tmp_path / "data")
    at = _run_app(monkeypatch, d, "en")
    assert not at.exception
    key = at.session_state["_db_cursor"][0]
    from dashboard.ui import session_data

    live = session_data.live_data(str(d))
    live.check_every = live.settle = 0
    (d / "milestones.csv").write_bytes(b"\xff\xfe\x00garbage")
    at.run()
    assert not at.exception
    assert i18n.t("error.data_title", "en") not in [t.value for t in at.title]
    assert at.session_state["_db_cursor"][0] == key
    # A valid set in place: the same session moves to it on its next run.
    shutil.copy2(DATA / "milestones.csv", d / "milestones.csv")
    _rewrite_title(d, "Replaced title")
    at.run()
    assert not at.exception
    assert at.session_state["_db_cursor"][0] not in (key, None)
    assert at.session_state["_db_cursor"][0] == dir_version(d)


# --------------------------------------------------------------------------------------- import-page killed

_SLOW_IMPORT_PAGE = """\
import os
import sys
import time

from dashboard.__main__ import main
from dashboard.importers.portal_page import journal

real_replace = os.replace


def slow_replace(src, dst):
    real_replace(src, dst)
    if not str(src).endswith(journal.MANIFEST + ".tmp"):
        time.sleep(0.4)


journal.os.replace = slow_replace
sys.exit(main(["import-page", *sys.argv[1:]]))
"""


@pytest.mark.slow
def test_import_page_killed_mid_write_leaves_previous_data(tmp_path):
    d = _copy_data(tmp_path / "data")
    strip_commitment(d, "GE-2018-6.2")
    before = snapshot(d)
    live = LiveData(d, check_every=0, settle=0)
    served, key = live.current()
    # `import-page` in a process of its own whose journal pauses after each file it moves into place, so the test
    # can kill it half-way through the replacement.
    driver = tmp_path / "slow_import_page.py"
    driver.write_text(_SLOW_IMPORT_PAGE, encoding="utf-8")
    path = os.pathsep.join(p for p in (str(REPO_DIR), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, str(driver), str(FIX / "seed_en.txt"), str(FIX / "seed_ka.txt"),
                             "--data", str(d)], cwd=REPO_DIR, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # Wait until the journal is written and at least one file has been replaced, then kill it.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if portal_page.has_pending_journal(d) and snapshot(d) != before:
                break
            if proc.poll() is not None:
                pytest.fail("import-page ended before it could be killed:\n" + proc.stdout.read().decode())
            time.sleep(0.02)
        else:
            pytest.fail("import-page never reached the replacement step")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    changed = {name for name, data in snapshot(d).items() if before.get(name) != data}
    assert changed, "the kill did not land mid-write"
    # The app does not pick up the half-written set: it keeps serving the previous data.
    assert portal_page.has_pending_journal(d)
    assert live.current() == (served, key)
    # The next import (or recover()) restores exactly the previous files.
    portal_page.recover(d)
    assert snapshot(d) == before
    assert not portal_page.has_pending_journal(d)
    load_dataset(d)
    # And a complete import then goes through.
    done = subprocess.run([sys.executable, "-m", "dashboard", "import-page", str(FIX / "seed_en.txt"),
                           str(FIX / "seed_ka.txt"), "--data", str(d)], cwd=REPO_DIR, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(d) != before
    load_dataset(d)
