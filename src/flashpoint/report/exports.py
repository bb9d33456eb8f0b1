"""Event exports: the event rows as JSON Lines, CSV or Parquet, as PLOVER/POLECAT-style JSON
(one event per line) and as ICEWS/GDELT-style tab-separated rows. Fields: docs/exports.md."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from flashpoint.analysis.events import EVENT_COLUMNS, actor_country, quadclass_code
from flashpoint.records import LOCATION_KEYS

EVENT_FORMATS = ("jsonl", "csv", "parquet", "plover", "icews")
ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Code", "Source Country", "Target Name",
    "Target Code", "Target Country", "Event Root Type", "QuadClass", "Weight",
    "Number of Mentions", "Number of Sources", "URL", "City", "Province", "Country",
    "Latitude", "Longitude", "Location ID", "Location Precision",
)  # fmt: skip
_INTEGERS = {"idx", "start_char", "end_char", "n_sources"}
_FLOATS = {"confidence", "weight", "location_lat", "location_lon"}
PARQUET_SCHEMA = pa.schema([
    (c, pa.int64() if c in _INTEGERS else pa.float64() if c in _FLOATS else pa.string())
    for c in EVENT_COLUMNS
])  # fmt: skip


def _actor(row: dict[str, Any], role: str) -> dict[str, Any] | None:
    code, text = row[role], row[f"{role}_text"]
    if code is None and text is None:
        return None
    return {"code": code, "name": row[f"{role}_name"], "country": actor_country(code),
            "sector": row[f"{role}_sector"], "text": text}  # fmt: skip


def location_object(row: dict[str, Any]) -> dict[str, Any] | None:
    """The event's ``location`` object of the record (None when nothing places it)."""
    if row.get("location_name") is None and row.get("location_id") is None:
        return None
    return {k: row.get(f"location_{k}") for k in LOCATION_KEYS}


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT-style object. flashpoint codes no PLOVER contexts, so
    ``event_context`` is empty; ``location`` is the record's location object or null."""
    return {
        "event_id": row["event_id"], "event_type": row["type"], "event_mode": row["mode"],
        "event_context": [], "quadclass": row["quadclass"], "status": row["status"],
        "confidence": row["confidence"], "weight": row["weight"],
        "actors": {"source": _actor(row, "source"), "target": _actor(row, "target")},
        "event_date": row["date"], "date_precision": row["date_precision"], "location": location_object(row),
        "story_id": row.get("story_id") or row["doc_id"], "publication_date": row["published"],
        "outlet": row["outlet"], "outlet_country": row["outlet_country"], "url": row["url"],
        "sentence": {"text": row["quote"], "start": row["start_char"], "end": row["end_char"]},
    }  # fmt: skip


def event_from_plover(record: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER object back to the record format's event (the ``events[]`` of a document)."""
    actors = record.get("actors") or {}
    out: dict[str, Any] = {}
    for role in ("source", "target"):
        actor = actors.get(role) or {}
        out |= {role: actor.get("code"), f"{role}_sector": actor.get("sector"),
                f"{role}_text": actor.get("text")}  # fmt: skip
    sentence = record.get("sentence") or {}
    return {
        "source": out["source"], "source_sector": out["source_sector"],
        "source_text": out["source_text"], "type": record.get("event_type"),
        "mode": record.get("event_mode"), "target": out["target"],
        "target_sector": out["target_sector"], "target_text": out["target_text"],
        "status": record.get("status"), "date": record.get("event_date"),
        "date_precision": record.get("date_precision"), "quote": sentence.get("text"),
        "start": sentence.get("start"), "end": sentence.get("end"),
        "confidence": record.get("confidence"), "location": record.get("location"),
    }  # fmt: skip


def icews_row(row: dict[str, Any]) -> list[Any]:
    """One asserted event as an ICEWS/GDELT-style row (the order of ``ICEWS_COLUMNS``)."""
    return [
        row["event_id"], row["date"] or row["published"], row["source_name"], row["source"],
        actor_country(row["source"]), row["target_name"], row["target"],
        actor_country(row["target"]), row["type"], quadclass_code(row["quadclass"]),
        row["weight"], row["mentions"], row.get("n_sources", 1), row["url"],
        row.get("location_name") if row.get("location_precision") == "place" else None,
        row.get("location_admin1"), row.get("location_country"), row.get("location_lat"),
        row.get("location_lon"), row.get("location_id"), row.get("location_precision"),
    ]  # fmt: skip


def _tsv_cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO,
                shape: Callable[[dict[str, Any]], Any] | None = None) -> int:  # fmt: skip
    n = 0
    for row in rows:
        item = shape(row) if shape else {c: row[c] for c in EVENT_COLUMNS}
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, EVENT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def write_icews(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Asserted events only: the format cannot say that an event did not or may happen."""
    out.write("\t".join(ICEWS_COLUMNS) + "\n")
    n = 0
    for row in rows:
        if row["status"] == "asserted":
            out.write("\t".join(_tsv_cell(v) for v in icews_row(row)) + "\n")
            n += 1
    return n


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, batch: int = 10_000) -> int:
    n, chunk = 0, []
    with pq.ParquetWriter(str(path), PARQUET_SCHEMA) as writer:
        for row in rows:
            chunk.append({c: row[c] for c in EVENT_COLUMNS})
            if len(chunk) == batch:
                n += _write_batch(writer, chunk)
        n += _write_batch(writer, chunk)
    return n


def _write_batch(writer: pq.ParquetWriter, chunk: list[dict[str, Any]]) -> int:
    n = len(chunk)
    if n:
        writer.write_table(pa.Table.from_pylist(chunk, schema=PARQUET_SCHEMA))
        chunk.clear()
    return n


TEXT_WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], TextIO], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "plover": lambda rows, out: write_jsonl(rows, out, plover_record),
    "icews": write_icews,
}


def write_events(rows: Iterable[dict[str, Any]], fmt: str, out: Path | TextIO) -> int:
    """Write event rows (from ``analysis.events.iter_events``) in ``fmt`` to a file path or,
    for the text formats, an open text stream; returns the number of events written."""
    if fmt not in EVENT_FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(EVENT_FORMATS)})")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet is written to a file, not a stream")
        return write_parquet(rows, out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return TEXT_WRITERS[fmt](rows, fh)
    return TEXT_WRITERS[fmt](rows, out)
