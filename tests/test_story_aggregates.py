"""Aggregates count an event once per story: a reprint folded into a wire story adds no
events of its own to the analyses, and each event carries its story's number of sources."""

from __future__ import annotations

import pytest

from flashpoint.analysis import connect
from flashpoint.analysis.source import events
from flashpoint.ingest.dedupe import fold_stories
from flashpoint.store import open_store
from test_web_stories import doc, reprint, sample


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.duckdb"
    original = sample("021")
    with open_store(path) as store:
        store.save([doc("wire", original, "Wire Service", "IND", "2019-08-05"),
                    doc("copy", reprint(original), "Dawn", "PAK", "2019-08-06"),
                    doc("other", sample("022"), "Dawn", "PAK", "2019-08-07")], "run")  # fmt: skip
    return path


def counted(path) -> dict[str, int]:
    frame = events(connect(path))
    return dict(zip(frame.doc_id, frame.n_sources, strict=True))


def test_a_folded_copy_adds_no_events_and_the_story_counts_two_sources(store_path):
    assert counted(store_path) == {"wire": 1, "copy": 1, "other": 1}  # nothing folded yet
    with open_store(store_path) as store:
        assert fold_stories(store) == 1
    assert counted(store_path) == {"wire": 2, "other": 1}
