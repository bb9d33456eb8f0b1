"""Event stage: coordination, passives, nominalisations, status, reported speech, dates.

Sentences are written for these tests; mentions are marked by hand (``mark``) so the
tests exercise the event coder alone. The last tests run the full pipeline.
"""

from __future__ import annotations

import pytest

from flashpoint.document import Document
from flashpoint.events import EventStage

NAMES = {
    "Brazil": "BRA", "Chile": "CHL", "Ghana": "GHA", "Rohingya": "ROHINGYA",
    "Myanmar": "MMR", "India": "IND", "Indian": "IND", "Pakistan": "PAK", "Pakistani": "PAK",
    "China": "CHN", "Turkey": "TUR", "Iran": "IRN", "Egypt": "EGY", "Russia": "RUS",
    "Germany": "DEU", "Japan": "JPN", "Vietnam": "VNM", "Armenia": "ARM", "Azerbaijan": "AZE",
    "the French minister": ("FRA", "person", "GOV"), "Peru": "PER", "Nepal": ("NPL", "place"),
    "the Arab League": "ARAB_LEAGUE", "the council": "UNSC", "Norway": "NOR", "Kenya": "KEN",
    "we": "PAK", "We": "PAK", "the refugees": "REFUGEES", "the Kashmiris": "KASHMIRIS",
    "Argentina": "ARG", "the minister": ("NOR", "person", "GOV"),
    "Canadian": "CAN", "Swiss envoys": "CHE",
}  # fmt: skip


@pytest.fixture(scope="module")
def stage(settings):
    return EventStage(settings)


@pytest.fixture(scope="module")
def code(code_marked):
    def run(text: str, published: str | None = "2025-06-04") -> Document:
        return code_marked(text, NAMES, published)

    return run


def triples(doc: Document) -> set[tuple]:
    return {(e.source, e.type, e.target, e.status) for e in doc.events}


def test_coordination_gives_one_event_per_pair(code):
    doc = code("Brazil, Chile and Ghana came out in support of the Rohingya and openly "
               "condemned the Myanmar government.")  # fmt: skip
    got = triples(doc)
    for src in ("BRA", "CHL", "GHA"):
        assert (src, "SUPPORT", "ROHINGYA", "asserted") in got
        assert (src, "ACCUSE", "MMR", "asserted") in got
    assert len(doc.events) == 6


def test_reciprocal_agreement_codes_both_directions(code):
    doc = code("The French minister announced that Armenia and Azerbaijan had agreed to a ceasefire.")
    got = triples(doc)
    assert ("ARM", "AGREE", "AZE", "asserted") in got
    assert ("AZE", "AGREE", "ARM", "asserted") in got
    assert all(e.source != "FRA" for e in doc.events)  # the announcement is not the event


def test_passive_agent_is_source(code):
    got = triples(code("Pakistani border posts were shelled by Indian troops on Tuesday."))
    assert ("IND", "ASSAULT", "PAK", "asserted") in got


def test_speaker_own_acts(code):
    assert ("DEU", "ACCUSE", "RUS", "asserted") in triples(code("Germany accused Russia of sabotage."))
    assert ("JPN", "SUPPORT", "VNM", "asserted") in triples(code("Japan praised Vietnam for its restraint."))


def test_nominalisations(code):
    assert ("CHN", "REJECT", None, "asserted") in triples(
        code("China's refusal of outside arbitration surprised nobody.")
    )
    got = triples(code("Turkey backed Iran's call to lift the blockade of Yemen."))
    assert ("TUR", "SUPPORT", "IRN", "asserted") in got
    assert any(s == "IRN" and t == "REQUEST" for s, t, _, _ in got)


def test_negated_events(code):
    assert ("ARAB_LEAGUE", "ACCUSE", None, "negated") in triples(
        code("The Arab League did not condemn the raid.")
    )
    got = triples(code("Despite repeated pleas, the council has yet to convene a session on the crisis."))
    assert ("UNSC", "CONSULT", None, "negated") in got
    assert ("EGY", "AID", "KEN", "negated") in triples(code("Egypt failed to help Kenya after the floods."))


def test_refusal_is_an_asserted_rejection(code):
    got = triples(code("Russia refused to attend the summit in Norway."))
    assert ("RUS", "REJECT", None, "asserted") in got or any(
        s == "RUS" and t == "REJECT" and st == "asserted" for s, t, _, st in got
    )
    assert not any(t == "CONSULT" for _, t, _, _ in got)


def test_hypothetical_events(code):
    got = triples(code("China could deploy more troops along the border with India."))
    assert any(s == "CHN" and t == "MOBILIZE" and st == "hypothetical" for s, t, _, st in got)
    got = triples(code("If the talks collapse, Pakistan may attack Indian positions."))
    assert ("PAK", "ASSAULT", "IND", "hypothetical") in got


def test_threatening_is_an_asserted_threat(code):
    doc = code("India has repeatedly threatened to invade Nepal.")
    assert ("IND", "THREATEN", "NPL", "asserted") in triples(doc)
    assert not any(e.type == "ASSAULT" for e in doc.events)  # the invasion did not happen


@pytest.mark.parametrize(
    "text",
    [
        "Pakistan must condemn the attack on Kenya.",
        "We should support the refugees without delay.",
        "Condemn the aggression against the Kashmiris now.",
        "It is necessary to support Ghana in this crisis.",
    ],
)
def test_prescriptions_are_not_events(code, text):
    assert code(text).events == []


def test_absolute_dates(code):
    doc = code("On May 11, Chile recalled its ambassador from Peru.")
    event = next(e for e in doc.events if e.source == "CHL")
    assert (event.date, event.date_precision) == ("2025-05-11", "day")
    doc = code("On August 5, 2019, India revoked the autonomy of the region.")
    assert {(e.date, e.date_precision) for e in doc.events} == {("2019-08-05", "day")}
    doc = code("In March 2021, Ghana signed a trade pact with Brazil.")
    assert {(e.date, e.date_precision) for e in doc.events} == {("2021-03", "month")}
    doc = code("In 2019, Norway criticised Myanmar.")
    assert {(e.date, e.date_precision) for e in doc.events} == {("2019", "year")}


def test_relative_dates(code):
    doc = code("Last week, Brazil criticised Argentina.", published="2025-06-04")
    assert doc.events and doc.events[0].date_precision == "day"
    assert "2025-05-26" <= doc.events[0].date <= "2025-05-31"
    doc = code("On Monday, Japan praised Vietnam.", published="2025-06-04")
    assert doc.events[0].date == "2025-06-02"
    doc = code("On March 3, Ghana met Chile. The day before, Brazil condemned Argentina.")
    later = next(e for e in doc.events if e.source == "BRA")
    assert later.date == "2025-03-02"


def test_unknown_dates_stay_null(code):
    doc = code("Brazil condemned Argentina.", published=None)
    assert doc.events and doc.events[0].date is None and doc.events[0].date_precision is None
    doc = code("On May 11, Japan praised Vietnam.", published=None)  # year unknown
    assert doc.events[0].date is None


def test_evidence_offsets_sectors_and_confidence(code):
    doc = code("Talks stalled. The French minister warned Russia against escalation.")
    event = next(e for e in doc.events if e.type == "THREATEN")
    assert doc.text[event.start : event.end].strip() == event.quote
    assert event.quote.startswith("The French minister")
    assert event.source == "FRA" and event.source_sector == "GOV"
    assert event.source_text == "The French minister" or event.source_text == "the French minister"
    assert 0.0 < event.confidence <= 1.0


def test_pronoun_subject_takes_the_last_actor(code):
    doc = code("The minister flew to Kenya on Monday. He praised Ghana for its help.")
    assert any(e.source == "NOR" and e.type == "SUPPORT" and e.target == "GHA" for e in doc.events)


def test_no_actor_no_trigger_no_event(code):
    assert code("The weather in the valley was unusually mild this spring.").events == []


def test_type_model_is_small_and_loaded(stage):
    from flashpoint.events.lexicon import MODEL_DIR

    path = MODEL_DIR / "type_model.npz"
    assert path.is_file() and path.stat().st_size < 5_000_000
    assert stage.coder.model is not None and "ASSAULT" in stage.coder.model.classes


def test_full_pipeline_codes_events(analyse):
    doc = analyse("Brazil strongly condemned Argentina on Monday.", published="2025-06-04")
    if not doc.mentions:
        pytest.skip("the actor stage produced no mentions")
    event = next(e for e in doc.events if e.type == "ACCUSE")
    assert (event.source, event.target, event.date) == ("BRA", "ARG", "2025-06-02")


def test_full_pipeline_outlet_voice(analyse):
    doc = analyse("We welcomed the agreement with Iran last month.", published="2024-03-10",
                  outlet_country="PAK")  # fmt: skip
    if not doc.mentions:
        pytest.skip("the actor stage produced no mentions")
    assert any(e.source == "PAK" and e.type == "SUPPORT" for e in doc.events)


def test_same_tuple_is_reported_once_per_document(code):
    doc = code("Chile condemned Peru on Monday. On Tuesday Chile again condemned Peru.")
    assert [(e.source, e.type, e.target) for e in doc.events] == [("CHL", "ACCUSE", "PER")]


def test_rejection_without_named_target_answers_the_last_critic(code):
    doc = code("Kenya accused Norway of meddling. Norway rejected the charge the next day.")
    assert ("NOR", "REJECT", "KEN", "asserted") in triples(doc)


def test_both_governments_are_the_two_states_of_the_document(code):
    doc = code("Armenia and Azerbaijan met in Vienna. Armenia blamed Azerbaijan for the delay. "
               "Norway and Japan pressed both governments to sign.")  # fmt: skip
    got = triples(doc)
    for src in ("NOR", "JPN"):
        for tgt in ("ARM", "AZE"):
            assert (src, "REQUEST", tgt, "asserted") in got


def test_talks_between_two_states_go_both_ways(code):
    doc = code("Talks between Egypt and Turkey were held in Cairo on Sunday.")
    got = triples(doc)
    assert ("EGY", "CONSULT", "TUR", "asserted") in got
    assert ("TUR", "CONSULT", "EGY", "asserted") in got


def test_events_without_actors_are_dropped_in_longer_texts(code):
    doc = code("The weather was mild. The protest was condemned widely, and the talks were suspended. "
               "Few shops opened. The roads stayed quiet.")  # fmt: skip
    assert doc.events and all(e.source or e.target for e in doc.events) or not doc.events
    assert not any(e.source is None and e.target is None for e in doc.events)


def test_a_single_sentence_keeps_its_main_act_without_actors(code):
    doc = code("The protest was condemned widely.")
    assert [e.type for e in doc.events] == ["ACCUSE"]
    assert doc.events[0].source is None and doc.events[0].target is None


def test_coordinated_modifiers_are_two_sources(code):
    doc = code("Canadian and Swiss envoys condemned Peru.")
    got = triples(doc)
    assert ("CAN", "ACCUSE", "PER", "asserted") in got
    assert ("CHE", "ACCUSE", "PER", "asserted") in got


def test_neither_and_the_two_sides_stand_for_both_states(code):
    doc = code("Egypt and Turkey met in Cairo. Egypt accused Turkey of delay. "
               "Neither government accepted mediation. The two sides are expected to sign a treaty.")  # fmt: skip
    got = triples(doc)
    # accepting mediation is aimed at a mediator, not at each other
    assert {("EGY", None), ("TUR", None)} <= {(s, g) for s, t, g, st in got if st == "negated"}
    signed = {(s, g) for s, t, g, st in got if st == "hypothetical"}
    assert {("EGY", "TUR"), ("TUR", "EGY")} <= signed


def test_a_denied_joint_act_without_agent_goes_to_the_parties_of_the_talks(code):
    doc = code("Kenya and Ghana held talks in Accra on Monday. After two days, no agreement could be "
               "reached on the fishing quotas.")  # fmt: skip
    got = triples(doc)
    assert ("KEN", "AGREE", "GHA", "negated") in got
    assert ("GHA", "AGREE", "KEN", "negated") in got


def test_an_agentless_joint_noun_that_is_not_denied_stays_a_topic(code):
    doc = code("Kenya and Ghana held talks in Accra on Monday. The weather was mild, and the "
               "agreement on fishing quotas was discussed at length.")  # fmt: skip
    assert not any(e.type == "AGREE" and e.status == "negated" for e in doc.events)


def test_a_negative_pronoun_subject_denies_the_act(code):
    doc = code("Egypt and Turkey met in Cairo last month. To date, neither has accepted the proposal.")
    negated = [e for e in doc.events if e.status == "negated"]
    assert {e.source for e in negated} == {"EGY", "TUR"}
    assert not any(e.status == "asserted" and e.trigger == "accepted" for e in doc.events)


def test_a_wrong_reported_by_a_speaker_is_the_speakers_accusation(code):
    got = triples(code("Norway said Russia had shelled the border villages overnight."))
    assert ("NOR", "ACCUSE", "RUS", "asserted") in got
    assert ("RUS", "ASSAULT", None, "asserted") in got


def test_a_reported_agreement_is_no_accusation(code):
    got = triples(code("The minister announced that Armenia and Azerbaijan had agreed to a ceasefire."))
    assert not any(t == "ACCUSE" for _, t, _, _ in got)
    assert ("ARM", "AGREE", "AZE", "asserted") in got


def test_yet_to_convene_its_own_members_is_a_negated_meeting(code):
    got = triples(code("The council has yet to convene its members on the dispute."))
    assert ("UNSC", "CONSULT", None, "negated") in got


def test_remaining_silent_is_a_withheld_condemnation(code):
    doc = code("India detained hundreds in Srinagar. Norway remained silent on the arrests.")
    assert any(e.source == "NOR" and e.type == "ACCUSE" and e.status == "negated" for e in doc.events)
    doc = code("The guns fell silent at midnight.")
    assert not any(e.type == "ACCUSE" for e in doc.events)


def test_forming_human_chains_is_a_protest(code):
    got = triples(code("The Kashmiris will form human chains along the border with India."))
    assert ("KASHMIRIS", "PROTEST", "IND", "hypothetical") in got


def test_protest_by_a_government_is_an_accusation(code):
    got = triples(code("The French minister protested against the new tariffs announced by Chile."))
    assert ("FRA", "ACCUSE", "CHL", "asserted") in got
    got = triples(code("The French minister lodged a strong protest with Chile over the fishing dispute."))
    assert ("FRA", "ACCUSE", "CHL", "asserted") in got
    got = triples(code("The refugees protested against the new tariffs announced by Chile."))
    assert ("REFUGEES", "PROTEST", "CHL", "asserted") in got


def test_object_of_withdraw_decides_sanction_or_retreat(code):
    got = triples(code("Chile withdrew the trade privileges it had granted to Peru."))
    assert ("CHL", "SANCTION", "PER", "asserted") in got
    got = triples(code("Chile withdrew its troops from the border with Peru."))
    assert not any(t == "SANCTION" for _, t, _, _ in got)


def test_object_before_participle_decides_type(code):
    doc = code("Peru condemned the sanctions imposed by Chile.")
    assert any(e.source == "CHL" and e.type == "SANCTION" for e in doc.events)


def test_regret_ignore_and_staying_away(code):
    assert ("PER", "ACCUSE", "CHL", "asserted") in triples(code("Peru deeply regretted Chile's military action."))
    assert ("CHL", "REJECT", "PER", "asserted") in triples(code("Chile has ignored every appeal from Peru."))
    got = triples(code("Peru stayed away from the summit hosted by Chile."))
    assert any(s == "PER" and t == "PROTEST" for s, t, _, _ in got)


@pytest.mark.parametrize("text, expected", [
    ("India committed aggression against Pakistan.", ("IND", "ASSAULT", "PAK", "asserted")),
    ("Myanmar committed atrocities against the Rohingya.", ("MMR", "ASSAULT", "ROHINGYA", "asserted")),
    ("Brazil extended a hand of friendship to Chile.", ("BRA", "AGREE", "CHL", "asserted")),
    ("Armenia and Azerbaijan concluded an accord.", ("ARM", "AGREE", "AZE", "asserted")),
    ("Brazil and Chile signed an accord on trade.", ("CHL", "AGREE", "BRA", "asserted")),
    ("Norway and Kenya reached an agreement in May.", ("NOR", "AGREE", "KEN", "asserted")),
    ("India has taken measures to arrest the Kashmiris.", ("IND", "COERCE", "KASHMIRIS", "asserted")),
])  # fmt: skip
def test_light_verbs_with_act_nouns(code, text, expected):
    got = triples(code(text))
    assert expected in got
    assert not any(t[1] == "SUPPORT" for t in got) and ("AGREE" in expected or not any(t[1] == "AGREE" for t in got))


@pytest.mark.parametrize("text, expected", [
    ("India reneged on its commitments to Pakistan.", ("IND", "REJECT", "PAK", "asserted")),
    ("Pakistan went back on the accord with India.", ("PAK", "REJECT", "IND", "asserted")),
    ("India violated the resolutions of the council.", ("IND", "REJECT", "UNSC", "asserted")),
])  # fmt: skip
def test_broken_commitments_are_rejections(code, text, expected):
    got = triples(code(text))
    assert expected in got
    assert not any(t[1] == "AGREE" for t in got)


def test_military_buildup_is_mobilize_toward_its_aim(code):
    got = triples(code("India is expanding its military capabilities, targeting Pakistan."))
    assert got == {("IND", "MOBILIZE", "PAK", "asserted")}


def test_figurative_objects_make_no_event(code):
    assert not code("Our policies lifted millions out of poverty.").events
    assert ("CHL", "RETREAT", None, "asserted") in triples(code("Chile lifted the curfew."))


def test_victim_of_a_condemned_act_is_no_target(code):
    assert ("PAK", "ACCUSE", None, "asserted") in triples(code("Pakistan denounced the killing of the Kashmiris."))
    got = triples(code("Pakistan denounced India's killing of the Kashmiris."))
    assert ("PAK", "ACCUSE", "IND", "asserted") in got
    assert ("IND", "ASSAULT", "KASHMIRIS", "asserted") in got
    assert ("IND", "COERCE", "KASHMIRIS", "asserted") in triples(code("India's repression of the Kashmiris continues."))


@pytest.mark.parametrize("text, expected", [
    ("India will pay a heavy price for its aggression, Pakistan said.", ("PAK", "THREATEN", "IND", "asserted")),
    ("Any aggression by India will be met with a befitting response, Pakistan said.",
     ("PAK", "THREATEN", "IND", "asserted")),
    ("We told India that such provocations would have grave consequences.", ("PAK", "THREATEN", "IND", "asserted")),
    ("Chile said Peru would face the consequences of its actions.", ("CHL", "THREATEN", "PER", "asserted")),
])  # fmt: skip
def test_warnings_in_a_speakers_voice_are_threats(code, text, expected):
    got = triples(code(text))
    assert expected in got
    assert not any(t[1] == "ASSAULT" for t in got)  # "any aggression" is the threat's condition


def test_a_price_already_paid_is_no_warning(code):
    got = triples(code("Kenya ignored the protests from Norway, and it has paid no price for doing so."))
    assert not any(t[1] == "THREATEN" for t in got)


@pytest.mark.parametrize("text, expected, bystander", [
    ("Brazil said Chile had breached the accord, and Peru criticised the move.", ("CHL", "REJECT", "BRA"), "PER"),
    ("Peru noted that Chile violated the agreement with Brazil.", ("CHL", "REJECT", "BRA"), "PER"),
    ("India and Pakistan signed an accord. They met in May. Norway welcomed it. Later India breached the accord.",
     ("IND", "REJECT", "PAK"), "NOR"),
])  # fmt: skip
def test_a_broken_accord_is_aimed_at_its_other_party(code, text, expected, bystander):
    got = {t[:3] for t in triples(code(text)) if t[1] == "REJECT"}
    assert expected in got
    assert not any(t[2] == bystander for t in got)


def test_a_state_named_once_in_passing_is_no_side(code):
    text = ("Peru called for calm on Monday. India has many villages near the border. India said the villages "
            "sheltered militants. The army moved more troops. Officials defended the operation. India bombed "
            "the camps again, and India attacked the posts.")  # fmt: skip
    got = triples(code(text))
    assert not any(t[0] == "IND" and t[2] == "PER" for t in got)


def test_no_fallback_for_a_first_person_disclaimer(code):
    assert not code("We have violated no norm of international law in this matter.").events
