"""``flashpoint actors`` (who the stored documents talk about) and ``flashpoint explain-actor``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.cli.options import DEFAULT_DB, Db, fail, open_db
from flashpoint.cli.root import app
from flashpoint.config import DEFAULT_PACK
from flashpoint.errors import first_line
from flashpoint.store.queries import actors as actor_queries

QUOTE_CHARS = 160

def _quote(store, doc_id: str, sentence: int | None, start: int, end: int) -> str:
    """The sentence around a mention, trimmed to about QUOTE_CHARS characters."""
    found = actor_queries.sentence(store.con, doc_id, sentence) if sentence is not None else None
    if found is None:
        return ""
    text, offset = found
    a, b = start - offset, end - offset
    lo = max(0, min(a, len(text)) - QUOTE_CHARS // 2)
    hi = min(len(text), max(b, 0) + QUOTE_CHARS // 2)
    snippet = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + snippet + ("…" if hi < len(text) else "")


def actor_rows(store, limit: int = 0) -> list[dict[str, Any]]:
    """One row per acting party: id, name (from the store's pack), sector, mentions, documents,
    example quotes."""
    from flashpoint.actors.packs import display_name
    from flashpoint.analysis.source import store_pack

    pack = store_pack(store.con)

    rows = actor_queries.actor_table(store.con)
    if limit:
        rows = rows[:limit]
    quotes: dict[str, list[dict[str, Any]]] = {}
    if rows:
        for q in actor_queries.examples(store.con, [r["actor_id"] for r in rows]):
            quote = _quote(store, q["doc_id"], q["sentence"], q["start_char"], q["end_char"])
            quotes.setdefault(q["actor_id"], []).append(
                {"doc_id": q["doc_id"], "text": q["text"], "quote": quote}
            )
    return [
        {"id": r["actor_id"], "name": display_name(r["actor_id"], pack), "sector": r["sector"],
         "mentions": r["mentions"], "documents": r["documents"], "examples": quotes.get(r["actor_id"], [])}
        for r in rows
    ]  # fmt: skip


@app.command("actors")
def actors(
    db: Db = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", help="Actors to show (0: all).")] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON rows instead of a table.")
    ] = False,
) -> None:
    """List the resolved actors of a store with mention and document counts and example quotes."""
    if limit < 0:
        raise fail("--limit must be 0 or more", 2)
    store = open_db(db)
    try:
        rows = actor_rows(store, limit)
    except Exception as exc:
        raise fail(f"{db}: cannot read actors ({first_line(exc)})") from exc
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no actors stored yet", err=True)
        return
    table = Table(title=f"actors in {db}")
    for col, justify in (("id", "left"), ("name", "left"), ("sector", "left"), ("mentions", "right"),
                         ("docs", "right"), ("example", "left")):  # fmt: skip
        table.add_column(col, justify=justify)
    for r in rows:
        example = r["examples"][0]["quote"] if r["examples"] else ""
        table.add_row(
            r["id"], r["name"], r["sector"] or "", str(r["mentions"]), str(r["documents"]), example
        )
    Console().print(table)


@app.command("explain-actor")
def explain_actor(
    phrase: Annotated[str, typer.Argument(help='A mention, e.g. "the Indian premier".')],
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    outlet_country: Annotated[
        str | None,
        typer.Option(
            "--outlet-country", metavar="ISO3", help="Writer's side (resolves 'we', 'the PM')."
        ),
    ] = None,
    pack: Annotated[str, typer.Option("--pack", help="Domain pack.")] = DEFAULT_PACK,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show how one mention resolves: id, sector, and the rule, alias or office term that matched."""
    from flashpoint.actors.packs import Resolver, display_name, parse_day

    if date and parse_day(date) is None:
        raise fail(f"--date '{date}': not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", 2)
    if outlet_country and not (len(outlet_country) == 3 and outlet_country.isalpha()):
        raise fail(
            f"--outlet-country '{outlet_country}': use an ISO 3166 alpha-3 code such as PAK", 2
        )
    try:
        resolver = Resolver(pack)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    found = resolver.resolve(
        phrase, date=date, outlet_country=outlet_country.upper() if outlet_country else None
    )
    if found is None:
        hint = (
            " (first-person and deictic phrases need --outlet-country)"
            if not outlet_country
            else ""
        )
        raise fail(f"'{phrase}' does not resolve to an actor{hint}")
    out = {"phrase": phrase, "id": found.actor_id, "name": display_name(found.actor_id, pack),
           "sector": found.sector, "kind": found.kind, "is_place": found.is_place,
           "rule": found.explanation, "date_range": found.date_range}  # fmt: skip
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for key in ("id", "name", "sector", "kind", "is_place", "rule", "date_range"):
        if out[key] is not None:
            typer.echo(f"{key + ':':12}{out[key]}")
