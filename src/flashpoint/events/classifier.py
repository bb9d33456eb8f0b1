"""Sentence-level PLOVER type model: a linear classifier over lemma, parse and character n-grams.

Weights live in ``models/events/type_model.npz`` (vocabulary, idf, coefficients), written by
``scripts/train_events.py``; scoring is a sparse dot product, no scikit-learn at run time.
For short items (a headline, a lead, a single news sentence) the sparse model is blended
with a logistic layer over the shared sentence encoder's vector; long texts never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from flashpoint.events.lexicon import MODEL_DIR

NONE = "NONE"
KEEP_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ", "ADV", "ADP", "PART", "AUX", "NUM"})
ENTITY_TYPES = frozenset({"GPE", "NORP", "PERSON", "ORG", "DATE", "CARDINAL", "LOC", "FAC", "MONEY",
                          "TIME", "PERCENT", "QUANTITY", "ORDINAL"})  # fmt: skip
ARG_DEPS = frozenset({"dobj", "prt", "prep", "xcomp", "ccomp", "attr", "acomp", "dative", "nsubjpass", "agent", "advcl"})
WORD_RE = re.compile(r"[a-z]+")
CHAR_SIZES = (3, 4, 5)
SHORT_ITEM_TOKENS = 80  # a document this short is one item: its sentences get the encoder blend


class Features(list):
    """The feature strings of a sentence; ``text`` is set when its document is a short item."""

    text: str | None = None


def _word(tok) -> str:
    return f"<{tok.ent_type_}>" if tok.ent_type_ in ENTITY_TYPES else tok.lemma_.lower()


@lru_cache(maxsize=200_000)
def _word_grams(word: str) -> tuple[str, ...]:
    """The '#'-prefixed character n-grams of one lower-cased word, padded with spaces.

    Cached: words repeat across sentences, and the cached strings keep their hash, so the
    model's vocabulary lookups of these (most numerous) features stay cheap.
    """
    w = f" {word} "
    return tuple("#" + w[i : i + n] for n in CHAR_SIZES for i in range(len(w) - n + 1))


def char_ngrams(text: str) -> list[str]:
    """Character 3-5-grams inside lower-cased words (padded with spaces), prefixed with '#'."""
    out: list[str] = []
    for w in WORD_RE.findall(text.lower()):
        out.extend(_word_grams(w))
    return out


def sentence_features(tokens: Iterable) -> Features:
    """Lemma uni/bigrams, verb-argument and root features, negation, and character n-grams.

    Entity names become their type; `tokens` is a spaCy Span or Doc (any token iterable works).
    """
    span = tokens
    tokens = list(tokens)
    words: list[str] = []
    feats: list[str] = []
    for tok in tokens:
        if tok.is_punct or tok.is_space or tok.pos_ not in KEEP_POS:
            continue
        word = _word(tok)
        words.append(word)
        if tok.pos_ == "VERB":
            feats.append(f"v:{word}")
            for c in tok.children:
                if c.dep_ == "neg":
                    feats.append(f"nv:{word}")
                elif c.dep_ in ARG_DEPS:
                    cw = _word(c)
                    feats.append(f"vo:{word}:{cw}")
                    if c.dep_ == "prep":
                        feats.extend(f"vp:{word}:{cw}:{_word(g)}" for g in c.children if g.dep_ == "pobj")
                elif c.dep_ == "nsubj" and not c.ent_type_:
                    feats.append(f"sv:{c.lemma_.lower()}:{word}")
        elif tok.pos_ == "NOUN" and tok.head.pos_ == "VERB":
            feats.append(f"nh:{word}:{tok.dep_}")
        if tok.dep_ == "neg":
            feats.append("neg")
        if tok.dep_ == "ROOT":
            feats.append(f"root:{word}")
    feats.extend(words)
    feats.extend(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    feats.extend(char_ngrams(" ".join(t.text for t in tokens)))
    out = Features(feats)
    if tokens and len(tokens[0].doc) <= SHORT_ITEM_TOKENS:
        out.text = span.text if hasattr(span, "text") else " ".join(t.text for t in tokens)
    return out


@lru_cache(maxsize=1024)
def _sentence_vector(text: str) -> np.ndarray | None:
    """The shared encoder's vector of a short item's sentence (None without the encoder)."""
    from flashpoint.nlp.embeddings import EncoderUnavailable, encode

    try:
        return encode([text])[0]
    except EncoderUnavailable:
        return None


class TypeModel:
    def __init__(self, path: Path):
        data = np.load(path, allow_pickle=False)
        self.classes: list[str] = [str(c) for c in data["classes"]]
        self.vocab: dict[str, int] = {str(w): i for i, w in enumerate(data["vocab"])}
        self.idf = data["idf"].astype(np.float32)
        self.coef = data["coef"].astype(np.float32)  # (n_features, n_classes)
        self.intercept = data["intercept"].astype(np.float32)
        # calibration: scores are divided by a temperature fitted on held-out training stories
        self.temperature = float(data["temperature"]) if "temperature" in data.files else 1.0
        self.weights = self.idf[:, None] * self.coef
        self.idf_sq = self.idf * self.idf
        # optional logistic layer over sentence-encoder vectors, blended in for short items
        self.emb_coef = data["emb_coef"].astype(np.float32) if "emb_coef" in data.files else None
        self.emb_intercept = data["emb_intercept"].astype(np.float32) if self.emb_coef is not None else None
        self.emb_weight = float(data["emb_weight"]) if self.emb_coef is not None else 0.0

    def proba(self, features: list[str], blend_below: float = 0.6) -> dict[str, float]:
        """Type probabilities (PLOVER types and NONE) of a sentence's features.

        For a short item's sentence whose sparse top probability is below ``blend_below`` the
        encoder layer is blended in: confident sentences never pay for the encoder.
        """
        found = set(map(self.vocab.get, features))
        found.discard(None)
        scores = self.intercept.copy()
        if found:
            idx = np.fromiter(found, dtype=np.intp, count=len(found))
            # tf-idf with binary tf and l2 norm, folded into the weights: sum(idf*coef) / |idf|
            scores += self.weights[idx].sum(axis=0) / np.sqrt(self.idf_sq[idx].sum())
        scores /= self.temperature
        text = getattr(features, "text", None)
        if text and self.emb_weight > 0 and _top_probability(scores) < blend_below:
            vector = _sentence_vector(text)
            if vector is not None:  # geometric blend of the two models' probabilities
                dense = vector @ self.emb_coef + self.emb_intercept
                scores = (1 - self.emb_weight) * _log_softmax(scores) + self.emb_weight * _log_softmax(dense)
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return dict(zip(self.classes, scores.tolist(), strict=True))


def _top_probability(z: np.ndarray) -> float:
    return float(1.0 / np.exp(z - z.max()).sum())


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max()
    return z - np.log(np.exp(z).sum())


@lru_cache(maxsize=2)
def load_type_model(path: str | None = None) -> TypeModel | None:
    target = Path(path) if path else MODEL_DIR / "type_model.npz"
    return TypeModel(target) if target.is_file() else None
