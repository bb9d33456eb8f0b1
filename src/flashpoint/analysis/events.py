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

# The record format has no event id: an event is its document's id and its position in the
# document record's ``events`` list (``idx`` in the store), joined by ``#``.
ID_SEPARATOR = "#"

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

# ``mentions``: events of the same document coded identically (type, mode, actors, status,
# date), counted before any filter; ``edate``: the event's date, else the published date;
# ``story_id`` and ``n_sources``: the document's story (near-duplicates folded, see
# ingest/dedupe.py) and its number of distinct outlets, to count an event once per story.
EVENTS_SQL = f"""
SELECT * FROM (
    SELECT e.doc_id || '{ID_SEPARATOR}' || e.idx AS event_id, e.doc_id, e.idx,
           NULLIF(e.date, '') AS date, e.date_precision, d.published, d.outlet,
           d.outlet_country, d.url, e.type, e.mode, e.source, e.source_sector, e.source_text,
           e.target, e.target_sector, e.target_text, COALESCE(e.status, 'asserted') AS status,
           e.confidence, e.quote, e.start_char, e.end_char, {source.EVENT_DATE} AS edate,
           e.location_name, e.location_id, e.location_lat, e.location_lon, e.location_admin1,
           e.location_country, e.location_precision,
           {{story}},
           count(*) OVER (PARTITION BY e.doc_id, e.type, e.mode, e.source, e.target,
                          COALESCE(e.status, 'asserted'), NULLIF(e.date, '')) AS mentions
    FROM events e JOIN documents d ON d.doc_id = e.doc_id {{story_join}}
) x WHERE {{where}}
ORDER BY x.edate NULLS LAST, x.doc_id, x.idx"""
COUNT_SQL = "SELECT count(*) FROM ({sql})"
_STORY = "COALESCE(st.story_id, e.doc_id) AS story_id, COALESCE(st.n_sources, 1) AS n_sources"
_NO_STORY = "e.doc_id AS story_id, 1 AS n_sources"  # a store from before stories were kept


def events_sql(con: Any, where: str) -> str:
    """``EVENTS_SQL`` for this store, with the WHERE fragment filled in."""
    found = source.has_stories(con)
    story, join = (_STORY, source.STORY_OF_DOCUMENT) if found else (_NO_STORY, "")
    return EVENTS_SQL.format(where=where, story=story, story_join=join)


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

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE fragment over ``EVENTS_SQL``'s columns (alias ``x``) and its parameters."""
        parts, params = [], []
        for column in ("source", "target", "type", "status", "doc_id", "outlet"):
            if getattr(self, column):
                parts.append(f"x.{column} = ?")
                params.append(getattr(self, column))
        if self.country:
            parts.append("x.outlet_country = ?")
            params.append(self.country)
        if self.actor:
            parts.append("(x.source = ? OR x.target = ?)")
            params += [self.actor, self.actor]
        if self.quadclass:
            parts.append("x.type IN (SELECT unnest(?))")
            params.append(self.quadclass_types)
        if self.pair:
            parts.append("((x.source = ? AND x.target = ?) OR (x.source = ? AND x.target = ?))")
            params += [*self.pair, *reversed(self.pair)]
        if self.min_confidence is not None:  # events without a confidence count, as in aggregates
            parts.append("(x.confidence IS NULL OR x.confidence >= ?)")
            params.append(self.min_confidence)
        if self.text:
            parts.append("strpos(lower(x.quote), lower(?)) > 0")
            params.append(self.text)
        if self.place.active:
            place_sql, place_params = self.place.sql("x.")
            parts.append(place_sql)
            params += place_params
        date_sql, date_params = self.period.sql("x.edate")
        if date_params:
            parts.append(date_sql)
            params += date_params
        return " AND ".join(parts) or "TRUE", params


def count_events(src: source.Source, query: EventQuery | None = None) -> int:
    where, params = (query or EventQuery()).where()
    con = source.connect(src)
    return con.execute(COUNT_SQL.format(sql=events_sql(con, where)), params).fetchone()[0]


def iter_events(
    src: source.Source, query: EventQuery | None = None, limit: int = 0,
    weights: Weights | None = None,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Matching events in date order (undated last), ``limit`` of them unless 0. Each row has
    ``EVENT_COLUMNS`` plus ``edate`` and ``mentions`` (see ``EVENTS_SQL``)."""
    con = source.connect(src)
    where, params = (query or EventQuery()).where()
    sql = events_sql(con, where)
    if limit:
        sql, params = f"{sql} LIMIT ?", [*params, limit]
    names, weights = source.actor_names(con), weights or load_weights()
    cursor = con.execute(sql, params)
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
