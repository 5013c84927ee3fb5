"""Test helpers: a small valid dataset with every table of the schema, CSV rows in the data files' format, and the
size of the generated dataset of tests/conftest.py; require_nginx() for the modules that run nginx."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from dashboard import schema

SDG_COLOURS = ("#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942", "#FD6925",
               "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D", "#19486A")
URL = "https://ogpgeorgia.gov.ge/en/monitorings/1C49C701-ACFA-4069-8C65-4B40047EB44C/"
C = "GE-2018-6.2"
# The dataset tools.synth writes once per session (tests/conftest.py, fixtures generated_dir / generated_dataset).
GENERATED_COMMITMENTS = 400
GENERATED_SEED = 7


def minimal_rows() -> dict[str, list[dict[str, str]]]:
    """Rows per table name (dicts keyed by column name; missing columns are empty)."""
    return {
        "periods": [
            {"period_id": "2019-annual", "label_en": "2019, Annual", "label_ka": "2019, წლიური", "as_of": "2019-12-31"},
            {"period_id": "2018-annual", "label_en": "2018, Annual", "label_ka": "2018, წლიური", "as_of": "2018-12-31"},
        ],
        "themes": [{"theme_id": t, "label_en": t.replace("_", " ").title(), "label_ka": t} for t in schema.THEMES],
        "sdgs": [{"sdg": str(i), "label_en": f"Goal {i}", "label_ka": f"მიზანი {i}", "colour": SDG_COLOURS[i - 1]}
                 for i in schema.SDGS],
        "vocab": [{"kind": "state", "code": s, "label_en": s, "label_ka": s} for s in schema.STATES]
        + [{"kind": "rating", "code": r, "label_en": r, "label_ka": r} for r in schema.RATINGS],
        "action_plans": [
            {"plan_id": "georgia-2018-2019", "name_en": "Georgia 2018-2019", "name_ka": "საქართველო 2018-2019",
             "level": "national", "start": "2018-01", "end": "2019-12", "source_url": URL},
            {"plan_id": "tbilisi-2017", "name_en": "Tbilisi 2017", "name_ka": "თბილისი 2017", "level": "local"},
        ],
        "jurisdictions": [
            {"jurisdiction_id": "georgia", "name_en": "Georgia", "name_ka": "საქართველო", "kind": "country",
             "lat": "42.3", "lon": "43.4"},
            {"jurisdiction_id": "rustavi", "name_en": "Rustavi", "name_ka": "რუსთავი", "kind": "city",
             "region_en": "Kvemo Kartli", "region_ka": "ქვემო ქართლი", "lat": "41.55", "lon": "45.0"},
            {"jurisdiction_id": "tbilisi", "name_en": "Tbilisi", "name_ka": "თბილისი", "kind": "city"},
        ],
        "commitments": [
            {"commitment_id": C, "plan_id": "georgia-2018-2019", "level": "municipal", "number": "6.2",
             "title_en": "Electronic services in Rustavi", "title_ka": "ელექტრონული სერვისები რუსთავში",
             "lead_agency_en": "Rustavi City Hall", "planned_start": "2018-06", "planned_end": "2019-06",
             "source_url_en": URL},
            {"commitment_id": "GE0065", "plan_id": "georgia-2018-2019", "level": "national", "number": "1",
             "title_en": "Open budget", "title_ka": "ღია ბიუჯეტი",
             "description_en": "A line, with a comma\nand two lines"},
            {"commitment_id": "TBI0001", "plan_id": "tbilisi-2017", "level": "ogp_local",
             "title_en": "Tbilisi open data"},
        ],
        "commitment_jurisdictions": [
            {"commitment_id": C, "jurisdiction_id": "rustavi"},
            {"commitment_id": "GE0065", "jurisdiction_id": "georgia"},
            {"commitment_id": "TBI0001", "jurisdiction_id": "tbilisi"},
        ],
        "commitment_themes": [
            {"commitment_id": C, "theme_id": "access_to_services"},
            {"commitment_id": C, "theme_id": "innovation_technology"},
            {"commitment_id": "GE0065", "theme_id": "transparency"},
        ],
        "commitment_sdgs": [
            {"commitment_id": C, "sdg": "16"},
            {"commitment_id": C, "sdg": "11"},
            {"commitment_id": "GE0065", "sdg": "16"},
        ],
        "milestones": [
            {"milestone_id": f"{C}/6.2.1", "commitment_id": C, "number": "6.2.1", "title_en": "Analysis",
             "title_ka": "ანალიზი", "planned_start": "2018-06", "planned_end": "2018-12",
             "actual_start": "2019-09-10", "source_url": URL},
            {"milestone_id": f"{C}/6.2.2", "commitment_id": C, "number": "6.2.2", "title_en": "Budgeting module",
             "planned_start": "2019-01", "planned_end": "2019-06"},
            {"milestone_id": f"{C}/6.2.3", "commitment_id": C, "number": "6.2.3", "title_en": "Website",
             "planned_start": "2019-01", "planned_end": "2019-06", "actual_start": "2019-02",
             "actual_end": "2019-03-15"},
        ],
        "commitment_progress": [
            {"commitment_id": C, "period_id": "2019-annual", "state": "completed", "rating": "mostly_implemented",
             "narrative_en": "Done mostly.", "source_url": URL},
            {"commitment_id": "GE0065", "period_id": "2019-annual", "state": "in_progress"},
        ],
        "milestone_progress": [
            {"milestone_id": f"{C}/6.2.1", "period_id": "2019-annual", "state": "completed",
             "rating": "fully_implemented"},
            {"milestone_id": f"{C}/6.2.2", "period_id": "2019-annual", "state": "not_started",
             "rating": "not_implemented"},
            {"milestone_id": f"{C}/6.2.3", "period_id": "2019-annual"},
        ],
    }


def to_csv(table_name: str, rows: list[dict[str, str]], columns: tuple[str, ...] | None = None) -> bytes:
    columns = columns or schema.TABLES_BY_NAME[table_name].column_names
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c, "") for c in columns])
    return buf.getvalue().encode("utf-8")


def minimal_files() -> dict[str, bytes]:
    """{file name: bytes} for every table (a valid dataset)."""
    return {f"{name}.csv": to_csv(name, rows) for name, rows in minimal_rows().items()}


def write_minimal_dataset(directory) -> Path:
    """Write a small valid dataset (every table of the schema) into ``directory``; returns it as a Path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in minimal_files().items():
        (directory / name).write_bytes(data)
    return directory


def read_csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """(column names, rows) of a data CSV file (a BOM is dropped)."""
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    return list(reader.fieldnames or ()), list(reader)


def write_csv_rows(path: Path, fieldnames: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows back in the data files' format (UTF-8, no BOM, \\n line ends)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fieldnames, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def strip_commitment(d: Path, cid: str) -> None:
    """Remove a commitment and everything that hangs off it from a data directory, keeping the files' format."""
    for name in ("commitments", "commitment_themes", "commitment_sdgs", "commitment_jurisdictions", "milestones",
                 "commitment_progress", "milestone_progress"):
        path = d / f"{name}.csv"
        fieldnames, rows = read_csv_rows(path)
        write_csv_rows(path, fieldnames, [r for r in rows if r.get("commitment_id") != cid
                                          and not (r.get("milestone_id") or "").startswith(cid + "/")])


def snapshot(d: Path) -> dict[str, bytes]:
    """The bytes of every file directly in a directory, by name."""
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


def require_nginx() -> None:
    """At the top of a test module that runs nginx (tools/replicas.py): skip the module when nginx is not
    installed, except in CI (env CI set), where .ci/run installs it and its absence is a failure."""
    from tools import replicas

    if replicas.nginx_path() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("nginx is not installed but CI is set: .ci/run installs it (apt-get install nginx)",
                    pytrace=False)
    pytest.skip("nginx is not installed (Debian: apt-get install nginx); these tests need it",
                allow_module_level=True)
