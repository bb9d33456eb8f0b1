"""Scoring system document records against gold records (``flashpoint evaluate``).

Documents are paired by ``doc_id``; each task is scored per document and the counts
are summed over documents (micro-average). See ``docs/evaluate.md`` for the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flashpoint.evaluate.counts import Counts
from flashpoint.evaluate.events import EventScores
from flashpoint.evaluate.locations import LocationScores
from flashpoint.evaluate.quadclass import QUADCLASS, quadclass
from flashpoint.evaluate.recommendations import RecommendationScores
from flashpoint.evaluate.records_io import EvaluationInputError, load_records
from flashpoint.evaluate.sets import actor_sets, reference_sets, score_sets, top_frames

TASKS = ("actors", "events", "recommendations", "references", "frames", "location")

__all__ = [
    "QUADCLASS",
    "TASKS",
    "EvaluationInputError",
    "load_records",
    "quadclass",
    "score",
    "score_files",
]


def score(
    gold_records: Iterable[dict[str, Any]], system_records: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """Scores of every task; gold documents missing from the system count as all misses.

    A task is scored only on the gold documents that carry its key (an empty list is an
    annotation saying "none"); ``scope`` spans in a gold record limit which system events
    and recommendations are scored.
    """
    gold = {r["doc_id"]: r for r in gold_records}
    system = {r["doc_id"]: r for r in system_records}
    actors, references, frames = Counts(), Counts(), Counts()
    events, recommendations = EventScores(), RecommendationScores()
    locations = LocationScores()
    out_of_scope = 0
    annotated = dict.fromkeys(TASKS, 0)
    for doc_id, g in gold.items():
        s = system.get(doc_id, {})
        # A task whose key is absent from a gold record was not annotated there.
        for task in TASKS:
            annotated[task] += task in g or (task == "actors" and "optional_actors" in g)
        if "actors" in g or "optional_actors" in g:
            ids, optional = actor_sets(g)
            actors.add(score_sets(ids, optional, actor_sets(s)[0]))
        if "references" in g:
            ids, optional = reference_sets(g)
            references.add(score_sets(ids, optional, reference_sets(s)[0]))
        if "frames" in g:
            frames.add(score_sets(top_frames(g), set(), top_frames(s)))
        if "location" in g:
            locations.add_document(g["location"] or {}, s)
        for key, scores in (("events", events), ("recommendations", recommendations)):
            if key in g:
                items = s.get(key) or []
                kept = in_scope(g, items)
                out_of_scope += len(items) - len(kept)
                scores.add_document(g[key] or [], kept)
    missing = sorted(set(gold) - set(system))
    return {
        "documents": {
            "gold": len(gold),
            "system": len(system),
            "matched": len(gold) - len(missing),
            "missing": missing,
            "ignored": len(set(system) - set(gold)),
            "out_of_scope_items": out_of_scope,
        },
        "actors": {**actors.as_dict(), "documents": annotated["actors"]},
        "events": {**events.as_dict(), "documents": annotated["events"]},
        "recommendations": {**recommendations.as_dict(), "documents": annotated["recommendations"]},
        "references": {**references.as_dict(), "documents": annotated["references"]},
        "frames": {**frames.as_dict(), "documents": annotated["frames"]},
        **({"location": {**locations.as_dict(), "documents": annotated["location"]}}
           if annotated["location"] else {}),
    }


def in_scope(gold: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """System events or recommendations inside the gold ``scope`` spans (all when unscoped).

    An item without usable offsets cannot be placed and is kept.
    """
    spans = gold.get("scope")
    if not spans:
        return items
    kept = []
    for item in items:
        start, end = item.get("start"), item.get("end")
        placed = isinstance(start, int) and isinstance(end, int) and end > start
        if not placed or any(s <= start < e for s, e in spans):
            kept.append(item)
    return kept


def score_files(gold_path: str, system_path: str) -> dict[str, Any]:
    """:func:`score` of two JSON Lines files (raises :class:`EvaluationInputError`)."""
    return score(load_records(gold_path), load_records(system_path))
