"""Store writes: a batch lands whole; re-saved documents replace their rows; missing values are NULL."""

from __future__ import annotations

from flashpoint.document import Document, Frame, Mention, Recommendation, Sentence
from flashpoint.store import open_store


def analysed(text: str, doc_id: str, confidence: float = 1.0) -> Document:
    doc = Document(text, doc_id=doc_id, outlet_country="PAK")
    doc.sentences = [Sentence(0, len(text), text)]
    doc.mentions = [
        Mention(0, 5, text[:5], "IND", sector=None, sentence=None, confidence=confidence),
        Mention(0, 5, text[:5], "IND", sector="GOV", is_place=True, sentence=0, confidence=1),
    ]
    doc.recommendations = [Recommendation(None, "talk", text, 0, len(text), confidence=1)]
    doc.frames = [Frame("political", 0.5)]
    doc.sentence_frames = {0: [Frame("political", 1)]}
    return doc


def counts(store, doc_id: str) -> list[int]:
    tables = ("documents", "sentences", "mentions", "recommendations", "frames")
    sql = "SELECT count(*) AS n FROM {} WHERE doc_id = ?"
    return [store.query(sql.format(t), [doc_id])[0]["n"] for t in tables]


def test_missing_values_are_null_and_numbers_keep_their_values(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        run = store.start_run({})
        store.save([analysed("India and Pakistan met.", "a", confidence=0.75)], run)
        rows = store.query("SELECT sector, is_place, sentence, confidence FROM mentions ORDER BY idx")
        assert rows == [
            {"sector": None, "is_place": False, "sentence": None, "confidence": 0.75},
            {"sector": "GOV", "is_place": True, "sentence": 0, "confidence": 1.0},
        ]
        rec = store.query("SELECT addressee, confidence FROM recommendations")
        assert rec == [{"addressee": None, "confidence": 1.0}]


def test_saving_again_replaces_rows_by_id_and_by_text(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        run = store.start_run({})
        store.save([analysed("India and Pakistan met.", "a"), analysed("Talks ended.", "b")], run)
        store.save([analysed("India and Pakistan met again.", "a")], run)  # same id, new text
        assert counts(store, "a") == [1, 1, 2, 1, 2]
        store.save([analysed("Talks ended.", "c")], run)  # same text, new id
        assert counts(store, "b") == [0, 0, 0, 0, 0]
        assert counts(store, "c") == [1, 1, 2, 1, 2]
        assert store.query("SELECT text FROM documents WHERE doc_id = 'a'")[0]["text"].endswith("again.")
