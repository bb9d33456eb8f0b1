"""Event stage: sentence-level PLOVER events with source, target, status, date and confidence.

Reads ``doc.mentions`` (actor stage) and ``doc.spacy_doc`` (nlp stage), fills ``doc.events``.
Lexicon, cues and model weights are loaded once, when the stage is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from flashpoint.config import Settings
from flashpoint.document import Document
from flashpoint.events import dates
from flashpoint.events.classifier import load_type_model
from flashpoint.events.coder import CoderOptions, EventCoder
from flashpoint.events.lexicon import load_lexicon

__all__ = ["EventStage", "EventCoder", "CoderOptions"]


class EventStage:
    name = "events"

    def __init__(self, settings: Settings, model_dir: str | None = None, model: str | None = None, **options):
        self.settings = settings
        known = {k: v for k, v in options.items() if k in CoderOptions.__dataclass_fields__}
        self.coder = EventCoder(
            load_lexicon(model_dir),
            load_type_model(model),
            pack=settings.pack,
            options=CoderOptions(**known),
        )
        dates.resolve("May 1, 2000", dt.date(2000, 1, 1))  # dateparser builds its tables once, here

    def __call__(self, doc: Document) -> Document:
        doc.events = self.coder.code(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)
