"""Build the map's offline basemap, ``src/flashpoint/geo/basemap.json`` (TopoJSON).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_basemap.py package/countries-50m.json

Keeps the countries of the 1:50m Natural Earth outlines (world-atlas, public domain data,
ISC-licensed build) that reach into the box around South Asia and drops the arcs no kept
country uses, so the file stays small enough to embed in every report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BOX = (55.0, 0.0, 105.0, 45.0)  # lon_min, lat_min, lon_max, lat_max
OUT = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "geo" / "basemap.json"


def _arc_points(topo: dict, arc: list[list[int]]) -> list[tuple[float, float]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * sx + tx, y * sy + ty))
    return points


def _arcs_of(geometry: dict) -> list[int]:
    def walk(value):
        if isinstance(value, int):
            yield value
        else:
            for v in value:
                yield from walk(v)

    return list(walk(geometry.get("arcs", [])))


def main(path: str) -> int:
    topo = json.loads(Path(path).read_text())
    lon0, lat0, lon1, lat1 = BOX
    kept = []
    for g in topo["objects"]["countries"]["geometries"]:
        points = [p for i in _arcs_of(g) for p in _arc_points(topo, topo["arcs"][i if i >= 0 else ~i])]
        if any(lon0 <= x <= lon1 and lat0 <= y <= lat1 for x, y in points):
            kept.append(g)
    used = sorted({i if i >= 0 else ~i for g in kept for i in _arcs_of(g)})
    new_index = {old: new for new, old in enumerate(used)}

    def renumber(value):
        if isinstance(value, int):
            return new_index[value] if value >= 0 else ~new_index[~value]
        return [renumber(v) for v in value]

    for g in kept:
        g["arcs"] = renumber(g["arcs"])
    out = {"type": "Topology", "transform": topo["transform"],
           "objects": {"countries": {"type": "GeometryCollection", "geometries": kept}},
           "arcs": [topo["arcs"][i] for i in used]}  # fmt: skip
    OUT.write_text(json.dumps(out, separators=(",", ":")))
    print(f"{OUT}: {len(kept)} countries, {len(used)} arcs, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
