"""Parse helpers shared by stages that read the dependency tree."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def parsed_text(doc: Doc) -> str:
    """The text a parse was made from, built once per document (``Doc.text`` walks every token
    on each call); the nlp stage records the text it parsed (``remember_text``)."""
    if "parsed_text" not in doc.user_data:
        doc.user_data["parsed_text"] = doc.text
    return doc.user_data["parsed_text"]


def remember_text(doc: Doc, text: str) -> None:
    """Record the text ``doc`` was parsed from, for ``parsed_text``."""
    doc.user_data["parsed_text"] = text


def noun_chunks(sent: Span) -> list[Span]:
    """The base noun phrases of a sentence (``Span.noun_chunks`` walks the whole document's on
    each call; these are found once per document)."""
    doc = sent.doc
    if "noun_chunk_bounds" not in doc.user_data:
        doc.user_data["noun_chunk_bounds"] = [(c.start, c.end) for c in doc.noun_chunks]
    return [doc[a:b] for a, b in doc.user_data["noun_chunk_bounds"] if a >= sent.start and b <= sent.end]


def to_infinitive(verb: Token) -> bool:
    """A to-infinitive: "to" is the verb's auxiliary ("urge India *to* talk")."""
    return any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
