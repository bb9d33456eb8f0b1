"""CSV and TSV tables: one document per row.

The text column is found by name (``text``, ``Article Text``, ``body``, ``content``, ...,
case-insensitive) or given with ``--text-column``; other columns fill the metadata. Files
without a header row use their longest-text column. HTML entities (``&#10;``) are decoded.
"""

from __future__ import annotations

import csv
import html
import io
import sys
from collections.abc import Iterator
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.fields import build_document, field_of, key_name
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import IngestError, Problem

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_DELIMITERS = ",;\t|"
_END = "\ue000end of table\ue000"  # a last line; only a quote left open swallows it
_MAX_RESTARTS = 20

Row = tuple[int, list[str]]  # first line number, cells
Note = tuple[int, str]  # line number, reason


def read_csv(data: bytes, label: str, given: dict[str, Any], options: IngestOptions):
    return _read(decode_bytes(data), label, given, options, delimiter=None)


def read_tsv(data: bytes, label: str, given: dict[str, Any], options: IngestOptions):
    return _read(decode_bytes(data), label, given, options, delimiter="\t")


def _read(
    text: str, label: str, given: dict[str, Any], options: IngestOptions, delimiter: str | None
) -> Iterator[Document | Problem]:
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter or max(_DELIMITERS, key=first_line.count)
    rows, notes = _parse(text, delimiter)
    for line, reason in notes:
        yield Problem(label, reason, line)
    if not rows:
        raise IngestError("empty table")
    has_header = options.header if options.header is not None else _looks_like_header(rows, options)
    header = [cell.strip() for cell in rows[0][1]] if has_header else None
    body = rows[1:] if has_header else rows
    if not body:
        raise IngestError("table has a header but no rows")
    width = max(len(cells) for _, cells in body)
    names = header + [f"column_{i + 1}" for i in range(len(header), width)] if header else [
        f"column_{i + 1}" for i in range(width)
    ]
    columns = _columns(names, header is not None, body, options)
    text_index = columns.pop("text")
    others = [i for i in range(len(names)) if i not in columns.values() and i != text_index]
    for line, cells in body:
        if text_index >= len(cells) or not cells[text_index].strip():
            yield Problem(label, "empty text", line)
            continue
        values = [html.unescape(c) for c in cells] + [""] * (len(names) - len(cells))
        record = {field: values[i] for field, i in columns.items()}
        extra = {names[i]: values[i] for i in others}
        yield build_document(values[text_index], given, record, label, line, extra=extra)


def _parse(text: str, delimiter: str) -> tuple[list[Row], list[Note]]:
    """Rows with their first line number, and notes on quoting gone wrong; tabs without
    quoting unless that breaks the rows."""
    quotings = (csv.QUOTE_NONE, csv.QUOTE_MINIMAL) if delimiter == "\t" else (csv.QUOTE_MINIMAL,)
    best: tuple[list[Row], list[Note]] | None = None
    for quoting in quotings:
        rows, notes = _parse_restarting(text, delimiter, quoting)
        if len({len(c) for _, c in rows}) <= 1:
            return rows, notes + _swallowed_rows(rows, delimiter)
        best = best or (rows, notes)
    assert best is not None
    return best[0], best[1] + _swallowed_rows(best[0], delimiter)


def _parse_restarting(text: str, delimiter: str, quoting: int) -> tuple[list[Row], list[Note]]:
    """Rows; a row whose quote runs to the end of the file is left out and parsing restarts
    on the line after it, so one stray quote does not swallow the rest of the table."""
    rows: list[Row] = []
    notes: list[Note] = []
    lines: list[str] = []
    first = 1
    while True:
        part, open_at = _rows(text, delimiter, quoting, first)
        rows += part
        if open_at is None:
            return rows, notes
        if len(notes) == _MAX_RESTARTS:
            notes.append((open_at, "unterminated quote; the rest of the table is left out"))
            return rows, notes
        notes.append((open_at, "unterminated quote (the field runs to the end of the file); "
                               "the row is left out and the lines after it are read as rows"))  # fmt: skip
        lines = lines or io.StringIO(text, newline="").readlines()
        first = open_at + 1
        text = "".join(lines[open_at:])


def _rows(text: str, delimiter: str, quoting: int, first: int) -> tuple[list[Row], int | None]:
    """Rows numbered from line ``first``, and the line of a row whose quote never closes."""
    ending = "" if not text or text.endswith(("\n", "\r")) else "\n"
    source = io.StringIO(text + ending + _END, newline="")
    reader = csv.reader(source, delimiter=delimiter, quoting=quoting)
    rows: list[Row] = []
    start = first
    try:
        for cells in reader:
            if cells == [_END]:
                break
            if cells and cells[-1].endswith(_END):  # an open quote swallowed the end marker
                return rows, start
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = first + reader.line_num
    except csv.Error as exc:
        raise IngestError(f"malformed table near line {start} ({exc})") from exc
    return rows, None


def _swallowed_rows(rows: list[Row], delimiter: str) -> list[Note]:
    """Notes for quoted fields whose lines all look like rows (a stray quote closed later)."""
    width = max((len(cells) for _, cells in rows), default=0)
    notes: list[Note] = []
    for start, cells in rows:
        for cell in cells:
            inner = [line for line in cell.splitlines()[1:] if line.strip()]
            if width > 1 and len(inner) >= 2 and all(
                line.count(delimiter) == width - 1 for line in inner
            ):
                notes.append((start, f"possible unterminated quote: a field of this row holds "
                                     f"{len(inner)} lines that look like rows"))  # fmt: skip
                break
    return notes


def _looks_like_header(rows: list[tuple[int, list[str]]], options: IngestOptions) -> bool:
    """Known column names, or short labels above numbers or long texts."""
    first = rows[0][1]
    wanted = {key_name(v) for v in options.columns.values() if not v.isdigit()}
    if any(field_of(c) or key_name(c) in wanted for c in first):
        return True
    if any(len(c) > 64 or _is_number(c) for c in first):
        return False
    rest = [cells for _, cells in rows[1:50]]
    for i, label in enumerate(first):
        column = [cells[i] for cells in rest if i < len(cells)]
        if column and all(_is_number(c) for c in column):
            return True
        if column and max(len(c) for c in column) > 3 * max(len(label), 1) + 20:
            return True
    return False


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True


def _columns(
    names: list[str], has_header: bool, body: list[tuple[int, list[str]]], options: IngestOptions
) -> dict[str, int]:
    """Column index of every field: named by the user, then recognised headers."""
    found: dict[str, int] = {}
    for field, spec in options.columns.items():
        found[field] = _find(spec, names, field)
    if has_header:
        exact_first = sorted(range(len(names)), key=lambda i: not _is_exact(names[i]))
        for index in exact_first:
            target = field_of(names[index])
            if target and target not in found and index not in found.values():
                found[target] = index
    if "text" not in found:
        if has_header:
            raise IngestError(
                f"no text column (columns: {', '.join(names)}); name one with --text-column"
            )
        found["text"] = _longest_column(body, len(names))
    return found


def _is_exact(name: str) -> bool:
    return key_name(name).replace(" ", "_") == field_of(name)


def _find(spec: str, names: list[str], field: str) -> int:
    if spec.isdigit():
        index = int(spec) - 1
        if 0 <= index < len(names):
            return index
    else:
        for index, name in enumerate(names):
            if key_name(name) == key_name(spec):
                return index
    option = "--" + ("date" if field == "published" else field).replace("_", "-") + "-column"
    raise IngestError(f"no column '{spec}' for {option} (columns: {', '.join(names)})")


def _longest_column(body: list[tuple[int, list[str]]], width: int) -> int:
    totals = [0] * width
    for _, cells in body[:200]:
        for i, cell in enumerate(cells):
            totals[i] += len(cell)
    return max(range(width), key=totals.__getitem__)
