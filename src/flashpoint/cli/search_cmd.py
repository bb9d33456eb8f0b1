"""``flashpoint search``: ranked full-text search over the stored sentences and documents."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flashpoint.cli.options import DEFAULT_DB, Db, fail, open_db
from flashpoint.cli.root import app
from flashpoint.cli.usage import OneLineErrors

DEFAULT_LIMIT = 20
TITLE_CHARS = 56


@app.command("search", cls=OneLineErrors)
def search(
    query: Annotated[list[str] | None, typer.Argument(metavar="QUERY...", help='Words and "quoted phrases"; a quoted argument with spaces is a phrase.')] = None,
    db: Db = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = DEFAULT_LIMIT,
    docs: Annotated[bool, typer.Option("--docs", help="One row per document with its best sentences.")] = False,
    since: Annotated[str | None, typer.Option("--since", help="First publication date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last publication date, inclusive.")] = None,
    outlet_country: Annotated[str | None, typer.Option("--outlet-country", metavar="ISO3", help="Only documents of outlets of this country.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of rows.")] = False,
    reindex: Annotated[bool, typer.Option("--reindex", help="Build the store's search index again first (opens it for writing).")] = False,
) -> None:  # fmt: skip
    """Sentences (or documents) ranked by the query's words and phrases, with marked snippets,
    sentence indexes and character offsets into the document."""
    from flashpoint.analysis.search import Filters, Query, SearchIndexMissing
    from flashpoint.analysis.search import search as run_search

    text = _query_text(query or [])
    if not text and not reindex:
        raise fail('give a query: words and "quoted phrases"', 2)
    try:
        parsed = Query.parse(text) if text else None
        filters = Filters.parse(since, until, outlet_country)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    if limit < 1:
        raise fail("--limit must be 1 or more", 2)
    if reindex:
        _reindex(db)
    if parsed is None:
        return
    store = open_db(db)
    try:
        rows = run_search(store, parsed, limit, docs, filters)
    except SearchIndexMissing as exc:
        raise fail(f"{db} {exc}: build it with `flashpoint search --reindex --db {db}`") from exc
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        _print_table(rows, text, docs, db)


def _query_text(parts: list[str]) -> str:
    """The arguments as one query: an argument with spaces and no quotes is a phrase."""
    return " ".join(f'"{p}"' if len(p.split()) > 1 and '"' not in p else p for p in parts).strip()


def _reindex(db: Path) -> None:
    from flashpoint.store import StoreError
    from flashpoint.store.search_index import rebuild

    started = time.perf_counter()
    try:
        with open_db(db, read_only=False) as store:
            n = rebuild(store.con)
    except StoreError as exc:
        raise fail(f"{db}: {exc}") from exc
    typer.echo(f"{db}: search index built for {n} documents in "
               f"{time.perf_counter() - started:.1f} s", err=True)  # fmt: skip


def _print_table(rows: list[dict[str, Any]], query: str, docs: bool, db: Path) -> None:
    table = Table(title=f"{query} in {db}", show_edge=False, caption_justify="left",
                  caption=f"{len(rows)} {'documents' if docs else 'sentences'}; "
                          "words: query words and phrases found; # sentence, start-end: "
                          "character offsets in the document")  # fmt: skip
    table.add_column("document", overflow="fold", max_width=28)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("words", no_wrap=True)
    table.add_column("# start-end", no_wrap=True)
    table.add_column("snippet", overflow="fold", ratio=1)
    for r in rows:
        found = r["sentences"] if docs else [r]
        where = "\n".join(f"#{s['sentence']} {s['start']}-{s['end']}" for s in found)
        snippets = Text("\n").join(_marked(s["snippet"]) for s in found)
        table.add_row(_document(r), f"{r['score']:.2f}", f"{r['matched']}/{r['of']}", where,
                      snippets)  # fmt: skip
    Console().print(table)


def _document(row: dict[str, Any]) -> Text:
    """The document's id, title (clipped) and date and outlet, one per line."""
    title = row["title"] or ""
    title = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
    source = " · ".join(x for x in (row["published"], row["outlet"]) if x)
    return Text("\n").join(Text(x, style=style) for x, style in
                           ((row["doc_id"], "bold"), (title, ""), (source, "dim")) if x)  # fmt: skip


def _marked(snippet: str) -> Text:
    """The snippet with its « » marks shown as bold."""
    from flashpoint.analysis.search import MARKS

    text = Text()
    for i, part in enumerate(snippet.replace(MARKS[1], MARKS[0]).split(MARKS[0])):
        text.append(part, style="bold" if i % 2 else "")
    return text
