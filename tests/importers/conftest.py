"""Fixtures of the importer tests."""

from __future__ import annotations

import shutil

import pytest

from dashboard import DEFAULT_DATA_DIR
from tests.helpers import strip_commitment
from tests.importers.seed_pages import C


@pytest.fixture
def data(tmp_path):
    """A copy of the bundled data without the seed pages' commitment (an import adds it back)."""
    d = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, d)
    strip_commitment(d, C)
    return d
