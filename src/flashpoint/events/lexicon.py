"""Status cues of the event coder (negation, modality, prescription, reporting verbs), read
once from ``cues.yaml`` beside the event model. Language data, not code: another language
is another cue file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "events"


@dataclass
class Lexicon:
    cues: dict[str, Any]

    def cue(self, name: str) -> frozenset[str]:
        return frozenset(self.cues.get(name, ()))


@lru_cache(maxsize=4)
def load_lexicon(model_dir: str | None = None) -> Lexicon:
    root = Path(model_dir) if model_dir else MODEL_DIR
    return Lexicon(yaml.safe_load((root / "cues.yaml").read_text(encoding="utf-8")) or {})
