"""Running totals an engine keeps while documents stream through it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flashpoint.document import Document


@dataclass
class EngineStats:
    documents: int = 0
    failed: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed over documents

    def add(self, doc: Document) -> None:
        self.documents += 1
        for stage, seconds in doc.timings.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    def shares(self) -> dict[str, float]:
        """Each stage's fraction of the pipeline time."""
        total = sum(self.stage_seconds.values()) or 1.0
        return {stage: s / total for stage, s in self.stage_seconds.items()}
