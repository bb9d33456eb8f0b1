"""Stances: who stands with whom (support), against whom (oppose), and who stays silent.

Three sources, deduplicated per (holder, target, polarity, sentence):

* events: asserted SUPPORT/AID/AGREE/COOPERATE give support, asserted ACCUSE/REJECT/
  THREATEN/PROTEST/SANCTION/COERCE/ASSAULT give oppose; a negated one of these is a silence;
* position statements: "X stands with Y", "X backed Y's right to ...", "came out in support of";
* silences: "the silence of X", "the non-reaction from X", "friends who've decided not to
  comment", "X looked the other way", "X remained silent".

The cue words are language data (``lang/en/stances.yaml``). Holders and targets are actor ids
from ``doc.mentions``; a silence with no target in its sentence falls back to
``default_target`` when the document mentions that actor.
"""

from __future__ import annotations

import re

from flashpoint.discourse.perspective import MentionIndex
from flashpoint.document import Document, Mention, Stance
from flashpoint.lang import load_language

SUPPORT_EVENTS = {"SUPPORT", "AID", "AGREE", "COOPERATE"}
OPPOSE_EVENTS = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT"}


_EN = load_language("en")
SUPPORT_CUES = _EN.pattern("stance_support")
OPPOSE_CUES = _EN.pattern("stance_oppose")
SILENCE_NOUNS = _EN.pattern("stance_silence_nouns")  # the holder follows ("the silence of X") or precedes
SILENCE_VERBS = _EN.pattern("stance_silence_verbs")  # the holder is the subject before the cue


class StanceFinder:
    def __init__(self, default_target: str | None = None):
        self.default_target = default_target

    def __call__(self, doc: Document) -> list[Stance]:
        mentions = MentionIndex(doc)
        acting = doc.actor_counts()
        found: list[tuple[int | None, Stance]] = []
        for ev in doc.events:
            st = _from_event(ev)
            if st is not None:
                found.append((doc.sentence_index(ev.start), st))
        for i, sent in enumerate(doc.sentences):
            found += [(i, s) for s in self._statements(sent, mentions, acting)]
        seen: set[tuple] = set()
        out = []
        for sent_idx, st in found:
            key = (st.holder, st.target, st.polarity, sent_idx)
            if st.holder and st.target and st.holder != st.target and key not in seen:
                seen.add(key)
                out.append(st)
        return out

    def _statements(self, sent, mentions: MentionIndex, acting: dict[str, int]) -> list[Stance]:
        out = []
        text, base = sent.text, sent.start
        in_sentence = mentions.within(sent.start, sent.end, acting_only=False)
        for rx, polarity in ((SUPPORT_CUES, "support"), (OPPOSE_CUES, "oppose")):
            for m in rx.finditer(text):
                if _negated(text, m.start()):
                    continue
                holder = _before(in_sentence, base + m.start())
                target = _after(in_sentence, base + m.end(), exclude=holder)
                if holder and target:
                    out.append(_stance(holder.actor_id, target.actor_id, polarity, sent, "statement"))
        for m in SILENCE_NOUNS.finditer(text):
            holder = _after(in_sentence, base + m.end(), within=60) or _before(
                in_sentence, base + m.start(), within=25
            )
            if holder:
                target = self._silence_target(in_sentence, holder, acting)
                if target:
                    out.append(_stance(holder.actor_id, target, "silent", sent, "silence"))
        for m in SILENCE_VERBS.finditer(text):
            holder = _before(in_sentence, base + m.start())
            if holder:
                target = self._silence_target(in_sentence, holder, acting)
                if target:
                    out.append(_stance(holder.actor_id, target, "silent", sent, "silence"))
        return out

    def _silence_target(self, in_sentence: list[Mention], holder: Mention, acting) -> str | None:
        if self.default_target and any(m.actor_id == self.default_target for m in in_sentence):
            return self.default_target
        others = [m for m in in_sentence if m.actor_id != holder.actor_id and not m.is_place]
        if others:
            return others[0].actor_id
        if self.default_target and self.default_target in acting:
            return self.default_target
        return None


def _from_event(ev) -> Stance | None:
    if not ev.source or not ev.target:
        return None
    known = ev.type in SUPPORT_EVENTS or ev.type in OPPOSE_EVENTS
    if ev.status == "negated" and known:
        polarity, basis = "silent", "silence"
    elif ev.status == "asserted" and known:
        polarity, basis = ("support" if ev.type in SUPPORT_EVENTS else "oppose"), "event"
    else:
        return None
    return Stance(ev.source, ev.target, polarity, ev.quote, ev.start, ev.end, basis)


def _stance(holder: str, target: str, polarity: str, sent, basis: str) -> Stance:
    return Stance(holder, target, polarity, sent.text.strip(), sent.start, sent.end, basis)


def _before(mentions: list[Mention], offset: int, within: int = 400) -> Mention | None:
    """The acting mention nearest before ``offset``."""
    best = None
    for m in mentions:
        if m.end <= offset and offset - m.end <= within and not m.is_place:
            best = m
    return best


def _after(mentions: list[Mention], offset: int, exclude: Mention | None = None, within: int = 400):
    """The first mention after ``offset`` (places count: "stands with Crimea")."""
    for m in mentions:
        if m.start >= offset and m.start - offset <= within:
            if exclude is not None and m.actor_id == exclude.actor_id:
                continue
            return m
    return None


def _negated(text: str, pos: int) -> bool:
    return bool(re.search(r"\b(?:not|never|no longer|n't|nor)\s+(?:\w+\s+)?$", text[max(pos - 25, 0) : pos]))
