"""``flashpoint analyze --workers N`` through the CLI: same records as one process,
incremental re-runs (the Dask engine's CLI test is in test_dask.py)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from flashpoint.cli import app

NOTES = [
    "Pakistan's foreign office condemned the firing across the Line of Control on Sunday.",
    "India rejected the statement and said the matter was internal. We disagree strongly.",
    "The United Nations called on both governments to resume a dialogue on Kashmir.",
    "Our prime minister will meet the Chinese president in Beijing to discuss the dispute.",
    "Traders in Srinagar reopened their shops after a week of closures and protests.",
]
LATER = [
    "New Delhi announced fresh elections in Jammu and Kashmir for the coming autumn.",
    "Islamabad urged the Security Council to hold an open debate on the human rights situation.",
]


def write_notes(folder: Path, texts: list[str], start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts, start):
        (folder / f"note_{i:02d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def analyze(db: Path, *args: str):
    result = CliRunner().invoke(app, ["analyze", *args, "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return result


def records(db: Path) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT record FROM documents ORDER BY doc_id").fetchall()
    finally:
        con.close()
    return [json.loads(r[0]) for r in rows]


def last_run(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT n_documents, n_skipped, status FROM runs "
                           "ORDER BY started_at DESC LIMIT 1").fetchone()  # fmt: skip
    finally:
        con.close()


def test_two_workers_store_the_same_records_and_rerun_only_new_documents(tmp_path):
    corpus = write_notes(tmp_path / "corpus", NOTES)
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    analyze(one, str(corpus), "--outlet-country", "PAK")
    analyze(two, str(corpus), "--outlet-country", "PAK", "--workers", "2", "--batch-size", "2")
    assert records(two) == records(one)
    assert len(records(two)) == len(NOTES)

    write_notes(corpus, LATER, start=len(NOTES))
    analyze(two, str(corpus), "--outlet-country", "PAK", "--workers", "2", "--batch-size", "2")
    assert last_run(two) == (len(LATER), len(NOTES), "finished")
    analyze(one, str(corpus), "--outlet-country", "PAK")
    assert records(two) == records(one)


def test_unknown_engine_is_a_usage_error(tmp_path):
    corpus = write_notes(tmp_path / "corpus", NOTES[:1])
    result = CliRunner().invoke(
        app, ["analyze", str(corpus), "--db", str(tmp_path / "x.duckdb"), "--engine", "spark"]
    )
    assert result.exit_code == 2
    assert "unknown engine 'spark'" in result.output
