"""``flashpoint references`` and ``flashpoint recommendations``: the archive and the advice views.

    flashpoint references --db flashpoint.duckdb [--id SIMLA_AGREEMENT] [--json]
    flashpoint recommendations --db flashpoint.duckdb [--addressee PAK] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.cli.options import DEFAULT_DB, Db, Json, Limit, fail, open_db
from flashpoint.cli.root import app
from flashpoint.errors import first_line
from flashpoint.store.queries import items as item_queries


def _read(db: Path, read: Any) -> Any:
    store = open_db(db)
    try:
        return read(store)
    except Exception as exc:
        raise fail(f"{db}: cannot read discourse tables ({first_line(exc)})") from exc
    finally:
        store.close()


def _voice(row: dict[str, Any]) -> str:
    """Who invoked it: outlet, else author, else the speaker's country."""
    return row.get("outlet") or row.get("author") or row.get("outlet_country") or "unknown"


def summarise_references(rows: list[dict[str, Any]], quotes: int = 3, pack: str | None = None) -> list[dict[str, Any]]:
    """One summary per knowledge-base entry of ``pack`` (the default pack when None): how
    often, when, by whom, with quotes."""
    from flashpoint.discourse.references import load_kb

    kb = {e.id: e for e in (load_kb(pack) if pack else load_kb())}
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = kb.get(row["ref_id"])
        item = out.setdefault(row["ref_id"], {
            "id": row["ref_id"], "name": entry.name if entry else row["ref_id"],
            "date": entry.date if entry else None, "mentions": 0, "documents": set(),
            "first": None, "last": None, "voices": {}, "quotes": [],
        })  # fmt: skip
        item["mentions"] += 1
        item["documents"].add(row["doc_id"])
        published = row.get("published")
        if published:
            item["first"] = min(item["first"] or published, published)
            item["last"] = max(item["last"] or published, published)
        voice = _voice(row)
        item["voices"][voice] = item["voices"].get(voice, 0) + 1
        if len(item["quotes"]) < quotes:
            item["quotes"].append({
                "doc_id": row["doc_id"], "published": published, "quote": row["quote"],
                "start": row["start_char"], "end": row["end_char"], "method": row["method"],
            })  # fmt: skip
    result = []
    for item in sorted(out.values(), key=lambda i: (-len(i["documents"]), i["id"])):
        item["documents"] = len(item["documents"])
        item["voices"] = dict(sorted(item["voices"].items(), key=lambda kv: -kv[1]))
        result.append(item)
    return result


@app.command()
def references(
    db: Db = DEFAULT_DB,
    ref_id: Annotated[str | None, typer.Option("--id", help="Only this knowledge-base entry.")] = None,
    quotes: Annotated[int, typer.Option("--quotes", help="Quotes shown per entry.")] = 3,
    as_json: Json = False,
    limit: Limit = 50,
) -> None:
    """The archive: each agreement, law or incident invoked — how often, when, by whom, with quotes."""
    from flashpoint.analysis.source import store_pack

    wanted = ref_id.upper() if ref_id else None
    rows, pack = _read(db, lambda store: (item_queries.reference_list(store.con, wanted),
                                          store_pack(store.con)))  # fmt: skip
    summary = summarise_references(rows, quotes, pack)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return
    if not summary:
        typer.echo(f"no references{' to ' + ref_id.upper() if ref_id else ''} in {db}", err=True)
        return
    table = Table(title="References to the archive")
    for col in ("id", "date", "docs", "mentions", "published", "by", "quote"):
        table.add_column(col, overflow="fold")
    for item in summary[:limit] if limit else summary:
        span = f"{item['first'] or '?'} – {item['last'] or '?'}"
        voices = ", ".join(f"{k} ({v})" for k, v in list(item["voices"].items())[:3])
        quote = item["quotes"][0]["quote"] if item["quotes"] else ""
        table.add_row(item["id"], item["date"] or "", str(item["documents"]),
                      str(item["mentions"]), span, voices, quote[:120])  # fmt: skip
    Console().print(table)


@app.command()
def recommendations(
    db: Db = DEFAULT_DB,
    addressee: Annotated[str | None, typer.Option("--addressee", help="Only advice to this actor id.")] = None,
    as_json: Json = False,
    limit: Limit = 50,
) -> None:
    """Recommendations found: who is told to do what, where, with the quote."""
    wanted = addressee.upper() if addressee else None
    rows = _read(db, lambda store: item_queries.recommendation_list(store.con, wanted))
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        typer.echo(f"no recommendations{' to ' + addressee.upper() if addressee else ''} in {db}", err=True)
        return
    table = Table(title=f"Recommendations ({len(rows)} rows)")
    for col in ("published", "addressee", "action", "quote", "document"):
        table.add_column(col, overflow="fold")
    for r in rows[:limit] if limit else rows:
        table.add_row(r["published"] or "", r["addressee"] or "—", r["action"], r["quote"][:140],
                      r["title"] or r["doc_id"])  # fmt: skip
    Console().print(table)
