"""Reading gold and system JSON Lines files, with one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LIST_FIELDS = ("actors", "optional_actors", "events", "recommendations", "references", "frames")


class EvaluationInputError(ValueError):
    """A gold or system file that cannot be scored; the message names file and line."""


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Document records of a JSON Lines file, checked for the shape the scorer needs."""
    path = Path(path)
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationInputError(f"{path}: cannot read ({exc.__class__.__name__})") from exc
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationInputError(f"{where}: invalid JSON ({exc.msg})") from exc
        check_record(record, where)
        doc_id = record["doc_id"]
        if doc_id in seen:
            raise EvaluationInputError(
                f"{where}: duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})"
            )
        seen[doc_id] = number
        records.append(record)
    return records


def check_record(record: Any, where: str) -> None:
    """Raise :class:`EvaluationInputError` unless ``record`` has the fields the scorer reads."""
    if not isinstance(record, dict):
        raise EvaluationInputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    doc_id = record.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise EvaluationInputError(f"{where}: missing or empty 'doc_id'")
    for key in LIST_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, list):
            raise EvaluationInputError(f"{where}: '{key}' must be a list")
    scope = record.get("scope")
    if scope is not None and not (
        isinstance(scope, list)
        and all(
            isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
            for span in scope
        )
    ):
        raise EvaluationInputError(f"{where}: 'scope' must be a list of [start, end] pairs")
    for i, event in enumerate(record.get("events") or []):
        if not isinstance(event, dict):
            raise EvaluationInputError(f"{where}: events[{i}] must be an object")
        if not event.get("type"):
            raise EvaluationInputError(f"{where}: events[{i}] has no 'type'")
    for key in ("recommendations",):
        for i, item in enumerate(record.get(key) or []):
            if not isinstance(item, dict):
                raise EvaluationInputError(f"{where}: {key}[{i}] must be an object")
    for key in ("actors", "references", "frames"):
        for i, item in enumerate(record.get(key) or []):
            if isinstance(item, dict):
                if not isinstance(item.get("id"), str):
                    raise EvaluationInputError(f"{where}: {key}[{i}] has no 'id'")
            elif not isinstance(item, str):
                raise EvaluationInputError(f"{where}: {key}[{i}] must be an id or an object")
