"""Queries over the extracted items the analyses and the discourse verbs read: sentences,
mentions, recommendations, archive references, frames, and the overview's counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flashpoint.store.queries.common import (
    EVENT_DATE,
    PUBLISHED,
    Window,
    full_date,
    relevance_of,
    relevant,
    rows,
    within,
)

if TYPE_CHECKING:
    import pandas as pd

# who invokes an archive entry, by the grouping asked for
SPEAKERS = {"outlet": "COALESCE(d.outlet, d.author, d.outlet_country, 'unknown')",
            "author": "COALESCE(d.author, d.outlet, 'unknown')",
            "country": "COALESCE(d.outlet_country, 'unknown')"}  # fmt: skip


def _on_topic(period: Window | None, relevant_only: bool) -> tuple[str, list[str]]:
    where, params = within(period, "edate")
    return (f"({where}) AND {relevant()}" if relevant_only else where), params


def sentence_frame(con: Any, period: Window | None, relevant_only: bool) -> pd.DataFrame:
    """Stored sentences dated by their document's published date (with ``relevant_only``,
    only those on the topic)."""
    where, params = _on_topic(period, relevant_only)
    return con.execute(
        f"""SELECT * FROM (
            SELECT s.doc_id, s.idx, s.start_char, s.end_char, s.text, s.relevance,
                   {PUBLISHED} AS edate
            FROM sentences s JOIN documents d USING (doc_id)) WHERE {where}""",
        params,
    ).df()


def speaker_mentions(con: Any, expected: list[str]) -> pd.DataFrame:
    """Mentions of the documents that name one of the ``expected`` actors, in document and
    offset order."""
    return con.execute(
        "SELECT doc_id, start_char, end_char, actor_id FROM mentions WHERE actor_id IS NOT NULL "
        "AND doc_id IN (SELECT doc_id FROM mentions WHERE actor_id IN (SELECT unnest(?))) "
        "ORDER BY doc_id, start_char", [expected],
    ).df()  # fmt: skip


def recommendation_frame(
    con: Any, period: Window | None = None, relevant_only: bool = False
) -> pd.DataFrame:
    """Recommendations with their document's title, outlet, author and date (``edate``) and
    their relevance, in date order (undated last)."""
    where, params = _on_topic(period, relevant_only)
    return con.execute(
        f"""SELECT * FROM (
            SELECT r.doc_id, r.idx, r.addressee, r.action, r.quote, r.start_char, r.end_char,
                   r.confidence, r.speaker, d.title, d.outlet, d.author, d.published,
                   {PUBLISHED} AS edate,
                   {relevance_of("r")} AS relevance
            FROM recommendations r JOIN documents d USING (doc_id)) WHERE {where}
            ORDER BY edate NULLS LAST, doc_id, idx""",
        params,
    ).df()


def reference_frame(con: Any, period: Window | None = None, by: str = "outlet") -> pd.DataFrame:
    """Archive references with who invoked them (``speaker``, grouped ``by`` outlet, author
    or country) and their document's date (``edate``)."""
    if by not in SPEAKERS:
        raise ValueError(f"unknown grouping '{by}' (choose from {', '.join(SPEAKERS)})")
    where, params = within(period, "edate")
    return con.execute(
        f"""SELECT * FROM (
            SELECT r.doc_id, r.idx, r.ref_id, r.quote, r.start_char, r.end_char, r.method,
                   d.title, {SPEAKERS[by]} AS speaker, {PUBLISHED} AS edate
            FROM doc_references r JOIN documents d USING (doc_id)) WHERE {where}""",
        params,
    ).df()


def frame_ranks(con: Any, period: Window | None = None) -> pd.DataFrame:
    """Each document's frames with its outlet, date (``edate``) and the frame's rank in the
    document (1: the highest score)."""
    where, params = within(period, "edate")
    return con.execute(
        f"""SELECT * FROM (
            SELECT f.doc_id, f.frame_id, f.score,
                   COALESCE(d.outlet, d.author, d.outlet_country, 'unknown') AS outlet,
                   {PUBLISHED} AS edate,
                   row_number() OVER (PARTITION BY f.doc_id ORDER BY f.score DESC, f.frame_id) AS rank
            FROM frames f JOIN documents d USING (doc_id) WHERE f.sentence IS NULL)
            WHERE {where}""",
        params,
    ).df()


def overview(con: Any, period: Window | None = None) -> dict[str, Any]:
    """Sizes of the store (or of a date window: documents by published date, events by their
    date, the other items by their document's), its date range and the 15 most mentioned
    actors as (actor_id, mentions, documents)."""
    doc_where, doc_params = within(period, PUBLISHED)
    docs = f"(SELECT * FROM documents d WHERE {doc_where})"
    event_where, event_params = within(period, EVENT_DATE)
    one = lambda sql, params=doc_params: con.execute(sql, params).fetchone()[0]  # noqa: E731
    first, last = con.execute(
        f"SELECT min(x), max(x) FROM (SELECT {full_date('published')} AS x FROM {docs})",
        doc_params,
    ).fetchone()
    top = con.execute(
        f"SELECT actor_id, sum(mentions) AS m, count(DISTINCT doc_id) AS d FROM actors "
        f"WHERE doc_id IN (SELECT doc_id FROM {docs}) GROUP BY 1 ORDER BY m DESC, actor_id LIMIT 15",
        doc_params,
    ).fetchall()
    events = f"events e JOIN documents d USING (doc_id) WHERE {event_where}"
    statuses = dict(
        con.execute(
            f"SELECT COALESCE(e.status, 'asserted'), count(*) FROM {events} GROUP BY 1",
            event_params,
        ).fetchall()
    )
    in_docs = f"WHERE doc_id IN (SELECT doc_id FROM {docs})"
    return {
        "documents": one(f"SELECT count(*) FROM {docs}"),
        "events": one(f"SELECT count(*) FROM {events}", event_params),
        "events_by_status": statuses,
        "stances": one(f"SELECT count(*) FROM stances {in_docs}"),
        "recommendations": one(f"SELECT count(*) FROM recommendations {in_docs}"),
        "references": one(f"SELECT count(*) FROM doc_references {in_docs}"),
        "actors": one(f"SELECT count(DISTINCT actor_id) FROM actors {in_docs}"),
        "outlets": one(f"SELECT count(DISTINCT COALESCE(outlet, author)) FROM {docs}"),
        "first": first, "last": last, "top_actors": top,
    }  # fmt: skip


# -- the discourse verbs' lists ----------------------------------------------------------------
REFERENCES_SQL = """
SELECT r.ref_id, r.quote, r.method, r.start_char, r.end_char, d.doc_id, d.title, d.outlet,
       d.outlet_country, d.author, d.published
FROM doc_references r JOIN documents d USING (doc_id)
{where}
ORDER BY r.ref_id, d.published NULLS LAST, d.doc_id, r.start_char
"""
RECOMMENDATIONS_SQL = """
SELECT r.addressee, r.action, r.quote, r.confidence, r.speaker, r.start_char, r.end_char,
       d.doc_id, d.title, d.outlet, d.outlet_country, d.author, d.published
FROM recommendations r JOIN documents d USING (doc_id)
{where}
ORDER BY d.published NULLS LAST, d.doc_id, r.start_char
"""


def reference_list(con: Any, ref_id: str | None = None) -> list[dict[str, Any]]:
    """Every archive reference (of ``ref_id`` only, when given) with its document's fields,
    by entry and date."""
    where, params = ("WHERE r.ref_id = ?", [ref_id]) if ref_id else ("", [])
    return rows(con, REFERENCES_SQL.format(where=where), params)


def recommendation_list(con: Any, addressee: str | None = None) -> list[dict[str, Any]]:
    """Every recommendation (to ``addressee`` only, when given) with its document's fields,
    in date order."""
    where, params = ("WHERE r.addressee = ?", [addressee]) if addressee else ("", [])
    return rows(con, RECOMMENDATIONS_SQL.format(where=where), params)

