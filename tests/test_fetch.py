"""Web inputs against a local site on 127.0.0.1: the HTTP client's limits and manners, pages
and feeds through ``flashpoint analyze URL``, conditional GET on re-runs. No network."""

from __future__ import annotations

import time

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.ingest.fetch import (
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchOptions,
    canonical_url,
)
from local_site import (
    PARAGRAPHS,
    Site,
    conditional,
    dead_url,
    fixed,
    html,
    page,
    rss,
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


def test_kept_robots_answers_are_used_for_a_day(site, tmp_path):
    from flashpoint.ingest.web import ROBOTS_MAX_AGE, WebReader
    from flashpoint.store import open_store

    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/p"] = html(page("P"))
    with open_store(tmp_path / "s.duckdb") as store:
        first = WebReader(FetchOptions(rate=1000), store=store)
        assert reason(lambda: first.fetcher.get(site.url("/private/x"))) == "disallowed by robots.txt"
        first.commit()
        second = WebReader(FetchOptions(rate=1000), store=store)
        assert reason(lambda: second.fetcher.get(site.url("/private/y"))) == "disallowed by robots.txt"
        assert site.paths() == ["/robots.txt"]  # the second reader asked nothing
        store.con.execute("UPDATE robots_txt SET fetched_at = fetched_at - INTERVAL 25 HOUR")
        assert store.robots_answers(ROBOTS_MAX_AGE) == {}
        WebReader(FetchOptions(rate=1000), store=store).fetcher.get(site.url("/p"))
        assert site.paths() == ["/robots.txt", "/robots.txt", "/p"]


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


# -- flashpoint analyze URL ------------------------------------------------------------


@pytest.fixture
def analyze(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("stages: []\nbatch_size: 2\n")
    db = tmp_path / "web.duckdb"

    def run(*args: str):
        argv = ["analyze", *args, "--db", str(db), "--config", str(config), "--quiet",
                "--rate", "1000", "--backoff", "0.01", "--timeout", "5"]  # fmt: skip
        return CliRunner().invoke(app, argv)

    run.db = db
    return run


def rows(db, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_analyze_urls_stores_pages_and_reports_each_failure_in_one_line(site, analyze):
    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /private\n")
    site.routes["/story?utm_source=feed"] = html(page("Crossing talks", site="Example Times"))
    site.routes["/busy"] = sequence(fixed(503), html(page("Busy day", "Second page text. " * 20)))
    site.routes["/big"] = html(page("Big", "z " * 600_000))
    site.routes["/private/memo"] = html(page("Memo"))
    site.routes["/loop"] = fixed(302, Location="/loop")
    site.routes["/file.pdf"] = fixed(200, b"%PDF-1.4", Content_Type="application/pdf")
    dead = dead_url("/gone")
    urls = [site.url(p) for p in ("/story?utm_source=feed", "/busy", "/missing", "/big",
                                  "/private/memo", "/loop", "/file.pdf")] + [dead]  # fmt: skip
    result = analyze(*urls, "--max-bytes", "1000000")
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{site.url('/missing')}: HTTP 404",
        f"{site.url('/big')}: response is 1.1 MB, over the 1,000,000-byte limit (--max-bytes)",
        f"{site.url('/private/memo')}: disallowed by robots.txt",
        f"{site.url('/loop')}: redirect loop (back to {site.url('/loop')})",
        f"{site.url('/file.pdf')}: not a web page or feed (content type application/pdf)",
        f"{dead}: connection refused",
    ]
    stored = rows(analyze.db, "SELECT doc_id, title, outlet, author, published, url "
                              "FROM documents ORDER BY doc_id")  # fmt: skip
    assert stored[1] == (site.url("/story"), "Crossing talks", "Example Times", "Asha Rao",
                         "2024-03-05", site.url("/story?utm_source=feed"))  # fmt: skip
    assert stored[0][0] == site.url("/busy") and len(stored) == 2
    errors = rows(analyze.db, "SELECT path, reason FROM ingest_errors ORDER BY path")
    assert len(errors) == 6 and (dead, "connection refused") in errors


def test_analyze_rerun_asks_conditionally_and_counts_304_as_unchanged(site, analyze):
    site.routes["/c"] = conditional(page("Conditional"), '"abc"')
    assert analyze(site.url("/c")).exit_code == 0
    assert rows(analyze.db, "SELECT url, etag FROM fetch_state") == [(site.url("/c"), '"abc"')]
    again = analyze(site.url("/c"))
    assert again.exit_code == 0 and again.stderr == ""
    assert site.hits[-1].headers.get("if-none-match") == '"abc"'
    assert rows(analyze.db, "SELECT count(*) FROM documents") == [(1,)]
    forced = analyze(site.url("/c"), "--force")
    assert forced.exit_code == 0 and "if-none-match" not in site.hits[-1].headers


def test_state_is_kept_only_once_the_documents_are_stored(site, analyze, tmp_path):
    site.routes["/long"] = conditional(page("Long"), '"l"')
    (tmp_path / "config.yaml").write_text("stages: []\nmax_chars: 100\n")
    result = analyze(site.url("/long"))
    assert "over the 100 limit (max_chars)" in result.stderr
    assert rows(analyze.db, "SELECT count(*) FROM fetch_state") == [(0,)]
    analyze(site.url("/long"))
    assert "if-none-match" not in site.hits[-1].headers  # asked in full again


def test_feed_entries_are_followed_to_their_articles(site, analyze):
    site.routes["/a1"] = html(page("Page title one", site="Example Times", date="2024-01-01"))
    site.routes["/a2"] = html(page("Page two", PARAGRAPHS[2], "Another paragraph " * 10,
                                   site="", author=""))  # fmt: skip
    site.routes["/feed.xml"] = conditional(rss("Example Feed", [
        {"title": "Entry title one", "link": site.url("/a1"),
         "pubDate": "Tue, 02 Jan 2024 10:00:00 GMT"},
        {"title": "Entry two", "link": "/a2", "author": "desk@example.org (News Desk)"},
        {"title": "Brief", "description": "A short wire item with no page of its own."},
        {"title": "Down", "link": site.url("/a3")},
    ]), '"f1"', "application/rss+xml")  # fmt: skip
    site.routes["/a3"] = fixed(503)
    result = analyze(site.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"{site.url('/a3')}: HTTP 503 (still after 3 retries)"
    got = {r[0]: r[1:] for r in rows(analyze.db, "SELECT doc_id, title, outlet, published, "
                                                 "metadata->>'feed' FROM documents")}  # fmt: skip
    feed = site.url("/feed.xml")
    # entry values win over the page's; the feed's title is the outlet when the page has none
    assert got[site.url("/a1")] == ("Entry title one", "Example Times", "2024-01-02", feed)
    assert got[site.url("/a2")][:2] == ("Entry two", "Example Feed")
    (brief,) = [v for k, v in got.items() if not k.startswith("http")]
    assert brief[:2] == ("Brief", "Example Feed")
    # an article failed for a reason that may pass: the feed's validators are not kept (it is
    # read in full next time), the articles' are
    kept = {url for (url,) in rows(analyze.db, "SELECT url FROM fetch_state")}
    assert feed not in kept


def test_unknown_url_scheme_is_a_usage_error(analyze):
    result = analyze("ftp://example.org/file.txt")
    assert result.exit_code == 2
    assert "unsupported URL scheme 'ftp' (http and https only)" in result.stderr


def test_redirect_to_the_same_url_without_tracking_is_not_a_loop(site):
    site.routes["/s?utm_source=rss"] = fixed(301, Location="/s")
    site.routes["/s"] = html(page("S"))
    client, _ = fetcher()
    fetched = client.get(site.url("/s?utm_source=rss"))
    assert fetched.final_url == site.url("/s")
    assert site.hits[-1].headers["accept"].startswith("text/html")


def test_a_charset_named_by_the_answer_decodes_the_page(site, analyze):
    polish = "Rozmowy zaczęły się w środę."  # read as Windows-1252 without the charset
    site.routes["/pl"] = fixed(200, polish.encode("iso-8859-2"),
                               Content_Type="text/plain; charset=iso-8859-2")  # fmt: skip
    assert analyze(site.url("/pl")).exit_code == 0
    assert rows(analyze.db, "SELECT text FROM documents") == [(polish,)]
