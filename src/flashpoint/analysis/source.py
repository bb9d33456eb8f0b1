"""Reading the store for analyses: connections, periods and the base row sets."""

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
from flashpoint.relevance import RELEVANT

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

    def sql(self, column: str) -> tuple[str, list[str]]:
        """A WHERE fragment (``TRUE`` when open) and its parameters."""
        parts, params = [], []
        if self.since:
            parts.append(f"{column} >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"{column} <= ?")
            params.append(self.until)
        return (" AND ".join(parts) or "TRUE"), params


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


def full_date(expr: str) -> str:
    """SQL turning an ISO date, year-month or year into YYYY-MM-DD (NULL when absent)."""
    return (
        f"CASE WHEN {expr} IS NULL OR length(trim({expr})) < 4 THEN NULL "
        f"WHEN length(trim({expr})) = 4 THEN trim({expr}) || '-01-01' "
        f"WHEN length(trim({expr})) = 7 THEN trim({expr}) || '-01' "
        f"ELSE substr(trim({expr}), 1, 10) END"
    )


EVENT_DATE = full_date("COALESCE(NULLIF(e.date, ''), d.published)")
# whether an event's date is its own (the text fixes it) rather than its document's
OWN_DATE = "(NULLIF(e.date, '') IS NOT NULL AND COALESCE(e.date_precision, '') <> 'document')"


# later copies of a story (near-duplicates folded at ingest) whose first document is stored:
# their events are that document's again, so aggregates count them once per story
LATER_COPIES = """SELECT s.doc_id FROM doc_stories s
    JOIN documents c ON c.doc_id = s.doc_id AND c.hash = s.hash
    JOIN documents f ON f.doc_id = s.story_id
    WHERE s.story_id <> s.doc_id"""
# each document's story and the story's number of sources, for ``LEFT JOIN ... st`` on a
# documents row ``d`` (the hash keeps a re-saved document out of its old story)
STORY_OF_DOCUMENT = """LEFT JOIN (SELECT s.doc_id, s.hash, s.story_id, n.n_sources FROM doc_stories s
    JOIN stories n ON n.story_id = s.story_id) st ON st.doc_id = d.doc_id AND st.hash = d.hash"""


def actor_counts_sql(doc_where: str = "true") -> str:
    """Mentions and documents per acting party, from the ``actors`` table (the records' actor
    lists) over the documents matching ``doc_where`` (a condition on ``d``): the one count
    of actors that ``flashpoint actors`` and the dashboard both show."""
    return f"""SELECT a.actor_id, sum(a.mentions) AS mentions, count(DISTINCT a.doc_id) AS documents
               FROM actors a JOIN documents d USING (doc_id) WHERE {doc_where} GROUP BY 1"""


def has_stories(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('doc_stories', 'stories')"
    ).fetchone()[0]
    return found == 2


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


def relevance_of(alias: str) -> str:
    """SQL for the relevance of an item ``alias`` (doc_id, start_char, end_char): the best
    score of the stored sentences it overlaps (NULL when they were not scored)."""
    return (f"(SELECT max(rs.relevance) FROM sentences rs WHERE rs.doc_id = {alias}.doc_id "
            f"AND rs.start_char < {alias}.end_char AND rs.end_char > {alias}.start_char)")  # fmt: skip


def relevant_sql(column: str = "relevance") -> str:
    """A WHERE fragment keeping items on the topic (unscored items always count)."""
    return f"({column} IS NULL OR {column} >= {RELEVANT})"


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
    where, params = (period or Period()).sql("edate")
    where = f"({where}) AND (confidence IS NULL OR confidence >= ?)"
    if relevant_only:
        where += f" AND {relevant_sql()}"
    params = [*params, confidence_floor(min_confidence)]
    if place is not None and place.active:
        place_sql, place_params = place.sql()
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


def stances(
    con: duckdb.DuckDBPyConnection, period: Period | None = None, relevant_only: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """Stances dated by their document's published date (with ``relevant_only``, only those
    in sentences on the pack's topic)."""
    where, params = (period or Period()).sql("edate")
    if relevant_only:
        where = f"({where}) AND {relevant_sql()}"
    sql = f"""
        SELECT * FROM (
            SELECT s.doc_id, s.idx, s.holder, s.target, s.polarity, s.quote, s.start_char,
                   s.end_char, s.basis, d.outlet, d.title, d.published,
                   {full_date("d.published")} AS edate, {relevance_of("s")} AS relevance
            FROM stances s JOIN documents d USING (doc_id)
        ) WHERE {where}"""
    return con.execute(sql, params).df()


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
    try:
        row = con.execute(
            "SELECT json_extract_string(r.settings, '$.pack') AS pack, count(*) AS n "
            "FROM documents d JOIN runs r USING (run_id) GROUP BY 1 HAVING pack IS NOT NULL "
            "ORDER BY n DESC, pack LIMIT 1"
        ).fetchone()
    except duckdb.Error:  # a hand-made store without runs
        row = None
    return row[0] if row else DEFAULT_PACK


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
        for actor_id, name in con.execute(
            "SELECT actor_id, any_value(name) FROM actors WHERE actor_id IS NOT NULL GROUP BY 1"
        ).fetchall()
        if name and name != actor_id
    }
    return {**_pack_names(store_pack(con)), **stored}


def display(actor_id: str | None, names: dict[str, str]) -> str:
    if not actor_id:
        return "—"
    name = names.get(actor_id)
    return name if name and name != actor_id else actor_name(actor_id)
