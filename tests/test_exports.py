"""``flashpoint export`` of events: PLOVER JSON, ICEWS-style TSV, and the events table with its
document's fields; a round trip through PLOVER JSON on texts analysed by the real pipeline."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from events_store import DOCUMENTS, build, expected
from flashpoint.analysis.scales import QUADCLASSES, load_weights, quadclass
from flashpoint.cli import app
from flashpoint.report.exports import ICEWS_COLUMNS, event_from_plover
from flashpoint.store import open_store

STATES = {"PAK", "IND", "USA", "CHN"}  # the states among the fixture's actors

TEXTS = {
    "statement": (
        "Islamabad, 12 March 2024. Pakistan accused India of killing three civilians in Kashmir "
        "on Monday. The Foreign Office rejected India's claims about the attack and urged the "
        "United Nations to intervene.",
        dict(published="2024-03-12", outlet="Dawn", outlet_country="PAK"),
    ),
    "report": (
        "New Delhi, 3 May 2023. India and Pakistan agreed on Tuesday to restore the ceasefire "
        "along the Line of Control. China welcomed the agreement.",
        dict(published="2023-05-03", outlet="The Hindu", outlet_country="IND"),
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("exports") / "events.duckdb")


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory, pipeline) -> Path:
    from flashpoint.document import Document

    path = tmp_path_factory.mktemp("analysed") / "analysed.duckdb"
    docs = [
        pipeline(Document(text, doc_id=doc_id, **meta)) for doc_id, (text, meta) in TEXTS.items()
    ]
    with open_store(path) as store:
        store.save(docs, store.start_run({}))
    return path


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def export(db: Path, *args: str) -> str:
    result = run("export", "--db", str(db), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_plover_round_trip_gives_back_the_stored_events(analysed_db):
    lines = export(analysed_db, "--format", "plover").splitlines()
    records = [json.loads(line) for line in lines]
    with open_store(analysed_db, read_only=True) as store:
        table = store.query("SELECT * FROM events ORDER BY doc_id, idx")
        stored = {r["doc_id"]: r["events"] for r in store.records()}
    assert table, "the texts should give events"
    back = {r["event_id"]: r for r in records}
    assert len(back) == len(records) == len(table)
    for row in table:
        record = back[f"{row['doc_id']}#{row['idx']}"]
        assert record["story_id"] == row["doc_id"]
        assert record["event_type"] == row["type"]
        assert (record["actors"]["source"] or {}).get("code") == row["source"]
        assert (record["actors"]["target"] or {}).get("code") == row["target"]
        assert (record["event_date"], record["date_precision"]) == (
            row["date"],
            row["date_precision"],
        )
        assert record["sentence"] == {
            "text": row["quote"],
            "start": row["start_char"],
            "end": row["end_char"],
        }
        # read back, the object is the record format's event of its document
        assert event_from_plover(record) == stored[row["doc_id"]][row["idx"]]


def test_plover_objects_carry_document_actors_and_scales(db):
    records = {
        json.loads(line)["event_id"]: json.loads(line)
        for line in export(db, "--format", "plover").splitlines()
    }
    assert set(records) == {e["event_id"] for e in expected()}
    weights = load_weights()
    for e in expected():
        record, item = records[e["event_id"]], e["item"]
        assert (record["publication_date"], record["outlet"], record["outlet_country"], record["url"]) == (
            e["published"], e["outlet"], e["outlet_country"], e["url"])  # fmt: skip
        assert (record["event_mode"], record["status"]) == (item.mode, item.status)
        assert record["quadclass"] == quadclass(item.type) and record["weight"] == weights.event(
            item.type
        )
        assert record["event_context"] == [] and record["location"] is None
        for role in ("source", "target"):
            code, actor = getattr(item, role), record["actors"][role]
            if code is None:
                assert actor is None
                continue
            assert actor["code"] == code and actor["sector"] == "GOV"
            assert actor["country"] == (code if code in STATES else None)
            assert actor["text"] == (item.sentence.split()[0] if role == "source" else code.title())


def test_icews_rows_are_the_asserted_events_with_mentions_counted(db):
    table = list(csv.DictReader(io.StringIO(export(db, "--format", "icews")), delimiter="\t"))
    assert tuple(table[0]) == ICEWS_COLUMNS
    asserted = [e for e in expected() if e["item"].status == "asserted"]
    assert [r["Event ID"] for r in table] == [e["event_id"] for e in _in_date_order(asserted)]
    same = Counter((e["doc_id"], _coded(e["item"])) for e in expected())
    weights = load_weights()
    for row, e in zip(table, _in_date_order(asserted), strict=True):
        item = e["item"]
        assert row["Event Date"] == (item.date or e["published"] or "")
        assert (row["Source Code"], row["Target Code"], row["Event Root Type"]) == (
            item.source,
            item.target or "",
            item.type,
        )
        assert row["Source Country"] == (item.source if item.source in STATES else "")
        assert row["Target Country"] == (item.target if item.target in STATES else "")
        assert int(row["QuadClass"]) == QUADCLASSES.index(quadclass(item.type)) + 1
        assert float(row["Weight"]) == weights.event(item.type)
        assert int(row["Number of Mentions"]) == same[(e["doc_id"], _coded(item))]
        assert row["Number of Sources"] == "1" and row["URL"] == (e["url"] or "")
    assert max(int(r["Number of Mentions"]) for r in table) == 2  # the fixture repeats one event


def _coded(item) -> tuple:
    return (item.type, item.mode, item.source, item.target, item.status, item.date)


def _in_date_order(events: list[dict]) -> list[dict]:
    return sorted(events, key=lambda e: (e["day"] is None, e["day"] or "", e["doc_id"], e["idx"]))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_events_table_rows_carry_their_documents_fields(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = run("export", "--db", str(db), "--table", "events", "--out", str(out))
    assert result.exit_code == 0 and f"{len(expected())} rows of events" in result.stderr
    if fmt == "parquet":
        found = pq.read_table(out).to_pylist()
    elif fmt == "csv":
        found = [{k: v or None for k, v in r.items()} for r in csv.DictReader(out.open())]
    else:
        found = [json.loads(line) for line in out.read_text().splitlines()]
        assert out.read_text() == export(db, "--table", "events")  # stdout holds the same
    by_id = {r["event_id"]: r for r in found}
    for e in expected():
        row = by_id[e["event_id"]]
        meta = DOCUMENTS[e["doc_id"]]
        assert (row["published"], row["outlet"], row["outlet_country"]) == (
            meta.get("published"), meta.get("outlet"), meta.get("outlet_country"))  # fmt: skip
        assert row["quadclass"] == quadclass(e["item"].type)
        assert row["quote"] == e["item"].sentence


def test_every_event_format_writes_the_same_to_stdout_and_to_a_file(db, tmp_path):
    for fmt in ("plover", "icews", "csv"):
        out = tmp_path / f"events.{fmt}"
        assert (
            run(
                "export", "--db", str(db), "--format", fmt, "--table", "events", "--out", str(out)
            ).exit_code
            == 0
        )
        assert out.read_text() == export(db, "--format", fmt, "--table", "events")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "plover", "--table", "actors"], "--format plover exports events"),
        (["--format", "ICEWS", "--table", "documents"], "--format icews exports events"),
        (["--format", "gdelt"], "unknown format 'gdelt'"),
        (["--table"], "Option '--table' requires an argument"),
    ],
)  # fmt: skip
def test_export_usage_errors_are_one_line(db, args, message):
    result = run("export", "--db", str(db), *args)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and message in lines[0]


def test_parquet_goes_to_a_pipe(db):
    import io

    result = run("export", "--db", str(db), "--table", "events", "--format", "parquet")
    assert result.exit_code == 0
    piped = pq.read_table(io.BytesIO(result.stdout_bytes))
    assert piped.num_rows == len(json.loads(run("events", "--db", str(db), "--json", "--limit", "0").stdout))
