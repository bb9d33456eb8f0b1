"""Cost of the event stage against the bare spaCy parse of the same documents.

    python benchmarks/events_speed.py [--limit N] [--shared ../shared]

Parses the 155 UN General Assembly speeches and the seed op-eds with spaCy (timed), runs the
actor stage (untimed), then times only the event stage and prints the ratio. Budget: 30%.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stage_cost import SHARED, measure, speeches_and_seeds

BUDGET = 0.30


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--limit", type=int, help="only the first N documents")
    args = parser.parse_args(argv)
    docs = speeches_and_seeds(args.shared, args.limit)
    if not docs:
        print(f"events_speed: no texts under {args.shared / 'corpus'}", file=sys.stderr)
        return 1
    cost = measure("events", docs)
    chars = sum(len(d.text) for d in cost.docs)
    n_events = sum(len(d.events) for d in cost.docs)
    print(f"{len(cost.docs)} documents, {chars:,} characters, {n_events:,} events")
    print(f"spaCy parse   {cost.parse_s:8.2f} s")
    print(f"event stage   {cost.stage_s:8.2f} s   (init {cost.init_s:.2f} s, once per process)")
    print(f"ratio         {cost.verdict(BUDGET)}")
    return 0 if cost.ratio <= BUDGET else 2


if __name__ == "__main__":
    sys.exit(main())
