"""Filters on where events happened: ``--near PLACE --km N`` and ``--region ADMIN1``.

A :class:`PlaceFilter` resolves its place through the pack's gazetteer once; the event queries
(``store.queries.events.place_where``) filter the ``location_*`` columns with it.
Bad input (a place the gazetteer does not know, a distance that is not positive, ``--km``
without ``--near``) raises ValueError with a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flashpoint.config import DEFAULT_PACK

DEFAULT_KM = 50.0


@dataclass
class PlaceFilter:
    near: str | None = None
    km: float | None = None
    region: str | None = None
    pack: str = DEFAULT_PACK
    centre: tuple[float, float] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.near = (self.near or "").strip() or None
        self.region = (self.region or "").strip() or None
        if self.km is not None and self.near is None:
            raise ValueError("--km needs --near PLACE")
        if self.km is not None and not self.km > 0:
            raise ValueError(f"--km {self.km}: use a distance above 0")
        if self.near is not None:
            self.centre = resolve_place(self.near, self.pack)
            self.km = DEFAULT_KM if self.km is None else float(self.km)

    @property
    def active(self) -> bool:
        return self.near is not None or self.region is not None

    @property
    def key(self) -> tuple[str | None, float | None, str | None] | None:
        """A hashable key for caches: None when the filter is empty."""
        return (self.near, self.km, self.region) if self.active else None

    def describe(self) -> str:
        """Where the filter keeps events, in words ("" when empty)."""
        parts = [f"within {self.km:g} km of {self.near}"] if self.near else []
        return " and ".join([*parts, *([f"in {self.region}"] if self.region else [])])

    def args(self) -> dict[str, str]:
        """The filter as query parameters (``near``, ``km``, ``region``), to carry it along."""
        found = {"near": self.near, "km": f"{self.km:g}" if self.near else None,
                 "region": self.region}  # fmt: skip
        return {k: v for k, v in found.items() if v}


def resolve_place(name: str, pack: str = DEFAULT_PACK) -> tuple[float, float]:
    """(lat, lon) of a place name or gazetteer id: the pack's reading first, then the largest."""
    from flashpoint.geo import load_gazetteer

    gaz = load_gazetteer(pack)
    place = gaz.get(name)
    if place is None:
        cands = gaz.lookup(name)
        if not cands:
            raise ValueError(f"--near {name}: no such place in the gazetteer")
        place = min(cands, key=lambda p: (p.layer != "pack", -p.population))
    return place.lat, place.lon


def event_places(
    con: Any, period: Any = None, min_confidence: float | None = None,
    place: PlaceFilter | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Asserted events with coordinates, one row per place: its location fields, the events
    per QuadClass, their total and the events themselves (document, position, type, actors,
    quote), most events first. Events counted as in every analysis (``source.events``)."""
    from flashpoint.analysis import source
    from flashpoint.analysis.scales import QUADCLASSES, quadclass

    ev = source.events(con, period, min_confidence, place=place)
    ev = ev[ev["location_lat"].notna() & (ev["status"].fillna("asserted") == "asserted")]
    places: dict[str, dict[str, Any]] = {}
    for r in ev.sort_values(["edate", "doc_id", "idx"], na_position="last").to_dict("records"):
        key = r["location_id"] or f"{r['location_lat']},{r['location_lon']}"
        row = places.setdefault(key, {
            "id": key, "name": r["location_name"], "lat": r["location_lat"],
            "lon": r["location_lon"], "admin1": r["location_admin1"],
            "country": r["location_country"], "precision": r["location_precision"],
            **dict.fromkeys(QUADCLASSES, 0), "events": 0, "items": [],
        })  # fmt: skip
        qc = quadclass(r["type"])
        if qc:
            row[qc] += 1
        row["events"] += 1
        row["items"].append({"doc_id": r["doc_id"], "idx": int(r["idx"]), "type": r["type"],
                             "source": r["source"], "target": r["target"],
                             "date": r["edate"], "quote": r["quote"]})  # fmt: skip
    return sorted(places.values(), key=lambda p: (-p["events"], p["name"] or ""))
