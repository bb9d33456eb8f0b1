"""The frame lexicon scan tries cue regexes only at promising word starts: same hits as a full scan."""

from __future__ import annotations

import numpy as np

from flashpoint.discourse.frames import FrameScorer, _openings
from flashpoint.document import FRAME_IDS

TEXTS = [
    "The army shelled the border post; troops and militants traded fire until the ceasefire.",
    "Prime  minister and prime minister: the UN-backed talks, UN talks and the UNs of the world.",
    "Lawyers and law_ students said the law was broken, and so were the treaties.",
    "Odd letters: \u212aashmir \u017fecurity \u017fhelling MILITARY İllegal ılegal trade.",
    "x",
    "",
]


def full_scan(scorer: FrameScorer, texts: list[str]) -> np.ndarray:
    counts = np.zeros((len(texts), len(FRAME_IDS)), dtype=np.float32)
    for row, text in enumerate(texts):
        for frame, rx, _ in scorer.lexicon:
            counts[row, FRAME_IDS.index(frame)] += len(list(rx.finditer(text)))
    return counts


def test_lexicon_counts_equal_a_full_regex_scan():
    scorer = FrameScorer()
    got = scorer.lexicon_counts(TEXTS)
    assert (got == full_scan(scorer, TEXTS)).all()
    security = FRAME_IDS.index("security_defense")
    assert got[0, security] >= 5 and got[3, security] >= 3  # the long s matches s under re.I


def test_cue_openings_are_only_a_filter_for_plain_cues():
    assert _openings(["econom*", "trade", "gdp"]) == {"ec", "tr", "gd"}
    assert _openings(["a*", "trade"]) is None
    assert _openings(["ökonomie"]) is None
    assert _openings(["-ism"]) is None
