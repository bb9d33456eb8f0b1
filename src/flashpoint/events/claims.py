"""Claims of responsibility: an armed group that claims an attack is its author.

Contract: :func:`find_claims` reads a parsed sentence with the actor stage's mentions and
returns the armed groups (mentions of sector REB, other than the generic militants) that
claim an act in it: the subject of a claim verb whose object is a claim object ("The
Resistance Front claimed the attack", "the BLA owned responsibility for the blast"), or the
agent of its passive ("the ambush was claimed by the TTP"). The caller checks that the claim
is asserted ("no outfit claimed responsibility" names nobody).

:func:`attribute` gives the claimant the attacks it claims: the events of the nearest
sentence, the claim's own or up to ``window`` before it, that hold an act of force (ASSAULT,
COERCE) on others than generic militants, with no source or with generic militants as
source. The type and the confidence stay the model's; only the author changes. A claim with no attack to attach makes no event
unless the model read the claim itself as an attack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Span, Token

from flashpoint.actors.armed import GENERIC
from flashpoint.document import Event, Mention
from flashpoint.lang import load_language

CLAIMABLE = frozenset({"ASSAULT", "COERCE"})
RELATIVE = load_language("en").words("relative_pronouns")


def _subject(verb: Token) -> list[Token]:
    """The claimant's words: the subject, or the agent of a passive whose subject is claimed."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects and subjects[0].lower_ in RELATIVE and verb.dep_ == "relcl":
        return [verb.head]  # "the TTP, which claimed the attack"
    if subjects:
        return subjects
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _claims_something(verb: Token, objects: frozenset[str]) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in objects for c in verb.children)


def _claimant(head: Token, tokmap: Mapping[int, Mention]) -> Mention | None:
    """The armed group named by a subject (or its compound or apposition), if any."""
    for w in (head, *(c for c in head.children if c.dep_ in ("compound", "appos"))):
        m = tokmap.get(w.i)
        if m is not None and m.sector == "REB" and m.actor_id not in GENERIC and not m.is_place:
            return m
    return None


def find_claims(sent: Span, tokmap: Mapping[int, Mention], verbs: frozenset[str],
                objects: frozenset[str]) -> list[tuple[Token, Mention]]:  # fmt: skip
    """(claim verb, claimant) pairs of a sentence."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs or not _claims_something(tok, objects):
            continue
        group = next((m for head in _subject(tok) if (m := _claimant(head, tokmap)) is not None), None)
        if group is not None:
            out.append((tok, group))
    return out


def attribute(by_sentence: Sequence[list[Event]], claims: Sequence[tuple[int, Token, Mention]],
              window: int) -> None:  # fmt: skip
    """Give each claimant the attacks of the nearest sentence it claims (in place). The
    claim itself, when the model reads it as an attack with no author, is that attack: it
    goes when an earlier attack is found, and becomes the claimant's when none is."""
    for si, verb, group in claims:
        echoes = {id(e) for e in by_sentence[si] if e.trigger == verb.text and e.source is None}
        for back in range(si, max(-1, si - window - 1), -1):
            hits = [e for e in by_sentence[back] if e.type in CLAIMABLE and e.status == "asserted"
                    and (e.source is None or e.source in GENERIC) and e.target not in GENERIC
                    and id(e) not in echoes]  # fmt: skip
            if hits:
                by_sentence[si][:] = [e for e in by_sentence[si] if id(e) not in echoes]
                break
        else:
            hits = [e for e in by_sentence[si] if id(e) in echoes and e.type in CLAIMABLE]
        for e in hits:
            e.source, e.source_sector, e.source_text = group.actor_id, group.sector, group.text
