"""Actor stage: resolve every mention to a canonical actor id with a sector.

``flashpoint.actors.packs`` holds the packs, ``display_name`` and the phrase ``Resolver``;
``flashpoint.actors.stage`` the pipeline stage.
"""

from __future__ import annotations

from flashpoint.actors.stage import ActorStage

__all__ = ["ActorStage"]
