"""The cue words of the event coder (negation, modality, prescription, reporting verbs), read
from the language data in ``flashpoint/lang`` that every stage shares. Another language is
another folder there."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flashpoint.lang import Language, load_language

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "events"


@dataclass
class Lexicon:
    language: Language

    def cue(self, name: str) -> frozenset[str]:
        return self.language.words(name)


@lru_cache(maxsize=4)
def load_lexicon(language: str = "en") -> Lexicon:
    return Lexicon(load_language(language))
