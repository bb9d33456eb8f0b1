"""The static report: self-contained, escaped, with evidence linked to document anchors."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser

import duckdb
import pytest
from typer.testing import CliRunner

import flashpoint.report as report_module
from conftest import stored
from flashpoint.cli import app
from flashpoint.document import Document, Event
from flashpoint.report import SCRIPTS, build_report, static_text
from flashpoint.report.highlight import Span, highlight
from flashpoint.store import open_store
from test_analysis_data import build_store


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    db = build_store(folder / "store.duckdb")
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(folder / "r.html")])
    assert result.exit_code == 0, result.output
    return (folder / "r.html").read_text(encoding="utf-8")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.sources, self.scripts = set(), [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img", "link", "iframe") and (attrs.get("src") or attrs.get("href")):
            self.sources.append(attrs.get("src") or attrs.get("href"))
        if tag == "script":
            self.scripts.append(attrs.get("type") or "text/javascript")


def test_highlight_escapes_and_nests():
    text = "A <b>bold</b> claim & a quiet one."
    html = str(highlight(text, [Span(2, 13, "event", "a1", "x"), Span(5, 9, "reference", "a2"),
                                Span(50, 60, "event")]))  # fmt: skip
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert 'id="a1"' in html and 'id="a2"' in html
    assert 'class="hl-event hl-reference"' in html  # the overlap carries both kinds
    stripped = (
        re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )
    assert stripped == text  # no character lost or duplicated


def test_report_is_self_contained(report_html):
    parser = _Collector()
    parser.feed(report_html)
    assert parser.sources == []  # no external script, stylesheet or image
    assert "vegaEmbed" in report_html and "vega-lite" in report_html.lower()
    assert not re.search(r"<script[^>]+src=", report_html)


def test_report_evidence_links_resolve(report_html):
    parser = _Collector()
    parser.feed(report_html)
    local = [h[1:] for h in parser.links if h.startswith("#")]
    assert len(local) > 10
    missing = [h for h in local if h not in parser.ids]
    assert missing == []
    assert "d-ledger-2019-ev2" in parser.ids  # the negated condemnation, highlighted


def test_report_never_lets_document_markup_through(report_html):
    assert "<script>alert('boom')</script>" not in report_html
    assert "&lt;script&gt;alert(" in report_html
    assert "Letter <b>with</b> markup" not in report_html
    # chart specs sit in JSON blocks where "<" is escaped, so no quote can close the block
    for block in re.findall(
        r'<script type="application/json"[^>]*>(.*?)</script>', report_html, re.S
    ):
        assert "<" not in block


def test_report_tells_the_story(report_html):
    glance = report_html[report_html.index('id="glance"') : report_html.index('id="timeline"')]
    assert "with: Malaysia (2019–2020)" in glance or "with: MYS (2019–2020)" in glance
    # Malaysia "said nothing" and the Saudi government "has not condemned", but neither is a
    # speaker the pack expects on the issue: no occasion, so no silence
    assert "Silent, a text says" not in glance
    assert "Expected to speak" not in glance  # none of the expected speakers is named
    assert "take the dispute to the Security Council" in glance
    assert "SIMLA_AGREEMENT" in glance


def test_report_errors_name_the_file(tmp_path):
    result = CliRunner().invoke(
        app, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 1
    assert "none.duckdb" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()


def test_build_report_limits_texts(tmp_path):
    db = build_store(tmp_path / "s.duckdb")
    html = build_report(db, tmp_path / "r.html", max_texts=1).read_text(encoding="utf-8")
    assert html.count('class="doctext"') == 1
    assert "Text left out of this report" in html


# -- a report that reads at any size ------------------------------------------------------

LIBRARIES = sum(len(static_text(s).encode()) for s in SCRIPTS)
ACTORS = ["PAK", "IND", "CHN", "USA", "AFG", "BGD", "NPL", "LKA", "IRN", "TUR", "MYS", "SAU",
          "GBR", "FRA", "RUS", "JPN", "EGY", "IDN"]  # fmt: skip
TYPES = ["SUPPORT", "ACCUSE", "CONSULT", "THREATEN", "AGREE", "REJECT"]


def synthetic_store(path, documents: int, sentences: int = 12, seed: int = 7):
    """A store of generated documents, each sentence one event between two actors."""
    rng = random.Random(seed)
    docs = []
    for n in range(documents):
        parts, events = [], []
        for k in range(sentences):
            source, target = rng.sample(ACTORS, 2)
            sentence = f"On day {k} of file {n}, {source} acted toward {target} in a way worth noting."
            start = sum(len(p) + 1 for p in parts)
            parts.append(sentence)
            events.append(Event(rng.choice(TYPES), source, target, quote=sentence, start=start,
                                end=start + len(sentence)))  # fmt: skip
        doc = Document(" ".join(parts), doc_id=f"gen-{n:03d}", outlet_country=("PAK", "IND")[n % 2],
                       published=f"{2000 + n % 20}-01-0{1 + n % 9}")  # fmt: skip
        doc.events = events
        docs.append(doc)
    return stored(path, docs)


def _links_resolve(html: str) -> list[str]:
    parser = _Collector()
    parser.feed(html)
    return [h for h in parser.links if h.startswith("#") and unescape(h[1:]) not in parser.ids]


def _spec(html: str, name: str) -> dict:
    block = re.search(rf'<script type="application/json" id="spec-{name}">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    return synthetic_store(folder / "big.duckdb", documents=40)


def test_long_tables_show_the_top_rows_and_fold_the_rest(big, tmp_path):
    html = build_report(big, tmp_path / "r.html", top=5).read_text(encoding="utf-8")
    pairs = duckdb.connect(str(big), read_only=True).execute(
        "SELECT count(DISTINCT (source, target)) FROM events").fetchone()[0]  # fmt: skip
    section = html[html.index('id="alignment"') : html.index('id="silences"')]
    first, rest = section.split('<details class="more">', 1)
    assert first.count("<tr>") - 1 == 5  # the top rows, under their header
    assert f"Show all {pairs} pairs ({pairs - 5} more)" in rest
    assert rest.split("</details>")[0].count("<tr>") - 1 == pairs - 5  # each pair once
    assert _links_resolve(html) == []


def test_heat_map_keeps_the_most_active_actors_with_full_names_in_tooltips(big, tmp_path):
    html = build_report(big, tmp_path / "r.html", top=6).read_text(encoding="utf-8")
    spec = _spec(html, "alignment")
    values = spec["data"]["values"]
    assert 0 < len({v["holder"] for v in values}) <= 6 and len({v["target"] for v in values}) <= 6
    assert spec["width"] == spec["height"] and "step" in spec["width"]  # sized to the labels
    assert spec["config"]["axis"]["labelLimit"] > 0  # long names are cut on the axis ...
    tooltip = {t["field"] for t in spec["layer"][0]["encoding"]["tooltip"]}
    assert {"holder", "target", "support", "oppose"} <= tooltip  # ... and whole in the tooltip


def test_compare_counts_each_sides_dyad_events(big, tmp_path):
    html = build_report(big, tmp_path / "r.html").read_text(encoding="utf-8")
    section = html[html.index('id="compare"') : html.index('id="alignment"')]
    assert "Pakistan" in section and "India" in section
    con = duckdb.connect(str(big), read_only=True)
    for side in ("PAK", "IND"):
        expected = con.execute(
            "SELECT count(*) FROM events e JOIN documents d USING (doc_id) WHERE d.outlet_country = ? "
            "AND ((source = 'IND' AND target = 'PAK') OR (source = 'PAK' AND target = 'IND'))",
            [side]).fetchone()[0]  # fmt: skip
        assert f"({side}): 20 documents; dyad events {expected} asserted" in " ".join(section.split())
    table = section[section.index("Events by type") : section.index("Events by QuadClass")]
    counts = [int(c) for c in re.findall(r'<td class="num side-\d">(\d+)</td>', table)]
    total = con.execute("SELECT count(*) FROM events WHERE (source = 'IND' AND target = 'PAK') OR "
                        "(source = 'PAK' AND target = 'IND')").fetchone()[0]  # fmt: skip
    assert sum(counts) == total  # every dyad event counted once, on its side and direction


def test_compare_sides_are_an_option(report_html, tmp_path):
    db = build_store(tmp_path / "s.duckdb")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--compare", "IND-MYS"])
    assert result.exit_code == 0, result.output
    assert "Compare: India and Malaysia" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--compare", "PAK"])
    assert bad.exit_code == 2
    assert 'id="compare"' in report_html  # the default report compares PAK and IND


def test_report_size_is_proportional_to_the_data(report_html, tmp_path):
    db = build_store(tmp_path / "s.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    chars = con.execute("SELECT sum(length(text)) FROM documents").fetchone()[0]
    items = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("events", "stances", "recommendations", "doc_references"))  # fmt: skip
    own = len(report_html.encode()) - LIBRARIES
    assert own <= 40_000 + 3 * chars + 600 * items, own


def test_texts_beyond_the_budget_give_way_to_linked_passages(big, tmp_path, monkeypatch):
    everything = build_report(big, tmp_path / "all.html", max_texts=0).read_text(encoding="utf-8")
    monkeypatch.setattr(report_module, "TEXT_BUDGET", 3_000)
    budgeted = build_report(big, tmp_path / "some.html").read_text(encoding="utf-8")
    texts = re.findall(r'<div class="doctext">(.*?)</div>', budgeted, re.S)
    assert 0 < len(texts) < 40 and sum(len(re.sub("<[^>]+>", "", t)) for t in texts) <= 3_000
    assert 'class="passage"' in budgeted and _links_resolve(budgeted) == []
    assert len(budgeted) < len(everything)
    assert budgeted.count("<details") > 0 and "Texts and linked passages of" in budgeted


def test_report_from_the_command_line_process(tmp_path):
    """The installed entry point (which keeps PyTorch out) writes the report."""
    db = build_store(tmp_path / "s.duckdb")
    run = subprocess.run([sys.executable, "-m", "flashpoint", "report", "--db", str(db), "--out",
                          str(tmp_path / "r.html")], capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "r.html").stat().st_size > LIBRARIES


def test_untitled_documents_show_a_derived_title(tmp_path):
    db = tmp_path / "s.duckdb"
    store = open_store(db)
    run = store.start_run({})
    doc = Document("Madam President,\nThe lake is rising every spring. We ask for help.",
                   doc_id="untitled-1", outlet="Valley Radio")  # fmt: skip
    doc.title = None
    store.save([doc], run)
    store.finish_run(run, "finished", documents=1)
    store.close()
    html = build_report(db, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h3>The lake is rising every spring</h3>" in html
    assert "Madam President," in html  # the text keeps its first line


def test_report_shows_the_threshold_and_links_each_index_bar_to_its_events(report_html):
    assert "confidence 0.4 or more" in report_html
    assert "sentences on the pack's topic" in report_html
    specs = {m[0]: json.loads(m[1]) for m in re.findall(
        r'<script type="application/json" id="spec-([^"]+)">(.*?)</script>', report_html, re.S)}  # fmt: skip
    bars = [v for v in specs["dyad"]["data"]["values"] if v["events"]]
    assert bars and all(v["href"].startswith("#idx-IND-PAK-") for v in bars)
    assert all(v["label"].rstrip("*") == str(v["events"]) for v in bars)
    assert all(v["label"].endswith("*") == v["thin"] for v in bars)
    parser = _Collector()
    parser.feed(report_html)
    for v in bars:  # each bar's anchor lists its events, each linked to its highlighted quote
        assert v["href"][1:] in parser.ids
    listed = report_html[report_html.index('id="dyad-events"'):]
    listed = listed[: listed.index("</details>")]
    assert "document date" in listed or "own date" in listed
    assert listed.count('class="quote"') == sum(v["events"] for v in bars)
