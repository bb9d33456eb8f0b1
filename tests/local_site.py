"""A tiny web site on 127.0.0.1 for the fetch and watch tests: routes are set per test; every
request is recorded with its headers. Nothing leaves the machine."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# status, headers, body
Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, str]], Answer]

PARAGRAPHS = [
    "Officials from both governments met on Tuesday in the border town to discuss the "
    "reopening of the crossing, which has been closed to trade and travellers for months.",
    "The talks ended without a joint statement, but a spokesman for the foreign ministry said "
    "the two delegations had agreed to meet again within a fortnight to settle the details.",
    "Traders on both sides of the line of control have lost their livelihoods since the "
    "closure, and local leaders have repeatedly urged the authorities to restore the route.",
]


def page(title: str, *paragraphs: str, site: str = "The Daily Example", date: str = "2024-03-05",
         author: str = "Asha Rao") -> bytes:  # fmt: skip
    """An article page trafilatura reads: title, site name, date, author and paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (
        f'<!doctype html><html><head><title>{title}</title>'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="{date}">'
        f"</head><body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}"
        f"</article><footer>Copyright</footer></body></html>"
    ).encode()


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed; each item has link, title and optionally pubDate, author, description."""
    parts = []
    for item in items:
        fields = "".join(f"<{k}>{v}</{k}>" for k, v in item.items())
        parts.append(f"<item>{fields}</item>")
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.org/</link><description>news</description>"
        f"{''.join(parts)}</channel></rss>"
    ).encode()


def _named(headers: dict[str, str]) -> dict[str, str]:
    return {k.replace("_", "-"): v for k, v in headers.items()}  # Retry_After -> Retry-After


def html(body: bytes, status: int = 200, **headers: str) -> Route:
    return lambda request: (status, {"Content-Type": "text/html; charset=utf-8",
                                     **_named(headers)}, body)  # fmt: skip


def fixed(status: int, body: bytes = b"", **headers: str) -> Route:
    return lambda request: (status, _named(headers), body)


def sequence(*routes: Route) -> Route:
    """Answers in turn; the last one repeats."""
    state = {"n": 0}

    def answer(request: dict[str, str]) -> Answer:
        route = routes[min(state["n"], len(routes) - 1)]
        state["n"] += 1
        return route(request)

    return answer


def conditional(body: bytes, etag: str, content_type: str = "text/html; charset=utf-8") -> Route:
    """200 with an ETag and a Last-Modified, or 304 when the client already has it."""
    modified = formatdate(1_700_000_000, usegmt=True)

    def answer(request: dict[str, str]) -> Answer:
        headers = {"ETag": etag, "Last-Modified": modified, "Content-Type": content_type}
        if request.get("if-none-match") == etag:
            return 304, headers, b""
        return 200, headers, body

    return answer


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up early (size cap, timeout) is expected


@dataclass
class Hit:
    path: str
    headers: dict[str, str]


class Site:
    """Routes by path (query included); unknown paths answer 404, robots.txt included."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                headers = {k.lower(): v for k, v in self.headers.items()}
                site.hits.append(Hit(self.path, headers))
                route = site.routes.get(self.path, fixed(404, b"not found"))
                status, extra, body = route(headers)
                streamed = extra.pop("X-Stream", None) is not None  # no length: read to close
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                if streamed:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                elif "Content-Length" not in extra:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client stopped reading (size cap)
                    self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def dead_url(path: str = "/page") -> str:
    """A URL on a port nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
