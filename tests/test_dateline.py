"""The one dateline finder the actor, event and location stages share."""

import pytest

from flashpoint.nlp.dateline import find


def place_and_rest(text: str) -> tuple[str, str] | None:
    found = find(text)
    return None if found is None else (text[found.place_start : found.place_end], text[found.end :])


@pytest.mark.parametrize(
    ("text", "place", "story"),
    [
        ("NEW DELHI, Jan. 2 - India on Thursday asked the Council.", "NEW DELHI", "India on Thursday"),
        ("LAKE SUCCESS, N.Y., April 22 - The Council met.", "LAKE SUCCESS", "The Council met."),
        ("QUETTA, Pakistan, March 14 — India on Friday said so.", "QUETTA", "India on Friday"),
        ("SRINAGAR (Agency) - Three militants were killed.", "SRINAGAR", "Three militants"),
        ("NEW DELHI - Chile condemned Peru on Friday.", "NEW DELHI", "Chile condemned"),
        ("Brussels, 10 May 2025\n\nThe Union welcomes the ceasefire.", "Brussels", "\n\nThe Union"),
        ("KYIV/MOSCOW, March 3 (Reuters) - Talks failed.", "KYIV", "Talks failed."),
        ("SIMFEROPOL / WASHINGTON, March 17 - The vote was held.", "SIMFEROPOL", "The vote"),
    ],
)
def test_a_dateline_names_its_place_and_ends_where_the_story_starts(text, place, story):
    got = place_and_rest(text)
    assert got is not None and got[0] == place and got[1].startswith(story)


def test_a_dateline_of_several_places_is_joint():
    assert find("KYIV/MOSCOW, March 3 - Talks failed.").joint
    assert not find("NEW DELHI, Jan. 2 - India asked the Council.").joint


def test_a_dateline_may_follow_a_headline():
    text = "Guns fall silent as both sides accept a truce\n\nKARACHI, Dec. 17 - The guns fell silent."
    found = find(text)
    assert found is not None and text[found.start : found.end] == "KARACHI, Dec. 17 - "


@pytest.mark.parametrize(
    "text",
    [
        "INDIA - PAKISTAN TALKS COLLAPSE\nThe talks ended without a statement.",  # a headline in capitals
        "INDIA/PAKISTAN TALKS COLLAPSE\nThe talks ended without a statement.",
        "Seventy years ago this week, the judge handed in his report.",
        "Kashmir: the long view\nThe dispute is older than both states.",  # a heading, not a filing place
        "One.\nTwo.\nThree.\nNEW DELHI, Jan. 2 - Too far down to be a dateline.",
    ],
)
def test_no_dateline(text):
    assert find(text) is None

