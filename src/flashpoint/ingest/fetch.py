"""One polite HTTP client for web inputs (httpx).

Every request goes through :class:`Fetcher`: a clear User-Agent, timeouts, a byte cap
enforced while the body streams, a redirect limit (each hop checked against robots.txt),
at most ``rate`` requests per host per second (slower when robots.txt asks for a
Crawl-delay), and bounded retries with backoff on 429 and 5xx answers (Retry-After honoured).
robots.txt is fetched once per host per :class:`Fetcher` through the same client, unless
``robots_cache`` holds a recent answer for it (a store keeps them; new ones are in
``fresh_robots``).
Failures raise :class:`FetchError` with a one-line reason.
"""

from __future__ import annotations

import email.utils
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import yaml

from flashpoint import __version__
from flashpoint.ingest.options import DEFAULT_MAX_BYTES, byte_limit, byte_size

AGENT_TOKEN = "flashpoint"  # the name robots.txt rules are matched against
USER_AGENT = f"{AGENT_TOKEN}/{__version__} (+https://example.org/flashpoint)"
ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
          "application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8, */*;q=0.1")
ROBOTS_MAX_BYTES = 512 * 1024  # robots.txt beyond this is cut (RFC 9309 allows 500 KiB)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=1)
def web_data() -> dict[str, Any]:
    """Tracking parameters, content types and retry statuses (``web.yaml``)."""
    text = resources.files("flashpoint.ingest").joinpath("web.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def is_url(text: str) -> bool:
    """An http(s) URL (as opposed to a path)."""
    return text[:8].lower().startswith(("http://", "https://"))


def url_scheme(text: str) -> str | None:
    """The scheme of something written like a URL (``ftp://x`` -> ``ftp``), else None."""
    head, sep, _ = text.partition("://")
    return head.lower() if sep and head.isalpha() else None


def canonical_url(url: str) -> str:
    """A stable form of a URL for document ids: lower-case scheme and host, no default port,
    no credentials, no fragment, no tracking parameters (``utm_*``, ``fbclid``, ...)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    data = web_data()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in data["tracking_params"]
             and not k.lower().startswith(tuple(data["tracking_prefixes"]))]  # fmt: skip
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


class FetchError(Exception):
    """A URL that could not be fetched; ``transient`` when asking again later may work."""

    def __init__(self, reason: str, transient: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


@dataclass
class FetchOptions:
    timeout: float = 20.0  # seconds for connecting and for the whole answer
    max_bytes: int = DEFAULT_MAX_BYTES  # larger answers are refused (--max-bytes)
    max_redirects: int = 5
    rate: float = 1.0  # requests per host per second
    retries: int = 3  # on 429 and 5xx
    backoff: float = 1.0  # first wait before a retry, doubled each time
    max_wait: float = 60.0  # longest wait for one retry; a longer Retry-After gives up
    user_agent: str = USER_AGENT


@dataclass
class Fetched:
    """An answer: 200 with its body, or 304 (not modified) without one."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content: bytes = b""
    media_type: str | None = None  # e.g. text/html, lower case, no parameters
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Answer:
    status: int
    headers: httpx.Headers
    content: bytes = b""


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    error: FetchError | None = None  # the host could not be reached


@dataclass
class Fetcher:
    """Fetch URLs politely; ``sleep`` and ``clock`` are replaceable for tests."""

    options: FetchOptions = field(default_factory=FetchOptions)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        timeout = httpx.Timeout(self.options.timeout)
        self.client = httpx.Client(
            headers={"User-Agent": self.options.user_agent, "Accept": ACCEPT}, timeout=timeout,
            follow_redirects=False,
        )  # fmt: skip
        self._robots: dict[str, _Robots] = {}
        self._last: dict[str, float] = {}  # host -> when its last request started
        self._delays: dict[str, float] = {}  # host -> Crawl-delay from its robots.txt
        self.requests = 0
        self.robots_cache: dict[str, tuple[int, str]] = {}  # origin -> (status, body), kept
        self.fresh_robots: dict[str, tuple[int, str]] = {}  # answers fetched now, to keep

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when validators are given), following redirects."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen = url, {_defragged(url)}
        for _ in range(self.options.max_redirects + 1):
            self._check_robots(current)
            answer = self._send(current, headers, self.options.max_bytes)
            target = _redirect_target(current, answer)
            if target is None:
                return _fetched(url, current, answer)
            if _defragged(target) in seen:
                raise FetchError(f"redirect loop (back to {target})")
            seen.add(_defragged(target))
            current = target
        raise FetchError(f"too many redirects (over {self.options.max_redirects})")

    def close(self) -> None:
        self.client.close()

    # -- robots.txt ------------------------------------------------------------------
    def _check_robots(self, url: str) -> None:
        key = _origin(url)
        if key not in self._robots:
            self._robots[key] = self._load_robots(key)
        robots = self._robots[key]
        if robots.error is not None:
            raise robots.error
        if robots.parser is not None and not robots.parser.can_fetch(AGENT_TOKEN, url):
            raise FetchError("disallowed by robots.txt")

    def _load_robots(self, origin: str) -> _Robots:
        """RFC 9309: a 4xx answer allows everything; 5xx or no answer allows nothing yet."""
        url = f"{origin}/robots.txt"
        if origin in self.robots_cache:
            return self._robots_rules(url, *self.robots_cache[origin])
        try:
            answer = self._robots_answer(url)
        except FetchError as exc:
            return _Robots(None, exc)
        body = answer.content.decode("utf-8", "replace")
        if answer.status == 200 or 400 <= answer.status < 500:  # final answers are kept
            self.fresh_robots[origin] = (answer.status, body)
        return self._robots_rules(url, answer.status, body)

    def _robots_rules(self, url: str, status: int, body: str) -> _Robots:
        if 400 <= status < 500:
            return _Robots(None)
        if status >= 300:
            return _Robots(None, FetchError(f"robots.txt unavailable (HTTP {status})", True))
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(body.splitlines())
        delay = parser.crawl_delay(AGENT_TOKEN)
        if delay:
            self._delays[_host(url)] = min(float(delay), self.options.max_wait)
        return _Robots(parser)

    def _robots_answer(self, url: str) -> _Answer:
        for _ in range(self.options.max_redirects + 1):
            answer = self._send(url, {}, ROBOTS_MAX_BYTES, cut=True)
            target = _redirect_target(url, answer)
            if target is None:
                return answer
            url = target
        return _Answer(404, httpx.Headers())  # endless redirects: as if there were none

    # -- one request, with rate limit and retries ------------------------------------
    def _send(self, url: str, headers: dict[str, str], limit: int, cut: bool = False) -> _Answer:
        for attempt in range(self.options.retries + 1):
            self._throttle(_host(url))
            answer = self._once(url, headers, limit, cut)
            if answer.status not in web_data()["retry_statuses"]:
                return answer
            wait = self._retry_wait(answer, attempt)
            if isinstance(wait, str):
                raise FetchError(f"HTTP {answer.status} ({wait})", transient=True)
            self.sleep(wait)
        raise AssertionError("unreachable")

    def _retry_wait(self, answer: _Answer, attempt: int) -> float | str:
        """Seconds to wait before the next try, or why there is none."""
        if attempt >= self.options.retries:
            tries = "retry" if self.options.retries == 1 else "retries"
            return f"still after {self.options.retries} {tries}"
        asked = _retry_after(answer.headers.get("Retry-After"))
        wait = asked if asked is not None else self.options.backoff * 2**attempt
        if wait > self.options.max_wait:
            if asked is not None:
                return f"Retry-After {asked:g} s is over the {self.options.max_wait:g} s limit"
            wait = self.options.max_wait
        return wait

    def _once(self, url: str, headers: dict[str, str], limit: int, cut: bool) -> _Answer:
        self.requests += 1
        deadline = self.clock() + self.options.timeout
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code != 200:
                    return _Answer(response.status_code, response.headers)
                _check_type(response.headers)
                body = _read_body(response, limit, cut, deadline, self.clock)
                return _Answer(200, response.headers, body)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.options.timeout:g} s", True) from exc
        except httpx.TransportError as exc:
            raise FetchError(_transport_reason(exc), True) from exc

    def _throttle(self, host: str) -> None:
        interval = max(1.0 / self.options.rate, self._delays.get(host, 0.0))
        ready = self._last.get(host, float("-inf")) + interval
        now = self.clock()
        if ready > now:
            self.sleep(ready - now)
        self._last[host] = self.clock()


# -- helpers ---------------------------------------------------------------------------


def _defragged(url: str) -> str:
    return url.partition("#")[0]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _redirect_target(url: str, answer: _Answer) -> str | None:
    if answer.status not in (301, 302, 303, 307, 308):
        return None
    location = answer.headers.get("Location")
    if not location:
        raise FetchError(f"HTTP {answer.status} without a Location")
    target = urljoin(url, location.strip())
    if not is_url(target):
        raise FetchError(f"redirected to a non-web URL ({target})")
    return target


def _fetched(url: str, final_url: str, answer: _Answer) -> Fetched:
    if answer.status not in (200, 304):
        raise FetchError(f"HTTP {answer.status}", transient=answer.status >= 500)
    media_type, charset = _content_type(answer.headers.get("Content-Type"))
    return Fetched(
        url, final_url, answer.status, answer.content, media_type, charset,
        answer.headers.get("ETag"), answer.headers.get("Last-Modified"),
    )  # fmt: skip


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, *params = (part.strip() for part in value.split(";"))
    charset = next((p.split("=", 1)[1].strip("\"' ").lower() for p in params
                    if p.lower().startswith("charset=")), None)  # fmt: skip
    return media.lower() or None, charset


def reader_for(media_type: str | None) -> str | None:
    """``html``, ``feed``, ``xml`` or ``txt`` for a media type; None when unsupported."""
    for reader, types in web_data()["content_types"].items():
        if media_type in types:
            return reader
    return None


def _check_type(headers: httpx.Headers) -> None:
    media_type, _ = _content_type(headers.get("Content-Type"))
    if media_type is not None and reader_for(media_type) is None:
        raise FetchError(f"not a web page or feed (content type {media_type})")


def _read_body(
    response: httpx.Response, limit: int, cut: bool, deadline: float, clock: Callable[[], float]
) -> bytes:
    """The body, refused (or with ``cut``, cut) past ``limit`` bytes, without reading on."""
    declared = response.headers.get("Content-Length", "")
    if not cut and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"response is {byte_size(int(declared))}, over {byte_limit(limit)}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            if cut:
                chunks.append(chunk[: len(chunk) - (size - limit)])
                break
            raise FetchError(f"response is over {byte_limit(limit)}")
        chunks.append(chunk)
        if clock() > deadline:
            raise httpx.ReadTimeout("the whole answer took too long")
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _transport_reason(exc: httpx.TransportError) -> str:
    text = str(exc) or exc.__class__.__name__
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered or \
            "temporary failure in name resolution" in lowered or "getaddrinfo" in lowered:
        return "cannot resolve the host name"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({text})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"broken answer ({text})"
    return f"{exc.__class__.__name__}: {text}"
