"""Turn a processed :class:`Document` into the document record of the spec (and back)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flashpoint.document import Document

EVENT_KEYS = (
    "source", "source_sector", "source_text", "type", "mode", "target", "target_sector",
    "target_text", "status", "date", "date_precision", "quote", "start", "end", "confidence",
    "location",
)  # fmt: skip
LOCATION_KEYS = ("name", "id", "lat", "lon", "admin1", "country", "precision")


def actor_name(actor_id: str) -> str:
    """Display name of an actor id (from the packs when available)."""
    try:
        from flashpoint.actors.packs import display_name
    except ImportError:
        return actor_id
    return display_name(actor_id)


def to_record(doc: Document) -> dict[str, Any]:
    counts = doc.actor_counts()
    actors = [
        {"id": aid, "name": actor_name(aid), "mentions": n}
        for aid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "author": doc.author,
        "outlet": doc.outlet,
        "published": doc.published,
        "url": doc.url,
        "actors": actors,
        "events": [{k: getattr(e, k) for k in EVENT_KEYS} for e in doc.events],
        "stances": [asdict(s) for s in doc.stances],
        "recommendations": [asdict(r) for r in doc.recommendations],
        "references": [
            {"id": r.id, "quote": r.quote, "start": r.start, "end": r.end} for r in doc.references
        ],
        "frames": [{"id": f.id, "score": round(f.score, 4)} for f in doc.frames],
        "places": [place_record(p) for p in doc.places],
    }


def place_record(mention: Any) -> dict[str, Any]:
    """A place mention of the record: the span, and its place (id null: not in the gazetteer)."""
    place = mention.place.as_location() if mention.place else {"id": None}
    return {"text": mention.text, "start": mention.start, "end": mention.end, **place}
