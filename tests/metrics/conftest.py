"""The datasets of the metric tests: the hand-written one of cases.py, the bundled one and the generated one (a
cursor each on the session's datasets of tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import store
from tests.metrics.cases import write_synthetic


@pytest.fixture(scope="session")
def synthetic_dir(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("metrics_synthetic"))


@pytest.fixture(scope="session")
def synthetic(synthetic_dir):
    """The hand-written dataset's connection (loaded once; the tests use it one after another)."""
    return store.load_dataset(synthetic_dir).con


@pytest.fixture(scope="module")
def bundled(bundled_dataset):
    return bundled_dataset.con.cursor()


@pytest.fixture(scope="module")
def generated(generated_dataset):
    """A generated dataset (tools.synth): many milestones sharing planned ends, so the overdue list has ties."""
    return generated_dataset.con.cursor()
