"""The web dashboard (FastAPI, server-rendered pages, JSON API) over a store, read-only."""

from flashpoint.web.app import create_app

__all__ = ["create_app"]
