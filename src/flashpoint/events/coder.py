"""Sentence-level PLOVER coder: triggers from the lexicon, roles from the parse, type scores
from the linear model, status from cues, dates from DATE entities."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from spacy.tokens import Span, Token

from flashpoint.document import Document, Event, Mention
from flashpoint.events import context as ctx
from flashpoint.events import dates
from flashpoint.events import syntax as sx
from flashpoint.events.classifier import NONE, TypeModel, sentence_features
from flashpoint.events.lexicon import MODEL_DIR, Lexicon, TriggerEntry
from flashpoint.events.roles import (
    mention_map,
    mentions_under,
    noun_arguments,
    prep_objects,
    verb_arguments,
)
from flashpoint.events.status import PRESCRIBED, StatusCues

RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT"})
SILENT_COPULAS = frozenset({"remain", "stay", "keep"})
JOINT = frozenset({"AGREE", "CONSULT", "COOPERATE"})
CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"})
NAME_ENTS = frozenset({"GPE", "ORG", "LOC", "FAC", "NORP", "PERSON", "WORK_OF_ART", "LAW", "EVENT"})
OFFICIAL = frozenset({"GOV", "IGO"})  # a "protest" by these is a diplomatic complaint (ACCUSE)
OBJECT_PREPS = frozenset({"by", "with", "at", "against", "for"})  # a sense needing them needs their object
DEICTIC = frozenset({"it", "this", "that", "these", "those"})  # "denied it", "rejected this"
ADJECTIVE_PREPS = frozenset({"about", "by", "at", "over", "with", "on"})
ABSORB_PATH = frozenset({"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "conj", "acl", "advcl"})


@dataclass
class Trigger:
    token: Token
    entry: TriggerEntry
    nominal: bool = False
    light: Token | None = None  # governing light verb of a nominal trigger
    sources: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    source_of: bool = False  # "the silence of X": the of-object acts
    negated_noun: bool = False
    verdict: bool = False  # "described X as aggression": a condemnation of X's author
    experiencer: bool = False  # "concerned about X": the subject disapproves of X
    warning: bool = False  # "X will pay a heavy price": the speaker threatens X


@dataclass
class CoderOptions:
    override: float = 0.5  # model probability needed to overrule the lexicon's type (nouns, ambiguous entries)
    override_verb: float = 0.5  # the same for verbs; a verb naming its own type ("agree") is never overruled
    override_single: float = 0.75  # ... for a noun whose lexicon entry has one type (verbs: never)
    single_floor: float = 0.15  # ... and only while the model gives that type less than this
    fallback: float = 0.6  # classifier probability for an event without a lexicon trigger (0: off)
    backoff: str = "auto"  # a sentence whose triggers lack agents still yields its main event:
    # "any" even with no actor at all, "actor" when a source or target is known, "off";
    # "auto": "any" in short items (news leads, headlines, single sentences), "off" in longer texts
    short_item: int = 1  # sentences: what "auto" treats as a short item (a lead, a headline)
    short_fallback: float = 0.35  # model probability for a short item's sentence with no event (0: off)
    min_confidence: float = 0.3
    anaphora_window: int = 2  # sentences back to look for what "he"/"it" refers to
    implicit_targets: bool = True  # an act with no named target is aimed at the counterpart in context
    encoder_blend: float = 0.6  # short items: blend in the sentence encoder when the sparse model's
    # top probability is below this (0: never; the encoder costs ~2x the parse of the sentence)


class EventCoder:
    def __init__(self, lexicon: Lexicon, model: TypeModel | None, pack: str | None = None,
                 options: CoderOptions | None = None):  # fmt: skip
        self.lex = lexicon
        self.model = model
        self.options = options or CoderOptions()
        self.cues = StatusCues(lexicon)
        self.speech = lexicon.cue("speech_verbs")
        self.complaint = lexicon.cue("complaint_verbs")
        self.anaphors = lexicon.cue("anaphors")
        self.silence = dict(lexicon.cues.get("silence_nouns", {}))
        self.max_phrase = max((len(p) for p in lexicon.phrases), default=1)
        self.phrase_heads = frozenset(p[-1] for p in lexicon.phrases)
        self.implicit = _load_implicit(pack)
        self.group_nouns = lexicon.cue("group_nouns")
        self.group_dets = lexicon.cue("group_determiners")
        self.definite_agents = frozenset(lexicon.definite_agents)
        self.document_agents = frozenset(lexicon.verdicts.get("document_agents", ()))
        self.course_verbs = frozenset(lexicon.course_verbs)
        self.dismissals = frozenset(lexicon.verdicts.get("dismissals", ()))
        self.dismissal_verbs = self.speech | frozenset(lexicon.verdicts.get("dismissal_verbs", ()))
        self.vows = frozenset({"warn", "vow", "threaten", "promise", "pledge", "insist"})
        self.verdict_verbs = frozenset(lexicon.verdicts.get("verbs", ()))
        self.verdict_words = frozenset(lexicon.verdicts.get("words", ()))
        self.warnings = {k: frozenset(v) for k, v in (lexicon.cues.get("warnings") or {}).items()}
        self.commitments = lexicon.cue("commitments")

    # -- triggers -------------------------------------------------------------------------
    def triggers(self, sent: Span) -> list[Trigger]:
        found: list[Trigger] = []
        covered: set[int] = set()
        for tok in sent:
            if tok.i in covered:
                continue
            lemma = sx.lemma(tok)
            if tok.ent_type_ in NAME_ENTS:
                continue  # "Indian Illegally Occupied Kashmir" names a place
            phrase = self._phrase(tok)
            if phrase is not None:
                entry, start = phrase
                covered.update(range(start, tok.i + 1))
                found.append(Trigger(tok, entry, nominal=True))
            elif tok.pos_ == "VERB" and self._verdict(tok):  # "called the strikes an act of war"
                found.append(Trigger(tok, TriggerEntry(("ACCUSE",), mode="disapprove"), verdict=True))
            elif tok.pos_ in ("VERB", "AUX") and self._warning(tok):  # "X will pay a heavy price"
                found.append(Trigger(tok, TriggerEntry(("THREATEN",)), warning=True))
            elif self._adjective(tok):  # "we are deeply concerned about X", "troubled by X"
                found.append(Trigger(tok, self.lex.adjectives[tok.lower_][0], experiencer=True))
            elif tok.pos_ == "VERB" and lemma in self.dismissal_verbs and self._dismissal(tok):
                found.append(Trigger(tok, TriggerEntry(("REJECT",))))  # "said the charges were baseless"
            elif tok.pos_ == "VERB" and lemma in self.lex.verbs:
                entry = self._match(tok, self.lex.verbs[lemma])
                if entry and not (lemma in self.speech and any(c.dep_ == "ccomp" for c in tok.children)):
                    found.append(Trigger(tok, entry))
            elif lemma in SILENT_COPULAS and not any(c.dep_ == "neg" for c in tok.children) and any(
                c.dep_ == "acomp" and c.lemma_.lower() in self.silence for c in tok.children
            ):  # "remained silent on the killings": a withheld condemnation
                found.append(Trigger(tok, TriggerEntry((self.silence[next(
                    c.lemma_.lower() for c in tok.children if c.dep_ == "acomp" and c.lemma_.lower() in self.silence
                )],)), negated_noun=True))  # fmt: skip
            elif tok.pos_ == "NOUN" and lemma in self.silence:
                found.append(Trigger(tok, TriggerEntry((self.silence[lemma],)), nominal=True,
                                     source_of=True, negated_noun=True))  # fmt: skip
            elif tok.pos_ in ("NOUN", "PROPN") and lemma in self.lex.nouns and tok.tag_ != "NNP":
                entry = self._match(tok, self.lex.nouns[lemma])
                if entry:
                    found.append(Trigger(tok, entry, nominal=True))
        by_token = {t.token.i: t for t in found}
        warned = {c.i for t in found if t.warning for c in t.token.children if c.dep_ in ("nsubj", "nsubjpass")}
        return [t for t in found if not self._absorbed(t, by_token) and t.token.i not in warned]  # "any aggression will be met": a condition

    def _dismissal(self, verb: Token) -> bool:
        """A reported clause that dismisses a charge or a say: "... were baseless", "... an internal matter"."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            preds = [c for c in clause.children if c.dep_ in ("attr", "acomp", "oprd")]  # "... were baseless"
            lemmas = [t.lemma_.lower() for p in preds for t in p.subtree]
            grams = set(lemmas) | {" ".join(p) for p in zip(lemmas, lemmas[1:], strict=False)}
            if grams & self.dismissals:
                return True
        return False

    def _warning(self, tok: Token) -> bool:
        """A comeuppance predicted for a party: "will pay a heavy price", "will be met with a response"."""
        words = self.warnings.get(tok.lemma_.lower())
        if not words or not sx.future(tok):  # "it has paid no price": a fact, no warning
            return False
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        objects += [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "by")
                    for p in c.children if p.dep_ == "pobj"]  # fmt: skip
        return any(o.lemma_.lower() in words for o in objects)

    def _warning_roles(self, tok: Token) -> tuple[list[Token], list[Token]]:
        """The warner is the subject of the nearest governing clause ("Pakistan said X will pay",
        "we will ensure X pays"); the warned, the predicted sufferer or the one told."""
        targets = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        head = tok
        for _ in range(4):
            if head.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or head.head is head:
                return [], targets
            head = head.head
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            if subjects:
                told = [c for c in head.children if c.dep_ in ("dobj", "dative") and c.pos_ in ("PROPN", "NOUN", "PRON")]
                return subjects, targets + told
        return [], targets

    def _broken_commitment(self, tok: Token) -> Token | None:
        """The accord a verb says was broken ("breached the accord", "reneged on its pledges")."""
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        objects += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        return next((o for o in objects if o.lemma_.lower() in self.commitments), None)

    def _accord_parties(self, accord: Token, src: list, tokmap, state) -> list:
        """The other party of a broken accord: named in it ("the agreement with X"), else the
        other state of the document's dyad."""
        own = {m.actor_id for m in src}
        named = []
        verb = accord.head.head if accord.dep_ == "pobj" else accord.head
        parties = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "with") for p in c.subtree]
        for t in list(accord.subtree) + parties:  # "its commitments to X" (wherever the parse hangs "to X")
            m = tokmap.get(t.i)
            if m is not None and not m.is_place and m.actor_id not in own and all(m is not n for n in named):
                named.append(m)
        if named:
            return named
        if len(src) == 1 and len(state.dyad) == 2 and src[0].actor_id in state.dyad:
            return [ctx.Implied(a) for a in state.dyad if a != src[0].actor_id]
        return []

    def _adjective(self, tok: Token) -> bool:
        """A predicative adjective (or adjectival passive) of disapproval."""
        if tok.lower_ not in self.lex.adjectives:
            return False
        if tok.pos_ == "ADJ":
            return tok.dep_ in ("acomp", "ROOT")
        return tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children)

    def _verdict(self, tok: Token) -> bool:
        """A verb of naming whose predicate condemns its object ("described the raid as aggression")."""
        if tok.lemma_.lower() not in self.verdict_verbs or not self._verdict_objects(tok):
            return False
        predicates = [c for c in tok.children
                      if c.dep_ in ("oprd", "xcomp", "ccomp", "attr") or (c.dep_ == "prep" and c.lower_ == "as")]  # fmt: skip
        return any(t.lemma_.lower() in self.verdict_words for c in predicates for t in c.subtree)

    @staticmethod
    def _verdict_objects(tok: Token) -> list[Token]:
        """What is judged: the object, or the subject of a small clause ("found [it regrettable]")."""
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        return objects or [s for c in tok.children if c.dep_ in ("ccomp", "xcomp", "oprd")
                           for s in c.children if s.dep_ == "nsubj"]  # fmt: skip

    def _phrase(self, tok: Token) -> tuple[TriggerEntry, int] | None:
        if tok.lemma_.lower() not in self.phrase_heads:
            return None
        for n in range(self.max_phrase, 1, -1):
            start = tok.i - n + 1
            if start < tok.sent.start:
                continue
            key = tuple(t.lemma_.lower() for t in tok.doc[start : tok.i + 1])
            if key in self.lex.phrases:
                return self.lex.phrases[key], start
        return None

    @staticmethod
    def _match(tok: Token, entries: list[TriggerEntry]) -> TriggerEntry | None:
        words = set()
        for c in tok.children:
            if c.dep_ in ("prt", "advmod") and c.lower_ in OBJECT_PREPS:
                continue  # "stood by as ...": no one stood by
            if c.dep_ in ("prt", "prep", "agent", "advmod"):
                words.add(c.lower_)
                words.update(p.lemma_.lower() for p in c.children if c.dep_ == "prep" and p.dep_ == "pobj")
            elif c.dep_ in ("xcomp", "acl", "relcl") and any(a.lower_ == "to" for a in c.children):
                words.add("to")
        objects = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass")}
        for entry in entries:
            if entry.requires and not all(w in words for w in entry.requires):
                continue
            if entry.types == (NONE,) and not objects & entry.objects.keys():
                continue  # a verb that is an act only with some objects ("closed its airspace")
            if entry.heads and not sx.governed_by(tok, entry.heads):
                continue
            return entry
        return None

    @staticmethod
    def _senses(trig: Trigger) -> set[str]:
        """The trigger's types, its object's sense included ("expanded its arsenal": MOBILIZE)."""
        objects = {c.lemma_.lower() for c in trig.token.children if c.dep_ in ("dobj", "nsubjpass")}
        return set(trig.entry.types) | {trig.entry.objects[o] for o in objects if trig.entry.objects.get(o)}

    def _absorbed(self, trig: Trigger, by_token: dict[int, Trigger]) -> bool:
        """Part of another trigger: its complement ("threatened to invade"), its object
        ("convene a meeting"), or the thing a nominal act is about ("refusal of mediation")."""
        tok, path = trig.token, []
        if sx.aim(tok) and (head := by_token.get(tok.head.i)) is not None and "MOBILIZE" in self._senses(head):
            return True  # "expanding its arsenal, targeting X": the aim of the build-up
        if tok.dep_ == "conj" and tok.tag_ == "VBD" and tok.head.tag_ in ("VBG", "VB"):
            return False  # "denied launching X and accused Y": a finite verb is no part of the complement
        head = by_token.get(tok.head.i)
        if (tok.dep_ == "conj" and tok.tag_ == "VB" and head is not None and head.entry.absorb
                and not any(c.dep_ in ("nsubj", "aux") for c in tok.children)
                and any(c.dep_ == "xcomp" for c in tok.head.children)):
            return True  # "urged X to work with Y, restore links and ...": a bare verb of the complement
        for _ in range(5):
            if tok.dep_ not in ABSORB_PATH or tok.head is tok:
                return False
            path.append(tok.dep_)
            tok = tok.head
            other = by_token.get(tok.i)
            if other is None:
                continue
            if other.entry.absorb and any(p in ("xcomp", "ccomp", "pcomp", "acl") for p in path):
                return True
            if (
                trig.nominal
                and path[0] in ("dobj", "pobj")
                and len(path) <= 2
                and (tok.lemma_.lower() not in self.lex.light_verbs or other.entry.requires)  # "hold X in abeyance"
                and not any(c.dep_ == "poss" and c.pos_ != "PRON" for c in trig.token.children)
            ):
                return True
            if path[-1] == "conj":
                return False
        return False

    # -- coding ---------------------------------------------------------------------------
    def code(self, doc: Document, published: str | None = None) -> list[Event]:
        sdoc = doc.spacy_doc
        if sdoc is None:
            return []
        tokmap = mention_map(doc.mentions, sdoc)
        pub = dates.parse_published(published or doc.published)
        state = ctx.DocState(pub)
        state.dyad = ctx.dyad(doc.mentions)
        state.dateline = sx.dateline(sdoc)
        events: list[Event] = []
        backoff = self.options.backoff
        if backoff == "auto":
            backoff = "any" if len(doc.sentences) <= self.options.short_item else "off"
        state.short = backoff == "any" and len(doc.sentences) <= self.options.short_item
        date_ents: dict[int, list[Span]] = {}
        for ent in sdoc.ents:
            if ent.label_ == "DATE":
                date_ents.setdefault(ent.root.sent.start, []).append(ent)
        for si, sent in enumerate(sdoc.sents):
            sent_dates = self._sentence_dates(sent, date_ents.get(sent.start, []), state, pub)
            triggers = self.triggers(sent)
            asked = sx.question(sent)
            if asked:  # "Did we impose preconditions?": the questioned act is not reported
                triggers = [t for t in triggers if not sx.questioned(t.token)]
            if triggers and self.cues.status(sent.root, None) == PRESCRIBED:  # "Revisit the talks of 1963"
                triggers = [t for t in triggers if not t.nominal]  # acts named in advice are topics
            probs = None
            coded: dict[tuple, Event] = {}
            state.triggers = [t.token for t in triggers]
            for trig in triggers:
                if probs is None:
                    probs = self._proba(sent)
                for ev in self._code_trigger(trig, sent, si, probs, tokmap, state, sent_dates, doc):
                    key = (ev.source, ev.type, ev.target, ev.status)
                    if key not in coded or coded[key].confidence < ev.confidence:
                        coded[key] = ev
            if not coded and triggers and backoff != "off":
                ev = self._backoff(triggers, sent, si, probs, tokmap, state, sent_dates, doc, backoff)
                if ev is not None:
                    coded[()] = ev
            prescribed = any(self.cues.status(t.token, None) == PRESCRIBED for t in triggers)
            if not coded and backoff == "any" and self.options.short_fallback > 0 and not prescribed:
                # a short item (a news lead, a headline) reports one main act: take the
                # model's choice when neither the lexicon nor the roles gave one
                for ev in self._fallback(sent, si, tokmap, state, sent_dates, doc, short=True):
                    coded[(ev.source, ev.type, ev.target, ev.status)] = ev
            events.extend(coded.values())
            state.note_subjects(si, sent, tokmap)
            state.note_lead(si, sent, tokmap)
            state.note_mentions(si, sent, tokmap)
            if not triggers and not sx.ends_in_question(sent) and self.options.fallback > 0:
                events.extend(self._fallback(sent, si, tokmap, state, sent_dates, doc))
            state.end_sentence(si, sent_dates)
        return _dedupe(events)

    def _proba(self, sent: Span) -> dict[str, float]:
        if self.model is None:
            return {}
        return self.model.proba(sentence_features(sent), blend_below=self.options.encoder_blend)

    def choose_type(self, trig: Trigger, probs: dict[str, float], alone: bool = True,
                    short: bool = False) -> tuple[str | None, float]:  # fmt: skip
        """The trigger's type: the lexicon's sense, refined by object, complement and model.

        The sentence-level model may overrule the lexicon only for the sentence's one trigger.
        """
        entry, tok = trig.entry, trig.token
        types, by_object = list(entry.types), False
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "the tariffs imposed by X"
            objects.append(tok.head)
        for child in objects:
            if child.lemma_.lower() in entry.objects:
                override = entry.objects[child.lemma_.lower()]
                if override is None:
                    return None, 0.0
                types, by_object = [override], True  # "signed an accord": the object fixes the sense
        if entry.absorb and types[0] == "AGREE":
            inner = self._complement_type(tok)
            if inner in CONFLICT:
                types = ["THREATEN"]  # "vowed to retaliate"
            elif inner == "RETREAT":
                types = ["CONCEDE"]  # "promised to withdraw"
        best = max(types, key=lambda t: probs.get(t, 0.0)) if probs else types[0]
        p = probs.get(best, 0.0) if probs else 0.5
        if probs and not trig.negated_noun and alone and not by_object:
            top = max((t for t in probs if t != NONE), key=probs.get)
            needed = self.options.override if trig.nominal or len(entry.types) > 1 else self.options.override_verb
            names_type = tok.lemma_.upper() in types  # "agreed", "accused", "threatened"
            if len(types) == 1:  # an unambiguous entry yields only to a sure model that rules it out
                needed = max(needed, self.options.override_single)
                if (not trig.nominal and not short) or probs.get(types[0], 0.0) >= self.options.single_floor:
                    needed = 2.0  # in longer texts an unambiguous verb is never overruled
            if top not in types and probs[top] >= needed and not (names_type and not trig.nominal):
                return top, probs[top]
        return best, p

    def _complement_type(self, tok: Token) -> str | None:
        """The type of the act in the complement ("promised to pursue the attackers": ASSAULT)."""
        for child in tok.children:
            if child.dep_ in ("xcomp", "ccomp"):
                entry = self._match(child, self.lex.verbs.get(child.lemma_.lower(), []))
                if entry is None:
                    continue
                objects = [c.lemma_.lower() for c in child.children if c.dep_ in ("dobj", "nsubjpass")]
                typed = [entry.objects[o] for o in objects if entry.objects.get(o)]
                return typed[0] if typed else entry.types[0]
        return None

    def _backoff(self, triggers, sent, si, probs, tokmap, state, sent_dates, doc, mode) -> Event | None:
        """The sentence's main act when no trigger had a resolvable agent ("Protesters marched")."""
        best = None
        for trig in triggers:
            if trig.nominal and trig.light is None and trig.token.dep_ not in ("nsubj", "ROOT"):
                continue
            events = self._code_trigger(trig, sent, si, probs, tokmap, state, sent_dates, doc, require_actor=False)
            for ev in events:
                if mode == "actor" and ev.source is None and ev.target is None:
                    continue
                if best is None or ev.confidence > best.confidence:
                    best = ev
        if best is not None:
            best.confidence = round(best.confidence * 0.6, 3)
        return best

    def _code_trigger(self, trig, sent, si, probs, tokmap, state, sent_dates, doc, require_actor=True) -> list[Event]:
        tok = trig.token
        if trig.nominal:
            sources, targets, trig.light = self._noun_roles(trig)
            if trig.source_of:
                sources = sources + [p for prep in tok.children if prep.lower_ == "of"
                                     for p in prep.children if p.dep_ == "pobj"]  # fmt: skip
                targets = []
        elif trig.verdict:
            sources, targets = verb_arguments(tok)[0], self._verdict_objects(tok)
        elif trig.warning:
            sources, targets = self._warning_roles(tok)
        elif trig.experiencer:  # the subject feels, the object of by/about/at causes it
            sources, targets = verb_arguments(tok)
            passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
            sources = passive or sources
            targets = [t for t in targets if t.dep_ != "nsubjpass"] + prep_objects(tok, ADJECTIVE_PREPS)
            targets += [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        else:
            sources, targets = verb_arguments(tok)
        status = self.cues.status(tok, trig.light)
        if status == PRESCRIBED:
            return []
        if trig.negated_noun:
            status = "negated"
        elif status == "asserted" and not trig.nominal and sx.disclaimer(tok):
            status = "negated"  # "we seek no favours": the act is disclaimed
        alone = len(state.triggers) <= 1 or not require_actor
        etype, p_type = self.choose_type(trig, probs, alone=alone, short=state.short)
        if trig.warning:  # a warning is a threat made now, whatever its modal
            etype, p_type = "THREATEN", max(p_type, 0.5)
            status = "asserted" if status == "hypothetical" else status
        if etype is None:
            return []
        if etype == "AGREE" and status == "negated" and self.cues.refusal(tok, trig.light):
            etype, status = "REJECT", "asserted"  # "will not accept mediation" is a refusal
        if etype == "MOBILIZE" and not trig.nominal:  # "... its arsenal, targeting X"
            targets = targets + [t for c in tok.children if sx.aim(c) for t in verb_arguments(c)[1]]
        vow = status != "negated" and sx.future(tok) and (trig.entry.future_only or etype == "ASSAULT")
        if not trig.nominal and not trig.experiencer:  # "condemned the killing of X": X is the victim
            targets = [a for t in targets for a in self._act_authors(t)]
        if not trig.nominal:  # "arrived in X": the preposition the sense requires names the target
            targets = targets + [p for c in tok.children if c.dep_ == "prep" and c.lower_ in trig.entry.requires
                                 for p in c.children if p.dep_ == "pobj" and p not in targets]  # fmt: skip
        src = self._resolve(sources, tokmap, places=False, state=state, si=si)
        if not trig.nominal and sx.reattached(tok, self.speech):  # "X said that Y had agreed, and congratulated Z"
            src = self._reporter(tok, tokmap, state, si) or src
        if vow and (trig.entry.future_only or self._own_word(tok, src, tokmap, state, si)):
            etype, status = "THREATEN", "asserted"  # "said it would respond": a threat made now
        elif (etype in ("CONSULT", "COOPERATE") and status != "negated" and sx.future(trig.light or tok)
              and self._own_word(trig.light or tok, src, tokmap, state, si)):
            etype, status = "AGREE", "asserted"  # "they announced that they would resume the dialogue"
        elif trig.entry.future_only:
            return []
        if not src and tok.dep_ == "conj" and not trig.nominal:  # "X told reporters that ... and accused Y"
            src = self._reporter(tok, tokmap, state, si)
        if not src and not sources and not trig.nominal and sx.headless(tok):
            src = state.list_speaker(si, self.options.anaphora_window)  # "The Group: ... Rejected the ..."
        topic = trig.entry.topic_object and any(t.dep_ == "dobj" for t in targets)
        if topic:  # "discussed Kashmir": the object is what the talks were about
            targets = [t for t in targets if t.dep_ != "dobj"]
        tgt = self._resolve(targets, tokmap, places=True, state=state, si=si, avoid={m.actor_id for m in src})
        accord = self._broken_commitment(tok) if etype == "REJECT" and not trig.nominal else None
        if accord is not None:  # "breached the accord (with X)": aimed at the accord's other party
            tgt = self._accord_parties(accord, src, tokmap, state)
        if etype == "REJECT" and targets and all(t.lower_ in DEICTIC for t in targets):
            tgt = state.accuser(si, {m.actor_id for m in src}) or tgt  # "denied it": the charge's author
        if not tgt and not trig.nominal and trig.entry.absorb:
            tgt = self._complement_targets(tok, tokmap)
        unnamed = not tgt and (topic or (not trig.verdict and self._unattributed_object(tok)))  # "condemned the bombing": no one named
        implicit = self._implicit(tok, sent)
        if implicit:  # the domain fixes who does this act
            src = [m for m in src if m.actor_id == implicit[0]] or [ctx.Implied(implicit[0])]
            if implicit[1]:
                tgt = [m for m in tgt if m.actor_id == implicit[1]] or [ctx.Implied(implicit[1])]
        if not src and not tgt and status == "negated" and etype in JOINT and sx.denied_noun(tok):
            src = state.parties(si)  # "no agreement could be reached": the talks' two sides
        if not src and not tgt and etype == "CONSULT" and trig.nominal and self._joint_subject(trig):
            if status != "asserted":
                return []  # "before any talks could resume": no party is named, nothing happened
            src = state.parties(si)  # "the talks ended without agreement": the two sides met
        if etype == "PROTEST" and trig.entry.mode == "demo" and src and all(m.sector in OFFICIAL for m in src):
            etype = "ACCUSE"  # "the ministry protested against the remarks"
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if require_actor and not src and (trig.nominal or not passive or not tgt):
            return []  # an act with no agent is a topic, not a reported event
        unnamed = unnamed or etype == "MOBILIZE" or accord is not None  # no guessed bystander
        if src and not tgt and etype == "REJECT" and accord is None:  # "denied the charge": aimed at the accuser
            tgt = state.accuser(si, {m.actor_id for m in src})
        mutual = (etype in RECIPROCAL or trig.entry.mutual) and len(src) == 2 and not trig.entry.directed
        if src and not tgt and not mutual and not unnamed and self.options.implicit_targets:
            side = len(src) == 1 and src[0].actor_id in state.dyad and len(state.dyad) == 2 and not state.short
            window = 0 if side and etype in CONFLICT else self.options.anaphora_window  # force: the other side
            places = etype in CONFLICT or trig.entry.mode == "visit"  # "deployed troops in Kashmir"
            rep = sx.reporting_head(tok, self.speech | self.complaint)
            speakers = [c for c in rep.children if c.dep_ == "nsubj"] if rep is not None else []
            tgt = state.counterpart(si, sent, tokmap, {m.actor_id for m in src}, window,
                                    exclude=sources + speakers, places=places)  # not the reporter  # fmt: skip
            if not tgt and len(src) == 2 and not trig.entry.directed:  # "the two sides signed ...": each toward the other
                tgt = src
            if not tgt and side:
                tgt = [ctx.Implied(a) for a in state.dyad if a != src[0].actor_id]  # the other side of the dispute
        events = self._events(trig, sent, src, tgt, etype, status, p_type, probs, state, doc, sent_dates, si)
        return events + self._speaker_charges(tok, events, tokmap, state, si)

    def _light_agents(self, verb: Token) -> list[Token]:
        """The by-agent of a light verb's participle ("the strikes carried out by X")."""
        if verb.lemma_.lower() not in self.lex.light_verbs:
            return []
        return [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]

    def _act_authors(self, obj: Token) -> list[Token]:
        """A violent or coercive act as an object stands for its authors ("condemned India's
        killing of civilians": India; "the torture of prisoners": no one named)."""
        entries = self.lex.nouns.get(obj.lemma_.lower(), []) if obj.pos_ == "NOUN" else []
        if obj.dep_ != "dobj" or not any(t in CONFLICT for e in entries for t in e.types):
            return [obj]
        authors = sx.children_of(obj, ("poss",)) + prep_objects(obj, frozenset({"by", "from"}))
        return authors + [c for c in obj.children if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in NAME_ENTS]

    def _unattributed_object(self, tok: Token) -> bool:
        """The object is a violent or coercive act whose author is not named ("condemned the killings")."""
        for obj in tok.children:
            if obj.dep_ == "dobj" and obj.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in obj.children):
                entries = self.lex.nouns.get(obj.lemma_.lower(), [])
                if any(t in CONFLICT for e in entries for t in e.types):
                    return True
        return False

    def _noun_roles(self, trig: Trigger) -> tuple[list[Token], list[Token], Token | None]:
        """Sources, targets and governing verb of a nominal trigger (see ``noun_arguments``)."""
        tok, entry = trig.token, trig.entry
        sources, targets, light = noun_arguments(tok, self.lex.light_verbs)
        if entry.of_agent and not sources:  # "the withdrawal of Pakistani forces"
            sources = [t for t in targets if t.head.lower_ == "of"]
            targets = [t for t in targets if t not in sources]
        if not sources:  # "a ceasefire agreed between X and Y", "the strikes carried out by X"
            sources = [p for c in tok.children if c.dep_ == "acl"
                       for p in prep_objects(c, frozenset({"between"})) + self._light_agents(c)]  # fmt: skip
        gov = tok.head.head if tok.dep_ == "pobj" else tok.head
        if entry.heads and light is None and gov.pos_ in ("VERB", "AUX"):
            light = gov  # "commanders put a ceasefire into effect": the verb carries the act
            if not sources and tok.dep_ in ("dobj", "pobj"):
                sources = verb_arguments(gov)[0]
        if light is None and not sources and "CONSULT" in entry.types:
            light = self._course_verb(tok)  # "talks could start": the verb carries the status
        if not sources and "CONSULT" in entry.types and any(t.head.lower_ == "with" for t in targets):
            verb = sx.clause_verb(tok)
            if verb is not None:  # "agreed after hours of talks with X": the subject took part
                sources = verb_arguments(verb)[0]
        return sources, targets, light

    def _own_word(self, tok: Token, src: list, tokmap, state, si) -> bool:
        """The act is announced by its own agent ("Pakistan said it would strike back")."""
        verb = sx.reporting_head(tok, self.speech | self.complaint | self.vows)
        if verb is None or not src:
            return False
        speakers = self._resolve([c for c in verb.children if c.dep_ == "nsubj"], tokmap, places=False,
                                 state=state, si=si)  # fmt: skip
        return bool({m.actor_id for m in speakers} & {m.actor_id for m in src})

    def _reporter(self, tok: Token, tokmap, state, si) -> list:
        """The subject of the reporting verb above a conjoined act the parse put in its clause."""
        verb = sx.reporting_head(tok, self.speech)
        if verb is None or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return []
        return self._resolve([c for c in verb.children if c.dep_ == "nsubj"], tokmap, places=False, state=state, si=si)

    def _speaker_charges(self, tok: Token, events: list[Event], tokmap, state, si) -> list[Event]:
        """A wrong reported by a named speaker is also the speaker's charge against its author:
        "X said the raiders were sent by Y" -> X ACCUSE Y."""
        if not events:
            return []
        verb = sx.reporting_head(tok, self.speech | self.complaint)
        if verb is None:
            return []
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        speakers = self._resolve(subjects, tokmap, places=False, state=state, si=si)
        out = []
        for ev in events:
            if ev.type not in CONFLICT or ev.status != "asserted" or ev.source is None:
                continue
            for sp in speakers:
                if sp.actor_id != ev.source:
                    state.accusations.append((si, sp.actor_id, ev.source))
                    out.append(replace(ev, type="ACCUSE", mode="allege", trigger=verb.text,
                                       confidence=round(ev.confidence * 0.9, 3),
                                       **_pair(sp, ctx.Implied(ev.source))))  # fmt: skip
        return out

    def _events(self, trig, sent, src, tgt, etype, status, p_type, probs, state, doc, sent_dates, si=None) -> list[Event]:
        tok = trig.token
        for m in src:
            if si is not None:
                state.note_actor(si, m)
        if si is not None and etype == "ACCUSE":
            state.accusations.extend((si, s.actor_id, t.actor_id) for s in src for t in tgt if t is not None)
        if si is not None and etype in RECIPROCAL and len({m.actor_id for m in src + tgt}) == 2:
            state.last_pair = (si, [m.actor_id for m in src + tgt if m is not None])
        date = self._date_for(tok, sent_dates, state.triggers)
        conf = self._confidence(trig, p_type, bool(src), bool(tgt), probs.get(NONE, 0.0) if probs else 0.0)
        if conf < self.options.min_confidence:
            return []
        start, end = sent.start_char, sent.end_char
        mode = trig.entry.mode if etype in trig.entry.types else None
        base = dict(type=etype, status=status, mode=mode, quote=doc.text[start:end].strip(),
                    start=start, end=end, confidence=round(conf, 3), trigger=tok.text,
                    date=date[0] if date else None, date_precision=date[1] if date else None)  # fmt: skip
        pairs = _pairs(src, tgt, etype, trig.entry.mutual, trig.entry.directed)
        return [Event(**base, **_pair(s, t)) for s, t in pairs]

    def _resolve(self, tokens: list[Token], tokmap, *, places: bool, state, si, avoid: set[str] = frozenset()) -> list:
        out: list = []

        def under(node: Token, **kw) -> list:  # a dateline ("NEW DELHI — ...") names no actor
            if node.i < state.dateline:  # the parse hangs the real subject below it: "LIMA — Chile ..."
                return [m for c in node.children if c.i >= state.dateline for m in under(c, **kw)]
            return [m for m, t in mentions_under(node, tokmap, **kw) if t.i >= state.dateline]

        for tok in tokens:
            found = self._group(tok, state) or under(tok)
            if not found and tok.dep_ == "appos":  # "Countries such as X, those that ..."
                found = under(tok.head)
            topic = tok.dep_ == "pobj" and tok.head.lower_ in ("on", "over", "about", "for", "regarding")
            if not found and not (places and topic):  # "officials in Karachi"; "invaded X"
                found = under(tok, places=True, max_depth=1 if places else 2)
            if not found and tok.lower_ in self.anaphors:
                found = self._speaker(tok, tokmap)
                if not found:
                    ref = state.antecedent(si, tok.lower_, self.options.anaphora_window, avoid=avoid)
                    found = [ref] if ref else []
            elif not found and self._definite_agent(tok):  # "the foreign ministry summoned ..."
                organ = tok.lemma_.lower() not in self.document_agents  # an organ of a state, not a text
                ref = state.antecedent(si, "it", self.options.anaphora_window, states_only=organ)
                found = [ref] if ref else []
            for m in found:
                if all(m.actor_id != o.actor_id for o in out):
                    out.append(m)
        return out

    def _joint_subject(self, trig: Trigger) -> bool:
        """"The talks ended", "a round of talks opened": a (bilateral) meeting whose course is reported."""
        return trig.entry.mode != "multilateral" and self._course_verb(trig.token) is not None

    def _course_verb(self, noun: Token) -> Token | None:
        slot = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun  # "a round of talks"
        if slot.dep_ == "nsubj" and slot.head.lemma_.lower() in self.course_verbs:
            return slot.head
        return None

    def _definite_agent(self, tok: Token) -> bool:
        """"The foreign ministry", "officials": an unnamed agency subject stands for the party
        the text has been following."""
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "NOUN":
            return False
        phrase = " ".join(t.lemma_.lower() for t in tok.subtree if t.dep_ in ("amod", "compound") or t.i == tok.i)
        agents = self.definite_agents | self.document_agents
        if phrase not in agents and tok.lemma_.lower() not in agents:
            return False
        dets = [c.lower_ for c in tok.children if c.dep_ == "det"]
        named = any(t.ent_type_ for t in tok.subtree if t.i != tok.i)
        return not named and (dets == ["the"] or (not dets and tok.tag_ == "NNS"))

    def _speaker(self, pronoun: Token, tokmap) -> list[Mention]:
        """"X said it would ...": the subject pronoun of a reported clause is the speaker ("they":
        all the speakers)."""
        clause = pronoun.head
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
            return []
        if clause.head.lemma_.lower() not in self.speech | self.complaint:
            return []
        person = pronoun.lower_ in ("he", "she")
        found = [m for subj in clause.head.children if subj.dep_ == "nsubj"
                 for m, _ in mentions_under(subj, tokmap) if person == (m.kind == "person")]  # fmt: skip
        return found if pronoun.lower_ == "they" else found[:1]

    def _group(self, tok: Token, state) -> list:
        """"both governments", "the two sides": the two states the document is about."""
        if len(state.dyad) < 2:
            return []
        if tok.lower_ == "neither" and tok.dep_ in ("nsubj", "nsubjpass"):  # "neither has replied"
            return [ctx.Implied(a) for a in state.dyad]
        if tok.lemma_.lower() not in self.group_nouns:
            return []
        if any(c.lower_ in self.group_dets for c in tok.children if c.dep_ in ("det", "nummod", "predet", "preconj")):
            return [ctx.Implied(a) for a in state.dyad]
        return []

    def _complement_targets(self, tok: Token, tokmap) -> list[Mention]:
        """Target inside the complement of "threaten to invade X", "call to end X's siege"."""
        for child in tok.children:
            if child.dep_ in ("xcomp", "ccomp", "acl", "prep"):
                inner = child if child.dep_ != "prep" else next(
                    (c for c in child.children if c.dep_ in ("pcomp", "pobj")), None)  # fmt: skip
                if inner is None:
                    continue
                for obj in inner.children:
                    if obj.dep_ in ("dobj", "pobj", "prep", "dative"):
                        node = obj if obj.dep_ != "prep" else next((c for c in obj.children if c.dep_ == "pobj"), obj)
                        found = mentions_under(node, tokmap, places=True)
                        if found:
                            return [m for m, _ in found]
        return []

    def _implicit(self, tok: Token, sent: Span) -> tuple[str, str | None] | None:
        lemma = tok.lemma_.lower()
        rules = [r for r in self.implicit if lemma in r["triggers"]]
        if not rules:
            return None
        window = tok.doc[tok.i : min(tok.i + 12, sent.end)].text.lower()
        for rule in rules:
            if any(a in window for a in rule["about"]):
                return rule["source"], rule.get("target")
        return None

    def _fallback(self, sent, si, tokmap, state, sent_dates, doc, short: bool = False) -> list[Event]:
        """No lexicon trigger, but the model is sure the sentence reports an event.

        ``short``: a short item's sentence with no event yet; a lower bar, any root, and the
        act is kept even when no actor is found (with a low confidence).
        """
        probs = self._proba(sent)
        if not probs:
            return []
        top = max(probs, key=probs.get)
        needed = self.options.short_fallback if short else self.options.fallback
        if top == NONE or probs[top] < needed or (not short and sent.root.pos_ != "VERB"):
            return []
        if not short and sent.root.lemma_.lower() in self.speech:
            return []  # "officials said the attackers had links": the act is the reported clause's
        if sx.disclaimer(sent.root):
            return []  # "we have violated no norm", "we seek no favours": a denial, no act
        trig = Trigger(sent.root, TriggerEntry((top,)))
        events = self._code_trigger(trig, sent, si, probs, tokmap, state, sent_dates, doc,
                                    require_actor=not short)  # fmt: skip
        if short:
            for ev in events:
                ev.confidence = round(min(ev.confidence, probs[top]) * 0.6, 3)
        return events

    @staticmethod
    def _confidence(trig: Trigger, p_type: float, has_src: bool, has_tgt: bool, p_none: float) -> float:
        conf = 0.45 + 0.3 * p_type + (0.12 if has_src else 0.0) + (0.08 if has_tgt else 0.0)
        conf -= 0.08 if trig.nominal else 0.0
        conf -= 0.15 * p_none
        return max(0.05, min(0.97, conf))

    # -- dates ----------------------------------------------------------------------------
    def _sentence_dates(self, sent: Span, ents: list[Span], state, pub) -> list[tuple[Token, str, str]]:
        out: list[tuple[Token, str, str]] = []
        base = pub[0] if pub else None
        for ent in ents:
            text = ent.text
            if base is None and not re.search(r"\b\d{4}\b", text):  # no anchor for "May 11"
                continue
            resolved = dates.resolve(text, base or dt.date(2000, 1, 1), "past")
            if resolved:
                out.append((ent.root, dates.iso(*resolved), resolved[1]))
        offset = dates.relative_anchor(sent.text)
        if offset is not None:
            anchor = state.last_date(len(state.sentence_dates))
            if anchor is None and pub is not None:
                anchor = pub
            if anchor is not None and anchor[1] == "day":
                day = anchor[0] + dt.timedelta(days=offset)
                out.append((sent.root, day.isoformat(), "day"))
        return out

    @staticmethod
    def _date_for(tok: Token, sent_dates, others: list[Token]) -> tuple[str, str] | None:
        """The date nearest the trigger in the tree, unless another trigger is much nearer."""
        best, best_dist = None, 99
        for root, iso, precision in sent_dates:
            dist = sx.tree_distance(tok, root)
            nearest_other = min((sx.tree_distance(o, root) for o in others if o is not tok), default=99)
            if dist < best_dist and (dist <= nearest_other or dist <= 2):
                best, best_dist = (iso, precision), dist
        return best


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (source, type, target, status) in a document: the most confident one."""
    best: dict[tuple, Event] = {}
    for ev in events:
        key = (ev.source, ev.type, ev.target, ev.status)
        if key not in best or best[key].confidence < ev.confidence:
            best[key] = ev
    full = {(e.source, e.type, e.target, e.status) for e in best.values() if e.source and e.target}
    for key, ev in list(best.items()):
        if None in (ev.source, ev.target) and any(_covers(f, key) for f in full):
            del best[key]  # a partial copy of an act the document codes in full
    keep = {id(ev) for ev in best.values()}
    return [ev for ev in events if id(ev) in keep]


def _covers(full: tuple, partial: tuple) -> bool:
    return all(p is None or p == f for f, p in zip(full, partial, strict=True))


def _pairs(src: list, tgt: list, etype: str, mutual: bool = False, directed: bool = False) -> list[tuple]:
    if not tgt and len(src) == 2 and (etype in RECIPROCAL or mutual) and not directed:
        return [(a, b) for a in src for b in src if a.actor_id != b.actor_id]
    out = []
    for s in src or [None]:
        others = [t for t in tgt if s is None or t.actor_id != s.actor_id]
        if tgt and not others:
            if etype != "CONSULT":
                continue  # an act on oneself is no event
            others = [None]  # "convened its ministers": an inside meeting
        for t in others or [None]:
            out.append((s, t))
    return out


def _pair(s, t) -> dict:
    return dict(
        source=s.actor_id if s else None, source_sector=getattr(s, "sector", None),
        source_text=getattr(s, "text", None), target=t.actor_id if t else None,
        target_sector=getattr(t, "sector", None), target_text=getattr(t, "text", None),
    )  # fmt: skip


def _load_implicit(pack: str | None) -> list[dict]:
    path = Path(MODEL_DIR) / "implicit_agents.yaml"
    if not pack or not path.is_file():
        return []
    return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(pack, []))
