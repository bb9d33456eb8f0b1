"""One engine, many conflicts: the Ukraine pack analysed end to end through the CLI, and no
domain fact of any pack written into the engine's code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "ukraine"
runner = CliRunner()


def test_no_pack_facts_in_the_engine_code():
    """The Kashmir pack's people, dyad and name live in its data files, not in Python."""
    found = []
    for path in (REPO / "src" / "flashpoint").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"KASHMIRIS|IND-PAK|Kashmir", line):
                found.append(f"{path.relative_to(REPO)}:{n}")
    assert not found, found


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("ukraine") / "ukraine.duckdb"
    result = runner.invoke(app, ["analyze", str(SAMPLE), "--pack", "ukraine", "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    return db


def cli_json(*args: str):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def test_the_ukraine_pack_codes_its_own_parties_and_archive(store):
    events = cli_json("events", "--db", str(store), "--limit", "0")
    parties = {e[k] for e in events for k in ("source", "target")}
    assert {"RUS", "UKR"} <= parties
    assert parties & {"DPR", "LPR", "SEPARATISTS", "OSCE_SMM", "CRIMEA_AUTHORITIES"}
    assert "KASHMIRIS" not in parties
    refs = {r["id"] for r in cli_json("references", "--db", str(store))}
    assert {"MINSK_PROTOCOL", "BUDAPEST_MEMORANDUM"} <= refs
    holders = {r["holder"] for r in cli_json("alignment", "--db", str(store), "--all")}
    assert "RUS" in holders and "UKR" in holders


def test_views_take_their_defaults_from_the_stores_pack(store):
    index = cli_json("timeline", "--db", str(store), "--index", "--freq", "year")
    assert index and {"RUS_to_UKR", "UKR_to_RUS"} <= set(index[0])
    names = {r["id"]: r["name"] for r in cli_json("actors", "--db", str(store))}
    assert names.get("UKR") == "Ukraine"
    assert all(name != actor for actor, name in names.items() if actor in ("DPR", "OSCE_SMM"))
