"""Queries behind the dashboard's pages and API: the in-memory page indexes built at start, the
event and document lists (filters, sorting, pagination), actors in a window, where an archive
entry is invoked, the filters' choices, a story's other copies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from flashpoint.store.queries import actors as actor_queries
from flashpoint.store.queries import events as event_queries
from flashpoint.store.queries.common import (
    EVENT_DATE,
    OWN_DATE,
    PUBLISHED,
    Window,
    has_stories,
    rows,
    within,
)

# a document ``d``'s title, else the first line of its text
TITLE = "COALESCE(d.title, left(split_part(trim(d.text), chr(10), 1), 90))"

# sort keys the pages and the API accept, and the columns they order by
EVENT_SORTS = {"date": "x.edate", "type": "x.type", "source": "x.source", "target": "x.target",
               "status": "x.status", "confidence": "x.confidence", "outlet": "x.outlet",
               "country": "x.outlet_country"}  # fmt: skip
DOC_SORTS = {"published": "pdate", "title": "lower(title)", "outlet": "lower(outlet)",
             "country": "outlet_country", "events": "events",
             "recommendations": "recommendations", "references": '"references"',
             "topic": "topic"}  # fmt: skip


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding the page indexes, with the store at ``path`` attached
    read-only as ``store`` (duckdb.Error when it cannot be read)."""
    con = duckdb.connect()
    try:
        target = str(path.resolve()).replace("'", "''")
        con.execute(f"ATTACH '{target}' AS store (READ_ONLY)")
        con.execute("USE store")
        build_indexes(con)
        # requests are many and small: one thread per query serves them better than
        # parallel plans contending for the same cores
        con.execute("SET threads TO 1")
    except duckdb.Error:
        con.close()
        raise
    return con


def use_store(cur: Any) -> None:
    """Make the attached store the cursor's default database."""
    cur.execute("USE store")


# each document's number of sources: the distinct outlets of its story (1 when unfolded)
_SOURCES_JOIN = """LEFT JOIN (SELECT s.doc_id, s.hash, n.n_sources FROM doc_stories s
    JOIN stories n USING (story_id)) st ON st.doc_id = d.doc_id AND st.hash = d.hash"""


def build_indexes(con: Any) -> None:
    """In-memory tables the list pages read: events in page order with their effective date,
    their document's outlet and number of sources, and one row per document with its
    stand-in title and item counts. Built once at start; the store is read-only while the
    dashboard runs, so they never go stale. Event columns carry the names
    ``events.event_where`` filters on, and the document's title, so a page needs no join."""
    sources, join = ("COALESCE(st.n_sources, 1)", _SOURCES_JOIN) if has_stories(con) else ("1", "")
    con.execute(
        f"""CREATE OR REPLACE TABLE memory.main.event_index AS
            SELECT row_number() OVER (ORDER BY edate DESC NULLS LAST, doc_id, idx) AS pos, * FROM (
                SELECT e.doc_id, e.idx, e.type, e.source, e.target,
                       COALESCE(e.status, 'asserted') AS status, {EVENT_DATE} AS edate,
                       {OWN_DATE} AS own_date,
                       left(e.quote, 400) AS quote, e.confidence, d.outlet, d.outlet_country,
                       {TITLE} AS title, {sources} AS n_sources, e.location_name,
                       e.location_id, e.location_lat, e.location_lon, e.location_admin1
                FROM events e JOIN documents d USING (doc_id) {join})
            ORDER BY pos"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE memory.main.doc_index AS
            SELECT d.doc_id, {TITLE} AS title, d.author, d.outlet, d.outlet_country, d.published,
                   {PUBLISHED} AS pdate,
                   COALESCE(e.n, 0) AS events, COALESCE(r.n, 0) AS recommendations,
                   COALESCE(f.n, 0) AS "references", d.relevance AS topic
            FROM documents d
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM events GROUP BY 1) e USING (doc_id)
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM recommendations GROUP BY 1) r USING (doc_id)
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM doc_references GROUP BY 1) f USING (doc_id)"""
    )


def _order(column: str, order: str, tie: str) -> str:
    return f"{column} {'DESC' if order == 'desc' else 'ASC'} NULLS LAST, {tie}"


def event_page(
    con: Any, query: event_queries.Filters, page: int, per_page: int, sort: str, order: str,
) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    """How many events match ``query``, and one page of them (newest first unless sorted on
    another of ``EVENT_SORTS``)."""
    where, params = event_queries.event_where(query)
    total = con.execute(
        f"SELECT count(*) FROM memory.event_index x WHERE {where}", params
    ).fetchone()[0]
    offset = (page - 1) * per_page
    if (sort, order) == ("date", "desc"):
        ordering = "x.pos"
    else:
        ordering = _order(EVENT_SORTS[sort], order, "x.pos" if order == "desc" else "x.pos DESC")
    if params or ordering != "x.pos":
        window = (
            f"SELECT * FROM memory.event_index x WHERE {where} ORDER BY {ordering} LIMIT ? OFFSET ?"
        )
        window_params = [*params, per_page, offset]
    else:  # unfiltered, in page order: positions are consecutive, so a page is a range
        window = "SELECT * FROM memory.event_index WHERE pos > ? AND pos <= ?"
        window_params = [offset, offset + per_page]
    items = rows(
        con,
        f"""SELECT x.doc_id, x.idx, x.type, x.source, x.target, x.status, x.quote, x.confidence,
                   x.edate AS date, x.own_date, x.outlet, x.outlet_country, x.title, x.n_sources,
                   x.location_name
            FROM ({window}) x ORDER BY {ordering}""",
        window_params,
    )
    return total, items


def story_copies(con: Any, doc_id: str) -> list[dict[str, Any]]:
    """The other documents of ``doc_id``'s story (its near-duplicates in other outlets, see
    ingest/dedupe.py), oldest first; none when it was not folded with any."""
    if not has_stories(con):
        return []
    return rows(
        con,
        f"""SELECT d.doc_id, {TITLE} AS title, d.outlet, d.outlet_country, d.published
            FROM doc_stories me
            JOIN documents md ON md.doc_id = me.doc_id AND md.hash = me.hash
            JOIN doc_stories s ON s.story_id = me.story_id AND s.doc_id <> me.doc_id
            JOIN documents d ON d.doc_id = s.doc_id AND d.hash = s.hash
            WHERE me.doc_id = ?
            ORDER BY d.published NULLS LAST, d.doc_id""",
        [doc_id],
    )


def _doc_where(q: str | None, period: Window, country: str | None,
               ranked: list[str]) -> tuple[str, list]:  # fmt: skip
    parts, params = [], []
    if q:
        like = f"%{q}%"
        parts.append("(title ILIKE ? OR outlet ILIKE ? OR author ILIKE ? OR doc_id = ? "
                     "OR list_contains(?::VARCHAR[], doc_id))")  # fmt: skip
        params += [like, like, like, q, ranked]
    if country:
        parts.append("outlet_country = ?")
        params.append(country)
    date_sql, date_params = within(period, "pdate")
    if date_params:
        parts.append(date_sql)
        params += date_params
    return " AND ".join(parts) or "TRUE", params


def document_page(
    con: Any, q: str | None, ranked: list[str], period: Window, country: str | None,
    sort: str, order: str, page: int, per_page: int, everything: bool = False,
) -> tuple[int, list[dict[str, Any]]]:  # fmt: skip
    """How many documents match, and one page of them (``everything``: all on one page).
    ``q`` matches the title, outlet and author, the id, or any of the ``ranked`` ids (what
    the full-text search found); sorted on ``DOC_SORTS`` or, with ``relevance``, ranked
    documents first in rank order, the other matches newest first after them."""
    where, params = _doc_where(q, period, country, ranked)
    total = con.execute(f"SELECT count(*) FROM memory.doc_index WHERE {where}", params).fetchone()[0]
    if sort == "relevance":  # ranked documents first, in rank order; metadata matches after
        ordering, order_params = "COALESCE(list_position(?::VARCHAR[], doc_id), 1e9), pdate DESC, doc_id", [ranked]
    else:
        ordering, order_params = _order(DOC_SORTS[sort], order, "doc_id"), []
    limit = "" if everything else "LIMIT ? OFFSET ?"
    items = rows(
        con,
        f"""SELECT * EXCLUDE (pdate) FROM memory.doc_index WHERE {where}
            ORDER BY {ordering} {limit}""",
        [*params, *order_params] + ([] if everything else [per_page, (page - 1) * per_page]),
    )
    return total, items


def actor_activity(con: Any, period: Window) -> list[dict[str, Any]]:
    """Per actor: mentions and documents (documents published in the window; the count of
    ``actors.counts_sql``) and events as source and as target (events dated in the window),
    most mentioned first."""
    doc_sql, doc_params = within(period, PUBLISHED)
    event_sql, event_params = within(period, "edate")
    return rows(
        con,
        f"""WITH m AS ({actor_queries.counts_sql(doc_sql)}),
                x AS (SELECT * FROM memory.event_index WHERE {event_sql}),
                s AS (SELECT source AS actor_id, count(*) AS as_source FROM x
                      WHERE source IS NOT NULL GROUP BY 1),
                t AS (SELECT target AS actor_id, count(*) AS as_target FROM x
                      WHERE target IS NOT NULL GROUP BY 1)
           SELECT actor_id, COALESCE(m.mentions, 0) AS mentions, COALESCE(m.documents, 0) AS documents,
                  COALESCE(s.as_source, 0) AS as_source, COALESCE(t.as_target, 0) AS as_target
           FROM m FULL JOIN s USING (actor_id) FULL JOIN t USING (actor_id)
           WHERE actor_id IS NOT NULL
           ORDER BY mentions DESC, as_source + as_target DESC, actor_id""",
        [*doc_params, *event_params],
    )


def reference_mentions(
    con: Any, ref_id: str, period: Window, country: str | None = None, limit: int = 500,
) -> list[dict[str, Any]]:  # fmt: skip
    """Where an archive entry is invoked (documents published in the window, of a country)."""
    date_sql, date_params = within(period, "date")
    return rows(
        con,
        f"""SELECT * FROM (
                SELECT r.doc_id, r.idx, r.quote, r.method, d.title,
                       COALESCE(d.outlet, d.author) AS outlet, d.outlet_country,
                       {PUBLISHED} AS date
                FROM doc_references r JOIN documents d USING (doc_id)
                WHERE r.ref_id = ? AND (CAST(? AS VARCHAR) IS NULL OR d.outlet_country = ?))
            WHERE {date_sql} ORDER BY date NULLS LAST, doc_id, idx LIMIT ?""",
        [ref_id, country, country, *date_params, limit],
    )


def filter_choices(con: Any) -> dict[str, Any]:
    """What the filters can offer from the store: actor ids (of actors and of events' sources
    and targets), the first and last publication dates, outlets and outlet countries."""
    ids = [r[0] for r in con.execute(
        """SELECT actor_id FROM (SELECT actor_id FROM actors UNION SELECT source FROM events
                                 UNION SELECT target FROM events)
           WHERE actor_id IS NOT NULL ORDER BY 1""").fetchall()]  # fmt: skip
    first, last = con.execute("SELECT min(pdate), max(pdate) FROM memory.doc_index").fetchone()
    outlets = con.execute(
        "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1"
    ).fetchall()
    countries = con.execute(
        "SELECT DISTINCT outlet_country FROM documents WHERE outlet_country IS NOT NULL ORDER BY 1"
    ).fetchall()
    return {"actors": ids, "first": first, "last": last, "outlets": [r[0] for r in outlets],
            "countries": [r[0] for r in countries]}  # fmt: skip


def documents_per_side(con: Any, sides: tuple[str, str], period: Window) -> dict[str, int]:
    """Documents per outlet country of ``sides`` published in the window."""
    date_sql, date_params = within(period, "pdate")
    found = con.execute(
        f"""SELECT outlet_country, count(*) FROM memory.doc_index
            WHERE outlet_country IN (?, ?) AND {date_sql} GROUP BY 1""",
        [*sides, *date_params],
    ).fetchall()
    return {side: dict(found).get(side, 0) for side in sides}


def document_text(con: Any, doc_id: str) -> str | None:
    """A stored document's text."""
    return con.execute("SELECT text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0]
