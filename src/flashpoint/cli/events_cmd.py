"""``flashpoint events``: the stored events, filtered, as a table, JSON, CSV or Parquet."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.cli.options import DEFAULT_DB, Db, fail, open_db
from flashpoint.cli.root import app
from flashpoint.cli.usage import OneLineErrors

TABLE_LIMIT = 50
QUOTE_CHARS = 120


@app.command("events", cls=OneLineErrors)
def events(
    db: Db = DEFAULT_DB,
    source: Annotated[str | None, typer.Option("--source", metavar="ID", help="Source actor id.")] = None,
    target: Annotated[str | None, typer.Option("--target", metavar="ID", help="Target actor id.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", metavar="ID", help="Source or target actor id.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type (any case), e.g. ACCUSE.")] = None,
    quadclass: Annotated[str | None, typer.Option("--quadclass", help="verbal_cooperation, material_cooperation, verbal_conflict, material_conflict (or 1-4).")] = None,
    status: Annotated[str | None, typer.Option("--status", help="asserted, negated or hypothetical.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="First date (YYYY, YYYY-MM or YYYY-MM-DD): the event's date, else its document's.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last date, inclusive.")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", help="Lowest confidence (0 to 1).")] = None,
    doc: Annotated[str | None, typer.Option("--doc", metavar="DOC_ID", help="Events of one document.")] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="QUERY", help="Words in the event's sentence (any case).")] = None,
    near: Annotated[str | None, typer.Option("--near", metavar="PLACE", help="Events located within --km of this place (a gazetteer name or id).")] = None,
    km: Annotated[float | None, typer.Option("--km", metavar="N", help="Distance for --near in km (default 50).")] = None,
    region: Annotated[str | None, typer.Option("--region", metavar="ADMIN1", help="Events located in this admin-1 region (any case), e.g. 'Balochistan'.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help=f"Events to show (0: all; default {TABLE_LIMIT} for the table, all otherwise).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of rows.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV with a header.")] = False,
    parquet: Annotated[Path | None, typer.Option("--parquet", metavar="FILE", help="Write the rows to a Parquet file.")] = None,
) -> None:  # fmt: skip
    """List stored events with their document's date and outlet, QuadClass, weight and quote."""
    from flashpoint.analysis.events import EventQuery

    if sum((as_json, as_csv, parquet is not None)) > 1:
        raise fail("choose one of --json, --csv and --parquet", 2)
    if limit is not None and limit < 0:
        raise fail("--limit must be 0 or more", 2)
    try:
        query = EventQuery(source=source, target=target, actor=actor, type=event_type,
                           quadclass=quadclass, status=status, since=since, until=until,
                           min_confidence=min_confidence, doc_id=doc, text=text, near=near,
                           km=km, region=region)  # fmt: skip
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    table = not (as_json or as_csv or parquet)
    limit = (TABLE_LIMIT if table else 0) if limit is None else limit
    store = open_db(db)
    try:
        rows, total = _read(store, db, query, limit, count=table)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif as_csv:
        from flashpoint.report.exports import write_csv

        write_csv(rows, sys.stdout)
    elif parquet is not None:
        _write_parquet(rows, parquet)
    else:
        _print_table(rows, total, db)


def _read(store, db: Path, query, limit: int, count: bool) -> tuple[list[dict[str, Any]], int]:
    """The matching rows (``limit`` of them unless 0) and, for the table, how many match."""
    from flashpoint.analysis.events import count_events, event_rows

    try:
        rows = event_rows(store, query, limit)
        total = count_events(store, query) if count else len(rows)
    except Exception as exc:
        raise fail(f"{db}: cannot read events ({exc})") from exc
    return rows, total


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    from flashpoint.report.exports import write_parquet

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        n = write_parquet(rows, path)
    except OSError as exc:
        raise fail(f"{path}: cannot write ({exc.strerror or exc})") from exc
    typer.echo(f"{n} events written to {path}", err=True)


def _print_table(rows: list[dict[str, Any]], total: int, db: Path) -> None:
    shown = f"{len(rows)} of {total}" if len(rows) < total else str(total)
    table = Table(title=f"events in {db}", caption=f"{shown} events; * date of publication",
                  caption_justify="left", show_edge=False)  # fmt: skip
    table.add_column("id", overflow="fold")
    table.add_column("date", min_width=11)
    for name in ("type", "source → target", "status", "conf", "where"):
        table.add_column(name, overflow="fold", justify="right" if name == "conf" else "left")
    table.add_column("quote", overflow="fold", ratio=1)
    for r in rows:
        table.add_row(
            r["event_id"], _date(r), r["type"] or "", f"{r['source'] or '—'} → {r['target'] or '—'}",
            r["status"], "" if r["confidence"] is None else f"{r['confidence']:.2f}",
            r.get("location_name") or "", _clip(r["quote"]),
        )  # fmt: skip
    Console().print(table)


def _date(row: dict[str, Any]) -> str:
    """The event's date with its precision, else the document's marked with ``*``."""
    if not row["date"]:
        return f"{row['published']}*" if row["published"] else ""
    precision = row["date_precision"]
    return row["date"] if precision in (None, "day") else f"{row['date']} ({precision})"


def _clip(quote: str | None) -> str:
    quote = " ".join((quote or "").split())
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"
