"""Actor stage: resolve every mention to a canonical actor id with a sector.

``flashpoint.actors.packs`` holds the packs, ``display_name`` and the phrase ``Resolver``;
``flashpoint.actors.stage`` the pipeline stage.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ActorStage"]


def __getattr__(name: str) -> Any:
    # the stage (and spaCy with it) loads on first use: a process that only reads the
    # packs, like the writer of a multi-worker run looking up outlets, never imports spaCy
    if name == "ActorStage":
        from flashpoint.actors.stage import ActorStage

        return ActorStage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
