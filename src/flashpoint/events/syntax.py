"""Parse helpers of the event coder: clause structure, questions, datelines, reported speech."""

from __future__ import annotations

from spacy.tokens import Span, Token

FIRST_PERSON = frozenset({"i", "we"})
AIM_VERBS = frozenset({"target", "aim"})  # "building up its arsenal, targeting X": the build-up's target


def clause_verb(noun: Token) -> Token | None:
    """The verb a prepositional phrase hangs from ("agreed [after hours [of talks]]")."""
    tok = noun
    for _ in range(4):
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            return None
        tok = tok.head.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def governed_by(noun: Token, heads: frozenset[str]) -> bool:
    """The noun's governing verb (or its object: "took effect", "put into effect") is one of
    ``heads``; raising verbs are looked through ("appeared to be holding")."""
    gov = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj") or gov.pos_ not in ("VERB", "AUX"):
        return False
    verbs = [gov, *(c for c in gov.children if c.dep_ == "xcomp")]
    verbs += [c for v in verbs[1:] for c in v.children if c.dep_ == "xcomp"]
    for verb in verbs:
        words = {verb.lemma_.lower()} | {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj" and c.i != noun.i}
        words |= {p.lemma_.lower() for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"}
        if words & heads:
            return True
    return False


def tree_distance(a: Token, b: Token) -> int:
    up_a = {t.i: d for d, t in enumerate([a, *a.ancestors])}
    for d, t in enumerate([b, *b.ancestors]):
        if t.i in up_a:
            return d + up_a[t.i]
    return 99


def lemma(tok: Token) -> str:
    """Lemma, with a split-off "non-" prefix put back ("non - reaction" -> "non-reaction")."""
    lemma = tok.lemma_.lower()
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "non":
        return "non-" + lemma
    return lemma


def reporting_head(tok: Token, verbs: frozenset[str]) -> Token | None:
    """The reporting verb whose that-clause holds ``tok`` ("said [that] ... tok")."""
    for _ in range(6):
        head = tok.head
        if head is tok:
            return None
        if tok.dep_ == "ccomp" and head.lemma_.lower() in verbs and head.pos_ == "VERB":
            return head
        if tok.dep_ not in ("conj", "xcomp", "ccomp", "advcl", "relcl", "acl", "dobj", "nsubj", "nsubjpass", "pobj", "prep"):
            return None
        tok = head
    return None


def headless(tok: Token) -> bool:
    """A subjectless past-tense item opening its sentence ("Rejected the measures ...;"), as in
    communiqués, or a verb conjoined to one."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ != "ROOT" or tok.tag_ not in ("VBD", "VBN") or any(c.dep_.startswith("nsubj") for c in tok.children):
        return False
    first = next((t for t in tok.sent if t.is_alpha), None)
    return first is not None and (first.i == tok.i or (first.dep_ == "advmod" and first.head.i == tok.i))


def ends_in_question(sent: Span) -> bool:
    return sent.text.rstrip().rstrip("\"'”’)").endswith("?")


def question(sent: Span) -> bool:
    """A yes/no question does not report its act ("Did we impose any preconditions?", "Will they
    accept that?"); a wh-question presupposes it ("Why did India revoke the status?")."""
    if not ends_in_question(sent):
        return False
    first = next((t for t in sent if t.is_alpha and t.pos_ not in ("CCONJ", "INTJ") and t.lower_ != "so"), None)
    return first is not None and first.pos_ == "AUX"


def reattached(tok: Token, speech: frozenset[str]) -> bool:
    """A bare past verb conjoined to a reported clause in another tense belongs to the reporter:
    "Trump said that India and Pakistan had agreed ..., and congratulated both"."""
    head = tok.head
    if tok.dep_ != "conj" or tok.tag_ != "VBD" or head.dep_ != "ccomp" or head.head.lemma_.lower() not in speech:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in tok.children):
        return False
    return any(c.dep_ == "aux" and c.lemma_.lower() in ("have", "will", "would", "be") for c in head.children)


def questioned(tok: Token) -> bool:
    """The main predicate of a question, or its complement ("Does he think they will accept?");
    acts in its adverbial and participial clauses are presupposed ("... turning down the invitation?")."""
    for _ in range(3):
        if tok.dep_ == "ROOT":
            return True
        if tok.dep_ not in ("conj", "ccomp", "dobj", "nsubj", "attr") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def dateline(sdoc) -> int:
    """End of a news dateline ("QUETTA, Pakistan, March 14 — India rejected ..."): its places
    are where the story was filed, not who acts."""
    head = list(sdoc[:16])
    if not head or not (head[0].is_upper and head[0].is_alpha and len(head[0]) > 1):
        return 0
    for tok in head[1:]:
        if tok.text in ("—", "–", "--", "-") and tok.i > 1:
            return tok.i + 1
    return 0


def children_of(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def aim(tok: Token) -> bool:
    """A participle stating what a build-up is aimed at: "..., targeting X", "aimed at X"."""
    return tok.lemma_.lower() in AIM_VERBS and tok.dep_ in ("advcl", "xcomp", "conj") and tok.tag_ in ("VBG", "VBN")


def future(tok: Token) -> bool:
    """"will respond", "would retaliate": a future or future-in-the-past auxiliary."""
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall") for c in tok.children)


def disclaimer(verb: Token) -> bool:
    """A first-person subject with a "no" object: "we have violated no norm", "I seek no favours"."""
    first = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in verb.children)
    return first and any(
        c.dep_ in ("dobj", "attr") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in verb.children
    )


def denied_noun(tok: Token) -> bool:
    """"no agreement", "no talks were held": a joint act named as a noun and denied."""
    if tok.pos_ != "NOUN":
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True
    return tok.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "neg" for c in tok.head.children)
