"""What every verb shares, defined once: the store option, the output options, the one
store opener and the one-line error exit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flashpoint.errors import first_line
from flashpoint.ingest.problems import one_line

if TYPE_CHECKING:
    from flashpoint.store import Store

DEFAULT_DB = Path("flashpoint.duckdb")
# the store every verb reads or writes; FLASHPOINT_DB is read when the command runs
Db = Annotated[Path, typer.Option("--db", "--store", envvar="FLASHPOINT_DB", show_envvar=False,
                                  help="The store file (env FLASHPOINT_DB; default flashpoint.duckdb).")]  # fmt: skip


def _row_count(value: int) -> int:
    if value < 0:
        raise typer.BadParameter("must be 0 or more")
    return value


# the output options of the read verbs
Json = Annotated[bool, typer.Option("--json", help="Print JSON rows instead of a table.")]
Limit = Annotated[int, typer.Option("--limit", callback=_row_count, help="Rows to show in the table (0: all).")]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on stderr (on one line) and return the exit to raise
    (1: the input or the store is bad; 2: a usage error)."""
    typer.echo(f"error: {one_line(str(message))}", err=True)
    return typer.Exit(code)


def open_db(db: Path, read_only: bool = True, create: bool = False) -> Store:
    """The store at ``db`` (the ``Db`` option), opened read-only unless ``read_only`` is
    False; a store that is not there is made only with ``create``. Any failure (no such file,
    not DuckDB, not flashpoint's, another schema version, damaged) exits 1 with one line."""
    from flashpoint.store import StoreError, open_store

    if not create and not db.is_file():
        raise fail(f"{db}: no such database (run `flashpoint analyze` first)")
    try:
        return open_store(db, read_only=read_only)
    except StoreError as exc:
        raise fail(f"{db}: {exc}") from exc
    except Exception as exc:
        raise fail(f"{db}: cannot open the database ({first_line(exc)})") from exc
