"""Set-valued tasks: actors, references and frames (ids per document)."""

from __future__ import annotations

from typing import Any

from flashpoint.evaluate.counts import Counts

TOP_FRAMES = 3


def item_id(item: Any) -> str:
    return item if isinstance(item, str) else item["id"]


def score_sets(gold: set[str], optional: set[str], system: set[str]) -> Counts:
    """Counts of one document: optional ids are neither hits, misses nor false alarms."""
    required = gold - optional
    return Counts(
        tp=len(required & system),
        fp=len(system - required - optional),
        fn=len(required - system),
    )


def actor_sets(record: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(ids, optional ids) of a record's actors."""
    ids = {item_id(a) for a in record.get("actors") or []}
    return ids, {item_id(a) for a in record.get("optional_actors") or []}


def reference_sets(record: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(ids, optional ids): an id is optional only when all its entries are optional."""
    items = record.get("references") or []
    ids = {item_id(r) for r in items}
    required = {item_id(r) for r in items if not (isinstance(r, dict) and r.get("optional"))}
    return ids, ids - required


def top_frames(record: dict[str, Any], k: int = TOP_FRAMES) -> set[str]:
    """The ``k`` best frames: by score when every frame has one, else in listed order."""
    items = [f if isinstance(f, dict) else {"id": f} for f in record.get("frames") or []]
    if items and all(isinstance(f.get("score"), int | float) for f in items):
        items = sorted(items, key=lambda f: -f["score"])  # stable: ties keep listed order
    return {f["id"] for f in items[:k]}
