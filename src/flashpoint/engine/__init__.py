"""Execution engines: the same pipeline over a stream of documents, here or on a cluster.

``make_engine(settings, engine="local", workers=N)`` runs in this process (N=1) or on N
worker processes; ``engine="dask"`` runs on a Dask cluster (a local one unless a
``scheduler`` address is given). Every engine offers ``map(docs, on_error) -> docs``:
processed documents in input order, without their spaCy ``Doc``.
"""

from __future__ import annotations

from flashpoint.config import Settings
from flashpoint.engine.dask_engine import DaskEngine
from flashpoint.engine.local import EngineError, LocalEngine
from flashpoint.engine.payload import Failed

ENGINES = ("local", "dask")


def make_engine(
    settings: Settings,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
) -> LocalEngine | DaskEngine:
    """Pick an engine by name; a scheduler address implies the dask engine."""
    if scheduler and engine == "local":
        engine = "dask"
    if engine == "local":
        return LocalEngine(settings, workers=workers or 1, batch_size=batch_size)
    if engine == "dask":
        return DaskEngine(settings, scheduler=scheduler, workers=workers, batch_size=batch_size)
    raise ValueError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")


__all__ = ["ENGINES", "DaskEngine", "EngineError", "Failed", "LocalEngine", "make_engine"]
