"""Jurisdictions (the country and synthetic municipalities) and their action plans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from dashboard import schema
from tools.synth import cells
from tools.synth.shape import LAST_YEAR, N_MUNICIPALITIES
from tools.synth.vocabulary import REGIONS, URL_BASE

# The last value is shape_id: the country and the synthetic municipalities have no unit on the map.
COUNTRY_ROW = ("georgia", "Georgia", "საქართველო", "country", None, None, "42.31500", "43.35690", None)


@dataclass(frozen=True)
class Municipalities:
    """The synthetic municipalities; jurisdiction 0 is the country, municipality i is jurisdiction i + 1."""
    ids: list[str]
    names_en: list[str]
    names_ka: list[str]
    table: cells.Table          # the jurisdictions table
    jurisdiction_ids: pa.Array

    def __len__(self) -> int:
        return len(self.ids)


def municipalities(rng: np.random.Generator) -> Municipalities:
    """The country plus N_MUNICIPALITIES synthetic municipalities and cities in random regions and places."""
    nm = N_MUNICIPALITIES
    ids = [f"synthetic-municipality-{i:03d}" for i in range(1, nm + 1)]
    names_en = [f"Synthetic Municipality {i:03d}" for i in range(1, nm + 1)]
    names_ka = [f"სინთეზური მუნიციპალიტეტი {i:03d}" for i in range(1, nm + 1)]
    kind = np.where(rng.random(nm) < 0.2, "city", "municipality")
    region = rng.integers(0, len(REGIONS), nm)
    lat = rng.uniform(41.2, 43.4, nm)
    lon = rng.uniform(40.1, 46.6, nm)
    rows = [COUNTRY_ROW]
    for i in range(nm):
        rows.append((ids[i], names_en[i], names_ka[i], str(kind[i]), REGIONS[region[i]][0], REGIONS[region[i]][1],
                     f"{lat[i]:.5f}", f"{lon[i]:.5f}", None))
    table = cells.rows_table(rows, list(schema.TABLES_BY_NAME["jurisdictions"].column_names),
                             {"name_en", "name_ka", "region_en", "region_ka"})
    return Municipalities(ids, names_en, names_ka, table, cells.vocab(r[0] for r in rows))


@dataclass(frozen=True)
class Plans:
    """Action plans: months counted as year*12 + (month-1); `muni` is -1 for a national plan."""
    table: cells.Table
    ids: pa.Array
    start: np.ndarray
    end: np.ndarray
    muni: np.ndarray

    @property
    def national(self) -> np.ndarray:
        return np.flatnonzero(self.muni < 0)

    @property
    def local(self) -> np.ndarray:
        return np.flatnonzero(self.muni >= 0)


def _national_plans(first_year: int) -> list[tuple]:
    """Two-year national plans over the reporting years: (row, start month, end month, -1)."""
    plans = []
    for y in range(first_year - (first_year % 2), LAST_YEAR + 1, 2):
        pid = f"synthetic-georgia-{y}-{y + 1}"
        row = (pid, f"[synthetic] Georgia national action plan {y}–{y + 1}",
               f"[სინთეზური] საქართველოს ეროვნული სამოქმედო გეგმა {y}–{y + 1}", "national",
               f"{y}-01", f"{y + 1}-12", URL_BASE + "plan/" + pid)
        plans.append((row, y * 12, (y + 1) * 12 + 11, -1))
    return plans


def _local_plans(rng: np.random.Generator, munis: Municipalities, first_year: int) -> list[tuple]:
    """One- or two-year local plans, at least one per municipality: (row, start month, end month, municipality)."""
    nm = len(munis)
    years = list(range(first_year, LAST_YEAR + 1))
    has_plan = rng.random((nm, len(years))) < 0.15
    has_plan[np.arange(nm), rng.integers(0, len(years), nm)] = True
    lengths = rng.integers(1, 3, (nm, len(years)))
    plans = []
    for mi in range(nm):
        for yi, y in enumerate(years):
            if not has_plan[mi, yi]:
                continue
            end_y = min(y + int(lengths[mi, yi]) - 1, LAST_YEAR)
            span = f"{y}" + (f"–{end_y}" if end_y > y else "")
            pid = f"{munis.ids[mi]}-{y}"
            row = (pid, f"[synthetic] {munis.names_en[mi]} local action plan {span}",
                   f"[სინთეზური] {munis.names_ka[mi]} – ადგილობრივი სამოქმედო გეგმა {span}", "local",
                   f"{y}-01", f"{end_y}-12", URL_BASE + "plan/" + pid)
            plans.append((row, y * 12, end_y * 12 + 11, mi))
    return plans


def action_plans(rng: np.random.Generator, munis: Municipalities, first_report_year: int) -> Plans:
    """National and local plans from two years before the first report to LAST_YEAR."""
    first_year = first_report_year - 2
    plans = _national_plans(first_year) + _local_plans(rng, munis, first_year)
    rows = [p[0] for p in plans]
    table = cells.rows_table(rows, list(schema.TABLES_BY_NAME["action_plans"].column_names), {"name_en", "name_ka"})
    return Plans(table, cells.vocab(r[0] for r in rows), np.array([p[1] for p in plans]),
                 np.array([p[2] for p in plans]), np.array([p[3] for p in plans]))
