"""Overview figures of a store: sizes, date range, most active actors."""

from __future__ import annotations

from typing import Any

from flashpoint.analysis import source
from flashpoint.store.queries import items as item_queries


def overview(
    src: source.Source, since: str | None = None, until: str | None = None
) -> dict[str, Any]:
    """Sizes of the store (or of a date window: documents by published date, events by their
    date, the other items by their document's), its date range and the most mentioned actors."""
    con = source.connect(src)
    found = item_queries.overview(con, source.Period.parse(since, until))
    names = source.actor_names(con)
    found["top_actors"] = [
        {"id": a, "name": source.display(a, names), "mentions": int(m), "documents": int(d)}
        for a, m, d in found["top_actors"]
    ]
    return found
