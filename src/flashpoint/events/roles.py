"""Where actors and acts sit in the parse: the mention covering a token, the verb of a measure."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from flashpoint.document import Mention
from flashpoint.lang import load_language

# Nouns of undertaking: "took steps to expel X", "adopted measures to punish Y": the act of the
# infinitive is the subject's, carried out through the steps.
MEASURE_NOUNS = load_language("en").words("measure_nouns")


def mention_map(mentions: Iterable[Mention], sdoc) -> dict[int, Mention]:
    """Token index -> the mention covering it."""
    covered: dict[int, Mention] = {}
    for m in mentions:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            covered.setdefault(tok.i, m)
    return covered


def measure_verb(tok: Token) -> Token | None:
    """The verb taking a measure noun whose purpose this infinitive states: "took steps [to
    expel them]" (the infinitive hangs from the noun or, in some parses, from the verb)."""
    if tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return None
    head = tok.head
    if tok.dep_ in ("acl", "relcl") and head.lemma_.lower() in MEASURE_NOUNS and head.dep_ == "dobj" and head.head.pos_ == "VERB":
        return head.head
    if tok.dep_ == "advcl" and head.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in MEASURE_NOUNS for c in head.children
    ):
        return head
    return None
