"""Event locations through the store: the location columns, ``events --near/--km/--region``,
and the location in the row, PLOVER and ICEWS exports (hand-placed events, no parse)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import stored
from flashpoint.cli import app
from flashpoint.document import Document, Event, Sentence
from flashpoint.geo import load_gazetteer

# sentence, type, source, target, place id (None: unplaced; "?name": not in the gazetteer)
ITEMS = [
    ("Troops fired along the LoC near Poonch.", "ASSAULT", "IND", "PAK", "poonch"),
    ("Militants attacked a camp in Uri.", "ASSAULT", None, "IND", "uri"),
    ("Police detained protesters in Srinagar.", "COERCE", "IND", "KASHMIRIS", "srinagar"),
    ("Shelling hit villages in Kotli.", "ASSAULT", "IND", "PAK", "kotli"),
    ("A bomb went off in Quetta.", "ASSAULT", None, "PAK", "quetta"),
    ("Pakistan condemned India.", "ACCUSE", "PAK", "IND", None),
    ("Soldiers raided Zzyzxabad.", "COERCE", "IND", None, "?Zzyzxabad"),
]


def _document() -> Document:
    gaz = load_gazetteer("kashmir")
    doc = Document(" ".join(i[0] for i in ITEMS), doc_id="geo-1", published="2025-05-01",
                   outlet="Example", outlet_country="PAK", url="https://example.org/geo-1")  # fmt: skip
    start = 0
    for text, kind, src, dst, pid in ITEMS:
        end = start + len(text)
        doc.sentences.append(Sentence(start, end, text))
        if pid is None:
            location = None
        elif pid.startswith("?"):
            location = {"name": pid[1:], "id": None, "lat": None, "lon": None, "admin1": None,
                        "country": None, "precision": None}  # fmt: skip
        else:
            location = gaz.get(pid).as_location()
        doc.events.append(Event(kind, src, dst, quote=text, start=start, end=end,
                                confidence=0.9, location=location))  # fmt: skip
        start = end + 1
    return doc


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return stored(tmp_path_factory.mktemp("geo") / "geo.duckdb", [_document()])


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def located(db: Path, *args: str) -> list[str | None]:
    result = run("events", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return sorted(r["location_name"] or "" for r in json.loads(result.stdout))


def test_rows_carry_the_location_columns(db):
    rows = json.loads(run("events", "--db", str(db), "--json").stdout)
    poonch = next(r for r in rows if r["location_id"] == "poonch")
    assert poonch["location_admin1"] == "Jammu and Kashmir"
    assert poonch["location_country"] == "IND" and poonch["location_precision"] == "place"
    assert 33 < poonch["location_lat"] < 34.5
    unknown = next(r for r in rows if r["location_name"] == "Zzyzxabad")
    assert unknown["location_lat"] is None and unknown["location_id"] is None


def test_near_keeps_events_within_the_distance(db):
    # Poonch to Kotli about 33 km, to Uri about 35 km, to Srinagar about 74 km
    assert located(db, "--near", "Poonch", "--km", "20") == ["Poonch"]
    assert located(db, "--near", "Poonch", "--km", "50") == ["Kotli", "Poonch", "Uri"]
    assert located(db, "--near", "Srinagar") == ["Srinagar"]  # 50 km by default
    assert located(db, "--near", "quetta", "--km", "5") == ["Quetta"]  # ids work too


def test_region_keeps_events_of_an_admin1_region(db):
    assert located(db, "--region", "jammu and kashmir") == ["Poonch", "Srinagar", "Uri"]
    assert located(db, "--region", "Azad Jammu and Kashmir") == ["Kotli"]
    assert located(db, "--region", "Balochistan", "--type", "assault") == ["Quetta"]
    assert located(db, "--region", "Sindh") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--near", "Zzyzxabad"], "no such place"),
        (["--km", "10"], "--km needs --near"),
        (["--near", "Uri", "--km", "-3"], "above 0"),
    ],
)
def test_bad_place_filters_are_one_line_and_exit_2(db, args, message):
    result = run("events", "--db", str(db), *args)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_plover_and_icews_exports_carry_the_location(db):
    lines = run("export", "--db", str(db), "--format", "plover").stdout.splitlines()
    plover = [json.loads(line) for line in lines]
    by_text = {p["sentence"]["text"]: p for p in plover}
    loc = by_text[ITEMS[1][0]]["location"]
    assert loc["id"] == "uri" and loc["admin1"] == "Jammu and Kashmir" and loc["precision"] == "place"
    assert by_text[ITEMS[5][0]]["location"] is None
    tsv = run("export", "--db", str(db), "--format", "icews").stdout
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t"))
    quetta = next(r for r in rows if r["Location ID"] == "quetta")
    assert (quetta["City"], quetta["Province"], quetta["Country"]) == ("Quetta", "Balochistan", "PAK")
    assert 29 < float(quetta["Latitude"]) < 31
    assert next(r for r in rows if r["Event ID"] == "geo-1#5")["Latitude"] == ""


def test_a_version_1_store_is_refused(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE documents (doc_id VARCHAR); CREATE TABLE runs (run_id VARCHAR)")
    con.execute("CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO store_meta VALUES ('schema_version', '1')")
    con.close()
    result = run("events", "--db", str(path))
    assert result.exit_code == 1 and "schema version 1" in result.output


def test_timeline_counts_only_events_of_the_region(db):
    def total(*args: str) -> int:
        result = run("timeline", "--db", str(db), "--json", "--freq", "year", *args)
        assert result.exit_code == 0, result.output
        return sum(r["events"] for r in json.loads(result.stdout))

    assert total() == len(ITEMS)
    assert total("--region", "Jammu and Kashmir") == 3
    assert total("--near", "Quetta", "--km", "10") == 1
    bad = run("timeline", "--db", str(db), "--near", "Zzyzxabad")
    assert bad.exit_code == 2 and "no such place" in bad.output


def test_alignment_counts_only_events_of_the_region(db):
    def pairs(*args: str) -> set[tuple[str, str]]:
        result = run("alignment", "--db", str(db), "--json", "--min-confidence", "0", *args)
        assert result.exit_code == 0, result.output
        return {(r["holder"], r["target"]) for r in json.loads(result.stdout)}

    assert ("PAK", "IND") in pairs()  # the unplaced accusation
    assert pairs("--region", "Azad Jammu and Kashmir") == {("IND", "PAK")}  # the shelling of Kotli
    assert run("alignment", "--db", str(db), "--km", "5").exit_code == 2


def _rows(db: Path, verb: str, *args: str) -> list[dict]:
    result = run(verb, "--db", str(db), "--json", "--min-confidence", "0", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_reciprocity_counts_only_events_of_the_region(db):
    def ledger(*args: str) -> dict[tuple[str, str], tuple[int, int]]:
        return {(r["actor"], r["partner"]): (r["opposition_given"], r["opposition_received"])
                for r in _rows(db, "reciprocity", *args)}  # fmt: skip

    everywhere = ledger()
    assert everywhere[("IND", "PAK")] == (2, 1)  # Poonch and Kotli; the unplaced accusation back
    assert ("IND", "KASHMIRIS") in everywhere
    kotli = {("IND", "PAK"): (1, 0), ("PAK", "IND"): (0, 1)}
    assert ledger("--region", "Azad Jammu and Kashmir") == kotli
    srinagar = {("IND", "KASHMIRIS"), ("KASHMIRIS", "IND")}
    assert set(ledger("--near", "Srinagar", "--km", "10")) == srinagar
    assert ledger("--region", "Sindh") == {}


def test_coalitions_count_only_events_of_the_region(db):
    def sides(*args: str) -> dict[str, tuple[str, int]]:
        rows = _rows(db, "coalitions", "--target", "PAK", *args)
        return {r["holder"]: (r["side"], r["oppose"]) for r in rows}

    assert sides() == {"IND": ("against", 2)}
    assert sides("--region", "Jammu and Kashmir") == {"IND": ("against", 1)}  # Poonch, not Kotli
    assert sides("--near", "Kotli", "--km", "10") == {"IND": ("against", 1)}
    assert sides("--near", "Quetta") == {}
    summary = _rows(db, "coalitions", "--target", "PAK", "--summary", "--region", "Balochistan")
    assert summary == []


@pytest.mark.parametrize("verb", ["reciprocity", "coalitions", "alignment", "timeline"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--near", "Zzyzxabad"], "no such place"),
        (["--km", "10"], "--km needs --near"),
        (["--near", "Uri", "--km", "-3"], "above 0"),
    ],
)
def test_bad_place_filters_of_the_analyses_are_one_line_and_exit_2(db, verb, args, message):
    result = run(verb, "--db", str(db), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
