"""What every verb shares, defined once: the store option and the one-line error exit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flashpoint.ingest.problems import one_line

DEFAULT_DB = Path("flashpoint.duckdb")
# the store every verb reads or writes; FLASHPOINT_DB is read when the command runs
Db = Annotated[Path, typer.Option("--db", "--store", envvar="FLASHPOINT_DB", show_envvar=False,
                                  help="The store file (env FLASHPOINT_DB; default flashpoint.duckdb).")]  # fmt: skip


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on stderr (on one line) and return the exit to raise
    (1: the input or the store is bad; 2: a usage error)."""
    typer.echo(f"error: {one_line(str(message))}", err=True)
    return typer.Exit(code)
