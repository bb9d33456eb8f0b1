"""``flashpoint export`` and ``flashpoint stats``: read what ``analyze`` stored."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.cli.options import DEFAULT_DB, Db, fail, open_db
from flashpoint.cli.root import app
from flashpoint.cli.usage import OneLineErrors
from flashpoint.errors import first_line
from flashpoint.store import TABLES

TABLE_FORMATS = ("jsonl", "csv", "parquet")
EVENT_FORMATS = ("plover", "icews")  # events only
FORMATS = (*TABLE_FORMATS, *EVENT_FORMATS)
SUFFIXES = {"json": "jsonl", "ndjson": "jsonl"}


@app.command(cls=OneLineErrors)
def export(
    db: Db = DEFAULT_DB,
    table: Annotated[str | None, typer.Option("--table", help=f"One of: {', '.join(TABLES)} (default: documents; events for plover and icews).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="jsonl, csv, parquet, or for events plover (JSON Lines) and icews (TSV); default: from --out, else jsonl.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output file (default: stdout; parquet to a file or a pipe).")] = None,
) -> None:
    """Export a table; ``documents`` as jsonl gives the document records of the spec, ``events``
    rows carry their document's date, outlet and country and their QuadClass."""
    fmt = _format(fmt, out)
    table = _table(table, fmt)
    if out is None and fmt == "parquet" and sys.stdout.isatty():
        raise fail("parquet needs --out FILE or a pipe (binary output is not written to a terminal)", 2)
    store = open_db(db)
    try:
        if out is not None:
            n = _export(store, table, fmt, out)
            typer.echo(f"{n} rows of {table} written to {out}", err=True)
            return
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / f"export.{fmt}"
            _export(store, table, fmt, target)
            with target.open("rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
            sys.stdout.flush()
    finally:
        store.close()


def _format(fmt: str | None, out: Path | None) -> str:
    fmt = (fmt or (out.suffix.lstrip(".") if out and out.suffix else "jsonl")).lower()
    fmt = SUFFIXES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise fail(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})", 2)
    return fmt


def _table(table: str | None, fmt: str) -> str:
    if table is not None and table not in TABLES:
        raise fail(f"unknown table '{table}' (choose from {', '.join(TABLES)})", 2)
    if fmt in EVENT_FORMATS and table not in (None, "events"):
        raise fail(f"--format {fmt} exports events: drop --table or use --table events", 2)
    return table or ("events" if fmt in EVENT_FORMATS else "documents")


def _export(store, table: str, fmt: str, out: Path) -> int:
    try:
        if table == "events":
            return _export_events(store, fmt, out)
        return store.export(table, fmt, out)
    except OSError as exc:
        raise fail(f"{out}: cannot write ({exc.strerror or exc})") from exc
    except Exception as exc:
        raise fail(f"{out}: export failed ({first_line(exc)})") from exc


def _export_events(store, fmt: str, out: Path) -> int:
    """Events with their document's fields, QuadClass and weight (report/exports.py)."""
    from flashpoint.analysis.events import iter_events
    from flashpoint.report.exports import write_events

    out.parent.mkdir(parents=True, exist_ok=True)
    return write_events(iter_events(store), fmt, out)


@app.command(cls=OneLineErrors)
def stats(
    db: Db = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Read every stored block first; exit 1 if any is damaged.")] = False,
) -> None:
    """Counts of what is stored: documents, actors, events, recommendations, ..."""
    from flashpoint.store import StoreError
    from flashpoint.store.queries import runs as run_queries

    store = open_db(db)
    try:
        if check:
            store.verify()
        counts = store.stats()
        # no writer can hold the store while it is open here, so a run still marked
        # running was killed; it counts as interrupted
        runs = run_queries.run_counts(store.con)
        errors = run_queries.problem_count(store.con)
    except StoreError as exc:
        raise fail(f"{db}: {exc}") from exc
    finally:
        store.close()
    counts = {**counts, "runs": runs["runs"], "interrupted_runs": runs["interrupted"],
              "problems": errors}  # fmt: skip
    if as_json:
        typer.echo(json.dumps(counts))
        return
    table = Table(caption=str(db), caption_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, n in counts.items():
        table.add_row(name.replace("_", " "), f"{n:,}")
    Console().print(table)
