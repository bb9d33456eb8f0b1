"""The scorer on hand-made gold and system records."""

from __future__ import annotations

import json

import pytest

from flashpoint.evaluate import EvaluationInputError, load_records, quadclass, score
from flashpoint.evaluate.recommendations import text_overlap


def rec(doc_id: str = "d1", **fields) -> dict:
    return {"doc_id": doc_id, **fields}


def ev(source, type_, target, status="asserted", **extra) -> dict:
    return {"source": source, "type": type_, "target": target, "status": status, **extra}


def prf(result: dict) -> tuple[int, int, int]:
    return result["tp"], result["fp"], result["fn"]


# actors -----------------------------------------------------------------------------


def test_actor_sets_with_optional_actors():
    gold = [rec(actors=[{"id": "IND"}, {"id": "PAK"}], optional_actors=["USA"])]
    system = [rec(actors=[{"id": "IND", "mentions": 3}, {"id": "USA"}, {"id": "CHN"}])]
    actors = score(gold, system)["actors"]
    assert prf(actors) == (1, 1, 1)  # USA neither hit nor false alarm; CHN wrong; PAK missed
    assert actors["precision"] == 0.5 and actors["recall"] == 0.5


def test_missing_and_extra_documents():
    gold = [rec("a", actors=["IND"]), rec("b", actors=["PAK", "CHN"])]
    system = [rec("a", actors=["IND"]), rec("zzz", actors=["USA"])]
    result = score(gold, system)
    assert prf(result["actors"]) == (1, 0, 2)
    assert result["documents"]["missing"] == ["b"]
    assert result["documents"]["ignored"] == 1
    assert result["documents"]["matched"] == 1


def test_micro_average_over_documents():
    gold = [rec("a", actors=["IND"]), rec("b", actors=["PAK", "CHN", "USA"])]
    system = [rec("a", actors=["IND"]), rec("b", actors=["PAK"])]
    actors = score(gold, system)["actors"]
    assert actors["recall"] == 0.5  # 2 of 4, not the mean of 1.0 and 0.333


# events -----------------------------------------------------------------------------


def test_event_needs_same_source_type_target_status():
    gold = [rec(events=[ev("IND", "COERCE", "KASHMIRIS")])]
    for wrong in (
        ev("PAK", "COERCE", "KASHMIRIS"),
        ev("IND", "ASSAULT", "KASHMIRIS"),
        ev("IND", "COERCE", None),
        ev("IND", "COERCE", "KASHMIRIS", "hypothetical"),
        ev("IND", "COERCE", "KASHMIRIS", "negated"),
    ):
        assert prf(score(gold, [rec(events=[wrong])])["events"]) == (0, 1, 1), wrong
    assert prf(score(gold, [rec(events=[ev("IND", "COERCE", "KASHMIRIS")])])["events"]) == (
        1,
        0,
        0,
    )


def test_event_status_defaults_to_asserted():
    gold = [rec(events=[{"source": "USA", "type": "SUPPORT", "target": "PAK"}])]
    system = [rec(events=[ev("USA", "SUPPORT", "PAK", "asserted")])]
    assert score(gold, system)["events"]["f1"] == 1.0


def test_event_list_valued_alternatives():
    gold = [rec(events=[ev(["IND", "PAK"], ["COERCE", "REJECT"], ["KASHMIRIS", None])])]
    assert score(gold, [rec(events=[ev("PAK", "REJECT", None)])])["events"]["tp"] == 1
    assert score(gold, [rec(events=[ev("PAK", "ACCUSE", None)])])["events"]["tp"] == 0


def test_optional_event_is_neither_hit_nor_miss():
    gold = [rec(events=[ev("IND", "ASSAULT", "PAK"), ev("USA", "CONSULT", "PAK", optional=True)])]
    found = score(gold, [rec(events=[ev("IND", "ASSAULT", "PAK"), ev("USA", "CONSULT", "PAK")])])
    assert prf(found["events"]) == (1, 0, 0)
    left_out = score(gold, [rec(events=[ev("IND", "ASSAULT", "PAK")])])
    assert prf(left_out["events"]) == (1, 0, 0)


def test_required_gold_wins_over_optional_in_matching():
    # Listed optional-first, both gold events accept the one system event.
    gold = [
        rec(
            events=[
                ev("IND", ["ACCUSE", "REJECT"], "PAK", optional=True),
                ev("IND", "ACCUSE", "PAK"),
            ]
        )
    ]
    assert prf(score(gold, [rec(events=[ev("IND", "ACCUSE", "PAK")])])["events"]) == (1, 0, 0)


def test_event_matching_is_maximum_not_greedy():
    # A greedy pass would pair the first system event with the broad gold event and
    # leave the narrow one unmatched; the maximum matching pairs both.
    gold = [rec(events=[ev("IND", ["ACCUSE", "REJECT"], "PAK"), ev("IND", "ACCUSE", "PAK")])]
    system = [rec(events=[ev("IND", "ACCUSE", "PAK"), ev("IND", "REJECT", "PAK")])]
    assert prf(score(gold, system)["events"]) == (2, 0, 0)


def test_duplicate_system_events_count_once():
    gold = [rec(events=[ev("IND", "ACCUSE", "PAK")])]
    system = [rec(events=[ev("IND", "ACCUSE", "PAK"), ev("IND", "ACCUSE", "PAK")])]
    assert prf(score(gold, system)["events"]) == (1, 1, 0)


def test_dyad_and_quadclass_agreement():
    gold = [rec(events=[ev("IND", "ASSAULT", "PAK"), ev("PAK", "REQUEST", "UN")])]
    system = [rec(events=[ev("IND", "COERCE", "PAK"), ev("PAK", "ACCUSE", "UN")])]
    events = score(gold, system)["events"]
    assert prf(events) == (0, 2, 2)
    assert prf(events["dyad"]) == (2, 0, 0)
    # COERCE and ASSAULT are both material conflict; ACCUSE is not verbal cooperation
    assert prf(events["quadclass"]) == (1, 1, 1)


def test_quadclass_mapping_covers_every_plover_type():
    from flashpoint.document import PLOVER_TYPES

    assert {quadclass(t) for t in PLOVER_TYPES} == {
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
    }
    assert quadclass("REQUEST") == quadclass("SUPPORT")
    assert quadclass("AID") != quadclass("SUPPORT")
    assert quadclass("nonsense") is None


def test_per_type_and_per_status():
    gold = [
        rec(
            events=[
                ev("IND", "ASSAULT", "PAK"),
                ev("IND", "THREATEN", "PAK", "hypothetical"),
                ev("OIC", "CONSULT", None, "negated"),
            ]
        )
    ]
    system = [rec(events=[ev("IND", "ASSAULT", "PAK"), ev("IND", "THREATEN", "PAK")])]
    events = score(gold, system)["events"]
    assert prf(events["per_type"]["ASSAULT"]) == (1, 0, 0)
    assert prf(events["per_type"]["THREATEN"]) == (0, 1, 1)
    assert prf(events["per_type"]["CONSULT"]) == (0, 0, 1)
    assert events["macro_f1"] == pytest.approx(1 / 3, abs=1e-3)
    assert events["per_status"]["hypothetical"] == {"gold": 1, "system": 0, "matched": 0}
    assert events["per_status"]["asserted"] == {"gold": 1, "system": 2, "matched": 1}
    assert events["per_status"]["negated"]["gold"] == 1


# recommendations ----------------------------------------------------------------------


def test_quote_overlap_is_longest_common_substring_over_shorter():
    assert text_overlap("abcdef", "xxabcyy") == pytest.approx(3 / 6)
    assert text_overlap("", "abc") == 0.0


def test_recommendation_quote_overlap_threshold():
    gold = [
        rec(
            recommendations=[
                {"addressee": "PAK", "quote": "Islamabad  should open talks with Delhi now."}
            ]
        )
    ]
    close = [rec(recommendations=[{"addressee": "PAK", "quote": "should open talks with delhi"}])]
    assert prf(score(gold, close)["recommendations"]) == (1, 0, 0)
    far = [rec(recommendations=[{"addressee": "PAK", "quote": "The talks ended in failure."}])]
    assert prf(score(gold, far)["recommendations"]) == (0, 1, 1)


def test_recommendation_offset_fallback_when_gold_quote_is_null():
    gold = [rec(recommendations=[{"addressee": "PAK", "quote": None, "start": 100, "end": 140}])]
    overlapping = [
        rec(recommendations=[{"addressee": "IND", "quote": "x", "start": 110, "end": 150}])
    ]
    result = score(gold, overlapping)["recommendations"]
    assert prf(result) == (1, 0, 0)
    assert result["addressee_accuracy"] == 0.0 and result["addressee_pairs"] == 1
    apart = [rec(recommendations=[{"addressee": "PAK", "quote": "x", "start": 135, "end": 200}])]
    assert prf(score(gold, apart)["recommendations"]) == (0, 1, 1)
    no_offsets = [rec(recommendations=[{"addressee": "PAK", "quote": "x", "start": 0, "end": 0}])]
    assert score(gold, no_offsets)["recommendations"]["tp"] == 0


def test_recommendations_match_one_to_one_and_list_addressee():
    gold = [
        rec(
            recommendations=[
                {"addressee": ["PAK", "AJK"], "quote": "Leaders in Muzaffarabad must be heard."},
                {"addressee": None, "quote": "A wider dialogue is needed.", "optional": True},
            ]
        )
    ]
    system = [
        rec(
            recommendations=[
                {"addressee": "AJK", "quote": "Leaders in Muzaffarabad must be heard."},
                {"addressee": "PAK", "quote": "leaders in Muzaffarabad must be heard"},
                {"addressee": None, "quote": "a wider dialogue is needed"},
            ]
        )
    ]
    result = score(gold, system)["recommendations"]
    assert prf(result) == (1, 1, 0)
    assert result["addressee_accuracy"] == 1.0 and result["addressee_pairs"] == 2


# references and frames ----------------------------------------------------------------


def test_references_set_with_optional_entries():
    gold = [
        rec(
            references=[
                {"id": "SIMLA_AGREEMENT"},
                {"id": "SIMLA_AGREEMENT"},
                {"id": "LAHORE_DECLARATION", "optional": True},
                "KARGIL_WAR",
            ]
        )
    ]
    system = [rec(references=[{"id": "SIMLA_AGREEMENT"}, {"id": "LAHORE_DECLARATION"}])]
    assert prf(score(gold, system)["references"]) == (1, 0, 1)


def test_frames_top_three_by_score_and_by_order():
    gold = [rec(frames=["political", "security_defense", "legality", "morality"])]
    system = [
        rec(
            frames=[
                {"id": "morality", "score": 0.9},
                {"id": "economic", "score": 0.05},
                {"id": "political", "score": 0.5},
                {"id": "legality", "score": 0.4},
            ]
        )
    ]
    # system top 3: morality, political, legality; gold top 3 drops morality
    assert prf(score(gold, system)["frames"]) == (2, 1, 1)
    scored_gold = [rec(frames=[{"id": "economic", "score": 0.1}, {"id": "morality", "score": 0.8}])]
    assert score(scored_gold, system)["frames"]["tp"] == 1


# files and CLI ------------------------------------------------------------------------


def write_jsonl(path, records) -> str:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_bad_json_line_names_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc_id": "a"}\n\n{"doc_id": "b",\n', encoding="utf-8")
    with pytest.raises(EvaluationInputError, match=r"gold\.jsonl:3: invalid JSON"):
        load_records(path)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('["not", "an", "object"]', "expected a JSON object"),
        ('{"title": "no id"}', "doc_id"),
        ('{"doc_id": "a", "events": {}}', "'events' must be a list"),
        ('{"doc_id": "a", "events": [{"source": "IND"}]}', "no 'type'"),
        ('{"doc_id": "a", "actors": [3]}', "actors[0]"),
    ],
)
def test_malformed_records(tmp_path, line, problem):
    path = tmp_path / "sys.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationInputError, match="sys.jsonl:1") as info:
        load_records(path)
    assert problem in str(info.value)


def test_duplicate_doc_ids_are_refused(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [rec("a"), rec("b"), rec("a")])
    with pytest.raises(EvaluationInputError, match="duplicate doc_id 'a'"):
        load_records(path)


def run_cli(*args: str):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    # With a single registered verb Typer runs it without its name.
    verb = ["evaluate"] if len(app.registered_commands) > 1 else []
    return CliRunner().invoke(app, [*verb, *args])


def test_cli_json_and_task(tmp_path):
    gold = write_jsonl(
        tmp_path / "g.jsonl", [rec(actors=["IND", "PAK"], references=["SIMLA_AGREEMENT"])]
    )
    system = write_jsonl(tmp_path / "s.jsonl", [rec(actors=["IND"])])
    result = run_cli(gold, system, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["actors"]["recall"] == 0.5 and scores["references"]["fn"] == 1
    only = json.loads(run_cli(gold, system, "--json", "--task", "actors").output)
    assert set(only) == {"documents", "actors"}


def test_cli_table_and_errors(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [rec(actors=["IND"])])
    result = run_cli(gold, gold)
    assert result.exit_code == 0 and "recommendations" in result.output
    missing = run_cli(gold, str(tmp_path / "absent.jsonl"))
    assert missing.exit_code == 2
    assert "absent.jsonl: no such file" in missing.output
    assert "Traceback" not in missing.output


def test_gold_scope_ignores_system_items_outside_it():
    gold = [
        rec(
            scope=[[100, 200]],
            events=[ev("IND", "ACCUSE", "PAK", start=120, end=150)],
            recommendations=[{"addressee": "UN", "quote": None, "start": 160, "end": 190}],
        )
    ]
    system = [
        rec(
            events=[
                ev("IND", "ACCUSE", "PAK", start=125, end=140),
                ev("USA", "AID", "AFG", start=10, end=40),  # outside: ignored
                ev("CHN", "CONSULT", "PAK", start=150, end=170),  # inside: a false positive
                ev("RUS", "SUPPORT", "IND"),  # no offsets: kept, a false positive
            ],
            recommendations=[
                {"addressee": "UN", "quote": "a", "start": 165, "end": 185},
                {"addressee": "IND", "quote": "b", "start": 300, "end": 320},  # ignored
            ],
        )
    ]
    result = score(gold, system)
    assert prf(result["events"]) == (1, 2, 0)
    assert prf(result["recommendations"]) == (1, 0, 0)
    assert result["documents"]["out_of_scope_items"] == 2


def test_malformed_scope_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [rec(scope=[[1, 2, 3]])])
    with pytest.raises(EvaluationInputError, match="'scope'"):
        load_records(path)


def test_task_absent_from_gold_record_is_not_scored_there():
    gold = [rec("a", actors=["IND"], frames=[]), rec("b", actors=["PAK"])]
    system = [
        rec("a", actors=["IND"], frames=[{"id": "political", "score": 0.9}]),
        rec(
            "b",
            actors=["PAK"],
            frames=[{"id": "economic", "score": 0.9}],
            references=["KARGIL_WAR"],
        ),
    ]
    result = score(gold, system)
    assert prf(result["frames"]) == (0, 1, 0)  # "a" says no frames; "b" has none annotated
    assert result["frames"]["documents"] == 1
    assert prf(result["references"]) == (0, 0, 0) and result["references"]["documents"] == 0
    assert result["actors"]["documents"] == 2


def test_list_values_in_system_records_do_not_crash():
    gold = [rec(events=[ev("IND", ["ACCUSE", "REJECT"], "PAK")])]
    assert score(gold, gold)["events"]["tp"] == 0
