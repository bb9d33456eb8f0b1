"""The place of each event, and the stage that fills ``Event.location``.

Contract: :class:`LocationStage` reads ``doc.spacy_doc``, ``doc.mentions`` and ``doc.events``
and sets each event's ``location`` (the ``location`` object of the record, or None). The
place of an event, in this order:

For a statement (AGREE, SUPPORT, CONCEDE, REQUEST, ACCUSE, REJECT, THREATEN) only places in
the statement's own clause count, not those of what it says; a statement or a meeting
(CONSULT) is placed only by a locative phrase ("in Geneva"), never by what it is about
("discussed Crimea", "talks on Crimea").

1. a locative phrase of the event's clause ("in Pulwama", "along the LoC near Poonch"): the
   most precise place among the locative phrases under the event's verb, else anywhere in
   its sentence;
2. the place named nearest to the event's verb in the same sentence (a country only when
   the sentence names no smaller place);
3. the dateline of the document ("SRINAGAR, May 3 -"), for the events of its own side (a
   source of the dateline's country, or none);
4. none. The writer's or the source's capital is never assumed.

A locative name the gazetteer does not know gives a location with its name and nothing
else (no id, no coordinates): a guess would be worse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from flashpoint.actors.armed import resolve_local_forces
from flashpoint.config import Settings
from flashpoint.document import Document
from flashpoint.geo.gazetteer import Gazetteer, Place, load_gazetteer
from flashpoint.geo.places import PlaceMention, find_places
from flashpoint.lang import load_language
from flashpoint.nlp.dateline import find as find_dateline

RANK = {"place": 0, "admin1": 1, "country": 2}
# statements (verbal acts whose place is where they are made); CONSULT and PROTEST are left
# out: talks and protests are gatherings that the places of their sentence locate
STATEMENTS = {"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
MEETINGS = {"CONSULT"}  # placed only by a locative phrase ("talks in Agra")
TOPICAL = load_language("en").words("topical_preps")  # "talks on Crimea"


def unknown_location(name: str) -> dict[str, Any]:
    return {"name": name, "id": None, "lat": None, "lon": None, "admin1": None,
            "country": None, "precision": None}  # fmt: skip


def dateline_place(text: str, gaz: Gazetteer) -> Place | None:
    """The place of the text's dateline ("SRINAGAR, May 3 (Reuters) -"); none for copy filed
    from several places ("KYIV/MOSCOW")."""
    filed = find_dateline(text)
    if filed is None or filed.joint:
        return None
    cands = gaz.lookup(text[filed.place_start : filed.place_end])
    if not cands:
        return None
    return min(cands, key=lambda p: (p.layer != "pack", -p.population))


def locate(
    event: Any, places: list[PlaceMention], sdoc: Any, dateline: Place | None
) -> dict[str, Any] | None:
    """The ``location`` object of one event (None when nothing places it)."""
    inside = [
        m for m in places if event.start <= m.start and m.end <= max(event.end, event.start + 1)
    ]
    if not inside and sdoc is not None:  # an event quote narrower than its sentence
        span = sdoc.char_span(event.start, max(event.end, event.start + 1), alignment_mode="expand")
        if span is not None:
            sent = span.sent
            inside = [m for m in places if sent.start_char <= m.start < sent.end_char]
    verb = _verb(event, sdoc)
    spoken = event.type in STATEMENTS or event.type in MEETINGS
    if event.type in STATEMENTS and verb is not None:
        # a statement happens where it is made: a place it talks about ("accused India of
        # killing civilians in Donetsk") is not where it happened
        inside = [m for m in inside if _governs(verb, sdoc[m.token])]
    if spoken:
        # what is said or discussed is no place: "discussed Crimea", "talks on Crimea"
        inside = [m for m in inside if m.locative and not _topical(sdoc[m.token])]
    locative = [m for m in inside if m.locative]
    if locative:
        under = [m for m in locative if verb is not None and _governs(verb, sdoc[m.token])]
        pool = under or locative
        best = min(pool, key=lambda m: (m.place is None, _rank(m), _distance(m, verb)))
        if best.place is None:
            # a village the gazetteer lacks: the district or town the sentence names around it
            # ("at Kalan area of Baramulla District": Baramulla), else the name alone
            near = [m for m in inside if m.place is not None and m.place.precision != "country"]
            if near:
                return min(near, key=lambda m: abs(m.token - best.token)).place.as_location()
            return unknown_location(best.text)
        return best.place.as_location()
    known = [m for m in inside if m.place is not None]
    if any(m.place.precision != "country" for m in known):
        known = [m for m in known if m.place.precision != "country"]  # a country places least
    if known:
        best = min(known, key=lambda m: (_distance(m, verb), _rank(m)))
        return best.place.as_location()
    if dateline and event.source in (None, dateline.country):
        return dateline.as_location()  # a dateline places what its own side does and says
    return None


def _topical(token: Any) -> bool:
    while token.dep_ in ("appos", "conj", "compound") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in TOPICAL


def _rank(m: PlaceMention) -> int:
    return RANK.get(m.place.precision, 3) if m.place else 3


def _distance(m: PlaceMention, verb: Any) -> int:
    return abs(m.token - verb.i) if verb is not None else m.token


def _verb(event: Any, sdoc: Any) -> Any:
    """The token of the event's trigger in its quote (its root when no trigger is found)."""
    if sdoc is None:
        return None
    span = sdoc.char_span(event.start, max(event.end, event.start + 1), alignment_mode="expand")
    if span is None or not len(span):
        return None
    trigger = (getattr(event, "trigger", None) or "").lower()
    for t in span:
        if trigger and t.lower_ == trigger:
            return t
    return span.root


def _governs(verb: Any, token: Any) -> bool:
    """``token`` sits under ``verb`` in the parse and no other verb comes between them."""
    seen = 0
    while token is not token.head and seen < 40:
        token, seen = token.head, seen + 1
        if token.i == verb.i:
            return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("xcomp", "aux", "auxpass"):
            return False
    return False


class LocationStage:
    """Pipeline stage ``locations``: place mentions and event locations (see module doc)."""

    name = "locations"
    requires = ("spacy_doc", "mentions", "events")
    produces = ("places",)

    def __init__(self, settings: Settings):
        self.pack = settings.pack
        self._gaz: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = load_gazetteer(self.pack)
        return self._gaz

    def __call__(self, doc: Document) -> Document:
        gaz = self.gazetteer
        doc.places = find_places(doc, gaz)
        dateline = dateline_place(doc.text, gaz)
        for event in doc.events:
            event.location = locate(event, doc.places, doc.spacy_doc, dateline)
        filed_in = dateline.country if dateline is not None else None
        resolve_local_forces(doc, filed_in)  # "security forces" act for the state of their place
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)
