"""Event stage: sentence-level PLOVER events (placeholder until the coder lands)."""

from __future__ import annotations

from flashpoint.config import Settings
from flashpoint.document import Document


class EventStage:
    name = "events"

    def __init__(self, settings: Settings, **options):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return doc
