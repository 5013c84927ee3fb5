"""Fixtures shared by the whole suite: the bundled dataset and a generated one (each loaded once per session), the
data directory taken from data/ unless a test says otherwise, and AppTest's media files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard import DEFAULT_DATA_DIR, store
from tests.helpers import GENERATED_COMMITMENTS, GENERATED_SEED
from tools import synth

# Strict catalogs in the tests and in every app they start: a missing key or placeholder raises.
os.environ.setdefault("DASHBOARD_I18N_STRICT", "1")
# Comments that page tests post go to a throwaway database, not to var/ of the checkout.
os.environ.setdefault("DASHBOARD_COMMENTS_DB", str(Path(tempfile.mkdtemp(prefix="ogp-comments-")) / "comments.sqlite3"))


@pytest.fixture(autouse=True)
def _bundled_data(monkeypatch):
    """Every test starts on the bundled data/: a DASHBOARD_DATA of the shell is dropped (a test that wants another
    directory sets it itself)."""
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)


@pytest.fixture(scope="session")
def bundled_dataset() -> store.Dataset:
    """The bundled data/ loaded once. Read it only; concurrent readers take a cursor each (`.con.cursor()`)."""
    return store.load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def generated_dir(tmp_path_factory) -> Path:
    """A data directory written once by tools.synth (GENERATED_COMMITMENTS commitments, seed GENERATED_SEED):
    more than one page (300 rows) of commitments and of milestones, milestones sharing planned ends."""
    path = tmp_path_factory.mktemp("generated") / "data"
    synth.write(path, GENERATED_COMMITMENTS, seed=GENERATED_SEED)
    return path


@pytest.fixture(scope="session")
def generated_dataset(generated_dir) -> store.Dataset:
    """generated_dir loaded once. Read it only."""
    return store.load_dataset(generated_dir)


@pytest.fixture
def media(monkeypatch) -> list[MediaFileManager]:
    """The media file managers AppTest creates per run, so a test can run deferred downloads and read the bytes."""
    managers: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, storage):
            super().__init__(storage)
            managers.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)
    return managers
