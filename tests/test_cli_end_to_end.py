"""The default pipeline end to end through the CLI, on a small folder of hand-written texts."""

from __future__ import annotations

import json

import duckdb
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.records import EVENT_KEYS

TEXTS = {
    "talks.txt": (
        "Talks stall again\n\n"
        "India rejected Pakistan's offer of talks on Kashmir on Monday. The United Nations "
        "urged both countries to show restraint. Pakistan must take its case to the Security "
        "Council, and we should not wait for Delhi to change its mind."
    ),
    "border.txt": (
        "Indian troops fired across the Line of Control on Tuesday, the Pakistani army said. "
        "China called for calm and offered to mediate between the two neighbours."
    ),
}


def test_default_pipeline_end_to_end(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text)
    db, out = tmp_path / "e2e.duckdb", tmp_path / "out" / "records.jsonl"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--export", str(out),
                                      "--outlet-country", "PAK"])  # fmt: skip
    assert result.exit_code == 0, result.output
    for row in ("documents", "actors", "events", "recommendations", "references"):
        assert row in result.stdout

    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 2
    con = duckdb.connect(str(db), read_only=True)
    texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    con.close()
    assert sum(len(r["events"]) for r in records) >= 2, "the default pipeline coded no events"
    assert any(r["recommendations"] for r in records), "no recommendation in a text with two"
    for record in records:
        text = texts[record["doc_id"]]
        assert record["events"], f"no event in {record['doc_id']}"
        named = {a["id"] for a in record["actors"]}
        for event in record["events"]:
            assert set(EVENT_KEYS) <= set(event)
            assert event["source"] in named  # every event has a source, and it is a party of the text
            assert event["target"] is None or event["target"] in named
            assert event["status"] in ("asserted", "negated", "hypothetical")
            assert 0 < event["confidence"] <= 1
        for item in record["events"] + record["recommendations"] + record["references"]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
            if item["quote"] and item["end"] > item["start"]:  # quotes are evidence in the text
                assert text[item["start"]:item["end"]] == item["quote"]
        for actor in record["actors"]:
            assert actor["mentions"] >= 1 and actor["id"]
