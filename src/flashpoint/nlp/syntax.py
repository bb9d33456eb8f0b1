"""Parse helpers shared by stages that read the dependency tree."""

from __future__ import annotations

from spacy.tokens import Token


def to_infinitive(verb: Token) -> bool:
    """A to-infinitive: "to" is the verb's auxiliary ("urge India *to* talk")."""
    return any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
