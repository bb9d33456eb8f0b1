"""Queries behind the document views (report and dashboard) and the report's own sections:
documents with their extracted items, the texts to include, titles, the two-sides
comparison."""

from __future__ import annotations

from typing import Any

from flashpoint.store.queries.common import dicts

DOCUMENTS_SQL = (
    "SELECT doc_id, title, author, outlet, outlet_country, published, url, source_path, "
    "language, text FROM documents {where} ORDER BY published NULLS LAST, doc_id"
)
# each kind of item a document view anchors (events, stances, recommendations, references)
ITEMS_SQL = {
    "ev": "SELECT doc_id, idx, start_char, end_char, type, source, target, status, date, quote "
          "FROM events",
    "st": "SELECT doc_id, idx, start_char, end_char, holder, target, polarity, basis, quote FROM stances",
    "rec": "SELECT doc_id, idx, start_char, end_char, addressee, action, speaker, quote "
           "FROM recommendations",
    "ref": "SELECT doc_id, idx, start_char, end_char, ref_id, method, quote FROM doc_references",
}  # fmt: skip
IN_DOCUMENTS = "WHERE doc_id IN (SELECT unnest(?))"
# documents by their number of events (most first), with the length of their text
BY_EVENTS_SQL = """SELECT d.doc_id, length(any_value(d.text)) FROM documents d LEFT JOIN events e
USING (doc_id) GROUP BY 1 ORDER BY count(e.idx) DESC, 1"""
SPANS_SQL = """SELECT doc_id, 'ev' AS kind, idx, start_char, end_char FROM events UNION ALL
SELECT doc_id, 'st', idx, start_char, end_char FROM stances ORDER BY 1, 2, 3"""
# what a stand-in title is derived from (the text only where no title is stored)
TITLE_FIELDS_SQL = """SELECT doc_id, title, author, outlet, outlet_country, published, source_path,
language, CASE WHEN title IS NULL THEN left(text, 2000) END AS text FROM documents"""


def _in(doc_ids: list[str] | None) -> tuple[str, list[Any]]:
    return (IN_DOCUMENTS, [doc_ids]) if doc_ids is not None else ("", [])


def documents(con: Any, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The given documents (all when None) with their text, oldest first."""
    where, params = _in(doc_ids)
    return dicts(con.execute(DOCUMENTS_SQL.format(where=where), params))


def items(con: Any, kind: str, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The items of one ``kind`` of ``ITEMS_SQL`` of the given documents (all when None), by
    document and position."""
    where, params = _in(doc_ids)
    return dicts(con.execute(f"{ITEMS_SQL[kind]} {where} ORDER BY doc_id, idx", params))


def documents_by_events(con: Any) -> list[tuple[str, int | None]]:
    """(doc_id, characters of text) of every document, most events first."""
    return con.execute(BY_EVENTS_SQL).fetchall()


def event_and_stance_spans(con: Any) -> list[tuple[str, str, int, int | None, int | None]]:
    """(doc_id, 'ev' or 'st', idx, start_char, end_char) of every event and stance."""
    return con.execute(SPANS_SQL).fetchall()


def title_fields(con: Any) -> list[dict[str, Any]]:
    """Per document, the fields a display title is derived from."""
    return dicts(con.execute(TITLE_FIELDS_SQL))


# -- two sides compared --------------------------------------------------------------------
SIDE_EVENTS_SQL = """
SELECT d.outlet_country AS side, e.type, e.source, e.target,
       COALESCE(e.status, 'asserted') AS status, e.doc_id, e.idx, e.quote
FROM events e JOIN documents d USING (doc_id)
WHERE d.outlet_country IN (?, ?) AND ((e.source = ? AND e.target = ?) OR (e.source = ? AND e.target = ?))
ORDER BY d.published NULLS LAST, e.doc_id, e.idx"""
SIDE_REFERENCES_SQL = """
SELECT d.outlet_country AS side, r.ref_id, r.doc_id, r.idx, r.quote
FROM doc_references r JOIN documents d USING (doc_id)
WHERE d.outlet_country IN (?, ?)
ORDER BY d.published NULLS LAST, r.doc_id, r.idx"""
SIDE_DOCUMENTS_SQL = """SELECT outlet_country, count(*) FROM documents
WHERE outlet_country IN (?, ?) GROUP BY 1"""


def side_events(con: Any, sides: tuple[str, str], dyad: tuple[str, str]) -> list[dict[str, Any]]:
    """Events between the dyad's two actors (either way) in documents of either side's outlet
    country, with the side, in publication order."""
    a, b = dyad
    return dicts(con.execute(SIDE_EVENTS_SQL, [*sides, a, b, b, a]))


def side_references(con: Any, sides: tuple[str, str]) -> list[dict[str, Any]]:
    """Archive references in documents of either side's outlet country, with the side."""
    return dicts(con.execute(SIDE_REFERENCES_SQL, list(sides)))


def side_documents(con: Any, sides: tuple[str, str]) -> dict[str, int]:
    """Documents per side (outlet country); a side without any is left out."""
    return dict(con.execute(SIDE_DOCUMENTS_SQL, list(sides)).fetchall())
