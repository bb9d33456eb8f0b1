"""Scales the analyses share: QuadClass of each PLOVER type and cooperation–conflict weights."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from flashpoint.document import PLOVER_TYPES
from flashpoint.evaluate.quadclass import (
    MATERIAL_CONFLICT,
    MATERIAL_COOPERATION,
    QUADCLASS,
    VERBAL_CONFLICT,
    VERBAL_COOPERATION,
    quadclass,
)

# One QuadClass table for the project: the scorer's (REQUEST counts as verbal cooperation).
QUADCLASSES = (VERBAL_COOPERATION, MATERIAL_COOPERATION, VERBAL_CONFLICT, MATERIAL_CONFLICT)
__all__ = ["QUADCLASS", "QUADCLASSES", "Weights", "load_weights", "quadclass"]


@dataclass(frozen=True)
class Weights:
    events: dict[str, float]
    stances: dict[str, float]
    silence_types: frozenset[str]
    speaking_types: frozenset[str] = frozenset()

    def event(self, event_type: str | None) -> float:
        return self.events.get(event_type or "", 0.0)


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> Weights:
    """Weights from ``weights.yaml`` (the packaged one unless a path is given)."""
    if path:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    else:
        raw = yaml.safe_load(
            resources.files("flashpoint.analysis").joinpath("weights.yaml").read_text()
        )
    events = {str(k).upper(): float(v) for k, v in (raw.get("events") or {}).items()}
    unknown = set(events) - set(PLOVER_TYPES)
    if unknown:
        raise ValueError(f"weights: unknown event types {sorted(unknown)}")
    return Weights(
        events=events,
        stances={str(k): float(v) for k, v in (raw.get("stances") or {}).items()},
        silence_types=frozenset(str(t).upper() for t in raw.get("silence_types") or ()),
        speaking_types=frozenset(str(t).upper() for t in raw.get("speaking_types") or ()),
    )
