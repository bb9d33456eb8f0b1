"""JSON API under /api (schema at /openapi.json). Every query is parameterised and every
parameter checked (see ``flashpoint.web.params``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from flashpoint.report.documents import document_view
from flashpoint.web import queries
from flashpoint.web.params import (
    By,
    Dyad,
    Freq,
    OptionalDyad,
    Page,
    Per,
    Period,
    PerPage,
    Target,
    Text,
    blank,
    check_dyad,
    check_required,
)
from flashpoint.web.responses import DataJSON

router = APIRouter(prefix="/api", tags=["api"])


def _view(request: Request):
    return request.app.state.view


@router.get("/overview")
def overview(request: Request) -> dict[str, Any]:
    """Sizes of the store, its date range and the most mentioned actors."""
    return _view(request).overview()


@router.get("/events")
def events(
    request: Request, period: Period, actor: Text = None, source: Text = None, target: Text = None,
    type: Text = None, status: Text = None, doc_id: Text = None, page: Page = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:  # fmt: skip
    """Events filtered by actor (source or target), type, status and date; newest first, paginated."""
    flt = queries.EventFilter(
        actor, source, target, type, status, period.since, period.until, doc_id
    )
    with _view(request).cursor() as cur:
        return queries.events_page(cur, flt, page, per_page)


@router.get("/documents")
def documents(request: Request, q: Text = None, page: Page = 1,
              per_page: PerPage = 50) -> dict[str, Any]:  # fmt: skip
    """Documents, newest first; ``q`` searches title, outlet and author."""
    with _view(request).cursor() as cur:
        return queries.documents_page(cur, blank(q), page, per_page)


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
def alignment(request: Request, period: Period) -> list[dict[str, Any]]:
    """Holder × target support, opposition, silences and weighted score, with evidence."""
    return _view(request).alignment(period.since, period.until)


@router.get("/reciprocity")
def reciprocity(request: Request, period: Period, actor: Text = None) -> list[dict[str, Any]]:
    """Support given vs received per ordered pair of actors."""
    return _view(request).reciprocity(blank(actor), period.since, period.until)


@router.get("/coalitions")
def coalitions(request: Request, period: Period, target: Target = "KASHMIRIS",
               states_only: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    """Each holder's side on the target, per year."""
    target = check_required("target", target)
    return _view(request).coalitions(target, states_only, period.since, period.until)


@router.get("/timeline")
def timeline(request: Request, period: Period, dyad: OptionalDyad = None,
             freq: Freq = "auto") -> list[dict[str, Any]]:  # fmt: skip
    """Asserted events per period by QuadClass; hypothetical and negated counted apart."""
    pair = check_dyad(dyad, required=False)
    return _view(request).timeline(pair, freq, period.since, period.until)


@router.get("/dyad-index")
def dyad_index(request: Request, period: Period, dyad: Dyad = "IND-PAK",
               freq: Freq = "auto") -> list[dict[str, Any]]:  # fmt: skip
    """Weighted conflict–cooperation index of a dyad per period, with the hypothetical-risk signal."""
    return _view(request).dyad_index(check_dyad(dyad), freq, period.since, period.until)


@router.get("/recommendations")
def recommendations(request: Request, period: Period, addressee: Text = None) -> Response:
    """Recommendations grouped by similar action, with addressees, first/last seen and sources.
    Groups are formed once over the whole store; the window selects their members."""
    return DataJSON(_view(request).tracker(blank(addressee), period.since, period.until))


@router.get("/references")
def references(request: Request, period: Period, by: By = "outlet",
               per: Per = "year") -> list[dict[str, Any]]:  # fmt: skip
    """Archive entries invoked per period and outlet (or author, or country)."""
    return _view(request).archive(by, per, period.since, period.until)


@router.get("/frames")
def frames(request: Request, period: Period) -> list[dict[str, Any]]:
    """Leading frames per outlet and year."""
    return _view(request).frames(period.since, period.until)
