"""The gazetteer, place mentions and event locations (no network; the world layer is a
GeoNames extract shipped in the package)."""

from __future__ import annotations

import pytest

from flashpoint.geo.gazetteer import km_between, load_gazetteer, name_key


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer("kashmir")


def test_name_key_folds_case_accents_and_the():
    assert name_key("the Line of Control") == "line of control"
    assert name_key("Muzaffarābād") == "muzaffarabad"
    assert name_key("R.S. Pura") == name_key("RS Pura")


def test_distance():
    # Srinagar to Muzaffarabad is about 120 km as the crow flies
    assert 100 < km_between(34.084, 74.797, 34.370, 73.471) < 140
    assert km_between(10, 10, 10, 10) == 0


@pytest.mark.parametrize(
    ("name", "pid", "admin1", "country"),
    [
        ("Srinagar", "srinagar", "Jammu and Kashmir", "IND"),
        ("Punch", "poonch", "Jammu and Kashmir", "IND"),
        ("Uri sector", "uri", "Jammu and Kashmir", "IND"),
        ("Muzaffarabad", "muzaffarabad", "Azad Jammu and Kashmir", "PAK"),
        ("Skardu", "skardu", "Gilgit-Baltistan", "PAK"),
        ("Siachen Glacier", "siachen", "Ladakh", "IND"),
        ("Khuzdar", "khuzdar", "Balochistan", "PAK"),
        ("Neelum valley", "neelum", "Azad Jammu and Kashmir", "PAK"),
    ],
)
def test_pack_places_come_first(gaz, name, pid, admin1, country):
    first = gaz.lookup(name)[0]
    assert (first.id, first.admin1, first.country, first.layer) == (pid, admin1, country, "pack")


def test_world_layer_has_cities_regions_and_countries(gaz):
    assert {p.country for p in gaz.lookup("Hyderabad")} == {"IND", "PAK"}
    assert {p.id for p in gaz.lookup("Punjab")} == {"IN.23", "PK.04"}
    india = gaz.lookup("India")[0]
    assert india.precision == "country" and 15 < india.lat < 30 and 70 < india.lon < 85
    assert any(p.country == "GBR" and p.capital for p in gaz.lookup("London"))
    # a former name of another city does not shadow a name of its own
    assert [p.id for p in gaz.lookup("Islamabad")] == ["islamabad"]


def test_unknown_name_has_no_candidates(gaz):
    assert gaz.lookup("Zzyzxabad") == []


def test_every_pack_place_is_in_its_region(gaz):
    for p in gaz.places.values():
        if p.layer == "pack" and p.country in ("IND", "PAK"):
            assert 5 < p.lat < 40 and 60 < p.lon < 98, p
            assert p.admin1, p


def _places(doc):
    return [(m.text, m.place.id if m.place else None) for m in doc.places]


def test_place_mentions_resolve_in_context(analyse):
    sindh = analyse("Police arrested protesters in Hyderabad after clashes in Karachi and Sukkur.")
    deccan = analyse("Police arrested protesters in Hyderabad after a rally in Warangal.")
    assert {p.country for m in sindh.places if m.text == "Hyderabad" for p in [m.place]} == {"PAK"}
    assert {p.country for m in deccan.places if m.text == "Hyderabad" for p in [m.place]} == {"IND"}
    lahore = analyse("Farmers protested in Punjab and blocked roads near Lahore.")
    amritsar = analyse("Farmers protested in Punjab and blocked roads near Amritsar.")
    assert dict(_places(lahore))["Punjab"] == "PK.04"
    assert dict(_places(amritsar))["Punjab"] == "IN.23"


def test_the_writers_side_breaks_a_tie(analyse):
    text = "A bomb exploded in Hyderabad, police said."
    assert analyse(text, outlet_country="PAK").places[0].place.country == "PAK"
    assert analyse(text, outlet_country="IND").places[0].place.country == "IND"


def test_a_state_acting_is_no_place(analyse):
    doc = analyse(
        "Pakistan said India and China had discussed the Kashmir dispute. Islamabad rejected it."
    )
    assert _places(doc) == []


def test_a_state_set_beside_a_party_is_no_place_but_beside_a_place_is(analyse):
    doc = analyse("The groups were funded by Western countries, particularly the United States.")
    assert _places(doc) == []
    doc = analyse("Troops were deployed in the capital, Islamabad, on Monday.")
    assert [name for name, _ in _places(doc)] == ["Islamabad"]


def test_unknown_place_is_a_mention_without_coordinates(analyse):
    doc = analyse("Indian troops shelled villages in Zzyzxabad on Monday, officials said.")
    assert _places(doc) == [("Zzyzxabad", None)]
    located = [e.location for e in doc.events if e.location]
    assert located and all(loc["lat"] is None and loc["id"] is None for loc in located)


def test_a_village_the_gazetteer_lacks_takes_the_district_named_with_it(analyse):
    doc = analyse(
        "A policeman was killed by militants at Khanpora area of Pulwama District on August 22."
    )
    located = [e.location for e in doc.events if e.location]
    assert located and all(loc["id"] == "pulwama" for loc in located)
    assert ("MILITANTS", "IND") in {
        (e.source, e.target) for e in doc.events
    }  # the forces of the place


def test_event_location_prefers_the_locative_phrase(analyse):
    doc = analyse("Indian troops fired mortar shells along the LoC near Poonch on Monday.")
    assert doc.events
    assert doc.events[0].location["id"] == "poonch"
    assert doc.events[0].location["admin1"] == "Jammu and Kashmir"
    assert doc.events[0].location["precision"] == "place"


def test_dateline_places_events_without_a_place_of_their_own(analyse):
    doc = analyse("MUZAFFARABAD, May 3 - Pakistan condemned India on Monday for its remarks.")
    assert doc.events and doc.events[0].location["id"] == "muzaffarabad"


def test_a_dateline_after_a_headline_places_events_too(analyse):
    doc = analyse("Remarks condemned\n\nMUZAFFARABAD, May 3 - Pakistan condemned India on Monday.")
    accused = [e for e in doc.events if e.type == "ACCUSE"]
    assert accused and accused[0].location["id"] == "muzaffarabad"


def test_a_dateline_of_two_places_places_nothing(analyse):
    doc = analyse("MUZAFFARABAD/ISLAMABAD, May 3 - Pakistan condemned India on Monday for its remarks.")
    assert doc.events and all(e.location is None for e in doc.events)


def test_no_place_no_location_and_never_the_capital(analyse):
    doc = analyse("Pakistan condemned India for its remarks.", outlet_country="PAK")
    assert doc.events and all(e.location is None for e in doc.events)


def test_record_carries_event_locations_and_places(analyse):
    from flashpoint.records import to_record

    doc = analyse("Militants attacked an army camp in Pulwama on Monday, killing two soldiers.")
    record = to_record(doc)
    assert record["places"][0]["id"] == "pulwama"
    loc = record["events"][0]["location"]
    assert set(loc) == {"name", "id", "lat", "lon", "admin1", "country", "precision"}
    assert loc["country"] == "IND" and 33 < loc["lat"] < 35


def test_a_state_named_by_of_is_an_actor_not_a_place(analyse):
    doc = analyse(
        "The meeting was attended by the foreign ministers of Niger and Turkey in Jeddah."
    )
    assert [m.text for m in doc.places] == ["Jeddah"]


def test_hyphenated_and_multiword_names_are_found(analyse):
    doc = analyse("Protesters marched in Gilgit-Baltistan and in Azad Jammu and Kashmir on Friday.")
    ids = {m.place.id for m in doc.places if m.place}
    assert {"PK.07", "PK.06"} <= ids


def test_acronyms_and_states_as_partners_are_no_places(analyse):
    doc = analyse("The UN urged restraint. Islamabad suspended all trade with India near Wagah.")
    assert [m.text for m in doc.places] == ["Wagah"]


def test_a_statement_is_placed_where_it_is_made_not_where_its_subject_is(analyse):
    doc = analyse("NEW DELHI, May 3 - India accused Pakistan of shelling villages in Kotli. "
                  "China said it was concerned.", published="2025-05-03")  # fmt: skip
    by_source = {e.source: e.location for e in doc.events}
    assert by_source["IND"]["id"] == "delhi"  # the dateline: India's own capital
    assert by_source.get("CHN") is None  # a dateline does not place another state's words


def test_what_a_meeting_discusses_is_not_where_it_happens(analyse):
    doc = analyse(
        "The Security Council discussed Kashmir behind closed doors in New York on Friday."
    )
    assert {e.location["name"] for e in doc.events if e.location} <= {"New York City"}
    doc = analyse("The Security Council discussed Kashmir behind closed doors on Friday.")
    assert all(e.location is None for e in doc.events)


def test_a_word_of_a_persons_name_is_no_world_town(analyse):
    # "Ahmad" and "Lone" are also other names of Al Ahmadi (Kuwait) and Loni (India)
    doc = analyse("Two militants were killed in Sopore. They were identified as "
                  "Altaf Ahmad Rather and Imtiyaz Ahmad Lone, police said.")  # fmt: skip
    assert [m.text for m in doc.places] == ["Sopore"]
    # "Ali" is also a town in India; here it opens a person's name
    doc = analyse("Militants opened fire upon Ali Mohammad Bhat near his home in Sopore on Monday.")
    assert [m.text for m in doc.places] == ["Sopore"]
    # a town that opens a name spaCy reads as a person's is still a place
    doc = analyse("Militants attacked a police mobile in Wari area of Upper Dir District.")
    assert "Upper Dir" in [m.text for m in doc.places]


def test_a_common_noun_after_the_is_no_place(analyse):
    # "Grenade" is another name of Granada; only the "The" opening the sentence is capitalised
    doc = analyse("The grenade did not explode and police sealed the area in Kupwara.")
    assert [m.text for m in doc.places] == ["Kupwara"]
    assert all(e.location is None or e.location["country"] != "ESP" for e in doc.events)


def test_another_name_of_a_world_city_counts_only_where_it_names_a_place(analyse):
    # "Tolo" and "Kamran" are other names of Toulon and Cam Ranh; "Bijapur" one of Vijayapura
    doc = analyse(
        "A grenade hit a police vehicle in Sopore, Tolo News reported, quoting Kamran Lal."
    )
    assert [m.text for m in doc.places] == ["Sopore"]
    doc = analyse("Maoists attacked a camp of the forces of Bijapur District on Monday.")
    assert "Bijapur" in [m.text for m in doc.places]


def test_a_name_the_actor_stage_gives_a_state_is_a_place_of_that_state_or_none(analyse):
    # "White House" is also another name of Casablanca, and "Bush" a town in Egypt
    doc = analyse(
        "President Obama met David Cameron at the White House on Friday.", published="2015-01-10"
    )
    assert all(m.place is None or m.place.country == "USA" for m in doc.places)
    doc = analyse(
        "The Bush plan was dropped, and protesters marched in London.", published="2015-01-10"
    )
    assert [(m.text, m.place.country) for m in doc.places] == [("London", "GBR")]


def test_a_place_entity_leaves_its_full_stop_out(analyse):
    doc = analyse("Aid convoys were stopped on the road to Muzaffarabad.\n\nTalks resumed later.")
    assert [m.text for m in doc.places] == ["Muzaffarabad"]


def test_generic_forces_given_their_state_do_not_act_on_its_forces():
    from flashpoint.actors.armed import resolve_local_forces
    from flashpoint.document import Document, Event

    here = {"country": "IND", "precision": "place"}
    doc = Document(
        "The Army fired first. The fire was returned by the police. Police dispersed the crowd."
    )
    doc.events = [
        Event(
            "ASSAULT",
            "LOCAL_FORCES",
            "IND",
            source_sector="COP",
            target_sector="MIL",
            start=22,
            location=here,
        ),
        Event(
            "COERCE",
            "LOCAL_FORCES",
            "IND",
            source_sector="COP",
            target_sector="CVL",
            start=61,
            location=here,
        ),
    ]
    resolve_local_forces(doc)
    assert [(e.source, e.type, e.target) for e in doc.events] == [
        ("IND", "COERCE", "IND")
    ]  # protesters stay
