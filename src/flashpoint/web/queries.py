"""Parameterised queries behind the dashboard pages and the API (lists, filters, pagination)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flashpoint.analysis import source
from flashpoint.document import PLOVER_TYPES, STATUSES

EVENT_DATE = source.EVENT_DATE


TITLE = "COALESCE(d.title, left(split_part(trim(d.text), chr(10), 1), 90))"


def build_indexes(con) -> None:
    """In-memory tables the list pages read: events in page order with their effective date,
    and one row per document with its stand-in title and item counts. Built once at start;
    the store is read-only while the dashboard runs, so they never go stale."""
    con.execute(
        f"""CREATE OR REPLACE TABLE memory.main.event_index AS
            SELECT row_number() OVER (ORDER BY date DESC NULLS LAST, doc_id, idx) AS pos, * FROM (
                SELECT e.doc_id, e.idx, e.type, e.source, e.target,
                       COALESCE(e.status, 'asserted') AS status, {EVENT_DATE} AS date,
                       left(e.quote, 400) AS quote, e.confidence
                FROM events e JOIN documents d USING (doc_id))
            ORDER BY pos"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE memory.main.doc_index AS
            SELECT d.doc_id, {TITLE} AS title, d.author, d.outlet, d.outlet_country, d.published,
                   COALESCE(e.n, 0) AS events, COALESCE(r.n, 0) AS recommendations,
                   COALESCE(f.n, 0) AS "references"
            FROM documents d
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM events GROUP BY 1) e USING (doc_id)
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM recommendations GROUP BY 1) r USING (doc_id)
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM doc_references GROUP BY 1) f USING (doc_id)"""
    )


def rows(con, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


@dataclass
class EventFilter:
    actor: str | None = None  # source or target
    source: str | None = None
    target: str | None = None
    type: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None
    period: source.Period = field(init=False)

    def __post_init__(self) -> None:
        for name in ("actor", "source", "target", "type", "status", "since", "until", "doc_id"):
            value = getattr(self, name)
            setattr(self, name, value.strip() if isinstance(value, str) and value.strip() else None)
        if self.type and self.type.upper() not in PLOVER_TYPES:
            raise ValueError(f"unknown event type '{self.type}'")
        if self.status and self.status not in STATUSES:
            raise ValueError(f"unknown status '{self.status}' (choose from {', '.join(STATUSES)})")
        self.type = self.type.upper() if self.type else None
        self.period = source.Period.parse(self.since, self.until)

    def where(self) -> tuple[str, list[Any]]:
        parts, params = [], []
        if self.actor:
            parts.append("(x.source = ? OR x.target = ?)")
            params += [self.actor, self.actor]
        for column in ("source", "target", "type", "doc_id"):
            value = getattr(self, column)
            if value:
                parts.append(f"x.{column} = ?")
                params.append(value)
        if self.status:
            parts.append("x.status = ?")
            params.append(self.status)
        date_sql, date_params = self.period.sql("x.date")
        if date_params:
            parts.append(date_sql)
            params += date_params
        return (" AND ".join(parts) or "TRUE"), params

    def query_args(self) -> dict[str, str]:
        names = ("actor", "source", "target", "type", "status", "since", "until", "doc_id")
        return {k: getattr(self, k) for k in names if getattr(self, k)}


def events_page(con, flt: EventFilter, page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """One page of events, newest first, with the total count for the filter."""
    where, params = flt.where()
    total = con.execute(
        f"SELECT count(*) FROM memory.event_index x WHERE {where}", params
    ).fetchone()[0]
    offset = (page - 1) * per_page
    if params:
        window = f"SELECT * FROM memory.event_index x WHERE {where} ORDER BY pos LIMIT ? OFFSET ?"
        window_params = [*params, per_page, offset]
    else:  # unfiltered: positions are consecutive, so a page is a range
        window = "SELECT * FROM memory.event_index WHERE pos > ? AND pos <= ?"
        window_params = [offset, offset + per_page]
    items = rows(
        con,
        f"""SELECT x.doc_id, x.idx, x.type, x.source, x.target, x.status, x.quote, x.confidence,
                   x.date, t.title, t.outlet
            FROM ({window}) x
            JOIN memory.doc_index t USING (doc_id) ORDER BY x.pos""",
        window_params,
    )
    pages = max(1, -(-total // per_page))
    return {"total": total, "page": page, "per_page": per_page, "pages": pages, "items": items}


def documents_page(con, q: str | None = None, page: int = 1, per_page: int = 50) -> dict[str, Any]:
    where, params = "TRUE", []
    if q:
        where = "(title ILIKE ? OR outlet ILIKE ? OR author ILIKE ? OR doc_id = ?)"
        like = f"%{q}%"
        params = [like, like, like, q]
    total = con.execute(f"SELECT count(*) FROM memory.doc_index WHERE {where}", params).fetchone()[
        0
    ]
    items = rows(
        con,
        f"""SELECT * FROM memory.doc_index WHERE {where}
            ORDER BY published DESC NULLS LAST, doc_id LIMIT ? OFFSET ?""",
        [*params, per_page, (page - 1) * per_page],
    )
    return {"total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page)), "items": items}  # fmt: skip


def actors(con) -> list[dict[str, Any]]:
    names = source.actor_names(con)
    found = rows(
        con,
        """WITH m AS (SELECT actor_id, sum(mentions) AS mentions, count(DISTINCT doc_id) AS documents
                      FROM actors GROUP BY 1),
                s AS (SELECT source AS actor_id, count(*) AS as_source FROM events
                      WHERE source IS NOT NULL GROUP BY 1),
                t AS (SELECT target AS actor_id, count(*) AS as_target FROM events
                      WHERE target IS NOT NULL GROUP BY 1)
           SELECT actor_id, COALESCE(m.mentions, 0) AS mentions, COALESCE(m.documents, 0) AS documents,
                  COALESCE(s.as_source, 0) AS as_source, COALESCE(t.as_target, 0) AS as_target
           FROM m FULL JOIN s USING (actor_id) FULL JOIN t USING (actor_id)
           ORDER BY mentions DESC, as_source + as_target DESC, actor_id""",
        [],
    )
    for a in found:
        a["name"] = source.display(a["actor_id"], names)
    return found


def reference_mentions(con, ref_id: str, limit: int = 200) -> list[dict[str, Any]]:
    return rows(
        con,
        f"""SELECT r.doc_id, r.idx, r.quote, r.method, d.title, COALESCE(d.outlet, d.author) AS outlet,
                   {source.full_date("d.published")} AS date
            FROM doc_references r JOIN documents d USING (doc_id) WHERE r.ref_id = ?
            ORDER BY date NULLS LAST, r.doc_id, r.idx LIMIT ?""",
        [ref_id, limit],
    )
