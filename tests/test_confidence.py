"""Aggregates count only events at or above a confidence threshold (a default, or
``--min-confidence``) and show how many events each number rests on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.analysis import alignment, coalitions, connect, dyad_index, reciprocity, timeline
from flashpoint.analysis.source import DEFAULT_MIN_CONFIDENCE, events
from flashpoint.cli import app
from flashpoint.document import Document, Event
from flashpoint.store import open_store

# (published, source, type, target, confidence); one document per event
EVENTS = [
    ("2019-01-10", "IND", "ACCUSE", "PAK", 0.3),
    ("2019-01-11", "IND", "ACCUSE", "PAK", 0.5),
    ("2019-01-12", "PAK", "REJECT", "IND", 0.9),
    ("2019-02-10", "IND", "ACCUSE", "PAK", None),  # hand-made: no confidence
    ("2019-02-11", "IND", "SUPPORT", "PAK", 0.9),
    ("2019-02-12", "PAK", "AGREE", "IND", 0.5),
]

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("confidence") / "store.duckdb"
    docs = []
    for i, (published, src, etype, dst, confidence) in enumerate(EVENTS):
        text = f"On {published} {src} did {etype} towards {dst}."
        doc = Document(text, doc_id=f"d{i}", title=f"d{i}", outlet="Ledger", published=published)
        event = Event(etype, src, dst, quote=text, start=0, end=len(text))
        event.confidence = confidence  # type: ignore[assignment]  # None: stored without one
        doc.events.append(event)
        docs.append(doc)
    with open_store(path) as store:
        store.save(docs, "run")
    return path


def test_the_default_threshold_leaves_out_events_below_it_and_keeps_unscored_ones(db):
    assert 0.3 < DEFAULT_MIN_CONFIDENCE <= 0.5
    con = connect(db)
    kept = events(con)["confidence"]
    assert kept.isna().sum() == 1
    assert sorted(kept.dropna()) == [0.5, 0.5, 0.9, 0.9]
    assert len(events(con, min_confidence=0)) == len(EVENTS)
    assert len(events(con, min_confidence=0.9)) == 3  # the two at 0.9 and the unscored one


def test_out_of_range_thresholds_are_refused(db):
    with pytest.raises(ValueError, match="between 0 and 1"):
        events(connect(db), min_confidence=1.5)


def test_dyad_index_counts_and_thin_periods(db):
    by_default = dyad_index(db, "IND-PAK", "month").set_index("period")
    assert by_default.loc["2019-01", "events"] == 2  # the 0.3 accusation is left out
    assert bool(by_default.loc["2019-01", "thin"])
    assert by_default.loc["2019-02", "events"] == 3
    assert not bool(by_default.loc["2019-02", "thin"])
    everything = dyad_index(db, "IND-PAK", "month", min_confidence=0).set_index("period")
    assert everything.loc["2019-01", "events"] == 3
    assert not bool(everything.loc["2019-01", "thin"])
    assert everything.loc["2019-01", "index"] < by_default.loc["2019-01", "index"]  # one more ACCUSE


def test_timeline_rows_carry_their_event_count(db):
    rows = timeline(db, freq="month").set_index("period")
    assert rows["events"].to_dict() == {"2019-01": 2, "2019-02": 3}
    quads = [c for c in rows.columns if c not in ("hypothetical", "negated", "events", "document_dated")]
    assert (rows[quads].sum(axis=1) == rows["events"]).all()  # all asserted here
    assert timeline(db, freq="month", min_confidence=0)["events"].tolist() == [3, 3]


def test_alignment_pairs_show_their_counts_and_thin_ones(db):
    pairs = alignment(db).set_index(["holder", "target"])
    ind_pak, pak_ind = pairs.loc[("IND", "PAK")], pairs.loc[("PAK", "IND")]
    assert (ind_pak["n"], ind_pak["events"], bool(ind_pak["thin"])) == (3, 3, False)
    assert ind_pak["oppose"] + ind_pak["support"] == ind_pak["n"]
    assert (pak_ind["n"], bool(pak_ind["thin"])) == (2, True)
    every = alignment(db, min_confidence=0).set_index(["holder", "target"])
    assert every.loc[("IND", "PAK"), "n"] == 4
    assert every.loc[("IND", "PAK"), "oppose"] == 3


def test_reciprocity_and_coalitions_show_their_counts(db):
    ledger = reciprocity(db).set_index(["actor", "partner"])
    assert ledger.loc[("IND", "PAK"), "n"] == 5  # 3 given + 2 received
    assert ledger.loc[("IND", "PAK"), "events"] == 5
    assert reciprocity(db, min_confidence=0).set_index(["actor", "partner"]).loc[("IND", "PAK"), "n"] == 6
    sides = coalitions(db, "PAK").set_index("holder")
    assert sides.loc["IND", "n"] == 3
    assert coalitions(db, "PAK", min_confidence=0).set_index("holder").loc["IND", "n"] == 4


def test_cli_threads_min_confidence(db):
    def index_events(*extra: str) -> list[int]:
        result = runner.invoke(app, ["timeline", "--db", str(db), "--index", "--dyad", "IND-PAK",
                                     "--freq", "month", "--json", *extra])  # fmt: skip
        assert result.exit_code == 0, result.output
        return [row["events"] for row in json.loads(result.stdout)]

    assert index_events() == [2, 3]
    assert index_events("--min-confidence", "0") == [3, 3]
    result = runner.invoke(app, ["alignment", "--db", str(db), "--json", "--min-confidence", "0"])
    assert result.exit_code == 0, result.output
    assert {(r["holder"], r["target"]): r["n"] for r in json.loads(result.stdout)} == {
        ("IND", "PAK"): 4, ("PAK", "IND"): 2,
    }  # fmt: skip


@pytest.mark.parametrize("verb", [["timeline"], ["timeline", "--index"], ["alignment"],
                                  ["coalitions"], ["reciprocity"]])  # fmt: skip
def test_cli_rejects_a_threshold_outside_0_to_1(db, verb):
    result = runner.invoke(app, [*verb, "--db", str(db), "--min-confidence", "1.5"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "--min-confidence" in lines[0] and "1.5" in lines[0]
