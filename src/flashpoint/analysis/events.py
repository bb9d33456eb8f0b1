"""Event rows: every stored event with its document's date and outlet, its QuadClass and
weight, and the names of its actors; filtered by the options of ``flashpoint events`` and
read by the event exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flashpoint.analysis import source
from flashpoint.analysis.coalitions import is_state
from flashpoint.analysis.places import PlaceFilter
from flashpoint.analysis.scales import QUADCLASS, QUADCLASSES, Weights, load_weights
from flashpoint.analysis.timeline import parse_dyad
from flashpoint.document import PLOVER_TYPES, STATUSES
from flashpoint.store.queries import events as event_queries
from flashpoint.store.queries.events import ID_SEPARATOR  # between doc id and position

# What a row carries, in order (the events table's columns plus its document's, QuadClass,
# weight, actor names, and its document's story and number of sources).
EVENT_COLUMNS = (
    "event_id", "doc_id", "idx", "date", "date_precision", "published", "outlet",
    "outlet_country", "url", "type", "mode", "quadclass", "source", "source_name",
    "source_sector", "source_text", "target", "target_name", "target_sector", "target_text",
    "status", "confidence", "weight", "quote", "start_char", "end_char", "story_id",
    "n_sources", "location_name", "location_id", "location_lat", "location_lon",
    "location_admin1", "location_country", "location_precision",
)  # fmt: skip


def event_id(doc_id: str, idx: int) -> str:
    return f"{doc_id}{ID_SEPARATOR}{idx}"


def split_event_id(value: str) -> tuple[str, int]:
    """``doc_id#idx`` → (doc_id, idx); the document id may itself contain ``#``."""
    doc_id, sep, idx = value.rpartition(ID_SEPARATOR)
    if not sep or not idx.isdigit():
        raise ValueError(f"'{value}' is not an event id (DOC_ID{ID_SEPARATOR}N)")
    return doc_id, int(idx)


def quadclass_code(name: str | None) -> int | None:
    """CAMEO/GDELT QuadClass number: 1 verbal cooperation, 2 material cooperation,
    3 verbal conflict, 4 material conflict (the order of ``QUADCLASSES``)."""
    return QUADCLASSES.index(name) + 1 if name in QUADCLASSES else None


def parse_quadclass(value: str) -> str:
    """A QuadClass by name (any case, ``-`` or space for ``_``) or by its number 1–4."""
    text = value.strip().lower().replace("-", "_").replace(" ", "_")
    if text in QUADCLASSES:
        return text
    if text in {"1", "2", "3", "4"}:
        return QUADCLASSES[int(text) - 1]
    raise ValueError(f"unknown QuadClass '{value}' (choose from {', '.join(QUADCLASSES)} or 1-4)")


def actor_country(actor_id: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code when the actor is a state; None for other actors."""
    return actor_id if actor_id and is_state(actor_id) else None


def _text(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


@dataclass
class EventQuery:
    """Filters over the stored events; invalid values raise ValueError with a one-line reason.
    Dates bound the event's date, or its document's published date when it has none."""

    source: str | None = None
    target: str | None = None
    actor: str | None = None  # source or target
    type: str | None = None
    quadclass: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None
    doc_id: str | None = None
    text: str | None = None
    outlet: str | None = None  # the document's outlet
    country: str | None = None  # the document's outlet country
    dyad: str | None = None  # two actor ids, A-B: events between them, either way
    near: str | None = None  # a place: events within ``km`` of it
    km: float | None = None
    region: str | None = None  # an admin-1 region name (or a location id)
    period: source.Period = field(init=False)
    pair: tuple[str, str] | None = field(init=False)
    place: PlaceFilter = field(init=False)

    def __post_init__(self) -> None:
        for name in ("source", "target", "actor"):
            value = _text(getattr(self, name))
            setattr(self, name, value.upper() if value else None)
        self.doc_id, self.text = _text(self.doc_id), _text(self.text)
        self.outlet, country = _text(self.outlet), _text(self.country)
        self.country = country.upper() if country else None
        self.type = self._type(_text(self.type))
        self.quadclass = parse_quadclass(self.quadclass) if _text(self.quadclass) else None
        self.status = self._status(_text(self.status))
        dyad = _text(self.dyad)
        self.pair = parse_dyad(dyad.upper()) if dyad else None
        self.dyad = "-".join(self.pair) if self.pair else None
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ValueError(f"--min-confidence {self.min_confidence}: use a number from 0 to 1")
        self.place = PlaceFilter(self.near, self.km, self.region)
        self.period = source.Period.parse(_text(self.since), _text(self.until))
        if self.period.since and self.period.until and self.period.since > self.period.until:
            raise ValueError(f"--since {self.since} is after --until {self.until}")

    @staticmethod
    def _type(value: str | None) -> str | None:
        if value and value.upper() not in PLOVER_TYPES:
            raise ValueError(
                f"unknown event type '{value}' (choose from {', '.join(PLOVER_TYPES)})"
            )
        return value.upper() if value else None

    @staticmethod
    def _status(value: str | None) -> str | None:
        if value and value.lower() not in STATUSES:
            raise ValueError(f"unknown status '{value}' (choose from {', '.join(STATUSES)})")
        return value.lower() if value else None

    @property
    def quadclass_types(self) -> list[str]:
        """The event types of the QuadClass filter (none without it)."""
        return [t for t, q in QUADCLASS.items() if q == self.quadclass] if self.quadclass else []


def count_events(src: source.Source, query: EventQuery | None = None) -> int:
    return event_queries.count_events(source.connect(src), query or EventQuery())


def iter_events(
    src: source.Source, query: EventQuery | None = None, limit: int = 0,
    weights: Weights | None = None,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Matching events in date order (undated last), ``limit`` of them unless 0. Each row has
    ``EVENT_COLUMNS`` plus ``edate`` and ``mentions`` (see ``store.queries.events.EVENTS_SQL``)."""
    con = source.connect(src)
    names, weights = source.actor_names(con), weights or load_weights()
    cursor = event_queries.event_cursor(con, query or EventQuery(), limit)
    columns = [d[0] for d in cursor.description]
    while chunk := cursor.fetchmany(2000):
        for values in chunk:
            yield _complete(dict(zip(columns, values, strict=True)), names, weights)


def event_rows(
    src: source.Source, query: EventQuery | None = None, limit: int = 0
) -> list[dict[str, Any]]:
    """``iter_events`` as a list of rows with exactly ``EVENT_COLUMNS``."""
    return [{c: row[c] for c in EVENT_COLUMNS} for row in iter_events(src, query, limit)]


def _complete(row: dict[str, Any], names: dict[str, str], weights: Weights) -> dict[str, Any]:
    row["quadclass"] = QUADCLASS.get(row["type"] or "")
    row["weight"] = weights.events.get(row["type"] or "")
    for role in ("source", "target"):
        row[f"{role}_name"] = source.display(row[role], names) if row[role] else None
    return row
