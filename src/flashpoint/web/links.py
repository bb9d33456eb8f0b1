"""Links the pages build: document ids quoted whole, and only web URLs made clickable."""

from __future__ import annotations

import re
from urllib.parse import quote

from flashpoint.report.documents import anchor

# http(s), a host, then no whitespace or control character (a stored URL is one token)
_WEB_URL = re.compile(r"https?://[^\s/?#\\]+[^\s\x00-\x1f\x7f]*", re.IGNORECASE)


def doc_url(doc_id: str, element: str | None = None) -> str:
    """Path of a document view. ``/``, ``?`` and ``#`` in the id are quoted, so ids that are
    URLs or file paths (``../x``) stay one path segment and reach their document. (An id that
    is only ``.`` or ``..`` is a dot segment browsers drop, quoted or not.)"""
    path = "/documents/" + quote(str(doc_id), safe="")
    return path + fragment(element) if element else path


def item_url(doc_id: str, kind: str, idx: int) -> str:
    """Link to an extracted item (``kind``: ev, st, rec, ref) in its document view."""
    return doc_url(doc_id, anchor(doc_id, kind, idx))


def fragment(element: str) -> str:
    """``#element`` with the element id quoted (browsers decode it to find the element)."""
    return "#" + quote(element, safe="")


def web_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None: ``javascript:``, ``data:``,
    relative and malformed URLs are shown as text, never as links."""
    return url if url and _WEB_URL.fullmatch(url) else None
