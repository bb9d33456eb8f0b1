"""The actor stage: every actor mention of a document, resolved to a canonical id with a sector.

One pass per document over the existing spaCy parse: alias matches (PhraseMatcher built at
init from the packs), token rules for roles and places, the writer's perspective, then
acronyms and simple coreference.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span

from flashpoint.actors import armed, coref, perspective, roles
from flashpoint.actors.matcher import AliasMatcher, Found
from flashpoint.actors.packs import Entry, Pack, load_pack, parse_day, pick
from flashpoint.config import Settings
from flashpoint.document import Document, Mention, Sentence
from flashpoint.nlp import dateline, load_model

# Lines that are about the text rather than in it: bylines and writer notes.
SKIP = re.compile(
    r"(?m)^By\s+[A-Z][^\n]{0,60}$|^\W*(?:The|This) (?:writer|author|columnist|contributor)\b[^\n]*$"
)


class ActorStage:
    name = "actors"
    requires = ()  # parses the text itself when no parse stage ran before
    produces = ("spacy_doc", "sentences", "mentions")

    def __init__(self, settings: Settings, pack: str | None = None, outlet_country: str | None = None):
        self.settings = settings
        self.pack: Pack = load_pack(pack or settings.pack)
        self.nlp = load_model(settings.spacy_model)
        self.matcher = AliasMatcher(self.pack, self.nlp)
        self.default_country = (outlet_country or settings.outlet_country or "").upper() or None

    def __call__(self, doc: Document) -> Document:
        if doc.spacy_doc is None:
            doc.spacy_doc = self.nlp(doc.text)
            doc.sentences = [
                Sentence(s.start_char, s.end_char, s.text)
                for s in doc.spacy_doc.sents
                if s.text.strip()
            ]
        doc.mentions = self.mentions(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)

    # -- one document ----------------------------------------------------------------
    def mentions(self, doc: Document) -> list[Mention]:
        sd: Doc = doc.spacy_doc
        day = parse_day(doc.published)
        text = doc.text  # the text the parse was made from
        skip = [m.span() for m in SKIP.finditer(text)]
        found: list[Found] = []
        seen: set[str] = set()
        for span, entries in self.matcher.candidates(sd, self._plausible):
            if any(a <= span.start_char < b for a, b in skip):
                continue
            f = self._found(sd, span, entries, day, seen)
            if f is not None:
                found.append(f)
        found = roles.extend_roles(sd, found, self.pack)
        found = _office_of_another(sd, found, self.pack)
        found = armed.settle(sd, found, lambda a: roles.is_state(self.pack, a), self.pack.sector_of)
        filed = dateline.find(text)
        filed_from = None  # the state of the place the text was filed from
        for f in found:
            if f.kind in ("capital", "name") and filed is not None and filed.start <= sd[f.start].idx < filed.end:
                f.is_place = True
                if filed_from is None and not filed.joint and roles.is_state(self.pack, f.actor_id):
                    filed_from = f.actor_id
        roles.mark_weak(sd, found, self.pack)
        own = perspective.outlet_country(doc, self.pack, self.default_country)
        doc.outlet_country = own  # later stages and the store read the resolved perspective
        if own or filed_from:
            found += perspective.own_mentions(sd, text, found, own, self.pack, self.matcher, skip, filed_from)
        found = coref.link(sd, found, self.pack)
        return self._to_mentions(sd, doc, self._supported(found))

    def _supported(self, found: list[Found]) -> list[Found]:
        """Drop ids the pack keeps silent, and weak mentions of actors never named as a party."""
        strong = {f.actor_id for f in found if not f.weak and not f.is_place}
        return [
            f
            for f in found
            if f.actor_id not in self.pack.silent and (not f.weak or f.actor_id in strong)
        ]

    def _plausible(self, span: Span, entries: list[Entry]) -> bool:
        """Drop matches that are no actor here before overlaps are settled."""
        if any(e.agent_only for e in entries) and not roles.agent_ok(
            span.doc, span.start, span.end
        ):
            return False
        if _surname_in_a_name(span, entries, self.pack):
            return False
        return not _inside_other_name(span, entries, self.pack)

    def _found(
        self, sd: Doc, span: Span, entries: list[Entry], day, seen: set[str]
    ) -> Found | None:
        if all(e.kind == "none" for e in entries):
            return None
        chosen = pick(entries, day, self.pack, seen)
        if chosen is None or not chosen[1]:
            return None
        entry, actor, sector, _term = chosen
        if entry.kind == "person" and len(span) > 1:
            seen.add(entry.person)
        if entry.kind == "demonym" and span[-1].tag_ in ("NNS", "NNPS"):
            sector = "CVL"
        return Found(
            span.start,
            span.end,
            actor,
            sector,
            entry.kind,
            entry.is_place,
            person=entry.person,
            entries=entries,
        )

    def _to_mentions(self, sd: Doc, doc: Document, found: list[Found]) -> list[Mention]:
        starts = [s.start for s in doc.sentences]
        out: dict[tuple[int, int, str], Mention] = {}
        for f in sorted(found, key=lambda f: (f.start, f.end)):
            span = sd[f.start : f.end]
            start, end = span.start_char, span.end_char
            key = (start, end, f.actor_id)
            if key in out or not f.actor_id:
                continue
            idx = bisect_right(starts, start) - 1
            out[key] = Mention(
                start=start, end=end, text=span.text, actor_id=f.actor_id, sector=f.sector,
                kind=f.kind, is_place=f.is_place, sentence=idx if idx >= 0 else None,
                confidence=f.confidence,
            )  # fmt: skip
        return list(out.values())


def _office_of_another(sd: Doc, found: list[Found], pack: Pack) -> list[Found]:
    """ "the Secretary General of the OIC", "NATO Secretary General": an office named by its
    title alone, whose default holder is another body (the UN's), belongs to the organisation
    or state named after "of" or right before it; of a body the packs do not know ("of the
    Commonwealth") it is nobody's."""
    starts = {f.start: f for f in found if not f.is_place}
    ends = {f.end: f for f in found if not f.is_place and f.kind in ("name", "acronym")}
    unknown: set[int] = set()  # ids of the offices of bodies nobody knows
    for f in found:
        if f.is_place or f.kind not in ("name", "acronym") or sd[f.start : f.end].text.lower() not in pack.office_titles:
            continue
        before = ends.get(f.start - 1 if f.start > 0 and sd[f.start - 1].text in ("'s", "’s") else f.start)
        if before is not None and before.actor_id != f.actor_id:
            f.actor_id, f.sector = before.actor_id, before.sector  # "NATO Secretary General"
            continue
        i = f.end + 1 if f.end < len(sd) and sd[f.end].lower_ == "of" else None
        if i is not None and i < len(sd) and sd[i].lower_ == "the":
            i += 1
        owner = starts.get(i) if i is not None else None
        if owner is not None and owner.actor_id != f.actor_id and owner.kind in ("name", "acronym"):
            f.actor_id, f.sector = owner.actor_id, owner.sector
        elif owner is None and i is not None and i < len(sd) and sd[i].is_title and sd[i].pos_ == "PROPN":
            unknown.add(id(f))
    return [f for f in found if id(f) not in unknown]


NAMED_AFTER_PEOPLE = frozenset({"GPE", "LOC", "FAC", "ORG", "EVENT"})  # entity labels of things named after people
PAIRING_MARKS = frozenset({"-", "–", "/"})


def _inside_other_name(span: Span, entries: list[Entry], pack: Pack) -> bool:
    """ "George Washington", "Chelsea Clinton": a name inside a longer person name is not ours;
    nor is a person's name inside or at the start of the name of a place, building or body
    ("Dera Murad Jamali", "Hamid Karzai International Airport"), unless a government is named
    after them ("the Obama Administration") or two names are paired ("the Modi-Sharif talks")."""
    doc, first = span.doc, span[0]
    inside = first.ent_iob_ == "I"
    if not inside and not (first.ent_iob_ == "B" and span.end < len(doc) and doc[span.end].ent_iob_ == "I"):
        return False  # neither inside an entity nor at the start of a longer one
    if inside:
        prev = doc[span.start - 1]  # an entity's inner token is never the document's first
        if prev.lower_ in pack.person_titles or prev.lower_.rstrip(".") in pack.person_titles:
            return False
    if first.ent_type_ == "PERSON":
        return inside and all(e.kind in ("name", "capital", "demonym", "person") for e in entries)
    if first.ent_type_ not in NAMED_AFTER_PEOPLE:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and (pack.sectors.get(nxt.lower_) == "GOV" or nxt.tag_ == "POS"):
        return False  # "the Obama Administration", "Stalin's Red Army": theirs
    before = doc[span.start - 1].text if span.start > 0 else ""
    if before in PAIRING_MARKS or (nxt is not None and nxt.text in PAIRING_MARKS):
        return False  # "the Modi-Sharif meeting": the two people
    return all(e.kind == "person" for e in entries)


def _surname_in_a_name(span: Span, entries: list[Entry], pack: Pack) -> bool:
    """ "Blair House", "Trump Tower": a lone surname followed by another capitalised name."""
    if len(span) != 1 or not all(e.kind == "person" for e in entries) or span.end >= len(span.doc):
        return False
    nxt = span.doc[span.end]
    return nxt.pos_ == "PROPN" and nxt.is_title and nxt.lower_ not in pack.sectors
