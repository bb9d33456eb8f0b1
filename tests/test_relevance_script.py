"""scripts/relevance_scores.py: how sentences are matched to the gold spans and scored."""

from __future__ import annotations

import pytest

from repo_scripts import SCRIPTS, load_script


@pytest.fixture(scope="module")
def script():
    return load_script("relevance_scores")


def test_a_sentence_counts_as_relevant_in_the_gold_when_its_middle_is_inside_a_span(script):
    gold = [(100, 200)]
    sentences = [(0, 90, 0.9), (95, 150, 0.2), (150, 260, 0.8), (300, 400, None)]
    # (0, 90): found, not wanted; (95, 150): wanted (middle 122), missed;
    # (150, 260): middle 205, outside the span: a false alarm; unscored: never found
    assert script.counts(gold, sentences, 0.5) == (0, 2, 1, 4)
    assert script.counts(gold, [(100, 200, 0.5)], 0.5) == (1, 0, 0, 1)


def test_precision_recall_and_f1(script):
    assert script.prf(3, 1, 1) == (0.75, 0.75, 0.75)
    assert script.prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing wanted, nothing found
    assert script.prf(0, 2, 0)[0] == 0.0


def test_the_gold_points_into_texts_of_the_right_size():
    import json

    repo = SCRIPTS.parent
    for line in (repo / "gold" / "relevance.jsonl").read_text().splitlines():
        record = json.loads(line)
        assert record["root"] in ("repo", "shared")
        spans = record["relevant"]
        assert all(0 <= a < b for a, b in spans)
        assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
        if record["root"] == "repo":
            text = (repo / record["file"]).read_text(encoding="utf-8-sig")
            assert spans[-1][1] <= len(text) if spans else True
