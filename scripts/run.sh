#!/usr/bin/env bash
# Set up the virtual environment (once; again only when pyproject.toml changes) and serve the dashboard on the
# bundled data at http://localhost:8501. Options are passed to `streamlit run` (e.g. --server.port 8502).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv
note_missing_tools
exec .venv/bin/python -m streamlit run streamlit_app.py "$@"
