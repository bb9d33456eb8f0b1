"""Is an event asserted, negated, hypothetical -- or only prescribed (then it is no event)?"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.events.lexicon import Lexicon

PRESCRIBED = "prescribed"
UP_DEPS = frozenset({"xcomp", "conj", "pcomp", "prep", "pobj", "acomp", "oprd", "dobj"})


class StatusCues:
    def __init__(self, lexicon: Lexicon):
        c = lexicon.cue
        self.negators = c("negators")
        self.negating_heads = c("negating_heads")
        self.negating_nouns = c("negating_nouns")
        self.yet = c("yet_words")
        self.negative_subjects = c("negative_subjects")
        self.modals = c("modals")
        self.hyp_heads = c("hypothetical_heads")
        self.hyp_marks = c("hypothetical_marks")
        self.hyp_adverbs = c("hypothetical_adverbs")
        self.presc_modals = c("prescriptive_modals")
        self.presc_heads = c("prescriptive_heads")

    def chain(self, trigger: Token, light: Token | None = None) -> list[Token]:
        """The trigger and the predicates it is embedded under within its clause."""
        out = [trigger]
        tok = light or trigger
        if light is not None:
            out.append(light)
        for _ in range(8):
            if tok.dep_ not in UP_DEPS or tok.head is tok:
                break
            tok = tok.head
            out.append(tok)
        return out

    def status(self, trigger: Token, light: Token | None = None) -> str:
        negated = hypothetical = False
        neg_modal = None
        chain = self.chain(trigger, light)
        for depth, tok in enumerate(chain):
            lemma = tok.lemma_.lower()
            for child in tok.children:
                cl, dep = child.lemma_.lower(), child.dep_
                if dep in ("aux", "auxpass"):
                    if cl in self.presc_modals or child.lower_ in self.presc_modals:
                        return PRESCRIBED
                    if cl in self.modals or child.lower_ in self.modals:
                        hypothetical = True
                        neg_modal = child.lower_
                    if cl == "go" and child.tag_ == "VBG":  # "is going to"
                        hypothetical = True
                is_neg = dep == "neg" or (dep in ("advmod", "det") and child.lower_ in self.negators)
                if is_neg and (depth == 0 or tok.pos_ in ("VERB", "AUX")):
                    negated = True
                if dep in ("nsubj", "nsubjpass") and any(
                    d.dep_ in ("det", "preconj") and d.lower_ in ("neither", "no") for d in child.children
                ):
                    negated = True  # "Neither government welcomed ..."
                if dep in ("nsubj", "nsubjpass") and child.lower_ in self.negative_subjects:
                    negated = True  # "neither has replied", "nobody condemned"
                if dep == "advmod" and child.lower_ in self.yet and depth > 0:
                    negated = True  # "has yet to convene"
                if dep == "advmod" and child.lower_ in self.hyp_adverbs:
                    hypothetical = True
            if depth == 0:
                continue
            if lemma in self.negating_heads or (lemma in self.negating_nouns and tok.pos_ == "NOUN"):
                negated = True
            below = chain[depth - 1]
            if any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in self.presc_heads for c in tok.children):
                return PRESCRIBED  # "it is necessary to support X"
            if lemma in self.presc_heads and tok.pos_ in ("ADJ", "NOUN") and not _negated(tok):
                return PRESCRIBED  # "it is necessary to change", "it's time to act"
            if (
                lemma in ("need", "have")
                and tok.tag_ in ("VB", "VBP", "VBZ")
                and below.dep_ == "xcomp"
                and any(c.lower_ == "to" for c in below.children)
                and not any(c.lower_ in self.yet for c in tok.children)
            ):
                return PRESCRIBED  # "we have to push", "Pakistan needs to engage"
            if lemma in self.hyp_heads and tok.pos_ in ("VERB", "ADJ", "AUX"):
                hypothetical = True
        for tok in chain:
            if tok.dep_ in ("advcl", "acl", "relcl") and tok.tag_ == "VB" and any(
                c.lower_ == "to" and c.dep_ == "aux" for c in tok.children
            ):
                hypothetical = True  # purpose: "exercise their influence to call a meeting"
        if self._imperative(chain):
            return PRESCRIBED
        if self._conditional(chain):
            return "hypothetical"
        if negated:
            return "hypothetical" if neg_modal in ("may", "might") else "negated"
        return "hypothetical" if hypothetical else "asserted"

    def _conditional(self, chain: list[Token]) -> bool:
        for tok in chain:
            clause = tok
            while clause.dep_ not in ("advcl", "ROOT") and clause.head is not clause:
                clause = clause.head
            if clause.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in self.hyp_marks for c in clause.children
            ):
                return True
        return False

    @staticmethod
    def _imperative(chain: list[Token]) -> bool:
        """A bare-infinitive main verb without subject: "Revisit the archives." / "Let's ..."."""
        root = chain[-1]
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        if root.dep_ != "ROOT" or root.pos_ != "VERB":
            return False
        if root.lemma_.lower() == "let" and root.i == root.sent.start:
            return True
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
        has_aux = any(c.dep_ in ("aux", "auxpass") for c in root.children)
        return root.tag_ == "VB" and not has_subject and not has_aux


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "neg" for c in tok.head.children
    )
