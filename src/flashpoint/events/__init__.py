"""Event stage: sentence-level PLOVER events with source, target, status, date and confidence.

Reads ``doc.mentions`` (actor stage) and ``doc.spacy_doc`` (nlp stage), fills ``doc.events``.
The event model (int8 ONNX) and the status cues are loaded once, when the stage is built;
the model reads one clause per call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashpoint.events.coder import CoderOptions, EventCoder
    from flashpoint.events.stage import EventStage

__all__ = ["EventStage", "EventCoder", "CoderOptions"]


def __getattr__(name: str):
    """Load the stage (and spaCy) on first use, so the model and data modules import light."""
    if name == "EventStage":
        from flashpoint.events.stage import EventStage

        return EventStage
    if name in ("EventCoder", "CoderOptions"):
        from flashpoint.events import coder

        return getattr(coder, name)
    raise AttributeError(name)
