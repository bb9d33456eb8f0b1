"""Links the pages build to document views: ids quoted whole, as one path segment."""

from __future__ import annotations

from urllib.parse import quote

from flashpoint.report.documents import anchor


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
