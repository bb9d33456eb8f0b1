"""The pack tables and the phrase resolver (no spaCy parse needed)."""

from __future__ import annotations

import pytest

from flashpoint.actors.packs import Resolver, display_name, load_pack


@pytest.fixture(scope="module")
def resolver():
    return Resolver("kashmir")


def test_world_pack_covers_every_un_member():
    import pycountry

    pack = load_pack("kashmir")
    members = {
        "IND",
        "PAK",
        "CHN",
        "USA",
        "MYS",
        "TUR",
        "IRN",
        "SAU",
        "ARE",
        "AFG",
        "BGD",
        "GBR",
        "RUS",
    }
    assert members <= pack.states
    assert len(pack.states) >= 193
    assert all(pycountry.countries.get(alpha_3=s) for s in pack.states - {"XKX"})


@pytest.mark.parametrize(
    ("phrase", "actor", "sector"),
    [
        ("Pakistani", "PAK", "GOV"),
        ("Indian-occupied Kashmir", "KASHMIRIS", None),
        ("New Delhi", "IND", "GOV"),
        ("Tehran", "IRN", "GOV"),
        ("Ankara", "TUR", "GOV"),
        ("the UN Security Council", "UNSC", "IGO"),
        ("Amnesty International", "HRO", "HRI"),
        ("Lashkar-e-Taiba", "LET", "REB"),
        ("PML-N", "PAK", "PTY"),
        ("Congress party", "IND", "PTY"),
        ("Azad Kashmir", "AJK", None),
        ("Muslim countries", "MUSLIM_WORLD", "GOV"),
        ("global circles", "INTL_COMMUNITY", "IGO"),
    ],
)
def test_aliases(resolver, phrase, actor, sector):
    found = resolver.resolve(phrase)
    assert (found.actor_id, found.sector) == (actor, sector)


def test_case_matters_for_short_forms(resolver):
    assert resolver.resolve("US").actor_id == "USA"
    assert resolver.resolve("us") is None
    assert resolver.resolve("turkey") is None


def test_the_same_role_resolves_to_the_holder_of_the_day(resolver):
    early = resolver.resolve("the Indian premier", date="1999-02-20")
    late = resolver.resolve("the Indian premier", date="2019-09-27")
    assert (early.actor_id, early.sector) == (late.actor_id, late.sector) == ("IND", "GOV")
    assert "Vajpayee" in early.explanation and "Modi" in late.explanation
    assert early.date_range.startswith("1998-03-19")


def test_secretary_of_state_by_date(resolver):
    assert "Rice" in resolver.resolve("the US Secretary of State", date="2006-05-01").explanation
    assert "Rubio" in resolver.resolve("the US Secretary of State", date="2025-05-10").explanation


def test_people_resolve_to_their_state_and_dated_sector(resolver):
    assert (resolver.resolve("Modi", date="2019-08-05").actor_id) == "IND"
    trump = resolver.resolve("President Trump", date="2025-05-11")
    assert (trump.actor_id, trump.sector, trump.kind) == ("USA", "GOV", "person")
    assert resolver.resolve("Musharraf", date="1999-05-01").sector == "MIL"
    assert resolver.resolve("Musharraf", date="2005-05-01").sector == "GOV"


def test_ambiguous_surname_needs_a_date_in_office(resolver):
    assert resolver.resolve("Gilani", date="2010-01-01").actor_id == "PAK"
    assert resolver.resolve("Gilani", date="2020-01-01") is None


def test_first_person_needs_an_outlet_country(resolver):
    assert resolver.resolve("we") is None
    assert resolver.resolve("we", outlet_country="PAK").actor_id == "PAK"
    pm = resolver.resolve("the prime minister", date="2020-01-01", outlet_country="PAK")
    assert pm.actor_id == "PAK" and "Imran Khan" in pm.explanation


def test_role_of_state(resolver):
    found = resolver.resolve("the Prime Minister of India", date="1965-03-01")
    assert (found.actor_id, found.sector) == ("IND", "GOV")
    assert "Shastri" in found.explanation
    assert resolver.resolve("the people of Pakistan").sector == "CVL"


def test_unknown_phrases_stay_unresolved(resolver):
    assert resolver.resolve("the weather") is None
    assert resolver.resolve("") is None


def test_outlet_table_and_outlet_descriptions():
    pack = load_pack("kashmir")
    assert pack.outlet_country("Dawn") == "PAK"
    assert pack.outlet_country("The Times of India") == "IND"
    assert pack.outlet_country("Pakistani English-language daily") == "PAK"
    assert pack.outlet_country("An unnamed blog") is None


def test_display_names():
    assert display_name("IND") == "India"
    assert display_name("KASHMIRIS") == "Kashmiris"
    assert display_name("NOT_AN_ID") == "NOT_AN_ID"


def test_unknown_pack_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown actor pack"):
        load_pack("no-such-pack")


def test_world_pack_rebuilds_to_the_committed_files(shared_dir, tmp_path):
    """The generated world pack is reproducible from the libraries and ../shared."""
    import subprocess
    import sys
    from pathlib import Path

    pytest.importorskip("countryinfo")
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(repo / "scripts" / "build_world_pack.py"), "--shared", str(shared_dir),
         "--out", str(tmp_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    committed = repo / "src" / "flashpoint" / "packs" / "world"
    for name in ("countries.yaml", "sectors.yaml"):
        assert (tmp_path / name).read_text() == (committed / name).read_text()


@pytest.mark.parametrize("name", ["kashmir", "ukraine"])
def test_no_person_alias_is_a_bare_common_surname(name):
    """An alias that is a surname many people share ("Khan", "Malik") would resolve every
    other bearer of the name to this person's actor."""
    from flashpoint.actors.packs import _read

    pack = load_pack(name)
    rows = _read(name, "persons.yaml") or {}
    assert rows
    for person, row in rows.items():
        assert row.get("actor") or person in pack.persons, f"{person}: no actor and no office"
        bare = [a for a in row.get("aliases") or () if a.lower() in pack.common_surnames]
        assert not bare, f"{person}: bare common surname {bare}"


@pytest.mark.parametrize(
    ("phrase", "actor"),
    [("Democratic Kampuchea", "KHM"), ("South West Africa", "NAM"), ("Upper Volta", "BFA"),
     ("Southern Rhodesia", "ZWE"), ("Northern Rhodesia", "ZMB"), ("Yugoslavia", "SRB")],
)  # fmt: skip
def test_former_names_of_states_resolve_to_the_state(resolver, phrase, actor):
    assert resolver.resolve(phrase).actor_id == actor
