"""RSS and Atom feeds (feedparser): each entry becomes a document."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from flashpoint.document import Document
from flashpoint.ingest.fields import build_document
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import IngestError, Problem


def read_feed(
    data: bytes, label: str, given: dict[str, Any], options: IngestOptions
) -> Iterator[Document | Problem]:
    import feedparser

    if not data.strip():
        raise IngestError("empty file")
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("version"):
            raise IngestError("feed has no entries")
        raise IngestError("not an RSS or Atom feed")
    site = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        text = _entry_text(entry)
        if not text:
            yield Problem(label, f"feed entry {number} has no text")
            continue
        found = {
            "title": entry.get("title"), "author": entry.get("author"),
            "published": _entry_date(entry), "url": entry.get("link"), "outlet": site,
            "guid": entry.get("id"), "language": parsed.feed.get("language"),
        }  # fmt: skip
        yield build_document(text, found, given, label, extra={"feed_entry": number})


def _entry_text(entry: Any) -> str:
    """Longest of the entry's content blocks and summary, as plain text."""
    candidates = [c.get("value") or "" for c in entry.get("content") or []]  # an empty block has None
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len, default="")
    return html_to_text(best).strip()


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            return time.strftime("%Y-%m-%d", entry[key])
    return entry.get("published") or entry.get("updated")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph a line."""
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fromstring(fragment)
    except (ValueError, lxml.etree.ParserError):
        return fragment
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content()
