"""References to the archive: agreements, proposals, laws and incidents a text invokes.

Four matchers over the knowledge base ``packs/<pack>/references.yaml``, cheapest first:

1. ``alias``: every alias in one compiled regex (spaces and hyphens interchangeable);
2. ``cue``: paraphrase patterns ("stripping it of the special status"), some only valid
   with a context word in the sentence window or within a publication-date window;
3. ``fuzzy``: misspelt names ("Samjhota", "Jafar"), rapidfuzz on the n-gram around a
   capitalised word whose first letters match a distinctive alias word;
4. ``embedding``: MiniLM similarity between a few candidate sentences (those holding a
   KB cue word and no reference yet) and the entries' paraphrases, with a strict threshold.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml
from rapidfuzz import fuzz

from flashpoint.actors.packs import load_pack
from flashpoint.document import Document, Reference
from flashpoint.lang import load_language

SEPARATORS = r"[\s\-–—‐]+"


@dataclass
class Entry:
    id: str
    name: str
    date: str | None = None
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    exact_case: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    contextual: list[str] = field(default_factory=list)
    context: str | None = None
    window_context: str | None = None
    published_window: list[list[str]] = field(default_factory=list)  # [[from, to], ...]
    fuzzy: bool = True
    cues: list[str] = field(default_factory=list)
    paraphrases: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:  # YAML reads 1947 as a number
        for name in ("aliases", "exact_case", "patterns", "contextual", "cues", "paraphrases"):
            setattr(self, name, [str(v) for v in getattr(self, name) or []])
        self.date = str(self.date) if self.date else None


# re.IGNORECASE lets four non-ASCII letters match ASCII ones (see the ``re`` docs): fold them too
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """Lowercased text in which every case-insensitive match of an ASCII literal shows as it."""
    return text.translate(_ASCII_FOLD).lower()


def required_literal(pattern: str, flags: int = 0) -> str | None:
    """Lowercased ASCII run (3+ characters) that every match of ``pattern`` contains, if any.

    Taken from the pattern's top-level literals (those outside groups, alternatives and
    repeats): a text whose :func:`fold` lacks it cannot match, so the regex need not run.
    """
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    try:
        items = list(sre_parse.parse(pattern, flags))
    except Exception:  # noqa: BLE001  (no filter: the pattern always runs)
        return None
    best, run = "", ""
    for op, arg in [*items, (None, None)]:
        if op == sre_parse.LITERAL and arg < 128:
            run += chr(arg)
            continue
        best, run = max(best, run, key=len), ""
    return best.lower() if len(best) >= 3 else None


class KnowledgeBaseError(ValueError):
    pass


@lru_cache(maxsize=4)
def load_topic(pack: str = "kashmir") -> re.Pattern[str] | None:
    """The pack's topic regex: the embedding matcher only runs on documents it matches."""
    path = resources.files("flashpoint").joinpath(f"packs/{pack}/references.yaml")
    if not path.is_file():
        return None
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    topic = raw.get("topic") if isinstance(raw, dict) else None
    return re.compile(topic, re.I) if topic else None


@lru_cache(maxsize=4)
def load_kb(pack: str = "kashmir") -> tuple[Entry, ...]:
    """Entries of a pack's references.yaml (validated; regexes compiled once to check them)."""
    path = resources.files("flashpoint").joinpath(f"packs/{pack}/references.yaml")
    if not path.is_file():
        return ()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(raw, dict):
        raw = raw.get("entries") or []
    entries = []
    for item in raw:
        try:
            entry = Entry(**item)
            for rx in (*entry.patterns, *entry.contextual, entry.context, entry.window_context):
                if rx:
                    re.compile(rx)
        except (TypeError, re.error) as exc:
            raise KnowledgeBaseError(f"{path}: bad entry {item.get('id')!r}: {exc}") from exc
        entries.append(entry)
    return tuple(entries)


def alias_key(text: str) -> str:
    """Lookup key of an alias or a matched span: lowercase, separators and apostrophes unified."""
    text = text.lower().replace("’", "'").replace("(", "").replace(")", "")
    return re.sub(SEPARATORS, " ", text).strip()


def _alias_regex(alias: str) -> str:
    parts = [re.escape(p) for p in re.split(SEPARATORS, alias.replace("’", "'")) if p]
    body = SEPARATORS.join(parts).replace("'", "['’]")
    body = body.replace(r"\(", r"\(?").replace(r"\)", r"\)?")
    return rf"(?<![\w-]){body}(?![\w-])"


class PhraseFinder:
    """Whole-word phrase matching, fast on long texts: a phrase is only tried where a word
    equal to its first word starts (one dict look-up per word instead of a big alternation)."""

    WORD = re.compile(r"\w+")

    def __init__(self, phrases: list[str], flags: int = 0):
        self.index: dict[str, list[re.Pattern[str]]] = {}
        for phrase in sorted(set(phrases), key=len, reverse=True):
            first = self.WORD.search(phrase)
            if first:
                rx = re.compile(_alias_regex(phrase), flags)
                self.index.setdefault(first.group().lower(), []).append(rx)

    def __bool__(self) -> bool:
        return bool(self.index)

    def finditer(self, text: str):
        """Longest match starting at each word, left to right, without overlaps."""
        end = 0
        for word in self.WORD.finditer(text):
            start = word.start()
            if start < end:
                continue
            candidates = self.index.get(word.group().lower())
            if not candidates:
                continue
            before = text[start - 1] if start else ""
            if before in ("-", "'", "’"):
                continue  # inside a hyphenated word or after an apostrophe
            best = None
            for rx in candidates:
                m = rx.match(text, start)
                if m and (best is None or m.end() > best.end()):
                    best = m
            if best is not None:
                end = best.end()
                yield best

    def findall(self, text: str) -> list[str]:
        return [m.group() for m in self.finditer(text)]


def _combined(aliases: list[str], flags: int) -> PhraseFinder | None:
    finder = PhraseFinder(aliases, flags)
    return finder if finder else None


class ReferenceMatcher:
    """Find knowledge-base references in a document (see module docstring)."""

    def __init__(
        self,
        pack: str = "kashmir",
        embeddings: bool = True,
        threshold: float = 0.62,
        max_candidates: int = 3,
        fuzzy_threshold: float = 86.0,
    ):
        self.entries = {e.id: e for e in load_kb(pack)}
        # words of archive names that identify no entry: English ones, and the pack's own
        self.generic_words = load_language("en").words("archive_generic_words") | load_pack(pack).generic_words
        self.topic = load_topic(pack)
        self.use_embeddings = embeddings
        self.threshold = threshold
        self.max_candidates = max_candidates
        self.fuzzy_threshold = fuzzy_threshold
        self._alias_ids: dict[str, str] = {}
        self._exact_ids: dict[str, str] = {}
        for e in self.entries.values():
            for a in e.aliases:
                self._alias_ids.setdefault(alias_key(a), e.id)
            for a in e.exact_case:
                self._exact_ids.setdefault(alias_key(a), e.id)
        self._aliases = _combined([a for e in self.entries.values() for a in e.aliases], re.I)
        self._exact = _combined([a for e in self.entries.values() for a in e.exact_case], 0)
        self._patterns = [
            (e.id, re.compile(p, re.I), required_literal(p, re.I))
            for e in self.entries.values()
            for p in e.patterns
        ]
        self._contextual = [
            (e, re.compile(p, re.I), required_literal(p, re.I))
            for e in self.entries.values()
            for p in e.contextual
        ]
        self._context = {
            e.id: re.compile(e.context, re.I) for e in self.entries.values() if e.context
        }
        self._window_context = {
            e.id: re.compile(e.window_context, re.I)
            for e in self.entries.values()
            if e.window_context
        }
        self._fuzzy_index = self._build_fuzzy_index()
        cues: dict[str, list[str]] = {}
        for e in self.entries.values():
            for c in e.cues:
                cues.setdefault(alias_key(c), []).append(e.id)
        self._cue_ids = cues
        self._cues = _combined([c for e in self.entries.values() for c in e.cues], re.I)
        self._kb_vectors: tuple[list[str], np.ndarray] | None = None

    # -- public ---------------------------------------------------------------------
    def __call__(self, doc: Document) -> list[Reference]:
        text = doc.text
        starts = [s.start for s in doc.sentences]
        found = self._match_aliases(text)
        # paraphrase cues and similarity only mean the pack's entries in texts on the pack's
        # topic (or that already name one of its entries); misspelt names count anywhere
        on_topic = bool(found) or self.topic is None or bool(self.topic.search(text))
        if on_topic:
            found += self._match_patterns(doc, starts)
        found += self._match_fuzzy(text, found)
        if on_topic and self.use_embeddings and self.entries:
            found += self._match_embeddings(doc, found)
        return _dedupe(found)

    def warm_up(self) -> None:
        """Encode the knowledge base now rather than on the first document that needs it."""
        if self.use_embeddings and self.entries:
            from flashpoint.nlp.embeddings import EncoderUnavailable

            try:
                self._kb_matrix()
            except EncoderUnavailable:
                self.use_embeddings = False

    def entry(self, ref_id: str) -> Entry | None:
        return self.entries.get(ref_id)

    # -- matchers -------------------------------------------------------------------
    def _match_aliases(self, text: str) -> list[Reference]:
        out = []
        for regex, ids in ((self._aliases, self._alias_ids), (self._exact, self._exact_ids)):
            if regex is None:
                continue
            for m in regex.finditer(text):
                ref_id = ids.get(alias_key(m.group()))
                if ref_id:
                    out.append(Reference(ref_id, m.group(), m.start(), m.end(), "alias", 1.0))
        return out

    def _match_patterns(self, doc: Document, starts: list[int]) -> list[Reference]:
        folded = fold(doc.text)  # a pattern whose required literal is absent cannot match
        out = [
            Reference(ref_id, m.group(), m.start(), m.end(), "cue", 0.9)
            for ref_id, rx, literal in self._patterns
            if literal is None or literal in folded
            for m in rx.finditer(doc.text)
        ]
        for entry, rx, literal in self._contextual:
            if literal is not None and literal not in folded:
                continue
            for m in rx.finditer(doc.text):
                if self._context_ok(entry, doc, starts, m.start()):
                    out.append(Reference(entry.id, m.group(), m.start(), m.end(), "cue", 0.8))
        return out

    def _context_ok(self, entry: Entry, doc: Document, starts: list[int], offset: int) -> bool:
        window = _window(doc, starts, offset)
        context = self._context.get(entry.id)
        if context is not None and context.search(window):
            return True
        published = (doc.published or "")[:10]
        if published and any(low <= published <= high for low, high in entry.published_window):
            needed = self._window_context.get(entry.id)
            return needed is None or bool(needed.search(window))
        return False

    def _build_fuzzy_index(self) -> dict[str, list[tuple[str, str, str, int]]]:
        """First two letters -> (distinctive word, alias, entry id, word position in alias)."""
        index: dict[str, list[tuple[str, str, str, int]]] = {}
        for e in self.entries.values():
            if not e.fuzzy:
                continue
            for alias in e.aliases:
                words = re.split(SEPARATORS, alias)
                for pos, word in enumerate(words):
                    w = word.lower().strip("'’s")
                    if len(w) >= 5 and word[:1].isupper() and w not in self.generic_words:
                        index.setdefault(w[:2], []).append((w, alias, e.id, pos))
        return index

    def _match_fuzzy(self, text: str, found: list[Reference]) -> list[Reference]:
        covered = [(r.start, r.end) for r in found]
        words = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[\w'’-]+", text)]
        out = []
        for i, (word, start, _end) in enumerate(words):
            if not word[:1].isupper() or len(word) < 4:
                continue
            if any(s <= start < e for s, e in covered):
                continue
            low = word.lower()
            for key, alias, ref_id, pos in self._fuzzy_index.get(low[:2], ()):
                if low == key or fuzz.ratio(low, key) < 75:
                    continue
                n = len(re.split(SEPARATORS, alias))
                first = i - pos
                if first < 0 or first + n > len(words):
                    continue
                span_start, span_end = words[first][1], words[first + n - 1][2]
                score = fuzz.ratio(alias_key(text[span_start:span_end]), alias_key(alias))
                if score >= self.fuzzy_threshold:
                    quote = text[span_start:span_end]
                    out.append(Reference(ref_id, quote, span_start, span_end, "fuzzy", score / 100))
                    break
        return out

    def _kb_matrix(self) -> tuple[list[str], np.ndarray]:
        if self._kb_vectors is None:
            from flashpoint.nlp.embeddings import encode

            ids, texts = [], []
            for e in self.entries.values():
                for t in (*e.paraphrases, e.description):
                    if t:
                        ids.append(e.id)
                        texts.append(t)
            self._kb_vectors = (ids, encode(texts))
        return self._kb_vectors

    def _match_embeddings(self, doc: Document, found: list[Reference]) -> list[Reference]:
        if self._cues is None or not doc.sentences:
            return []
        taken = {(doc.sentence_index(r.start), r.id) for r in found}
        candidates: list[tuple[int, int, set[str]]] = []
        for i, sent in enumerate(doc.sentences):
            if len(sent.text) > 600:
                continue
            ids = {
                rid
                for m in self._cues.finditer(sent.text)
                for rid in self._cue_ids.get(alias_key(m.group()), ())
                if (i, rid) not in taken
            }
            if ids:
                hits = len(self._cues.findall(sent.text))
                candidates.append((hits, i, ids))
        if not candidates:
            return []
        candidates = sorted(candidates, key=lambda c: -c[0])[: self.max_candidates]
        try:
            from flashpoint.nlp.embeddings import encode

            kb_ids, kb = self._kb_matrix()
            vectors = encode([doc.sentences[i].text for _, i, _ in candidates])
        except Exception:  # encoder unavailable: the other matchers still ran
            return []
        out = []
        scores = vectors @ kb.T
        for row, (_, i, ids) in enumerate(candidates):
            best_id, best = None, self.threshold
            for col, ref_id in enumerate(kb_ids):
                if ref_id in ids and scores[row, col] >= best:
                    best_id, best = ref_id, float(scores[row, col])
            if best_id:
                s = doc.sentences[i]
                out.append(Reference(best_id, s.text, s.start, s.end, "embedding", round(best, 3)))
        return out


def _window(doc: Document, starts: list[int], offset: int) -> str:
    """The sentence holding ``offset`` and its neighbours (the whole text without sentences)."""
    if not doc.sentences:
        return doc.text
    i = max(bisect.bisect_right(starts, offset) - 1, 0)
    lo, hi = max(i - 1, 0), min(i + 1, len(doc.sentences) - 1)
    return doc.text[doc.sentences[lo].start : doc.sentences[hi].end]


def _dedupe(refs: list[Reference]) -> list[Reference]:
    """One reference per span: overlapping matches of the same id keep the strongest."""
    order = {"alias": 0, "cue": 1, "fuzzy": 2, "embedding": 3}
    refs = sorted(refs, key=lambda r: (order.get(r.method, 9), -(r.end - r.start)))
    kept: list[Reference] = []
    for r in refs:
        if any(k.id == r.id and k.start < r.end and r.start < k.end for k in kept):
            continue
        kept.append(r)
    return sorted(kept, key=lambda r: (r.start, r.end))


def describe(entry: Entry) -> dict[str, Any]:
    return {"id": entry.id, "name": entry.name, "date": entry.date, "description": entry.description}
