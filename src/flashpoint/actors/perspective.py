"""The writer's side: "we", "our", "the PM", "the government here", "the army" (unqualified).

They resolve to the outlet's country: the document's ``outlet_country``, else the pack's outlet
table looked up by ``doc.outlet``, else the configured default. Without one they stay unresolved.
A report filed under a dateline ("NEW DELHI, May 3 -") is told from the dateline's state: its
unqualified "the foreign ministry" or "the army" is that state's, whatever the outlet.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span

from flashpoint.actors.matcher import AliasMatcher, Found, sentence_starts, token_hits
from flashpoint.actors.packs import Pack
from flashpoint.actors.roles import is_state, sector_phrase
from flashpoint.document import Document

QUOTED = re.compile(r"“[^”]{0,1500}”|\"[^\"\n]{0,1500}\"")
ISO3 = re.compile(r"^[A-Z]{3}$")


def outlet_country(doc: Document, pack: Pack, default: str | None) -> str | None:
    """The perspective of a document: metadata, then the outlet table, then the default."""
    if doc.outlet_country and ISO3.match(doc.outlet_country.strip().upper()):
        return doc.outlet_country.strip().upper()
    return pack.outlet_country(doc.outlet) or default


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text)]


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _as_pronoun(word: str) -> bool:
    """A word of the pack's pronouns used as one: "US" in capitals is the country, not "us"."""
    return word != "US"


def own_voice(text: str, pack: Pack) -> int:
    """How often the writer speaks for a side ("we", "our": the pack's ``pronouns``) outside
    quotes: the words that only a perspective can resolve."""
    if not pack.pronouns:
        return 0
    words = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(pack.pronouns))) + r")\b", re.I)
    quotes = quoted_ranges(text)
    return sum(1 for m in words.finditer(text) if not _inside(m.start(), quotes) and _as_pronoun(m.group()))


def own_mentions(
    doc: Doc,
    text: str,
    found: list[Found],
    own: str | None,
    pack: Pack,
    matcher: AliasMatcher,
    skip: list[tuple[int, int]],
    filed_from: str | None = None,
) -> list[Found]:
    """Mentions of the writer's own state from pronouns (``own``) and unqualified deictic
    phrases (``filed_from``, the dateline's state, else ``own``)."""
    taken = {i for f in found for i in range(f.start, f.end)}
    quotes = quoted_ranges(text)
    out: list[Found] = []
    deictic = matcher.deictic_spans(doc)
    pronouns = pack.pronouns | (pack.speaker_pronouns if _in_state_name(deictic, quotes, pack) else set())
    for i in token_hits(doc, pronouns) if own else ():
        tok = doc[i]
        if tok.i in taken or not _as_pronoun(tok.text):
            continue
        if _inside(tok.idx, quotes) or _inside(tok.idx, skip):
            continue
        f = Found(tok.i, tok.i + 1, own, "GOV", "pronoun", confidence=0.9)
        hit = sector_phrase(doc, tok.i + 1, pack) if tok.lower_ == "our" else None
        if hit:
            f.end, f.sector = tok.i + 1 + hit[0], hit[1]
        out.append(f)
        taken.update(range(f.start, f.end))
    side = filed_from or own  # whose "the foreign ministry" is
    if side is None:
        return out
    for span in deictic:
        if any(i in taken for i in range(span.start, span.end)) or _inside(span.start_char, skip):
            continue
        end = span.end
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN":
            continue  # a title before a name ("the president Erdogan") is not deictic
        owner = _explicit_owner(doc, end, found)
        first_person = doc[span.start].lower_ in pack.first_person  # "my country": the speaker's
        if owner is None and not first_person and _other_state_before(doc, span.start, found, side, pack):
            continue
        end = _here(doc, end, pack)
        sector = pack.deictic[span.text.lower().replace("’", "'")]
        if owner is not None:
            out.append(Found(span.start, span.end, owner.actor_id, sector, "role"))
        else:
            out.append(Found(span.start, end, side, sector, "deictic", confidence=0.85))
        taken.update(range(span.start, end))
    return out


def _in_state_name(deictic: list[Span], quotes: list[tuple[int, int]], pack: Pack) -> bool:
    """Whether the speaker calls the state theirs outside quotes ("my delegation"): a text
    spoken in the state's name, whose "I" is the state's."""
    return any(span[0].lower_ in pack.speaker_determiners and not _inside(span.start_char, quotes) for span in deictic)


def _explicit_owner(doc: Doc, end: int, found: list[Found]) -> Found | None:
    """ "the government in New Delhi" / "of India": the state named right after the phrase."""
    if end >= len(doc) or doc[end].lower_ not in ("of", "in"):
        return None
    i = end + 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    return next((f for f in found if f.start == i and len(f.actor_id) == 3), None)


def _other_state_before(doc: Doc, start: int, found: list[Found], own: str, pack: Pack) -> bool:
    starts = sentence_starts(doc)
    sent_start = starts[bisect_right(starts, start) - 1]
    return any(
        sent_start <= f.start < start
        and f.actor_id != own
        and not f.is_place
        and is_state(pack, f.actor_id)
        for f in found
    )


def _here(doc: Doc, end: int, pack: Pack) -> int:
    for words in sorted(pack.here_words, key=len, reverse=True):
        n = len(words.split())
        if " ".join(t.lower_ for t in doc[end : end + n]) == words:
            return end + n
    return end
