"""What the event model reads: a sentence, or its coordinated predicates one at a time.

The model gives one type per text. A sentence that joins two acts with their own objects
("X backed the Kurds and condemned Turkey") is read as two clauses, the second with the
subject it shares ("X condemned India"); the rest of the sentence is the main clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

ARGUMENT_DEPS = frozenset({"dobj", "prep", "ccomp", "xcomp", "attr", "acomp", "dative", "agent", "oprd"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
EDGE_DEPS = frozenset({"cc", "punct"})
OBJECT_DEPS = frozenset({"dobj", "dative", "prep"})  # a verb with these before its complement controls it by its object
TENSED = frozenset({"VBD", "VBZ", "VBP", "MD"})  # fine-grained tags of a verb with its own tense


@dataclass
class Clause:
    tokens: list[Token]  # in text order
    predicate: Token | None  # the verb of a split-off conjunct; None for the main clause
    text: str = ""
    starts: tuple[int, ...] = ()  # offset of each token in ``text``

    def __post_init__(self) -> None:
        parts, starts, pos = [], [], 0
        for k, tok in enumerate(self.tokens):
            starts.append(pos)
            gap = tok.whitespace_ if k + 1 < len(self.tokens) and self.tokens[k + 1].i == tok.i + 1 else " "
            piece = tok.text + (gap if k + 1 < len(self.tokens) else "")
            parts.append(piece)
            pos += len(piece)
        self.text, self.starts = "".join(parts), tuple(starts)
        self._where = {tok.i: k for k, tok in enumerate(self.tokens)}

    def span_of(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """The [start, end) of a document character span in ``text`` (None: not in this clause)."""
        inside = [k for k, t in enumerate(self.tokens) if t.idx < end_char and t.idx + len(t) > start_char]
        if not inside:
            return None
        first, last = inside[0], inside[-1]
        return self.starts[first], self.starts[last] + len(self.tokens[last])

    def __contains__(self, tok: Token) -> bool:
        return tok.i in self._where


def _own_arguments(verb: Token) -> bool:
    return any(c.dep_ in ARGUMENT_DEPS for c in verb.children)


def split_points(sent: Span) -> list[Token]:
    """Verbs coordinated with another verb, each with arguments of its own. (Splitting off
    adverbial and relative clauses with their own subject too measured no better on the
    development sets.)"""
    return [t for t in sent if t.dep_ == "conj" and t.pos_ == "VERB" and t.head.pos_ in ("VERB", "AUX")
            and _own_arguments(t) and _own_arguments(t.head)]  # fmt: skip


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def tensed_partner(verb: Token) -> Token | None:
    """The tensed verb a tensed conjunct goes with when the parse hangs it under an infinitive
    or a participle ("The Secretary underlined the need to condemn the attack and asked X to
    help": "asked" goes with "underlined", not with "to condemn"); None elsewhere."""
    if verb.dep_ != "conj" or not _tensed(verb):
        return None
    up = _first_conjunct(verb)
    if _tensed(up):
        return None  # "troops were shelling villages and killed two": one subject
    while up.head.i != up.i and not _tensed(up):
        up = up.head
    return up if _tensed(up) else None


def _tensed(verb: Token) -> bool:
    """A verb with a tense of its own or through its auxiliary ("asked", "were shelling")."""
    return verb.pos_ in ("VERB", "AUX") and (
        verb.tag_ in TENSED or any(c.dep_ in ("aux", "auxpass") and c.tag_ in TENSED for c in verb.children))


def _subject_holder(verb: Token) -> Token:
    """The verb whose subject a conjunct shares: its first conjunct, or, when that is an open
    complement with no subject of its own, the verb whose subject controls it ("Pakistan
    denied launching the attack and accused India": Pakistan accused; not "X urged Y to
    stop and pull back", where Y does both)."""
    if (partner := tensed_partner(verb)) is not None:
        return partner
    first = _first_conjunct(verb)
    for _ in range(2):
        if first.dep_ != "xcomp" or any(c.dep_ in SUBJECT_DEPS for c in first.children) or first.head.i == first.i:
            break
        if any(c.dep_ in OBJECT_DEPS and c.i < first.i for c in first.head.children):
            break  # "urged the sides to stop and pull back": the object stops, not the subject
        first = _first_conjunct(first.head)
    return first


def _trim(tokens: list[Token]) -> list[Token]:
    """Without the "and" or comma left at either edge by a carved-out conjunct."""
    while tokens and (tokens[-1].dep_ == "cc" or tokens[-1].text in (",", ";", ":")):
        tokens = tokens[:-1]
    while tokens and tokens[0].dep_ in EDGE_DEPS:
        tokens = tokens[1:]
    return tokens


def readings(sent: Span) -> list[Clause]:
    """The clauses of a sentence the model reads: the whole sentence when nothing is split off."""
    points = split_points(sent)
    if not points:
        return [Clause(list(sent), None)]
    split_ids = {t.i for t in points}
    owned: dict[int, set[int]] = {}
    for verb in points:
        # a conjunct's own words: its subtree less the conjuncts split off below it
        nested = {d.i for c in verb.children if c.i in split_ids for d in c.subtree}
        owned[verb.i] = {t.i for t in verb.subtree} - nested
    carved = set().union(*owned.values())
    # the main clause, less the "and" that joined a carved-out conjunct
    main = [t for t in sent if t.i not in carved and not (t.dep_ == "cc" and t.i + 1 in carved)]
    clauses = [Clause(_trim(main), None)]
    for verb in points:
        words = [t for t in sent if t.i in owned[verb.i]]
        if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):  # "... and condemned X": the shared subject
            first = _subject_holder(verb)
            subject = [d for c in first.children if c.dep_ in SUBJECT_DEPS for d in c.subtree]
            own_aux = any(c.dep_ in ("aux", "auxpass") for c in verb.children)
            auxes = [] if own_aux else [c for c in first.children if c.dep_ in ("aux", "auxpass") and c.i < first.i]  # "will"
            words = sorted(subject + auxes, key=lambda t: t.i) + words
        clauses.append(Clause(_trim(words), verb))
    return [c for c in clauses if c.tokens]
