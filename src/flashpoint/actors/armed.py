"""Armed actors on the ground: generic militants and security forces.

Contract: :func:`settle` takes the actor stage's mentions under construction (after role
phrases are attached) and applies the vocabulary's rules for armed actors:

- "BLF militants", "Hizbul militants": the group named acts, not a generic ``MILITANTS``;
- "Pakistani militants", "Chechen gunmen": the generic ``MILITANTS`` acts; the state or
  people named as their origin or alleged sponsor is not a party (the event's place says
  which side of a front line they acted on);
- "Indian troops", "Pakistani security forces": the state acts, with its sector.

Generic security forces named without a state ("security forces", "troops") carry the
provisional id ``LOCAL_FORCES`` until the locations stage gives them the state of the
event's place (``resolve_local_forces``).
"""

from __future__ import annotations

from typing import Any

from flashpoint.actors.matcher import Found
from flashpoint.events.keys import one_per_key
from flashpoint.lang import load_language

MILITANTS = "MILITANTS"
LOCAL_FORCES = "LOCAL_FORCES"
GENERIC = {MILITANTS, LOCAL_FORCES}
FORCE_SECTORS = frozenset({"MIL", "COP"})  # sectors of security forces
MILITANT_NOUNS = load_language("en").words("militant_nouns")


def _before(found: list[Found], f: Found, doc: Any) -> Found | None:
    """The mention just before ``f`` (adjacent, joined by a hyphen, or a bracketed short
    form: "Lashkar-e-Toiba (LeT) militants")."""
    for g in found:
        if g is f:
            continue
        gap = f.start - g.end
        if gap == 0 or (gap == 1 and doc[g.end].text in ("-", "–", ")")):
            return g
    return None


def _of_group(found: list[Found], f: Found, doc: Any) -> Found | None:
    """The armed group named right after ``f`` by "of" ("gunmen of the BLA")."""
    i = f.end
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    i += 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
    for g in found:
        if g.start == i and g.sector == "REB" and g.actor_id not in GENERIC and g.kind != "demonym":
            return g
    return None


def settle(doc: Any, found: list[Found], is_state, sector_of=None) -> list[Found]:
    dropped: set[int] = set()
    for f in found:
        if f.actor_id == LOCAL_FORCES and sector_of is not None:
            words = doc[f.start : f.end]  # "policemen": COP; "a Police party": COP from its first word
            f.sector = sector_of(words.text) or _first_sector(words, sector_of) or f.sector
        if id(f) in dropped:
            continue
        if f.actor_id not in GENERIC and is_state(f.actor_id) and f.sector == "REB" \
                and doc[f.end - 1].lower_ in MILITANT_NOUNS:  # fmt: skip
            # "Pakistani militants" read as one state mention: the militants act
            f.actor_id, f.kind, f.role = MILITANTS, "name", False
            continue
        if f.actor_id not in GENERIC:
            continue
        if any(g is not f and g.actor_id not in GENERIC and g.start <= f.start and f.end <= g.end
               and g.end - g.start > f.end - f.start for g in found):  # fmt: skip
            dropped.add(id(f))  # "soldiers of the Frontier Corps": the force named around them
            continue
        owner = _of_group(found, f, doc)
        if f.actor_id == MILITANTS and owner is not None and id(owner) not in dropped:
            owner.start = f.start  # "gunmen of the Balochistan Liberation Army": the group
            dropped.add(id(f))
            continue
        g = _before(found, f, doc)
        if g is None or id(g) in dropped or g.is_place:
            continue
        group = g.sector == "REB" and g.kind != "demonym" and not is_state(g.actor_id)
        if f.actor_id == MILITANTS and group and g.actor_id not in GENERIC:
            g.end = f.end  # "BLF militants": the group
            if doc[f.start - 1].text == ")" and g.start and doc[g.start - 1].text == "(":
                g.start -= 1  # "(LeT) militants", brackets whole
            dropped.add(id(f))
        elif f.actor_id == MILITANTS and is_state(g.actor_id):
            dropped.add(id(g))  # "Pakistani militants": not Pakistan
        elif f.actor_id == MILITANTS and g.kind == "demonym":
            dropped.add(id(g))  # "Chechen militants": not the Chechens
        elif f.actor_id == LOCAL_FORCES and (is_state(g.actor_id) or g.kind == "demonym"):
            g.end, g.sector = f.end, f.sector or g.sector  # "Indian troops": India
            dropped.add(id(f))
    return [f for f in found if id(f) not in dropped]


def resolve_local_forces(doc: Any, filed_in: str | None = None) -> None:
    """Give generic security forces the state of the event's place (locations stage).

    An event whose source or target is ``LOCAL_FORCES`` gets the country of its location,
    else that of the dateline's place (``filed_in``: "LAHORE, Feb. 22 - ... clashed with
    police on the Mall"), else the country most of the document's located events share (an incident report's
    forces are those of the place it reports), else no actor; an event left with neither a
    source nor a target is dropped (one coded so, an attack that names nobody but its place
    and day, stays). The document's ``LOCAL_FORCES`` mentions
    take the country most of its located events share, and are dropped when there is none.
    """
    countries: dict[str, int] = {}
    here: dict[str, int] = {}  # the countries of the document's located events
    for e in doc.events:
        loc = e.location or {}
        if loc.get("country") and loc.get("precision") in ("place", "admin1"):
            here[loc["country"]] = here.get(loc["country"], 0) + 1
    fallback = filed_in or (max(here, key=here.get) if here else None)
    coded_empty = {id(e) for e in doc.events if not (e.source or e.target)}  # attacks on nobody named
    resolved: set[int] = set()
    for e in doc.events:
        country = (e.location or {}).get("country") or fallback
        for role in ("source", "target"):
            if getattr(e, role) == LOCAL_FORCES:
                setattr(e, role, country)
                resolved.add(id(e))
                if country is None:
                    setattr(e, f"{role}_sector", None)
                else:
                    countries[country] = countries.get(country, 0) + 1
    # one event per key again now that the forces have their state: the copy that named the forces
    # ("militants killed three policemen in Quetta": the policemen, not the town), else the first
    kept = [e for e in doc.events if (e.source or e.target or id(e) in coded_empty) and not _own_forces(e, resolved)]
    doc.events = one_per_key(kept, resolved)
    state = max(countries, key=countries.get) if countries else None
    kept = []
    for m in doc.mentions:
        if m.actor_id == LOCAL_FORCES:
            if state is None:
                continue
            m.actor_id = state
        kept.append(m)
    doc.mentions = kept


def _first_sector(words: Any, sector_of) -> str | None:
    """The sector of the first word that has a known one ("men" says nothing: UNK)."""
    return next((c for t in words if (c := sector_of(t.text)) not in (None, "UNK")), None)


def _own_forces(event: Any, resolved: set[int]) -> bool:
    """Forces that act on forces of their own state once the generic ones have their state
    ("the fire was retaliated by SFs" beside "the Army"): no act. Police on their own state's
    protesters stays."""
    return (id(event) in resolved and event.source is not None and event.source == event.target
            and event.source_sector in FORCE_SECTORS and event.target_sector in FORCE_SECTORS)  # fmt: skip
