"""Near-duplicate folding (flashpoint.ingest.dedupe): copies with a reworded lead fold,
other stories on the same topic (also those reusing background paragraphs) do not, and a
store folded before keeps folding new copies, from cached or stored texts alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from flashpoint.document import Document
from flashpoint.ingest import dedupe
from flashpoint.ingest.dedupe import StoryIndex, fold_stories, pair_similarity
from flashpoint.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "kashmir"


def sample(name: str) -> str:
    return next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def reworded(text: str) -> str:
    """Another outlet's copy: its own headline, dateline and lead sentence, a sentence gone,
    boilerplate appended."""
    sentences = text.strip().split(". ")
    sentences[0] = "In a move that drew wide attention, New Delhi acted on the region"
    del sentences[4]
    return ("Kashmir status changed\n\nNEW DELHI (PTI) - " + ". ".join(sentences)
            + "\n\nSubscribe to our newsletter. Copyright 2025. All rights reserved.")  # fmt: skip


def follow_up(background: str, news: str) -> str:
    """A new story that reuses two background paragraphs of an earlier one."""
    return "\n\n".join(news.strip().split("\n\n")[:2] + background.strip().split("\n\n")[-2:])


def test_reworded_copies_fold_and_follow_ups_reusing_background_do_not():
    original, other = sample("021"), sample("022")
    assert pair_similarity(original, reworded(original)) >= dedupe.THRESHOLD
    assert pair_similarity(original, follow_up(original, other)) < dedupe.THRESHOLD
    index = StoryIndex()
    assert index.assign("wire", original).story_id == "wire"
    assert index.assign("copy", reworded(original)).story_id == "wire"
    assert index.assign("follow", follow_up(original, other)).story_id == "follow"
    assert index.assign("other", other).story_id == "other"


def test_containment_counts_a_copy_cut_to_its_first_half():
    original = sample("021")
    half = " ".join(original.split()[: len(original.split()) // 2])
    jaccard = dedupe.Method()
    assert jaccard.compare(original, half) < 0.6
    assert dedupe.Method(containment=True).compare(original, half) == pytest.approx(1.0)


def save(path: Path, *docs: tuple[str, str, str, str]) -> None:
    with open_store(path) as store:
        store.save([Document(text, doc_id=doc_id, outlet=outlet, published=day)
                    for doc_id, text, outlet, day in docs], "run")  # fmt: skip


def stories(path: Path) -> dict[str, str]:
    with open_store(path) as store:
        return {r["doc_id"]: r["story_id"] for r in store.query("SELECT * FROM doc_stories")}


def test_a_later_copy_is_confirmed_against_the_stored_text(tmp_path, monkeypatch):
    path, original = tmp_path / "s.duckdb", sample("021")
    save(path, ("wire", original, "Wire", "2019-08-05"), ("other", sample("022"), "Dawn", "2019-08-05"))
    with open_store(path) as store:
        assert fold_stories(store) == 0
    save(path, ("copy", reworded(original), "Dawn", "2019-08-06"))
    monkeypatch.setattr(dedupe, "CACHE", 0)  # nothing cached: the wire text is read back
    with open_store(path) as store:
        assert fold_stories(store) == 1
    assert stories(path) == {"wire": "wire", "other": "other", "copy": "wire"}


def test_signatures_of_an_older_method_are_recomputed_and_keep_their_story(tmp_path):
    path, original = tmp_path / "s.duckdb", sample("021")
    save(path, ("wire", original, "Wire", "2019-08-05"))
    with open_store(path) as store:
        fold_stories(store)
        old = np.arange(dedupe.NUM_PERM, dtype=np.uint32).tobytes()  # untagged, as before
        store.con.execute("UPDATE doc_stories SET minhash = ?", [old])
    save(path, ("copy", reworded(original), "Dawn", "2019-08-06"))
    with open_store(path) as store:
        assert fold_stories(store) == 1
        blobs = [r["minhash"] for r in store.query("SELECT minhash FROM doc_stories")]
    assert stories(path) == {"wire": "wire", "copy": "wire"}
    assert all(dedupe.from_bytes(blob) is not None for blob in blobs)
