"""OGP commitment-progress dashboard (English / Georgian)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_DATA_DIR = REPO_DIR / "data"
QUERIES_DIR = REPO_DIR / "queries"
