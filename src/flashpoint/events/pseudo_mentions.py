"""Stand-in mentions for running the event coder without the actor stage.

``mark`` tags given names (tests, small experiments).
"""

from __future__ import annotations

import re

from flashpoint.document import Document, Mention


def mark(doc: Document, names: dict[str, str | tuple[str, ...]]) -> Document:
    """Add a mention for each occurrence of each name: ``{"India": "IND", "Crimea": ("CRIMEANS", "place")}``.

    A tuple value is ``(actor_id, *flags)`` with flags among ``place``, ``person`` and a sector.
    """
    spans: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        value = names[name]
        actor_id, *flags = (value,) if isinstance(value, str) else value
        first = f"[{re.escape(name[0].lower())}{re.escape(name[0].upper())}]"
        for m in re.finditer(rf"(?<!\w){first}{re.escape(name[1:])}(?!\w)", doc.text):
            if any(m.start() < e and s < m.end() for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            sector = next((f for f in flags if f.isupper()), None)
            doc.mentions.append(Mention(
                m.start(), m.end(), m.group(0), actor_id, sector=sector,
                kind="person" if "person" in flags else "name", is_place="place" in flags,
                sentence=doc.sentence_index(m.start()),
            ))  # fmt: skip
    doc.mentions.sort(key=lambda x: x.start)
    return doc
