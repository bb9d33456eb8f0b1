"""Overview figures of a store: sizes, date range, most active actors."""

from __future__ import annotations

from typing import Any

from flashpoint.analysis import source


def overview(
    src: source.Source, since: str | None = None, until: str | None = None
) -> dict[str, Any]:
    """Sizes of the store (or of a date window: documents by published date, events by their
    date, the other items by their document's), its date range and the most mentioned actors."""
    con = source.connect(src)
    period = source.Period.parse(since, until)
    doc_where, doc_params = period.sql(source.full_date("d.published"))
    docs = f"(SELECT * FROM documents d WHERE {doc_where})"
    event_where, event_params = period.sql(source.EVENT_DATE)
    one = lambda sql, params=doc_params: con.execute(sql, params).fetchone()[0]  # noqa: E731
    first, last = con.execute(
        f"SELECT min(x), max(x) FROM (SELECT {source.full_date('published')} AS x FROM {docs})",
        doc_params,
    ).fetchone()
    names = source.actor_names(con)
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
        "first": first, "last": last,
        "top_actors": [{"id": a, "name": source.display(a, names), "mentions": int(m), "documents": int(d)}
                       for a, m, d in top],
    }  # fmt: skip
