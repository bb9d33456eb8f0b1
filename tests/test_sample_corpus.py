"""The bundled sample corpus and its gold records stay consistent (no models needed)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from flashpoint.document import PLOVER_TYPES
from repo_scripts import load_script

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "kashmir"
GOLD = REPO / "gold" / "sample.jsonl"


def _load_checker():
    return load_script("check_sample")


check_sample = _load_checker()


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def metadata() -> list[dict]:
    lines = (SAMPLES / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the corpus and the gold file."""
    samples = tmp_path / "kashmir"
    shutil.copytree(SAMPLES, samples)
    gold = tmp_path / "sample.jsonl"
    shutil.copy(GOLD, gold)
    return samples, gold


def test_corpus_and_gold_pass_every_check():
    report = check_sample.check(SAMPLES, GOLD)
    assert report.problems == []
    assert 40 <= len(report.texts) <= 50


def test_gold_covers_all_event_types(gold):
    types = Counter()
    for rec in gold:
        for event in rec["events"]:
            values = event["type"] if isinstance(event["type"], list) else [event["type"]]
            types.update(values)
    assert set(PLOVER_TYPES) <= set(types)


def test_gold_covers_every_status_and_the_whole_reference_base(gold):
    statuses = {e["status"] for rec in gold for e in rec["events"]}
    assert statuses == {"asserted", "negated", "hypothetical"}
    refs = {r["id"] for rec in gold for r in rec["references"]}
    assert refs == check_sample.REFERENCE_IDS


def test_corpus_mixes_perspectives_and_genres(metadata):
    metadata = [m for m in metadata if "kind" in m]  # other formats carry their own metadata
    countries = Counter(m["outlet_country"] for m in metadata)
    genres = Counter(m["kind"].removeprefix("illustrative ") for m in metadata)
    assert countries["PAK"] >= 5 and countries["IND"] >= 5 and countries[None] >= 10
    assert set(genres) == set(check_sample.GENRES)
    assert sorted(p.suffix for p in SAMPLES.iterdir() if p.suffix in {".html", ".rss", ".xml"})


def test_missing_file_is_reported(copy):
    samples, gold = copy
    victim = json.loads((samples / "metadata.jsonl").read_text(encoding="utf-8").splitlines()[0])
    (samples / victim["file"]).unlink()
    problems = check_sample.check(samples, gold).problems
    assert any(victim["file"] in p and "does not exist" in p for p in problems)


def test_duplicate_id_is_reported(copy):
    samples, gold = copy
    path = samples / "metadata.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[1]["id"] = rows[0]["id"]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    problems = check_sample.check(samples, gold).problems
    assert any("duplicate document id" in p for p in problems)


def test_altered_quote_and_unknown_ids_are_reported(copy):
    samples, gold = copy
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    event = records[0]["events"][0]
    event["quote"] = event["quote"] + " and then some words nobody wrote"
    event["type"] = "ATTACK"
    records[0]["references"].append({"id": "TREATY_OF_NOWHERE", "quote": records[0]["title"]})
    records[1]["actors"].append({"id": "XYZ_GROUP"})
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    problems = "\n".join(check_sample.check(samples, gold).problems)
    assert "quote not found" in problems
    assert "unknown event type 'ATTACK'" in problems
    assert "unknown reference id 'TREATY_OF_NOWHERE'" in problems
    assert "unknown actor id 'XYZ_GROUP'" in problems


def test_shifted_offsets_are_reported(copy):
    samples, gold = copy
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    ref = records[0]["references"][0]
    ref["start"] += 1
    ref["end"] += 1
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    problems = check_sample.check(samples, gold).problems
    assert any("do not point at the quote" in p for p in problems)
