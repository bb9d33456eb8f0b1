"""Status accuracy of the events a system found: is a found event asserted, negated or
hypothetical as in the gold?

    python scripts/dev_scores.py --keep out/
    python scripts/status_scores.py out/            # seeds, sample, un_speeches in out/
    python scripts/status_scores.py out/ --json

System events are matched one-to-one to required gold events on source, type and target,
ignoring the status (the scorer's acceptable values and scopes apply; a status match breaks
ties). For each gold status: how many gold events were matched so, and how many of those
carry the gold's status; the confusion lists what the system said instead.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from flashpoint.evaluate import in_scope, load_records
from flashpoint.evaluate.events import accepted, normalise, status
from flashpoint.evaluate.matching import match

REPO = Path(__file__).resolve().parents[1]
SETS = {"seeds": "seeds.jsonl", "sample": "sample.jsonl", "un_speeches": "un_speeches.jsonl"}
STATUSES = ("asserted", "negated", "hypothetical")


def same_act(g: dict[str, Any], s: dict[str, Any]) -> float | None:
    """Same source, type and target, whatever the status; a same status scores higher."""
    for key in ("source", "type", "target"):
        if normalise(s.get(key)) not in accepted(g.get(key)):
            return None
    return 1.0 if status(g) == status(s) else 0.0


def confusion(gold_path: Path, system_path: Path, show: bool = False) -> Counter:
    """Counts of (gold status, system status) over the act-matched required gold events."""
    system = {r["doc_id"]: r for r in load_records(system_path)}
    out: Counter = Counter()
    for gold in load_records(gold_path):
        if "events" not in gold:
            continue
        found = in_scope(gold, system.get(gold["doc_id"], {}).get("events", []))
        wanted = gold["events"]
        optional = [bool(g.get("optional")) for g in wanted]
        for i, j in match(wanted, found, same_act, optional):
            if optional[i]:
                continue
            said = (status(wanted[i]), status(found[j]))
            out[said] += 1
            if show and said[0] != said[1]:
                quote = " ".join((found[j].get("quote") or "").split())[:200]
                print(f"{gold['doc_id']}  gold {said[0]}, system {said[1]}: {_act(found[j])}\n    {quote}")
    return out


def _act(event: dict[str, Any]) -> str:
    return f"{event.get('source')} -{event.get('type')}-> {event.get('target')}"


def table(counts: Counter) -> dict[str, dict[str, Any]]:
    rows = {}
    for gold_status in STATUSES:
        said = {s: n for (g, s), n in counts.items() if g == gold_status}
        total = sum(said.values())
        rows[gold_status] = {"matched": total, "right": said.get(gold_status, 0), "said": said}
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("system_dir", type=Path, help="folder with <set>.jsonl system records")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="list the events with a wrong status")
    args = parser.parse_args()
    results = {}
    for name, file in SETS.items():
        system = args.system_dir / file
        if system.is_file():
            results[name] = table(confusion(REPO / "gold" / file, system, args.show))
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{'set':<12} {'gold status':<13} {'right/matched':>13}  system said")
    for name, rows in results.items():
        for gold_status, row in rows.items():
            said = ", ".join(f"{k} {v}" for k, v in sorted(row["said"].items()))
            print(f"{name:<12} {gold_status:<13} {row['right']:>6}/{row['matched']:<6}  {said}")


if __name__ == "__main__":
    main()
