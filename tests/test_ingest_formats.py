"""Readers for every input format, driven through ``iter_documents`` on real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flashpoint.document import Document, content_hash
from flashpoint.ingest import IngestOptions, Problem, iter_documents, normalise_date
from flashpoint.ingest.text import guess_title

FIXTURES = Path(__file__).parent / "fixtures" / "ingest" / "files"


def read(*paths: Path | str, **options) -> tuple[list[Document], list[Problem]]:
    items = list(iter_documents([str(p) for p in paths], IngestOptions(**options)))
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Problem)])  # fmt: skip


def one(*paths, **options) -> Document:
    docs, problems = read(*paths, **options)
    assert not problems, [str(p) for p in problems]
    assert len(docs) == 1
    return docs[0]


# -- plain text ------------------------------------------------------------------------


def test_txt_title_guessed_and_kept_in_text():
    doc = one(FIXTURES / "titled_op_ed.txt")
    assert doc.title == "Water talks need a new start"
    assert doc.text.startswith("Water talks need a new start\n\nBoth governments")
    assert doc.doc_id == content_hash(doc.text)


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended without agreement.\n\nBoth sides blamed each other.",  # final period
        "Talks end\nBoth sides blamed each other for the failure of the meeting.",  # no blank line
        "A very long first line " * 12 + "\n\nThe rest.",  # too long
        "2024\n\nThe rest of the text.",  # no letters
    ],
)
def test_txt_first_line_is_not_always_a_title(text):
    assert guess_title(text) is None


def test_txt_legacy_encoding_is_detected(tmp_path):
    text = "The minister\u2019s \u201cfinal offer\u201d was rejected in Zürich and Genève on Monday. " * 5
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    assert one(path).text == text.strip()


def test_txt_utf16_with_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text("Negotiators met in Kabul on Friday.", encoding="utf-16")
    assert one(path).text == "Negotiators met in Kabul on Friday."


def test_binary_and_empty_files_are_problems(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("\n  \n\t\n")
    docs, problems = read(tmp_path)
    assert docs == []
    reasons = {Path(p.path).name: p.reason for p in problems}
    assert "binary" in reasons["image.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"


# -- HTML --------------------------------------------------------------------------------


def test_html_main_text_and_metadata():
    doc = one(FIXTURES / "article.html")
    assert "Envoys from the two neighbouring states met in Vienna" in doc.text
    assert "All rights reserved" not in doc.text and "Sport" not in doc.text
    assert doc.title == "Envoys meet in Vienna over river dispute"
    assert doc.author == "Amina Qadir"
    assert doc.published == "2024-03-05"
    assert doc.outlet == "The Example Herald"


def test_broken_html_still_gives_its_text(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><div><p>Rescue teams reached the flooded villages on Sunday "
                    "after the river burst its banks, <b>officials said. <p>More rain is expected")
    doc = one(path)
    assert "Rescue teams reached the flooded villages" in doc.text


def test_html_without_text_is_a_problem(tmp_path):
    path = tmp_path / "empty_page.html"
    path.write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>")
    docs, problems = read(path)
    assert docs == [] and len(problems) == 1
    assert problems[0].path.endswith("empty_page.html") and "no main text" in problems[0].reason


# -- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_fields_and_unknown_keys():
    docs, problems = read(FIXTURES / "articles.jsonl")
    assert not problems
    first, second = docs
    assert (first.doc_id, first.title, first.author, first.outlet) == (
        "art-1", "Ministers speak", "R. Mehta", "Example Times")
    assert first.outlet_country == "IND" and first.published == "2024-03-03"
    assert first.url == "https://example.org/a1"
    assert first.metadata["section"] == "world"
    assert second.published == "2024-03" and second.outlet_country == "PAK"


def test_jsonl_bad_lines_are_reported_with_their_number(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "The envoy arrived in Delhi on Monday."}),
        '{"text": "A broken line without its closing brace"',
        json.dumps({"title": "No text here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "The delegation left Islamabad on Tuesday."}),
    ]) + "\n")  # fmt: skip
    docs, problems = read(path)
    assert [d.text for d in docs] == ["The envoy arrived in Delhi on Monday.",
                                      "The delegation left Islamabad on Tuesday."]  # fmt: skip
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [
        (2, "invalid JSON"), (3, "record has no 'text' field"),
        (4, "record is not a JSON object"), (5, "empty text"),
    ]  # fmt: skip
    assert str(problems[0]).startswith(f"{path}:2: invalid JSON")


def test_json_array(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"id": "a", "text": "One statement."}, {"id": "b", "text": "Another one."}]))
    docs, _ = read(path)
    assert [d.doc_id for d in docs] == ["a", "b"]


# -- tables ----------------------------------------------------------------------------------


def test_csv_recognises_headers_case_insensitively(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        "Article ID,ARTICLE TITLE,Last Update,Article Text,Portal Name\n"
        'x1,Quiet border,2015-01-08T14:15:42Z,"The border was quiet overnight, &amp; the army said so.&#10;No shots were fired.",wire\n'
    )  # fmt: skip
    doc = one(path)
    assert doc.doc_id == "x1" and doc.title == "Quiet border" and doc.published == "2015-01-08"
    assert doc.outlet == "wire"
    assert doc.text == "The border was quiet overnight, & the army said so.\nNo shots were fired."


def test_csv_semicolons_and_named_columns(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("ref;headline;story;when\n7;Dam inspection;Engineers inspected the dam.;05/02/2020\n")
    doc = one(path, columns={"text": "Story", "id": "ref", "published": "when"})
    assert (doc.doc_id, doc.title, doc.text, doc.published) == (
        "7", "Dam inspection", "Engineers inspected the dam.", "2020-02-05")


def test_csv_without_text_column_is_a_problem(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("year,count\n2019,4\n2020,7\n")
    docs, problems = read(path)
    assert docs == []
    assert len(problems) == 1 and "no text column (columns: year, count)" in problems[0].reason


def test_csv_unknown_named_column_is_a_problem(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("text\nSomething happened.\n")
    _, problems = read(path, columns={"title": "headline"})
    assert "no column 'headline' for --title-column" in problems[0].reason


def test_headerless_tsv_uses_longest_column(tmp_path):
    path = tmp_path / "incidents.tsv"
    path.write_text(
        "Two soldiers were injured when a patrol came under fire near the border post\t1\t0\n"
        "Police recovered a cache of arms and ammunition from an abandoned house\t0\t1\n"
    )  # fmt: skip
    docs, problems = read(path)
    assert not problems and len(docs) == 2
    assert docs[0].text.startswith("Two soldiers were injured")
    assert docs[1].metadata["column_2"] == "0" and docs[1].metadata["column_3"] == "1"
    assert docs[1].metadata["source_line"] == 2


def test_tsv_keeps_quotes_inside_text(tmp_path):
    path = tmp_path / "quotes.tsv"
    path.write_text('id\ttext\n1\t"Never again," the mayor said.\n2\tA "quiet" week.\n')
    docs, _ = read(path)
    assert [d.text for d in docs] == ['"Never again," the mayor said.', 'A "quiet" week.']


def test_table_rows_with_empty_text_are_reported(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("title,text\nA,First report.\nB,\nC,Third report.\n")
    docs, problems = read(path)
    assert [d.title for d in docs] == ["A", "C"]
    assert [(p.line, p.reason) for p in problems] == [(3, "empty text")]


# -- feeds ---------------------------------------------------------------------------------------


def test_rss_entries_become_documents():
    docs, problems = read(FIXTURES / "news.rss")
    assert not problems and [d.title for d in docs] == ["Border crossing reopens", "Talks postponed"]
    first = docs[0]
    assert first.text == "The border crossing reopened on Tuesday after a two-week closure.\n\n" \
        "Lorries queued for several kilometres."
    assert (first.url, first.published, first.outlet) == (
        "https://wire.example.org/1", "2024-03-05", "Example Wire")


def test_atom_entry():
    doc = one(FIXTURES / "news.atom")
    assert doc.author == "Sara Lone" and doc.published == "2024-04-02"
    assert doc.url == "https://desk.example.org/ceasefire"
    assert doc.text.startswith("Military officers on both sides")


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "config.xml"
    path.write_text('<?xml version="1.0"?><settings><colour>blue</colour></settings>')
    docs, problems = read(path)
    assert docs == [] and problems[0].reason == "not an RSS or Atom feed"


# -- metadata given by the user ----------------------------------------------------------------


def test_sidecar_metadata_wins_and_sidecar_is_not_a_document():
    docs, problems = read(FIXTURES / "sidecar_folder")
    assert not problems
    by_id = {d.doc_id: d for d in docs}
    assert set(by_id) == {"side-1", "side-2"}
    first, second = by_id["side-1"], by_id["side-2"]
    assert (first.outlet, first.outlet_country, first.published) == ("Valley Courier", "PAK", "2019-08-20")
    assert first.metadata["kind"] == "news" and "file" not in first.metadata
    assert second.title == "Trade body wants pass reopened"  # given, not the first line
    assert second.published == "2019-08"
    assert second.text.startswith("A headline that the sidecar replaces")  # offsets stay valid


def test_sidecar_named_explicitly_reads_its_files():
    docs, problems = read(FIXTURES / "sidecar_folder" / "meta.jsonl")
    assert not problems and {d.doc_id for d in docs} == {"side-1", "side-2"}


def test_single_file_still_gets_its_sidecar_metadata():
    doc = one(FIXTURES / "sidecar_folder" / "first.txt")
    assert doc.doc_id == "side-1" and doc.outlet == "Valley Courier"


def test_name_pattern_adds_metadata(tmp_path):
    (tmp_path / "PAK_54_1999.txt").write_text("The delegation addressed the Assembly.")
    (tmp_path / "IND_55_2000.txt").write_text("The representative addressed the Assembly.")
    pattern = re.compile(r"(?P<outlet_country>[A-Z]{3})_\d+_(?P<published>\d{4})")
    docs, _ = read(tmp_path, name_pattern=pattern)
    assert sorted((d.outlet_country, d.published) for d in docs) == [("IND", "2000"), ("PAK", "1999")]


def test_name_pattern_needs_named_groups():
    with pytest.raises(ValueError, match="named groups"):
        IngestOptions.compile_pattern(r"[A-Z]{3}_\d+")
    with pytest.raises(ValueError, match="invalid"):
        IngestOptions.compile_pattern(r"(?P<x>")


# -- limits, walking, ids --------------------------------------------------------------------------


def test_file_over_size_limit_is_refused(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 50 MB without writing them
        fh.truncate(50 * 1024 * 1024)
    docs, problems = read(big)
    assert docs == []
    assert problems[0].reason == "file is 50.0 MB, over the 20 MB limit (--max-bytes)"


def test_document_over_max_chars_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 300)
    docs, problems = read(path, max_chars=1000)
    assert docs == [] and "over the 1,000 limit" in problems[0].reason


def test_folder_walk_skips_hidden_and_reports_unsupported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "note.txt").write_text("A statement was issued on Friday.")
    (tmp_path / ".hidden.txt").write_text("Should not be read.")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    docs, problems = read(tmp_path)
    assert [Path(d.source_path).name for d in docs] == ["note.txt"]
    assert [(Path(p.path).name, p.reason) for p in problems] == [
        ("photo.png", "unsupported file type '.png'")]


def test_ids_are_content_hashes_stable_across_reads(tmp_path):
    (tmp_path / "a.txt").write_text("Same words.\n")
    (tmp_path / "b.txt").write_text("Same words.   \r\n\r\n")
    docs, _ = read(tmp_path)
    assert docs[0].doc_id == docs[1].doc_id == content_hash("Same words.")
    again, _ = read(tmp_path)
    assert [d.doc_id for d in again] == [d.doc_id for d in docs]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2014-12-30T16:53:25Z", "2014-12-30"), ("1948", "1948"), ("2020-8", "2020-08"),
        ("June 2025", "2025-06"), ("4 June 2025", "2025-06-04"),
        ("Wed, 04 Jun 2025 10:00:00 GMT", "2025-06-04"), ("August 5, 2019", "2019-08-05"),
        ("not a date", None), ("2019-13-01", None), ("", None),
    ],
)  # fmt: skip
def test_dates_are_normalised(raw, iso):
    assert normalise_date(raw) == iso


def test_folder_readme_is_not_a_document_but_can_be_named(tmp_path):
    (tmp_path / "README.md").write_text("# About this corpus\n\nTexts collected for testing.")
    (tmp_path / "LICENSE").write_text("Permission is granted to test.")
    (tmp_path / "story.txt").write_text("The minister resigned on Friday.")
    docs, problems = read(tmp_path)
    assert not problems and [Path(d.source_path).name for d in docs] == ["story.txt"]
    assert one(tmp_path / "README.md").title == "# About this corpus"


def test_sidecar_entry_may_name_a_file_in_a_subfolder(tmp_path):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "story.txt").write_text("The envoy returned home on Sunday.")
    (tmp_path / "index.jsonl").write_text(json.dumps(
        {"file": "2024/story.txt", "id": "nested", "published": "2024-05-05"}) + "\n")
    doc = one(tmp_path)
    assert (doc.doc_id, doc.published) == ("nested", "2024-05-05")
