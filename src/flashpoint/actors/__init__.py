"""Actor stage: resolve every mention to a canonical actor id (placeholder until the packs land)."""

from __future__ import annotations

from flashpoint.config import Settings
from flashpoint.document import Document


class ActorStage:
    name = "actors"

    def __init__(self, settings: Settings, **options):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return doc
