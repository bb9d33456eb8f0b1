"""Plain text files: one document each; a short first line followed by a blank line is the title."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.decode import decode_bytes
from flashpoint.ingest.fields import build_document
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import IngestError, Problem

_TITLE_MAX_CHARS = 150
_TITLE_MAX_WORDS = 20


def guess_title(text: str) -> str | None:
    """The first line when it looks like a headline: short, no final period, then a blank line."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n", 2)
    if len(lines) < 3 or lines[1].strip():
        return None
    first = lines[0].strip()
    if not first or len(first) > _TITLE_MAX_CHARS or len(first.split()) > _TITLE_MAX_WORDS:
        return None
    if re.search(r"[.,;:]$", first) or not re.search(r"[^\W\d_]", first):
        return None
    return first


def read_text(
    data: bytes, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    text = decode_bytes(data)
    if not text.strip():
        raise IngestError("empty file")
    yield build_document(text, {"title": guess_title(text)}, given, label)
