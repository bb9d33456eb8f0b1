"""The sentence-level PLOVER type model: features, scoring, the shipped weights, dev loaders."""

from __future__ import annotations

import time

import numpy as np
import pytest

from flashpoint.document import PLOVER_TYPES
from flashpoint.events.classifier import (
    NONE,
    TypeModel,
    char_ngrams,
    load_type_model,
    sentence_features,
)
from flashpoint.events.lexicon import MODEL_DIR
from flashpoint.events.training import CAMEO_ROOT_PLOVER, story_sentences


def top_type(model: TypeModel, nlp, text: str) -> str:
    probs = model.proba(sentence_features(nlp(text)))
    return max((t for t in probs if t != NONE), key=probs.get)


def test_char_ngrams_stay_inside_words():
    grams = char_ngrams("Troops shelled")
    assert "# tr" in grams and "#led " in grams and "#shell" in grams
    assert not any(" " in g[2:-1] for g in grams)  # no gram spans two words
    assert char_ngrams("12 -- !!") == []


def test_features_read_the_parse(nlp):
    feats = sentence_features(nlp("The minister did not reject the offer from Chile."))
    assert "v:reject" in feats and "nv:reject" in feats and "neg" in feats
    assert "vo:reject:offer" in feats
    assert "<GPE>" in feats and "chile" not in feats  # names become their entity type
    assert any(f.startswith("#") for f in feats)


def test_scoring_is_softmax_over_idf_weighted_features(tmp_path):
    path = tmp_path / "m.npz"
    np.savez(path, classes=np.array(["A", "B"]), vocab=np.array(["x", "y"]), idf=np.array([1.0, 1.0]),
             coef=np.array([[2.0, 0.0], [0.0, 0.0]]), intercept=np.array([0.0, 0.0]))  # fmt: skip
    model = TypeModel(path)
    p = model.proba(["x"])
    assert p["A"] > p["B"] and abs(sum(p.values()) - 1) < 1e-6
    assert model.proba(["unknown"]) == pytest.approx({"A": 0.5, "B": 0.5})


def test_shipped_model_is_small_fast_and_complete():
    path = MODEL_DIR / "type_model.npz"
    assert path.stat().st_size <= 5_000_000
    started = time.perf_counter()
    model = TypeModel(path)
    assert time.perf_counter() - started < 0.5
    assert set(model.classes) == set(PLOVER_TYPES) | {NONE}
    assert model.emb_coef.shape == (384, len(model.classes)) and 0 < model.emb_weight < 0.5
    assert load_type_model() is load_type_model()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Artillery units shelled three border villages overnight, killing four farmers.", "ASSAULT"),
        ("Thousands of shopkeepers marched through the old city chanting slogans against the new tax.", "PROTEST"),
        ("The two foreign ministers held talks in Geneva on water sharing.", "CONSULT"),
        ("Washington froze the assets of six companies and banned their exports.", "SANCTION"),
    ],
)
def test_shipped_model_recognises_plain_reports(nlp, text, expected):
    assert top_type(load_type_model(), nlp, text) == expected


def test_cameo_roots_map_to_plover_types():
    assert set(CAMEO_ROOT_PLOVER) == {f"{i:02d}" for i in range(1, 21)}
    assert {t for t in CAMEO_ROOT_PLOVER.values() if t} <= set(PLOVER_TYPES)


def test_story_sentences_split_on_sentence_ends():
    text = "Rain fell on the valley for days. Roads closed! Officials said the river had risen by noon."
    assert story_sentences(text) == ["Rain fell on the valley for days.", "Officials said the river had risen by noon."]


def test_petrarch_dev_sentences_are_labelled(shared_dir):
    from flashpoint.events.training import petrarch_sentences

    rows = petrarch_sentences(shared_dir)
    assert len(rows) > 100
    assert {label for _, label in rows} <= set(PLOVER_TYPES) | {NONE}


def test_char_ngrams_are_cached_per_word_and_complete():
    grams = char_ngrams("Shelling shelling")
    assert grams[: len(grams) // 2] == grams[len(grams) // 2 :]  # same word, same grams
    first = char_ngrams("ceasefire")
    assert all(a is b for a, b in zip(first, char_ngrams("ceasefire"), strict=True))  # cached strings
    assert sorted(set(first)) == sorted({"#" + " ceasefire "[i : i + n] for n in (3, 4, 5) for i in range(12 - n)})


def test_scoring_matches_the_tfidf_formula(tmp_path):
    path = tmp_path / "m.npz"
    rng = np.random.default_rng(0)
    idf, coef, intercept = rng.uniform(1, 3, 4), rng.normal(size=(4, 3)), rng.normal(size=3)
    np.savez(path, classes=np.array(["A", "B", NONE]), vocab=np.array(["w", "x", "y", "z"]), idf=idf, coef=coef,
             intercept=intercept, temperature=np.float32(1.5))  # fmt: skip
    p = TypeModel(path).proba(["x", "z", "x", "unknown"])  # duplicates count once (binary tf)
    v = idf[[1, 3]] / np.linalg.norm(idf[[1, 3]])
    z = (intercept + v @ coef[[1, 3]]) / 1.5
    expected = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert [p[c] for c in ("A", "B", NONE)] == pytest.approx(expected.tolist(), rel=1e-5)


def test_short_items_carry_their_text_and_long_documents_do_not(nlp):
    short = nlp("Pakistan recalled its envoy from New Delhi.")
    assert sentence_features(short).text == "Pakistan recalled its envoy from New Delhi."
    long_doc = nlp(" ".join(["The talks in the capital went on for a second day without a result."] * 8))
    first = next(iter(long_doc.sents))
    assert sentence_features(first).text is None  # long texts never pay for the encoder


def test_encoder_layer_is_blended_for_short_items_only(tmp_path, monkeypatch):
    from flashpoint.events import classifier

    path = tmp_path / "m.npz"
    emb_coef = np.zeros((384, 2), dtype=np.float32)
    emb_coef[0] = [0.0, 8.0]  # the vector's first dimension votes for B
    np.savez(path, classes=np.array(["A", "B"]), vocab=np.array(["x"]), idf=np.array([1.0]),
             coef=np.array([[2.0, 0.0]]), intercept=np.array([0.0, 0.0]), emb_coef=emb_coef,
             emb_intercept=np.zeros(2, dtype=np.float32), emb_weight=np.float32(0.5))  # fmt: skip
    vector = np.zeros(384, dtype=np.float32)
    vector[0] = 1.0
    monkeypatch.setattr(classifier, "_sentence_vector", lambda text: vector)
    model = TypeModel(path)
    plain = model.proba(["x"])
    short = classifier.Features(["x"])
    short.text = "a headline"
    blended = model.proba(short, blend_below=1.0)
    assert plain["A"] > plain["B"] and blended["B"] > blended["A"]
    assert abs(sum(blended.values()) - 1) < 1e-6
    # the sparse model is sure enough (A at 0.88): the encoder is not consulted
    monkeypatch.setattr(classifier, "_sentence_vector", lambda text: pytest.fail("encoder called"))
    assert model.proba(short, blend_below=0.8) == plain
    assert model.proba(short, blend_below=0.0) == plain  # the blend switched off
