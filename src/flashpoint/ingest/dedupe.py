"""Near-duplicate folding: wire copies and syndicated reprints of one story become one story.

Each stored document gets a MinHash signature of its word 5-shingles (datasketch); LSH finds
earlier documents whose estimated Jaccard similarity is at least ``THRESHOLD``, and the new
document joins the story of the most similar one (the story id is the doc id of its first
document), else it starts its own. The threshold is measured in
``benchmarks/near_duplicates.py`` (docs/ingest.md). Texts shorter than ``MIN_SHINGLES``
shingles are never folded: too little text to tell a reprint from a similar brief.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

NUM_PERM = 128
SHINGLE = 5  # words
THRESHOLD = 0.5  # see benchmarks/near_duplicates.py
MIN_SHINGLES = 20
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM)  # its permutations are reused by every signature


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Lower-case word n-grams of ``text`` (punctuation and spacing ignored)."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> Any | None:
    """The MinHash of ``text``; None when it has too few shingles to fold."""
    from datasketch import MinHash

    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    sig = MinHash(num_perm=NUM_PERM, permutations=_template().permutations, scheme="affine32")
    sig.update_batch(sorted(found))
    return sig


def to_bytes(sig: Any) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(blob: bytes) -> Any:
    from datasketch import MinHash

    values = np.frombuffer(blob, dtype=np.uint32)
    return MinHash(hashvalues=values, permutations=_template().permutations, scheme="affine32")


@dataclass
class Story:
    doc_id: str
    hash: str
    story_id: str
    minhash: bytes | None


class StoryIndex:
    """Signatures of folded documents, queried for the story a new text belongs to."""

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[str, Any] = {}
        self.stories: dict[str, str] = {}

    def add(self, doc_id: str, story_id: str, sig: Any) -> None:
        if doc_id in self.signatures:
            self.lsh.remove(doc_id)
        self.lsh.insert(doc_id, sig)
        self.signatures[doc_id] = sig
        self.stories[doc_id] = story_id

    def best_match(self, sig: Any) -> tuple[str, float] | None:
        """The most similar indexed document at or above the threshold, with its similarity."""
        scored = [(sig.jaccard(self.signatures[c]), c) for c in self.lsh.query(sig)]
        scored = [(s, c) for s, c in scored if s >= self.threshold]
        if not scored:
            return None
        similarity, doc_id = max(scored, key=lambda pair: (pair[0], pair[1]))
        return doc_id, similarity

    def assign(self, doc_id: str, text: str) -> Story:
        """The story of a new document (added to the index when it can be folded)."""
        sig = signature(text)
        if sig is None:
            return Story(doc_id, "", doc_id, None)
        match = self.best_match(sig)
        story_id = self.stories[match[0]] if match else doc_id
        self.add(doc_id, story_id, sig)
        return Story(doc_id, "", story_id, to_bytes(sig))


def fold_stories(store: Any, threshold: float = THRESHOLD) -> int:
    """Give every stored document without a current story one; how many were folded into
    an existing story. Documents are taken in publication order (undated last)."""
    index = StoryIndex(threshold)
    for doc_id, story_id, blob in store.story_signatures():
        index.add(doc_id, story_id, from_bytes(blob))
    rows, folded = [], 0
    for doc in store.unfolded_documents():
        story = index.assign(doc["doc_id"], doc["text"])
        story.hash = doc["hash"]
        folded += story.story_id != story.doc_id
        rows.append(story)
    store.save_stories(rows)
    return folded


def pair_similarity(a: str, b: str) -> float | None:
    """Estimated Jaccard similarity of two texts (None when either is too short)."""
    sa, sb = signature(a), signature(b)
    return None if sa is None or sb is None else float(sa.jaccard(sb))


def exact_jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(len(sa | sb), 1)


def story_rows(stories: Iterable[Story]) -> list[tuple[str, str, str, bytes | None]]:
    return [(s.doc_id, s.hash, s.story_id, s.minhash) for s in stories]
