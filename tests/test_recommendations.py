"""Recommendations: prescriptive sentences, one per prong of an enumeration, with addressees."""

from __future__ import annotations

import re

import pytest

from flashpoint.discourse.recommendations import RecommendationFinder
from flashpoint.document import Document, Mention

ACTORS = {"Pakistan": "PAK", "Islamabad": "PAK", "India": "IND", "Delhi": "IND", "China": "CHN",
          "Malaysia": "MYS", "Turkey": "TUR", "Kashmiris": "KASHMIRIS"}  # fmt: skip


@pytest.fixture(scope="module")
def find(nlp):
    finder = RecommendationFinder()

    def run(text: str, outlet_country: str | None = None, pronouns: bool = True):
        doc = Document(text, outlet_country=outlet_country)
        doc.spacy_doc = nlp(doc.text)
        doc.sentences = []
        for name, actor in ACTORS.items():
            for m in re.finditer(rf"\b{name}\b", doc.text):
                doc.mentions.append(Mention(m.start(), m.end(), name, actor))
        if pronouns and outlet_country:
            for m in re.finditer(r"\b(?:we|our|us)\b", doc.text, re.I):
                doc.mentions.append(Mention(m.start(), m.end(), m.group(), outlet_country, kind="pronoun"))
        return finder(doc)

    return run


@pytest.mark.parametrize(
    ("text", "addressee", "action"),
    [
        ("Islamabad must rethink its approach to the water talks.", "PAK", "rethink its approach"),
        ("Delhi should lift the curfew in the valley at once.", "IND", "lift the curfew"),
        ("Pakistan ought to widen its circle of friends.", "PAK", "widen its circle"),
        ("India needs to release the detained leaders.", "IND", "release the detained leaders"),
        ("It is essential for China to use its influence.", "CHN", "use its influence"),
    ],
)
def test_modal_and_semi_modal_sentences(find, text, addressee, action):
    recs = find(text)
    assert len(recs) == 1
    assert recs[0].addressee == addressee
    assert recs[0].action.startswith(action)
    assert recs[0].quote == text


def test_it_is_necessary_to_takes_the_writers_side_from_our(find):
    recs = find("It is necessary to rebuild our alliances abroad.", outlet_country="PAK")
    assert [(r.addressee, r.action) for r in recs] == [("PAK", "rebuild our alliances abroad")]


def test_let_us_be_clear_opens_a_view_not_a_call(find):
    recs = find("Let us be clear that talks are no favour. Let us hope for calm. Let us resume the talks.",
                outlet_country="PAK")  # fmt: skip
    assert [r.quote for r in recs] == ["Let us resume the talks."]


def test_lets_and_imperatives_in_a_piece_addressed_to_its_own_side(find):
    text = ("We have wasted years. First, reopen the old files. Let's decide which options "
            "still work. Avoid hasty concessions.")  # fmt: skip
    recs = find(text, outlet_country="PAK")
    assert [r.quote for r in recs] == [
        "First, reopen the old files.",
        "Let's decide which options still work.",
        "Avoid hasty concessions.",
    ]
    assert {r.addressee for r in recs} == {"PAK"}
    assert recs[0].action == "reopen the old files"


def test_imperative_without_a_known_side_has_no_addressee(find):
    recs = find("Reopen the old files before the summit.")
    assert len(recs) == 1 and recs[0].addressee is None


def test_a_bracketed_citation_is_no_imperative(find):
    text = 'He spoke of "a new and brighter period" [ibid],\n13.\tWe hope the talks go on.'
    assert [r.quote for r in find(text, outlet_country="PAK") if "ibid" in r.quote] == []


def test_enumeration_gives_one_recommendation_per_prong(find):
    text = ("A two-pronged plan is essential: engage the water commission; and prepare "
            "our legal case for the courts.")  # fmt: skip
    recs = find(text, outlet_country="PAK")
    prongs = [r for r in recs if r.action.startswith(("engage", "prepare"))]
    assert [r.action for r in prongs] == [
        "engage the water commission",
        "prepare our legal case for the courts",
    ]
    for r in prongs:
        assert text[r.start : r.end] == r.quote
    assert all(r.addressee == "PAK" for r in prongs)


@pytest.mark.parametrize("own", ["PAK", None])
def test_we_must_follows_the_writers_perspective(find, own):
    recs = find("We must hold our ground until the talks begin.", outlet_country=own)
    assert len(recs) == 1
    assert recs[0].addressee == own


def test_advice_with_can_names_the_actor(find):
    recs = find("Malaysia can join Pakistan on a platform to pressure Delhi.")
    assert [(r.addressee, r.action.split()[0]) for r in recs] == [("MYS", "join")]


@pytest.mark.parametrize(
    "text",
    [
        "India demanded that Pakistan should hand over the suspects.",  # a REQUEST event
        "Ties with China will grow over the next decade.",  # prediction
        "The valley may erupt at any moment.",  # prediction
        "That was a mistake.",  # evaluation
        "It must be said that the talks failed.",  # epistemic must
        "If Delhi should refuse, the talks will end.",  # conditional
        "Should India attack, Pakistan will respond.",  # inverted conditional
        "Pakistan should have acted sooner.",  # counterfactual
        "Why should we trust them?",  # question
        "Pakistan needed to act in 2019.",  # past necessity
        "The OIC has yet to convene a meeting.",  # negated event, not advice
    ],
)
def test_not_recommendations(find, text):
    assert find(text, outlet_country="PAK") == []


@pytest.mark.parametrize(
    "text",
    [
        "India said that Pakistan should stop the infiltration.",  # a reported demand
        "The envoy left convinced that both capitals would have to compromise.",
        "A joint statement said the two leaders agreed that the truce must hold.",
        "There are four things we must do:",  # announces a list; "do" is empty
        "These are the steps we must take.",
        "I must first explain the history of the dispute.",  # the speaker's own duty
        "It is vital for me to set out the facts before this forum.",
        "Our trade policy can be shaped by whoever lends us money.",  # passive "can"
        "Start with the numbers.",  # an argument move, not a call to act
        "Consider the record of the last decade.",
        "It should not be forgotten that both states were born of that principle.",  # a view
        "We would like to share our harvest with the flood victims.",  # the speaker's own wish
        "We have to remember that the treaty was signed in wartime.",  # a reminder of a fact
        "Let us not forget that the border was drawn in haste.",
        "We are deeply anxious that the breach of the truce shall be speedily remedied.",  # a wish
        "Small states have to cope with ever larger debts.",  # a description
        "It is not necessary to repeat that history here.",  # no call to act
        "The anniversary should provide us all with a chance to renew our pledges.",  # an expectation
        "Such a denial of rights must lead to unrest.",  # a prediction
        "It was resolved in the Assembly that the old regime must come to an end.",  # a past decision
        "The promise that the region shall decide its own future was made in 1948.",  # what a promise said
    ],
)
def test_reported_empty_and_rhetorical_are_not_recommendations(find, text):
    assert find(text, outlet_country="PAK") == []


def test_writer_parenthetical_said_is_not_a_report(find):
    recs = find("That said, we must stay patient with the talks.", outlet_country="PAK")
    assert [r.addressee for r in recs] == ["PAK"]


@pytest.mark.parametrize(
    ("text", "addressee", "action"),
    [
        ("We call on India to release the detained students.", "IND", "release"),
        ("I invite Pakistan to resume the suspended talks.", "PAK", "resume"),
        ("We urge China to use its influence with both sides.", "CHN", "use its influence"),
        ("I would like Turkey to host the next round.", "TUR", "host"),
        ("Welcomed the talks and called on India to lift the restrictions.", "IND", "lift"),
        ("My sincere advice to India is to talk to the Kashmiris.", "IND", "talk"),
        ("The first step must be for India to free the prisoners.", "IND", "free the prisoners"),
        ("Malaysia has a responsibility to speak for the oppressed.", "MYS", "speak"),
        ("We invite India to a joint search for a settlement.", "IND", "invite"),
        ("The best course would be for Pakistan to reopen the border crossings.", "PAK", "reopen"),
        ("We urge that the boundary be fixed by China without delay.", "CHN", "the boundary fixed"),
        ("It is Malaysia's duty to speak for the oppressed.", "MYS", "speak"),
        ("Great care needs to be taken by Pakistan in the talks.", "PAK", "taken"),
        ("We urge all nations to sign the treaty without delay.", "INTL_COMMUNITY", "sign"),
        ("It is vital that the border crossings at Wagah not be closed by India.", "IND", "the border crossings"),
        ("However, for any progress to be made, it is essential that the shelling be stopped by Pakistan.", "PAK", "the shelling"),
    ],
)
def test_performative_requests_and_duties(find, text, addressee, action):
    recs = find(text, outlet_country="PAK")
    assert len(recs) == 1
    assert recs[0].addressee == addressee and recs[0].action.startswith(action)


def test_uninflected_institutions_are_the_writers_own(find):
    text = "We cannot afford drift. Parliament should debate the water dispute openly."
    recs = find(text, outlet_country="PAK")
    assert [r.addressee for r in recs] == ["PAK"]


def test_told_pronoun_resolves_to_the_one_told(find):
    recs = find("I told Malaysia plainly that it must decide soon.", outlet_country="PAK")
    assert [r.addressee for r in recs] == ["MYS"]


ASSEMBLY = (
    "Mr. President, I congratulate you on your election. From this rostrum I speak for "
    "my people. Terrorism threatens every society. We must cut off its finance. "
    "It is time to act on the reports of this Assembly."
)


def test_we_in_a_speech_to_the_assembly_addresses_the_member_states(find):
    recs = find(ASSEMBLY, outlet_country="IND")
    assert [r.addressee for r in recs] == ["INTL_COMMUNITY", "INTL_COMMUNITY"]


def test_a_call_about_a_thing_in_a_speech_to_the_assembly_is_made_to_all(find):
    opening = "Mr. President, I congratulate you on your election. From this rostrum I speak for my people. "
    recs = find(opening + "The arms race goes on. It must be halted and reversed.", outlet_country="IND")
    assert [r.addressee for r in recs] == ["INTL_COMMUNITY"]
    recs = find(opening + "Pakistan has raised the matter again. The issue must be settled bilaterally.",
                outlet_country="IND")  # fmt: skip
    assert len(recs) == 1 and recs[0].addressee != "INTL_COMMUNITY"  # about the other side, not all


def test_we_in_an_editorial_stays_the_writers_country(find):
    text = "Terrorism threatens every society. We must cut off its finance. Our diplomats know it."
    recs = find(text, outlet_country="IND")
    assert [r.addressee for r in recs] == ["IND"]


def test_paragraph_break_ends_a_sentence(find):
    recs = find("Pakistan has allies\n\nTurkey can join Pakistan on a new platform.")
    assert [r.quote for r in recs] == ["Turkey can join Pakistan on a new platform."]


def test_a_hard_wrapped_sentence_is_read_whole(find):
    # old speeches are wrapped at about 50 characters: the modal's subject is on the line before
    text = ("After years of talks that led nowhere, the leaders of India and\n"
            "Pakistan must return to the table and settle the dispute.")  # fmt: skip
    recs = find(text)
    assert len(recs) == 1
    assert recs[0].quote == text
    assert recs[0].addressee in ("IND", "PAK")


def test_a_short_line_before_a_capital_still_ends_a_sentence(find):
    recs = find("Pakistan has allies\nTurkey can join Pakistan on a new platform.")
    assert [r.quote for r in recs] == ["Turkey can join Pakistan on a new platform."]


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("We call for the immediate release of the detained leaders.", "call for the immediate release"),
        ("We propose the creation of a joint water commission.", "propose the creation of a joint water commission"),
        ("We propose that India and Pakistan respect the ceasefire line.", "respect the ceasefire line"),
    ],
)
def test_the_speakers_own_proposals(find, text, action):
    recs = find(text, outlet_country="PAK")
    assert len(recs) == 1
    assert recs[0].action.startswith(action)


@pytest.mark.parametrize(
    "text",
    [
        "India called for calm after the attack.",  # reported: a REQUEST event
        "We called for talks last year.",  # past: no longer a proposal
        "We believe that India is wrong about the river.",  # an opinion
    ],
)
def test_reports_and_opinions_are_no_proposals(find, text):
    assert find(text, outlet_country="PAK") == []


@pytest.mark.parametrize(
    "text",
    [
        "It is vital that India and Pakistan resume their talks.",
        "Steps must be taken to demilitarize the region.",
        "There is a need for direct talks between India and Pakistan.",
        "We need a clear commitment from the Council.",
        "Durable peace in the region requires serious dialogue.",
        "This task calls for the closest cooperation among nations.",
        "It is vital the two governments return to the table.",
        "At the summit we need governments to make sure the talks go on.",
        "Lasting calm in South Asia requires that the water dispute be settled fairly.",  # a that-clause
        "The growing role of China in Asia calls for a new security dialogue.",  # an actor only in a modifier
    ],
)
def test_necessity_in_other_words(find, text):
    assert len(find(text, outlet_country="PAK")) == 1


@pytest.mark.parametrize("text", ["What must be done is clear to all.", "We needed help then, and got none.",
                                  "We shall continue to work for peace in the region.",  # a commitment
                                  "The treaty requires India to notify Pakistan of new projects.",  # an obligation
                                  "India demands talks on terrorism.",  # a REQUEST event
                                  "Pakistan needs more time.",  # an actor's own needs
                                  "Our farmers need rain to survive.",
                                  "The loan, which requires the board's approval, is late.",  # describes the loan
                                  "It is clear we lost the argument."])
def test_no_necessity_here(find, text):
    assert find(text, outlet_country="PAK") == []


def test_would_do_well_to_is_advice(find):
    recs = find("Pakistan would do well to rethink its approach to the water talks.")
    assert [(r.addressee, r.action) for r in recs] == [("PAK", "rethink its approach to the water talks")]


def test_collective_we_addresses_the_international_community(find):
    recs = find("Together we must cut off the money that feeds terrorism.", outlet_country="IND")
    assert [r.addressee for r in recs] == ["INTL_COMMUNITY"]


class _Prescription:
    """A stand-in event model whose prescription head reads ``p`` for every sentence."""

    def __init__(self, p: float):
        self.p, self.read = p, []

    def predict(self, texts):
        self.read.extend(texts)
        return [type("Reading", (), {"prescriptive": lambda _self, p=self.p: p})() for _ in texts]


def test_the_prescription_head_decides_among_flagged_sentences(nlp):
    text = "Islamabad must rethink its approach. The talks ended on Friday."
    for p, expected in ((0.9, 1), (0.1, 0)):
        model = _Prescription(p)
        doc = Document(text)
        doc.spacy_doc = nlp(doc.text)
        recs = RecommendationFinder(model=model)(doc)
        assert len(recs) == expected
        assert model.read == ["Islamabad must rethink its approach."]  # only what the cues flag


def test_negated_or_passive_outcomes_can_still_be_calls(find):
    assert len(find("Any reference to a committee should not lead to further delay.")) == 1
    assert len(find("Special measures should be provided for the refugees.")) == 1
    assert len(find("It is not the time to appease the aggressor.")) == 1


def test_a_call_inside_a_quotation_is_someone_elses(find):
    text = ('The envoy spoke at length on hunger. "Hunger is our enemy. Nations must make common cause '
            'against it." Delhi must lift the curfew.')  # fmt: skip
    assert [r.addressee for r in find(text)] == ["IND"]
    text = "The envoy put it well. \u201cLet us call a truce to terror.\u201d Pakistan should reopen the crossings."
    assert [r.addressee for r in find(text)] == ["PAK"]
    assert len(find("Two aspects have to be borne in mind.")) == 1  # passive: a call


def test_a_state_that_speaks_of_itself_by_name_in_the_present_makes_its_own_call(find):
    """In a statement that speaks for its side ("we"), "Pakistan calls upon India to ..." is
    the speaker's call; a past call is reported, and a news report without "we" only reports."""
    text = "We stand with the people of the valley. Pakistan calls upon India to release the detained students."
    assert [(r.addressee, r.action) for r in find(text, outlet_country="PAK")] == [("IND", "release the detained students")]
    past = text.replace("calls upon", "called upon")
    assert find(past, outlet_country="PAK") == []
    news = "Pakistan calls upon India to release the detained students, officials said on Monday."
    assert find(news, outlet_country="PAK", pronouns=False) == []
    assert find(text, outlet_country="IND") == []  # another state's call, in India's statement


def test_a_demand_whose_object_is_the_act_is_a_recommendation(find):
    recs = find("We demand the release of the detained students.", outlet_country="PAK")
    assert [r.action for r in recs] == ["demand the release of the detained students"]
    assert find("We ask no favour and seek no bargain.", outlet_country="PAK") == []
    assert find("I ask myself that question every day.", outlet_country="PAK") == []


def test_a_referring_it_under_a_modal_addresses_the_actor_it_refers_to(nlp):
    """ "It must act" after "Chile failed ..." addresses Chile when the actor stage resolved
    the pronoun; an "it" it left unresolved falls back to the writer's side."""
    text = "We have waited long enough. Chile has failed to act. It must release the detained students."
    doc = Document(text, outlet_country="PAK")
    doc.spacy_doc = nlp(doc.text)
    it = text.index("It must")
    doc.mentions = [Mention(text.index("We"), text.index("We") + 2, "We", "PAK", kind="pronoun"),
                    Mention(text.index("Chile"), text.index("Chile") + 5, "Chile", "CHL")]  # fmt: skip
    finder = RecommendationFinder()
    assert [r.addressee for r in finder(doc)] == ["PAK"]
    doc.mentions.append(Mention(it, it + 2, "It", "CHL", kind="coref"))
    assert [r.addressee for r in finder(doc)] == ["CHL"]


def test_the_actor_a_called_for_act_names_is_its_addressee(find):
    recs = find("We have waited. The crisis in the valley calls for urgent action by China.", outlet_country="PAK")
    assert [r.addressee for r in recs] == ["CHN"]
    recs = find("We have waited. The crisis in the valley calls for urgent action.", outlet_country="PAK")
    assert [r.addressee for r in recs] == ["PAK"]


@pytest.mark.parametrize(
    ("text", "addressees"),
    [
        ("It is for India to release the detained students.", ["IND"]),
        ("It is up to China to use its influence with both capitals.", ["CHN"]),
        ("It is for historians to judge the war of 1965.", []),  # no actor: no duty laid
    ],
)
def test_it_is_for_an_actor_to_act_lays_a_duty_on_it(find, text, addressees):
    assert [r.addressee for r in find(text)] == addressees


def test_a_demand_that_something_be_done_is_not_addressed_to_the_speaker(find):
    recs = find("We demand that an inquiry be held into the killings.", outlet_country="PAK")
    assert [r.addressee for r in recs] == [None]
    recs = find("We demand that an inquiry be held by India into the killings.", outlet_country="PAK")
    assert [r.addressee for r in recs] == ["IND"]
