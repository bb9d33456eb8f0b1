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
