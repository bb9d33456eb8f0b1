"""Armed actors on the ground (kashmir-vocabulary.md): groups act under their own ids,
generic militants as MILITANTS, security forces for the state of the place they act in."""

from __future__ import annotations

import pytest

from conftest import stored
from flashpoint.actors.packs import load_pack


def _events(doc):
    return [(e.source, e.type, e.target) for e in doc.events]


def test_no_armed_group_of_the_vocabulary_is_silenced():
    pack = load_pack("kashmir")
    for group in ("LET", "JEM", "TTP", "BLA", "HIZBUL", "TRF", "BLF", "MILITANTS"):
        assert group not in pack.silent
        assert pack.display_name(group) != group or group == "MILITANTS"


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Gunmen opened fire on a bus carrying pilgrims in Reasi.", "MILITANTS", None),
        ("BLF militants attacked a Frontier Corps post in Turbat.", "BLF", None),
        # the police of the place: Dantewada is not in the gazetteer, Chhattisgarh is (India)
        ("Maoists attacked a police station in Dantewada district of Chhattisgarh.", "MILITANTS", "IND"),
        ("The Frontier Corps killed five terrorists in Khuzdar.", "PAK", "MILITANTS"),
        ("Levies personnel were injured when insurgents attacked their checkpoint in Mastung.",
         "MILITANTS", "PAK"),
    ],
)
def test_groups_and_generic_militants_act_under_their_own_ids(analyse, text, source, target):
    found = _events(analyse(text))
    assert any(s == source and t == target for s, _, t in found), found


def test_a_militant_attack_is_not_a_state_attack(analyse):
    doc = analyse("Pakistani militants attacked an army post in Kupwara on Monday.", outlet_country="IND")
    sources = {s for s, _, _ in _events(doc)}
    assert "MILITANTS" in sources and "PAK" not in sources


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Security forces killed three militants in an encounter in Shopian.", "IND"),
        ("Security forces killed three militants in an encounter near Quetta.", "PAK"),
        ("Security Force (SF) personnel killed three militants in an encounter near Quetta.", "PAK"),
    ],
)
def test_security_forces_act_for_the_state_of_their_place(analyse, text, state):
    doc = analyse(text)
    assert ("ASSAULT" in {t for _, t, _ in _events(doc)})
    assert any(s == state and t == "MILITANTS" for s, _, t in _events(doc)), _events(doc)
    assert "LOCAL_FORCES" not in {m.actor_id for m in doc.mentions}


def test_security_forces_without_a_place_stay_unresolved(analyse):
    doc = analyse("Security forces killed three militants in an encounter.")
    assert all("LOCAL_FORCES" not in (s, t) for s, _, t in _events(doc))
    assert "LOCAL_FORCES" not in {m.actor_id for m in doc.mentions}
    doc = analyse("Police opened fire in the market.")  # no place, no target: nothing to say
    assert all(s or t for s, _, t in _events(doc)), _events(doc)


def test_security_forces_of_an_unplaced_event_are_those_of_the_dateline(analyse):
    doc = analyse("LAHORE, May 3 - Crowds gathered on Sunday. Later, militants attacked police at "
                  "Anarkali Bazaar.", published="2024-05-06")  # a place the gazetteer lacks  # fmt: skip
    assert ("MILITANTS", "ASSAULT", "PAK") in _events(doc), _events(doc)


def test_an_act_reported_twice_keeps_its_first_report():
    from flashpoint.document import Event
    from flashpoint.events.coder import _dedupe

    first = Event("ASSAULT", "MILITANTS", "IND", quote="lead", start=0, end=40, confidence=0.6)
    again = Event("ASSAULT", "MILITANTS", "IND", quote="later", start=90, end=130, confidence=0.9)
    assert [e.quote for e in _dedupe([first, again])] == ["lead"]


def test_named_forces_resolve_to_their_state(analyse):
    doc = analyse("Jammu and Kashmir Police detained three men in Sopore.")
    assert any(m.actor_id == "IND" and m.sector == "COP" for m in doc.mentions)
    doc = analyse("Balochistan Levies arrested two suspects in Kalat.")
    assert any(m.actor_id == "PAK" and m.sector == "COP" for m in doc.mentions)
    doc = analyse("Militants killed two BSF troopers in Poonch.")  # "troopers", "jawans": the force's men
    assert any(m.actor_id == "IND" and m.sector == "MIL" and m.text == "BSF troopers" for m in doc.mentions)


def test_one_man_of_the_forces_is_the_forces_of_the_place(analyse):
    doc = analyse("A policeman was shot dead by militants in Pulwama on Monday.")
    assert any(m.actor_id == "IND" and m.sector == "COP" and m.text == "policeman" for m in doc.mentions)
    doc = analyse("A soldier was wounded when militants fired on a convoy near Turbat.")
    assert any(m.actor_id == "PAK" and m.sector == "MIL" and m.text == "soldier" for m in doc.mentions)


def test_an_attack_on_nobody_named_keeps_its_place(analyse):
    """The locations stage drops what generic forces leave empty, not an attack coded with no
    party at a place and a day; and such an attack gives way to a party in the same sentence."""
    doc = analyse("Four shoppers were hurt when a grenade went off near a bus stand in Quetta on May 2.")
    found = [e for e in doc.events if e.type == "ASSAULT"]
    assert [(e.source, e.target) for e in found] == [(None, None)]
    assert found[0].location and found[0].location["country"] == "PAK"
    doc = analyse("Two troopers were injured in a mine blast near Poonch on Monday.")
    assert _events(doc) == [(None, "ASSAULT", "IND")]


def test_the_ind_pak_index_leaves_militant_attacks_out(analyse, tmp_path):
    from flashpoint.analysis import dyad_index

    docs = [analyse("Militants attacked an army camp in Uri, killing two soldiers.", doc_id="m1",
                    published="2025-01-02"),
            analyse("Pakistan accused India of shelling villages in Kotli.", doc_id="m2",
                    published="2025-01-03")]  # fmt: skip
    path = stored(tmp_path / "s.duckdb", docs)
    rows = dyad_index(str(path), "IND-PAK", "year", min_confidence=0.0)
    assert int(rows["events"].sum()) == 1  # the accusation, not the militant attack


def test_gunmen_of_a_group_are_the_group(analyse):
    doc = analyse("Gunmen of the Balochistan Liberation Army stormed a train in the Bolan Pass.")
    assert {s for s, _, _ in _events(doc)} == {"BLA"}


def test_forces_of_a_report_without_a_place_of_their_own(analyse):
    doc = analyse("Militants attacked a checkpoint in Turbat on Monday. "
                  "Security forces later killed three attackers.")  # fmt: skip
    assert any(s == "PAK" and t == "MILITANTS" for s, _, t in _events(doc)), _events(doc)


def test_the_subject_of_an_agentless_passive_is_hit_not_hitting(analyse):
    # the bracketed short form sits between the force's name and its head noun; the model
    # alone tags it as the source
    found = _events(analyse("Two Frontier Corps (FC) soldiers were killed in a roadside bombing in Kech district."))
    assert any(t == "ASSAULT" and tgt == "PAK" for _, t, tgt in found), found
    assert all(s != "PAK" for s, _, _ in found), found


def _mention(doc, text: str, actor: str):
    from flashpoint.document import Mention

    start = doc.text.index(text)
    return Mention(start, start + len(text), text, actor)


def _candidate(nlp, text: str, names: dict[str, str]):
    from types import SimpleNamespace

    sdoc = nlp(text)
    mentions = [_mention(sdoc, name, actor) for name, actor in names.items()]
    spans = {id(m): sdoc.char_span(m.start, m.end) for m in mentions}
    return SimpleNamespace(sent=sdoc[:], mentions=mentions, spans=spans), mentions


@pytest.mark.parametrize(
    ("text", "names", "roles"),
    [
        ("A bus was fired upon by militants near Poonch, killing two people, police said.",
         {"militants": "MILITANTS"}, ["agent"]),
        ("Three BSF jawans were wounded in a blast in Samba.", {"BSF": "IND"}, ["patient"]),
        ("India was asked to withdraw its troops.", {"India": "IND"}, [None]),
        ("Pakistan stood by the Kashmiris.", {"Kashmiris": "KASHMIRIS"}, [None]),
        ("India rejected the statement made by Pakistan.", {"India": "IND", "Pakistan": "PAK"}, [None, None]),
    ],
)
def test_passive_voice_gives_roles_only_where_the_grammar_is_plain(nlp, text, names, roles):
    from flashpoint.events.coder import EventCoder

    cand, mentions = _candidate(nlp, text, names)
    coder = object.__new__(EventCoder)  # the grammar needs no model
    assert [coder._passive_role(m, cand) for m in mentions] == roles


def test_a_bracketed_short_form_is_its_name(nlp):
    from flashpoint.events.coder import EventCoder

    cand, mentions = _candidate(nlp, "Security Force (SF) personnel and the Levies (Levies) met India (IND).",
                                {"Security Force": "LOCAL_FORCES", "SF": "LOCAL_FORCES", "India": "IND",
                                 "IND": "PAK"})  # fmt: skip
    glosses = [(g.text, n.text) for g, n in EventCoder._glosses(cand)]
    assert glosses == [("SF", "Security Force")]  # a short form of another actor is no gloss


def test_maoist_insurgents_are_militants_not_a_party(analyse):
    doc = analyse("Cadres of the Communist Party of India-Maoist (CPI-Maoist) set fire to three buses in Gadchiroli.")
    actors = {(m.actor_id, m.sector) for m in doc.mentions}
    assert ("MILITANTS", "REB") in actors and ("IND", "PTY") not in actors, actors
    party = analyse("The Communist Party of India called for a strike in Kolkata.")
    assert ("IND", "PTY") in {(m.actor_id, m.sector) for m in party.mentions}


def test_militants_after_a_bracketed_short_form_are_the_group(analyse):
    doc = analyse("Lashkar-e-Toiba (LeT) militants attacked a police post in Sopore on Monday.")
    assert "MILITANTS" not in {m.actor_id for m in doc.mentions}
    assert {s for s, _, _ in _events(doc)} == {"LET"}
    assert "(LeT) militants" in {m.text for m in doc.mentions}


def test_a_force_named_before_two_post_nouns_is_hit(analyse):
    doc = analyse("Militants fired upon an Army patrol party in Handwara.", outlet_country="IND")
    assert ("MILITANTS", "ASSAULT", "IND") in _events(doc), _events(doc)


def test_a_place_hit_stands_for_its_civilians(analyse):
    doc = analyse("Two small bombs went off in Lahore's Model Town area on Monday.")
    hit = [e for e in doc.events if e.type == "ASSAULT" and e.target == "PAK"]
    assert hit and all(e.target_sector == "CVL" for e in hit)
    doc = analyse("Militants killed two soldiers in Poonch on Monday.")  # the soldiers keep their sector
    assert {(e.target, e.target_sector) for e in doc.events if e.type == "ASSAULT"} == {("IND", "MIL")}


def test_men_of_a_named_force_are_that_force_only(analyse):
    doc = analyse("Two soldiers of the Frontier Corps were killed in a blast near Turbat on Monday.")
    assert [m.text for m in doc.mentions if m.sector == "MIL"] == ["soldiers of the Frontier Corps"]
    assert _events(doc) == [(None, "ASSAULT", "PAK")]


def test_one_event_per_key_once_the_forces_have_their_state(analyse):
    doc = analyse("Militants shot dead two policemen and attacked a checkpost in Quetta on Monday.")
    keys = [(e.source, e.type, e.target, e.status) for e in doc.events]
    assert len(keys) == len(set(keys)), keys
    assert [e.target_sector for e in doc.events if e.target == "PAK"] == ["COP"]


@pytest.mark.parametrize("where", ["near Poonch", pytest.param("in Uri", marks=pytest.mark.xfail(
    strict=True, reason="the event model tags 'Pakistani troops' as the target here, and 'Indian' is coordinated "
    "with a word inside that mention, not with its head, so the two do not share a role (docs/events.md, Known gaps)")),
    "along the Line of Control"])  # fmt: skip
def test_the_place_of_a_clash_between_two_sides_is_no_party(analyse, where):
    doc = analyse(f"Indian and Pakistani troops exchanged fire {where} on Monday.", published="2024-05-06")
    assert set(_events(doc)) == {("IND", "ASSAULT", "PAK"), ("PAK", "ASSAULT", "IND")}, _events(doc)


def test_forces_resolved_twice_keep_the_first_report_unless_one_named_them():
    from flashpoint.document import Event
    from flashpoint.events.keys import one_per_key

    lead = Event("ASSAULT", "MILITANTS", "PAK", quote="lead", start=0, confidence=0.6)
    later = Event("ASSAULT", "MILITANTS", "PAK", quote="later", start=50, confidence=0.9)
    assert [e.quote for e in one_per_key([lead, later], set())] == ["lead"]
    assert [e.quote for e in one_per_key([lead, later], {id(later)})] == ["later"]
