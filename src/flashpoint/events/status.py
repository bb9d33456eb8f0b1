"""Is an event asserted, negated, hypothetical -- or only prescribed (then it is no event)?"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.clauses import tensed_partner
from flashpoint.events.lexicon import Lexicon
from flashpoint.events.roles import measure_verb

PRESCRIBED = "prescribed"
UP_DEPS = frozenset({"xcomp", "conj", "pcomp", "prep", "pobj", "acomp", "oprd", "dobj", "attr"})
# Infinitival clauses that hang from a noun or a predicate ("the failure to hold talks",
# "time for both sides to resume talks", "deployed troops to crush the protests").
INFINITIVE_DEPS = frozenset({"acl", "relcl", "advcl"})


class StatusCues:
    def __init__(self, lexicon: Lexicon):
        c = lexicon.cue
        self.negators = c("negators")
        self.negating_heads = c("negating_heads")
        self.negating_nouns = c("negating_nouns")
        self.negating_preps = c("negating_preps")
        self.negating_prep_adverbs = c("negating_prep_adverbs")
        self.yet = c("yet_words")
        self.negative_subjects = c("negative_subjects")
        self.scope_blockers = c("negation_scope_blockers")
        self.modals = c("hypothetical_modals")
        self.future = c("future_modals")
        self.pronouns = c("subject_pronouns")
        self.hyp_heads = c("hypothetical_heads")
        self.hyp_marks = c("conditional_marks")
        self.hyp_adverbs = c("hypothetical_adverbs")
        self.request_heads = c("request_verbs")
        self.continuative = c("continuative_heads")
        self.announce = c("announcing_verbs")
        self.say = c("speech_verbs")
        self.presc_modals = c("prescriptive_modals")
        self.semi_modals = c("semi_modals")
        self.presc_heads = c("necessity_words") | self.semi_modals

    def chain(self, trigger: Token, light: Token | None = None) -> list[Token]:
        """The trigger and the predicates it is embedded under within its clause."""
        out = [trigger]
        tok = light or trigger
        if light is not None:
            out.append(light)
        for _ in range(8):
            if tok.head.i == tok.i or not (tok.dep_ in UP_DEPS or _infinitive(tok)):
                break
            if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                break  # "we would not agree, and Delhi disliked the plan": a clause of its own
            if (partner := tensed_partner(tok)) is not None:  # "... the need to condemn X and asked Y"
                tok = partner
                out.append(tok)
                continue
            taker = measure_verb(tok)
            if taker is not None:  # "took steps to expel": the steps were taken
                tok = taker
                out.append(tok)
                continue
            tok = tok.head
            out.append(tok)
        return out

    def status(self, trigger: Token, light: Token | None = None) -> str:
        chain = self.chain(trigger, light)
        if self._prescribed(chain):
            return PRESCRIBED
        if self._conditional(chain):
            return "hypothetical"
        negated, neg_modal = self._negation(chain)
        if negated:
            return "hypothetical" if neg_modal in ("may", "might") else "negated"
        return "hypothetical" if self._hypothetical(chain) else "asserted"

    # -- prescriptions ----------------------------------------------------------------------
    def _prescribed(self, chain: list[Token]) -> bool:
        for depth, tok in enumerate(chain):
            if any(c.dep_ in ("aux", "auxpass") and (c.lemma_.lower() in self.presc_modals
                                                     or c.lower_ in self.presc_modals)
                   for c in tok.children):  # fmt: skip
                return True  # "Pakistan must hand over", "India should engage"
            if depth == 0:
                continue
            if any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in self.presc_heads for c in tok.children):
                return True  # "it is necessary to support X"
            if tok.lemma_.lower() in self.presc_heads and tok.pos_ in ("ADJ", "NOUN") and not _negated(tok):
                return True  # "it is necessary to change", "it's time to act"
            below = chain[depth - 1]
            if (
                tok.lemma_.lower() in self.semi_modals
                and tok.tag_ in ("VB", "VBP", "VBZ")
                and below.dep_ == "xcomp"
                and any(c.lower_ == "to" for c in below.children)
                and not any(c.lower_ in self.yet for c in tok.children)
            ):
                return True  # "we have to push", "Pakistan needs to engage"
        return self._imperative(chain)

    @staticmethod
    def _imperative(chain: list[Token]) -> bool:
        """A bare-infinitive main verb without subject: "Revisit the archives." / "Let's ..."."""
        root = chain[-1]
        while root.dep_ in ("conj", "ccomp") and root.head.i != root.i:
            if root.dep_ == "ccomp" and root.head.lemma_.lower() != "let":
                return False  # a reported clause
            root = root.head
        if root.dep_ != "ROOT" or root.pos_ != "VERB":
            return False
        if root.lemma_.lower() == "let" and root.i == root.sent.start:
            return True
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
        has_aux = any(c.dep_ in ("aux", "auxpass") for c in root.children)
        return root.tag_ == "VB" and not has_subject and not has_aux

    # -- negation -----------------------------------------------------------------------------
    def _negation(self, chain: list[Token]) -> tuple[bool, str | None]:
        """Whether a cue denies the act, and the modal of its clause ("may not" is a possibility)."""
        negated, modal = False, None
        for depth, tok in enumerate(chain):
            for child in tok.children:
                if child.dep_ in ("aux", "auxpass") and child.lower_ in self.modals:
                    modal = child.lower_
                if self._negates(tok, child, depth):
                    negated = True
            if depth > 0 and self._negating_head(tok, chain[depth - 1]):
                negated = True
        return negated, modal

    def _negates(self, tok: Token, child: Token, depth: int) -> bool:
        dep, low = child.dep_, child.lower_
        if dep == "neg" or (dep in ("advmod", "det") and low in self.negators):
            after = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
            if after is not None and after.lower_ in self.scope_blockers:
                return False  # "not only condemned ... but also"
            return depth == 0 or tok.pos_ in ("VERB", "AUX")
        if dep in ("dobj", "attr") and depth == 0 and any(d.dep_ == "det" and d.lower_ == "no" for d in child.children):
            return True  # "received no response", "we seek no favours"
        if dep in ("nsubj", "nsubjpass"):
            if any(d.dep_ in ("det", "preconj") and d.lower_ in ("neither", "no") for d in child.children):
                return True  # "Neither government welcomed ..."
            return low in self.negative_subjects
        return dep == "advmod" and low in self.yet and depth > 0  # "has yet to convene"

    def _negating_head(self, tok: Token, below: Token) -> bool:
        lemma = tok.lemma_.lower()
        if lemma in self.negating_heads and below.dep_ not in ("dobj", "conj"):
            return True  # "failed to convene", "refused to attend" (not "refused the offers")
        if lemma in self.negating_nouns and tok.pos_ in ("NOUN", "PRON"):
            return True  # "the failure to hold talks", "the absence of any condemnation"
        if tok.dep_ not in ("prep", "cc"):  # "instead of" is sometimes parsed as a conjunction
            return False
        if lemma in self.negating_preps:
            return True  # "ended without agreement"
        return any(c.dep_ == "advmod" and c.lower_ in self.negating_prep_adverbs for c in tok.children)

    # -- hypothetical -------------------------------------------------------------------------
    def _hypothetical(self, chain: list[Token]) -> bool:
        intent = self._announced_intent(chain)
        ongoing = False  # "will continue to support": the support goes on already
        for depth, tok in enumerate(chain):
            lemma = tok.lemma_.lower()
            if depth > 0 and lemma in self.continuative and chain[depth - 1].dep_ == "xcomp":
                ongoing = True
            for child in tok.children:
                if child.dep_ in ("aux", "auxpass") and (child.lower_ in self.modals or child.lemma_.lower() in self.modals):
                    future = child.lower_ in self.future or child.lemma_.lower() in self.future
                    if not (future and (ongoing or intent)):
                        return True
                if child.dep_ == "advmod" and child.lower_ in self.hyp_adverbs:
                    return True
                if child.dep_ == "aux" and child.lemma_.lower() == "go" and child.tag_ == "VBG":
                    return True  # "is going to"
            if depth == 0:
                continue
            if self._hypothetical_head(tok, chain[depth - 1]):
                return True
        purposes = (t for t in chain if _infinitive(t) and t.dep_ in ("advcl", "acl", "relcl") and measure_verb(t) is None)
        return any(purposes) or self._wished(chain[-1]) or self._wished_participle(chain[0])

    def _hypothetical_head(self, tok: Token, below: Token) -> bool:
        lemma = tok.lemma_.lower()
        if below.dep_ == "conj":
            return False  # "offered talks and withdrew": a head governs its complement only
        if below.dep_ in ("dobj", "nsubjpass") and tok.tag_ in ("VBD", "VBN"):
            return False  # "the attack had been planned by X": a done plan is an act
        if lemma in self.hyp_heads and (tok.pos_ in ("VERB", "ADJ", "AUX") or _infinitive(below)):
            return True  # "plans to recall", "likely to", "the plan to invade"
        if lemma in self.request_heads and tok.pos_ == "VERB" and below.dep_ == "xcomp":
            return True  # "urged India to lift": the requested act has not happened
        to_infinitive = below.dep_ == "xcomp" and _infinitive(below, deps=("xcomp",))
        if lemma == "go" and tok.tag_ == "VBG" and to_infinitive:
            return True  # "is going to attack"
        return lemma == "about" and tok.dep_ == "acomp" and to_infinitive  # "is about to"

    def _wished(self, top: Token) -> bool:
        """A clause wanted, hoped for or asked for: "Pakistan wants India to withdraw"."""
        if top.dep_ != "ccomp" or top.head.i == top.i:
            return False
        head = top.head.lemma_.lower()
        wanted = head in self.hyp_heads or head in self.request_heads
        return wanted and any(c.dep_ == "aux" and c.lower_ == "to" for c in top.children)

    def _wished_participle(self, trigger: Token) -> bool:
        """A bare participle right after a wish verb of a relative or reduced clause: "the
        fugitives it wants returned", "the men they hope freed" (whatever the parse made of it)."""
        if trigger.tag_ != "VBN" or trigger.i == 0:
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in trigger.children):
            return False
        wish = trigger.doc[trigger.i - 1]
        lemma = wish.lemma_.lower()
        if wish.pos_ not in ("VERB", "AUX") or lemma not in self.hyp_heads | self.request_heads:
            return False
        return not any(c.dep_ in ("dobj", "xcomp", "ccomp") and c.i != trigger.i for c in wish.children)

    def _announced_intent(self, chain: list[Token]) -> bool:
        """A party announcing what it will do states a decision: "Pakistan said it would
        suspend trade", "the minister announced that India would hold the treaty in abeyance"."""
        top = chain[-1]
        if top.dep_ != "ccomp" or top.head.i == top.i:
            return False
        verb = top.head.lemma_.lower()
        if verb in self.announce:
            return True
        subjects = [c for c in top.children if c.dep_ in ("nsubj", "nsubjpass")]
        return verb in self.say and any(s.lower_ in self.pronouns for s in subjects)

    def _conditional(self, chain: list[Token]) -> bool:
        for tok in chain:
            clause = tok
            while clause.dep_ not in ("advcl", "ROOT") and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in self.hyp_marks for c in clause.children
            ):
                return True
        return False


def _infinitive(tok: Token, deps: tuple[str, ...] | frozenset[str] = INFINITIVE_DEPS) -> bool:
    """A to-infinitive clause: "(the failure) to hold", "(time for them) to resume"."""
    return tok.dep_ in deps and tok.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg" for c in tok.head.children
    )
