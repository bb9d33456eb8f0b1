"""The small interface every store engine implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from flashpoint.document import Document

# CLI/table names -> physical table names
TABLES = {
    "documents": "documents",
    "sentences": "sentences",
    "mentions": "mentions",
    "actors": "actors",
    "events": "events",
    "stances": "stances",
    "recommendations": "recommendations",
    "references": "doc_references",
    "frames": "frames",
    "runs": "runs",
    "errors": "ingest_errors",
    "stories": "stories",  # a view: near-duplicates folded (ingest/dedupe.py)
}


class Store(Protocol):
    con: Any  # the DuckDB connection the read-side queries (flashpoint.store.queries) run on

    def known_hashes(self) -> set[str]: ...
    def has_document(self, doc_hash: str) -> bool: ...
    def save(self, docs: Iterable[Document], run_id: str) -> int: ...
    def start_run(self, settings: dict[str, Any]) -> str: ...
    def finish_run(self, run_id: str, status: str, **counts: int) -> None: ...
    def log_error(self, run_id: str, path: str, line: int | None, reason: str) -> None: ...
    def records(self, doc_ids: list[str] | None = None) -> Iterator[dict[str, Any]]: ...
    def export(self, table: str, fmt: str, path: Path) -> int: ...
    def stats(self) -> dict[str, int]: ...
    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...
