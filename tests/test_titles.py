"""Titles of documents the input gives none: from the metadata, else the first sentence that is
not a salutation. Every text here is written for these tests."""

from __future__ import annotations

import json
import re

import pytest

from flashpoint.ingest import IngestOptions, iter_documents
from flashpoint.ingest.titles import (
    TITLE_CHARS,
    collection_name,
    derive_title,
    salutations,
    shorten,
    text_title,
)


def read(*paths, **options):
    items = list(iter_documents([str(p) for p in paths], IngestOptions(**options)))
    return [d for d in items if hasattr(d, "text")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Madam President,\nthe river has run dry for a third summer.", "The river has run dry for a third summer"),
        ("Mr. President, Excellencies, Ladies and gentlemen,\n\nOur valley needs roads. And schools.",
         "Our valley needs roads"),
        ("Mr.President, we grow wheat on the terraces.", "We grow wheat on the terraces"),
        ("Your Excellency Mr. Osei,\nDistinguished delegates of the\nAssembly,\nWater is peace.",
         "Water is peace"),
        ("Dear readers: the ferry resumes on Monday.", "The ferry resumes on Monday"),
        ("Sir,\nI write about the bridge.", "I write about the bridge"),
        ("12. Before I begin, I thank the chair.", "Before I begin, I thank the chair"),
    ],
)  # fmt: skip
def test_salutations_are_skipped(text, expected):
    assert text_title(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "President Adler said, on Friday, that the border stays open.",
        "Sir Arthur Penn congratulated the chair on her election and on the agenda.",
        "Friends of the lake met in the town hall to plan the clean-up.",
    ],
)
def test_a_sentence_that_begins_like_a_salutation_is_kept(text):
    assert text_title(text) == shorten(text)
    assert text_title(text).split()[0] == text.split()[0]


def test_abbreviations_and_initials_end_no_sentence():
    text = "I thank Mr. Vance and Dr. R. T. Lind for their work. The rest follows."
    assert text_title(text) == "I thank Mr. Vance and Dr. R. T. Lind for their work"


def test_long_first_sentence_is_cut_at_a_word():
    text = ("It is a particular pleasure to see the chair of this session presiding over the "
            "last meeting of the year with such evident calm and good humour.")  # fmt: skip
    title = text_title(text)
    assert len(title) <= TITLE_CHARS and title.endswith("…")
    assert text.startswith(title[:-1])
    assert text[len(title) - 1] == " "  # the cut falls between words


def test_nothing_but_salutations_or_numbers_gives_no_title():
    assert text_title("Mr. President,\nExcellencies,") is None
    assert text_title("2019 — 12 — 44") is None


def test_salutation_words_are_language_data():
    english = salutations("en")
    assert ("madam", "president") in english.phrases and "mr" in english.abbreviations
    assert salutations("xx").phrases == ()  # no data for a language: nothing is skipped
    assert text_title("Madam President, we agree.", language="xx") == "Madam President, we agree"


def test_collection_is_the_folder_name():
    assert collection_name("corpora/assembly_speeches/ABC_1999.txt") == "assembly speeches"
    assert collection_name("speech.txt") is None and collection_name("-") is None


def test_metadata_title_needs_country_and_year_and_no_outlet():
    text = "Mr. President, we thank the Assembly."
    title, origin = derive_title(text, country="NPL", published="2003-09-24",
                                 source_path="x/general_debate/NPL_2003.txt")  # fmt: skip
    assert (title, origin) == ("Nepal, 2003 (general debate)", "metadata")
    assert derive_title(text, country="NPL", published=None) == ("We thank the Assembly", "text")
    assert derive_title(text, country="NPL", published="2003", outlet="Valley Times")[1] == "text"
    assert derive_title(text, country="ZZZ", published="2003")[1] == "text"


def test_name_pattern_files_get_a_country_title_and_keep_their_text(tmp_path):
    folder = tmp_path / "council_statements"
    folder.mkdir()
    first = "Mr. President,\nWe ask for a ceasefire."
    (folder / "NOR_2011.txt").write_text(first, encoding="utf-8")
    (folder / "CHL_2012.txt").write_text(
        "Excellencies,\nThe glaciers are melting.", encoding="utf-8"
    )
    docs = read(
        folder, name_pattern=re.compile(r"(?P<outlet_country>[A-Z]{3})_(?P<published>\d{4})")
    )
    assert sorted(d.title for d in docs) == ["Chile, 2012 (council statements)",
                                             "Norway, 2011 (council statements)"]  # fmt: skip
    assert all(d.metadata["title_source"] == "metadata" for d in docs)
    assert first in {d.text for d in docs}  # the salutation stays in the text


def test_untitled_inputs_take_their_first_sentence(tmp_path):
    (tmp_path / "letter.txt").write_text(
        "Dear editor,\nThe night buses stopped in May.\n", encoding="utf-8"
    )
    rows = [{"id": "a", "text": "Ladies and gentlemen, the dam is finished.", "outlet": "Hill Post"},
            {"id": "b", "text": "Excellencies, thank you.", "title": "Given title"}]  # fmt: skip
    (tmp_path / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    titles = {d.doc_id: (d.title, d.metadata.get("title_source")) for d in read(tmp_path)}
    assert titles["a"] == ("The dam is finished", "text")
    assert titles["b"] == ("Given title", None)  # a given title is never replaced
    letter = next(v for k, v in titles.items() if k not in {"a", "b"})
    assert letter == ("The night buses stopped in May", "text")
