"""A pipeline of small replaceable stages over one :class:`~flashpoint.document.Document`.

A stage is any object with a ``name`` and ``__call__(doc) -> doc``; it may also offer
``pipe(docs)`` to work in batches (the spaCy stage does). Stages are looked up by name
in :data:`STAGES`, so a config can swap one for another without touching code.

A stage class declares its contract: ``requires`` (the Document fields it reads that some
earlier stage must fill) and ``produces`` (the fields it fills). :func:`check_settings`
refuses a stage order that breaks a contract, and a stage option the stage does not take,
with one line naming the stage and the option.
"""

from __future__ import annotations

import importlib
import inspect
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
    "relevance": "flashpoint.relevance:RelevanceStage",
}


# Filled when a Document is made, before any stage runs.
DOCUMENT_FIELDS = frozenset({"text", "doc_id", "title", "author", "outlet", "outlet_country", "published", "url",
                             "language", "metadata"})


class PipelineConfigError(ValueError):
    """A stage order or stage option the pipeline cannot run (one line)."""


@runtime_checkable
class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


def stage_class(name: str) -> type:
    """The class of a stage, by registry name or ``module:Class`` path."""
    target = STAGES.get(name, name)
    module_name, _, attr = target.partition(":")
    if not attr:
        raise PipelineConfigError(f"unknown stage {name!r} (known: {', '.join(STAGES)}; or give module:Class)")
    try:
        return getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise PipelineConfigError(f"stage {name!r}: cannot load {target} ({exc})") from exc


def stage_options(cls: type) -> frozenset[str]:
    """The options a stage class takes: its ``options`` attribute, else its keyword parameters."""
    declared = getattr(cls, "options", None)
    if declared is not None:
        return frozenset(declared)
    params = inspect.signature(cls.__init__).parameters.values()
    return frozenset(p.name for p in params if p.name not in ("self", "settings")
                     and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))  # fmt: skip


def check_settings(settings: Settings) -> None:
    """Refuse stage options for stages not in the pipeline or not taken by their stage, and a
    stage whose required fields no earlier stage produces."""
    for name in settings.stage_options:
        if name not in settings.stages:
            raise PipelineConfigError(f"stage_options.{name}: no such stage in stages ({', '.join(settings.stages)})")
    filled = set(DOCUMENT_FIELDS)
    for name in settings.stages:
        cls = stage_class(name)
        known = stage_options(cls)
        unknown = sorted(set(settings.stage_options.get(name) or {}) - known)
        if unknown:
            raise PipelineConfigError(f"stage_options.{name}: unknown option {unknown[0]!r} "
                                      f"(known: {', '.join(sorted(known)) or 'none'})")  # fmt: skip
        missing = [f for f in getattr(cls, "requires", ()) if f not in filled]
        if missing:
            raise PipelineConfigError(f"stage {name!r} needs doc.{missing[0]}, which no stage before it produces "
                                      f"(stages: {', '.join(settings.stages)})")  # fmt: skip
        filled.update(getattr(cls, "produces", ()))


def load_stage(name: str, settings: Settings) -> Stage:
    """Instantiate a stage by registry name or ``module:Class`` path."""
    return stage_class(name)(settings, **(settings.stage_options.get(name) or {}))


class Pipeline:
    def __init__(self, stages: list[Stage]):
        self.stages = stages

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        check_settings(settings)
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
