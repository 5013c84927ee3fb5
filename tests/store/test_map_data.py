"""The map's boundaries and unit names (data/geo/), the link of every jurisdiction to its unit (jurisdictions.shape_id,
validated), and the map query's figures against an independent pandas computation over data/*.csv."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import geo, metrics, schema
from dashboard.schema import Filters
from dashboard.store import load_dataset, validate
from tests.helpers import read_csv_rows, write_csv_rows

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
GEORGIAN = re.compile(r"^[\u10d0-\u10ff -]+$")   # Mkhedruli letters only (never Mtavruli capitals)


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA)


def _units() -> list[dict]:
    with (DATA / "geo" / "units.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_geometry_loads_74_units_inside_georgia():
    gj = json.loads(geo.GEOJSON_FILE.read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == 74
    ids = [f["id"] for f in gj["features"]]
    assert len(set(ids)) == 74 and all(f["properties"]["shapeID"] == f["id"] for f in gj["features"])
    for f in gj["features"]:
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        polys = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
        for poly in polys:
            for ring in poly:
                assert len(ring) >= 4 and ring[0] == ring[-1], f["id"]
                assert all(39.9 <= x <= 46.8 and 41.0 <= y <= 43.7 for x, y in ring), f["id"]
    assert "OpenStreetMap contributors" in gj["attribution"]
    assert geo.GEOJSON_FILE.stat().st_size < 300_000   # light: sent to the browser with every map


def test_shared_borders_stay_shared():
    """Simplification keeps neighbours on exactly the same border: Rustavi and Tbilisi and Gardabani share points."""
    pts = {}
    for f in geo.geojson()["features"]:
        polys = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
        pts[f["properties"]["name_en"]] = {tuple(p) for poly in polys for ring in poly for p in ring}
    assert len(pts["Rustavi"] & pts["Gardabani"]) >= 2
    assert len(pts["Tbilisi"] & pts["Gardabani"]) >= 2


def test_every_unit_has_names_and_each_georgian_name_a_source():
    units = _units()
    assert len(units) == 74 and {u["shape_id"] for u in units} == set(geo.shape_ids())
    by_id = geo.units()
    sourced = 0
    for u in units:
        assert u["name_en"].strip(), u
        assert by_id[u["shape_id"]] == {"name_en": u["name_en"], "name_ka": u["name_ka"]}
        if u["name_ka"]:
            sourced += 1
            assert GEORGIAN.match(u["name_ka"]), u
            assert "saqstati/regions" in u["name_ka_source"], u
        else:
            assert u["name_ka_source"].startswith("NOT SOURCED"), u
            assert geo.unit_name(u["shape_id"], "ka") == u["name_en"]   # shown in English
    assert sourced == 64


def test_every_jurisdiction_maps_to_exactly_one_unit():
    _header, rows = read_csv_rows(DATA / "jurisdictions.csv")
    ids = set(geo.shape_ids())
    linked = [r["shape_id"] for r in rows if r["kind"] != "country"]
    assert all(s in ids for s in linked)
    assert len(linked) == len(set(linked)) == len(rows) - 1       # one unit each, no unit twice
    assert [r["shape_id"] for r in rows if r["kind"] == "country"] == [""]
    names = {u["shape_id"]: u for u in _units()}
    for r in rows:
        if r["shape_id"]:   # the unit is the jurisdiction: same names in both languages
            assert (names[r["shape_id"]]["name_en"], names[r["shape_id"]]["name_ka"]) == (r["name_en"], r["name_ka"])


def test_unknown_shape_id_is_one_clear_error(tmp_path):
    d = tmp_path / "data"
    for p in DATA.glob("*.*"):
        (d / p.name).parent.mkdir(exist_ok=True)
        (d / p.name).write_bytes(p.read_bytes())
    header, rows = read_csv_rows(d / "jurisdictions.csv")
    line = next(i for i, r in enumerate(rows, start=2) if r["jurisdiction_id"] == "rustavi")
    rows[line - 2]["shape_id"] = "GEO-ADM2-NOT-A-UNIT"
    write_csv_rows(d / "jurisdictions.csv", header, rows)
    problems = [str(p) for p in validate(d)]
    assert problems == [f"jurisdictions.csv:{line}: shape_id: 'GEO-ADM2-NOT-A-UNIT' is not an accepted value "
                        f"(expected a shapeID of {schema.GEO_FILE_LABEL}, e.g. {geo.SHAPE_ID_EXAMPLE} (Tbilisi), "
                        "or empty)"]


def test_files_without_shape_id_still_load(tmp_path):
    """A dataset written before the column existed loads; its jurisdictions are on no unit."""
    d = tmp_path / "data"
    d.mkdir()
    for p in DATA.glob("*.*"):
        (d / p.name).write_bytes(p.read_bytes())
    header, rows = read_csv_rows(d / "jurisdictions.csv")
    write_csv_rows(d / "jurisdictions.csv", [h for h in header if h != "shape_id"],
                   [{k: v for k, v in r.items() if k != "shape_id"} for r in rows])
    ds = load_dataset(d)
    got = ds.con.execute("SELECT count(*), count(shape_id) FROM jurisdictions").fetchone()
    assert got == (len(rows), 0)


def _independent(filters: dict | None = None) -> pd.DataFrame:
    """map_by_jurisdiction from the CSVs with pandas: a commitment counts in each of its jurisdictions."""
    j = pd.read_csv(DATA / "jurisdictions.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(DATA / "commitment_jurisdictions.csv", dtype=str)
    commitments = pd.read_csv(DATA / "commitments.csv", dtype=str, keep_default_na=False)
    progress = pd.read_csv(DATA / "commitment_progress.csv", dtype=str, keep_default_na=False)
    latest = progress[progress["period_id"] == "2019-annual"].set_index("commitment_id")["rating"]
    keep = set(commitments["commitment_id"])
    if filters and "level" in filters:
        keep = set(commitments[commitments["level"].isin(filters["level"])]["commitment_id"])
    links = links[links["commitment_id"].isin(keep)].copy()
    links["rating"] = links["commitment_id"].map(latest).replace("", None)
    links["score"] = links["rating"].map(schema.RATING_SCORES)
    links["irm_score"] = links["commitment_id"].map(_irm_scores())
    g = links.groupby("jurisdiction_id")
    out = pd.DataFrame({"commitments": g.size(), "rated": g["rating"].count(), "mean_score": g["score"].mean(),
                        "irm_assessed": g["irm_score"].count(), "irm_score": g["irm_score"].mean()})
    out = j.set_index("jurisdiction_id")[["shape_id"]].join(out)
    out["commitments"] = out["commitments"].fillna(0).astype(int)
    out["rated"] = out["rated"].fillna(0).astype(int)
    out["irm_assessed"] = out["irm_assessed"].fillna(0).astype(int)
    return out.sort_index()


# The crosswalk score of an IRM completion (docs/metrics.md), written out again here; codes and the rest: none.
IRM_SCORES = {"complete": 1.0, "substantial": 2 / 3, "limited": 1 / 3, "not_started": 0.0}


def _irm_scores() -> pd.Series:
    """Commitment -> the score of its end-of-term completion, else of its mid-term one (when scored)."""
    a = pd.read_csv(DATA / "irm_assessments.csv", dtype=str, keep_default_na=False)
    a["score"] = a["completion"].map(IRM_SCORES)
    a = a.dropna(subset=["score"])
    a["order"] = a["report"].map({"end_of_term": 0, "progress": 1})
    return a.sort_values("order").drop_duplicates("commitment_id").set_index("commitment_id")["score"]


@pytest.mark.parametrize("filters", [None, {"level": ["ogp_local"]}])
def test_map_query_equals_pandas(bundled, filters):
    f = Filters(level=tuple(filters["level"])) if filters else Filters()
    got = metrics.run(bundled.con.cursor(), "map_by_jurisdiction", f).set_index("jurisdiction_id").sort_index()
    want = _independent(filters)
    assert list(got.index) == list(want.index)
    assert got["commitments"].tolist() == want["commitments"].tolist()
    assert got["rated"].tolist() == want["rated"].tolist()
    pd.testing.assert_series_equal(got["mean_score"].astype(float), want["mean_score"].astype(float),
                                   check_names=False, atol=1e-12)
    cov = (want["rated"] / want["commitments"].where(want["commitments"] > 0)).astype(float)
    pd.testing.assert_series_equal(got["coverage"].astype(float), cov, check_names=False, atol=1e-12)
    assert got["shape_id"].fillna("").tolist() == want["shape_id"].tolist()
    assert got["irm_assessed"].tolist() == want["irm_assessed"].tolist()
    pd.testing.assert_series_equal(got["irm_score"].astype(float), want["irm_score"].astype(float),
                                   check_names=False, atol=1e-12)


def test_map_query_overdue_milestones_and_jurisdiction_filter(bundled):
    """The seed's six milestones are all Rustavi's: 3 overdue at 2019-12-31 (docs/metrics.md)."""
    df = metrics.run(bundled.con.cursor(), "map_by_jurisdiction", Filters()).set_index("jurisdiction_id")
    assert df.loc["rustavi", ["milestones", "milestones_overdue"]].tolist() == [6, 3]
    assert df.drop(index="rustavi")["milestones"].sum() == 0
    one = metrics.run(bundled.con.cursor(), "map_by_jurisdiction", Filters(jurisdiction=("kutaisi",)))
    assert one["jurisdiction_id"].tolist() == ["kutaisi"]
    assert int(one["commitments"].iloc[0]) == int(df.loc["kutaisi", "commitments"])
