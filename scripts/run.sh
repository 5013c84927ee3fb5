#!/usr/bin/env bash
# Set up the virtual environment (once) and serve the dashboard on the bundled data at http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/python -m streamlit run streamlit_app.py "$@"
