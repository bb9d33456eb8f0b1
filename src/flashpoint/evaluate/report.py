"""Rich tables of a :func:`flashpoint.evaluate.score` result."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _row(table: Table, task: str, counts: dict[str, Any], extra: str = "", docs: Any = "") -> None:
    table.add_row(
        task,
        str(docs),
        f"{counts['precision']:.3f}",
        f"{counts['recall']:.3f}",
        f"{counts['f1']:.3f}",
        f"{counts['tp']}/{counts['fp']}/{counts['fn']}",
        extra,
    )


def summary_table(scores: dict[str, Any], title: str | None = None) -> Table:
    """One row per task (and the event variants), with the extra figures."""
    table = Table(title=title)
    for name in ("task", "docs", "P", "R", "F1", "TP/FP/FN", "extra"):
        table.add_column(name, justify="left" if name in ("task", "extra") else "right")
    if "actors" in scores:
        _row(table, "actors", scores["actors"], docs=scores["actors"].get("documents", ""))
    if "events" in scores:
        events = scores["events"]
        macro = f"macro-F1 {events['macro_f1']:.3f}"
        _row(table, "events", events, macro, docs=events.get("documents", ""))
        _row(table, "  dyad", events["dyad"], "any type")
        _row(table, "  quadclass", events["quadclass"], "type as QuadClass")
    if "recommendations" in scores:
        recs = scores["recommendations"]
        extra = f"addressee {recs['addressee_accuracy']:.3f} (n={recs['addressee_pairs']})"
        _row(table, "recommendations", recs, extra, docs=recs.get("documents", ""))
    for task in ("references", "frames"):
        if task in scores:
            extra = "top 3" if task == "frames" else ""
            _row(table, task, scores[task], extra, docs=scores[task].get("documents", ""))
    return table


def event_tables(events: dict[str, Any]) -> list[Table]:
    """Per-type P/R/F1 and per-status counts of the event task."""
    types = Table(title="events per type")
    for name in ("type", "P", "R", "F1", "TP/FP/FN"):
        types.add_column(name, justify="left" if name == "type" else "right")
    for name, counts in events["per_type"].items():
        types.add_row(
            name,
            f"{counts['precision']:.3f}",
            f"{counts['recall']:.3f}",
            f"{counts['f1']:.3f}",
            f"{counts['tp']}/{counts['fp']}/{counts['fn']}",
        )
    statuses = Table(title="events per status")
    for name in ("status", "gold", "system", "matched"):
        statuses.add_column(name, justify="left" if name == "status" else "right")
    for name, counts in events["per_status"].items():
        statuses.add_row(name, str(counts["gold"]), str(counts["system"]), str(counts["matched"]))
    return [types, statuses]


def location_table(loc: dict[str, Any]) -> Table:
    """The location task: event locations and place-name resolution."""
    table = Table(title="locations")
    for name in ("measure", "score", "of"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    rows = [
        ("event location: right place id", loc["accuracy"], f"{loc['scored']} events"),
        ("event location: right admin-1", loc["admin1"], f"{loc['scored']} events"),
        ("event location: within 50 km", loc["within_50km"], f"{loc['scored']} events"),
        ("  events the text places: right id", loc["placed_accuracy"], f"{loc['placed_events']} events"),
        ("place names: right id", loc["place_accuracy"], f"{loc['places_found']} found"),
        ("place names: found", loc["place_recall"], f"{loc['places']} in gold"),
    ]
    for name, value, of in rows:
        table.add_row(name, f"{value:.3f}", of)
    table.caption = (f"{loc['documents']} documents; {loc['unmatched']} of {loc['events']} gold "
                     "events had no overlapping system event")  # fmt: skip
    return table


def documents_line(documents: dict[str, Any]) -> str:
    line = (
        f"{documents['gold']} gold documents, {documents['matched']} found in the system file, "
        f"{len(documents['missing'])} missing (scored as all misses)"
    )
    if documents["ignored"]:
        line += f"; {documents['ignored']} system documents not in gold ignored"
    if documents.get("out_of_scope_items"):
        line += f"; {documents['out_of_scope_items']} system items outside the gold scope ignored"
    return line


def print_scores(
    scores: dict[str, Any], console: Console | None = None, title: str | None = None
) -> None:
    console = console or Console()
    console.print(summary_table(scores, title))
    if "events" in scores:
        for table in event_tables(scores["events"]):
            console.print(table)
    if "location" in scores:
        console.print(location_table(scores["location"]))
    console.print(documents_line(scores["documents"]))
