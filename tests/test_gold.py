"""The gold files (development and check sets): well-formed, known ids only, offsets inside
the documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pycountry
import pytest

from flashpoint.document import FRAME_IDS, PLOVER_TYPES, STATUSES, content_hash, normalise_text
from flashpoint.evaluate import load_records

GOLD = Path(__file__).resolve().parents[1] / "gold"
# document records; relevance.jsonl holds sentence spans per text (scripts/relevance_scores.py)
GOLD_FILES = sorted(p for p in GOLD.glob("*.jsonl") if p.name != "relevance.jsonl")


def values(value):
    return value if isinstance(value, list) else [value]


def item_ids(items):
    return [i if isinstance(i, str) else i["id"] for i in items or []]


def actor_ids(record):
    ids = item_ids(record.get("actors")) + list(record.get("optional_actors") or [])
    for event in record.get("events") or []:
        ids += [a for key in ("source", "target") for a in values(event.get(key)) if a]
    for rec in record.get("recommendations") or []:
        ids += [a for a in values(rec.get("addressee")) if a]
    return ids


def vocabulary(shared: Path) -> tuple[set[str], set[str]]:
    """(actor ids, reference ids) listed in the spec's vocabulary tables."""
    text = (shared / "spec" / "kashmir-vocabulary.md").read_text(encoding="utf-8-sig")
    actors_part, _, references_part = text.partition("## References")
    row = re.compile(r"^\| ([A-Z][A-Z0-9_]+) \|", re.M)
    return set(row.findall(actors_part)), set(row.findall(references_part))


def is_iso3(code: str) -> bool:
    return len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None


@pytest.fixture(scope="module")
def vocab(shared_dir):
    return vocabulary(shared_dir)


def test_gold_files_exist():
    names = {p.name for p in GOLD_FILES}
    assert {"seeds.jsonl", "un_speeches.jsonl"} <= names


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_is_well_formed(path):
    records = load_records(path)
    assert records, f"{path.name} is empty"
    for record in records:
        where = f"{path.name} {record['doc_id']}"
        for event in record.get("events") or []:
            assert set(values(event["type"])) <= set(PLOVER_TYPES), where
            assert event.get("status", "asserted") in STATUSES, where
            assert "quote" not in event or path.name != "seeds.jsonl", where
        for rec in record.get("recommendations") or []:
            has_span = isinstance(rec.get("start"), int) and rec.get("end", 0) > rec["start"]
            assert rec.get("quote") or has_span, f"{where}: recommendation without quote or span"
        frames = item_ids(record.get("frames"))
        assert set(frames) <= set(FRAME_IDS), where
        assert len(frames) == len(set(frames)), where


PACKS = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "packs"


def pack_of(path: Path) -> str | None:
    """The pack a gold file is written for: ``<pack>_*.jsonl`` for a pack other than Kashmir."""
    prefix = path.name.split("_", 1)[0]
    return prefix if prefix != "kashmir" and (PACKS / prefix / "pack.yaml").is_file() else None


def pack_vocabulary(pack: str) -> tuple[set[str], set[str]]:
    from flashpoint.actors.packs import load_pack
    from flashpoint.discourse.references import load_kb

    return set(load_pack(pack).names), {entry.id for entry in load_kb(pack)}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_ids_are_known(path, request):
    pack = pack_of(path)
    known_actors, known_references = pack_vocabulary(pack) if pack else request.getfixturevalue("vocab")
    for record in load_records(path):
        for actor in actor_ids(record):
            assert is_iso3(actor) or actor in known_actors, f"{record['doc_id']}: {actor}"
        for ref in item_ids(record.get("references")):
            assert ref in known_references, f"{record['doc_id']}: {ref}"


def test_seed_gold_matches_the_seed_documents(shared_dir):
    seeds = shared_dir / "corpus" / "seeds"
    meta = {
        m["id"]: m
        for m in map(
            json.loads, (seeds / "seeds.jsonl").read_text(encoding="utf-8-sig").splitlines()
        )
    }
    records = load_records(GOLD / "seeds.jsonl")
    assert {r["doc_id"] for r in records} == set(meta)
    for record in records:
        text = normalise_text(
            (seeds / meta[record["doc_id"]]["file"]).read_text(encoding="utf-8-sig")
        )
        for rec in record["recommendations"]:
            assert rec["quote"] is None  # seed texts stay out of the repository
            assert 0 <= rec["start"] < rec["end"] <= len(text)
            assert not text[rec["start"]].isspace() and not text[rec["end"] - 1].isspace()


def test_un_gold_matches_the_speeches(shared_dir):
    corpus = shared_dir / "corpus" / "un_general_debate"
    records = [r for name in ("un_speeches.jsonl", "un_check.jsonl", "check_un.jsonl", "un_recs.jsonl", "un_recs_2.jsonl",
                              "check_un_recs.jsonl") for r in load_records(GOLD / name)]
    for record in records:
        raw = (corpus / record["file"]).read_text(encoding="utf-8-sig")
        assert record["doc_id"] == content_hash(raw)
        assert record["published"] == record["file"][-8:-4]
        text = normalise_text(raw)
        spans = record["scope"]
        assert all(0 <= s < e <= len(text) for s, e in spans)
        for rec in record.get("recommendations", []):
            assert any(s <= rec["start"] and rec["end"] <= e for s, e in spans)
            quoted = " ".join(text[rec["start"] : rec["end"]].split())
            assert quoted == " ".join(rec["quote"].split()), (record["file"], rec["quote"][:40])


def _event_quotes_sit_at_their_offsets(record: dict, text: str) -> None:
    for event in record.get("events", []):
        if event.get("quote"):
            assert text[event["start"] : event["end"]] == event["quote"], (record["doc_id"], event["quote"])


def test_un_event_quotes_sit_in_scope(shared_dir):
    corpus = shared_dir / "corpus" / "un_general_debate"
    for record in load_records(GOLD / "check_un.jsonl"):
        text = normalise_text((corpus / record["file"]).read_text(encoding="utf-8-sig"))
        _event_quotes_sit_at_their_offsets(record, text)
        for event in record["events"]:
            assert any(s <= event["start"] and event["end"] <= e for s, e in record["scope"])


def test_second_written_check_set_matches_its_texts():
    folder = GOLD / "check_texts_2"
    meta = {}
    for sidecar in folder.glob("*_metadata.jsonl"):
        meta.update({m["id"]: m for m in map(json.loads, sidecar.read_text(encoding="utf-8").splitlines())})
    records = load_records(GOLD / "check_written_2.jsonl")
    assert len(records) == 20 and {r["doc_id"] for r in records} == set(meta)
    for record in records:
        assert meta[record["doc_id"]]["file"] == record["file"]
        assert meta[record["doc_id"]]["published"] == record["published"]
        text = normalise_text((folder / record["file"]).read_text(encoding="utf-8"))
        _event_quotes_sit_at_their_offsets(record, text)


def test_written_check_set_matches_its_texts():
    folder = GOLD / "check_texts"
    meta = {}
    for sidecar in folder.glob("*_metadata.jsonl"):
        meta.update({m["id"]: m for m in map(json.loads, sidecar.read_text(encoding="utf-8").splitlines())})
    records = load_records(GOLD / "check_news.jsonl") + load_records(GOLD / "check_opeds.jsonl")
    assert len(records) == 30 and {r["doc_id"] for r in records} == set(meta)
    for record in records:
        assert meta[record["doc_id"]]["file"] == record["file"]
        text = normalise_text((folder / record["file"]).read_text(encoding="utf-8"))
        _event_quotes_sit_at_their_offsets(record, text)
