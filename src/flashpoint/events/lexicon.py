"""Trigger lexicon and status cues, read once from the YAML files beside the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PREPOSITIONS = frozenset({"for", "on", "to", "upon", "with", "against", "from", "by"})
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "events"


@dataclass(frozen=True)
class TriggerEntry:
    """One sense of a trigger lemma."""

    types: tuple[str, ...]
    mode: str | None = None
    requires: tuple[str, ...] = ()  # particles/prepositions that must accompany the lemma
    objects: dict[str, str | None] = field(default_factory=dict)  # object lemma -> type (None: no event)
    absorb: bool = False  # the complement clause belongs to this act
    heads: frozenset[str] = frozenset()  # nouns: a trigger only under these verbs ("the ceasefire held")
    of_agent: bool = False  # nouns: the of-object acts ("the withdrawal of the troops")
    mutual: bool = False  # two parties with no target act toward each other ("the ceasefire held")
    directed: bool = False  # two parties act toward a third, never each other ("neither accepted the offer")
    topic_object: bool = False  # the direct object is a topic, not a party ("discussed Kashmir")
    future_only: bool = False  # an act only when announced for the future ("will respond"): a THREATEN


def _entry(key: str, value: Any) -> tuple[str, TriggerEntry]:
    words = key.split()
    if isinstance(value, (str, list)):
        value = {"type": value}
    types = value["type"]
    types = (types,) if isinstance(types, str) else tuple(types)
    return words[0], TriggerEntry(
        types=types,
        mode=value.get("mode"),
        requires=tuple(words[1:]),
        objects=dict(value.get("objects") or {}),
        absorb=bool(value.get("absorb", False)),
        heads=frozenset(value.get("heads") or ()),
        of_agent=bool(value.get("of_agent", False)),
        mutual=bool(value.get("mutual", False)),
        directed=bool(value.get("directed", False)),
        topic_object=bool(value.get("topic_object", False)),
        future_only=bool(value.get("future_only", False)),
    )


@dataclass
class Lexicon:
    verbs: dict[str, list[TriggerEntry]]
    nouns: dict[str, list[TriggerEntry]]
    phrases: dict[tuple[str, ...], TriggerEntry]  # multi-word noun triggers, matched on lemmas
    light_verbs: frozenset[str]
    cues: dict[str, Any]
    adjectives: dict[str, list[TriggerEntry]] = field(default_factory=dict)  # "is deeply concerned about X"
    verdicts: dict[str, Any] = field(default_factory=dict)  # "called the strikes an act of war"
    definite_agents: tuple[str, ...] = ()  # "the foreign ministry": the party the text follows
    course_verbs: tuple[str, ...] = ()  # "the talks ended": verbs reporting how a meeting went

    def cue(self, name: str) -> frozenset[str]:
        return frozenset(self.cues.get(name, ()))


def _group(section: dict[str, Any]) -> dict[str, list[TriggerEntry]]:
    grouped: dict[str, list[TriggerEntry]] = {}
    for key, value in (section or {}).items():
        lemma, entry = _entry(key, value)
        grouped.setdefault(lemma, []).append(entry)
    for entries in grouped.values():  # entries with requirements are tried first
        entries.sort(key=lambda e: -len(e.requires))
    return grouped


@lru_cache(maxsize=4)
def load_lexicon(model_dir: str | None = None) -> Lexicon:
    root = Path(model_dir) if model_dir else MODEL_DIR
    raw = yaml.safe_load((root / "triggers.yaml").read_text(encoding="utf-8"))
    cues = yaml.safe_load((root / "cues.yaml").read_text(encoding="utf-8"))
    nouns_raw = dict(raw.get("nouns") or {})
    phrases: dict[tuple[str, ...], TriggerEntry] = {}
    for key in [k for k in nouns_raw if len(k.split()) > 1 and k.split()[1] not in PREPOSITIONS]:
        phrases[tuple(key.split())] = _entry(key, nouns_raw.pop(key))[1]
    verbs, nouns = _group(raw.get("verbs", {})), _group(nouns_raw)
    return Lexicon(
        verbs, nouns, phrases,
        light_verbs=frozenset(raw.get("light_verbs", [])),
        cues=cues,
        adjectives=_group(raw.get("adjectives", {})),
        verdicts=dict(raw.get("verdicts") or {}),
        definite_agents=tuple(raw.get("definite_agents") or ()),
        course_verbs=tuple(raw.get("course_verbs") or ()),
    )  # fmt: skip
