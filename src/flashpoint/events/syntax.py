"""Parse helpers of the event coder: tree distance, questions."""

from __future__ import annotations

from spacy.tokens import Span, Token


def tree_distance(a: Token, b: Token) -> int:
    up_a = {t.i: d for d, t in enumerate([a, *a.ancestors])}
    for d, t in enumerate([b, *b.ancestors]):
        if t.i in up_a:
            return d + up_a[t.i]
    return 99


def ends_in_question(sent: Span) -> bool:
    return sent.text.rstrip().rstrip("\"'”’)").endswith("?")


def question(sent: Span) -> bool:
    """A yes/no question does not report its act ("Did we impose any preconditions?", "Will they
    accept that?"), nor does a wh-question about what may come ("What will the people do when
    the curfew is lifted?"); a wh-question about what was done presupposes it ("Why did India
    revoke the status?")."""
    if not ends_in_question(sent):
        return False
    first = next((t for t in sent if t.is_alpha and t.pos_ not in ("CCONJ", "INTJ") and t.lower_ != "so"), None)
    return first is not None and (first.pos_ == "AUX" or any(c.tag_ == "MD" for c in sent.root.children))
