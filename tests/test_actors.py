"""The actor stage on sentences written for these tests: ids, sectors, places, perspective, links."""

from __future__ import annotations

import pytest

from flashpoint.document import Document


@pytest.fixture(scope="module")
def stage(settings, nlp):
    from flashpoint.actors import ActorStage

    return ActorStage(settings)


@pytest.fixture(scope="module")
def run(stage):
    from flashpoint.nlp import NlpStage

    parser = NlpStage(stage.settings)

    def analyse(text: str, **meta) -> Document:
        return stage(next(parser.pipe([Document(text, **meta)])))

    return analyse


def acting(doc: Document) -> set[str]:
    return set(doc.actor_counts())


def by_text(doc: Document, text: str):
    found = [m for m in doc.mentions if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in doc.mentions]}"
    return found[0]


def test_states_demonyms_capitals_and_possessives(run):
    doc = run(
        "Islamabad protested after Indian officials met Chinese envoys; Turkey's reply came later."
    )
    assert acting(doc) == {"PAK", "IND", "CHN", "TUR"}
    assert by_text(doc, "Islamabad").kind == "capital"
    assert by_text(doc, "Turkey").actor_id == "TUR"


def test_mentions_carry_offsets_and_sentence_index(run):
    doc = run("The talks stalled. Later, New Delhi blamed Pakistan.")
    m = by_text(doc, "New Delhi")
    assert doc.text[m.start : m.end] == "New Delhi"
    assert m.sentence == 1


def test_coordination_gives_one_mention_per_member(run):
    doc = run("Only Malaysia, Turkey and Iran spoke up for the besieged population at the summit.")
    assert {"MYS", "TUR", "IRN"} <= acting(doc)


def test_qualified_generics_get_the_sector(run):
    doc = run("Pakistani troops fired back after Indian security personnel crossed the line, "
              "and Kashmiri youth gathered in the streets.")  # fmt: skip
    assert (by_text(doc, "Pakistani troops").actor_id, by_text(doc, "Pakistani troops").sector) == (
        "PAK",
        "MIL",
    )
    personnel = by_text(doc, "Indian security personnel")
    assert (personnel.actor_id, personnel.sector) == ("IND", "MIL")
    youth = by_text(doc, "Kashmiri youth")
    assert (youth.actor_id, youth.sector) == ("KASHMIRIS", "CVL")


def test_a_hyphenated_name_also_matches_with_spaces(run):
    # incident summaries often drop the hyphens: the name must not split into a state and a group
    doc = run("Tehreek e Taliban Pakistan militants and Jaish e Mohammad cadres struck a post.")
    assert {m.actor_id for m in doc.mentions} == {"TTP", "JEM"}
    assert by_text(doc, "Tehreek e Taliban Pakistan militants").sector == "REB"


def test_parties_resolve_to_their_state(run):
    doc = run("The BJP government in Delhi faced a walkout by PTI lawmakers in Islamabad.")
    bjp = next(m for m in doc.mentions if m.text.startswith("BJP"))
    assert (bjp.actor_id, bjp.sector) == ("IND", "GOV")
    pti = next(m for m in doc.mentions if m.text.startswith("PTI"))
    assert pti.actor_id == "PAK"


def test_title_and_person_form_one_mention(run):
    doc = run(
        "US Secretary of State Marco Rubio called both capitals on Saturday.",
        published="2025-05-10",
    )
    m = by_text(doc, "US Secretary of State Marco Rubio")
    assert (m.actor_id, m.sector) == ("USA", "GOV")


def test_office_holder_by_publication_date(run):
    text = "Imran Khan told a rally that the dispute could only be settled by talks."
    early = by_text(run(text, published="2005-03-01"), "Imran Khan")
    late = by_text(run(text, published="2020-03-01"), "Imran Khan")
    assert early.actor_id == late.actor_id == "PAK"
    assert (early.sector, late.sector) == ("PTY", "GOV")


def test_shared_surname_resolves_through_the_full_name_named_before(run):
    doc = run("Syed Ali Shah Gilani called a strike. Later that day Gilani was placed under house arrest.",
              published="2020-03-01")  # fmt: skip
    gilani = [m for m in doc.mentions if m.text == "Gilani"]
    assert gilani and gilani[0].actor_id == "HURRIYAT"


def test_a_common_surname_refers_back_to_the_full_name(run):
    doc = run("Prime Minister Imran Khan spoke in Islamabad. Mr. Khan welcomed the offer, and Khan's "
              "aides said more talks would follow.", published="2020-03-01")  # fmt: skip
    assert (by_text(doc, "Mr. Khan").actor_id, by_text(doc, "Mr. Khan").kind) == ("PAK", "coref")
    assert by_text(doc, "Khan").actor_id == "PAK"
    assert not [m for m in run("Mr. Khan welcomed the offer.").mentions if m.text.endswith("Khan")]


def test_an_office_title_with_a_common_surname_names_the_holder_of_that_day(run):
    text = "Foreign Minister Singh met Prime Minister Khan in the capital."
    doc = run(text, published="2010-06-01")
    assert by_text(doc, "Foreign Minister Singh").actor_id == "IND"
    assert by_text(doc, "Prime Minister Khan").actor_id == "PAK"
    assert not [m for m in run("Mr. Singh met Mr. Khan.").mentions if m.text.endswith(("Singh", "Khan"))]
    doc = run("Nobody can tell our Prime Minister may travel abroad.", published="2017-06-01")
    assert not [m for m in doc.mentions if m.text.lower().endswith("may")]


def test_a_surname_inside_another_name_is_not_a_reference(run):
    doc = run("Prime Minister Imran Khan spoke. Later Tariq Khan Road was closed.", published="2020-03-01")
    assert [m.text for m in doc.mentions if "Khan" in m.text] == ["Prime Minister Imran Khan"]


def test_a_place_or_building_named_after_a_person_is_not_that_person(run):
    doc = run("A suicide bomber struck outside the gate of the Hamid Karzai International Airport in "
              "Kabul on Thursday.", published="2021-08-26")  # fmt: skip
    assert not [m for m in doc.mentions if m.kind == "person"]
    doc = run("Rescue workers carried the injured to the Jinnah Hospital in Lahore.", published="2021-08-26")
    assert not [m for m in doc.mentions if m.kind == "person"]
    doc = run("Flights resumed at Hamid Karzai International Airport on Monday.", published="2021-09-06")
    assert not [m for m in doc.mentions if m.kind == "person"]  # the name opens the airport's
    kept = run("Officials of the Obama Administration met Indian diplomats.", published="2012-03-01")
    assert "USA" in {m.actor_id for m in kept.mentions if m.kind == "person"}  # a government named after him
    kept = run("The advance of Stalin's Red Army forced the retreat.", published="1995-05-08")
    assert "RUS" in {m.actor_id for m in kept.mentions if m.kind == "person"}  # his army


def test_a_definite_title_refers_to_the_last_person_holding_it(run):
    doc = run("Secretary of State Marco Rubio arrived in Delhi on Monday. The Secretary also met the "
              "press. The state of the roads was poor.", published="2025-05-01")  # fmt: skip
    assert by_text(doc, "The Secretary").actor_id == "USA"
    assert not [m for m in doc.mentions if m.text.lower().startswith("the state")]
    far = run("Secretary of State Marco Rubio arrived in Delhi. It rained. It rained. It rained. It "
              "rained. It rained. It rained. The Secretary left.", published="2025-05-01")  # fmt: skip
    assert not [m for m in far.mentions if m.text == "The Secretary"]


def test_a_short_form_keeps_the_words_of_the_full_name(run):
    """ "the Contact Group" after "the OIC Contact Group" is the OIC; a short form with words
    the name never had ("the Kellner Group") is nobody, not even the last organisation."""
    doc = run("The OIC Contact Group met in New York. Later the Contact Group issued a statement.")
    assert by_text(doc, "the Contact Group").actor_id == "OIC"
    doc = run("The OIC Contact Group met in New York. Later the Kellner Group issued a statement.")
    assert not [m for m in doc.mentions if "Group" in m.text and m.start > 40]


def test_an_office_of_another_body_belongs_to_that_body(run):
    assert by_text(run("The Secretary General of the OIC chaired the meeting."), "Secretary General").actor_id == "OIC"
    assert by_text(run("The Secretary-General met the envoy."), "Secretary-General").actor_id == "UN"
    assert not [m for m in run("The Secretary-General of the Commonwealth spoke.").mentions
                if m.text == "Secretary-General"]  # fmt: skip
    for text in ("OIC Secretary General Hissein Taha chaired the meeting.", "The OIC's Secretary General spoke."):
        assert by_text(run(text), "Secretary General").actor_id == "OIC"


def test_a_dateline_gives_the_unqualified_offices_their_state(run):
    doc = run("NEW DELHI, May 3 - The foreign ministry summoned the envoy and the army moved troops.")
    assert (by_text(doc, "The foreign ministry").actor_id, by_text(doc, "the army").sector) == ("IND", "MIL")
    assert not [m for m in run("The foreign ministry summoned the envoy.").mentions]
    outlet = run("ISLAMABAD, May 3 - The foreign ministry summoned the envoy.", outlet_country="IND")
    assert by_text(outlet, "The foreign ministry").actor_id == "PAK"


def test_the_places_of_a_dateline_after_a_headline_do_not_act_and_give_its_state(run):
    doc = run("Train attack condemned\n\nPANIPAT, India, Feb. 20 - The foreign ministry condemned the attack.")
    assert all(m.is_place for m in doc.mentions if m.text in ("PANIPAT", "India"))
    assert by_text(doc, "The foreign ministry").actor_id == "IND"


def test_the_places_of_a_joint_dateline_do_not_act_and_give_no_state(run):
    doc = run("ISLAMABAD/NEW DELHI, May 3 - The foreign ministry summoned the envoy.")
    assert all(m.is_place for m in doc.mentions if m.text in ("ISLAMABAD", "NEW DELHI"))
    assert not [m for m in doc.mentions if m.text == "The foreign ministry"]


def test_places_do_not_act(run):
    doc = run(
        "Curfew was imposed in IIOJK and the valley stayed shut, while Gilgit-Baltistan was calm."
    )
    places = [m for m in doc.mentions if m.is_place]
    assert {m.text for m in places} >= {"IIOJK", "the valley", "Gilgit-Baltistan"}
    assert acting(doc) == set()


def test_the_people_of_a_territory_are_an_actor(run):
    doc = run("The people of the occupied valley have endured a long siege, and residents of Srinagar "
              "marched again.")  # fmt: skip
    assert "KASHMIRIS" in acting(doc)


def test_a_settlement_in_a_territory_is_a_place_not_its_people(run):
    doc = run("Troops searched a village in Pulwama, and villagers in Kupwara fled the town of "
              "Sopore.")  # fmt: skip
    assert by_text(doc, "Pulwama").is_place
    assert by_text(doc, "Sopore").is_place
    assert by_text(doc, "villagers in Kupwara").actor_id == "KASHMIRIS"


def test_the_capital_of_a_province_is_a_place_not_its_government(run):
    doc = run("Two shops burned in Quetta, the capital of Balochistan, on Friday.")
    assert by_text(doc, "Balochistan").is_place
    assert all(m.sector != "GOV" for m in doc.mentions)


def test_territory_authorities_act(run):
    doc = run("The AJK government announced relief for families along the border.")
    assert acting(doc) == {"AJK"}


def test_collectives(run):
    doc = run("The international community looked away, Muslim states stayed quiet and human rights "
              "organisations issued reports.")  # fmt: skip
    assert acting(doc) == {"INTL_COMMUNITY", "MUSLIM_WORLD", "HRO"}


def test_the_world_counts_only_as_a_party(run):
    assert "INTL_COMMUNITY" in acting(run("The world has watched in silence for months."))
    assert "INTL_COMMUNITY" not in acting(
        run("The world order is fractured and the world's markets are nervous.")
    )


def test_perspective_from_metadata(run):
    text = "We must change our approach, and the PM should lead it. The army stands ready."
    doc = run(text, outlet_country="PAK")
    assert acting(doc) == {"PAK"}
    assert by_text(doc, "the PM").kind == "deictic"
    assert by_text(doc, "The army").sector == "MIL"


def test_no_perspective_leaves_first_person_unresolved(run):
    doc = run("We must change our approach, and the PM should lead it.")
    assert acting(doc) == set()


def test_perspective_from_the_outlet_table(run):
    doc = run("Our diplomatic cadres have work to do.", outlet="The Hindu")
    m = by_text(doc, "Our diplomatic cadres")
    assert (m.actor_id, m.sector) == ("IND", "GOV")


def test_the_government_here_is_the_writers_own(run):
    doc = run(
        "Through its efforts, the government here at home has raised the issue abroad.",
        outlet_country="PAK",
    )
    assert by_text(doc, "the government here at home").actor_id == "PAK"


def test_a_first_person_phrase_is_the_speakers_after_another_state(run):
    doc = run("Pakistan repeated its allegations against my country.", outlet_country="IND")
    assert by_text(doc, "my country").actor_id == "IND"
    doc = run("Pakistan said the government would respond.", outlet_country="IND")
    assert not [m for m in doc.mentions if m.text == "the government"]  # not first person: whose is unclear


def test_the_speakers_i_is_the_state_only_in_a_text_spoken_in_its_name(run):
    spoken = "My delegation will be brief. Last year I met the Foreign Minister of Sweden, who told me nothing."
    doc = run(spoken, outlet_country="NOR")
    assert [(m.text, m.actor_id) for m in doc.mentions if m.text in ("I", "me")] == [("I", "NOR"), ("me", "NOR")]
    written = "Last year I met the Foreign Minister of Sweden, who told me nothing."  # a columnist's "I"
    assert not [m for m in run(written, outlet_country="NOR").mentions if m.text in ("I", "me")]
    quoted = 'Last year I met a minister. He said: "My government will act."'  # the state is not the speaker's
    assert not [m for m in run(quoted, outlet_country="NOR").mentions if m.text == "I"]


def test_quoted_first_person_is_not_the_writer(run):
    doc = run(
        'Modi told reporters: "We will not accept mediation."',
        outlet_country="PAK",
        published="2019-08-20",
    )
    assert acting(doc) == {"IND"}


def test_unqualified_role_after_another_state_is_not_ours(run):
    doc = run(
        "India has sealed the border, and the army has been told to hold.", outlet_country="PAK"
    )
    assert "PAK" not in acting(doc)


def test_acronym_defined_in_the_text_becomes_an_alias(run):
    doc = run("The Organisation of Islamic Cooperation's Council of Foreign Ministers (CFM) met in June. "
              "The Jammu Kashmir Civil Alliance (JKCA) was not invited. The CFM later issued a statement.")  # fmt: skip
    assert acting(doc) == {"OIC"}
    assert all(m.actor_id == "OIC" for m in doc.mentions if m.text == "CFM")


def test_acronym_after_a_resolved_name_is_used_later(run):
    doc = run(
        "The Financial Action Task Force (FATF) kept the listing. Months later FATF reviewed it again."
    )
    later = [m for m in doc.mentions if m.text == "FATF"]
    assert len(later) == 2 and {m.actor_id for m in later} == {"FATF"}


def test_the_organisation_refers_to_the_last_organisation(run):
    doc = run("The OIC has yet to meet on the crisis. The organisation's silence is telling.")
    assert by_text(doc, "The organisation").actor_id == "OIC"


def test_the_two_countries_refers_to_the_last_two_states(run):
    doc = run("China and Pakistan signed the accord. The two countries also agreed to meet yearly.")
    pair = {m.actor_id for m in doc.mentions if m.text == "The two countries"}
    assert pair == {"CHN", "PAK"}


def test_a_pair_that_only_says_whose_people_is_not_the_states(run):
    doc = run("China and Pakistan signed the accord. Hardline groups on both sides criticised it, "
              "while officials in both countries praised it.")  # fmt: skip
    assert not [m for m in doc.mentions if m.text == "both sides"]
    assert {m.actor_id for m in doc.mentions if m.text == "both countries"} == {"CHN", "PAK"}


def test_the_first_two_picks_from_the_last_list(run):
    doc = run("Malaysia, Turkey and Iran backed the resolution. The PM declined an invitation of the first two.",
              outlet_country="PAK")  # fmt: skip
    firsts = {m.actor_id for m in doc.mentions if m.text == "the first two"}
    assert firsts == {"MYS", "TUR"}


def test_he_refers_to_the_last_person(run):
    doc = run("President Trump spoke on Sunday. He offered to help.", published="2019-07-22")
    he = by_text(doc, "He")
    assert he.actor_id == "USA" and he.kind == "coref"


def test_he_prefers_the_last_subject_and_follows_surnames(run):
    """ "He" after "Mr. Khan met President Trump" is Khan, the subject, reached through the
    surname; the next "his" continues the chain."""
    doc = run("Prime Minister Imran Khan flew to Washington in July. Mr. Khan met President Donald Trump "
              "at the White House. He raised Kashmir, and his aides briefed the press.", published="2019-07-22")  # fmt: skip
    assert by_text(doc, "He").actor_id == "PAK"
    assert by_text(doc, "his").actor_id == "PAK"
    later = run("Imran Khan arrived in Washington. He met officials. President Donald Trump said he would help.",
                published="2019-07-22")  # fmt: skip
    assert [m.actor_id for m in later.mentions if m.text.lower() == "he"] == ["PAK", "USA"]
    far = run("Prime Minister Imran Khan flew to Washington. It rained. It rained. It rained. He left.",
              published="2019-07-22")  # fmt: skip
    assert not [m for m in far.mentions if m.text == "He"]


def test_she_refers_to_a_woman_and_he_to_a_man(run):
    """The pack's `sex` keeps "she" from the man who was the subject and "him" from the woman."""
    doc = run("Prime Minister Imran Khan met Secretary of State Hillary Clinton. She told him that Pakistan "
              "must act.", published="2011-06-04")  # fmt: skip
    assert by_text(doc, "She").actor_id == "USA"
    assert by_text(doc, "him").actor_id == "PAK"
    swapped = run("Sushma Swaraj met Nawaz Sharif in Islamabad. He said she had agreed to resume talks.",
                  published="2015-12-09")  # fmt: skip
    assert (by_text(swapped, "He").actor_id, by_text(swapped, "she").actor_id) == ("PAK", "IND")


def test_a_title_gives_the_sex_and_a_person_no_pack_knows_takes_the_pronoun(run):
    titled = run("Ms. Lodhi met Prime Minister Nawaz Sharif. She said he had agreed to talks.",
                 published="2015-06-04")  # fmt: skip
    assert by_text(titled, "he").actor_id == "PAK"
    # the subject is a person the pack does not know: "she" is hers, not Putin's
    unknown = run("Chancellor Angela Merkel met Vladimir Putin in Moscow. She urged Russia to withdraw.",
                  published="2015-06-04")  # fmt: skip
    assert not [m for m in unknown.mentions if m.text == "She"]


def test_precision_on_lookalikes(run):
    doc = run("On May 11 George Washington University hosted Chad Smith, and Jordan Peterson spoke about "
              "the Indian Ocean and turkey farming.")  # fmt: skip
    assert acting(doc) == set()


def test_a_thing_qualified_by_a_demonym_needs_the_state_named_elsewhere(run):
    assert "USA" not in acting(run("The ceasefire rests on an American telephone line."))
    assert "USA" in acting(run("The American claim to have brokered the deal was denied."))
    assert "USA" in acting(
        run("Washington sent an envoy; the American telephone line stayed open.")
    )


def test_nationality_of_a_person_is_not_a_party(run):
    doc = run("Sir Owen Dixon, the Australian judge sent by the United Nations, wrote his report.")
    assert "AUS" not in acting(doc)
    assert "UN" in acting(doc)


def test_bylines_and_writer_notes_are_skipped(run):
    doc = run(
        "By Shah Mehmood Qureshi\n\nThe dispute endures.\n\nThe writer is a former foreign minister of Pakistan."
    )
    assert acting(doc) == set()


def test_names_broken_across_lines_still_match(run):
    doc = run(
        "The United Nations Military\nObserver Group in India and Pakistan could be enlarged."
    )
    assert "UNMOGIP" in acting(doc)


def test_stage_runs_without_a_prior_parse(stage):
    doc = stage(Document("Pakistan welcomed the offer."))
    assert acting(doc) == {"PAK"}
    assert doc.sentences


def test_full_pipeline_fills_the_record_actors(analyse):
    from flashpoint.records import to_record

    record = to_record(
        analyse("India and Pakistan agreed to talks in IIOJK's shadow.", published="2021-02-25")
    )
    assert {a["id"] for a in record["actors"]} == {"IND", "PAK"}
    assert {a["name"] for a in record["actors"]} == {"India", "Pakistan"}


def test_the_one_urging_both_sides_is_not_a_side(run):
    doc = run(
        "India and Pakistan exchanged fire. China regretted the strikes and urged both sides to talk."
    )
    sides = {m.actor_id for m in doc.mentions if m.text == "both sides"}
    assert sides == {"IND", "PAK"}


def test_capitals_listed_as_locations_are_places(run):
    doc = run("Bombs went off this year in Kabul, Dhaka and Paris.")
    assert acting(doc) == set()
    assert {m.text for m in doc.mentions if m.is_place} == {"Kabul", "Dhaka", "Paris"}


def test_a_post_of_a_force_under_attack_stands_for_the_force(run):
    doc = run("Militants hurled a grenade at the police post and fired towards troops.")
    assert {m.text: m.actor_id for m in doc.mentions if m.actor_id == "LOCAL_FORCES"} == {
        "police": "LOCAL_FORCES", "troops": "LOCAL_FORCES"}
    # where a post only says where, the force is no party
    doc = run("The militants were hiding near the police post in the village.")
    assert "LOCAL_FORCES" not in acting(doc)


def test_a_band_of_militants_acts_as_the_militants(run):
    doc = run("A group of militants fired on the police. Two of the gunmen escaped.")
    assert {m.text for m in doc.mentions} >= {"militants", "police", "gunmen"}
    assert "MILITANTS" not in acting(run("The report spoke of militants in the hills."))


def test_a_force_coordinated_with_a_party_is_a_party(run):
    doc = run("Police and Army cordoned off the area and searched every house.")
    assert {(m.text, m.sector) for m in doc.mentions} >= {("Police", "COP"), ("Army", "MIL")}
    doc = run("The villagers spoke of the Police and the Army of an earlier age.")
    assert "LOCAL_FORCES" not in acting(doc)  # no party to anything here


def test_a_day_before_a_capital_is_nobody_there(run):
    doc = run("The two leaders met on Thursday in Minsk. Officials in Minsk welcomed the talks.")
    assert "Thursday in Minsk" not in {m.text for m in doc.mentions}
    assert {m.text for m in doc.mentions if m.is_place} == {"Minsk"}
    assert by_text(doc, "Officials in Minsk").actor_id == "BLR"


@pytest.mark.parametrize(
    ("text", "short", "actor"),
    [
        ("The World Bank brokered the water treaty. The Bank later named a neutral expert.",
         "The Bank", "WORLD_BANK"),
        ("The UN Security Council met on Friday. The Council urged restraint.", "The Council", "UNSC"),
        ("The International Court of Justice heard the case. The Court ruled for Pakistan.",
         "The Court", "ICJ"),
        ("The OIC Contact Group met in Geneva. The Group called for a plebiscite.", "The Group", "OIC"),
    ],
)  # fmt: skip
def test_a_short_form_after_the_full_name_is_that_organisation(run, text, short, actor):
    mention = by_text(run(text), short)
    assert (mention.actor_id, mention.kind) == (actor, "coref")


def test_the_organisation_goes_to_the_organisation_named_before(run):
    oic = run("The OIC met in Jeddah. The Organization condemned the killings.")
    un = run("The United Nations was founded in 1945. The Organization must act now.")
    assert by_text(oic, "The Organization").actor_id == "OIC"
    assert by_text(un, "The Organization").actor_id == "UN"


def test_a_short_form_without_a_full_name_before_is_nothing(run):
    doc = run("The Court adjourned the hearing. The Bank raised its rates.")
    assert doc.mentions == []


def test_the_pair_acted_on_by_others_is_the_main_pair(run):
    doc = run(
        "India and Pakistan fought a war in 1965. India blamed Pakistan for the infiltration. "
        "American and British diplomats pressed both governments to negotiate."
    )
    assert {m.actor_id for m in doc.mentions if m.text == "both governments"} == {"IND", "PAK"}


@pytest.mark.parametrize("acting", [
    "American and British diplomats, who pressed both governments to negotiate, left on Friday.",
    "China said it regretted the strikes and urged both governments to talk.",
    "Officials said Riyadh was working with Washington to persuade both governments to talk.",
])  # fmt: skip
def test_those_acting_on_the_pair_are_not_in_it_in_clauses_below_the_verb(run, acting):
    doc = run("India and Pakistan fought a war in 1965. India blamed Pakistan for the infiltration. " + acting)
    assert {m.actor_id for m in doc.mentions if m.text == "both governments"} == {"IND", "PAK"}


def test_a_territory_named_after_a_state_counts_for_the_main_pair(run):
    doc = run(
        "India shelled villages in Pakistan-administered Kashmir. Shells also fell in "
        "Pakistan-administered Kashmir in May. China and Russia urged the two countries to stop."
    )
    assert {m.actor_id for m in doc.mentions if m.text == "the two countries"} == {"IND", "PAK"}
    territory = [m for m in doc.mentions if m.text == "Pakistan-administered Kashmir"]
    assert territory and all(m.is_place and m.actor_id != "PAK" for m in territory)


def test_it_is_the_last_state_subject_not_the_writer(run):
    doc = run("India revoked the region's autonomy in August. It must free all political prisoners.",
              outlet_country="PAK")  # fmt: skip
    assert by_text(doc, "It").actor_id == "IND"
    its = run("India has refused talks for years. Its stance remains rigid.", outlet_country="PAK")
    assert by_text(its, "Its").actor_id == "IND"


def test_impersonal_it_is_nothing(run):
    doc = run("India has failed the region. It is clear that talks are needed.")
    assert [m.text for m in doc.mentions] == ["India"]


def test_coast_guards_named_without_a_state_are_the_generic_forces(run):
    doc = run("Two Coast Guard personnel were killed when their vehicle hit a landmine.")
    assert [(m.text, m.actor_id, m.sector) for m in doc.mentions] == [
        ("Coast Guard personnel", "LOCAL_FORCES", "MIL")]


def test_sfs_is_the_incident_reports_short_form_of_security_forces(run):
    doc = run("SFs cordoned off the village. The report counted the SF in the region as a separate item.")
    assert [(m.text, m.actor_id, m.sector) for m in doc.mentions] == [("SFs", "LOCAL_FORCES", "MIL")]


def test_a_generic_word_after_a_named_force_keeps_the_forces_sector(run):
    doc = run("Militants opened fire at the FC men near Turbat, and the Rangers arrested two suspects.")
    forces = {m.text: (m.actor_id, m.sector) for m in doc.mentions if m.actor_id == "PAK" and not m.is_place}
    assert forces == {"FC men": ("PAK", "MIL"), "Rangers": ("PAK", "MIL")}


def test_generic_forces_take_the_sector_of_their_first_word_that_has_one(run):
    doc = run("Militants fired on a Police party near the bridge, and security men returned fire.")
    forces = {m.text: m.sector for m in doc.mentions if m.actor_id == "LOCAL_FORCES"}
    assert forces.get("Police party") == "COP"
    assert forces.get("security men", "MIL") == "MIL"  # "men" says nothing


def test_hm_before_militants_is_hizbul_mujahideen_but_hm_alone_is_nobody(run):
    doc = run("Two HM militants were killed in an encounter. HM Shah chaired the meeting.")
    assert [(m.text, m.actor_id) for m in doc.mentions if m.actor_id == "HIZBUL"] == [("HM militants", "HIZBUL")]


def test_the_writers_own_voice_is_counted_outside_quotes_only():
    from flashpoint.actors.packs import load_pack
    from flashpoint.actors.perspective import own_voice

    pack = load_pack("kashmir")
    assert own_voice('We met them. "We will act," he said. The US told us so.', pack) == 2  # We, us
    assert own_voice('"Our side is ready," said the envoy.', pack) == 0


def test_a_former_name_inside_a_longer_one_is_not_read_alone(run):
    doc = run("The government of Northern Rhodesia accused Rhodesia of closing the border.")
    assert by_text(doc, "The government of Northern Rhodesia").actor_id == "ZMB"  # not Zimbabwe's "Rhodesia"
    assert by_text(doc, "Rhodesia").actor_id == "ZWE"
