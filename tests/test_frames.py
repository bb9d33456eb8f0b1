"""Frames: sentence- and document-level scores over the Policy Frames Codebook."""

from __future__ import annotations

import pytest

from flashpoint.discourse.frames import FrameScorer, load_model
from flashpoint.document import FRAME_IDS, Document, Recommendation, Sentence


@pytest.fixture(scope="module")
def scorer():
    if load_model() is None:
        pytest.skip("frames model not built (python scripts/train_discourse.py)")
    return FrameScorer()


def top(scorer, text: str) -> str:
    row = scorer.sentence_scores([text])[0]
    return FRAME_IDS[int(row.argmax())]


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("Artillery shelling and missile strikes hit army posts along the border overnight.", "security_defense"),
        ("Exports fell and traders lost millions as the trade routes closed and the market slumped.", "economic"),
        ("The court ruled that the law violated the constitution and the treaty.", "legality"),
        ("Hospitals ran out of medicine and doctors treated pellet injuries through the night.", "health_safety"),
    ],
)
def test_sentence_frames(scorer, text, frame):
    assert top(scorer, text) == frame


def test_scores_are_distributions(scorer):
    scores = scorer.sentence_scores(["One sentence about troops.", "Another one about trade."])
    assert scores.shape == (2, len(FRAME_IDS))
    assert scores.sum(axis=1) == pytest.approx([1.0, 1.0], abs=1e-4)


def test_document_frames_cover_every_id_sorted(scorer):
    text = "Troops clashed on the border. The army moved missiles forward. Soldiers were killed."
    doc = Document(text)
    doc.sentences = [Sentence(0, 29, text[:29]), Sentence(30, 63, text[30:63]), Sentence(64, len(text), text[64:])]
    frames, per_sentence = scorer(doc)
    assert {f.id for f in frames} == set(FRAME_IDS)
    assert [f.score for f in frames] == sorted((f.score for f in frames), reverse=True)
    assert frames[0].id == "security_defense"
    assert set(per_sentence) <= {0, 1, 2} and per_sentence


def test_recommendations_raise_policy_prescription(scorer):
    text = "The talks resumed in the capital. Officials met for two hours."
    plain = Document(text)
    plain.sentences = [Sentence(0, 33, text[:33]), Sentence(34, len(text), text[34:])]
    advised = Document(text)
    advised.sentences = list(plain.sentences)
    advised.recommendations = [Recommendation("PAK", "resume talks", text[:33], 0, 33)]

    def score(doc):
        return {f.id: f.score for f in scorer(doc)[0]}["policy_prescription"]

    assert score(advised) > score(plain)
