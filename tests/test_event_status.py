"""Event status: asserted, negated, hypothetical -- and prescriptions, which are no events.

The sentences are written for these tests in the registers the coder reads (news reports,
op-eds, diplomatic speeches). The tests ask `StatusCues` for the status of one word, so
they hold whatever the event model decides; tests/test_events.py checks that the coder
applies the status to the events it codes.
"""

from __future__ import annotations

import pytest

from flashpoint.events.lexicon import load_lexicon
from flashpoint.events.status import PRESCRIBED, StatusCues

ASSERTED, NEGATED, HYPOTHETICAL = "asserted", "negated", "hypothetical"


@pytest.fixture(scope="module")
def status_of(nlp):
    lexicon = load_lexicon()
    cues = StatusCues(lexicon)

    def run(text: str, word: str) -> str:
        doc = nlp(text)
        tok = next(t for t in doc if t.text == word)
        return cues.status(tok)

    return run


def check(status_of, text: str, word: str, expected: str) -> None:
    assert status_of(text, word) == expected, f"{word!r} in {text!r}"


NEGATED_CASES = [
    ("The Security Council has yet to convene a session on the crisis.", "convene"),
    ("New Delhi did not condemn the shelling of the border villages.", "condemn"),
    ("Islamabad never recognised the new administration in the valley.", "recognised"),
    ("Neither government welcomed the ruling of the tribunal.", "welcomed"),
    ("Nobody in the cabinet condemned the killings.", "condemned"),
    ("No one in Islamabad accepted the proposal.", "accepted"),
    ("There has been no condemnation from the council so far.", "condemnation"),
    ("The absence of any condemnation from Ankara surprised the diplomats.", "condemnation"),
    ("The failure to hold talks has cost both countries dearly.", "talks"),
    ("India's refusal to accept mediation angered the delegation.", "accept"),
    ("The fourth round of talks ended without agreement.", "agreement"),
    ("The organisation has issued statements rather than convening its foreign ministers.", "convening"),
    ("Islamabad sent a junior official instead of holding talks at the ministerial level.", "holding"),
    ("Pakistan refused to attend the meeting in Geneva.", "attend"),
    ("The envoy failed to meet the prime minister during his visit.", "meet"),
    ("The army has refrained from shelling the villages since March.", "shelling"),
    ("The member states did nothing to punish the regime.", "punish"),
]


@pytest.mark.parametrize(("text", "word"), NEGATED_CASES)
def test_negation_cues_deny_the_act(status_of, text, word):
    check(status_of, text, word, NEGATED)


HYPOTHETICAL_CASES = [
    ("India could orchestrate another attack on the eve of the elections.", "attack"),
    ("Tensions may escalate along the Line of Control this winter.", "escalate"),
    ("Both governments are expected to sign the agreement in Lahore.", "sign"),
    ("Pakistan plans to recall its high commissioner from New Delhi.", "recall"),
    ("India is going to attack the camps, the minister believes.", "attack"),
    ("Officials warned that India could strike again within days.", "strike"),
    ("Analysts fear there will be a bloodbath in the valley once the curfew is lifted.", "bloodbath"),
    ("The minister said Pakistan would probably retaliate.", "retaliate"),
    ("Whether India will attend the summit remains unclear.", "attend"),
    ("Pakistan wants India to withdraw its troops from the glacier.", "withdraw"),
    ("The council urged India to lift the curfew.", "lift"),
    ("The ambassadors pressed both governments to resume the dialogue.", "resume"),
    ("India deployed extra troops in order to crush the protests.", "crush"),
    ("India is planning an attack on the training camps.", "attack"),
    ("We hope that India and Pakistan will meet each other halfway.", "meet"),
]


@pytest.mark.parametrize(("text", "word"), HYPOTHETICAL_CASES)
def test_predictions_plans_and_requests_are_hypothetical(status_of, text, word):
    check(status_of, text, word, HYPOTHETICAL)


CONDITIONAL_CASES = [
    ("If India attacks the camps, Pakistan will strike back.", "attacks"),
    ("If India attacks the camps, Pakistan will strike back.", "strike"),
    ("Unless Pakistan acts against the militants, India will suspend the talks.", "suspend"),
    ("Unless Pakistan arrests the militants, India will suspend the talks.", "arrests"),
]


@pytest.mark.parametrize(("text", "word"), CONDITIONAL_CASES)
def test_both_clauses_of_a_conditional_are_hypothetical(status_of, text, word):
    check(status_of, text, word, HYPOTHETICAL)


PRESCRIBED_CASES = [
    ("Pakistan must hand over the planners of the attack.", "hand"),
    ("India should engage Pakistan in a sustained dialogue.", "engage"),
    ("It is time for both countries to resume talks.", "talks"),
    ("Pakistan needs to rein in the militant groups on its soil.", "rein"),
    ("The number one demand must be for India to lift the curfew.", "lift"),
    ("Let us resume the composite dialogue without preconditions.", "resume"),
    ("Revisit the archives before blaming the neighbours.", "Revisit"),
    ("Islamabad must not attack the posts across the line.", "attack"),
]


@pytest.mark.parametrize(("text", "word"), PRESCRIBED_CASES)
def test_prescriptions_are_no_events(status_of, text, word):
    check(status_of, text, word, PRESCRIBED)


ASSERTED_CASES = [
    # the same acts without the cue
    ("The Security Council convened a session on the crisis.", "convened"),
    ("New Delhi condemned the shelling of the border villages.", "condemned"),
    ("India attacked the camps at dawn.", "attacked"),
    ("Pakistan recalled its high commissioner from New Delhi.", "recalled"),
    ("Pakistan handed over the planners of the attack.", "handed"),
    ("The fourth round of talks ended in agreement.", "agreement"),
    # negation scope
    ("India did not only condemn the attack but also recalled its envoy.", "condemn"),
    ("India did not only condemn the attack but also recalled its envoy.", "recalled"),
    ("No one doubts that India attacked the camps.", "attacked"),
    ("India, which did not sign the treaty, condemned the nuclear test.", "condemned"),
    ("Pakistan rejected the charge and expelled two diplomats.", "expelled"),
    ("It refuses Pakistan's offers of dialogue.", "offers"),
    # attempts, ongoing acts, announced decisions, done plans
    ("Pakistan tried to strike military installations with drones overnight.", "strike"),
    ("Pakistan will continue to support the Kashmiris in every forum.", "support"),
    ("Pakistan announced that it would suspend trade with India.", "suspend"),
    ("Islamabad said on Friday that it would expel the Indian envoy.", "expel"),
    ("The minister said the attack had been planned by militants across the border.", "attack"),
    ("The president offered a joint investigation and then withdrew the offer.", "withdrew"),
    # a purpose attached to an act does not change the act itself
    ("India deployed extra troops in order to crush the protests.", "deployed"),
    # a rhetorical question presupposes the act it asks about
    ("Did we impose any preconditions before inviting him?", "inviting"),
    # the requesting, threatening and refusing acts themselves
    ("The council urged India to lift the curfew.", "urged"),
    ("India threatened to suspend the treaty.", "threatened"),
    ("Pakistan refused to attend the meeting in Geneva.", "refused"),
    # a tensed verb the parse hangs under "the need to punish" goes with "stressed"
    ("The minister stressed the need to punish the planners of the deadly raid of May 9 in Quito "
     "and urged Peru to share what it knew about them.", "urged"),
]


@pytest.mark.parametrize(("text", "word"), ASSERTED_CASES)
def test_acts_without_a_status_cue_are_asserted(status_of, text, word):
    check(status_of, text, word, ASSERTED)


def test_a_prediction_by_others_stays_hypothetical(status_of):
    # an announcement speaks for the speaker; "said" with another party's future is a forecast
    check(status_of, "Analysts said India would suspend trade with Pakistan.", "suspend", HYPOTHETICAL)
    check(status_of, "Analysts said India could suspend trade with Pakistan.", "suspend", HYPOTHETICAL)
    check(status_of, "Pakistan said it could suspend trade with India.", "suspend", HYPOTHETICAL)


def test_may_not_is_a_possibility_not_a_denial(status_of):
    check(status_of, "India may not attend the summit in Dhaka.", "attend", HYPOTHETICAL)
    check(status_of, "India will not attend the summit in Dhaka.", "attend", NEGATED)


def test_negation_stays_in_its_own_clause(status_of):
    check(status_of, "We would not agree to that, and India disliked the plan.", "disliked", ASSERTED)
    check(status_of, "We would not agree to that, and India disliked the plan.", "agree", NEGATED)


def test_taken_steps_are_asserted(status_of):
    check(status_of, "Pakistan took steps to expel the intruders from Kashmir.", "expel", ASSERTED)


def test_a_wish_in_a_relative_clause_is_hypothetical(status_of):
    assert status_of("India handed over a list of fugitives it wants returned to face trial.", "returned") == HYPOTHETICAL
    assert status_of("The suspects they hope freed are still in jail.", "freed") == HYPOTHETICAL
    assert status_of("India returned the fugitives it wanted.", "returned") == ASSERTED
    assert status_of("The prisoners were returned last week.", "returned") == ASSERTED


def test_an_object_with_no_denies_the_act(status_of):
    check(status_of, "We seek no favours from Brazil.", "seek", NEGATED)
    check(status_of, "Islamabad has received no response from New Delhi.", "received", NEGATED)
    check(status_of, "The council has taken no action on the complaint.", "taken", NEGATED)
    check(status_of, "Islamabad received a response from New Delhi.", "received", ASSERTED)
