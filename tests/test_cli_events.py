"""``flashpoint events``: filters, outputs and usage errors on a store of hand-coded events."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from events_store import build, expected
from flashpoint.analysis.events import EVENT_COLUMNS
from flashpoint.analysis.scales import load_weights, quadclass
from flashpoint.cli import app

ALL = expected()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("events") / "events.duckdb")


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})  # table rows unfolded


def rows(db: Path, *args: str) -> list[dict]:
    result = run("events", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(found: list[dict]) -> set[str]:
    return {r["event_id"] for r in found}


def where(test: Callable[[dict], bool]) -> set[str]:
    return {e["event_id"] for e in ALL if test(e)}


FILTERS = [
    (["--source", "pak"], lambda e: e["item"].source == "PAK"),
    (["--target", "PAK"], lambda e: e["item"].target == "PAK"),
    (["--actor", "CHN"], lambda e: "CHN" in (e["item"].source, e["item"].target)),
    (["--type", "reject"], lambda e: e["item"].type == "REJECT"),
    (["--quadclass", "material_conflict"], lambda e: quadclass(e["item"].type) == "material_conflict"),
    (["--quadclass", "Material Cooperation"], lambda e: quadclass(e["item"].type) == "material_cooperation"),
    (["--quadclass", "3"], lambda e: quadclass(e["item"].type) == "verbal_conflict"),
    (["--status", "negated"], lambda e: e["item"].status == "negated"),
    (["--status", "HYPOTHETICAL"], lambda e: e["item"].status == "hypothetical"),
    (["--since", "2020"], lambda e: e["day"] is not None and e["day"] >= "2020-01-01"),
    (["--until", "2019-08-05"], lambda e: e["day"] is not None and e["day"] <= "2019-08-05"),
    (["--since", "2019-08-02", "--until", "2019-08"],
     lambda e: e["day"] is not None and "2019-08-02" <= e["day"] <= "2019-08-31"),
    (["--min-confidence", "0.75"], lambda e: e["item"].confidence >= 0.75),
    (["--doc", "hindu-2020"], lambda e: e["doc_id"] == "hindu-2020"),
    (["--text", "REJECTED"], lambda e: "rejected" in e["item"].sentence.lower()),
    (["--actor", "IND", "--status", "asserted"],
     lambda e: "IND" in (e["item"].source, e["item"].target) and e["item"].status == "asserted"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "test"), FILTERS, ids=[" ".join(a) for a, _ in FILTERS])
def test_each_filter_narrows_to_the_matching_events(db, args, test):
    want = where(test)
    assert want and len(want) < len(ALL)  # the fixture makes every filter bite
    assert ids(rows(db, *args)) == want


def test_rows_carry_the_event_its_document_quadclass_and_weight(db):
    found = {r["event_id"]: r for r in rows(db)}
    assert set(found) == where(lambda e: True)
    weights = load_weights()
    for e in ALL:
        row, item = found[e["event_id"]], e["item"]
        assert list(row) == list(EVENT_COLUMNS)
        assert (row["doc_id"], row["idx"], row["type"], row["mode"], row["source"], row["target"]) == (
            e["doc_id"], e["idx"], item.type, item.mode, item.source, item.target)  # fmt: skip
        assert (row["date"], row["date_precision"], row["status"]) == (
            item.date,
            item.precision,
            item.status,
        )
        assert (row["published"], row["outlet"], row["outlet_country"], row["url"]) == (
            e["published"], e["outlet"], e["outlet_country"], e["url"])  # fmt: skip
        assert row["quadclass"] == quadclass(item.type)
        assert row["weight"] == weights.event(item.type)
        assert row["confidence"] == pytest.approx(item.confidence)
        assert row["quote"] == item.sentence
        text = row["quote"]
        assert (row["end_char"] - row["start_char"]) == len(text)
    assert found["dawn-2019#1"]["target_name"] == "United Nations"
    assert found["hindu-2020#2"]["target"] is None and found["hindu-2020#2"]["target_name"] is None


def test_rows_come_in_date_order_with_undated_last_and_limit_keeps_the_first(db):
    found = rows(db)
    days = [next(e["day"] for e in ALL if e["event_id"] == r["event_id"]) for r in found]
    dated = [d for d in days if d]
    assert dated == sorted(dated) and days[len(dated) :] == [None] * (len(days) - len(dated))
    assert rows(db, "--limit", "2") == found[:2]
    assert rows(db, "--limit", "0") == found


def test_table_shows_matches_and_counts_beyond_the_limit(db):
    result = run("events", "--db", str(db), "--type", "REJECT")
    assert result.exit_code == 0
    assert "hindu-2020#0" in result.stdout and "hindu-2020#3" in result.stdout
    assert "dawn-2019#0" not in result.stdout
    limited = run("events", "--db", str(db), "--limit", "1")
    assert limited.exit_code == 0 and f"1 of {len(ALL)} events" in limited.stdout


def test_no_match_is_an_empty_result_not_an_error(db):
    assert rows(db, "--source", "ZZZ") == []
    table = run("events", "--db", str(db), "--text", "no such words")
    assert table.exit_code == 0 and "0 events" in table.stdout
    empty_csv = run("events", "--db", str(db), "--csv", "--actor", "ZZZ")
    assert empty_csv.exit_code == 0 and empty_csv.stdout.strip() == ",".join(EVENT_COLUMNS)


def test_csv_and_parquet_hold_the_json_rows(db, tmp_path):
    want = rows(db, "--status", "asserted")
    result = run("events", "--db", str(db), "--csv", "--status", "asserted")
    assert result.exit_code == 0
    got = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["event_id"] for r in got] == [r["event_id"] for r in want]
    assert [r["quote"] for r in got] == [r["quote"] for r in want]
    assert [float(r["weight"]) for r in got] == [r["weight"] for r in want]
    out = tmp_path / "sub" / "events.parquet"
    result = run("events", "--db", str(db), "--parquet", str(out), "--status", "asserted")
    assert result.exit_code == 0 and f"{len(want)} events written" in result.stderr
    assert pq.read_table(out).to_pylist() == want


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "BOMB"], "unknown event type 'BOMB'"),
        (["--quadclass", "5"], "unknown QuadClass '5'"),
        (["--status", "alleged"], "unknown status 'alleged'"),
        (["--since", "2019-13"], "'2019-13' is not a date"),
        (["--until", "last week"], "'last week' is not a date"),
        (["--since", "2021", "--until", "2020"], "--since 2021 is after --until 2020"),
        (["--min-confidence", "1.5"], "--min-confidence 1.5"),
        (["--min-confidence", "high"], "Invalid value for '--min-confidence'"),
        (["--limit", "-1"], "--limit must be 0 or more"),
        (["--limit", "ten"], "Invalid value for '--limit'"),
        (["--json", "--csv"], "choose one of --json, --csv and --parquet"),
        (["--colour"], "No such option: --colour"),
    ],
)  # fmt: skip
def test_bad_parameters_are_one_line_and_exit_2(db, args, message):
    result = run("events", "--db", str(db), *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert result.stdout == ""


def test_missing_store_is_one_line(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = run("events", "--db", str(missing))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"error: {missing}: no such database (run `flashpoint analyze` first)"
    )


def test_version_prints_the_installed_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"flashpoint {version('flashpoint')}"
