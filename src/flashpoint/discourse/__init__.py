"""Discourse stage: recommendations, references, frames and stances of a document.

Four small components, each in its own module, run in this order over one Document
(they read ``doc.spacy_doc``, ``doc.sentences``, ``doc.mentions`` and ``doc.events``):

* :mod:`~flashpoint.discourse.recommendations` fills ``doc.recommendations``;
* :mod:`~flashpoint.discourse.references` fills ``doc.references``;
* :mod:`~flashpoint.discourse.frames` fills ``doc.frames`` and ``doc.sentence_frames``;
* :mod:`~flashpoint.discourse.stances` fills ``doc.stances``.

Options (``stage_options.discourse`` in pipeline.yaml): ``embeddings`` (bool, use the
MiniLM matcher for paraphrased references), ``reference_threshold`` (cosine, default
0.62), ``max_embedding_sentences`` (per document, default 3), ``advice_can`` (bool, count
"X can join ..." advice), ``silence_default_target`` (default: the pack's ``default_target``),
``prescription_head`` (bool, default false: let the event model's prescription head decide
which sentences the cues flag recommend an act; see docs/discourse.md for why it is off) and
``prescription_threshold`` (default 0.5).
"""

from __future__ import annotations

from flashpoint.config import Settings
from flashpoint.discourse.frames import FrameScorer
from flashpoint.discourse.recommendations import RecommendationFinder
from flashpoint.discourse.references import ReferenceMatcher
from flashpoint.discourse.stances import StanceFinder
from flashpoint.document import Document

__all__ = ["DiscourseStage"]


class DiscourseStage:
    name = "discourse"
    requires = ("spacy_doc", "mentions", "events")  # stances read the events
    produces = ("recommendations", "references", "frames", "sentence_frames", "stances")

    def __init__(
        self,
        settings: Settings,
        embeddings: bool = True,
        reference_threshold: float = 0.62,
        max_embedding_sentences: int = 3,
        advice_can: bool = True,
        silence_default_target: str | None = None,
        prescription_head: bool = False,
        prescription_threshold: float = 0.5,
    ):
        self.settings = settings
        model = None
        if prescription_head:
            from flashpoint.events.model import load_event_model

            model = load_event_model()
        self.recommendations = RecommendationFinder(settings.outlet_country, advice_can=advice_can, model=model,
                                                    threshold=prescription_threshold)  # fmt: skip
        self.references = ReferenceMatcher(
            settings.pack,
            embeddings=embeddings,
            threshold=reference_threshold,
            max_candidates=max_embedding_sentences,
        )
        self.references.warm_up()
        self.frames = FrameScorer()
        from flashpoint.actors.packs import load_pack

        self.stances = StanceFinder(silence_default_target or load_pack(settings.pack).default_target)

    def __call__(self, doc: Document) -> Document:
        doc.recommendations = self.recommendations(doc)
        doc.references = self.references(doc)
        doc.frames, doc.sentence_frames = self.frames(doc)
        doc.stances = self.stances(doc)
        return doc
