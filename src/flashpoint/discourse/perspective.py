"""Whose side is speaking, and which actor a span of text names (via ``doc.mentions``)."""

from __future__ import annotations

import bisect

from flashpoint.document import Document, Mention
from flashpoint.lang import load_language

FIRST_PERSON = load_language("en").words("first_person_plural")
_FIRST_PERSON_RX = load_language("en").phrase_pattern("first_person_plural", "inclusive_imperatives")


class MentionIndex:
    """Mentions of one document, sorted by offset, for span look-ups."""

    def __init__(self, doc: Document):
        self.mentions = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int, acting_only: bool = True) -> list[Mention]:
        """Mentions that start inside [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        found = self.mentions[lo:hi]
        return [m for m in found if not m.is_place] if acting_only else found

    def at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping the span [start, end), if any (acting parties first)."""
        lo = bisect.bisect_left(self.starts, start - 80)
        hits = [m for m in self.mentions[lo:] if m.start < end and start < m.end]
        hits.sort(key=lambda m: m.is_place)
        return hits[0] if hits else None


# vocatives and deictics of a speech to the UN General Assembly (or a like forum)
_ASSEMBLY_RX = load_language("en").pattern("assembly_vocatives")
_FORUM_RX = load_language("en").pattern("forum_names")


def speaks_to_assembly(doc: Document) -> bool:
    """True for a speech to an assembly of states, whose inclusive "we" is all members."""
    vocatives = len(_ASSEMBLY_RX.findall(doc.text))
    return vocatives >= 2 or (vocatives == 1 and len(_FORUM_RX.findall(doc.text)) >= 3)


def own_country(doc: Document, default: str | None = None) -> str | None:
    """The writer's side: the document's outlet country, else the configured one."""
    return doc.outlet_country or default


def speaks_for_own_side(doc: Document) -> bool:
    """True when the writer addresses their own side ("we", "our", deictic mentions)."""
    if any(m.kind in ("pronoun", "deictic") for m in doc.mentions):
        return True
    return len(_FIRST_PERSON_RX.findall(doc.text)) >= 2
