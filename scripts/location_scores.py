"""Event-location and place-name scores on the check texts (the ``location`` task).

    python scripts/location_scores.py            # analyse gold/check_texts and print the scores
    python scripts/location_scores.py --json     # ... as JSON
    python scripts/location_scores.py --records out.jsonl   # score records already written
    python scripts/location_scores.py --build    # rebuild gold/locations.jsonl from the annotations

The annotations (gold/locations.yaml) were written from the texts alone, before any system
output on them was seen; conventions in gold/README.md ("Event locations").
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml
from dev_scores import analyze  # scripts/dev_scores.py: runs `flashpoint analyze` for a gold set
from rich.console import Console

from flashpoint.document import normalise_text
from flashpoint.evaluate import load_records, score
from flashpoint.evaluate.locations import build_gold
from flashpoint.evaluate.report import location_table
from flashpoint.geo import load_gazetteer

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "gold"
TEXTS = GOLD / "check_texts"
ANNOTATIONS = GOLD / "locations.yaml"
LOCATION_GOLD = GOLD / "locations.jsonl"


def build() -> int:
    notes = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    events, texts = {}, {}
    for path in (GOLD / "check_news.jsonl", GOLD / "check_opeds.jsonl"):
        for record in load_records(path):
            text = normalise_text((TEXTS / record["file"]).read_text(encoding="utf-8-sig"))
            for e in record["events"]:
                if text[e["start"] : e["end"]] != e["quote"]:
                    raise SystemExit(f"{record['doc_id']}: offsets {e['start']}-{e['end']} do not match the quote")
            events[record["doc_id"]], texts[record["doc_id"]] = record["events"], text
    records = build_gold(notes, events, texts, load_gazetteer("kashmir"))
    with LOCATION_GOLD.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    n_events = sum(len(r["location"]["events"]) for r in records)
    n_places = sum(len(r["location"]["places"]) for r in records)
    print(f"{LOCATION_GOLD}: {len(records)} documents, {n_events} events, {n_places} place-name occurrences")
    return 0


def analyse(workdir: Path) -> Path:
    try:
        return analyze([TEXTS], [], workdir, "check_written")
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="rebuild gold/locations.jsonl")
    parser.add_argument("--records", type=Path, help="system records to score (default: analyse the texts)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    if args.build:
        return build()
    with tempfile.TemporaryDirectory() as tmp:
        records = args.records or analyse(Path(tmp))
        scores = score(load_records(LOCATION_GOLD), load_records(records))
    if args.json:
        print(json.dumps(scores["location"], indent=2))
    else:
        Console().print(location_table(scores["location"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
