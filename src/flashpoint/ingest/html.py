"""HTML pages: main text and metadata (title, author, date, site) extracted by trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.fields import build_document
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import IngestError, Problem


def read_html(
    data: bytes, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    import trafilatura

    markup = decode_bytes(data)
    try:
        result = trafilatura.bare_extraction(
            markup, url=given.get("url"), with_metadata=True, include_comments=False,
            favor_recall=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise IngestError(f"could not parse HTML ({exc.__class__.__name__})") from exc
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise IngestError("no main text found in the HTML")
    found = {
        "title": result.title, "author": result.author, "published": result.date,
        "outlet": result.sitename, "url": result.url, "language": result.language,
    }  # fmt: skip
    yield build_document(text, found, given, label)
