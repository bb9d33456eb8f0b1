"""Reference cue patterns are skipped only when a literal every match needs is absent."""

from __future__ import annotations

import re

import pytest

from flashpoint.discourse.references import ReferenceMatcher, fold, required_literal
from flashpoint.document import Document, Sentence

TEXTS = [
    "Thirty years after the partition of the subcontinent, talks in Agra went nowhere.",
    "The Security Council's resolutions on Kashmir called for a free and fair plebiscite.",
    "VAJPAYEE'S BUS JOURNEY TO LAHORE opened a window that the Kargil war closed.",
    "After the ceasefire understanding of 2003, the DGMOs spoke on the hotline.",
    "Both armies agreed to a cease-fire along the Line of Control in February 2021.",
    "The Securıty Councıl and the PAKİSTAN delegation cited the reſolutions of 1948.",
]


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("(?:abc|def)ghij", "ghij"),
        ("abc(?:de)?fgh", "abc"),
        ("Bhutto and (?:Sardar )?Swaran Singh", "swaran singh"),
        ("(?:UN|U\\.N\\.)\\s+resolutions?", "resolution"),
        ("a|bcdef", None),
        ("(?i:abcd)", None),
        ("ab", None),
    ],
)
def test_required_literal(pattern, literal):
    assert required_literal(pattern, re.I) == literal


def test_fold_shows_every_case_insensitive_ascii_match():
    pairs = [("PAKİSTAN", "pakistan"), ("Securıty", "security"), ("reſolution", "resolution"),
             ("\u212aashmir", "kashmir")]  # fmt: skip
    for text, word in pairs:
        assert re.search(word, text, re.I)
        assert word in fold(text)


def test_cue_matches_equal_running_every_pattern():
    matcher = ReferenceMatcher(embeddings=False)
    for text in TEXTS:
        doc = Document(text, published="2021-03-01")
        doc.sentences = [Sentence(0, len(text), text)]
        got = matcher._match_patterns(doc, [0])
        full = [
            (ref_id, m.start(), m.end())
            for ref_id, rx, _ in matcher._patterns
            for m in rx.finditer(text)
        ]
        full += [
            (entry.id, m.start(), m.end())
            for entry, rx, _ in matcher._contextual
            for m in rx.finditer(text)
            if matcher._context_ok(entry, doc, [0], m.start())
        ]
        assert [(r.id, r.start, r.end) for r in got] == full
