"""Who did what to whom: source and target tokens of a trigger from the dependency parse."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from flashpoint.document import Mention

# Dependencies that open a new clause: actors inside belong to another predication.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "pcomp"})
SKIP_DEPS = frozenset({"punct", "cc", "det", "neg", "case", "aux", "auxpass", "mark", "preconj", "predet"})
FREE_DEPS = frozenset({"conj", "compound", "amod", "nmod", "appos", "flat", "nummod", "npadvmod"})
TARGET_PREPS = frozenset({"against", "with", "to", "on", "upon", "at", "toward", "towards", "into",
                          "over", "for", "of", "from"})  # fmt: skip
VERB_TARGET_PREPS = frozenset({"against", "with", "to", "on", "upon", "at", "toward", "towards",
                               "into", "over"})  # fmt: skip
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
NAMED = frozenset({"NORP", "GPE", "ORG", "PERSON"})
NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
INSTRUMENT_VERBS = frozenset({"use", "utilise", "utilize", "employ", "exploit", "spend", "take", "need", "have"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
# Nouns of undertaking: "took steps to expel X", "adopted measures to punish Y": the act of the
# infinitive is the subject's, carried out through the steps.
MEASURE_NOUNS = frozenset({"step", "measure", "action", "move", "initiative", "effort"})


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


def mentions_under(
    token: Token, tokmap: dict[int, Mention], *, places: bool = False, max_depth: int = 3
) -> list[tuple[Mention, Token]]:
    """The actors a noun phrase names: the mentions nearest its head, conjuncts included.

    "the leadership of India and Pakistan" -> India, Pakistan; "India's stranglehold on
    Kashmir" -> India. Nested clauses are not entered.
    """
    found: list[tuple[int, Mention, Token]] = []
    stack = [(token, 0)]
    seen: set[int] = set()
    while stack:
        tok, depth = stack.pop()
        if tok.i in seen or depth > max_depth:
            continue
        seen.add(tok.i)
        mention = tokmap.get(tok.i)
        hit = mention is not None and (places or not mention.is_place)
        if hit and mention.is_place and tok.dep_ in ("compound", "amod") and tokmap.get(tok.head.i) is not mention:
            hit = False  # "the Kashmir issue" is a topic, not a party
        if hit:
            found.append((depth, mention, tok))
        for child in tok.children:
            dep = child.dep_
            if dep in CLAUSE_DEPS or dep in SKIP_DEPS:
                continue
            if hit and dep != "conj" and tokmap.get(child.i) is not mention and not _coordinated(child):
                continue  # below a mention only its conjuncts count ("American and British diplomats")
            inside = mention is not None and tokmap.get(child.i) is mention  # "the leadership of India"
            stack.append((child, depth + (0 if dep in FREE_DEPS or inside else 1)))
    if not found:
        return []
    best = min(d for d, _, _ in found)
    out: list[tuple[Mention, Token]] = []
    for d, m, t in sorted(found, key=lambda x: x[2].i):
        if d == best and all(m is not o for o, _ in out):
            out.append((m, t))
    return out


def _coordinated(tok: Token) -> bool:
    """A modifier coordinated with another one: "American" in "American and British diplomats"."""
    return tok.dep_ in ("amod", "compound", "nmod") and any(c.dep_ == "conj" for c in tok.children)


def conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _children(tok: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    out = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in preps:
            for p in [prep, *(c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP")]:
                out.extend(c for c in p.children if c.dep_ == "pobj")  # "with X and with Y"
        elif prep.dep_ == "dative" and prep.pos_ in ("NOUN", "PROPN", "PRON"):
            out.append(prep)
    return out


def _shared_object(verb: Token) -> list[Token]:
    """The object of a following conjoined verb without its own subject: "X brutalised, and
    continues to brutalise, Kashmir", "attacked and burned the village"."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "nsubjpass") for c in verb.children):
        return []
    for conj in _children(verb, {"conj"}):
        if conj.pos_ != "VERB" or _children(conj, {"nsubj", "nsubjpass"}):
            continue
        for v in [conj, *_children(conj, {"xcomp"})]:
            objects = _children(v, {"dobj"})
            if objects:
                return objects
    return []


def verb_arguments(verb: Token) -> tuple[list[Token], list[Token]]:
    """(source tokens, target tokens) of a verbal trigger.

    Follows conjunction ("came out ... and condemned"), control ("decided to attack"),
    participles (", denying ..."), relative clauses, passives ("was attacked by X") and
    prepositional gerunds ("praised X for agreeing").
    """
    targets = _children(verb, {"dobj", "dative", "attr"} ) + prep_objects(verb, VERB_TARGET_PREPS)
    targets = [t for t in targets if t.dep_ != "attr" and t.ent_type_ not in NOT_ACTORS]
    if not targets:
        targets = _shared_object(verb)
    sources: list[Token] = []
    tok = verb
    for _ in range(8):
        agents = [p for a in _children(tok, {"agent"}) for p in a.children if p.dep_ == "pobj"]
        subj = _children(tok, SUBJECT_DEPS)
        passive = _children(tok, {"nsubjpass", "csubjpass"})
        if agents:
            sources = agents
        elif subj:
            sources = subj
        if passive and tok is verb:
            targets = passive + targets
        elif passive and tok is not verb and not sources:
            sources = passive  # "may be tempted to escalate": the passive subject acts
        if sources or passive:
            if tok.dep_ == "relcl" and sources and sources[0].tag_ in RELATIVE_TAGS:
                sources = [tok.head]
            elif tok.dep_ == "relcl" and passive and passive[0].tag_ in RELATIVE_TAGS:
                targets = [tok.head]
            break
        dep, head = tok.dep_, tok.head
        if head is tok:
            break
        if dep == "conj" and head.pos_ in ("VERB", "AUX"):
            tok = head
        elif dep == "xcomp":
            objects = [o for o in _children(head, {"dobj"}) if o.ent_type_ not in NOT_ACTORS]  # not "spent weeks"
            if objects and objects[0].tag_ in RELATIVE_TAGS and head.dep_ == "relcl":
                targets = targets or [head.head]  # "Bangladesh, which Pakistan has yet to recognise"
                objects = []
            if head.lemma_.lower() in INSTRUMENT_VERBS:
                objects = []  # "used this rostrum to make allegations": the subject acts
            if objects:  # object control: "urged India to withdraw"
                sources = objects
                break
            tok = head
        elif (dep == "advcl" and verb.tag_ in ("VBG", "VBN")) or (dep == "acomp" and head.pos_ in ("VERB", "AUX")):
            tok = head  # ", denying ..."; "were quick to reject"
        elif dep == "pcomp":
            gov = head.head
            objects = _children(gov, {"dobj"})
            if head.lower_ == "for" and objects:  # "praised X for agreeing"
                sources = objects
                break
            if gov.pos_ == "ADJ" and gov.dep_ in ("acomp", "amod"):  # "interested in supporting"
                tok = gov.head
            elif gov.pos_ in ("VERB", "AUX"):
                tok = gov
            else:
                sources = _children(gov, {"poss"})
                break
        elif dep in ("acl", "relcl", "advcl") and measure_verb(tok) is not None:
            tok = measure_verb(tok)  # "took steps to expel the intruders": the taker acts
        elif dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
            if tok.tag_ == "VBN":
                targets = targets or [head]
            else:
                sources = [head]
            break
        elif dep == "relcl":
            sources = [head]
            break
        elif dep == "dep":  # loosely attached clause: borrow the nearest earlier subject
            earlier = [t for t in verb.sent if t.i < tok.i and t.dep_ in SUBJECT_DEPS and t.head.pos_ == "VERB"]
            sources = earlier[-1:]
            break
        else:
            break
    between = prep_objects(verb, frozenset({"between"})) if not _children(verb, SUBJECT_DEPS) else []
    if between:  # "a ceasefire agreed between India and Pakistan": a joint act of both
        sources, targets = between, [t for t in targets if t not in between]
    return sources, targets


def noun_arguments(noun: Token, light_verbs: frozenset[str]) -> tuple[list[Token], list[Token], Token | None]:
    """(sources, targets, governing light verb) of a nominal trigger.

    Sources: possessor ("India's refusal"), a "by"/"from" agent, a demonym or name modifier
    ("Indian aggression"), or the subject of a light verb ("launched an attack",
    "came out in support of"). Targets: "of/against/on/to/for/with" objects.
    """
    sources = _children(noun, {"poss"}) + prep_objects(noun, frozenset({"by", "from"}))
    sources += [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in NAMED]
    targets = prep_objects(noun, TARGET_PREPS - {"from"})
    if not sources:  # "talks between India and Pakistan": a joint act of both
        sources = prep_objects(noun, frozenset({"between"}))
    light = None
    slot = noun.head if noun.dep_ == "appos" else noun  # "the first step, the withdrawal of X, was taken"
    head = slot.head
    if slot.dep_ in ("dobj", "attr", "nsubjpass") and head.lemma_.lower() in light_verbs:
        light = head
    elif slot.dep_ == "pobj" and head.head.lemma_.lower() in light_verbs:
        light = head.head  # "came out in support of"
    elif slot.dep_ == "pobj" and head.head.dep_ == "prt" and head.head.head.lemma_.lower() in light_verbs:
        light = head.head.head
    if light is not None and not sources:
        sources = verb_arguments(light)[0]
    return sources, targets, light


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
