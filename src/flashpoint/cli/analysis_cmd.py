"""Analysis verbs over a store: alignment, reciprocity, coalitions, timeline,
recommendations-tracker, archive, frame-trends; plus ``report`` and ``serve``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from flashpoint.cli.options import DEFAULT_DB, Db, Json, Limit, fail, open_db
from flashpoint.cli.root import app

Since = Annotated[str | None, typer.Option(help="First date (YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Last date, inclusive.")]
MinConfidence = Annotated[float | None, typer.Option(
    "--min-confidence", help="Count only events at or above this confidence, 0..1 (default 0.4; "
    "events without a confidence always count).")]  # fmt: skip
Everything = Annotated[bool, typer.Option(
    "--all", help="Count items in every sentence, not only those on the pack's topic "
    "(relevance, docs/analysis.md).")]  # fmt: skip


def _floor(value: float | None) -> float | None:
    """The threshold as given; one line and exit 2 when it is outside 0..1."""
    from flashpoint.analysis.source import confidence_floor

    try:
        return None if value is None else confidence_floor(value)
    except ValueError as exc:
        raise fail(str(exc), 2) from None


Near = Annotated[str | None, typer.Option("--near", metavar="PLACE", help="Only events located within --km of this place.")]
Km = Annotated[float | None, typer.Option("--km", metavar="N", help="Distance for --near in km (default 50).")]
Region = Annotated[str | None, typer.Option("--region", metavar="ADMIN1", help="Only events located in this admin-1 region.")]


def _place(near: str | None, km: float | None, region: str | None):
    """The place filter of --near/--km/--region; one line and exit 2 when it is bad."""
    from flashpoint.analysis.places import PlaceFilter

    try:
        return PlaceFilter(near, km, region)
    except ValueError as exc:
        raise fail(str(exc), 2) from None


@contextmanager
def _errors(db: Path) -> Iterator[None]:
    """One line naming the file and the problem instead of a traceback."""
    import duckdb

    try:
        yield
    except (FileNotFoundError, ValueError, duckdb.Error) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if str(db) not in message:
            message = f"{db}: {message}"
        raise fail(message) from None


@contextmanager
def _reading(db: Path) -> Iterator[Any]:
    """The store's connection (opened by ``open_db``) and one line for any error reading it."""
    store = open_db(db)
    try:
        with _errors(db):
            yield store.con
    finally:
        store.close()


def _show(frame, as_json: bool, title: str, limit: int = 50, drop: tuple[str, ...] = ()) -> None:
    from flashpoint.analysis import records

    if as_json:
        json.dump(records(frame), sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    shown = frame.drop(columns=[c for c in drop if c in frame.columns])
    table = Table(title=f"{title} ({len(frame)} rows)")
    for column in shown.columns:
        table.add_column(str(column), overflow="fold")
    for row in records(shown.head(limit) if limit else shown):
        table.add_row(*(_cell(v) for v in row.values()))
    Console().print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v.get("name") or v.get("id") if isinstance(v, dict) else v) for v in value)
    return str(value)


def _run(db: Path, compute: Callable[[Any], Any], as_json: bool, title: str, limit: int,
         drop: tuple[str, ...] = ()) -> None:  # fmt: skip
    with _reading(db) as con:
        frame = compute(con)
        _show(frame, as_json, title, limit, drop)


@app.command()
def alignment(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    as_json: Json = False, limit: Limit = 50, min_confidence: MinConfidence = None,
    everything: Everything = False,
    near: Near = None, km: Km = None, region: Region = None,
) -> None:  # fmt: skip
    """Holder × target: support vs opposition (weighted), with silences counted apart;
    with --near/--region, only events located there (no stances)."""
    from flashpoint.analysis import alignment as compute

    floor, place = _floor(min_confidence), _place(near, km, region)
    _run(db, lambda con: compute(con, since, until, min_confidence=floor, relevant_only=not everything, place=place),
         as_json, "Alignment", limit, drop=("evidence", "holder_name", "target_name"))  # fmt: skip


@app.command()
def reciprocity(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    actor: Annotated[str | None, typer.Option(help="Only this actor's ledger.")] = None,
    as_json: Json = False, limit: Limit = 50, min_confidence: MinConfidence = None,
    everything: Everything = False,
    near: Near = None, km: Km = None, region: Region = None,
) -> None:  # fmt: skip
    """Support given vs received for each pair of actors; with --near/--region, only events
    located there (no stances)."""
    from flashpoint.analysis import reciprocity as compute

    floor, place = _floor(min_confidence), _place(near, km, region)
    _run(db, lambda con: compute(con, since, until, actor=actor, min_confidence=floor,
                                 relevant_only=not everything, place=place),
         as_json, "Reciprocity", limit, drop=("actor_name", "partner_name"))  # fmt: skip


@app.command()
def coalitions(
    target: Annotated[str | None, typer.Option(
        help="Actor id the coalitions form around (default: the pack's default_target).")] = None,
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    states_only: Annotated[bool, typer.Option("--states-only", help="Only states as holders.")] = False,
    summary: Annotated[bool, typer.Option("--summary", help="Members per side and year.")] = False,
    as_json: Json = False, limit: Limit = 100, min_confidence: MinConfidence = None,
    everything: Everything = False,
    near: Near = None, km: Km = None, region: Region = None,
) -> None:  # fmt: skip
    """Who stands with, against, or silent on a target, year by year; with --near/--region,
    only events located there (no stances)."""
    from flashpoint.analysis import coalition_summary
    from flashpoint.analysis import coalitions as compute

    floor, place = _floor(min_confidence), _place(near, km, region)

    def run(con):
        table = compute(con, target, since, until, states_only=states_only, min_confidence=floor,
                        relevant_only=not everything, place=place)
        return coalition_summary(table) if summary else table

    _run(db, run, as_json, f"Coalitions on {target}" if target else "Coalitions", limit,
         drop=("evidence", "holder_name"))  # fmt: skip


@app.command()
def silences(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    kind: Annotated[str | None, typer.Option(
        help="Only 'stance' (a sentence says an expected speaker does not act or speak) or "
             "'absence' (an expected speaker that never acts).")] = None,
    as_json: Json = False, limit: Limit = 50, min_confidence: MinConfidence = None,
    everything: Everything = False,
) -> None:  # fmt: skip
    """Silences of the actors the pack expects to speak on the issue, with their sentence."""
    from flashpoint.analysis import silences as compute
    from flashpoint.analysis.silences import ABSENCE, STANCE

    kinds = {"stance": STANCE, "absence": ABSENCE, None: None}
    if kind not in kinds:
        raise typer.BadParameter(f"'{kind}' is not a kind (choose from stance, absence)", param_hint="--kind")
    floor = _floor(min_confidence)
    with _reading(db) as con:
        frame = compute(con, since, until, min_confidence=floor, relevant_only=not everything,
                        kind=kinds[kind])  # fmt: skip
        if as_json:
            _show(frame, True, "")
            return
        # one table per kind, each under its own title
        for label, title, drop in (
            (STANCE, "Stance silences: a sentence says an expected speaker does not act or speak",
             ("mentions", "documents")),
            (ABSENCE, "Absence of events: expected speakers that never act", ("on", "cue")),
        ):  # fmt: skip
            if kind is None or kinds[kind] == label:
                _show(frame[frame["kind"] == label].drop(columns="kind"), False, title, limit,
                      drop=("holder_name", "on_name", "start", "end", "relevance", "date", *drop))


@app.command()
def timeline(
    db: Db = DEFAULT_DB,
    dyad: Annotated[str | None, typer.Option(help="Only events between two actors, given as A-B.")] = None,
    freq: Annotated[str, typer.Option(help="auto, month or year.")] = "auto",
    index: Annotated[bool, typer.Option("--index", help="Conflict–cooperation index of the dyad.")] = False,
    since: Since = None, until: Until = None, as_json: Json = False, limit: Limit = 0,
    min_confidence: MinConfidence = None, near: Near = None, km: Km = None, region: Region = None,
) -> None:  # fmt: skip
    """Events per period by QuadClass; with --index, the dyad's weighted index and risk."""
    from flashpoint.analysis import dyad_index
    from flashpoint.analysis import timeline as compute

    floor = _floor(min_confidence)
    place = _place(near, km, region)

    def run(con):
        if index:
            return dyad_index(con, dyad, freq, since, until, min_confidence=floor,
                              place=place)  # fmt: skip
        return compute(con, dyad, freq, since, until, min_confidence=floor, place=place)

    _run(db, run, as_json, f"Timeline {dyad or ''}".strip(), limit)


@app.command("recommendations-tracker")
def recommendations_tracker(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    addressee: Annotated[str | None, typer.Option(help="Only this addressee.")] = None,
    by_addressee: Annotated[bool, typer.Option("--by-addressee", help="Counts per addressee.")] = False,
    as_json: Json = False, limit: Limit = 50, everything: Everything = False,
) -> None:  # fmt: skip
    """Recommendations grouped by similar action across documents, with first/last seen."""
    from flashpoint.analysis import by_addressee as per_addressee
    from flashpoint.analysis import tracker

    def run(con):
        if by_addressee:
            return per_addressee(con, since, until, relevant_only=not everything)
        return tracker(con, since, until, addressee, relevant_only=not everything)

    _run(db, run, as_json, "Recommendations", limit, drop=("items", "method"))


@app.command()
def archive(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    by: Annotated[str, typer.Option(help="outlet, author or country.")] = "outlet",
    per: Annotated[str, typer.Option(help="year, month or decade.")] = "year",
    totals: Annotated[bool, typer.Option("--totals", help="One row per archive entry.")] = False,
    as_json: Json = False, limit: Limit = 100,
) -> None:  # fmt: skip
    """Archive entries (agreements, laws, incidents) invoked over time, by outlet or speaker."""
    from flashpoint.analysis import archive as compute
    from flashpoint.analysis import archive_totals

    def run(con):
        return archive_totals(con, since, until) if totals else compute(con, since, until, by, per)

    _run(db, run, as_json, "Archive references", limit, drop=("quotes",))


@app.command("frame-trends")
def frame_trends(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    as_json: Json = False, limit: Limit = 100,
) -> None:  # fmt: skip
    """Leading frames by outlet and year."""
    from flashpoint.analysis import frames_by_outlet

    _run(db, lambda con: frames_by_outlet(con, since, until), as_json, "Frames", limit)


@app.command()
def report(
    db: Db = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    title: Annotated[str | None, typer.Option(help="Report title.")] = None,
    dyad: Annotated[str | None, typer.Option(
        help="Dyad for the conflict–cooperation index (default: the pack's main_dyad).")] = None,
    target: Annotated[str | None, typer.Option(
        help="Target for the coalition chart (default: the pack's default_target).")] = None,
    max_texts: Annotated[int | None, typer.Option(
        help="Documents whose full text is included (0: all; default: as many as fit 200,000 "
             "characters); the others show the passages the report links to.")] = None,
    compare: Annotated[str | None, typer.Option(
        help="Two outlet countries compared side by side on the dyad (A-B; default: the dyad's two).")] = None,
    top: Annotated[int, typer.Option(min=1, help="Rows of each long table shown before its "
                                                  "'show all' fold; actors in the heat map.")] = 15,
    everything: Everything = False,
) -> None:  # fmt: skip
    """Write one self-contained HTML report (charts, tables, evidence linked to the texts)."""
    from flashpoint.report import build_report
    from flashpoint.report.compare import parse_sides

    try:
        for sides in (compare, dyad):
            if sides is not None:
                parse_sides(sides)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    with _reading(db) as con:
        path = build_report(con, out, title=title, dyad=dyad, target=target, max_texts=max_texts,
                            compare_sides=compare, top=top, relevant_only=not everything,
                            name=db.name)  # fmt: skip
    typer.echo(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


@app.command()
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind (local only by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:  # fmt: skip
    """Serve the read-only dashboard and JSON API over a store."""
    import uvicorn

    from flashpoint.web import create_app
    from flashpoint.web.exposure import exposure_warning

    open_db(db).close()  # refused in one line as every verb refuses it; the app attaches it
    with _errors(db):
        web_app = create_app(db)
    warning = exposure_warning(host)
    if warning:
        typer.echo(warning, err=True)
    typer.echo(f"dashboard on http://{host}:{port}/ (API schema at /openapi.json)")
    uvicorn.run(web_app, host=host, port=port, log_level="warning")
