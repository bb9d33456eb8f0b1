"""Recommendations: prescriptive sentences and clauses, with the actor told to act.

With ``model`` (the stage option ``prescription_head``), the event model's prescription head
decides whether a sentence the rules flag recommends an act, and the rules give only the
addressee and the action. Rules on the dependency parse find the prescriptive trigger of a
sentence: a deontic
modal or semi-modal ("must", "should", "ought to", "needs to", "has to"), a necessity
construction ("it is necessary/essential/time to", "there is a need to", "the only way
... is to"), "let's", an imperative ("First, revisit the archives."), or advice with
"can" addressed to a named actor. Enumerations after a colon ("... is essential: engage
X; encourage Y; and prepare Z") give one recommendation per prong.

Filtered out: the speaker's own "shall" (a commitment), questions, conditionals ("if India should ..."), counterfactuals
("should have acted"), epistemic must ("it must be said"), past necessity ("needed
to"), and reported demands ("India demanded that Pakistan should ..."), which are
REQUEST events. The addressee is the actor of the clause's subject (``doc.mentions``),
the writer's own side for "we"/"let's"/"our ...", and for an imperative the writer's
side when the piece speaks to it, else ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from flashpoint.discourse.perspective import (
    FIRST_PERSON,
    MentionIndex,
    own_country,
    speaks_for_own_side,
    speaks_to_assembly,
)
from flashpoint.document import Document, Recommendation
from flashpoint.lang import load_language
from flashpoint.nlp.syntax import parsed_text, to_infinitive

EN = load_language("en")  # the cue words: flashpoint/lang/en/*.yaml
MODALS = EN.weights("prescriptive_modals")
SEMI_MODALS = EN.weights("semi_modals")  # "needs to", "has to"
NECESSITY_ADJ = EN.words("necessity_words")
WAY_NOUNS = EN.words("way_nouns")
REQUIREMENT_VERBS = EN.words("requirement_verbs")  # "durable peace requires serious dialogue"
# in the speaker's own voice a request is a recommendation ("I invite India to ...", "We call
# on both sides to ..."); reported ("India demanded that Pakistan should ...") a REQUEST event
REQUEST_VERBS = EN.words("request_verbs")
ACT_REQUESTS = EN.words("act_request_verbs")  # "we demand the release of ..."
PROPOSAL_VERBS = EN.words("proposal_verbs")  # "we propose that ...", "we recommend the creation of"
DUTY_NOUNS = EN.words("duty_nouns")  # "the UN has a responsibility to act"
RHETORICAL_IMPERATIVES = EN.words("rhetorical_imperatives")
LIGHT_VERBS = EN.words("light_verbs")
# nouns for the writer's own institutions ("Parliament should ...") when nothing names them
INSTITUTIONS = EN.words("institutions")
REPORT_VERBS = EN.words("speech_verbs")
MEMORY = EN.words("memory_verbs")
SAYING = EN.words("epistemic_verbs") | MEMORY  # keeping in mind is knowing too
CONSEQUENCES = EN.words("consequence_verbs")  # "must lead to", "should bring about"
BURDENS = EN.words("burden_verbs")  # "has to cope with"
CONDITIONAL_MARKS = EN.words("conditional_marks") | EN.words("temporal_marks")
NON_ACTION = EN.words("non_action_verbs")
DISCOURSE_LEADS = EN.words("discourse_leads")
ADVICE_SUBJECTS = EN.words("advice_subjects")
# "we" that speaks for everyone (UN speeches): these words in the sentence make "we must" collective
COLLECTIVE_WE = EN.pattern("collective_we")
WISH_VERBS = EN.words("wish_verbs")
NON_ADVICE_SUBJECTS = EN.words("non_advice_subjects")  # "it can be argued"
NON_IMPERATIVE_OPENERS = EN.words("non_imperative_openers")  # "Thank you", "Let me say"
ARGUMENT_IMPERATIVES = EN.words("argument_imperatives")  # "Consider the facts."
SPEAKER_SELF = EN.words("speaker_self")  # "I must explain"
CONDITIONS = EN.words("conditional_marks")  # "if", "unless"
WRITER = EN.words("writer_subjects")  # "I", "we"
LET_OBJECTS = EN.words("let_objects")  # "let us", "let's"
ADDRESSEE_PREPS = EN.words("addressee_preps")  # "call on X"
DOER_PREPS = EN.words("doer_preps")  # "action by the United Nations"
ADDRESSEE_PRONOUNS = EN.words("addressee_pronouns")  # "told the UN that it must"
SAID_FILLERS = EN.words("said_fillers")  # "it must be said"
EVALUATED = EN.words("evaluated_pronouns")  # "this must be frustrating"
ASIDE_SUBJECTS = EN.words("aside_subjects")  # "That said, ..."
COLLECTIVE_ACTOR = "INTL_COMMUNITY"
PASSAGE_SENTENCES = 3  # sentences before a call that count as its passage (_other_state_near)
CLAUSE_STOP = {"advcl", "conj", "cc", "punct", "mark", "parataxis", "relcl", "appos",
               "nsubj", "nsubjpass", "aux", "auxpass", "expl", "csubj", "dep", "intj"}  # fmt: skip
# every trigger rule of ``_trigger`` needs one of these forms or lemmas (a cheap pre-check)
TRIGGER_WORDS = {*MODALS, "let", "can", "'s", "’s"}
TRIGGER_LEMMAS = {*SEMI_MODALS, *REQUEST_VERBS, *PROPOSAL_VERBS, *REQUIREMENT_VERBS, *WISH_VERBS, "have", "be", "do"}


@dataclass
class Trigger:
    verb: object  # spaCy Token: the verb told to be done
    subject: object | None  # spaCy Token or None
    kind: str  # modal | necessity | let | imperative | advice | way
    confidence: float
    speaker: str | None = None


class RecommendationFinder:
    """Find recommendations in a parsed document (``doc.spacy_doc``)."""

    def __init__(self, outlet_country: str | None = None, advice_can: bool = True, model=None,
                 threshold: float = 0.5):  # fmt: skip
        """``model``: the event model, whose prescription head decides whether a sentence the
        cues flag recommends an act (probability at least ``threshold``); without it the cues
        decide alone."""
        self.default_country = outlet_country
        self.advice_can = advice_can
        self.model = model
        self.threshold = threshold

    def _prescriptive(self, text: str) -> bool:
        return self.model is None or self.model.predict([text])[0].prescriptive() >= self.threshold

    def __call__(self, doc: Document) -> list[Recommendation]:
        if doc.spacy_doc is None:
            return []
        mentions = MentionIndex(doc)
        own = own_country(doc, self.default_country)
        own_side = speaks_for_own_side(doc)
        assembly = speaks_to_assembly(doc)
        voice = _state_voice(doc, own) if assembly or own_side else frozenset()
        out: list[Recommendation] = []
        text_parsed = parsed_text(doc.spacy_doc)
        for sent in _line_sentences(doc.spacy_doc, text_parsed):
            raw = text_parsed[sent.start_char : sent.end_char]  # = sent.text, without a token walk
            text = raw.strip()
            if not text or text.endswith("?") or len(sent) < 2:
                continue
            prongs = self._enumeration(sent) if ":" in raw and ";" in raw else None
            if prongs and self._prescriptive(text):
                for span in prongs:
                    addressee = self._impersonal_addressee(span, mentions, own, own_side)
                    out.append(_rec(doc, span, span[0], addressee, 0.8, None))
                continue
            trigger = self._trigger(sent, mentions, voice)
            if trigger is None or _quoted(text_parsed, trigger.verb.idx) or not self._prescriptive(text):
                continue  # what a quotation says is someone else's call
            addressee = self._addressee(trigger, sent, mentions, own, own_side)
            if _collective(trigger, sent, assembly, addressee, own) or (
                    assembly and _unowned(trigger, sent, mentions, addressee, own)
                    and not _other_state_near(sent, mentions, own)):  # fmt: skip
                addressee = COLLECTIVE_ACTOR
            out.append(_rec(doc, sent, trigger.verb, addressee, trigger.confidence, trigger.speaker))
        return out

    # -- triggers -------------------------------------------------------------------
    def _trigger(self, sent, mentions: MentionIndex, voice: frozenset[int] = frozenset()) -> Trigger | None:
        first = _first_content(sent)
        if first is not None and first.lower_ == "should" and first.i == sent.start:
            return None  # inverted conditional: "Should India attack, ..."
        found: list[Trigger] = []
        for tok in sent:
            if tok.lower_ not in TRIGGER_WORDS and tok.lemma_ not in TRIGGER_LEMMAS:
                continue  # none of the trigger rules below can fire on this token
            t = (self._modal(tok) or self._necessity(tok) or self._let(tok) or self._way(tok)
                 or self._performative(tok, sent, voice) or self._duty(tok, mentions) or self._do_well(tok)
                 or self._requirement(tok, mentions))
            if t is None and self.advice_can:
                t = self._advice(tok, sent, mentions)
            if t is not None and not _blocked(t, voice):
                t.speaker = _speaker(t.verb, mentions)
                found.append(t)
        imperative = self._imperative(sent)
        if imperative is not None:
            found.append(imperative)
        if not found:
            return None
        # the main-clause trigger wins over one buried in a subordinate clause
        return min(found, key=lambda t: (_depth(t.verb), t.verb.i))

    def _modal(self, tok) -> Trigger | None:
        if tok.tag_ == "MD" and tok.lower_ in MODALS:
            head = tok.head
            if head.i == tok.i:  # "Pakistan ought to widen ..." (ought as the root)
                head = _xcomp(tok) or tok
            if tok.lower_ == "shall" and (subj := _subject(head)) is not None and subj.lower_ in WRITER:
                return None  # "we shall continue to work for peace": a commitment
            if head.lemma_ == "be" and tok.lower_ != "must":
                head = _xcomp(head) or head  # "our aim should be to become ..."
            elif head.lemma_ == "be" and _for_to(head) is not None:
                verb = _for_to(head)  # "the first step must be for India to lift ..."
                return Trigger(verb, _subject(verb), "modal", MODALS[tok.lower_])
            return Trigger(head, _subject(tok.head) or _subject(head), "modal", MODALS[tok.lower_])
        if tok.lemma_ == "need" and tok.tag_ == "VBP" and not _xcomp(tok):
            subj = _subject(tok)
            if subj is not None and subj.lower_ in WRITER:
                if any(c.dep_ == "dobj" for c in tok.children):
                    return Trigger(tok, subj, "modal", 0.7)  # "we need a clear commitment from the Council"
                asked = next((c for c in tok.children if c.dep_ == "ccomp" and to_infinitive(c)), None)
                if asked is not None and _subject(asked) is not None:
                    return Trigger(asked, _subject(asked), "modal", 0.7)  # "we need governments to act"
        if tok.lemma_ in SEMI_MODALS and tok.pos_ in ("VERB", "AUX") and tok.tag_ in ("VBZ", "VBP", "VB"):
            verb = _xcomp(tok)
            if any(c.lower_ in ("yet", "still") for c in tok.children):
                return None  # "the OIC has yet to convene": a negated event
            if verb is not None and any(c.lower_ == "to" for c in verb.children):
                if tok.tag_ == "VB" and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children):
                    return None
                return Trigger(verb, _subject(tok), "modal", SEMI_MODALS[tok.lemma_])
        return None

    def _necessity(self, tok) -> Trigger | None:
        """"it is necessary to X", "it's time (to|we) X", "there is a need to X"; not "it is not
        necessary to X"."""
        if not _is_be(tok) or tok.tag_ not in ("VBZ", "VBP", "MD", "VB"):
            return None
        for child in tok.children:
            word = child.lower_
            if child.dep_ == "acomp" and any(n.dep_ == "neg" and n.i < child.i for n in tok.children):
                continue  # "it is not necessary to ...": no call (but "it is not the time to appease" is one)
            necessary = child.dep_ == "acomp" and word in NECESSITY_ADJ
            if necessary or (child.dep_ == "attr" and word in ("time", "need")):
                verbs = (_xcomp(tok), _xcomp(child), _clause_verb(child), _to_clause(tok),
                         _that_clause(tok))  # "it is vital that we continue"  # fmt: skip
                verb = next((v for v in verbs if v is not None and (
                    v.tag_ in ("VB", "VBD", "VBP") or _subjunctive_passive(v))), None)  # fmt: skip
                if verb is not None:  # not "for progress to be made" before "that ... be shut"
                    return Trigger(verb, _subject(verb) or _subject(tok), "necessity", 0.85)
                if word == "need" and any(c.dep_ == "prep" and c.lower_ == "for" for c in child.children):
                    return Trigger(child, None, "necessity", 0.75)  # "there is a need for talks"
        return None

    def _requirement(self, tok, mentions: MentionIndex) -> Trigger | None:
        """A state of affairs that needs an act: "durable peace requires serious dialogue",
        "this task calls for the closest cooperation", "peace requires that the issue be
        addressed". Not an actor's needs or demands ("India demands talks" is a REQUEST),
        nor an obligation laid on someone ("the treaty requires India to notify Pakistan")."""
        if tok.lemma_ not in REQUIREMENT_VERBS or tok.tag_ not in ("VBZ", "VBP") or tok.pos_ != "VERB":
            return None
        subj = _subject(tok)
        if subj is None or subj.dep_ != "nsubj" or subj.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        if tok.dep_ == "relcl" or subj.tag_ in ("WDT", "WP"):
            return None  # describes a thing: "the tranche, which requires the board's approval"
        if (subj.tag_ == "PRP" and subj.lower_ != "it") or _actor_head(subj, mentions):
            return None  # a person or party ("we", "they", "India"), not a state of affairs
        if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in subj.children):
            return None  # someone's own needs: "our peoples need peace"
        if any(c.dep_ in ("neg", "xcomp") for c in tok.children):
            return None  # "does not require", "requires India to notify"
        if tok.lemma_ == "call":
            if any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
                return Trigger(tok, None, "necessity", 0.6)
            return None
        clause = _that_clause(tok)
        if clause is not None or any(c.dep_ == "dobj" for c in tok.children):
            return Trigger(clause or tok, None, "necessity", 0.6)
        return None

    def _do_well(self, tok) -> Trigger | None:
        """ "Pakistan would do well to rethink its approach", "would do better to wait"."""
        if tok.lemma_ != "do" or not any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in tok.children):
            return None
        if not any(c.dep_ == "advmod" and c.lower_ in ("well", "better") for c in tok.children):
            return None
        verb = next((c for c in tok.children if c.dep_ in ("xcomp", "advcl") and c.i > tok.i and to_infinitive(c)), None)
        return Trigger(verb, _subject(tok), "modal", 0.75) if verb is not None else None

    def _let(self, tok) -> Trigger | None:
        if tok.lower_ == "let" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ in LET_OBJECTS:
            verb = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
            if verb is not None and verb.lemma_ not in NON_ACTION:  # not "let us be clear", "let us hope"
                return Trigger(verb, tok.nbor(1), "let", 0.8)
        return None

    def _way(self, tok) -> Trigger | None:
        """"One sure way to X is to Y", "the priority is to Y"."""
        if not _is_be(tok) or tok.dep_ != "ROOT":
            return None
        subj = _subject(tok)
        verb = _xcomp(tok)
        if subj is None or subj.lemma_ not in WAY_NOUNS:
            return None
        if verb is not None and verb.tag_ == "VB":
            return Trigger(verb, subj, "way", 0.7)
        verb = _for_to(tok)  # "the first step would be for the two sides to meet"
        if verb is not None and _subject(verb) is not None:
            return Trigger(verb, _subject(verb), "modal", 0.7)
        return None

    def _performative(self, tok, sent, voice: frozenset[int] = frozenset()) -> Trigger | None:
        """"I invite India to ...", "We call on X to ...", a communique's "Called upon X to ...";
        in the speaker's own voice also "we propose that X do ...", "we call for X"."""
        wish = tok.lemma_ in WISH_VERBS and any(c.lower_ in ("would", "'d") for c in tok.children)
        if (tok.lemma_ not in REQUEST_VERBS | PROPOSAL_VERBS and not wish) or tok.pos_ != "VERB":
            return None
        if any(c.dep_ in ("neg", "auxpass") for c in tok.children):
            return None
        verb = _xcomp(tok) or next((c for c in tok.children if c.dep_ in ("ccomp", "advcl")), None)
        if verb is None or not to_infinitive(verb):
            return self._proposal(tok, voice) or self._invited_to(tok, voice)
        asked = any(c.dep_ == "dobj" for c in tok.children) or any(c.dep_ == "nsubj" for c in verb.children)
        if wish and not asked:
            return None  # "we would like to help": the speaker's own wish, no one asked
        if tok.lemma_ not in REQUEST_VERBS and not wish:
            return None
        subj = _subject(tok)
        if subj is None:  # a communique's decision list: "Rejected ... and called on India to ..."
            first = _first_content(sent)
            opener = tok if tok.dep_ != "conj" else tok.head
            if first is None or first.i != opener.i or opener.tag_ not in ("VBD", "VBN"):
                return None
            if tok.tag_ not in ("VBD", "VBN"):
                return None
        elif not _writer(subj, tok, voice):
            return None
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ADDRESSEE_PREPS):
            obj = obj or next((c for c in prep.children if c.dep_ == "pobj"), None)
        return Trigger(verb, obj, "performative", 0.8)

    def _proposal(self, tok, voice: frozenset[int] = frozenset()) -> Trigger | None:
        """The speaker's own proposal with no one asked to act in a to-clause: "We propose
        that Pakistan and India respect the ceasefire" (the that-clause's verb and subject),
        "we call for the release of the prisoners", "we recommend a committee" (the verb)."""
        subj = _subject(tok)
        if subj is None or not _writer(subj, tok, voice) or tok.dep_ == "xcomp":
            return None
        clause = next((c for c in tok.children if c.dep_ == "ccomp" and (c.tag_ not in ("VBD", "VBN", "VBZ")
                                                                        or _subjunctive_passive(c))), None)  # fmt: skip
        if clause is not None and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            return Trigger(clause, _subject(clause), "performative", 0.75)
        asked = any(c.dep_ == "prep" and c.lower_ == "for" and any(g.dep_ == "pobj" for g in c.children)
                    for c in tok.children)  # fmt: skip
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        proposed = obj is not None and (tok.lemma_ in PROPOSAL_VERBS  # "we recommend a committee"
                                        or tok.lemma_ in ACT_REQUESTS and obj.pos_ == "NOUN"
                                        and not any(c.lower_ == "no" for c in obj.children))  # "we demand the release"
        if asked or proposed:
            return Trigger(tok, None, "performative", 0.7)
        return None

    def _invited_to(self, tok, voice: frozenset[int] = frozenset()) -> Trigger | None:
        """The speaker asks someone to join an act named by a noun: "We invite India to a
        joint effort", "I urge both sides to restraint"."""
        subj = _subject(tok)
        if tok.lemma_ not in REQUEST_VERBS or subj is None or not _writer(subj, tok, voice):
            return None
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        if obj is None or to is None or not any(c.dep_ == "pobj" and c.pos_ == "NOUN" for c in to.children):
            return None
        return Trigger(tok, obj, "performative", 0.7)

    def _duty(self, tok, mentions: MentionIndex) -> Trigger | None:
        """"X has a responsibility/duty to act" (present tense), "it is X's duty to act", "it
        is for (up to) X to act" with X an actor ("it is for historians to judge" lays no duty)."""
        if _is_be(tok) and tok.tag_ == "VBZ" and (found := _up_to(tok, mentions)):
            return found
        if _is_be(tok) and tok.tag_ in ("VBZ", "VBP"):
            for noun in (c for c in tok.children if c.dep_ == "attr" and c.lemma_ in DUTY_NOUNS):
                owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                verb = next((c for c in noun.children if c.dep_ == "acl" and to_infinitive(c)), None)
                if owner is not None and verb is not None:
                    return Trigger(verb, owner, "duty", 0.75)
            return None
        if tok.lemma_ != "have" or tok.tag_ not in ("VBZ", "VBP"):
            return None
        for noun in (c for c in tok.children if c.dep_ == "dobj" and c.lemma_ in DUTY_NOUNS):
            verb = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VB"), None)
            if verb is not None:
                return Trigger(verb, _subject(tok), "duty", 0.75)
        return None

    def _advice(self, tok, sent, mentions: MentionIndex) -> Trigger | None:
        """"Malaysia can join Pakistan on a platform": present "can" with an actor as subject."""
        if tok.lower_ != "can" or tok.tag_ != "MD":
            return None
        head = tok.head
        if head.lemma_ in NON_ACTION or any(c.dep_ == "neg" for c in head.children):
            return None
        subj = _subject(head)
        if subj is None or subj.lower_ in NON_ADVICE_SUBJECTS:
            return None
        if subj.dep_ == "nsubjpass" or subj.lower_ in FIRST_PERSON:
            return None  # "our policy can be steered", hedged "we can find a solution"
        start, end = _subject_span(subj)
        named = mentions.within(start, end)
        if named or subj.lemma_ in ADVICE_SUBJECTS:
            return Trigger(head, subj, "advice", 0.55)
        opening = sent[0]  # a misparsed subject: "Countries such as X and Y, ... can join"
        if opening.lemma_ in ADVICE_SUBJECTS and opening.tag_ == "NNS":
            return Trigger(head, opening, "advice", 0.5)
        return None

    def _imperative(self, sent) -> Trigger | None:
        """A sentence opening (after "First," etc.) with a bare verb that has no subject."""
        root = sent.root
        first = _first_content(sent)
        if first is None:
            return None
        if first.lower_ in ("do", "don't", "never") and root.tag_ == "VB" and root.i > first.i:
            if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children):
                return Trigger(root, None, "imperative", 0.75)  # "Do not X" / "Never X"
            return None
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in first.children):
            return None
        objects = any(c.dep_ in ("prt", "dobj") for c in first.children)
        if first.i == root.i:
            verbish = first.tag_ in ("VB", "VBP") or (first.pos_ in ("NOUN", "PROPN") and objects)
        else:  # a misparsed opening verb: "Dust/NN off previous proposals ..."
            verbish = first.tag_ in ("VB", "NN") and objects and first.dep_ != "nsubj"
        if not verbish or first.lemma_ in NON_IMPERATIVE_OPENERS:
            return None
        if first.lemma_ in RHETORICAL_IMPERATIVES and not any(c.dep_ == "dobj" for c in first.children):
            return None  # "Start with the facts.", "Look at the map."
        if first.lemma_ in ARGUMENT_IMPERATIVES:
            return None  # argument moves, not calls to act
        if first.text[:1].islower() and first.i == sent.start:
            return None  # a fragment, not an imperative sentence
        if first.i > 0 and first.doc[first.i - 1].text in ("[", "("):
            return None  # "[ibid], 13.": a bracketed word, a citation
        return Trigger(first, None, "imperative", 0.75)

    def _enumeration(self, sent) -> list | None:
        """Prongs after a colon, separated by semicolons, each starting with a verb."""
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None or not any(t.text == ";" for t in sent):
            return None
        doc = sent.doc
        pieces, begin = [], colon.i + 1
        for t in doc[colon.i + 1 : sent.end]:
            if t.text == ";":
                pieces.append(doc[begin : t.i])
                begin = t.i + 1
        pieces.append(doc[begin : sent.end])
        prongs = []
        for piece in pieces:
            while len(piece) and (piece[0].lower_ in ("and", "or", "then") or piece[0].is_punct):
                piece = doc[piece.start + 1 : piece.end]
            while len(piece) and piece[-1].is_punct:
                piece = doc[piece.start : piece.end - 1]
            if len(piece) >= 2 and (piece[0].tag_ == "VB" or piece[0].pos_ == "VERB"):
                prongs.append(piece)
        return prongs if len(prongs) >= 2 else None

    # -- addressee ------------------------------------------------------------------
    def _addressee(self, trig: Trigger, sent, mentions, own, own_side) -> str | None:
        subj = trig.subject
        if trig.kind == "let":
            return own
        told = _told(trig.verb) if subj is not None and subj.lower_ in ADDRESSEE_PRONOUNS else None
        if told is not None:  # "I told the UN that it must act"
            m = mentions.at(told.idx, told.idx + len(told))
            if m is not None:
                return m.actor_id
        if subj is not None and subj.lower_ not in ("it", "there", "this", "that") and subj.dep_ != "expl":
            poss = next((c for c in subj.children if c.dep_ == "poss"), None)
            told = _to_object(subj) if trig.kind == "way" else None
            if told is not None:  # "my advice to Pakistan is to ..."
                m = mentions.at(told.idx, told.idx + len(told))
                if m is not None:
                    return m.actor_id
            if trig.kind == "way" and poss is None:
                return self._impersonal_addressee(sent, mentions, own, own_side, trig.verb)
            if subj.lemma_ in WAY_NOUNS and poss is not None:
                subj = poss  # "our true ambition should be ..."
            if subj.lower_ in FIRST_PERSON:
                m = mentions.at(subj.idx, subj.idx + len(subj))
                if trig.speaker and m is None:
                    return trig.speaker
                return m.actor_id if m else own
            start, end = _subject_span(subj)
            if subj.i == sent.start and trig.kind == "advice":
                start, end = subj.idx, trig.verb.idx  # the opening phrase up to the verb
            m = mentions.at(subj.idx, subj.idx + len(subj))
            if m is None:
                found = mentions.within(start, end)
                m = found[0] if found else None
            if m is None and poss is not None and poss.lower_ in FIRST_PERSON:
                return own
            state = own_side and _is_state(own)
            if m is None and (agent := _agent_actor(trig.verb, mentions)):
                return agent  # "the dispute must be settled by India", "care needs to be taken by the Council"
            if m is None and subj.dep_ == "nsubjpass" and not _has_agent(trig.verb):
                if trig.kind == "performative":
                    return None  # "we demand that an inquiry be held": by someone other than the speaker
                return own if state else None  # "No solution should be endorsed ..."
            if m is None and state and trig.kind != "advice" and _own_institution_or_thing(subj):
                return own  # "Parliament should ...", "any arrangement must be ..."
            if m is None and COLLECTIVE_WE.search(parsed_text(sent.doc)[start:end]):
                return COLLECTIVE_ACTOR  # "we urge all nations to ...", "Member States should ..."
            return m.actor_id if m else None
        if trig.kind == "imperative":
            return own if own_side else None
        if trig.kind == "modal" and subj is not None and subj.lower_ == "it" and subj.dep_ == "nsubj":
            m = _acting(subj, mentions)
            if m is not None and m.kind == "coref":
                return m.actor_id  # "the Council ... It must take enforcement action": the Council
        if agent := _nominal_agent(trig.verb, mentions):
            return agent  # "the crisis calls for urgent action by the United Nations"
        return self._impersonal_addressee(sent, mentions, own, own_side, trig.verb)

    def _impersonal_addressee(self, span, mentions, own, own_side, verb=None) -> str | None:
        """No subject: "for X to", first-person words in the clause, else the imperative default."""
        for tok in span:
            if tok.lower_ in ("for", "on", "upon") and tok.head.lower_ in ("incumbent", "necessary",
                                                                          "essential", "time", "vital",
                                                                          "important", "imperative"):  # fmt: skip
                obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    m = mentions.at(obj.idx, obj.idx + len(obj))
                    if m:
                        return m.actor_id
                    if obj.lower_ in FIRST_PERSON:
                        return own
        scope = list(verb.subtree) if verb is not None else list(span)
        for tok in scope:
            if tok.lower_ in FIRST_PERSON and tok.lower_ != "'s":
                m = mentions.at(tok.idx, tok.idx + len(tok))
                return m.actor_id if m else own
        return own if own_side else None


# -- parse helpers ------------------------------------------------------------------
WRAP_WIDTH = 40  # a line at least this long that runs on without a stop was hard-wrapped


def _line_sentences(parsed, text: str):
    """spaCy sentences, cut again at line breaks (a paragraph never continues a sentence),
    except where a hard-wrapped line runs on: the next line starts in lower case, or the line
    is long and ends without a stop ("the Security Council\nshould meet").

    ``text`` is ``parsed.text``: a sentence without a line break in it is taken whole.
    """
    for sent in parsed.sents:
        if "\n" not in text[sent.start_char : sent.end_char]:
            yield parsed[sent.start : sent.end]
            continue
        begin = sent.start
        for tok in sent:
            if "\n" in tok.text and tok.is_space and not _wrapped(tok, text):
                if tok.i > begin:
                    yield parsed[begin : tok.i]
                begin = tok.i + 1
        if begin < sent.end:
            yield parsed[begin : sent.end]


PARAGRAPH_ENDS = ".!?:\"”’»)"


def _quoted(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened in its paragraph (curly, angle or straight
    quotes)."""
    seg = text[_paragraph_start(text, pos) : pos]
    if seg.count("“") + seg.count("«") > seg.count("”") + seg.count("»"):
        return True
    return seg.count('"') % 2 == 1


def _paragraph_start(text: str, pos: int) -> int:
    """Where the paragraph holding ``pos`` starts: after a line break that follows a stop or a
    blank line (a hard-wrapped line runs on). Walks back by index, copying nothing."""
    start = pos
    while True:
        brk = text.rfind("\n", 0, start)
        if brk <= 0:
            return 0
        j = brk
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j == 0 or text[j - 1] in PARAGRAPH_ENDS or text[j - 1] == "\n":
            return brk + 1
        start = brk


def _wrapped(brk, text: str) -> bool:
    """Whether the line break token ``brk`` only wraps a line of running text."""
    if brk.text.count("\n") >= 2 or brk.i == 0 or brk.i + 1 >= len(brk.doc):
        return False  # a blank line ends a paragraph
    before, after = brk.doc[brk.i - 1], brk.doc[brk.i + 1]
    if after.text[:1].islower():
        return True
    line = text[text.rfind("\n", 0, brk.idx) + 1 : brk.idx].strip()
    return len(line) >= WRAP_WIDTH and before.text not in {".", "!", "?", ":", ";"}


def _rec(doc: Document, span, verb, addressee, confidence, speaker) -> Recommendation:
    text = span.text.strip()
    start = span.start_char + (len(span.text) - len(span.text.lstrip()))
    return Recommendation(
        addressee=addressee,
        action=_action(verb, span),
        quote=text,
        start=start,
        end=start + len(text),
        confidence=round(confidence, 2),
        speaker=speaker,
    )


def _action(verb, span) -> str:
    """A short verb phrase: the verb, its negation, particles and objects, at most ten words."""
    keep = {verb.i}
    for child in verb.children:
        if child.dep_ in CLAUSE_STOP:
            continue
        keep.update(t.i for t in child.subtree)
    if any(c.dep_ == "neg" for c in verb.children):
        keep.update(c.i for c in verb.children if c.dep_ == "neg")
    doc = verb.doc
    patient = {t.i for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree}  # "steps ... taken"
    tokens = [
        doc[i] for i in sorted(keep | patient)
        if span.start <= i < span.end and (i >= verb.i or doc[i].dep_ == "neg" or i in patient)
    ]  # fmt: skip
    words: list[str] = []
    for n, tok in enumerate(tokens[:12]):
        if tok.is_punct and tok.text not in ("-", "–", "'", "’"):
            continue
        glued = n + 1 < len(tokens) and tokens[n + 1].i == tok.i + 1 and not tokens[n + 1].is_punct
        words.append(tok.text_with_ws if glued else tok.text + " ")
    phrase = re.sub(r"\s+", " ", "".join(words)).strip()
    return phrase[:1].lower() + phrase[1:] if phrase else verb.text.lower()


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            return child
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _acting(tok, mentions: MentionIndex):
    """The mention of an acting party (not a place) at this word, if any."""
    m = mentions.at(tok.idx, tok.idx + len(tok))
    return m if m is not None and not m.is_place else None


def _actor_head(subj, mentions: MentionIndex) -> bool:
    """The subject's head word names an actor ("India demands", "the Indian government needs"),
    not just a word it governs ("the role of the United Nations calls for")."""
    return _acting(subj, mentions) is not None


def _subject_span(subj) -> tuple[int, int]:
    """Character span of a subject phrase without its relative clauses."""
    skip = set()
    for child in subj.children:
        if child.dep_ in ("relcl", "acl", "appos"):
            skip.update(t.i for t in child.subtree)
    toks = [t for t in subj.subtree if t.i not in skip]
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _for_to(tok):
    """"... be for India to lift ...": the infinitive clause with a "for" subject."""
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp", "ccomp") and any(g.lower_ == "for" for g in c.children):
            return c
    return None


def _to_object(noun):
    """"advice to Pakistan": the object of a "to" attached to the noun."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def _own_institution_or_thing(subj) -> bool:
    """A subject naming no outside party: an institution word or an inanimate noun phrase."""
    if subj.pos_ == "PRON" or any(c.dep_ == "prep" and c.lower_ == "of" for c in subj.children):
        return False  # "the people of Crimea", "the government of India"
    if subj.lemma_.lower() in INSTITUTIONS:
        return True
    return subj.pos_ == "NOUN" and subj.lemma_ not in ADVICE_SUBJECTS and not subj.ent_type_


def _is_state(actor: str | None) -> bool:
    return bool(actor) and pycountry.countries.get(alpha_3=actor) is not None


def _told(verb):
    """"tell X that it must ...": X, the one told."""
    node = verb
    for _ in range(3):
        if node.dep_ == "ccomp" and node.head.lemma_ in ("tell", "remind", "warn", "advise"):
            return next((c for c in node.head.children if c.dep_ == "dobj"), None)
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _collective(trig: Trigger, sent, assembly: bool, addressee, own) -> bool:
    """Inclusive "we" (or an impersonal call) that speaks for all states rather than the writer's."""
    if trig.kind in ("performative", "advice"):
        return False
    if _reported(trig.verb):
        return False  # "I told him that we should get together"
    if _first_person(trig):
        return assembly or bool(COLLECTIVE_WE.search(sent.text))
    if not assembly:
        return False
    subj = trig.subject
    impersonal = subj is None or subj.dep_ == "expl" or subj.lower_ == "there"
    impersonal = impersonal or (trig.kind == "necessity" and subj.lower_ == "it")
    return impersonal and addressee in (None, own) and trig.kind in ("necessity", "modal")


def _unowned(trig: Trigger, sent, mentions: MentionIndex, addressee, own) -> bool:
    """A call whose subject is a thing and whose sentence names no party but the speaker's
    state ("this resolution must be implemented", "urgent steps need to be taken"): in a
    speech to an assembly, made to all the members."""
    if trig.kind not in ("modal", "necessity", "way") or addressee not in (None, own) or _reported(trig.verb):
        return False
    subj = trig.subject
    if subj is not None and (subj.lower_ in FIRST_PERSON or subj.pos_ == "PRON" and subj.lower_ != "it"):
        return False
    return not {m.actor_id for m in mentions.within(sent.start_char, sent.end_char)} - {own}


def _other_state_near(sent, mentions: MentionIndex, own) -> bool:
    """The sentence or the ``PASSAGE_SENTENCES`` sentences before it name a state other than the
    speaker's, as a party or a place: the passage is about that state, not about all."""
    doc = sent.doc
    first = sent.start
    for _ in range(PASSAGE_SENTENCES):
        if first > 0:
            first = doc[first - 1].sent.start
    window = mentions.within(doc[first].idx, sent.end_char, acting_only=False)
    return any(m.actor_id != own and _is_state(m.actor_id) for m in window)


def _reported(verb) -> bool:
    node = verb
    for _ in range(4):
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_ in REPORT_VERBS:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _writer(subj, verb, voice: frozenset[int]) -> bool:
    """The subject speaks as the writer, in the present: "I" or "we" ("we call on", "I urge"),
    or in a speech, the speaker's own state named ("Pakistan calls upon India to ...",
    ``voice``); "Pakistan called upon India" reports an earlier call."""
    if subj.lower_ in WRITER:
        return verb.tag_ in ("VBP", "VB")
    return subj.i in voice and verb.tag_ == "VBZ"


def _state_voice(doc: Document, own: str | None) -> frozenset[int]:
    """Words that name the speaker's own state by a proper name ("Pakistan", "India"): in a
    speech or a statement the state speaks of itself so."""
    if own is None or doc.spacy_doc is None:
        return frozenset()
    sdoc = doc.spacy_doc
    found = set()
    for m in doc.mentions:
        if m.actor_id == own and not m.is_place and m.kind == "name":
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span) == 1 and span.root.pos_ == "PROPN":
                found.add(span.root.i)
    return frozenset(found)


def _first_person(trig: Trigger) -> bool:
    subj = trig.subject
    return trig.kind == "let" or (subj is not None and subj.lower_ in FIRST_PERSON)


def _is_be(tok) -> bool:
    return tok.lemma_ == "be" or (tok.lower_ in ("'s", "’s") and tok.tag_ == "VBZ")


def _agent_actor(verb, mentions: MentionIndex) -> str | None:
    """The actor named in a passive's "by" phrase."""
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for obj in (c for c in agent.children if c.dep_ == "pobj"):
            m = mentions.at(obj.idx, obj.idx + len(obj))
            if m is not None:
                return m.actor_id
    return None


def _up_to(be, mentions: MentionIndex) -> Trigger | None:
    """"It is for India to reciprocate", "it is up to the Council to act": the act and the
    actor it is laid on (an actor mention), else None."""
    if not any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in be.children):
        return None
    verb = next((c for c in be.children if c.dep_ in ("advcl", "xcomp") and to_infinitive(c)), None)
    if verb is None:
        return None
    marked = [c for c in verb.children if c.dep_ == "nsubj"] if any(
        c.dep_ == "mark" and c.lower_ == "for" for c in verb.children) else []  # fmt: skip
    preps = [c for c in be.children if c.dep_ == "prep" and c.lower_ in ("for", "up")]
    objects = [g for p in preps for g in (p.subtree if p.lower_ == "up" else p.children) if g.dep_ == "pobj"]
    who = next((w for w in marked + objects if _acting(w, mentions) is not None), None)
    return Trigger(verb, who, "duty", 0.7) if who is not None else None


def _nominal_agent(verb, mentions: MentionIndex) -> str | None:
    """The actor that a noun of the call names as the one to act ("action by the United
    Nations", "a commitment from India")."""
    for tok in verb.subtree:
        if tok.dep_ == "prep" and tok.lower_ in DOER_PREPS and tok.head.pos_ == "NOUN":
            for obj in (c for c in tok.children if c.dep_ == "pobj"):
                if (m := _acting(obj, mentions)) is not None:
                    return m.actor_id
    return None


def _has_agent(verb) -> bool:
    return any(c.dep_ == "agent" for c in verb.children)


def _xcomp(tok):
    return next((c for c in tok.children if c.dep_ == "xcomp"), None)


def _to_clause(tok):
    """"essential for China to mediate": an infinitival adverbial clause."""
    for c in tok.children:
        if c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children):
            return c
    return None


def _that_clause(tok):
    """The verb of a "that" clause of ``tok``, "that" said or not ("it is vital (that) we act")."""
    return next((c for c in tok.children if c.dep_ == "ccomp" and any(
        (m.dep_ == "mark" and m.lower_ == "that") or m.dep_ == "nsubj" for m in c.children)), None)  # fmt: skip


def _clause_verb(tok):
    """Verb of a clause attached to ``tok`` ("time we acted", "need for X")."""
    return next((c for c in tok.children if c.dep_ in ("relcl", "acl", "ccomp", "xcomp")), None)


def _first_content(sent):
    for tok in sent:
        if tok.is_punct or tok.lower_ in DISCOURSE_LEADS or tok.like_num:
            continue
        return tok
    return None


def _actor_subject(t: Trigger) -> bool:
    """The trigger's subject is a person or a party (a pronoun or a proper name), not a thing."""
    subj = t.subject
    return subj is not None and (subj.pos_ in ("PRON", "PROPN") and subj.lower_ != "it")


def _felt(verb) -> bool:
    """A that-clause of the speaker's feeling ("we are anxious / concerned / glad that X
    should ..."), not of a necessity ("it is essential that X should ...")."""
    adj = verb.head
    if verb.dep_ != "ccomp" or adj.pos_ != "ADJ" or adj.lower_ in NECESSITY_ADJ:
        return False
    subj = _subject(adj.head) if adj.dep_ == "acomp" else None
    return subj is not None and subj.lower_ in FIRST_PERSON


def _content_of_noun(verb) -> bool:
    """A "that" clause telling the content of a noun that is not the speaker's own view ("the
    pledge that ... shall be", but not "it is our belief that ... must")."""
    noun = verb.head
    if verb.dep_ not in ("acl", "relcl") or noun.pos_ != "NOUN":
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children):
        return False
    own = any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON for c in noun.children)
    return not own and noun.dep_ != "attr"


def _subjunctive_passive(verb) -> bool:
    """"(we urge that the issue) be settled": a passive with a bare "be"."""
    return verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in verb.children) \
        and not any(c.dep_ == "aux" for c in verb.children)


def _depth(tok) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _blocked(t: Trigger, voice: frozenset[int] = frozenset()) -> bool:
    """Questions, conditionals, counterfactuals, epistemic must, reported demands."""
    verb = t.verb
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if t.subject is not None and t.subject.lower_ in SPEAKER_SELF:
        return True  # the speaker's own duty: "I must explain", "all one needs to do"
    if t.kind == "necessity" and any(
        tok.lower_ == "me" and tok.head.lower_ == "for" for tok in verb.sent
    ):
        return True  # "it is important for me to explain"
    objects = [c for c in verb.children if c.dep_ in ("dobj", "prt", "attr", "acomp", "oprd", "xcomp", "ccomp", "prep")]
    patient = any(c.dep_ == "nsubjpass" and c.tag_ not in ("WP", "WDT") for c in verb.children)
    if verb.lemma_ in LIGHT_VERBS and not objects and not patient:
        return True  # an empty action: "the steps we must take", "what we must do"; not "steps must be taken"
    if t.kind != "performative" and (_third_party_report(verb, voice) or (t.kind != "let" and _past_decision(verb))):
        return True  # "India said Pakistan should ...": a reported demand, not the writer's
    if t.kind in ("modal", "let") and verb.lemma_ in MEMORY and _that_clause(verb) is not None:
        return True  # "we should remember that ...", "let us not forget that ...": a reminder of a fact
    if t.kind == "modal":
        # "should have acted", "must have known"
        if any(a.lemma_ == "have" for a in aux) and verb.tag_ == "VBN":
            return True
        # "it must be said", "this should be noted"
        subj = t.subject
        if verb.lemma_ in SAYING and subj is not None and subj.lower_ in SAID_FILLERS:
            return True
        if verb.lemma_ in BURDENS and verb.dep_ == "xcomp" and verb.head.lemma_ == "have" and not any(
                c.dep_ == "auxpass" or (c.lower_ == "in" and any(g.lower_ == "mind" for g in c.children))
                for c in verb.children):  # fmt: skip
            return True  # "multilateralism has to deal with new problems": a description
        if verb.lemma_ in CONSEQUENCES and not _actor_subject(t) and not any(
                c.dep_ in ("neg", "auxpass") for c in verb.children):  # fmt: skip
            return True  # "the denial of freedom must lead to war": what follows, not what to do
        if _felt(verb):
            return True  # "we are anxious that the breach shall be remedied": a wish
        if _content_of_noun(verb):
            return True  # "the pledge that the future shall be decided by its people": what the pledge says
        pronoun = subj is not None and subj.lower_ in EVALUATED
        adjective = any(c.dep_ == "acomp" for c in verb.children) and not _xcomp(verb)
        if verb.lemma_ == "be" and pronoun and adjective:
            return True  # "this must be frustrating"
    node = verb
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return True
        demanded = node.dep_ in ("ccomp", "xcomp") and node.head.lemma_ in REQUEST_VERBS
        required = t.kind == "necessity" and node is verb and node.head.lemma_ in REQUIREMENT_VERBS
        if demanded and t.kind != "performative" and not required:  # "peace requires that X be done" is advice
            return True
        if node.dep_ == "advcl" and any(c.lower_ in CONDITIONS for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


def _past_decision(verb) -> bool:
    """The clause says what someone other than the speaker decided or held in the past ("it
    has been resolved that colonialism must end", "the Council agreed that talks should go
    on"), not what the speaker asks now."""
    if verb.dep_ != "ccomp":
        return False
    head = verb.head
    past = head.tag_ == "VBD" or (head.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") for c in head.children))
    subj = _subject(head)
    if subj is not None and subj.lower_ in ASIDE_SUBJECTS:
        return False  # "That said, we must ..."
    return past and (subj is None or subj.lower_ not in WRITER)


def _third_party_report(verb, voice: frozenset[int] = frozenset()) -> bool:
    """The clause is what someone other than the writer said, held or agreed."""
    node = verb
    for _ in range(5):
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_ in REPORT_VERBS:
            subj = _subject(node.head) or _subject(node.head.head)
            if subj is not None and subj.lower_ in ASIDE_SUBJECTS and node.head.lemma_ == "say":
                return False  # "That said, we must ..."
            return subj is None or not (subj.lower_ in WRITER or _writer(subj, node.head, voice))
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _speaker(verb, mentions: MentionIndex) -> str | None:
    """A quoted speaker: the subject of the reporting verb governing the clause."""
    node = verb
    for _ in range(4):
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_ in REPORT_VERBS:
            subj = _subject(node.head)
            if subj is not None:
                m = mentions.at(subj.idx, subj.idx + len(subj))
                if m is None:
                    start, end = _subject_span(subj)
                    found = mentions.within(start, end)
                    m = found[0] if found else None
                return m.actor_id if m else None
            return None
        if node.head.i == node.i:
            break
        node = node.head
    return None
