"""Relevance of each sentence and document to the pack's topic (``packs/<pack>/topic.yaml``).

A sentence's own score adds the weights of the topic signals it holds, capped at 1: a place
of the conflict (places.yaml groups named by the topic), an actor of the conflict, an entry
of the archive (references.yaml), key terms, and the two parties (both together weigh as
much as a place; alone, the other one than the writer's country weighs more than the
writer's own, and either one little for a writer of neither). A sentence near an
on-topic one in the same paragraph takes ``decay ** distance`` of that one's score, so the
sentences that carry a Kashmir passage on ("They have all been spurned") count with it.
A document's score grows with the mass of its relevant sentences: 1 - exp(-mass / 2).
Items (events, stances, recommendations) take the score of their sentence; analyses keep
those at or above ``RELEVANT``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from flashpoint.config import Settings
from flashpoint.document import Document, Sentence

RELEVANT = 0.5  # a sentence (or document) at or above this score is on the topic
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n[ \t]+\S")  # a blank line, or an indented line


def _read(pack: str, name: str) -> Any:
    path = resources.files("flashpoint").joinpath("packs", pack, name)
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def _phrases(items: list[str], flags: int = 0) -> re.Pattern[str] | None:
    if not items:
        return None
    alternatives = sorted({str(i) for i in items}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", flags)


@dataclass
class Topic:
    """A pack's topic, read from its topic.yaml and the pack data it names."""

    name: str = ""
    places: re.Pattern[str] | None = None
    actors: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()
    references_except: frozenset[str] = frozenset()
    terms: list[tuple[re.Pattern[str], float]] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    decay: float = 0.7
    expected_speakers: tuple[str, ...] = ()

    @classmethod
    def load(cls, pack: str = "kashmir") -> Topic:
        raw = _read(pack, "topic.yaml")
        if raw is None:
            raise ValueError(f"pack '{pack}' declares no topic (no topic.yaml)")
        places = _read(pack, "places.yaml") or {}
        generic = set(raw.get("generic_places") or [])
        aliases = [a for group in raw.get("places") or [] for a in places.get(group, {}).get("aliases", [])
                   if a not in generic]  # fmt: skip
        terms = [
            (_phrases([p for p in block.get("patterns") or []], re.I), float(block["weight"]))
            for block in raw.get("terms") or []
        ]
        return cls(
            name=raw.get("name", pack),
            places=_phrases([re.escape(a) for a in aliases]),
            actors=frozenset(raw.get("actors") or []),
            parties=frozenset(raw.get("parties") or []),
            references_except=frozenset(raw.get("references_except") or []),
            terms=[(rx, w) for rx, w in terms if rx is not None],
            weights={k: float(v) for k, v in (raw.get("weights") or {}).items()},
            decay=float(raw.get("decay", 0.7)),
            expected_speakers=tuple(raw.get("expected_speakers") or []),
        )


@lru_cache(maxsize=8)
def load_topic(pack: str = "kashmir") -> Topic:
    return Topic.load(pack)


def own_score(topic: Topic, text: str, actors: set[str], refs: set[str],
              writer: str | None) -> float:  # fmt: skip
    """A sentence's own score from its text, the actors it names and the archive entries."""
    w = topic.weights
    score = 0.0
    if topic.places is not None and topic.places.search(text):
        score += w.get("place", 1.0)
    if actors & topic.actors:
        score += w.get("actor", 1.0)
    if refs - topic.references_except:
        score += w.get("reference", 1.0)
    for rx, weight in topic.terms:
        score += weight * len({m.group(0).lower() for m in rx.finditer(text)})
    parties = actors & topic.parties
    if len(parties) >= 2:
        score += w.get("both_parties", 1.0)
    elif parties:
        if writer not in topic.parties:  # a writer of neither country, or of one unknown
            score += w.get("one_party", 0.3)
        else:
            score += w.get("own_party", 0.15) if parties == {writer} else w.get("counterpart", 0.6)
    return min(score, 1.0)


def paragraphs(text: str, sentences: list[Sentence]) -> list[int]:
    """Paragraph number of each sentence (a blank or indented line starts a paragraph)."""
    out, number, previous_end = [], 0, None
    for s in sentences:
        if previous_end is not None and PARAGRAPH_BREAK.search(text, previous_end, s.start + 1):
            number += 1
        out.append(number)
        previous_end = s.end
    return out


def smooth(scores: list[float], paras: list[int], decay: float) -> list[float]:
    """Each sentence takes the best of its own score and its paragraph neighbours' decayed."""
    out = []
    for i, para in enumerate(paras):
        best = scores[i]
        for step in (-1, 1):
            j, factor = i + step, decay
            while 0 <= j < len(scores) and paras[j] == para and factor > best:
                best = max(best, factor * scores[j])
                j, factor = j + step, factor * decay
        out.append(round(best, 3))
    return out


def document_score(sentence_scores: list[float]) -> float:
    mass = sum(s for s in sentence_scores if s >= RELEVANT)
    return round(1.0 - math.exp(-mass / 2.0), 3)


def score_document(doc: Document, topic: Topic) -> tuple[list[float], float]:
    """Scores of the document's sentences and of the document."""
    n = len(doc.sentences)
    actors: list[set[str]] = [set() for _ in range(n)]
    refs: list[set[str]] = [set() for _ in range(n)]
    for m in doc.mentions:
        i = m.sentence if m.sentence is not None else doc.sentence_index(m.start)
        if i is not None and 0 <= i < n and not m.is_place:
            actors[i].add(m.actor_id)
    for r in doc.references:
        i = doc.sentence_index(r.start)
        if i is not None:
            refs[i].add(r.id)
    own = [own_score(topic, s.text, actors[i], refs[i], doc.outlet_country)
           for i, s in enumerate(doc.sentences)]  # fmt: skip
    scores = smooth(own, paragraphs(doc.text, doc.sentences), topic.decay)
    return scores, document_score(scores)


class RelevanceStage:
    """Pipeline stage: ``doc.sentence_relevance`` and ``doc.relevance`` from the pack's topic
    (a pack without a topic.yaml leaves them empty: every item then counts as relevant)."""

    name = "relevance"
    requires = ("sentences", "mentions", "references")
    produces = ("sentence_relevance", "relevance")

    def __init__(self, settings: Settings | None = None, pack: str | None = None):
        pack = pack or (settings.pack if settings else "kashmir")
        try:
            self.topic: Topic | None = load_topic(pack)
        except ValueError:
            self.topic = None

    def __call__(self, doc: Document) -> Document:
        if self.topic is not None and doc.sentences:
            doc.sentence_relevance, doc.relevance = score_document(doc, self.topic)
        return doc
