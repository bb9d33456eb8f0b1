"""Web inputs: a page (trafilatura on the fetched HTML) or a feed whose entries are followed
to their articles. Documents of a URL are keyed by its canonical URL.

Conditional GET: with a store that keeps fetch state, each URL is asked with the ETag and
Last-Modified of its last answer; a 304 is counted as unchanged and read no further. The
state of an answer is kept (``commit``) only once every document it gave is stored and
nothing below it failed for a reason that may pass, so an interrupted or failed run fetches
those URLs in full again. A feed entry whose article has state, and whose date is not later
than that state, is not asked at all (counted as seen): a feed that answers 200 without
change costs one request. robots.txt answers are kept in the store for a day (RFC 9309).
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from flashpoint.document import Document
from flashpoint.ingest.dates import normalise_date
from flashpoint.ingest.feed import _entry_date, _entry_text
from flashpoint.ingest.fetch import (
    Fetched,
    Fetcher,
    FetchError,
    FetchOptions,
    canonical_url,
    is_url,
    reader_for,
)
from flashpoint.ingest.fields import build_document
from flashpoint.ingest.html import read_html
from flashpoint.ingest.options import IngestOptions
from flashpoint.ingest.problems import IngestError, Problem
from flashpoint.ingest.text import read_text

_FEED_TAGS = (b"<rss", b"<feed", b"<rdf:rdf")
ROBOTS_MAX_AGE = 24 * 3600.0  # seconds a stored robots.txt answer is used (RFC 9309)


class StateStore(Protocol):
    """What the web reader needs from a store for conditional GET."""

    def fetch_state(self, url: str) -> dict[str, Any] | None: ...
    def save_fetch_state(self, url: str, etag: str | None, last_modified: str | None,
                         final_url: str) -> None: ...  # fmt: skip
    def has_document(self, doc_hash: str) -> bool: ...
    def robots_answers(self, max_age: float) -> dict[str, tuple[int, str]]: ...
    def save_robots(self, answers: dict[str, tuple[int, str]]) -> None: ...


@dataclass
class _Pending:
    """Validators of one answer, waiting until its documents are stored."""

    fetched: Fetched
    hashes: set[str] = field(default_factory=set)
    blocked: bool = False  # an entry below it failed for a reason that may pass
    done: bool = False  # read to the end (not cut short by Ctrl-C)


class WebReader:
    """Reads URLs for one run (or one watch round): one :class:`Fetcher`, robots.txt cached.

    ``given`` maps URLs to metadata that wins over what the pages say (``watch`` lines);
    ``conditional`` False fetches everything in full (``--force``).
    """

    def __init__(
        self, options: FetchOptions | None = None, store: StateStore | None = None,
        given: dict[str, dict[str, Any]] | None = None, conditional: bool = True,
        fetcher: Fetcher | None = None,
    ):  # fmt: skip
        self.fetcher = fetcher or Fetcher(options or FetchOptions())
        self.store = store
        self.given = given or {}
        self.conditional = conditional and store is not None
        self.counts: Counter[str] = Counter()  # fetched, unchanged, seen, failed
        self._pending: dict[str, _Pending] = {}
        self._unchanged: dict[str, dict[str, Any]] = {}  # 304s: their state is renewed
        if self.conditional and store is not None:
            self.fetcher.robots_cache = store.robots_answers(ROBOTS_MAX_AGE)

    def read(self, url: str, given: dict[str, Any], options: IngestOptions
             ) -> Iterator[Document | Problem]:  # fmt: skip
        """Documents of a page, or of the articles a feed links to; one problem per failure."""
        given = {**given, **self.given.get(url, {})}
        fetched = self._get(url)
        if isinstance(fetched, Problem):
            yield fetched
            return
        if fetched is None:
            return
        if _kind(fetched) == "feed":
            yield from self._feed(url, fetched, given, options)
        else:
            yield from self._track(url, _page_documents(url, fetched, given, {}, options))
        self._pending[canonical_url(url)].done = True

    def commit(self) -> int:
        """Keep the state of every answer whose documents are all stored (validators, if
        any, and when), renew that of 304 answers, keep new robots.txt answers; how many."""
        if self.store is None:
            return 0
        kept = 0
        for url, pending in self._pending.items():
            if not pending.done or pending.blocked or \
                    not all(map(self.store.has_document, pending.hashes)):
                continue
            answer = pending.fetched
            self.store.save_fetch_state(url, answer.etag, answer.last_modified, answer.final_url)
            kept += 1
        for url, state in self._unchanged.items():
            self.store.save_fetch_state(url, state.get("etag"), state.get("last_modified"),
                                        state.get("final_url") or url)  # fmt: skip
        self.store.save_robots(self.fetcher.fresh_robots)
        self.fetcher.fresh_robots.clear()
        self._pending.clear()
        self._unchanged.clear()
        return kept

    def close(self) -> None:
        self.fetcher.close()

    # -- fetching --------------------------------------------------------------------
    def _get(self, url: str) -> Fetched | Problem | None:
        """The answer; None when unchanged since the stored validators; a problem on failure."""
        key = canonical_url(url)
        state = self.store.fetch_state(key) if self.conditional and self.store else None
        try:
            fetched = self.fetcher.get(url, **_validators(state))
        except FetchError as exc:
            self.counts["failed"] += 1
            return Problem(url, exc.reason) if not exc.transient else _Transient(url, exc.reason)
        if fetched.not_modified:
            self.counts["unchanged"] += 1
            self._unchanged[key] = state or {}
            return None
        self.counts["fetched"] += 1
        self._pending[key] = _Pending(fetched)
        return fetched

    def _track(self, url: str, items: Iterator[Document | Problem],
               parent: str | None = None) -> Iterator[Document | Problem]:  # fmt: skip
        for item in items:
            if isinstance(item, Document):
                for key in (url, parent):
                    if key and canonical_url(key) in self._pending:
                        self._pending[canonical_url(key)].hashes.add(item.hash)
            yield item

    # -- feeds -----------------------------------------------------------------------
    def _feed(self, url: str, fetched: Fetched, given: dict[str, Any],
              options: IngestOptions) -> Iterator[Document | Problem]:  # fmt: skip
        import feedparser

        parsed = feedparser.parse(fetched.content)
        if not parsed.entries:
            yield Problem(url, "feed has no entries" if parsed.get("version")
                          else "not an RSS or Atom feed")  # fmt: skip
            return
        channel = _channel(parsed.feed)
        for number, entry in enumerate(parsed.entries, start=1):
            link = entry.get("link")
            article = _resolve(fetched.final_url, link) if link else None
            if article is None:
                yield from self._track(url, _entry_document(url, number, entry, channel, given))
                continue
            if self._seen(article, entry):
                self.counts["seen"] += 1
                continue
            yield from self._article(url, article, number, entry, channel, given, options)

    def _seen(self, article: str, entry: Any) -> bool:
        """The entry's article is stored (its state kept) and the entry is dated no later."""
        if not self.conditional or self.store is None:
            return False
        state = self.store.fetch_state(canonical_url(article))
        if state is None:
            return False
        changed, kept = _entry_changed(entry), state.get("fetched_at")
        return changed is None or (kept is not None and changed <= kept)

    def _article(
        self, feed_url: str, url: str, number: int, entry: Any, channel: dict[str, Any],
        given: dict[str, Any], options: IngestOptions,
    ) -> Iterator[Document | Problem]:  # fmt: skip
        fetched = self._get(url)
        if isinstance(fetched, _Transient):
            self._pending[canonical_url(feed_url)].blocked = True
        if isinstance(fetched, Problem):
            yield fetched
            return
        if fetched is None:
            return
        if _kind(fetched) == "feed":
            yield Problem(url, f"feed entry {number} links to a feed, not an article")
            return
        # entry values win over the page's; the feed's own title, author, date fill gaps
        from_entry = {k: v for k, v in _entry_fields(entry).items() if v}
        extra = {"feed": feed_url, "feed_entry": number}
        items = _page_documents(url, fetched, {**from_entry, **given}, channel, options, extra)
        yield from self._track(url, items, parent=feed_url)
        self._pending[canonical_url(url)].done = True


class _Transient(Problem):
    """A failure that may pass (timeout, refused connection, 5xx): asked again next time."""


# -- documents -----------------------------------------------------------------------


def _page_documents(
    url: str, fetched: Fetched, given: dict[str, Any], defaults: dict[str, Any],
    options: IngestOptions, extra: dict[str, Any] | None = None,
) -> Iterator[Document | Problem]:  # fmt: skip
    """The documents of one fetched page (HTML or plain text), keyed by its canonical URL."""
    given = {**given, "id": canonical_url(fetched.final_url), "url": fetched.final_url}
    if fetched.final_url != url:
        given["requested_url"] = url
    reader = read_text if _kind(fetched) == "txt" else read_html
    try:
        for item in reader(_as_utf8(fetched), url, given, options):
            if isinstance(item, Document):
                _fill(item, defaults)
                item.metadata.update(extra or {})
            yield item
    except IngestError as exc:
        yield Problem(url, exc.reason)


def _entry_document(url: str, number: int, entry: Any, channel: dict[str, Any],
                    given: dict[str, Any]) -> Iterator[Document | Problem]:  # fmt: skip
    """An entry without a link: its own text, as a feed file gives it."""
    text = _entry_text(entry)
    if not text:
        yield Problem(url, f"feed entry {number} has no link and no text")
        return
    found = {**channel, **{k: v for k, v in _entry_fields(entry).items() if v}}
    yield build_document(text, found, given, url, extra={"feed": url, "feed_entry": number,
                                                         "guid": entry.get("id")})  # fmt: skip


def _entry_changed(entry: Any) -> datetime | None:
    """The entry's latest date (updated or published), naive UTC as the store keeps times."""
    found = [dict.get(entry, k) for k in ("updated_parsed", "published_parsed")]  # no fallback
    found = [f for f in found if f]
    if not found:
        return None
    return datetime.fromtimestamp(calendar.timegm(max(found)), timezone.utc).replace(tzinfo=None)


def _entry_fields(entry: Any) -> dict[str, Any]:
    return {"title": entry.get("title"), "author": entry.get("author"),
            "published": _entry_date(entry)}  # fmt: skip


def _channel(feed: Any) -> dict[str, Any]:
    """The feed's own title (the outlet), author and date."""
    return {"outlet": feed.get("title"), "author": feed.get("author"),
            "published": _entry_date(feed), "language": feed.get("language")}  # fmt: skip


def _fill(doc: Document, defaults: dict[str, Any]) -> None:
    """Fields the page and the entry left empty, from the feed itself. A site name that is
    only the host name (trafilatura's guess when the page names none) counts as empty."""
    if doc.outlet and doc.url and doc.outlet in _host_names(doc.url):
        doc.outlet = None
    for name in ("outlet", "author"):
        if not getattr(doc, name) and isinstance(defaults.get(name), str):
            setattr(doc, name, defaults[name].strip() or None)
    if not doc.outlet and doc.url:
        doc.outlet = _host_names(doc.url)[-1]
    if not doc.published and defaults.get("published"):
        doc.published = normalise_date(defaults["published"])


def _host_names(url: str) -> tuple[str, str, str]:
    netloc = urlsplit(url).netloc.lower()
    host = netloc.split(":")[0]
    return netloc, host, host.removeprefix("www.")


def _resolve(base: str, link: str) -> str | None:
    target = urljoin(base, link.strip())
    return target if is_url(target) else None


def _validators(state: dict[str, Any] | None) -> dict[str, str | None]:
    if not state:
        return {}
    return {"etag": state.get("etag"), "last_modified": state.get("last_modified")}


def _kind(fetched: Fetched) -> str:
    """``html``, ``feed`` or ``txt``: by content type, else by the first bytes."""
    reader = reader_for(fetched.media_type)
    if reader in ("html", "feed", "txt"):
        return reader
    head = fetched.content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(tag in head for tag in _FEED_TAGS):
        return "feed"
    return "html" if head.startswith(b"<") else "txt"


def _as_utf8(fetched: Fetched) -> bytes:
    """The body as UTF-8: bytes that are UTF-8 already stay (servers often name a default
    charset they do not use); others are decoded with the answer's charset when it fits."""
    try:
        fetched.content.decode("utf-8")
        return fetched.content
    except UnicodeDecodeError:
        pass
    if not fetched.charset:
        return fetched.content  # the readers' own detection (Windows-1252, ...) decides
    try:
        return fetched.content.decode(fetched.charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return fetched.content
