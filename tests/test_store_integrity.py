"""Opening a store: foreign, damaged or other-version files are refused in one line; runs
left running by a killed process are closed as interrupted."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.document import Document, Sentence
from flashpoint.store import StoreError, open_store
from flashpoint.store.duckdb_store import SCHEMA_VERSION

HEADER = 3 * 4096  # DuckDB's file header before the first block
BLOCK = 262144


def document(i: int) -> Document:
    text = f"Report {i}: delegations of India and Pakistan met for the {i}th time. " * 20
    doc = Document(text, doc_id=f"d{i}")
    doc.sentences = [Sentence(0, len(text), text)]
    return doc


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        run_id = store.start_run({})
        store.save([document(i) for i in range(200)], run_id)
        store.finish_run(run_id, "finished", documents=200)
    return path


def damage(path, table: str, column: str) -> None:
    """Overwrite bytes inside the block that holds ``table.column``'s first segment."""
    con = duckdb.connect(str(path), read_only=True)
    block, offset = con.execute(
        "SELECT block_id, block_offset FROM pragma_storage_info(?) "
        "WHERE column_name = ? AND block_id >= 0 ORDER BY block_id LIMIT 1", [table, column],
    ).fetchone()  # fmt: skip
    con.close()
    with open(path, "r+b") as fh:
        fh.seek(HEADER + block * BLOCK + 8 + offset + 16)
        fh.write(b"\xa5" * 64)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def one_line_error(result, *parts: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and all(p in lines[0] for p in parts), lines[0]


def test_a_damaged_store_is_refused_for_writing_and_by_stats_check(store_path, tmp_path):
    damage(store_path, "documents", "text")
    with pytest.raises(StoreError, match="damaged \\(documents"):
        open_store(store_path)
    page = tmp_path / "a.txt"
    page.write_text("India and Pakistan held talks in Geneva.")
    one_line_error(run("analyze", str(page), "--store", str(store_path), "-q"), "damaged", "new store")
    one_line_error(run("stats", "--db", str(store_path), "--check"), "damaged")


def test_an_intact_store_passes_the_check(store_path):
    result = run("stats", "--db", str(store_path), "--check", "--json")
    assert result.exit_code == 0 and '"documents": 200' in result.stdout


def test_a_duckdb_file_that_is_not_a_flashpoint_store_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    for args in (("stats", "--db"), ("actors", "--db"), ("alignment", "--db"), ("export", "--db")):
        one_line_error(run(*args, str(path)), str(path), "not a flashpoint store")
    page = tmp_path / "a.txt"
    page.write_text("India and Pakistan held talks in Geneva.")
    one_line_error(run("analyze", str(page), "--store", str(path), "-q"), "not a flashpoint store")
    con = duckdb.connect(str(path), read_only=True)  # nothing was written into it
    assert [r[0] for r in con.execute("SHOW TABLES").fetchall()] == ["t"]
    con.close()


def test_a_store_of_another_schema_version_is_refused(store_path):
    con = duckdb.connect(str(store_path))
    con.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    for read_only in (True, False):
        with pytest.raises(StoreError, match=f"version {SCHEMA_VERSION + 1}"):
            open_store(store_path, read_only=read_only)


def test_a_run_left_running_is_closed_as_interrupted(store_path):
    with open_store(store_path) as store:
        store.start_run({})  # the process dies here: the run is never finished
    result = run("stats", "--db", str(store_path), "--json")
    assert '"interrupted_runs": 1' in result.stdout
    with open_store(store_path) as store:  # the next writer closes it
        statuses = sorted(r["status"] for r in store.query("SELECT status FROM runs"))
    assert statuses == ["finished", "interrupted"]


def test_an_unexpected_error_is_one_line(monkeypatch, capsys):
    import flashpoint.cli as cli

    def broken(**_: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.delenv("FLASHPOINT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: RuntimeError: boom (FLASHPOINT_DEBUG=1 shows where)"
    ]
