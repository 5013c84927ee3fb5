#!/usr/bin/env bash
# Two Streamlit replicas behind nginx on http://127.0.0.1:8080 (one read-only data snapshot); Ctrl-C stops.
# Options are passed on: --port, --replicas, --data, --no-snapshot, --dir, --streamlit-arg (see docs/running_for_many_users.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv
exec .venv/bin/python -m tools.replicas "$@"
