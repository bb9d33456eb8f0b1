"""Near-duplicate folding: wire copies and syndicated reprints of one story become one story.

Each stored document gets a MinHash signature of its word 3-shingles (datasketch). LSH, set
loose, proposes earlier documents as candidates; the exact Jaccard similarity of the shingle
sets confirms a candidate at ``THRESHOLD`` or more, and the new document joins the story of
the most similar one (the story id is the doc id of its first document), else it starts its
own. At most ``MAX_CANDIDATES`` candidates per document, the best by estimated similarity,
are checked exactly, so the cost per document stays bounded. Shingles and threshold are
chosen in ``benchmarks/near_duplicates.py`` (docs/ingest.md). Texts shorter than
``MIN_WORDS`` words are never folded: too little text to tell a reprint from a similar brief.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from flashpoint.store.queries import runs as run_queries

NUM_PERM = 128
BANDS = (42, 3)  # LSH bands x rows: a pair at Jaccard 0.5 is a candidate with p = 0.996
MAX_CANDIDATES = 20
MIN_WORDS = 24
CACHE = 4096  # hashed shingle sets kept in memory; older ones are read back from the store
_WORD = re.compile(r"\w+")

Texts = Callable[[list[str]], dict[str, str]]


@dataclass(frozen=True)
class Method:
    """How two texts are compared: word or character shingles of ``size``, Jaccard (or
    the larger of Jaccard and the containment of the smaller set in the larger), confirmed
    exactly on LSH candidates or, with ``exact=False``, by the MinHash estimate alone."""

    unit: str = "word"
    size: int = 3
    threshold: float = 0.5  # see benchmarks/near_duplicates.py
    containment: bool = False
    exact: bool = True

    @property
    def name(self) -> str:
        sim = "max(Jaccard, containment)" if self.containment else "Jaccard"
        how = "exact" if self.exact else "MinHash estimate"
        return f"{self.unit} {self.size}-shingles, {sim} ({how}) >= {self.threshold:.2f}"

    def shingles(self, text: str) -> set[bytes]:
        words = _WORD.findall(text.lower())
        if self.unit == "char":
            joined = " ".join(words)
            return {joined[i : i + self.size].encode() for i in range(len(joined) - self.size + 1)}
        return {" ".join(words[i : i + self.size]).encode() for i in range(len(words) - self.size + 1)}

    def similarity(self, a: np.ndarray, b: np.ndarray) -> float:
        """Similarity of two hashed shingle sets (see ``hashed``)."""
        common = _common(a, b)
        jaccard = common / max(len(a) + len(b) - common, 1)
        return max(jaccard, common / max(min(len(a), len(b)), 1)) if self.containment else jaccard

    def compare(self, a: str, b: str) -> float:
        return self.similarity(hashed(self.shingles(a)), hashed(self.shingles(b)))


def hashed(found: set[bytes]) -> np.ndarray:
    """A shingle set as sorted 64-bit hashes (8 bytes a shingle), for the exact check."""
    return np.unique(np.fromiter((hash(s) for s in found), dtype=np.int64, count=len(found)))


def _common(a: np.ndarray, b: np.ndarray) -> int:
    return len(np.intersect1d(a, b, assume_unique=True))


DEFAULT = Method()
THRESHOLD = DEFAULT.threshold


@lru_cache(maxsize=1)
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM)  # its permutations are reused by every signature


def shingles(text: str, method: Method = DEFAULT) -> set[bytes]:
    """Lower-case shingles of ``text`` (punctuation and spacing ignored)."""
    return method.shingles(text)


def foldable(text: str) -> bool:
    return len(_WORD.findall(text)) >= MIN_WORDS


def minhash(found: set[bytes]) -> Any:
    from datasketch import MinHash

    sig = MinHash(num_perm=NUM_PERM, permutations=_template().permutations, scheme="affine32")
    sig.update_batch(sorted(found))
    return sig


def signature(text: str, method: Method = DEFAULT) -> Any | None:
    """The MinHash of ``text``; None when it is too short to fold."""
    return minhash(method.shingles(text)) if foldable(text) else None


def _tag(method: Method) -> bytes:
    """Stored signatures start with their shingles' tag (``w3``: word 3-shingles); one of
    other shingles (or untagged, from before tags) is recomputed from the text."""
    return f"{method.unit[0]}{method.size}".encode().ljust(4, b"\0")


def to_bytes(sig: Any, method: Method = DEFAULT) -> bytes:
    return _tag(method) + np.asarray(sig.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(blob: bytes, method: Method = DEFAULT) -> Any | None:
    """The stored signature; None when it was made from other shingles (or is damaged)."""
    from datasketch import MinHash

    tag = _tag(method)
    if not blob.startswith(tag) or len(blob) != len(tag) + 4 * NUM_PERM:
        return None
    values = np.frombuffer(blob[len(tag) :], dtype=np.uint32)
    return MinHash(hashvalues=values, permutations=_template().permutations, scheme="affine32")


@dataclass
class Story:
    doc_id: str
    hash: str
    story_id: str
    minhash: bytes | None


class StoryIndex:
    """Folded documents, queried for the story a new text belongs to. ``texts`` reads the
    texts of indexed documents whose shingles are no longer cached (the store's)."""

    def __init__(self, method: Method = DEFAULT, texts: Texts | None = None):
        from datasketch import MinHashLSH

        self.method = method
        params = BANDS if method.exact else None
        self.lsh = MinHashLSH(threshold=method.threshold, num_perm=NUM_PERM, params=params)
        self.signatures: dict[str, Any] = {}
        self.stories: dict[str, str] = {}
        self.cached: OrderedDict[str, np.ndarray] = OrderedDict()
        self.texts = texts

    def add(self, doc_id: str, story_id: str, sig: Any, found: np.ndarray | None = None) -> None:
        if doc_id in self.signatures:
            self.lsh.remove(doc_id)
        self.lsh.insert(doc_id, sig)
        self.signatures[doc_id] = sig
        self.stories[doc_id] = story_id
        if found is not None:
            self._cache(doc_id, found)

    def _cache(self, doc_id: str, found: np.ndarray) -> None:
        self.cached[doc_id] = found
        self.cached.move_to_end(doc_id)
        if self.texts is not None and len(self.cached) > CACHE:
            self.cached.popitem(last=False)

    def _shingles_of(self, doc_ids: list[str]) -> dict[str, np.ndarray]:
        out = {d: self.cached[d] for d in doc_ids if d in self.cached}
        missing = [d for d in doc_ids if d not in out]
        if missing and self.texts is not None:
            for doc_id, text in self.texts(missing).items():
                out[doc_id] = hashed(self.method.shingles(text))
                self._cache(doc_id, out[doc_id])
        return out

    def matches(self, sig: Any, found: np.ndarray) -> list[tuple[str, float]]:
        """Indexed documents at or above the threshold, most similar first."""
        estimated = sorted(((sig.jaccard(self.signatures[c]), c) for c in self.lsh.query(sig)),
                           reverse=True)[:MAX_CANDIDATES]  # fmt: skip
        if self.method.exact:
            sets = self._shingles_of([c for _, c in estimated])
            scored = [(self.method.similarity(found, s), c) for c, s in sets.items()]
        else:
            scored = estimated
        confirmed = sorted((s, c) for s, c in scored if s >= self.method.threshold)
        return [(c, s) for s, c in reversed(confirmed)]

    def best_match(self, sig: Any, found: np.ndarray) -> tuple[str, float] | None:
        """The most similar indexed document at or above the threshold, with its similarity."""
        found_matches = self.matches(sig, found)
        return found_matches[0] if found_matches else None

    def assign(self, doc_id: str, text: str) -> Story:
        """The story of a new document (added to the index when it can be folded)."""
        if not foldable(text):
            return Story(doc_id, "", doc_id, None)
        found = self.method.shingles(text)
        sig, kept = minhash(found), hashed(found)
        match = self.best_match(sig, kept)
        story_id = self.stories[match[0]] if match else doc_id
        self.add(doc_id, story_id, sig, kept)
        return Story(doc_id, "", story_id, to_bytes(sig, self.method))


def store_texts(store: Any) -> Texts:
    """A reader of stored document texts by doc id, for ``StoryIndex``."""

    def read(doc_ids: list[str]) -> dict[str, str]:
        return run_queries.texts(store.con, doc_ids)

    return read


def _resign(store: Any, index: StoryIndex, stale: dict[str, str]) -> list[Story]:
    """Signatures made by an older method, recomputed from the stored texts (stories kept)."""
    if not stale:
        return []
    rows = run_queries.hashed_texts(store.con, sorted(stale))
    out = []
    for row in rows:
        sig = signature(row["text"], index.method)
        if sig is not None:
            index.add(row["doc_id"], stale[row["doc_id"]], sig)
        blob = to_bytes(sig, index.method) if sig is not None else None
        out.append(Story(row["doc_id"], row["hash"], stale[row["doc_id"]], blob))
    return out


def fold_stories(store: Any, method: Method = DEFAULT) -> int:
    """Give every stored document without a current story one; how many were folded into
    an existing story. Documents are taken in publication order (undated last)."""
    index = StoryIndex(method, store_texts(store))
    stale: dict[str, str] = {}
    for doc_id, story_id, blob in store.story_signatures():
        sig = from_bytes(blob, method)
        if sig is None:
            stale[doc_id] = story_id
        else:
            index.add(doc_id, story_id, sig)
    rows, folded = _resign(store, index, stale), 0
    for doc in store.unfolded_documents():
        story = index.assign(doc["doc_id"], doc["text"])
        story.hash = doc["hash"]
        folded += story.story_id != story.doc_id
        rows.append(story)
    store.save_stories(rows)
    return folded


def pair_similarity(a: str, b: str, method: Method = DEFAULT) -> float | None:
    """Exact similarity of two texts as folding measures it (None when either is too short)."""
    return method.compare(a, b) if foldable(a) and foldable(b) else None


def exact_jaccard(a: str, b: str, method: Method = DEFAULT) -> float:
    return replace(method, containment=False).compare(a, b)

