"""The HTTP client for web inputs against a local site on 127.0.0.1: limits and manners.
No network."""

from __future__ import annotations

import time

import pytest

from flashpoint.ingest.fetch import (
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchOptions,
    canonical_url,
)
from local_site import (
    Site,
    conditional,
    dead_url,
    fixed,
    html,
    page,
    sequence,
)

FAST = {"rate": 1000.0, "backoff": 0.01, "timeout": 5.0}


@pytest.fixture
def site():
    with Site() as running:
        yield running


class Sleeps(list):
    """A ``sleep`` that records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetcher(**options) -> tuple[Fetcher, Sleeps]:
    sleeps = Sleeps()
    return Fetcher(FetchOptions(**{**FAST, **options}), sleep=sleeps), sleeps


def reason(call) -> str:
    with pytest.raises(FetchError) as caught:
        call()
    return caught.value.reason


# -- the client ----------------------------------------------------------------------


def test_canonical_url_drops_tracking_fragment_default_port_and_case():
    url = "HTTPS://News.Example.ORG:443/a/b?id=7&utm_source=x&fbclid=y#top"
    assert canonical_url(url) == "https://news.example.org/a/b?id=7"
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://user:pw@example.org:8080/x") == "http://example.org:8080/x"


def test_user_agent_names_flashpoint_and_robots_is_asked_once_per_host(site):
    site.routes["/a"] = html(page("A"))
    site.routes["/b"] = html(page("B"))
    client, _ = fetcher()
    assert client.get(site.url("/a")).status == 200
    assert client.get(site.url("/b")).status == 200
    assert site.paths() == ["/robots.txt", "/a", "/b"]
    assert all(hit.headers["user-agent"] == USER_AGENT for hit in site.hits)
    assert USER_AGENT.startswith("flashpoint/0.")


def test_429_then_200_is_retried_honouring_retry_after(site):
    site.routes["/busy"] = sequence(fixed(429, Retry_After="2"), html(page("Busy")))
    client, sleeps = fetcher()
    assert client.get(site.url("/busy")).content.startswith(b"<!doctype html>")
    assert site.paths().count("/busy") == 2
    assert 2.0 in sleeps


def test_5xx_retries_back_off_then_give_up_in_one_line(site):
    site.routes["/down"] = fixed(503)
    client, sleeps = fetcher(retries=3, backoff=0.5)
    assert reason(lambda: client.get(site.url("/down"))) == "HTTP 503 (still after 3 retries)"
    assert site.paths().count("/down") == 4
    assert [s for s in sleeps if s >= 0.5] == [0.5, 1.0, 2.0]


def test_retry_after_beyond_the_bound_gives_up_at_once(site):
    site.routes["/later"] = fixed(429, Retry_After="3600")
    client, sleeps = fetcher(max_wait=60)
    assert reason(lambda: client.get(site.url("/later"))) == (
        "HTTP 429 (Retry-After 3600 s is over the 60 s limit)"
    )
    assert site.paths().count("/later") == 1 and 3600 not in sleeps


def test_requests_to_one_host_are_spaced_by_the_rate(site):
    site.routes["/p"] = html(page("P"))
    client, sleeps = fetcher(rate=2.0)
    client.get(site.url("/p"))
    client.get(site.url("/p"))
    assert len(sleeps) == 2 and all(0.4 < wait <= 0.5 for wait in sleeps)  # robots, p, p


def test_robots_crawl_delay_slows_the_host_down(site):
    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nCrawl-delay: 3\n")
    site.routes["/p"] = html(page("P"))
    client, sleeps = fetcher(rate=2.0)
    client.get(site.url("/p"))
    client.get(site.url("/p"))
    assert max(sleeps) == pytest.approx(3.0, abs=0.1)


def test_robots_txt_disallowing_a_path(site):
    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/private/x"] = html(page("Secret"))
    site.routes["/public"] = html(page("Open"))
    client, _ = fetcher()
    assert reason(lambda: client.get(site.url("/private/x"))) == "disallowed by robots.txt"
    assert client.get(site.url("/public")).status == 200
    assert "/private/x" not in site.paths()


def test_redirects_are_followed_within_the_limit_and_loops_stop(site):
    site.routes["/old"] = fixed(301, Location="/new")
    site.routes["/new"] = html(page("New"))
    site.routes["/loop-a"] = fixed(302, Location="/loop-b")
    site.routes["/loop-b"] = fixed(302, Location="/loop-a")
    for i in range(8):
        site.routes[f"/hop{i}"] = fixed(302, Location=f"/hop{i + 1}")
    client, _ = fetcher(max_redirects=5)
    assert client.get(site.url("/old")).final_url == site.url("/new")
    assert reason(lambda: client.get(site.url("/loop-a"))).startswith("redirect loop (back to")
    assert reason(lambda: client.get(site.url("/hop0"))) == "too many redirects (over 5)"
    assert "/hop6" not in site.paths()


def test_size_cap_by_declared_length_and_while_streaming(site):
    site.routes["/big"] = html(b"x" * 5000)
    site.routes["/stream"] = html(b"y" * 3_000_000, X_Stream="1")
    client, _ = fetcher(max_bytes=1000)
    assert reason(lambda: client.get(site.url("/big"))) == (
        "response is 5,000 bytes, over the 1,000-byte limit (--max-bytes)"
    )
    started = time.monotonic()
    assert reason(lambda: client.get(site.url("/stream"))) == (
        "response is over the 1,000-byte limit (--max-bytes)"
    )
    assert time.monotonic() - started < 3


def test_binary_content_type_timeouts_and_dead_ports(site):
    site.routes["/logo.png"] = fixed(200, b"\x89PNG\r\n" + bytes(100), Content_Type="image/png")

    def slow(request):
        time.sleep(1.5)
        return 200, {}, b"late"

    site.routes["/slow"] = slow
    client, _ = fetcher(timeout=0.3)
    assert reason(lambda: client.get(site.url("/logo.png"))) == (
        "not a web page or feed (content type image/png)"
    )
    assert reason(lambda: client.get(site.url("/slow"))) == "timed out after 0.3 s"
    error = pytest.raises(FetchError, client.get, dead_url()).value
    assert error.reason == "connection refused" and error.transient


def test_conditional_headers_give_not_modified(site):
    site.routes["/c"] = conditional(page("C"), '"v1"')
    client, _ = fetcher()
    first = client.get(site.url("/c"))
    assert (first.status, first.etag) == (200, '"v1"') and first.last_modified
    again = client.get(site.url("/c"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.content == b""
    assert site.hits[-1].headers["if-none-match"] == '"v1"'
    assert site.hits[-1].headers["if-modified-since"] == first.last_modified
