#!/usr/bin/env bash
# Set up the virtual environment with the test extra (once; again only when pyproject.toml changes) and run the
# whole test suite, browser tests included. Options are passed to pytest (e.g. -m "not browser and not slow").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv test
note_missing_tools
exec .venv/bin/python -m pytest "$@"
