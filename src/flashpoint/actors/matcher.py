"""One PhraseMatcher over every alias of a pack, built once per stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from flashpoint.actors.packs import Entry, Pack, case_ok, norm


@dataclass
class Found:
    """A mention under construction, in token offsets."""

    start: int
    end: int
    actor_id: str
    sector: str | None
    kind: str
    is_place: bool = False
    person: str | None = None
    confidence: float = 1.0
    entries: list[Entry] = field(default_factory=list)


class AliasMatcher:
    def __init__(self, pack: Pack, nlp):
        self.pack = pack
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.deictic = PhraseMatcher(nlp.vocab, attr="LOWER")
        keys = list(pack.forms)
        for key, doc in zip(keys, nlp.tokenizer.pipe(keys), strict=True):
            self.matcher.add(key, [doc])
        phrases = list(pack.deictic)
        for key, doc in zip(phrases, nlp.tokenizer.pipe(phrases), strict=True):
            self.deictic.add(key, [doc])
        self.strings = nlp.vocab.strings

    def candidates(self, doc: Doc, accept=None) -> list[tuple[Span, list[Entry]]]:
        """Longest non-overlapping alias matches whose case fits and that ``accept(span, entries)``."""
        spans: list[Span] = []
        entries: dict[tuple[int, int], list[Entry]] = {}
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            text = norm(span.text)
            found: list[Entry] = []
            for form in self.pack.forms.get(self.strings[match_id], []):
                if case_ok(form.case, form.text, text):
                    found += form.entries
            if found and (accept is None or accept(span, found)):
                spans.append(span)
                entries[(start, end)] = found
        return [(s, entries[(s.start, s.end)]) for s in filter_spans(spans)]

    def deictic_spans(self, doc: Doc) -> list[Span]:
        spans = [doc[s:e] for _, s, e in self.deictic(doc)]
        return filter_spans(spans)
