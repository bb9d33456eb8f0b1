"""``flashpoint actors`` and ``flashpoint explain-actor`` driven through the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.document import Document

runner = CliRunner()

TEXTS = [
    ("Pakistan urged India to lift the curfew. Islamabad also wrote to the OIC.", "2020-08-07"),
    ("Indian troops fired across the line, and Pakistan protested the next morning.", "2021-01-10"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, settings, nlp):
    from flashpoint.actors import ActorStage
    from flashpoint.nlp import NlpStage
    from flashpoint.store import open_store

    parser, stage = NlpStage(settings), ActorStage(settings)
    docs = [stage(d) for d in parser.pipe([Document(t, published=p) for t, p in TEXTS])]
    path = tmp_path_factory.mktemp("actors") / "store.duckdb"
    store = open_store(path)
    store.save(docs, run_id="test")
    store.close()
    return path


def test_actors_lists_counts_and_quotes(db):
    result = runner.invoke(app, ["actors", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert rows["PAK"]["mentions"] == 3 and rows["PAK"]["documents"] == 2
    assert rows["IND"]["documents"] == 2
    assert rows["OIC"]["name"] == "Organisation of Islamic Cooperation"
    assert any("curfew" in e["quote"] for e in rows["PAK"]["examples"])
    assert list(rows)[0] == "PAK"  # most mentioned first


def test_actors_limit_and_table(db):
    result = runner.invoke(app, ["actors", "--db", str(db), "--limit", "1", "--json"])
    assert [r["id"] for r in json.loads(result.output)] == ["PAK"]
    table = runner.invoke(app, ["actors", "--db", str(db)])
    assert table.exit_code == 0 and "Pakistan" in table.output


def test_actors_on_a_missing_database_is_one_line(tmp_path):
    result = runner.invoke(app, ["actors", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and "none.duckdb" in result.output
    assert "Traceback" not in result.output


def test_actors_on_a_file_that_is_no_database(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    result = runner.invoke(app, ["actors", "--db", str(bad)])
    assert result.exit_code == 1 and "bad.duckdb" in result.output


def test_explain_actor_shows_office_holder_for_the_date():
    result = runner.invoke(
        app, ["explain-actor", "the Indian premier", "--date", "1999-02-20", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["id"], out["sector"]) == ("IND", "GOV")
    assert "Vajpayee" in out["rule"] and out["date_range"].startswith("1998")


def test_explain_actor_with_outlet_country():
    result = runner.invoke(
        app, ["explain-actor", "the PM", "--date", "2019-09-27", "--outlet-country", "PAK"]
    )
    assert result.exit_code == 0
    assert "PAK" in result.output and "Imran Khan" in result.output


def test_explain_actor_unresolved_and_bad_input():
    missing = runner.invoke(app, ["explain-actor", "the PM"])
    assert missing.exit_code == 1 and "--outlet-country" in missing.output
    bad_date = runner.invoke(app, ["explain-actor", "Modi", "--date", "someday"])
    assert bad_date.exit_code == 2 and "--date" in bad_date.output
    bad_country = runner.invoke(app, ["explain-actor", "we", "--outlet-country", "Pakistan"])
    assert bad_country.exit_code == 2
    bad_pack = runner.invoke(app, ["explain-actor", "Modi", "--pack", "nowhere"])
    assert bad_pack.exit_code == 2 and "nowhere" in bad_pack.output


def test_actors_verb_and_dashboard_count_alike(db):
    from fastapi.testclient import TestClient

    from flashpoint.web import create_app

    result = CliRunner().invoke(app, ["actors", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    cli = {r["id"]: (r["mentions"], r["documents"]) for r in json.loads(result.stdout)}
    web = {r["actor_id"]: (r["mentions"], r["documents"])
           for r in TestClient(create_app(str(db))).get("/api/actors").json() if r["mentions"]}  # fmt: skip
    assert cli and cli == web
