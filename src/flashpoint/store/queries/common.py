"""SQL pieces the read-side queries share: dates, date windows, stories, topic relevance, and
turning a cursor into rows."""

from __future__ import annotations

from typing import Any, Protocol

from flashpoint.relevance import RELEVANT


class Window(Protocol):
    """A date window (``analysis.source.Period``): inclusive YYYY-MM-DD bounds, either open."""

    @property
    def since(self) -> str | None: ...

    @property
    def until(self) -> str | None: ...


def full_date(expr: str) -> str:
    """SQL turning an ISO date, year-month or year into YYYY-MM-DD (NULL when absent)."""
    return (
        f"CASE WHEN {expr} IS NULL OR length(trim({expr})) < 4 THEN NULL "
        f"WHEN length(trim({expr})) = 4 THEN trim({expr}) || '-01-01' "
        f"WHEN length(trim({expr})) = 7 THEN trim({expr}) || '-01' "
        f"ELSE substr(trim({expr}), 1, 10) END"
    )


# a document ``d``'s published date as YYYY-MM-DD
PUBLISHED = full_date("d.published")
# an event ``e``'s effective date: its own, else its document ``d``'s published date
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
STORY_TABLES = """SELECT count(*) FROM information_schema.tables
    WHERE table_name IN ('doc_stories', 'stories')"""


def has_stories(con: Any) -> bool:
    """Whether the store keeps folded stories (stores from before them do not)."""
    return con.execute(STORY_TABLES).fetchone()[0] == 2


def within(window: Window | None, column: str) -> tuple[str, list[str]]:
    """A WHERE fragment keeping ``column`` inside the window (``TRUE`` when it is open) and
    its parameters."""
    parts, params = [], []
    if window is not None and window.since:
        parts.append(f"{column} >= ?")
        params.append(window.since)
    if window is not None and window.until:
        parts.append(f"{column} <= ?")
        params.append(window.until)
    return (" AND ".join(parts) or "TRUE"), params


def relevance_of(alias: str) -> str:
    """SQL for the relevance of an item ``alias`` (doc_id, start_char, end_char): the best
    score of the stored sentences it overlaps (NULL when they were not scored)."""
    return (f"(SELECT max(rs.relevance) FROM sentences rs WHERE rs.doc_id = {alias}.doc_id "
            f"AND rs.start_char < {alias}.end_char AND rs.end_char > {alias}.start_char)")  # fmt: skip


def relevant(column: str = "relevance") -> str:
    """A WHERE fragment keeping items on the topic (unscored items always count)."""
    return f"({column} IS NULL OR {column} >= {RELEVANT})"


def dicts(cursor: Any) -> list[dict[str, Any]]:
    """The cursor's remaining rows as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rows(con: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """``sql`` run with ``params``, as dicts."""
    return dicts(con.execute(sql, params or []))
