"""Overview figures of a store: sizes, date range, most active actors."""

from __future__ import annotations

from typing import Any

from flashpoint.analysis import source


def overview(src: source.Source) -> dict[str, Any]:
    con = source.connect(src)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    first, last = con.execute(
        f"SELECT min(x), max(x) FROM (SELECT {source.full_date('published')} AS x FROM documents)"
    ).fetchone()
    names = source.actor_names(con)
    top = con.execute(
        "SELECT actor_id, sum(mentions) AS m, count(DISTINCT doc_id) AS d FROM actors "
        "GROUP BY 1 ORDER BY m DESC, actor_id LIMIT 15"
    ).fetchall()
    statuses = dict(
        con.execute(
            "SELECT COALESCE(status, 'asserted'), count(*) FROM events GROUP BY 1"
        ).fetchall()
    )
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "events": one("SELECT count(*) FROM events"),
        "events_by_status": statuses,
        "stances": one("SELECT count(*) FROM stances"),
        "recommendations": one("SELECT count(*) FROM recommendations"),
        "references": one("SELECT count(*) FROM doc_references"),
        "actors": one("SELECT count(DISTINCT actor_id) FROM actors"),
        "outlets": one("SELECT count(DISTINCT COALESCE(outlet, author)) FROM documents"),
        "first": first, "last": last,
        "top_actors": [{"id": a, "name": source.display(a, names), "mentions": int(m), "documents": int(d)}
                       for a, m, d in top],
    }  # fmt: skip
