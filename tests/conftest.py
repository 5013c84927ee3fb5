"""Fixtures shared by the AppTest modules."""

from __future__ import annotations

import os

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager

# Strict catalogs in the tests and in every app they start: a missing key or placeholder raises.
os.environ.setdefault("DASHBOARD_I18N_STRICT", "1")


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
