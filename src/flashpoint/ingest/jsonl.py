"""JSON Lines (and JSON) records: ``text`` plus metadata fields; unknown fields go to ``metadata``.

A record with a ``file`` field and no ``text`` points at a text file beside the JSONL (a
sidecar); that file is read with the record as its metadata.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.fields import build_document, split_fields
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import IngestError, Problem


def read_jsonl(
    data: bytes, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    records = _jsonl_records(decode_bytes(data), label)
    yield from _documents(records, label, given, options)


def read_json(
    data: bytes, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    try:
        loaded = json.loads(decode_bytes(data))
    except json.JSONDecodeError as exc:
        raise IngestError(f"invalid JSON ({exc.msg}, line {exc.lineno})") from exc
    items = loaded if isinstance(loaded, list) else [loaded]
    yield from _documents(((None, item) for item in items), label, given, options)


def _jsonl_records(text: str, label: str) -> Iterator[tuple[int, Any] | Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(label, f"invalid JSON ({exc.msg})", number)


def _documents(
    records: Iterable[tuple[int | None, Any] | Problem], label: str, given: dict[str, Any],
    options: IngestOptions,
) -> Iterator[Document | Problem]:
    for item in records:
        if isinstance(item, Problem):
            yield item
            continue
        line, record = item
        if not isinstance(record, dict):
            yield Problem(label, "record is not a JSON object", line)
            continue
        known, _ = split_fields(record)
        text = known.get("text")
        if text is None and record.get("file"):
            yield from _referenced_file(label, record, options)
        elif not isinstance(text, str):
            yield Problem(label, "record has no 'text' field" if text is None else "'text' is not a string", line)
        elif not text.strip():
            yield Problem(label, "empty text", line)
        else:
            # the record is more specific than file-level metadata, so it wins here
            yield build_document(text, given, record, label, line)


def _referenced_file(
    label: str, record: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    from flashpoint.ingest.sources import read_path

    base = Path(label).parent if label != "-" else Path.cwd()
    yield from read_path(base / str(record["file"]), options, given=record)


def sidecar_entries(path: Path) -> dict[str, dict[str, Any]] | None:
    """``{file name: record}`` when ``path`` is a sidecar (records name files, carry no text)."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            first = next((line for line in fh if line.strip()), "")
            record = json.loads(first)
            if not (isinstance(record, dict) and record.get("file") and "text" not in record):
                return None
            entries = {str(record["file"]): record}
            for line in fh:
                record = _loads_or_none(line)
                if isinstance(record, dict) and record.get("file"):
                    entries[str(record["file"])] = record
    except (OSError, ValueError):
        return None
    return entries


def _loads_or_none(line: str) -> Any:
    try:
        return json.loads(line) if line.strip() else None
    except ValueError:
        return None
