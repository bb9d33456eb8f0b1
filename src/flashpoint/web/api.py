"""JSON API under /api (the list at /api, the schema at /openapi.json). Every query is
parameterised and every parameter checked (see ``flashpoint.web.params``). List endpoints
take ``format=csv`` or ``format=json`` to download their rows as a file."""

from __future__ import annotations

import inspect
from typing import Any, Literal, get_args, get_origin

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.routing import APIRoute

from flashpoint.analysis.events import EVENT_COLUMNS, EventQuery
from flashpoint.analysis.silences import ABSENCE, SILENCE_COLUMNS, STANCE
from flashpoint.report.documents import document_view
from flashpoint.store.queries import dashboard
from flashpoint.web import lists
from flashpoint.web.params import (
    Actor,
    ActorSort,
    Addressee,
    By,
    Country,
    Dates,
    DocId,
    DocSort,
    Dyad,
    EventSort,
    EventType,
    Everything,
    Fmt,
    Freq,
    Items,
    Km,
    MinConfidence,
    Near,
    OptionalDyad,
    Order,
    Outlet,
    Page,
    Per,
    Period,
    PerPage,
    Place,
    QuadClassName,
    Ref,
    Region,
    Search,
    Side,
    SilenceKind,
    Source,
    Status,
    Target,
    TargetId,
    blank,
    check_dyad,
    check_required,
)
from flashpoint.web.responses import data_response, rows_download

router = APIRouter(prefix="/api", tags=["api"])


def _view(request: Request):
    return request.app.state.view


@router.get("", summary="This list of endpoints")
def endpoints() -> list[dict[str, Any]]:
    """Every API endpoint: path, method, summary and parameters."""
    return [_describe(r) for r in router.routes if isinstance(r, APIRoute)]


def _describe(route: APIRoute) -> dict[str, Any]:
    doc = inspect.getdoc(route.endpoint) or ""
    dependant = route.dependant
    query = [*dependant.query_params, *(p for d in dependant.dependencies for p in d.query_params)]
    return {
        "path": route.path, "method": sorted(route.methods)[0],
        "summary": route.summary or doc.split("\n\n")[0].replace("\n", " "),
        "parameters": [_parameter(p, "path") for p in dependant.path_params]
                      + [_parameter(p, "query") for p in query],
    }  # fmt: skip


def _parameter(field: Any, where: str) -> dict[str, Any]:
    info = field.field_info
    entry = {"name": field.alias, "in": where, "required": info.is_required(),
             "description": info.description or ""}  # fmt: skip
    if not info.is_required() and info.default is not None:
        entry["default"] = info.default
    choices = _choices(info.annotation)
    if choices:
        entry["choices"] = choices
    return entry


def _choices(annotation: Any) -> list[Any]:
    """The values a Literal annotation allows (inside Optional or Annotated too)."""
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [c for arg in get_args(annotation) for c in _choices(arg)]


@router.get("/overview")
def overview(request: Request, period: Period, fmt: Fmt = None) -> Response:
    """Sizes of the store (or of the date window), its date range and the most mentioned actors."""
    return data_response(_view(request).overview(period.since, period.until), fmt, "overview")


@router.get("/options")
def options(request: Request) -> Response:
    """What the filters offer: actors, types, QuadClasses, statuses, outlets, outlet countries
    and the store's first and last dates."""
    return data_response(_view(request).options(), None, "options")


def event_query(period: Dates, actor: str | None = None, source: str | None = None,
                target: str | None = None, type: str | None = None, quadclass: str | None = None,
                status: str | None = None, doc_id: str | None = None, outlet: str | None = None,
                country: str | None = None, dyad: str | None = None,
                min_confidence: float | None = None, near: str | None = None, km: float | None = None,
                region: str | None = None) -> EventQuery:  # fmt: skip
    """The checked filters of the events page and API."""
    return EventQuery(source=source, target=target, actor=actor, type=type, quadclass=quadclass,
                      status=status, since=period.since, until=period.until, doc_id=doc_id,
                      outlet=outlet, country=country, dyad=check_dyad(dyad, required=False),
                      min_confidence=min_confidence, near=near, km=km, region=region)  # fmt: skip


@router.get("/events")
def events(
    request: Request, period: Period, actor: Actor = None, source: Source = None,
    target: TargetId = None, type: EventType = None, quadclass: QuadClassName = None,
    status: Status = None, doc_id: DocId = None, outlet: Outlet = None, country: Country = None,
    dyad: OptionalDyad = None, min_confidence: MinConfidence = None,
    near: Near = None, km: Km = None, region: Region = None, page: Page = 1, per_page: PerPage = 50,
    sort: EventSort = "date", order: Order = "desc", fmt: Fmt = None,
) -> Response:  # fmt: skip
    """Events filtered by actor (source or target), dyad (either way), type, QuadClass,
    status, outlet, outlet country, confidence, place (near a place, in a region) and date;
    newest first unless sorted; paginated. A download holds every match with the columns of
    ``flashpoint events``, in date order."""
    query = event_query(period, actor, source, target, type, quadclass, status, doc_id, outlet,
                        country, dyad, min_confidence, near, km, region)  # fmt: skip
    view = _view(request)
    if fmt:
        with view.cursor() as cur:
            found = lists.event_download(cur, query)
        return rows_download(found, fmt, "events", list(EVENT_COLUMNS))
    with view.cursor() as cur:
        return data_response(lists.events_page(cur, query, page, per_page, sort, order), None, "")


@router.get("/places")
def places(request: Request, period: Period, place: Place, fmt: Fmt = None) -> Response:
    """Asserted events with a location, one row per place: its name, id, coordinates, admin-1
    region, country and precision, events per QuadClass and in all, and the events' ids
    (``near``/``km``, ``region``: only the places of events located there)."""
    view = _view(request)
    with view.cursor() as cur:
        found = lists.places(cur, period, place)
    rows = [{**{k: v for k, v in p.items() if k != "items"},
             "event_ids": [f"{i['doc_id']}#{i['idx']}" for i in p["items"]]} for p in found]  # fmt: skip
    return data_response(rows, fmt, "places")


@router.get("/documents")
def documents(
    request: Request, period: Period, q: Search = None, country: Country = None, page: Page = 1,
    per_page: PerPage = 50, sort: DocSort | None = None, order: Order = "desc", fmt: Fmt = None,
) -> Response:  # fmt: skip
    """Documents, newest first unless sorted; ``q`` searches the full text (as ``flashpoint
    search`` ranks it: best first, with each document's best sentence) and the title, outlet
    and author; the window bounds the published date. A download holds every match."""
    with _view(request).cursor() as cur:
        result = lists.documents_page(cur, blank(q), page, per_page, sort, order,
                                        period.days(), blank(country), everything=bool(fmt))  # fmt: skip
    return data_response(result, fmt, "documents")


@router.get("/documents/{doc_id:path}")
def document(request: Request, doc_id: str, items: Items = None, fmt: Fmt = None) -> Response:
    """One document: metadata, text and its events, stances, recommendations and references
    (``items`` gives one of those lists alone). The id may hold any character, ``/``
    included: quote it whole as one path segment."""
    with _view(request).cursor() as cur:
        view = document_view(cur, doc_id)
        if view is None:
            raise HTTPException(404, f"no document with id {doc_id}")
        text = dashboard.document_text(cur, doc_id)
    view.pop("html", None)
    if items:
        return data_response(view[items], fmt, f"{items}")
    return data_response({**view, "text": text}, fmt, "document")


@router.get("/actors")
def actors(request: Request, period: Period, sort: ActorSort = "mentions",
           order: Order = "desc", fmt: Fmt = None) -> Response:  # fmt: skip
    """Actors with their mention counts and events as source and as target (in the window)."""
    found = _view(request).actors(period.since, period.until)
    return data_response(lists.sort_rows(found, sort, order), fmt, "actors")


@router.get("/alignment")
def alignment(request: Request, period: Period, place: Place, everything: Everything = False,
              min_confidence: MinConfidence = None, fmt: Fmt = None) -> Response:  # fmt: skip
    """Holder × target support, opposition, silences and weighted score, with evidence
    (items of sentences on the pack's topic; ``all=1``: every sentence; ``near``/``km``,
    ``region``: only events located there, no stances)."""
    found = _view(request).alignment(period.since, period.until, everything, min_confidence,
                                     place)  # fmt: skip
    return data_response(found, fmt, "alignment")


@router.get("/reciprocity")
def reciprocity(request: Request, period: Period, place: Place, actor: Actor = None,
                everything: Everything = False, min_confidence: MinConfidence = None,
                fmt: Fmt = None) -> Response:  # fmt: skip
    """Support given vs received per ordered pair of actors (``near``/``km``, ``region``:
    only events located there, no stances)."""
    found = _view(request).reciprocity(blank(actor), period.since, period.until, everything,
                                       min_confidence, place)  # fmt: skip
    return data_response(found, fmt, "reciprocity")


@router.get("/coalitions")
def coalitions(request: Request, period: Period, place: Place, target: Target = None,
               states_only: bool = False, everything: Everything = False,
               min_confidence: MinConfidence = None, fmt: Fmt = None) -> Response:  # fmt: skip
    """Each holder's side on the target, per year (``near``/``km``, ``region``: only events
    located there, no stances)."""
    target = _view(request).target(target)
    found = _view(request).coalitions(target, states_only, period.since, period.until,
                                      everything, min_confidence, place)  # fmt: skip
    return data_response(found, fmt, "coalitions")


@router.get("/silences")
def silences(request: Request, period: Period, kind: SilenceKind = None,
             everything: Everything = False, min_confidence: MinConfidence = None,
             fmt: Fmt = None) -> Response:  # fmt: skip
    """Silences of the actors the pack expects to speak on the issue, two kinds apart:
    ``stance silence`` (a sentence says it does not act or speak: its document, sentence,
    offsets and quote) and ``absence of events`` (it never acts)."""
    found = _view(request).silences(period.since, period.until, everything, min_confidence)
    if kind:
        wanted = STANCE if kind == "stance" else ABSENCE
        found = [r for r in found if r["kind"] == wanted]
    if fmt:  # the header row even when nothing is found
        return rows_download(found, fmt, "silences", list(SILENCE_COLUMNS))
    return data_response(found, fmt, "silences")


@router.get("/timeline")
def timeline(request: Request, period: Period, place: Place, dyad: OptionalDyad = None,
             freq: Freq = "auto", min_confidence: MinConfidence = None,
             fmt: Fmt = None) -> Response:  # fmt: skip
    """Asserted events per period by QuadClass; hypothetical and negated counted apart;
    ``document_dated``: events placed by their document's date (``near``/``km``,
    ``region``: only events located there)."""
    pair = check_dyad(dyad, required=False)
    found = _view(request).timeline(pair, freq, period.since, period.until, min_confidence,
                                    place)  # fmt: skip
    return data_response(found, fmt, "timeline")


@router.get("/dyad-index")
def dyad_index(request: Request, period: Period, place: Place, dyad: Dyad = None,
               freq: Freq = "auto", min_confidence: MinConfidence = None,
               fmt: Fmt = None) -> Response:  # fmt: skip
    """Weighted conflict–cooperation index of a dyad per period, the events behind each
    (``thin``: 2 or fewer), and the hypothetical-risk signal (``near``/``km``, ``region``:
    only events located there)."""
    found = _view(request).dyad_index(_view(request).dyad(dyad), freq, period.since, period.until,
                                      min_confidence, place)  # fmt: skip
    return data_response(found, fmt, "dyad-index")


@router.get("/recommendations")
def recommendations(request: Request, period: Period, addressee: Addressee = None,
                    everything: Everything = False, fmt: Fmt = None) -> Response:  # fmt: skip
    """Recommendations grouped by similar action, with addressees, first/last seen and sources.
    Groups are formed once over the whole store; the window (and, unless ``all=1``, the
    sentences on the pack's topic) selects their members."""
    view, addressee = _view(request), blank(addressee)
    if fmt is None:
        text = view.tracker_json(addressee, period.since, period.until, everything)
        return Response(text, media_type="application/json")
    return data_response(
        view.tracker(addressee, period.since, period.until, everything), fmt, "recommendations"
    )


@router.get("/addressees")
def addressees(request: Request, period: Period, everything: Everything = False,
               fmt: Fmt = None) -> Response:  # fmt: skip
    """Recommendations per addressee: counts, documents, first and last seen."""
    found = _view(request).by_addressee(period.since, period.until, everything)
    return data_response(found, fmt, "addressees")


@router.get("/references")
def references(request: Request, period: Period, by: By = "outlet", per: Per = "year",
               fmt: Fmt = None) -> Response:  # fmt: skip
    """Archive entries invoked per period and outlet (or author, or country)."""
    found = _view(request).archive(by, per, period.since, period.until)
    return data_response(found, fmt, "references")


@router.get("/references/totals")
def reference_totals(request: Request, period: Period, fmt: Fmt = None) -> Response:
    """Per archive entry: mentions, documents, first and last invoked, and by whom."""
    found = _view(request).archive_totals(period.since, period.until)
    return data_response(found, fmt, "reference-totals")


@router.get("/references/mentions")
def reference_mentions(request: Request, period: Period, ref: Ref = None, country: Country = None,
                       fmt: Fmt = None) -> Response:  # fmt: skip
    """Where one archive entry is invoked (in documents of one outlet country, if given)."""
    ref = check_required("ref", ref)
    with _view(request).cursor() as cur:
        found = lists.reference_mentions(cur, ref, period.days(), blank(country))
    return data_response(found, fmt, "reference-mentions")


@router.get("/frames")
def frames(request: Request, period: Period, fmt: Fmt = None) -> Response:
    """Leading frames per outlet and year."""
    return data_response(_view(request).frames(period.since, period.until), fmt, "frames")


def _compare(request: Request, period: Period, a: str | None, b: str | None,
             dyad: str | None) -> dict[str, Any]:  # fmt: skip
    view = _view(request)
    sides, dyad = view.compare_pair(a, b, dyad)
    return view.compare(sides, dyad, period.since, period.until)


@router.get("/compare")
def compare(request: Request, period: Period, a: Side = None, b: Side = None,
            dyad: Dyad = None) -> Response:  # fmt: skip
    """Two outlet countries over one dyad: how each side's documents code the dyad's events
    (per type, QuadClass, direction and status) and which archive entries each invokes."""
    found = _compare(request, period, a, b, dyad)
    return data_response(found, None, "compare")


@router.get("/compare/coding")
def compare_coding(request: Request, period: Period, a: Side = None, b: Side = None,
                   dyad: Dyad = None, fmt: Fmt = None) -> Response:  # fmt: skip
    """The compare view's event counts: one row per side, type, direction and status."""
    found = _compare(request, period, a, b, dyad)
    return data_response(found["coding"], fmt, "compare-coding")


@router.get("/compare/references")
def compare_references(request: Request, period: Period, a: Side = None, b: Side = None,
                       dyad: Dyad = None, fmt: Fmt = None) -> Response:  # fmt: skip
    """The compare view's archive entries: one row per entry and side."""
    found = _compare(request, period, a, b, dyad)
    return data_response(found["references"], fmt, "compare-references")
