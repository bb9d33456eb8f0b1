"""Train the frame classifier from ../shared/data/frames and our own domain sentences.

    python scripts/train_discourse.py [--shared ../shared] [--out src/flashpoint/models/discourse]

Reports held-out accuracy on a stratified 20% split of FrAC (seed 13), then refits on
everything and writes ``frames.npz`` (vocabulary, idf, coefficients: plain arrays, no
pickle) and ``frames_metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from flashpoint.discourse.frames import tokens  # noqa: E402

# Media Frames Corpus dimension numbers as used by FrAC
FRAC_CODES = {1: "economic", 2: "capacity_resources", 3: "morality", 4: "fairness_equality",
              5: "legality", 6: "political", 7: "policy_prescription", 8: "security_defense",
              9: "health_safety", 10: "quality_of_life", 11: "cultural_identity",
              12: "public_opinion", 13: "political", 14: "external_regulation_reputation",
              15: "other"}  # fmt: skip


def own_sentences(path: Path) -> tuple[list[str], list[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts, labels = [], []
    for frame, sentences in raw.items():
        for s in sentences:
            texts.append(s)
            labels.append(frame)
    return texts, labels


def fit(texts: list[str], labels: list[str]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vec = TfidfVectorizer(analyzer=tokens, sublinear_tf=True, min_df=1, norm="l2")
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced")
    clf.fit(x, labels)
    return vec, clf


def prune(vec: TfidfVectorizer, clf: LogisticRegression, keep: int = 6000):
    """Keep the features with the largest weights so the committed model stays small."""
    vocab = np.array(vec.get_feature_names_out())
    strength = np.abs(clf.coef_).max(axis=0)
    order = np.sort(np.argsort(-strength)[:keep])
    return vocab[order], vec.idf_[order], clf.coef_[:, order]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "src/flashpoint/models/discourse")
    args = parser.parse_args()
    frac_path = args.shared / "data/frames/frac_gold_single_label.csv"
    if not frac_path.is_file():
        sys.exit(f"{frac_path}: not found (pass --shared DIR)")
    frac = pd.read_csv(frac_path)
    frac = frac[frac["label"].isin(FRAC_CODES)]
    x_frac = frac["sentence"].astype(str).tolist()
    y_frac = [FRAC_CODES[int(c)] for c in frac["label"]]
    x_own, y_own = own_sentences(args.out / "frame_sentences.yaml")

    x_tr, x_te, y_tr, y_te = train_test_split(
        x_frac, y_frac, test_size=0.2, random_state=13, stratify=y_frac
    )
    vec, clf = fit(x_tr + x_own, y_tr + y_own)
    pred = clf.predict(vec.transform(x_te))
    majority = max(set(y_te), key=y_te.count)
    metrics = {
        "heldout": "FrAC single-label, stratified 20% (seed 13)",
        "n_test": len(y_te),
        "accuracy": round(accuracy_score(y_te, pred), 3),
        "macro_f1": round(f1_score(y_te, pred, average="macro"), 3),
        "majority_baseline": round(y_te.count(majority) / len(y_te), 3),
    }
    print(json.dumps(metrics, indent=2))

    vec, clf = fit(x_frac + x_own, y_frac + y_own)
    vocab, idf, coef = prune(vec, clf)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "frames.npz",
        vocab=vocab.astype(str),
        idf=idf.astype(np.float32),
        coef=coef.astype(np.float32),
        intercept=clf.intercept_.astype(np.float32),
        classes=np.array(clf.classes_, dtype=str),
    )
    (args.out / "frames_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(f"wrote {args.out / 'frames.npz'} ({len(vocab)} features, {len(clf.classes_)} frames)")


if __name__ == "__main__":
    main()
