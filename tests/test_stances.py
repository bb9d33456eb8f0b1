"""Stances from events, position statements and silences."""

from __future__ import annotations

import re

from flashpoint.discourse.stances import StanceFinder
from flashpoint.document import Document, Event, Mention, Sentence

ACTORS = {"Malaysia": "MYS", "Turkey": "TUR", "India": "IND", "Pakistan": "PAK",
          "Kashmiris": "KASHMIRIS", "Muslim world": "MUSLIM_WORLD", "Kashmir": "KASHMIRIS"}  # fmt: skip


def doc_of(text: str, events: list[Event] | None = None) -> Document:
    doc = Document(text)
    start = 0
    for m in re.finditer(r"[.!?](?:\s|$)", doc.text):
        doc.sentences.append(Sentence(start, m.end(), doc.text[start : m.end()].strip()))
        start = m.end()
    for name, actor in ACTORS.items():
        for m in re.finditer(rf"\b{name}\b", doc.text):
            if not any(x.start <= m.start() < x.end for x in doc.mentions):
                doc.mentions.append(Mention(m.start(), m.end(), name, actor, is_place=name == "Kashmir"))
    doc.events = events or []
    return doc


def triples(doc: Document) -> set[tuple[str, str, str]]:
    return {(s.holder, s.target, s.polarity) for s in StanceFinder("KASHMIRIS")(doc)}  # the pack's default target


def test_events_give_support_and_opposition():
    events = [
        Event("SUPPORT", "MYS", "KASHMIRIS", quote="x", start=0, end=5),
        Event("ACCUSE", "TUR", "IND", quote="y", start=0, end=5),
        Event("SUPPORT", "PAK", "IND", status="hypothetical"),
        Event("CONSULT", "PAK", "IND"),
    ]
    doc = doc_of("Some text here.", events)
    assert triples(doc) == {("MYS", "KASHMIRIS", "support"), ("TUR", "IND", "oppose")}


def test_negated_support_is_a_silence():
    doc = doc_of("Nothing came.", [Event("SUPPORT", "MUSLIM_WORLD", "KASHMIRIS", status="negated")])
    assert triples(doc) == {("MUSLIM_WORLD", "KASHMIRIS", "silent")}


def test_position_statements():
    doc = doc_of("Malaysia stands with the Kashmiris. Turkey backed the Kashmiris' right to decide.")
    assert triples(doc) == {("MYS", "KASHMIRIS", "support"), ("TUR", "KASHMIRIS", "support")}


def test_negated_statement_is_not_support():
    assert triples(doc_of("Turkey never backed India on this.")) == set()


def test_silences():
    text = ("The Kashmiris suffer. What hurt most was the non-reaction from the Muslim world. "
            "India remained silent about the detentions in Kashmir.")  # fmt: skip
    found = triples(doc_of(text))
    assert ("MUSLIM_WORLD", "KASHMIRIS", "silent") in found
    assert ("IND", "KASHMIRIS", "silent") in found


def test_deduplicated_per_sentence():
    doc = doc_of("Malaysia stands with the Kashmiris and stood by the Kashmiris.")
    assert len(StanceFinder()(doc)) == 1
