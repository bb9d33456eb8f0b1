"""Every verb opens the store through ``cli.options.open_db``: a store that is missing, is no
DuckDB file, or is not flashpoint's gives one line on stderr and exit code 1."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.cli.options import open_db

READERS = [["stats"], ["export"], ["actors"], ["events"], ["search", "ceasefire"],
           ["references"], ["recommendations"], ["alignment"], ["timeline"], ["report"],
           ["serve"]]  # fmt: skip


def missing(tmp_path):
    return tmp_path / "none.duckdb", "no such database"


def garbage(tmp_path):
    path = tmp_path / "garbage.duckdb"
    path.write_bytes(b"\x00not a database" * 100)
    return path, "cannot open the database"


def foreign(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    return path, "not a flashpoint store"


def one_line_error(result, path, reason: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, (result.exit_code, result.output)
    assert lines[0].startswith(f"error: {path}: {reason}"), lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("store", [missing, garbage, foreign])
@pytest.mark.parametrize("verb", READERS, ids=lambda v: v[0])
def test_a_bad_store_is_one_line_for_every_reading_verb(tmp_path, store, verb):
    path, reason = store(tmp_path)
    args = [*verb, "--db", str(path)]
    if verb == ["report"]:
        args += ["--out", str(tmp_path / "report.html")]
    one_line_error(CliRunner().invoke(app, args), path, reason)


@pytest.mark.parametrize("store", [missing, garbage])
def test_flashpoint_db_names_the_bad_store(tmp_path, monkeypatch, store):
    path, reason = store(tmp_path)
    monkeypatch.setenv("FLASHPOINT_DB", str(path))
    for verb in (["stats"], ["actors", "--json"]):
        one_line_error(CliRunner().invoke(app, verb), path, reason)


@pytest.mark.parametrize("store", [garbage, foreign])
def test_a_bad_store_is_one_line_for_the_writing_verb(tmp_path, store):
    path, reason = store(tmp_path)
    page = tmp_path / "a.txt"
    page.write_text("India and Pakistan held talks in Geneva.")
    one_line_error(CliRunner().invoke(app, ["analyze", str(page), "--db", str(path), "-q"]),
                   path, reason)  # fmt: skip


def test_open_db_makes_a_store_only_when_asked(tmp_path):
    import typer

    path = tmp_path / "new.duckdb"
    with pytest.raises(typer.Exit):
        open_db(path)
    assert not path.exists()
    open_db(path, read_only=False, create=True).close()
    store = open_db(path)
    assert store.stats()["documents"] == 0
    store.close()
