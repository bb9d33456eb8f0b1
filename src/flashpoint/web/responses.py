"""API answers: JSON as it is, or a CSV or JSON file to download (``format=csv|json``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.responses import JSONResponse, Response, StreamingResponse

from flashpoint.analysis.rows import plain

MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _dumps(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, default=str)


class DataJSON(JSONResponse):
    """JSON of rows that are already plain (``analysis.records``): no second conversion."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":")).encode()


def attachment(name: str, fmt: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}


def columns_of(rows: list[dict[str, Any]]) -> list[str]:
    """Every key of the rows, in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def cell(value: Any) -> Any:
    """A CSV cell: lists and dicts as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return _dumps(value)
    return plain(value)


def csv_lines(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """The header, then the rows in chunks of CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow([cell(row.get(c)) for c in columns])
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON array, written a row at a time."""
    yield "["
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + _dumps(row)
    yield "\n]\n"


def data_response(data: Any, fmt: str | None, name: str) -> Response:
    """``data`` as JSON, or as a file named ``name`` to download when ``fmt`` is given.
    A CSV holds ``data`` when it is a list of rows, else its ``items``."""
    if fmt is None:
        return DataJSON(data)
    if fmt == "json":
        return Response(_dumps(data), media_type=MEDIA["json"], headers=attachment(name, "json"))
    rows = data if isinstance(data, list) else data.get("items", [data])
    return rows_download(rows, fmt, name, columns_of(rows))


def rows_download(
    rows: Iterable[dict[str, Any]], fmt: str, name: str, columns: list[str]
) -> StreamingResponse:
    """Rows streamed as a CSV or JSON file to download."""
    body = csv_lines(rows, columns) if fmt == "csv" else json_lines(rows)
    return StreamingResponse(body, media_type=MEDIA[fmt], headers=attachment(name, fmt))
