"""Options that steer reading: limits, column names for tables, file-name patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashpoint.ingest.web import WebReader

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024


def byte_size(size: int) -> str:
    """A size for messages: ``50.0 MB``, or bytes below one MB."""
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{size:,} bytes"


def byte_limit(max_bytes: int) -> str:
    """The ``--max-bytes`` limit for messages: ``the 20 MB limit``, ``the 1,000-byte limit``."""
    amount = f"{max_bytes // _MB} MB" if max_bytes % _MB == 0 else f"{max_bytes:,}-byte"
    return f"the {amount} limit (--max-bytes)"


@dataclass
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES  # larger files are refused
    max_chars: int = 1_000_000  # longer documents are refused
    columns: dict[str, str] = field(default_factory=dict)  # field -> column name or 1-based number
    header: bool | None = None  # tables: None = detect, False = no header row
    name_pattern: re.Pattern[str] | None = None  # named groups -> metadata from file names
    format: str | None = None  # force one reader (txt, html, jsonl, csv, tsv, feed)
    web: WebReader | None = None  # fetches URLs (one client per run); made on first use

    @staticmethod
    def compile_pattern(pattern: str | None) -> re.Pattern[str] | None:
        """Compile ``--name-pattern``; raises ``ValueError`` with a readable reason."""
        if not pattern:
            return None
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid --name-pattern: {exc}") from exc
        if not compiled.groupindex:
            raise ValueError("--name-pattern needs named groups, e.g. (?P<published>\\d{4})")
        return compiled
