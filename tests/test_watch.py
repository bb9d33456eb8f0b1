"""``flashpoint watch`` against a local site on 127.0.0.1: the sources file, rounds that
analyse only what is new, the log, and Ctrl-C during and between rounds. No network."""

from __future__ import annotations

import os
import signal
import time
from email.utils import formatdate
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app, watch_cmd
from flashpoint.ingest.watch import parse_every, parse_line, read_sources
from local_site import PARAGRAPHS, Site, conditional, fixed, html, page, rss
from test_cli_analyze import rows


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
    # the stored articles were not asked again (their entries are no newer); robots.txt is kept
    assert site.paths() == ["/feed.xml", "/story/3"]
    assert site.hits[1].headers.get("if-none-match") is None

    site.hits.clear()
    third = watch(sources, "--once")  # nothing changed: the feed itself answers 304
    assert third.exit_code == 0
    assert site.paths() == ["/feed.xml"]
    log = watch.log.read_text().splitlines()
    assert "round 1: 0 new, 1 unchanged, 0 failed (" in log[-1]
    assert any("round 1: 1 new, 2 unchanged, 0 failed" in line for line in log)


@pytest.mark.parametrize("validators", [True, False], ids=["304", "200 unchanged"])
def test_an_unchanged_feed_of_50_items_costs_one_request_and_analyses_nothing(
    site, watch, tmp_path, validators
):
    serve_feed(site, 50)
    if not validators:  # a server that sends the same feed in full every time
        site.routes["/feed.xml"] = fixed(200, site.routes["/feed.xml"]({})[2],
                                         Content_Type="application/rss+xml")  # fmt: skip
    sources = tmp_path / "sources.txt"
    sources.write_text(site.url("/feed.xml") + "\n")
    assert watch(sources, "--once").exit_code == 0
    assert rows(watch.db, "SELECT count(*) FROM documents") == [(50,)]
    site.hits.clear()
    again = watch(sources, "--once")
    assert again.exit_code == 0, again.output
    assert site.paths() == ["/feed.xml"]  # counted on the server: one request in the round
    assert rows(watch.db, "SELECT n_documents FROM runs ORDER BY started_at DESC LIMIT 1") == [(0,)]
    unchanged = 1 if validators else 50
    assert f"round 1: 0 new, {unchanged} unchanged, 0 failed" in watch.log.read_text().splitlines()[-1]


def test_an_entry_dated_after_its_article_was_stored_is_asked_again(site, watch, tmp_path):
    serve_feed(site, 2)
    sources = tmp_path / "sources.txt"
    sources.write_text(site.url("/feed.xml") + "\n")
    assert watch(sources, "--once").exit_code == 0
    later = formatdate(time.time() + 60, usegmt=True)  # updated after the first round
    items = [{"title": "Entry 2", "link": site.url("/story/2"), "pubDate": later},
             {"title": "Entry 1", "link": site.url("/story/1"),
              "pubDate": "Mon, 01 Jan 2024 09:00:00 GMT"}]  # fmt: skip
    site.routes["/feed.xml"] = fixed(200, rss("Wire Feed", items), Content_Type="application/rss+xml")
    site.hits.clear()
    assert watch(sources, "--once").exit_code == 0
    assert site.paths() == ["/feed.xml", "/story/2"]
    assert site.hits[1].headers.get("if-none-match") == '"story-2"'  # answered 304


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


# -- near-duplicate stories ----------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "kashmir"


def sample(name: str) -> str:
    return next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def reprint(text: str) -> str:
    """A wire copy as another outlet runs it: byline, dateline, a sentence gone, boilerplate."""
    sentences = text.split(". ")
    del sentences[3]
    return ("By Staff Reporter\n\nSRINAGAR (AFP) - " + ". ".join(sentences)
            + "\n\nFollow us on X for the latest updates. Copyright 2025. All rights reserved.")


def test_story_index_folds_reprints_but_not_other_stories_or_briefs():
    from flashpoint.ingest.dedupe import StoryIndex

    index = StoryIndex()
    original = sample("021")
    assert index.assign("a", original).story_id == "a"
    assert index.assign("b", reprint(original)).story_id == "a"
    assert index.assign("c", sample("022")).story_id == "c"  # same conflict, another story
    brief = "India revoked the special status of Jammu and Kashmir on Monday."
    assert index.assign("d", brief).story_id == "d" and index.assign("e", brief).minhash is None


def folded_store(path: Path) -> Path:
    """A store of a wire story, its reprint in another outlet and another story, folded."""
    from flashpoint.document import Document, Event
    from flashpoint.ingest.dedupe import fold_stories
    from flashpoint.store import open_store

    def doc(doc_id: str, text: str, outlet: str, published: str) -> Document:
        found = Document(text, doc_id=doc_id, outlet=outlet, published=published)
        quote = found.text[:60]
        found.events = [Event("ACCUSE", "PAK", "IND", quote=quote, start=0, end=len(quote))]
        return found

    original = sample("021")
    with open_store(path) as store:
        store.save([doc("wire", original, "Wire", "2019-08-05"),
                    doc("reprint", reprint(original), "Dawn", "2019-08-06"),
                    doc("other", sample("022"), "Dawn", "2019-08-07")], "run")  # fmt: skip
        assert fold_stories(store) == 1
        assert fold_stories(store) == 0  # every document has its story now
    return path


def test_folded_stories_give_events_their_number_of_sources(tmp_path):
    from flashpoint.analysis.events import iter_events
    from flashpoint.report.exports import write_events
    from flashpoint.store import open_store

    with open_store(folded_store(tmp_path / "s.duckdb")) as store:
        stories = store.query("SELECT story_id, n_documents, n_sources, outlets FROM stories "
                              "ORDER BY story_id")  # fmt: skip
        assert [tuple(s.values()) for s in stories] == [
            ("other", 1, 1, ["Dawn"]), ("wire", 2, 2, ["Dawn", "Wire"])]
        rows = {r["doc_id"]: (r["story_id"], r["n_sources"]) for r in iter_events(store)}
        assert rows == {"wire": ("wire", 2), "reprint": ("wire", 2), "other": ("other", 1)}
        out = tmp_path / "events.tsv"
        write_events(iter_events(store), "icews", out)
    table = [line.split("\t") for line in out.read_text().splitlines()]
    sources = {row[0].split("#")[0]: row[table[0].index("Number of Sources")] for row in table[1:]}
    assert sources == {"wire": "2", "reprint": "2", "other": "1"}


def test_event_and_story_exports_carry_the_stories(tmp_path):
    import csv
    import json

    import pyarrow.parquet as pq

    db = folded_store(tmp_path / "s.duckdb")
    runner = CliRunner()
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"events.{fmt}"
        result = runner.invoke(app, ["export", "--db", str(db), "--table", "events", "--out", str(out)])
        assert result.exit_code == 0, result.output
        if fmt == "jsonl":
            found = [json.loads(line) for line in out.read_text().splitlines()]
        elif fmt == "csv":
            found = list(csv.DictReader(out.open()))
        else:
            found = pq.read_table(out).to_pylist()
        got = {r["doc_id"]: (r["story_id"], int(r["n_sources"])) for r in found}
        assert got == {"wire": ("wire", 2), "reprint": ("wire", 2), "other": ("other", 1)}, fmt
    out = tmp_path / "stories.jsonl"
    result = runner.invoke(app, ["export", "--db", str(db), "--table", "stories", "--out", str(out)])
    assert result.exit_code == 0 and "2 rows of stories" in result.stderr
    stories = {r["story_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert stories["wire"]["doc_ids"] == ["wire", "reprint"] and stories["wire"]["n_sources"] == 2
    assert stories["other"]["outlets"] == ["Dawn"]


def test_watch_folds_a_wire_story_run_by_two_outlets(site, watch, tmp_path):
    original = sample("033")
    site.routes["/a/story"] = html(page("Attack", *original.split("\n\n"), site="Outlet A"))
    site.routes["/b/story"] = html(page("Attack", *reprint(original).split("\n\n"), site="Outlet B"))
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{site.url('/a/story')}\n{site.url('/b/story')}\n")
    assert watch(sources, "--once").exit_code == 0
    assert rows(watch.db, "SELECT n_documents, n_sources, outlets FROM stories") == [
        (2, 2, ["Outlet A", "Outlet B"])]
    assert "1 folded into earlier stories" in watch.log.read_text()
