"""A pipeline of small replaceable stages over one :class:`~flashpoint.document.Document`.

A stage is any object with a ``name`` and ``__call__(doc) -> doc``; it may also offer
``pipe(docs)`` to work in batches (the spaCy stage does). Stages are looked up by name
in :data:`STAGES`, so a config can swap one for another without touching code.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from flashpoint.config import Settings
from flashpoint.document import Document

STAGES: dict[str, str] = {
    "nlp": "flashpoint.nlp:NlpStage",
    "actors": "flashpoint.actors:ActorStage",
    "events": "flashpoint.events:EventStage",
    "locations": "flashpoint.geo.locate:LocationStage",
    "discourse": "flashpoint.discourse:DiscourseStage",
}


@runtime_checkable
class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


def load_stage(name: str, settings: Settings) -> Stage:
    """Instantiate a stage by registry name or ``module:Class`` path."""
    target = STAGES.get(name, name)
    module_name, _, attr = target.partition(":")
    cls = getattr(importlib.import_module(module_name), attr)
    return cls(settings, **settings.stage_options.get(name, {}))


class Pipeline:
    def __init__(self, stages: list[Stage]):
        self.stages = stages

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        return cls([load_stage(name, settings) for name in settings.stages])

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        """Run every stage over the documents, batch by batch, recording per-stage time."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[Document]:
        for stage in self.stages:
            started = time.perf_counter()
            pipe = getattr(stage, "pipe", None)
            batch = list(pipe(batch)) if pipe else [stage(d) for d in batch]
            share = (time.perf_counter() - started) / max(len(batch), 1)
            for doc in batch:
                doc.timings[stage.name] = doc.timings.get(stage.name, 0.0) + share
        return batch
