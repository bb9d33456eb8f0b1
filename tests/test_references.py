"""References to the archive: exact names, spelling variants, fuzzy matches, paraphrases."""

from __future__ import annotations

import pytest

from flashpoint.discourse.references import PhraseFinder, ReferenceMatcher, alias_key, load_kb
from flashpoint.document import Document, Sentence
from flashpoint.vocabulary import fixed_ids

VOCABULARY_IDS = fixed_ids()[1]


def split(text: str) -> list[Sentence]:
    """Naive sentences (enough for these tests, no parser needed)."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".?!" and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(Sentence(start, i + 1, text[start : i + 1]))
            start = i + 2
    return out


@pytest.fixture(scope="module")
def matcher():
    return ReferenceMatcher(embeddings=False)


def ids(matcher, text: str, published: str | None = "2020-06-01") -> set[str]:
    doc = Document(text, published=published)
    doc.sentences = split(doc.text)
    return {r.id for r in matcher(doc)}


def test_knowledge_base_covers_the_vocabulary():
    entries = load_kb("kashmir")
    assert {e.id for e in entries} >= VOCABULARY_IDS
    for e in entries:
        assert e.name and e.description and e.date, e.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Both sides still quote the Simla Agreement.", "SIMLA_AGREEMENT"),
        ("The Shimla Accord was signed after the war.", "SIMLA_AGREEMENT"),
        ("Critics recalled the Owen-Dixon plan.", "OWEN_DIXON_PLAN"),
        ("The Bhutto–Swaran Singh talks went nowhere.", "BHUTTO_SWARAN_SINGH_TALKS"),
        ("Some still praise Musharraf's four-point formula.", "MUSHARRAF_FOUR_POINT_FORMULA"),
        ("They agreed the 2015 ten-point agenda in Islamabad.", "COMPREHENSIVE_BILATERAL_DIALOGUE_2015"),
        ("The 1947 Indian Independence Act left the choice open.", "INDIAN_INDEPENDENCE_ACT_1947"),
        ("It relies on Article 257 of its constitution.", "ARTICLE_257_PAK_CONSTITUTION"),
        ("Students marched against the citizen amendment bill (CAA) last winter.", "CITIZENSHIP_AMENDMENT_ACT"),
        ("Rallies were held on Kashmir Solidarity Day.", "KASHMIR_SOLIDARITY_DAY"),
        ("Activists want a campaign similar to Boycott, Divestment and Sanctions (BDS).", "BDS_MOVEMENT"),
        ("Engage the Permanent Indus Commission first.", "PERMANENT_INDUS_COMMISSION"),
        ("Millions were uprooted at Partition.", "PARTITION_1947"),
        ("Washington still thinks of the 2008 Mumbai attacks.", "MUMBAI_ATTACKS_2008"),
        ("India put the Indus Waters Treaty in abeyance.", "INDUS_WATERS_TREATY"),
    ],
)
def test_exact_names(matcher, text, expected):
    assert expected in ids(matcher, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There is proof of an Indian hand in the attack on the Samjhota Express.", "SAMJHAUTA_EXPRESS_BOMBING"),
        ("Victims of the Samjhauta Express blasts still wait for justice.", "SAMJHAUTA_EXPRESS_BOMBING"),
        ("Militants seized the Jafar Express in the Bolan Pass.", "JAFFAR_EXPRESS_HIJACKING"),
        ("Militants seized the Jaffar Express in the Bolan Pass.", "JAFFAR_EXPRESS_HIJACKING"),
    ],
)
def test_spelling_variants(matcher, text, expected):
    assert expected in ids(matcher, text)


def test_paraphrase_cues_need_the_pack_topic(matcher):
    on_topic = "Pakistan has not forgotten the attack on the Samjhota Express."
    off_topic = "Rail fans in Ohio restored a carriage they call the Samjhota Express."
    assert "SAMJHAUTA_EXPRESS_BOMBING" in ids(matcher, on_topic)
    assert ids(matcher, off_topic) == set()


def test_fuzzy_misspelling(matcher):
    doc = Document("Historians revisited the Tashkant Declaration last week.")
    doc.sentences = split(doc.text)
    refs = matcher(doc)
    assert [(r.id, r.method) for r in refs] == [("TASHKENT_DECLARATION", "fuzzy")]
    assert doc.text[refs[0].start : refs[0].end] == refs[0].quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Delhi has tightened its grip since stripping it of the special status.", "ARTICLE_370_ABROGATION"),
        ("Revoking Article 370 changed everything in the valley.", "ARTICLE_370_ABROGATION"),
        ("The Security Council resolutions on Kashmir remain on paper.", "UN_RESOLUTIONS_KASHMIR"),
        ("Pakistan leans on a set of UN resolutions about Kashmir.", "UN_RESOLUTIONS_KASHMIR"),
        ("Kashmiris were promised a free and impartial plebiscite.", "UN_RESOLUTIONS_KASHMIR"),
    ],
)
def test_paraphrases(matcher, text, expected):
    assert expected in ids(matcher, text)


def test_generic_un_resolutions_need_kashmir_context(matcher):
    assert ids(matcher, "The relevant UN resolutions on the Middle East must be honoured.") == set()


def test_lowercase_partition_is_not_the_1947_partition(matcher):
    assert ids(matcher, "They proposed a partition of the committee's workload.") == set()


def test_date_window_cue(matcher):
    text = "India and Pakistan agreed to a ceasefire after Washington intervened."
    assert "CEASEFIRE_MAY_2025" in ids(matcher, text, published="2025-05-12")
    assert "CEASEFIRE_MAY_2025" not in ids(matcher, text, published="1999-07-01")


def test_alias_keys_unify_separators():
    assert alias_key("Bhutto–Swaran  Singh") == alias_key("bhutto-swaran singh")
    finder = PhraseFinder(["Owen Dixon plan"], 0)
    assert [m.group() for m in finder.finditer("the Owen-Dixon plan and Owen Dixon plans")] == [
        "Owen-Dixon plan"
    ]


def test_embedding_matcher_finds_an_unnamed_paraphrase():
    from flashpoint.nlp import embeddings

    if not embeddings.available():
        pytest.skip("sentence encoder not installed")
    matcher = ReferenceMatcher(embeddings=True)
    doc = Document("India said it would hold the water-sharing pact with Pakistan in abeyance and choke the rivers.")
    doc.sentences = split(doc.text)
    refs = matcher(doc)
    assert [(r.id, r.method) for r in refs] == [("INDUS_WATERS_TREATY", "embedding")]
    unrelated = Document("The cricket season opened with a thrilling match in the rain.")
    unrelated.sentences = split(unrelated.text)
    assert matcher(unrelated) == []


def test_embedding_matcher_skips_off_topic_documents():
    from flashpoint.nlp import embeddings

    if not embeddings.available():
        pytest.skip("sentence encoder not installed")
    matcher = ReferenceMatcher(embeddings=True)
    doc = Document("The dam agreement on the river was suspended and the water flow choked.")
    doc.sentences = split(doc.text)
    assert matcher(doc) == []  # no word of the pack's topic: the encoder is not run


def test_unnamed_descriptions_of_the_may_2025_conflict_need_the_date_window(matcher):
    text = "After three days of cross-border strikes, Pakistan and India agreed to stop firing."
    assert "MAY_2025_CONFLICT" in ids(matcher, text, published="2025-08-01")
    assert "MAY_2025_CONFLICT" not in ids(matcher, text, published="2019-03-01")
    worst = "It was the worst confrontation between India and Pakistan since 1971."
    assert "MAY_2025_CONFLICT" in ids(matcher, worst, published="2025-06-15")
