"""Language data: every cue list is defined once, documented, and shared by the stages."""

from __future__ import annotations

import pytest
import yaml

from flashpoint.lang import LANG_DIR, LanguageDataError, load_language


def test_every_entry_says_what_it_means_and_gives_an_example():
    for path in (LANG_DIR / "en").glob("*.yaml"):
        for name, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            assert entry.get("means") and entry.get("example"), f"{path.name}: {name}"


@pytest.fixture
def language(tmp_path, monkeypatch):
    """Language data ``xx`` made of the given files (name -> YAML text), loaded afresh."""
    folder = tmp_path / "xx"
    folder.mkdir()
    monkeypatch.setattr("flashpoint.lang.LANG_DIR", tmp_path)

    def load(files: dict[str, str]):
        for name, text in files.items():
            (folder / name).write_text(text)
        return load_language("xx")

    load_language.cache_clear()
    yield load
    load_language.cache_clear()


def test_a_name_defined_twice_is_refused(language):
    with pytest.raises(LanguageDataError, match="already defined in a.yaml"):
        language({"a.yaml": "negators: {means: m, example: e, words: [not]}\n",
                  "b.yaml": "negators: {means: m, example: e, words: [never]}\n"})  # fmt: skip
    with pytest.raises(LanguageDataError, match="no language data for 'zz'"):
        load_language("zz")


def test_a_bare_yaml_boolean_among_the_words_is_refused(language):
    with pytest.raises(LanguageDataError, match="a.yaml: 'preps' has a word that is not a string: True"):
        language({"a.yaml": "preps: {means: m, example: e, words: [by, on, to]}\n"})


def test_a_file_that_is_no_yaml_is_named_in_one_line(language):
    with pytest.raises(LanguageDataError, match=r"^bad.yaml: not valid YAML \(line 2\)$"):
        language({"bad.yaml": "preps:\n  means: a note: with a colon\n"})


def test_prepositions_that_yaml_reads_as_booleans_are_words():
    assert "on" in load_language("en").words("party_preps")


def test_unknown_list_is_a_clear_error():
    with pytest.raises(LanguageDataError, match="no cue list 'nonsense'"):
        load_language("en").words("nonsense")


def test_events_and_recommendations_share_one_notion_of_prescription():
    from flashpoint.discourse import recommendations
    from flashpoint.events.lexicon import load_lexicon
    from flashpoint.events.status import StatusCues

    cues = StatusCues(load_lexicon())
    assert set(recommendations.MODALS) == cues.presc_modals
    assert set(recommendations.SEMI_MODALS) == cues.semi_modals
    assert cues.presc_heads >= recommendations.NECESSITY_ADJ
    assert cues.say == recommendations.REPORT_VERBS


def test_phrase_pattern_matches_whole_words_only():
    rx = load_language("en").phrase_pattern("first_person_plural", "inclusive_imperatives")
    assert rx.findall("Let us say what we think; ours is a weary world") == ["Let us", "we", "ours"]
    assert not rx.search("The Weser flows west; trust is ourselvesish")
