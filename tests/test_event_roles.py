"""Event roles and senses: ceasefires that hold, agents named by "of", refusals, verdicts,
unattributed objects, conjoined prepositions, object-dependent verbs.

Sentences are written for these tests; mentions are marked by hand.
"""

from __future__ import annotations

import pytest

NAMES = {
    "Brazil": "BRA", "Brazilian": "BRA", "Chile": "CHL", "Chilean": "CHL", "Peru": "PER",
    "Norway": "NOR", "Kenya": "KEN", "Egypt": "EGY", "Santiago": ("CHL", "place"),
    "Lima": ("PER", "place"), "Ghana": "GHA", "Japan": "JPN", "Mr. Tanaka": ("JPN", "person", "GOV"),
    "Mr. Silva": ("BRA", "person", "GOV"), "Mr. Rojas": ("CHL", "person", "GOV"),
    "The Arab League": "ARAB_LEAGUE", "LIMA": "PER",
}  # fmt: skip


@pytest.fixture(scope="module")
def code(code_marked):
    def run(text: str) -> set[tuple]:
        return {(e.source, e.type, e.target, e.status) for e in code_marked(text, NAMES, "2024-03-01").events}

    return run


def test_ceasefire_taking_effect_is_a_mutual_retreat(code):
    got = code("Fighting stopped at dawn. Chilean and Brazilian commanders put into effect a ceasefire on Monday.")
    assert ("CHL", "RETREAT", "BRA", "asserted") in got
    assert ("BRA", "RETREAT", "CHL", "asserted") in got


def test_ceasefire_between_parties_holding(code):
    got = code("Chile and Peru exchanged notes. A ceasefire between Chile and Peru held through the night.")
    assert ("CHL", "RETREAT", "PER", "asserted") in got
    assert ("PER", "RETREAT", "CHL", "asserted") in got


def test_ceasefire_only_counts_when_implemented(code):
    got = code("Egypt talked about a ceasefire with Kenya for hours on Tuesday.")
    assert not any(t[1] == "RETREAT" for t in got)


def test_of_object_is_the_agent_of_a_withdrawal(code):
    got = code("Norway asked for it. The withdrawal of Kenya's troops, the first condition, was never carried out.")
    assert any(t[0] == "KEN" and t[1] == "RETREAT" and t[3] == "negated" for t in got)


def test_visit_of_a_minister_to_a_capital(code):
    got = code("The visit of Mr. Tanaka to Lima lasted two days.")
    assert ("JPN", "CONSULT", "PER", "asserted") in got


def test_treaty_held_in_abeyance_is_a_sanction(code):
    got = code("Kenya accused Egypt of sabotage. On Friday Kenya held the river treaty in abeyance.")
    assert ("KEN", "SANCTION", "EGY", "asserted") in got


def test_will_not_accept_is_a_refusal(code):
    got = code("Norway offered to mediate. Kenya says it will not accept mediation by Norway.")
    assert ("KEN", "REJECT", "NOR", "asserted") in got
    assert not any(t[1] == "AGREE" and t[0] == "KEN" for t in got)


def test_denied_agreement_stays_negated(code):
    got = code("Norway offered to mediate. Kenya did not accept the offer from Norway.")
    assert ("KEN", "AGREE", "NOR", "negated") in got


def test_calling_an_act_aggression_accuses_its_author(code):
    got = code("Mr. Rojas described the Brazilian raid as an act of aggression.")
    assert ("CHL", "ACCUSE", "BRA", "asserted") in got


def test_calling_a_statement_baseless(code):
    assert ("PER", "ACCUSE", "CHL", "asserted") in code("Peru called the Chilean statement baseless.")


def test_neutral_description_is_no_event(code):
    assert not code("Peru described the Chilean statement as long and detailed.")


def test_condemning_an_unattributed_bombing_has_no_target(code):
    got = code("Ghana and Peru held talks. Several governments, including Kenya and Norway, condemned the bombing.")
    assert ("KEN", "ACCUSE", None, "asserted") in got
    assert ("NOR", "ACCUSE", None, "asserted") in got
    assert not any(t[1] == "ACCUSE" and t[2] is not None for t in got)


def test_talks_with_conjoined_prepositions(code):
    got = code("Mr. Tanaka held talks with Mr. Silva and with Mr. Rojas in Lima.")
    assert ("JPN", "CONSULT", "BRA", "asserted") in got
    assert ("JPN", "CONSULT", "CHL", "asserted") in got


def test_quick_to_reject_keeps_the_subject(code):
    got = code("Kenya accused Egypt of hoarding water. Officials in Egypt were quick to reject the charge.")
    assert ("EGY", "REJECT", "KEN", "asserted") in got


def test_talks_with_under_a_preposition_take_the_clause_subject(code):
    got = code("Mr. Silva agreed to new steps after two hours of talks with Mr. Tanaka in Lima.")
    assert ("BRA", "CONSULT", "JPN", "asserted") in got


def test_exchanging_fire_is_mutual_assault(code):
    got = code("Chile and Peru exchanged fire along the border for a third night.")
    assert ("CHL", "ASSAULT", "PER", "asserted") in got
    assert ("PER", "ASSAULT", "CHL", "asserted") in got


def test_exchanging_data_is_cooperation_and_bare_exchange_no_event(code):
    assert ("CHL", "COOPERATE", "PER", "asserted") in code("Chile and Peru exchanged flood data every week.")
    assert not code("Chile and Peru exchanged places in the ranking.")


def test_closing_airspace_is_a_sanction(code):
    got = code("Kenya accused Egypt of sabotage. Kenya closed its airspace to Egyptian airlines.")
    assert any(t[:2] == ("KEN", "SANCTION") for t in got)


def test_standing_with_an_ally_is_support(code):
    assert ("JPN", "SUPPORT", "GHA", "asserted") in code("Japan stood with Ghana throughout the crisis.")


def test_offering_condolences_is_no_agreement(code):
    got = code("Kenya rejected the charge and offered condolences to Egypt.")
    assert not any(t[1] == "AGREE" for t in got)


def test_leadership_of_two_states_names_both(code):
    got = code("Japan praised the leadership of Chile and Peru for agreeing to a truce.")
    assert ("JPN", "SUPPORT", "CHL", "asserted") in got
    assert ("JPN", "SUPPORT", "PER", "asserted") in got


def test_act_without_counterpart_is_aimed_at_the_other_side_of_the_dispute(code):
    got = code("Chile suspended the fishing treaty on Monday. Fishermen were surprised. "
               "Chile and Peru have argued over the waters for decades.")  # fmt: skip
    assert ("CHL", "SANCTION", "PER", "asserted") in got


def test_unnamed_ministry_is_the_party_the_text_follows(code):
    got = code("Kenya recalled its ambassador from Egypt on Monday. "
               "The foreign ministry also summoned Egypt's envoy.")  # fmt: skip
    assert ("KEN", "ACCUSE", "EGY", "asserted") in got


def test_communique_items_take_the_heading_actor(code):
    got = code("The Arab League met in Cairo on Monday with envoys from Egypt and Kenya.\n\n"
               "The League:\n\nRejected the new dam built by Kenya on the river;\n\n"
               "Called upon Kenya to share the water data with Egypt;\n\n"
               "Welcomed the restraint shown by Egypt.")  # fmt: skip
    assert ("ARAB_LEAGUE", "REJECT", "KEN", "asserted") in got
    assert ("ARAB_LEAGUE", "REQUEST", "KEN", "asserted") in got
    assert ("ARAB_LEAGUE", "SUPPORT", "EGY", "asserted") in got


def test_violence_with_no_named_target_hits_the_place_named_or_the_other_side(code):
    names = "Chile and Peru have argued over the border for decades. Japan sent an envoy to Lima."
    got = code(names + " Chile then shelled the hills overnight.")
    assert ("CHL", "ASSAULT", "PER", "asserted") in got
    assert not any(t[:2] == ("CHL", "ASSAULT") and t[2] == "JPN" for t in got)


def test_trading_reprisals_is_mutual(code):
    got = code("Chile and Peru traded reprisals after the border incident.")
    assert ("CHL", "SANCTION", "PER", "asserted") in got
    assert ("PER", "SANCTION", "CHL", "asserted") in got


def test_talks_that_ended_were_held_by_the_two_sides(code):
    got = code("Chile and Peru sent delegations to Quito. The third round of talks ended on Friday without a deal.")
    assert ("CHL", "CONSULT", "PER", "asserted") in got
    assert ("PER", "CONSULT", "CHL", "asserted") in got


def test_talks_that_could_start_name_no_parties(code):
    got = code("Chile and Peru sent delegations to Quito. Officials hoped that talks could start soon.")
    assert not [t for t in got if t[1] == "CONSULT"]


def test_duration_object_is_not_the_controller(code):
    got = code("Japan had spent weeks urging Peru to release the fishermen.")
    assert ("JPN", "REQUEST", "PER", "asserted") in got


def test_neither_accepting_an_offer_is_not_aimed_at_each_other(code):
    got = code("Chile and Peru have quarrelled for years. Neither capital has accepted the mediation offer.")
    assert ("CHL", "AGREE", "PER", "negated") not in got
    assert ("PER", "AGREE", "CHL", "negated") not in got


def test_discussed_place_is_a_topic(code):
    got = code("Chile and Peru have quarrelled for years. The Arab League discussed Peru behind closed doors.")
    assert not any(t[1] == "CONSULT" and t[2] == "PER" for t in got)


def test_conferring_an_honour_is_support(code):
    assert ("JPN", "SUPPORT", "GHA", "asserted") in code("Japan conferred its highest honour on Ghana's president.")


def test_promise_to_pursue_attackers_is_a_threat(code):
    got = code("Kenya accused Egypt of harbouring raiders. Kenya promised to pursue the attackers to the end.")
    assert any(t[:2] == ("KEN", "THREATEN") for t in got)
    assert not any(t[:2] == ("KEN", "AGREE") for t in got)


def test_promised_restoration_is_a_concession(code):
    got = code("Chile cut the power lines. Chile has promised that statehood will be restored to Peru soon.")
    assert ("CHL", "CONCEDE", "PER", "asserted") in got


def test_agreements_held_in_abeyance_are_no_agreement(code):
    got = code("Kenya accused Egypt of sabotage. Kenya said it would hold all bilateral agreements with Egypt in abeyance.")
    assert not any(t[1] == "AGREE" for t in got)
    assert any(t[:2] == ("KEN", "SANCTION") for t in got)


def test_finite_verb_after_a_denial_is_its_own_act(code):
    got = code("Egypt said Kenya had attacked. Kenya denied launching any attack and accused Egypt of lying.")
    assert ("KEN", "ACCUSE", "EGY", "asserted") in got


def test_conjoined_act_inside_a_reported_clause_belongs_to_the_speaker(code):
    got = code("Mr. Silva told reporters that the changes were an internal matter, and accused Chile of meddling.")
    assert ("BRA", "ACCUSE", "CHL", "asserted") in got


def test_concern_and_trouble_are_disapproval(code):
    got = code("Ghana criticised the raids. Japan is deeply troubled by the arrests made by Kenya.")
    assert ("JPN", "ACCUSE", "KEN", "asserted") in got
    got = code("Japan remains concerned about the detention of activists by Egypt.")
    assert ("JPN", "ACCUSE", "EGY", "asserted") in got


def test_finding_an_act_regrettable_is_an_accusation(code):
    got = code("Kenya raided the port. Japan considers the raid illegal.")
    assert ("JPN", "ACCUSE", "KEN", "asserted") in got
    assert not any(t[1] == "ACCUSE" for t in code("Kenya raided the port. Japan considers the raid legal."))


def test_military_strikes_are_assault_and_hunger_strikes_protest(code):
    got = code("Chile accused Peru of aggression. Peru carried out strikes on several towns in Chile overnight.")
    assert ("PER", "ASSAULT", "CHL", "asserted") in got
    got = code("Kenya jailed the editors. The Kenyan editors began a hunger strike against Kenya.")
    assert not any(t[1] == "ASSAULT" and t[0] != "KEN" for t in got)


def test_dismissing_a_charge_as_baseless_is_a_rejection(code):
    got = code("Egypt accused Kenya of smuggling. Kenya said the allegations were baseless.")
    assert ("KEN", "REJECT", "EGY", "asserted") in got


def test_calling_a_move_an_internal_matter_rejects_outside_say(code):
    got = code("Egypt raised the border changes at the council. Kenya repeated that the changes were an internal matter.")
    assert ("KEN", "REJECT", "EGY", "asserted") in got


def test_announced_response_is_a_threat(code):
    got = code("Chile shelled the border post, and Peru has said it will respond.")
    assert ("PER", "THREATEN", "CHL", "asserted") in got
    got = code("Chile shelled the border post. Peru said it would strike back.")
    assert ("PER", "THREATEN", "CHL", "asserted") in got


def test_past_response_is_no_threat(code):
    got = code("Chile shelled the border post. Peru responded within hours.")
    assert not any(t[1] == "THREATEN" for t in got)


def test_announced_sanction_stays_a_sanction(code):
    got = code("Chile shelled the border post. Peru said it would suspend trade with Chile.")
    assert any(t[:2] == ("PER", "SANCTION") for t in got)
    assert not any(t[:2] == ("PER", "THREATEN") for t in got)


def test_standing_by_idly_is_no_support(code):
    got = code("Japan has stood by as Kenya jailed the editors.")
    assert not any(t[1] == "SUPPORT" for t in got)
    assert ("JPN", "SUPPORT", "GHA", "asserted") in code("Japan stood by Ghana during the crisis.")


def test_unnamed_organ_stands_for_a_state_not_a_group(code):
    got = code("Kenya closed the border. The Arab League stood by as the army arrested the editors.")
    assert any(t[:2] == ("KEN", "COERCE") for t in got)
    assert not any(t[:2] == ("ARAB_LEAGUE", "COERCE") for t in got)


def test_dateline_places_do_not_act(code):
    got = code("LIMA, Peru, March 3 — Chile on Friday rejected the charge.")
    assert any(t[:2] == ("CHL", "REJECT") for t in got)
    assert not any(t[0] == "PER" for t in got)


def test_denial_answers_the_last_accuser(code):
    got = code("Egypt accused Kenya of sabotage. Ghana praised Japan. Kenya denied the charge.")
    assert ("KEN", "REJECT", "EGY", "asserted") in got


def test_encouraged_by_is_support_of_the_experiencer(code):
    got = code("Chile and Peru signed a truce. Japan was encouraged by the truce signed by Chile.")
    assert any(t[:2] == ("JPN", "SUPPORT") for t in got)


def test_moving_units_is_a_mobilisation_without_a_guessed_target(code):
    got = code("Chile accused Peru of spying. Chile moved two armoured units towards the border.")
    assert ("CHL", "MOBILIZE", None, "asserted") in got


def test_encourage_to_is_a_request(code):
    got = code("Japan encouraged Chile to work with Peru to lower tensions.")
    assert ("JPN", "REQUEST", "CHL", "asserted") in got
    assert not any(t[0] == "CHL" for t in got)


def test_yes_no_question_reports_no_act(code):
    got = code("Chile and Peru met in Quito. Did Chile impose any conditions on Peru before the talks?")
    assert not any(t[1] == "COERCE" for t in got)
    got = code("Chile and Peru met in Quito. Will Peru accept the offer from Chile?")
    assert not any(t[:2] == ("PER", "AGREE") for t in got)


def test_wh_question_presupposes_its_act(code):
    got = code("Chile and Peru met in Quito. Why did Chile expel the envoy of Peru last week?")
    assert any(t[:2] == ("CHL", "SANCTION") for t in got)


def test_bare_past_verb_after_a_reported_perfect_belongs_to_the_reporter(code):
    got = code("Mr. Silva said on Monday that Chile and Peru had agreed to a truce, and praised Chile for its restraint.")
    assert ("BRA", "SUPPORT", "CHL", "asserted") in got
    assert not any(t[:2] == ("PER", "SUPPORT") for t in got)


def test_praising_a_thaw_between_two_states_is_the_speakers_act(code):
    got = code("Japan, which also attended the meeting, praised the thaw between Chile and Peru.")
    assert not any(t[0] in ("CHL", "PER") and t[1] == "SUPPORT" for t in got)


def test_bilateral_issues_are_no_dismissal(code):
    got = code("Chile and Peru said they were confident the talks would settle all bilateral issues.")
    assert not any(t[1] == "REJECT" for t in got)


def test_announced_joint_talks_are_an_agreement_of_both(code):
    got = code("Chile and Peru announced on Monday that they would resume the dialogue.")
    assert ("CHL", "AGREE", "PER", "asserted") in got
    assert ("PER", "AGREE", "CHL", "asserted") in got


def test_reassurance_is_an_agreement_and_absorbs_its_clause(code):
    got = code("Mr. Rojas reassured Mr. Silva that Chile would not support the rebels.")
    assert ("CHL", "AGREE", "BRA", "asserted") in got
    assert not any(t[1] == "SUPPORT" for t in got)


def test_acts_named_in_advice_are_topics(code):
    got = code("Chile and Peru met in Quito. Study the embargo by Chile against Peru in 1990 before the next round.")
    assert not any(t[1] == "SANCTION" for t in got)
    got = code("Chile and Peru met in Quito. Officials studied the embargo by Chile against Peru in 1990.")
    assert ("CHL", "SANCTION", "PER", "asserted") in got


def test_bare_verbs_coordinated_after_a_request_belong_to_its_complement(code):
    got = code("Japan spoke with Chile. Japan urged Chile to work with Peru to lower tensions, restore the links and keep the peace.")
    assert ("JPN", "REQUEST", "CHL", "asserted") in got
    assert not any(t[1] == "RETREAT" for t in got)


def test_no_model_fallback_for_a_bare_report(code):
    got = code("Kenya closed the border. Officials in Kenya said the gunmen had links across the border.")
    assert not [t for t in got if t[0] == "KEN" and t[1] == "ASSAULT"]


def test_returning_a_compliment_is_no_retreat_and_returning_fire_an_assault(code):
    got = code("Chile criticised Peru. Peru returned the compliment the next day.")
    assert not any(t[1] == "RETREAT" for t in got)
    got = code("Chile shelled the post. Peru returned fire within minutes.")
    assert any(t[:2] == ("PER", "ASSAULT") for t in got)


def test_dateline_capital_is_no_party_of_later_clauses(code):
    got = code("LIMA — Japan held talks with Chile on Monday, three days after visiting Kenya.")
    assert ("JPN", "CONSULT", "KEN", "asserted") in got
    assert not any(t[0] == "PER" for t in got)


def test_instrument_object_is_no_controller(code):
    got = code("Kenya used the session to make baseless allegations against Egypt.")
    assert any(t[:2] == ("KEN", "ACCUSE") for t in got)


def test_denying_it_answers_the_accuser_not_the_denier(code):
    got = code("Egypt accused Kenya of arming the rebels. Kenya continues to deny it.")
    assert ("KEN", "REJECT", "EGY", "asserted") in got


def test_relative_object_of_a_complement_is_its_target(code):
    got = code("Japan spoke of Ghana, which Kenya has yet to recognise.")
    assert ("KEN", "SUPPORT", "GHA", "negated") in got


def test_advice_to_a_state_is_a_request(code):
    got = code("Chile and Peru argued for years. Chile's advice to Peru is to abandon that claim.")
    assert any(t[:3] == ("CHL", "REQUEST", "PER") for t in got)
