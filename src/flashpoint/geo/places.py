"""Place mentions of a parsed document → gazetteer candidates → one choice each.

Contract: :func:`find_places` reads ``doc.spacy_doc``, ``doc.mentions`` (the actor stage's)
and the document's metadata, and returns :class:`PlaceMention` s in text order. A mention
is a span spaCy labels GPE, LOC or FAC, or a span the gazetteer knows; it is *not* a place
when it names a party acting ("Pakistan said", "Islamabad rejected", "India's army"), when
it is part of a longer actor name ("the AJK government") or when it only names a topic
("the Crimea question"). A name the gazetteer does not know stays a mention with no place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flashpoint.geo.gazetteer import Gazetteer, Place, km_between, name_key
from flashpoint.lang import load_language

LABELS = ("GPE", "LOC", "FAC")
ACTING = {"nsubj", "nsubjpass", "csubj", "agent", "poss"}
ACTED_ON = {"dobj", "iobj", "dative"}
LOCATIVE = load_language("en").words("place_preps")
SETTLEMENTS = load_language("en").words("settlement_nouns")
NAMED = ("name", "person", "party", "capital")  # actor kinds that are names
MAX_WORDS = 6
SHORT_CAPS = 4  # an all-caps name this short is taken for an acronym  # longest name tried against the gazetteer


@dataclass
class PlaceMention:
    start: int  # character offsets in the document text
    end: int
    text: str
    place: Place | None  # None: a name the gazetteer does not know
    token: int  # index of the span's head token in the spaCy doc
    locative: bool = False  # the object of a locative preposition ("in Pulwama")
    candidates: int = 0


def find_places(doc: Any, gaz: Gazetteer) -> list[PlaceMention]:
    """The document's place mentions, each resolved with the document as context."""
    sdoc = doc.spacy_doc
    if sdoc is None:
        return []
    spans = _spans(sdoc, gaz)
    actors = [(m.start, m.end, m) for m in doc.mentions]
    found: list[tuple[Any, list[Place]]] = []
    for span in spans:
        cands = gaz.lookup(span.text)
        if span.text.isupper() and len(span.text) <= SHORT_CAPS:
            # "UN", "LET": an acronym is a place only as the pack or a country writes it
            kept = [p for p in cands if p.layer != "world" or p.precision == "country"]
            if cands and not kept:
                continue
            cands = kept
        as_place = _locative(span.root) or _named_as_place(span)  # "in X", "X District"
        if (_in_person_name(span) or _opens_person_name(span)) and not as_place:
            # "Mushtaq Ahmad": a world town that shares a name word ("Ahmad" for Al Ahmadi)
            kept = [p for p in cands if p.layer != "world"]
            if cands and not kept:
                continue
            cands = kept
        state = _acting_state(span, actors, gaz)
        if state is not None and cands:
            # "the White House" (USA; also another name of Casablanca), "Bush" (an Egyptian town):
            # a name the actor stage gives to a state is a place of that state or none
            cands = [p for p in cands if p.country == state]
            if not cands:
                continue
        other_name = bool(cands) and name_key(span.text) not in gaz.index
        if other_name and not as_place:
            continue  # another name of a world city alone ("Hamid", "Bala"): a place only as one
        if not _is_place(span, cands, actors, gaz):
            continue
        found.append((span, cands))
    chosen = choose(found, gaz, getattr(doc, "outlet_country", None))
    out = []
    for (span, cands), place in zip(found, chosen, strict=True):
        out.append(PlaceMention(span.start_char, span.end_char, span.text, place, span.root.i,
                                _locative(span.root), len(cands)))  # fmt: skip
    return out


def place_tokens(sdoc: Any, gaz: Gazetteer) -> set[int]:
    """Indices of the tokens of the place names the gazetteer knows below country level, before
    any context is weighed ("Jori area of Dera Bugti District": Dera Bugti)."""
    out: set[int] = set()
    for span in _spans(sdoc, gaz):
        if any(p.precision != "country" for p in gaz.lookup(span.text)):
            out.update(t.i for t in span)
    return out


def _spans(sdoc: Any, gaz: Gazetteer) -> list[Any]:
    """Gazetteer matches (longest first) and spaCy's place entities, without overlaps; found
    once per document and gazetteer (the event and location stages both ask)."""
    found = sdoc.user_data.get("place_spans")
    if found is None or found[0] is not gaz:  # a doc read against another gazetteer finds its own
        found = sdoc.user_data["place_spans"] = (gaz, [(s.start, s.end) for s in _find_spans(sdoc, gaz)])
    return [sdoc[a:b] for a, b in found[1]]


def _find_spans(sdoc: Any, gaz: Gazetteer) -> list[Any]:
    taken = [False] * len(sdoc)
    spans = []
    longest = min(gaz.max_words, MAX_WORDS)
    i = 0
    while i < len(sdoc):
        hit = None
        tok = sdoc[i]
        if not (tok.text[:1].isupper() or tok.lower_ == "the"):
            i += 1  # a name starts with a capital or "the": most words need no lookup
            continue
        first = sdoc[i + 1] if tok.lower_ == "the" and i + 1 < len(sdoc) else tok
        word = name_key(first.text).split(" ", 1)[0]  # "Gilgit-Baltistan" may be one token
        if word in gaz.first_words:
            for n in range(min(longest, len(sdoc) - i), 0, -1):
                span = sdoc[i : i + n]
                named = any(t.text[:1].isupper() for t in span if t.lower_ != "the")
                if span[-1].is_punct or span[-1].is_space or not named:
                    continue  # "The grenade": a capital on "the" alone makes no name
                key = name_key(span.text)
                if key in gaz.index or key in gaz.alt_index:
                    hit = span
                    break
        if hit is not None:
            if hit[0].lower_ == "the" and len(hit) > 1:
                hit = hit[1:]
            spans.append(hit)
            for t in hit:
                taken[t.i] = True
            i = hit.end
        else:
            i += 1
    for ent in sdoc.ents:
        if ent.label_ not in LABELS or any(taken[t.i] for t in ent):
            continue
        if ent[0].lower_ == "the":
            ent = ent[1:]
        while len(ent) and (ent[-1].is_punct or ent[-1].is_space):
            ent = ent[:-1]  # "Russia.\n\n": the small model can take the full stop in
        if len(ent) and ent.text[:1].isupper():
            spans.append(ent)
    return sorted(spans, key=lambda s: s.start)


def _in_person_name(span: Any) -> bool:
    """The span goes on a person's name begun by a name word before it ("Altaf Ahmad").

    Only a later word counts: spaCy's small model often reads a town before a title or a
    place word as a person ("Bijapur Superintendent of Police", "Upper Dir District").
    """
    first = span[0]
    if first.ent_type_ != "PERSON" or first.ent_iob_ != "I" or first.i == 0:
        return False
    before = first.doc[first.i - 1]
    return before.is_alpha and before.text[:1].isupper()


def _acting_state(span: Any, actors: list[tuple[int, int, Any]], gaz: Gazetteer) -> str | None:
    """The state of an actor mention that covers the span, when that actor is a state."""
    for start, end, m in actors:
        if start <= span.start_char and span.end_char <= end and not m.is_place:
            place = gaz.places.get(m.actor_id)
            if place is not None and place.precision == "country":
                return m.actor_id
    return None


def _opens_person_name(span: Any) -> bool:
    """The span opens a longer name spaCy reads as a person's ("Ali Mohammad Bhat")."""
    last = span[-1]
    return (span[0].ent_type_ == "PERSON" and span[0].ent_iob_ == "B" and last.i + 1 < len(span.doc)
            and span.doc[last.i + 1].ent_iob_ == "I" and span.doc[last.i + 1].ent_type_ == "PERSON")  # fmt: skip


def _is_place(
    span: Any, cands: list[Place], actors: list[tuple[int, int, Any]], gaz: Gazetteer
) -> bool:
    root = span.root
    if _locative(root):
        return True  # "in Crimea", even inside "civilians in Crimea"
    # part of a longer actor name: "the AJK government", "Pakistan Army"
    for start, end, m in actors:
        inside = start <= span.start_char and span.end_char <= end
        if inside and (end - start) > len(span.text) + 1 and not m.is_place and m.kind in NAMED:
            return False
    # a topic, not a place: "the Crimea question", "Crimea's cause"
    if (
        root.dep_ in ("compound", "amod", "nmod", "poss")
        and root.head.lemma_.lower() in gaz.topic_heads
    ):
        return False
    state_like = not cands or any(p.precision == "country" or p.capital for p in cands)
    acting_actor = any(
        start <= span.start_char < end and not m.is_place and m.kind in ("name", "capital")
        for start, end, m in actors
    )
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:  # "India and Pakistan said",
        root = root.head  # "funded by Western countries, particularly the United States"
    if root.dep_ == "pobj" and root.head.lower_ not in LOCATIVE and state_like:
        return False  # "the ministers of Niger", "trade with India", "talks between Delhi and ..."
    if root.dep_ in ACTING and (state_like or acting_actor):
        return False  # "Pakistan said", "Islamabad rejected", "India's army"
    # "India attacked Pakistan": a target, not where it happened
    return not (root.dep_ in ACTED_ON and state_like and root.head.pos_ == "VERB")


def _named_as_place(span: Any) -> bool:
    """The name goes before a word for a settlement or territory ("Bijapur District")."""
    return span.end < len(span.doc) and span.doc[span.end].lower_ in SETTLEMENTS


def _locative(token: Any) -> bool:
    """The token is the object of a locative preposition, or stands beside one that is."""
    seen = 0
    while token.dep_ in ("appos", "conj", "compound") and token.head.i != token.i and seen < 4:
        token, seen = token.head, seen + 1
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE


def choose(
    found: list[tuple[Any, list[Place]]], gaz: Gazetteer, outlet_country: str | None
) -> list[Place | None]:
    """One place per mention: a lone candidate as it is, else the best scored in context.

    The context is the document's unambiguous places (same country, same region, close by),
    the writer's side (``outlet_country``), the pack's region and preferred readings, then
    size (population) and the pack over the world layer.
    """
    context = [c[0] for _, c in found if len(c) == 1]
    out: list[Place | None] = []
    for span, cands in found:
        if len(cands) <= 1:
            out.append(cands[0] if cands else None)
            continue
        prefer = gaz.prefer.get(name_key(span.text), [])
        out.append(max(cands, key=lambda p: _score(p, context, gaz, outlet_country, prefer)))
    return out


def _score(
    p: Place, context: list[Place], gaz: Gazetteer, side: str | None, prefer: list[str]
) -> float:
    score = {"pack": 1.0, "admin1": 0.6, "world": 0.0}[p.layer]
    for rank, key in enumerate(prefer):
        if key in (p.id, p.country):
            score += 0.5 * (1 - rank / len(prefer))
            break
    if side and p.country == side:
        score += 0.4
    others = [c for c in context if c.id != p.id]
    if others:
        same_country = sum(c.country == p.country for c in others) / len(others)
        same_region = sum(bool(c.admin1) and c.admin1 == p.admin1 for c in others) / len(others)
        near = min(km_between(c.lat, c.lon, p.lat, p.lon) for c in others)
        score += 1.0 * same_country + 0.5 * same_region + (0.5 if near < 300 else 0.0)
    if gaz.region.contains(p):
        score += 0.3
    return score + math.log10(p.population + 1) / 20
