"""Reading the store for analyses: connections, periods and the base row sets (their SQL in
:mod:`flashpoint.store.queries`)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from flashpoint.config import DEFAULT_PACK
from flashpoint.records import actor_name as _pack_name
from flashpoint.store.queries import actors as actor_queries
from flashpoint.store.queries import events as event_queries

Source = Any  # a DuckDBStore, a duckdb connection, or a path to a store file


def connect(source: Source) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection for any accepted source (paths are opened read-only)."""
    if isinstance(source, duckdb.DuckDBPyConnection):
        return source
    if hasattr(source, "con"):
        return source.con
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such database")
    from flashpoint.store import StoreError, open_store

    try:
        return open_store(path, read_only=True).con
    except StoreError as exc:
        raise ValueError(f"{path}: {exc}") from exc


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Period:
    """An inclusive date range; either end may be open. Accepts YYYY, YYYY-MM or YYYY-MM-DD."""

    since: str | None = None
    until: str | None = None

    @classmethod
    def parse(cls, since: str | None = None, until: str | None = None) -> Period:
        return cls(_bound(since, start=True), _bound(until, start=False))


def _bound(value: str | None, start: bool) -> str | None:
    if not value:
        return None
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    if not 1 <= int(month or 1) <= 12:
        raise ValueError(f"'{value}' is not a date (month out of range)")
    if start:
        return f"{year}-{month or '01'}-{day or '01'}"
    month = month or "12"
    day = day or f"{calendar.monthrange(int(year), int(month))[1]:02d}"
    return f"{year}-{month}-{day}"


# Events below this confidence are left out of every aggregate. The shipped event model's
# cross-fitted held-out reliability (event_model.json, held_out.type_reliability_crossfit):
# of the 618 events at 0.4 or more, 82 % have the right type (0.4-0.6: 74 at 0.47; 0.6-0.8:
# 91 at 0.67; 0.8-1.0: 453 at 0.91), against 36 % in 0.2-0.4; so the coder's own floor is
# kept: raising it to 0.6 would gain 5 points (87 %) for 12 % of the events.
DEFAULT_MIN_CONFIDENCE = 0.4


def confidence_floor(value: float | None) -> float:
    """The confidence threshold to use (the default for None); a ValueError outside 0..1."""
    if value is None:
        return DEFAULT_MIN_CONFIDENCE
    if not 0.0 <= value <= 1.0:  # also false for NaN
        raise ValueError(f"--min-confidence must be between 0 and 1, not {value}")
    return float(value)


def events(
    con: duckdb.DuckDBPyConnection, period: Period | None = None,
    min_confidence: float | None = None, relevant_only: bool = False, place: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """Events with their effective date (event date, else the document's published date),
    once per story: a later copy of a folded story adds no events, and each event carries
    its story's number of sources (distinct outlets; 1 for a story told once).

    Only events at or above ``min_confidence`` (None: ``DEFAULT_MIN_CONFIDENCE``) count;
    events without a confidence (hand-made or older stores) always count. With
    ``relevant_only``, only events in sentences on the pack's topic (``RELEVANT``). ``place`` (an
    ``analysis.places.PlaceFilter``) keeps only events located near a place or in a region."""
    floor = confidence_floor(min_confidence)
    return event_queries.event_frame(con, period, floor, relevant_only, place)


def stances(
    con: duckdb.DuckDBPyConnection, period: Period | None = None, relevant_only: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """Stances dated by their document's published date (with ``relevant_only``, only those
    in sentences on the pack's topic)."""
    return event_queries.stance_frame(con, period, relevant_only)


@lru_cache(maxsize=4096)
def actor_name(actor_id: str) -> str:
    """Display name from the actor packs; the id itself when the packs cannot say."""
    try:
        return _pack_name(actor_id) or actor_id
    except Exception:  # a broken or missing pack must not break an analysis
        return actor_id


def store_pack(con: duckdb.DuckDBPyConnection) -> str:
    """The domain pack most of the store's documents were analysed with (each run records its
    settings); the default pack for stores that do not say."""
    pack = actor_queries.main_pack(con)
    return pack if pack is not None else DEFAULT_PACK


def store_domain(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
    """The store's pack's main dyad ("A-B") and default target: the defaults of the
    views that need one (None where the pack does not say or cannot be read)."""
    try:
        from flashpoint.actors.packs import load_pack

        pack = load_pack(store_pack(con))
    except Exception:  # a broken or missing pack must not break an analysis
        return None, None
    return pack.dyad_id, pack.default_target


def default_dyad(con: duckdb.DuckDBPyConnection, dyad: str | None = None) -> str:
    """``dyad``, else the store's pack's main dyad; ValueError when neither says."""
    dyad = dyad or store_domain(con)[0]
    if not dyad:
        raise ValueError(f"no dyad given and the pack '{store_pack(con)}' declares no main_dyad (use --dyad A-B)")
    return dyad


def default_target(con: duckdb.DuckDBPyConnection, target: str | None = None) -> str:
    """``target``, else the store's pack's default target; ValueError when neither says."""
    target = target or store_domain(con)[1]
    if not target:
        raise ValueError(f"no target given and the pack '{store_pack(con)}' declares no default_target (use --target ID)")
    return target


@lru_cache(maxsize=8)
def _pack_names(pack: str) -> dict[str, str]:
    try:
        from flashpoint.actors.packs import load_pack

        return dict(load_pack(pack).names)
    except Exception:
        return {}


def actor_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Display names of actors: as stored with the documents, else from the store's pack."""
    stored = {
        actor_id: name
        for actor_id, name in actor_queries.stored_names(con)
        if name and name != actor_id
    }
    return {**_pack_names(store_pack(con)), **stored}


def display(actor_id: str | None, names: dict[str, str]) -> str:
    if not actor_id:
        return "—"
    name = names.get(actor_id)
    return name if name and name != actor_id else actor_name(actor_id)
