"""Readers by format name, and the format of a file by suffix (or by its first bytes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.feed import read_feed
from flashpoint.ingest.html import read_html
from flashpoint.ingest.jsonl import read_json, read_jsonl
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import Problem
from flashpoint.ingest.table import read_csv, read_tsv
from flashpoint.ingest.text import read_text

Reader = Callable[[bytes, str, dict[str, Any], IngestOptions], Iterator[Document | Problem]]

READERS: dict[str, Reader] = {
    "txt": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": read_tsv,
    "feed": read_feed,
}

SUFFIXES: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "txt", "": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}  # fmt: skip


def format_of(path: Path) -> str | None:
    """Format name for a file suffix (case-insensitive); None when unsupported."""
    return SUFFIXES.get(path.suffix.lower())


def sniff(data: bytes) -> str:
    """Guess the format of unnamed input (stdin) from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed"
    if head.startswith(b"<"):
        return "html"
    return "txt"
