"""One event per (source, type, target, status) in a document, shared by the event stage and
the locations stage's second pass (once local forces have their state)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any


def event_key(event: Any) -> tuple:
    return (event.source, event.type, event.target, event.status)


def one_per_key(events: list, preferred: Collection[int] = frozenset()) -> list:
    """The first report of each key (a report leads with the act; a later sentence that repeats
    it tends to drop its place and day), unless a later copy is ``preferred`` (ids) and the first
    is not; the events keep their order."""
    best: dict[tuple, Any] = {}
    for e in events:
        key = event_key(e)
        if key not in best or (id(e) in preferred and id(best[key]) not in preferred):
            best[key] = e
    keep = {id(e) for e in best.values()}
    return [e for e in events if id(e) in keep]
