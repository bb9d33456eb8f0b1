"""Parameterised queries behind the dashboard pages and the API (lists, filters, sorting,
pagination, filter choices, the two-sides comparison)."""

from __future__ import annotations

from typing import Any

import pycountry

from flashpoint.analysis import source
from flashpoint.analysis.archive import reference_rows
from flashpoint.analysis.events import EventQuery, iter_events
from flashpoint.analysis.scales import QUADCLASSES, quadclass
from flashpoint.document import PLOVER_TYPES, STATUSES

EVENT_DATE = source.EVENT_DATE
TITLE = "COALESCE(d.title, left(split_part(trim(d.text), chr(10), 1), 90))"

# sort keys the pages and the API accept, and the columns they order by
EVENT_SORTS = {"date": "x.edate", "type": "x.type", "source": "x.source", "target": "x.target",
               "status": "x.status", "confidence": "x.confidence", "outlet": "x.outlet",
               "country": "x.outlet_country"}  # fmt: skip
DOC_SORTS = {"published": "pdate", "title": "lower(title)", "outlet": "lower(outlet)",
             "country": "outlet_country", "events": "events",
             "recommendations": "recommendations", "references": '"references"',
             "topic": "topic"}  # fmt: skip
ACTOR_SORTS = ("name", "actor_id", "mentions", "documents", "as_source", "as_target")


def has_stories(con) -> bool:
    """Whether the store keeps folded stories (stores from before them do not)."""
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'doc_stories'"
    ).fetchone()[0] > 0


# each document's number of sources: the distinct outlets of its story (1 when unfolded)
_SOURCES_JOIN = """LEFT JOIN (SELECT s.doc_id, s.hash, n.n_sources FROM doc_stories s
    JOIN stories n USING (story_id)) st ON st.doc_id = d.doc_id AND st.hash = d.hash"""


def build_indexes(con) -> None:
    """In-memory tables the list pages read: events in page order with their effective date,
    their document's outlet and number of sources, and one row per document with its
    stand-in title and item counts. Built once at start; the store is read-only while the
    dashboard runs, so they never go stale. Event columns carry the names
    ``EventQuery.where`` filters on, and the document's title, so a page needs no join."""
    sources, join = ("COALESCE(st.n_sources, 1)", _SOURCES_JOIN) if has_stories(con) else ("1", "")
    con.execute(
        f"""CREATE OR REPLACE TABLE memory.main.event_index AS
            SELECT row_number() OVER (ORDER BY edate DESC NULLS LAST, doc_id, idx) AS pos, * FROM (
                SELECT e.doc_id, e.idx, e.type, e.source, e.target,
                       COALESCE(e.status, 'asserted') AS status, {EVENT_DATE} AS edate,
                       {source.OWN_DATE} AS own_date,
                       left(e.quote, 400) AS quote, e.confidence, d.outlet, d.outlet_country,
                       {TITLE} AS title, {sources} AS n_sources, e.location_name,
                       e.location_id, e.location_lat, e.location_lon, e.location_admin1
                FROM events e JOIN documents d USING (doc_id) {join})
            ORDER BY pos"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE memory.main.doc_index AS
            SELECT d.doc_id, {TITLE} AS title, d.author, d.outlet, d.outlet_country, d.published,
                   {source.full_date("d.published")} AS pdate,
                   COALESCE(e.n, 0) AS events, COALESCE(r.n, 0) AS recommendations,
                   COALESCE(f.n, 0) AS "references", d.relevance AS topic
            FROM documents d
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM events GROUP BY 1) e USING (doc_id)
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM recommendations GROUP BY 1) r USING (doc_id)
            LEFT JOIN (SELECT doc_id, count(*) AS n FROM doc_references GROUP BY 1) f USING (doc_id)"""
    )


def rows(con, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _pages(total: int, page: int, per_page: int) -> dict[str, int]:
    return {"total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page))}  # fmt: skip


def _order(column: str, order: str, tie: str) -> str:
    return f"{column} {'DESC' if order == 'desc' else 'ASC'} NULLS LAST, {tie}"


def events_page(
    con, query: EventQuery, page: int = 1, per_page: int = 50, sort: str = "date",
    order: str = "desc",
) -> dict[str, Any]:  # fmt: skip
    """One page of events (newest first unless sorted otherwise), with the total count."""
    where, params = query.where()
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
    for e in items:
        e["quadclass"] = quadclass(e["type"])
    return {**_pages(total, page, per_page), "sort": sort, "order": order, "items": items}


def story_copies(con, doc_id: str) -> list[dict[str, Any]]:
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


def event_download(con, query: EventQuery) -> list[dict[str, Any]]:
    """Every matching event as ``flashpoint events`` gives it (the one event query)."""
    return list(iter_events(con, query))


SEARCH_DEPTH = 500  # documents the full-text ranking hands to the documents page


def _doc_where(q: str | None, period: source.Period, country: str | None,
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
    date_sql, date_params = period.sql("pdate")
    if date_params:
        parts.append(date_sql)
        params += date_params
    return " AND ".join(parts) or "TRUE", params


def ranked_documents(con, q: str, period: source.Period, country: str | None) -> dict[str, dict]:
    """The documents whose text the full-text search finds for ``q``, best first, each with
    its best sentence; empty when the store has no complete search index."""
    from flashpoint.analysis import search as fulltext
    from flashpoint.store import search_index

    if search_index.problem(con):
        return {}
    try:
        query = fulltext.Query.parse(q)
    except ValueError:  # nothing searchable in it (stop words only): metadata alone
        return {}
    hits = fulltext.search(con, query, limit=SEARCH_DEPTH, docs=True,
                           filters=fulltext.Filters(period, country))  # fmt: skip
    return {h["doc_id"]: (h["sentences"] or [{}])[0] for h in hits}


def documents_page(
    con, q: str | None = None, page: int = 1, per_page: int = 50, sort: str | None = None,
    order: str = "desc", period: source.Period | None = None, country: str | None = None,
    everything: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """One page of documents; ``q`` searches the full text (ranked as ``flashpoint search``
    ranks it, best first unless sorted otherwise, each with its best sentence) and the title,
    outlet and author. Without ``q``, newest first. ``everything`` returns every match on one
    page."""
    period = period or source.Period()
    best = ranked_documents(con, q, period, country) if q else {}
    sort = sort or ("relevance" if q else "published")
    where, params = _doc_where(q, period, country, list(best))
    total = con.execute(f"SELECT count(*) FROM memory.doc_index WHERE {where}", params).fetchone()[0]
    if sort == "relevance":  # ranked documents first, in rank order; metadata matches after
        ordering, order_params = "COALESCE(list_position(?::VARCHAR[], doc_id), 1e9), pdate DESC, doc_id", [list(best)]
    else:
        ordering, order_params = _order(DOC_SORTS[sort], order, "doc_id"), []
    limit = "" if everything else "LIMIT ? OFFSET ?"
    items = rows(
        con,
        f"""SELECT * EXCLUDE (pdate) FROM memory.doc_index WHERE {where}
            ORDER BY {ordering} {limit}""",
        [*params, *order_params] + ([] if everything else [per_page, (page - 1) * per_page]),
    )
    for d in items:
        if d["doc_id"] in best:
            d["match"] = best[d["doc_id"]]
    return {**_pages(total, page, per_page), "sort": sort, "order": order, "items": items}


def actors(con, period: source.Period | None = None) -> list[dict[str, Any]]:
    """Actors with mentions and documents (documents published in the window) and events as
    source and as target (events dated in the window), most mentioned first."""
    period = period or source.Period()
    doc_sql, doc_params = period.sql(source.full_date("d.published"))
    event_sql, event_params = period.sql("edate")
    names = source.actor_names(con)
    found = rows(
        con,
        f"""WITH m AS ({source.actor_counts_sql(doc_sql)}),
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
    for a in found:
        a["name"] = source.display(a["actor_id"], names)
    return found


def sort_rows(items: list[dict], key: str, order: str) -> list[dict]:
    """``items`` sorted on ``key`` (text without case), empty values last."""
    present = [i for i in items if i.get(key) is not None]
    missing = [i for i in items if i.get(key) is None]
    fold = (lambda v: v.lower()) if present and isinstance(present[0][key], str) else None
    present.sort(key=lambda i: fold(i[key]) if fold else i[key], reverse=order == "desc")
    return present + missing


def page_of(items: list[dict], page: int, per_page: int) -> dict[str, Any]:
    start = (page - 1) * per_page
    return {**_pages(len(items), page, per_page), "items": items[start : start + per_page]}


def reference_mentions(
    con, ref_id: str, period: source.Period | None = None, country: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:  # fmt: skip
    """Where an archive entry is invoked (documents published in the window, of a country)."""
    period = period or source.Period()
    date_sql, date_params = period.sql("date")
    return rows(
        con,
        f"""SELECT * FROM (
                SELECT r.doc_id, r.idx, r.quote, r.method, d.title,
                       COALESCE(d.outlet, d.author) AS outlet, d.outlet_country,
                       {source.full_date("d.published")} AS date
                FROM doc_references r JOIN documents d USING (doc_id)
                WHERE r.ref_id = ? AND (CAST(? AS VARCHAR) IS NULL OR d.outlet_country = ?))
            WHERE {date_sql} ORDER BY date NULLS LAST, doc_id, idx LIMIT ?""",
        [ref_id, country, country, *date_params, limit],
    )


def country_name(code: str | None) -> str:
    """The country's common name for an ISO alpha-3 code, else the code."""
    found = pycountry.countries.get(alpha_3=code) if code and len(code) == 3 else None
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code or "—"


def filter_options(con) -> dict[str, Any]:
    """What the filters offer, from the store: actors, outlets, outlet countries and the
    date range (types, QuadClasses and statuses are fixed)."""
    names = source.actor_names(con)
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
    return {
        "actors": sorted(({"id": a, "name": source.display(a, names)} for a in ids),
                         key=lambda a: (a["name"].lower(), a["id"])),
        "types": list(PLOVER_TYPES), "quadclasses": list(QUADCLASSES), "statuses": list(STATUSES),
        "outlets": [r[0] for r in outlets],
        "countries": [{"id": c, "name": country_name(c)} for (c,) in countries],
        "first": first, "last": last,
    }  # fmt: skip


# -- two sides over one dyad ------------------------------------------------------------------
def side_events(con, side: str, dyad: tuple[str, str], period: source.Period) -> list[dict]:
    """Events of the dyad (either direction) in documents of outlet country ``side``."""
    a, b = dyad
    found = []
    for src, dst in ((a, b), (b, a)):
        query = EventQuery(source=src, target=dst, country=side, since=period.since,
                           until=period.until)  # fmt: skip
        found += [{**row, "direction": f"{src}→{dst}"} for row in iter_events(con, query)]
    return found


def compare_coding(con, sides: tuple[str, str], dyad: tuple[str, str],
                   period: source.Period) -> list[dict[str, Any]]:  # fmt: skip
    """Per side, type, direction and status: events and documents (one row each)."""
    counts: dict[tuple, dict[str, Any]] = {}
    for side in sides:
        for e in side_events(con, side, dyad, period):
            key = (side, e["type"], e["direction"], e["status"])
            row = counts.setdefault(key, {
                "side": side, "quadclass": e["quadclass"], "type": e["type"],
                "source": e["source"], "target": e["target"], "direction": e["direction"],
                "status": e["status"], "events": 0, "documents": set(),
            })  # fmt: skip
            row["events"] += 1
            row["documents"].add(e["doc_id"])
    out = [{**r, "documents": len(r["documents"])} for r in counts.values()]
    classes = {c: i for i, c in enumerate(QUADCLASSES)}
    return sorted(out, key=lambda r: (classes.get(r["quadclass"], 9), r["type"], r["side"],
                                      r["direction"], r["status"]))  # fmt: skip


def compare_references(con, sides: tuple[str, str],
                       period: source.Period) -> list[dict[str, Any]]:  # fmt: skip
    """Per archive entry and side (outlet country): mentions, documents, first and last."""
    refs = reference_rows(con, period, by="country")
    refs = refs[refs["speaker"].isin(sides)]
    out = []
    for (ref, side), g in refs.groupby(["ref_id", "speaker"]):
        dates = g["edate"].dropna()
        out.append({"ref_id": ref, "side": side, "mentions": len(g),
                    "documents": int(g["doc_id"].nunique()),
                    "first": dates.min() if len(dates) else None,
                    "last": dates.max() if len(dates) else None})  # fmt: skip
    return out


def compare_documents(con, sides: tuple[str, str], period: source.Period) -> dict[str, int]:
    """Documents per side in the window."""
    date_sql, date_params = period.sql("pdate")
    found = con.execute(
        f"""SELECT outlet_country, count(*) FROM memory.doc_index
            WHERE outlet_country IN (?, ?) AND {date_sql} GROUP BY 1""",
        [*sides, *date_params],
    ).fetchall()
    return {side: dict(found).get(side, 0) for side in sides}


def places(con, period: Any, place: Any = None) -> list[dict[str, Any]]:
    """Located asserted events by place (``analysis.places.event_places``) in a date window,
    near a place or in a region with a ``place`` filter."""
    from flashpoint.analysis.places import event_places

    found = event_places(con, source.Period.parse(period.since, period.until), place=place)
    for p in found:
        for item in p["items"]:
            item["date"] = str(item["date"]) if item["date"] is not None else None
    return found
