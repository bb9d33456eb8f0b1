"""Options every verb shares, defined once: the store file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_DB = Path("flashpoint.duckdb")
# the store every verb reads or writes; FLASHPOINT_DB is read when the command runs
Db = Annotated[Path, typer.Option("--db", "--store", envvar="FLASHPOINT_DB", show_envvar=False,
                                  help="The store file (env FLASHPOINT_DB; default flashpoint.duckdb).")]  # fmt: skip
