"""The boundaries of Georgia's 74 second-level units (data/geo/, ODbL, "© OpenStreetMap contributors").

    geo.shape_ids()          the ids a jurisdictions.csv `shape_id` may name (validated by the store)
    geo.geojson()            the FeatureCollection (feature id = shapeID), for plotly's geojson= argument
    geo.units()              shapeID -> {"name_en", "name_ka"} ("" where no cited Georgian name was found)

The GeoJSON is built from the geoBoundaries TopoJSON by scripts/build_geo.py; data/geo/README.md gives its source,
licence and the source of every Georgian name. Pure: no Streamlit, no network; read once per process.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from dashboard import DEFAULT_DATA_DIR

GEO_DIR = DEFAULT_DATA_DIR / "geo"
GEOJSON_FILE = GEO_DIR / "georgia_adm2.geojson"
ATTRIBUTION = "© OpenStreetMap contributors"
# The id pattern of geoBoundaries' gbOpen ADM2 units of Georgia (GEO-ADM2-95516506B7348167 is Tbilisi).
SHAPE_ID_EXAMPLE = "GEO-ADM2-95516506B7348167"


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def geojson(path: Path = GEOJSON_FILE) -> dict:
    """The FeatureCollection (shared, read-only: do not modify it)."""
    return _load(path)


def shape_ids(path: Path = GEOJSON_FILE) -> tuple[str, ...]:
    """Every unit's shapeID, sorted."""
    return tuple(sorted(f["id"] for f in geojson(path)["features"]))


def units(path: Path = GEOJSON_FILE) -> dict[str, dict[str, str]]:
    """shapeID -> its names (`name_en`, `name_ka`; name_ka is "" where no cited source gave one)."""
    return {f["id"]: {"name_en": f["properties"]["name_en"], "name_ka": f["properties"]["name_ka"]}
            for f in geojson(path)["features"]}


def unit_name(shape_id: str, lang: str) -> str:
    """The unit's name in lang; the English one where no Georgian name was sourced."""
    u = units().get(shape_id)
    if u is None:
        return shape_id
    return (u.get(f"name_{lang}") or u["name_en"]) if lang in ("en", "ka") else u["name_en"]
