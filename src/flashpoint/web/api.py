"""JSON API under /api (schema at /openapi.json). Every query is parameterised."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from flashpoint.report.documents import document_view
from flashpoint.web import queries

router = APIRouter(prefix="/api", tags=["api"])
Since = Annotated[str | None, Query(description="First date: YYYY, YYYY-MM or YYYY-MM-DD")]
Until = Annotated[str | None, Query(description="Last date, inclusive")]


def _view(request: Request):
    return request.app.state.view


@router.get("/overview")
def overview(request: Request) -> dict[str, Any]:
    """Sizes of the store, its date range and the most mentioned actors."""
    return _view(request).overview()


@router.get("/events")
def events(
    request: Request, actor: str | None = None, source: str | None = None, target: str | None = None,
    type: str | None = None, status: str | None = None, since: Since = None, until: Until = None,
    doc_id: str | None = None, page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:  # fmt: skip
    """Events filtered by actor (source or target), type, status and date; newest first, paginated."""
    flt = queries.EventFilter(actor, source, target, type, status, since, until, doc_id)
    with _view(request).cursor() as cur:
        return queries.events_page(cur, flt, page, per_page)


@router.get("/documents")
def documents(request: Request, q: str | None = None, page: Annotated[int, Query(ge=1)] = 1,
              per_page: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:  # fmt: skip
    """Documents, newest first; ``q`` searches title, outlet and author."""
    with _view(request).cursor() as cur:
        return queries.documents_page(cur, q, page, per_page)


@router.get("/documents/{doc_id:path}")
def document(request: Request, doc_id: str) -> dict[str, Any]:
    """One document: metadata, text and its events, stances, recommendations and references.
    The id may hold any character, ``/`` included: quote it whole as one path segment."""
    with _view(request).cursor() as cur:
        view = document_view(cur, doc_id)
        if view is None:
            raise HTTPException(404, f"no document with id {doc_id}")
        text = cur.execute("SELECT text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0]
    view.pop("html", None)
    return {**view, "text": text}


@router.get("/actors")
def actors(request: Request) -> list[dict[str, Any]]:
    """Actors with their mention counts and events as source and as target."""
    return _view(request).cached("actors", queries.actors)


@router.get("/alignment")
def alignment(request: Request, since: Since = None, until: Until = None) -> list[dict[str, Any]]:
    """Holder × target support, opposition, silences and weighted score, with evidence."""
    return _view(request).alignment(since, until)


@router.get("/reciprocity")
def reciprocity(request: Request, actor: str | None = None, since: Since = None,
                until: Until = None) -> list[dict[str, Any]]:  # fmt: skip
    """Support given vs received per ordered pair of actors."""
    return _view(request).reciprocity(actor, since, until)


@router.get("/coalitions")
def coalitions(request: Request, target: str = "KASHMIRIS", states_only: bool = False,
               since: Since = None, until: Until = None) -> list[dict[str, Any]]:  # fmt: skip
    """Each holder's side on the target, per year."""
    return _view(request).coalitions(target, states_only, since, until)


@router.get("/timeline")
def timeline(request: Request, dyad: str | None = None, freq: str = "auto", since: Since = None,
             until: Until = None) -> list[dict[str, Any]]:  # fmt: skip
    """Asserted events per period by QuadClass; hypothetical and negated counted apart."""
    return _view(request).timeline(dyad, freq, since, until)


@router.get("/dyad-index")
def dyad_index(request: Request, dyad: str = "IND-PAK", freq: str = "auto", since: Since = None,
               until: Until = None) -> list[dict[str, Any]]:  # fmt: skip
    """Weighted conflict–cooperation index of a dyad per period, with the hypothetical-risk signal."""
    return _view(request).dyad_index(dyad, freq, since, until)


@router.get("/recommendations")
def recommendations(request: Request, addressee: str | None = None, since: Since = None,
                    until: Until = None) -> list[dict[str, Any]]:  # fmt: skip
    """Recommendations grouped by similar action, with addressees, first/last seen and sources."""
    return _view(request).tracker(addressee, since, until)


@router.get("/references")
def references(request: Request, by: str = "outlet", per: str = "year", since: Since = None,
               until: Until = None) -> list[dict[str, Any]]:  # fmt: skip
    """Archive entries invoked per period and outlet (or author, or country)."""
    return _view(request).archive(by, per, since, until)


@router.get("/frames")
def frames(request: Request, since: Since = None, until: Until = None) -> list[dict[str, Any]]:
    """Leading frames per outlet and year."""
    return _view(request).frames(since, until)
