"""Storage behind a small interface; DuckDB is the embedded default engine."""

from __future__ import annotations

from pathlib import Path

from flashpoint.store.base import TABLES, Store
from flashpoint.store.duckdb_store import DuckDBStore, StoreError


def open_store(path: str | Path, read_only: bool = False) -> Store:
    """Open the store at ``path`` (engine picked by suffix; DuckDB for .duckdb/.db)."""
    return DuckDBStore(Path(path), read_only=read_only)


__all__ = ["TABLES", "DuckDBStore", "Store", "StoreError", "open_store"]
