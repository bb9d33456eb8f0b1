"""What the dashboard pages and the API list (events, documents, actors, where an archive
entry is invoked, the filters' choices, the two-sides comparison, places): the store's answers
(:mod:`flashpoint.store.queries.dashboard`) with names, QuadClasses and page counts added."""

from __future__ import annotations

from typing import Any

import pycountry

from flashpoint.analysis import source
from flashpoint.analysis.archive import reference_rows
from flashpoint.analysis.events import EventQuery, iter_events
from flashpoint.analysis.scales import QUADCLASSES, quadclass
from flashpoint.document import PLOVER_TYPES, STATUSES
from flashpoint.store.queries import dashboard

ACTOR_SORTS = ("name", "actor_id", "mentions", "documents", "as_source", "as_target")


def _pages(total: int, page: int, per_page: int) -> dict[str, int]:
    return {"total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page))}  # fmt: skip


def events_page(
    con, query: EventQuery, page: int = 1, per_page: int = 50, sort: str = "date",
    order: str = "desc",
) -> dict[str, Any]:  # fmt: skip
    """One page of events (newest first unless sorted otherwise), with the total count."""
    total, items = dashboard.event_page(con, query, page, per_page, sort, order)
    for e in items:
        e["quadclass"] = quadclass(e["type"])
    return {**_pages(total, page, per_page), "sort": sort, "order": order, "items": items}


def story_copies(con, doc_id: str) -> list[dict[str, Any]]:
    """The other documents of ``doc_id``'s story (its near-duplicates in other outlets, see
    ingest/dedupe.py), oldest first; none when it was not folded with any."""
    return dashboard.story_copies(con, doc_id)


def event_download(con, query: EventQuery) -> list[dict[str, Any]]:
    """Every matching event as ``flashpoint events`` gives it (the one event query)."""
    return list(iter_events(con, query))


SEARCH_DEPTH = 500  # documents the full-text ranking hands to the documents page


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
    total, items = dashboard.document_page(con, q, list(best), period, country, sort, order,
                                           page, per_page, everything)  # fmt: skip
    for d in items:
        if d["doc_id"] in best:
            d["match"] = best[d["doc_id"]]
    return {**_pages(total, page, per_page), "sort": sort, "order": order, "items": items}


def actors(con, period: source.Period | None = None) -> list[dict[str, Any]]:
    """Actors with mentions and documents (documents published in the window) and events as
    source and as target (events dated in the window), most mentioned first."""
    names = source.actor_names(con)
    found = dashboard.actor_activity(con, period or source.Period())
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
    return dashboard.reference_mentions(con, ref_id, period or source.Period(), country, limit)


def country_name(code: str | None) -> str:
    """The country's common name for an ISO alpha-3 code, else the code."""
    found = pycountry.countries.get(alpha_3=code) if code and len(code) == 3 else None
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code or "—"


def filter_options(con) -> dict[str, Any]:
    """What the filters offer, from the store: actors, outlets, outlet countries and the
    date range (types, QuadClasses and statuses are fixed)."""
    names = source.actor_names(con)
    found = dashboard.filter_choices(con)
    return {
        "actors": sorted(({"id": a, "name": source.display(a, names)} for a in found["actors"]),
                         key=lambda a: (a["name"].lower(), a["id"])),
        "types": list(PLOVER_TYPES), "quadclasses": list(QUADCLASSES), "statuses": list(STATUSES),
        "outlets": found["outlets"],
        "countries": [{"id": c, "name": country_name(c)} for c in found["countries"]],
        "first": found["first"], "last": found["last"],
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
    return dashboard.documents_per_side(con, sides, period)


def places(con, period: Any, place: Any = None) -> list[dict[str, Any]]:
    """Located asserted events by place (``analysis.places.event_places``) in a date window,
    near a place or in a region with a ``place`` filter."""
    from flashpoint.analysis.places import event_places

    found = event_places(con, source.Period.parse(period.since, period.until), place=place)
    for p in found:
        for item in p["items"]:
            item["date"] = str(item["date"]) if item["date"] is not None else None
    return found
