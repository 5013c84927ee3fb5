"""Build data/geo/georgia_adm2.geojson: the boundaries of Georgia's 74 second-level units as a light GeoJSON.

    python scripts/build_geo.py [--source PATH] [--tolerance DEGREES] [--digits N]

Reads the geoBoundaries TopoJSON kept beside the project (../shared/reference/geo/georgia_adm2.topojson, ODbL,
"© OpenStreetMap contributors") and the names in data/geo/units.csv, and writes one Feature per unit with the
properties `shapeID`, `name_en`, `name_ka` (empty when no cited Georgian name was found).

How: the TopoJSON's arcs are decoded (delta-encoded integers, scaled and translated), each shared arc is simplified
once (Douglas-Peucker, its two end points kept), so neighbouring units keep exactly the same border and no gap
opens between them, then the coordinates are rounded. A negative arc index ~i is arc i reversed. No dependency
beyond the standard library.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared" / "reference" / "geo" / "georgia_adm2.topojson"
UNITS = REPO / "data" / "geo" / "units.csv"
OUT = REPO / "data" / "geo" / "georgia_adm2.geojson"
TOLERANCE = 0.004   # degrees (~350 m): well under the width of the smallest unit drawn at country scale
DIGITS = 3          # ~100 m


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) points."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance(p, a, b) -> float:
    """Distance of point p from the segment a-b (plane, in degrees: fine at this scale)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker with an explicit stack; the first and last points always stay."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, index = 0.0, None
        for k in range(i + 1, j):
            d = _distance(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(i, index), (index, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(indices: list[int], arcs: list[list]) -> list:
    """A closed ring from arc indices (~i = arc i reversed); the shared point between arcs appears once."""
    out: list = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(arc if not out else arc[1:])
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _rounded(points: list, digits: int) -> list:
    out = []
    for x, y in points:
        p = [round(x, digits), round(y, digits)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def build(topo: dict, names: dict[str, dict], tolerance: float, digits: int) -> dict:
    """The FeatureCollection of the TopoJSON's one object, each feature named from units.csv."""
    arcs = [simplify(a, tolerance) for a in decode_arcs(topo)]
    (obj,) = topo["objects"].values()
    features = []
    for g in obj["geometries"]:
        sid = g["properties"]["shapeID"]
        parts = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        polys = [[_rounded(ring(r, arcs), digits) for r in poly] for poly in parts]
        geometry = {"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1 else \
            {"type": "MultiPolygon", "coordinates": polys}
        unit = names[sid]
        features.append({"type": "Feature", "id": sid,
                         "properties": {"shapeID": sid, "name_en": unit["name_en"], "name_ka": unit["name_ka"]},
                         "geometry": geometry})
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection",
            "attribution": "© OpenStreetMap contributors; geoBoundaries (gbOpen GEO-ADM2-95516506), ODbL 1.0",
            "features": features}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    ap.add_argument("--digits", type=int, default=DIGITS)
    args = ap.parse_args(argv)
    topo = json.loads(args.source.read_text(encoding="utf-8"))
    with UNITS.open(encoding="utf-8", newline="") as f:
        names = {r["shape_id"]: r for r in csv.DictReader(f)}
    geo = build(topo, names, args.tolerance, args.digits)
    if len(geo["features"]) != len(names):
        raise SystemExit(f"{UNITS}: {len(names)} units, the boundary file has {len(geo['features'])}")
    text = json.dumps(geo, ensure_ascii=False, separators=(",", ":")) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(geo['features'])} units, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
