"""JSON Lines (and JSON) records: ``text`` plus metadata fields; unknown fields go to ``metadata``.

Every line is parsed on its own: a bad line (invalid JSON, nested deeper than
:data:`MAX_DEPTH` levels, over the size limit) is a problem with its line number and the
other lines are still read. A record with a ``file`` field and no ``text`` points at a text
file beside the JSONL (a sidecar); that file is read with the record as its metadata.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from flashpoint.document import Document
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.fields import build_document, split_fields
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import IngestError, Problem

MAX_DEPTH = 100  # deeper JSON is refused before parsing (json.loads would hit the recursion limit)
_SIDECAR_LINE_CHARS = 1_000_000  # longer lines are no sidecar entries
# a JSON string (possibly unterminated) or a bracket outside strings
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')

Line = tuple[int, str] | Problem  # (line number, text) or a line that could not be read
FileReader = Callable[..., Iterator[Document | Problem]]  # (path, options, given=record)

# Reads the file a record names: ``sources.read_path``, handed over by flashpoint.ingest.sources
# when it is imported (the package imports it, so before any reader runs). This module cannot
# import it: sources reads files through the registry, which holds this module's readers.
_read_file: FileReader | None = None


def read_named_files_with(reader: FileReader) -> None:
    """Read the files that records name (``file``) with ``reader``."""
    global _read_file
    _read_file = reader


def read_jsonl(
    data: bytes, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    lines = enumerate(decode_bytes(data, line_records=True).split("\n"), start=1)
    yield from jsonl_documents(lines, label, given, options)


def jsonl_documents(
    lines: Iterable[Line], label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    """Documents of JSON Lines given one line at a time (a file, or stdin as it arrives)."""
    yield from _documents(_jsonl_records(lines, label), label, given, options)


def read_json(
    data: bytes, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    loaded = parse_json(decode_bytes(data))
    items = loaded if isinstance(loaded, list) else [loaded]
    yield from _documents(((None, item) for item in items), label, given, options)


def parse_json(text: str) -> Any:
    """``json.loads`` with one-line reasons; refuses nesting deeper than :data:`MAX_DEPTH`."""
    if nested_too_deep(text):
        raise IngestError(f"invalid JSON (nested deeper than {MAX_DEPTH} levels)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f", line {exc.lineno}" if "\n" in text.strip() else ""
        raise IngestError(f"invalid JSON ({exc.msg}{where})") from exc
    except RecursionError as exc:  # a safety net: the depth check should catch these first
        raise IngestError(f"invalid JSON (nested deeper than {MAX_DEPTH} levels)") from exc
    except ValueError as exc:  # e.g. an integer with too many digits
        raise IngestError(f"invalid JSON ({exc})") from exc


def nested_too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether brackets outside JSON strings nest deeper than ``limit``."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def _jsonl_records(lines: Iterable[Line], label: str) -> Iterator[tuple[int, Any] | Problem]:
    for item in lines:
        if isinstance(item, Problem):
            yield item
            continue
        number, line = item
        if not line.strip():
            continue
        try:
            yield number, parse_json(line)
        except IngestError as exc:
            yield Problem(label, exc.reason, number)


def _documents(
    records: Iterable[tuple[int | None, Any] | Problem], label: str, given: dict[str, Any],
    options: IngestOptions,
) -> Iterator[Document | Problem]:
    for item in records:
        if isinstance(item, Problem):
            yield item
            continue
        line, record = item
        try:
            yield from _record_documents(record, line, label, given, options)
        except Exception as exc:  # one odd record (e.g. a lone surrogate) must not end the file
            reason = f"could not read the record ({exc.__class__.__name__}: {exc})"
            yield Problem(label, reason, line)


def _record_documents(
    record: Any, line: int | None, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    if not isinstance(record, dict):
        yield Problem(label, "record is not a JSON object", line)
        return
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
    if _read_file is None:
        raise IngestError("records that name files are read through flashpoint.ingest")
    base = Path(label).parent if label != "-" else Path.cwd()
    yield from _read_file(base / str(record["file"]), options, given=record)


def sidecar_entries(path: Path) -> dict[str, dict[str, Any]] | None:
    """``{file name: record}`` when ``path`` is a sidecar (records name files, carry no text)."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            lines = _short_lines(fh)
            record = _loads_or_none(next((line for line in lines if line.strip()), ""))
            if not (isinstance(record, dict) and record.get("file") and "text" not in record):
                return None
            entries = {str(record["file"]): record}
            for line in lines:
                record = _loads_or_none(line)
                if isinstance(record, dict) and record.get("file"):
                    entries[str(record["file"])] = record
    except (OSError, ValueError):
        return None
    return entries


def _short_lines(fh: IO[str]) -> Iterator[str]:
    """Lines of ``fh``; a line over :data:`_SIDECAR_LINE_CHARS` is skipped without keeping it."""
    while line := fh.readline(_SIDECAR_LINE_CHARS):
        if len(line) < _SIDECAR_LINE_CHARS or line.endswith("\n"):
            yield line
            continue
        while (rest := fh.readline(_SIDECAR_LINE_CHARS)) and not rest.endswith("\n"):
            pass


def _loads_or_none(line: str) -> Any:
    try:
        return parse_json(line) if line.strip() else None
    except IngestError:
        return None
