"""The dashboard: server-rendered pages and a JSON API over one store, read-only."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flashpoint.document import PLOVER_TYPES, STATUSES
from flashpoint.web.api import router as api_router
from flashpoint.web.links import doc_url, fragment, item_url, web_url
from flashpoint.web.pages import add_pages
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


SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]  # fmt: skip


class SecurityHeaders:
    """Adds the security headers to every answer (plain ASGI: bodies pass untouched)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in SECURITY_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, with_headers)


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
                                 doc_url=doc_url, item_url=item_url, window={}, keep=[], here="/",
                                 options={}, days=None)  # fmt: skip
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

    app.add_middleware(SecurityHeaders)

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

    add_pages(app, templates, view)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(request, "error.html.j2", {"message": str(exc.detail)},
                                          status_code=exc.status_code)  # fmt: skip

    return app
