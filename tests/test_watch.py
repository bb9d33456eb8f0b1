"""``flashpoint watch`` against a local site on 127.0.0.1: the sources file, rounds that
analyse only what is new, the log, and Ctrl-C during and between rounds. No network."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app, watch_cmd
from flashpoint.ingest.watch import parse_every, parse_line, read_sources
from local_site import PARAGRAPHS, Site, conditional, fixed, html, page, rss


@pytest.fixture
def site():
    with Site() as running:
        yield running


@pytest.fixture
def watch(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("stages: []\nbatch_size: 1\n")
    db, log = tmp_path / "watch.duckdb", tmp_path / "logs" / "watch.log"

    def run(sources: Path, *args: str):
        argv = ["watch", str(sources), "--db", str(db), "--config", str(config), "--log",
                str(log), "--rate", "1000", "--backoff", "0.01", "--timeout", "5", *args]  # fmt: skip
        return CliRunner().invoke(app, argv)

    run.db, run.log = db, log
    return run


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def article(n: int) -> bytes:
    return page(f"Story {n}", f"Story number {n} opens here. " + PARAGRAPHS[n % 3],
                f"Paragraph two of story {n}. " * 8)  # fmt: skip


def serve_feed(site: Site, n: int) -> None:
    """A feed of stories 1..n (newest first), each an article page with validators."""
    items = [{"title": f"Entry {i}", "link": site.url(f"/story/{i}"),
              "pubDate": f"Mon, 0{i} Jan 2024 09:00:00 GMT"} for i in range(n, 0, -1)]  # fmt: skip
    site.routes["/feed.xml"] = conditional(rss("Wire Feed", items), f'"feed-{n}"',
                                           "application/rss+xml")  # fmt: skip
    for i in range(1, n + 1):
        site.routes[f"/story/{i}"] = conditional(article(i), f'"story-{i}"')


# -- the sources file and --every --------------------------------------------------------


def test_every_accepts_seconds_minutes_hours():
    assert [parse_every(v) for v in ("30s", "15m", "1h", "90", "1.5h")] == [30, 900, 3600, 90, 5400]
    for bad in ("", "0s", "15x", "-5m", "m"):
        with pytest.raises(ValueError, match="use a positive duration"):
            parse_every(bad)


def test_source_lines_carry_outlet_country_and_pack(tmp_path):
    line = parse_line('https://example.org/feed.xml  outlet="Dawn News" country=PAK pack=kashmir')
    assert (line.url, line.given, line.pack) == (
        "https://example.org/feed.xml", {"outlet": "Dawn News", "outlet_country": "PAK"}, "kashmir"
    )
    assert parse_line("   # a comment") is None and parse_line("") is None
    path = tmp_path / "sources.txt"
    path.write_text("# feeds\nhttps://a.example/feed\nhttps://a.example/feed#again\n"
                    "https://b.example/page  outlet=B  # trailing comment\n")  # fmt: skip
    assert [s.url for s in read_sources(path)] == ["https://a.example/feed", "https://b.example/page"]
    path.write_text("https://a.example/feed\nhttps://b.example/page colour=red\n")
    with pytest.raises(ValueError, match=r"sources.txt:2: 'colour=red': use outlet=\.\.\."):
        read_sources(path)


def test_bad_sources_or_every_are_usage_errors(watch, tmp_path):
    path = tmp_path / "sources.txt"
    path.write_text("not-a-url\n")
    result = watch(path, "--once")
    assert result.exit_code == 2 and "sources.txt:1: 'not-a-url' is not an http(s) URL" in result.stderr
    path.write_text("https://example.org/feed\n")
    assert watch(path, "--every", "soon").exit_code == 2
    assert watch(tmp_path / "none.txt", "--once").exit_code == 2


# -- rounds ------------------------------------------------------------------------------


def test_a_growing_feed_second_round_analyses_only_the_new_entry(site, watch, tmp_path):
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{site.url('/feed.xml')}  outlet=Wire country=pk\n")
    serve_feed(site, 2)
    first = watch(sources, "--once")
    assert first.exit_code == 0, first.output
    assert rows(watch.db, "SELECT count(*), min(outlet), min(outlet_country) FROM documents") == [
        (2, "Wire", "PAK")
    ]
    runs_before = rows(watch.db, "SELECT count(*) FROM runs")[0][0]

    serve_feed(site, 3)
    site.hits.clear()
    second = watch(sources, "--once")
    assert second.exit_code == 0, second.output
    titles = [r[0] for r in rows(watch.db, "SELECT title FROM documents ORDER BY title")]
    assert titles == ["Entry 1", "Entry 2", "Entry 3"]
    new_run = rows(watch.db, "SELECT n_documents FROM runs ORDER BY started_at DESC LIMIT 1")
    assert new_run == [(1,)] and rows(watch.db, "SELECT count(*) FROM runs")[0][0] == runs_before + 1
    # the old articles were asked conditionally and answered 304
    asked = {h.path: h.headers.get("if-none-match") for h in site.hits}
    assert asked["/story/1"] == '"story-1"' and asked["/story/3"] is None

    site.hits.clear()
    third = watch(sources, "--once")  # nothing changed: the feed itself answers 304
    assert third.exit_code == 0
    assert [h.path for h in site.hits] == ["/robots.txt", "/feed.xml"]
    log = watch.log.read_text().splitlines()
    assert "round 1: 0 new, 1 unchanged, 0 failed (" in log[-1]
    assert any("round 1: 1 new, 2 unchanged, 0 failed" in line for line in log)


def test_failures_are_logged_one_line_each_and_the_rest_is_stored(site, watch, tmp_path):
    site.routes["/ok"] = html(article(1))
    site.routes["/robots.txt"] = fixed(200, b"User-agent: *\nDisallow: /no\n")
    sources = tmp_path / "sources.txt"
    sources.write_text("\n".join(site.url(p) for p in ("/gone", "/no", "/ok")) + "\n")
    result = watch(sources, "--once")
    assert result.exit_code == 0
    log = watch.log.read_text()
    assert f"{site.url('/gone')}: HTTP 404" in log
    assert f"{site.url('/no')}: disallowed by robots.txt" in log
    assert "round 1: 1 new, 0 unchanged, 2 failed" in log
    assert rows(watch.db, "SELECT count(*) FROM ingest_errors") == [(2,)]
    sources.write_text(site.url("/gone") + "\n")
    assert watch(sources, "--once").exit_code == 1  # every source failed


def test_ctrl_c_during_a_round_exits_130_with_the_store_consistent(site, watch, tmp_path):
    serve_feed(site, 3)
    route = site.routes["/story/1"]  # the last article read (newest first)

    def interrupt(request):
        os.kill(os.getpid(), signal.SIGINT)
        return route(request)

    site.routes["/story/1"] = interrupt
    sources = tmp_path / "sources.txt"
    sources.write_text(site.url("/feed.xml") + "\n")
    result = watch(sources, "--once")
    assert result.exit_code == 130
    assert "interrupted during round 1" in watch.log.read_text()
    assert rows(watch.db, "SELECT status FROM runs") == [("interrupted",)]
    stored = rows(watch.db, "SELECT count(*) FROM documents")[0][0]
    assert 1 <= stored <= 2
    # the feed's validators were not kept: the next round reads it in full and stores the rest
    assert rows(watch.db, f"SELECT count(*) FROM fetch_state WHERE url = '{site.url('/feed.xml')}'") == [(0,)]
    site.routes["/story/1"] = route
    assert watch(sources, "--once").exit_code == 0
    assert rows(watch.db, "SELECT count(*) FROM documents") == [(3,)]


def test_ctrl_c_between_rounds_exits_0(site, watch, tmp_path, monkeypatch):
    serve_feed(site, 1)
    sources = tmp_path / "sources.txt"
    sources.write_text(site.url("/feed.xml") + "\n")
    waits = []

    def stop(seconds):
        waits.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr(watch_cmd, "_wait", stop)
    result = watch(sources, "--every", "1h")
    assert result.exit_code == 0
    assert 3500 < waits[0] <= 3600
    log = watch.log.read_text()
    assert "every 3600 s" in log and "round 1: 1 new" in log and "stopped between rounds" in log
