"""Stand-in mentions for running the event coder without the actor stage.

``mark`` tags given names (tests, small experiments); ``from_entities`` turns spaCy's
GPE/NORP/ORG/PERSON entities into mentions keyed by their text (dev scoring on corpora
whose actors have no canonical ids).
"""

from __future__ import annotations

import re

from flashpoint.document import Document, Mention

ACTOR_LABELS = {"GPE": "GOV", "NORP": None, "ORG": None, "PERSON": "GOV"}


def mark(doc: Document, names: dict[str, str | tuple[str, ...]]) -> Document:
    """Add a mention for each occurrence of each name: ``{"India": "IND", "Kashmir": ("KASHMIRIS", "place")}``.

    A tuple value is ``(actor_id, *flags)`` with flags among ``place``, ``person`` and a sector.
    """
    spans: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        value = names[name]
        actor_id, *flags = (value,) if isinstance(value, str) else value
        first = f"[{re.escape(name[0].lower())}{re.escape(name[0].upper())}]"
        for m in re.finditer(rf"(?<!\w){first}{re.escape(name[1:])}(?!\w)", doc.text):
            if any(m.start() < e and s < m.end() for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            sector = next((f for f in flags if f.isupper()), None)
            doc.mentions.append(Mention(
                m.start(), m.end(), m.group(0), actor_id, sector=sector,
                kind="person" if "person" in flags else "name", is_place="place" in flags,
                sentence=doc.sentence_index(m.start()),
            ))  # fmt: skip
    doc.mentions.sort(key=lambda x: x.start)
    return doc


def from_entities(doc: Document) -> Document:
    """Mentions from named entities: actor id = the entity's text, upper-cased."""
    if doc.spacy_doc is None:
        return doc
    for ent in doc.spacy_doc.ents:
        if ent.label_ in ACTOR_LABELS:
            doc.mentions.append(Mention(
                ent.start_char, ent.end_char, ent.text, ent.text.upper().removeprefix("THE "),
                sector=ACTOR_LABELS[ent.label_], kind="person" if ent.label_ == "PERSON" else "name",
                sentence=doc.sentence_index(ent.start_char),
            ))  # fmt: skip
    return doc
