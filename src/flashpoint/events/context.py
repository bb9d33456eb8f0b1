"""Document context of the event coder: what earlier sentences established (dates, actors,
accusations) and the two states a document is mainly about."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pycountry
from spacy.tokens import Span

from flashpoint.document import Mention
from flashpoint.events import dates
from flashpoint.lang import load_language

PERSON_PRONOUNS = load_language("en").words("person_pronouns")


class Implied:
    """An actor fixed by the domain, not named in the sentence."""

    def __init__(self, actor_id: str, sector: str | None = None, end: int | None = None):
        self.actor_id, self.sector, self.text, self.kind, self.is_place = actor_id, sector, None, "implied", False
        self.end = end  # where the words that imply it end ("the two sides"), if any stand in the text


class DocState:
    """What earlier sentences established: their dates and the actors that acted."""

    def __init__(self, pub):
        self.pub = pub
        self.sentence_dates: list[tuple[dt.date, str] | None] = []
        self.actors: list[tuple[int, Mention]] = []
        self.mentions: list[tuple[int, Mention]] = []  # non-place mentions of earlier sentences
        self.dyad: list[str] = []
        self.header: tuple[int, list[Mention]] | None = None  # the last colon lead-in with actors
        self.accusations: list[tuple[int, str, str]] = []  # (sentence, accuser, accused)
        self.incidents: set[int] = set()  # ids of attacks kept with no actor named (see the coder)

    def accuser(self, si: int, accused: set[str], window: int = 3) -> list:
        """Who last accused one of ``accused``: the party a denial answers."""
        for sj, source, target in reversed(self.accusations):
            if si - sj > window:
                break
            if target in accused and source not in accused:
                return [Implied(source)]
        return []

    def end_sentence(self, si: int, sent_dates) -> None:
        found = None
        for _, iso, precision, *_ in sent_dates:
            parsed = dates.parse_published(iso)
            if parsed:
                found = (parsed[0], precision)
                break
        self.sentence_dates.append(found)

    def last_date(self, si: int, window: int = 6):
        for d in reversed(self.sentence_dates[max(0, si - window) : si]):
            if d is not None:
                return d
        return None

    def note_subjects(self, si: int, sent: Span, tokmap: dict[int, Mention]) -> None:
        """Remember who acted in this sentence, for "he"/"it" in the next ones."""
        for tok in sent:
            m = tokmap.get(tok.i)
            subject = tok.dep_ == "nsubj" or "nsubj" in (tok.head.dep_, tok.head.head.dep_)
            if m is not None and not m.is_place and subject:
                self.actors.append((si, m))

    def note_header(self, si: int, sent: Span, tokmap: dict[int, Mention]) -> bool:
        """A lead-in that ends in a colon ("The Contact Group:") speaks for the subjectless
        items after it ("Rejected the measures ..."); True when ``sent`` is one."""
        if not sent.text.rstrip().endswith(":"):
            return False
        found = [m for t in sent if (m := tokmap.get(t.i)) is not None and not m.is_place]
        if found:
            self.header = (si, list({id(m): m for m in found}.values()))
        return bool(found)

    def speaker_of_items(self, si: int, window: int) -> list:
        """The actors of the last colon lead-in within ``window`` sentences."""
        if self.header is None or si - self.header[0] > window:
            return []
        return self.header[1]

    def note_mentions(self, si: int, sent: Span, tokmap: dict[int, Mention]) -> None:
        seen: list[Mention] = []
        for tok in sent:
            m = tokmap.get(tok.i)
            if m is not None and not m.is_place and all(m is not o for o in seen):
                seen.append(m)
        self.mentions.extend((si, m) for m in seen)

    def last_actor(self, si: int, avoid: set[str], window: int) -> list:
        """The last actor named in the previous ``window`` sentences that is not in ``avoid``."""
        for sj, m in reversed(self.mentions):
            if si - sj > window:
                break
            if m.actor_id not in avoid:
                return [m]
        return []

    def last_acting(self, si: int, avoid: set[str], window: int) -> Mention | None:
        """The last actor that acted or spoke (a subject or an event's source) in the
        ``window`` sentences before sentence ``si`` and is not in ``avoid``."""
        for sj, m in reversed(self.actors):
            if sj >= si:
                continue
            if si - sj > window:
                break
            if m.actor_id not in avoid:
                return m
        return None

    def note_actor(self, si: int, mention) -> None:
        if isinstance(mention, Mention):
            self.actors.append((si, mention))

    def antecedent(self, si: int, pronoun: str, window: int, states_only: bool = False,
                   avoid: set[str] = frozenset()):  # fmt: skip
        person = pronoun in PERSON_PRONOUNS
        for sj, m in reversed(self.actors):
            if si - sj > window:
                break
            if (states_only and not is_state(m.actor_id)) or m.actor_id in avoid:
                continue  # an object pronoun is not its own clause's subject
            if not person or m.kind == "person" or (m.sector == "GOV" and m.kind != "name"):
                return m
        return None


def is_state(actor_id: str | None) -> bool:
    return bool(actor_id) and len(actor_id) == 3 and pycountry.countries.get(alpha_3=actor_id) is not None


def dyad(mentions: list[Mention]) -> list[str]:
    """The two states a document names most often (as actors, not places); the second must be
    named twice, unless the first is named at most twice too (a short text)."""
    counts = Counter(m.actor_id for m in mentions if not m.is_place and m.kind != "coref" and is_state(m.actor_id))
    top = counts.most_common(2)  # ties: the state named first
    if len(top) == 2 and top[1][1] < 2 and top[0][1] > 2:
        return [top[0][0]]  # a state named once in passing in a longer text is no side
    return [a for a, _ in top]  # a short text names each side once or twice
