"""Actor queries: the one count of mentions and documents per acting party that
``flashpoint actors``, the dashboard and the report show, the stored names, example mentions,
and the pack a store was analysed with."""

from __future__ import annotations

from typing import Any

import duckdb

from flashpoint.store.queries.common import rows


def counts_sql(doc_where: str = "true") -> str:
    """Mentions and documents per acting party, from the ``actors`` table (the records' actor
    lists) over the documents matching ``doc_where`` (a condition on ``d``)."""
    return f"""SELECT a.actor_id, sum(a.mentions) AS mentions, count(DISTINCT a.doc_id) AS documents
               FROM actors a JOIN documents d USING (doc_id) WHERE {doc_where} GROUP BY 1"""


# every acting party with its counts and the sector its mentions name most
ACTORS_SQL = f"""
SELECT c.actor_id, c.mentions, c.documents, s.sector
FROM ({counts_sql()}) c
LEFT JOIN (SELECT actor_id, mode(sector) AS sector FROM mentions
           WHERE NOT coalesce(is_place, false) GROUP BY 1) s USING (actor_id)
ORDER BY c.mentions DESC, c.actor_id
"""
# the first two mentions (by document and offset) of each of the given actors
EXAMPLES_SQL = """
SELECT actor_id, doc_id, text, start_char, end_char, sentence FROM (
    SELECT m.*, row_number() OVER (PARTITION BY m.actor_id ORDER BY m.doc_id, m.start_char) AS n
    FROM mentions m
    WHERE NOT coalesce(m.is_place, false) AND m.actor_id IN (SELECT unnest(?))
) WHERE n <= 2
"""
SENTENCE_SQL = "SELECT text, start_char FROM sentences WHERE doc_id = ? AND idx = ?"
# the report's actor table: every actor over the whole store
TOTALS_SQL = """SELECT actor_id, sum(mentions) AS mentions, count(DISTINCT doc_id) AS documents
FROM actors WHERE actor_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"""
NAMES_SQL = "SELECT actor_id, any_value(name) FROM actors WHERE actor_id IS NOT NULL GROUP BY 1"
# the pack most of the store's documents were analysed with (each run records its settings)
PACK_SQL = """SELECT json_extract_string(r.settings, '$.pack') AS pack, count(*) AS n
FROM documents d JOIN runs r USING (run_id) GROUP BY 1 HAVING pack IS NOT NULL
ORDER BY n DESC, pack LIMIT 1"""


def actor_table(con: Any) -> list[dict[str, Any]]:
    """One row per acting party (actor_id, mentions, documents, sector), most mentioned first."""
    return rows(con, ACTORS_SQL)


def examples(con: Any, actor_ids: list[str]) -> list[dict[str, Any]]:
    """The first two mentions of each actor: actor_id, doc_id, text, offsets, sentence index."""
    return rows(con, EXAMPLES_SQL, [actor_ids])


def sentence(con: Any, doc_id: str, idx: int) -> tuple[str, int] | None:
    """A stored sentence's text and start offset, None when there is no such sentence."""
    return con.execute(SENTENCE_SQL, [doc_id, idx]).fetchone()


def totals(con: Any) -> list[tuple[str, int, int]]:
    """(actor_id, mentions, documents) of every actor, most mentioned first."""
    return con.execute(TOTALS_SQL).fetchall()


def stored_names(con: Any) -> list[tuple[str, str | None]]:
    """(actor_id, a name stored with it) of every stored actor."""
    return con.execute(NAMES_SQL).fetchall()


def main_pack(con: Any) -> str | None:
    """The pack most of the store's documents were analysed with; None when the runs do not
    say (or a hand-made store has no runs)."""
    try:
        row = con.execute(PACK_SQL).fetchone()
    except duckdb.Error:  # a hand-made store without runs
        row = None
    return row[0] if row else None
