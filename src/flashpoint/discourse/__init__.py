"""Discourse stage: recommendations, references, frames, stances (placeholder)."""

from __future__ import annotations

from flashpoint.config import Settings
from flashpoint.document import Document


class DiscourseStage:
    name = "discourse"

    def __init__(self, settings: Settings, **options):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return doc
