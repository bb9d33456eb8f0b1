"""Scoring system document records against gold records (``flashpoint evaluate``).

Documents are paired by ``doc_id``; each task is scored per document and the counts
are summed over documents (micro-average). See ``docs/evaluate.md`` for the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flashpoint.evaluate.counts import Counts
from flashpoint.evaluate.events import EventScores
from flashpoint.evaluate.quadclass import QUADCLASS, quadclass
from flashpoint.evaluate.recommendations import RecommendationScores
from flashpoint.evaluate.records_io import EvaluationInputError, load_records
from flashpoint.evaluate.sets import actor_sets, reference_sets, score_sets, top_frames

TASKS = ("actors", "events", "recommendations", "references", "frames")

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
    """Scores of every task; gold documents missing from the system count as all misses."""
    gold = {r["doc_id"]: r for r in gold_records}
    system = {r["doc_id"]: r for r in system_records}
    actors, references, frames = Counts(), Counts(), Counts()
    events, recommendations = EventScores(), RecommendationScores()
    out_of_scope = 0
    for doc_id, g in gold.items():
        s = system.get(doc_id, {})
        s_events, s_recs = (
            in_scope(g, s.get("events") or []),
            in_scope(g, s.get("recommendations") or []),
        )
        out_of_scope += len(s.get("events") or []) - len(s_events)
        out_of_scope += len(s.get("recommendations") or []) - len(s_recs)
        ids, optional = actor_sets(g)
        actors.add(score_sets(ids, optional, actor_sets(s)[0]))
        ids, optional = reference_sets(g)
        references.add(score_sets(ids, optional, reference_sets(s)[0]))
        frames.add(score_sets(top_frames(g), set(), top_frames(s)))
        events.add_document(g.get("events") or [], s_events)
        recommendations.add_document(g.get("recommendations") or [], s_recs)
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
        "actors": actors.as_dict(),
        "events": events.as_dict(),
        "recommendations": recommendations.as_dict(),
        "references": references.as_dict(),
        "frames": frames.as_dict(),
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
