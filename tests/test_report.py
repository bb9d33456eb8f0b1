"""The static report: self-contained, escaped, with evidence linked to document anchors."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.report import build_report
from flashpoint.report.highlight import Span, highlight
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
    assert "d-ledger-2019-ev2" in parser.ids  # the negated condemnation, linked from "silences"


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
    assert "Silences (2)" in glance
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
