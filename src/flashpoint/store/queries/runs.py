"""Queries about runs and the documents they stored: what ``flashpoint stats`` counts, what
``flashpoint analyze`` sums up after a run, and the stored texts near-duplicate folding
compares."""

from __future__ import annotations

from typing import Any

from flashpoint.store.queries.common import rows

# a run still marked running was killed (no writer holds the store while it is read)
RUNS_SQL = """SELECT count(*) AS runs,
count(*) FILTER (status IN ('interrupted', 'running')) AS interrupted FROM runs"""
PROBLEMS_SQL = "SELECT count(*) AS n FROM ingest_errors"
IDS_OF_HASHES_SQL = "SELECT doc_id FROM documents WHERE hash IN (SELECT unnest(?))"
# what a run's summary counts over its documents: (what, table)
SUMMARY = {"documents": ("count(*)", "documents"),
           "actors": ("count(DISTINCT actor_id)", "actors"),
           "events": ("count(*)", "events"),
           "recommendations": ("count(*)", "recommendations"),
           "references": ("count(*)", "doc_references")}  # fmt: skip
SUMMARY_SQL = "SELECT {what} AS n FROM {table} WHERE doc_id IN (SELECT unnest(?))"
TEXTS_SQL = "SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT unnest(?))"
HASHED_TEXTS_SQL = "SELECT doc_id, hash, text FROM documents WHERE doc_id IN (SELECT unnest(?))"
NO_SIDE_TEXTS_SQL = """SELECT doc_id, text FROM documents
WHERE doc_id IN (SELECT unnest(?)) AND outlet_country IS NULL"""


def run_counts(con: Any) -> dict[str, int]:
    """Runs recorded (``runs``) and those that did not finish (``interrupted``, a run still
    marked running included)."""
    return rows(con, RUNS_SQL)[0]


def problem_count(con: Any) -> int:
    """Problems (unreadable inputs, failed documents) logged by the runs."""
    return rows(con, PROBLEMS_SQL)[0]["n"]


def doc_ids_of_hashes(con: Any, hashes: list[str]) -> list[str]:
    """Stored document ids of the given text hashes."""
    return [row["doc_id"] for row in rows(con, IDS_OF_HASHES_SQL, [hashes])]


def summary(con: Any, doc_ids: list[str]) -> dict[str, int]:
    """Documents, distinct actors, events, recommendations and references of ``doc_ids``."""
    return {name: rows(con, SUMMARY_SQL.format(what=what, table=table), [doc_ids])[0]["n"]
            for name, (what, table) in SUMMARY.items()}  # fmt: skip


def texts(con: Any, doc_ids: list[str]) -> dict[str, str]:
    """Stored texts by document id."""
    return {r["doc_id"]: r["text"] for r in rows(con, TEXTS_SQL, [doc_ids])}


def hashed_texts(con: Any, doc_ids: list[str]) -> list[dict[str, Any]]:
    """doc_id, hash and text of the given documents."""
    return rows(con, HASHED_TEXTS_SQL, [doc_ids])


def texts_without_side(con: Any, doc_ids: list[str]) -> dict[str, str]:
    """Stored texts of the documents whose writer's side (``outlet_country``) is unknown."""
    return {r["doc_id"]: r["text"] for r in rows(con, NO_SIDE_TEXTS_SQL, [doc_ids])}
