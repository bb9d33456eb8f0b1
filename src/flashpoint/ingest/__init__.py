"""Ingestion: files, folders and stdin in many formats to :class:`~flashpoint.document.Document`.

One small reader per format (``text``, ``html``, ``jsonl``, ``table``, ``feed``), picked by
file suffix in :mod:`flashpoint.ingest.registry`. Problems never raise: they come back as
:class:`Problem` items (``path[:line]: reason``) beside the documents.
"""

from flashpoint.ingest.dates import normalise_date
from flashpoint.ingest.options import DEFAULT_MAX_BYTES, IngestOptions
from flashpoint.ingest.problems import IngestError, Problem
from flashpoint.ingest.registry import READERS, SUFFIXES
from flashpoint.ingest.sources import STDIN, Source, collect_sources, iter_documents, read_source

__all__ = [
    "DEFAULT_MAX_BYTES", "READERS", "STDIN", "SUFFIXES", "IngestError", "IngestOptions",
    "Problem", "Source", "collect_sources", "iter_documents", "normalise_date", "read_source",
]  # fmt: skip
