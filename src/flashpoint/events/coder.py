"""Sentence-level PLOVER coder: the fine-tuned event model decides type, source and target;
rules keep what a sentence model cannot see.

Per clause that can hold an event (it names an actor, or has a pronoun with an actor named in
it or the ``anaphora_window`` sentences before, and has a verb; a sentence joining two
predicates is read as two clauses, see ``clauses.py``), one model pass
gives the type (or NONE), a calibrated confidence and, per word piece, how likely it is part
of the source or the target. The actor stage's mentions are scored by those tags; coordinated
mentions share a role, and a place stands for its government only as its seat ("officials in
Karachi"). The rules add:

- actor resolution: mentions come from the actor stage (packs, offices by date, the writer's
  side); a pronoun the model tags resolves to the last acting party; dateline places never act;
- status: negated, hypothetical, or prescribed (then no event: a recommendation), from cues
  on the clause of the event's anchor (the verb that governs its source, else its target);
- dates: DATE entities and relative days, resolved against the publication date;
- document context: an act of force by one side of the document's two-state dyad with no
  named target is aimed at the other side; a denial answers the last accuser; a welcome or
  rejection of a statement or offer with no owner answers the last actor that spoke; another act
  with no named target answers the clause's other actor, else the last one named; a joint act
  with no target, or any act on "each other", goes each way between two parties and once
  per party, toward the first named, among three or more, and so does a joint act with no
  source whose parties stand after "between" or as the subject ("the two countries
  exchanged fire"); a wrong
  reported by a named speaker is also the speaker's charge, and a reporter the model takes
  for the author of force gives way to the reported clause's subject (a witness is no
  author); force with no author in the clause is the other side of a fight named after
  "with", or, on armed groups in an agentless passive, the security forces of the place; a
  place that only says where is no second target, nor a party to a fight between two sources
  ("exchanged fire near Poonch"); the subjectless items of a list after a
  colon lead-in ("The Group:") are the lead-in's acts.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from flashpoint.actors.armed import FORCE_SECTORS, LOCAL_FORCES
from flashpoint.actors.coref import whose_people
from flashpoint.document import Document, Event, Mention
from flashpoint.events import claims, dates
from flashpoint.events import context as ctx
from flashpoint.events import syntax as sx
from flashpoint.events.clauses import SUBJECT_DEPS, Clause, readings
from flashpoint.events.keys import event_key, one_per_key
from flashpoint.events.lexicon import Lexicon
from flashpoint.events.model import EventModel, Output
from flashpoint.events.roles import mention_map
from flashpoint.events.status import PRESCRIBED, StatusCues
from flashpoint.geo.gazetteer import Gazetteer
from flashpoint.geo.places import place_tokens
from flashpoint.nlp import dateline
from flashpoint.nlp.syntax import noun_chunks, parsed_text

NONE = "NONE"
RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT", "RETREAT"})
PARTNERED = frozenset({"AGREE", "CONSULT", "COOPERATE", "CONCEDE", "RETREAT"})  # done with another party: with none named or implied, no event
COSIGNED = frozenset({"SUPPORT"})  # reciprocal only between sources named before the verb ("X and Y signed a pact")
CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"})
FORCE = CONFLICT - {"THREATEN"}  # acts, not words: a warning's speaker is its author
OPERATIONS = frozenset({"COERCE", "MOBILIZE"})  # a search, a cordon, a deployment: done in a place, to people
PLACE_TARGETS = CONFLICT | {"AID"}  # "shelled villages in X", "sent relief to X": a place is hit or helped
PEOPLE_OF_PLACES = frozenset({"ASSAULT", "COERCE", "AID"})  # a place hit or helped stands for its civilians
RESPONSES = frozenset({"SUPPORT", "AGREE", "REJECT", "ACCUSE"})  # what answers a statement or offer
PREDICATES = frozenset({"VERB", "AUX"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


@dataclass
class CoderOptions:
    min_confidence: float = 0.3  # calibrated type probability below which no event is coded
    role_threshold: float = 0.3  # mean SOURCE (TARGET) probability a mention needs to take the role
    passive_roles: bool = True  # a passive's "by" agent is the source, its subject (no clause of its own) the target
    anaphora_window: int = 2  # sentences back to look for what "he"/"it" refers to
    implicit_targets: bool = True  # an act of force by one side of the dyad with no target hits the other
    joint_talks: bool = False  # talks between a source and a target also go back (the gold codes one way)
    speaker_charges: bool = True  # "X said Y shelled Z": X also accuses Y
    joint_parties: int = 4  # most parties of a joint act coded between them
    joint_positions: bool = True  # a reciprocal act with no source: parties "between X and Y", or a subject "the two sides", act on each other
    joint_each_pair: bool = False  # three or more parties: every pair both ways (n(n-1) events), not one per party
    require_source: bool = True  # an act whose author is neither named nor implied is no event
    require_partner: bool = True  # nor is an agreement, talks or a concession with nobody on the other side (PARTNERED)
    unclaimed_attacks: bool = True  # ...except an attack on security forces that nobody claims
    located_incidents: bool = True  # ...and an attack at a named place whose author is not named
    incident_confidence: float = 0.5  # the type probability such an attack needs
    item_window: int = 20  # sentences after a colon lead-in ("The Group:") whose subjectless items it speaks
    reported_authors: bool = True  # "X said Y's troops crossed": Y acts, X reports (and accuses)


@dataclass
class Candidate:
    """A clause the model reads (a sentence, or one of its coordinated predicates), with the
    actor mentions and pronouns in it that the model may tag."""

    index: int  # the sentence's
    sent: Span
    clause: Clause
    mentions: list[Mention]
    pronouns: list[Token]
    spans: dict[int, Span]  # the parse span of each mention of the document, by id(mention)
    placed: bool = False  # names no actor, but a place the gazetteer knows ("a blast in Dera Bugti")


class EventCoder:
    def __init__(self, lexicon: Lexicon, model: EventModel, options: CoderOptions | None = None,
                 gazetteer: Gazetteer | None = None):  # fmt: skip
        self.model = model
        self.options = options or CoderOptions()
        self.cues = StatusCues(lexicon)
        self.anaphors = lexicon.cue("anaphors")
        self.speech = lexicon.cue("speech_verbs")
        self.utterances = lexicon.cue("utterance_nouns")
        self.perception = lexicon.cue("perception_verbs")
        self.refusals = lexicon.cue("refusal_verbs")
        self.reporting = self.speech | self.perception  # who says or sees an act is not its author
        self.group_nouns = lexicon.cue("group_nouns")
        self.group_dets = lexicon.cue("group_determiners")
        self.claim_verbs = lexicon.cue("claim_verbs")
        self.claim_objects = lexicon.cue("claim_objects")
        self.clash_nouns = lexicon.cue("clash_nouns")
        self.weak_preps = lexicon.cue("weak_preps")
        self.seat_holders = lexicon.cue("seat_holders")
        self.reciprocals = lexicon.cue("reciprocal_pronouns")
        self.joint_preps = lexicon.cue("joint_preps")
        self.owner_preps = lexicon.cue("owner_preps")
        self.place_preps = lexicon.cue("weak_preps") | lexicon.cue("vicinity_preps")
        self.gazetteer = gazetteer  # places that name no actor can locate an incident

    # -- which sentences the model reads --------------------------------------------------
    def candidates(self, doc: Document, tokmap: dict[int, Mention] | None = None) -> list[Candidate]:
        sdoc = doc.spacy_doc
        if sdoc is None:
            return []
        tokmap = mention_map(doc.mentions, sdoc) if tokmap is None else tokmap
        spans = {id(m): span for m in doc.mentions
                 if (span := sdoc.char_span(m.start, m.end, alignment_mode="expand")) is not None}  # fmt: skip
        skip = _dateline_tokens(sdoc, doc.text)
        shared: dict[tuple[int, int], list[Mention]] = {}  # "both countries": two mentions, one span
        for m in doc.mentions:
            shared.setdefault((m.start, m.end), []).append(m)
        out = []
        places: set[int] | None = None  # the gazetteer's place words, looked up once a clause needs them
        sents = list(sdoc.sents)
        dated = [e.start for e in sdoc.ents if e.label_ == "DATE"]  # (Span.ents walks the document's)
        named = {si for si, sent in enumerate(sents)
                 if any((m := tokmap.get(t.i)) is not None and not m.is_place for t in sent)}  # fmt: skip
        headers = [si for si in named if sents[si].text.rstrip().endswith(":")]  # "The Group:" lead-ins
        for si, sent in enumerate(sents):
            if sx.question(sent) or not any(t.pos_ in PREDICATES for t in sent):
                continue  # "Did we impose preconditions?" reports nothing
            referents = any(si - k in named for k in range(self.options.anaphora_window + 1)) or any(
                0 <= si - h <= self.options.item_window for h in headers)  # fmt: skip
            for clause in readings(sent):
                clause = _without_dateline(clause, skip)
                if clause is None:
                    continue
                mentions: list[Mention] = []
                for tok in clause.tokens:
                    m = tokmap.get(tok.i)
                    if m is not None and all(m is not o for o in mentions):
                        mentions += shared[(m.start, m.end)]
                pronouns = [t for t in clause.tokens if t.i not in tokmap and (self._group(t) or (
                    t.lower_ in self.anaphors and t.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj")))]  # fmt: skip
                placed = False  # a place the gazetteer knows, and the day or count a located incident needs
                if not mentions and self.gazetteer and self.options.located_incidents and (any(
                        sent.start <= i < sent.end for i in dated) or _counts(sent)):  # fmt: skip
                    places = place_tokens(sdoc, self.gazetteer) if places is None else places
                    placed = any(t.i in places for t in clause.tokens)
                if not mentions and not referents and not placed and not any(self._group(t) for t in pronouns):
                    continue  # a pronoun with no actor named near enough to refer to: nobody acts
                if mentions or pronouns or placed:
                    out.append(Candidate(si, sent, clause, mentions, pronouns, spans, placed))
        return out

    # -- coding ---------------------------------------------------------------------------
    def code(self, doc: Document, published: str | None = None) -> list[Event]:
        return self.code_many([doc], [published])[0]

    def code_many(self, docs: Sequence[Document], published: Sequence[str | None] | None = None) -> list[list[Event]]:
        """Events of several documents: their candidate clauses go to the model in one call."""
        tokmaps = [mention_map(d.mentions, d.spacy_doc) if d.spacy_doc is not None else {} for d in docs]
        cands = [self.candidates(d, tm) for d, tm in zip(docs, tokmaps, strict=True)]
        texts = [c.clause.text for cs in cands for c in cs]
        outputs = iter(self.model.predict(texts) if texts else [])
        results = []
        for k, (doc, cs) in enumerate(zip(docs, cands, strict=True)):
            read: dict[int, list[tuple[Candidate, Output]]] = {}
            for c in cs:
                read.setdefault(c.index, []).append((c, next(outputs)))
            pub = published[k] if published else None
            results.append(self._code_doc(doc, read, pub, tokmaps[k]))
        return results

    def _code_doc(self, doc: Document, read: dict[int, list[tuple[Candidate, Output]]],
                  published: str | None, tokmap: dict[int, Mention]) -> list[Event]:  # fmt: skip
        sdoc = doc.spacy_doc
        if sdoc is None:
            return []
        pub = dates.parse_published(published or doc.published)
        state = ctx.DocState(pub)
        state.dyad = ctx.dyad(doc.mentions)
        date_ents: dict[int, list[Span]] = {}
        for ent in sdoc.ents:
            if ent.label_ == "DATE":
                date_ents.setdefault(ent.root.sent.start, []).append(ent)
        filed = _dateline_tokens(sdoc, doc.text)  # as candidates() finds it
        by_sentence: list[list[Event]] = []
        found: list[tuple[int, Token, Mention]] = []  # claims of responsibility: (sentence, verb, claimant)
        for si, sent in enumerate(sdoc.sents):
            sent_dates = self._sentence_dates(sent, date_ents.get(sent.start, []), state, pub, filed)
            by_sentence.append([e for cand, out in read.get(si, [])
                                for e in self._code_clause(cand, out, state, sent_dates, doc)])  # fmt: skip
            found += [(si, verb, group) for verb, group in claims.find_claims(sent, tokmap, self.claim_verbs, self.claim_objects)
                      if self.cues.status(verb, None) == "asserted"]  # fmt: skip
            state.note_subjects(si, sent, tokmap)
            if not state.note_header(si, sent, tokmap) and any(c.dep_ in SUBJECTS for c in sent.root.children):
                state.header = None  # a sentence with its own subject ends the list
            state.note_mentions(si, sent, tokmap)
            state.end_sentence(si, sent_dates)
        claims.attribute(by_sentence, found, self.options.anaphora_window)
        events = [e for evs in by_sentence for e in evs
                  if e.source or _unattributed(e, self.options) or id(e) in state.incidents]  # fmt: skip
        return _dedupe(events)

    def _code_clause(self, cand: Candidate, out: Output, state, sent_dates, doc: Document) -> list[Event]:
        etype, p_type = out.plover_type(), out.type_confidence()
        if etype == NONE or p_type < self.options.min_confidence:
            return []
        sent, si = cand.sent, cand.index
        src, tgt = self._roles(cand, out, etype, state)
        anchor = _lexical(cand.clause.predicate or self._anchor(cand, src, tgt))
        if len(src) >= 2 and tgt and self._clash(anchor) and all(self._where(m, cand) for m in tgt):
            tgt = []  # "Indian and Pakistani troops exchanged fire near Poonch": on each other
        status = self.cues.status(anchor, None)
        if status == "negated" and etype == "REJECT" and anchor.lemma_.lower() not in self.refusals:
            status = "asserted"  # "India will not accept mediation": the refusal is the act
        if status == PRESCRIBED:
            return []  # what someone should do is a recommendation, not an event
        if not src and etype in RECIPROCAL and self.options.joint_positions:
            src, tgt = self._joint_parties(cand, tgt) or (src, tgt)
        mutual = len(src) >= 2 and not tgt and self._mutual(cand)  # "accused each other"
        if src and not tgt and not mutual:
            tgt = self._implied_target(etype, src, cand, out, state, anchor)
        if not src and etype not in claims.CLAIMABLE and (self.options.require_source or not tgt):
            return []  # on the development sets, 2 of 50 events without a source were right
        # an attack with no author waits for a claim of responsibility (see _code_doc)
        for m in src:
            state.note_actor(si, m)
        if etype == "ACCUSE":
            state.accusations.extend((si, s.actor_id, t.actor_id) for s in src for t in tgt)
        date = self._date_for(anchor, sent_dates)
        start, end = sent.start_char, sent.end_char
        base = dict(type=etype, status=status, mode=None, quote=doc.text[start:end].strip(), start=start,
                    end=end, confidence=round(p_type, 3), trigger=anchor.text,
                    date=date[0] if date else None, date_precision=date[1] if date else None)  # fmt: skip
        mutual = mutual or not tgt and _cosigned(etype, src, anchor)
        pairs = _pairs(src, tgt, etype, self.options.joint_parties, mutual, self.options.joint_each_pair)
        if etype == "CONSULT" and self.options.joint_talks:  # a meeting has two sides
            pairs += [(t, s) for s, t in pairs if s is not None and t is not None]
        if (etype in PARTNERED and self.options.require_partner and all(t is None for _, t in pairs)
                and not self._unknown_target(cand, out)):  # fmt: skip
            return []  # "Pakistan agreed", "the minister held talks": with whom is the event
        events = [Event(**base, **_pair(s, t, etype)) for s, t in pairs]
        if not src and self._located_incident(etype, status, p_type, cand):
            state.incidents.update(id(e) for e in events)
        if self.options.speaker_charges and etype in CONFLICT and status == "asserted":
            for speaker in self._speakers(anchor, cand, src):
                base.update(type="ACCUSE", trigger=self._reporting_verb(anchor).text)
                events += [Event(**base, **_pair(speaker, s)) for s in src]
        return events

    def _located_incident(self, etype: str, status: str, p_type: float, cand: Candidate) -> bool:
        """An attack that names nobody but a place and a day ("a bomb went off in Quetta on May
        3, killing two"): an event of its own, with no source unless a group claims it later."""
        return (self.options.located_incidents and etype == "ASSAULT" and status == "asserted"
                and p_type >= self.options.incident_confidence
                and (cand.placed or (bool(cand.mentions) and all(m.is_place for m in cand.mentions)))
                and (_counts(cand.sent) or _names_a_day(cand.sent)))  # the date parse last: it is the costly test  # fmt: skip

    def _reporting_verbs(self, anchor: Token) -> list[Token]:
        """The speech verbs whose reported clauses hold the event, nearest first, up to three
        clauses up ("police said [the inquiry suggested [militants shot ...]]")."""
        verbs, tok = [], anchor
        for _ in range(3):
            if tok.dep_ not in ("ccomp", "conj") or tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.lemma_.lower() in self.speech:
                verbs.append(tok)
        return verbs

    def _reporting_verb(self, anchor: Token) -> Token | None:
        """The speech verb whose reported clause holds the event ("X said [Y shelled Z]")."""
        verbs = self._reporting_verbs(anchor)
        return verbs[0] if verbs else None

    def _narrators(self, anchor: Token, cand: Candidate) -> list[Mention]:
        """The actors that report the clause ("police said that the inquiry suggested that
        militants shot ..."): its tellers, not its parties."""
        return _subject_actors(self._reporting_verbs(anchor), ("nsubj",), cand)

    def _speakers(self, anchor: Token, cand: Candidate, src: list) -> list[Mention]:
        """The named reporters of a wrong: each accuses its author."""
        verb = self._reporting_verb(anchor)
        if verb is None or not src:
            return []
        own = {m.actor_id for m in src}
        return [m for m in _subject_actors([verb], ("nsubj",), cand) if m.actor_id not in own]

    def _roles(self, cand: Candidate, out: Output, etype: str, state) -> tuple[list, list]:
        """Sources and targets: the mentions (and pronouns) the model tags, resolved."""
        clause, tau = cand.clause, self.options.role_threshold
        src, tgt = [], []
        scores = {}
        for m in cand.mentions:
            where = clause.span_of(m.start, m.end)
            if where is not None:
                scores[id(m)] = out.role_scores(*where)
        if self.options.passive_roles:
            for m in cand.mentions:
                if id(m) in scores and (voice := self._passive_role(m, cand)):
                    ps, pt = scores[id(m)]
                    scores[id(m)] = (max(ps, pt), min(ps, pt)) if voice == "agent" else (min(ps, pt), max(ps, pt))
        for gloss, named in self._glosses(cand):  # "Security Force (SF)": the bracketed short form is the name
            if id(gloss) in scores and id(named) in scores:
                scores[id(gloss)] = scores[id(named)]
        for m in cand.mentions:  # coordinated mentions share the stronger role ("Indian and Pakistani troops")
            for other in self._conjuncts(m, cand):
                if id(other) in scores and id(m) in scores:
                    a, b = scores[id(m)], scores[id(other)]
                    scores[id(m)] = (max(a[0], b[0]), max(a[1], b[1])) if max(b) > max(a) else a
        for m in cand.mentions:
            if id(m) not in scores:
                continue
            ps, pt = scores[id(m)]
            if ps >= tau and ps >= pt and (not m.is_place or self._seat(m, cand)):
                src.append(m)
            elif pt >= tau and pt > ps and (not m.is_place or etype in PLACE_TARGETS):
                tgt.append(m)
        acting = {v for m in src if (h := self._phrase_head(m, cand)) is not None and h.dep_ == "nsubj"
                  for v in _shared_subject(h.head)}  # fmt: skip
        for tok in cand.pronouns:
            ps, pt = out.role_scores(*clause.span_of(tok.idx, tok.idx + len(tok)))
            if max(ps, pt) < tau:
                continue
            if self._group(tok):  # "both governments", "the two sides": the document's two states
                end = tok.idx + len(tok)
                found = [ctx.Implied(a, end=end) for a in state.dyad] if len(state.dyad) == 2 else []
            else:
                avoid = {m.actor_id for m in src} if ps < pt else set()
                ref = state.antecedent(cand.index, tok.lower_, self.options.anaphora_window, avoid=avoid)
                found = [ref] if ref is not None else []
            (src if ps >= pt else tgt).extend(found)
            if ps >= pt and found and tok.dep_ == "nsubj":
                acting.update(_shared_subject(tok.head))
        for m in [m for m in src if isinstance(m, Mention)]:  # "it asked Pakistan to review them"
            head = self._phrase_head(m, cand)
            if head is not None and head.dep_ == "dobj" and head.head.i in acting:
                src.remove(m)
                tgt.append(m)
        if list_item(cand.sent, cand.clause.predicate) and (
                speakers := state.speaker_of_items(cand.index, self.options.item_window)):  # fmt: skip
            tgt, src = [m for m in src + tgt if isinstance(m, Mention)], speakers  # nobody in the clause acts
        src = _unique(src)
        tgt = [m for m in _unique(tgt) if m.actor_id not in {s.actor_id for s in src}]
        if any(not m.is_place for m in tgt) or etype in OPERATIONS:
            # "killed three rebels in Aleppo", "launched a search operation in Kupwara": where, not whom
            tgt = [m for m in tgt if not (m.is_place and self._locative(m, cand) and not self._foreign_soil(m, src))]
        if src and etype in FORCE and self.options.reported_authors:
            src = _unique([a for m in src for a in self._reported_author(m, cand)])
            tgt = [m for m in tgt if m.actor_id not in {s.actor_id for s in src}]
        if not src and etype in claims.CLAIMABLE:
            src = self._unnamed_author(cand, tgt)
        return src, tgt

    def _reported_author(self, m: Mention | ctx.Implied, cand: Candidate) -> list:
        """The author of an act of force whose tagged source is its reporter: the actor that is
        the subject of the reported clause ("NATO said Russian troops were operating in
        Ukraine": the troops); the reporter itself when that subject is no actor ("India said
        the strike was pre-emptive"). In a passive reported clause the author is the actor of
        its "by" phrase, or nobody: "Kyiv said the city had been shelled" reports an attack by
        no one named. A witness ("the monitors saw ...") is no author."""
        root = self._root(m, cand)  # None for an implied actor: it has no words
        if root is None or root.dep_ != "nsubj":
            return [m]
        verb = root.head.lemma_.lower()
        if verb in self.perception:
            return []  # a witness: "the monitors saw damaged houses"
        if verb not in self.speech:
            return [m]
        reported = [c for c in root.head.children if c.dep_ == "ccomp"]
        if any(c.dep_ in ("nsubjpass", "auxpass") for v in reported for c in v.children):
            # "said [the missile had been fired from Russia]": the "by" phrase's actor, or nobody
            return [o for o in _subject_actors(reported, ("agent",), cand) if o is not m]
        authors = [o for o in _subject_actors(reported, ("nsubj", "nsubjpass"), cand) if o is not m]
        return authors or [m]

    def _phrase_head(self, m: Mention, cand: Candidate) -> Token | None:
        """The head of the noun phrase a mention modifies ("in Aleppo district": district)."""
        root = self._root(m, cand)
        while root is not None and root.dep_ in ("compound", "amod", "nmod") and root.head.i != root.i:
            root = root.head
        return root

    @staticmethod
    def _foreign_soil(place: Mention, src: list) -> bool:
        """A state's soil struck by another state ("hit camps in Idlib") stays a target; the
        place of an act by its own or unnamed local forces does not."""
        own = {s.actor_id for s in src}
        return ctx.is_state(place.actor_id) and bool(own) and place.actor_id not in own and LOCAL_FORCES not in own

    def _locative(self, m: Mention, cand: Candidate) -> bool:
        head = self._phrase_head(m, cand)
        return head is not None and head.dep_ == "pobj" and head.head.lower_ in self.weak_preps

    def _passive_subject(self, m: Mention, cand: Candidate) -> bool:
        """The subject of a passive with no "by" phrase ("five militants were arrested")."""
        head = self._phrase_head(m, cand)
        return head is not None and head.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in head.head.children)

    def _unnamed_author(self, cand: Candidate, tgt: list) -> list:
        """The author of force that the clause does not tag: an armed group that is the active
        subject of one of its verbs; the other side of a fight named
        after "with" ("killed in an encounter with security forces"); else, for force on armed
        groups alone in an agentless passive ("five militants were arrested"), the security
        forces of the place, which the locations stage resolves to its state."""
        own = {m.actor_id for m in tgt}
        armed = [m for m in cand.mentions
                 if m.sector == "REB" and m.actor_id not in own and self._active_subject(m, cand)]  # fmt: skip
        if armed:
            return armed[:1]  # "suspected militants on Monday shot dead a man": the group that acts
        if not tgt:
            return []  # what happened to whom is not said
        for m in cand.mentions:
            root = self._root(m, cand)
            if m.is_place or m.actor_id in own or root is None or root.dep_ != "pobj" or root.head.lower_ != "with":
                continue
            head = root.head.head
            for _ in range(2):  # "an exchange of fire with": the fight may be one noun up
                if head.lemma_.lower() in self.clash_nouns:
                    return [m]
                if head.dep_ != "pobj":
                    break
                head = head.head.head
        if all(m.sector == "REB" and self._passive_subject(m, cand) for m in tgt):
            return [ctx.Implied(LOCAL_FORCES, sector="MIL")]
        return []

    def _active_subject(self, m: Mention, cand: Candidate) -> bool:
        """The mention is the subject of an active verb of the clause that is not a verb of
        saying or seeing ("militants said ..." reports, it does not act)."""
        root = self._root(m, cand)
        if root is None or root.dep_ != "nsubj" or root.head.pos_ != "VERB" or root.head not in cand.clause:
            return False
        return root.head.lemma_.lower() not in self.reporting

    def _unknown_target(self, cand: Candidate, out: Output) -> float:
        """The highest TARGET score, at or above ``role_threshold``, of a noun phrase of the
        clause that names parties ("several friendly countries", ``group_nouns``) but is no
        actor mention (0.0 when there is none); things ("the bombing") do not count."""
        taken = {t.i for m in cand.mentions if (span := cand.spans.get(id(m))) is not None for t in span}
        best = 0.0
        for chunk in noun_chunks(cand.sent):
            if chunk.root not in cand.clause or any(t.i in taken for t in chunk) or chunk.root.lemma_.lower() not in self.group_nouns:
                continue
            where = cand.clause.span_of(chunk.start_char, chunk.end_char)
            if where is not None:
                best = max(best, out.role_scores(*where)[1])
        return best if best >= self.options.role_threshold else 0.0

    def _answered(self, etype: str, verb: Token, src: list, cand: Candidate, state) -> list:
        """A response to something said or offered that names no owner ("Pakistan welcomed the
        statement", "accepted the offer") answers the last other actor that acted or spoke in
        the ``anaphora_window`` sentences before."""
        if etype not in RESPONSES:
            return []
        said = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in self.utterances]
        if not said or any(c.dep_ in ("poss", "compound", "amod", "prep", "relcl", "acl") for c in said[0].children):
            return []  # "India's offer", "the Washington statement", "the offer of talks"
        own = {m.actor_id for m in src}
        found = state.last_acting(cand.index, own, self.options.anaphora_window)
        return [found] if found is not None else []

    def _implied_target(self, etype: str, src: list, cand: Candidate, out: Output, state, verb: Token) -> list:
        """Document context for an act with a source and no named target: a rejection answers
        the last accuser; the parties of a joint act act on each other; force by one side of
        the dyad hits the other; else the act answers the clause's other actor the model leans
        to, or the last actor named in the previous sentences when that actor is one side of
        the document's dyad (any earlier actor was as often a bystander as the counterpart)."""
        own, si = {m.actor_id for m in src}, cand.index
        if etype == "REJECT" and (accuser := state.accuser(si, own)):
            return accuser
        if answered := self._answered(etype, verb, src, cand, state):
            return answered
        if etype in RECIPROCAL and len(src) >= 2 or _cosigned(etype, src, verb):
            return []  # "the two sides held talks": each toward the others (see _pairs); a
            # larger meeting ("attended by the ministers of five states") acts on nobody outside
        if not self.options.implicit_targets or etype == "MOBILIZE":
            return []  # a build-up names no target of its own
        if len(src) == 1 and src[0].actor_id in state.dyad and len(state.dyad) == 2 and etype in CONFLICT:
            return [ctx.Implied(a) for a in state.dyad if a not in own]  # the other side of the dispute
        narrators = {id(m) for m in self._narrators(verb, cand)}  # "police said that militants shot at a woman"
        others = [m for m in cand.mentions if m.actor_id not in own and not m.is_place and id(m) not in narrators]
        scored = [(out.role_scores(*w)[1], m) for m in others if (w := cand.clause.span_of(m.start, m.end))]
        if self._unknown_target(cand, out) > max((p for p, _ in scored), default=0.0):
            return []  # "a dialogue with several friendly countries": a target no pack knows
        if scored:
            best = max(scored, key=lambda x: x[0])[1]  # with the other actors of its words ("both sides")
            return [m for _, m in scored if (m.start, m.end) == (best.start, best.end)]
        return [m for m in state.last_actor(si, own, self.options.anaphora_window) if m.actor_id in state.dyad]

    @staticmethod
    def _root(m: Mention, cand: Candidate) -> Token | None:
        span = cand.spans.get(id(m))
        return span.root if span is not None else None

    def _passive_role(self, m: Mention, cand: Candidate) -> str | None:
        """"agent" for the "by" phrase of a passive verb ("was fired upon by militants"),
        "patient" for the subject of a passive verb with no clause of its own ("two soldiers
        were killed"); the model's stronger score goes to the role the grammar gives. None
        elsewhere ("stood by", "the speech made by", "X was asked to withdraw")."""
        head = self._phrase_head(m, cand)
        if head is None:
            return None
        if head.dep_ == "pobj" and head.head.dep_ == "agent" and any(c.dep_ == "auxpass" for c in head.head.head.children):
            return "agent"
        if head.dep_ == "nsubjpass" and not any(c.dep_ in ("xcomp", "ccomp") for c in head.head.children):
            return "patient"  # not "X was asked to withdraw", where X may act
        return None

    @staticmethod
    def _glosses(cand: Candidate) -> list[tuple[Mention, Mention]]:
        """Mentions in brackets right after a mention of the same actor ("Lashkar-e-Taiba
        (LeT)", "Security Force (SF) personnel"), each with the mention it abbreviates."""
        text = parsed_text(cand.sent.doc)
        ordered = sorted(cand.mentions, key=lambda m: m.start)
        return [(b, a) for a, b in itertools.pairwise(ordered)
                if a.actor_id == b.actor_id and text[a.end:b.start].strip() == "("]  # fmt: skip

    def _conjuncts(self, m: Mention, cand: Candidate) -> list[Mention]:
        """Mentions coordinated with ``m`` in the parse ("India and Pakistan", "Indian and
        Pakistani commanders")."""
        root = self._root(m, cand)
        if root is None:
            return []
        linked = {t.i for t in root.conjuncts}
        return [o for o in cand.mentions if o is not m and (r := self._root(o, cand)) is not None
                and (r.i in linked or any(t.i == r.i for t in root.children if t.dep_ == "conj"))]  # fmt: skip

    def _joint_parties(self, cand: Candidate, tgt: list) -> tuple[list, list] | None:
        """The parties of a reciprocal act (a ceasefire, talks, an exchange of fire) that the
        model tags as targets only, or as nothing: coordinated actors, or one mention of two
        actors ("the two countries"), in a joint position: after "between", "among"; as the
        subject ("the two sides agreed"); or inside the subject ("the armies of India and
        Pakistan agreed", "Indian and Pakistani commanders"). Objects and passive subjects are
        acted on and stay targets. Returns the parties as sources and no target."""
        most = self.options.joint_parties
        if tgt:
            group = [m for m in tgt if isinstance(m, Mention) and not m.is_place]
            if not (2 <= len({m.actor_id for m in group}) <= most) or len(group) != len(tgt):
                return None
            for m in group:  # each party coordinated with another, or sharing its words ("both countries")
                near = {id(c) for c in self._conjuncts(m, cand)}
                if not any(o is not m and (id(o) in near or (o.start, o.end) == (m.start, m.end)) for o in group):
                    return None
            first = min(group, key=lambda m: m.start)
            return (group, []) if self._joint_position(self._root(first, cand)) else None
        spans: dict[tuple[int, int], list[Mention]] = {}
        for m in cand.mentions:
            if not m.is_place and cand.clause.span_of(m.start, m.end) is not None:
                spans.setdefault((m.start, m.end), []).append(m)
        for group in spans.values():  # "the two countries exchanged fire"
            if 2 <= len({m.actor_id for m in group}) <= most and self._joint_position(self._root(group[0], cand)):
                return group, []
        return None

    def _joint_position(self, tok: Token | None) -> bool:
        """Whether a noun phrase's head stands where the parties of a joint act stand: the
        object of "between"/"among", or the active subject, directly or as its modifier."""
        for _ in range(4):
            if tok is None:
                return False
            while tok.dep_ == "conj" and tok.head.i != tok.i:
                tok = tok.head
            if tok.dep_ == "pobj" and tok.head.lower_ in self.joint_preps:
                return True
            if tok.dep_ == "pobj" and tok.head.lower_ in self.owner_preps:
                tok = tok.head.head  # "the armies of India and Pakistan": the armies
            elif tok.dep_ in ("amod", "compound", "poss", "nmod"):
                tok = tok.head  # "Indian and Pakistani commanders": the commanders
            else:
                return tok.dep_ == "nsubj"
        return False

    def _seat(self, m: Mention, cand: Candidate) -> bool:
        """A place that stands for its government: "officials in Karachi", "diplomats from Delhi"."""
        root = self._root(m, cand)
        if root is None or root.dep_ != "pobj" or root.head.lower_ not in ("in", "from"):
            return False
        holder = root.head.head
        return (holder.pos_ == "NOUN" and holder.dep_ in ("nsubj", "nsubjpass")
                and holder.lemma_.lower() in self.seat_holders)  # fmt: skip

    def _clash(self, verb: Token) -> bool:
        """A fight with two sides: "clashed", "exchanged fire", "fought a battle", "engaged in a
        gunfight" (``clash_nouns``)."""
        if verb.lemma_.lower() in self.clash_nouns:
            return True
        near = [c for c in verb.children if c.dep_ == "dobj"]
        near += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return any(t.lemma_.lower() in self.clash_nouns for t in near)

    def _where(self, m: Mention | ctx.Implied, cand: Candidate) -> bool:
        """A place after a preposition of place ("in Uri", "near Poonch", "along the border")."""
        head = self._phrase_head(m, cand) if isinstance(m, Mention) and m.is_place else None
        return head is not None and head.dep_ == "pobj" and head.head.lower_ in self.place_preps

    def _mutual(self, cand: Candidate) -> bool:
        """The clause holds a reciprocal pronoun ("accused each other")."""
        words = [t.lower_ for t in cand.clause.tokens]
        return any(f"{a} {b}" in self.reciprocals for a, b in zip(words, words[1:], strict=False))

    def _group(self, tok: Token) -> bool:
        """ "both governments", "the two sides" (the document's two states); not where the pair
        only says whose people another noun names ("hardline groups on both sides")."""
        return tok.lemma_.lower() in self.group_nouns and any(
            c.lower_ in self.group_dets for c in tok.children if c.dep_ in ("det", "nummod", "predet", "preconj")
        ) and not whose_people(tok)

    @staticmethod
    def _anchor(cand: Candidate, src: list, tgt: list) -> Token:
        """The predicate the event hangs on: the verb above its source's words, else its target's."""
        sent, clause = cand.sent, cand.clause
        for group in (src, tgt):
            for m in group:
                span = cand.spans.get(id(m))  # implied actors have none
                if span is None:
                    continue
                tok = span.root
                for _ in range(8):
                    if tok.pos_ in PREDICATES and tok.i not in range(span.start, span.end) and tok in clause:
                        return tok
                    if tok.head.i == tok.i:
                        break
                    tok = tok.head
        return sent.root if sent.root in clause else next((t for t in clause.tokens if t.pos_ in PREDICATES), sent.root)

    # -- dates ----------------------------------------------------------------------------
    def _sentence_dates(self, sent: Span, ents: list[Span], state, pub, filed: range = range(0)) -> list[tuple]:
        """The dates of a sentence: the word each hangs on, its ISO date and precision read as
        past, and the expression with the anchor it was read against (None for a relative day),
        to be read again as future for an act still to come. The dateline's date ("TASHKENT,
        Jan. 11 -") counts only when no other date of the sentence resolves ("... on Monday
        signed": that Monday)."""
        out: list[tuple] = []
        ents = sorted(ents, key=lambda e: e.start in filed)  # the dateline's last
        for ent in ents:
            if ent.start in filed and out:
                continue
            text = ent.text
            if _names_a_thing(ent):  # "the 1972 Simla Agreement": the date of a reference
                continue
            if pub is None and not re.search(r"\b\d{4}\b", text):  # no anchor for "May 11"
                continue
            base = pub or (dt.date(2000, 1, 1), "day")
            resolved = dates.against(text, base, "past")
            if resolved:
                out.append((ent.root, dates.iso(*resolved), resolved[1], (text, base)))
        relative = dates.relative_anchor(sent.text)
        if relative is not None:
            offset, a, b = relative
            anchor = state.last_date(len(state.sentence_dates))
            if anchor is None and pub is not None:
                anchor = pub
            if anchor is not None and anchor[1] == "day":
                day = anchor[0] + dt.timedelta(days=offset)
                phrase = sent.doc.char_span(sent.start_char + a, sent.start_char + b, alignment_mode="expand")
                out.append((sent.root if phrase is None else phrase.root, day.isoformat(), "day", None))  # the word it modifies
        return out

    def _date_for(self, tok: Token, sent_dates) -> tuple[str, str] | None:
        """The sentence's date nearest the event's predicate in the tree, among those that hang
        on the predicate or a verb above it (not "the Memorandum, under which ... in 1994"); read
        as future when a future modal governs the predicate ("will ask ... on Saturday")."""
        above = {tok.i, *(t.i for t in tok.ancestors)}
        ahead = any(c.dep_ == "aux" and c.lower_ in self.cues.future for c in tok.children)
        best, best_dist = None, 99
        for root, iso, precision, expression in sent_dates:
            verb = next((t for t in (root, *root.ancestors) if t.pos_ in ("VERB", "AUX")), None)
            if verb is not None and verb.i not in above:
                continue
            dist = sx.tree_distance(tok, root)
            if dist < best_dist:
                best, best_dist = ((iso, precision), expression), dist
        if best is None:
            return None
        (iso, precision), expression = best
        if ahead and expression is not None and (later := dates.against(*expression, "future")):
            return dates.iso(*later), later[1]  # read forward only when the act is still to come
        return iso, precision


def _names_a_day(sent: Span) -> bool:
    """The sentence dates something to the day ("on May 3", "on Monday"), with or without a year."""
    anchor = (dt.date(2000, 1, 1), "day")
    return any(ent.label_ == "DATE" and (found := dates.against(ent.text, anchor, "past")) and found[1] == "day"
               for ent in sent.ents)  # fmt: skip


def _counts(sent: Span) -> bool:
    """The sentence counts what an incident hit ("one person was injured", "20 shops")."""
    return any(t.dep_ == "nummod" and t.like_num and t.ent_type_ in ("", "CARDINAL") and t.head.pos_ == "NOUN"
               for t in sent)  # fmt: skip


def _subject_actors(verbs: list[Token], deps: tuple[str, ...], cand: Candidate) -> list[Mention]:
    """The clause's actor mentions (not places) inside the subjects of ``verbs``."""
    words = {t.i for v in verbs for c in v.children if c.dep_ in deps for t in c.subtree}
    return [m for m in cand.mentions if not m.is_place and any(t.i in words for t in cand.spans.get(id(m), ()))]


def _dateline_tokens(sdoc, text: str) -> range:
    filed = dateline.find(text)
    span = None if filed is None else sdoc.char_span(filed.start, filed.end, alignment_mode="expand")
    return range(0) if span is None else range(span.start, span.end)


def _without_dateline(clause: Clause, skip: range) -> Clause | None:
    """The clause without the dateline in it ("NEW DELHI, Jan. 2 -"): where the story was
    filed is no part of the act."""
    if not any(t.i in skip for t in clause.tokens):
        return clause
    kept = [t for t in clause.tokens if t.i not in skip]
    return Clause(kept, clause.predicate) if kept else None


def _names_a_thing(ent: Span) -> bool:
    """A date that modifies a noun ("the 1948 resolution", "the August 5 decision") dates
    that thing, not the act of the clause."""
    root = ent.root
    return root.dep_ in ("compound", "nummod", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN") \
        and root.head.i not in range(ent.start, ent.end)  # fmt: skip


def _lexical(verb: Token) -> Token:
    """The verb that carries the act when the predicate is an auxiliary-like "have/be/do"
    ("the OIC has yet to convene": convene, whose status reads "has yet to")."""
    if verb.lemma_.lower() in ("have", "be", "do"):
        return next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), verb)
    return verb


def list_item(sent: Span, predicate: Token | None = None) -> bool:
    """An item of a list that opens with its verb (past, present or participle) and has no
    subject ("Rejected the unilateral measures ...", "(b) Calls upon all parties ...")."""
    pred = predicate or sent.root
    while pred.dep_ == "conj" and pred.head.pos_ in PREDICATES and pred.head.i != pred.i:
        pred = pred.head  # "Rejected X and called on India to ...": the item's first verb
    if pred.tag_ not in ("VBD", "VBZ", "VBN") or any(
            c.dep_ in SUBJECTS and c.i >= sent.start for c in pred.children):  # fmt: skip
        return False
    first = next((t for t in sent if not _list_marker(t)), None)
    return first is not None and first.i == pred.i


def _list_marker(tok: Token) -> bool:
    """Punctuation, numbers and item letters in front of a list item ("1.", "(b)", "iii)")."""
    if tok.is_punct or tok.is_space or tok.like_num or tok.tag_ == "LS":
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return len(tok.text) <= 3 and tok.is_alpha and tok.is_lower and nxt is not None and nxt.text in (")", ".")


def _unattributed(e: Event, options: CoderOptions) -> bool:
    """A source-less event that is kept: any with a target when sources are not required; an
    attack on security forces that nobody claims ("two soldiers were killed in a blast")."""
    if e.target is None:
        return False
    return not options.require_source or (
        options.unclaimed_attacks and e.type == "ASSAULT" and e.target_sector in FORCE_SECTORS)


def _unique(mentions: list) -> list:
    """One mention per actor, the first named; where a state's police and military act together
    ("Police and Army cordoned off the area"), the military's."""
    out: list = []
    for m in mentions:
        same = next((k for k, o in enumerate(out) if o.actor_id == m.actor_id), None)
        if same is None:
            out.append(m)
        elif getattr(m, "sector", None) == "MIL" and getattr(out[same], "sector", None) == "COP":
            out[same] = m
    return out


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (source, type, target, status) in a document (its first report), less the
    partial copies of acts the document codes in full."""
    kept = one_per_key(events)
    full = {event_key(e) for e in kept if e.source and e.target}
    acts = {(e.type, e.status) for e in events if e.source or e.target}
    out = []
    for ev in kept:
        if None in (ev.source, ev.target) and any(_covers(f, event_key(ev)) for f in full):
            continue  # a partial copy of an act the document codes in full
        if ev.source is None and ev.target is None and (ev.type, ev.status) in acts:
            continue  # an act on nobody named, where the document names a party to it ("a tribal
            # elder was shot dead in Hub. Unidentified assailants opened fire on him")
        out.append(ev)
    return out


def _covers(full: tuple, partial: tuple) -> bool:
    return all(p is None or p == f for f, p in zip(full, partial, strict=True))


def _cosigned(etype: str, src: list, verb: Token) -> bool:
    """Sources named together before the verb of an act of support ("X and Y signed a pact"),
    not a subject and the agent of some phrase after it ("X welcomed the plan made by Y")."""
    return etype in COSIGNED and len(src) >= 2 and all(m.end is not None and m.end <= verb.idx for m in src)


def _joint(src: list, tgt: list, etype: str, most: int, mutual: bool = False) -> bool:
    """A joint act of a few parties with no target ("Russia, Ukraine and the EU agreed"); a
    larger group's act ("the group of five met") codes no pairs between its members."""
    return not tgt and 2 <= len(src) <= most and (etype in RECIPROCAL or mutual)


def _pairs(src: list, tgt: list, etype: str, most: int, mutual: bool = False, each_pair: bool = False) -> list[tuple]:
    """Source-target pairs: every source with every other target. The parties of a joint act
    with no target act on each other: two parties each way; of three or more, each party once,
    toward the first party named (the first toward the second), so that one act counts once
    per party and not n(n-1) times (``each_pair``: every pair, both ways)."""
    if _joint(src, tgt, etype, most, mutual):
        if len(src) == 2 or each_pair:
            return [(a, b) for a in src for b in src if a.actor_id != b.actor_id]
        return [(a, src[1] if a is src[0] else src[0]) for a in src]
    out = []
    for s in src or [None]:
        others = [t for t in tgt if s is None or t.actor_id != s.actor_id]
        if tgt and not others:
            continue  # an act on oneself is no event
        for t in others or [None]:
            out.append((s, t))
    return out


def _pair(s, t, etype: str | None = None) -> dict:
    sector = getattr(t, "sector", None)
    if sector is None and etype in PEOPLE_OF_PLACES and getattr(t, "is_place", False):
        sector = "CVL"  # "a bomb hit Quetta", "relief reached Muzaffarabad": its people
    return dict(
        source=s.actor_id if s else None, source_sector=getattr(s, "sector", None),
        source_text=getattr(s, "text", None), target=t.actor_id if t else None,
        target_sector=sector, target_text=getattr(t, "text", None),
    )  # fmt: skip


def _shared_subject(verb: Token) -> set[int]:
    """The verb and the verbs coordinated with it that have no subject of their own ("it
    regretted the steps and asked Pakistan ...": both have the subject "it")."""
    return {verb.i} | {v.i for v in verb.conjuncts if not any(c.dep_ in SUBJECT_DEPS for c in v.children)}
