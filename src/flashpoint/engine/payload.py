"""Documents as plain, pickle-light values for crossing process and machine boundaries.

Work goes out as the ingest fields of a :class:`Document` (text and metadata) and comes
back as the processed ``Document`` without its spaCy ``Doc`` (never stored, costly to ship),
or as a :class:`Failed` note when a stage raised on it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from flashpoint.document import Document

# the fields ingest sets; everything after ``metadata`` is filled by the stages
INPUT_FIELDS = tuple(
    f.name for f in fields(Document) if f.name not in {
        "spacy_doc", "sentences", "mentions", "events", "stances", "recommendations",
        "references", "frames", "places", "sentence_frames", "sentence_relevance", "relevance",
        "timings",
    }
)  # fmt: skip


@dataclass
class Failed:
    """A document the pipeline raised on: enough to log it, not to retry it."""

    doc_id: str | None
    source_path: str | None
    reason: str
    line: int | None = None  # line of the input file, for records read from tables/JSONL


def to_payload(doc: Document) -> dict[str, Any]:
    """The text and metadata of a document as a plain dict."""
    return {name: getattr(doc, name) for name in INPUT_FIELDS}


def from_payload(payload: dict[str, Any]) -> Document:
    return Document(**payload)


def strip(doc: Document) -> Document:
    """Drop the spaCy ``Doc`` so the document pickles small and memory stays flat."""
    doc.spacy_doc = None
    return doc
