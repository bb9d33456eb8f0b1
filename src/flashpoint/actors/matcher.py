"""One PhraseMatcher over every alias of a pack, built once per stage."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IS_SPACE, LOWER, ORTH, SENT_START
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
    role: bool = False  # a role or sector phrase attached ("Indian troops")
    weak: bool = False  # counts only where the same actor is also named as a party


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
        """Longest non-overlapping alias matches whose case fits and that ``accept(span, entries)``.

        Line breaks inside a name ("United Nations Military\nObserver Group") do not stop a match:
        matching runs over the words without whitespace tokens, mapped back to the document.
        """
        spans: list[Span] = []
        entries: dict[tuple[int, int], list[Entry]] = {}
        for match_id, start, end in self._matches(doc):
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

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        arr = doc.to_array([IS_SPACE, ORTH])
        words = np.nonzero(arr[:, 0] == 0)[0]
        if len(words) == len(doc):
            return self.matcher(doc)
        strings = doc.vocab.strings
        compact = Doc(doc.vocab, words=[strings[int(h)] for h in arr[words, 1]])
        return [(m, int(words[s]), int(words[e - 1]) + 1) for m, s, e in self.matcher(compact)]

    def deictic_spans(self, doc: Doc) -> list[Span]:
        spans = [doc[s:e] for _, s, e in self.deictic(doc)]
        return filter_spans(spans)


def token_hits(doc: Doc, words: set[str]) -> list[int]:
    """Indices of tokens whose lowercase form is one of ``words`` (vectorised, no Token objects)."""
    if not words:
        return []
    ids = np.array([doc.vocab.strings.add(w) for w in words], dtype=np.uint64)
    lower = doc.to_array([LOWER])
    return [int(i) for i in np.nonzero(np.isin(lower, ids))[0]]


def sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start (computed once per document)."""
    if "sentence_starts" not in doc.user_data:
        flags = doc.to_array([SENT_START])
        starts = [int(i) for i in np.nonzero(flags == 1)[0]]
        doc.user_data["sentence_starts"] = starts if starts and starts[0] == 0 else [0, *starts]
    return doc.user_data["sentence_starts"]
