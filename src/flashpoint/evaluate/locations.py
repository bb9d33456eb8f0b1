"""The ``location`` task: event locations and place-name resolution against gold.

A gold record's ``location`` holds

- ``events``: ``[{"start", "end", "quote", "answers"}]``, one per annotated event, where
  ``answers`` lists the acceptable locations (``{"id", "name", "lat", "lon", "admin1",
  "country"}``, or null: "the text does not place it");
- ``places``: ``[{"text", "start", "end", "answers"}]``, one per occurrence of an annotated
  place name.

A gold event is scored against the system event whose quote overlaps it most (the earliest
on a tie); a gold event no system event overlaps is counted as ``unmatched`` and not scored.
Per scored event: **id** right when the system's place id is an answer (no location when
null is one); **admin-1** right when an answer has the system place's admin-1 region and
country; **within 50 km** when an answer lies within 50 km of the system's coordinates.
A gold place occurrence is *found* when a system place mention overlaps it, and *right*
when that mention's id is an answer. ``build_gold`` turns hand annotations into records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flashpoint.geo.gazetteer import Gazetteer, km_between

NEAR_KM = 50.0


def resolve_answer(value: Any, gaz: Gazetteer) -> dict[str, Any] | None:
    """One annotated answer as a location dict: an id, ``NAME@ISO3``, an inline place or null."""
    if value is None:
        return None
    if isinstance(value, dict):
        admin1 = gaz.get(value["admin1"]) if value.get("admin1") else None
        return {"id": None, "name": value["name"], "lat": value["lat"], "lon": value["lon"],
                "admin1": admin1.name if admin1 else None, "country": value.get("country")}  # fmt: skip
    text = str(value)
    if "@" in text:
        name, country = text.rsplit("@", 1)
        cands = [p for p in gaz.lookup(name) if p.country == country]
        if not cands:
            raise ValueError(f"gold place '{text}': no such place in the gazetteer")
        place = max(cands, key=lambda p: p.population)
    else:
        place = gaz.get(text)
        if place is None:
            raise ValueError(f"gold place '{text}': no such gazetteer id")
    loc = place.as_location()
    loc.pop("precision")
    return loc


def answers(value: Any, gaz: Gazetteer) -> list[dict[str, Any] | None]:
    return [resolve_answer(v, gaz) for v in (value if isinstance(value, list) else [value])]


def build_gold(
    annotations: dict[str, Any], gold_events: dict[str, list[dict[str, Any]]],
    texts: dict[str, str], gaz: Gazetteer,
) -> list[dict[str, Any]]:  # fmt: skip
    """Gold records of the ``location`` task from hand annotations (``gold/locations.yaml``):
    event indices point into the document's gold events, place names are found in its text
    (every occurrence, whole words, case as written)."""
    import re

    records = []
    for doc_id, note in annotations.items():
        events = gold_events[doc_id]
        text = texts[doc_id]
        located = []
        for idx, value in (note.get("events") or {}).items():
            e = events[int(idx)]
            located.append({"start": e["start"], "end": e["end"], "quote": e["quote"],
                            "answers": answers(value, gaz)})  # fmt: skip
        places = []
        for name, value in (note.get("places") or {}).items():
            found = list(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))
            if not found:
                raise ValueError(f"{doc_id}: place name '{name}' is not in the text")
            resolved = answers(value, gaz)
            for m in found:
                places.append({"text": name, "start": m.start(), "end": m.end(), "answers": resolved})
        records.append({"doc_id": doc_id, "location": {"events": located, "places": places}})
    return records


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _id_right(system: dict[str, Any] | None, options: list[dict[str, Any] | None]) -> bool:
    if not system:
        return None in options
    return any(o and o.get("id") and o["id"] == system.get("id") for o in options)


def _admin1_right(system: dict[str, Any] | None, options: list[dict[str, Any] | None]) -> bool:
    if not system:
        return None in options
    return any(
        o and o.get("admin1") == system.get("admin1") and o.get("country") == system.get("country")
        for o in options
    )


def _near(system: dict[str, Any] | None, options: list[dict[str, Any] | None]) -> bool:
    if not system:
        return None in options
    if system.get("lat") is None:
        return False
    return any(
        o and o.get("lat") is not None
        and km_between(o["lat"], o["lon"], system["lat"], system["lon"]) <= NEAR_KM
        for o in options
    )  # fmt: skip


@dataclass
class LocationScores:
    events: int = 0  # annotated gold events
    scored: int = 0  # ... with an overlapping system event
    id_right: int = 0
    admin1_right: int = 0
    near: int = 0
    placed: int = 0  # scored events whose gold has no null answer
    placed_id_right: int = 0
    places: int = 0  # gold place-name occurrences
    places_found: int = 0
    places_right: int = 0

    def add_document(self, gold: dict[str, Any], system: dict[str, Any]) -> None:
        sys_events = [e for e in system.get("events") or [] if isinstance(e.get("start"), int)]
        for g in gold.get("events") or []:
            self.events += 1
            span = (g["start"], g["end"])
            best = max(sys_events, key=lambda e: (_overlap(span, (e["start"], e["end"])), -e["start"]),
                       default=None)  # fmt: skip
            if best is None or _overlap(span, (best["start"], best["end"])) == 0:
                continue
            self.scored += 1
            loc, options = best.get("location"), g["answers"]
            right = _id_right(loc, options)
            self.id_right += right
            self.admin1_right += _admin1_right(loc, options)
            self.near += _near(loc, options)
            if None not in options:
                self.placed += 1
                self.placed_id_right += right
        sys_places = system.get("places") or []
        for g in gold.get("places") or []:
            self.places += 1
            hits = [p for p in sys_places if _overlap((g["start"], g["end"]), (p["start"], p["end"]))]
            if not hits:
                continue
            self.places_found += 1
            self.places_right += any(_id_right(p if p.get("id") else None, g["answers"]) for p in hits)

    def as_dict(self) -> dict[str, Any]:
        def share(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "events": self.events, "scored": self.scored, "unmatched": self.events - self.scored,
            "accuracy": share(self.id_right, self.scored),
            "admin1": share(self.admin1_right, self.scored),
            "within_50km": share(self.near, self.scored),
            "placed_events": self.placed, "placed_accuracy": share(self.placed_id_right, self.placed),
            "places": self.places, "places_found": self.places_found,
            "place_recall": share(self.places_found, self.places),
            "place_accuracy": share(self.places_right, self.places_found),
        }  # fmt: skip
