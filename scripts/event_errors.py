"""List the event errors of a system file against a gold file, document by document.

    python scripts/dev_scores.py --only sample --keep out/
    python scripts/event_errors.py gold/sample.jsonl out/sample.jsonl [--doc ID] [--status negated]

For each document: the gold events left unmatched (misses) and the system events left
unmatched (false alarms), with their quotes, under the scorer's exact matching (same
source, type, target and status). A miss whose dyad was found with another type or status
is marked with what the system said instead.
"""

from __future__ import annotations

import argparse
from collections import Counter

from flashpoint.evaluate import in_scope, load_records
from flashpoint.evaluate.events import accepted, exact, same_dyad, status
from flashpoint.evaluate.matching import match


def _show(event: dict) -> str:
    source, target = event.get("source"), event.get("target")
    types = event.get("type")
    return f"{source} -{types}-> {target} [{status(event)}]"


def _quote(event: dict, text: str | None = None) -> str:
    quote = event.get("quote")
    if not quote and text and event.get("start") is not None:
        quote = text[event["start"] : event["end"]]
    return " ".join((quote or "").split())[:220]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold")
    parser.add_argument("system")
    parser.add_argument("--doc", help="only this doc_id")
    parser.add_argument("--status", help="only errors whose event has this status")
    args = parser.parse_args()

    system = {r["doc_id"]: r for r in load_records(args.system)}
    misses, alarms = Counter(), Counter()
    for gold in load_records(args.gold):
        if "events" not in gold or (args.doc and gold["doc_id"] != args.doc):
            continue
        found = in_scope(gold, system.get(gold["doc_id"], {}).get("events", []))
        wanted = gold["events"]
        optional = [bool(g.get("optional")) for g in wanted]
        pairs = match(wanted, found, exact, optional)
        hit_gold, hit_system = {i for i, _ in pairs}, {j for _, j in pairs}
        lines = []
        for i, g in enumerate(wanted):
            if i in hit_gold or optional[i] or (args.status and status(g) != args.status):
                continue
            near = [s for j, s in enumerate(found) if j not in hit_system and same_dyad(g, s)]
            instead = f"   (system: {', '.join(_show(s) for s in near)})" if near else ""
            lines.append(f"  MISS  {_show(g)}{instead}\n        {_quote(g)}")
            for t in accepted(g.get("type")):
                misses[t] += 1
        for j, s in enumerate(found):
            if j in hit_system or (args.status and status(s) != args.status):
                continue
            lines.append(f"  FALSE {_show(s)} conf={s.get('confidence')}\n        {_quote(s)}")
            alarms[s.get("type")] += 1
        if lines:
            print(f"== {gold['doc_id']}  {gold.get('title') or ''}")
            print("\n".join(lines))
    print(f"\nmisses by gold type: {dict(misses.most_common())}")
    print(f"false alarms by type: {dict(alarms.most_common())}")


if __name__ == "__main__":
    main()
