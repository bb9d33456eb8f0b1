"""Incident summaries (../shared/corpus/satp): events, actors on the ground and locations.

    python scripts/satp_scores.py                      # analyse the 25 summaries and score them
    python scripts/satp_scores.py --json
    python scripts/satp_scores.py --build NOTES.py     # rebuild gold/check_satp.jsonl
    python scripts/satp_scores.py --gold gold/check_satp_2.jsonl   # the second set (check)
    python scripts/satp_scores.py --gold gold/dev_satp_3.jsonl     # the third set (development)
    python scripts/satp_scores.py --gold gold/check_satp_4.jsonl   # the fourth set (check)
    python scripts/satp_scores.py --gold gold/dev_satp_5.jsonl     # the fifth set (development)
    python scripts/satp_scores.py --gold gold/check_satp_6.jsonl   # the sixth set (check)
    python scripts/satp_scores.py --gold gold/check_satp_other.jsonl   # outside the region (check)

gold/check_satp.jsonl annotates 25 summaries about Jammu and Kashmir, Balochistan and the Line
of Control (lines of satp_train.tsv) with events and their locations, written from the texts
before any system output on them was seen. The texts stay in ../shared: the gold keeps offsets
only. Besides the events and location tasks, it reports the share of gold events whose
overlapping system event has the right source and target, and with their sectors too.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import tempfile
from pathlib import Path

from dev_scores import analyze  # scripts/dev_scores.py: runs `flashpoint analyze` for a gold set
from rich.console import Console

from flashpoint.document import normalise_text
from flashpoint.evaluate import load_records, score
from flashpoint.evaluate.locations import answers
from flashpoint.evaluate.report import location_table, summary_table
from flashpoint.geo import load_gazetteer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SOURCE = SHARED / "corpus" / "satp" / "satp_train.tsv"
GOLD = REPO / "gold" / "check_satp.jsonl"


def texts() -> list[str]:
    return [normalise_text(line.split("\t")[0]) for line in SOURCE.read_text(encoding="utf-8").splitlines()]


def build(notes_path: Path, gold_path: Path = GOLD) -> int:
    notes = runpy.run_path(str(notes_path))["N"]
    lines, gaz = texts(), load_gazetteer("kashmir")
    with gold_path.open("w", encoding="utf-8") as fh:
        for line, items in notes.items():
            text = lines[line]
            events, located = [], []
            for anchor, src, src_sector, kind, dst, dst_sector, status, where, optional in items:
                start = text.find(anchor)
                if start < 0:
                    raise SystemExit(f"line {line}: anchor not found")
                end = start + len(anchor)
                event = {"source": src, "source_sector": src_sector, "type": kind, "target": dst,
                         "target_sector": dst_sector, "status": status, "start": start, "end": end}  # fmt: skip
                if optional:
                    event["optional"] = True
                events.append(event)
                located.append({"start": start, "end": end, "quote": None, "answers": answers(where, gaz),
                                **({"optional": True} if optional else {})})  # fmt: skip
            record = {"doc_id": f"satp-{line}", "file": "satp/satp_train.tsv", "line": line,
                      "events": events, "location": {"events": [e for e in located if not e.get("optional")],
                                                      "places": []}}  # fmt: skip
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{gold_path}: {len(notes)} summaries")
    return 0


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _options(value):
    return value if isinstance(value, list) else [value]


def roles(gold: list[dict], system: list[dict]) -> dict:
    """Gold events (required) whose most-overlapping system event has the right source and
    target, and also the right sectors."""
    by_doc = {r["doc_id"]: r for r in system}
    n = right = with_sector = 0
    for g in gold:
        events = by_doc.get(g["doc_id"], {}).get("events") or []
        for e in g["events"]:
            if e.get("optional"):
                continue
            n += 1
            best = max(events, key=lambda s, e=e: _overlap(e, s), default=None)
            if best is None or _overlap(e, best) == 0:
                continue
            ok = best["source"] in _options(e["source"]) and best["target"] in _options(e["target"])
            right += ok
            sectors = all(
                e[key] is None or best.get("source" if key == "source_sector" else "target") is None
                or best.get(key) in _options(e[key])
                for key in ("source_sector", "target_sector")
            )  # an actor right as no actor needs no sector
            with_sector += ok and sectors
    return {"events": n, "source_target_right": round(right / n, 4) if n else 0.0,
            "with_sectors": round(with_sector / n, 4) if n else 0.0}  # fmt: skip


def analyse(workdir: Path, ids: list[int]) -> Path:
    lines = texts()
    inputs = workdir / "satp.jsonl"
    with inputs.open("w", encoding="utf-8") as fh:
        for i in ids:
            fh.write(json.dumps({"id": f"satp-{i}", "text": lines[i]}) + "\n")
    try:
        return analyze([inputs], [], workdir, "satp_records")
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, metavar="NOTES", help="rebuild the gold from annotations")
    parser.add_argument("--gold", type=Path, default=GOLD, help=f"gold file (default {GOLD.relative_to(REPO)})")
    parser.add_argument("--records", type=Path, help="system records to score (default: analyse)")
    parser.add_argument("--keep", type=Path, help="keep the system records in this folder")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.build:
        return build(args.build, args.gold)
    if not SOURCE.is_file():
        print(f"satp_scores: {SOURCE} is absent", file=sys.stderr)
        return 1
    gold = load_records(args.gold)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        records = args.records or analyse(workdir, [r["line"] for r in gold])
        system = load_records(records)
        scores = score(gold, system)
    scores["roles"] = roles(gold, system)
    if args.json:
        print(json.dumps({k: scores[k] for k in ("events", "location", "roles")}, indent=2))
        return 0
    console = Console()
    console.print(summary_table({"events": scores["events"]}, "incident summaries: events"))
    console.print(location_table(scores["location"]))
    r = scores["roles"]
    console.print(f"source and target right: {r['source_target_right']:.3f}, with sectors "
                  f"{r['with_sectors']:.3f} (of {r['events']} gold events)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
