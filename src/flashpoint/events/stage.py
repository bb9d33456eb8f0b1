"""The event stage over a batch of documents (see the package docstring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from flashpoint.config import Settings
from flashpoint.document import Document
from flashpoint.events import dates
from flashpoint.events.coder import CoderOptions, EventCoder
from flashpoint.events.lexicon import load_lexicon
from flashpoint.events.model import load_event_model
from flashpoint.geo import load_gazetteer


class EventStage:
    name = "events"
    requires = ("spacy_doc", "mentions")
    produces = ("events",)
    options = frozenset({"model_dir", *CoderOptions.__dataclass_fields__})

    def __init__(self, settings: Settings, model_dir: str | None = None, **options):
        self.settings = settings
        self.coder = EventCoder(load_lexicon(), load_event_model(model_dir), options=CoderOptions(**options),
                                gazetteer=load_gazetteer(settings.pack))  # fmt: skip
        dates.resolve("May 1, 2000", dt.date(2000, 1, 1))  # dateparser builds its tables once, here

    def __call__(self, doc: Document) -> Document:
        doc.events = self.coder.code(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= 16:
                yield from self._code(batch)
                batch = []
        if batch:
            yield from self._code(batch)

    def _code(self, docs: list[Document]) -> Iterator[Document]:
        for doc, events in zip(docs, self.coder.code_many(docs), strict=True):
            doc.events = events
            yield doc
