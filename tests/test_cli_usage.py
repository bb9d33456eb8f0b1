"""Every verb reports a usage error in one line and exits 2, and the read verbs share
``--limit`` (0 or more rows shown)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

VERBS = sorted(c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands)
LIMITED = ["actors", "alignment", "events", "recommendations", "references", "timeline"]


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def one_line_usage_error(result, message: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return result.exit_code == 2 and len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


@pytest.mark.parametrize("verb", VERBS)
def test_an_unknown_option_is_one_line(verb):
    assert one_line_usage_error(run(verb, "--no-such-option"), "No such option: --no-such-option")


@pytest.mark.parametrize("verb", LIMITED)
def test_a_negative_limit_is_one_line(verb, tmp_path):
    assert verb in VERBS
    assert one_line_usage_error(run(verb, "--db", str(tmp_path / "none.duckdb"), "--limit", "-1"), "--limit")
