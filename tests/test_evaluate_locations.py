"""The ``location`` task of ``flashpoint evaluate``: event locations and place names."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import REPO
from flashpoint.cli import app
from flashpoint.evaluate import score
from flashpoint.evaluate.locations import build_gold, resolve_answer
from flashpoint.geo import load_gazetteer

TEXT = "Troops fired in Poonch. Pakistan protested. Shelling hit Kotli."


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer("kashmir")


@pytest.fixture(scope="module")
def gold(gaz):
    events = [
        {"start": 0, "end": 23, "quote": TEXT[0:23]},
        {"start": 24, "end": 43, "quote": TEXT[24:43]},
        {"start": 44, "end": 63, "quote": TEXT[44:63]},
    ]
    notes = {"d1": {"events": {0: "poonch", 1: [None, "islamabad"], 2: "kotli"},
                    "places": {"Poonch": "poonch", "Kotli": "kotli"}}}  # fmt: skip
    return build_gold(notes, {"d1": events}, {"d1": TEXT}, gaz)


def _system(gaz, *locations, places=()):
    spans = [(0, 23), (24, 43), (44, 63)]
    events = [{"start": s, "end": e, "type": "ASSAULT", "source": None, "target": None,
               "status": "asserted", "location": gaz.get(p).as_location() if p else None}
              for (s, e), p in zip(spans, locations, strict=True)]  # fmt: skip
    return [{"doc_id": "d1", "events": events, "places": list(places)}]


def test_answers_resolve_ids_names_and_inline_places(gaz):
    assert resolve_answer("poonch", gaz)["admin1"] == "Jammu and Kashmir"
    assert resolve_answer("Hyderabad@PAK", gaz)["admin1"] == "Sindh"
    inline = resolve_answer({"name": "Chhamb", "lat": 32.9, "lon": 74.5, "admin1": "IN.12"}, gaz)
    assert inline["id"] is None and inline["admin1"] == "Jammu and Kashmir"
    assert resolve_answer(None, gaz) is None
    with pytest.raises(ValueError, match="no such gazetteer id"):
        resolve_answer("nowhere", gaz)


def test_all_right(gaz, gold):
    loc = score(gold, _system(gaz, "poonch", None, "kotli"))["location"]
    assert (loc["scored"], loc["accuracy"], loc["admin1"], loc["within_50km"]) == (3, 1.0, 1.0, 1.0)


def test_a_near_miss_is_right_by_region_and_distance_not_by_id(gaz, gold):
    # Mendhar lies about 20 km from Poonch and Nakyal about 10 km from Kotli, in the same regions
    loc = score(gold, _system(gaz, "mendhar", "islamabad", "nakyal"))["location"]
    assert loc["accuracy"] == pytest.approx(1 / 3, abs=1e-3)  # only the acceptable Islamabad
    assert loc["admin1"] == pytest.approx(1.0)  # Mendhar: J&K; Nakyal: AJK like Kotli
    assert loc["within_50km"] == pytest.approx(1.0)


def test_a_missing_location_and_an_unplaced_event(gaz, gold):
    loc = score(gold, _system(gaz, None, "srinagar", "quetta"))["location"]
    assert loc["accuracy"] == 0.0 and loc["admin1"] == 0.0 and loc["within_50km"] == 0.0
    assert loc["placed_events"] == 2


def test_place_names_found_and_right(gaz, gold):
    places = [{"text": "Poonch", "start": 16, "end": 22, **gaz.get("poonch").as_location()},
              {"text": "Kotli", "start": 57, "end": 62, **gaz.get("bagh").as_location()}]  # fmt: skip
    loc = score(gold, _system(gaz, "poonch", None, "kotli", places=places))["location"]
    assert (loc["places"], loc["places_found"], loc["place_accuracy"]) == (2, 2, 0.5)
    loc = score(gold, _system(gaz, "poonch", None, "kotli", places=places[:1]))["location"]
    assert (loc["place_recall"], loc["place_accuracy"]) == (0.5, 1.0)


def test_events_without_an_overlapping_system_event_are_not_scored(gaz, gold):
    system = [{"doc_id": "d1", "events": [], "places": []}]
    loc = score(gold, system)["location"]
    assert (loc["events"], loc["scored"], loc["unmatched"]) == (3, 0, 3)


def test_cli_task_location(gaz, gold, tmp_path):
    gold_path, sys_path = tmp_path / "gold.jsonl", tmp_path / "sys.jsonl"
    gold_path.write_text("\n".join(json.dumps(r) for r in gold))
    sys_path.write_text("\n".join(json.dumps(r) for r in _system(gaz, "poonch", None, "uri")))
    result = CliRunner().invoke(app, ["evaluate", str(gold_path), str(sys_path), "--task", "location", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["location"]["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    other = tmp_path / "events_gold.jsonl"
    other.write_text(json.dumps({"doc_id": "d1", "events": []}))
    bad = CliRunner().invoke(app, ["evaluate", str(other), str(sys_path), "--task", "location"])
    assert bad.exit_code == 2 and "location" in bad.output


def test_shipped_location_gold_is_consistent(gaz):
    path = REPO / "gold" / "locations.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) >= 30
    for r in records:
        text = (REPO / "gold" / "check_texts" / f"{r['doc_id'].split('-', 1)[1].replace('-', '_')}.txt")
        body = text.read_text(encoding="utf-8-sig")
        for p in r["location"]["places"]:
            assert p["answers"], p
        assert body  # every annotated document is a shipped check text
