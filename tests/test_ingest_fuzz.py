"""Every reader fed random bytes and random structures: nothing but :class:`IngestError`
leaves a reader, every problem is one line, and good documents beside bad input come through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.document import Document
from flashpoint.ingest import READERS, IngestError, IngestOptions, Problem, iter_documents

FUZZ = settings(max_examples=50, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
SUFFIX = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "json": ".json", "csv": ".csv",
          "tsv": ".tsv", "feed": ".rss"}  # fmt: skip
GOOD = "The foreign ministers met in Tashkent and agreed to meet again in March."
OPTIONS = IngestOptions(max_bytes=200_000, max_chars=50_000)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz")
    (path / "good.txt").write_text(GOOD)
    return path


def check_reader(fmt: str, data: bytes) -> list[Document | Problem]:
    """The reader's items; only IngestError may escape, and problems are one line each."""
    try:
        items = list(READERS[fmt](data, f"fuzz{SUFFIX[fmt]}", {}, OPTIONS))
    except IngestError as exc:
        assert "\n" not in exc.reason
        return []
    assert all(isinstance(item, Document | Problem) for item in items)
    assert_one_line([i for i in items if isinstance(i, Problem)])
    return items


def check_batch(folder: Path, fmt: str, data: bytes) -> list[Document | Problem]:
    """The fuzzed file read beside a good one: the good document always comes through."""
    path = folder / f"fuzz{SUFFIX[fmt]}"
    path.write_bytes(data)
    items = list(iter_documents([str(folder / "good.txt"), str(path)], OPTIONS))
    assert isinstance(items[0], Document) and items[0].text == GOOD
    assert_one_line([i for i in items if isinstance(i, Problem)])
    return items


def assert_one_line(problems: list[Problem]) -> None:
    for problem in problems:
        line = str(problem)
        assert line.splitlines() == [line] and line.isprintable(), line


# -- strategies --------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
records = st.fixed_dictionaries(
    {"text": st.one_of(st.text(max_size=60), json_values)},
    optional={"id": json_values, "title": json_values, "published": json_values,
              "outlet_country": json_values, "url": json_values, "file": st.text(max_size=10)},
)  # fmt: skip
json_lines = st.one_of(
    records.map(json.dumps), json_values.map(json.dumps), st.text(max_size=40),
    st.integers(1, 3000).map(lambda n: "[" * n), st.just('{"text": "\\ud800"}'),
)  # fmt: skip
cells = st.text(alphabet=st.sampled_from(list("ab ,;\t|\"'\n\r&#;x")), max_size=12)
tags = st.sampled_from(["p", "div", "b", "script", "style", "table", "td", "article", "nav", "br"])
html_parts = st.one_of(st.text(max_size=40), tags.map(lambda t: f"<{t}>"), tags.map(lambda t: f"</{t}>"),
                       st.sampled_from(["<!--", "-->", "&amp;", "&#0;", "<![CDATA[", "]]>", "<?xml?>"]))  # fmt: skip
feed_text = st.text(max_size=40).map(lambda t: t.replace("<", "&lt;")) | html_parts


@st.composite
def tables(draw: st.DrawFn, delimiter: str | None = None) -> bytes:
    sep = delimiter or draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(1, 4))
    header = draw(st.sampled_from([["id", "text", "title", "date"], ["a", "b", "c", "d"]]))[:width]
    rows = draw(st.lists(st.lists(cells, min_size=1, max_size=width + 1), max_size=8))
    quote = draw(st.booleans())
    render = (lambda c: '"' + c.replace('"', '""') + '"') if quote else (lambda c: c)
    lines = [sep.join(header)] + [sep.join(render(c) for c in row) for row in rows]
    return "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])), "replace")


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    atom = draw(st.booleans())
    entry, body = ("entry", "content") if atom else ("item", "description")
    items = "".join(
        f"<{entry}><title>{draw(feed_text)}</title><{body}>{draw(feed_text)}</{body}>"
        f"<pubDate>{draw(st.text(max_size=12))}</pubDate></{entry}>"
        for _ in range(draw(st.integers(0, 3)))
    )  # fmt: skip
    doc = (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{items}</feed>' if atom
           else f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>')  # fmt: skip
    cut = draw(st.integers(0, len(doc)))
    return (doc if draw(st.booleans()) else doc[:cut]).encode("utf-8", "surrogatepass")


# -- every reader, random bytes ----------------------------------------------------------


@pytest.mark.parametrize("fmt", list(READERS))
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes(fmt, data, folder):
    check_reader(fmt, data)
    check_batch(folder, fmt, data)


# -- random structures -------------------------------------------------------------------


@FUZZ
@given(lines=st.lists(json_lines, max_size=8))
def test_jsonl_structures_keep_later_good_lines(lines, folder):
    data = "\n".join([*lines, json.dumps({"text": GOOD + " Again."})]).encode("utf-8", "surrogatepass")
    items = check_batch(folder, "jsonl", data)
    assert items[-1].text == GOOD + " Again."
    numbered = [i.line for i in items if isinstance(i, Problem) and i.path.endswith(".jsonl")]
    before = "\n".join(lines).count("\n") + 1 if lines else 0  # a drawn line may hold a newline
    assert all(n is not None and 1 <= n <= before for n in numbered)


@FUZZ
@given(value=json_values | st.lists(records, max_size=4))
def test_json_structures(value, folder):
    data = json.dumps(value).encode()
    check_reader("json", data)
    check_batch(folder, "json", data)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@FUZZ
@given(data=st.data())
def test_tables_with_random_quotes_and_delimiters(fmt, data, folder):
    table = data.draw(tables("\t" if fmt == "tsv" else None))
    check_reader(fmt, table)
    check_batch(folder, fmt, table)


@FUZZ
@given(parts=st.lists(html_parts, max_size=20))
def test_html_fragments(parts, folder):
    data = "".join(parts).encode("utf-8", "surrogatepass")
    check_reader("html", data)
    check_batch(folder, "html", data)


@FUZZ
@given(data=feeds())
def test_feed_like_xml(data, folder):
    check_reader("feed", data)
    check_batch(folder, "feed", data)


def test_a_feed_entry_with_an_empty_content_block_is_a_problem_not_a_crash(folder):
    """Found by the fuzz test above: feedparser gives such a block no value at all."""
    data = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title><![</title>'
            b"<content></content><pubDate></pubDate></entry></feed>")  # fmt: skip
    check_reader("feed", data)
    items = check_batch(folder, "feed", data)
    assert [type(i) for i in items] == [Document, Problem] and "no text" in str(items[1])


@pytest.mark.parametrize("name", ["\U00018d09", "a\u200bb", "tab\there", "e\u0301", "\u2028"])
def test_problem_lines_print_whatever_the_file_name(name):
    """Unassigned code points, format and control characters in a name are escaped."""
    line = str(Problem(f"/in/{name}.txt", "no such file"))
    assert line.isprintable() and line.splitlines() == [line]
    assert line.endswith(".txt: no such file")


def test_a_nul_byte_in_one_jsonl_line_loses_only_that_line(folder):
    data = "\n".join(["\x00", json.dumps({"text": GOOD + " Again."})]).encode("utf-8")
    items = check_batch(folder, "jsonl", data)
    assert items[-1].text == GOOD + " Again."
    assert [i.line for i in items if isinstance(i, Problem)] == [1]
