"""The discourse stage in the full pipeline, the shared encoder, and the CLI verbs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

OP_ED = (
    "Islamabad has watched the valley for a year. The Simla Agreement is quoted by both sides, "
    "yet Delhi ignores the Security Council resolutions on Kashmir. We must push the OIC to act. "
    "First, revisit the old proposals. Troops and artillery remain on the border."
)


def test_stage_fills_every_discourse_field(analyse):
    doc = analyse(OP_ED, outlet_country="PAK", published="2021-03-01")
    assert {r.id for r in doc.references} >= {"SIMLA_AGREEMENT", "UN_RESOLUTIONS_KASHMIR"}
    quotes = [r.quote for r in doc.recommendations]
    assert "We must push the OIC to act." in quotes
    assert "First, revisit the old proposals." in quotes
    assert all(r.addressee == "PAK" for r in doc.recommendations)
    assert len(doc.frames) == 15 and doc.frames[0].score >= doc.frames[-1].score
    assert doc.sentence_frames and all(i < len(doc.sentences) for i in doc.sentence_frames)
    for item in [*doc.references, *doc.recommendations]:
        assert doc.text[item.start : item.end] == item.quote


def test_encoder_gives_unit_vectors_and_similar_paraphrases():
    from flashpoint.nlp import embeddings

    if not embeddings.available():
        pytest.skip("sentence encoder not installed")
    vecs = embeddings.encode([
        "The army shelled villages along the border.",
        "Troops fired artillery at border hamlets.",
        "The bakery sells fresh bread every morning.",
    ])  # fmt: skip
    assert vecs.shape == (3, embeddings.DIMENSION)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
    assert embeddings.encode([]).shape == (0, embeddings.DIMENSION)


@pytest.fixture(scope="module")
def stored(tmp_path_factory, pipeline):
    from flashpoint.document import Document
    from flashpoint.store import open_store

    db = tmp_path_factory.mktemp("discourse") / "store.duckdb"
    docs = [
        pipeline(Document(OP_ED, doc_id="d1", outlet="Daily A", outlet_country="PAK", published="2021-03-01")),
        pipeline(Document("Both capitals should honour the Simla Agreement.", doc_id="d2",
                          outlet="Weekly B", published="2019-08-10")),
    ]  # fmt: skip
    store = open_store(db)
    store.save(docs, "run1")
    store.close()
    return db


def test_references_verb_summarises_the_archive(stored):
    result = CliRunner().invoke(app, ["references", "--db", str(stored), "--id", "simla_agreement", "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert entry["id"] == "SIMLA_AGREEMENT" and entry["documents"] == 2
    assert (entry["first"], entry["last"]) == ("2019-08-10", "2021-03-01")
    assert set(entry["voices"]) == {"Daily A", "Weekly B"}
    assert entry["quotes"][0]["quote"] == "Simla Agreement"


def test_recommendations_verb_filters_by_addressee(stored):
    result = CliRunner().invoke(app, ["recommendations", "--db", str(stored), "--addressee", "PAK", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {r["addressee"] for r in rows} == {"PAK"}
    table = CliRunner().invoke(app, ["recommendations", "--db", str(stored)])
    assert table.exit_code == 0 and "Recommendations" in table.output


def test_missing_database_is_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["references", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no such database" in result.output and "Traceback" not in result.output
