"""Sentence-level PLOVER type model: a linear classifier over lemma n-grams.

Weights live in ``models/events/type_model.npz`` (vocabulary, idf, coefficients), written by
``scripts/train_events.py``; scoring is a sparse dot product, no scikit-learn at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from flashpoint.events.lexicon import MODEL_DIR

NONE = "NONE"
KEEP_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ", "ADV", "ADP", "PART", "AUX", "NUM"})


def sentence_features(tokens: Iterable) -> list[str]:
    """Lemma unigrams and bigrams plus verb-object pairs; entity names become their type."""
    words: list[str] = []
    feats: list[str] = []
    for tok in tokens:
        if tok.is_punct or tok.is_space or tok.pos_ not in KEEP_POS:
            continue
        word = f"<{tok.ent_type_}>" if tok.ent_type_ in ("GPE", "NORP", "PERSON", "ORG", "DATE", "CARDINAL") else tok.lemma_.lower()
        words.append(word)
        if tok.pos_ == "VERB":
            feats.append(f"v:{word}")
            feats.extend(f"vo:{word}:{c.lemma_.lower()}" for c in tok.children if c.dep_ in ("dobj", "prt", "prep", "xcomp"))
        if tok.dep_ == "neg":
            feats.append("neg")
    feats.extend(words)
    feats.extend(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return feats


class TypeModel:
    def __init__(self, path: Path):
        data = np.load(path, allow_pickle=False)
        self.classes: list[str] = [str(c) for c in data["classes"]]
        self.vocab: dict[str, int] = {str(w): i for i, w in enumerate(data["vocab"])}
        self.idf = data["idf"].astype(np.float32)
        self.coef = data["coef"].astype(np.float32)  # (n_features, n_classes)
        self.intercept = data["intercept"].astype(np.float32)

    def proba(self, features: list[str]) -> dict[str, float]:
        idx = sorted({self.vocab[f] for f in features if f in self.vocab})
        scores = self.intercept.copy()
        if idx:
            vals = self.idf[idx]
            vals = vals / float(np.sqrt((vals * vals).sum()))
            scores += vals @ self.coef[idx]
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return dict(zip(self.classes, scores.tolist(), strict=True))


@lru_cache(maxsize=2)
def load_type_model(path: str | None = None) -> TypeModel | None:
    target = Path(path) if path else MODEL_DIR / "type_model.npz"
    return TypeModel(target) if target.is_file() else None
