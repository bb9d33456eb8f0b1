"""Recommendation scoring: overlapping quotes (or offsets), then addressee accuracy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from flashpoint.evaluate.counts import Counts
from flashpoint.evaluate.matching import match

MIN_OVERLAP = 0.5


def normalise_quote(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def text_overlap(a: str, b: str) -> float:
    """Longest common substring length over the shorter string's length."""
    if not a or not b:
        return 0.0
    block = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return block.size / min(len(a), len(b))


def span(item: dict[str, Any]) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and end > start:
        return start, end
    return None


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(shared, 0) / min(a[1] - a[0], b[1] - b[0])


def overlap(gold: dict[str, Any], system: dict[str, Any]) -> float:
    """Quote overlap; offsets stand in when either quote is left out."""
    gold_quote = normalise_quote(gold.get("quote"))
    system_quote = normalise_quote(system.get("quote"))
    if gold_quote and system_quote:
        return text_overlap(gold_quote, system_quote)
    gold_span, system_span = span(gold), span(system)
    if gold_span and system_span:
        return span_overlap(gold_span, system_span)
    return 0.0


def compatible(gold: dict[str, Any], system: dict[str, Any]) -> float | None:
    value = overlap(gold, system)
    return value if value >= MIN_OVERLAP else None


def addressee_ok(gold: dict[str, Any], system: dict[str, Any]) -> bool:
    wanted = gold.get("addressee")
    options = wanted if isinstance(wanted, list) else [wanted]
    options = [o.upper() if isinstance(o, str) else o for o in options]
    got = system.get("addressee")
    return (got.upper() if isinstance(got, str) else got) in options


@dataclass
class RecommendationScores:
    counts: Counts = field(default_factory=Counts)
    pairs: int = 0
    right_addressee: int = 0

    def add_document(self, gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> None:
        optional = [bool(g.get("optional")) for g in gold]
        pairs = match(gold, system, compatible, optional)
        hits = sum(1 for i, _ in pairs if not optional[i])
        self.counts.add(
            Counts(tp=hits, fp=len(system) - len(pairs), fn=optional.count(False) - hits)
        )
        for i, j in pairs:
            self.pairs += 1
            self.right_addressee += addressee_ok(gold[i], system[j])

    def as_dict(self) -> dict[str, Any]:
        accuracy = self.right_addressee / self.pairs if self.pairs else 0.0
        return {
            **self.counts.as_dict(),
            "addressee_accuracy": round(accuracy, 4),
            "addressee_pairs": self.pairs,
        }
