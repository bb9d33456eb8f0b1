"""The one document object every pipeline stage reads and fills.

Stages communicate only through :class:`Document`: ingest sets the text and
metadata, ``nlp`` attaches the spaCy ``Doc`` and sentences, ``actors`` fills
``mentions`` and ``actors``, ``events`` fills ``events``, ``locations`` fills ``places``
and each event's ``location``, ``discourse`` fills
recommendations, references, frames and stances. :mod:`flashpoint.records`
turns a finished document into the record format of the spec.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("asserted", "negated", "hypothetical")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
FRAME_IDS = (
    "economic", "capacity_resources", "morality", "fairness_equality", "legality",
    "policy_prescription", "crime_punishment", "security_defense", "health_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political",
    "external_regulation_reputation", "other",
)  # fmt: skip


def normalise_text(text: str) -> str:
    """Canonical form used for the content hash: NFC, unified newlines, trimmed lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def content_hash(text: str) -> str:
    """Stable 16-hex-digit key of a document's text (whitespace-insensitive at line ends)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A span of text resolved to a canonical actor."""

    start: int
    end: int
    text: str
    actor_id: str
    sector: str | None = None
    kind: str = "name"  # name | demonym | capital | person | party | pronoun | generic | coref
    is_place: bool = False  # a territory mention that does not act
    sentence: int | None = None  # index into Document.sentences
    confidence: float = 1.0


@dataclass
class Event:
    type: str
    source: str | None
    target: str | None
    status: str = "asserted"
    mode: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    date: str | None = None
    date_precision: str | None = None
    quote: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 0.5
    trigger: str | None = None
    location: dict[str, Any] | None = None  # where it happened (geo/locate.py), record shape


@dataclass
class Stance:
    holder: str
    target: str
    polarity: str  # support | oppose | silent
    quote: str = ""
    start: int = 0
    end: int = 0
    basis: str = "statement"  # event | statement | silence


@dataclass
class Recommendation:
    addressee: str | None
    action: str
    quote: str
    start: int
    end: int
    confidence: float = 0.5
    speaker: str | None = None  # None: the author


@dataclass
class Reference:
    id: str
    quote: str
    start: int
    end: int
    method: str = "alias"  # alias | fuzzy | cue | embedding
    score: float = 1.0


@dataclass
class Frame:
    id: str
    score: float


@dataclass
class Document:
    text: str
    doc_id: str | None = None
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    outlet_country: str | None = None
    published: str | None = None  # ISO date
    url: str | None = None
    language: str | None = "en"
    source_path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    # filled by the stages
    spacy_doc: Any = None  # spacy.tokens.Doc, never stored
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)  # geo.places.PlaceMention, text order
    sentence_frames: dict[int, list[Frame]] = field(default_factory=dict)
    sentence_relevance: list[float] = field(default_factory=list)  # to the pack's topic, 0..1
    relevance: float | None = None  # the document's, 0..1 (None: not scored)
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = normalise_text(self.text)
        self.hash = content_hash(self.text)
        if not self.doc_id:
            self.doc_id = self.hash

    def sentence_index(self, offset: int) -> int | None:
        """Index of the sentence containing a character offset."""
        for i, sent in enumerate(self.sentences):
            if sent.start <= offset < sent.end:
                return i
        return None

    def actor_counts(self) -> dict[str, int]:
        """Mention counts of acting parties (places that never act are left out)."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            if not m.is_place:
                counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
        return counts
