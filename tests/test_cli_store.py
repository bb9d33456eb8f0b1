"""``flashpoint export`` and ``flashpoint stats`` on a database built by ``analyze``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "ingest" / "files"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    config = folder / "config.yaml"
    config.write_text("stages: [nlp]\n")
    path = folder / "store.duckdb"
    (folder / "bad.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["analyze", str(FIXTURES / "articles.jsonl"), str(FIXTURES / "news.rss"),
                                      str(folder / "bad.txt"), "--db", str(path), "--config", str(config)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_export_documents_jsonl_to_stdout_is_the_record(db):
    result = run("export", "--db", str(db), "--table", "documents")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4
    assert {"doc_id", "actors", "events", "recommendations", "references", "frames"} <= set(records[0])
    assert "text" not in records[0]


def test_export_csv_to_stdout(db):
    result = run("export", "--db", str(db), "--table", "sentences", "--format", "csv")
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert table and {"doc_id", "idx", "start_char", "end_char", "text"} <= set(table[0])


def test_export_parquet_and_format_from_suffix(db, tmp_path):
    out = tmp_path / "docs.parquet"
    result = run("export", "--db", str(db), "--table", "documents", "--out", str(out))
    assert result.exit_code == 0 and "4 rows of documents" in result.stderr
    con = duckdb.connect()
    titles = {r[0] for r in con.execute(f"SELECT title FROM read_parquet('{out}')").fetchall()}
    assert {"Ministers speak", "Border crossing reopens"} <= titles
    errors = tmp_path / "errors.csv"
    assert run("export", "--db", str(db), "--table", "errors", "--out", str(errors)).exit_code == 0
    (row,) = list(csv.DictReader(errors.open()))
    assert row["path"].endswith("bad.txt") and row["reason"] == "empty file"


def test_stats_table_and_json(db):
    result = run("stats", "--db", str(db), "--json")
    assert result.exit_code == 0
    counts = json.loads(result.stdout)
    assert counts["documents"] == 4 and counts["runs"] == 1 and counts["problems"] == 1
    table = run("stats", "--db", str(db))
    assert table.exit_code == 0 and "documents" in table.stdout and "4" in table.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "--table", "nope"], 2, "error: unknown table 'nope'"),
        (["export", "--format", "xlsx"], 2, "error: unknown format 'xlsx'"),
    ],
)  # fmt: skip
def test_export_usage_errors(db, args, code, message):
    result = run(*args, "--db", str(db))
    assert result.exit_code == code and result.stderr.strip().startswith(message)


def test_missing_or_broken_database(tmp_path):
    missing = tmp_path / "none.duckdb"
    for verb in ("stats", "export"):
        result = run(verb, "--db", str(missing))
        assert result.exit_code == 1
        assert result.stderr.strip() == f"error: {missing}: no such database (run `flashpoint analyze` first)"
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"\x00garbage" * 100)
    result = run("stats", "--db", str(broken))
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"error: {broken}: cannot open the database")


def test_every_verb_reads_flashpoint_db(tmp_path, monkeypatch):
    """One store option for every verb: FLASHPOINT_DB names the store when --db is not given."""
    from typer.testing import CliRunner

    from flashpoint.cli import app

    missing = tmp_path / "nowhere.duckdb"
    monkeypatch.setenv("FLASHPOINT_DB", str(missing))
    runner = CliRunner()
    for verb in (["stats"], ["actors"], ["events"], ["search", "ceasefire"], ["references"],
                 ["recommendations"], ["alignment"], ["timeline"], ["report"]):  # fmt: skip
        result = runner.invoke(app, verb)
        assert result.exit_code != 0 and str(missing) in result.output, (verb, result.output)
