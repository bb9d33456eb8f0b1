"""Event queries: the event rows of ``flashpoint events``, the exports and the dashboard, with
their filters (``analysis.events.EventQuery``), and the event and stance frames the analyses
aggregate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from flashpoint.store.queries.common import (
    EVENT_DATE,
    LATER_COPIES,
    OWN_DATE,
    PUBLISHED,
    STORY_OF_DOCUMENT,
    Window,
    has_stories,
    relevance_of,
    relevant,
    within,
)

if TYPE_CHECKING:
    import pandas as pd

# The record format has no event id: an event is its document's id and its position in the
# document record's ``events`` list (``idx`` in the store), joined by ``#``.
ID_SEPARATOR = "#"

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
           e.confidence, e.quote, e.start_char, e.end_char, {EVENT_DATE} AS edate,
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

# great-circle distance in km from (?, ?) = (lat, lon) to the event's location
DISTANCE_SQL = (
    "2 * 6371 * asin(least(1, sqrt(pow(sin(radians({p}location_lat - ?) / 2), 2) + "
    "cos(radians(?)) * cos(radians({p}location_lat)) * "
    "pow(sin(radians({p}location_lon - ?) / 2), 2))))"
)


class Place(Protocol):
    """Where events happened (``analysis.places.PlaceFilter``): near ``centre`` (lat, lon)
    within ``km``, or in ``region``; ``active`` when either is asked for."""

    region: str | None
    centre: tuple[float, float] | None
    km: float | None

    @property
    def active(self) -> bool: ...


class Filters(Protocol):
    """The checked filters over events (``analysis.events.EventQuery``)."""

    source: str | None
    target: str | None
    actor: str | None
    type: str | None
    quadclass: str | None
    quadclass_types: list[str]
    status: str | None
    doc_id: str | None
    text: str | None
    outlet: str | None
    country: str | None
    pair: tuple[str, str] | None
    min_confidence: float | None
    place: Place
    period: Window


def place_where(place: Place, prefix: str = "") -> tuple[str, list[Any]]:
    """A WHERE fragment over the ``location_*`` columns (``prefix`` names the table alias;
    ``TRUE`` when the filter is empty) and its parameters."""
    parts, params = [], []
    if place.region:
        parts.append(f"(lower({prefix}location_admin1) = lower(?) OR {prefix}location_id = ?)")
        params += [place.region, place.region]
    if place.centre is not None:
        lat, lon = place.centre
        parts.append(f"{prefix}location_lat IS NOT NULL AND {DISTANCE_SQL.format(p=prefix)} <= ?")
        params += [lat, lat, lon, place.km]
    return " AND ".join(parts) or "TRUE", params


def event_where(query: Filters) -> tuple[str, list[Any]]:
    """A WHERE fragment over ``EVENTS_SQL``'s columns (alias ``x``) and its parameters."""
    parts, params = [], []
    for column in ("source", "target", "type", "status", "doc_id", "outlet"):
        if getattr(query, column):
            parts.append(f"x.{column} = ?")
            params.append(getattr(query, column))
    if query.country:
        parts.append("x.outlet_country = ?")
        params.append(query.country)
    if query.actor:
        parts.append("(x.source = ? OR x.target = ?)")
        params += [query.actor, query.actor]
    if query.quadclass:
        parts.append("x.type IN (SELECT unnest(?))")
        params.append(query.quadclass_types)
    if query.pair:
        parts.append("((x.source = ? AND x.target = ?) OR (x.source = ? AND x.target = ?))")
        params += [*query.pair, *reversed(query.pair)]
    if query.min_confidence is not None:  # events without a confidence count, as in aggregates
        parts.append("(x.confidence IS NULL OR x.confidence >= ?)")
        params.append(query.min_confidence)
    if query.text:
        parts.append("strpos(lower(x.quote), lower(?)) > 0")
        params.append(query.text)
    if query.place.active:
        place_sql, place_params = place_where(query.place, "x.")
        parts.append(place_sql)
        params += place_params
    date_sql, date_params = within(query.period, "x.edate")
    if date_params:
        parts.append(date_sql)
        params += date_params
    return " AND ".join(parts) or "TRUE", params


def events_sql(con: Any, where: str) -> str:
    """``EVENTS_SQL`` for this store, with the WHERE fragment filled in."""
    story, join = (_STORY, STORY_OF_DOCUMENT) if has_stories(con) else (_NO_STORY, "")
    return EVENTS_SQL.format(where=where, story=story, story_join=join)


def count_events(con: Any, query: Filters) -> int:
    """How many events match ``query``."""
    where, params = event_where(query)
    return con.execute(COUNT_SQL.format(sql=events_sql(con, where)), params).fetchone()[0]


def event_cursor(con: Any, query: Filters, limit: int = 0) -> Any:
    """A cursor over the matching rows of ``EVENTS_SQL`` in date order (undated last),
    ``limit`` of them unless 0."""
    where, params = event_where(query)
    sql = events_sql(con, where)
    if limit:
        sql, params = f"{sql} LIMIT ?", [*params, limit]
    return con.execute(sql, params)


def event_frame(
    con: Any, period: Window | None, floor: float,
    relevant_only: bool = False, place: Place | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Events with their effective date (``edate``), once per story: a later copy of a folded
    story adds no events, and each event carries its story's number of sources. Only events
    at or above the confidence ``floor`` (or without a confidence); with ``relevant_only``,
    only events in sentences on the topic; ``place`` (``analysis.places.PlaceFilter``) keeps
    only events located near a place or in a region."""
    where, params = within(period, "edate")
    where = f"({where}) AND (confidence IS NULL OR confidence >= ?)"
    if relevant_only:
        where += f" AND {relevant()}"
    params = [*params, floor]
    if place is not None and place.active:
        place_sql, place_params = place_where(place)
        where, params = f"{where} AND {place_sql}", [*params, *place_params]
    stories = has_stories(con)
    copies = f"WHERE e.doc_id NOT IN ({LATER_COPIES})" if stories else ""
    sources = "COALESCE(st.n_sources, 1)" if stories else "1"
    sql = f"""
        SELECT * FROM (
            SELECT e.doc_id, e.idx, e.type, e.source, e.target, e.status, e.quote,
                   e.start_char, e.end_char, e.confidence, d.outlet, d.outlet_country,
                   d.title, d.published, {EVENT_DATE} AS edate, {sources} AS n_sources,
                   e.date_precision, {OWN_DATE} AS own_date, {relevance_of("e")} AS relevance,
                   e.location_id, e.location_name, e.location_admin1, e.location_country,
                   e.location_lat, e.location_lon, e.location_precision
            FROM events e JOIN documents d USING (doc_id) {STORY_OF_DOCUMENT if stories else ""}
            {copies}
        ) WHERE {where}"""
    return con.execute(sql, params).df()


def stance_frame(
    con: Any, period: Window | None, relevant_only: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """Stances dated by their document's published date (with ``relevant_only``, only those
    in sentences on the topic)."""
    where, params = within(period, "edate")
    if relevant_only:
        where = f"({where}) AND {relevant()}"
    sql = f"""
        SELECT * FROM (
            SELECT s.doc_id, s.idx, s.holder, s.target, s.polarity, s.quote, s.start_char,
                   s.end_char, s.basis, d.outlet, d.title, d.published,
                   {PUBLISHED} AS edate, {relevance_of("s")} AS relevance
            FROM stances s JOIN documents d USING (doc_id)
        ) WHERE {where}"""
    return con.execute(sql, params).df()
