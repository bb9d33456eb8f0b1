"""The dashboard: server-rendered pages and a JSON API over one store, read-only."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from flashpoint.analysis import coalition_summary, records
from flashpoint.document import PLOVER_TYPES, STATUSES
from flashpoint.report import charts, tables
from flashpoint.report.documents import document_view
from flashpoint.web import queries
from flashpoint.web.api import router as api_router
from flashpoint.web.links import doc_url, fragment, item_url, web_url
from flashpoint.web.params import (
    By,
    Dyad,
    Freq,
    PageNo,
    Per,
    Period,
    PerPage,
    Target,
    Text,
    blank,
    check_dyad,
    check_required,
)
from flashpoint.web.state import StoreView

CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'")  # fmt: skip


def _package_dir(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _validation_message(exc: RequestValidationError, limit: int = 3) -> str:
    """``name: problem`` for the first few invalid parameters."""
    parts = []
    for error in exc.errors()[:limit]:
        name = ".".join(str(p) for p in error["loc"] if p not in ("query", "path"))
        parts.append(f"{name or 'request'}: {error['msg']}")
    return "; ".join(parts)


def create_app(db: str | Path, warm: bool = True) -> FastAPI:
    """The dashboard app over the store at ``db`` (opened read-only). ``warm`` computes the
    overview's quick analyses before the app serves and groups the recommendations in the
    background, so the first visit does not wait for either."""
    view = StoreView(db)
    if warm:
        view.prime()
        view.warm_in_background()
    app = FastAPI(
        title="flashpoint", version="0.1.0",
        description="Read-only API over a flashpoint store: events, documents, alignment, "
                    "reciprocity, coalitions, timelines, recommendations and archive references.",
    )  # fmt: skip
    app.state.view = view
    templates = Jinja2Templates(directory=str(_package_dir("flashpoint.web", "templates")))
    templates.env.autoescape = True  # every template, whatever its file name
    templates.env.globals.update(types=PLOVER_TYPES, statuses=STATUSES, db_name=view.path.name,
                                 doc_url=doc_url, item_url=item_url)  # fmt: skip
    templates.env.filters.update(fragment=fragment, web_url=web_url)
    templates.env.filters["qs"] = lambda args: urlencode(
        {k: v for k, v in args.items() if v not in (None, "")}
    )
    app.mount(
        "/static", StaticFiles(directory=_package_dir("flashpoint.report", "static")), name="static"
    )
    app.mount(
        "/assets", StaticFiles(directory=_package_dir("flashpoint.web", "static")), name="assets"
    )
    app.include_router(api_router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        if request.url.path.startswith("/api"):  # the usual shape, without echoing the input
            detail = [{k: e[k] for k in ("loc", "msg", "type")} for e in exc.errors()]
            return JSONResponse({"detail": detail}, status_code=422)
        return templates.TemplateResponse(
            request, "error.html.j2", {"message": _validation_message(exc)}, status_code=422
        )

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        message = _short(str(exc))
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": message}, status_code=400)
        return templates.TemplateResponse(
            request, "error.html.j2", {"message": message}, status_code=400
        )

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"nav": name.split(".")[0], **context},
                                          status_code=status_code)  # fmt: skip

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, dyad: Dyad = "IND-PAK", target: Target = "KASHMIRIS"):
        dyad, target = check_dyad(dyad), check_required("target", target)
        front = view.front(dyad, target)
        freq, line = front["freq"], front["line"]
        return page(request, "overview.html.j2", ov=view.overview(), glance=front["glance"], dyad=dyad,
                    freq=freq, grouping=front["grouping"], specs={"timeline": charts.timeline_chart(line, f"Events per {freq} by QuadClass"),
                                      "dyad": charts.dyad_chart(front["dyad_rows"], dyad)})  # fmt: skip

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request):
        found = view.cached("actors", queries.actors)
        return page(request, "actors.html.j2", actors=found)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events(
        request: Request, period: Period, actor: Text = None, source: Text = None, target: Text = None,
        type: Text = None, status: Text = None, doc_id: Text = None, page_no: PageNo = 1,
        per_page: PerPage = 50,
    ):  # fmt: skip
        flt = queries.EventFilter(actor, source, target, type, status, period.since, period.until,
                                  doc_id)  # fmt: skip
        with view.cursor() as cur:
            result = queries.events_page(cur, flt, page_no, per_page)
        names = view.names()
        for e in result["items"]:
            e["source_name"] = names.get(e["source"], e["source"]) if e["source"] else None
            e["target_name"] = names.get(e["target"], e["target"]) if e["target"] else None
        return page(request, "events.html.j2", result=result, flt=flt, args=flt.query_args(),
                    per_page=per_page, actor_ids=sorted(names))  # fmt: skip

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents(request: Request, q: Text = None, page_no: PageNo = 1, per_page: PerPage = 50):
        with view.cursor() as cur:
            result = queries.documents_page(cur, blank(q), page_no, per_page)
        return page(request, "documents.html.j2", result=result, q=q or "", per_page=per_page)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document(request: Request, doc_id: str):
        with view.cursor() as cur:
            doc = document_view(cur, doc_id)
        if doc is None:
            return page(
                request, "error.html.j2", status_code=404, message=f"no document with id {doc_id}"
            )
        return page(request, "document.html.j2", doc=doc)

    @app.get("/recommendations", response_class=HTMLResponse, include_in_schema=False)
    def recommendations(request: Request, period: Period, addressee: Text = None):
        addressee = blank(addressee)
        groups = view.tracker(addressee, period.since, period.until)
        return page(request, "recommendations.html.j2", groups=groups, addressee=addressee or "",
                    addressees=tables.addressee_table(view.by_addressee()),
                    since=period.since or "", until=period.until or "")  # fmt: skip

    @app.get("/references", response_class=HTMLResponse, include_in_schema=False)
    def references(request: Request, ref: Text = None, by: By = "outlet", per: Per = "year"):
        rows = view.archive(by, per, None, None)
        mentions, ref = [], blank(ref)
        if ref:
            with view.cursor() as cur:
                mentions = queries.reference_mentions(cur, ref)
        return page(request, "references.html.j2", totals=view.archive_totals(), ref=ref, by=by, per=per,
                    mentions=mentions, specs={"archive": charts.archive_chart(rows)})  # fmt: skip

    @app.get("/alignment", response_class=HTMLResponse, include_in_schema=False)
    def alignment(request: Request, period: Period, target: Target = "KASHMIRIS",
                  states_only: bool = False):  # fmt: skip
        since, until, target = period.since, period.until, check_required("target", target)
        align = view.alignment(since, until)
        coal = view.coalitions(target, states_only, since, until)
        summary = records(coalition_summary(pd.DataFrame(coal), names=True)) if coal else []
        return page(
            request, "alignment.html.j2", since=since or "", until=until or "", target=target,
            states_only=states_only,
            align_table=tables.alignment_table(align, doc_url, limit=200),
            recip_table=tables.reciprocity_table(view.reciprocity(None, since, until), limit=100),
            coal_table=tables.coalition_table(summary),
            specs={"alignment": charts.alignment_chart(align, 40),
                   "coalitions": charts.coalition_chart(coal, target)},
        )  # fmt: skip

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline(request: Request, period: Period, dyad: Dyad = "IND-PAK", freq: Freq = "auto"):
        since, until, dyad = period.since, period.until, check_dyad(dyad)
        line = view.timeline(None, freq, since, until)
        used = "year" if line and len(line[0]["period"]) == 4 else "month"
        dyad_rows = view.dyad_index(dyad, used, since, until)
        return page(request, "timeline.html.j2", dyad=dyad, freq=freq, since=since or "", until=until or "",
                    dyad_rows=[r for r in dyad_rows if r["events"] or r["hypothetical"]],
                    specs={"timeline": charts.timeline_chart(line, f"Events per {used} by QuadClass"),
                           "dyad": charts.dyad_chart(dyad_rows, dyad)},
                    frames=tables.frames_table(view.frames(since, until)),
                    frame_spec=charts.frames_chart(view.frames(since, until)))  # fmt: skip

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(request, "error.html.j2", {"message": str(exc.detail)},
                                          status_code=exc.status_code)  # fmt: skip

    return app
