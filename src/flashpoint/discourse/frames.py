"""Frames: sentence- and document-level scores over the Policy Frames Codebook.

A linear model over TF-IDF word and bigram features (trained by
``scripts/train_discourse.py`` on FrAC plus our own domain sentences, stored as plain
arrays in ``models/discourse/frames.npz``) gives each sentence a distribution over frames;
a keyword lexicon (``frame_lexicon.yaml``) adds evidence for frames the training data
covers thinly. The document's scores are the mean sentence distribution mixed with the
lexicon counts, plus ``policy_prescription`` weight from the recommendations found.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml

from flashpoint.document import FRAME_IDS, Document, Frame

MODEL_DIR = "models/discourse"
TOKEN_RX = re.compile(r"(?u)\b\w[\w'-]*\b")


def _resource(name: str):
    return resources.files("flashpoint").joinpath(f"{MODEL_DIR}/{name}")


def tokens(text: str) -> list[str]:
    """Lowercased unigrams and bigrams (the training script uses the same function)."""
    words = TOKEN_RX.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    path = _resource("frames.npz")
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        data = np.load(fh, allow_pickle=False)
        vocab = [str(v) for v in data["vocab"]]
        return {
            "index": {w: i for i, w in enumerate(vocab)},
            "idf": data["idf"].astype(np.float32),
            "coef": data["coef"].astype(np.float32),
            "intercept": data["intercept"].astype(np.float32),
            "classes": [str(c) for c in data["classes"]],
        }


@lru_cache(maxsize=1)
def load_lexicon() -> list[tuple[str, re.Pattern[str], frozenset[str] | None]]:
    """(frame, regex of its cues, the cues' opening letter pairs) per frame of the lexicon."""
    path = _resource("frame_lexicon.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    out = []
    for frame, cues in (raw or {}).items():
        cues = [str(c) for c in cues or []]
        parts = [re.escape(c.rstrip("*")) + (r"\w*" if c.endswith("*") else "") for c in cues]
        if parts and frame in FRAME_IDS:
            rx = re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.I)
            out.append((frame, rx, _openings(cues)))
    return out


def _openings(cues: list[str]) -> frozenset[str] | None:
    """The lowercased first two characters of every cue, or None when that is no safe filter.

    A cue regex can only match at the start of a word whose first two characters are, case
    aside, those of one of its cues. That holds for plain ASCII cues of two or more
    characters starting with a letter or digit; for others every word start is tried.
    """
    heads = set()
    for cue in cues:
        body = cue.rstrip("*")
        if len(body) < 2 or not body.isascii() or not (body[0].isalnum() or body[0] == "_"):
            return None
        heads.add(body[:2].lower())
    return frozenset(heads)


WORD_START_RX = re.compile(r"\w+")


def _head_index(lexicon: list) -> tuple[dict[str, list[int]], list[int]]:
    """Opening letter pair -> lexicon frames whose cues may start so; frames tried anywhere."""
    everywhere = [k for k, (_, _, heads) in enumerate(lexicon) if heads is None]
    index: dict[str, list[int]] = {}
    for k, (_, _, heads) in enumerate(lexicon):
        for head in heads or ():
            index.setdefault(head, list(everywhere)).append(k)
    return {h: sorted(ks) for h, ks in index.items()}, everywhere


def _cue_candidates(joined: str, lexicon: list, index: tuple) -> list[list[int]]:
    """Per lexicon frame, the word starts where one of its cues may match (one pass)."""
    by_head, everywhere = index
    every_frame = range(len(lexicon))
    out: list[list[int]] = [[] for _ in lexicon]
    for m in WORD_START_RX.finditer(joined):
        p = m.start()
        head = joined[p : p + 2]
        # non-ASCII letters may equal ASCII ones case-insensitively (K, ſ, ı): try every frame
        for k in by_head.get(head.lower(), everywhere) if head.isascii() else every_frame:
            out[k].append(p)
    return out


def _match_starts(rx: re.Pattern[str], text: str, candidates: list[int]) -> list[int]:
    """``[m.start() for m in rx.finditer(text)]`` when every match starts at a candidate."""
    starts, end = [], 0
    for p in candidates:
        if p >= end and (m := rx.match(text, p)) is not None:
            starts.append(p)
            end = m.end()
    return starts


def features(texts: list[str], model: dict) -> np.ndarray:
    """Sublinear TF-IDF rows, L2-normalised."""
    index, idf = model["index"], model["idf"]
    x = np.zeros((len(texts), len(idf)), dtype=np.float32)
    for row, text in enumerate(texts):
        counts: dict[int, int] = {}
        for tok in tokens(text):
            j = index.get(tok)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            x[row, j] = (1.0 + np.log(c)) * idf[j]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.clip(norms, 1e-12, None)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class FrameScorer:
    def __init__(self, sentence_top: int = 3, sentence_min: float = 0.15, lexicon_weight: float = 0.5):
        self.model = load_model()
        self.lexicon = load_lexicon()
        self._heads = _head_index(self.lexicon)
        self.sentence_top = sentence_top
        self.sentence_min = sentence_min
        self.lexicon_weight = lexicon_weight

    def sentence_scores(self, texts: list[str]) -> np.ndarray:
        """One row per text, one column per FRAME_IDS entry, rows summing to 1."""
        scores = np.zeros((len(texts), len(FRAME_IDS)), dtype=np.float32)
        if not texts:
            return scores
        if self.model is not None:
            probs = _softmax(features(texts, self.model) @ self.model["coef"].T + self.model["intercept"])
            for k, frame in enumerate(self.model["classes"]):
                scores[:, FRAME_IDS.index(frame)] = probs[:, k]
        lex = self.lexicon_counts(texts)
        totals = lex.sum(axis=1, keepdims=True)
        lex = np.divide(lex, totals, out=np.zeros_like(lex), where=totals > 0)
        mixed = scores + self.lexicon_weight * lex
        sums = mixed.sum(axis=1, keepdims=True)
        return np.divide(mixed, sums, out=np.full_like(mixed, 1 / len(FRAME_IDS)), where=sums > 0)

    def lexicon_counts(self, texts: list[str]) -> np.ndarray:
        """Lexicon hits per text and frame, in the joined texts.

        Each frame's regex is tried only at the word starts its cues can open (same matches
        as scanning the whole text with it, in a fraction of the time).
        """
        counts = np.zeros((len(texts), len(FRAME_IDS)), dtype=np.float32)
        joined = "\n".join(texts)
        ends = np.cumsum([len(t) + 1 for t in texts])
        candidates = _cue_candidates(joined, self.lexicon, self._heads)
        for (frame, rx, _), where in zip(self.lexicon, candidates, strict=True):
            starts = _match_starts(rx, joined, where)
            if starts:
                rows = np.searchsorted(ends, starts, side="right")
                np.add.at(counts[:, FRAME_IDS.index(frame)], rows, 1)
        return counts

    def __call__(self, doc: Document) -> tuple[list[Frame], dict[int, list[Frame]]]:
        texts = [s.text for s in doc.sentences] or ([doc.text] if doc.text.strip() else [])
        if not texts:
            return [], {}
        scores = self.sentence_scores(texts)
        per_sentence: dict[int, list[Frame]] = {}
        for i, row in enumerate(scores):
            top = np.argsort(-row)[: self.sentence_top]
            frames = [Frame(FRAME_IDS[j], round(float(row[j]), 3)) for j in top if row[j] >= self.sentence_min]
            if frames:
                per_sentence[i] = frames
        weights = np.array([min(len(t), 400) for t in texts], dtype=np.float32)
        doc_scores = (scores * weights[:, None]).sum(axis=0) / max(weights.sum(), 1.0)
        if doc.recommendations:  # prescriptive sentences are policy_prescription evidence
            share = min(len({doc.sentence_index(r.start) for r in doc.recommendations}) / len(texts), 1.0)
            doc_scores[FRAME_IDS.index("policy_prescription")] += 0.5 * share
        doc_scores = doc_scores / max(float(doc_scores.sum()), 1e-9)
        frames = sorted(
            (Frame(f, round(float(s), 4)) for f, s in zip(FRAME_IDS, doc_scores, strict=True)),
            key=lambda f: -f.score,
        )
        return frames, per_sentence
